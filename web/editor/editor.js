// The model's TOML editor: CodeMirror 6 with line numbers, TOML colouring, undo history and the
// lines a diagnostic names marked. server/CMakeLists.txt bundles this file with its libraries
// (esbuild, from web/node_modules) into one script that defines `AttestplanEditor`; the UI's
// sources use it through `AttestplanEditor.mount`. Nothing here is fetched at run time.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, Decoration, GutterMarker, gutter, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { tags } from '@lezer/highlight';

/// The lines a diagnostic names, by severity: set with `setMarks`, drawn as a line background and
/// a gutter marker whose title is the message.
const setMarks = StateEffect.define();

class Marker extends GutterMarker {
  constructor(severity, message) { super(); this.severity = severity; this.message = message; }
  eq(other) { return other.severity === this.severity && other.message === this.message; }
  toDOM() {
    const span = document.createElement('span');
    span.className = `cm-mark-${this.severity}`;
    span.textContent = this.severity === 'error' ? '●' : '▲';
    span.title = this.message;
    return span;
  }
}

const marks = StateField.define({
  create: () => [],
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) return e.value;
    return tr.docChanged ? [] : value;  // a changed text has its diagnostics anew
  },
});

/// Line decorations and gutter markers of the marked lines (the worse severity wins on a line).
function byLine(state) {
  const lines = new Map();
  for (const m of state.field(marks)) {
    if (m.line < 1 || m.line > state.doc.lines) continue;
    const had = lines.get(m.line);
    if (!had || (had.severity !== 'error' && m.severity === 'error')) lines.set(m.line, m);
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]);
}

const markedLines = EditorView.decorations.compute([marks], (state) => {
  const b = new RangeSetBuilder();
  for (const [line, m] of byLine(state)) {
    const at = state.doc.line(line).from;
    b.add(at, at, Decoration.line({ class: `cm-line-${m.severity}` }));
  }
  return b.finish();
});

const markGutter = gutter({
  class: 'cm-marks',
  markers(view) {
    const b = new RangeSetBuilder();
    for (const [line, m] of byLine(view.state)) {
      const at = view.state.doc.line(line).from;
      b.add(at, at, new Marker(m.severity, m.message));
    }
    return b.finish();
  },
  initialSpacer: () => new Marker('error', ''),
});

// The editor's look. CodeMirror writes its styles as style sheets; in a shadow root they are
// constructed sheets, which the page's Content-Security-Policy (style-src 'self') allows, where a
// <style> element in the document would need 'unsafe-inline'.
const look = EditorView.theme({
  '&': { height: '100%', fontSize: '12px', backgroundColor: '#fff', color: '#111827' },
  '&.cm-focused': { outline: '2px solid #1e3a8a', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', lineHeight: '1.45' },
  '.cm-gutters': { backgroundColor: '#f9fafb', color: '#4b5563', borderRight: '1px solid #e5e7eb' },
  '.cm-activeLine': { backgroundColor: '#f3f4f6' },
  '.cm-activeLineGutter': { backgroundColor: '#e5e7eb' },
  '.cm-line-error': { backgroundColor: '#fee2e2' },
  '.cm-line-warning': { backgroundColor: '#fef3c7' },
  '.cm-mark-error': { color: '#b91c1c' },
  '.cm-mark-warning': { color: '#92400e' },
  '.cm-marks .cm-gutterElement': { padding: '0 3px', cursor: 'default' },
});

// Colours with at least 4.5:1 contrast on white (the app's own palette).
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: '#4b5563', fontStyle: 'italic' },
  { tag: tags.string, color: '#065f46' },
  { tag: [tags.number, tags.bool, tags.atom], color: '#9a3412' },
  { tag: [tags.heading, tags.typeName, tags.labelName], color: '#1e3a8a', fontWeight: 'bold' },
  { tag: [tags.propertyName, tags.variableName], color: '#6b21a8' },
]);

/// Mounts the editor in `parent` (replacing nothing); `onInput` runs after each edit the user makes.
/// Returns the element the UI addresses as #editor: `value` reads and writes the text (a write does
/// not call onInput, as a textarea's does not fire "input"), and `mark`, `select` and `focus`.
function mount(parent, { id, label, onInput }) {
  const host = document.createElement('div');
  host.id = id;
  host.className = 'code-editor';
  parent.append(host);
  const root = host.attachShadow({ mode: 'open' });
  let silent = false;
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: '',
      extensions: [
        look, lineNumbers(), markGutter, highlightActiveLineGutter(), history(), drawSelection(), highlightActiveLine(),
        bracketMatching(), StreamLanguage.define(toml), syntaxHighlighting(highlight), marks, markedLines,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off', tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !silent) host.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      ],
    }),
  });
  Object.defineProperty(host, 'value', {
    get: () => view.state.doc.toString(),
    set: (text) => {
      // A write replaces only what differs (a form's edit touches a line or two: the rest keeps its
      // parse and its place), keeps the cursor where it was, and can be undone like an edit.
      const old = view.state.doc.toString();
      if (old === text) return;
      let from = 0;
      const shorter = Math.min(old.length, text.length);
      while (from < shorter && old.charCodeAt(from) === text.charCodeAt(from)) from += 1;
      let tail = 0;
      while (tail < shorter - from && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail += 1;
      silent = true;
      try {
        view.dispatch({ changes: { from, to: old.length - tail, insert: text.slice(from, text.length - tail) } });
      } finally { silent = false; }
    },
  });
  host.view = view;
  /// Marks the lines of `diagnostics` ([{line, severity, message}]).
  host.mark = (diagnostics) => view.dispatch({ effects: setMarks.of(diagnostics) });
  /// Selects line `n` (1-based), scrolls it into view and focuses the editor.
  host.select = (n) => {
    const line = view.state.doc.line(Math.max(1, Math.min(n, view.state.doc.lines)));
    view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
    view.focus();
  };
  host.focus = () => view.focus();
  return host;
}

globalThis.AttestplanEditor = { mount };

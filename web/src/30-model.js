// ── Models: examples (read-only) and the workspace; unsaved work is never lost silently ────────
const state = {
  source: null,        // {kind: 'example' | 'saved', name}
  etag: null,
  saved: '',           // the text as last loaded or saved: the editor differs => unsaved
  estimate: null, boundary: null, compare: null,
  timer: null, controller: null, seq: 0,
};

const editorText = () => $('editor').value;
const modelName = () => (state.source ? state.source.name : 'model');
const isDirty = () => state.source !== null && editorText() !== state.saved;
const draftKey = () => `attestplan:draft:${state.source.kind}:${state.source.name}`;

/// Puts new text in the editor (from a form), keeping the user's place (the editor keeps its cursor
/// and scroll, and the change can be undone with Ctrl+Z there), then recomputes.
function setText(text) {
  $('editor').value = text;
  edited();
}

function edited() {
  withdrawUndo();
  markDirty();
  formFromText();
  recompute(false);
}

/// An Apply's Undo stays only while the text is what the Apply made.
function withdrawUndo() {
  if (state.appliedText !== undefined && editorText() !== state.appliedText && $('undo-apply')) hideBanner();
  if ($('undo-apply') === null || editorText() !== state.appliedText) state.appliedText = undefined;
}

function markDirty() {
  const dirty = isDirty();
  $('dirty').classList.toggle('hidden', !dirty);
  document.title = `${dirty ? '• ' : ''}${modelName()} — attestplan`;
  if (!state.source) return;
  // A draft survives a reload or a closed tab; it goes when the model is saved or reverted.
  try {
    if (dirty) localStorage.setItem(draftKey(), editorText()); else localStorage.removeItem(draftKey());
  } catch { /* storage full or disabled: the prompt before leaving still guards */ }
}

/// The examples and the workspace's models, as [examples, saved].
/// The plugins' data files (GET /api/plugins), asked once, beside the first figures rather than
/// before them: the rate card is the one that prices and that the workspace tells apart (its
/// marker); requests name it by its key, as the CLI's --KEY. Until it is known no rate card is
/// offered; the Firm view's lists are drawn again when it is.
let DATA_FILES = [];
let lastSaved = null;  // the workspace's files as last listed
const rateCardKey = () => (DATA_FILES.find((d) => d.money && d.marker) || {}).key || '';
fetch('/api/plugins').then((r) => (r.ok ? r.json() : {}))
  .then((j) => {
    DATA_FILES = j.data_files || [];
    if (lastSaved) listFirmFiles(lastSaved);
  }).catch(() => {});

const fetchLists = () => Promise.all([
  fetch('/api/examples').then((r) => readJson(r, 'list the examples')),
  fetch('/api/models').then((r) => readJson(r, 'list the workspace'))]);

/// `lists`: the listing when it was asked for already (the first load asks before the page is set up).
async function refreshPicker(select, lists = fetchLists()) {
  const [examples, saved] = await lists;
  const picker = $('model-picker');
  const g1 = el('optgroup', { label: 'Examples (read-only)' });
  for (const e of examples) g1.append(el('option', { value: `example:${e.name}` }, e.name));
  // The workspace holds models and the firm's files (rate cards, firm files, profiles): each list
  // offers its own kind.
  const g2 = el('optgroup', { label: 'Workspace' });
  for (const m of saved.filter((f) => f.kind === 'model')) g2.append(el('option', { value: `saved:${m.name}` }, m.name));
  picker.replaceChildren(g1, g2);
  // The firm files a proposal may come from.
  const firm = $('dl-firm');
  const chosen = firm.value;
  firm.replaceChildren(el('option', { value: '' }, 'no firm file (a draft letter)'),
    ...saved.filter((f) => f.kind === 'firm').map((m) => el('option', { value: m.name }, m.name)));
  if ([...firm.options].some((o) => o.value === chosen)) firm.value = chosen;
  lastSaved = saved;
  listFirmFiles(saved);
  if (select && [...picker.options].some((o) => o.value === select)) picker.value = select;
}

/// The request for a model's text (an example's or a saved one's).
const fetchModel = (value) => {
  const [kind, name] = value.split(':');
  return fetch(kind === 'example' ? `/api/examples/${encodeURIComponent(name)}` : `/api/models/${encodeURIComponent(name)}`);
};

/// Opens a model; `early` is its request when it was sent ahead (the first load sends it beside the
/// listing of the models, rather than after it).
async function loadModel(value, { keepDraft = true, early = null } = {}) {
  const [kind, name] = value.split(':');
  let res;
  try {
    res = await (early || fetchModel(value));
  } catch (e) { banner(userMessage(e, 'model')); return; }
  if (!res.ok) { banner(`The model "${name}" could not be opened (${res.status === 404 ? 'it does not exist' : 'error ' + res.status}).`); return; }
  state.source = { kind, name };
  state.etag = res.headers.get('ETag');
  state.saved = await res.text();
  $('model-picker').value = value;
  let text = state.saved, restored = false;
  if (keepDraft) {
    try {
      const draft = localStorage.getItem(draftKey());
      if (draft !== null && draft !== state.saved) { text = draft; restored = true; }
    } catch { /* no storage */ }
  }
  // The request first: the editor (whose first fill lays out its lines) and the form are filled
  // while the server computes.
  recompute(true, text);
  $('editor').value = text;
  $('save').disabled = kind === 'example';
  $('save').title = kind === 'example' ? 'Examples are read-only: use Save as' : 'Save this model (Ctrl+S)';
  const url = new URL(location.href);
  url.searchParams.set('model', value);
  history.replaceState(null, '', url);
  if (restored) {
    banner(`Your unsaved edits to ${name} were restored.`, 'info', [
      el('button', { type: 'button', id: 'discard-draft' }, 'Discard them')]);
    $('discard-draft').addEventListener('click', () => { setText(state.saved); hideBanner(); });
  } else hideBanner();
  markDirty();
  formFromText();
}

async function save(overwriteEtag) {
  if (!state.source) return;
  if (state.source.kind !== 'saved') {
    banner(state.source.kind === 'new' ? 'A new model: give it a name and use Save as.'
      : 'Examples are read-only: give this model a name and use Save as.', 'warn');
    $('save-as-name').focus();
    return;
  }
  const text = editorText();
  let res;
  try {
    res = await fetch(`/api/models/${encodeURIComponent(state.source.name)}`, {
      method: 'PUT', body: text,
      headers: { 'Content-Type': 'application/toml', 'If-Match': overwriteEtag || state.etag || '*' } });
  } catch (e) { banner(`Not saved: the attestplan server is not answering. Your edits are kept in this browser.`); return; }
  if (res.status === 409) {
    const body = await res.json().catch(() => ({}));
    banner(`Conflict: "${state.source.name}" was changed elsewhere since you loaded it. Your edits are not saved.`, 'warn', [
      el('button', { type: 'button', id: 'conflict-reload' }, 'Load their version'),
      el('button', { type: 'button', id: 'conflict-overwrite' }, 'Overwrite with mine')]);
    $('conflict-reload').addEventListener('click', () => loadModel(`saved:${state.source.name}`, { keepDraft: false }));
    $('conflict-overwrite').addEventListener('click', () => save(body.etag));
    return;
  }
  if (!res.ok) { banner(`Not saved: the server refused it (${res.status}). Your edits are kept in this browser.`); return; }
  state.etag = res.headers.get('ETag');
  state.saved = text;
  markDirty();
  banner(`Saved ${state.source.name}`, 'ok');
}

async function saveAs() {
  const name = $('save-as-name').value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    banner('Model names are 1–64 letters, digits, - and _, starting with a letter or digit.');
    $('save-as-name').focus();
    return;
  }
  const text = editorText();
  let res;
  try {
    res = await fetch(`/api/models/${encodeURIComponent(name)}`, {
      method: 'PUT', body: text, headers: { 'Content-Type': 'application/toml', 'If-None-Match': '*' } });
  } catch (e) { banner('Not saved: the attestplan server is not answering.'); return; }
  if (res.status === 428 || res.status === 409 || res.status === 412) { banner(`A model named "${name}" exists already: choose another name.`); return; }
  if (!res.ok) { banner(`Not saved: the server refused it (${res.status}).`); return; }
  try { localStorage.removeItem(draftKey()); } catch { /* no storage */ }
  state.source = { kind: 'saved', name };
  state.etag = res.headers.get('ETag');
  state.saved = text;
  $('save').disabled = false;
  $('save').title = 'Save this model (Ctrl+S)';
  await refreshPicker(`saved:${name}`);
  const url = new URL(location.href);
  url.searchParams.set('model', `saved:${name}`);
  history.replaceState(null, '', url);
  markDirty();
  banner(`Saved as ${name}`, 'ok');
}

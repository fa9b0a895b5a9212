// ── Recompute: estimate, boundary and comparison; the newest request wins ─────────────────────
// Every state is visible: `data-state` on the layout is loading (skeletons), busy (recomputing:
// the figures shown are the previous ones), invalid (the model has errors: every panel says so),
// error (the server failed: said in words) or ready. Each panel carries a status line.
const PANELS = ['boundary', 'scope', 'effort', 'cost', 'timeline', 'compare', 'evidence', 'proposal'];
// This tab's editor session: the server abandons the work of a request of it once a newer one
// arrives (the browser's abort alone closes the connection but not the work behind it).
const SESSION = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
const body = (panel) => $(`panel-${panel}`).querySelector('.panel-body');

function setupPanels() {
  for (const p of PANELS) {
    const panel = $(`panel-${p}`);
    panel.replaceChildren(el('p', { class: 'panel-status', role: 'status' }),
      el('div', { class: 'panel-body' }, el('div', { class: 'skeleton-block', 'aria-hidden': 'true' },
        el('div', { class: 'skeleton-line' }), el('div', { class: 'skeleton-line' }), el('div', { class: 'skeleton-line short' }))));
  }
  $('summary').replaceChildren(...['Auditor hours', 'Fee', 'Report in hand', 'Renewal'].map((l) =>
    el('div', { class: 'metric skeleton', 'aria-hidden': 'true' }, el('div', { class: 'label' }, l), el('div', { class: 'skeleton-line' }))));
}

function setState(kind, message = '') {
  const layout = $('layout');
  const had = state.estimate !== null;
  layout.dataset.state = kind;
  layout.setAttribute('aria-busy', kind === 'loading' || kind === 'busy' ? 'true' : 'false');
  const texts = {
    loading: 'Loading the model…',
    busy: had ? 'Recomputing… the figures below are from before your last change.' : 'Computing…',
    invalid: message,
    error: message,
    ready: '',
  };
  for (const p of PANELS) {
    const s = $(`panel-${p}`).querySelector('.panel-status');
    s.textContent = texts[kind];
    s.className = `panel-status ${kind}`;
  }
}

// Keystrokes closer together than this make one request: long enough to let a word be typed, short
// enough to feel immediate (the server answers an estimate in tens of milliseconds).
const DEBOUNCE_MS = 100;

/// `text`: what to compute when the editor does not hold it yet (a model being opened: the request
/// leaves before the editor and the form are filled, which run while the server computes).
function recompute(now, text) {
  clearTimeout(state.timer);
  // The figures are out of date from the moment the text changes, not when the request leaves.
  setState(state.estimate ? 'busy' : 'loading');
  $('layout').dataset.debounceMs = String(DEBOUNCE_MS);
  // Now: the request leaves at once (what the caller does next, such as building the form, runs
  // while the server computes).
  if (now) run(text);
  else state.timer = setTimeout(run, DEBOUNCE_MS);
}

/// What prices every view, the documents and the portfolio: the rate card and the profile chosen in
/// the Firm view, the firm file chosen in the Proposal view (its own card and profile where the
/// Firm view names none, and its country), as the CLI's rate card flag, --profile and --firm.
function pricingQuery() {
  const q = [];
  for (const [param, id] of [[rateCardKey(), 'firm-rates'], ['profile', 'firm-profile'], ['firm', 'dl-firm']]) {
    const chosen = $(id) && $(id).value;
    if (param && chosen) q.push(`${param}=${encodeURIComponent(chosen)}`);
  }
  return q.join('&');
}

/// What the figures are priced with, in words, for the Cost view.
function pricedWith(e) {
  const chosen = (id) => ($(id) && $(id).value) || '';
  const parts = [];
  if (chosen('firm-rates')) parts.push(`the rate card ${chosen('firm-rates')}`);
  else if (chosen('dl-firm') && !e.illustrative_rates) parts.push(`the rate card of the firm file ${chosen('dl-firm')}`);
  else parts.push('attestplan\'s illustrative rate card');
  if (chosen('firm-profile')) parts.push(`the profile ${chosen('firm-profile')}`);
  if (chosen('dl-firm')) parts.push(`for the firm file ${chosen('dl-firm')} (its country\'s VAT)`);
  return `Priced with ${parts.join(', ')}: choose the rate card and profile in the Firm view, the firm file in the Proposal view.`;
}

async function run(text = editorText()) {
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const seq = ++state.seq;
  const post = (path) => fetch(`${path}${path.includes('?') ? '&' : '?'}name=${encodeURIComponent(modelName())}`,
    { method: 'POST', body: text, headers: { 'Content-Type': 'application/toml' }, signal: controller.signal });
  setState(state.estimate ? 'busy' : 'loading');
  try {
    // One request per keystroke: the estimate, its boundary and the comparison, from one boundary.
    const pricing = pricingQuery();
    const est = await post(`/api/analysis?session=${SESSION}${pricing ? `&${pricing}` : ''}`);
    if (seq !== state.seq) return;
    if (est.status === 422) {
      const data = await readJson(est, 'check the model');
      if (seq !== state.seq) return;
      const diags = data.diagnostics || [];
      const errors = diags.filter((d) => d.severity === 'error').length || 1;
      showDiagnostics(diags, null);
      setState('invalid', `The model has ${plural(errors, 'error')}: fix ${errors === 1 ? 'it' : 'them'} in the TOML (listed under the editor; a click jumps to the line). ` +
        (state.estimate ? 'The figures below are from the last valid version and are out of date.' : 'There are no figures until it is valid.'));
      return;
    }
    if (!est.ok) {
      let detail = '';
      try { detail = (await est.clone().json()).error || ''; } catch { /* not JSON */ }
      throw new UserError(`The server could not compute the estimate (error ${est.status}${detail ? ': ' + detail : ''}). ` +
        'The figures shown are from the last successful computation.');
    }
    const { estimate: e, boundary: b, compare: c } = await readJson(est, 'compute the estimate');
    if (seq !== state.seq) return;
    state.estimate = e;
    showDiagnostics(e.diagnostics || [], null);
    renderAll(e);
    if (b) { state.boundary = b; renderBoundary(b, text); }
    if (c) { state.compare = c; renderCompare(c); }
    setState('ready');
    refreshEvidence();
  } catch (e) {
    if (e.name === 'AbortError' || seq !== state.seq) return;
    const message = userMessage(e, 'estimate');
    showDiagnostics([], message);
    setState('error', message);
  }
}

function showDiagnostics(diags, error) {
  const list = $('diagnostics');
  list.replaceChildren();
  if (error) { list.append(el('li', { class: 'error' }, error)); $('editor').mark([]); return; }
  const shown = diags.filter((d) => d.severity === 'error' || d.severity === 'warning');
  // The lines they name are marked in the editor, the message on the marker.
  $('editor').mark(shown.filter((d) => d.line).map((d) => ({ line: d.line, severity: d.severity, message: d.message })));
  if (!shown.some((d) => d.severity === 'error')) list.append(el('li', { class: 'ok' }, 'Model is valid.'));
  for (const d of shown) {
    const where = d.line ? `line ${d.line}${d.column ? `, column ${d.column}` : ''}` : 'model';
    const li = el('li', { class: d.severity }, el('button', { type: 'button', class: 'linkish' },
      `${d.severity === 'error' ? 'Error' : 'Warning'} (${where}): ${d.message}${d.hint ? ' — ' + d.hint : ''}`));
    li.firstChild.addEventListener('click', () => jumpTo(d.line || 1));
    list.append(li);
  }
}

function jumpTo(line) {
  $('editor').select(line);
}

// ── Downloads, each named after the model ────────────────────────────────────────────────────
const DOWNLOADS = {
  'dl-pdf': ['/api/proposal?format=pdf', 'proposal.pdf'],
  'dl-proposal': ['/api/proposal', 'proposal.html'],
  'dl-proposal-md': ['/api/proposal?format=markdown', 'proposal.md'],
  'dl-ics': ['/api/plan?format=ics', 'plan.ics'],
  'dl-evidence': ['/api/evidence', 'evidence.csv'],
  'dl-evidence-xlsx': ['/api/evidence?format=xlsx', 'evidence.xlsx'],
  'dl-json': ['/api/estimate', 'estimate.json'],
  'dl-svg': ['/api/boundary?format=svg', 'boundary.svg'],
  'dl-oscal-ssp': ['/api/oscal?format=oscal-ssp', 'oscal-ssp.json'],
  'dl-oscal-ap': ['/api/oscal?format=oscal-ap', 'oscal-ap.json'],
  'dl-oscal-components': ['/api/oscal?format=oscal-components', 'oscal-components.json'],
};

async function fetchDocument(path) {
  // Priced as the live figures are; a proposal at the percentile typed in its view too.
  const extra = path.startsWith('/api/proposal') ? proposalQuery() : pricingQuery();
  const firm = extra ? `&${extra}` : '';
  const res = await fetch(`${path}${path.includes('?') ? '&' : '?'}name=${encodeURIComponent(modelName())}${firm}`,
    { method: 'POST', body: editorText(), headers: { 'Content-Type': 'application/toml' } });
  if (res.status === 422) throw new UserError('The model has errors: fix them first (they are listed under the editor).');
  if (!res.ok) {
    let detail = '';
    try { detail = (await res.clone().json()).error || ''; } catch { /* not JSON */ }
    throw new UserError(`The server could not produce it (error ${res.status}${detail ? ': ' + detail : ''}).`);
  }
  return res.blob();
}

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/// Which pane a narrow screen shows: 'results' or 'model' (a wide one shows both side by side).
function showPane(pane) {
  document.body.dataset.pane = pane;
  $('pane-results').setAttribute('aria-pressed', String(pane === 'results'));
  $('pane-model').setAttribute('aria-pressed', String(pane === 'model'));
  window.scrollTo(0, 0);
}

async function download(id) {
  const [path, suffix] = DOWNLOADS[id];
  const filename = `${modelName()}-${suffix}`;
  if (id === 'dl-pdf') return printPdf(path, filename);
  try { saveBlob(await fetchDocument(path), filename); } catch (e) { banner(`Could not download ${filename}: ${userMessage(e, 'document')}`); }
}

/// The proposal printed by the server (seconds: a browser of its own prints it), its progress
/// under the proposal's tools; one at a time from this page.
async function printPdf(path, filename) {
  const button = $('dl-pdf'), status = $('p-status');
  button.disabled = true;
  try {
    saveBlob(await watchedRun(status, `Printing ${filename}`, (token) => fetchDocument(`${path}&progress=${token}`)), filename);
    status.textContent = `${filename} printed and downloaded.`;
  } catch (e) {
    status.textContent = `Could not print ${filename}: ${userMessage(e, 'document')}`;
  } finally {
    button.disabled = false;
  }
}


// ── Tabs (WAI-ARIA tabs: arrow keys, Home, End) ────────────────────────────────────────────────
function selectTab(name, focus = false) {
  for (const t of document.querySelectorAll('.tab')) {
    const on = t.dataset.tab === name;
    t.classList.toggle('active', on);
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
  }
  for (const p of document.querySelectorAll('.panel')) p.classList.toggle('active', p.id === `panel-${name}`);
  const url = new URL(location.href);
  url.searchParams.set('view', name);
  history.replaceState(null, '', url);
  if (name === 'boundary') showGraph();
  if (name === 'evidence') refreshEvidence();
}

function tabKeys(e) {
  const tabs = [...document.querySelectorAll('.tab')];
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  selectTab(tabs[(next + tabs.length) % tabs.length].dataset.tab, true);
}

// ── Wiring ────────────────────────────────────────────────────────────────────────────────────
window.addEventListener('DOMContentLoaded', async () => {
  // The model's text and the listing of the models are asked for first, while the page is set up:
  // the first figures wait for them.
  const params = new URLSearchParams(location.search);
  const wanted = params.get('model');
  const first = /^(example|saved):[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(wanted || '') ? wanted : 'example:hr-saas';
  const early = fetchModel(first);
  early.catch(() => {});  // told when it is used
  const lists = fetchLists();
  lists.catch(() => {});
  // The TOML editor (CodeMirror, bundled into this script) is the element #editor: its `value` is the text.
  AttestplanEditor.mount($('editor-slot'), { id: 'editor', label: 'Model (TOML)' });
  setupPanels();
  setupDocuments();
  setupFirm();
  setupStart();
  // Narrow screens: the results or the model, one at a time (the switch shows there only).
  for (const [id, pane] of [['pane-results', 'results'], ['pane-model', 'model']]) {
    $(id).addEventListener('click', () => showPane(pane));
  }
  // The summary bar shows while the summary is out of view (it is styled to appear on narrow screens only).
  new IntersectionObserver(([entry]) => document.body.classList.toggle('summary-away', !entry.isIntersecting))
    .observe($('summary'));
  setupBoundary();
  watchResultsWidth();
  setState('loading');
  $('model-picker').addEventListener('change', (e) => {
    if (isDirty() && !window.confirm(`${modelName()} has unsaved changes. Open another model anyway? (Your edits stay as a draft in this browser.)`)) {
      e.target.value = `${state.source.kind}:${state.source.name}`;
      return;
    }
    loadModel(e.target.value);
  });
  $('editor').addEventListener('input', () => { withdrawUndo(); markDirty(); formFromText(); recompute(false); });
  $('decisions').addEventListener('change', textFromForm);
  $('decisions').addEventListener('submit', (e) => e.preventDefault());
  $('save').addEventListener('click', () => save());
  $('save-as').addEventListener('click', saveAs);
  $('save-as-name').addEventListener('keydown', (e) => { if (e.key === 'Enter') saveAs(); });
  for (const id of Object.keys(DOWNLOADS)) $(id).addEventListener('click', () => download(id));
  document.querySelector('.downloads .menu').addEventListener('click', () => { document.querySelector('.downloads').open = false; });
  $('dl-toml').addEventListener('click', () => saveBlob(new Blob([editorText()], { type: 'application/toml' }), `${modelName()}.toml`));
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); save(); }
  });
  window.addEventListener('beforeunload', (e) => { if (isDirty()) { e.preventDefault(); e.returnValue = ''; } });
  $('system').addEventListener('click', (e) => {
    const t = e.target.closest('button');
    if (!t) return;
    if (t.dataset.add) openEntity(t.dataset.add);
    if (t.dataset.edit) openEntity(t.dataset.edit, t.dataset.id);
    if (t.dataset.remove) removeEntity(t.dataset.remove, t.dataset.id);
  });
  $('entity-form').addEventListener('submit', applyEntity);
  $('entity-cancel').addEventListener('click', () => $('entity-dialog').close());
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  document.querySelector('.tabs').addEventListener('keydown', tabKeys);
  loadReports();
  fetch('/api/vendors').then((r) => (r.ok ? r.json() : [])).then((v) => { VENDOR_LIBRARY = Array.isArray(v) ? v : []; })
    .catch(() => { VENDOR_LIBRARY = []; });
  const views = [...document.querySelectorAll('.tab')].map((t) => t.dataset.tab);
  selectTab(views.includes(params.get('view')) ? params.get('view') : 'boundary');
  try {
    await refreshPicker(wanted, lists);
  } catch (e) { setState('error', userMessage(e, 'list of models')); showDiagnostics([], userMessage(e, 'list of models')); return; }
  const named = wanted && $('model-picker').value === wanted;
  await loadModel(named ? wanted : 'example:hr-saas', { early: named || first === 'example:hr-saas' ? early : null });
  if (!named && !$('discard-draft')) {
    welcome();
    if (!wanted) startPage(lists);
  }
});

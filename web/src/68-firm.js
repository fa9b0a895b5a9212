// ── Firm: the workspace's engagements priced together, and the staff they need week by week ───
// The server prices them (POST /api/portfolio, the code of attestplan portfolio) with a rate card
// and a profile saved in the workspace; the heat map is the server's own SVG, shown as an image.
// Nothing here depends on the model in the editor.

const firmView = { seq: 0, heatmap: null };

function setupFirm() {
  const rates = el('select', { id: 'firm-rates' }, el('option', { value: '' }, 'the illustrative rate card'));
  const profile = el('select', { id: 'firm-profile' }, el('option', { value: '' }, 'no profile (judgement parameters)'));
  $('panel-firm').replaceChildren(
    el('div', { class: 'doc-tools firm-tools' },
      el('fieldset', { id: 'firm-models', class: 'firm-models' }, el('legend', {}, 'Engagements in the workspace')),
      el('label', {}, 'Rate card ', rates),
      el('label', {}, 'Profile ', profile),
      el('button', { id: 'firm-price', type: 'button', class: 'primary' }, 'Price the portfolio')),
    el('p', { id: 'firm-status', class: 'firm-status', role: 'status' }),
    el('div', { class: 'panel-body' },
      el('p', { class: 'muted' }, 'Choose the engagements saved in the workspace and price them together: each one\'s fee and ' +
        'hours, when its report is in hand and its chance of missing a renewal, and your staff\'s hours by week and level. ' +
        'A profile from attestplan calibrate, saved in the workspace, states the capacity that flags the weeks over it. ' +
        'The rate card and the profile chosen here also price the model in the editor: every view and document.')));
  $('firm-price').addEventListener('click', pricePortfolio);
  // The card and the profile price the model in the editor too (every view and document).
  for (const select of [rates, profile]) select.addEventListener('change', () => { if (editorText().trim()) recompute(true); });
  // Calibrate: the firm's history (a CSV whose rows name models saved here, or summarise past work)
  // fitted to the effort parameters; the profile saved in the workspace for the portfolio above and
  // for any model's estimate (--profile).
  const file = el('input', { id: 'cal-history', type: 'file', accept: '.csv,text/csv' });
  const save = el('input', { id: 'cal-save', type: 'text', placeholder: 'our-profile', pattern: '[A-Za-z0-9][A-Za-z0-9_-]{0,63}',
    'aria-describedby': 'cal-status' });
  $('panel-firm').append(
    el('h3', {}, 'Calibrate from your history'),
    el('p', { class: 'muted' }, 'A CSV of your past engagements with the hours actually spent in each stage (the columns are in ' +
      'docs/calibration.md): each row a model saved in the workspace, by file name, or summary columns. The fit replaces ' +
      'attestplan\'s judgement parameters with your firm\'s where the history can tell them apart.'),
    el('div', { class: 'doc-tools' },
      el('label', {}, 'History ', file),
      el('label', {}, 'Save the profile as ', save),
      el('button', { id: 'cal-run', type: 'button' }, 'Calibrate')),
    el('p', { id: 'cal-status', class: 'firm-status', role: 'status' }),
    el('div', { id: 'cal-result' }));
  $('cal-run').addEventListener('click', calibrateHistory);
  setupFirmFiles();
}

// ── The firm's own files: rate cards and firm files, from the server's templates, edited as TOML,
// saved in the workspace and checked by pricing the model open in the editor with them ──────────
const firmFile = { kind: null, etag: null, saved: null };

function setupFirmFiles() {
  const pick = el('select', { id: 'ff-open' }, el('option', { value: '' }, 'a file saved in the workspace…'));
  const name = el('input', { id: 'ff-name', type: 'text', placeholder: 'our-rates', pattern: '[A-Za-z0-9][A-Za-z0-9_-]{0,63}',
    'aria-describedby': 'ff-status' });
  $('panel-firm').append(
    el('h3', {}, 'Your rate card and firm files'),
    el('p', { class: 'muted' }, 'Start from a template, edit it, save it in the workspace, and check it by pricing the model ' +
      'open in the editor with it: a rate card as --rates does, a firm file by writing its proposal. A firm file names its ' +
      'rate card with rates = "NAME.toml" (saved here), and the Proposal view sends the letter from it.'),
    el('div', { class: 'doc-tools' },
      el('button', { id: 'ff-new-rates', type: 'button' }, 'New rate card'),
      el('button', { id: 'ff-new-auditor', type: 'button' }, 'New firm file (auditor)'),
      el('button', { id: 'ff-new-consultant', type: 'button' }, 'New firm file (consultant)'),
      el('label', {}, 'Open ', pick)),
    el('div', { id: 'ff-editor-slot', class: 'ff-editor' }),
    el('div', { class: 'doc-tools' },
      el('label', {}, 'Name ', name),
      el('button', { id: 'ff-save', type: 'button', class: 'primary' }, 'Save'),
      el('button', { id: 'ff-check', type: 'button' }, 'Check with the open model')),
    el('p', { id: 'ff-status', class: 'firm-status', role: 'status' }),
    el('ul', { id: 'ff-problems', class: 'diagnostics', 'aria-label': 'Problems in the file' }));
  AttestplanEditor.mount($('ff-editor-slot'), { id: 'ff-editor', label: 'Rate card or firm file (TOML)' });
  $('ff-new-rates').addEventListener('click', () => newFirmFile(rateCardKey(), 'our-rates'));
  $('ff-new-auditor').addEventListener('click', () => newFirmFile('firm-auditor', 'our-firm'));
  $('ff-new-consultant').addEventListener('click', () => newFirmFile('firm-consultant', 'our-firm'));
  pick.addEventListener('change', () => { if (pick.value) openFirmFile(pick.value); });
  $('ff-save').addEventListener('click', saveFirmFile);
  $('ff-check').addEventListener('click', checkFirmFile);
}

/// A firm file names who signs; a rate card has none.
const kindOf = (text) => (/^\s*role\s*=|^\s*\[signer\]/m.test(text) ? 'firm' : rateCardKey());

function showFirmFile(text, kind, name, etag) {
  $('ff-editor').value = text;
  $('ff-name').value = name;
  Object.assign(firmFile, { kind, etag, saved: etag ? text : null });
  $('ff-problems').replaceChildren();
  $('ff-editor').mark([]);
}

async function newFirmFile(template, name) {
  const status = $('ff-status');
  try {
    const res = await fetch(`/api/templates/${template}`);
    if (!res.ok) throw new UserError(`the template could not be read (error ${res.status})`);
    const card = template === rateCardKey();
    showFirmFile(await res.text(), card ? template : 'firm', name, null);
    status.textContent = `A new ${card ? 'rate card, from attestplan\'s illustrative one' : 'firm file'}: ` +
      'replace its values with your own, name it and save it.';
  } catch (e) { status.textContent = `Could not start it: ${userMessage(e, 'template')}`; }
}

async function openFirmFile(name) {
  const res = await fetch(`/api/models/${encodeURIComponent(name)}`);
  if (!res.ok) { $('ff-status').textContent = `"${name}" could not be opened (error ${res.status}).`; return; }
  const text = await res.text();
  showFirmFile(text, kindOf(text), name, res.headers.get('ETag'));
  $('ff-status').textContent = `${name}: ${firmFile.kind === 'firm' ? 'a firm file' : 'a rate card'}.`;
}

async function saveFirmFile() {
  const name = $('ff-name').value.trim(), status = $('ff-status');
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    status.textContent = 'A name is 1-64 letters, digits, - or _, starting with a letter or digit.';
    $('ff-name').focus();
    return false;
  }
  const text = $('ff-editor').value;
  // Over the file it was opened from (If-Match), or as a new one that never replaces another.
  const same = firmFile.etag && firmFile.name === name;
  const res = await fetch(`/api/models/${encodeURIComponent(name)}`, { method: 'PUT', body: text,
    headers: { 'Content-Type': 'application/toml', ...(same ? { 'If-Match': firmFile.etag } : { 'If-None-Match': '*' }) } });
  if (res.status === 412 || res.status === 409 || res.status === 428) {
    status.textContent = same ? `"${name}" changed since you opened it: open it again before saving.`
      : `A file named "${name}" exists already: choose another name, or open it to edit it.`;
    return false;
  }
  if (!res.ok) { status.textContent = `Not saved: the server refused it (error ${res.status}).`; return false; }
  Object.assign(firmFile, { etag: res.headers.get('ETag'), name, saved: text, kind: kindOf(text) });
  status.textContent = `Saved as ${name}.`;
  await refreshPicker();
  return true;
}

/// Prices the model open in the editor with the file: the problems come back located in the file.
async function checkFirmFile() {
  const status = $('ff-status');
  if (firmFile.saved !== $('ff-editor').value || firmFile.name !== $('ff-name').value.trim()) {
    if (!(await saveFirmFile())) return;
  }
  const name = firmFile.name, kind = kindOf($('ff-editor').value);
  status.textContent = `Checking ${name} with ${modelName()}…`;
  const query = kind !== 'firm' ? `/api/estimate?${rateCardKey()}=${encodeURIComponent(name)}` : `/api/proposal?format=markdown&firm=${encodeURIComponent(name)}`;
  const res = await fetch(`${query}&name=${encodeURIComponent(modelName())}`,
    { method: 'POST', body: editorText(), headers: { 'Content-Type': 'application/toml' } });
  const answer = res.headers.get('Content-Type')?.startsWith('application/json') ? await res.json().catch(() => ({})) : {};
  const mine = (answer.diagnostics || []).filter((d) => (d.file || '').endsWith(`${name}.toml`));
  $('ff-problems').replaceChildren(...mine.map((d) =>
    el('li', { class: d.severity }, `${d.line ? `line ${d.line}, column ${d.column}: ` : ''}${d.severity}: ${d.message}`)));
  $('ff-editor').mark(mine.filter((d) => d.line));
  if (res.ok) {
    status.textContent = kind !== 'firm'
      ? `${name} prices ${modelName()}: fee P50 ${money(answer.summary.fee.value.p50)} ${answer.currency}${mine.length ? ', with the notes below' : ''}.`
      : `${name} writes ${modelName()}'s proposal${mine.length ? ', with the notes below' : ''}.`;
  } else if (res.status === 422 && !mine.length) {
    status.textContent = `${modelName()} has errors of its own: fix them first (they are listed under its editor).`;
  } else {
    status.textContent = `${name} has problems: ${mine.length ? 'see below' : answer.error || `error ${res.status}`}.`;
  }
}

async function calibrateHistory() {
  const status = $('cal-status');
  const chosen = $('cal-history').files[0];
  if (!chosen) { status.textContent = 'Choose the history CSV first.'; return; }
  const name = $('cal-save').value.trim();
  if (name && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    status.textContent = 'A profile name is 1-64 letters, digits, - or _, starting with a letter or digit.';
    return;
  }
  $('cal-run').disabled = true;
  try {
    const history = await chosen.text();
    const res = await watchedRun(status, 'Fitting the history', (token) =>
      fetch(`/api/calibrate?progress=${token}${name ? `&save_profile=${encodeURIComponent(name)}` : ''}`,
        { method: 'POST', body: history, headers: { 'Content-Type': 'text/csv' } }));
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const where = (d) => (d.line ? `line ${d.line}: ` : '');
      const details = (answer.diagnostics || []).filter((d) => d.severity === 'error').map((d) => `${where(d)}${d.message}`);
      throw new UserError(`${answer.error || `error ${res.status}`}${details.length ? ` (${details.join('; ')})` : ''}`);
    }
    showCalibration(answer);
    status.textContent = res.status === 201 ? `Profile saved as ${name}: choose it above to price with it.`
      : `${answer.rows.used} engagements fitted.`;
    if (res.status === 201) await refreshPicker();
  } catch (e) {
    status.textContent = `Could not calibrate: ${userMessage(e, 'calibration')}`;
  } finally {
    $('cal-run').disabled = false;
  }
}

function showCalibration(r) {
  const pct = (v) => `${Math.round(v * 1000) / 10} %`;
  const fitted = r.parameters.filter((p) => p.identifiable);
  $('cal-result').replaceChildren(
    el('p', {}, `${r.rows.used} of ${r.rows.read} engagements used. Hours off by ${pct(r.error.defaults.all.mape)} on ` +
      `attestplan's defaults, ${pct(r.error.calibrated.all.mape)} calibrated (${pct(r.error.leave_one_out.all.mape)} ` +
      'for an engagement left out of the fit).'),
    table(['Parameter', 'Your scale', 'Fitted as', 'Engagements using it'],
      fitted.map((p) => [p.name, `× ${p.scale.toFixed(2)}`, p.level === 'stage' ? `its stage (${p.group})` : 'itself', String(p.rows_using)]),
      [1, 3]));
}

/// The workspace's files, offered as engagements, rate cards and profiles (one store holds them all).
function listFirmFiles(saved) {
  const box = $('firm-models');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  const models = saved.filter((f) => f.kind === 'model');
  box.replaceChildren(box.querySelector('legend'),
    ...(models.length ? models.map((m) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', value: m.name, ...(checked.has(m.name) ? { checked: '' } : {}) }), ` ${m.name}`))
      : [el('span', { class: 'muted' }, 'Nothing saved yet: save a model from the editor first.')]));
  const open = $('ff-open');
  const card = rateCardKey();
  const own = saved.filter((f) => f.kind === card || f.kind === 'firm');
  if (open) open.replaceChildren(open.options[0], ...own.map((m) => el('option', { value: m.name }, `${m.name} (${m.kind === 'firm' ? 'firm file' : 'rate card'})`)));
  for (const [id, kind] of [['firm-rates', card], ['firm-profile', 'profile']]) {
    const select = $(id), chosen = select.value;
    select.replaceChildren(select.options[0], ...saved.filter((f) => f.kind === kind).map((m) => el('option', { value: m.name }, m.name)));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
}

function portfolioQuery() {
  const q = [...$('firm-models').querySelectorAll('input:checked')].map((i) => `model=${encodeURIComponent(i.value)}`);
  for (const [param, id] of [[rateCardKey(), 'firm-rates'], ['profile', 'firm-profile']]) {
    if (param && $(id).value) q.push(`${param}=${encodeURIComponent($(id).value)}`);
  }
  return q.join('&');
}

async function pricePortfolio() {
  const status = $('firm-status');
  if (!$('firm-models').querySelector('input:checked')) {
    status.textContent = 'Choose at least one engagement.';
    return;
  }
  const seq = ++firmView.seq;
  $('firm-price').disabled = true;
  try {
    // One run gives the rows and the heat map (heatmap=true).
    const res = await watchedRun(status, 'Pricing the portfolio', (token) =>
      fetch(`/api/portfolio?${portfolioQuery()}&heatmap=true&progress=${token}`, { method: 'POST' }));
    const answer = await res.json().catch(() => ({}));
    if (res.status !== 200 && res.status !== 422) throw new UserError(answer.error || `error ${res.status}`);
    if (seq !== firmView.seq) return;
    if (firmView.heatmap) URL.revokeObjectURL(firmView.heatmap);
    firmView.heatmap = answer.heatmap ? URL.createObjectURL(new Blob([answer.heatmap], { type: 'image/svg+xml' })) : null;
    showPortfolio(answer);
    const failed = answer.failed || 0;
    status.textContent = failed ? `${failed} of ${answer.engagements.length} engagements could not be priced: see below.`
      : `${answer.engagements.length} engagements priced.`;
  } catch (e) {
    if (seq === firmView.seq) status.textContent = `Could not price the portfolio: ${userMessage(e, 'portfolio')}`;
  } finally {
    if (seq === firmView.seq) $('firm-price').disabled = false;
  }
}

function showPortfolio(p) {
  const fee = (e, k) => (e.fee ? `${money(e.fee[k])} ${e.fee.currency}` : '');
  const rows = p.engagements.map((e) => e.priced
    ? [e.name || e.file, e.report, fee(e, 'p50'), fee(e, 'p90'), Math.round(e.hours.p50).toLocaleString('en-GB'),
      e.report_in_hand_p50 || '', e.risk_of_missing_renewal == null ? 'no renewal' : `${Math.round(e.risk_of_missing_renewal * 100)} %`]
    : [e.name || e.file, 'not priced', e.error || '', '', '', '', '']);
  // Where: the file's name in the workspace, its line and column.
  const where = (d) => (d.file ? `${d.file.split('/').pop()}${d.line ? `:${d.line}:${d.column}` : ''}: ` : '');
  const problems = (p.diagnostics || []).map((d) => el('li', {}, `${where(d)}${d.message}`));
  body('firm').replaceChildren(
    el('h3', {}, 'Engagements'),
    table(['Engagement', 'Report', 'Fee P50', 'Fee P90', 'Auditor hours P50', 'Report in hand (P50)', 'Chance of missing a renewal'],
      rows, [2, 3, 4, 6], (n) => ({ 'data-engagement': p.engagements[n].name || '' })),
    problems.length ? el('ul', { class: 'note bad' }, ...problems) : '',
    el('h3', {}, 'Staff hours by week and level'),
    firmView.heatmap ? el('img', { id: 'firm-heatmap', src: firmView.heatmap, class: 'heatmap',
      alt: 'Auditor hours of every engagement by week and staff level; weeks over the profile\'s capacity are marked.' }) : '',
    el('p', { class: 'muted' }, 'Hours are placed on each plan\'s likely calendar (judgement): planning over its phase, ' +
      'testing over the fieldwork visits, reporting over the final fieldwork and the report.'));
}

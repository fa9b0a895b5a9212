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
        'A profile from attestplan calibrate, saved in the workspace, states the capacity that flags the weeks over it.')));
  $('firm-price').addEventListener('click', pricePortfolio);
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
  status.textContent = 'Fitting the history…';
  $('cal-run').disabled = true;
  try {
    const res = await fetch(`/api/calibrate${name ? `?save_profile=${encodeURIComponent(name)}` : ''}`,
      { method: 'POST', body: await chosen.text(), headers: { 'Content-Type': 'text/csv' } });
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
  box.replaceChildren(box.querySelector('legend'),
    ...(saved.length ? saved.map((m) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', value: m.name, ...(checked.has(m.name) ? { checked: '' } : {}) }), ` ${m.name}`))
      : [el('span', { class: 'muted' }, 'Nothing saved yet: save a model from the editor first.')]));
  for (const id of ['firm-rates', 'firm-profile']) {
    const select = $(id), chosen = select.value;
    select.replaceChildren(select.options[0], ...saved.map((m) => el('option', { value: m.name }, m.name)));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
}

function portfolioQuery(format) {
  const q = [...$('firm-models').querySelectorAll('input:checked')].map((i) => `model=${encodeURIComponent(i.value)}`);
  for (const [param, id] of [['rates', 'firm-rates'], ['profile', 'firm-profile']]) {
    if ($(id).value) q.push(`${param}=${encodeURIComponent($(id).value)}`);
  }
  if (format) q.push(`format=${format}`);
  return q.join('&');
}

async function pricePortfolio() {
  const status = $('firm-status');
  if (!$('firm-models').querySelector('input:checked')) {
    status.textContent = 'Choose at least one engagement.';
    return;
  }
  const seq = ++firmView.seq;
  status.textContent = 'Pricing the portfolio…';
  $('firm-price').disabled = true;
  try {
    const res = await fetch(`/api/portfolio?${portfolioQuery()}`, { method: 'POST' });
    const answer = await res.json().catch(() => ({}));
    if (res.status !== 200 && res.status !== 422) throw new UserError(answer.error || `error ${res.status}`);
    const svg = await fetch(`/api/portfolio?${portfolioQuery('svg')}`, { method: 'POST' });
    if (seq !== firmView.seq) return;
    if (firmView.heatmap) URL.revokeObjectURL(firmView.heatmap);
    firmView.heatmap = svg.status === 200 || svg.status === 422 ? URL.createObjectURL(await svg.blob()) : null;
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

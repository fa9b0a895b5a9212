// ── Documents: the evidence request list and the proposal, as the client receives them ────────
// Both come from the server's own renderers (the CLI's code), for the model in the editor. The
// evidence list is shown as a table to work from and downloaded as XLSX or CSV; the proposal is
// previewed in a tab of its own (under the letter's own Content-Security-Policy) and downloaded as
// PDF, HTML or Markdown. The partner's pricing memo is internal and is never offered here.

/// RFC 4180 records (quoted fields, doubled quotes, CRLF or LF).
function parseCsv(text) {
  const records = [];
  let record = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); records.push(record); record = []; field = '';
    } else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

// What the evidence view shows of each request, in the list's own column names.
const EVIDENCE_SHOWN = ['Request', 'Control (our planning reference)', 'Evidence to provide', 'Owner', 'Performed by', 'Period from', 'Period to',
  'Due', 'Items selected from', 'Tested at', 'Status'];

const documents = { evidence: null, evidenceSeq: 0, evidenceFor: null };

function setupDocuments() {
  // Evidence: filters and downloads above the table.
  const owner = el('select', { id: 'evidence-owner', 'aria-label': 'Owner' }, el('option', { value: '' }, 'every owner'));
  const search = el('input', { id: 'evidence-search', type: 'search', placeholder: 'Search requests', 'aria-label': 'Search the requests' });
  const tools = el('div', { class: 'doc-tools' },
    el('label', {}, 'Owner ', owner), search,
    el('button', { id: 'dl-evidence-xlsx', type: 'button' }, 'Download XLSX'),
    el('button', { id: 'dl-evidence', type: 'button' }, 'Download CSV'));
  owner.addEventListener('change', showEvidence);
  search.addEventListener('input', showEvidence);
  $('panel-evidence').insertBefore(tools, body('evidence'));
  // Proposal: who sends it, at which percentile, and its formats.
  const firm = el('select', { id: 'dl-firm', title: 'A firm file saved in the workspace sends the proposal, as the CLI\'s --firm' },
    el('option', { value: '' }, 'no firm file (a draft letter)'));
  const percentile = el('input', { id: 'p-percentile', type: 'number', min: '50', max: '99', step: '1', placeholder: 'the firm file\'s, else 80',
    'aria-describedby': 'p-percentile-note' });
  $('panel-proposal').insertBefore(el('div', { class: 'doc-tools proposal-tools' },
    el('label', {}, 'Sent by ', firm),
    el('label', {}, 'Fee read at percentile ', percentile),
    el('button', { id: 'p-preview', type: 'button', class: 'primary' }, 'Preview (new tab)'),
    el('button', { id: 'dl-pdf', type: 'button' }, 'Download PDF'),
    el('button', { id: 'dl-proposal', type: 'button' }, 'Download HTML'),
    el('button', { id: 'dl-proposal-md', type: 'button' }, 'Download Markdown'),
    el('p', { id: 'p-status', class: 'firm-status', role: 'status' })), body('proposal'));
  $('p-preview').addEventListener('click', previewProposal);
  // The firm that sends the letter prices every view (its rate card, profile and country), so the
  // figures shown are the letter's.
  firm.addEventListener('change', () => { if (editorText().trim()) recompute(true); });
}

/// The proposal's query: what prices it (pricingQuery) and the percentile typed, as the CLI's
/// --fee-percentile.
function proposalQuery() {
  const q = [pricingQuery()].filter(Boolean);
  const p = $('p-percentile').value.trim();
  if (p) q.push(`fee_percentile=${encodeURIComponent(p)}`);
  return q.join('&');
}

/// The letter in a new tab: a form posted there, so that the page is the server's answer with the
/// letter's own policy (inline styles, nothing fetched), not a blob under this page's policy.
function previewProposal() {
  const query = [`preview=true`, `name=${encodeURIComponent(modelName())}`, proposalQuery()].filter(Boolean).join('&');
  const form = el('form', { method: 'post', action: `/api/proposal?${query}`, target: '_blank', class: 'hidden' },
    el('textarea', { name: 'model' }));
  form.firstChild.value = editorText();
  document.body.append(form);
  form.submit();
  form.remove();
}

/// What the proposal view says of the letter the model makes (refreshed with the figures).
function renderProposal(e) {
  const fee = e.summary.fee ? e.summary.fee.value : null;
  const report = reportName(e.report);
  body('proposal').replaceChildren(
    el('h3', {}, `The letter for ${report}`),
    el('p', {}, 'The proposal your client receives: the scope in its own names, the fee (fixed or not-to-exceed, from the firm ' +
      'file), the options, the timeline, what the client provides, the assumptions and the terms. It is made by the same ' +
      'code as attestplan proposal, so the PDF here and the CLI\'s are the same document.'),
    el('ul', {},
      el('li', {}, `${e.scope.controls.length} controls, ${e.scope.criteria.length} criteria in scope.`),
      fee ? el('li', {}, `Fee median ${money(median(fee))} ${e.currency}${e.illustrative_rates ? ' on illustrative rates: the letter says it is a draft until re-priced with your own rate card' : ''}.`) : '',
      el('li', {}, 'Without a firm file the letter is a draft from nobody: save your firm file in the workspace and choose it above.')),
    el('p', { class: 'muted', id: 'p-percentile-note' }, 'The percentile, the simulated spread and what moves the fee are the partner\'s: they are in the ' +
      'internal pricing memo (attestplan proposal --memo), which this page never shows or downloads.'));
}

async function refreshEvidence(force = false) {
  if (!$('panel-evidence').classList.contains('active')) return;
  const text = editorText();
  if (!force && documents.evidenceFor === text) return;
  const seq = ++documents.evidenceSeq;
  try {
    const csv = await (await fetchDocument('/api/evidence')).text();
    if (seq !== documents.evidenceSeq) return;
    documents.evidence = parseCsv(csv);
    documents.evidenceFor = text;
    const owners = [...new Set(documents.evidence.slice(1).map((r) => r[documents.evidence[0].indexOf('Owner')]))].sort();
    const owner = $('evidence-owner'), chosen = owner.value;
    owner.replaceChildren(el('option', { value: '' }, 'every owner'), ...owners.map((o) => el('option', { value: o }, o)));
    if (owners.includes(chosen)) owner.value = chosen;
    showEvidence();
  } catch (e) {
    if (seq !== documents.evidenceSeq) return;
    body('evidence').replaceChildren(el('p', { class: 'note bad', role: 'alert' }, userMessage(e, 'evidence list')));
  }
}

function showEvidence() {
  const records = documents.evidence;
  if (!records) return;
  const [header, ...rows] = records;
  const at = EVIDENCE_SHOWN.map((h) => header.indexOf(h));
  const owner = $('evidence-owner').value, words = $('evidence-search').value.trim().toLowerCase();
  const shown = rows.filter((r) => (!owner || r[header.indexOf('Owner')] === owner) &&
    (!words || r.join(' ').toLowerCase().includes(words)));
  const listings = rows.filter((r) => r[header.indexOf('Evidence category')] === 'population listings').length;
  body('evidence').replaceChildren(
    el('h3', { id: 'evidence-count' }, `${shown.length === rows.length ? rows.length : `${shown.length} of ${rows.length}`} requests`),
    el('p', { class: 'muted' }, `Every period's whole population is asked for; the auditor selects the items, unannounced. ` +
      `${listings} requests are population listings, each asked for once per period: the items the auditor selects from ` +
      `one are due later, in the rows that name it under "Items selected from".`),
    shown.length ? table(EVIDENCE_SHOWN, shown.map((r) => at.map((i) => (i >= 0 ? r[i] : ''))), [], (n) => ({ 'data-request': shown[n][0] }))
      : el('p', {}, 'Nothing matches the filter.'));
}

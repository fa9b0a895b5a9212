// attestplan UI: edit a model (as TOML or through the key decisions), see the boundary, scope,
// effort, cost, timeline and the Type 1 vs Type 2 comparison recomputed as you type; save to the
// workspace with optimistic concurrency. No framework, no build step; model text only ever reaches
// the page through textContent or attributes, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { source: null, etag: null, estimate: null, timer: null, controller: null, seq: 0, boundaryUrl: null };
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
const fmt = (v) => Math.round(v).toLocaleString('en-US');
const money = (v) => fmt(Math.round(v / 100) * 100);
const range = (r, f = fmt) => `${f(r.low)}–${f(r.high)}`;

function banner(text, kind = 'warn', actions = []) {
  const b = $('banner');
  b.replaceChildren(el('span', {}, text), ...actions);
  b.className = 'banner' + (kind === 'ok' ? ' ok' : '');
  if (kind === 'ok') setTimeout(() => { if (b.firstChild && b.firstChild.textContent === text) b.classList.add('hidden'); }, 4000);
}

async function api(path, opts = {}) {
  const res = await fetch(path, opts);
  return res;
}

// ── Models: examples (read-only) and the workspace ────────────────────────────────────────────
async function refreshPicker(select) {
  const [examples, saved] = await Promise.all([
    api('/api/examples').then((r) => r.json()), api('/api/models').then((r) => r.json())]);
  const picker = $('model-picker');
  const g1 = el('optgroup', { label: 'Examples (read-only)' });
  for (const e of examples) g1.append(el('option', { value: `example:${e.name}` }, e.name));
  const g2 = el('optgroup', { label: 'Workspace' });
  for (const m of saved) g2.append(el('option', { value: `saved:${m.name}` }, m.name));
  picker.replaceChildren(g1, g2);
  if (select) picker.value = select;
}

async function loadModel(value) {
  const [kind, name] = value.split(':');
  const res = await api(kind === 'example' ? `/api/examples/${encodeURIComponent(name)}` : `/api/models/${encodeURIComponent(name)}`);
  if (!res.ok) { banner(`Could not load ${name}`); return; }
  state.source = { kind, name };
  state.etag = res.headers.get('ETag');
  $('editor').value = await res.text();
  $('save').disabled = kind === 'example';
  $('save').title = kind === 'example' ? 'Examples are read-only: use Save as' : 'Save this model';
  $('banner').classList.add('hidden');
  formFromText();
  recompute(true);
}

async function save(overwriteEtag) {
  if (!state.source || state.source.kind !== 'saved') return;
  const res = await api(`/api/models/${encodeURIComponent(state.source.name)}`, {
    method: 'PUT', body: $('editor').value,
    headers: { 'Content-Type': 'application/toml', 'If-Match': overwriteEtag || state.etag || '*' } });
  if (res.status === 409) {
    const body = await res.json();
    banner(`Conflict: "${state.source.name}" was changed elsewhere since you loaded it. Your edits are not saved.`, 'warn', [
      el('button', { type: 'button', id: 'conflict-reload' }, 'Load their version'),
      el('button', { type: 'button', id: 'conflict-overwrite' }, 'Overwrite with mine')]);
    $('conflict-reload').addEventListener('click', () => loadModel(`saved:${state.source.name}`));
    $('conflict-overwrite').addEventListener('click', () => save(body.etag));
    return;
  }
  if (!res.ok) { banner(`Save failed (${res.status})`); return; }
  state.etag = res.headers.get('ETag');
  banner(`Saved ${state.source.name}`, 'ok');
}

async function saveAs() {
  const name = $('save-as-name').value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) { banner('Names are letters, digits, - and _ (up to 64).'); return; }
  const res = await api(`/api/models/${encodeURIComponent(name)}`, {
    method: 'PUT', body: $('editor').value, headers: { 'Content-Type': 'application/toml', 'If-None-Match': '*' } });
  if (res.status === 428 || res.status === 409) { banner(`A model named "${name}" exists already: choose another name.`); return; }
  if (!res.ok) { banner(`Save failed (${res.status})`); return; }
  state.source = { kind: 'saved', name };
  state.etag = res.headers.get('ETag');
  $('save').disabled = false;
  await refreshPicker(`saved:${name}`);
  banner(`Saved as ${name}`, 'ok');
}

// ── The form edits the TOML text, key by key, so comments and layout survive ─────────────────
function sectionRange(lines, header, id) {
  // [engagement] or the [[subservice]] whose id is `id`.
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== header) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end])) end++;
    if (id === undefined || lines.slice(i, end).some((l) => new RegExp(`^\\s*id\\s*=\\s*"${id}"`).test(l))) return [i, end];
  }
  return null;
}
function setKey(text, header, key, literal, id) {
  const lines = text.split('\n');
  let r = sectionRange(lines, header, id);
  if (!r) {
    if (id !== undefined) return text;
    lines.push('', header);
    r = [lines.length - 1, lines.length];
  }
  const re = new RegExp(`^\\s*${key}\\s*=`);
  for (let i = r[0] + 1; i < r[1]; i++) {
    if (re.test(lines[i])) {
      if (literal === null) lines.splice(i, 1); else lines[i] = `${key} = ${literal}`;
      return lines.join('\n');
    }
  }
  if (literal !== null) lines.splice(r[0] + 1, 0, `${key} = ${literal}`);
  return lines.join('\n');
}
function getKey(text, header, key, id) {
  const lines = text.split('\n');
  const r = sectionRange(lines, header, id);
  if (!r) return null;
  const re = new RegExp(`^\\s*${key}\\s*=\\s*(.*?)\\s*(#.*)?$`);
  for (let i = r[0] + 1; i < r[1]; i++) {
    const m = lines[i].match(re);
    if (m) return m[1];
  }
  return null;
}
const unquote = (s) => (s || '').replace(/^"|"$/g, '');
const listOf = (s) => (s ? [...s.matchAll(/"([^"]*)"/g)].map((m) => m[1]) : []);

function formFromText() {
  const t = $('editor').value;
  $('f-report').value = unquote(getKey(t, '[engagement]', 'report')) || 'soc2-type2';
  $('f-months').value = getKey(t, '[engagement]', 'observation_months') || 6;
  $('f-months').disabled = !$('f-report').value.endsWith('type2');
  const cats = listOf(getKey(t, '[engagement]', 'categories'));
  for (const box of document.querySelectorAll('.cats input')) {
    if (box.value !== 'security') box.checked = cats.includes(box.value);
  }
  $('f-renewals').value = listOf(getKey(t, '[engagement]', 'renewal_dates')).join(', ');
  const vendors = $('f-vendors');
  vendors.replaceChildren();
  for (const m of t.matchAll(/^\s*\[\[subservice\]\]\s*\n\s*id\s*=\s*"([^"]+)"/gm)) {
    const id = m[1];
    const select = el('select', { 'data-vendor': id },
      el('option', { value: 'carve-out' }, 'carve-out'), el('option', { value: 'inclusive' }, 'inclusive'));
    select.value = unquote(getKey(t, '[[subservice]]', 'method', id)) || 'carve-out';
    vendors.append(el('label', {}, `${id} method`, select));
  }
}

function textFromForm(event) {
  let t = $('editor').value;
  const target = event.target;
  if (target.id === 'f-report') {
    t = setKey(t, '[engagement]', 'report', `"${target.value}"`);
    $('f-months').disabled = !target.value.endsWith('type2');
    if (!target.value.endsWith('type2')) t = setKey(t, '[engagement]', 'observation_months', null);
    else t = setKey(t, '[engagement]', 'observation_months', String($('f-months').value || 6));
  } else if (target.id === 'f-months') {
    const n = Math.min(12, Math.max(3, Number(target.value) || 6));
    t = setKey(t, '[engagement]', 'observation_months', String(n));
  } else if (target.closest('.cats')) {
    const cats = [...document.querySelectorAll('.cats input')].filter((b) => b.checked).map((b) => `"${b.value}"`);
    t = setKey(t, '[engagement]', 'categories', `[${cats.join(', ')}]`);
  } else if (target.id === 'f-renewals') {
    const dates = target.value.split(/[,\s]+/).filter(Boolean).map((d) => `"${d}"`);
    t = setKey(t, '[engagement]', 'renewal_dates', `[${dates.join(', ')}]`);
  } else if (target.dataset.vendor) {
    t = setKey(t, '[[subservice]]', 'method', `"${target.value}"`, target.dataset.vendor);
  }
  $('editor').value = t;
  recompute(true);
}

// ── Recompute: estimate, boundary and comparison, newest request wins ────────────────────────
function recompute(now) {
  clearTimeout(state.timer);
  state.timer = setTimeout(run, now ? 0 : 350);
}

async function run() {
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const seq = ++state.seq;
  const body = $('editor').value;
  const name = state.source ? state.source.name : 'model';
  const post = (path) => fetch(`${path}${path.includes('?') ? '&' : '?'}name=${encodeURIComponent(name)}`,
    { method: 'POST', body, headers: { 'Content-Type': 'application/toml' }, signal: controller.signal });
  try {
    const est = await post('/api/estimate');
    const data = await est.json();
    if (seq !== state.seq) return;
    if (est.status === 422) { showDiagnostics(data.diagnostics || [], data.error); return; }
    showDiagnostics(data.findings ? [] : [], null);
    state.estimate = data;
    renderAll(data);
    const [svg, cmp] = await Promise.all([post('/api/boundary?format=svg'), post('/api/compare')]);
    if (seq !== state.seq) return;
    if (svg.ok) {
      const blob = await svg.blob();
      if (state.boundaryUrl) URL.revokeObjectURL(state.boundaryUrl);
      state.boundaryUrl = URL.createObjectURL(blob);
      $('boundary-img').src = state.boundaryUrl;
    }
    if (cmp.ok) renderCompare(await cmp.json());
  } catch (e) {
    if (e.name !== 'AbortError') banner(`Could not reach the server: ${e.message}`);
  }
}

function showDiagnostics(diags, error) {
  const list = $('diagnostics');
  list.replaceChildren();
  if (!diags.length && !error) { list.append(el('li', { class: 'ok' }, 'Model is valid.')); return; }
  for (const d of diags) {
    const li = el('li', { class: d.severity }, `${d.line || 1}:${d.column || 1} ${d.severity}: ${d.message}${d.hint ? ' — ' + d.hint : ''}`);
    li.addEventListener('click', () => jumpTo(d.line || 1));
    list.append(li);
  }
  $('summary').classList.add('stale');
}

function jumpTo(line) {
  const ed = $('editor');
  const lines = ed.value.split('\n');
  const start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
  ed.focus();
  ed.setSelectionRange(start, start + (lines[line - 1] || '').length);
}

// ── Views ─────────────────────────────────────────────────────────────────────────────────────
function line(e, id) { return (e.ledger.find((l) => l.id === id) || {}).value; }

function metric(label, value, sub, cls = '') {
  return el('div', { class: `metric ${cls}` }, el('div', { class: 'label' }, label), el('div', { class: 'value', 'data-metric': label }, value), el('div', { class: 'sub' }, sub));
}

function renderAll(e) {
  const s = e.summary;
  const renewal = e.timing.renewals[0];
  const verdictCls = renewal ? { met: 'good', 'at risk': 'warn', missed: 'bad' }[renewal.verdict] : '';
  const reportKinds = { 'soc2-type1': 'SOC 2 Type 1', 'soc2-type2': 'SOC 2 Type 2', 'isae3000-type1': 'ISAE 3000 Type 1', 'isae3000-type2': 'ISAE 3000 Type 2' };
  $('summary').classList.remove('stale');
  $('summary').replaceChildren(
    metric('Auditor hours', fmt(s.auditor_hours.value.likely), `${range(s.auditor_hours.value)} h · ${reportKinds[e.report]}`),
    metric(`Fee (${e.currency}, excl. VAT)`, money(s.fee ? s.fee.value.likely : 0), s.fee ? `${range(s.fee.value, money)}${e.illustrative_rates ? ' · illustrative rates' : ''}` : ''),
    metric('Report in hand', s.report_in_hand ? s.report_in_hand.value.likely : '–', s.report_in_hand ? `${s.report_in_hand.value.low} to ${s.report_in_hand.value.high}` : ''),
    metric('Renewal', renewal ? renewal.verdict : 'none set', renewal ? `${renewal.renewal}: ${renewal.slack_days >= 0 ? renewal.slack_days + ' days to spare' : -renewal.slack_days + ' days late'} (likely)` : '', verdictCls));
  renderScope(e); renderEffort(e); renderCost(e); renderTimeline(e);
}

function table(headers, rows, numeric = []) {
  const head = el('tr', {}, ...headers.map((h, i) => el('th', numeric.includes(i) ? { class: 'num' } : {}, h)));
  const body = rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', numeric.includes(i) ? { class: 'num' } : {}, c))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}

function renderScope(e) {
  const cats = e.scope.categories.filter((c) => c.in_scope).map((c) => c.category).join(', ');
  const suggested = e.scope.categories.filter((c) => !c.in_scope && c.suggested).map((c) => `${c.category} (${c.reasons[0]})`);
  $('panel-scope').replaceChildren(
    el('h3', {}, `${e.scope.criteria.length} criteria · ${e.scope.controls.length} controls`),
    el('p', {}, `Categories: ${cats}.`),
    suggested.length ? el('p', { class: 'muted' }, `Suggested but not chosen: ${suggested.join('; ')}.`) : '',
    e.scope.carved_out.length ? el('p', { class: 'muted' }, `Carried by carve-out vendors: ${e.scope.carved_out.join(', ')}.`) : '',
    table(['Control', 'Title', 'Criteria', 'Frequency', 'Samples'], e.scope.controls.map((c) => {
      const v = line(e, c.samples_line);
      return [c.id, c.title, c.criteria.join(' '), `${c.frequency}${c.nature === 'automated' ? ' (automated)' : ''}`, v ? range(v) : ''];
    }), [4]),
    el('h3', {}, `Findings (${e.findings.length})`),
    table(['Severity', 'Finding'], e.findings.map((f) => [f.severity, f.message])));
}

function renderEffort(e) {
  const stages = [['planning', 'Scope definition & planning'], ['documentation', 'Control identification & documentation review'],
    ['testing', 'Control testing & evidence collection'], ['reporting', 'Nonconformity review & attestation decision']];
  const rows = stages.map(([id, title]) => { const v = line(e, `total.auditor-hours.${id}`) || { low: 0, likely: 0, high: 0 }; return [title, fmt(v.low), fmt(v.likely), fmt(v.high)]; });
  const total = e.summary.auditor_hours.value;
  rows.push(['Total', fmt(total.low), fmt(total.likely), fmt(total.high)]);
  const levels = e.ledger.filter((l) => l.kind === 'level-total').map((l) => [l.level, fmt(l.value.low), fmt(l.value.likely), fmt(l.value.high)]);
  const client = e.ledger.filter((l) => l.kind === 'client-hours').map((l) => [l.label, fmt(l.value.low), fmt(l.value.likely), fmt(l.value.high)]);
  $('panel-effort').replaceChildren(
    el('h3', {}, 'Auditor hours by audit stage'), table(['Stage', 'Low', 'Likely', 'High'], rows, [1, 2, 3]),
    el('h3', {}, 'By staff level'), table(['Level', 'Low', 'Likely', 'High'], levels, [1, 2, 3]),
    el('h3', {}, "The organization's own hours"), table(['Activity', 'Low', 'Likely', 'High'], client, [1, 2, 3]));
}

function barChart(items, unit) {
  const w = 760, labelW = 250, rowH = 26, h = items.length * rowH + 24;
  const max = Math.max(1, ...items.map((i) => i.value.high));
  const x = (v) => labelW + (w - labelW - 90) * v / max;
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': 'Cost breakdown' });
  items.forEach((it, i) => {
    const y = 6 + i * rowH;
    svg.append(svgEl('text', { x: 0, y: y + 15 }, it.label));
    svg.append(svgEl('rect', { x: labelW, y: y + 4, width: Math.max(1, x(it.value.likely) - labelW), height: rowH - 10, class: `bar ${it.cls || ''}` }));
    svg.append(svgEl('line', { x1: x(it.value.low), x2: x(it.value.high), y1: y + rowH / 2 - 1, y2: y + rowH / 2 - 1, class: 'range' }));
    svg.append(svgEl('text', { x: x(it.value.high) + 6, y: y + 15, class: 'muted-text' }, `${money(it.value.likely)} ${unit}`));
  });
  return svg;
}

function renderCost(e) {
  const items = [];
  for (const l of e.ledger) {
    if (l.kind === 'fee-total') items.push({ label: "Auditor's fee", value: l.value, cls: 'fee' });
    if (l.kind === 'other-cost') items.push({ label: l.label, value: l.value });
  }
  const tco1 = line(e, 'cost.tco.year-one'), tco2 = line(e, 'cost.tco.year-two');
  $('panel-cost').replaceChildren(
    el('h3', {}, `Year one: ${e.currency} ${money(tco1.likely)} (${range(tco1, money)}) · year two: ${money(tco2.likely)}`),
    barChart(items, e.currency),
    el('p', { class: 'muted' }, `Bars show the likely figure, lines the low–high range; excluding VAT.${e.illustrative_rates ? ' Rates are illustrative (no public source gives auditor rates by level): price with your own card.' : ''}`));
}

function renderTimeline(e) {
  const phases = e.timing.phases;
  if (!phases.length) { $('panel-timeline').replaceChildren(el('p', {}, 'No calendar.')); return; }
  const day = (s) => Date.parse(s + 'T00:00:00Z') / 86400000;
  let first = Math.min(...phases.map((p) => day(p.start))), last = Math.max(...phases.map((p) => day(p.end)));
  for (const r of e.timing.renewals) last = Math.max(last, day(r.renewal));
  const w = 780, labelW = 300, rowH = 24, top = 22, h = top + phases.length * rowH + 10;
  const x = (d) => labelW + (w - labelW - 10) * (d - first) / Math.max(1, last - first + 1);
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': 'Timeline' });
  const start = new Date(first * 86400000);
  const step = last - first > 540 ? 4 : 2;  // month labels every 2 or 4 months, so they never collide
  for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); day(m.toISOString().slice(0, 10)) <= last; m.setUTCMonth(m.getUTCMonth() + step)) {
    const d = day(m.toISOString().slice(0, 10));
    svg.append(svgEl('line', { x1: x(d), x2: x(d), y1: top - 4, y2: h - 6, class: 'axis' }));
    svg.append(svgEl('text', { x: x(d) + 2, y: top - 8, class: 'muted-text' }, m.toISOString().slice(0, 7)));
  }
  phases.forEach((p, i) => {
    const y = top + i * rowH;
    const cls = p.id.startsWith('bridge') ? 'bridge' : p.id.startsWith('next') ? 'next' : p.id === 'window' ? 'window' : '';
    svg.append(svgEl('text', { x: 0, y: y + 15 }, p.label));
    const rect = svgEl('rect', { x: x(day(p.start)), y: y + 4, width: Math.max(2, x(day(p.end) + 1) - x(day(p.start))), height: rowH - 9, class: `bar ${cls}` });
    rect.append(svgEl('title', {}, `${p.label}: ${p.start} to ${p.end}`));
    svg.append(rect);
  });
  for (const r of e.timing.renewals) {
    const l = svgEl('line', { x1: x(day(r.renewal)), x2: x(day(r.renewal)), y1: top - 4, y2: h - 6, class: 'renewal' });
    l.append(svgEl('title', {}, `Renewal ${r.renewal}: ${r.verdict}`));
    svg.append(l);
  }
  $('panel-timeline').replaceChildren(svg,
    table(['Milestone', 'Earliest', 'Likely', 'Latest'], e.timing.milestones.map((m) => [m.label, m.low, m.likely, m.high])));
}

function renderCompare(c) {
  const verdict = (r) => {
    if (!r) return '–';
    if (r.verdict === 'missed') return el('span', { class: 'verdict-missed' }, `missed by ${-r.slack_days} d`);
    if (r.verdict === 'at risk') return el('span', { class: 'verdict-risk' }, `at risk (+${r.slack_days} d likely)`);
    return el('span', { class: 'verdict-met' }, `met (+${r.slack_days} d)`);
  };
  const rows = c.scenarios.map((s) => s.status !== 'ok' ? [s.label, 'failed', '', '', '', '', ''] : [
    s.label, s.first_report ? s.first_report.likely : '–', s.type2_report ? s.type2_report.likely : '–',
    verdict(s.renewals[0]), money(s.year_one.likely), money(s.two_years.likely), fmt(s.auditor_hours.likely)]);
  $('panel-compare').replaceChildren(
    table(['Scenario', 'First report', 'Type 2 report', 'Renewal', `Year one (${c.currency})`, `Two years (${c.currency})`, 'Auditor hours'], rows, [4, 5, 6]),
    el('p', { class: 'muted' }, 'Likely figures; costs exclude VAT and include readiness, penetration test, tooling and own staff time.'));
}

// ── Downloads ─────────────────────────────────────────────────────────────────────────────────
async function download(path, filename) {
  const res = await fetch(path, { method: 'POST', body: $('editor').value, headers: { 'Content-Type': 'application/toml' } });
  if (!res.ok) { banner(`Could not produce ${filename}: the model has errors`); return; }
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: filename });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ── Wiring ────────────────────────────────────────────────────────────────────────────────────
window.addEventListener('DOMContentLoaded', async () => {
  $('model-picker').addEventListener('change', (e) => loadModel(e.target.value));
  $('editor').addEventListener('input', () => { formFromText(); recompute(false); });
  $('decisions').addEventListener('change', textFromForm);
  $('save').addEventListener('click', () => save());
  $('save-as').addEventListener('click', saveAs);
  $('dl-proposal').addEventListener('click', () => download('/api/proposal', 'proposal.html'));
  $('dl-evidence').addEventListener('click', () => download('/api/evidence', 'evidence.csv'));
  $('dl-json').addEventListener('click', () => download('/api/estimate', 'estimate.json'));
  for (const tab of document.querySelectorAll('.tab')) {
    tab.addEventListener('click', () => {
      document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t === tab));
      document.querySelectorAll('.panel').forEach((p) => p.classList.toggle('active', p.id === `panel-${tab.dataset.tab}`));
    });
  }
  const wanted = new URLSearchParams(location.search).get('model') || 'example:hr-saas';
  await refreshPicker(wanted);
  await loadModel($('model-picker').value || 'example:hr-saas');
});

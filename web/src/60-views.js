// ── Views ─────────────────────────────────────────────────────────────────────────────────────
function line(e, id) { return (e.ledger.find((l) => l.id === id) || {}).value; }

function metric(label, value, sub, cls = '') {
  return el('div', { class: `metric ${cls}` }, el('div', { class: 'label' }, label), el('div', { class: 'value', 'data-metric': label }, value), el('div', { class: 'sub' }, sub));
}
const REPORT_NAMES = { 'soc2-type1': 'SOC 2 Type 1', 'soc2-type2': 'SOC 2 Type 2', 'isae3000-type1': 'ISAE 3000 Type 1', 'isae3000-type2': 'ISAE 3000 Type 2' };

function renderAll(e) {
  const s = e.summary;
  const renewal = e.timing.renewals[0];
  const verdictCls = renewal ? { met: 'good', 'at risk': 'warn', missed: 'bad' }[renewal.verdict] : '';
  const reportKinds = REPORT_NAMES;
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
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
}

function renderScope(e) {
  const cats = e.scope.categories.filter((c) => c.in_scope).map((c) => c.category).join(', ');
  const suggested = e.scope.categories.filter((c) => !c.in_scope && c.suggested).map((c) => `${c.category} (${c.reasons[0]})`);
  body('scope').replaceChildren(
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
  body('effort').replaceChildren(
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
  body('cost').replaceChildren(
    el('h3', {}, `Year one: ${e.currency} ${money(tco1.likely)} (${range(tco1, money)}) · year two: ${money(tco2.likely)}`),
    barChart(items, e.currency),
    el('p', { class: 'muted' }, `Bars show the likely figure, lines the low–high range; excluding VAT.${e.illustrative_rates ? ' Rates are illustrative (no public source gives auditor rates by level): price with your own card.' : ''}`));
}

function renderTimeline(e) {
  const phases = e.timing.phases;
  if (!phases.length) { body('timeline').replaceChildren(el('p', {}, 'No calendar.')); return; }
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
  body('timeline').replaceChildren(svg,
    table(['Milestone', 'Earliest', 'Likely', 'Latest'], e.timing.milestones.map((m) => [m.label, m.low, m.likely, m.high])));
}

// What applying a scenario changes in [engagement]: [key, literal | null] pairs, or null when the
// scenario is the model as it stands. Built-in ids follow `attestplan compare`; the model's own
// [[scenario]]s say their changes as keys.
function scenarioEdits(s, text) {
  const report = tomlGet(text, 'engagement', 'report') || 'soc2-type2';
  const family = String(report).startsWith('isae3000') ? 'isae3000' : 'soc2';
  const edits = [];
  const cats = (s.categories || []).map(tomlString);
  const current = tomlGet(text, 'engagement', 'categories');
  if (s.id === 'as-modelled') return null;
  let m;
  if ((m = s.id.match(/^type2-(\d+)m$/))) edits.push(['report', tomlString(`${family}-type2`)], ['observation_months', m[1]]);
  else if (s.id === 'type1-then-type2') edits.push(['report', tomlString(`${family}-type1`)], ['observation_months', null]);
  else if (!/^(with|without)-/.test(s.id)) {
    const own = tomlEntries(text, 'scenario').find((e) => e.id === s.id);
    if (!own) return null;
    for (const k of ['report', 'observation_months', 'window_start', 'as_of']) {
      if (own.raws[k] !== undefined) edits.push([k, own.raws[k]]);
    }
    if (own.raws.report !== undefined && !String(own.values.report).endsWith('type2')) edits.push(['observation_months', null]);
  }
  if (cats.length && JSON.stringify(s.categories) !== JSON.stringify(current)) edits.push(['categories', tomlList(cats)]);
  // Only what differs from the model: a scenario that is the model already has nothing to apply.
  const differ = edits.filter(([k, v]) => JSON.stringify(tomlGet(text, 'engagement', k)) !== JSON.stringify(v === null ? undefined : tomlValue(v)));
  return differ.length ? differ : null;
}

function applyScenario(s) {
  const edits = scenarioEdits(s, editorText());
  if (!edits) return;
  let t = editorText();
  for (const [k, v] of edits) t = tomlSet(t, 'engagement', k, v);
  setText(t);
  banner(`Applied "${s.label}" to the model (${edits.map(([k]) => k.replace('_', ' ')).join(', ')}). Save to keep it; Ctrl+Z in the editor or Discard reverts.`, 'ok');
}

function renderCompare(c) {
  const verdict = (r) => {
    if (!r) return '–';
    const p = typeof r.probability === 'number' ? ` · ${Math.round(r.probability * 100)}% chance` : '';
    if (r.verdict === 'missed') return el('span', { class: 'verdict-missed' }, `missed by ${-r.slack_days} d${p}`);
    if (r.verdict === 'at risk') return el('span', { class: 'verdict-risk' }, `at risk (+${r.slack_days} d likely)${p}`);
    return el('span', { class: 'verdict-met' }, `met (+${r.slack_days} d)${p}`);
  };
  // Each figure: the likely value with the range the engine gives under it (today low–high; the
  // P10–P90 of the honest-ranges work will take the same place).
  const figure = (r, f) => (r ? el('span', { class: 'fig' }, f(r.likely), el('span', { class: 'range' }, range(r, f))) : '–');
  const date = (r) => (r ? el('span', { class: 'fig' }, r.likely, el('span', { class: 'range' }, `${r.low} to ${r.high}`)) : '–');
  const text = editorText();
  const rows = c.scenarios.map((s) => {
    const edits = scenarioEdits(s, text);
    const action = s.id === 'as-modelled' ? el('span', { class: 'muted' }, 'current model')
      : edits ? el('button', { type: 'button', class: 'small', 'data-apply': s.id, 'aria-label': `Apply ${s.label} to the model` }, 'Apply')
        : el('span', { class: 'muted' }, 'already the model');
    if (s.status !== 'ok') return [s.label, el('span', { class: 'verdict-missed' }, `could not be computed${s.error ? ': ' + s.error : ''}`), '', '', '', '', '', ''];
    return [s.label, date(s.first_report), date(s.type2_report), verdict(s.renewals[0]),
      figure(s.year_one, money), figure(s.two_years, money), figure(s.auditor_hours, fmt), action];
  });
  const rec = c.recommendation
    ? el('section', { class: 'recommendation', 'aria-label': 'Recommendation' }, el('h3', {}, 'Recommendation'), el('p', {}, String(c.recommendation.text || c.recommendation)))
    : '';
  body('compare').replaceChildren(rec,
    table(['Scenario', 'First report', 'Type 2 report', 'Renewal', `Year one (${c.currency})`, `Two years (${c.currency})`, 'Auditor hours', ''], rows, [4, 5, 6]),
    el('p', { class: 'muted' }, 'Likely figures, with the low–high range under each; costs exclude VAT and include readiness, penetration test, tooling and own staff time. Apply writes the scenario into the model (report, window, categories).'));
  for (const b of body('compare').querySelectorAll('[data-apply]')) {
    b.addEventListener('click', () => applyScenario(c.scenarios.find((s) => s.id === b.dataset.apply)));
  }
}

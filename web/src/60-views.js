// ── Views ─────────────────────────────────────────────────────────────────────────────────────
// Totals are simulated (a seeded Monte Carlo over the ledger): each shows its median (P50) with
// the P10–P90 under it and the likely beside; a line's own estimate (a control's samples) keeps
// its low–high.
function line(e, id) { return (e.ledger.find((l) => l.id === id) || {}).value; }
const dayOf = (s) => Date.parse(s + 'T00:00:00Z') / 86400000;
const runsOf = (e) => (e.simulation ? `${fmt(e.simulation.draws)} simulated runs` : 'the simulated runs');

function metric(label, value, subs, cls = '') {
  return el('div', { class: `metric ${cls}` }, el('div', { class: 'label' }, label),
    // elementtiming: the browser reports when each figure is painted (bench/ui-keystroke.mjs reads it).
    el('div', { class: 'value', 'data-metric': label, elementtiming: 'figure' }, value),
    ...[].concat(subs).filter(Boolean).map((s) => el('div', { class: 'sub' }, s)));
}

/// "P10–P90: 412,000–559,400": the spread under the median (the sum of each line's most likely
/// value is not a figure to quote).
function spreadLine(v, f = fmt, to = '–', unit = '') {
  if (!simulated(v)) return `${f(v.likely)}${unit} (not simulated)`;
  return el('span', {}, el('span', { class: 'spread', title: '8 in 10 simulated runs fall in this range' }, `P10–P90: ${spread(v, f, to)}${unit}`));
}

/// Days to spare at the median date (P50), else on the plan's own dates.
const slackOf = (r) => (typeof r.p50_slack_days === 'number' ? r.p50_slack_days : r.slack_days);

function renewalSentence(r) {
  const s = slackOf(r);
  const slack = s >= 0 ? `${days(s)} to spare` : `${days(s)} late`;
  return `renewal ${r.renewal} (needed by ${r.needed_by}): ${slack} at P50`;
}

function renderAll(e) {
  const s = e.summary;
  const renewal = e.timing.renewals[0];
  const verdictCls = renewal ? { met: 'good', 'at risk': 'warn', missed: 'bad' }[renewal.verdict] : '';
  const hours = s.auditor_hours.value;
  const fee = s.fee ? s.fee.value : null;
  const report = s.report_in_hand ? s.report_in_hand.value : null;
  $('summary').replaceChildren(
    metric('Auditor hours', fmt(median(hours)), [`${reportName(e.report)} · median (P50)`, spreadLine(hours, fmt, '–', ' h')]),
    metric(`Fee (${e.currency}, excl. VAT)`, fee ? money(median(fee)) : '–',
      fee ? [`median (P50)${e.illustrative_rates ? ' · illustrative rates' : ''}`, spreadLine(fee, money)] : []),
    metric('Report in hand', report ? median(report) : '–', report ? ['median (P50)', spreadLine(report, asIs, ' to ')] : []),
    metric('Renewal', renewal ? renewal.verdict : 'none set', renewal
      ? [typeof renewal.chance === 'number' ? `in time in ${percent(renewal.chance)} of runs` : '', renewalSentence(renewal)] : [], verdictCls));
  $('summary-bar').replaceChildren(
    el('span', {}, el('b', {}, fmt(median(hours))), ' h'),
    el('span', {}, el('b', {}, fee ? money(median(fee)) : '–'), ` ${e.currency}`),
    el('span', {}, 'report ', el('b', {}, report ? median(report) : '–')),
    renewal ? el('span', { class: verdictCls }, renewal.verdict) : '');
  renderScope(e); renderEffort(e); renderCost(e); renderTimeline(e); renderProposal(e);
}

function table(headers, rows, numeric = [], rowAttrs = () => ({})) {
  const head = el('tr', {}, ...headers.map((h, i) => el('th', numeric.includes(i) ? { class: 'num' } : {}, h)));
  const body = rows.map((r, n) => el('tr', rowAttrs(n), ...r.map((c, i) => el('td', numeric.includes(i) ? { class: 'num' } : {}, c))));
  return el('div', { class: 'table-wrap', tabindex: '0' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
}

function renderScope(e) {
  const cats = e.scope.categories.filter((c) => c.in_scope).map((c) => c.category).join(', ');
  const suggested = e.scope.categories.filter((c) => !c.in_scope && c.suggested).map((c) => `${c.category} (${c.reasons[0]})`);
  body('scope').replaceChildren(
    el('h3', {}, `${e.scope.criteria.length} criteria · ${e.scope.controls.length} controls`),
    el('p', {}, `Categories: ${cats}.`),
    suggested.length ? el('p', { class: 'muted' }, `Suggested but not chosen: ${suggested.join('; ')}.`) : '',
    e.scope.carved_out.length ? el('p', { class: 'muted' }, `Carved-out vendors' controls relevant to ${e.scope.carved_out.join(', ')} (the criteria stay in scope; your own controls still address them).`) : '',
    table(['Control', 'Title', 'Criteria', 'Frequency', 'Samples (low–high)'], e.scope.controls.map((c) => {
      const v = line(e, c.samples_line);
      return [c.id, c.title, c.criteria.join(' '), `${c.frequency}${c.nature === 'automated' ? ' (automated)' : ''}`, v ? range(v) : ''];
    }), [4]),
    el('h3', {}, `Findings (${e.findings.length})`),
    table(['Severity', 'Finding'], e.findings.map((f) => [f.severity, f.message])));
}

const SPREAD_HEADERS = ['P10', 'P50', 'P90'];
const spreadCells = (v, f = fmt) => (simulated(v) ? [v.p10, v.p50, v.p90].map(f) : ['–', `${f(v.likely)} (not simulated)`, '–']);

function renderEffort(e) {
  // The stages' titles are the report framework's (the estimate's JSON says them).
  const rows = ['planning', 'documentation', 'testing', 'reporting'].map((id) => {
    const s = e.summary[`auditor_hours_${id}`] || {};
    const v = s.value || line(e, `total.auditor-hours.${id}`) || { likely: 0 };
    return [s.title || id, ...spreadCells(v)];
  });
  rows.push(['Total', ...spreadCells(e.summary.auditor_hours.value)]);
  const levels = ((e.cost || {}).hours_by_level || []).map((l) => [l.level, ...spreadCells(l.value)]);
  const client = ((e.effort || {}).client_hours || []).map((l) => [l.title, ...spreadCells(l.value)]);
  const num = [1, 2, 3];
  body('effort').replaceChildren(
    el('h3', {}, 'Auditor hours by audit stage'), table(['Stage', ...SPREAD_HEADERS], rows, num),
    el('h3', {}, 'By staff level'), table(['Level', ...SPREAD_HEADERS], levels, num),
    el('h3', {}, "The organization's own hours"), table(['Activity', ...SPREAD_HEADERS], client, num),
    el('p', { class: 'muted' }, `Hours: P10, P50 (median) and P90 of ${runsOf(e)}.`));
}

/// Charts are drawn at the width they are shown at (one unit of the drawing is one pixel), so
/// their text keeps its size from a desktop to a phone; a narrow chart puts each label above its bar.
/// The results column's width is kept by a ResizeObserver (reading it while rendering would force a
/// layout of the page in the middle of an edit); when it changes, the charts are drawn again.
let resultsWidth = 0;
function chartFrame() {
  const right = document.querySelector('.right');
  const w = (resultsWidth || (right && right.clientWidth) || 786) - 26;  // less the panel's padding and border
  const width = Math.round(Math.max(280, Math.min(1000, w)));
  return { w: width, narrow: width < 600 };
}
/// `text` cut to fit `px` in the charts' 11 px type, with an ellipsis (the mark's <title> keeps all
/// of it). Measured on a canvas, which lays nothing out.
let measureCtx = null;
function fitText(text, px) {
  if (!measureCtx) {
    measureCtx = document.createElement('canvas').getContext('2d');
    measureCtx.font = `11px ${getComputedStyle(document.body).fontFamily}`;
  }
  if (measureCtx.measureText(text).width <= px) return text;
  let n = text.length;
  while (n > 4 && measureCtx.measureText(`${text.slice(0, n).trimEnd()}…`).width > px) n -= 1;
  return `${text.slice(0, n).trimEnd()}…`;
}
function watchResultsWidth() {
  new ResizeObserver(([entry]) => {
    const before = resultsWidth;
    resultsWidth = entry.target.clientWidth;
    if (!before || Math.abs(resultsWidth - before) < 16) return;
    if (state.estimate) { renderCost(state.estimate); renderTimeline(state.estimate); }
    if (state.compare) renderCompare(state.compare);
  }).observe(document.querySelector('.right'));
}

/// Bars at the median, whiskers from P10 to P90; each row has a <title> with its figures.
function barChart(items, unit) {
  const { w, narrow } = chartFrame();
  const labelW = narrow ? 0 : 250, rowH = narrow ? 38 : 26, barY = narrow ? 17 : 4, h = items.length * rowH + 24;
  const top = (v) => (simulated(v) ? Math.max(v.p90, v.p50) : v.likely);
  const max = Math.max(1, ...items.map((i) => top(i.value)));
  const x = (v) => labelW + (w - labelW - 100) * v / max;
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img',
    'aria-label': `Cost breakdown in ${unit}: each cost's median (P50) as a bar, its P10–P90 as a line` });
  items.forEach((it, i) => {
    const y = 6 + i * rowH, v = it.value;
    const g = svgEl('g', { class: 'cost-row' });
    g.append(svgEl('title', {}, `${it.label}: median ${money(median(v))} ${unit}${simulated(v) ? `, P10–P90 ${spread(v, money)}` : ''}`));
    g.append(svgEl('text', { x: 0, y: y + (narrow ? 12 : 15) }, fitText(it.label, narrow ? w : labelW - 8)));
    g.append(svgEl('rect', { x: labelW, y: y + barY, width: Math.max(1, x(median(v)) - labelW), height: 16, class: `bar ${it.cls || ''}` }));
    if (simulated(v)) g.append(svgEl('line', { x1: x(v.p10), x2: x(v.p90), y1: y + barY + 8, y2: y + barY + 8, class: 'range' }));
    g.append(svgEl('text', { x: x(top(v)) + 6, y: y + barY + 12, class: 'muted-text' }, `${money(median(v))} ${unit}`));
    svg.append(g);
  });
  return svg;
}

const widestFirst = (s) => [...s.swings].sort((a, b) => (s.unit === 'date' ? b.swing_days - a.swing_days : b.swing - a.swing));
/// How one target of `sensitivity` reads: a fee in money, a report date as dates and days.
function swingFormat(s) {
  const isDate = s.unit === 'date';
  return {
    isDate,
    num: (v) => (isDate ? dayOf(v) : v),
    show: isDate ? asIs : money,
    swing: (sw) => (isDate ? days(sw.swing_days) : `${money(sw.swing)} ${s.unit}`),
  };
}

/// The tornado of one target of `sensitivity`: each input at its P10 and at its P90 with every
/// other input at its median, a bar between the two around the base, widest swing first.
function tornado(s, title) {
  const { num, show, swing } = swingFormat(s);
  const swings = widestFirst(s);
  const base = num(s.base);
  const all = swings.flatMap((sw) => [num(sw.at_p10), num(sw.at_p90)]).concat(base);
  const lo = Math.min(...all), hi = Math.max(...all);
  const { w: width, narrow } = chartFrame();
  const pad = narrow ? 76 : 110, rowH = 38, top = 22, h = top + swings.length * rowH + 4;
  const x = (v) => pad + (width - 2 * pad) * (hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const first = swings[0];
  const svg = svgEl('svg', { class: 'chart tornado', viewBox: `0 0 ${width} ${h}`, width: '100%', role: 'img',
    'aria-label': `${title}: ${plural(swings.length, 'input')}, widest swing first; ${first.label} moves it by ${swing(first)}. The figures follow as a table.` });
  svg.append(svgEl('text', { x: x(base), y: 12, 'text-anchor': 'middle', class: 'muted-text' }, `base ${show(s.base)}`));
  svg.append(svgEl('line', { x1: x(base), x2: x(base), y1: 16, y2: top, class: 'axis base' }));
  swings.forEach((sw, i) => {
    const y = top + i * rowH;
    const a = num(sw.at_p10), b = num(sw.at_p90);
    const g = svgEl('g', { class: 'swing' });
    g.append(svgEl('title', {}, `${sw.label}: ${show(sw.at_p10)} at its P10, ${show(sw.at_p90)} at its P90 (swing ${swing(sw)})`));
    g.append(svgEl('text', { x: 0, y: y + 12 }, fitText(`${sw.label} · ${swing(sw)}`, width)));
    for (const [v, cls] of [[a, 'at-p10'], [b, 'at-p90']]) {
      g.append(svgEl('rect', { x: Math.min(x(v), x(base)), y: y + 17, width: Math.max(1, Math.abs(x(v) - x(base))), height: 14, class: `bar ${cls}` }));
    }
    // The base through the bar only, so the label above stays clear of it.
    g.append(svgEl('line', { x1: x(base), x2: x(base), y1: y + 15, y2: y + 33, class: 'axis base' }));
    const [left, right] = a <= b ? [sw.at_p10, sw.at_p90] : [sw.at_p90, sw.at_p10];
    g.append(svgEl('text', { x: x(Math.min(a, b, base)) - 4, y: y + 28, 'text-anchor': 'end', class: 'muted-text' }, show(left)));
    g.append(svgEl('text', { x: x(Math.max(a, b, base)) + 4, y: y + 28, class: 'muted-text' }, show(right)));
    svg.append(g);
  });
  return svg;
}

/// A tornado with its heading, what it shows, and its figures as a table (for screen readers,
/// and to copy); nothing when the estimate has none.
function tornadoSection(e, target, title) {
  const s = (e.sensitivity || []).find((t) => t.target === target);
  if (!s || !s.swings.length) return '';
  const { isDate, show, swing } = swingFormat(s);
  const unit = isDate ? '' : ` (${s.unit})`;
  return el('section', { class: 'tornado-section', 'data-target': target, 'aria-label': title },
    el('h3', {}, title),
    el('p', { class: 'muted' }, 'Each input at its P10 (dark) and at its P90 (light), every other input at its median; ' +
      `the line is the base, ${show(s.base)}${isDate ? '' : ` ${s.unit}`}. Widest swing first.`),
    tornado(s, title),
    el('details', {}, el('summary', {}, 'The same as a table'),
      table(['Input', `At its P10${unit}`, `At its P90${unit}`, 'Swing'],
        widestFirst(s).map((sw) => [sw.label, show(sw.at_p10), show(sw.at_p90), swing(sw)]), [1, 2, 3])));
}

function renderCost(e) {
  // The fee, then each cost beside it, as the estimate's summary lists them.
  const s = e.summary;
  const items = [
    ...(s.fee ? [{ label: "Auditor's fee", value: s.fee.value, cls: 'fee' }] : []),
    ...((e.cost || {}).beside_fee || []).map((c) => ({ label: c.title, value: c.value })),
  ];
  const none = { likely: 0 };
  const tco1 = s.tco_year_one ? s.tco_year_one.value : none;
  const tco2 = s.tco_year_two ? s.tco_year_two.value : none;
  const tco = (v) => `${money(median(v))}${simulated(v) ? ` (P10–P90 ${spread(v, money)})` : ''}`;
  body('cost').replaceChildren(
    el('h3', {}, `Year one: ${e.currency} ${tco(tco1)} · year two: ${tco(tco2)}`),
    barChart(items, e.currency),
    el('p', { class: 'muted' }, `Bars show the median (P50) of ${runsOf(e)}, lines the P10–P90 range; excluding VAT.` +
      `${e.illustrative_rates ? ' Rates are illustrative (no public source gives auditor rates by level): price with your own card.' : ''}`),
    el('p', { id: 'priced-with', class: 'muted' }, pricedWith(e)),
    tornadoSection(e, 'fee', 'What moves the fee most'));
}

function renderTimeline(e) {
  const phases = e.timing.phases;
  if (!phases.length) { body('timeline').replaceChildren(el('p', {}, 'No calendar.')); return; }
  const day = dayOf;
  // The milestones with a simulated spread: each a band from its P10 to its P90, marked at its P50.
  const spreads = e.timing.milestones.filter((m) => m.value && m.value.p10 && m.value.p90 && m.value.p50);
  let first = Math.min(...phases.map((p) => day(p.start)), ...spreads.map((m) => day(m.value.p10)));
  let last = Math.max(...phases.map((p) => day(p.end)), ...spreads.map((m) => day(m.value.p90)));
  for (const r of e.timing.renewals) last = Math.max(last, day(r.renewal));
  const { w, narrow } = chartFrame();
  // Narrow: each label on a line of its own above its bar (off: how far the bar moves down).
  const labelW = narrow ? 0 : 300, rowH = narrow ? 38 : 24, off = narrow ? 14 : 0, labelY = narrow ? 12 : 15;
  const top = 22, gap = spreads.length ? 14 : 0;
  const rows = phases.length + spreads.length;
  const h = top + rows * rowH + gap + 10;
  const x = (d) => labelW + (w - labelW - 10) * (d - first) / Math.max(1, last - first + 1);
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img',
    'aria-label': 'Timeline: the phases on their likely dates, each milestone\'s P10 to P90 range, the renewals' });
  const start = new Date(first * 86400000);
  // Month labels far enough apart never to collide (a label is about 45 px wide).
  const perMonth = (w - labelW - 10) * 30.44 / Math.max(1, last - first + 1);
  const step = [1, 2, 3, 4, 6, 12].find((n) => n * perMonth >= 64) || 12;
  for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); day(m.toISOString().slice(0, 10)) <= last; m.setUTCMonth(m.getUTCMonth() + step)) {
    const d = day(m.toISOString().slice(0, 10));
    svg.append(svgEl('line', { x1: x(d), x2: x(d), y1: top - 4, y2: h - 6, class: 'axis' }));
    if (x(d) + 48 <= w) svg.append(svgEl('text', { x: x(d) + 2, y: top - 8, class: 'muted-text' }, m.toISOString().slice(0, 7)));
  }
  phases.forEach((p, i) => {
    const y = top + i * rowH;
    const cls = { 'vendor-bridge': 'bridge', 'customer-bridge': 'bridge', 'next-cycle': 'next', window: 'window' }[p.role] || '';
    svg.append(svgEl('text', { x: 0, y: y + labelY }, fitText(p.label, narrow ? w : labelW - 8)));
    const rect = svgEl('rect', { x: x(day(p.start)), y: y + 4 + off, width: Math.max(2, x(day(p.end) + 1) - x(day(p.start))), height: 15, class: `bar ${cls}` });
    rect.append(svgEl('title', {}, `${p.label}: ${p.start} to ${p.end}`));
    svg.append(rect);
  });
  spreads.forEach((m, i) => {
    const y = top + (phases.length + i) * rowH + gap;
    const v = m.value;
    const row = svgEl('g', { class: 'milestone', 'data-milestone': m.id });
    row.append(svgEl('text', { x: 0, y: y + labelY }, fitText(m.label, narrow ? w : labelW - 8)));
    const band = bandWithMedian(row, x(day(v.p10)), x(day(v.p90) + 1), x(day(v.p50) + 0.5), y + off);
    band.append(svgEl('title', {}, `${m.label}: P10 ${v.p10}, P50 ${v.p50}, P90 ${v.p90}`));
    svg.append(row);
  });
  if (spreads.length) {
    const y = top + phases.length * rowH + gap / 2;
    svg.append(svgEl('line', { x1: 0, x2: w, y1: y, y2: y, class: 'axis' }));
  }
  for (const r of e.timing.renewals) {
    const l = svgEl('line', { x1: x(day(r.renewal)), x2: x(day(r.renewal)), y1: top - 4, y2: h - 6, class: 'renewal' });
    l.append(svgEl('title', {}, `Renewal ${r.renewal}: ${r.verdict}${typeof r.chance === 'number' ? `, in time in ${percent(r.chance)} of runs` : ''}`));
    svg.append(l);
    if (r.needed_by) {
      const n = svgEl('line', { x1: x(day(r.needed_by)), x2: x(day(r.needed_by)), y1: top - 4, y2: h - 6, class: 'needed-by' });
      n.append(svgEl('title', {}, `Report needed by ${r.needed_by} for the renewal on ${r.renewal}`));
      svg.append(n);
    }
  }
  // The legend says what each mark is, in words a screen reader reads too.
  const key = (cls, text) => el('li', {}, el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  const legend = el('ul', { class: 'legend', 'aria-label': 'Legend' },
    key('bar', 'a phase, on its likely dates'),
    key('bar window', 'the observation window'),
    phases.some((p) => p.role.endsWith('-bridge')) ? key('bar bridge', 'a bridge letter\'s span') : '',
    phases.some((p) => p.role === 'next-cycle') ? key('bar next', 'the next cycle') : '',
    spreads.length ? key('band', `a milestone's P10 to P90 over ${runsOf(e)}`) : '',
    spreads.length ? key('p50', 'its P50 (the median)') : '',
    e.timing.renewals.length ? key('renewal', 'a customer\'s renewal') : '',
    e.timing.renewals.some((r) => r.needed_by) ? key('needed-by', 'the date the report is needed by for it') : '');
  const renewals = e.timing.renewals.map((r) => el('li', { class: `renewal-${r.verdict.replace(' ', '-')}` },
    `${r.verdict[0].toUpperCase()}${r.verdict.slice(1)}: ${typeof r.chance === 'number' ? `in time in ${percent(r.chance)} of ${runsOf(e)}; ` : ''}` +
    `${renewalSentence(r)}${typeof r.p90_slack_days === 'number' ? `, ${r.p90_slack_days >= 0 ? `${days(r.p90_slack_days)} to spare` : `${days(r.p90_slack_days)} late`} at the P90` : ''}.`));
  body('timeline').replaceChildren(svg, legend,
    renewals.length ? el('ul', { class: 'renewals' }, ...renewals) : '',
    table(['Milestone', ...SPREAD_HEADERS], e.timing.milestones.map((m) => [m.label, ...spreadCells(m.value || {}, asIs)]), [1, 2, 3]),
    el('p', { class: 'muted' }, `The bars show the likely dates; each milestone's band runs from its P10 to its P90 over ${runsOf(e)}, ` +
      'the diamond at its P50, as the table gives them. ' +
      'A renewal is met when at least 90 % of the runs have the report in hand by the date it is needed, missed when at most 10 % do.'),
    tornadoSection(e, 'report', 'What moves the report date most'));
}

// What applying a scenario changes in [engagement]: [key, literal | null] pairs, or null when the
// scenario is the model as it stands. Built-in ids follow `attestplan compare`; the model's own
// [[scenario]]s say their changes as keys.
function scenarioEdits(s, text) {
  const report = tomlGet(text, 'engagement', 'report') || 'soc2-type2';
  const family = String(report).replace(/-type[12]$/, '');  // the framework: "soc2", "isae3000", ...
  const edits = [];
  const cats = (s.categories || []).map(tomlString);
  const current = tomlGet(text, 'engagement', 'categories');
  if (s.id === 'as-modelled') return null;
  let m;
  // A staged plan (a Type 1, then the Type 2 the engagement describes) is type1_first = true.
  if ((m = s.id.match(/^type2-(\d+)m$/))) edits.push(['report', tomlString(`${family}-type2`)], ['observation_months', m[1]], ['type1_first', null]);
  else if (s.id === 'type1-then-type2') edits.push(['report', tomlString(`${family}-type2`)], ['observation_months', '6'], ['type1_first', 'true'], ['window_start', null]);
  else if (!/^(with|without)-/.test(s.id)) {
    const own = tomlEntries(text, 'scenario').find((e) => e.id === s.id);
    if (!own) return null;
    for (const k of ['report', 'observation_months', 'window_start', 'as_of', 'auditor_country']) {
      if (own.raws[k] !== undefined) edits.push([k, own.raws[k]]);
    }
    if (own.raws.report !== undefined && !String(own.values.report).endsWith('type2')) edits.push(['observation_months', null]);
    if (own.values.type1_first === true) edits.push(['type1_first', 'true'], ['window_start', null]);
    else if (own.raws.report !== undefined) edits.push(['type1_first', null]);
  }
  if (cats.length && JSON.stringify(s.categories) !== JSON.stringify(current)) edits.push(['categories', tomlList(cats)]);
  // Only what differs from the model: a scenario that is the model already has nothing to apply.
  const differ = edits.filter(([k, v]) => JSON.stringify(tomlGet(text, 'engagement', k)) !== JSON.stringify(v === null ? undefined : tomlValue(v)));
  return differ.length ? differ : null;
}

function applyScenario(s) {
  const edits = scenarioEdits(s, editorText());
  if (!edits) return;
  // The text before, for Undo: the editor's own undo does not reach a change made by the page.
  const before = editorText();
  let t = before;
  for (const [k, v] of edits) t = tomlSet(t, 'engagement', k, v);
  setText(t);
  banner(`Applied "${s.label}" to the model (${edits.map(([k]) => k.replaceAll('_', ' ')).join(', ')}). Save to keep it.`, 'info',
    [el('button', { type: 'button', id: 'undo-apply' }, 'Undo')]);
  $('undo-apply').addEventListener('click', () => { setText(before); hideBanner(); });
  // Undo puts back the text before the Apply: offered only until the model changes again, so that
  // it never takes later edits with it.
  state.appliedText = t;
}

/// A P10–P90 band from x10 to x90 on a row whose top is y, with the P50's diamond at x50, added to
/// `parent`; returns the band (for its title).
function bandWithMedian(parent, x10, x90, x50, y) {
  const band = svgEl('rect', { x: x10, y: y + 6, width: Math.max(3, x90 - x10), height: 11, class: 'band' });
  parent.append(band, svgEl('path', { d: `M${x50} ${y + 3} l5 9 l-5 9 l-5 -9 z`, class: 'p50' }));
  return band;
}

/// One band per row from its P10 to its P90, a diamond at its P50 and the P50 written beside it;
/// `lines` are vertical marks (a renewal's needed-by date). Rows: { label, v, id }; `num` places a
/// value on the axis, `show` writes it.
function bandChart({ rows, num, show, lines = [], label }) {
  const { w, narrow } = chartFrame();
  const labelW = narrow ? 0 : 280, rowH = narrow ? 36 : 24, off = narrow ? 14 : 0, top = 20, valueW = 84;
  const values = rows.flatMap((r) => [num(r.v.p10), num(r.v.p90)]).concat(lines.map((l) => num(l.at)));
  const lo = Math.min(...values), hi = Math.max(...values);
  const x = (v) => labelW + (w - labelW - valueW) * (hi > lo ? (num(v) - lo) / (hi - lo) : 0.5);
  const h = top + rows.length * rowH + 8;
  const svg = svgEl('svg', { class: 'chart bands', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': label });
  const lowest = rows.reduce((a, r) => (num(r.v.p10) < num(a.v.p10) ? r : a)).v.p10;
  const highest = rows.reduce((a, r) => (num(r.v.p90) > num(a.v.p90) ? r : a)).v.p90;
  svg.append(svgEl('text', { x: labelW, y: 12, class: 'muted-text' }, show(lowest)));
  svg.append(svgEl('text', { x: x(highest), y: 12, 'text-anchor': 'end', class: 'muted-text' }, show(highest)));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const g = svgEl('g', { class: 'scenario-band', 'data-scenario': r.id });
    g.append(svgEl('title', {}, `${r.label}: P10 ${show(r.v.p10)}, P50 ${show(r.v.p50)}, P90 ${show(r.v.p90)}`));
    g.append(svgEl('text', { x: 0, y: y + (narrow ? 12 : 15) }, fitText(r.label, narrow ? w : labelW - 8)));
    bandWithMedian(g, x(r.v.p10), x(r.v.p90), x(r.v.p50), y + off);
    g.append(svgEl('text', { x: x(r.v.p90) + 8, y: y + 15 + off, class: 'muted-text' }, show(r.v.p50)));
    svg.append(g);
  });
  for (const l of lines) {
    const m = svgEl('line', { x1: x(l.at), x2: x(l.at), y1: top - 4, y2: h - 4, class: l.cls });
    m.append(svgEl('title', {}, l.title));
    svg.append(m);
  }
  return svg;
}

/// The scenarios' ranges side by side: when the report is in hand (a staged plan: both reports)
/// against the date the renewal needs it by, and the two-year cost.
function scenarioCharts(c) {
  const ok = c.scenarios.filter((s) => s.status === 'ok');
  const spreadOf = (v) => v && simulated(v);
  const dates = ok.flatMap((s) => {
    const first = spreadOf(s.first_report) ? [{ id: s.id, label: s.label, v: s.first_report }] : [];
    const staged = spreadOf(s.type2_report) && JSON.stringify(s.type2_report) !== JSON.stringify(s.first_report);
    if (staged && first.length) first[0].label = `${s.label}: Type 1`;
    return staged ? [...first, { id: `${s.id}:type2`, label: `${s.label}: Type 2`, v: s.type2_report }] : first;
  });
  const costs = ok.filter((s) => spreadOf(s.two_years)).map((s) => ({ id: s.id, label: s.label, v: s.two_years }));
  const renewal = (ok.find((s) => s.renewals && s.renewals[0] && s.renewals[0].needed_by) || { renewals: [] }).renewals[0];
  const lines = renewal ? [{ at: renewal.needed_by, cls: 'needed-by', title: `Report needed by ${renewal.needed_by} for the renewal on ${renewal.renewal}` }] : [];
  if (!dates.length && !costs.length) return '';
  const key = (cls, text) => el('li', {}, el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  return el('section', { class: 'scenario-charts', 'aria-label': 'The scenarios\' ranges' },
    el('h3', {}, 'The scenarios\' ranges'),
    dates.length ? el('h4', {}, 'Report in hand') : '',
    dates.length ? bandChart({ rows: dates, num: dayOf, show: asIs, lines,
      label: `When each scenario's report is in hand: P10 to P90 as a band, the P50 marked${renewal ? `, against the date the renewal on ${renewal.renewal} needs it by (${renewal.needed_by})` : ''}. The table above gives the same figures.` }) : '',
    costs.length ? el('h4', {}, `Cost over two years (${c.currency}, excl. VAT)`) : '',
    costs.length ? bandChart({ rows: costs, num: (v) => v, show: money,
      label: `Each scenario's cost over two years in ${c.currency}: P10 to P90 as a band, the P50 marked. The table above gives the same figures.` }) : '',
    el('ul', { class: 'legend', 'aria-label': 'Legend' }, key('band', 'P10 to P90 of the simulated runs'), key('p50', 'the P50 (the median), written beside the band'),
      renewal ? key('needed-by', `the date the renewal on ${renewal.renewal} needs the report by`) : ''));
}

function renderCompare(c) {
  const verdict = (r) => {
    if (!r) return '–';
    const cls = { met: 'verdict-met', 'at risk': 'verdict-risk', missed: 'verdict-missed' }[r.verdict] || '';
    const chance = typeof r.chance === 'number' ? `${percent(r.chance)} · ` : '';
    const s = slackOf(r);
    const slack = s >= 0 ? `+${s} d at P50` : `${-s} d late at P50`;
    return el('span', { class: 'fig' }, el('span', { class: cls, 'data-chance': typeof r.chance === 'number' ? String(r.chance) : null }, `${chance}${r.verdict}`),
      el('span', { class: 'range' }, slack));
  };
  // Each figure: the median (P50) with the P10–P90 under it; a date likewise.
  const figure = (r, f, to = '–') => (r ? el('span', { class: 'fig' }, f(median(r)), simulated(r) ? el('span', { class: 'range' }, spread(r, f, to)) : '') : '–');
  const date = (r) => figure(r, asIs, ' to ');
  const recommended = c.recommendation ? c.recommendation.scenario : null;
  const text = editorText();
  const rows = c.scenarios.map((s) => {
    const edits = scenarioEdits(s, text);
    const action = s.id === 'as-modelled' ? el('span', { class: 'muted' }, 'current model')
      : edits ? el('button', { type: 'button', class: 'small', 'data-apply': s.id, 'aria-label': `Apply ${s.label} to the model` }, 'Apply')
        : el('span', { class: 'muted' }, 'already the model');
    const gap = s.coverage_gap_days > 0 ? el('span', { class: 'range' }, `coverage gap of ${days(s.coverage_gap_days)}`) : '';
    const name = el('span', { class: 'fig' }, s.label, s.id === recommended ? el('span', { class: 'badge' }, 'recommended') : '', gap);
    if (s.status !== 'ok') return [name, el('span', { class: 'verdict-missed' }, `could not be computed${s.error ? ': ' + s.error : ''}`), '', '', '', '', '', ''];
    return [name, date(s.first_report), date(s.type2_report), verdict(s.renewals[0]),
      figure(s.year_one, money), figure(s.two_years, money), figure(s.auditor_hours, fmt), action];
  });
  const chosen = c.scenarios.find((s) => s.id === recommended);
  const rec = c.recommendation
    ? el('section', { class: 'recommendation', 'aria-label': 'Recommendation' },
      el('h3', {}, `Recommended: ${chosen ? chosen.label : recommended}`), el('p', {}, `${c.recommendation.reason}`.replace(/([^.])$/, '$1.')))
    : el('p', { class: 'muted' }, 'No scenario could be recommended.');
  const renewal = (c.scenarios.find((s) => s.renewals && s.renewals[0]) || { renewals: [] }).renewals[0];
  const compared = table(['Scenario', 'First report', 'Type 2 report', renewal ? `In time for ${renewal.renewal}` : 'Renewal',
    `Year one (${c.currency})`, `Two years (${c.currency})`, 'Auditor hours', ''], rows, [4, 5, 6],
  (n) => (c.scenarios[n].id === recommended ? { class: 'recommended' } : {}));
  compared.classList.add('compare-table');  // fits a desktop's width: two years and Apply in view
  body('compare').replaceChildren(rec, compared,
    el('p', { class: 'muted' }, 'Medians (P50) of each scenario\'s simulated runs, with the P10–P90 range under each; ' +
      '"in time" is the share of runs with the report in hand by the renewal date less the lead time. ' +
      'Costs exclude VAT and include readiness, penetration test, tooling and own staff time. Apply writes the scenario into the model (report, window, categories).'),
    scenarioCharts(c));
  for (const b of body('compare').querySelectorAll('[data-apply]')) {
    b.addEventListener('click', () => applyScenario(c.scenarios.find((s) => s.id === b.dataset.apply)));
  }
}

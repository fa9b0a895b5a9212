// ── The boundary: a searchable, sortable verdict table, CSOCs, CUECs, and a graph ──────────────
// The graph is laid out in the browser from /api/boundary's JSON (verdicts, reasons) and the
// model's edges (uses, runs_on, stores, accesses, flows_to, provided_by), so no keystroke waits
// for a server-side layout. Nodes sit in a grid inside one box per group (kind, vendor or
// verdict): the layout is linear in the number of nodes and nothing overlaps, so 500 components
// stay readable; the labels that matter (groups, services, vendors, matches, the hovered node) keep
// a legible size at every zoom, the others show once zoomed in far enough to read.
// Cytoscape.js draws it on a canvas: model text never becomes HTML.

const boundaryView = { sort: { key: 'verdict', dir: 1 }, query: '', group: 'kind', cy: null, signature: '', shown: '', data: null, edges: [] };
const VERDICT_ORDER = { 'in-scope': 0, excluded: 1, 'out-of-scope': 2 };
const VERDICT_TEXT = { 'in-scope': 'in scope', excluded: 'excluded', 'out-of-scope': 'out of scope' };
const GRAPH_HINT = 'Drag to pan, scroll or use + and − to zoom; click a node to see its verdict and neighbours.';
const EDGE_KEYS = ['uses', 'runs_on', 'stores', 'accesses', 'flows_to', 'provided_by'];

function boundaryEdges(text) {
  const edges = [];
  for (const table of ['service', 'component']) {
    for (const e of tomlEntries(text, table)) {
      for (const k of EDGE_KEYS) {
        const v = e.values[k];
        for (const to of Array.isArray(v) ? v : v === undefined ? [] : [v]) edges.push({ from: String(e.id), to: String(to), kind: k });
      }
    }
  }
  return edges;
}

function nodeType(n) { return n.node === 'component' ? n.kind || 'component' : n.node; }
/// The vendor group of a node, by the vendor's id: the vendor itself and what it provides share one
/// box (named by groupLabel), so no vendor shows twice.
function nodeVendor(n, byId) {
  if (n.node === 'subservice') return `vendor:${n.id}`;
  const c = byId.get(n.id);
  return c && c.provided_by ? `vendor:${c.provided_by}` : 'own';
}

function setupBoundary() {
  const search = el('input', { id: 'boundary-search', type: 'search', placeholder: 'id, name, kind, reason…', 'aria-describedby': 'boundary-count' });
  const group = el('select', { id: 'boundary-group' },
    el('option', { value: 'kind' }, 'kind'), el('option', { value: 'vendor' }, 'vendor'), el('option', { value: 'verdict' }, 'verdict'));
  const btn = (id, text, label) => el('button', { type: 'button', id, class: 'small', 'aria-label': label }, text);
  const legend = el('ul', { class: 'legend', 'aria-label': 'Legend' },
    el('li', {}, el('span', { class: 'swatch in-scope', 'aria-hidden': 'true' }), 'in scope'),
    el('li', {}, el('span', { class: 'swatch excluded', 'aria-hidden': 'true' }), 'excluded by the model'),
    el('li', {}, el('span', { class: 'swatch out-of-scope', 'aria-hidden': 'true' }), 'out of scope'),
    el('li', {}, el('span', { class: 'swatch service', 'aria-hidden': 'true' }), 'service (thick border)'),
    el('li', {}, el('span', { class: 'swatch vendor', 'aria-hidden': 'true' }), 'subservice organization (cut corners)'),
    el('li', {}, el('span', { class: 'swatch match', 'aria-hidden': 'true' }), 'matches the search'));
  body('boundary').replaceChildren(
    el('div', { class: 'toolbar' },
      el('label', { for: 'boundary-search' }, 'Find'), search,
      el('label', { for: 'boundary-group' }, 'Group by'), group,
      btn('zoom-in', '+', 'Zoom in'), btn('zoom-out', '−', 'Zoom out'), btn('zoom-fit', 'Fit', 'Fit the whole graph'),
      el('span', { id: 'boundary-count', class: 'muted', 'aria-live': 'polite' })),
    // Cytoscape watches its container's attributes and size and redraws everything when either
    // changes (150–200 ms at 1,000 nodes): it draws into an element of its own, and the state this
    // page keeps about the graph (data-drawn, data-nodes…) sits on #graph around it.
    el('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': 'Boundary graph (the table below lists the same nodes)' },
      el('div', { class: 'graph-canvas' })),
    el('p', { id: 'graph-info', class: 'muted', 'aria-live': 'polite' }, GRAPH_HINT),
    legend,
    el('div', { id: 'boundary-details' }));
  search.addEventListener('input', () => { boundaryView.query = search.value.trim().toLowerCase(); applySearch(); });
  search.addEventListener('keydown', (e) => { if (e.key === 'Escape') { search.value = ''; boundaryView.query = ''; applySearch(); } });
  group.addEventListener('change', () => { boundaryView.group = group.value; boundaryView.signature = ''; drawGraph(); });
  $('zoom-in').addEventListener('click', () => zoomBy(1.3));
  $('zoom-out').addEventListener('click', () => zoomBy(1 / 1.3));
  $('zoom-fit').addEventListener('click', () => boundaryView.cy && boundaryView.cy.fit(undefined, 20));
  $('boundary-details').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-show]');
    if (b) focusNode(b.dataset.show);
  });
}

function zoomBy(f) {
  const cy = boundaryView.cy;
  if (!cy) return;
  cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

function renderBoundary(b, text) {
  const edges = boundaryEdges(text);
  // Most edits change a figure, not the system: the same boundary keeps its table and graph (at
  // 1,000 components, rebuilding them is most of an edit's time in the browser).
  const shown = JSON.stringify([b, edges]);
  if (shown === boundaryView.shown) return;
  boundaryView.shown = shown;
  boundaryView.data = b;
  boundaryView.edges = edges;
  boundaryView.entries = new Map(tomlEntries(text, 'component').map((e) => [String(e.id), e.values]));
  scheduleBoundary();
}

/// The verdict table and the graph are drawn once the figures are on screen: at 1,000 components
/// their layout and first paint are the page's costliest work, and the figures need not wait for
/// them. The newest boundary is drawn (a newer one replaces one not drawn yet); #graph's data-drawn
/// says when both are.
function scheduleBoundary() {
  $('graph').dataset.drawn = 'false';
  if (boundaryView.pending) return;
  boundaryView.pending = true;
  requestAnimationFrame(() => setTimeout(async () => {
    await graphLibrary().catch(() => {});  // drawGraph says so when it did not load
    boundaryView.pending = false;
    renderBoundaryDetails();
    drawGraph();
    $('graph').dataset.drawn = 'true';
  }));
}

/// The graph library (graph.js: Cytoscape.js), loaded when the first boundary is drawn, after the
/// first figures: the first load parses only what they need.
let graphLoading = null;
function graphLibrary() {
  if (!graphLoading) {
    graphLoading = new Promise((resolve, reject) => {
      const script = el('script', { src: '/graph.js' });
      script.addEventListener('load', resolve);
      script.addEventListener('error', () => { graphLoading = null; script.remove(); reject(new Error('graph.js did not load')); });
      document.head.append(script);
    });
  }
  return graphLoading;
}

function matches(n) {
  const q = boundaryView.query;
  if (!q) return true;
  return [n.id, n.name, nodeType(n), VERDICT_TEXT[n.verdict], n.reason].some((s) => String(s || '').toLowerCase().includes(q));
}

function renderBoundaryDetails() {
  const b = boundaryView.data;
  const { key, dir } = boundaryView.sort;
  const cols = [['id', 'Id'], ['name', 'Name'], ['type', 'Type'], ['verdict', 'Verdict'], ['reason', 'Reason']];
  const value = (n, k) => (k === 'type' ? nodeType(n) : k === 'verdict' ? VERDICT_ORDER[n.verdict] ?? 9 : String(n[k] || ''));
  const nodes = b.nodes.filter(matches).sort((x, y) => {
    const a = value(x, key), c = value(y, key);
    return (a < c ? -1 : a > c ? 1 : x.id < y.id ? -1 : 1) * dir;
  });
  const head = el('tr', {}, ...cols.map(([k, label]) => {
    const th = el('th', { 'aria-sort': k === key ? (dir > 0 ? 'ascending' : 'descending') : 'none' });
    const sortBtn = el('button', { type: 'button', class: 'sort', 'data-sort': k }, label, el('span', { 'aria-hidden': 'true' }, k === key ? (dir > 0 ? ' ▲' : ' ▼') : ''));
    sortBtn.addEventListener('click', () => {
      boundaryView.sort = { key: k, dir: boundaryView.sort.key === k ? -boundaryView.sort.dir : 1 };
      renderBoundaryDetails();
      document.querySelector(`button.sort[data-sort="${k}"]`).focus();
    });
    th.append(sortBtn);
    return th;
  }));
  const rows = nodes.map((n) => el('tr', { 'data-node': n.id },
    el('td', {}, el('button', { type: 'button', class: 'linkish show', 'data-show': n.id, title: 'Show it in the graph' }, n.id)), el('td', {}, n.name || ''), el('td', {}, nodeType(n)),
    el('td', { class: `verdict ${n.verdict}` }, VERDICT_TEXT[n.verdict] || n.verdict), el('td', {}, n.reason || '')));
  const c = b.counts || {};
  const csocs = (b.subservices || []).flatMap((s) => (s.csocs || []).map((t) => ({ vendor: s.name || s.id, text: t })));
  const vendors = (b.subservices || []).map((s) => [s.name || s.id, s.method, s.report || '', s.report_period_end || '–', (s.covers || []).join(' '), (s.provides || []).join(', ')]);
  $('boundary-count').textContent = boundaryView.query ? `${plural(nodes.length, 'match', 'matches')} of ${b.nodes.length}` : `${plural(b.nodes.length, 'node')}`;
  $('boundary-details').replaceChildren(
    el('h3', {}, `Verdicts: ${c.components_in_scope ?? '?'} components and ${c.subservices_in_scope ?? '?'} subservice organizations in scope`),
    el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { class: 'verdicts', 'aria-label': 'Verdict of every node, with its reason' },
      el('thead', {}, head), el('tbody', {}, ...rows))),
    nodes.length ? '' : el('p', { class: 'muted' }, 'Nothing matches the search.'),
    el('p', { class: 'muted' }, 'Click an id to show it in the graph.'),
    el('h3', {}, `Subservice organizations (${vendors.length})`),
    vendors.length ? table(['Vendor', 'Method', 'Its report', 'Period ends', 'Carries', 'Provides'], vendors) : el('p', { class: 'muted' }, 'None reached by the boundary.'),
    el('h3', {}, `Complementary subservice organization controls (CSOCs, ${csocs.length})`),
    csocs.length ? el('ul', { class: 'csocs' }, ...csocs.map((x) => el('li', {}, x.text))) : el('p', { class: 'muted' }, 'None: no carve-out vendor carries criteria.'),
    el('h3', {}, `Complementary user entity controls (CUECs, ${(b.cuecs || []).length})`),
    (b.cuecs || []).length ? el('ul', { class: 'cuecs' }, ...b.cuecs.map((t) => el('li', {}, t))) : el('p', { class: 'muted' }, 'None.'),
    (b.findings || []).length ? el('h3', {}, `Boundary findings (${b.findings.length})`) : '',
    (b.findings || []).length ? el('ul', { class: 'findings' }, ...b.findings.map((f) => el('li', { class: f.severity }, `${f.severity}: ${f.message}`))) : '');
}

function applySearch() {
  renderBoundaryDetails();
  const cy = boundaryView.cy;
  if (!cy) return;
  const q = boundaryView.query;
  cy.batch(() => {
    cy.nodes().removeClass('match faded');
    if (!q) return;
    const hit = cy.nodes('[kind != "group"]').filter((n) => matches(n.data('node')));
    hit.addClass('match');
    cy.nodes('[kind != "group"]').difference(hit).addClass('faded');
  });
  const hits = cy.nodes('.match');
  $('graph').dataset.matches = String(hits.length);
  if (hits.length) {
    cy.fit(hits, 60);
    // One match: close enough to read it and see its neighbours, not filling the frame.
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(hits); }
  }
}

function graphStyle() {
  return [
    { selector: 'node', style: {
      label: 'data(label)', 'font-size': 12, 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'ellipsis',
      'text-max-width': 140, width: 150, height: 36, shape: 'round-rectangle', 'background-color': '#dcfce7',
      'border-width': 1, 'border-color': '#047857', color: '#111827', 'min-zoomed-font-size': 7 } },
    { selector: 'node[verdict = "out-of-scope"]', style: { 'background-color': '#f3f4f6', 'border-color': '#6b7280', color: '#374151' } },
    { selector: 'node[verdict = "excluded"]', style: { 'background-color': '#ffedd5', 'border-color': '#b45309', 'border-style': 'dashed' } },
    { selector: 'node[type = "service"]', style: { 'border-width': 3, 'font-weight': 'bold' } },
    { selector: 'node[type = "subservice"]', style: { shape: 'cut-rectangle' } },
    { selector: 'node[kind = "group"]', style: {
      label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 16, 'font-weight': 'bold',
      'background-color': '#f8fafc', 'border-color': '#cbd5e1', 'border-width': 1, shape: 'round-rectangle', padding: 14,
      color: '#1e3a8a', 'min-zoomed-font-size': 4 } },
    { selector: 'edge', style: {
      width: 1, 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8', 'target-arrow-shape': 'triangle',
      'curve-style': 'bezier', opacity: 0.55, 'arrow-scale': 0.8 } },
    { selector: 'edge[kind = "provided_by"]', style: { 'line-style': 'dashed' } },
    { selector: 'edge[kind = "flows_to"]', style: { 'line-color': '#2563eb', 'target-arrow-color': '#2563eb' } },
    { selector: '.faded', style: { opacity: 0.2 } },
    { selector: '.match', style: { 'border-width': 4, 'border-color': '#1d4ed8', 'background-color': '#bfdbfe', opacity: 1 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#7c3aed' } },
    { selector: '.near', style: { opacity: 1, width: 2, 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed' } },
  ];
}

/// Positions: one box per group, nodes in a grid inside it (in-scope first), boxes in rows.
/// Nodes on a grid, grouped: each group a block of cells (its members sorted by verdict, then id),
/// the blocks packed in rows. The rows' width is the one (of a range tried) whose drawing, fitted
/// to a frame of `frameW` × `frameH`, is largest on screen: the labels read at Fit where they can.
function gridLayout(nodes, groupOf, frameW, frameH) {
  const groups = new Map();
  for (const n of nodes) {
    const g = groupOf(n);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(n);
  }
  const cellW = 170, cellH = 52, gap = 60;
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [, members] of sorted) {
    members.sort((a, b) => (VERDICT_ORDER[a.verdict] ?? 9) - (VERDICT_ORDER[b.verdict] ?? 9) || (a.id < b.id ? -1 : 1));
  }
  const place = (rowWidth, maxCols) => {
    const pos = new Map();
    let x = 0, y = 0, rowH = 0, right = 0;
    for (const [, members] of sorted) {
      const cols = Math.max(1, Math.min(members.length, maxCols, Math.ceil(Math.sqrt(members.length * 1.5))));
      const w = cols * cellW, h = Math.ceil(members.length / cols) * cellH;
      if (x > 0 && x + w > rowWidth) { x = 0; y += rowH + gap; rowH = 0; }
      members.forEach((n, i) => pos.set(n.id, { x: x + (i % cols) * cellW + cellW / 2, y: y + Math.floor(i / cols) * cellH + cellH / 2 }));
      x += w + gap;
      right = Math.max(right, x - gap);
      rowH = Math.max(rowH, h);
    }
    // The zoom that fits it (the frame's padding and the groups' labels around it).
    return { pos, zoom: Math.min(frameW / (right + 80), frameH / (y + rowH + 110)) };
  };
  const total = nodes.length;
  let best = null;
  for (let k = 0; k < 16; k++) {
    // Row widths from two cells to one row of everything, in even steps of their ratio.
    const rowWidth = cellW * 2 * (Math.max(1, total / 2) ** (k / 15));
    for (const maxCols of [2, 4, Infinity]) {
      const tried = place(rowWidth, maxCols);
      if (!best || tried.zoom > best.zoom) best = tried;
    }
  }
  return best.pos;
}

function drawGraph() {
  const b = boundaryView.data;
  const frame = $('graph');
  const container = frame && frame.querySelector('.graph-canvas');
  if (!b || !container) return;
  const byId = boundaryView.entries;
  const ids = new Set(b.nodes.map((n) => n.id));
  const edges = boundaryView.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const group = boundaryView.group;
  const groupOf = (n) => (group === 'vendor' ? nodeVendor(n, byId) : group === 'verdict' ? VERDICT_TEXT[n.verdict] || n.verdict : nodeType(n));
  const signature = JSON.stringify([group, b.nodes.map((n) => [n.id, n.name, n.verdict, n.kind]), edges]);
  if (signature === boundaryView.signature && boundaryView.cy) return;
  boundaryView.signature = signature;
  const frameW = container.clientWidth || 800, frameH = container.clientHeight || 400;
  const pos = gridLayout(b.nodes, groupOf, frameW, frameH);
  const vendorNames = new Map(b.nodes.filter((n) => n.node === 'subservice').map((n) => [`vendor:${n.id}`, n.name || n.id]));
  const groupLabel = (g) => (group !== 'vendor' ? g : g === 'own' ? 'run by the organization'
    : vendorNames.get(g) || g.replace(/^vendor:/, ''));
  const groups = [...new Set(b.nodes.map(groupOf))];
  const elements = [
    ...groups.map((g) => ({ group: 'nodes', data: { id: `group:${g}`, label: groupLabel(g), kind: 'group' }, selectable: false })),
    ...b.nodes.map((n) => ({ group: 'nodes', data: { id: n.id, parent: `group:${groupOf(n)}`, label: n.name || n.id, verdict: n.verdict, type: n.node, node: n }, position: pos.get(n.id) })),
    ...edges.map((e, i) => ({ group: 'edges', data: { id: `e${i}`, source: e.from, target: e.to, kind: e.kind } })),
  ];
  if (typeof cytoscape !== 'function') {
    boundaryView.signature = null;  // drawn when the library comes
    $('graph-info').textContent = 'The graph could not be drawn: its library did not load (the table below lists every node). Reload the page to try again.';
    return;
  }
  if (boundaryView.cy) boundaryView.cy.destroy();
  // Styled once: the labels sized for the zoom the fit is about to give (the grid's extent in the
  // frame), so that the fit rarely restyles the graph (setLabelSizes below).
  let right = 0, bottom = 0;
  for (const p of pos.values()) { right = Math.max(right, p.x + 170); bottom = Math.max(bottom, p.y + 52); }
  const fitZoom = container.clientWidth > 0 && right > 0
    ? Math.min(container.clientWidth / (right + 80), container.clientHeight / (bottom + 110)) : 1;
  const step = labelStep(Math.min(4, Math.max(0.05, fitZoom)));
  const cy = cytoscape({
    container, elements, style: labelStyle(step), layout: { name: 'preset', fit: true, padding: 20 },
    minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false, autoungrabify: true,
  });
  cy.scratch('labelStep', step);
  boundaryView.cy = cy;
  $('graph-info').textContent = GRAPH_HINT;  // what it described may be gone
  frame.cy = cy;  // for the browser tests: positions and zoom are on a canvas
  frame.dataset.nodes = String(b.nodes.length);
  frame.dataset.edges = String(edges.length);
  frame.dataset.group = group;
  cy.on('tap', 'node[kind != "group"]', (evt) => describeNode(evt.target));
  // Labels by level of detail: hovering a node brings its label up at any zoom.
  cy.on('mouseover', 'node[kind != "group"]', (evt) => evt.target.addClass('hover'));
  cy.on('mouseout', 'node[kind != "group"]', (evt) => evt.target.removeClass('hover'));
  cy.on('zoom', () => scheduleLabelSizes(cy));
  setLabelSizes(cy);
  cy.on('tap', (evt) => { if (evt.target === cy) cy.elements().removeClass('near'); });
  if (boundaryView.query) applySearch();
}

/// The labels that matter read at every zoom (level of detail): the groups' names, the services,
/// the vendors, a search's matches and the node under the pointer keep a size on screen however far
/// the graph is zoomed out; the other nodes' labels show once they are legible (min-zoomed-font-size).
/// Sizes change in steps of a quarter of a zoom octave, so a wheel's many zoom events restyle rarely.
function setLabelSizes(cy) {
  const step = labelStep(cy.zoom());
  if (cy.scratch('labelStep') === step) return;
  cy.scratch('labelStep', step);
  cy.style(labelStyle(step));
}

// Rounded down: the step's zoom is at most the real one, so a label is at least its size on screen.
const labelStep = (zoom) => Math.floor(Math.log2(zoom) * 4 + 1e-9);

/// The graph's style with the labels that matter sized for zoom step `step` (setLabelSizes).
function labelStyle(step) {
  const z = 2 ** (step / 4);
  const onScreen = (px, atLeast) => Math.max(atLeast, px / z);
  return [...graphStyle(),
    { selector: 'node[kind = "group"]', style: { 'font-size': onScreen(14, 16), 'text-max-width': onScreen(600, 600) } },
    { selector: 'node[type = "service"], node[type = "subservice"], node.match, node.hover, node:selected',
      // Within the node's own box (150 of its 170): cut short, not over its neighbour's.
      style: { 'font-size': onScreen(12, 12), 'text-max-width': 150, 'z-index': 10 } }];
}

function scheduleLabelSizes(cy) {
  if (cy.scratch('labelFrame')) return;
  cy.scratch('labelFrame', requestAnimationFrame(() => { cy.scratch('labelFrame', 0); setLabelSizes(cy); }));
}

/// Says what a node is, with its verdict, reason and neighbours, and marks its edges.
function describeNode(n) {
  const cy = boundaryView.cy, d = n.data('node');
  cy.elements().removeClass('near');
  n.connectedEdges().addClass('near');
  const out = n.outgoers('node').map((m) => m.id()), inc = n.incomers('node').map((m) => m.id());
  $('graph-info').textContent = `${d.id}${d.name ? ' — ' + d.name : ''}: ${VERDICT_TEXT[d.verdict] || d.verdict}; ${d.reason || ''}` +
    `${out.length ? `. Depends on: ${out.join(', ')}` : ''}${inc.length ? `. Used by: ${inc.join(', ')}` : ''}.`;
}

/// From the table to the graph: select the node, zoom to where its label reads, describe it.
function focusNode(id) {
  const cy = boundaryView.cy;
  if (!cy) return;
  const n = cy.getElementById(id);
  if (n.empty()) return;
  cy.elements().unselect();
  n.select();
  cy.zoom(Math.max(cy.zoom(), 1));
  cy.center(n);
  describeNode(n);
  $('graph').scrollIntoView({ block: 'nearest' });
}

/// The graph's container was hidden (another tab): measure it again and fit.
function showGraph() {
  const cy = boundaryView.cy;
  if (!cy) return;
  cy.resize();
  if (boundaryView.query && cy.nodes('.match').length) cy.fit(cy.nodes('.match'), 60); else cy.fit(undefined, 20);
}

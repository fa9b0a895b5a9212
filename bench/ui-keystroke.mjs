// The UI as a user feels it, in Debian's chromium through playwright-core (the tests' harness):
//  - an edit in the TOML editor → the figures painted (the browser's own paint time of the new
//    figures, from the Element Timing API: the summary's values carry elementtiming="figure"),
//    debounce, request, server and rendering included, P50 / P95 over EDITS edits;
//  - the first load of the page → the figures painted (navigation start to that paint), and the
//    boundary graph, drawn after the figures, on screen (the frame after it is drawn).
// For the HR SaaS example and a generated 1,000-component model (saved in the workspace).
// Usage: node bench/ui-keystroke.mjs ATTESTPLAN_BIN MODEL_1000.toml [EDITS]   (bench/run-ui runs it)
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startUi, ready } from '../tests/web/harness.mjs';

const [bin, generated, editsArg] = process.argv.slice(2);
const EDITS = Number(editsArg ?? 40);
if (!bin || !generated) throw new Error('usage: node bench/ui-keystroke.mjs ATTESTPLAN_BIN MODEL_1000.toml [EDITS]');

const ui = await startUi(bin, join(process.env.TMPDIR ?? '/tmp', 'attestplan-bench-shots'));
copyFileSync(generated, join(ui.workspace, 'gen-1000.toml'));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (x) => `${x.toFixed(0)} ms`;

// Records, in the page, when the figures are first painted after navigation (the browser's paint
// time of the first element marked elementtiming="figure"), and when the boundary graph, drawn after
// the figures, is first on screen.
const firstReady = () => {
  window.__firstPaintedAt = undefined;
  window.__graphPaintedAt = undefined;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.identifier === 'figure' && window.__firstPaintedAt === undefined) window.__firstPaintedAt = e.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
  const watch = () => {
    const graph = document.getElementById('graph');
    if (!graph) return void requestAnimationFrame(watch);
    const check = () => {
      if (graph.dataset.drawn === 'true' && window.__graphPaintedAt === undefined) {
        window.__graphPaintedAt = null;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__graphPaintedAt = performance.now(); }));
      }
    };
    new MutationObserver(check).observe(graph, { attributes: true, attributeFilter: ['data-drawn'] });
    check();
  };
  document.addEventListener('DOMContentLoaded', watch);
};

for (const [label, model] of [['hr-saas', 'example:hr-saas'], ['1,000 components', 'saved:gen-1000']]) {
  // First load, a fresh browser context each time (nothing cached), five times.
  const loads = [], graphs = [];
  let page;
  for (let i = 0; i < 5; i += 1) {
    if (page) await page.context().close();
    page = await ui.newPage();
    await page.addInitScript(firstReady);
    await page.goto(`${ui.base}?model=${encodeURIComponent(model)}`);
    await ready(page);
    await page.waitForFunction(() => typeof window.__firstPaintedAt === 'number' && typeof window.__graphPaintedAt === 'number');
    loads.push(await page.evaluate(() => window.__firstPaintedAt));
    graphs.push(await page.evaluate(() => window.__graphPaintedAt));
  }
  // Edits, each typed into the editor as one input: the headcount (one more or one fewer employee:
  // the figures change, the system does not), and the last name in the model (a suffix added or
  // taken away: the boundary's table and graph change too).
  const times = await edits(page, 'headcount');
  const renames = await edits(page, 'name');
  await page.context().close();
  console.log(`${label}: edit → figures painted P50 ${fmt(pct(times, 50))}, P95 ${fmt(pct(times, 95))} over ${EDITS} edits `
    + `(a name: P50 ${fmt(pct(renames, 50))}, P95 ${fmt(pct(renames, 95))}); `
    + `first load → figures painted P50 ${fmt(pct(loads, 50))}, worst ${fmt(Math.max(...loads))} of ${loads.length}; `
    + `→ boundary graph painted P50 ${fmt(pct(graphs, 50))}, worst ${fmt(Math.max(...graphs))}`);
}
await ui.close();

async function edits(page, what) {
  const times = [];
  for (let i = 0; i < EDITS; i += 1) {
    times.push(await page.evaluate(async ([kind, step]) => {
      const editor = document.getElementById('editor');
      const layout = document.getElementById('layout');
      const text = kind === 'headcount'
        ? editor.value.replace(/^employees = (\d+)/m, (_, n) => `employees = ${Number(n) + step}`)
        : editor.value.replace(/^(name = ".*?)( \(renamed\))?"(?![\s\S]*^name = ")/m, (_, n, was) => `${n}${was ? '' : ' (renamed)'}"`);
      if (text === editor.value) throw new Error(`the ${kind} edit changed nothing`);
      const t0 = performance.now();
      // The first figure painted after the edit, once the layout is ready with the new figures.
      const painted = new Promise((resolve) => {
        const obs = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.identifier !== 'figure' || e.renderTime <= t0 || layout.dataset.state !== 'ready') continue;
            obs.disconnect();
            resolve(e.renderTime);
            return;
          }
        });
        obs.observe({ type: 'element' });
      });
      editor.value = text;
      editor.dispatchEvent(new Event('input', { bubbles: true }));
      return (await painted) - t0;
    }, [what, i % 2 === 0 ? 1 : -1]));
  }
  return times;
}

// Shared set-up of the UI's browser tests: a real `attestplan serve` on loopback (port 0, a fresh
// workspace) and Debian's chromium driven by playwright-core. No timed assertions: `until` polls a
// condition the user would see, with a generous limit that only bounds a hang.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function startUi(bin, shots) {
  mkdirSync(shots, { recursive: true });
  const workspace = mkdtempSync(join(tmpdir(), 'attestplan-ui-'));
  const server = spawn(bin, ['serve', '--port', '0', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  // A script that dies on an error takes its server with it (else the server holds its output open).
  process.once('exit', () => server.kill('SIGTERM'));
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 15000);
    server.stdout.on('data', (chunk) => {
      const m = String(chunk).match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const ui = {
    base, workspace, browser, errors, shots,
    async newPage(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      // The page must live within its own Content Security Policy (no inline script or style).
      page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
      return page;
    },
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      rmSync(workspace, { recursive: true, force: true });
    },
  };
  return ui;
}

/// Polls a condition from Node until it holds (a bound on a hang, not a timing assertion).
export async function until(what, cond, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { if (await cond()) return; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const metric = (page, label) => page.locator(`[data-metric="${label}"]`);
export async function hours(page) { return (await metric(page, 'Auditor hours').textContent()).trim(); }
export const number = (s) => Number(String(s).replace(/[^0-9.-]/g, ''));

/// Opens the UI on a model and waits until its figures are shown.
export async function open(page, base, model = 'example:hr-saas', view) {
  await page.goto(`${base}?model=${encodeURIComponent(model)}${view ? `&view=${view}` : ''}`);
  await ready(page);
}
export async function ready(page) {
  await until('the figures', async () => (await page.locator('#layout').getAttribute('data-state')) === 'ready'
    && (await page.locator('[data-metric="Auditor hours"]').count()) === 1);
  // The boundary graph follows the figures (drawn once they are on screen).
  await until('the graph', async () => (await page.locator('#graph').getAttribute('data-drawn')) === 'true');
}

/// A gate on an API route: requests wait until release() (to see the states in between).
export async function hold(page, pattern) {
  let open;
  const gate = new Promise((r) => { open = r; });
  const handler = async (route) => { await gate; await route.continue().catch(() => {}); };
  await page.route(pattern, handler);
  return { release: async () => { open(); await page.unroute(pattern, handler); } };
}

/// axe-core's critical and serious violations on the page as it is.
export async function axe(page, impacts = ['critical', 'serious']) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => impacts.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

/// The model's text in the editor (CodeMirror; the element #editor carries it as `value`).
export const editorValue = (page) => page.locator('#editor').evaluate((e) => e.value);
/// Replaces the model's text as one edit, as a paste does (an "input" event follows).
export async function setEditor(page, text) {
  await page.locator('#editor').evaluate((e, v) => { e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }, text);
}

// Browser test of the UI: Debian's chromium driven by playwright-core against a real
// `attestplan serve` on loopback. Usage: node ui.test.mjs ATTESTPLAN_BIN SCREENSHOT_DIR
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [bin, shots] = process.argv.slice(2);
if (!bin || !shots) throw new Error('usage: node ui.test.mjs ATTESTPLAN_BIN SCREENSHOT_DIR');
mkdirSync(shots, { recursive: true });
const workspace = mkdtempSync(join(tmpdir(), 'attestplan-ui-'));
let server, browser, page, base;

before(async () => {
  server = spawn(bin, ['serve', '--port', '0', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 15000);
    server.stdout.on('data', (chunk) => {
      const m = String(chunk).match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { errors.push(String(e)); });
  // The page must live within its own Content Security Policy (no inline script or style).
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
});

const errors = [];

/// Polls a condition from Node (page-side evaluation of test code would itself break the CSP).
async function until(what, cond, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    try { if (await cond()) return; } catch { /* not there yet */ }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  rmSync(workspace, { recursive: true, force: true });
});

const metric = (label) => page.locator(`[data-metric="${label}"]`);
async function hours() { return (await metric('Auditor hours').textContent()).trim(); }

test('open the page, pick the HR SaaS example, switch Type 2 to Type 1 and see the estimate change', async () => {
  await page.goto(base);
  await page.selectOption('#model-picker', 'example:hr-saas');
  await until('the estimate', async () => (await hours()).length > 0);
  await until('the boundary picture', async () => (await page.locator('#boundary-img').getAttribute('src') || '').startsWith('blob:'));
  const type2 = await hours();
  assert.match(await page.locator('.metric .sub').first().textContent(), /SOC 2 Type 2/);
  await page.screenshot({ path: join(shots, 'ui-boundary.png') });
  for (const tab of ['cost', 'timeline', 'compare', 'effort']) {
    await page.click(`.tab[data-tab="${tab}"]`);
    await page.waitForSelector(`#panel-${tab} table, #panel-${tab} svg`);
    await page.screenshot({ path: join(shots, `ui-${tab}.png`) });
  }
  await page.selectOption('#f-report', 'soc2-type1');
  await until('the Type 1 estimate', async () =>
    (await hours()) !== type2 && /SOC 2 Type 1/.test(await page.locator('.metric .sub').first().textContent()));
  const type1 = await hours();
  assert.ok(Number(type1.replace(/,/g, '')) < Number(type2.replace(/,/g, '')), `Type 1 ${type1} h should be below Type 2 ${type2} h`);
  assert.match(await page.inputValue('#editor'), /report = "soc2-type1"/);
});

test('save under a new name, reload, and see it persisted', async () => {
  await page.fill('#save-as-name', 'fjord-type1');
  await page.click('#save-as');
  await page.waitForSelector('#banner:not(.hidden) >> text=Saved as fjord-type1');
  const onDisk = readFileSync(join(workspace, 'fjord-type1.toml'), 'utf8');
  assert.match(onDisk, /report = "soc2-type1"/);
  await page.goto(`${base}?model=saved:fjord-type1`);
  await until('the saved model selected', async () => (await page.inputValue('#model-picker')) === 'saved:fjord-type1');
  await until('the saved text', async () => /report = "soc2-type1"/.test(await page.inputValue('#editor')));
  assert.equal(await page.inputValue('#f-report'), 'soc2-type1');
  await until('the estimate of the saved model', async () => /SOC 2 Type 1/.test(await page.locator('.metric .sub').first().textContent()));
});

test('a stale save shows the conflict to the user and overwrites nothing', async () => {
  // Someone else saves the model after this page loaded it.
  const current = await fetch(`${base}api/models/fjord-type1`);
  const theirs = (await current.text()) + '\n# saved by a colleague\n';
  const put = await fetch(`${base}api/models/fjord-type1`, {
    method: 'PUT', body: theirs, headers: { 'If-Match': current.headers.get('etag'), 'Content-Type': 'application/toml' } });
  assert.equal(put.status, 200);
  await page.check('.cats input[value="privacy"]');
  await page.click('#save');
  await page.waitForSelector('#banner:not(.hidden) >> text=Conflict');
  assert.ok(await page.isVisible('#conflict-reload'));
  await page.screenshot({ path: join(shots, 'ui-conflict.png') });
  assert.equal(readFileSync(join(workspace, 'fjord-type1.toml'), 'utf8'), theirs);
});

test('no script errors and no Content Security Policy violations on the way', () => {
  assert.deepEqual(errors, []);
});

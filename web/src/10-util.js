// attestplan UI: edit a model (as TOML, or through forms that edit the TOML in place), see the
// boundary, scope, effort, cost, timeline and the scenarios recomputed as you type; save to the
// workspace with optimistic concurrency. No framework; model text only ever reaches the page
// through textContent or attributes, never as HTML. The build concatenates web/src/*.js in name
// order into one strict-mode function (server/bundle.cmake), after the graph library.

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v; else if (v === true) e.setAttribute(k, ''); else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === '') continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
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
/// A line's own three-point estimate (low–likely–high), e.g. a control's samples.
const range = (r, f = fmt) => `${f(r.low)}–${f(r.high)}`;
/// A simulated figure ({likely, p10, p50, p90}): has it a spread, its median, its P10–P90.
const simulated = (v) => Boolean(v) && v.p50 !== undefined && v.p10 !== undefined && v.p90 !== undefined;
const median = (v) => (simulated(v) ? v.p50 : v.likely);
const spread = (v, f = fmt, to = '–') => (simulated(v) ? `${f(v.p10)}${to}${f(v.p90)}` : '');
const asIs = (s) => s;
const percent = (share) => `${Math.round(share * 100)}\u00a0%`;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const days = (n) => plural(Math.abs(n), 'day');

let bannerTimer = null;
function banner(text, kind = 'warn', actions = []) {
  const b = $('banner');
  clearTimeout(bannerTimer);
  b.replaceChildren(el('span', {}, text), ...actions);
  b.className = `banner ${kind}`;
  if (kind === 'ok') bannerTimer = setTimeout(() => b.classList.add('hidden'), 5000);
}
function hideBanner() { $('banner').classList.add('hidden'); }

/// A response body as JSON, or an error in words a user understands.
async function readJson(res, what) {
  const text = await res.text();
  try { return JSON.parse(text); } catch {
    throw new UserError(`The server could not ${what} (it answered ${res.status}${res.statusText ? ' ' + res.statusText : ''} ` +
      'without the expected data). The figures shown are from the last successful computation.');
  }
}
class UserError extends Error {}
function userMessage(e, what) {
  if (e instanceof UserError) return e.message;
  if (e instanceof TypeError) {
    return `The attestplan server is not answering, so the ${what} could not be computed. ` +
      'Is `attestplan serve` still running? The figures shown are from the last successful computation.';
  }
  return `Something went wrong while computing the ${what}: ${e.message}`;
}

/// A long run (a portfolio, a calibration, a proposal printed to PDF): `start(token)` sends it,
/// watched by the server under progress=TOKEN; while it lasts, `status` says how far it is
/// (`label`, the phase, units done, seconds so far), asked every PROGRESS_MS. What start returns.
const PROGRESS_MS = 500;
async function watchedRun(status, label, start) {
  const token = `run-${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  let running = true;
  status.textContent = `${label}…`;
  const follow = async () => {
    while (running) {
      await new Promise((resolve) => { setTimeout(resolve, PROGRESS_MS); });
      if (!running) break;
      try {
        const res = await fetch(`/api/progress/${token}`);
        const p = res.ok ? await res.json() : null;
        if (running && p) {
          const count = p.total ? `, ${fmt(p.done)} of ${fmt(p.total)}` : p.done ? `, ${fmt(p.done)} so far` : '';
          status.textContent = `${label}: ${p.phase}${count} (${Math.round(p.seconds)} s)…`;
        }
      } catch { /* the next ask tries again */ }
    }
  };
  follow();
  try { return await start(token); } finally { running = false; }
}

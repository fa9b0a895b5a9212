// ── The model's TOML as a document: read any value, edit one in place ──────────────────────────
// The text stays the one source of truth. tomlScan finds tables and keys with the exact span of
// each value (multi-line arrays and strings included); tomlValue reads a value of any TOML type;
// tomlSet / tomlAddTable / tomlRemoveTable change only the span they name, so comments, blank
// lines and the order of keys survive every edit made through a form.

/// Where a value that starts at (li, col) ends: {line, col} just past its last character.
function scanValue(lines, li, col) {
  let depth = 0, str = null, l = li, c = col, lastL = li, lastC = col;
  for (let guard = 0; guard < 1e6; guard++) {
    const s = lines[l];
    if (c >= s.length) {
      if ((depth === 0 && !str) || l + 1 >= lines.length) return { line: lastL, col: lastC };
      l++; c = 0; continue;
    }
    const ch = s[c];
    if (str) {
      if (ch === '\\' && str[0] === '"') { c += 2; lastL = l; lastC = Math.min(c, s.length); continue; }
      if (s.startsWith(str, c)) {
        c += str.length; str = null; lastL = l; lastC = c;
        continue;
      }
      c++; lastL = l; lastC = c; continue;
    }
    if (ch === '#') { if (depth === 0) return { line: lastL, col: lastC }; c = s.length; continue; }
    if (s.startsWith('"""', c) || s.startsWith("'''", c)) { str = s.substr(c, 3); c += 3; lastL = l; lastC = c; continue; }
    if (ch === '"' || ch === "'") { str = ch; c++; lastL = l; lastC = c; continue; }
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') {
      depth--; c++; lastL = l; lastC = c;
      if (depth <= 0) return { line: l, col: c };
      continue;
    }
    c++;
    if (!/\s/.test(ch)) { lastL = l; lastC = c; }
  }
  return { line: lastL, col: lastC };
}

// The forms, the system list and the graph all read the same text after a keystroke: the last scan
// and the entries read from it are kept (the edit functions copy the lines before changing them).
const tomlCache = { text: null, doc: null, entries: new Map() };

function tomlScan(text) {
  if (tomlCache.text === text) return tomlCache.doc;
  const doc = scanText(text);
  tomlCache.text = text; tomlCache.doc = doc; tomlCache.entries = new Map();
  return doc;
}

function scanText(text) {
  const lines = text.split('\n');
  const root = { name: '', array: false, start: -1, end: lines.length, keys: new Map() };
  const tables = [root];
  let cur = root;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    const h = t.match(/^(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$/);
    if (h) {
      cur.end = i;
      cur = { name: h[2], array: h[1] === '[[', start: i, end: lines.length, keys: new Map() };
      tables.push(cur);
      continue;
    }
    const m = lines[i].match(/^(\s*)([A-Za-z0-9_-]+|"[^"]*")\s*=\s*/);
    if (!m) continue;
    const key = m[2].replace(/^"|"$/g, '');
    const end = scanValue(lines, i, m[0].length);
    const raw = end.line === i ? lines[i].slice(m[0].length, end.col)
      : [lines[i].slice(m[0].length), ...lines.slice(i + 1, end.line), lines[end.line].slice(0, end.col)].join('\n');
    cur.keys.set(key, { line: i, col: m[0].length, endLine: end.line, endCol: end.col, raw });
    i = end.line;
  }
  return { lines, tables };
}

/// The value of a TOML value's text: strings, integers, floats, booleans, dates and times (as their
/// text, e.g. "2027-11-30"), arrays and inline tables. Undefined if it cannot be read.
function tomlValue(raw) {
  if (raw === undefined || raw === null) return undefined;
  let p = 0;
  const fail = () => { throw new Error('bad value'); };
  const ws = () => {
    while (p < raw.length) {
      if (/\s/.test(raw[p])) p++;
      else if (raw[p] === '#') { while (p < raw.length && raw[p] !== '\n') p++; } else break;
    }
  };
  const escapes = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };
  const basic = (s) => s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, e) =>
    (e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (escapes[e] ?? e)));
  function val() {
    ws();
    if (raw.startsWith('"""', p)) {
      let e = raw.indexOf('"""', p + 3); if (e < 0) fail();
      while (raw[e + 3] === '"') e++;
      const s = raw.slice(p + 3, e); p = e + 3;
      return basic(s.replace(/^\r?\n/, '').replace(/\\\r?\n\s*/g, ''));
    }
    if (raw.startsWith("'''", p)) {
      let e = raw.indexOf("'''", p + 3); if (e < 0) fail();
      while (raw[e + 3] === "'") e++;
      const s = raw.slice(p + 3, e); p = e + 3;
      return s.replace(/^\r?\n/, '');
    }
    if (raw[p] === '"') {
      let e = p + 1;
      while (e < raw.length && raw[e] !== '"') e += raw[e] === '\\' ? 2 : 1;
      if (e >= raw.length) fail();
      const s = raw.slice(p + 1, e); p = e + 1;
      return basic(s);
    }
    if (raw[p] === "'") {
      const e = raw.indexOf("'", p + 1); if (e < 0) fail();
      const s = raw.slice(p + 1, e); p = e + 1;
      return s;
    }
    if (raw[p] === '[') {
      p++; const arr = [];
      for (;;) {
        ws();
        if (p >= raw.length) fail();
        if (raw[p] === ']') { p++; return arr; }
        arr.push(val()); ws();
        if (raw[p] === ',') p++; else if (raw[p] !== ']') fail();
      }
    }
    if (raw[p] === '{') {
      p++; const obj = {};
      for (;;) {
        ws();
        if (p >= raw.length) fail();
        if (raw[p] === '}') { p++; return obj; }
        const k = raw.slice(p).match(/^([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=/); if (!k) fail();
        p += k[0].length;
        obj[k[1].replace(/^["']|["']$/g, '')] = val(); ws();
        if (raw[p] === ',') p++; else if (raw[p] !== '}') fail();
      }
    }
    const m = raw.slice(p).match(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?|[^,\]}\s#]+)/);
    if (!m) fail();
    p += m[0].length;
    const s = m[0];
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (/^\d{4}-\d{2}-\d{2}/.test(s) || /^\d{2}:\d{2}/.test(s)) return s;
    if (/^[+-]?(inf|nan)$/.test(s)) return s.includes('nan') ? NaN : (s[0] === '-' ? -Infinity : Infinity);
    if (/^0x[0-9a-fA-F_]+$/.test(s)) return parseInt(s.slice(2).replace(/_/g, ''), 16);
    if (/^0o[0-7_]+$/.test(s)) return parseInt(s.slice(2).replace(/_/g, ''), 8);
    if (/^0b[01_]+$/.test(s)) return parseInt(s.slice(2).replace(/_/g, ''), 2);
    const n = Number(s.replace(/_/g, ''));
    if (Number.isNaN(n)) fail();
    return n;
  }
  try {
    const v = val(); ws();
    return p >= raw.length ? v : undefined;
  } catch { return undefined; }
}

/// The table [name] or the [[name]] whose id is `id`.
function tomlTable(doc, name, id) {
  return doc.tables.find((t) => t.name === name && (id === undefined || tomlValue(t.keys.get('id')?.raw) === id));
}
function tomlGet(text, name, key, id) {
  const t = tomlTable(tomlScan(text), name, id);
  return t && t.keys.has(key) ? tomlValue(t.keys.get(key).raw) : undefined;
}
/// Every [[name]] as {id, values, raw}: the form's view of services, components, vendors.
function tomlEntries(text, name) {
  const doc = tomlScan(text);
  if (!tomlCache.entries.has(name)) tomlCache.entries.set(name, readEntries(doc, name));
  return tomlCache.entries.get(name);
}
function readEntries(doc, name) {
  return doc.tables.filter((t) => t.name === name && t.array).map((t) => {
    const values = {};
    for (const [k, v] of t.keys) values[k] = tomlValue(v.raw);
    return { id: values.id, values, raws: Object.fromEntries([...t.keys].map(([k, v]) => [k, v.raw])) };
  });
}

// Literals written by the form.
const tomlString = (s) => JSON.stringify(String(s));  // JSON's escapes are TOML basic-string escapes
const tomlList = (items) => `[${items.join(', ')}]`;
/// A calendar date written YYYY-MM-DD (2027-02-30 is not one).
function isDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/// Sets key = literal in table name (id for an array table), replacing only the value's span; a
/// null literal removes the key's lines. A new key goes after the table's last key.
function tomlSet(text, name, key, literal, id) {
  const doc = tomlScan(text);
  const t = tomlTable(doc, name, id);
  const lines = doc.lines.slice();
  if (!t) {
    if (literal === null) return text;
    if (name === '') { lines.unshift(`${key} = ${literal}`); return lines.join('\n'); }
    return `${text.replace(/\n*$/, '')}\n\n[${name}]\n${key} = ${literal}\n`;
  }
  const k = t.keys.get(key);
  if (k) {
    if (literal === null) {
      lines.splice(k.line, k.endLine - k.line + 1);
      return lines.join('\n');
    }
    const head = lines[k.line].slice(0, k.col), tail = lines[k.endLine].slice(k.endCol);
    lines.splice(k.line, k.endLine - k.line + 1, head + literal + tail);
    return lines.join('\n');
  }
  if (literal === null) return text;
  const after = t.keys.size ? Math.max(...[...t.keys.values()].map((v) => v.endLine)) : t.start;
  lines.splice(after + 1, 0, `${key} = ${literal}`);
  return lines.join('\n');
}

/// Appends a [[name]] table after the last one of its kind (else before [[scenario]] and
/// [plugins.*], else at the end); entries are [key, literal] pairs in order.
function tomlAddTable(text, name, entries) {
  const doc = tomlScan(text);
  const lines = doc.lines.slice();
  const block = [`[[${name}]]`, ...entries.map(([k, v]) => `${k} = ${v}`)];
  const same = doc.tables.filter((t) => t.name === name && t.array);
  let at;
  if (same.length) {
    const last = same[same.length - 1];
    at = last.keys.size ? Math.max(...[...last.keys.values()].map((v) => v.endLine)) + 1 : last.start + 1;
    lines.splice(at, 0, '', ...block);
    return lines.join('\n');
  }
  const later = doc.tables.find((t) => t.name === 'scenario' || t.name.startsWith('plugins'));
  if (later) {
    at = later.start;
    while (at > 0 && lines[at - 1].trim().startsWith('#')) at--;  // its leading comment stays with it
    lines.splice(at, 0, ...block, '');
    return lines.join('\n');
  }
  return `${text.replace(/\n*$/, '')}\n\n${block.join('\n')}\n`;
}

/// Removes the [[name]] whose id is `id`: its header, keys and the comments between them.
function tomlRemoveTable(text, name, id) {
  const doc = tomlScan(text);
  const t = tomlTable(doc, name, id);
  if (!t) return text;
  const lines = doc.lines.slice();
  let end = t.keys.size ? Math.max(...[...t.keys.values()].map((v) => v.endLine)) : t.start;
  while (end + 1 < t.end && lines[end + 1].trim() === '') end++;
  let start = t.start;
  while (start > 0 && lines[start - 1].trim().startsWith('#')) start--;  // its leading comment
  if (start > 0 && lines[start - 1].trim() === '' && end + 1 >= lines.length) start--;
  lines.splice(start, end - start + 1);
  return lines.join('\n');
}

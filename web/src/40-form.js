// ── Forms that edit the TOML: the key decisions, and services / components / vendors ─────────
// The TOML drives the forms (formFromText after every keystroke) and the forms write back only the
// value they changed (tomlSet), so the text keeps its comments, layout and key order.

const CATEGORIES = ['security', 'availability', 'confidentiality', 'processing-integrity', 'privacy'];

/// The reports of the frameworks table (GET /api/frameworks, loaded at start): id → the name the
/// documents give it, in the table's order. Until it arrives, or if it fails, an id names itself.
const REPORTS = new Map();
const reportName = (id) => REPORTS.get(id) || id;

/// Fills the report choices (the key decisions, New model) from the frameworks table.
async function loadReports() {
  try {
    const res = await fetch('/api/frameworks');
    for (const f of res.ok ? await res.json() : []) for (const r of f.reports) REPORTS.set(r.id, r.name);
  } catch { /* the form keeps what it offers */ }
  if (!REPORTS.size) return;
  for (const id of ['f-report', 'new-report']) {
    const select = $(id), chosen = select.value;
    select.replaceChildren(...[...REPORTS].map(([value, name]) => el('option', { value }, name)));
    // New model starts where init does: a SOC 2 Type 2.
    select.value = REPORTS.has(chosen) ? chosen : 'soc2-type2';
  }
  if (editorText().trim()) formFromText();
  if (state.estimate) renderAll(state.estimate);
}

function formFromText() {
  const t = editorText();
  const doc = tomlScan(t);
  const eng = tomlTable(doc, 'engagement');
  const get = (k) => (eng && eng.keys.has(k) ? tomlValue(eng.keys.get(k).raw) : undefined);
  const report = get('report');
  $('f-report').value = typeof report === 'string' && [...$('f-report').options].some((o) => o.value === report) ? report : 'soc2-type2';
  const type2 = $('f-report').value.endsWith('type2');
  const months = get('observation_months');
  if (document.activeElement !== $('f-months')) $('f-months').value = Number.isFinite(months) ? months : 6;
  $('f-months').disabled = !type2;
  $('f-months').title = type2 ? '' : 'A Type 1 report has no observation window';
  const cats = Array.isArray(get('categories')) ? get('categories') : [];
  for (const box of document.querySelectorAll('.cats input')) {
    if (box.value !== 'security') box.checked = cats.includes(box.value);
  }
  const start = get('start');
  $('f-start').value = typeof start === 'string' && isDate(start.slice(0, 10)) ? start.slice(0, 10) : '';
  const currency = get('currency');
  if (document.activeElement !== $('f-currency')) $('f-currency').value = typeof currency === 'string' ? currency : '';
  const renewals = get('renewal_dates');
  if (document.activeElement !== $('f-renewals')) {
    $('f-renewals').value = Array.isArray(renewals) ? renewals.map((d) => String(d).slice(0, 10)).join(', ') : '';
  }
  renderSystem(t);
}

function note(id, text) { $(id).textContent = text; }

function textFromForm(event) {
  let t = editorText();
  const target = event.target;
  if (target.id === 'f-report') {
    t = tomlSet(t, 'engagement', 'report', tomlString(target.value));
    const type2 = target.value.endsWith('type2');
    if (!type2) t = tomlSet(t, 'engagement', 'observation_months', null);
    else if (tomlGet(t, 'engagement', 'observation_months') === undefined) t = tomlSet(t, 'engagement', 'observation_months', String($('f-months').value || 6));
  } else if (target.id === 'f-months') {
    const asked = Number(target.value);
    const n = Math.min(12, Math.max(3, Math.round(asked) || 6));
    // The field shows what the model says: a value out of range is corrected in both, with the reason.
    target.value = n;
    note('f-months-note', asked !== n ? `A Type 2 window is 3 to 12 months: set to ${n}.` : '');
    t = tomlSet(t, 'engagement', 'observation_months', String(n));
  } else if (target.closest('.cats')) {
    const cats = [...document.querySelectorAll('.cats input')].filter((b) => b.checked).map((b) => tomlString(b.value));
    t = tomlSet(t, 'engagement', 'categories', tomlList(cats));
  } else if (target.id === 'f-start') {
    // Dates are ISO, typed and shown (a browser's date picker shows its locale's order).
    const d = target.value.trim();
    if (d && !isDate(d)) { note('f-start-note', `Not a date (YYYY-MM-DD): ${d}. The model is unchanged.`); return; }
    note('f-start-note', '');
    t = tomlSet(t, 'engagement', 'start', d ? tomlString(d) : null);
  } else if (target.id === 'f-currency') {
    const c = target.value.trim().toUpperCase();
    target.value = c;
    t = tomlSet(t, 'engagement', 'currency', c ? tomlString(c) : null);
  } else if (target.id === 'f-renewals') {
    const dates = target.value.split(/[,\s]+/).filter(Boolean);
    const bad = dates.filter((d) => !isDate(d));
    if (bad.length) { note('f-renewals-note', `Not a date (YYYY-MM-DD): ${bad.join(', ')}. The model is unchanged.`); return; }
    note('f-renewals-note', '');
    // Keep the model's style: bare TOML dates stay bare, quoted dates stay quoted.
    const raw = tomlTable(tomlScan(t), 'engagement')?.keys.get('renewal_dates')?.raw || '';
    const bare = /\[\s*\d{4}-/.test(raw);
    t = tomlSet(t, 'engagement', 'renewal_dates', tomlList(dates.map((d) => (bare ? d : tomlString(d)))));
  } else return;
  setText(t);
}

// ── Services, components and subservice organizations ─────────────────────────────────────────
const KINDS = ['software', 'infrastructure', 'data', 'people', 'procedure', 'facility'];
const DEPLOYS = ['annual', 'semi-annual', 'quarterly', 'monthly', 'weekly', 'daily', 'multiple-daily', 'event-driven', 'continuous'];
const CLASSES = ['public', 'internal', 'confidential', 'personal', 'sensitive-personal', 'financial', 'cardholder', 'transactions', 'health'];
const VENDOR_REPORTS = ['soc2-type2', 'soc2-type1', 'isae3402-type2', 'isae3000-type2', 'iso27001', 'none'];

// Each field: key, label, type (text | select | ids | list | checks | int | bool | date), options.
const ENTITY_FIELDS = {
  service: [
    { key: 'id', label: 'Id', type: 'text', required: true },
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'description', label: 'Description', type: 'text' },
    { key: 'uses', label: 'Uses', type: 'ids' },
    { key: 'commitments', label: 'Commitments to customers', type: 'list', hint: 'e.g. uptime-sla, nda, data-processing-agreement' },
    { key: 'financial_reporting', label: "Feeds customers' financial statements (payroll, billing, settlement)", type: 'bool' },
  ],
  component: [
    { key: 'id', label: 'Id', type: 'text', required: true },
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'kind', label: 'Kind', type: 'select', options: KINDS, required: true },
    { key: 'description', label: 'Description', type: 'text' },
    { key: 'runs_on', label: 'Runs on', type: 'ids' },
    { key: 'uses', label: 'Uses', type: 'ids' },
    { key: 'stores', label: 'Stores', type: 'ids' },
    { key: 'accesses', label: 'Accesses', type: 'ids', kinds: ['people'] },
    { key: 'flows_to', label: 'Data flows to', type: 'ids' },
    { key: 'provided_by', label: 'Provided by (vendor)', type: 'vendor' },
    { key: 'deploys', label: 'Changes', type: 'select', options: DEPLOYS },
    { key: 'role', label: 'Supporting role', type: 'select', options: ['identity-provider', 'source-control', 'ci-cd', 'ticketing', 'monitoring'] },
    { key: 'classification', label: 'Data it holds', type: 'checks', options: CLASSES },
    { key: 'subjects', label: 'Whose personal data', type: 'text', hint: 'e.g. eu, us, global', kinds: ['data'] },
    { key: 'headcount', label: 'Headcount', type: 'int', kinds: ['people'] },
    { key: 'site', label: 'Site', type: 'select', options: ['office', 'data-centre', 'colocation'], kinds: ['facility'] },
    { key: 'exclude', label: 'Excluded from scope on purpose', type: 'bool' },
    { key: 'exclude_reason', label: 'Why excluded', type: 'text' },
  ],
  subservice: [
    { key: 'id', label: 'Id', type: 'text', required: true },
    { key: 'vendor', label: 'From the vendor library', type: 'library' },
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'description', label: 'Description', type: 'text' },
    { key: 'method', label: 'Method', type: 'select', options: ['carve-out', 'inclusive'] },
    { key: 'report', label: 'Its own report', type: 'select', options: VENDOR_REPORTS },
    { key: 'report_period_end', label: 'Its report period ends', type: 'date' },
    { key: 'covers', label: 'Criteria it carries', type: 'list', hint: 'e.g. CC6.4, CC6.5, A1.2' },
  ],
};
/// The vendor library (GET /api/vendors), loaded once at start; empty until then or if it fails.
let VENDOR_LIBRARY = [];

const ENTITY_NAMES = { service: 'service', component: 'component', subservice: 'subservice organization' };

let systemShown = '';
function renderSystem(text) {
  const box = $('system');
  const groups = [['service', 'Services'], ['component', 'Components'], ['subservice', 'Subservice organizations']];
  // The lists change when an entity is added, removed or renamed, not on most keystrokes: the same
  // lists keep their elements (and where the user had scrolled or focused).
  const lists = groups.map(([table]) => tomlEntries(text, table));
  const shown = JSON.stringify(lists.map((entries, i) => entries.map((e) => [e.id, e.values.name, groups[i][0] === 'component' ? e.values.kind : e.values.method])));
  if (shown === systemShown && box.childElementCount) return;
  systemShown = shown;
  const parts = [];
  for (const [g, [table, title]] of groups.entries()) {
    const entries = lists[g];
    const list = el('ul', { class: 'entities', 'aria-label': title });
    for (const e of entries) {
      const id = String(e.id ?? '(no id)');
      const label = e.values.name && e.values.name !== id ? `${id} — ${e.values.name}` : id;
      const kind = table === 'component' ? e.values.kind : table === 'subservice' ? e.values.method || 'carve-out' : '';
      list.append(el('li', {},
        el('span', { class: 'entity-name' }, label), kind ? el('span', { class: 'chip' }, String(kind)) : '',
        el('button', { type: 'button', class: 'small', 'data-edit': table, 'data-id': id, 'aria-label': `Edit ${ENTITY_NAMES[table]} ${id}` }, 'Edit'),
        el('button', { type: 'button', class: 'small', 'data-remove': table, 'data-id': id, 'aria-label': `Remove ${ENTITY_NAMES[table]} ${id}` }, 'Remove')));
    }
    parts.push(el('details', { class: 'entity-group', open: table !== 'component' || entries.length <= 30 },
      el('summary', {}, `${title} (${entries.length})`), list,
      el('button', { type: 'button', class: 'small add', 'data-add': table }, `Add ${ENTITY_NAMES[table]}`)));
  }
  // Keep which groups the user opened or closed.
  const open = [...box.querySelectorAll('details')].map((d) => d.open);
  box.replaceChildren(...parts);
  if (open.length === parts.length) parts.forEach((d, i) => { d.open = open[i]; });
}

function fieldInput(f, value, groups, vendors) {
  const id = `ef-${f.key}`;
  const wrap = (input, extra) => el('div', { class: `field field-${f.type}` }, el('label', { for: id }, f.label + (f.required ? ' (required)' : '')), input, extra || '');
  const hint = f.hint ? el('span', { class: 'muted' }, f.hint) : '';
  switch (f.type) {
    case 'select': case 'vendor': {
      const options = f.type === 'vendor' ? vendors : f.options;
      const s = el('select', { id, name: f.key }, f.required ? '' : el('option', { value: '' }, '(none)'),
        ...options.map((o) => el('option', { value: o }, o)));
      s.value = value === undefined ? (f.required ? options[0] : '') : String(value);
      return wrap(s);
    }
    case 'library': {
      // The usual vendors (GET /api/vendors): choosing one gives the fields left empty its defaults.
      const s = el('select', { id, name: f.key }, el('option', { value: '' }, '(none: state everything below)'),
        ...VENDOR_LIBRARY.map((v) => el('option', { value: v.id }, `${v.name} (${v.id})`)));
      s.value = value === undefined ? '' : String(value);
      const note = el('span', { class: 'muted', id: `${id}-defaults`, 'aria-live': 'polite' });
      const show = () => {
        const v = VENDOR_LIBRARY.find((x) => x.id === s.value);
        note.textContent = v ? `Fields left empty take the library's defaults: ${v.name}; ${v.report}; ${v.method}` +
          (v.covers.length ? `; carries ${v.covers.join(', ')}.` : '.') : '';
      };
      s.addEventListener('change', show);
      show();
      return wrap(s, note);
    }
    case 'checks': {
      const set = new Set(Array.isArray(value) ? value : []);
      return el('fieldset', { class: 'field checks' }, el('legend', {}, f.label),
        ...f.options.map((o) => el('label', {}, el('input', { type: 'checkbox', name: f.key, value: o, checked: set.has(o) }), ` ${o}`)));
    }
    case 'bool':
      return el('div', { class: 'field field-bool' }, el('label', {}, el('input', { id, type: 'checkbox', name: f.key, checked: value === true }), ` ${f.label}`));
    case 'int':
      return wrap(el('input', { id, name: f.key, type: 'number', min: '0', step: '1', value: value ?? '' }));
    case 'date':
      return wrap(el('input', { id, name: f.key, type: 'text', inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}',
        placeholder: 'YYYY-MM-DD', autocomplete: 'off', value: typeof value === 'string' ? value.slice(0, 10) : '' }), hint);
    case 'ids':
      return idPicker(f, value, groups);
    case 'list':
      return wrap(el('input', { id, name: f.key, type: 'text', value: Array.isArray(value) ? value.join(', ') : '' }), hint);
    default:
      return wrap(el('input', { id, name: f.key, type: 'text', value: value ?? '', required: f.required }), hint);
  }
}

/// A reference field: the ids chosen, each a chip with its own Remove, and a choice of the ids the
/// model has (by table) to add one; nothing else can be added. An id the model names but does not
/// have (a dangling reference) shows marked, to be removed. The ids chosen are in the field's
/// hidden input, as JSON.
function idPicker(f, value, groups) {
  const id = `ef-${f.key}`;
  const chosen = Array.isArray(value) ? value.map(String) : [];
  const known = new Set(Object.values(groups).flat());
  const store = el('input', { type: 'hidden', name: f.key });
  const chips = el('ul', { class: 'chips', 'aria-label': `${f.label}: chosen` });
  const add = el('select', { id, 'aria-describedby': `${id}-note` });
  const note = el('span', { class: 'muted', id: `${id}-note`, 'aria-live': 'polite' });
  const show = () => {
    store.value = JSON.stringify(chosen);
    chips.replaceChildren(...chosen.map((c) => {
      const remove = el('button', { type: 'button', class: 'small chip-remove', 'aria-label': `Remove ${c} from ${f.label}` }, '×');
      remove.addEventListener('click', () => {
        chosen.splice(chosen.indexOf(c), 1);
        show();
        note.textContent = `${c} removed.`;
        add.focus();
      });
      return el('li', { class: `chip${known.has(c) ? '' : ' unknown'}`, title: known.has(c) ? '' : 'not in the model' },
        known.has(c) ? c : `${c} (not in the model)`, remove);
    }));
    add.replaceChildren(el('option', { value: '' }, chosen.length ? 'add another…' : 'add one…'),
      ...Object.entries(groups).filter(([, list]) => list.some((i) => !chosen.includes(i))).map(([title, list]) =>
        el('optgroup', { label: title }, ...list.filter((i) => !chosen.includes(i)).map((i) => el('option', { value: i }, i)))));
  };
  add.addEventListener('change', () => {
    if (!add.value) return;
    const picked = add.value;
    chosen.push(picked);
    show();
    note.textContent = `${picked} added.`;
    add.focus();
  });
  show();
  return el('div', { class: 'field field-ids' }, el('label', { for: id }, f.label), chips, add, store, note);
}

/// The literal a field's control holds, or null when empty (the key is then left out).
function fieldLiteral(f, form, original) {
  const input = form.elements.namedItem(f.key);
  switch (f.type) {
    case 'checks': {
      const vals = [...form.querySelectorAll(`input[name="${f.key}"]`)].filter((b) => b.checked).map((b) => b.value);
      return vals.length ? tomlList(vals.map(tomlString)) : null;
    }
    case 'bool': return input.checked ? 'true' : (original === undefined ? null : 'false');
    case 'int': return input.value === '' ? null : String(Math.max(0, Math.round(Number(input.value))));
    case 'date': return input.value.trim() ? input.value.trim() : null;
    case 'ids': {
      const vals = JSON.parse(input.value);
      return vals.length ? tomlList(vals.map(tomlString)) : null;
    }
    case 'list': {
      const vals = input.value.split(',').map((s) => s.trim()).filter(Boolean);
      return vals.length ? tomlList(vals.map(tomlString)) : null;
    }
    default: return input.value.trim() === '' ? null : tomlString(input.value.trim());
  }
}

let entityEdit = null;  // {table, id (undefined when adding)}

function openEntity(table, id) {
  const text = editorText();
  const entry = id === undefined ? null : tomlEntries(text, table).find((e) => String(e.id) === id);
  if (id !== undefined && !entry) return;
  const values = entry ? entry.values : {};
  entityEdit = { table, id, values };
  // What a reference may name: the model's ids by table (not the entity's own).
  const groups = {};
  for (const [t, title] of [['service', 'Services'], ['component', 'Components'], ['subservice', 'Subservice organizations']]) {
    groups[title] = tomlEntries(text, t).map((e) => String(e.id)).filter((i) => i !== String(id));
  }
  const vendors = tomlEntries(text, 'subservice').map((e) => String(e.id));
  $('entity-title').textContent = entry ? `Edit ${ENTITY_NAMES[table]} ${id}` : `Add a ${ENTITY_NAMES[table]}`;
  $('entity-fields').replaceChildren(...ENTITY_FIELDS[table].map((f) => {
    const node = fieldInput(f, values[f.key], groups, vendors);
    if (f.kinds) { node.dataset.kinds = f.kinds.join(' '); node.dataset.key = f.key; }
    return node;
  }));
  // Fields for one kind only (headcount for people, site for facilities…) show for that kind, or
  // when the model already sets them.
  const showKinds = () => {
    const kind = $('ef-kind') ? $('ef-kind').value : '';
    for (const node of $('entity-fields').querySelectorAll('[data-kinds]')) {
      node.hidden = !node.dataset.kinds.split(' ').includes(kind) && values[node.dataset.key] === undefined;
    }
  };
  if ($('ef-kind')) $('ef-kind').addEventListener('change', showKinds);
  showKinds();
  $('entity-error').textContent = '';
  $('entity-dialog').showModal();
  $('ef-id').focus();
}

// The keys that name other elements by id: lists of ids, and provided_by (one vendor).
const REF_LISTS = ['uses', 'runs_on', 'stores', 'accesses', 'flows_to'];

/// Where the model names `id`: [table, entry id, key] for each list or provided_by that holds it.
function referencesTo(text, id) {
  const found = [];
  for (const table of ['service', 'component']) {
    for (const e of tomlEntries(text, table)) {
      for (const key of REF_LISTS) {
        if (Array.isArray(e.values[key]) && e.values[key].map(String).includes(id)) found.push([table, String(e.id), key]);
      }
      if (table === 'component' && String(e.values.provided_by) === id) found.push([table, String(e.id), 'provided_by']);
    }
  }
  return found;
}

/// `text` with every reference to `id` renamed to `to`, or dropped when `to` is null.
function rewriteReferences(text, id, to) {
  let t = text;
  for (const [table, owner, key] of referencesTo(text, id)) {
    if (key === 'provided_by') {
      t = tomlSet(t, table, key, to === null ? null : tomlString(to), owner);
      continue;
    }
    const ids = tomlGet(t, table, key, owner).map(String);
    const next = to === null ? ids.filter((x) => x !== id) : ids.map((x) => (x === id ? to : x));
    t = tomlSet(t, table, key, next.length ? tomlList(next.map(tomlString)) : null, owner);
  }
  return t;
}

const describeRefs = (refs) => refs.map(([, owner, key]) => `${owner}.${key}`).join(', ');

function applyEntity(event) {
  event.preventDefault();
  const { table, id, values } = entityEdit;
  const form = $('entity-form');
  const newId = form.elements.namedItem('id').value.trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(newId)) { $('entity-error').textContent = 'The id is required: letters, digits, -, _ and . only.'; return; }
  // A date field holds a calendar date or nothing: the model is not written with 2027-02-30.
  for (const f of ENTITY_FIELDS[table].filter((x) => x.type === 'date')) {
    const v = form.elements.namedItem(f.key).value.trim();
    if (v && !isDate(v)) {
      $('entity-error').textContent = `${f.label}: ${v} is not a date (YYYY-MM-DD).`;
      form.elements.namedItem(f.key).focus();
      return;
    }
  }
  const text = editorText();
  const taken = ['service', 'component', 'subservice'].flatMap((t) => tomlEntries(text, t).map((e) => String(e.id)));
  if (newId !== id && taken.includes(newId)) { $('entity-error').textContent = `"${newId}" is already used: ids are unique across the model.`; return; }
  let t = text;
  if (id === undefined) {
    const entries = [];
    for (const f of ENTITY_FIELDS[table]) {
      const lit = f.key === 'id' ? tomlString(newId) : fieldLiteral(f, form, undefined);
      if (lit !== null) entries.push([f.key, lit]);
    }
    t = tomlAddTable(t, table, entries);
  } else {
    const fields = ENTITY_FIELDS[table];
    for (const f of fields) {
      if (f.key === 'id') continue;
      const lit = fieldLiteral(f, form, values[f.key]);
      const before = tomlTable(tomlScan(t), table, id)?.keys.get(f.key)?.raw;
      // Rewrite only what changed, so a value's own formatting (and a comment beside it) stays.
      const same = lit === null ? before === undefined : before !== undefined && JSON.stringify(tomlValue(before)) === JSON.stringify(tomlValue(lit));
      if (!same) t = tomlSet(t, table, f.key, lit, id);
    }
    if (newId !== id) {
      // A rename carries every reference along, once the user has seen what else changes.
      const refs = referencesTo(t, id);
      if (refs.length && !window.confirm(`Renaming ${id} to ${newId} also changes ${refs.length === 1 ? 'the reference' : `${refs.length} references`} to it: ${describeRefs(refs)}. Rename?`)) return;
      t = tomlSet(t, table, 'id', tomlString(newId), id);
      t = rewriteReferences(t, id, newId);
    }
  }
  $('entity-dialog').close();
  setText(t);
  banner(id === undefined ? `Added ${ENTITY_NAMES[table]} ${newId} to the model.` : `Updated ${ENTITY_NAMES[table]} ${newId}.`, 'ok');
}

function removeEntity(table, id) {
  // What names it loses the name too, once the user has seen the list: no reference is left dangling.
  const refs = referencesTo(editorText(), id);
  if (refs.length && !window.confirm(`Removing ${ENTITY_NAMES[table]} ${id} also removes it from ${describeRefs(refs)}. Remove?`)) return;
  const before = editorText();
  setText(rewriteReferences(tomlRemoveTable(before, table, id), id, null));
  banner(`Removed ${ENTITY_NAMES[table]} ${id} from the model${refs.length ? ` and from ${describeRefs(refs)}` : ''}. Save to keep it.`, 'info',
    [el('button', { type: 'button', id: 'undo-remove' }, 'Undo')]);
  $('undo-remove').addEventListener('click', () => { setText(before); hideBanner(); });
}

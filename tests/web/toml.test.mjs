// Unit tests of the UI's TOML document model (web/src/20-toml.js), run by node without a browser:
// every value type is read, and edits change only the value they name.
// Usage: node toml.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const src = readFileSync(new URL('../../web/src/20-toml.js', import.meta.url), 'utf8');
const { tomlValue, tomlGet, tomlSet, tomlEntries, tomlAddTable, tomlRemoveTable } =
  new Function(`${src}; return { tomlValue, tomlGet, tomlSet, tomlEntries, tomlAddTable, tomlRemoveTable };`)();

const doc = `# a model
schema = "attestplan/1"

[engagement]
report = "soc2-type2"   # the report
renewal_dates = [2027-11-30, "2028-01-15"]   # renewals
categories = [
  "security",  # always
  "availability",
]
note = """first
# not a comment
second"""
literal = 'C:\\path'
multi_literal = '''a
b'''
table = { a = 1, "b c" = [1, 2], d = { e = true } }
hex = 0xff
oct = 0o17
bin = 0b101
big = 1_000
float = 3.5e2
neg_inf = -inf
when = 1979-05-27T07:32:00Z
local = 1979-05-27 07:32:00
time = 07:32:00
yes = false
escaped = "tab\\tquote\\" \\u00e9"

[[component]]
id = "api"
uses = ["db"]

# the database
[[component]]
id = "db"
kind = 'data'

[[scenario]]
id = "s"
`;

test('every TOML value type is read', () => {
  const g = (k) => tomlGet(doc, 'engagement', k);
  assert.deepEqual(g('renewal_dates'), ['2027-11-30', '2028-01-15']);
  assert.deepEqual(g('categories'), ['security', 'availability']);
  assert.equal(g('note'), 'first\n# not a comment\nsecond');
  assert.equal(g('literal'), 'C:\\path');
  assert.equal(g('multi_literal'), 'a\nb');
  assert.deepEqual(g('table'), { a: 1, 'b c': [1, 2], d: { e: true } });
  assert.equal(g('hex'), 255);
  assert.equal(g('oct'), 15);
  assert.equal(g('bin'), 5);
  assert.equal(g('big'), 1000);
  assert.equal(g('float'), 350);
  assert.equal(g('neg_inf'), -Infinity);
  assert.equal(g('when'), '1979-05-27T07:32:00Z');
  assert.equal(g('local'), '1979-05-27 07:32:00');
  assert.equal(g('time'), '07:32:00');
  assert.equal(g('yes'), false);
  assert.equal(g('escaped'), 'tab\tquote" é');
  assert.equal(tomlValue('"unterminated'), undefined);
  assert.deepEqual(tomlEntries(doc, 'component').map((e) => [e.id, e.values.kind]), [['api', undefined], ['db', 'data']]);
});

test('setting a value changes only its span: comments, multi-line values and order stay', () => {
  const before = doc.split('\n');
  const after = tomlSet(doc, 'engagement', 'renewal_dates', '[2027-12-01]').split('\n');
  const at = before.findIndex((l) => l.startsWith('renewal_dates'));
  assert.equal(after[at], 'renewal_dates = [2027-12-01]   # renewals');
  assert.deepEqual(after.filter((_, i) => i !== at), before.filter((_, i) => i !== at));
  // A multi-line array becomes the new value on its first line; the lines after it stay.
  const cats = tomlSet(doc, 'engagement', 'categories', '["security"]');
  assert.match(cats, /\ncategories = \["security"\]\nnote = """first/);
  // A new key goes after the table's last key; removing a key removes its lines only.
  const added = tomlSet(doc, 'engagement', 'observation_months', '9');
  assert.match(added, /escaped = .*\nobservation_months = 9\n\n\[\[component\]\]/);
  assert.equal(tomlSet(added, 'engagement', 'observation_months', null), doc);
  // Array tables are found by id.
  assert.match(tomlSet(doc, 'component', 'kind', '"software"', 'api'), /id = "api"\nuses = \["db"\]\nkind = "software"\n/);
});

test('tables are added beside their kind and removed with their leading comment', () => {
  const added = tomlAddTable(doc, 'component', [['id', '"new"'], ['kind', '"data"']]);
  assert.match(added, /kind = 'data'\n\n\[\[component\]\]\nid = "new"\nkind = "data"\n\n\[\[scenario\]\]/);
  assert.equal(tomlRemoveTable(added, 'component', 'new'), doc);
  const vendor = tomlAddTable(doc, 'subservice', [['id', '"aws"']]);
  assert.match(vendor, /\[\[subservice\]\]\nid = "aws"\n\n\[\[scenario\]\]/);
  const removed = tomlRemoveTable(doc, 'component', 'db');
  assert.doesNotMatch(removed, /the database|id = "db"/);
  assert.match(removed, /uses = \["db"\]\n\n\[\[scenario\]\]/);
});

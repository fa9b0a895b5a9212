// NIST's OSCAL 1.1.2 schemas and the OSCAL documents written by others in tests/corpus/oscal: the
// schemas are the pinned bytes, compile with ajv in strict mode, and hold each document valid
// against its model's schema; the damaged copies of tests/oscal/cases.json get the verdict each
// case names, at the values it names (see tests/corpus/oscal/README.md). tests/oscal/validate.py
// --self-test holds python3-jsonschema to the same.
// Usage: node oscal.test.mjs CORPUS_DIR CASES_JSON
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSchemas, errorsOf, modelOf, schemaFiles } from './oscal-validate.mjs';

const [dir, casesFile] = process.argv.slice(2);
const failures = [];
const fail = (what) => failures.push(what);

// The README's table of schemas: file, SHA-256 and $id.
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
const table = /^\| (oscal_[a-z-]+_schema\.json) \| ([0-9a-f]{64}) \| (\S+) \|$/gm;
const pinned = [...readme.matchAll(table)];
if (pinned.map(([, file]) => file).sort().join() !== Object.values(schemaFiles).sort().join()) {
  fail(`README.md pins ${pinned.map(([, file]) => file).join(', ')}, not the three schemas`);
}
const schemaDir = join(dir, 'schemas-1.1.2');
for (const [, file, sha, id] of pinned) {
  const bytes = readFileSync(join(schemaDir, file));
  const got = createHash('sha256').update(bytes).digest('hex');
  if (got !== sha) fail(`${file}: sha256 ${got}, README says ${sha}`);
  const schema = JSON.parse(bytes);
  if (schema.$id !== id) fail(`${file}: $id ${schema.$id}, README says ${id}`);
}
const validators = compileSchemas(schemaDir);

// JSON Patch's add, replace and remove (RFC 6902), in place, on the model's root object.
function applyPatch(doc, ops) {
  for (const op of ops) {
    const parts = op.path.split('/').slice(1)
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = parts.pop();
    const parent = parts.reduce((v, p) => v[p], doc);
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(index, 0, op.value);
      else if (op.op === 'replace') parent[index] = op.value;
      else parent.splice(index, 1);
    } else if (op.op === 'add') {
      parent[last] = op.value;
    } else if (!(last in parent)) {
      throw new Error(`${op.op} ${op.path}: no such member`);
    } else if (op.op === 'replace') {
      parent[last] = op.value;
    } else {
      delete parent[last];
    }
  }
}

const { cases } = JSON.parse(readFileSync(casesFile, 'utf8'));
const show = (errors) => errors.map(([p, m]) => `${p}: ${m}`).join('; ');
const documents = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
if (documents.length < 3) fail(`${documents.length} documents, the issue asks for three or more`);
for (const file of documents) {
  if (!readme.includes(`## ${file}`)) fail(`${file} has no provenance entry in README.md`);
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const model = modelOf(doc);
  if (!model) {
    fail(`${file}: no pinned schema covers its model`);
    continue;
  }
  const errors = errorsOf(validators, doc);
  if (errors.length) fail(`${file}: invalid against 1.1.2: ${show(errors)}`);
  // The damaged copies: each case's edit at the model's root, and the verdict it must get there.
  for (const c of cases) {
    const damaged = structuredClone(doc);
    applyPatch(damaged[model], c.patch);
    const got = errorsOf(validators, damaged);
    const want = (c.errors_at ?? []).map((p) => `/${model}${p}`).sort();
    const where = [...new Set(got.map(([p]) => p))].sort();
    if (c.valid && got.length) fail(`${file}: case ${c.name} must be valid: ${show(got)}`);
    if (!c.valid && where.join() !== want.join()) {
      fail(`${file}: case ${c.name} must fail at ${want}, failed at ${where}: ${show(got)}`);
    }
  }
  console.log(`ok ${file} (${model}, oscal-version ${doc[model].metadata['oscal-version']}; `
    + `${cases.length} damaged copies)`);
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log(`${documents.length} documents valid against NIST OSCAL 1.1.2 with ajv (strict); `
  + `${cases.length} cases each`);

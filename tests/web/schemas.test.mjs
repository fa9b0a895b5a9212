// Every JSON document attestplan writes is valid against its published JSON Schema (schemas/),
// for the three examples and for the cases that change a document's shape: another report type,
// a firm file, a firm profile, a cost add-on, a failing plugin. The same documents come from the
// server's API. The schemas are strict (no field they do not name), so a change of shape fails
// here until the schema, and where the change breaks a reader, its version, follow.
// Usage: node schemas.test.mjs ATTESTPLAN_BINARY FIXTURE_PLUGIN_DIR
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const [bin, fixturePlugins] = process.argv.slice(2);
assert.ok(bin && fixturePlugins, 'usage: node schemas.test.mjs ATTESTPLAN_BINARY FIXTURE_PLUGIN_DIR');
const root = new URL('../../', import.meta.url).pathname;
const schemaDir = join(root, 'schemas');

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schemas = {};
for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'))) {
  const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
  ajv.addSchema(schema);
  schemas[file.replace('.schema.json', '')] = schema.$id;
}
const used = new Set();

function check(doc, value, what) {
  const id = schemas[doc];
  assert.ok(id, `no schema for ${doc}`);
  used.add(doc);
  const validate = ajv.getSchema(id);
  if (!validate(value)) {
    const errors = validate.errors.slice(0, 10).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    assert.fail(`${what} is not a valid ${doc} document:\n${errors.join('\n')}`);
  }
}

// Runs the binary; the document is on standard output whatever the exit code (a failing plugin
// exits 3 and still writes what the other stages found).
function run(args, codes = [0]) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(codes.includes(r.status), `attestplan ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const examples = ['hr-saas', 'payments-fintech', 'startup-type1'].map((n) => `models/examples/${n}.toml`);
const work = mkdtempSync(join(tmpdir(), 'attestplan-schemas-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('estimate and plan, for each example, report type, firm file and profile', () => {
  const profile = join(work, 'profile.toml');
  const r = spawnSync(bin, ['calibrate', 'docs/examples/firm-history.csv', '--write-profile', profile], { cwd: root });
  assert.equal(r.status, 0, String(r.stderr));
  for (const model of examples) {
    for (const extra of [[], ['--report', 'soc2-type1'], ['--report', 'isae3000-type2', '--months', '3'],
                         ['--firm', 'examples/firms/example-auditor.toml'], ['--profile', profile]]) {
      check('estimate', run(['estimate', model, '-f', 'json', ...extra]), `estimate ${model} ${extra.join(' ')}`);
    }
    check('estimate', run(['plan', model, '-f', 'json']), `plan ${model}`);
  }
  // A certification, and a combined engagement (its "combined" object).
  check('estimate', run(['estimate', examples[0], '-f', 'json', '--report', 'iso27001-certification']),
        'estimate as a certification');
  // A SOC 2+ (its "scope.additional").
  const plus = join(work, 'hipaa.toml');
  writeFileSync(plus, readFileSync(join(root, examples[0]), 'utf8') +
                '\n[plugins.tsc-scope]\nadditional = ["hipaa-security"]\n');
  const soc2plus = run(['estimate', plus, '-f', 'json']);
  assert.ok(soc2plus.scope.additional && soc2plus.scope.additional[0].requirements > 0, 'a SOC 2+ with its requirements');
  check('estimate', soc2plus, 'estimate of a SOC 2+ (HIPAA)');
  for (const name of ['saas-soc2-iso27001', 'payments-isae3402-iso27001']) {
    const combined = run(['estimate', `models/examples/${name}.toml`, '-f', 'json']);
    assert.ok(combined.combined && combined.combined.savings.length > 0, `${name}: a combined engagement with its savings`);
    assert.ok(combined.combined.overlaps.length > 0, `${name}: what its reports share`);
    check('estimate', combined, `estimate of the combined engagement ${name}`);
  }
});

test('estimate with a cost add-on, and with a stage whose plugin fails', () => {
  const model = examples[0];
  check('estimate', run(['estimate', model, '-f', 'json', '--plugins', join(fixturePlugins, 'fee-addon')]),
        'estimate with the fee-addon fixture');
  for (const plugin of ['exploding-effort', 'nan-cost']) {
    const doc = run(['estimate', model, '-f', 'json', '--plugins', join(fixturePlugins, plugin)], [3]);
    assert.ok(doc.stages.some((s) => s.status === 'failed'), `${plugin}: a stage says it failed`);
    check('estimate', doc, `estimate with the ${plugin} fixture`);
    check('compare', run(['compare', model, '-f', 'json', '--plugins', join(fixturePlugins, plugin)], [3]),
          `compare with the ${plugin} fixture`);
  }
});

test('boundary and compare, for each example', () => {
  for (const model of examples) {
    check('boundary', run(['boundary', model, '-f', 'json']), `boundary ${model}`);
    check('compare', run(['compare', model, '-f', 'json']), `compare ${model}`);
  }
});

test('portfolio, drift, calibrate, catalog and plugins', () => {
  check('portfolio', run(['portfolio', 'models/examples', '-f', 'json']), 'portfolio of the examples');
  check('drift', run(['drift', '--baseline', examples[0], '--current', 'tests/fixtures/drift/hr-saas-next.toml', '-f', 'json']),
        'drift to the next year');
  check('drift', run(['drift', '--baseline', examples[0], '--current', examples[1], '-f', 'json']), 'drift between examples');
  check('calibrate', run(['calibrate', 'docs/examples/firm-history.csv', '-f', 'json']), 'calibrate');
  check('catalog', run(['catalog', 'criteria', '-f', 'json']), 'catalog criteria');
  check('plugins', run(['plugins', '-f', 'json']), 'plugins');
  check('plugins', run(['plugins', '-f', 'json', '--plugins', join(fixturePlugins, 'fee-addon')]), 'plugins with an add-on');
  check('plugins', run(['plugins', '-f', 'json', '--plugins', join(fixturePlugins, 'wrong-abi')]), 'plugins with one refused');
});

test("the server's documents are the same documents", async () => {
  const workspace = join(work, 'workspace');
  const server = spawn(bin, ['serve', '--port', '0', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 15000);
      let said = '';  // the line may come in more than one chunk
      server.stdout.on('data', (chunk) => {
        said += String(chunk);
        const m = said.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
    });
    const model = readFileSync(join(root, examples[1]), 'utf8');
    const post = async (path) => {
      const r = await fetch(base + path, { method: 'POST', body: model, headers: { 'Content-Type': 'application/toml' } });
      assert.equal(r.status, 200, `${path}: ${r.status}`);
      return r.json();
    };
    check('analysis', await post('api/analysis'), 'POST /api/analysis');
    check('estimate', await post('api/estimate'), 'POST /api/estimate');
    check('boundary', await post('api/boundary'), 'POST /api/boundary');
    const plugins = await (await fetch(base + 'api/plugins')).json();
    check('plugins', plugins, 'GET /api/plugins');
  } finally {
    server.kill('SIGTERM');
  }
});

test('the schemas are strict: an unknown field, a missing one or another version is refused', () => {
  const doc = run(['estimate', examples[2], '-f', 'json']);
  const validate = ajv.getSchema(schemas.estimate);
  assert.ok(validate(doc));
  assert.ok(!validate({ ...doc, surprise: 1 }), 'an unknown top-level field');
  const { summary, ...noSummary } = doc;
  assert.ok(summary && !validate(noSummary), 'no summary');
  assert.ok(!validate({ ...doc, schema_version: doc.schema_version - 1 }), 'an older version');
  const renamed = structuredClone(doc);
  renamed.ledger[0].value = { likely: 1, low: 'x' };
  assert.ok(!validate(renamed), 'a ledger value of no known shape');
});

// The shape of every schema (descriptions and titles aside), digested: recorded per version in
// tests/cases/schema-digests.json, so that a schema cannot change shape without the version
// changing too.
function shape(value) {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    // A note (a string) is not shape; a field that happens to be named title or description is.
    const note = (k) => (k === 'description' || k === 'title') && typeof value[k] === 'string';
    return Object.fromEntries(Object.keys(value).sort().filter((k) => !note(k))
      .map((k) => [k, shape(value[k])]));
  }
  return value;
}

test('the schemas change shape only with the version', () => {
  const version = run(['catalog', 'criteria', '-f', 'json']).schema_version;
  const hash = createHash('sha256');
  for (const doc of Object.keys(schemas).sort()) {
    hash.update(doc + JSON.stringify(shape(JSON.parse(readFileSync(join(schemaDir, `${doc}.schema.json`), 'utf8')))));
  }
  const digest = hash.digest('hex');
  const recorded = JSON.parse(readFileSync(join(root, 'tests/cases/schema-digests.json'), 'utf8'));
  assert.equal(recorded[String(version)], digest,
               `the schemas' shape is not the one recorded for schema_version ${version} in tests/cases/schema-digests.json: ` +
               'a change of shape bumps the version (kJsonSchemaVersion), is listed in docs/changelog.md, ' +
               `and records its digest (${digest}) under the new version`);
  for (const id of Object.values(schemas)) assert.match(id, new RegExp(`:${version}$`), `${id} names version ${version}`);
});

test('every published schema is exercised', () => {
  assert.deepEqual([...used].sort(), Object.keys(schemas).sort());
});

// OSCAL documents checked against NIST's OSCAL 1.1.2 JSON schemas with ajv 8 and ajv-formats in
// strict mode: the first of the two validators (the second, python3-jsonschema, is
// tests/oscal/validate.py, with the same usage, exit codes and lines). oscal.test.mjs uses its
// functions on the corpus.
// Usage: node oscal-validate.mjs SCHEMA_DIR FILE...   each FILE against its model's schema in
//        SCHEMA_DIR, by the document's root key; one line per error, "FILE: POINTER: MESSAGE".
// Exit 0 when every document is valid, 1 on any invalid document, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

// The document's root key names its model; each model has its schema file.
export const schemaFiles = {
  'system-security-plan': 'oscal_ssp_schema.json',
  'assessment-plan': 'oscal_assessment-plan_schema.json',
  'component-definition': 'oscal_component_schema.json',
};

// One compiled validator per model, from SCHEMA_DIR's three schema files. ajv's draft-07 class,
// strict, ajv-formats' full formats, and unicodeRegExp on (the default): the patterns' \p{L} needs
// the u flag.
export function compileSchemas(schemaDir) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validators = {};
  for (const [model, file] of Object.entries(schemaFiles)) {
    validators[model] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')));
  }
  return validators;
}

// The OSCAL model a document's root key names, or undefined.
export function modelOf(doc) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return Object.keys(doc).find((k) => k in schemaFiles);
}

// The value a JSON pointer (RFC 6901) names in doc.
function at(doc, pointer) {
  return pointer.split('/').slice(1)
    .reduce((v, p) => v?.[p.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
}

// [pointer, message] for each error, in document order; a document of no known model is one. The
// document's root is "(root)", as validate.py says it.
export function errorsOf(validators, doc) {
  const model = modelOf(doc);
  if (!model) {
    const keys = doc && typeof doc === 'object' ? Object.keys(doc).map((k) => `'${k}'`).join(', ')
      : typeof doc;
    return [['(root)', `no OSCAL model this tool knows at the root (${keys}); it knows `
      + Object.keys(schemaFiles).join(', ')]];
  }
  const validate = validators[model];
  if (validate(doc)) return [];
  return validate.errors
    .map((e) => {
      const value = at(doc, e.instancePath);
      // A scalar's value leads the message, as in jsonschema's "'x' is not a 'date-time'".
      const shown = value !== null && typeof value === 'object' ? '' : `${JSON.stringify(value)} `;
      const extra = e.params?.additionalProperty ? ` ('${e.params.additionalProperty}')` : '';
      return [e.instancePath || '(root)', `${shown}${e.message}${extra}`];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function main(args) {
  if (args.length < 2 || args[0].startsWith('-')) {
    console.error('usage: node oscal-validate.mjs SCHEMA_DIR FILE...');
    return 2;
  }
  const [schemaDir, ...files] = args;
  let validators;
  const texts = [];
  try {
    validators = compileSchemas(schemaDir);
    for (const file of files) texts.push([file, readFileSync(file, 'utf8')]);
  } catch (e) {
    console.error(`oscal-validate.mjs: ${e.message}`);
    return 2;
  }
  let invalid = 0;
  for (const [file, text] of texts) {
    let errors;
    try {
      errors = errorsOf(validators, JSON.parse(text));
    } catch (e) {
      errors = [['(root)', `not JSON: ${e.message}`]];
    }
    for (const [pointer, message] of errors) console.log(`${file}: ${pointer}: ${message}`);
    if (errors.length) invalid += 1;
  }
  return invalid ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}

#!/usr/bin/python3
# The second validator for OSCAL documents (issue #32): NIST's OSCAL 1.1.2 JSON schemas checked with
# Debian's python3-jsonschema (4.10), independent of ajv (tests/web/oscal-validate.mjs), so that an
# OSCAL document attestplan writes or reads is held valid by two implementations, not by one.
#
# The schemas are written for JavaScript's regular expressions (ECMA-262 with the `u` flag, as ajv
# runs them): `\p{L}` and `\p{N}` in NCName tokens, `$` as the end of the string, `.` short of every
# line terminator. Python's `re` has no `\p{…}` and reads `$`, `.` and `\s` otherwise, so the
# `pattern` keyword here translates each pattern to the `regex` module's syntax with JavaScript's
# meaning (translate_pattern) instead of editing the schema files, which are pinned by SHA-256.
# jsonschema 4.10 checks no date-time without rfc3339-validator (not packaged in Debian 12), and
# its date is loose (Python 3.11's date.fromisoformat takes "20240101"): both are RFC 3339 checks of
# our own here.
# uri and uri-reference are jsonschema's own checks through python3-rfc3987; uuid and email are
# jsonschema's. The `"$ref": "#name"` anchors (`$id: "#name"` in definitions) resolve through
# jsonschema's RefResolver; --self-test resolves every one of them.
#
# Usage: validate.py SCHEMA_DIR FILE...   each FILE against its model's schema in SCHEMA_DIR, by the
#                                          document's root key; one line per error, naming the file
#                                          and the JSON pointer of the failing value
#        validate.py --self-test CORPUS_DIR CASES_JSON
#                                          the pins, the corpus and the damaged copies (ctest
#                                          oscal.corpus.python; tests/corpus/oscal/README.md)
# Exit 0 when every document is valid, 1 on any invalid document (or failed self-test), 2 on a usage
# error. Run it with /usr/bin/python3 (the shebang does): another Python may not see Debian's
# packages, which scripts/install-deps installs.
import copy
import datetime
import hashlib
import json
import os
import re
import sys
from importlib import metadata

try:
    import jsonschema
    import regex
    from jsonschema import Draft7Validator, FormatChecker, RefResolver, ValidationError
except ImportError as e:
    sys.exit(f"validate.py: {e}: run it with /usr/bin/python3, with python3-jsonschema and "
             "python3-regex installed (scripts/install-deps)")

# The document's root key names its model; each model has its schema file.
SCHEMA_FILES = {
    "system-security-plan": "oscal_ssp_schema.json",
    "assessment-plan": "oscal_assessment-plan_schema.json",
    "component-definition": "oscal_component_schema.json",
}


class UsageError(Exception):
    """What makes the command, not a document, wrong: exit 2."""


# ---- JavaScript patterns in the regex module -------------------------------------------------

# ECMA-262's \s: WhiteSpace (tab, VT, FF, space, NBSP, ZWNBSP U+FEFF, the Zs category) and
# LineTerminator (LF, CR, U+2028, U+2029). Python's \s differs both ways: it takes U+001C..U+001F
# and U+0085, and leaves U+FEFF out.
JS_SPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# What JavaScript's `.` does not match (without the s flag): the line terminators. Python's `.`
# leaves out only LF.
JS_LINE_TERMINATORS = r"\n\r\u2028\u2029"
# Escapes of characters that stand for themselves in both dialects.
LITERAL_ESCAPES = set("^$\\.*+?()[]{}|/-")


def translate_pattern(js):
    """A JSON Schema `pattern` (ECMA-262, unicode mode) as a `regex` pattern with the same meaning.

    Translates what the two dialects read differently: `$` is the end of the string (\\Z), `.`
    stops at any line terminator, \\s \\S \\d \\w are JavaScript's sets, `\\u{…}` and `(?<name>`.
    `\\p{…}` passes as it is (the regex module reads Unicode properties as JavaScript does). A
    construct it does not know raises ValueError, so a schema that grows one fails loudly instead
    of being checked with another meaning.
    """
    out = []
    i, n = 0, len(js)
    in_class = False
    while i < n:
        c = js[i]
        if c == "\\":
            if i + 1 >= n:
                raise ValueError("ends in a lone backslash")
            e = js[i + 1]
            i += 2
            if e in "pP":
                end = js.find("}", i)
                if not js.startswith("{", i) or end < 0:
                    raise ValueError(f"\\{e} without {{…}}")
                out.append(f"\\{e}{js[i:end + 1]}")
                i = end + 1
            elif e == "u":
                if js.startswith("{", i):
                    end = js.find("}", i)
                    code = int(js[i + 1:end], 16)
                    i = end + 1
                else:
                    code = int(js[i:i + 4], 16)
                    i += 4
                if 0xD800 <= code <= 0xDFFF:
                    raise ValueError("a surrogate \\u escape (JavaScript reads a pair as one)")
                out.append(f"\\U{code:08x}")
            elif e == "x":
                out.append(f"\\x{js[i:i + 2]}")
                i += 2
            elif e in "sSdDwW":
                sets = {"s": JS_SPACE, "d": "0-9", "w": "A-Za-z0-9_"}
                inner = sets[e.lower()]
                if in_class and e.islower():
                    out.append(inner)
                elif in_class:
                    raise ValueError(f"\\{e} inside a character class")
                else:
                    out.append(f"[{inner}]" if e.islower() else f"[^{inner}]")
            elif e in "tnrfv":
                out.append("\\" + e)
            elif e == "0" and not js[i:i + 1].isdigit():
                out.append("\\x00")
            elif e in LITERAL_ESCAPES:
                out.append("\\" + e)
            elif e.isdigit() and not in_class:
                out.append("\\" + e)  # a back-reference
            elif e == "b" and in_class:
                out.append("\\x08")
            else:
                # \b \B (ASCII word boundaries in JavaScript), \c, \k<…>: no schema uses them.
                raise ValueError(f"\\{e} is not translated")
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append(c)
            elif c == "[":
                out.append("\\[")  # literal in JavaScript; the regex module may read a nested set
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            negated = js.startswith("^", i + 1)
            start = i + 2 if negated else i + 1
            if js.startswith("]", start):
                # [] matches nothing and [^] any character in JavaScript; Python reads ] as literal.
                out.append(r"[\s\S]" if negated else "(?!)")
                i = start + 1
                continue
            out.append("[^" if negated else "[")
            in_class = True
            i = start
            continue
        if c == ".":
            out.append(f"[^{JS_LINE_TERMINATORS}]")
        elif c == "$":
            out.append(r"\Z")
        elif js.startswith("(?<", i) and js[i + 3:i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    if in_class:
        raise ValueError("an unclosed character class")
    return "".join(out)


_compiled = {}


def compiled_pattern(js):
    if js not in _compiled:
        _compiled[js] = regex.compile(translate_pattern(js), regex.V0)
    return _compiled[js]


def js_pattern(validator, pattern, instance, schema):
    """The `pattern` keyword with JavaScript's meaning (jsonschema's own uses re.search)."""
    if validator.is_type(instance, "string") and not compiled_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# ---- formats ------------------------------------------------------------------------------------

RFC3339_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
RFC3339_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))",
    re.ASCII)


def is_rfc3339_date(instance):
    """RFC 3339 full-date: YYYY-MM-DD, a day the month has."""
    if not isinstance(instance, str):
        return True
    m = RFC3339_DATE.fullmatch(instance)
    if not m:
        return False
    datetime.date(int(m[1]), int(m[2]), int(m[3]))  # ValueError on a day the month lacks
    return True


def is_rfc3339_date_time(instance):
    """RFC 3339 date-time: full-date T full-time, the time zone required; 23:59:60 (a leap second)
    only where it is 23:59 UTC."""
    if not isinstance(instance, str):
        return True
    m = RFC3339_DATE_TIME.fullmatch(instance)
    if not m or not is_rfc3339_date(m[1]):
        return False
    hour, minute, second = int(m[2]), int(m[3]), int(m[4])
    offset_hours, offset_minutes = int(m[6] or 0), int(m[7] or 0)
    if hour > 23 or minute > 59 or second > 60 or offset_hours > 23 or offset_minutes > 59:
        return False
    if second == 60:
        offset = (offset_hours * 60 + offset_minutes) * (-1 if m[5] == "-" else 1)
        return (hour * 60 + minute - offset) % (24 * 60) == 23 * 60 + 59
    return True


def format_checker():
    """The formats checked: jsonschema's uri and uri-reference (rfc3987), uuid and email, and our
    date and date-time. A missing one is a usage error, not a format left unchecked."""
    try:
        checker = FormatChecker(["uri", "uri-reference", "uuid", "email"])
    except KeyError as e:
        raise UsageError(f"jsonschema checks no {e} format here: install python3-rfc3987 "
                         "(scripts/install-deps)")
    checker.checks("date", raises=ValueError)(is_rfc3339_date)
    checker.checks("date-time", raises=ValueError)(is_rfc3339_date_time)
    return checker


CHECKED_FORMATS = ["date", "date-time", "email", "uri", "uri-reference", "uuid"]

# Draft 7 with the pattern keyword above.
OscalValidator = jsonschema.validators.extend(Draft7Validator, {"pattern": js_pattern})


def _no_network(uri):
    raise jsonschema.RefResolutionError(f"{uri} is outside the schema, and nothing is fetched")


def _strings_under(node, key):
    """Every string value of `key` in a schema, at any depth (its patterns, its $refs)."""
    if isinstance(node, dict):
        if isinstance(node.get(key), str):
            yield node[key]
        for v in node.values():
            yield from _strings_under(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _strings_under(v, key)


def load_validators(schema_dir):
    """One validator per model, from SCHEMA_DIR's three schema files."""
    checker = format_checker()
    validators = {}
    for model, name in SCHEMA_FILES.items():
        path = os.path.join(schema_dir, name)
        try:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
        except (OSError, ValueError) as e:
            raise UsageError(f"{path}: {e}")
        try:
            Draft7Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            raise UsageError(f"{path}: not a draft-07 schema: {e.message}")
        for p in _strings_under(schema, "pattern"):
            try:
                compiled_pattern(p)
            except (ValueError, regex.error) as e:
                raise UsageError(f"{path}: pattern {p!r}: {e}")
        resolver = RefResolver.from_schema(
            schema, handlers={"http": _no_network, "https": _no_network})
        validators[model] = OscalValidator(schema, resolver=resolver, format_checker=checker)
    return validators


# ---- validating documents ---------------------------------------------------------------------

def json_pointer(path):
    """The JSON pointer (RFC 6901) of an error's instance; the document's root is "(root)"."""
    if not path:
        return "(root)"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def model_of(doc):
    """The OSCAL model a document's root key names, or None."""
    if not isinstance(doc, dict):
        return None
    return next((k for k in doc if k in SCHEMA_FILES), None)


def errors_of(validators, doc):
    """(pointer, message) for each error, by pointer; a document of no known model is one error."""
    model = model_of(doc)
    if model is None:
        keys = ", ".join(repr(k) for k in doc) if isinstance(doc, dict) else type(doc).__name__
        return [("(root)", f"no OSCAL model this tool knows at the root ({keys}); it knows "
                 + ", ".join(SCHEMA_FILES))]
    errors = validators[model].iter_errors(doc)
    return sorted(((json_pointer(e.absolute_path), e.message) for e in errors), key=lambda e: e[0])


def validate_files(schema_dir, files):
    validators = load_validators(schema_dir)
    docs = []
    for file in files:
        try:
            with open(file, "rb") as f:
                docs.append((file, f.read()))
        except OSError as e:
            raise UsageError(f"{file}: {e.strerror}")
    invalid = 0
    for file, data in docs:
        try:
            doc = json.loads(data)
        except ValueError as e:
            errors = [("(root)", f"not JSON: {e}")]
        else:
            errors = errors_of(validators, doc)
        for pointer, message in errors:
            print(f"{file}: {pointer}: {message}")
        invalid += bool(errors)
    return 1 if invalid else 0


# ---- the self-test (ctest oscal.corpus.python) ------------------------------------------------

def apply_patch(doc, ops):
    """A JSON-Patch subset (RFC 6902 add, replace, remove) on doc, in place."""
    for op in ops:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        last = parts[-1]
        if isinstance(parent, list):
            index = len(parent) if last == "-" else int(last)
            if op["op"] == "add":
                parent.insert(index, op["value"])
            elif op["op"] == "replace":
                parent[index] = op["value"]
            else:
                del parent[index]
        elif op["op"] == "add":
            parent[last] = op["value"]
        elif last not in parent:
            raise KeyError(f"{op['op']} {op['path']}: no such member")
        elif op["op"] == "replace":
            parent[last] = op["value"]
        else:
            del parent[last]


def self_test(corpus_dir, cases_file):
    failures = []
    fail = failures.append

    # The README's table of schemas: file, SHA-256 and $id (as tests/web/oscal.test.mjs reads it).
    with open(os.path.join(corpus_dir, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    pinned = re.findall(r"^\| (oscal_[a-z-]+_schema\.json) \| ([0-9a-f]{64}) \| (\S+) \|$", readme,
                        re.MULTILINE)
    if sorted(p[0] for p in pinned) != sorted(SCHEMA_FILES.values()):
        fail(f"README.md pins {[p[0] for p in pinned]}, not {sorted(SCHEMA_FILES.values())}")
    schema_dir = os.path.join(corpus_dir, "schemas-1.1.2")
    for name, sha, schema_id in pinned:
        with open(os.path.join(schema_dir, name), "rb") as f:
            data = f.read()
        got = hashlib.sha256(data).hexdigest()
        if got != sha:
            fail(f"{name}: sha256 {got}, README says {sha}")
        if json.loads(data).get("$id") != schema_id:
            fail(f"{name}: $id {json.loads(data).get('$id')}, README says {schema_id}")
    validators = load_validators(schema_dir)

    # Every "#name" reference resolves to the definition whose $id is "#name": the anchors work.
    anchors = 0
    for model, v in validators.items():
        schema = v.schema
        by_id = {d["$id"]: d for d in schema["definitions"].values() if "$id" in d}
        refs = {r for r in _strings_under(schema, "$ref") if r[:1] == "#" and r[:2] != "#/"}
        for ref in sorted(refs):
            _, resolved = v.resolver.resolve(ref)
            if resolved is not by_id.get(ref):
                fail(f"{SCHEMA_FILES[model]}: {ref} resolves to another schema than its definition")
        anchors += len(refs)
    print(f"ok {anchors} '#name' references resolve to their definitions")

    with open(cases_file, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    documents = sorted(f for f in os.listdir(corpus_dir) if f.endswith(".json"))
    if len(documents) < 3:
        fail(f"{len(documents)} documents, the issue asks for three or more")
    for file in documents:
        with open(os.path.join(corpus_dir, file), encoding="utf-8") as f:
            doc = json.load(f)
        model = model_of(doc)
        if model is None:
            fail(f"{file}: no model this tool knows")
            continue
        errors = errors_of(validators, doc)
        for pointer, message in errors:
            fail(f"{file}: {pointer}: {message}")
        # The damaged copies: each case's edit, at the model's root, and the verdict it must get.
        for case in cases:
            damaged = copy.deepcopy(doc)
            apply_patch(damaged[model], case["patch"])
            got = errors_of(validators, damaged)
            want = sorted(f"/{model}{p}" for p in case.get("errors_at", []))
            at = sorted({p for p, _ in got})
            if case["valid"] and got:
                fail(f"{file}: case {case['name']} must be valid: "
                     + "; ".join(f"{p}: {m}" for p, m in got))
            elif not case["valid"] and at != want:
                fail(f"{file}: case {case['name']} must fail at {want}, failed at {at}: "
                     + "; ".join(f"{p}: {m}" for p, m in got))
        print(f"ok {file} ({model}, oscal-version {doc[model]['metadata']['oscal-version']}; "
              f"{len(cases)} damaged copies)")

    if failures:
        for f in failures:
            print(f"FAIL {f}", file=sys.stderr)
        return 1
    print(f"{len(documents)} documents valid against NIST OSCAL 1.1.2 with python3-jsonschema "
          f"{metadata.version('jsonschema')} (Draft7Validator; patterns in the regex module with "
          f"JavaScript's meaning; formats checked: {', '.join(CHECKED_FORMATS)}); "
          f"{len(cases)} cases each")
    return 0


def main(argv):
    try:
        if argv[:1] == ["--self-test"]:
            if len(argv) != 3:
                raise UsageError("usage: validate.py --self-test CORPUS_DIR CASES_JSON")
            return self_test(argv[1], argv[2])
        if len(argv) < 2 or argv[0].startswith("-"):
            raise UsageError("usage: validate.py SCHEMA_DIR FILE...")
        return validate_files(argv[0], argv[1:])
    except UsageError as e:
        print(f"validate.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# The OSCAL documents attestplan writes for the three examples (SSP, Assessment Plan, component
# definition), a SOC 2+ model, the combined payments example, a model of hostile strings and the
# vendor library, each valid against NIST's pinned OSCAL 1.1.2 schemas with two validators: ajv with
# ajv-formats (tests/web/oscal-validate.mjs) and Debian's python3-jsonschema (tests/oscal/validate.py).
# Usage: exports.sh ATTESTPLAN NODE OUT_DIR
set -euo pipefail
attestplan=$1 node=$2 out=$3
root="$(cd "$(dirname "$0")/../.." && pwd)"
schemas="$root/tests/corpus/oscal/schemas-1.1.2"
rm -rf "$out" && mkdir -p "$out"
files=()
for model in startup-type1 hr-saas payments-fintech; do
  for format in oscal-ssp oscal-ap oscal-components; do
    file="$out/$model.$format.json"
    "$attestplan" oscal "builtin:examples/$model.toml" -f "$format" -o "$file"
    files+=("$file")
  done
done
# A SOC 2+ (the HIPAA Security Rule's requirements, whose ids are no OSCAL tokens, beside the
# criteria) and the combined payments example (an ISAE 3402 on control objectives first).
{ cat "$root/models/examples/hr-saas.toml"; printf '\n[plugins.tsc-scope]\nadditional = ["hipaa-security"]\n'; } \
  >"$out/soc2plus.toml"
for model in "$out/soc2plus.toml" "$root/models/examples/payments-isae3402-iso27001.toml"; do
  for format in oscal-ssp oscal-ap oscal-components; do
    file="$out/$(basename "$model" .toml).$format.json"
    "$attestplan" oscal "$model" -f "$format" -o "$file" 2>/dev/null
    files+=("$file")
  done
done
# A model whose strings hold Unicode spaces, line separators and control characters: what a value's
# patterns refuse at its ends or inside it is made one space.
for format in oscal-ssp oscal-ap oscal-components; do
  file="$out/hostile-strings.$format.json"
  "$attestplan" oscal "$root/tests/fixtures/oscal/hostile-strings.toml" -f "$format" -o "$file"
  files+=("$file")
done
"$attestplan" catalog vendors -f oscal-components -o "$out/vendor-library.json"
files+=("$out/vendor-library.json")
echo "exports.sh: ${#files[@]} documents written; ajv:"
(cd "$root/tests/web" && "$node" oscal-validate.mjs "$schemas" "${files[@]}")
echo "exports.sh: python3-jsonschema:"
/usr/bin/python3 "$root/tests/oscal/validate.py" "$schemas" "${files[@]}"
echo "exports.sh: all ${#files[@]} valid with both validators"

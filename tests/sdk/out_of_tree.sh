#!/usr/bin/env bash
# The SDK as a third party meets it: install attestplan to a fresh prefix, build
# examples/plugin-fixed-fee against it with find_package(attestplan), and run the installed
# attestplan with that plugin serving the cost stage.
# Usage: out_of_tree.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# Only the SDK's headers are installed, and plugin.hpp is among them.
test -f "$work/prefix/include/attestplan/plugin.hpp"
test ! -e "$work/prefix/include/attestplan/plugin_host.hpp"
cmake -S "$source/examples/plugin-fixed-fee" -B "$work/plugin" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/plugin" >/dev/null
sed 's/^\[\[scenario\]\]/[plugins.fixed-fee]\nfee = [40000, 45000, 52000]\n\n[[scenario]]/' \
    "$source/models/examples/hr-saas.toml" > "$work/model.toml"
grep -q '^\[plugins.fixed-fee\]' "$work/model.toml"
"$work/prefix/bin/attestplan" --plugins "$work/plugin" plugins | tee "$work/plugins.txt"
grep -q 'cost: fixed-fee 1.0.0' "$work/plugins.txt"
"$work/prefix/bin/attestplan" --plugins "$work/plugin" estimate "$work/model.toml" -f json > "$work/estimate.json"
python3 - "$work/estimate.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
stages = {s["stage"]: (s["plugin"], s["status"]) for s in e["stages"]}
assert stages["cost"] == ("fixed-fee", "ok"), stages
fee = e["summary"]["fee"]
v = fee["value"]
assert fee["line"] == "cost.fee.total" and v["likely"] == 45000, fee
# Its 40,000 / 45,000 / 52,000 is a three-point estimate: the simulation's P10 and P90 lie inside it.
assert 40000 < v["p10"] < v["p50"] < v["p90"] < 52000, fee
assert e["summary"]["tco_year_one"]["value"]["likely"] == 45000, e["summary"]["tco_year_one"]
print("fixed-fee served the cost stage: fee", fee["value"])
PY

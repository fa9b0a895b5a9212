#!/usr/bin/env bash
# The SDK as a third party meets it: install attestplan to a fresh prefix, build
# examples/plugin-travel-fee (an add-on to the cost stage) against it with find_package(attestplan),
# and run the installed attestplan with it: the add-on's fee joins the built-in cost plugin's fee,
# and VAT, the readiness work and year two follow as they would.
# The same add-on built by clang++ loads as well (the toolchain id names no compiler). The engine's
# model and boundary are not installed (plugins read views of them), and every built-in's sources
# compile against the installed headers alone.
# Then a built-in (rate-card-cost) rebuilt from its sources against the same SDK alone serves the cost
# stage in place of the installed one, and gives the same estimate.
# Usage: out_of_tree.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# Only the SDK's headers are installed, and plugin.hpp is among them.
test -f "$work/prefix/include/attestplan/plugin.hpp"
test ! -e "$work/prefix/include/attestplan/plugin_host.hpp"
# A plugin reads the model and the boundary through the views of view.hpp: the engine's Model and
# Boundary are not installed, and are incomplete types to a plugin (their layout is not its concern).
test -f "$work/prefix/include/attestplan/view.hpp"
test ! -e "$work/prefix/include/attestplan/model.hpp"
test ! -e "$work/prefix/include/attestplan/boundary.hpp"
for type in Organization Component BoundaryNode ModelView BoundaryView Model Boundary; do
  printf '#include <attestplan/plugin.hpp>\nstatic_assert(sizeof(attestplan::%s) > 0);\n' "$type" \
    > "$work/sizeof-$type.cpp"
  if c++ -std=c++20 -fsyntax-only -I"$work/prefix/include" "$work/sizeof-$type.cpp" 2>/dev/null; then
    complete=yes
  else
    complete=no
  fi
  case $type in Model | Boundary) expected=no ;; *) expected=yes ;; esac
  if [ "$complete" != "$expected" ]; then
    echo "attestplan::$type: complete to a plugin: $complete (expected $expected)"
    exit 1
  fi
done
# Every built-in's sources compile against the installed SDK and their own folder alone.
for dir in "$source"/plugins/*/; do
  for file in "$dir"*.cpp; do
    c++ -std=c++20 -fsyntax-only -I"$work/prefix/include" -I"$dir" "$file"
  done
done
cmake -S "$source/examples/plugin-travel-fee" -B "$work/plugin" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/plugin" >/dev/null
"$work/prefix/bin/attestplan" --plugins "$work/plugin" plugins | tee "$work/plugins.txt"
grep -q 'cost: rate-card-cost 1.0.0, with add-on travel-fee 1.0.0' "$work/plugins.txt"
# Built by another compiler against the same standard library, the add-on loads too: the toolchain
# id names what crosses between host and plugin (the standard library, toml++), not the compiler.
if command -v clang++-14 >/dev/null; then
  cmake -S "$source/examples/plugin-travel-fee" -B "$work/plugin-clang" -G Ninja \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
        -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
  cmake --build "$work/plugin-clang" >/dev/null
  "$work/prefix/bin/attestplan" --plugins "$work/plugin-clang" plugins > "$work/plugins-clang.txt"
  grep -q 'cost: rate-card-cost 1.0.0, with add-on travel-fee 1.0.0' "$work/plugins-clang.txt" ||
    { cat "$work/plugins-clang.txt"; exit 1; }
fi
# Two models: a first audit with readiness (hr-saas), and one with VAT on the fee (payments-fintech).
for name in hr-saas payments-fintech; do
  { cat "$source/models/examples/$name.toml"
    printf '\n[plugins.travel-fee]\nper_trip = [4000, 5000, 7000]\ntrips = 2\n'; } > "$work/$name.toml"
  grep -q '^\[plugins.travel-fee\]' "$work/$name.toml"
  "$work/prefix/bin/attestplan" estimate "$source/models/examples/$name.toml" -f json > "$work/$name.base.json"
  "$work/prefix/bin/attestplan" --plugins "$work/plugin" estimate "$work/$name.toml" -f json > "$work/$name.json"
done
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def load(name):
    return json.load(open(f"{work}/{name}.json"))
def ledger(e):
    return {l["id"]: l for l in e["ledger"]}
for name in ("hr-saas", "payments-fintech"):
    base, e = load(name + ".base"), load(name)
    stages = {s["stage"]: s for s in e["stages"]}
    assert stages["cost"]["plugin"] == "rate-card-cost" and stages["cost"]["status"] == "ok", stages
    assert stages["cost"]["add_ons"] == ["travel-fee"], stages["cost"]
    lines = ledger(e)
    trip = lines["travel-fee.trips"]
    assert trip["plugin"] == "travel-fee" and trip["value"]["likely"] == 10000, trip
    fee, fee0 = lines[e["summary"]["fee"]["line"]], ledger(base)[base["summary"]["fee"]["line"]]
    assert "travel-fee.trips" in fee["from"], fee
    assert fee["value"]["likely"] == fee0["value"]["likely"] + 10000, (fee["value"], fee0["value"])
    # The costs beside the fee are the built-in's, readiness among them where there is one.
    roles = [c["role"] for c in e["cost"]["beside_fee"]]
    assert roles == [c["role"] for c in base["cost"]["beside_fee"]], roles
    if name == "hr-saas":
        assert "readiness" in roles, roles
    else:
        # VAT follows the fee at the same rate.
        vat, vat0 = e["summary"]["vat"]["value"]["likely"], base["summary"]["vat"]["value"]["likely"]
        rate = vat0 / fee0["value"]["likely"]
        assert abs(vat - rate * fee["value"]["likely"]) < 0.01, (vat, vat0, rate)
    print(name, "fee", fee0["value"]["likely"], "->", fee["value"]["likely"], "beside:", roles)
PY

# A built-in rebuilt out of tree from the installed SDK alone: found first, it serves the cost stage
# (the installed one is shadowed), and the estimate is byte for byte the installed one's.
cmake -S "$source/tests/sdk/rebuilt-builtin" -B "$work/rebuilt" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" -DATTESTPLAN_PLUGIN_SOURCE="$source/plugins/rate-card-cost" >/dev/null
cmake --build "$work/rebuilt" >/dev/null
"$work/prefix/bin/attestplan" --plugins "$work/rebuilt" plugins > "$work/rebuilt.txt"
grep -q "loaded  *rate-card-cost .*$work/rebuilt/rate-card-cost.so" "$work/rebuilt.txt"
grep -q "shadowed  *rate-card-cost" "$work/rebuilt.txt"
for name in hr-saas payments-fintech; do
  "$work/prefix/bin/attestplan" --plugins "$work/rebuilt" estimate \
      "$source/models/examples/$name.toml" -f json > "$work/$name.rebuilt.json"
  cmp "$work/$name.base.json" "$work/$name.rebuilt.json"
done
echo "rate-card-cost rebuilt from its sources and the installed SDK gives the same estimates"

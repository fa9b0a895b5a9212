// Fixture: a cost plugin that writes an impossible figure (negative, NaN, a line under an id an
// earlier stage wrote, a sum of different units, a product of nothing); the host must reject the
// stage's output and name the plugin.
#include <limits>

#include "attestplan/plugin.hpp"

namespace {

class BadFigure final : public attestplan::CostPlugin {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::CostWriter& out) override {
    out.add({.id = "cost.fine",
             .kind = "fee",
             .group = "testing",
             .label = "a fine line",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "USD"});
#if defined(FIXTURE_REUSED_ID)
    out.add({.id = "cost.also-fine",
             .kind = "fee",
             .group = "testing",
             .label = "another fine line",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "USD"});
    out.add({.id = "effort.reporting.exceptions",
             .kind = "fee",
             .group = "testing",
             .label = "a line under the effort stage's id",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "USD"});
#elif defined(FIXTURE_MIXED_SUM)
    // Hours and money added up: a product declared as a sum.
    out.add({.id = "cost.hours",
             .kind = "hours",
             .group = "testing",
             .label = "some hours",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "hours"});
    out.add({.id = "cost.mixed",
             .kind = "fee",
             .group = "testing",
             .label = "hours plus dollars",
             .rule = "fixture",
             .value = {2, 4, 6},
             .unit = "USD",
             .from = {"cost.fine", "cost.hours"},
             .combine = attestplan::Combine::Sum});
#elif defined(FIXTURE_ZERO_SUM)
    // A sum over nothing (no control in scope, say) is zero, and says so: not a mismatch.
    out.add({.id = "cost.zero",
             .kind = "fee",
             .group = "testing",
             .label = "a sum of no lines",
             .rule = "fixture",
             .value = {0, 0, 0},
             .unit = "USD",
             .combine = attestplan::Combine::Sum});
#elif defined(FIXTURE_SUM_OF_NOTHING)
    out.add({.id = "cost.nothing",
             .kind = "fee",
             .group = "testing",
             .label = "a sum of no lines",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "USD",
             .combine = attestplan::Combine::Product});
#elif defined(FIXTURE_UNKNOWN_LINE)
    // A result figure naming a line nobody wrote.
    out.result().ran = true;
    out.result().fee = {"Auditor's fee", {1, 2, 3}, "cost.no-such-line", {}};
#else
#if defined(FIXTURE_NAN)
    const double bad = std::numeric_limits<double>::quiet_NaN();
#else
    const double bad = -1500;
#endif
    out.add({.id = "cost.bad",
             .kind = "fee",
             .group = "testing",
             .label = "an impossible line",
             .rule = "fixture",
             .value = {bad, bad, bad},
             .unit = "USD"});
#endif
  }
};

}  // namespace

#if defined(FIXTURE_NAN)
ATTESTPLAN_PLUGIN(BadFigure, "nan-cost", "0.0.1", "writes NaN (test fixture)")
#elif defined(FIXTURE_REUSED_ID)
ATTESTPLAN_PLUGIN(BadFigure, "reused-id-cost", "0.0.1",
                  "writes a line under an id the effort stage used (test fixture)")
#elif defined(FIXTURE_MIXED_SUM)
ATTESTPLAN_PLUGIN(BadFigure, "mixed-sum-cost", "0.0.1", "adds hours to dollars (test fixture)")
#elif defined(FIXTURE_ZERO_SUM)
ATTESTPLAN_PLUGIN(BadFigure, "zero-sum-cost", "0.0.1",
                  "a sum of no lines that is zero (test fixture)")
#elif defined(FIXTURE_SUM_OF_NOTHING)
ATTESTPLAN_PLUGIN(BadFigure, "product-of-nothing-cost", "0.0.1",
                  "a computed line computed from nothing (test fixture)")
#elif defined(FIXTURE_UNKNOWN_LINE)
ATTESTPLAN_PLUGIN(BadFigure, "unknown-line-cost", "0.0.1",
                  "states its fee on a line nobody wrote (test fixture)")
#else
ATTESTPLAN_PLUGIN(BadFigure, "negative-cost", "0.0.1", "writes a negative fee (test fixture)")
#endif

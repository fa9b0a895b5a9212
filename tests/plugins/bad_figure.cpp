// Fixture: a cost plugin that writes an impossible figure (negative, NaN, or a line under an id an
// earlier stage wrote); the host must reject the stage's output and name the plugin.
#include <limits>

#include "attestplan/plugin.hpp"

namespace {

class BadFigure final : public attestplan::Plugin {
 public:
  void configure(const toml::table*, const attestplan::Context&, attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::Estimate& est) override {
    est.add({.id = "cost.fine", .kind = "fee", .group = "testing", .label = "a fine line",
             .rule = "fixture", .value = {1, 2, 3}, .unit = "USD"});
#if defined(FIXTURE_REUSED_ID)
    est.add({.id = "cost.also-fine", .kind = "fee", .group = "testing", .label = "another fine line",
             .rule = "fixture", .value = {1, 2, 3}, .unit = "USD"});
    est.add({.id = "effort.reporting.exceptions", .kind = "fee", .group = "testing",
             .label = "a line under the effort stage's id", .rule = "fixture", .value = {1, 2, 3},
             .unit = "USD"});
#else
#if defined(FIXTURE_NAN)
    const double bad = std::numeric_limits<double>::quiet_NaN();
#else
    const double bad = -1500;
#endif
    est.add({.id = "cost.bad", .kind = "fee", .group = "testing", .label = "an impossible line",
             .rule = "fixture", .value = {bad, bad, bad}, .unit = "USD"});
#endif
  }
};

}  // namespace

#if defined(FIXTURE_NAN)
ATTESTPLAN_PLUGIN(BadFigure, "nan-cost", "0.0.1", attestplan::Stage::Cost, "writes NaN (test fixture)")
#elif defined(FIXTURE_REUSED_ID)
ATTESTPLAN_PLUGIN(BadFigure, "reused-id-cost", "0.0.1", attestplan::Stage::Cost,
                  "writes a line under an id the effort stage used (test fixture)")
#else
ATTESTPLAN_PLUGIN(BadFigure, "negative-cost", "0.0.1", attestplan::Stage::Cost,
                  "writes a negative fee (test fixture)")
#endif

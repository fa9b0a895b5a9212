// Fixture: a cost plugin that writes an impossible figure (negative, or NaN); the host must reject
// the stage's output and name the plugin.
#include <limits>

#include "attestplan/plugin.hpp"

namespace {

class BadFigure final : public attestplan::Plugin {
 public:
  void configure(const toml::table*, const attestplan::Context&, attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::Estimate& est) override {
    est.add({.id = "cost.fine", .kind = "fee", .group = "testing", .label = "a fine line",
             .rule = "fixture", .value = {1, 2, 3}, .unit = "USD"});
#ifdef FIXTURE_NAN
    const double bad = std::numeric_limits<double>::quiet_NaN();
#else
    const double bad = -1500;
#endif
    est.add({.id = "cost.bad", .kind = "fee", .group = "testing", .label = "an impossible line",
             .rule = "fixture", .value = {bad, bad, bad}, .unit = "USD"});
  }
};

}  // namespace

#ifdef FIXTURE_NAN
ATTESTPLAN_PLUGIN(BadFigure, "nan-cost", "0.0.1", attestplan::Stage::Cost, "writes NaN (test fixture)")
#else
ATTESTPLAN_PLUGIN(BadFigure, "negative-cost", "0.0.1", attestplan::Stage::Cost,
                  "writes a negative fee (test fixture)")
#endif

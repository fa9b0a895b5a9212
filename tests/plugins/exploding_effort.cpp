// Fixture: an effort plugin that throws from run(); the host names it and the other stages report.
#include <stdexcept>

#include "attestplan/plugin.hpp"

namespace {

class ExplodingEffort final : public attestplan::EffortPlugin {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::EffortWriter& out) override {
    // A line written before the failure must not survive it.
    out.add({.id = "effort.half-written",
             .kind = "auditor-hours",
             .group = "testing",
             .label = "half",
             .rule = "fixture",
             .value = {1, 2, 3},
             .unit = "hours"});
    throw std::runtime_error("the sample table exploded");
  }
};

}  // namespace

ATTESTPLAN_PLUGIN(ExplodingEffort, "exploding-effort", "0.0.1", "throws from run() (test fixture)")

// Compiles: an effort plugin fills its own stage's result and reads the scope stage's.
#include "attestplan/plugin.hpp"

class OwnStage final : public attestplan::EffortPlugin {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::EffortWriter& out) override {
    const auto& line = out.add({.id = "effort.x",
                                .kind = "auditor-hours",
                                .label = "x",
                                .rule = "r",
                                .value = {1, 2, 3},
                                .unit = "hours"});
    out.result().stage_hours[0].add(line);
    out.result().ran = !out.estimate().scope.controls.empty();
  }
};
ATTESTPLAN_PLUGIN(OwnStage, "own-stage", "1.0.0", "fills its own result")

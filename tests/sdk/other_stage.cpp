// Must not compile: an effort plugin writes the cost stage's result. The estimate it reads is
// const.
#include "attestplan/plugin.hpp"

class OtherStage final : public attestplan::EffortPlugin {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::EffortWriter& out) override {
    out.estimate().cost.fee.value = {1, 2, 3};
  }
};
ATTESTPLAN_PLUGIN(OtherStage, "other-stage", "1.0.0", "writes another stage's result")

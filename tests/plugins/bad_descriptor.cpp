// Fixture: an add-on whose descriptor declares a data file under a key that is no flag's name; the
// host must refuse it, saying where in the descriptor, before calling any of its code.
#include "attestplan/plugin.hpp"

namespace {

class BadDescriptor final : public attestplan::CostAddOn {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::AddOnWriter<attestplan::Stage::Cost>&) override {
  }
};

constexpr const char* kDescriptor = R"toml(
[[data]]
key = "Rates!"
builtin = "rates/default.toml"
help = "a rate card"
)toml";

}  // namespace

ATTESTPLAN_PLUGIN(BadDescriptor, "bad-descriptor", "1.0.0", "fixture", kDescriptor)

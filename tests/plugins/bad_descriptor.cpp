// Fixture: an add-on whose descriptor declares a data file under a key that is no flag's name; the
// host must refuse it, saying where in the descriptor, before calling any of its code.
// FIXTURE_CLASH: a well-formed descriptor declaring the rate card's key, which the cost stage's
// plugin declares: the add-on is refused, the plugin keeps its flag.
#include "attestplan/plugin.hpp"

namespace {

class BadDescriptor final : public attestplan::CostAddOn {
 public:
  void configure(const toml::table*, const attestplan::Context&,
                 attestplan::Diagnostics&) override {}
  void run(const attestplan::Context&, attestplan::AddOnWriter<attestplan::Stage::Cost>&) override {
  }
};

#if defined(FIXTURE_CLASH)
constexpr const char* kDescriptor = R"toml(
[[data]]
key = "rates"
label = "price list"
help = "Our own price list"
)toml";
#else
constexpr const char* kDescriptor = R"toml(
[[data]]
key = "Rates!"
builtin = "rates/default.toml"
help = "a rate card"
)toml";
#endif

}  // namespace

#if defined(FIXTURE_CLASH)
ATTESTPLAN_PLUGIN(BadDescriptor, "clashing-addon", "1.0.0", "fixture", kDescriptor)
#else
ATTESTPLAN_PLUGIN(BadDescriptor, "bad-descriptor", "1.0.0", "fixture", kDescriptor)
#endif

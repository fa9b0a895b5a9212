// Fixtures for effort add-ons: an add-on that adds a firm's quality review (12 auditor hours at the
// reporting stage) to the effort plugin's hours, (FIXTURE_WRONG_UNIT) the same review stated in
// days, (FIXTURE_AT_LEVEL) the same at the partner's level, (FIXTURE_UNPREFIXED) the same under an
// id that does not begin with its name, and (FIXTURE_PLAIN_EFFORT) an effort
// plugin that states a fixed planning figure and ignores what add-ons contribute.
#include "attestplan/plugin.hpp"

namespace {

using namespace attestplan;

#if defined(FIXTURE_PLAIN_EFFORT)
class PlainEffort final : public EffortPlugin {
 public:
  void configure(const toml::table*, const Context&, Diagnostics&) override {}
  void run(const Context&, EffortWriter& out) override {
    auto& effort = out.result();
    effort.ran = true;
    const Figure planning = out.add({.id = "plain.planning",
                                     .kind = "auditor-hours",
                                     .group = "planning",
                                     .label = "A fixed planning figure",
                                     .rule = "fixture",
                                     .value = {10, 20, 30},
                                     .unit = unit::kHours});
    effort.stage_hours[0].add(planning);
    effort.auditor_hours.add(planning);
  }
};
ATTESTPLAN_PLUGIN(PlainEffort, "plain-effort", "1.0.0", "fixture: ignores add-ons")
#else
class QualityReview final : public EffortAddOn {
 public:
  void configure(const toml::table*, const Context&, Diagnostics&) override {}
  void run(const Context&, AddOnWriter<Stage::Effort>& out) override {
#if defined(FIXTURE_WRONG_UNIT)
    const char* in = "days";
#else
    const char* in = unit::kHours;
#endif
#if defined(FIXTURE_AT_LEVEL)
    const char* level = "partner";
#else
    const char* level = "";
#endif
#if defined(FIXTURE_UNPREFIXED)
    const char* id = "effort.reporting.review";  // not under its name: it could clash
#else
    const char* id = "hours-addon.review";
#endif
    out.add_hours({.id = id,
                   .kind = "auditor-hours",
                   .group = "reporting",
                   .label = "The firm's quality review",
                   .rule = "fixture",
                   .value = Range::exactly(12),
                   .unit = in,
                   .level = level},
                  3);
  }
};
// It declares an option and never reads its table: the host refuses a key it does not declare.
constexpr const char* kDescriptor = R"(
[[option]]
key = "reviewer"
type = "string"
default = "none"
help = "Who reviews (not read)."
)";
ATTESTPLAN_PLUGIN(QualityReview, "hours-addon", "1.0.0", "fixture: adds a quality review's hours",
                  kDescriptor)
#endif

}  // namespace

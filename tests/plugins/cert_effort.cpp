// Fixture: an effort plugin that serves certification reports only (its descriptor's report_types),
// stating a fixed figure; it declares the data file key `sampling`, which sampling-effort (serving
// the attestation types) declares too: plugins of different report types may share a key.
#include "attestplan/plugin.hpp"

namespace {

using namespace attestplan;

class CertificationEffort final : public EffortPlugin {
 public:
  void configure(const toml::table*, const Context&, Diagnostics&) override {}
  void run(const Context&, EffortWriter& out) override {
    auto& effort = out.result();
    effort.ran = true;
    const Figure audit = out.add({.id = "cert-effort.stage2",
                                  .kind = "auditor-hours",
                                  .group = "testing",
                                  .label = "A fixed certification audit",
                                  .rule = "fixture",
                                  .value = {40, 48, 56},
                                  .unit = unit::kHours});
    effort.stage_hours[2].add(audit);
    effort.auditor_hours.add(audit);
  }
};

constexpr const char* kDescriptor = R"toml(
report_types = ["certification"]

[[data]]
key = "sampling"
label = "certification sampling"
help = "A fixture's file"
)toml";

}  // namespace

ATTESTPLAN_PLUGIN(CertificationEffort, "cert-effort", "1.0.0",
                  "fixture: serves certification reports only", kDescriptor)

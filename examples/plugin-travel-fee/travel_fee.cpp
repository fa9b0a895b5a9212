// travel-fee: an add-on to the cost stage for a firm that charges its auditors' travel time as a
// fee: an amount per trip to the client, from the model ([plugins.travel-fee] per_trip = [low,
// likely, high] in the engagement's currency, trips = N, yearly = true|false). It adds to the stage
// rather than replacing it: the cost plugin that serves the stage (the built-in rate card, or a
// firm's own) takes the line into the fee, so VAT, the readiness work, the costs beside the fee and
// year two follow as they would.
#include <attestplan/plugin.hpp>
#include <attestplan/toml_reader.hpp>
#include <cstdint>
#include <string>

namespace {

using namespace attestplan;

class TravelFee final : public CostAddOn {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    if (!options) {
      diags.error(
          "travel-fee needs its fee: add [plugins.travel-fee] with per_trip = [low, likely, high]",
          ctx.model.engagement.where);
      return;
    }
    TableReader r(*options, "[plugins.travel-fee]", ctx.model.source_name, diags);
    per_trip_ = r.range("per_trip", true).value_or(Range{});
    trips_ = r.integer("trips", 1, 50).value_or(1);
    yearly_ = r.boolean("yearly").value_or(true);
    r.check_unknown_keys();
  }

  void run(const Context& ctx, AddOnWriter<Stage::Cost>& out) override {
    const std::string trips = std::to_string(trips_);
    out.add_to_fee({.id = "travel-fee.trips",
                    .kind = "travel-fee",
                    .group = "travel",
                    .label = "Travel time to the client (" + trips + " trip(s))",
                    .rule = trips + " trip(s) × the fee per trip, from [plugins.travel-fee]",
                    .inputs = {{"trips", trips}},
                    .value = per_trip_ * static_cast<double>(trips_),
                    .unit = ctx.model.engagement.currency},
                   yearly_);
  }

 private:
  Range per_trip_;
  std::int64_t trips_ = 1;
  bool yearly_ = true;
};

}  // namespace

ATTESTPLAN_PLUGIN(TravelFee, "travel-fee", "1.0.0",
                  "A fee per trip to the client, added to the auditor's fee")

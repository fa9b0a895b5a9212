// Fixtures for add-ons: a cost add-on that adds an item of the fee (yearly) and a cost beside the
// fee, priced from its own data file when one is given (--portal-prices FILE: `price = N`)
// (FIXTURE_WRONG_CURRENCY: the fee item in a currency that is not the engagement's), and
// (FIXTURE_PLAIN_COST) a cost plugin that prices a fixed fee and ignores what add-ons contribute.
#include <stdexcept>

#include "attestplan/plugin.hpp"
#include "attestplan/toml_reader.hpp"

namespace {

using namespace attestplan;

#if defined(FIXTURE_PLAIN_COST)
class PlainCost final : public CostPlugin {
 public:
  void configure(const toml::table*, const Context&, Diagnostics&) override {}
  void run(const Context& ctx, CostWriter& out) override {
    auto& cost = out.result();
    cost.ran = true;
    cost.currency = ctx.model.engagement.currency;
    cost.fee = out.add({.id = "plain.fee",
                        .kind = "fee",
                        .group = "auditor",
                        .label = "A fixed fee",
                        .rule = "fixture",
                        .value = {10, 20, 30},
                        .unit = cost.currency});
  }
};
}  // namespace
ATTESTPLAN_PLUGIN(PlainCost, "plain-cost", "1.0.0", "fixture: ignores add-ons")
#else
class FeeAddOn final : public CostAddOn {
 public:
  void configure(const toml::table*, const Context&, Diagnostics&) override {}
  void run(const Context& ctx, AddOnWriter<Stage::Cost>& out) override {
    // The effort stage's totals are in the ledger when the cost stage runs: the figures a cost
    // plugin prices name lines that explain them.
    const auto& hours = out.estimate().effort.auditor_hours;
    if (hours.line.empty() || !out.estimate().find(hours.line))
      throw std::runtime_error("the effort stage's total hours name no ledger line yet");
    const std::string currency = ctx.model.engagement.currency;
#if defined(FIXTURE_WRONG_CURRENCY)
    const std::string fee_currency = currency == "XAU" ? "XAG" : "XAU";
#else
    const std::string fee_currency = currency;
#endif
    out.add_to_fee({.id = "fee-addon.charge",
                    .kind = "charge",
                    .group = "addon",
                    .label = "Engagement-management charge",
                    .rule = "fixture",
                    .value = Range::exactly(1000),
                    .unit = fee_currency},
                   true);
    double price = 500;
    if (ctx.data_overrides.count("portal-prices")) {
      Diagnostics diags;
      const auto file = ctx.data_file("portal-prices", "", diags);
      const auto doc =
          file ? parse_toml(file->text, file->source_name, "prices", diags) : std::nullopt;
      if (doc) price = (*doc)["price"].value_or(price);
    }
    out.add_beside_fee({.id = "fee-addon.tool",
                        .kind = "charge",
                        .group = "addon",
                        .label = "The firm's client portal",
                        .rule = "fixture",
                        .value = Range::exactly(price),
                        .unit = currency},
                       CostRole::Tooling, false);
  }
};

constexpr const char* kDescriptor = R"toml(
[[data]]
key = "portal-prices"
label = "portal price list"
builtin = "rates/default.toml"
help = "The client portal's prices"
money = true
)toml";
}  // namespace
ATTESTPLAN_PLUGIN(FeeAddOn, "fee-addon", "1.0.0", "fixture: adds to the fee and beside it",
                  kDescriptor)
#endif

// fixed-fee: a cost plugin for a firm that quotes a fixed fee for the engagement, whatever the
// hours. It reads the fee from the model ([plugins.fixed-fee] fee = [low, likely, high], in the
// model's currency) and states it, and the cost of year one and two, in the cost stage's result.
#include <attestplan/plugin.hpp>
#include <attestplan/toml_reader.hpp>

namespace {

using namespace attestplan;

class FixedFee final : public CostPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    if (!options) {
      diags.error("fixed-fee needs its fee: add [plugins.fixed-fee] with fee = [low, likely, high]",
                  ctx.model.engagement.where);
      return;
    }
    TableReader r(*options, "[plugins.fixed-fee]", ctx.model.source_name, diags);
    fee_ = r.range("fee", true).value_or(Range{});
    r.check_unknown_keys();
  }

  void run(const Context& ctx, CostWriter& out) override {
    auto& cost = out.result();
    const std::string currency = ctx.model.engagement.currency;
    cost.ran = true;
    cost.currency = currency;
    cost.fee = Figure::of(out.add({.id = "cost.fee.total",
                                   .kind = "fee-total",
                                   .group = "auditor",
                                   .label = "Auditor's fee (fixed)",
                                   .rule = "the firm's fixed fee, from [plugins.fixed-fee] fee",
                                   .value = fee_,
                                   .unit = currency}));
    cost.year_one = Figure::of(out.add({.id = "cost.tco.year-one",
                                        .kind = "tco",
                                        .group = "year-one",
                                        .label = "Year one: the fixed fee",
                                        .rule = "the fixed fee",
                                        .value = fee_,
                                        .unit = currency,
                                        .from = {cost.fee.line}}));
    cost.year_two = Figure::of(out.add({.id = "cost.tco.year-two",
                                        .kind = "tco",
                                        .group = "year-two",
                                        .label = "Year two: the fixed fee again",
                                        .rule = "the fixed fee",
                                        .value = fee_,
                                        .unit = currency,
                                        .from = {cost.fee.line}}));
  }

 private:
  Range fee_;
};

}  // namespace

ATTESTPLAN_PLUGIN(FixedFee, "fixed-fee", "1.0.0", "A fixed fee from the model, whatever the hours")

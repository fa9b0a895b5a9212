// rate-card-cost: the auditor's hours by staff level from a staffing mix, priced with a rate card,
// converted to the engagement's currency, VAT shown apart; the optional lines (readiness, penetration
// test, tooling, the client's own staff time) and the total cost of ownership for year one and year
// two. Stage: cost.
#include <cmath>
#include <map>
#include <memory>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/toml_reader.hpp"
#include "common/data.hpp"
#include "card.hpp"

namespace {

using namespace attestplan;
using rate_card_cost::Card;


class RateCardCost final : public Plugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    card_.reset();
    fx_.reset();
    vat_.reset();
    travel_ = {};
    internal_.reset();
    include_readiness_.reset();
    include_pentest_ = include_tooling_ = true;
    fx_where_ = ctx.model.engagement.where;
    if (options) {
      TableReader r(*options, "[plugins.rate-card-cost]", ctx.model.source_name, diags);
      fx_ = r.number("exchange_rate", 1e-6, 1e6);
      if (fx_) fx_where_ = r.where("exchange_rate");
      vat_ = r.number("vat_rate", 0, 1);
      travel_ = r.range("travel").value_or(Range{});
      internal_ = r.range("internal_hourly");
      include_readiness_ = r.boolean("include_readiness");
      include_pentest_ = r.boolean("include_penetration_test").value_or(true);
      include_tooling_ = r.boolean("include_tooling").value_or(true);
      r.check_unknown_keys();
    }
    card_ = plugin_data::builtin_or_override(ctx, "rates", rate_card_cost::kBuiltinCard, diags,
                                             &rate_card_cost::parse_card);
    if (!card_) return;
    const auto& currency = ctx.model.engagement.currency;
    if (!fx_ && currency != card_->currency && !card_->exchange.count(currency)) {
      diags.error("no exchange rate from " + card_->currency + " (the rate card's currency) to " +
                      currency,
                  ctx.model.engagement.where,
                  "set [plugins.rate-card-cost] exchange_rate = <" + currency + " per " +
                      card_->currency + ">, or add it to the card's [exchange] table");
    }
  }

  void run(const Context& ctx, Estimate& est) override {
    if (!card_) throw std::runtime_error("no rate card was configured");
    const auto& model = ctx.model;
    const std::string currency = model.engagement.currency;
    est.currency = currency;
    est.illustrative_rates = card_->illustrative;
    const std::string card_note = card_->illustrative
        ? " (ILLUSTRATIVE rate card " + card_->name + ": no public source gives auditor rates by level, "
          "reference §4.3; replace it with --rates FILE)"
        : " (rate card " + card_->name + ")";

    // Exchange rate: the option, else the card's table, else 1 for the card's own currency.
    double fx = 1;
    std::string fx_rule;
    if (fx_) {
      fx = *fx_;
      fx_rule = "from [plugins.rate-card-cost] exchange_rate";
    } else if (currency == card_->currency) {
      fx_rule = "the card's own currency";
    } else {
      fx = card_->exchange.at(currency);
      fx_rule = "from the rate card's [exchange] table (" + card_->source + "); DKK/USD is volatile, "
                "reference §7: set exchange_rate for a current figure";
    }
    est.add({.id = "cost.exchange-rate", .kind = "exchange-rate", .group = "inputs",
             .label = currency + " per " + card_->currency, .rule = fx_rule,
             .inputs = {{"from", card_->currency}, {"to", currency}},
             .value = Range::exactly(fx), .unit = unit::kFactor});

    if (!est.stage_ok(Stage::Effort) && est.of_kind("auditor-hours").empty()) {
      est.findings.push_back({Severity::Error, "cost-without-effort",
                              "the effort stage produced no hours, so there is no fee to price", {}});
      return;
    }

    // The card's rates, most expensive first, so every level's price is a line of its own.
    std::vector<std::pair<std::string, double>> by_rate(card_->rates.begin(), card_->rates.end());
    std::stable_sort(by_rate.begin(), by_rate.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // The conversion every converted price names, written once.
    const std::string fx_note = fx != 1 ? cat(" × ", format_number(fx, 4), " ", currency, "/", card_->currency) : "";
    for (const auto& [level, rate] : by_rate) {
      est.add({.id = cat("cost.rate.", level), .kind = "rate", .group = "rates", .label = cat("Hourly rate: ", level),
               .rule = cat(card_->currency, " ", format_grouped(rate), "/h from ", card_->source, fx_note, card_note),
               .value = Range::exactly(rate * fx), .unit = currency, .level = level,
               .from = {"cost.exchange-rate"}});
    }

    // The per-level lines carry their rules, inputs and sources only when something will show them
    // (Context::explain); their figures are the same either way.
    const bool explain = ctx.explain;
    std::vector<std::string> fee_ids;
    for (const auto& audit_stage : kAuditStages) {
      const std::string stage = audit_stage.id;
      std::vector<std::string> from;
      const Range hours = est.sum("auditor-hours", stage, explain ? &from : nullptr);
      for (const auto& [level, share] : card_->mix.at(stage)) {
        const std::string hid = cat("cost.hours.", stage, ".", level);
        est.add({.id = hid, .kind = "hours-by-level", .group = stage, .label = cat(stage, " hours at ", level),
                 .rule = explain ? cat(format_number(share * 100), "% of the stage's hours (staffing mix of ",
                                       card_->name, ")")
                                 : std::string{},
                 .inputs = explain ? std::vector<Input>{{"stage hours", format_grouped(hours.likely)},
                                                        {"share", format_number(share)}}
                                   : std::vector<Input>{},
                 .value = hours * share, .unit = unit::kHours, .level = level, .from = from});
        const double rate = card_->rates.at(level) * fx;
        fee_ids.push_back(cat("cost.fee.", stage, ".", level));
        est.add({.id = fee_ids.back(), .kind = "fee", .group = stage,
                 .label = cat(stage, " fee at ", level),
                 .rule = explain ? cat("hours × ", card_->currency, " ", format_grouped(card_->rates.at(level)), "/h",
                                       fx_note, card_note)
                                 : std::string{},
                 .inputs = explain ? std::vector<Input>{{"rate", format_grouped(card_->rates.at(level))},
                                                        {"exchange rate", format_number(fx, 4)}}
                                   : std::vector<Input>{},
                 .value = hours * share * rate, .unit = currency, .level = level,
                 .from = explain ? std::vector<std::string>{hid, cat("cost.rate.", level)} : std::vector<std::string>{}});
      }
    }
    for (std::size_t i = 0; i < card_->fixed.size(); ++i) {
      fee_ids.push_back("cost.fee.fixed." + std::to_string(i + 1));
      est.add({.id = fee_ids.back(), .kind = "fee", .group = "fixed", .label = card_->fixed[i].first,
               .rule = "fixed item of the rate card, converted", .value = card_->fixed[i].second * fx,
               .unit = currency, .from = {"cost.exchange-rate"}});
    }
    if (travel_.high > 0) {
      fee_ids.push_back("cost.fee.travel");
      est.add({.id = "cost.fee.travel", .kind = "fee", .group = "travel", .label = "Travel",
               .rule = "from [plugins.rate-card-cost] travel, in " + currency, .value = travel_,
               .unit = currency});
    }
    Range fee;
    for (const auto& id : fee_ids) fee += est.find(id)->value;
    est.add({.id = "cost.fee.total", .kind = "fee-total", .group = "auditor", .label = "Auditor's fee (excl. VAT)",
             .rule = "sum of the fee lines", .value = fee, .unit = currency, .from = fee_ids});

    const double vat = vat_ ? *vat_ : (currency == "DKK" ? 0.25 : 0.0);
    if (vat > 0) {
      est.add({.id = "cost.vat", .kind = "vat", .group = "auditor", .label = "VAT on the fee (shown apart)",
               .rule = format_number(vat * 100) + "% " +
                       (vat_ ? std::string{"from [plugins.rate-card-cost] vat_rate"}
                             : "Danish VAT (moms), reference §7") +
                       "; recoverable for a VAT-registered buyer, so not in the cost of ownership",
               .value = fee * vat, .unit = currency, .from = {"cost.fee.total"}});
    } else if (!vat_) {
      est.findings.push_back({Severity::Note, "vat-not-set",
                              "no VAT is added for " + currency + "; set [plugins.rate-card-cost] vat_rate if it applies",
                              model.engagement.where});
    }

    // Beside the fee: what year one and year two cost the organization in all.
    const auto maturity = model.organization.maturity;
    const bool readiness = include_readiness_.value_or(model.organization.first_audit &&
                                                       (maturity == Maturity::None || maturity == Maturity::Partial));
    std::vector<std::string> year_one{"cost.fee.total"}, year_two;
    if (readiness) {
      year_one.push_back("cost.other.readiness");
      est.add({.id = "cost.other.readiness", .kind = "other-cost", .group = "readiness",
               .label = "Readiness assessment (consultant)",
               .rule = std::string{"maturity '"} + to_string(maturity) +
                       "': consulting figures of reference §4.2 (trycomp.ai, fordelstudios.com [V]), scaled by maturity [D]",
               .value = card_->readiness.at(maturity) * fx, .unit = currency, .from = {"cost.exchange-rate"}});
    }
    if (include_pentest_) {
      year_one.push_back("cost.other.penetration-test");
      year_two.push_back("cost.other.penetration-test");
      est.add({.id = "cost.other.penetration-test", .kind = "other-cost", .group = "penetration-test",
               .label = "Penetration test (yearly)",
               .rule = "web application test, reference §4.2 (calculatorhub.com, josefkamara.com [V]); "
                       "auditors expect one a year",
               .value = card_->penetration_test * fx, .unit = currency, .from = {"cost.exchange-rate"}});
    }
    if (include_tooling_) {
      year_one.push_back("cost.other.tooling");
      year_two.push_back("cost.other.tooling");
      est.add({.id = "cost.other.tooling", .kind = "other-cost", .group = "tooling",
               .label = "Compliance automation tooling (yearly)",
               .rule = "reference §4.2 (Risclens [R]): $5k-$30k a year",
               .value = card_->tooling * fx, .unit = currency, .from = {"cost.exchange-rate"}});
    }
    const Range internal_rate = internal_ ? *internal_ : card_->internal_hourly * fx;
    const std::string internal_rule = internal_ ? "from [plugins.rate-card-cost] internal_hourly"
                                                : "the rate card's internal_hourly, converted (an input)";
    std::vector<std::string> client_ids;
    const Range client_hours = est.sum("client-hours", {}, &client_ids);
    year_one.push_back("cost.other.internal");
    est.add({.id = "cost.other.internal", .kind = "other-cost", .group = "internal",
             .label = "The organization's own staff time",
             .rule = "client hours × " + currency + " " + format_grouped(internal_rate.low) + "/" +
                     format_grouped(internal_rate.likely) + "/" + format_grouped(internal_rate.high) + " per hour; " + internal_rule,
             .value = client_hours * internal_rate, .unit = currency, .from = client_ids});

    Range tco1;
    for (const auto& id : year_one) tco1 += est.find(id)->value;
    est.add({.id = "cost.tco.year-one", .kind = "tco", .group = "year-one",
             .label = "Year one: total cost of ownership (excl. VAT)", .rule = "sum of the year-one lines",
             .value = tco1, .unit = currency, .from = year_one});

    // Year two: the next annual cycle priced at each stage's blended rate.
    std::vector<std::string> next_fee_ids;
    for (const auto& audit_stage : kAuditStages) {
      const std::string stage = audit_stage.id;
      const auto* hours = est.find("next.effort." + stage);
      if (!hours) continue;
      double blended = 0;
      for (const auto& [level, share] : card_->mix.at(stage)) blended += share * card_->rates.at(level);
      next_fee_ids.push_back("cost.next.fee." + stage);
      est.add({.id = next_fee_ids.back(), .kind = "next-fee", .group = stage,
               .label = "Next cycle fee: " + stage,
               .rule = "next-cycle hours × blended " + card_->currency + " " + format_grouped(blended) + "/h" +
                       (fx != 1 ? " × " + format_number(fx, 4) : "") + card_note,
               .value = hours->value * (blended * fx), .unit = currency,
               .from = {hours->id, "cost.exchange-rate"}});
    }
    if (const auto* next_client = est.find("next.client")) {
      next_fee_ids.push_back("cost.next.internal");
      est.add({.id = "cost.next.internal", .kind = "next-other-cost", .group = "internal",
               .label = "Next cycle: the organization's own staff time",
               .rule = "next-cycle client hours × the internal rate", .value = next_client->value * internal_rate,
               .unit = currency, .from = {"next.client"}});
    }
    Range tco2;
    for (const auto& id : next_fee_ids) tco2 += est.find(id)->value;
    for (const auto& id : year_two) tco2 += est.find(id)->value;
    year_two.insert(year_two.begin(), next_fee_ids.begin(), next_fee_ids.end());
    est.add({.id = "cost.tco.year-two", .kind = "tco", .group = "year-two",
             .label = "Year two: 12-month Type 2 renewal, total cost (excl. VAT)",
             .rule = "sum of the year-two lines", .value = tco2, .unit = currency, .from = year_two});
  }

 private:
  std::shared_ptr<const Card> card_;  // the built-in one is shared, not copied
  std::optional<double> fx_, vat_;
  SourceLocation fx_where_;
  Range travel_;
  std::optional<Range> internal_;
  std::optional<bool> include_readiness_;
  bool include_pentest_ = true, include_tooling_ = true;
};

}  // namespace

ATTESTPLAN_PLUGIN(RateCardCost, "rate-card-cost", "1.0.0", attestplan::Stage::Cost,
                  "Hours by staff level, fee from a rate card, currency and VAT, total cost of ownership")

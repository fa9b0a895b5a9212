// rate-card-cost: the auditor's hours by staff level from a staffing mix, priced with a rate card,
// converted to the engagement's currency, VAT shown apart; the optional lines (readiness,
// penetration test, tooling, the client's own staff time) and the total cost of ownership for year
// one and year two. Stage: cost.
#include <cmath>
#include <map>
#include <memory>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/toml_reader.hpp"
#include "card.hpp"

namespace {

using namespace attestplan;
using rate_card_cost::Card;

/// What the steps of the cost stage share: where they write, the exchange rate every converted
/// line names, who invoices whom, and the totals of year one and year two as they are built.
struct Pricing {
  const Context& ctx;
  const ModelView& model;
  CostWriter& out;
  const EffortResult& effort;
  CostResult& cost;
  std::string currency;
  std::string card_note;             // the card, named in every priced line's rule
  double fx = 1;                     // units of `currency` per unit of the card's currency
  std::string fx_line;               // the exchange rate's line
  std::string fx_note;               // the conversion every converted price names
  std::string buyer, signer;         // the countries of the organization and of the auditor
  std::optional<double> borne_rate;  // the VAT rate the buyer bears on what it buys, if any
  std::string borne_rule;
  Figure fee;  // the fee lines, added up
  Figure year_one;
  std::vector<Figure> recurring;  // in year two as well
  Range internal_rate;            // the organization's own cost per staff hour
  bool bears_vat = false;         // VAT it cannot recover is in the cost of ownership
  std::string tco_vat;            // what the totals' labels say of VAT

  /// A cost beside the fee: among the other costs and in year one, and in year two when `yearly`.
  Figure other(CostRole role, LedgerLine line, bool yearly) {
    Figure added = out.add(std::move(line));
    cost.other.push_back({added, role});
    year_one.add(added);
    if (yearly) recurring.push_back(added);
    return added;
  }
};

class RateCardCost final : public CostPlugin {
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
    // A firm's card that prices its hours but gives no VAT rates or travel figures: the VAT rates
    // are public law, not pricing, and the travel figures judgement, so the built-in card's stand
    // in (said in each line's rule), rather than a letter that silently drops the VAT and the
    // visit.
    if (ctx.data_overrides.count("rates") != 0 &&
        (card_->vat.empty() || (card_->premises_visit_abroad_expenses.high <= 0 &&
                                card_->site_visit_expenses.high <= 0))) {
      Diagnostics own;
      const auto file = load_data_file(std::nullopt, rate_card_cost::kBuiltinCard, own);
      const auto builtin = file ? rate_card_cost::parse_card(*file, own) : std::nullopt;
      if (builtin) {
        auto card = *card_;
        if (card.vat.empty()) {
          card.vat = builtin->vat;
          card.vat_source = builtin->vat_source + " (attestplan's built-in table: " + card.source +
                            " gives no [vat])";
          card.vat_builtin = true;
        }
        // The built-in figures are in its own currency: taken only where the card's is the same.
        if (card.premises_visit_abroad_expenses.high <= 0 && card.site_visit_expenses.high <= 0 &&
            card.currency == builtin->currency) {
          card.premises_visit_abroad_expenses = builtin->premises_visit_abroad_expenses;
          card.site_visit_expenses = builtin->site_visit_expenses;
          card.travel_source = builtin->source + ", as " + card.source + " gives none";
        }
        card_ = std::make_shared<const rate_card_cost::Card>(std::move(card));
      }
    }
    const auto& currency = ctx.model.engagement.currency;
    if (!fx_ && currency != card_->currency && !card_->exchange.count(currency)) {
      diags.error(
          "no exchange rate from " + card_->currency + " (the rate card's currency) to " + currency,
          ctx.model.engagement.where,
          "set [plugins.rate-card-cost] exchange_rate = <" + currency + " per " + card_->currency +
              ">, or add it to the card's [exchange] table");
    }
  }

  void run(const Context& ctx, CostWriter& out) override {
    if (!card_) throw std::runtime_error("no rate card was configured");
    // A certification is audited by a certification body's auditors: the card's own mix for it.
    mix_ = &card_->mix;
    if (ctx.model.engagement.report.type == ReportType::Certification) {
      if (card_->certification_mix.empty())
        throw std::runtime_error("the rate card " + card_->name +
                                 " prices no certification: give it a [certification_mix] of "
                                 "its certification body's levels");
      mix_ = &card_->certification_mix;
    }
    Pricing p{.ctx = ctx,
              .model = ctx.model,
              .out = out,
              .effort = out.estimate().effort,
              .cost = out.result(),
              .currency = ctx.model.engagement.currency};
    auto& cost = p.cost;
    cost.ran = true;
    cost.currency = p.currency;
    cost.illustrative_rates = card_->illustrative;
    cost.rates_key = "rates";  // the data file this plugin declares (kDescriptor)
    p.card_note = card_->illustrative ? " (ILLUSTRATIVE rate card " + card_->name +
                                            ": no public source gives auditor rates by level, "
                                            "see docs/sources.md; replace it with --rates FILE)"
                                      : " (rate card " + card_->name + ")";
    price_exchange_rate(p);
    if (!p.effort.ran) {
      out.add_finding({Severity::Error,
                       "cost-without-effort",
                       "the effort stage produced no hours, so there is no fee to price",
                       {}});
      return;
    }
    // The fee: each level's rate, each stage's hours and fee by level, the card's fixed items and
    // the add-ons', and their total.
    price_rates(p);
    price_stages(p);
    price_fixed_items(p);
    total_fee(p);
    p.buyer = country_of(p.model.organization);
    p.signer = signer_country(p.model);
    warn_of_foreign_rates(p);
    price_vat(p);
    // Beside the fee: what year one and year two cost the organization in all.
    p.year_one.add(cost.fee);
    price_bought_costs(p);
    price_travel(p);
    price_premises_visit(p);
    price_own_staff(p);
    total_year_one(p);
    total_year_two(p, price_next_cycle(p));
    price_certification_cycle(p);
  }

 private:
  /// Exchange rate: the option, else the card's table, else 1 for the card's own currency.
  void price_exchange_rate(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const std::string& currency = p.currency;
    double& fx = p.fx;
    std::string fx_rule;
    if (fx_) {
      fx = *fx_;
      fx_rule = "from [plugins.rate-card-cost] exchange_rate";
    } else if (currency == card_->currency) {
      fx_rule = "the card's own currency";
    } else {
      fx = card_->exchange.at(currency);
      fx_rule = "from the rate card's [exchange] table (" + card_->source +
                "); DKK/USD is volatile, "
                "set exchange_rate for a current figure";
    }
    cost.exchange_rate = out.add({.id = "cost.exchange-rate",
                                  .kind = "exchange-rate",
                                  .group = "inputs",
                                  .label = currency + " per " + card_->currency,
                                  .rule = fx_rule,
                                  .inputs = {{"from", card_->currency}, {"to", currency}},
                                  .value = Range::exactly(fx),
                                  .unit = unit::kFactor});
    p.fx_line = cost.exchange_rate.line;
    // The conversion every converted price names, written once.
    p.fx_note =
        fx != 1 ? cat(" × ", format_number(fx, 4), " ", currency, "/", card_->currency) : "";
  }

  /// The card's rates, most expensive first, so every level's price is a line of its own.
  void price_rates(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const std::string& currency = p.currency;
    std::vector<std::pair<std::string, double>> by_rate(card_->rates.begin(), card_->rates.end());
    std::stable_sort(by_rate.begin(), by_rate.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // A level only the other kind of engagement's mix works (a certification body's auditor in a
    // SOC 2, a partner in a certification) is not this engagement's.
    const auto& other = mix_ == &card_->mix ? card_->certification_mix : card_->mix;
    const auto works = [](const auto& mix, const std::string& level) {
      return std::any_of(mix.begin(), mix.end(),
                         [&](const auto& stage) { return stage.second.count(level) > 0; });
    };
    for (const auto& [level, rate] : by_rate) {
      if (works(other, level) && !works(*mix_, level)) continue;
      LevelCost& l = cost.levels.emplace_back();
      l.level = level;
      l.rate =
          out.add({.id = cat("cost.rate.", level),
                   .kind = "rate",
                   .group = "rates",
                   .label = cat("Hourly rate: ", level),
                   .rule = cat(card_->currency, " ", format_grouped(rate), "/h from ",
                               card_->source, p.fx_note, p.card_note),
                   .value = Range::exactly(rate * p.fx),
                   .unit = currency,
                   .level = level,
                   .from = {p.fx_line},
                   .combine = Combine::Product,
                   .drivers = {out.driver("rate:" + level, cat("The hourly rate of ", level))}});
    }
  }

  /// Each audit stage's hours shared out over the staff levels by the card's mix, and priced at
  /// each level's rate: the stage's fee.
  void price_stages(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const std::string& currency = p.currency;
    const auto& effort = p.effort;
    const double fx = p.fx;
    auto level_of = [&](const std::string& level) -> LevelCost& {
      for (auto& l : cost.levels) {
        if (l.level == level) return l;
      }
      throw std::runtime_error("the staffing mix names level '" + level +
                               "', which the rate card does not price");
    };
    for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
      const std::string stage = kAuditStages[i].id;
      const Figure& hours = effort.stage_hours[i];
      for (const auto& [level, share] : mix_->at(stage)) {
        LevelCost& lc = level_of(level);
        const auto& by_level =
            out.add({.id = cat("cost.hours.", stage, ".", level),
                     .kind = "hours-by-level",
                     .group = stage,
                     .label = cat(stage, " hours at ", level),
                     .rule = cat(format_number(share * 100),
                                 "% of the stage's hours (staffing mix of ", card_->name, ")"),
                     .inputs = {{"stage hours", format_grouped(hours.value.likely)},
                                {"share", format_number(share)}},
                     .value = hours.value * share,
                     .unit = unit::kHours,
                     .level = level,
                     .from = hours.parts,
                     .combine = Combine::Sum});
        lc.hours.add(by_level);
        const std::string hours_line = by_level.line;
        const double rate = card_->rates.at(level) * fx;
        const auto& line = out.add(
            {.id = cat("cost.fee.", stage, ".", level),
             .kind = "fee",
             .group = stage,
             .label = cat(stage, " fee at ", level),
             .rule = cat("hours × ", card_->currency, " ", format_grouped(card_->rates.at(level)),
                         "/h", p.fx_note, p.card_note),
             .inputs = {{"rate", format_grouped(card_->rates.at(level))},
                        {"exchange rate", format_number(fx, 4)}},
             .value = hours.value * share * rate,
             .unit = currency,
             .level = level,
             .from = {hours_line, lc.rate.line},
             .combine = Combine::Product});
        cost.stage_fee[i].add(line);
        p.fee.add(line);
      }
    }
  }

  /// The card's fixed items, converted, and the add-ons' items of the fee.
  void price_fixed_items(Pricing& p) const {
    auto& out = p.out;
    for (std::size_t i = 0; i < card_->fixed.size(); ++i) {
      p.fee.add(out.add({.id = "cost.fee.fixed." + std::to_string(i + 1),
                         .kind = "fee",
                         .group = "fixed",
                         .label = card_->fixed[i].first,
                         .rule = "fixed item of the rate card, converted",
                         .value = card_->fixed[i].second * p.fx,
                         .unit = p.currency,
                         .from = {p.fx_line},
                         .combine = Combine::Product}));
    }
    // Add-ons' items of the fee (a travel fee, an engagement-management charge): in the fee, so VAT
    // and the rest follow it.
    for (const auto& c : out.contributions()) {
      if (c.as == Contribution::Fee || c.as == Contribution::FeeYearly)
        p.fee.add(*out.estimate().find(c.line));
    }
  }

  /// The auditor's fee: the fee lines added up.
  void total_fee(Pricing& p) const {
    const Figure& fee = p.fee;
    p.cost.fee = p.out.add({.id = "cost.fee.total",
                            .kind = "fee-total",
                            .group = "auditor",
                            .label = "Auditor's fee (excl. VAT)",
                            .rule = "sum of the fee lines",
                            .value = fee.value,
                            .unit = p.currency,
                            .from = fee.parts,
                            .combine = Combine::Sum});
  }

  /// The card prices one market's firms; a report signed in another (an ISAE 3000 from a Danish
  /// auditor) is priced at rates that are not that auditor's: say so, so the user prices it with
  /// that market's card rather than trust the figure.
  void warn_of_foreign_rates(Pricing& p) const {
    const std::string& signer = p.signer;
    if (!card_->market.empty() && !signer.empty() && signer != card_->market) {
      p.out.add_finding({Severity::Warning, "rates-of-another-market",
                         cat("the rate card (", card_->name, ") holds ", card_->market,
                             " firms' rates, but the report is "
                             "signed by an auditor in ",
                             signer,
                             ": the fee is priced at rates that are not that auditor's. "
                             "Price it with a card of ",
                             signer, " rates (--rates FILE); no public source gives them"),
                         p.model.engagement.where, FindingRole::ForeignRates});
    }
  }

  /// VAT follows who invoices whom (EU VAT Directive art. 44 and 196, docs/sources.md): a domestic
  /// sale carries the country's VAT, shown apart; a foreign auditor invoicing a business in a VAT
  /// country is reverse-charged (the buyer self-assesses it); an auditor invoicing a business
  /// outside any VAT area charges none (an export of services); where neither country has VAT
  /// nothing is said. What the buyer cannot recover of the VAT it bears is a cost (total_year_one).
  void price_vat(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const auto& model = p.model;
    const std::string& currency = p.currency;
    const std::string &buyer = p.buyer, &signer = p.signer;
    std::optional<double>& borne_rate = p.borne_rate;
    std::string& borne_rule = p.borne_rule;
    auto rate_of = [&](const std::string& country) -> std::optional<double> {
      const auto it = card_->vat.find(country);
      return it == card_->vat.end() ? std::nullopt : std::optional<double>{it->second};
    };
    auto vat_line = [&](double rate, const std::string& rule) {
      cost.vat = out.add(
          {.id = "cost.vat",
           .kind = "vat",
           .group = "auditor",
           .label = "VAT on the fee (shown apart)",
           .rule =
               cat(format_number(rate * 100), "% ", rule,
                   model.organization.vat_recovery_share >= 1
                       ? "; recoverable for a VAT-registered buyer, so not in the cost of ownership"
                       : "; what the buyer cannot recover is in the cost of ownership"),
           .inputs = {{"auditor in", signer}, {"buyer in", buyer}},
           .value = cost.fee.value * rate,
           .unit = currency,
           .from = {cost.fee.line},
           .combine = Combine::Sum});
    };
    if (vat_) {
      if (*vat_ > 0) {
        vat_line(*vat_, "from [plugins.rate-card-cost] vat_rate");
        borne_rate = *vat_;
        borne_rule = "[plugins.rate-card-cost] vat_rate";
      }
      cost.vat_case = *vat_ > 0 ? VatCase::Domestic : VatCase::NoVat;
    } else if (buyer.empty()) {
      out.add_finding(
          {Severity::Note, "vat-not-set",
           "the organization's country is unknown, so no VAT is added: set [organization] country "
           "(e.g. \"DK\"), or [plugins.rate-card-cost] vat_rate",
           model.organization.where});
    } else if (const auto buyer_rate = rate_of(buyer); !buyer_rate) {
      out.add_finding(
          {Severity::Note, "vat-not-set",
           "the rate card has no VAT rate for " + buyer +
               ", where the buyer is: add it to the card's [vat] "
               "table (0 for a country without VAT) or set [plugins.rate-card-cost] vat_rate",
           model.engagement.where});
    } else if (signer == buyer || signer.empty()) {
      if (*buyer_rate > 0) {
        vat_line(*buyer_rate, cat("VAT of ", buyer, ": the auditor and the buyer are both in ",
                                  buyer, " (", card_->vat_source, ")"));
        cost.vat_case = VatCase::Domestic;
        borne_rate = *buyer_rate;
        borne_rule =
            cat("VAT of ", buyer,
                card_->vat_builtin ? " (attestplan's built-in VAT rates: the rate card gives none)"
                                   : "");
      } else {
        cost.vat_case = VatCase::NoVat;  // a country without VAT: nothing to say
      }
    } else if (*buyer_rate > 0) {
      cost.vat_case = VatCase::ReverseCharge;
      cost.vat_note = cat(
          "Reverse charge: an auditor in ", signer, " invoicing a business in ", buyer,
          " adds no VAT; the buyer accounts for it itself (", format_number(*buyer_rate * 100),
          "% in ", buyer, "; EU VAT Directive art. 196)",
          model.organization.vat_recovery_share >= 1 ? " and normally deducts it (art. 168)"
                                                     : ", and cannot deduct all of it: the cost of "
                                                       "ownership counts what it cannot recover");
      out.add_finding(
          {Severity::Note, "vat-reverse-charge", cost.vat_note, model.engagement.where});
      borne_rate = *buyer_rate;
      borne_rule = cat(
          "VAT of ", buyer, ", self-assessed under the reverse charge",
          card_->vat_builtin ? " (attestplan's built-in VAT rates: the rate card gives none)" : "");
    } else if (const auto signer_rate = rate_of(signer); signer_rate && *signer_rate > 0) {
      cost.vat_case = VatCase::OutsideScope;
      cost.vat_note = cat(
          "Outside the scope of VAT: an auditor in ", signer, " invoicing a business in ", buyer,
          " (no VAT there) charges none, an export of services (EU VAT Directive art. 44)");
      out.add_finding({Severity::Note, "vat-outside-scope", cost.vat_note, model.engagement.where});
    } else {
      cost.vat_case = VatCase::NoVat;
    }
  }

  /// The costs the organization buys beside the fee: a readiness consultant before a first audit,
  /// a penetration test and compliance tooling, and the add-ons' costs.
  void price_bought_costs(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const auto& model = p.model;
    const auto& effort = p.effort;
    const std::string& currency = p.currency;
    const double fx = p.fx;
    const std::string& fx_line = p.fx_line;
    const auto maturity = model.organization.maturity;
    const bool readiness =
        include_readiness_.value_or(model.organization.first_audit &&
                                    (maturity == Maturity::None || maturity == Maturity::Partial));
    if (readiness && !effort.readiness.line.empty()) {
      cost.readiness_fee = p.other(
          CostRole::Readiness,
          {.id = "cost.other.readiness",
           .kind = "other-cost",
           .group = "readiness",
           .label = "Readiness assessment (consultant)",
           .rule =
               cat("the organization's readiness hours × ", format_range(card_->consultant_share),
                   " with a consultant × ", card_->currency, " ",
                   format_range(card_->consultant_hourly), "/h", p.fx_note,
                   " (judgement; in line with trycomp.ai and fordelstudios.com [V] from a "
                   "standing start)"),
           .inputs = {{"readiness hours", format_range(effort.readiness.value)}},
           .value =
               effort.readiness.value * card_->consultant_share * card_->consultant_hourly * fx,
           .unit = currency,
           .from = {effort.readiness.line, fx_line},
           .combine = Combine::Product,
           .drivers = {out.driver("consultant",
                                  "The readiness consultant's share of the work and rate")}},
          false);
    }
    if (include_pentest_) {
      p.other(CostRole::PenetrationTest,
              {.id = "cost.other.penetration-test",
               .kind = "other-cost",
               .group = "penetration-test",
               .label = "Penetration test (yearly)",
               .rule = "web application test, $5k-$20k (calculatorhub.com, josefkamara.com [V]); "
                       "auditors expect one a year",
               .value = card_->penetration_test * fx,
               .unit = currency,
               .from = {fx_line},
               .combine = Combine::Product,
               .drivers = {out.driver("price:penetration-test", "The penetration test's price")}},
              true);
    }
    if (include_tooling_) {
      p.other(CostRole::Tooling,
              {.id = "cost.other.tooling",
               .kind = "other-cost",
               .group = "tooling",
               .label = "Compliance automation tooling (yearly)",
               .rule = "$5k-$30k a year (Risclens methodology [R])",
               .value = card_->tooling * fx,
               .unit = currency,
               .from = {fx_line},
               .combine = Combine::Product,
               .drivers = {out.driver("price:tooling", "The compliance tooling's price")}},
              true);
    }
    // Add-ons' costs beside the fee.
    for (const auto& c : out.contributions()) {
      if (c.as != Contribution::BesideFee && c.as != Contribution::BesideFeeYearly) continue;
      const auto& line = *out.estimate().find(c.line);
      cost.other.push_back({Figure::of(line), c.role});
      p.year_one.add(line);
      if (c.as == Contribution::BesideFeeYearly) p.recurring.push_back(Figure::of(line));
    }
  }

  /// Travel and lodging are billed at cost beside the fee (the firm's terms), never inside a fixed
  /// fee: each is a cost of its own, estimated so the client can plan for it, in year two as well.
  void price_travel(Pricing& p) const {
    const auto& effort = p.effort;
    const std::string& currency = p.currency;
    const double fx = p.fx;
    const std::string& fx_line = p.fx_line;
    // Each visit to a site an inclusive subservice organization runs:
    if (effort.site_visits.value.high > 0 && card_->site_visit_expenses.high > 0) {
      const Range per = card_->site_visit_expenses;
      p.other(CostRole::VendorSiteTravel,
              {.id = "cost.other.site-visits",
               .kind = "other-cost",
               .group = "travel",
               .label = "Travel and lodging of the visits to inclusive subservice organizations' "
                        "sites (at cost, beside the fee)",
               .rule = cat(format_number(effort.site_visits.value.likely), " visit(s) × ",
                           card_->currency, " ", format_range(per), " each (",
                           card_->travel_source.empty() ? card_->source : card_->travel_source,
                           " [other] site_visit_expenses)", p.fx_note),
               .inputs = {{"visits", format_number(effort.site_visits.value.likely)}},
               .value = effort.site_visits.value * per * fx,
               .unit = currency,
               .from =
                   [&] {
                     auto f = effort.site_visits.parts;
                     f.push_back(fx_line);
                     return f;
                   }(),
               .combine = Combine::Product},
              true);
    }
    // The travel the model states itself replaces the estimate of the visit to the premises below.
    if (travel_.high > 0) {
      p.other(CostRole::Travel,
              {.id = "cost.other.travel",
               .kind = "other-cost",
               .group = "travel",
               .label = "Travel (at cost, beside the fee)",
               .rule = "from [plugins.rate-card-cost] travel, in " + currency,
               .value = travel_,
               .unit = currency},
              true);
    }
  }

  /// The organization's premises are inspected once a report: the sites it runs, and its cage in a
  /// colocation site (the building is the provider's, the cage and racks are its own). From an
  /// auditor in another country that is a trip abroad, unless the model states its travel itself.
  void price_premises_visit(Pricing& p) const {
    const auto& ctx = p.ctx;
    const auto& model = p.model;
    const std::string& currency = p.currency;
    const std::string &buyer = p.buyer, &signer = p.signer;
    if (!signer.empty() && !buyer.empty() && signer != buyer &&
        card_->premises_visit_abroad_expenses.high > 0 && travel_.high <= 0) {
      std::vector<std::string> premises;
      for (const auto& n : ctx.boundary.nodes) {
        if (n.node != NodeKind::Component || n.kind != ComponentKind::Facility ||
            n.verdict != Verdict::InScope)
          continue;
        const auto* c = model.find_component(n.id);
        if (!c) continue;
        const bool inclusive_site =
            c->provided_by &&
            std::any_of(ctx.boundary.subservices.begin(), ctx.boundary.subservices.end(),
                        [&](const SubserviceInScope& v) {
                          return v.id == c->provided_by->id &&
                                 v.method == SubserviceMethod::Inclusive;
                        });
        if (!inclusive_site && (!c->provided_by || c->site == Site::Colocation))
          premises.push_back(n.name);
      }
      if (!premises.empty()) {
        std::string names;
        for (const auto& site : premises) names += (names.empty() ? "" : "; ") + site;
        const Range per = card_->premises_visit_abroad_expenses;
        p.other(CostRole::PremisesTravel,
                {.id = "cost.other.premises-visit",
                 .kind = "other-cost",
                 .group = "travel",
                 .label = cat("Travel and lodging of a visit from ", signer,
                              " to inspect the premises in ", buyer, " (at cost, beside the fee)"),
                 .rule = cat("one visit per report to ", std::to_string(premises.size()),
                             " site(s) the organization runs, the auditor in ", signer,
                             " and the organization in ", buyer, ": ", card_->currency, " ",
                             format_range(per), " (",
                             card_->travel_source.empty() ? card_->source : card_->travel_source,
                             " [other] premises_visit_abroad_expenses)", p.fx_note),
                 .inputs = {{"premises", names}},
                 .value = per * p.fx,
                 .unit = currency,
                 .from = {p.fx_line},
                 .combine = Combine::Product},
                true);
      }
    }
  }

  /// The organization's own staff time, at its cost per hour.
  void price_own_staff(Pricing& p) const {
    const auto& effort = p.effort;
    const std::string& currency = p.currency;
    p.internal_rate = internal_ ? *internal_ : card_->internal_hourly * p.fx;
    const Range& internal_rate = p.internal_rate;
    const std::string internal_rule = internal_
                                          ? "from [plugins.rate-card-cost] internal_hourly"
                                          : "the rate card's internal_hourly, converted (an input)";
    p.cost.own_staff = p.other(
        CostRole::OwnStaff,
        {.id = "cost.other.internal",
         .kind = "other-cost",
         .group = "internal",
         .label = "The organization's own staff time",
         .rule = "client hours × " + currency + " " + format_grouped(internal_rate.low) + "/" +
                 format_grouped(internal_rate.likely) + "/" + format_grouped(internal_rate.high) +
                 " per hour; " + internal_rule,
         .value = effort.client_hours.value * internal_rate,
         .unit = currency,
         .from = effort.client_hours.parts,
         .combine = Combine::Sum,
         .drivers = {p.out.driver("internal-rate", "The organization's own cost per staff hour")}},
        false);
  }

  /// VAT the buyer bears on what it buys (the fee and the bought services, not its own staff) and
  /// cannot recover: a cost for an exempt or partly exempt business (docs/sources.md, "VAT").
  Figure irrecoverable_vat(Pricing& p, const std::string& id, const std::string& label,
                           const std::vector<Figure>& parts) const {
    const double unrecovered = 1.0 - p.model.organization.vat_recovery_share;
    Figure base;
    for (const auto& f : parts) {
      if (!f.line.empty()) {
        base.add(f);
      } else {  // a total with no line of its own (the next cycle's fee): its lines
        base.value += f.value;
        base.parts.insert(base.parts.end(), f.parts.begin(), f.parts.end());
      }
    }
    return p.out.add({.id = id,
                      .kind = "irrecoverable-vat",
                      .group = "vat",
                      .label = label,
                      .rule = cat(format_number(*p.borne_rate * 100), "% (", p.borne_rule,
                                  ") on the fee and the "
                                  "services bought, × ",
                                  format_number(unrecovered * 100),
                                  "% the organization "
                                  "cannot recover (vat_recovery in [organization])"),
                      .inputs = {{"vat rate", format_number(*p.borne_rate)},
                                 {"unrecovered share", format_number(unrecovered)}},
                      .value = base.value * (*p.borne_rate * unrecovered),
                      .unit = p.currency,
                      .from = base.parts,
                      .combine = Combine::Sum});
  }

  /// Year one: the fee, the costs beside it and the VAT the organization cannot recover.
  void total_year_one(Pricing& p) const {
    auto& cost = p.cost;
    const double unrecovered = 1.0 - p.model.organization.vat_recovery_share;
    std::vector<Figure> bought{cost.fee};
    for (const auto& f : cost.other) {
      if (f.line != cost.own_staff.line) bought.push_back(f);
    }
    p.bears_vat = p.borne_rate && *p.borne_rate > 0 && unrecovered > 0;
    if (p.bears_vat) {
      cost.irrecoverable_vat = irrecoverable_vat(p, "cost.vat.irrecoverable",
                                                 "VAT the organization cannot recover", bought);
      p.year_one.add(*cost.irrecoverable_vat);
    }
    p.tco_vat = p.bears_vat ? " (incl. the VAT it cannot recover)" : " (excl. VAT)";
    cost.year_one = p.out.add({.id = "cost.tco.year-one",
                               .kind = "tco",
                               .group = "year-one",
                               .label = "Year one: total cost of ownership" + p.tco_vat,
                               .rule = "sum of the year-one lines",
                               .value = p.year_one.value,
                               .unit = p.currency,
                               .from = p.year_one.parts,
                               .combine = Combine::Sum});
  }

  /// The next annual cycle priced at each stage's blended rate, the add-ons' yearly fee items and
  /// the organization's own staff time: the next cycle's lines of year two.
  Figure price_next_cycle(Pricing& p) const {
    auto& out = p.out;
    auto& cost = p.cost;
    const auto& effort = p.effort;
    const std::string& currency = p.currency;
    const double fx = p.fx;
    const std::string& fx_line = p.fx_line;
    Figure next;
    for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
      const std::string stage = kAuditStages[i].id;
      const Figure& hours = effort.next_stage_hours[i];
      if (hours.line.empty()) continue;
      double blended = 0;
      for (const auto& [level, share] : mix_->at(stage)) blended += share * card_->rates.at(level);
      const auto& next_fee = out.add(
          {.id = "cost.next.fee." + stage,
           .kind = "next-fee",
           .group = stage,
           .label = "Next cycle fee: " + stage,
           .rule = "next-cycle hours × blended " + card_->currency + " " + format_grouped(blended) +
                   "/h" + (fx != 1 ? " × " + format_number(fx, 4) : "") + p.card_note,
           .value = hours.value * (blended * fx),
           .unit = currency,
           .from = {hours.line, fx_line},
           .combine = Combine::Product});
      cost.next_fee.add(next_fee);
      next.add(next_fee);
    }
    for (const auto& c : out.contributions()) {
      if (c.as != Contribution::FeeYearly) continue;
      const auto& line = *out.estimate().find(c.line);
      cost.next_fee.add(line);
      next.add(line);
    }
    if (!effort.next_client_hours.line.empty()) {
      next.add(out.add({.id = "cost.next.internal",
                        .kind = "next-other-cost",
                        .group = "internal",
                        .label = "Next cycle: the organization's own staff time",
                        .rule = "next-cycle client hours × the internal rate",
                        .value = effort.next_client_hours.value * p.internal_rate,
                        .unit = currency,
                        .from = {effort.next_client_hours.line},
                        .combine = Combine::Sum,
                        .drivers = {"internal-rate"}}));
    }
    return next;
  }

  /// A certification's cycle: the recertification audit at each stage's blended rate, and the
  /// cycle's fee (the initial audit and each surveillance audit).
  void price_certification_cycle(Pricing& p) const {
    const auto& cycle = p.effort.cycle;
    if (!cycle) return;
    auto& out = p.out;
    auto& priced = p.cost.cycle.emplace();
    for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
      const std::string stage = kAuditStages[i].id;
      const Figure& hours = cycle->recertification_stage_hours[i];
      if (hours.line.empty()) continue;
      double blended = 0;
      for (const auto& [level, share] : mix_->at(stage)) blended += share * card_->rates.at(level);
      priced.recertification_fee.add(
          out.add({.id = "cost.recertification.fee." + stage,
                   .kind = "cycle-fee",
                   .group = stage,
                   .label = "Recertification audit fee: " + stage,
                   .rule = "recertification hours × blended " + card_->currency + " " +
                           format_grouped(blended) + "/h" +
                           (p.fx != 1 ? " × " + format_number(p.fx, 4) : "") + p.card_note,
                   .value = hours.value * (blended * p.fx),
                   .unit = p.currency,
                   .from = {hours.line, p.fx_line},
                   .combine = Combine::Product}));
    }
    if (!priced.recertification_fee.parts.empty()) {
      priced.recertification_fee = out.add({.id = "cost.recertification.fee",
                                            .kind = "cycle-fee",
                                            .group = "cycle",
                                            .label = "Recertification audit fee (excl. VAT)",
                                            .rule = "sum of the recertification fee's stage lines",
                                            .value = priced.recertification_fee.value,
                                            .unit = p.currency,
                                            .from = priced.recertification_fee.parts,
                                            .combine = Combine::Sum});
    }
    const auto& cost = p.cost;
    const Figure surveillance_fees =
        out.add({.id = "cost.cycle.surveillance-fees",
                 .kind = "cycle-fee",
                 .group = "cycle",
                 .label = "Surveillance audits' fees (excl. VAT)",
                 .rule = cat(std::to_string(cycle->surveillance_audits),
                             " surveillance audits × the next cycle's fee"),
                 .value = cost.next_fee.value * static_cast<double>(cycle->surveillance_audits),
                 .unit = p.currency,
                 .from = cost.next_fee.parts,
                 .combine = Combine::Product});
    priced.cycle_fee = out.add({.id = "cost.cycle.fee",
                                .kind = "cycle-fee",
                                .group = "cycle",
                                .label = cat("Certification cycle fee: the initial audit and ",
                                             std::to_string(cycle->surveillance_audits),
                                             " surveillance audits (excl. VAT)"),
                                .rule = "the fee + the surveillance audits' fees",
                                .value = cost.fee.value + surveillance_fees.value,
                                .unit = p.currency,
                                .from = {cost.fee.line, surveillance_fees.line},
                                .combine = Combine::Sum});
  }

  /// Year two: the next cycle, the recurring costs and the VAT the organization cannot recover of
  /// them.
  void total_year_two(Pricing& p, Figure next) const {
    auto& cost = p.cost;
    for (const auto& f : p.recurring) next.add(f);
    if (p.bears_vat && !cost.next_fee.parts.empty()) {
      std::vector<Figure> bought_next{cost.next_fee};
      for (const auto& f : p.recurring) bought_next.push_back(f);
      cost.irrecoverable_vat_next =
          irrecoverable_vat(p, "cost.next.vat.irrecoverable",
                            "Next cycle: VAT the organization cannot recover", bought_next);
      next.add(*cost.irrecoverable_vat_next);
    }
    cost.year_two =
        p.out.add({.id = "cost.tco.year-two",
                   .kind = "tco",
                   .group = "year-two",
                   .label = (p.effort.cycle ? "Year two: the first surveillance audit, total cost"
                                            : "Year two: the next 12-month Type 2, total cost") +
                            p.tco_vat,
                   .rule = "sum of the year-two lines",
                   .value = next.value,
                   .unit = p.currency,
                   .from = next.parts,
                   .combine = Combine::Sum});
  }

  std::shared_ptr<const Card> card_;  // the built-in one is shared, not copied
  /// The staffing mix of this run: the card's, or its certification mix for a certification.
  const std::map<std::string, std::map<std::string, double>>* mix_ = nullptr;
  std::optional<double> fx_, vat_;
  SourceLocation fx_where_;
  Range travel_;
  std::optional<Range> internal_;
  std::optional<bool> include_readiness_;
  bool include_pentest_ = true, include_tooling_ = true;
};

}  // namespace

// What the plugin declares of itself: its data file and its options (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
report_types = ["type1", "type2", "certification"]

[[data]]
key = "rates"
label = "rate card"
builtin = "rates/default.toml"
help = "Rate card replacing the built-in one"
marker = "rates"
money = true

[[option]]
key = "exchange_rate"
type = "number"
default = "the card's `[exchange]`"
help = "Units of the model's currency per unit of the card's currency."

[[option]]
key = "vat_rate"
type = "number 0–1"
default = "the card's `[vat]` rate when the auditor and the organization are in the same country; none (reverse charge) across borders"
help = "VAT on the fee, shown apart."

[[option]]
key = "travel"
type = "[low, likely, high]"
default = "none"
help = "Travel cost, in the model's currency."

[[option]]
key = "internal_hourly"
type = "[low, likely, high]"
default = "the card's, converted"
help = "Cost of an hour of the organization's own staff."

[[option]]
key = "include_readiness"
type = "boolean"
default = "first audit at maturity none/partial"
help = "Add a consultant's readiness assessment to year one."

[[option]]
key = "include_penetration_test"
type = "boolean"
default = "true"
help = "Add a yearly penetration test."

[[option]]
key = "include_tooling"
type = "boolean"
default = "true"
help = "Add yearly compliance tooling."
)toml";

ATTESTPLAN_PLUGIN(
    RateCardCost, "rate-card-cost", "1.0.0",
    "Hours by staff level, fee from a rate card, currency and VAT, total cost of ownership",
    kDescriptor)

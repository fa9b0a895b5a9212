// Reading and checking a rate card.
#include "card.hpp"

#include <cmath>

#include "attestplan/format.hpp"
#include "attestplan/toml_reader.hpp"

namespace rate_card_cost {

using namespace attestplan;

namespace {

/// A staffing mix: for each audit stage, the share of its hours worked at each level of the card's
/// rates, adding up to 1.
void read_mix(TableReader& top, const std::string& key, const DataFile& file, const Card& card,
              std::map<std::string, std::map<std::string, double>>& into, Diagnostics& diags) {
  const auto* mix = top.table(key);
  if (!mix) return;
  TableReader m(*mix, "[" + key + "]", file.source_name, diags);
  for (const auto& audit_stage : kAuditStages) {
    const std::string stage = audit_stage.id;
    const std::string name = "[" + key + "." + stage + "]";
    const auto* t = m.table(stage);
    if (!t) {
      diags.error("the rate card has no " + name, m.where(),
                  "give the share of the stage's hours worked at each level");
      continue;
    }
    TableReader r(*t, name, file.source_name, diags);
    double total = 0;
    for (const auto& [k, v] : *t) {
      const std::string level{k.str()};
      const auto share = r.number(level, 0, 1, true);
      if (!share) continue;
      if (!card.rates.count(level)) {
        diags.error("level '" + level + "' in " + name + " has no rate in [rates]", r.where(level));
      }
      into[stage][level] = *share;
      total += *share;
    }
    if (std::fabs(total - 1.0) > 0.001) {
      diags.error("the shares in " + name + " add up to " + format_number(total) + ", not 1",
                  r.where());
    }
    r.check_unknown_keys();
  }
  m.check_unknown_keys();
}

}  // namespace

std::optional<Card> parse_card(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "rate card", diags);
  if (!root) return std::nullopt;
  Card card;
  card.source = file.source_name;
  TableReader top(*root, "the rate card", file.source_name, diags);
  if (!top.format_version("attestplan-rates", 1)) return std::nullopt;
  card.name = top.string("card", true).value_or("");
  card.title = top.string("title").value_or(card.name);
  card.illustrative = top.boolean("illustrative").value_or(false);
  card.currency = top.string("currency", true).value_or("USD");
  if (auto market = top.string("market")) {
    if (is_country_code(*market)) {
      card.market = *market;
    } else {
      diags.error("market '" + *market + "' is not a 2-letter ISO 3166 code", top.where("market"),
                  "the country whose audit firms' rates the card holds, e.g. \"US\"");
    }
  }
  if (const auto* rates = top.table("rates")) {
    TableReader r(*rates, "[rates]", file.source_name, diags);
    for (const auto& [k, v] : *rates) {
      if (auto rate = r.number(k.str(), 0, 1e6, true)) card.rates[std::string{k.str()}] = *rate;
    }
    r.check_unknown_keys();
  } else {
    diags.error("the rate card has no [rates] table", top.where());
  }
  if (top.table("mix")) {
    read_mix(top, "mix", file, card, card.mix, diags);
  } else {
    diags.error("the rate card has no [mix] table", top.where());
  }
  if (top.has("certification_mix"))
    read_mix(top, "certification_mix", file, card, card.certification_mix, diags);
  if (const auto* ex = top.table("exchange")) {
    TableReader r(*ex, "[exchange]", file.source_name, diags);
    for (const auto& [k, v] : *ex) {
      if (auto rate = r.number(k.str(), 1e-6, 1e6, true))
        card.exchange[std::string{k.str()}] = *rate;
    }
    r.check_unknown_keys();
  }
  if (const auto* vat = top.table("vat")) {
    TableReader r(*vat, "[vat]", file.source_name, diags);
    card.vat_source = r.string("source", true).value_or("");
    for (const auto& [k, v] : *vat) {
      const std::string country{k.str()};
      if (country == "source") continue;
      if (!is_country_code(country)) {
        diags.error("[vat] keys are 2-letter ISO 3166 country codes; '" + country + "' is not",
                    location_of(k.source(), file.source_name));
        continue;
      }
      if (auto rate = r.number(country, 0, 1, true)) card.vat[country] = *rate;
    }
    r.check_unknown_keys();
  }
  if (const auto* fixed = top.table_array("fixed")) {
    for (const auto& node : *fixed) {
      TableReader r(*node.as_table(), "[[fixed]]", file.source_name, diags);
      const auto name = r.string("name", true).value_or("");
      card.fixed.emplace_back(name, r.range("amount", true).value_or(Range{}));
      r.check_unknown_keys();
    }
  }
  if (const auto* other = top.table("other")) {
    TableReader r(*other, "[other]", file.source_name, diags);
    card.penetration_test = r.range("penetration_test", true).value_or(Range{});
    card.tooling = r.range("tooling", true).value_or(Range{});
    card.internal_hourly = r.range("internal_hourly", true).value_or(Range{});
    card.consultant_hourly = r.range("consultant_hourly", true).value_or(Range{});
    card.consultant_share = r.range("consultant_share", true).value_or(Range{});
    card.site_visit_expenses = r.range("site_visit_expenses").value_or(Range{});
    card.premises_visit_abroad_expenses =
        r.range("premises_visit_abroad_expenses").value_or(Range{});
    r.check_unknown_keys();
  } else {
    diags.error("the rate card has no [other] table", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return card;
}

}  // namespace rate_card_cost

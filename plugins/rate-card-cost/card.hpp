// The rate card of rate-card-cost: rates by staff level, the staffing mix by audit stage,
// exchange rates and the optional cost lines, read from a TOML file (models/rates/ or a firm's
// own).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/model_types.hpp"

namespace rate_card_cost {

using attestplan::Maturity;
using attestplan::Range;

struct Card {
  std::string name, title, currency;
  std::string market;  ///< the country whose audit firms' rates the card holds ("" when unsaid)
  bool illustrative = false;
  std::map<std::string, double> rates;
  std::map<std::string, std::map<std::string, double>> mix;  ///< stage → level → share
  /// The same for a certification's audit (a certification body's auditors), when the card prices
  /// one (`[certification_mix]`); empty otherwise.
  std::map<std::string, std::map<std::string, double>> certification_mix;
  std::map<std::string, double> exchange;
  std::map<std::string, double>
      vat;  ///< the standard VAT rate on audit fees, by country (ISO 3166)
  std::string vat_source;
  bool vat_builtin = false;  ///< the rates are the built-in card's: this card gives none
  std::vector<std::pair<std::string, Range>> fixed;
  Range penetration_test, tooling, internal_hourly;
  Range consultant_hourly;  ///< a readiness consultant's rate, in the card's currency
  Range consultant_share;   ///< consultant hours as a share of the organization's readiness hours
  /// Travel and lodging of one visit to an inclusive subservice organization's site, billed at
  /// cost beside the fee's hours (optional: none when the card says nothing).
  Range site_visit_expenses;
  /// Travel and lodging of one visit abroad to inspect the organization's own premises, when the
  /// signing auditor is in another country (optional: none when the card says nothing).
  Range premises_visit_abroad_expenses;
  /// Where the travel figures come from when not from this card (the built-in card's judgement,
  /// taken for a firm's card that gives none): "" when they are the card's own.
  std::string travel_source;
  std::string source;  ///< the file it was read from ("builtin:rates/default.toml")
};

/// Where the built-in card lives among the embedded data files.
inline constexpr std::string_view kBuiltinCard = "rates/default.toml";

/// Reads and checks a rate card; problems go to `diags` with their locations.
std::optional<Card> parse_card(const attestplan::DataFile& file, attestplan::Diagnostics& diags);

}  // namespace rate_card_cost

// The sampling policy of sampling-effort: sample sizes by frequency and window, populations,
// and hours per activity, read from a TOML file (models/sampling/ or a firm's own).
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

namespace sampling_effort {

using attestplan::Frequency;
using attestplan::Maturity;
using attestplan::Range;

struct FrequencyRow {
  double per_year = 1;
  std::map<int, Range> samples;  ///< window months → samples
  std::string source;
};

struct PopulationRule {
  std::string basis, label;
  double per_year = 0, min_per_year = 0, share = 0;
  std::map<std::string, double> per_year_by_cadence;
};

/// [inclusive]: what the controls of a subservice organization tested inclusively are sized from —
/// the provider's side (its staff serving the organization, the sites it runs), not the client's.
struct InclusivePolicy {
  double provider_staff = 10;  ///< when the model's [[subservice]] gives no `staff`
  double site_visits = 1;      ///< visits to each site it runs, per report
  /// A population a provider's control takes from its side instead (disposals → site-disposals).
  std::map<std::string, std::string> populations;
  std::string source = "judgement";
};

/// The work a category brings beyond its controls' tests.
struct CategoryWork {
  std::string label;
  Range hours;
};

struct Policy {
  std::string name, effort_source, client_source, event_source, automated_source, type1_source;
  std::map<Frequency, FrequencyRow> frequency;
  Range automated, type1;
  double low_share = 0.1, low_min = 3, low_max = 30, high_above = 29;
  std::vector<std::pair<double, double>> high_table;
  std::map<std::string, PopulationRule> populations;
  InclusivePolicy inclusive;
  std::map<std::string, Range> effort, client;
  double systems_at_full_rate = 20, beyond_share = 0.25, systems_per_configuration = 4,
         max_configurations = 8;
  /// [strata]: systems that name no process are grouped one group per `systems_per_process`, at
  /// most `max_default_strata` groups; each group is a population apart for per-system controls.
  double systems_per_process = 5, max_default_strata = 20;
  std::string strata_source = "judgement";
  /// [size] beyond the last band ("follow the progression"): each further band adds `step_days`
  /// and ends `band_growth` times the previous band's end.
  double beyond_step_days = 1, beyond_band_growth = 1.26;
  std::map<attestplan::Category, CategoryWork> category_work;
  std::string size_source;
  double size_reference_days = 11;
  std::vector<std::pair<double, double>> size_days;  ///< [largest headcount, audit days], rising
  std::map<Maturity, Range> maturity_factor, readiness;
};

/// Where the built-in policy lives among the embedded data files.
inline constexpr std::string_view kBuiltinPolicy = "sampling/default.toml";

/// Reads and checks a policy file; problems go to `diags` with their locations.
std::optional<Policy> parse_policy(const attestplan::DataFile& file,
                                   attestplan::Diagnostics& diags);

}  // namespace sampling_effort

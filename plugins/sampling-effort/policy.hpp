// The sampling policy of sampling-effort: sample sizes by frequency and window, populations,
// and hours per activity, read from a TOML file (models/sampling/ or a firm's own), or taken from
// the copy of the built-in policy that the build compiles into the plugin (embed_policy.cpp
// writes it, compiled.cpp holds it).
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
#include "attestplan/model.hpp"

namespace sampling_effort {

using attestplan::Frequency;
using attestplan::Maturity;
using attestplan::Range;

struct FrequencyRow {
  double per_year = 1;
  std::map<int, Range> samples;  ///< window months → samples
  std::string source;
  friend bool operator==(const FrequencyRow&, const FrequencyRow&) = default;
};

struct PopulationRule {
  std::string basis, label;
  double per_year = 0, min_per_year = 0, share = 0;
  std::map<std::string, double> per_year_by_cadence;
  friend bool operator==(const PopulationRule&, const PopulationRule&) = default;
};

struct Policy {
  std::string name, effort_source, client_source, event_source, automated_source, type1_source;
  std::map<Frequency, FrequencyRow> frequency;
  Range automated, type1;
  double low_share = 0.1, low_min = 3, low_max = 30, high_above = 29;
  std::vector<std::pair<double, double>> high_table;
  std::map<std::string, PopulationRule> populations;
  std::map<std::string, Range> effort, client;
  std::map<Maturity, Range> maturity_factor, readiness;
  friend bool operator==(const Policy&, const Policy&) = default;
};

/// Where the built-in policy lives among the embedded data files.
inline constexpr std::string_view kBuiltinPolicy = "sampling/default.toml";

/// Reads and checks a policy file; problems go to `diags` with their locations.
std::optional<Policy> parse_policy(const attestplan::DataFile& file, attestplan::Diagnostics& diags);

/// The built-in policy as the build compiled it (read and checked by parse_policy then), made once
/// per process and shared read-only.
const Policy& builtin_policy();

/// Rebuilds the built-in policy (the generated source defines it).
Policy make_builtin_policy();

/// The text of the generated source: a definition of make_builtin_policy() that rebuilds `p`.
std::string compile_policy(const Policy& p, std::string_view source_name);

}  // namespace sampling_effort

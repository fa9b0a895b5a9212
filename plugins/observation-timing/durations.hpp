// The timing durations of observation-timing: weeks of planning, readiness, remediation by maturity
// and reporting, the renewal lead time and the bridge-letter ceiling, read from a TOML file
// (models/timing/ or a firm's own).
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

namespace observation_timing {

using attestplan::Maturity;
using attestplan::Range;

struct Durations {
  std::string source;
  Range planning, readiness, type1_report, type2_report;
  std::map<Maturity, Range> remediation;
  long lead_days = 14;
  long bridge_max_days = attestplan::kBridgeLetterUsualDays;
  /// [fieldwork]: interim visits inside a Type 2 window, by the window's length — [shortest window
  /// in months, visits], rising — each lasting `interim_visit` weeks.
  std::vector<std::pair<int, int>> interim_visits{{6, 1}, {12, 2}};
  Range interim_visit{1, 1, 2};
  std::string fieldwork_source = "judgement";

  /// The interim visits a window of `months` has (0 below the first row).
  [[nodiscard]] int interim_visits_for(int months) const {
    int n = 0;
    for (const auto& [from, visits] : interim_visits) {
      if (months >= from) n = visits;
    }
    return n;
  }
};

/// Where the built-in durations live among the embedded data files.
inline constexpr std::string_view kBuiltinDurations = "timing/default.toml";

/// Reads and checks a durations file; problems go to `diags` with their locations.
std::optional<Durations> parse_durations(const attestplan::DataFile& file,
                                         attestplan::Diagnostics& diags);

}  // namespace observation_timing

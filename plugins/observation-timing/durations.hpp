// The timing durations of observation-timing: weeks of planning, readiness, remediation by maturity
// and reporting, the renewal lead time and the bridge-letter ceiling, read from a TOML file
// (models/timing/ or a firm's own).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/model.hpp"

namespace observation_timing {

using attestplan::Maturity;
using attestplan::Range;

struct Durations {
  std::string source;
  Range planning, readiness, type1_report, type2_report;
  std::map<Maturity, Range> remediation;
  long lead_days = 14;
  long bridge_max_days = 92;
};

/// Where the built-in durations live among the embedded data files.
inline constexpr std::string_view kBuiltinDurations = "timing/default.toml";

/// Reads and checks a durations file; problems go to `diags` with their locations.
std::optional<Durations> parse_durations(const attestplan::DataFile& file, attestplan::Diagnostics& diags);

}  // namespace observation_timing

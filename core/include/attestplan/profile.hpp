// A firm profile: what `attestplan calibrate` learnt from a firm's past engagements (a scale on
// each effort parameter it could identify, and how many engagements it was fitted on) and the staff
// capacity the firm states, applied to any command with --profile FILE.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// The effort parameters of the sampling policy ([effort] in models/sampling/) a profile may scale.
ATTESTPLAN_API const std::vector<std::string>& effort_parameters();

/// The audit stage an effort parameter's hours fall in (kAuditStages index), or nullopt for the
/// factors that reach across stages (first_year_factor, recurring_share, rolled_forward_share).
ATTESTPLAN_API std::optional<std::size_t> effort_parameter_stage(std::string_view name);

/// One effort parameter as calibrated: its [low, likely, high] times `scale`.
struct CalibratedParameter {
  double scale = 1;
  std::size_t calibrated_from =
      0;  ///< how many engagements informed it (rows whose hours it moves)
};

struct FirmProfile {
  std::string name;    ///< the firm, for people
  std::string source;  ///< where the calibration came from ("attestplan calibrate history.csv")
  std::map<std::string, CalibratedParameter> effort;  ///< by parameter name (effort_parameters())
  /// Hours a week the firm can staff at each level ([capacity] level = hours); empty when not
  /// stated.
  std::map<std::string, double> capacity;
};

/// Reads a profile file; problems go to `diags` with their file:line:col.
ATTESTPLAN_API std::optional<FirmProfile> parse_profile(const DataFile& file, Diagnostics& diags);

/// The profile as TOML text that parse_profile reads back (the numbers round-trip).
ATTESTPLAN_API std::string profile_toml(const FirmProfile& profile);

/// The name of a profile among a command's data overrides (--profile FILE).
inline constexpr std::string_view kProfileOverride = "profile";

}  // namespace attestplan

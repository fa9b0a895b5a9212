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
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/pipeline.hpp"

namespace attestplan {

/// One effort parameter as calibrated: its [low, likely, high] times `scale`, fitted on
/// `calibrated_from` engagements (the rows whose hours it moves).
using CalibratedParameter = ParameterScale;

struct FirmProfile {
  std::string name;    ///< the firm, for people
  std::string source;  ///< where the calibration came from ("attestplan calibrate history.csv")
  std::map<std::string, CalibratedParameter> effort;  ///< by name (the plugins' parameters)
  /// Hours a week the firm can staff at each level ([capacity] level = hours); empty when not
  /// stated.
  std::map<std::string, double> capacity;
};

/// Reads a profile file; problems go to `diags` with their file:line:col. `known`: the names of
/// the parameters the plugins declare (an [effort] entry naming another is an error).
ATTESTPLAN_API std::optional<FirmProfile> parse_profile(const DataFile& file, Diagnostics& diags,
                                                        const std::vector<std::string>& known);

/// The profile as TOML text that parse_profile reads back (the numbers round-trip), its [effort]
/// entries in the order of `order` (the plugins' parameters).
ATTESTPLAN_API std::string profile_toml(const FirmProfile& profile,
                                        const std::vector<std::string>& order);

/// The name of a profile among a command's data overrides (--profile FILE).
inline constexpr std::string_view kProfileOverride = "profile";

/// Reads the firm profile among `request`'s data overrides (kProfileOverride: --profile FILE, or a
/// firm file's profile) into its parameters, the names checked against the plugins' (`host`), so
/// the estimate applies the firm's scales. A request with parameters of its own (a calibration's
/// trial) keeps them and reads no profile. What does not read goes to request.diagnostics, located
/// in the profile, and stops the estimate once its plugins are configured.
ATTESTPLAN_API void apply_profile(const PluginHost& host, EstimateRequest& request);

}  // namespace attestplan

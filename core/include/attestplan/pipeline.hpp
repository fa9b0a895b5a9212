// The estimate pipeline: a model resolved into its boundary and run through one plugin per stage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"
#include "attestplan/simulation.hpp"

namespace attestplan {

class PluginHost;

/// Options for one estimate run.
struct EstimateRequest {
  const Model& model;
  const CriteriaCatalog& catalog;
  std::map<std::string, std::filesystem::path> data_overrides;
  std::optional<std::uint64_t> seed;  ///< replaces the simulation settings' seed
  bool keep_runs =
      false;  ///< keep the simulation's runs in the result (to add estimates run by run)
  bool sensitivity =
      true;  ///< rank the inputs that move the fee and the report date (Estimate::sensitivity)
  bool simulate = true;  ///< false: no ranges at all (a run that only checks the configuration)
  /// false: ranges for the summary figures only (SimulationOptions::every_figure), as a comparison
  /// shows them.
  bool every_figure = true;
  /// A boundary already resolved for a model with the same components, services and vendors (the
  /// scenarios of a comparison share one): it is fitted to this model's engagement (rewindow)
  /// instead of resolved again.
  const Boundary* boundary = nullptr;
  /// Random percentiles shared with other estimates of the same request (the scenarios of a
  /// comparison, and the estimate before it): each is drawn once. The figures are the same with or
  /// without it.
  SharedDraws* draws = nullptr;
  /// Asked before each stage, before the simulation and before each scenario of a comparison:
  /// true stops the run, which comes back with `abandoned` set and is not to be used.
  std::function<bool()> abandoned;
  /// Scales on the plugins' declared parameters: a calibration's trial, or a firm profile's (the
  /// firm layer reads a profile among the data overrides into them: apply_profile, profile.hpp).
  /// When absent, every parameter keeps its plugin's default.
  std::optional<std::map<std::string, ParameterScale>> parameters;
  /// Problems the caller found in the request's inputs before the run (a firm profile that does not
  /// read): they lead the result's diagnostics, and an error among them stops the run once the
  /// plugins are configured, as a configuration error does.
  Diagnostics diagnostics;
};

/// The outcome: configuration problems (stop everything), or the estimate with each stage's status.
struct EstimateResult {
  Diagnostics diagnostics;  ///< plugin configuration problems, located in the model
  /// The boundary, with the vendors' coverage settled: where the timing stage checked the vendors'
  /// reports against the window it plans, that window and those findings (as in `estimate`)
  /// instead of the ones assumed from the planning start.
  Boundary boundary;
  Estimate estimate;
  bool configured = false;  ///< false when configuration errors stopped the run
  bool abandoned =
      false;  ///< EstimateRequest::abandoned stopped the run: the estimate is incomplete
  std::optional<LedgerDraws> runs;  ///< the simulation's runs, when the request asked to keep them
  [[nodiscard]] ATTESTPLAN_API bool plugin_failed() const;
};

/// Resolves the boundary and runs one plugin per stage, in stage order, then simulates the ledger
/// (simulation.hpp) with the settings the request names ("simulation" among the data overrides). A
/// plugin that throws or writes an invalid figure (negative, NaN, low > likely > high, duplicate
/// id) fails its stage with a message naming it; the other stages still run and report.
ATTESTPLAN_API EstimateResult run_estimate(const PluginHost& host, const EstimateRequest& request);

/// Re-draws the timing stage's plan on the planned dates once the runs have given each milestone
/// its P50: the timing stage lays out phases, fieldwork and the window on each duration's likely
/// value, and the documents name the P50s; every date of the plan is moved by the same
/// piecewise-linear map that takes each milestone's likely date to its P50, so a phase that ends at
/// a milestone ends on its P50. The vendor-coverage findings and the bridge-letter phases are then
/// checked again on the re-drawn window. Nothing changes when no milestone has a spread (no
/// simulation).
ATTESTPLAN_API void plan_on_planned_dates(Estimate& estimate, const Model& model,
                                          const Boundary& boundary);

}  // namespace attestplan

// The seeded Monte Carlo over the ledger: every line's low / likely / high is a three-point
// estimate (triangular), computed lines are recomputed from their inputs in each run, and lines
// that share a driver take the same percentile of their ranges in a run. It gives every figure of
// the results its P10 / P50 / P90, judges each renewal by the share of runs that meet it, and ranks
// the inputs that move the fee and the report date (a tornado).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// How many runs, from which seed: data with defaults (models/simulation/default.toml).
struct SimulationSettings {
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  std::string source;
};

inline constexpr std::size_t kMinDraws = 100;
inline constexpr std::size_t kMaxDraws = 100000;

/// Reads a simulation settings file (draws, seed); problems go to `diags` with locations.
ATTESTPLAN_API std::optional<SimulationSettings> parse_simulation_settings(const DataFile& file,
                                                                           Diagnostics& diags);

/// The built-in settings, read once.
ATTESTPLAN_API const SimulationSettings& builtin_simulation_settings();

/// The draws of every line, as one block: line i's value in run k is `values[i * draws + k]`.
struct LedgerDraws {
  std::size_t draws = 0;
  std::vector<double> values;

  [[nodiscard]] std::size_t lines() const { return draws == 0 ? 0 : values.size() / draws; }
  /// Line i's runs.
  [[nodiscard]] std::span<const double> line(std::size_t i) const {
    return {values.data() + i * draws, draws};
  }
  [[nodiscard]] std::span<double> line(std::size_t i) { return {values.data() + i * draws, draws}; }
};

/// The random percentiles a simulation draws, run by run, for each driver, each set of drivers and
/// each line of its own: they depend only on the seed, the number of runs and the ids, so estimates
/// that name the same drivers and lines (an estimate and the scenarios of its comparison) can share
/// one of these and draw each once. Safe to share between threads; the arrays it hands out live as
/// long as it does.
class ATTESTPLAN_API SharedDraws {
 public:
  SharedDraws();
  ~SharedDraws();
  SharedDraws(const SharedDraws&) = delete;
  SharedDraws& operator=(const SharedDraws&) = delete;

  /// The array drawn for `key` with `settings`, drawing it with `draw` (which fills an array of
  /// `settings.draws`) the first time it is asked for. `draw` runs while the arrays are locked: it
  /// must not call `get` (fetch what it needs first).
  std::span<const double> get(const SimulationSettings& settings, const std::string& key,
                              const std::function<void(std::span<double>)>& draw);
  /// How many arrays were drawn (not found already drawn): for tests.
  [[nodiscard]] std::size_t drawn() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Draws the ledger `settings.draws` times. Lines the simulation cannot recompute (a `from` naming
/// a later or unknown line) are drawn as estimates of their own.
ATTESTPLAN_API LedgerDraws simulate_ledger(const Estimate& estimate,
                                           const SimulationSettings& settings,
                                           SharedDraws* shared = nullptr);

/// The 10th, 50th and 90th percentiles of `values` (linear interpolation between order statistics).
ATTESTPLAN_API Percentiles percentiles(std::span<const double> values);

/// The `q` quantile of `values` (0 <= q <= 1, clamped), computed as `percentiles` computes its
/// three: linear interpolation between order statistics (Hyndman & Fan type 7, R's default), a
/// NaN counting as the largest value. 0 for no values. A proposal's fee at P80 is quantile(runs,
/// 0.8).
ATTESTPLAN_API double quantile(std::span<const double> values, double q);

/// What a simulation works out from its runs, beyond the runs themselves.
struct SimulationOptions {
  SourceLocation engagement;  ///< where renewal findings point
  bool sensitivity = true;    ///< the fee's and report date's tornado
  /// false: only the summary figures get their P10 / P50 / P90 (auditor hours, the fee, own staff,
  /// year one and year two, and the milestones) — what a comparison shows of each plan.
  bool every_figure = true;
  SharedDraws* shared =
      nullptr;  ///< supplies the random percentiles (see SharedDraws); the figures are the same
  /// Whose working days a report is delivered on (ISO 3166 alpha-2; empty: weekdays).
  std::string country;
  /// The organization renews its report (first_audit = false): what a renewal's finding says when a
  /// Type 1 does not meet it.
  bool renewing = false;
};

/// Runs the simulation and writes what it finds into the estimate: the spread of every computed
/// line, date and result figure, each renewal's chance and verdict (with its finding), and the
/// fee's and report date's tornado.
/// Returns the runs, which a caller may keep to add figures of several estimates run by run.
ATTESTPLAN_API LedgerDraws simulate(Estimate& estimate, const SimulationSettings& settings,
                                    const SimulationOptions& options = {});

/// A figure's runs: its line's, or, for a total without a line, the run-by-run sum of its parts.
/// Empty when the figure names nothing in the ledger.
ATTESTPLAN_API std::vector<double> runs_of(const Estimate& estimate, const LedgerDraws& draws,
                                           const Figure& figure);
/// A line's runs (empty when there is no such line).
ATTESTPLAN_API std::vector<double> runs_of(const Estimate& estimate, const LedgerDraws& draws,
                                           std::string_view line);

/// The inverse of the triangular distribution's CDF (low ≤ likely ≤ high, 0 < u < 1).
ATTESTPLAN_API double triangular_quantile(double low, double likely, double high, double u);

}  // namespace attestplan

// Scenarios side by side: Type 1 then Type 2, Type 2 windows of 3, 6 and 12 months, with and
// without each optional category, and the model's own [[scenario]]s — each a full estimate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"
#include "attestplan/pipeline.hpp"

namespace attestplan {

enum class ScenarioStatus { Ok, Failed };
ATTESTPLAN_API const char* to_string(ScenarioStatus v);  ///< "ok", "failed"

/// A scenario's figure: the likely value and the P10 / P50 / P90 of its simulated runs (the runs of
/// a Type 1 and its Type 2 added run by run).
struct ScenarioFigure {
  double likely = 0;
  std::optional<Percentiles> spread;
};

/// One scenario's outcome. Every figure comes from the results of its estimates; `lines` names the
/// ledger lines that explain them ("type1:cost.tco.year-one" for the Type 1 half of a Type 1-then-
/// Type 2 scenario).
struct ScenarioOutcome {
  ScenarioSpec spec;
  ScenarioStatus status = ScenarioStatus::Ok;  ///< Failed: see `error`
  std::string error;
  std::optional<Milestone> first_report;  ///< the first report in hand (Type 1 or Type 2)
  std::optional<Milestone> type2_report;  ///< the Type 2 report in hand, if the scenario has one
  std::vector<RenewalCheck> renewals;     ///< against the first report, each with its chance
  ScenarioFigure year_one, two_years, auditor_hours;
  std::optional<Date> window_start;  ///< the (first) Type 2 window's start
  std::optional<int> window_months;  ///< its length
  /// A renewal whose model names the window that continues its coverage: the days between that
  /// start and this scenario's (0 when coverage continues; more is a stretch no report covers).
  std::optional<long> coverage_gap_days;
  std::string currency;
  std::vector<std::string> lines;
  std::vector<Category> categories;  ///< in scope
  /// The estimate's findings that bear on choosing this plan (a rate card of another market, a
  /// report kind that does not meet a renewal's ask), as their messages.
  std::vector<std::string> findings;
  /// Its fee is priced with a rate card of another market than its signer's: its cost is not
  /// comparable with the others', and it is never recommended on cost over one that is.
  bool rates_of_another_market = false;
  /// The same engagement as the model's (another name for the as-modelled plan): its row repeats
  /// it.
  bool same_as_modelled = false;
  /// The report kind of the scenario (the Type 1 of a Type 1-then-Type 2 plan).
  Report report;
};

/// The scenario attestplan recommends, and why, in one sentence.
struct Recommendation {
  std::string scenario;  ///< its id
  std::string reason;
};

struct Comparison {
  std::vector<ScenarioOutcome> scenarios;
  std::vector<Date> renewal_dates;
  std::string currency;
  std::optional<Recommendation> recommendation;
  bool abandoned = false;  ///< the request's `abandoned` stopped it: scenarios are missing
};

/// The recommendation among the scenarios that keep the model's categories (a change of categories
/// is a decision of scope, not of plan) and leave no gap in coverage, windows of 6 months or more
/// first (a shorter one is below what many customers accept): with a renewal date, the cheapest
/// over two years (P50) of those that have the report in hand before the first renewal in at least
/// 90 % of runs, else the likeliest to; without one, the cheapest over two years.
ATTESTPLAN_API std::optional<Recommendation> recommend(const Comparison& cmp);

/// The built-in set for this model (ids: as-modelled, type1-then-type2, type2-3m, type2-6m,
/// type2-12m, with-X / without-X for each optional category) followed by the model's own. A renewal
/// (first_audit = false) is offered only options that continue coverage: no Type 1, no window
/// shorter than 12 months.
ATTESTPLAN_API std::vector<ScenarioSpec> default_scenarios(const Model& model,
                                                           const std::vector<Category>& in_scope);

/// The estimates behind one scenario, each with its simulated runs kept: the scenario's own, or,
/// for a Type 1 first, the Type 1 (`first`) and the Type 2 whose window starts the day after its
/// as-of date (`second`, a repeat engagement: no readiness). `error` says why one failed.
struct ScenarioEstimates {
  std::optional<EstimateResult> first;
  std::optional<EstimateResult> second;
  std::string error;
};
ATTESTPLAN_API ScenarioEstimates estimate_scenario(const PluginHost& host,
                                                   const EstimateRequest& base,
                                                   const ScenarioSpec& spec);

/// Runs each scenario (`only` empty: all; else those ids, in that order). Unknown ids in `only` are
/// reported in `unknown`. `as_modelled`, when the caller has already estimated `base` as it stands
/// (the same model, seed and data files, with its runs kept, and `base.boundary` its boundary), is
/// the as-modelled row instead of a second estimate of the same plan; without runs it is ignored.
ATTESTPLAN_API Comparison compare_scenarios(const PluginHost& host, const EstimateRequest& base,
                                            const std::vector<std::string>& only,
                                            std::vector<std::string>& unknown,
                                            const EstimateResult* as_modelled = nullptr);

}  // namespace attestplan

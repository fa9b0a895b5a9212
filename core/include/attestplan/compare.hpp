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

/// One scenario's outcome. Every figure comes from the results of its estimates; `lines` names the
/// ledger lines that explain them ("type1:cost.tco.year-one" for the Type 1 half of a Type 1-then-
/// Type 2 scenario).
struct ScenarioOutcome {
  ScenarioSpec spec;
  ScenarioStatus status = ScenarioStatus::Ok;  ///< Failed: see `error`
  std::string error;
  std::optional<Milestone> first_report;   ///< the first report in hand (Type 1 or Type 2)
  std::optional<Milestone> type2_report;   ///< the Type 2 report in hand, if the scenario has one
  std::vector<RenewalCheck> renewals;      ///< against the first report
  Range year_one, two_years, auditor_hours;
  std::string currency;
  std::vector<std::string> lines;
  std::vector<Category> categories;        ///< in scope
};

struct Comparison {
  std::vector<ScenarioOutcome> scenarios;
  std::vector<Date> renewal_dates;
  std::string currency;
};

/// The built-in set for this model (ids: as-modelled, type1-then-type2, type2-3m, type2-6m,
/// type2-12m, with-X / without-X for each optional category) followed by the model's own. A renewal
/// (first_audit = false) is offered only options that continue coverage: no Type 1, no window
/// shorter than 12 months.
ATTESTPLAN_API std::vector<ScenarioSpec> default_scenarios(const Model& model,
                                                           const std::vector<Category>& in_scope);

/// Runs each scenario (`only` empty: all; else those ids, in that order). Unknown ids in `only` are
/// reported in `unknown`.
ATTESTPLAN_API Comparison compare_scenarios(const PluginHost& host, const EstimateRequest& base,
                                            const std::vector<std::string>& only,
                                            std::vector<std::string>& unknown);

}  // namespace attestplan

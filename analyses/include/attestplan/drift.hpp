// Scope drift between two models of the same system (a baseline and the estate now): what entered
// and left the boundary, what changed kind, new subservice organizations and personal-data stores,
// excluded components now depended on, and how controls, samples, hours and fee moved — with the
// changes a system description must disclose as significant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/export.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/model.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/range.hpp"

namespace attestplan {

/// A component whose place in the boundary changed.
struct ComponentDrift {
  std::string id;
  std::string name;
  ComponentKind kind = ComponentKind::Software;
  std::optional<ComponentKind> was;  ///< re-kinded: the baseline's kind
  std::string source;                ///< where an imported component came from
  std::string how;                   ///< "new", "removed", "now reached", "no longer reached", ...
};

/// A subservice organization that the boundary reaches in one model and not the other.
struct ProviderDrift {
  std::string id;
  std::string name;
  SubserviceMethod method = SubserviceMethod::CarveOut;
  std::vector<std::string> provides;  ///< in-scope components it provides
  std::vector<std::string> csocs;     ///< the CSOCs the description must name (new providers)
};

/// An excluded component that in-scope components now depend on.
struct ExcludedReference {
  std::string id;
  std::vector<std::string> referenced_by;
};

/// A figure of the two estimates side by side.
struct FigureDrift {
  std::string metric;   ///< "controls", "samples", "auditor hours", "fee"
  std::string unit;     ///< "count", "hours", or the currency
  double baseline = 0;  ///< likely figures
  double current = 0;
  std::optional<Percentiles> baseline_spread;  ///< each estimate's P10 / P50 / P90
  std::optional<Percentiles> current_spread;
  /// The change's own P10 / P50 / P90: the two estimates' runs (the same seed and drivers)
  /// subtracted run by run, when both kept them.
  std::optional<Percentiles> change;
  bool available = true;  ///< false when a stage that makes it failed in either estimate
};

struct DriftReport {
  std::string baseline;  ///< the models' names
  std::string current;
  std::vector<ComponentDrift> entered;
  std::vector<ComponentDrift> left;
  std::vector<ComponentDrift> rekinded;
  std::vector<ComponentDrift>
      personal_data;  ///< in-scope stores of personal data that are new to scope
  /// New entry points from the internet (internet_facing) in front of in-scope systems.
  std::vector<ComponentDrift> entry_points;
  /// New data stores outside the boundary: is each in scope?
  std::vector<ComponentDrift> data_outside;
  /// Components the baseline had that the current model no longer defines but still names.
  std::vector<ComponentDrift> still_named;
  std::vector<ProviderDrift> new_providers;
  std::vector<ProviderDrift> removed_providers;
  std::vector<ExcludedReference> excluded_referenced;
  std::vector<FigureDrift> figures;
  /// The significant changes a Type 2 system description discloses, and other notes.
  std::vector<Finding> findings;
  std::vector<std::string> failures;  ///< stages that failed in either estimate, in words
  [[nodiscard]] ATTESTPLAN_API bool unchanged() const;
};

/// Compares two estimates of two models (each run through run_estimate).
/// `still_named`: the current model's references to components it no longer defines (its load's
/// LoadResult::dropped_references with LoadOptions::removed_ids): each is reported, not an error.
ATTESTPLAN_API DriftReport compute_drift(const Model& baseline, const EstimateResult& before,
                                         const Model& current, const EstimateResult& after,
                                         const std::vector<DroppedReference>& still_named = {});

}  // namespace attestplan

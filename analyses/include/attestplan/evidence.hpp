// The evidence request list as a working document: each in-scope control's samples split into
// requests by when the samples can exist — a quarterly review's after each quarter it samples
// ends, an annual control's after the period it occurs in, interim and final halves for the
// frequent and event-driven ones — each with its period, due date, owner and an open status.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/date.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"
#include "attestplan/pipeline.hpp"

namespace attestplan {

/// Days from a listing's due date to the due date of the items the auditor selects from it: ten
/// working days (judgement).
inline constexpr long kSelectedItemsDays = 14;
/// Working days the auditor keeps between the last evidence after the window and the report: the
/// final testing, evaluating deviations, the quality review and the representations (judgement).
/// The final selection's due date is brought forward to keep them, never to less than a week after
/// its listing.
inline constexpr int kFinalTestingWorkingDays = 15;

/// A document the engagement needs that is not a control's evidence: what an inclusive subservice
/// organization gives (its part of the description, its assertion, its representation letter).
struct EvidenceDocument {
  std::string title;     ///< "NordColo Data Centres: written assertion"
  std::string evidence;  ///< what to provide
  std::string owner;     ///< who provides it
  std::string category;  ///< "system description and assertions"
};

/// A population the auditor selects items from, asked for once per period however many controls
/// sample it (the new hires of a half year serve the background checks, the confidentiality
/// agreements and the new joiners' access alike).
struct PopulationListing {
  std::string key;                    ///< the effort stage's listing key (ControlEffort::listing)
  std::string label;                  ///< "new hires (replacing leavers)"
  std::vector<std::size_t> controls;  ///< the scope's controls that select from it, scope order
  double count = 0;  ///< the population over the whole window (estimated), on each of its requests
};

/// One request of the list.
struct EvidenceRequest {
  std::string id;           ///< "PBC-001", in the list's order
  std::size_t control = 0;  ///< index into ScopeResult::controls (and EffortResult::controls)
  /// Set for a document request, which belongs to no control (`control` is then meaningless).
  std::optional<EvidenceDocument> document;
  /// Set for a population listing, which belongs to the controls it names (`control` is then
  /// their first).
  std::optional<PopulationListing> listing;
  /// For a control's request whose items the auditor selects from a listing: that listing's request
  /// id; `due` is then when the selected items are due.
  std::string from_listing;
  int part = 1;        ///< which of the control's requests (1-based)
  int parts = 1;       ///< how many requests the control has
  double samples = 0;  ///< the control's samples (its likely count) shared out over its requests by
                       ///< period length
  Date period_start, period_end;  ///< the operation the samples come from
  /// When what the request asks for is due, on a working day: a listing or a period's own evidence
  /// kEvidenceLeadDays after the period; items the auditor selects (from a listing, or days and
  /// weeks of a frequent control) kSelectedItemsDays after that but kFinalTestingWorkingDays before
  /// the report, or a week before an interim visit.
  Date due;
  bool selected =
      false;  ///< the request is for items the auditor selects (so due after their listing)
  std::string performed_by;  ///< "the organization", or the inclusive vendor's name
  std::string visit;  ///< the fieldwork visit that tests it ("Interim fieldwork (1 of 2)", "Final
                      ///< fieldwork")
};

/// Plans the requests: the documents the auditor plans from (policies, organisation chart, risk
/// assessment, inventory and diagrams, vendors) by the period's start; for a Type 2 each period's
/// population listings, once each; each control's requests from the estimate's controls, samples
/// and window (a Type 1: one request per control, for its as-of date); then management's
/// description, assertion and representation letter, and the same of each inclusive subservice
/// organization for its part. Empty when the scope or the timing stage did not run.
ATTESTPLAN_API std::vector<EvidenceRequest> plan_evidence_requests(const Model& model,
                                                                   const EstimateResult& result);

/// When the planning documents are due, as plan_evidence_requests has them (the proposal's "by"
/// date); none when the scope or the timing stage did not run.
ATTESTPLAN_API std::optional<Date> planning_documents_due(const Model& model,
                                                          const EstimateResult& result);

}  // namespace attestplan

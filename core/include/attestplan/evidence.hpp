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

/// Days after the end of the period a request covers until its evidence is due (judgement: two
/// working weeks to pull the sample; docs/sources.md).
inline constexpr long kEvidenceLeadDays = 14;
/// Days from a listing's due date to the due date of the items the auditor selects from it: ten
/// working days (judgement).
inline constexpr long kSelectedItemsDays = 14;
/// Days before the report date that its draft, with management's assertion, is due (judgement).
inline constexpr long kDraftReportDays = 14;

/// A document the engagement needs that is not a control's evidence: what an inclusive subservice
/// organization gives (its part of the description, its assertion, its representation letter).
struct EvidenceDocument {
  std::string title;     ///< "NordColo Data Centres: written assertion"
  std::string evidence;  ///< what to provide
  std::string owner;     ///< who provides it
  std::string category;  ///< "system description and assertions"
};

/// One request of the list.
struct EvidenceRequest {
  std::string id;            ///< "PBC-001", in the list's order
  std::size_t control = 0;   ///< index into ScopeResult::controls (and EffortResult::controls)
  /// Set for a document request, which belongs to no control (`control` is then meaningless).
  std::optional<EvidenceDocument> document;
  int part = 1;              ///< which of the control's requests (1-based)
  int parts = 1;             ///< how many requests the control has
  double samples = 0;        ///< the control's samples (its likely count) on its first request, else 0
  Date period_start, period_end;  ///< the operation the samples come from
  Date due;                  ///< period_end + kEvidenceLeadDays, on a working day: the listing, or the evidence itself
  /// Where the auditor selects items from the period's listing: when the selected items are due
  /// (kSelectedItemsDays after the listing, on a working day); unset otherwise.
  std::optional<Date> selected_due;
  std::string performed_by;  ///< "the organization", or the inclusive vendor's name
  std::string visit;         ///< the fieldwork visit that tests it ("Interim fieldwork (1 of 2)", "Final fieldwork")
};

/// Plans the requests from the estimate's controls, samples and window (a Type 1: one request per
/// control, for its as-of date), then the documents each inclusive subservice organization gives:
/// its part of the system description by the period's end, its written assertion and its
/// representation letter by the report date. Empty when the scope or the timing stage did not run.
ATTESTPLAN_API std::vector<EvidenceRequest> plan_evidence_requests(const Model& model, const EstimateResult& result);

}  // namespace attestplan

// The evidence request (PBC) list as a working document: a row per request (evidence.hpp) with the
// control, what to provide, from which population, how many samples, for which period, when it is
// due, who owns it, an empty assignee and an open status. CSV here; XLSX in
// render_evidence_xlsx.cpp.
#include <set>
#include <string_view>

#include "attestplan/evidence.hpp"
#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

std::string csv_record(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\r\n";
}

namespace {

/// Every column, the internal copy's.
const std::vector<EvidenceColumn>& all_columns() {
  static const std::vector<EvidenceColumn> kColumns{
      {"request", "Request"},
      {"control_id", "Control ID (our planning reference)"},
      {"control", "Control (our planning reference)"},
      {"criteria", "Criteria"},
      {"evidence_category", "Evidence category"},
      {"evidence", "Evidence to provide"},
      {"owner_role", "Owner"},
      {"assignee", "Assignee"},
      {"performed_by", "Performed by"},
      {"frequency", "Frequency"},
      {"nature", "Manual or automated"},
      {"population", "Population"},
      {"population_count", "Estimated population, whole period (for reference)"},
      {"samples", "Samples the auditor selects from this period (INTERNAL)"},
      {"period_start", "Period from"},
      {"period_end", "Period to"},
      {"due", "Due"},
      {"from_listing", "Items selected from"},
      {"visit", "Tested at"},
      {"status", "Status"},
      // Last, on every row of the firm's working copy: a row copied out of it still says so.
      {"copy", "Copy"}};
  return kColumns;
}

/// A control's evidence as a Type 1 asks for it: the library states it for a period ("... for the
/// new hires the auditor selects from a complete listing", "... in the period"); as of one date
/// that is one recent instance for the walkthrough, and a setting as it stands on that date.
/// Only a control run on an event may have had no occasion yet (no leaver, no incident): its
/// approved procedure stands in for an instance. A periodic control that has never run is not in
/// place.
std::string type1_evidence(const std::string& evidence, bool setting, Frequency frequency,
                           const std::string& as_of) {
  if (setting) return evidence + " (as it stood on " + as_of + ")";
  // An instance after the date does not show the control was in place on it. Which instance is
  // the auditor's to choose, never the client's (review 21): the days or weeks of a frequent
  // control it selects; of the others, the instances of the year to the date, with their dates.
  const bool event_driven = frequency == Frequency::EventDriven;
  const bool frequent = frequency == Frequency::Daily || frequency == Frequency::MultipleDaily;
  const std::string instance =
      frequent || frequency == Frequency::Weekly
          ? std::string{" for the "} + (frequent ? "days" : "weeks") +
                " the auditor selects, up to " + as_of
          : ": a list of the instances on or before " + as_of +
                ", with their dates, from which the auditor "
                "selects the instances it inspects" +
                (event_driven ? " (or a statement that there were none, with the approved "
                                "procedure in force on that date)"
                              : "");
  // "... for the new hires the auditor selects from a complete listing", "... for the days the
  // auditor selects in the period": the selection gives way to the one instance.
  constexpr std::string_view kSelected = " the auditor selects";
  if (const auto at = evidence.find(kSelected); at != std::string::npos) {
    const auto for_the = evidence.rfind(" for the ", at);
    auto kept = evidence.substr(0, for_the == std::string::npos ? at : for_the);
    while (!kept.empty() && (kept.back() == ',' || kept.back() == ' ')) kept.pop_back();
    return kept + instance;
  }
  constexpr std::string_view kPeriod = " in the period";
  if (const auto at = evidence.find(kPeriod); at != std::string::npos) {
    return evidence.substr(0, at) + evidence.substr(at + kPeriod.size()) + instance;
  }
  return evidence + " (on or before " + as_of + ")";
}

/// Columns only the firm's working copy has: how many samples the auditor selects.
bool internal_only(const EvidenceColumn& c) {
  return std::string_view{c.key} == "samples" || std::string_view{c.key} == "copy";
}

}  // namespace

std::vector<EvidenceColumn> evidence_columns(EvidenceCopy copy) {
  std::vector<EvidenceColumn> out;
  for (const auto& c : all_columns()) {
    if (copy == EvidenceCopy::Internal || !internal_only(c)) out.push_back(c);
  }
  return out;
}

/// Whether the system in scope holds personal data (a data component classified personal): its
/// customers' records may then show in the evidence of incidents, restores and deletions.
bool personal_data_in_scope(const Model& model, const EstimateResult& r) {
  for (std::size_t k = 0; k < model.components.size(); ++k) {
    if (r.boundary.component_in_scope(k) && holds_personal_data(model.components[k])) return true;
  }
  return false;
}

/// Evidence that may show the records a client holds for its customers (an incident's, a restore's,
/// a deletion's): the client discloses them only as its customers allow (as their processor, GDPR
/// art. 28(3)(a)), so they are masked, or shown on the client's screen rather than sent.
bool may_show_customer_records(const std::string& evidence) {
  if (evidence.find("masked") != std::string::npos) return false;
  for (const char* word :
       {"incident", "Restore", "restore", "Deletion", "deletion", "Triage", "triage", "Recovery",
        "Escalation", "Breach register", "breaches the auditor"}) {
    if (evidence.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::vector<std::string>> evidence_rows(const Model& model, const EstimateResult& r,
                                                    EvidenceCopy copy,
                                                    const Combination* combined) {
  const auto& est = r.estimate;
  const bool type2 = is_type2(model.engagement.report);
  const bool personal = personal_data_in_scope(model, r);
  std::vector<std::vector<std::string>> rows(1);
  for (const auto& c : all_columns()) rows.front().emplace_back(c.header);
  for (const auto& q : plan_evidence_requests(model, r)) {
    if (q.document) {
      // The documents the auditor plans from are asked for as they stand, not for a period.
      const bool as_they_stand = q.document->category == "planning documents";
      rows.push_back({q.id,
                      "",
                      q.document->title,
                      "",
                      q.document->category,
                      q.document->evidence,
                      q.document->owner,
                      "",
                      q.performed_by,
                      "",
                      "",
                      "",
                      "",
                      "",
                      as_they_stand ? "" : q.period_start.to_string(),
                      as_they_stand ? "" : q.period_end.to_string(),
                      q.due.to_string(),
                      "",
                      q.visit,
                      "open"});
      continue;
    }
    if (q.listing) {
      // One listing per period for every control that selects from it: its owner is the first's.
      const auto& l = *q.listing;
      std::string ids, criteria;
      std::set<std::string> seen;
      for (const auto k : l.controls) {
        ids += (ids.empty() ? "" : " ") + est.scope.controls[k].id;
        for (const auto& id : est.scope.controls[k].criteria) {
          if (seen.insert(id).second) criteria += (criteria.empty() ? "" : " ") + id;
        }
      }
      std::string title = "Listing: " + l.label;
      if (q.parts > 1)
        title += " (" + std::to_string(q.part) + " of " + std::to_string(q.parts) + ")";
      const auto& first = est.scope.controls[l.controls.front()];
      // Only the fields the test needs: of people, no more than identifies them and dates the
      // event; of a provider's staff, not even their names (their employer gives them, not the
      // client).
      const bool people = first.population == "hires" || first.population == "leavers" ||
                          first.population == "employees" || first.population == "role-changes" ||
                          first.population == "access-requests";
      const bool provider = q.performed_by != "the organization";
      const std::string fields =
          !people    ? "only the fields the test needs (an identifier, what it is, and its dates)"
          : provider ? "only the staff identifier, the role on " + model.organization.name +
                           "'s service and the dates: no names, national identification numbers or "
                           "other HR details"
                     : "only the fields the test needs (an identifier, name, role or type, and "
                       "dates): no national "
                       "identification numbers, salary or bank details";
      rows.push_back(
          {q.id,
           ids,
           title,
           criteria,
           "population listings",
           "A complete listing of the " + l.label +
               (type2 ? std::string{" in the period"}
                      : " from the date the control was put in place (state that date) to " +
                            q.period_end.to_string()) +
               ", from the system of record, with the report or query that produced it (the "
               "auditor checks it is complete and accurate, then selects the items to test); " +
               fields,
           first.owner,
           "",
           q.performed_by,
           "",
           "",
           first.population,
           type2 ? format_number(l.count) : "",
           "",
           q.period_start.to_string(),
           q.period_end.to_string(),
           q.due.to_string(),
           "",
           q.visit,
           "open"});
      continue;
    }
    const auto& c = est.scope.controls[q.control];
    std::string criteria;
    for (const auto& id : c.criteria) criteria += (criteria.empty() ? "" : " ") + id;
    const ControlEffort* effort =
        q.control < est.effort.controls.size() ? &est.effort.controls[q.control] : nullptr;
    const Figure* population = effort && effort->population ? &*effort->population : nullptr;
    std::string title = c.title;
    if (q.parts > 1)
      title += " (" + std::to_string(q.part) + " of " + std::to_string(q.parts) + ")";
    // Type 2: the whole population of the period is asked for; which items the auditor tests is not
    // said; a setting is inspected as of a date the auditor chooses, with its history over the
    // window. Type 1: design and implementation as of one date, so a setting as of that date and,
    // for a recurring control, one recent instance for the auditor's walkthrough.
    const bool setting = c.frequency == Frequency::Continuous;
    const std::string own =
        personal && may_show_customer_records(c.evidence)
            ? c.evidence + " (your customers' personal data masked before it is sent)"
            : c.evidence;
    // A Type 1's instance is selected from its listing where there is one, as a Type 2's samples
    // are.
    const std::string evidence =
        !type2 && !q.from_listing.empty()
            ? own + " (listing: " + q.from_listing + ")" +
                  (c.frequency == Frequency::EventDriven
                       ? "; if none has occurred by " + q.period_start.to_string() +
                             ", say so and give the approved procedure in force on that date"
                       : "")
        : !type2 ? type1_evidence(own, setting, c.frequency, q.period_start.to_string())
        : setting
            ? own + " (as of a date the auditor chooses, with its change history for the period)"
        : !q.from_listing.empty() ? own + " (listing: " + q.from_listing + ")"
        : q.parts > 1 && c.evidence.find(" in the period") == std::string::npos
            ? own + " (this period)"
        // A yearly control is tested on its instance in the period: one
        // performed before it (last year's penetration test) is not.
        : c.frequency == Frequency::Annual
            ? own + " (the instance performed within the period, " + q.period_start.to_string() +
                  " to " + q.period_end.to_string() + ")"
            : own;
    // The population's size stands on its listing; a control that samples none (a Type 1's) keeps
    // it.
    rows.push_back({q.id,
                    c.id,
                    title,
                    criteria,
                    c.evidence_category,
                    evidence,
                    c.owner,
                    "",
                    q.performed_by,
                    to_string(c.frequency),
                    c.automated ? "automated" : "manual",
                    c.population,
                    population && q.part == 1 && q.from_listing.empty()
                        ? format_number(population->value.likely)
                        : "",
                    format_number(q.samples),
                    q.period_start.to_string(),
                    q.period_end.to_string(),
                    q.due.to_string(),
                    q.from_listing,
                    q.visit,
                    "open"});
  }
  // The working copy says what it is on every row (review 15: one header was too easy to miss).
  for (std::size_t k = 1; k < rows.size(); ++k)
    rows[k].push_back("INTERNAL: the firm's working copy, not for the client");
  if (copy == EvidenceCopy::Client) {
    // The client's copy: the internal columns dropped from every row.
    const auto& all = all_columns();
    for (auto& row : rows) {
      std::vector<std::string> kept;
      for (std::size_t i = 0; i < row.size() && i < all.size(); ++i) {
        if (!internal_only(all[i])) kept.push_back(std::move(row[i]));
      }
      row = std::move(kept);
    }
  }
  // A combined engagement: which reports each request serves, after the criteria.
  if (combined && combined->reports.size() > 1 && combined->error.empty()) {
    const auto first = display_name(combined->reports.front().report);
    auto name_of = [&](const std::string& id) {
      for (const auto& c : combined->reports) {
        if (to_string(c.report) == id) return display_name(c.report);
      }
      return id;
    };
    auto serves = [&](const std::vector<std::size_t>& controls, bool every) {
      std::vector<std::string> ids;
      if (every) {
        for (std::size_t k = 1; k < combined->reports.size(); ++k)
          ids.push_back(to_string(combined->reports[k].report));
      }
      for (const auto k : controls) {
        if (k >= combined->first_serves.size()) continue;
        for (const auto& id : combined->first_serves[k]) {
          if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        }
      }
      std::string out = first;
      for (const auto& c : combined->reports) {  // in the combination's order
        const auto id = to_string(c.report);
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) out += "; " + name_of(id);
      }
      return out;
    };
    const auto requests = plan_evidence_requests(model, r);
    const std::size_t at = 4;  // after "Criteria", in either copy
    rows.front().insert(rows.front().begin() + at, "Reports it serves");
    for (std::size_t k = 1; k < rows.size() && k - 1 < requests.size(); ++k) {
      const auto& q = requests[k - 1];
      const std::vector<std::size_t> controls = q.document  ? std::vector<std::size_t>{}
                                                : q.listing ? q.listing->controls
                                                            : std::vector<std::size_t>{q.control};
      // The documents every examination plans from (policies, organisation, risks, systems,
      // vendors) serve every report; a report's own description and assertion serve it alone.
      const bool planning = q.document && q.document->category == "planning documents";
      rows[k].insert(rows[k].begin() + at, serves(controls, planning));
    }
  }
  return rows;
}

std::string render_evidence_csv(const Model& model, const EstimateResult& r, EvidenceCopy copy,
                                const Combination* combined) {
  std::string out;
  for (const auto& row : evidence_rows(model, r, copy, combined)) out += csv_record(row);
  return out;
}

}  // namespace attestplan

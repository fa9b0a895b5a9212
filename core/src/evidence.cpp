// plan_evidence_requests (evidence.hpp): each control's samples shared out over the parts of the
// window they can come from.
#include "attestplan/evidence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace attestplan {

namespace {

using Span = std::pair<Date, Date>;

/// The window cut into spans of `months` (the last one ends with the window).
std::vector<Span> by_months(const AuditWindow& w, int months) {
  std::vector<Span> out;
  for (Date s = w.start; s <= w.end;) {
    const Date next = s.plus_months(months);
    out.emplace_back(s, std::min(next.plus_days(-1), w.end));
    s = next;
  }
  return out;
}

/// Where a control's samples can come from in a Type 2 window: each occurrence's span for the
/// periodic controls; for the frequent and event-driven ones, the part of the window each
/// fieldwork visit tests (their population is listed and sampled at each visit); the whole window
/// for a continuous (automated) one, whose setting the auditor inspects as of a date it chooses.
std::vector<Span> spans_of(Frequency f, const AuditWindow& w, const std::vector<FieldworkVisit>& visits) {
  switch (f) {
    case Frequency::Annual: return {{w.start, w.end}};
    case Frequency::SemiAnnual: return by_months(w, 6);
    case Frequency::Quarterly: return by_months(w, 3);
    case Frequency::Monthly: return by_months(w, 1);
    // A setting: as of a date the auditor chooses in the window, with its change history.
    case Frequency::Continuous: return {{w.start, w.end}};
    case Frequency::Weekly:
    case Frequency::Daily:
    case Frequency::MultipleDaily:
    case Frequency::EventDriven: {
      std::vector<Span> parts;
      for (const auto& v : visits) {
        if (v.covers_from <= v.covers_to) parts.emplace_back(v.covers_from, v.covers_to);
      }
      if (parts.empty()) parts.emplace_back(w.start, w.end);
      return parts;
    }
  }
  return {{w.start, w.end}};
}

/// The label of the fieldwork visit that tests evidence of a period ending `end`: the first whose
/// part of the window reaches it (the final visit otherwise).
std::string visit_testing(const std::vector<FieldworkVisit>& visits, Date end) {
  for (const auto& v : visits) {
    if (end <= v.covers_to) return v.label;
  }
  return visits.empty() ? std::string{} : visits.back().label;
}

}  // namespace

std::vector<EvidenceRequest> plan_evidence_requests(const Model& model, const EstimateResult& result) {
  const auto& e = result.estimate;
  std::vector<EvidenceRequest> out;
  if (!e.scope.ran || !e.timing.window) return out;
  // The dates the proposal names (each milestone's P50), the fieldwork visits moved with them.
  AuditWindow window = *e.timing.window;
  long moved = 0;
  if (const auto planned = e.timing.planned_window()) {
    moved = window.start.days_until(planned->first);
    window.start = planned->first;
    window.end = planned->second;
  }
  std::vector<FieldworkVisit> visits = e.timing.fieldwork;
  for (auto& v : visits) {
    v.covers_from = v.covers_from.plus_days(moved);
    v.covers_to = v.covers_to.plus_days(moved);
    v.start = v.start.plus_days(moved);
    v.end = v.end.plus_days(moved);
  }
  const bool type2 = is_type2(model.engagement.report);
  std::map<std::string, std::string> vendor_names;
  for (const auto& s : result.boundary.subservices) vendor_names[s.id] = s.name;
  for (std::size_t i = 0; i < e.scope.controls.size(); ++i) {
    const auto& c = e.scope.controls[i];
    // The effort stage plans the scope's controls in order, one each.
    const double likely = i < e.effort.controls.size() ? e.effort.controls[i].samples.value.likely : 0;
    const auto samples = static_cast<long>(std::llround(std::max(0.0, likely)));
    const auto spans = type2 ? spans_of(c.frequency, window, visits) : std::vector<Span>{{window.start, window.start}};
    // Every span of the window gets a request for its whole population: the auditor selects the
    // samples, unannounced, so the list never says which periods or items will be tested. The
    // control's samples are stated once, on its first request.
    std::vector<std::pair<std::size_t, long>> chosen;
    for (std::size_t j = 0; j < spans.size(); ++j) chosen.emplace_back(j, j == 0 ? samples : 0);
    const std::string by = c.performed_by.empty()                  ? "the organization"
                           : vendor_names.count(c.performed_by) != 0 ? vendor_names[c.performed_by]
                                                                     : c.performed_by;
    int part = 0;
    for (const auto& [span, n] : chosen) {
      EvidenceRequest r;
      r.control = i;
      r.part = ++part;
      r.parts = static_cast<int>(chosen.size());
      r.samples = static_cast<double>(n);
      r.period_start = spans[span].first;
      r.period_end = spans[span].second;
      r.due = r.period_end.plus_days(kEvidenceLeadDays);
      r.performed_by = by;
      r.visit = visit_testing(visits, r.period_end);
      out.push_back(std::move(r));
    }
  }
  // The inclusive method: the subservice organization's own part of the description, its written
  // assertion and its representation letter (AT-C 205 and the SOC 2 guide ask them of it as of the
  // service organization's).
  const auto* report = e.timing.milestone(kReportInHand);
  const Date report_date = !report ? window.end : report->spread ? Date::from_serial(report->spread->p50) : report->likely;
  for (const auto& s : result.boundary.subservices) {
    if (s.method != SubserviceMethod::Inclusive) continue;
    const std::string owner = s.name + " management";
    auto add = [&](std::string title, std::string evidence, Date due, bool as_of_start = false) {
      EvidenceRequest r;
      r.document = EvidenceDocument{std::move(title), std::move(evidence), owner};
      r.period_start = window.start;
      r.period_end = as_of_start ? window.start : window.end;
      r.due = due;
      r.performed_by = s.name;
      r.visit = e.timing.fieldwork.empty() ? std::string{} : e.timing.fieldwork.back().label;
      out.push_back(std::move(r));
    };
    // Its description is what the auditor plans its testing from: wanted by the start of the
    // period (a draft; it is confirmed with the assertion), not after it.
    add(s.name + ": description of its controls",
        "Its part of the system description, in draft: the services it provides to the organization and its controls "
        "over them (confirmed with its assertion at the end)",
        window.start, true);
    add(s.name + ": written assertion", "Its management's signed assertion on its part of the description", report_date);
    add(s.name + ": representation letter", "Its management's signed representations, dated as of the report",
        report_date);
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    char id[32];
    std::snprintf(id, sizeof id, "PBC-%03zu", k + 1);
    out[k].id = id;
  }
  return out;
}

}  // namespace attestplan

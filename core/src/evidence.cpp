// plan_evidence_requests (evidence.hpp): each control's samples shared out over the parts of the
// window they can come from.
#include "attestplan/evidence.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
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

/// The fieldwork visit that tests evidence of a period ending `end`: the first whose part of the
/// window reaches it (the final visit otherwise); nullptr when there is none.
const FieldworkVisit* visit_for(const std::vector<FieldworkVisit>& visits, Date end) {
  for (const auto& v : visits) {
    if (end <= v.covers_to) return &v;
  }
  return visits.empty() ? nullptr : &visits.back();
}

/// Whether the auditor selects the control's items from a listing of its population (a sample of
/// events, days or weeks), rather than receiving each occurrence's evidence itself.
bool samples_from_listing(const ScopedControl& c) {
  switch (c.frequency) {
    case Frequency::EventDriven:
    case Frequency::Daily:
    case Frequency::MultipleDaily:
    case Frequency::Weekly: return true;
    default: return false;
  }
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
    // Moved with the window, a visit still starts on the weekday it was planned for (an interim one
    // on a Monday, the final one on a working day) and keeps its length.
    const long length = v.start.days_until(v.end);
    const auto weekday = std::chrono::weekday{v.start.days()};
    v.start = v.start.plus_days(moved);
    if (v.id != "final") {
      while (std::chrono::weekday{v.start.days()} != weekday) v.start = v.start.plus_days(1);
    } else {
      v.start = v.start.working_day();
    }
    v.end = v.start.plus_days(length);
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
      r.due = r.period_end.plus_days(kEvidenceLeadDays).working_day();
      // A population the auditor samples from: the listing first, the items it selects after.
      r.performed_by = by;
      const auto* at = visit_for(visits, r.period_end);
      r.visit = at ? at->label : std::string{};
      // For an interim visit the auditor selects from the listing in the week before it and the items
      // are due on its first day; after the window, within ten working days of the listing.
      if (type2 && samples_from_listing(c)) {
        r.selected_due = at && at->id != "final" ? at->start : r.due.plus_days(kSelectedItemsDays).working_day();
      }
      out.push_back(std::move(r));
    }
  }
  // Management's own documents (AT-C 205; ISAE 3000 (Revised)): the system description in draft
  // before fieldwork, the written assertion with the draft report, the representation letter dated
  // as of the report. Then, under the inclusive method, the same of each subservice organization
  // for its part.
  const auto* report = e.timing.milestone(kReportInHand);
  // The report is dated on a working day: the representations are dated as of it, never after.
  const Date report_date =
      (!report ? window.end : report->spread ? Date::from_serial(report->spread->p50) : report->likely).working_day_before();
  const Date draft_report = report_date.plus_days(-kDraftReportDays).working_day_before();
  const Date first_fieldwork = type2 && !visits.empty() ? std::min(visits.front().start, window.end) : window.start;
  constexpr const char* kCategory = "system description and assertions";
  // The draft description is wanted before the first fieldwork ("Before interim fieldwork (1 of 2)").
  std::string before_first_visit = "Before fieldwork";
  if (type2 && !visits.empty() && visits.front().id != "final" && !visits.front().label.empty()) {
    std::string label = visits.front().label;
    label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
    before_first_visit = "Before " + label;
  }
  auto add = [&](const std::string& who, std::string title, std::string evidence, std::string owner, Date due,
                 Date period_end, std::string when) {
    EvidenceRequest r;
    r.document = EvidenceDocument{std::move(title), std::move(evidence), std::move(owner), kCategory};
    r.period_start = window.start;
    r.period_end = period_end;
    r.due = due.working_day_before();
    r.performed_by = who;
    r.visit = std::move(when);
    out.push_back(std::move(r));
  };
  add("the organization", "System description, in draft",
      "Management's description of the system (its services, components, boundaries, subservice organizations and "
      "the controls expected of them and of customers): a draft before fieldwork, final with the assertion",
      "Management", first_fieldwork, window.end, before_first_visit);
  add("the organization", "Management's written assertion", "Management's signed assertion on the description and the controls",
      "Management", draft_report, window.end, "Reporting");
  add("the organization", "Representation letter", "Management's signed written representations, dated as of the report",
      "Management", report_date, window.end, "Reporting");
  for (const auto& s : result.boundary.subservices) {
    if (s.method != SubserviceMethod::Inclusive) continue;
    const std::string owner = s.name + " management";
    // Its description is what the auditor plans its testing from: wanted by the start of the
    // period (a draft; it is confirmed with the assertion), not after it.
    add(s.name, s.name + ": description of its controls",
        "Its part of the system description, in draft: the services it provides to the organization and its controls "
        "over them (confirmed with its assertion at the end)",
        owner, window.start, window.start, "Planning");
    add(s.name, s.name + ": written assertion", "Its management's signed assertion on its part of the description", owner,
        draft_report, window.end, "Reporting");
    add(s.name, s.name + ": representation letter", "Its management's signed representations, dated as of the report", owner,
        report_date, window.end, "Reporting");
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    char id[32];
    std::snprintf(id, sizeof id, "PBC-%03zu", k + 1);
    out[k].id = id;
  }
  return out;
}

}  // namespace attestplan

// plan_evidence_requests (evidence.hpp): each control's samples shared out over the parts of the
// window they can come from.
#include "attestplan/evidence.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <tuple>

#include "attestplan/frameworks.hpp"

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
std::vector<Span> spans_of(Frequency f, const AuditWindow& w,
                           const std::vector<FieldworkVisit>& visits) {
  switch (f) {
    case Frequency::Annual:
      return {{w.start, w.end}};
    case Frequency::SemiAnnual:
      return by_months(w, 6);
    case Frequency::Quarterly:
      return by_months(w, 3);
    case Frequency::Monthly:
      return by_months(w, 1);
    // A setting: as of a date the auditor chooses in the window, with its change history.
    case Frequency::Continuous:
      return {{w.start, w.end}};
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

/// The date the documents name for a milestone: its P50 once simulated, else its likely date.
Date planned_date(const Milestone& m) {
  return m.spread ? Date::from_serial(m.spread->p50) : m.likely;
}

/// Whether the auditor selects the control's items from a listing of its population (a sample of
/// events, days or weeks), rather than receiving each occurrence's evidence itself.
bool samples_from_listing(const ScopedControl& c) {
  switch (c.frequency) {
    case Frequency::EventDriven:
    case Frequency::Daily:
    case Frequency::MultipleDaily:
    case Frequency::Weekly:
      return true;
    default:
      return false;
  }
}

}  // namespace

namespace {

// The documents the auditor plans from and walks the controls through: wanted by the start of the
// period (their current versions; the period's own instances come later with the controls). They
// are due at the end of planning's first week (two weeks before the period when the plan has no
// planning start), on a working day.
Date planning_due_before(const Estimate& e, Date window_start, const std::string& country) {
  Date due = window_start.plus_days(-14);
  if (const auto* start = e.timing.milestone(kStart)) {
    const Date from = planned_date(*start);
    due = std::min(from.plus_days(4), window_start);
    // Gathered in the ten days before they are due: when a holiday season falls in them, they are
    // due in the second week after it instead (never over Christmas for the first week of January).
    for (long k = 0; k <= 10; ++k) {
      if (const auto season = holiday_season(due.plus_days(-k), country)) {
        due = std::min(std::max(due, season->second.plus_days(10)), window_start);
        break;
      }
    }
  }
  return due.working_day_before(country);
}

/// The calendar the requests are dated on: the window and the fieldwork visits at the dates the
/// proposal names, on the organization's working days.
struct Schedule {
  std::string country;  ///< whose working days and public holidays the dates fall on
  bool type2 = false;
  AuditWindow window;
  std::vector<FieldworkVisit> visits;
  /// The last day the items selected after the window can arrive and leave the auditor its final
  /// working days before the report.
  std::optional<Date> final_items_by;
};

/// The dates the proposal names (each milestone's P50), the fieldwork visits moved with them.
Schedule planned_schedule(const Model& model, const Estimate& e) {
  // Due dates and visits fall on the organization's working days (its public holidays included).
  const std::string country = country_of(model.organization);
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
    if (&v != &visits.back()) {  // an interim visit (the final one is last)
      while (std::chrono::weekday{v.start.days()} != weekday) v.start = v.start.plus_days(1);
      v.start = fieldwork_week(v.start, country);
    } else {
      v.start = v.start.working_day(country);
    }
    v.end = v.start.plus_days(length);
  }
  std::optional<Date> final_items_by;
  if (const auto* report = e.timing.milestone(kReportInHand)) {
    Date d = planned_date(*report);
    for (int left = kFinalTestingWorkingDays; left > 0;) {
      d = d.plus_days(-1);
      if (d.is_working_day(country)) --left;
    }
    final_items_by = d;
  }
  return {country, is_type2(model.engagement.report), window, std::move(visits), final_items_by};
}

/// The documents the auditor plans from (planning_due_before), due together.
std::vector<EvidenceRequest> planning_documents(const Model& model, const EstimateResult& result,
                                                const Schedule& schedule) {
  const Date planning_due =
      planning_due_before(result.estimate, schedule.window.start, schedule.country);
  std::vector<EvidenceRequest> planning;
  auto plan_document = [&](std::string title, std::string evidence, std::string owner) {
    EvidenceRequest r;
    r.document = EvidenceDocument{std::move(title), std::move(evidence), std::move(owner),
                                  "planning documents"};
    r.period_start = r.period_end = schedule.window.start;
    r.due = planning_due;
    r.performed_by = "the organization";
    r.visit = "Planning";
    planning.push_back(std::move(r));
  };
  // An organization still writing its policies has drafts, not approved versions, when planning
  // starts: it is asked for what exists, and the approved ones come with the draft description.
  const bool drafting = model.organization.maturity <= Maturity::Partial;
  plan_document("Policies and procedures",
                drafting ? "The policies and procedures that exist today, in draft or approved "
                           "(the approved versions come "
                           "with the draft system description)"
                         : "The policies and procedures the controls in scope rest on, in their "
                           "current versions with their "
                           "approval dates",
                "Management");
  plan_document("Organisation chart",
                "The current organisation chart, naming the security and control roles",
                "Management");
  plan_document(
      "Risk assessment",
      drafting
          ? "The risk assessment and risk register as they stand today, if any (drafts are fine)"
          : "The most recent risk assessment and the risk register",
      "Management");
  plan_document("Systems and data flows",
                "The inventory of the systems in scope, and diagrams of the network and of the "
                "data flows across the "
                "system's boundary",
                "Management");
  // A renewal: the last report is what the auditor plans from (a new auditor reads it; a continuing
  // one follows up its deviations).
  if (!model.organization.first_audit) {
    plan_document("Last report",
                  "Your last report with its system description, the deviations it reported and "
                  "management's responses, "
                  "and any bridge letter issued since",
                  "Management");
  }
  if (!result.boundary.subservices.empty()) {
    plan_document("Subservice organizations",
                  "The subservice organizations and other key vendors, their contracts or terms, "
                  "and their latest "
                  "assurance reports",
                  "Management");
  }
  return planning;
}

/// The documents the framework names (a certification's documented information, by clause),
/// which its auditor reviews at the first visit (a certification's Stage 1) and so wants two weeks
/// before it.
std::vector<EvidenceRequest> framework_documents(const Model& model, const EstimateResult& result,
                                                 const Schedule& schedule) {
  const auto& e = result.estimate;
  const Date first =
      e.timing.fieldwork.empty() ? schedule.window.start : e.timing.fieldwork.front().start;
  const Date due = first.plus_days(-14).working_day_before(schedule.country);
  const std::string visit =
      e.timing.fieldwork.empty() ? std::string{"Planning"} : e.timing.fieldwork.front().label;
  std::vector<EvidenceRequest> out;
  for (const auto& d : words_of(model.engagement.report).documents) {
    const bool several = d.clause.find(" and ") != std::string::npos;
    EvidenceRequest r;
    r.document = EvidenceDocument{
        d.title, d.evidence + (several ? " (clauses " : " (clause ") + d.clause + ")", "Management",
        "documented information"};
    r.period_start = r.period_end = first;
    r.due = due;
    r.performed_by = "the organization";
    r.visit = visit;
    out.push_back(std::move(r));
  }
  return out;
}

/// A control's samples shared out over its periods by their length, evenly (each period's share
/// is the rounded running total less the one before it), so the sample spans the whole window,
/// never the interim periods alone.
std::vector<long> share_by_length(const std::vector<Span>& spans, long samples) {
  std::vector<long> share(spans.size(), 0);
  double total_days = 0;
  for (const auto& [from, to] : spans) total_days += static_cast<double>(from.days_until(to) + 1);
  double running = 0;
  long given = 0;
  for (std::size_t j = 0; j < spans.size() && total_days > 0; ++j) {
    running += static_cast<double>(spans[j].first.days_until(spans[j].second) + 1);
    const long upto = std::lround(static_cast<double>(samples) * running / total_days);
    share[j] = upto - given;
    given = upto;
  }
  return share;
}

/// When the items the auditor selects from a period are due, the period's evidence being due
/// `period_due` and tested at the visit `at`. For an interim visit the auditor selects in the week
/// after the listing and the items are due a week before the visit, so the team has them when it
/// arrives; after the window, ten working days after the listing.
Date selected_items_due(const Schedule& schedule, const FieldworkVisit* at, Date period_due) {
  const std::string& country = schedule.country;
  if (at && at != &schedule.visits.back()) {  // an interim visit
    return std::max(period_due.plus_days(7), at->start.plus_days(-7)).working_day_before(country);
  }
  Date due = period_due.plus_days(kSelectedItemsDays).working_day(country);
  if (schedule.final_items_by)
    due = std::max(std::min(due, *schedule.final_items_by),
                   period_due.plus_days(7).working_day(country));
  return due_clear_of_season(due, period_due, country);
}

/// The populations the auditor selects from and the controls' own requests.
struct ControlRequests {
  std::vector<EvidenceRequest> listings;  ///< each population, once per period
  std::vector<EvidenceRequest> controls;  ///< each control's, period by period
};

/// Each population the auditor selects from, asked for once per period for every control that
/// samples it; then each control's requests.
ControlRequests control_requests(const EstimateResult& result, const Schedule& schedule) {
  const auto& e = result.estimate;
  const std::string& country = schedule.country;
  const bool type2 = schedule.type2;
  const AuditWindow& window = schedule.window;
  const std::vector<FieldworkVisit>& visits = schedule.visits;
  std::map<std::string, std::string> vendor_names;
  for (const auto& s : result.boundary.subservices) vendor_names[s.id] = s.name;
  auto performer = [&](const ScopedControl& c) {
    return c.performed_by.empty()                    ? std::string{"the organization"}
           : vendor_names.count(c.performed_by) != 0 ? vendor_names[c.performed_by]
                                                     : c.performed_by;
  };
  ControlRequests out;
  std::vector<EvidenceRequest>& listings = out.listings;
  std::map<std::tuple<std::string, Date, Date>, std::size_t> listing_at;
  // A Type 1's listings run from when the control was put in place (the client states that date;
  // the plan's is no later than the as-of date) to its date: the auditor selects from them the
  // instance it inspects, as a Type 2's auditor selects its samples, and the client never picks it.
  // Nothing from before the controls existed is asked for.
  Date type1_from = window.start;
  if (const auto* ready = e.timing.milestone(kReady); ready && !type2) {
    type1_from = std::min(planned_date(*ready), window.start);
  }
  for (std::size_t i = 0; i < e.scope.controls.size(); ++i) {
    const auto& c = e.scope.controls[i];
    // The effort stage plans the scope's controls in order, one each.
    const ControlEffort* effort = i < e.effort.controls.size() ? &e.effort.controls[i] : nullptr;
    const double likely = effort ? effort->samples.value.likely : 0;
    const auto samples = static_cast<long>(std::llround(std::max(0.0, likely)));
    const auto spans = type2 ? spans_of(c.frequency, window, visits)
                             : std::vector<Span>{{window.start, window.start}};
    // The population the auditor selects from: the effort stage's listing for a Type 2; a Type 1's
    // control on a population has its listing too, named after it.
    std::string listing_key = effort ? effort->listing : std::string{};
    std::string listing_label = effort ? effort->listing_label : std::string{};
    if (!type2 && listing_key.empty() && !c.population.empty()) {
      listing_key = listing_label = c.population;
      std::replace(listing_label.begin(), listing_label.end(), '-', ' ');
    }
    const bool listed = !listing_key.empty();
    // Items the auditor selects: from a listing, or days and weeks of a frequent control.
    const bool selected = listed || (type2 && samples_from_listing(c));
    // Every span of the window gets a request for its whole population: the auditor selects the
    // samples, unannounced, so the list never says which periods or items will be tested. The
    // firm's working copy shares the control's samples out over its periods (share_by_length).
    const std::vector<long> share = share_by_length(spans, samples);
    for (std::size_t j = 0; j < spans.size(); ++j) {
      const auto& [from, to] = spans[j];
      const auto* at = visit_for(visits, to);
      // Due after the period, on a working day, and not in a holiday season (its work would be done
      // in it): before the season when the period has ended by then, else after it.
      const Date period_due =
          due_clear_of_season(to.plus_days(kEvidenceLeadDays).working_day(country),
                              to.plus_days(1).working_day(country), country);
      EvidenceRequest r;
      r.control = i;
      r.part = static_cast<int>(j) + 1;
      r.parts = static_cast<int>(spans.size());
      r.samples = static_cast<double>(share[j]);
      r.period_start = from;
      r.period_end = to;
      r.performed_by = performer(c);
      r.visit = at ? at->label : std::string{};
      r.due = period_due;
      if (selected) {
        r.selected = true;
        r.due = selected_items_due(schedule, at, period_due);
      }
      if (listed) {
        const auto key = std::make_tuple(listing_key, from, to);
        auto found = listing_at.find(key);
        if (found == listing_at.end()) {
          EvidenceRequest l;
          l.control = i;
          l.listing = PopulationListing{listing_key, listing_label, {}, 0};
          l.period_start = type2 ? from : type1_from;
          l.period_end = to;
          l.due = period_due;
          l.performed_by = r.performed_by;
          l.visit = r.visit;
          found = listing_at.emplace(key, listings.size()).first;
          listings.push_back(std::move(l));
        }
        auto& l = *listings[found->second].listing;
        l.controls.push_back(i);
        if (effort && effort->population)
          l.count = std::max(l.count, effort->population->value.likely);
        // Its id is known once the list is in order: the index until then.
        r.from_listing = std::to_string(found->second);
      }
      out.controls.push_back(std::move(r));
    }
  }
  // A listing's parts (its periods) are numbered as a control's are.
  std::map<std::string, std::vector<std::size_t>> parts_of;
  for (std::size_t k = 0; k < listings.size(); ++k) parts_of[listings[k].listing->key].push_back(k);
  for (const auto& [key, ks] : parts_of) {
    for (std::size_t p = 0; p < ks.size(); ++p) {
      listings[ks[p]].part = static_cast<int>(p) + 1;
      listings[ks[p]].parts = static_cast<int>(ks.size());
    }
  }
  return out;
}

/// Management's own documents (AT-C 205; ISAE 3000 (Revised)): the system description in draft
/// before the period, the written assertion drafted with it and signed as of the report, with the
/// representation letter. Then, under the inclusive method, the same of each subservice
/// organization for its part.
std::vector<EvidenceRequest> management_documents(const EstimateResult& result,
                                                  const Schedule& schedule) {
  const auto& e = result.estimate;
  const std::string& country = schedule.country;
  const bool type2 = schedule.type2;
  const AuditWindow& window = schedule.window;
  std::vector<EvidenceRequest> out;
  const auto* report = e.timing.milestone(kReportInHand);
  // The report is dated on a working day: the representations are dated as of it, never after.
  const Date report_date =
      (report ? planned_date(*report) : window.end).working_day_before(country);
  constexpr const char* kCategory = "system description and assertions";
  // The draft description is what the auditor plans its testing from: wanted two weeks before the
  // period starts (or the as-of date), final with the assertion.
  const Date description_due = window.start.plus_days(-14);
  const std::string before_first_visit = type2 ? "Before the period" : "Before the as-of date";
  auto add = [&](const std::string& who, std::string title, std::string evidence, std::string owner,
                 Date due, Date period_end, std::string when) {
    EvidenceRequest r;
    r.document =
        EvidenceDocument{std::move(title), std::move(evidence), std::move(owner), kCategory};
    r.period_start = window.start;
    r.period_end = period_end;
    r.due = due.working_day_before(country);
    r.performed_by = who;
    r.visit = std::move(when);
    out.push_back(std::move(r));
  };
  const std::string draft_before = type2 ? "period" : "as-of date";
  add("the organization", "System description, in draft",
      "Management's description of the system (its services, components, boundaries, subservice "
      "organizations and "
      "the controls expected of them and of customers): a draft before the " +
          draft_before + ", final with the assertion",
      "Management", description_due, window.end, before_first_visit);
  // The assertion may change with what testing finds: a draft with the draft description, signed
  // and dated as of the report, with the representations.
  add("the organization", "Management's written assertion",
      "Management's assertion on the description and the controls: a draft with the draft "
      "description; signed and "
      "dated as of our report, with the representation letter",
      "Management", report_date, window.end, "Reporting");
  add("the organization", "Representation letter",
      "Management's signed written representations, dated as of the report", "Management",
      report_date, window.end, "Reporting");
  for (const auto& s : result.boundary.subservices) {
    if (s.method != SubserviceMethod::Inclusive) continue;
    const std::string owner = s.name + " management";
    // Its description is part of the organization's: wanted two weeks before the organization's
    // draft (a draft; it is confirmed with the assertion), so that the draft can contain it.
    add(s.name, s.name + ": description of its controls",
        "Its part of the system description, in draft: the services it provides to the "
        "organization and its controls "
        "over them (confirmed with its assertion at the end)",
        owner, description_due.plus_days(-14), window.end, before_first_visit);
    add(s.name, s.name + ": written assertion",
        "Its management's assertion on its part of the description: a draft with that part; signed "
        "and dated as of our "
        "report, with its representation letter",
        owner, report_date, window.end, "Reporting");
    add(s.name, s.name + ": representation letter",
        "Its management's signed representations, dated as of the report", owner, report_date,
        window.end, "Reporting");
  }
  return out;
}

}  // namespace

std::optional<Date> planning_documents_due(const Model& model, const EstimateResult& result) {
  const auto& e = result.estimate;
  if (!e.scope.ran || !e.timing.window) return std::nullopt;
  const auto planned = e.timing.planned_window();
  return planning_due_before(e, planned ? planned->first : e.timing.window->start,
                             country_of(model.organization));
}

std::vector<EvidenceRequest> plan_evidence_requests(const Model& model,
                                                    const EstimateResult& result) {
  const auto& e = result.estimate;
  if (!e.scope.ran || !e.timing.window) return {};
  const Schedule schedule = planned_schedule(model, e);
  // A certification plans from the management system's own documents, and ends in the
  // certification body's decision rather than a report management asserts to.
  const bool certification = is_certification(model.engagement.report);
  auto planning = words_of(model.engagement.report).documents.empty()
                      ? planning_documents(model, result, schedule)
                      : framework_documents(model, result, schedule);
  auto [listings, controls] = control_requests(result, schedule);
  auto management =
      certification ? std::vector<EvidenceRequest>{} : management_documents(result, schedule);
  // In order: planning documents, listings, the controls' requests, then management's documents.
  std::vector<EvidenceRequest> all;
  all.reserve(planning.size() + listings.size() + controls.size() + management.size());
  for (auto* part : {&planning, &listings, &controls, &management})
    std::move(part->begin(), part->end(), std::back_inserter(all));
  auto id_of = [](std::size_t k) {
    char id[32];
    std::snprintf(id, sizeof id, "PBC-%03zu", k + 1);
    return std::string{id};
  };
  for (std::size_t k = 0; k < all.size(); ++k) all[k].id = id_of(k);
  for (auto& r : all) {
    if (!r.from_listing.empty())
      r.from_listing = id_of(planning.size() + std::stoul(r.from_listing));
  }
  return all;
}

}  // namespace attestplan

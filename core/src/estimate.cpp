// Estimate: names of its enums, and finding lines and milestones.
#include "attestplan/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "attestplan/boundary.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/model.hpp"
#include "attestplan/plugin.hpp"

namespace attestplan {

Plugin::~Plugin() = default;

const char* to_string(Stage s) {
  switch (s) {
    case Stage::Scope:
      return "scope";
    case Stage::Effort:
      return "effort";
    case Stage::Cost:
      return "cost";
    case Stage::Timing:
      return "timing";
  }
  return "?";
}

const char* to_string(StageStatus v) {
  switch (v) {
    case StageStatus::Ok:
      return "ok";
    case StageStatus::Failed:
      return "failed";
    case StageStatus::Missing:
      return "missing";
  }
  return "?";
}

const char* to_string(Combine c) {
  switch (c) {
    case Combine::Own:
      return "own";
    case Combine::Sum:
      return "sum";
    case Combine::Product:
      return "product";
  }
  return "?";
}

const char* to_string(RenewalVerdict v) {
  switch (v) {
    case RenewalVerdict::Met:
      return "met";
    case RenewalVerdict::AtRisk:
      return "at risk";
    case RenewalVerdict::Missed:
      return "missed";
  }
  return "?";
}

const Milestone* TimingResult::milestone(std::string_view id) const {
  const auto it = std::find_if(milestones.begin(), milestones.end(),
                               [&](const Milestone& m) { return m.id == id; });
  return it == milestones.end() ? nullptr : &*it;
}

const Phase* TimingResult::phase(PhaseRole role) const {
  const auto it =
      std::find_if(phases.begin(), phases.end(), [&](const Phase& p) { return p.role == role; });
  return it == phases.end() ? nullptr : &*it;
}

const char* to_string(PhaseRole r) {
  switch (r) {
    case PhaseRole::Other:
      return "other";
    case PhaseRole::Planning:
      return "planning";
    case PhaseRole::Readiness:
      return "readiness";
    case PhaseRole::Remediation:
      return "remediation";
    case PhaseRole::Window:
      return "window";
    case PhaseRole::Fieldwork:
      return "fieldwork";
    case PhaseRole::Reporting:
      return "reporting";
    case PhaseRole::Vendor:
      return "vendor";
    case PhaseRole::VendorBridge:
      return "vendor-bridge";
    case PhaseRole::CustomerBridge:
      return "customer-bridge";
    case PhaseRole::NextCycle:
      return "next-cycle";
  }
  return "?";
}

const char* to_string(Contribution c) {
  switch (c) {
    case Contribution::Fee:
      return "fee";
    case Contribution::FeeYearly:
      return "fee-yearly";
    case Contribution::BesideFee:
      return "beside-fee";
    case Contribution::BesideFeeYearly:
      return "beside-fee-yearly";
    case Contribution::AuditorHours:
      return "auditor-hours";
  }
  return "?";
}

const char* to_string(CostRole r) {
  switch (r) {
    case CostRole::Other:
      return "other";
    case CostRole::Readiness:
      return "readiness";
    case CostRole::PenetrationTest:
      return "penetration-test";
    case CostRole::Tooling:
      return "tooling";
    case CostRole::VendorSiteTravel:
      return "vendor-site-travel";
    case CostRole::PremisesTravel:
      return "premises-travel";
    case CostRole::Travel:
      return "travel";
    case CostRole::OwnStaff:
      return "own-staff";
  }
  return "?";
}

std::optional<std::pair<Date, Date>> TimingResult::planned_window() const {
  auto planned = [](const Milestone& m) {
    return m.spread ? Date::from_serial(m.spread->p50) : m.likely;
  };
  if (const auto* as_of = milestone(kAsOfDate)) return std::pair{planned(*as_of), planned(*as_of)};
  const auto* start = milestone(kWindowStart);
  const auto* end = milestone(kWindowEnd);
  if (start && end) return std::pair{planned(*start), planned(*end)};
  if (window) return std::pair{window->start, window->end};
  return std::nullopt;
}

void plan_on_planned_dates(Estimate& estimate, const Model& model, const Boundary& boundary) {
  auto& t = estimate.timing;
  if (!t.ran || !t.window) return;
  // The anchors: each milestone's likely date → its P50, in the order of the likely dates (a
  // later milestone is an earlier one plus durations, run by run, so the P50s keep the order).
  std::vector<std::pair<double, double>> anchors;
  for (const auto& m : t.milestones) {
    if (m.spread) anchors.emplace_back(m.likely.serial(), std::round(m.spread->p50));
  }
  if (anchors.empty()) return;
  std::sort(anchors.begin(), anchors.end());
  anchors.erase(std::unique(anchors.begin(), anchors.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                anchors.end());
  for (std::size_t k = 1; k < anchors.size(); ++k)
    anchors[k].second = std::max(anchors[k].second, anchors[k - 1].second);
  if (std::all_of(anchors.begin(), anchors.end(),
                  [](const auto& a) { return a.first == a.second; }))
    return;
  const auto map = [&](Date d) {
    const double x = d.serial();
    if (x <= anchors.front().first)
      return Date::from_serial(x + (anchors.front().second - anchors.front().first));
    if (x >= anchors.back().first)
      return Date::from_serial(x + (anchors.back().second - anchors.back().first));
    const auto hi =
        std::upper_bound(anchors.begin(), anchors.end(), std::pair{x, -1e18},
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto lo = hi - 1;
    const double f = (x - lo->first) / (hi->first - lo->first);
    return Date::from_serial(std::round(lo->second + f * (hi->second - lo->second)));
  };
  for (auto& p : t.phases) {
    p.start = map(p.start);
    p.end = std::max(p.start, map(p.end));
  }
  for (auto& v : t.fieldwork) {
    v.covers_from = map(v.covers_from);
    v.covers_to = map(v.covers_to);
    v.start = map(v.start);
    v.end = std::max(v.start, map(v.end));
  }
  auto& w = *t.window;
  w.start = map(w.start);
  w.end = std::max(w.start, map(w.end));
  if (w.report_by) w.report_by = map(*w.report_by);
  if (!t.vendor_coverage_checked) return;
  // The vendors' coverage, checked again on the window as planned.
  estimate.findings.erase(std::remove_if(estimate.findings.begin(), estimate.findings.end(),
                                         is_vendor_coverage_finding),
                          estimate.findings.end());
  // Each vendor's bridge-letter phase is made again below, on the window as planned: the timing
  // stage's own (its id, label and lines) where it wrote one.
  std::unordered_map<std::string, Phase> before;  // the boundary's vendors are the model's
  for (const auto& s : boundary.subservices) before.emplace(s.id, Phase{});
  std::erase_if(t.phases, [&](Phase& p) {
    if (p.role != PhaseRole::VendorBridge) return false;
    const auto it = before.find(p.subject);
    if (it == before.end()) return false;
    it->second = std::move(p);
    return true;
  });
  const auto* window_end = t.milestone(kWindowEnd);
  auto planned = plan_vendor_coverage(ModelView(model), BoundaryView(boundary), w,
                                      window_end ? window_end->line : "", t.bridge_usual_days);
  for (auto& f : planned.findings) estimate.findings.push_back(std::move(f));
  for (auto& bridge : planned.bridges) {
    Phase p = std::move(before[bridge.subject]);
    if (p.id.empty()) {  // a gap the timing stage's dates did not show
      p = std::move(bridge);
    } else {
      p.start = bridge.start;
      p.end = bridge.end;
      p.role = bridge.role;
      p.subject = std::move(bridge.subject);
    }
    t.phases.push_back(std::move(p));
  }
}

VendorCoveragePlan plan_vendor_coverage(const ModelView& model, const BoundaryView& boundary,
                                        const AuditWindow& window,
                                        const std::string& window_end_line,
                                        long bridge_usual_days) {
  VendorCoveragePlan plan;
  const auto vendors = subservices_by_id(model.subservices);
  for (const auto& s : boundary.subservices) {
    const auto found = vendors.find(s.id);
    if (found == vendors.end()) continue;
    const auto* vendor = found->second;
    for (auto& f : check_vendor_coverage(*vendor, window, bridge_usual_days,
                                         cites_trust_services_criteria(model.engagement.report)))
      plan.findings.push_back(std::move(f));
    const auto coverage = project_vendor_coverage(*vendor, window);
    if (!coverage || !coverage->bridge_from) continue;
    Phase p;
    p.id = "bridge-" + vendor->id;
    p.label = "Bridge letter from " + vendor->name + " (recommended)";
    if (!window_end_line.empty()) p.lines = {window_end_line};
    p.start = *coverage->bridge_from;
    p.end = std::max(*coverage->bridge_from, window.end);
    p.role = PhaseRole::VendorBridge;
    p.subject = vendor->id;
    plan.bridges.push_back(std::move(p));
  }
  return plan;
}

const LedgerLine* Estimate::find(std::string_view id) const {
  const auto it =
      std::find_if(lines.begin(), lines.end(), [&](const LedgerLine& l) { return l.id == id; });
  return it == lines.end() ? nullptr : &*it;
}

bool Estimate::stage_ok(Stage s) const {
  return std::any_of(stages.begin(), stages.end(), [&](const StageRun& r) {
    return r.stage == s && r.status == StageStatus::Ok;
  });
}

std::optional<std::string> without_prior_file(const Organization& org, const ScopedControl& c) {
  if (org.file_from_type1) return std::nullopt;
  if (!c.performed_by.empty()) return "of " + c.performed_by;
  const auto m = c.area.empty() ? org.maturity : maturity_of(org, c.area);
  if (m != Maturity::Operating)
    return "new in " + (c.area.empty() ? std::string{"the organization"} : c.area);
  return std::nullopt;
}

}  // namespace attestplan

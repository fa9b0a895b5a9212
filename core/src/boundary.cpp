// Boundary resolution: from the model to verdicts with reasons, vendor findings, CSOCs and CUECs.
#include "attestplan/boundary.hpp"

#include <algorithm>
#include <atomic>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "attestplan/frameworks.hpp"
#include "attestplan/view.hpp"
#include "boundary_graph.hpp"

namespace attestplan {

const char* to_string(NodeKind v) {
  switch (v) {
    case NodeKind::Service:
      return "service";
    case NodeKind::Component:
      return "component";
    case NodeKind::Subservice:
      return "subservice";
  }
  return "?";
}

const char* to_string(EdgeKind v) {
  switch (v) {
    case EdgeKind::Uses:
      return "uses";
    case EdgeKind::RunsOn:
      return "runs_on";
    case EdgeKind::Stores:
      return "stores";
    case EdgeKind::Accesses:
      return "accesses";
    case EdgeKind::ProvidedBy:
      return "provided_by";
    case EdgeKind::FlowsTo:
      return "flows_to";
    case EdgeKind::Supports:
      return "supports";
  }
  return "?";
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::InScope:
      return "in-scope";
    case Verdict::OutOfScope:
      return "out-of-scope";
    case Verdict::Excluded:
      return "excluded";
  }
  return "?";
}

namespace {

/// How a hop reads in a reason: "uses api", "runs on eks", "accessed by engineering".
const char* hop_verb(EdgeKind k) {
  switch (k) {
    case EdgeKind::Uses:
      return "uses";
    case EdgeKind::RunsOn:
      return "runs on";
    case EdgeKind::Stores:
      return "stores";
    case EdgeKind::Accesses:
      return "accessed by";
    case EdgeKind::ProvidedBy:
      return "provided by";
    case EdgeKind::FlowsTo:
      return "flows to";
    case EdgeKind::Supports:
      return "relies on";
  }
  return "reaches";
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

std::vector<std::string> Boundary::path(std::size_t node_index) const {
  std::vector<std::string> out;
  if (node_index >= nodes.size() || nodes[node_index].verdict != Verdict::InScope) return out;
  // Bounded by the node count: the predecessor chain of a breadth-first tree has no cycle.
  long i = static_cast<long>(node_index);
  for (std::size_t steps = 0; i >= 0 && steps <= std::min(nodes.size(), kMaxHopsShown); ++steps) {
    out.push_back(nodes[static_cast<std::size_t>(i)].id);
    i = nodes[static_cast<std::size_t>(i)].via;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Boundary::reason(std::size_t node_index) const {
  if (node_index >= nodes.size()) return {};
  const auto& n = nodes[node_index];
  switch (n.verdict) {
    case Verdict::Excluded:
      return "excluded by the model";
    case Verdict::OutOfScope:
      if (n.node == NodeKind::Subservice) return "provides no in-scope component";
      if (n.kind == ComponentKind::People) return "accesses no in-scope system and is not reached";
      return "not reached from any service";
    case Verdict::InScope:
      break;
  }
  if (n.via < 0) return "a service the report covers";
  // Walk back to the root collecting hops, then read them forwards.
  std::vector<std::string> hops;
  long i = static_cast<long>(node_index);
  for (std::size_t steps = 0; steps <= nodes.size(); ++steps) {
    const auto& cur = nodes[static_cast<std::size_t>(i)];
    if (cur.via < 0) break;
    if (hops.size() == kMaxHopsShown) {
      std::reverse(hops.begin(), hops.end());
      return "reached from a service through more than " + std::to_string(kMaxHopsShown) +
             " hops, the last: " + join(hops);
    }
    hops.push_back(std::string{hop_verb(cur.via_edge)} + " " + cur.id);
    i = cur.via;
  }
  std::reverse(hops.begin(), hops.end());
  return "reached from " + nodes[static_cast<std::size_t>(i)].id + ": " + join(hops);
}

std::size_t Boundary::in_scope_count(NodeKind k) const {
  return static_cast<std::size_t>(std::count_if(
      nodes.begin(), nodes.end(),
      [&](const BoundaryNode& n) { return n.node == k && n.verdict == Verdict::InScope; }));
}

std::optional<std::size_t> Boundary::index_of(std::string_view id) const {
  const auto it =
      std::lower_bound(by_id_.begin(), by_id_.end(), id,
                       [&](std::uint32_t i, std::string_view x) { return nodes[i].id < x; });
  if (it == by_id_.end() || nodes[*it].id != id) return std::nullopt;
  return *it;
}

bool Boundary::in_scope(std::string_view id) const {
  const auto i = index_of(id);
  return i && nodes[*i].verdict == Verdict::InScope;
}

std::optional<std::size_t> Boundary::component_index(std::string_view id) const {
  const auto i = index_of(id);
  if (!i || nodes[*i].node != NodeKind::Component) return std::nullopt;
  return *i - first_component_;
}

std::vector<const BoundaryNode*> Boundary::in_scope_components(ComponentKind kind) const {
  std::vector<const BoundaryNode*> out;
  for (const auto& n : nodes) {
    if (n.node == NodeKind::Component && n.kind == kind && n.verdict == Verdict::InScope) {
      out.push_back(&n);
    }
  }
  return out;
}

std::vector<std::string> Boundary::carved_out_criteria() const {
  std::set<std::string> ids;
  for (const auto& s : subservices) {
    if (s.method == SubserviceMethod::CarveOut) ids.insert(s.carries.begin(), s.carries.end());
  }
  return {ids.begin(), ids.end()};
}

const char* to_string(FindingRole r) {
  switch (r) {
    case FindingRole::Other:
      return "other";
    case FindingRole::VendorCoverage:
      return "vendor-coverage";
    case FindingRole::BridgeLetter:
      return "bridge-letter";
    case FindingRole::PlanChoice:
      return "plan-choice";
    case FindingRole::ForeignRates:
      return "foreign-rates";
    case FindingRole::Signer:
      return "signer";
  }
  return "?";
}

bool is_vendor_coverage_finding(const Finding& f) {
  return f.role == FindingRole::VendorCoverage || f.role == FindingRole::BridgeLetter;
}

AuditWindow default_audit_window(const Model& model) {
  const auto& e = model.engagement;
  const Date planning_start = e.start.value_or(Date::today());
  AuditWindow w;
  if (is_type2(e.report)) {
    w.start = e.window_start.value_or(planning_start);
    w.end =
        w.start.plus_months(e.observation_months.value_or(kDefaultObservationMonths)).plus_days(-1);
    w.assumed = !e.window_start.has_value();
  } else {
    w.start = e.as_of.value_or(planning_start);
    w.end = w.start;
    w.assumed = !e.as_of.has_value();
  }
  return w;
}

std::optional<VendorCoverage> project_vendor_coverage(const Subservice& vendor,
                                                      const AuditWindow& window) {
  if (vendor.method != SubserviceMethod::CarveOut || vendor.report == VendorReport::None ||
      !vendor.report_period_end) {
    return std::nullopt;
  }
  const Date end = *vendor.report_period_end;
  const int cycle = std::max(1, vendor.report_cycle_months);
  if (end >= window.end || end.plus_months(cycle) < window.start) return std::nullopt;
  // Periods that end on a month's last day keep doing so (30 September, then 31 March).
  const bool month_end = end.plus_days(1).ymd().day() == std::chrono::day{1};
  auto step = [&](Date d, int months) {
    return month_end ? d.plus_days(1).plus_months(months).plus_days(-1) : d.plus_months(months);
  };
  VendorCoverage c;
  c.reaching = end;
  while (c.reaching < window.end) c.reaching = step(c.reaching, cycle);
  const Date issued_by = window.report_by.value_or(window.end.plus_days(kOwnReportLagDays));
  c.last_issued = c.reaching;
  while (c.last_issued.plus_days(kVendorReportLagDays) > issued_by && c.last_issued > end) {
    c.last_issued = step(c.last_issued, -cycle);
  }
  if (c.last_issued < end) c.last_issued = end;
  if (c.reaching.plus_days(kVendorReportLagDays) > issued_by)
    c.bridge_from = c.last_issued.plus_days(1);
  return c;
}

namespace {

std::vector<Finding> coverage_findings(const Subservice& vendor, const AuditWindow& window,
                                       bool cite, long bridge_usual_days) {
  // The criterion a carve-out's monitoring is tested under, where the report is on the Trust
  // Services Criteria.
  const auto ref = [cite](const char* text) { return std::string{cite ? text : ""}; };
  std::vector<Finding> out;
  const std::string who = vendor.name + " (" + vendor.id + ")";
  // An inclusive vendor is tested with the organization over the window: its own report, and any
  // bridge letter, are beside the point; what the inclusive method needs from it is on paper.
  if (vendor.method == SubserviceMethod::Inclusive) {
    out.push_back({Severity::Note, "inclusive-vendor",
                   who + " is included (the inclusive method): its description of its controls "
                         "joins the system "
                         "description, its management gives a written assertion and a "
                         "representation letter, and "
                         "the service auditor tests its controls over the window; its own report "
                         "is not relied on",
                   vendor.where});
    return out;
  }
  if (vendor.report == VendorReport::None) {
    out.push_back({Severity::Warning, "vendor-no-report",
                   who + " is carved out but offers no report: the vendor-monitoring control" +
                       ref(" (CC9.2)") + " has no independent assurance to rely on",
                   vendor.where});
    return out;
  }
  if (vendor.report == VendorReport::Soc2Type1 || vendor.report == VendorReport::Iso27001) {
    out.push_back({Severity::Note, "vendor-report-kind",
                   who + " offers " + to_string(vendor.report) +
                       ", not a SOC 2 Type 2: it says nothing about operating effectiveness over "
                       "the window; plan extra vendor-monitoring procedures",
                   vendor.where});
  }
  if (!vendor.report_period_end) {
    out.push_back(
        {Severity::Note, "vendor-period-unknown",
         who + " has no report_period_end: coverage of the audit window cannot be checked",
         vendor.where});
    return out;
  }
  // Coverage of the window by the vendor's reports on its usual cycle: the report whose period
  // reaches the window's end covers it, if the vendor has issued it by the time this report is
  // written; otherwise the last report issued leaves a gap a bridge letter covers. A gap no longer
  // than the vendor's own cycle is ordinary, a note; a report on record more than a cycle older
  // than the window means a newer one should exist, a warning. Under carve-out, obtaining the
  // reports and letters is part of monitoring the vendor (CC9.2, CC4.1): good practice, no rule.
  const Date end = *vendor.report_period_end;
  const int cycle = std::max(1, vendor.report_cycle_months);
  const std::string every = std::to_string(cycle) + "-month";
  if (end < window.start && end.plus_months(cycle) < window.start) {
    out.push_back({Severity::Warning, "vendor-report-stale",
                   who + ": the report on record ended " + end.to_string() + ", more than its " +
                       every + " reporting cycle before the audit window starts (" +
                       window.start.to_string() + "): a newer report should exist; obtain it" +
                       ref(" (CC9.2)") + " and update report_period_end",
                   vendor.where});
    return out;
  }
  const auto c = project_vendor_coverage(vendor, window);
  if (!c) return out;
  const Date reaching = c->reaching, last_issued = c->last_issued;
  const bool in_time = !c->bridge_from;
  const bool as_of = window.start == window.end;  // a Type 1: one date, not a window
  const std::string what = as_of ? "the as-of date (" + window.end.to_string() + ")"
                                 : "the audit window (" + window.start.to_string() + " to " +
                                       window.end.to_string() + ")";
  const std::string reaches = as_of ? "covers " + what : "reaches the end of " + what;
  if (in_time) {
    if (end < window.start) {
      out.push_back({Severity::Note, "vendor-next-report",
                     who + ": the report on record ends " + end.to_string() + ", before " + what +
                         "; on its " + every + " cycle, the report for the period ending " +
                         reaching.to_string() +
                         " covers it: obtain it as part of monitoring the vendor" + ref(" (CC9.2)"),
                     vendor.where});
    }
    return out;
  }
  const long gap = last_issued.days_until(window.end);
  const std::string written =
      window.report_by ? "when this report is planned (" + window.report_by->to_string() + ")"
                       : "when this report is written";
  std::string text = who + ": the reports it will have issued " + written + " run to " +
                     last_issued.to_string() + "; the one for the period ending " +
                     reaching.to_string() + ", which " + reaches + ", comes later (about " +
                     std::to_string(kVendorReportLagDays) + " days after its period). ";
  if (gap <= bridge_usual_days) {
    text += "A bridge letter from the vendor for those " + std::to_string(gap) +
            " days is good practice in monitoring it" + ref(" (CC9.2, CC4.1)");
  } else {
    // Longer than a bridge letter is usually accepted for: the letter alone is thin evidence.
    text += "A gap of " + std::to_string(gap) +
            " days is to be expected from a vendor that reports every " + std::to_string(cycle) +
            (cycle == 1 ? " month" : " months") + ", but is longer than " +
            (bridge_usual_days == kBridgeLetterUsualDays
                 ? std::string{"the three months or so a bridge letter usually covers (TrustNet)"}
                 : "the " + std::to_string(bridge_usual_days) +
                       " days a bridge letter is accepted for (the timing data's [bridge] "
                       "max_days)") +
            ": obtain the letter and monitor the vendor by other means over the rest "
            "(its status and incident notices, the contract's security terms" +
            ref(", CC9.2") + ")";
  }
  out.push_back({Severity::Note, "bridge-letter", text, vendor.where, FindingRole::BridgeLetter});
  return out;
}

}  // namespace

std::vector<Finding> check_vendor_coverage(const Subservice& vendor, const AuditWindow& window,
                                           long bridge_usual_days, bool cite_criteria) {
  auto out = coverage_findings(vendor, window, cite_criteria, bridge_usual_days);
  for (auto& f : out) {
    if (f.role == FindingRole::Other) f.role = FindingRole::VendorCoverage;
    f.subject = vendor.id;
  }
  return out;
}

namespace {

/// The model as a typed edge list; vertices are services, then components, then subservices.
detail::GraphInput graph_of(const Model& model) {
  const std::size_t n_services = model.services.size();
  const std::size_t n_components = model.components.size();
  detail::GraphInput g;
  g.vertex_count = n_services + n_components + model.subservices.size();
  g.excluded.assign(g.vertex_count, false);
  g.people.assign(g.vertex_count, false);
  std::unordered_map<std::string_view, std::uint32_t> index;
  index.reserve(g.vertex_count);
  std::uint32_t next = 0;
  for (const auto& s : model.services) {
    g.roots.push_back(next);
    index.emplace(s.id, next++);
  }
  for (const auto& c : model.components) {
    g.excluded[next] = c.excluded;
    g.people[next] = c.kind == ComponentKind::People;
    index.emplace(c.id, next++);
  }
  for (const auto& s : model.subservices) index.emplace(s.id, next++);

  auto add = [&](std::uint32_t from, const Ref& ref, EdgeKind kind) {
    // The loader rejects dangling references; a model built in code may still hold one: skip it.
    const auto it = index.find(ref.id);
    if (it != index.end()) g.edges.push_back({from, it->second, kind});
  };
  for (std::size_t i = 0; i < n_services; ++i) {
    for (const auto& r : model.services[i].uses)
      add(static_cast<std::uint32_t>(i), r, EdgeKind::Uses);
  }
  for (std::size_t k = 0; k < n_components; ++k) {
    const auto& c = model.components[k];
    const auto i = static_cast<std::uint32_t>(n_services + k);
    for (const auto& r : c.runs_on) add(i, r, EdgeKind::RunsOn);
    for (const auto& r : c.uses) add(i, r, EdgeKind::Uses);
    for (const auto& r : c.stores) add(i, r, EdgeKind::Stores);
    // Only people "access"; for anything else the key reads as a dependency (the loader warns).
    const auto access_kind = c.kind == ComponentKind::People ? EdgeKind::Accesses : EdgeKind::Uses;
    for (const auto& r : c.accesses) {
      add(i, r, access_kind);
      // People in scope bring in the supporting systems they use for their work on the system.
      if (c.kind != ComponentKind::People) continue;
      const auto it = index.find(r.id);
      if (it != index.end() && it->second >= n_services && it->second < n_services + n_components &&
          model.components[it->second - n_services].role) {
        add(i, r, EdgeKind::Supports);
      }
    }
    for (const auto& r : c.flows_to) add(i, r, EdgeKind::FlowsTo);
    if (c.provided_by) add(i, *c.provided_by, EdgeKind::ProvidedBy);
  }
  return g;
}

}  // namespace

namespace {
std::atomic<std::uint64_t> resolutions{0};
}  // namespace

std::uint64_t boundary_resolutions() { return resolutions.load(std::memory_order_relaxed); }

bool checks_vendor_coverage(const Model& model) {
  return std::any_of(model.subservices.begin(), model.subservices.end(), [](const Subservice& s) {
    return s.method != SubserviceMethod::Inclusive && s.report != VendorReport::None &&
           s.report_period_end;
  });
}

void rewindow(Boundary& b, const Model& model) {
  b.window = default_audit_window(model);
  std::erase_if(b.findings, is_vendor_coverage_finding);
  if (is_certification(model.engagement.report)) return;
  const std::size_t first_subservice = model.services.size() + model.components.size();
  for (std::size_t k = 0; k < model.subservices.size(); ++k) {
    if (b.nodes[first_subservice + k].verdict != Verdict::InScope) continue;
    for (auto& f : check_vendor_coverage(model.subservices[k], b.window, kBridgeLetterUsualDays,
                                         cites_trust_services_criteria(model.engagement.report)))
      b.findings.push_back(std::move(f));
  }
}

namespace {

/// An in-scope node depending on an excluded one: the exclusion leaves a hole in the boundary.
void check_excluded_dependencies(Boundary& b, const Model& model, const detail::GraphInput& g) {
  const std::size_t n_services = model.services.size();
  for (const auto& e : g.edges) {
    if (e.kind == EdgeKind::Accesses) continue;
    if (b.nodes[e.from].verdict == Verdict::InScope && b.nodes[e.to].verdict == Verdict::Excluded) {
      const auto& excluded = model.components[e.to - n_services];
      b.findings.push_back(
          {Severity::Warning, "excluded-dependency",
           "'" + excluded.id + "' is excluded by the model, but in-scope '" + b.nodes[e.from].id +
               "' depends on it (" + to_string(e.kind) + ")" +
               (excluded.exclude_reason.empty() ? ""
                                                : "; stated reason: " + excluded.exclude_reason),
           excluded.where});
    }
  }
}

/// Supporting systems: the tools controls rely on (the identity provider, source control, the
/// deployment pipeline, tickets, monitoring) belong in the boundary; leaving them out silently is
/// a scoping error auditors raise.
void check_supporting_systems(Boundary& b, const Model& model, const detail::GraphInput& g) {
  const std::size_t n_services = model.services.size();
  const std::size_t n_components = model.components.size();
  bool builds_software = false, has_people = false, has_source_control = false,
       has_identity = false;
  std::string built;
  for (std::size_t k = 0; k < n_components; ++k) {
    const auto& c = model.components[k];
    const auto& node = b.nodes[n_services + k];
    const bool in = node.verdict == Verdict::InScope;
    if (in && c.kind == ComponentKind::Software && !c.provided_by && !c.role) {
      builds_software = true;
      if (built.empty()) built = c.id;
    }
    has_people = has_people || (in && c.kind == ComponentKind::People);
    has_source_control =
        has_source_control ||
        (in && (c.role == ComponentRole::SourceControl || c.role == ComponentRole::CiCd));
    has_identity = has_identity || (in && c.role == ComponentRole::IdentityProvider);
    if (c.role && node.verdict == Verdict::OutOfScope) {
      b.findings.push_back(
          {Severity::Warning, "supporting-system-out-of-scope",
           "'" + c.id + "' is a supporting system (" + to_string(*c.role) +
               ") but no in-scope person accesses it and nothing in scope uses it, so it stays "
               "out of the boundary: if the organization's controls rely on it, say who accesses "
               "it",
           c.where});
    }
  }
  for (const auto& e : g.edges) {
    if (e.kind != EdgeKind::Accesses || b.nodes[e.from].verdict != Verdict::InScope ||
        b.nodes[e.to].verdict != Verdict::OutOfScope || b.nodes[e.to].node != NodeKind::Component ||
        model.components[e.to - n_services].role) {
      continue;
    }
    b.findings.push_back(
        {Severity::Note, "accessed-out-of-scope",
         "'" + b.nodes[e.from].id + "' (in scope) accesses '" + b.nodes[e.to].id +
             "', which stays out of scope: if the organization's controls rely on it (sign-in, "
             "source control, deployment, tickets, monitoring), give it a role (identity-provider, "
             "source-control, ci-cd, ticketing or monitoring) to bring it into the boundary",
         b.nodes[e.to].where});
  }
  const bool cite = cites_trust_services_criteria(model.engagement.report);
  if (builds_software && !has_source_control) {
    b.findings.push_back(
        {Severity::Warning,
         "supporting-system-missing",
         "the boundary holds software the organization builds ('" + built +
             "') but no source control "
             "or deployment pipeline: change management" +
             (cite ? " (CC8.1)" : "") +
             " is tested on them. Add them as components with role = \"source-control\" or "
             "\"ci-cd\", accessed by the engineers",
         {model.source_name}});
  }
  if (has_people && !has_identity) {
    b.findings.push_back(
        {Severity::Note,
         "supporting-system-missing",
         "in-scope people sign in to in-scope systems, but the boundary names no identity "
         "provider: "
         "if one is used (Okta, Entra ID, Google), add it with role = \"identity-provider\"; "
         "access controls" +
             std::string{cite ? " (CC6.1-CC6.3)" : ""} + " are tested on it",
         {model.source_name}});
  }
}

/// Subservice organizations the boundary reaches, with what they carry; the in-scope components
/// each provides, in one pass over the edges.
void resolve_subservices(Boundary& b, const Model& model, const CriteriaCatalog& catalog,
                         const detail::GraphInput& g) {
  const std::size_t first_subservice = model.services.size() + model.components.size();
  std::vector<std::vector<std::string>> provides(model.subservices.size());
  for (const auto& e : g.edges) {
    if (e.kind == EdgeKind::ProvidedBy && e.to >= first_subservice &&
        b.nodes[e.from].verdict == Verdict::InScope) {
      provides[e.to - first_subservice].push_back(b.nodes[e.from].id);
    }
  }
  for (std::size_t k = 0; k < model.subservices.size(); ++k) {
    if (b.nodes[first_subservice + k].verdict != Verdict::InScope) continue;
    const auto& s = model.subservices[k];
    SubserviceInScope out;
    out.id = s.id;
    out.name = s.name;
    out.method = s.method;
    out.report = s.report;
    out.report_period_end = s.report_period_end;
    out.reached_via = std::move(provides[k]);
    // What the vendor can carry follows the criteria catalog: its building, hardware and
    // environment it carries; logical security and capacity of what it operates it shares with the
    // organization; everything else stays with the organization, and claiming it is a modelling
    // error.
    for (const auto& r : s.covers) {
      const auto* criterion = catalog.find(r.id);
      if (!criterion) continue;  // the loader reported it
      if (criterion->vendor_role == VendorRole::Entity) {
        b.findings.push_back(
            {Severity::Warning, "vendor-cannot-carry",
             s.name + " (" + s.id + ") is said to cover " + r.id + " (" + criterion->title +
                 "), which stays with the organization: governance, risk, monitoring, change "
                 "management, incident response and vendor management cannot be carried by a "
                 "subservice organization. Its controls can only complement the organization's; "
                 "remove " +
                 r.id + " from covers",
             r.where});
        continue;
      }
      out.covers.push_back(r.id);
      if (criterion->vendor_role == VendorRole::Carries) out.carries.push_back(r.id);
      out.csocs.push_back(
          s.name + " " + criterion->vendor_part +
          (out.reached_via.empty() ? std::string{} : " (" + join(out.reached_via) + ")") +
          ", contributing to " + r.id + " (" + criterion->title + ") together with " +
          (criterion->vendor_role == VendorRole::Carries ? "the organization's monitoring of it"
                                                         : "the organization's own controls"));
    }
    // A carve-out's covers name Trust Services Criteria: a report on other criteria has none.
    if (s.method == SubserviceMethod::CarveOut && s.covers.empty() &&
        cites_trust_services_criteria(model.engagement.report)) {
      b.findings.push_back({Severity::Note, "carve-out-covers-nothing",
                            "subservice '" + s.id +
                                "' is carved out but lists no criteria in covers: no CSOCs can be "
                                "derived and nothing leaves the organization's own control set",
                            s.where});
    }
    // A vendor's report covering the period (or a bridge letter) is a report on controls' need: a
    // certification relies on the organization's own supplier controls instead.
    if (!is_certification(model.engagement.report)) {
      for (auto& f : check_vendor_coverage(s, b.window, kBridgeLetterUsualDays,
                                           cites_trust_services_criteria(model.engagement.report)))
        b.findings.push_back(std::move(f));
    }
    b.subservices.push_back(std::move(out));
  }
}

/// CUECs: what the boundary leaves to the customers of the services (DESIGN §4).
void derive_cuecs(Boundary& b, const Model& model) {
  const std::size_t n_services = model.services.size();
  const std::size_t n_components = model.components.size();
  const bool has_software = !b.in_scope_components(ComponentKind::Software).empty();
  bool has_confidential = false;
  for (std::size_t k = 0; k < n_components; ++k) {
    const auto& c = model.components[k];
    if (c.kind != ComponentKind::Data || b.nodes[n_services + k].verdict != Verdict::InScope)
      continue;
    for (const auto& cl : c.classification) {
      has_confidential = has_confidential || cl == "confidential";
    }
  }
  if (has_software) {
    b.cuecs.push_back("Customers grant, review and remove their own users' access to the service.");
    b.cuecs.push_back("Customers protect the credentials of their own users and administrators.");
  }
  b.cuecs.push_back(
      "Customers tell the organization promptly of security incidents and of changes to their "
      "authorised contacts.");
  // The lawful basis for personal data is a Privacy CUEC: the control library brings it with the
  // Privacy category, never where Privacy is out of scope.
  if (has_confidential) {
    b.cuecs.push_back(
        "Customers classify what they submit and use the service's sharing settings accordingly.");
  }
}

}  // namespace

Boundary resolve_boundary(const Model& model, const CriteriaCatalog& catalog) {
  resolutions.fetch_add(1, std::memory_order_relaxed);
  Boundary b;
  b.window = default_audit_window(model);
  const std::size_t n_services = model.services.size();
  const auto g = graph_of(model);
  const std::size_t n = g.vertex_count;
  b.nodes.reserve(n);
  for (const auto& s : model.services) {
    b.nodes.push_back({s.id, s.name, NodeKind::Service, std::nullopt, Verdict::OutOfScope, -1,
                       EdgeKind::Uses, s.where});
  }
  for (const auto& c : model.components) {
    b.nodes.push_back({c.id, c.name, NodeKind::Component, c.kind, Verdict::OutOfScope, -1,
                       EdgeKind::Uses, c.where});
  }
  for (const auto& s : model.subservices) {
    b.nodes.push_back({s.id, s.name, NodeKind::Subservice, std::nullopt, Verdict::OutOfScope, -1,
                       EdgeKind::ProvidedBy, s.where});
  }
  b.edge_count = g.edges.size();
  b.first_component_ = n_services;
  // The id index: node indices ordered by id, searched by index_of. Ids are unique (the loader).
  b.by_id_.resize(n);
  for (std::size_t i = 0; i < n; ++i) b.by_id_[i] = static_cast<std::uint32_t>(i);
  std::sort(b.by_id_.begin(), b.by_id_.end(),
            [&](std::uint32_t x, std::uint32_t y) { return b.nodes[x].id < b.nodes[y].id; });

  const auto reached = detail::reach(g);
  for (std::size_t i = 0; i < n; ++i) {
    auto& node = b.nodes[i];
    if (g.excluded[i]) {
      node.verdict = Verdict::Excluded;
    } else if (reached.reached[i]) {
      node.verdict = Verdict::InScope;
      node.via = reached.via[i];
      node.via_edge = reached.via_edge[i];
    }
  }
  check_excluded_dependencies(b, model, g);
  check_supporting_systems(b, model, g);
  resolve_subservices(b, model, catalog, g);
  derive_cuecs(b, model);
  return b;
}

std::string boundary_to_dot(const Model& model, const Boundary& boundary) {
  const auto g = graph_of(model);
  const auto vendors = subservices_by_id(model.subservices);
  std::vector<detail::DotVertex> vertices;
  vertices.reserve(boundary.nodes.size());
  for (const auto& node : boundary.nodes) {
    detail::DotVertex v;
    v.id = node.id;
    std::string kind = node.kind ? to_string(*node.kind) : to_string(node.node);
    if (node.node == NodeKind::Subservice) {
      if (const auto s = vendors.find(node.id); s != vendors.end())
        kind += ", " + std::string{to_string(s->second->method)};
    }
    // Labels carry model text: double its backslashes so DOT reads them literally (Boost escapes
    // only quotes), and use DOT's own "\n" escape for the line break.
    std::string name;
    for (char ch : node.name) name += ch == '\\' ? std::string{"\\\\"} : std::string(1, ch);
    v.label = name + "\\n(" + kind + ")";
    v.shape = node.node == NodeKind::Service                ? "doubleoctagon"
              : node.node == NodeKind::Subservice           ? "tab"
              : !node.kind                                  ? "box"
              : *node.kind == ComponentKind::Data           ? "cylinder"
              : *node.kind == ComponentKind::People         ? "ellipse"
              : *node.kind == ComponentKind::Procedure      ? "note"
              : *node.kind == ComponentKind::Facility       ? "house"
              : *node.kind == ComponentKind::Infrastructure ? "box3d"
                                                            : "component";
    switch (node.verdict) {
      case Verdict::InScope:
        v.style = "filled";
        v.fillcolor = node.node == NodeKind::Subservice ? "#fde68a" : "#bfdbfe";
        break;
      case Verdict::Excluded:
        v.style = "filled,dashed";
        v.fillcolor = "#e5e7eb";
        break;
      case Verdict::OutOfScope:
        v.style = "dashed";
        v.fillcolor = "#ffffff";
        break;
    }
    vertices.push_back(std::move(v));
  }
  return detail::write_dot(g, vertices);
}

BoundaryView::BoundaryView(const Boundary& boundary)
    : nodes(boundary.nodes),
      subservices(boundary.subservices),
      findings(boundary.findings),
      cuecs(boundary.cuecs),
      window(boundary.window),
      boundary_(&boundary) {}
const BoundaryNode& BoundaryView::component(std::size_t k) const {
  const std::size_t at = boundary_->first_component_ + k;
  if (at >= boundary_->nodes.size() || boundary_->nodes[at].node != NodeKind::Component)
    throw std::out_of_range("BoundaryView::component(" + std::to_string(k) +
                            "): the model has no component " + std::to_string(k));
  return boundary_->nodes[at];
}
bool BoundaryView::component_in_scope(std::size_t k) const {
  return component(k).verdict == Verdict::InScope;
}
std::optional<std::size_t> BoundaryView::component_index(std::string_view id) const {
  return boundary_->component_index(id);
}
std::optional<std::size_t> BoundaryView::index_of(std::string_view id) const {
  return boundary_->index_of(id);
}
bool BoundaryView::in_scope(std::string_view id) const { return boundary_->in_scope(id); }
std::size_t BoundaryView::in_scope_count(NodeKind k) const { return boundary_->in_scope_count(k); }
std::vector<const BoundaryNode*> BoundaryView::in_scope_components(ComponentKind kind) const {
  return boundary_->in_scope_components(kind);
}
std::vector<std::string> BoundaryView::carved_out_criteria() const {
  return boundary_->carved_out_criteria();
}
std::string BoundaryView::reason(std::size_t node_index) const {
  return boundary_->reason(node_index);
}
std::vector<std::string> BoundaryView::path(std::size_t node_index) const {
  return boundary_->path(node_index);
}

}  // namespace attestplan

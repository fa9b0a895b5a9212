// The proposal a consultant can send: scope statement, system-description outline with the
// boundary drawn, criteria, approach by the four audit stages, staffing and hours, fee with
// assumptions and exclusions, timeline, and the client's responsibilities. One self-contained HTML
// file (inline CSS and SVG, no script) that prints cleanly, or Markdown. Every model string is
// escaped.
#include <algorithm>
#include <map>
#include <set>

#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::string h(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const std::map<std::string, std::string> kStageWork{
    {"planning", "Confirm the services, system boundary, subservice organizations and criteria; assess "
                 "risk; agree the request list and the calendar."},
    {"documentation", "Review the system description; walk through each control with its owner to "
                      "confirm its design and implementation."},
    {"testing", "Select samples from each population and inspect the evidence; test automated controls "
                "once per configuration together with the IT general controls they rely on."},
    {"reporting", "Evaluate exceptions and deviations with management, draft the report and opinion, "
                  "and complete the engagement quality review."}};

/// A figure as P10–P90 with its P50 (the simulation's), or its likely value when not simulated.
std::string money(const Figure& f, const std::string& currency) {
  if (!f.spread) return currency + " " + format_money(f.value.likely);
  return currency + " " + format_money(f.spread->p10) + " – " + format_money(f.spread->p90) + " (P50 " +
         format_money(f.spread->p50) + ")";
}

std::string hours(const Figure& f) {
  if (!f.spread) return format_grouped(f.value.likely) + " h";
  return format_grouped(f.spread->p10) + "–" + format_grouped(f.spread->p90) + " h (P50 " + format_grouped(f.spread->p50) + ")";
}

std::string date_at(const Milestone& m, double Percentiles::*p) {
  return m.spread ? Date::from_serial((*m.spread).*p).to_string() : m.likely.to_string();
}

std::string chance_text(const RenewalCheck& c) {
  return c.chance ? "in time in " + format_number(std::round(*c.chance * 100)) + " % of runs" : to_string(c.verdict);
}

/// Facts the document states, gathered once for both formats.
struct Facts {
  std::vector<std::string> categories;
  std::string window;
  std::map<std::string, int> evidence_by_category;
  std::set<std::string> owners;
};

Facts facts_of(const Model& m, const EstimateResult& r) {
  Facts f;
  for (const auto& c : r.estimate.scope.categories) {
    if (c.in_scope) f.categories.push_back(display_name(c.category));
  }
  if (r.estimate.timing.window) {
    const auto& w = *r.estimate.timing.window;
    f.window = is_type2(m.engagement.report)
                   ? "an observation window from " + w.start.to_string() + " to " + w.end.to_string()
                   : "the as-of date " + w.start.to_string();
  }
  for (const auto& c : r.estimate.scope.controls) {
    f.evidence_by_category[c.evidence_category]++;
    f.owners.insert(c.owner);
  }
  return f;
}

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// A Gantt chart of the phases (likely dates) with the renewal dates as red lines.
std::string timeline_svg(const Estimate& e) {
  const auto& t = e.timing;
  if (t.phases.empty()) return {};
  Date first = t.phases.front().start, last = t.phases.front().end;
  for (const auto& p : t.phases) {
    first = std::min(first, p.start);
    last = std::max(last, p.end);
  }
  for (const auto& c : t.renewals) last = std::max(last, c.renewal);
  const double span = std::max(1L, first.days_until(last)) + 1.0;
  const double label_w = 290, chart_w = 560, row_h = 22, top = 24;
  const double height = top + row_h * static_cast<double>(t.phases.size()) + 14;
  auto x = [&](Date d) { return label_w + chart_w * static_cast<double>(first.days_until(d)) / span; };
  std::string svg = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    format_number(label_w + chart_w + 50) + " " + format_number(height) +
                    "\" role=\"img\" aria-label=\"Timeline\">\n";
  // Month ticks along the top.
  Date tick{std::chrono::sys_days{first.ymd().year() / first.ymd().month() / 1}};
  for (tick = tick.plus_months(1); tick <= last; tick = tick.plus_months(1)) {
    const auto ymd = tick.ymd();
    const double tx = x(tick);
    svg += "<line x1=\"" + format_number(tx) + "\" y1=\"" + format_number(top - 6) + "\" x2=\"" +
           format_number(tx) + "\" y2=\"" + format_number(height - 10) + "\" class=\"tick\"/>\n";
    if (static_cast<unsigned>(ymd.month()) % 2 == 1) {
      svg += "<text x=\"" + format_number(tx + 2) + "\" y=\"" + format_number(top - 10) + "\" class=\"tick-label\">" +
             tick.to_string().substr(0, 7) + "</text>\n";
    }
  }
  double y = top;
  for (const auto& p : t.phases) {
    const double x0 = x(p.start), x1 = std::max(x(p.end.plus_days(1)), x0 + 2);
    const std::string cls = p.id.rfind("bridge", 0) == 0 ? "bar bridge"
                            : p.id.rfind("next", 0) == 0 ? "bar next"
                            : p.id == "window"           ? "bar window"
                                                         : "bar";
    svg += "<text x=\"0\" y=\"" + format_number(y + 15) + "\" class=\"row-label\">" + h(p.label) + "</text>\n";
    svg += "<rect x=\"" + format_number(x0) + "\" y=\"" + format_number(y + 4) + "\" width=\"" +
           format_number(x1 - x0) + "\" height=\"" + format_number(row_h - 8) + "\" class=\"" + cls + "\"><title>" +
           h(p.label + ": " + p.start.to_string() + " to " + p.end.to_string()) + "</title></rect>\n";
    y += row_h;
  }
  for (const auto& c : t.renewals) {
    const double rx = x(c.renewal);
    svg += "<line x1=\"" + format_number(rx) + "\" y1=\"" + format_number(top - 6) + "\" x2=\"" + format_number(rx) +
           "\" y2=\"" + format_number(height - 10) + "\" class=\"renewal\"><title>Renewal " + c.renewal.to_string() +
           " (" + h(to_string(c.verdict)) + ")</title></line>\n";
  }
  return svg + "</svg>\n";
}

const char* kCss = R"css(
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --soft: #eff6ff; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; margin: 0 0 .2rem; color: var(--accent); }
h2 { font-size: 13pt; margin: 1.8rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 11pt; margin: 1.1rem 0 .3rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: 9.5pt; }
th, td { text-align: left; padding: .28rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: .6rem; margin: 1rem 0; }
.summary div { background: var(--soft); border-radius: 6px; padding: .6rem .8rem; }
.summary b { display: block; font-size: 12.5pt; }
.summary span { color: var(--muted); font-size: 9pt; }
.note { color: var(--muted); font-size: 9pt; }
.warn { background: #fff7ed; border-left: 3px solid #f97316; padding: .4rem .7rem; margin: .4rem 0; }
figure { margin: .6rem 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
svg.timeline .row-label { font-size: 11px; fill: var(--ink); }
svg.timeline .tick { stroke: var(--line); }
svg.timeline .tick-label { font-size: 9px; fill: var(--muted); }
svg.timeline .bar { fill: #93c5fd; } svg.timeline .window { fill: var(--accent); }
svg.timeline .bridge { fill: #fcd34d; } svg.timeline .next { fill: #c7d2fe; }
svg.timeline .renewal { stroke: #dc2626; stroke-width: 2; stroke-dasharray: 4 3; }
ul { margin: .3rem 0 .6rem 1.2rem; padding: 0; }
@page { size: A4; margin: 16mm 14mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, .summary div { break-inside: avoid; } }
)css";

}  // namespace

std::string render_proposal_html(const Model& m, const EstimateResult& r, const std::string& boundary_svg,
                                 const std::string& prepared_on) {
  const auto& e = r.estimate;
  const auto f = facts_of(m, r);
  const auto& cur = e.cost.currency;
  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<title>" + h(std::string{display_name(m.engagement.report)} + " proposal — " + m.organization.name) + "</title>\n";
  o += "<style>" + std::string{kCss} + "</style>\n</head>\n<body>\n";
  o += "<h1>" + h(std::string{display_name(m.engagement.report)} + " examination") + "</h1>\n";
  o += "<p class=\"subtitle\">Proposal for " + h(m.organization.name) +
       (m.organization.location.empty() ? "" : ", " + h(m.organization.location)) + " · prepared " +
       h(prepared_on) + " with attestplan</p>\n";

  o += "<div class=\"summary\">\n";
  o += "<div><span>Fee (excl. VAT)</span><b>" + h(money(e.cost.fee, cur)) + "</b></div>\n";
  o += "<div><span>Auditor hours</span><b>" + h(hours(e.effort.auditor_hours)) + "</b></div>\n";
  std::string report_date = "-";
  if (const auto* ms = e.timing.milestone(kReportInHand)) {
    report_date = ms->likely.to_string() + " (" + ms->low.to_string() + " to " + ms->high.to_string() + ")";
  }
  o += "<div><span>Report in hand, likely</span><b>" + h(report_date) + "</b></div>\n</div>\n";

  // 1. Scope statement.
  o += "<h2>1. Scope</h2>\n<p>We will examine the description of " + h(m.organization.name) + "'s ";
  std::vector<std::string> services;
  for (const auto& s : m.services) services.push_back(s.name);
  o += h(join(services)) + " system and the suitability of the design";
  o += is_type2(m.engagement.report) ? " and operating effectiveness" : "";
  o += " of its controls to meet the Trust Services Criteria for " + h(join(f.categories)) + ", for " + h(f.window) +
       ", and report as a " + h(display_name(m.engagement.report)) + ".</p>\n";
  o += "<p><b>Who may sign.</b> " + h(e.scope.signer) + ".</p>\n";

  // 2. System description outline.
  o += "<h2>2. System description outline</h2>\n<h3>Services</h3>\n<table><tr><th>Service</th><th>Description</th><th>Commitments</th></tr>\n";
  for (const auto& s : m.services) {
    o += "<tr><td>" + h(s.name) + "</td><td>" + h(s.description) + "</td><td>" + h(join(s.commitments)) + "</td></tr>\n";
  }
  o += "</table>\n<h3>Boundary</h3>\n";
  if (!boundary_svg.empty()) o += "<figure>" + boundary_svg + "</figure>\n";
  o += "<table><tr><th>Component</th><th>Kind</th><th>In scope because</th></tr>\n";
  for (std::size_t i = 0; i < r.boundary.nodes.size(); ++i) {
    const auto& n = r.boundary.nodes[i];
    if (n.node != NodeKind::Component || n.verdict != Verdict::InScope) continue;
    o += "<tr><td>" + h(n.name) + "</td><td>" + h(to_string(*n.kind)) + "</td><td>" + h(r.boundary.reason(i)) + "</td></tr>\n";
  }
  o += "</table>\n";
  std::vector<std::string> outside;
  for (const auto& n : r.boundary.nodes) {
    if (n.node == NodeKind::Component && n.verdict != Verdict::InScope) {
      outside.push_back(n.name + (n.verdict == Verdict::Excluded ? " (excluded)" : ""));
    }
  }
  if (!outside.empty()) o += "<p class=\"note\">Outside the boundary: " + h(join(outside)) + ".</p>\n";
  o += "<h3>Subservice organizations</h3>\n";
  if (r.boundary.subservices.empty()) {
    o += "<p>None.</p>\n";
  } else {
    o += "<table><tr><th>Organization</th><th>Method</th><th>Its own report</th><th>Provides</th><th>Carries</th></tr>\n";
    for (const auto& s : r.boundary.subservices) {
      o += "<tr><td>" + h(s.name) + "</td><td>" + h(to_string(s.method)) + "</td><td>" + h(to_string(s.report)) +
           (s.report_period_end ? " to " + s.report_period_end->to_string() : std::string{}) + "</td><td>" +
           h(join(s.reached_via)) + "</td><td>" + h(join(s.covers)) + "</td></tr>\n";
    }
    o += "</table>\n";
  }
  bool any_csoc = false;
  for (const auto& s : r.boundary.subservices) any_csoc = any_csoc || (!s.csocs.empty() && s.method == SubserviceMethod::CarveOut);
  if (any_csoc) {
    o += "<h3>Complementary subservice organization controls (CSOCs)</h3>\n<ul>\n";
    for (const auto& s : r.boundary.subservices) {
      if (s.method != SubserviceMethod::CarveOut) continue;
      for (const auto& c : s.csocs) o += "<li>" + h(c) + "</li>\n";
    }
    o += "</ul>\n";
  }

  // 3. Criteria.
  o += "<h2>3. Criteria</h2>\n<p>" + format_grouped(static_cast<double>(e.scope.criteria.size())) +
       " criteria of the 2017 Trust Services Criteria (" + h(join(f.categories)) + "), addressed by " +
       format_grouped(static_cast<double>(e.scope.controls.size())) + " controls";
  if (!e.scope.carved_out.empty()) o += "; carried by carved-out subservice organizations: " + h(join(e.scope.carved_out));
  o += ".</p>\n";
  if (!e.scope.gaps.empty()) {
    o += "<p class=\"warn\">No control in the library yet addresses " + h(join(e.scope.gaps)) + ".</p>\n";
  }

  // 4. Approach.
  o += "<h2>4. Approach</h2>\n<table><tr><th>Stage</th><th>Work</th><th class=\"num\">Hours</th></tr>\n";
  for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
    const auto& [id, title] = kAuditStages[i];
    o += "<tr><td>" + h(title) + "</td><td>" + h(kStageWork.at(std::string{id})) + "</td><td class=\"num\">" +
         h(hours(e.effort.stage_hours[i])) + "</td></tr>\n";
  }
  o += "</table>\n<p class=\"note\">" + format_grouped(e.effort.samples.value.likely) +
       " samples are expected. Sample sizes follow published rules of thumb and the AICPA sampling "
       "tables for the control's frequency or population; populations are estimated from the "
       "organization's size and replaced by the real counts at planning.</p>\n";

  // 5. Staffing.
  o += "<h2>5. Staffing and hours</h2>\n<table><tr><th>Level</th><th class=\"num\">Hours (P10–P90)</th><th class=\"num\">Rate</th></tr>\n";
  for (const auto& l : e.cost.levels) {
    if (l.hours.line.empty()) continue;
    o += "<tr><td>" + h(l.level) + "</td><td class=\"num\">" + h(hours(l.hours)) + "</td><td class=\"num\">" + h(cur) + " " +
         format_grouped(l.rate.value.likely) + "</td></tr>\n";
  }
  o += "</table>\n";

  // 6. Fee.
  o += "<h2>6. Fee</h2>\n<table><tr><th>Item</th><th class=\"num\">P10</th><th class=\"num\">P50</th><th class=\"num\">P90</th></tr>\n";
  auto fee_row = [&](const std::string& label, const Figure& fig) {
    const auto at = [&](double Percentiles::*p) { return format_money(fig.spread ? (*fig.spread).*p : fig.value.likely); };
    o += "<tr><td>" + h(label) + "</td><td class=\"num\">" + at(&Percentiles::p10) + "</td><td class=\"num\">" +
         at(&Percentiles::p50) + "</td><td class=\"num\">" + at(&Percentiles::p90) + "</td></tr>\n";
  };
  for (std::size_t i = 0; i < std::size(kAuditStages); ++i) fee_row(kAuditStages[i].title, e.cost.stage_fee[i]);
  fee_row("Auditor's fee (" + cur + ", excl. VAT)", e.cost.fee);
  if (e.cost.vat) fee_row("VAT, invoiced in addition", *e.cost.vat);
  if (!e.cost.vat_note.empty()) o += "<tr><td colspan=\"4\" class=\"note\">" + h(e.cost.vat_note) + ".</td></tr>\n";
  o += "</table>\n<h3>Assumptions</h3>\n<ul>\n";
  if (e.cost.illustrative_rates) {
    o += "<li>Rates are from an <b>illustrative</b> rate card: no public source gives auditor rates by staff level. "
         "The firm's own card replaces them.</li>\n";
  }
  o += "<li>Hours per activity are a judgement-based model, to be confirmed at planning.</li>\n";
  o += "<li>Populations (hires, leavers, changes, incidents) are estimated from " +
       format_grouped(m.organization.employees) + " employees and " + format_grouped(m.organization.engineers) +
       " engineers; real counts may change the samples.</li>\n";
  if (const auto& fx = e.cost.exchange_rate; !fx.line.empty() && fx.value.likely != 1.0) {
    o += "<li>Exchange rate: " + h(fx.label) + " = " + format_number(fx.value.likely, 4) + ".</li>\n";
  }
  o += "<li>Controls operate as described from the start of the " + std::string{is_type2(m.engagement.report) ? "window" : "as-of date"} +
       "; exceptions found in testing may need more work and are reported.</li>\n</ul>\n";
  o += "<h3>Not included in the fee</h3>\n<ul>\n";
  for (const auto& item : e.cost.other) o += "<li>" + h(item.label) + ": " + h(money(item, cur)) + "</li>\n";
  o += "<li>Remediation of control gaps, and bridge letters (a management representation).</li>\n</ul>\n";
  o += "<p>Total cost of ownership, year one: <b>" + h(money(e.cost.year_one, cur)) +
       "</b>; year two (12-month renewal): <b>" + h(money(e.cost.year_two, cur)) + "</b>.</p>\n";

  // 7. Timeline.
  o += "<h2>7. Timeline</h2>\n<figure>" + timeline_svg(e) + "</figure>\n<table><tr><th>Milestone</th><th>P10</th><th>P50</th><th>P90</th></tr>\n";
  for (const auto& ms : e.timing.milestones) {
    o += "<tr><td>" + h(ms.label) + "</td><td>" + date_at(ms, &Percentiles::p10) + "</td><td>" + date_at(ms, &Percentiles::p50) +
         "</td><td>" + date_at(ms, &Percentiles::p90) + "</td></tr>\n";
  }
  o += "</table>\n";
  for (const auto& c : e.timing.renewals) {
    auto days = [](long d) {
      return d >= 0 ? std::to_string(d) + " days to spare" : std::to_string(-d) + " days late";
    };
    o += std::string{c.verdict == RenewalVerdict::Met ? "<p>" : "<p class=\"warn\">"} + "Customer renewal " + c.renewal.to_string() +
         " (report needed by " + c.needed_by.to_string() + "): <b>" + h(to_string(c.verdict)) + "</b> — " +
         h(chance_text(c)) + "; " + days(c.slack_days) + " on the likely plan, " + days(c.worst_slack_days) + " at P90.</p>\n";
  }

  // 8. Client responsibilities.
  o += "<h2>8. Your responsibilities</h2>\n<ul>\n";
  o += "<li>Provide evidence on request: " + format_grouped(static_cast<double>(e.scope.controls.size())) +
       " controls, owned by " + h(join({f.owners.begin(), f.owners.end()})) + ".</li>\n";
  o += "<li>Your team's time: " + h(hours(e.effort.client_hours)) + ".</li>\n";
  o += "<li>Management's written assertion and representations, and the system description.</li>\n</ul>\n";
  o += "<table><tr><th>Evidence category</th><th class=\"num\">Controls</th></tr>\n";
  for (const auto& [cat, n] : f.evidence_by_category) {
    o += "<tr><td>" + h(cat) + "</td><td class=\"num\">" + std::to_string(n) + "</td></tr>\n";
  }
  o += "</table>\n<h3>Complementary user entity controls (CUECs)</h3>\n<ul>\n";
  for (const auto& c : e.scope.ran ? e.scope.cuecs : r.boundary.cuecs) o += "<li>" + h(c) + "</li>\n";
  o += "</ul>\n";
  std::vector<const Finding*> to_address;
  for (const auto& fi : e.findings) {
    if (fi.severity != Severity::Note) to_address.push_back(&fi);
  }
  if (!to_address.empty()) {
    o += "<h3>To address before fieldwork</h3>\n<ul>\n";
    for (const auto* fi : to_address) o += "<li>" + h(fi->message) + "</li>\n";
    o += "</ul>\n";
  }
  o += "<p class=\"note\">Every figure in this proposal is a range from attestplan's ledger; the full "
       "ledger (rule, inputs and source of each line) is available as JSON.</p>\n</body>\n</html>\n";
  return o;
}

std::string render_proposal_markdown(const Model& m, const EstimateResult& r, const std::string& prepared_on) {
  const auto& e = r.estimate;
  const auto f = facts_of(m, r);
  const auto& cur = e.cost.currency;
  std::string o = "# " + escape_markdown(std::string{display_name(m.engagement.report)} + " examination: " + m.organization.name) +
                  "\n\nProposal prepared " + escape_markdown(prepared_on) + " with attestplan.\n\n";
  o += "- **Fee (excl. VAT):** " + escape_markdown(money(e.cost.fee, cur)) + "\n";
  o += "- **Auditor hours:** " + escape_markdown(hours(e.effort.auditor_hours)) + "\n";
  if (const auto* ms = e.timing.milestone(kReportInHand)) {
    o += "- **Report in hand:** " + ms->likely.to_string() + " (" + ms->low.to_string() + " to " + ms->high.to_string() + ")\n";
  }
  o += "\n## 1. Scope\n\nTrust Services Criteria for " + escape_markdown(join(f.categories)) + ", for " + escape_markdown(f.window) + ". " +
       escape_markdown(e.scope.signer) + ".\n\n## 2. System description outline\n\n";
  for (const auto& s : m.services) o += "- **" + escape_markdown(s.name) + "**: " + escape_markdown(s.description) + "\n";
  o += "\n| Component | Kind | In scope because |\n|---|---|---|\n";
  for (std::size_t i = 0; i < r.boundary.nodes.size(); ++i) {
    const auto& n = r.boundary.nodes[i];
    if (n.node != NodeKind::Component || n.verdict != Verdict::InScope) continue;
    o += "| " + escape_markdown(n.name) + " | " + escape_markdown(to_string(*n.kind)) + " | " + escape_markdown(r.boundary.reason(i)) + " |\n";
  }
  o += "\nSubservice organizations:\n\n";
  for (const auto& s : r.boundary.subservices) {
    o += "- " + escape_markdown(s.name) + " (" + escape_markdown(to_string(s.method)) + ")" + (s.covers.empty() ? "" : ", carries " + escape_markdown(join(s.covers))) + "\n";
  }
  o += "\nCUECs:\n\n";
  for (const auto& c : e.scope.ran ? e.scope.cuecs : r.boundary.cuecs) o += "- " + escape_markdown(c) + "\n";
  o += "\n## 3. Approach and hours\n\n| Stage | Hours |\n|---|---:|\n";
  for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
    o += "| " + escape_markdown(kAuditStages[i].title) + " | " + escape_markdown(hours(e.effort.stage_hours[i])) + " |\n";
  }
  o += "\n## 4. Fee\n\n" + escape_markdown(money(e.cost.fee, cur)) + " excluding VAT.";
  if (e.cost.vat) o += " VAT, invoiced in addition: " + escape_markdown(money(*e.cost.vat, cur)) + ".";
  if (!e.cost.vat_note.empty()) o += " " + escape_markdown(e.cost.vat_note) + ".";
  if (e.cost.illustrative_rates) o += " Rates are from an illustrative rate card (no public source gives auditor rates by level).";
  o += "\n\nNot included: ";
  std::vector<std::string> other;
  for (const auto& item : e.cost.other) other.push_back(item.label + " " + money(item, cur));
  o += escape_markdown(join(other, "; ")) + ".\n\n## 5. Timeline\n\n| Milestone | P10 | P50 | P90 |\n|---|---|---|---|\n";
  for (const auto& ms : e.timing.milestones) {
    o += "| " + escape_markdown(ms.label) + " | " + date_at(ms, &Percentiles::p10) + " | " + date_at(ms, &Percentiles::p50) +
         " | " + date_at(ms, &Percentiles::p90) + " |\n";
  }
  for (const auto& c : e.timing.renewals) {
    o += "\nRenewal " + c.renewal.to_string() + ": **" + to_string(c.verdict) + "** (" + chance_text(c) + "; " +
         std::to_string(c.slack_days) + " days to spare, likely).\n";
  }
  o += "\n## 6. Your responsibilities\n\n- Evidence for " + std::to_string(e.scope.controls.size()) + " controls; your team's time: " +
       escape_markdown(hours(e.effort.client_hours)) + ".\n";
  return o;
}

}  // namespace attestplan

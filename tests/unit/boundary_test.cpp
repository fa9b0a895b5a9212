// Tests for boundary.cpp and boundary_graph.cpp: verdicts, reasons, people, cycles, exclusions,
// carve-out, vendor coverage, DOT.
#include "attestplan/boundary.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_models.hpp"

namespace attestplan {

using testing::load;
using testing::minimal_model;

namespace {

Model model_of(const std::string& text) {
  auto r = load(text);
  EXPECT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  return r.model ? std::move(*r.model) : Model{};
}

std::size_t index_of(const Boundary& b, const std::string& id) {
  const auto it = std::find_if(b.nodes.begin(), b.nodes.end(),
                               [&](const BoundaryNode& n) { return n.id == id; });
  EXPECT_NE(it, b.nodes.end()) << id;
  return static_cast<std::size_t>(it - b.nodes.begin());
}

bool has_finding(const Boundary& b, const std::string& code, Severity severity) {
  return std::any_of(b.findings.begin(), b.findings.end(),
                     [&](const Finding& f) { return f.code == code && f.severity == severity; });
}

}  // namespace

TEST(Boundary, ComponentsReachedFromServicesAreInScopeWithTheirPath) {
  const auto m = model_of(minimal_model());
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  const auto vm = index_of(b, "vm");
  EXPECT_EQ(b.nodes[vm].verdict, Verdict::InScope);
  EXPECT_EQ(b.reason(vm), "reached from svc: uses app, runs on vm");
  EXPECT_EQ(b.path(vm), (std::vector<std::string>{"svc", "app", "vm"}));
  EXPECT_EQ(b.reason(index_of(b, "svc")), "a service the report covers");
  EXPECT_EQ(b.nodes[index_of(b, "cloud")].verdict, Verdict::InScope);
}

TEST(Boundary, UnreachedComponentIsOutOfScopeWithReason) {
  const auto m = model_of(minimal_model("\n[[component]]\nid = \"blog\"\nkind = \"software\"\n"));
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  const auto blog = index_of(b, "blog");
  EXPECT_EQ(b.nodes[blog].verdict, Verdict::OutOfScope);
  EXPECT_EQ(b.reason(blog), "not reached from any service");
}

TEST(Boundary, PeopleAreInScopeWhenTheyAccessAnInScopeSystem) {
  const auto m = model_of(minimal_model(R"(
[[component]]
id = "ops"
kind = "people"
accesses = ["vm"]
uses = ["laptops"]

[[component]]
id = "laptops"
kind = "infrastructure"

[[component]]
id = "marketing"
kind = "people"
accesses = ["blog"]

[[component]]
id = "blog"
kind = "software"
)"));
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  const auto ops = index_of(b, "ops");
  EXPECT_EQ(b.nodes[ops].verdict, Verdict::InScope);
  EXPECT_EQ(b.reason(ops), "reached from svc: uses app, runs on vm, accessed by ops");
  // What in-scope people use (their laptops) joins the boundary too.
  EXPECT_EQ(b.nodes[index_of(b, "laptops")].verdict, Verdict::InScope);
  EXPECT_EQ(b.nodes[index_of(b, "marketing")].verdict, Verdict::OutOfScope);
  EXPECT_EQ(b.nodes[index_of(b, "blog")].verdict, Verdict::OutOfScope);
}

TEST(Boundary, PeopleJoinThroughWhatOtherInScopePeopleBringIn) {
  const auto m = model_of(minimal_model(R"(
[[component]]
id = "ops"
kind = "people"
accesses = ["vm"]
uses = ["wiki"]

[[component]]
id = "wiki"
kind = "software"

[[component]]
id = "writers"
kind = "people"
accesses = ["blog", "wiki"]

[[component]]
id = "admins"
kind = "people"
accesses = ["blog", "vm", "app"]

[[component]]
id = "blog"
kind = "software"

[[component]]
id = "contractors"
kind = "people"
accesses = ["app"]
exclude = true
)"));
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  // ops joins for the vm and brings in the wiki, which brings in the writers a round later; a
  // person joins through the first in-scope system it lists (admins: the vm, not the app).
  EXPECT_EQ(b.reason(index_of(b, "wiki")),
            "reached from svc: uses app, runs on vm, accessed by ops, uses wiki");
  const auto writers = index_of(b, "writers");
  EXPECT_EQ(b.nodes[writers].verdict, Verdict::InScope);
  EXPECT_EQ(b.nodes[static_cast<std::size_t>(b.nodes[writers].via)].id, "wiki");
  EXPECT_EQ(b.nodes[static_cast<std::size_t>(b.nodes[index_of(b, "admins")].via)].id, "vm");
  EXPECT_EQ(b.nodes[index_of(b, "blog")].verdict, Verdict::OutOfScope);
  EXPECT_EQ(b.nodes[index_of(b, "contractors")].verdict, Verdict::Excluded);
}

TEST(Boundary, IdIndexFindsEveryNodeAndEachComponentsPosition) {
  const auto m = model_of(minimal_model("\n[[component]]\nid = \"blog\"\nkind = \"software\"\n"));
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  for (std::size_t i = 0; i < b.nodes.size(); ++i)
    EXPECT_EQ(b.index_of(b.nodes[i].id), i) << b.nodes[i].id;
  for (std::size_t k = 0; k < m.components.size(); ++k) {
    const auto& id = m.components[k].id;
    EXPECT_EQ(b.component_index(id), k) << id;
    EXPECT_EQ(b.component(k).id, id);
    EXPECT_EQ(b.component_in_scope(k), b.in_scope(id)) << id;
  }
  EXPECT_TRUE(b.in_scope("vm"));
  EXPECT_FALSE(b.in_scope("blog"));
  EXPECT_EQ(b.index_of("nowhere"), std::nullopt);
  EXPECT_FALSE(b.in_scope("nowhere"));
  EXPECT_EQ(b.component_index("svc"), std::nullopt) << "a service is not a component";
  EXPECT_EQ(b.component_index("cloud"), std::nullopt)
      << "a subservice organization is not a component";
  ASSERT_TRUE(b.index_of("cloud"));
  EXPECT_EQ(b.nodes[*b.index_of("cloud")].node, NodeKind::Subservice);
}

TEST(Boundary, CyclesResolveAndEachNodeIsReachedOnce) {
  auto text = minimal_model(R"(
[[component]]
id = "a"
kind = "software"
uses = ["b"]

[[component]]
id = "b"
kind = "software"
uses = ["c"]

[[component]]
id = "c"
kind = "data"
flows_to = ["a", "b"]
)");
  text.replace(text.find("uses = [\"app\"]"), 14, "uses = [\"app\", \"a\"]");
  const auto b = resolve_boundary(model_of(text), CriteriaCatalog::builtin());
  for (const char* id : {"a", "b", "c"}) {
    EXPECT_EQ(b.nodes[index_of(b, id)].verdict, Verdict::InScope) << id;
  }
  EXPECT_EQ(b.path(index_of(b, "c")), (std::vector<std::string>{"svc", "a", "b", "c"}));
}

TEST(Boundary, ExcludedDependencyIsAWarning) {
  const auto m = model_of(minimal_model(R"(
[[component]]
id = "warehouse"
kind = "data"
exclude = true
exclude_reason = "not part of the service"
)"));
  auto m2 = m;
  m2.components[0].flows_to.push_back(Ref{"warehouse", {}});
  const auto b = resolve_boundary(m2, CriteriaCatalog::builtin());
  EXPECT_EQ(b.nodes[index_of(b, "warehouse")].verdict, Verdict::Excluded);
  EXPECT_EQ(b.reason(index_of(b, "warehouse")), "excluded by the model");
  EXPECT_TRUE(has_finding(b, "excluded-dependency", Severity::Warning));
}

TEST(Boundary, CarveOutCarriesCriteriaAndListsCsocs) {
  const auto m = model_of(minimal_model());
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  ASSERT_EQ(b.subservices.size(), 1u);
  EXPECT_EQ(b.subservices[0].method, SubserviceMethod::CarveOut);
  EXPECT_EQ(b.subservices[0].reached_via, std::vector<std::string>{"vm"});
  EXPECT_EQ(b.carved_out_criteria(), (std::vector<std::string>{"A1.2", "CC6.4"}));
  ASSERT_EQ(b.subservices[0].csocs.size(), 2u);
  EXPECT_NE(b.subservices[0].csocs[0].find("CC6.4"), std::string::npos);
}

TEST(Boundary, InclusiveSubserviceCarvesNothingOut) {
  auto text = minimal_model();
  text.replace(text.find("carve-out"), 9, "inclusive");
  const auto b = resolve_boundary(model_of(text), CriteriaCatalog::builtin());
  ASSERT_EQ(b.subservices.size(), 1u);
  EXPECT_TRUE(b.carved_out_criteria().empty());
}

TEST(Boundary, UnreachedSubserviceIsNotListed) {
  const auto m = model_of(
      minimal_model("\n[[component]]\nid = \"blog\"\nkind = \"software\"\nprovided_by = \"host\"\n"
                    "\n[[subservice]]\nid = \"host\"\n"));
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  EXPECT_EQ(b.subservices.size(), 1u);
  EXPECT_EQ(b.nodes[index_of(b, "host")].verdict, Verdict::OutOfScope);
}

TEST(Boundary, VendorCoverageFollowsTheVendorsReportingCycle) {
  // Only gaps in the coverage of the window matter, compared with how often the vendor reports.
  Subservice vendor;
  vendor.id = "aws";
  vendor.name = "AWS";
  vendor.report_cycle_months = 6;
  vendor.report_period_end = Date(2026, 9, 30);
  // The report before the window needs no letter: the one ending 2027-09-30 reaches the window's
  // end (2027-09-21) and is out (about 45 days later) before this report is written (about 60).
  const AuditWindow late{Date(2027, 3, 22), Date(2027, 9, 21), false};
  auto findings = check_vendor_coverage(vendor, late);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "vendor-next-report");
  EXPECT_EQ(findings[0].severity, Severity::Note);
  EXPECT_NE(findings[0].message.find("the report for the period ending 2027-09-30 covers it"),
            std::string::npos);

  // A window ending in July: the March report is the last one out; a letter for the rest is good
  // practice, a note, never a "must".
  const AuditWindow window{Date(2027, 1, 4), Date(2027, 7, 3), false};
  findings = check_vendor_coverage(vendor, window);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "bridge-letter");
  EXPECT_EQ(findings[0].severity, Severity::Note);
  EXPECT_NE(findings[0].message.find("run to 2027-03-31"), std::string::npos)
      << findings[0].message;
  // 94 days: a little over the three months or so a bridge letter usually covers, so the letter
  // and other monitoring of the vendor.
  EXPECT_NE(findings[0].message.find("A gap of 94 days is to be expected from a vendor that "
                                     "reports every 6 months, but is longer "
                                     "than the three months or so a bridge letter usually covers"),
            std::string::npos)
      << findings[0].message;
  EXPECT_EQ(findings[0].message.find("must"), std::string::npos);
  // A shorter gap: the letter alone is the usual good practice.
  const AuditWindow june{Date(2027, 1, 4), Date(2027, 6, 15), false};
  const auto short_gap = check_vendor_coverage(vendor, june);
  ASSERT_EQ(short_gap.size(), 1u);
  EXPECT_NE(short_gap[0].message.find("for those 76 days is good practice"), std::string::npos)
      << short_gap[0].message;
  // The report's planned date decides which vendor reports are out by then: planned 20 days after
  // the window, the September report (out mid-November) is not, so a letter covers the rest.
  AuditWindow planned = late;
  planned.report_by = Date(2027, 10, 11);
  const auto early = check_vendor_coverage(vendor, planned);
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].code, "bridge-letter");
  EXPECT_NE(early[0].message.find("when this report is planned (2027-10-11)"), std::string::npos)
      << early[0].message;
  const auto coverage = project_vendor_coverage(vendor, window);
  ASSERT_TRUE(coverage && coverage->bridge_from);
  EXPECT_EQ(*coverage->bridge_from, Date(2027, 4, 1));

  // An annual reporter's six-month gap is ordinary: a note, not the old "longer than 3 months"
  // warning.
  vendor.report_cycle_months = 12;
  vendor.report_period_end = Date(2027, 3, 31);
  findings = check_vendor_coverage(vendor, late);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Note);
  EXPECT_NE(
      findings[0].message.find("is to be expected from a vendor that reports every 12 months"),
      std::string::npos);

  // A report on record more than a cycle older than the window: a newer one should exist.
  vendor.report_period_end = Date(2025, 12, 31);
  findings = check_vendor_coverage(vendor, window);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "vendor-report-stale");
  EXPECT_EQ(findings[0].severity, Severity::Warning);

  vendor.report_period_end = Date(2027, 9, 30);  // covers the window
  EXPECT_TRUE(check_vendor_coverage(vendor, window).empty());

  vendor.report = VendorReport::None;  // carve-out with nothing to rely on
  findings = check_vendor_coverage(vendor, window);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "vendor-no-report");

  // Inclusive: what the method needs from the vendor, not its report.
  vendor.method = SubserviceMethod::Inclusive;
  findings = check_vendor_coverage(vendor, window);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "inclusive-vendor");
  EXPECT_NE(findings[0].message.find("written assertion and a representation letter"),
            std::string::npos);
}

TEST(Boundary, WindowFollowsTheReportKind) {
  auto m = model_of(minimal_model());
  auto w = default_audit_window(m);
  EXPECT_EQ(w.start.to_string(), "2027-01-04");
  EXPECT_EQ(w.end.to_string(), "2027-07-03");
  EXPECT_TRUE(w.assumed);
  m.engagement.report = Report{"soc2", ReportType::Type1};
  m.engagement.as_of = Date(2027, 3, 1);
  w = default_audit_window(m);
  EXPECT_EQ(w.start, w.end);
  EXPECT_EQ(w.start.to_string(), "2027-03-01");
  EXPECT_FALSE(w.assumed);
}

TEST(Boundary, CuecsFollowWhatTheBoundaryHolds) {
  const auto plain = resolve_boundary(model_of(minimal_model()), CriteriaCatalog::builtin());
  const auto with_confidential =
      resolve_boundary(model_of(minimal_model("\n[[component]]\nid = \"db\"\nkind = \"data\"\n"
                                              "classification = [\"confidential\"]\n")),
                       CriteriaCatalog::builtin());
  EXPECT_GT(plain.cuecs.size(), 1u);
  // The db is not reached in that model, so no confidential-data CUEC yet.
  EXPECT_EQ(with_confidential.cuecs.size(), plain.cuecs.size());
  auto m =
      model_of(minimal_model("\n[[component]]\nid = \"db\"\nkind = \"data\"\n"
                             "classification = [\"confidential\", \"personal\"]\n"));
  m.components[0].uses.push_back(Ref{"db", {}});
  const auto reached = resolve_boundary(m, CriteriaCatalog::builtin());
  // Reached: the confidential-data CUEC; personal data's lawful basis is a Privacy CUEC, which the
  // scope brings only with the Privacy category.
  EXPECT_EQ(reached.cuecs.size(), plain.cuecs.size() + 1);
  for (const auto& c : reached.cuecs) EXPECT_EQ(c.find("lawful basis"), std::string::npos) << c;
}

TEST(Boundary, DotHasEveryNodeAndLabelledEdges) {
  const auto m = model_of(minimal_model());
  const auto dot = boundary_to_dot(m, resolve_boundary(m, CriteriaCatalog::builtin()));
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot;
  for (const char* id : {"svc", "app", "vm", "cloud"}) {
    EXPECT_NE(dot.find(std::string{"\n"} + id + " ["), std::string::npos) << id;
  }
  EXPECT_NE(dot.find("app->vm  [label=runs_on]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("vm->cloud  [label=provided_by]"), std::string::npos) << dot;
}

}  // namespace attestplan

// attestplan oscal, run as a user would: the System Security Plan, the Assessment Plan and the
// component definition of the examples say what the boundary and the estimate say, refer to one
// another by the same uuids, and are the same bytes run after run. (Their validity against NIST's
// schemas is ctest oscal.exports, with two validators.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::testing::slurp;
using nlohmann::json;

using attestplan::testing::RunResult;

fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-oscal-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

RunResult run(const std::string& args) {
  return attestplan::testing::run_in_source(scratch(), ATTESTPLAN_BIN, args);
}

json run_json(const std::string& args) {
  const auto r = run(args);
  EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
  return json::parse(r.out);
}

constexpr const char* kNs = "urn:attestplan:oscal";

/// The values of the attestplan props named `name` of an element.
std::vector<std::string> props(const json& element, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& p : element.value("props", json::array())) {
    if (p.value("ns", "") == kNs && p["name"] == name) out.push_back(p["value"]);
  }
  return out;
}

std::string prop(const json& element, const std::string& name) {
  const auto all = props(element, name);
  return all.empty() ? std::string{} : all.front();
}

/// Every "uuid" member anywhere in the document.
void collect_uuids(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "uuid" && value.is_string()) out.push_back(value);
      collect_uuids(value, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_uuids(v, out);
  }
}

const std::string kHr = "builtin:examples/hr-saas.toml";

TEST(Oscal, TheSspHoldsEveryComponentWithTheBoundarysVerdictAndEveryCriterionInScope) {
  const auto ssp = run_json("oscal " + kHr)["system-security-plan"];
  const auto boundary = run_json("boundary " + kHr + " -f json");
  const auto estimate = run_json("estimate " + kHr + " -f json");
  EXPECT_EQ(ssp["metadata"]["oscal-version"], "1.1.2");

  // Each component of the model once: people as users, the others as components.
  std::map<std::string, std::string> verdict;  // from the boundary's JSON
  for (const auto& n : boundary["nodes"]) {
    if (n["node"] == "component") verdict[n["id"]] = n["verdict"];
  }
  std::map<std::string, std::string> in_scope;
  const auto& impl = ssp["system-implementation"];
  for (const auto& c : impl["components"]) {
    if (!prop(c, "component-id").empty()) in_scope[prop(c, "component-id")] = prop(c, "in-scope");
  }
  for (const auto& u : impl["users"]) {
    EXPECT_EQ(prop(u, "kind"), "people");
    in_scope[prop(u, "component-id")] = prop(u, "in-scope");
  }
  ASSERT_EQ(in_scope.size(), verdict.size());
  for (const auto& [id, v] : verdict) {
    EXPECT_EQ(in_scope[id], v == "in-scope" ? "true" : "false") << id;
  }

  // The criteria in scope, in the estimate's order, each a requirement; the CUECs exported.
  std::vector<std::string> criteria;
  std::size_t cuecs = 0;
  for (const auto& r : ssp["control-implementation"]["implemented-requirements"]) {
    criteria.push_back(r["control-id"]);
    for (const auto& by : r["by-components"]) {
      if (by.contains("export")) cuecs += by["export"]["responsibilities"].size();
    }
  }
  std::vector<std::string> expected = estimate["scope"]["criteria"];
  for (const auto& c : estimate["scope"]["carved_out"]) {
    if (std::find(expected.begin(), expected.end(), c) == expected.end()) expected.push_back(c);
  }
  EXPECT_EQ(criteria, expected);
  EXPECT_EQ(cuecs, estimate["scope"]["cuecs"].size());
  EXPECT_GT(cuecs, 0u);
}

TEST(Oscal, EachVendorIsAServiceAndALeveragedAuthorizationWhenItsReportIsInHand) {
  const auto ssp = run_json("oscal " + kHr)["system-security-plan"];
  const auto& impl = ssp["system-implementation"];
  std::set<std::string> leveraged;
  for (const auto& la : impl["leveraged-authorizations"]) leveraged.insert(la["uuid"]);
  std::map<std::string, json> vendors;
  for (const auto& c : impl["components"]) {
    if (!prop(c, "subservice-id").empty()) vendors[prop(c, "subservice-id")] = c;
  }
  ASSERT_TRUE(vendors.count("aws"));
  const auto& aws = vendors["aws"];
  EXPECT_EQ(aws["type"], "service");
  EXPECT_EQ(prop(aws, "method"), "carve-out");
  EXPECT_EQ(prop(aws, "report-period-end"), "2026-09-30");
  EXPECT_EQ(props(aws, "covers"), (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));
  // Its leveraged authorization is the one the NIST prop names. Only a report whose period has
  // ended authorizes: AWS's (2026-09-30), not Okta's and GitHub's (2027-03-31, to come), nor
  // Webflow's, which the model does not date.
  std::string la;
  for (const auto& p : aws["props"]) {
    if (p["name"] == "leveraged-authorization-uuid") la = p["value"];
  }
  EXPECT_TRUE(leveraged.count(la));
  ASSERT_TRUE(vendors.count("webflow"));
  EXPECT_TRUE(prop(vendors["webflow"], "report-period-end").empty());
  // (The day the document is written decides: the test runs on any day.)
  const auto today = ssp["metadata"]["last-modified"].get<std::string>().substr(0, 10);
  const bool okta_in_hand = today >= "2027-03-31";
  EXPECT_EQ(leveraged.size(), okta_in_hand ? 3u : 1u);
  EXPECT_EQ(prop(vendors["okta-inc"], "report-period-end"), "2027-03-31");
  bool okta_authorized = false;
  for (const auto& p : vendors["okta-inc"]["props"])
    okta_authorized |= p["name"] == "leveraged-authorization-uuid";
  EXPECT_EQ(okta_authorized, okta_in_hand);
  // Each criterion a vendor covers inherits that criterion's CSOC from the vendor's component.
  std::vector<std::string> inherited;
  for (const auto& r : ssp["control-implementation"]["implemented-requirements"]) {
    for (const auto& by : r["by-components"]) {
      if (by["component-uuid"] != aws["uuid"]) continue;
      ASSERT_EQ(by["inherited"].size(), 1u) << r["control-id"];
      EXPECT_NE(by["inherited"][0]["description"].get<std::string>().find(
                    r["control-id"].get<std::string>()),
                std::string::npos);
      inherited.push_back(r["control-id"]);
    }
  }
  EXPECT_EQ(inherited, (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));
}

TEST(Oscal, TheAssessmentPlanTestsEachControlWithTheEstimatesSamplesAndHours) {
  const auto ap = run_json("oscal " + kHr + " -f oscal-ap")["assessment-plan"];
  const auto ssp = run_json("oscal " + kHr)["system-security-plan"];
  const auto estimate = run_json("estimate " + kHr + " -f json");
  std::map<std::string, json> ledger;
  for (const auto& l : estimate["ledger"]) ledger[l["id"]] = l;
  const auto& activities = ap["local-definitions"]["activities"];
  ASSERT_EQ(activities.size(), estimate["scope"]["controls"].size());
  for (const auto& a : activities) {
    // Each figure names the ledger line it is, whose value it gives.
    const auto& samples = ledger.at(prop(a, "samples-line"));
    EXPECT_EQ(std::stod(prop(a, "samples")), samples["value"]["likely"].get<double>());
    EXPECT_EQ(std::stod(prop(a, "samples-high")), samples["value"]["high"].get<double>());
    const auto& hours = ledger.at(prop(a, "hours-line"));
    EXPECT_EQ(hours["unit"], "hours");
    EXPECT_NEAR(std::stod(prop(a, "hours")), hours["value"]["likely"].get<double>(), 0.051);
    EXPECT_NE(hours["label"].get<std::string>().find(prop(a, "control-id")), std::string::npos);
  }
  // The subjects are the SSP's components, by the same uuids.
  std::set<std::string> components;
  for (const auto& c : ssp["system-implementation"]["components"]) components.insert(c["uuid"]);
  for (const auto& s : ap["assessment-subjects"][0]["include-subjects"]) {
    EXPECT_TRUE(components.count(s["subject-uuid"])) << s;
  }
  // The tasks carry the plan's dates: its window is a task over the window.
  const auto plan = estimate["timing"];
  bool window = false;
  for (const auto& t : ap["tasks"]) {
    if (prop(t, "role") != "window") continue;
    window = true;
    for (const auto& ph : plan["phases"]) {
      if (ph["id"] == prop(t, "phase")) {
        EXPECT_EQ(t["timing"]["within-date-range"]["start"],
                  ph["start"].get<std::string>() + "T00:00:00Z");
      }
    }
  }
  EXPECT_TRUE(window);
}

TEST(Oscal, TheAssessmentPlansHeadlineAndDatesAreTheEstimatesP50WithTheirLines) {
  const auto ap = run_json("oscal " + kHr + " -f oscal-ap")["assessment-plan"];
  const auto estimate = run_json("estimate " + kHr + " -f json");
  const auto& hours = estimate["summary"]["auditor_hours"];
  const auto& meta = ap["metadata"];
  EXPECT_EQ(prop(meta, "auditor-hours-line"), hours["line"]);
  EXPECT_NEAR(std::stod(prop(meta, "auditor-hours")), hours["value"]["p50"].get<double>(), 0.051);
  EXPECT_NEAR(std::stod(prop(meta, "auditor-hours-p10")), hours["value"]["p10"].get<double>(),
              0.051);
  EXPECT_NEAR(std::stod(prop(meta, "auditor-hours-p90")), hours["value"]["p90"].get<double>(),
              0.051);
  // Each milestone on its P50 date, with its P10 / P90 and its line, as the plan states them.
  std::map<std::string, json> milestones;
  for (const auto& m : estimate["timing"]["milestones"]) milestones[m["id"]] = m;
  std::size_t seen = 0;
  for (const auto& t : ap["tasks"]) {
    if (t["type"] != "milestone") continue;
    const auto& m = milestones.at(prop(t, "milestone"));
    EXPECT_EQ(t["timing"]["on-date"]["date"], m["value"]["p50"].get<std::string>() + "T00:00:00Z");
    EXPECT_EQ(prop(t, "date-p90"), m["value"]["p90"]);
    EXPECT_EQ(prop(t, "date-line"), m["line"]);
    ++seen;
  }
  EXPECT_GE(seen, 3u);
  // The organization's own preparation is its task, the audit the assessor's.
  for (const auto& t : ap["tasks"]) {
    if (t["type"] != "action") continue;
    const auto role = prop(t, "role");
    const std::string who = t["responsible-roles"][0]["role-id"];
    EXPECT_EQ(who, role == "readiness" || role == "remediation" ? "system-owner" : "assessor")
        << t["title"];
  }
  // The link to the SSP it assesses: ssp.json beside it, or --ssp.
  EXPECT_EQ(ap["back-matter"]["resources"][0]["rlinks"][0]["href"], "ssp.json");
  const auto other = run_json("oscal " + kHr + " -f oscal-ap --ssp https://grc.example/ssp/42");
  EXPECT_EQ(other["assessment-plan"]["back-matter"]["resources"][0]["rlinks"][0]["href"],
            "https://grc.example/ssp/42");
}

TEST(Oscal, OutsideTheBoundaryIsNotOperationalAndACarvedOutCriterionIsNoGap) {
  const auto ssp = run_json("oscal " + kHr)["system-security-plan"];
  for (const auto& c : ssp["system-implementation"]["components"]) {
    if (prop(c, "in-scope") == "false") {
      EXPECT_EQ(c["status"]["state"], "other") << c["title"];
      EXPECT_EQ(c["status"]["remarks"].get<std::string>().rfind("Outside the system's boundary", 0),
                0u);
    } else {
      EXPECT_EQ(c["status"]["state"], "operational") << c["title"];
    }
  }
  // The startup's cloud carries CC6.4 (no office of its own): no statement calls it a gap.
  const auto startup = run_json("oscal builtin:examples/startup-type1.toml");
  for (const auto& r :
       startup["system-security-plan"]["control-implementation"]["implemented-requirements"]) {
    for (const auto& by : r["by-components"]) {
      EXPECT_EQ(by["description"].get<std::string>().find("gap"), std::string::npos)
          << r["control-id"] << ": " << by["description"];
    }
  }
}

TEST(Oscal, TheComponentDefinitionSaysWhatEachVendorCarries) {
  const auto cd = run_json("oscal " + kHr + " -f oscal-components")["component-definition"];
  std::map<std::string, std::vector<std::string>> covered;
  for (const auto& c : cd["components"]) {
    for (const auto& ci : c.value("control-implementations", json::array())) {
      for (const auto& r : ci["implemented-requirements"]) {
        covered[prop(c, "subservice-id")].push_back(r["control-id"]);
        EXPECT_FALSE(r["description"].get<std::string>().empty());
      }
    }
  }
  EXPECT_EQ(covered["aws"], (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));
  EXPECT_EQ(covered["okta-inc"], (std::vector<std::string>{"CC6.1"}));
  EXPECT_FALSE(covered.count("webflow"));  // it covers no criterion
}

TEST(Oscal, TheVendorLibraryIsAComponentDefinitionOfWhatEachVendorCovers) {
  const auto cd = run_json("catalog vendors -f oscal-components")["component-definition"];
  const auto table = run("catalog vendors");
  ASSERT_EQ(table.code, 0) << table.err;
  std::map<std::string, std::vector<std::string>> covers;
  for (const auto& c : cd["components"]) {
    EXPECT_EQ(prop(c, "vendor"), prop(c, "subservice-id"));
    EXPECT_NE(table.out.find("  " + prop(c, "vendor") + " "), std::string::npos) << c["title"];
    for (const auto& ci : c.value("control-implementations", json::array())) {
      for (const auto& r : ci["implemented-requirements"])
        covers[prop(c, "vendor")].push_back(r["control-id"]);
    }
  }
  EXPECT_EQ(cd["components"].size(), 9u);
  EXPECT_EQ(covers["aws"], (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));
  EXPECT_EQ(covers["cloudflare"], (std::vector<std::string>{"CC6.6", "CC6.7"}));
  // The criteria catalog has no OSCAL form, nor the library a JSON one: said, exit 2.
  EXPECT_EQ(run("catalog criteria -f oscal-components").code, 2);
  EXPECT_EQ(run("catalog vendors -f json").code, 2);
}

TEST(Oscal, TheSameModelGivesTheSameBytesWithUniqueVersion5Uuids) {
  for (const char* f : {"oscal-ssp", "oscal-ap", "oscal-components"}) {
    const auto a = run("oscal builtin:examples/payments-fintech.toml -f " + std::string{f});
    const auto b = run("oscal builtin:examples/payments-fintech.toml -f " + std::string{f});
    ASSERT_EQ(a.code, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << f;
    std::vector<std::string> uuids;
    collect_uuids(json::parse(a.out), uuids);
    EXPECT_EQ(std::set<std::string>(uuids.begin(), uuids.end()).size(), uuids.size()) << f;
    for (const auto& u : uuids) EXPECT_EQ(u[14], '5') << u;  // the version nibble
  }
  // The SSP's uuid is uuid5(uuid5(NAMESPACE_URL, "urn:attestplan:oscal"), "ssp|ORGANIZATION"),
  // as Python's uuid module computes it.
  EXPECT_EQ(run_json("oscal " + kHr)["system-security-plan"]["uuid"],
            "1a8ae5dc-d869-5b9c-a71e-dd15ff133bee");
}

TEST(Oscal, AJsonFileTakesAnyOscalDocumentAndOtherExtensionsAreRefused) {
  const auto path = (scratch() / "plan.json").string();
  auto r = run("oscal " + kHr + " -o '" + path + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(json::parse(slurp(path)).contains("system-security-plan"));
  r = run("oscal " + kHr + " -f oscal-ap -o '" + path + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(json::parse(slurp(path)).contains("assessment-plan"));
  r = run("oscal " + kHr + " -o '" + (scratch() / "plan.csv").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("oscal is not written as csv"), std::string::npos) << r.err;
  r = run("oscal " + kHr + " -f json");
  EXPECT_EQ(r.code, 2) << r.err;
}

}  // namespace

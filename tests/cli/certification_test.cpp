// An ISO/IEC 27001 certification, run as a user would: the built-in frameworks offer it, and the
// estimate, the calendar, the comparison and the evidence list speak of a certificate, its audits
// and its documents rather than of a report on controls; what does not apply to a certification
// is said where the model says it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::testing::RunResult;
using attestplan::testing::slurp;

fs::path scratch_dir() { return attestplan::testing::process_scratch_dir("certification"); }

RunResult run(const std::string& args) {
  return attestplan::testing::run_in_source(scratch_dir(), ATTESTPLAN_BIN, args, "");
}

/// The HR SaaS example with each edit applied in turn (`from` must occur), written as `name`.
fs::path example_with(const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& edits,
                      const std::string& example = "hr-saas") {
  auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples" / (example + ".toml"));
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  const auto path = scratch_dir() / (name + ".toml");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// The HR SaaS example certified to ISO/IEC 27001 (its window and categories taken out).
fs::path iso_model() {
  return example_with(
      "iso", {{"report = \"soc2-type2\"", "report = \"iso27001-certification\""},
              {"observation_months = 6\n", ""},
              {"categories = [\"security\", \"availability\", \"confidentiality\"]\n", ""}});
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Certification, TheBuiltinFrameworksOfferAnIso27001Certification) {
  const auto r = run("estimate '" + iso_model().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "Fjord People ApS — ISO/IEC 27001 certification")) << r.out;
  // The scope is the Statement of Applicability's, and an accredited body certifies.
  EXPECT_TRUE(has(r.out, "Annex A controls applicable: ")) << r.out;
  EXPECT_FALSE(has(r.out, "Categories:")) << r.out;
  EXPECT_TRUE(has(r.out, "Who may certify: A certification body accredited for ISO/IEC 27001"))
      << r.out;
  // No samples to speak of; the stages are the certification's.
  EXPECT_FALSE(has(r.out, "Samples tested")) << r.out;
  EXPECT_TRUE(has(r.out, "Stage 2: implementation and effectiveness")) << r.out;
  // The last stage's hours are the audit report's: the decision is not audit time (17021-1, 9.5).
  EXPECT_TRUE(has(r.out, "Audit report & nonconformities")) << r.out;
  // Year two is a surveillance audit; the cycle's fee and the recertification's are priced.
  EXPECT_TRUE(has(r.out, "Year two: the first surveillance audit")) << r.out;
  EXPECT_TRUE(has(r.out, "Certification cycle fee: the initial audit and 2 surveillance audits"))
      << r.out;
  EXPECT_TRUE(has(r.out, "Recertification audit fee")) << r.out;
  EXPECT_FALSE(has(r.out, "Type 2")) << r.out;
  // A renewal waits for the certificate; vendors' bridge letters are a report's matter.
  EXPECT_TRUE(has(r.out, "(certificate needed by ")) << r.out;
  EXPECT_FALSE(has(r.out, "bridge-letter")) << r.out;

  const auto j = run("estimate -f json '" + iso_model().string() + "'");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto e = nlohmann::json::parse(j.out);
  const double fee = e["summary"]["fee"]["value"]["p50"];
  const double cycle = e["summary"]["certification_cycle_fee"]["value"]["p50"];
  EXPECT_GT(cycle, fee);
  EXPECT_GT(e["summary"]["recertification_fee"]["value"]["p50"].get<double>(), 0);
  EXPECT_EQ(e["summary"]["certification_cycle_fee"]["line"], "cost.cycle.fee");
}

TEST(Certification, WhatOnlyAReportOnControlsHasIsSaidWhereTheModelSaysIt) {
  const auto model = example_with(
      "iso-with-window", {{"report = \"soc2-type2\"", "report = \"iso27001-certification\""}});
  const auto r = run("validate '" + model.string() + "'");
  EXPECT_TRUE(has(r.err, "observation_months is ignored for a certification")) << r.err;
  EXPECT_TRUE(has(r.err, "categories is ignored for a certification")) << r.err;
  EXPECT_FALSE(has(r.err, "Type 1")) << r.err;

  const auto staged = example_with(
      "iso-staged",
      {{"report = \"soc2-type2\"", "report = \"iso27001-certification\"\ntype1_first = true"},
       {"observation_months = 6\n", ""}});
  const auto s = run("validate '" + staged.string() + "'");
  EXPECT_EQ(s.code, 2);
  EXPECT_TRUE(has(s.err, "a certification has neither")) << s.err;

  const auto scenario = example_with(
      "iso-scenario",
      {{"report = \"soc2-type2\"", "report = \"iso27001-certification\""},
       {"observation_months = 6\n", ""},
       {"[[scenario]]", "[[scenario]]\nid = \"short\"\nobservation_months = 3\n\n[[scenario]]"}});
  const auto sc = run("validate '" + scenario.string() + "'");
  EXPECT_EQ(sc.code, 2);
  EXPECT_TRUE(
      has(sc.err, "observation_months does not apply to a certification (scenario 'short')"))
      << sc.err;
}

TEST(Certification, TheComparisonOffersNoTypeOrCategoryToACertification) {
  const auto r = run("compare '" + iso_model().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "As modelled: ISO/IEC 27001 certification")) << r.out;
  EXPECT_FALSE(has(r.out, "Type 1 now")) << r.out;
  EXPECT_FALSE(has(r.out, "with Availability")) << r.out;
  EXPECT_FALSE(has(r.out, "Type 2 directly")) << r.out;
}

TEST(Certification, TheEvidenceListAsksForTheDocumentsTheFrameworkNames) {
  const auto r = run("evidence '" + iso_model().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  // The ISMS's documented information, by clause, before Stage 1; no system description or
  // assertion, which a certification does not have.
  EXPECT_TRUE(has(r.out, "PBC-001,,ISMS scope,,documented information")) << r.out;
  EXPECT_TRUE(has(r.out, "(clauses 6.1.2 and 8.2)")) << r.out;
  EXPECT_TRUE(has(r.out, "Internal audit programme and results")) << r.out;
  EXPECT_TRUE(has(r.out, ",Stage 1 audit,open")) << r.out;
  EXPECT_FALSE(has(r.out, "System description")) << r.out;
  EXPECT_FALSE(has(r.out, "assertion")) << r.out;
}

TEST(Certification, TheProposalIsRefusedWithWhatToUseInstead) {
  for (const char* memo : {"", " --memo"}) {
    const auto r = run("proposal '" + iso_model().string() + "'" + memo + " -o " +
                       (scratch_dir() / "letter.html").string());
    EXPECT_EQ(r.code, 2) << memo;
    EXPECT_TRUE(has(r.err, "attestplan does not write a certification body's quote")) << r.err;
    EXPECT_TRUE(has(r.err, "iso.toml:")) << r.err;  // located at the model's [engagement]
    EXPECT_FALSE(fs::exists(scratch_dir() / "letter.html"));
  }
}

namespace {

nlohmann::json combined_json(const fs::path& model) {
  const auto r = run("estimate -f json '" + model.string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  return nlohmann::json::parse(r.out)["combined"];
}

fs::path saas_example() {
  return fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/saas-soc2-iso27001.toml";
}

}  // namespace

TEST(Combined, OneFirmCostsLessThanTheTwoApartAndMoreThanTheLargerAlone) {
  const auto c = combined_json(saas_example());
  ASSERT_EQ(c["reports"].size(), 2u);
  EXPECT_EQ(c["reports"][0]["id"], "soc2-type2");
  EXPECT_EQ(c["reports"][1]["id"], "iso27001-certification");
  EXPECT_TRUE(c["one_firm"].get<bool>());
  for (const char* at : {"likely", "p50", "p10", "p90"}) {
    const double soc2 = c["reports"][0]["fee"][at];
    const double iso = c["reports"][1]["fee"][at];
    const double apart = c["separate_fee"][at];
    const double together = c["combined_fee"][at];
    // Percentiles of a sum run by run are not the sums of the percentiles: the likely values add.
    if (std::string{at} == "likely") {
      EXPECT_NEAR(apart, soc2 + iso, 1e-6 * apart);
    }
    EXPECT_LT(together, apart) << at;
    EXPECT_GT(together, std::max(soc2, iso)) << at;
  }
  // The saving is its lines, each a share of one report's audit stage.
  double saved = 0;
  for (const auto& s : c["savings"]) saved += s["fee"]["likely"].get<double>();
  EXPECT_NEAR(saved, c["saving"]["likely"].get<double>(), 1e-6 * saved);
  EXPECT_EQ(c["savings"].size(), 3u);
}

TEST(Combined, TheCertificationsSavingStaysWithinIafMd11sFifth) {
  // IAF MD 11 lets integration take at most 20 % of an integrated audit's time (EA FAQ 37.23):
  // what the combination takes from the certification's fee (all its hours at one rate) is
  // more than nothing and no more than that.
  for (const auto& model : {saas_example(), fs::path{}}) {
    const auto path =
        model.empty()
            ? example_with("hr-combined",
                           {{"report = \"soc2-type2\"",
                             "report = \"soc2-type2\"\ncombined_with = [\"iso27001-certification\"]"
                             "\ncombined_by = \"one-firm\""}})
            : model;
    const auto c = combined_json(path);
    double iso_saved = 0;
    for (const auto& s : c["savings"]) {
      if (s["report"] == "iso27001-certification") iso_saved += s["fee"]["likely"].get<double>();
    }
    const double iso_fee = c["reports"][1]["fee"]["likely"];
    EXPECT_GT(iso_saved, 0) << path;
    EXPECT_LE(iso_saved, 0.2 * iso_fee + 1e-6) << path;
  }
}

TEST(Combined, EachSavingIsExplainedByTheLinesItIsWorkedFrom) {
  const auto r = run("estimate --explain '" + saas_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto c = combined_json(saas_example());
  const auto each = r.out.find("Combined engagement: each saving");
  ASSERT_NE(each, std::string::npos) << r.out;
  for (const auto& s : c["savings"]) {
    const std::string id = s["id"];
    const auto at = r.out.find("\n  " + id + " = ", each);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_NE(r.out.find("rule: ", at), std::string::npos);
    for (const auto& from : s["from"]) {
      // "<report>:<line>": the line is in that report's ledger, shown in the same output.
      const std::string f = from;
      const auto colon = f.find(':');
      ASSERT_NE(colon, std::string::npos) << f;
      const std::string report = f.substr(0, colon), line = f.substr(colon + 1);
      const auto ledger =
          report == "soc2-type2" ? r.out.find("\nLedger (") : r.out.find("\nLedger of " + report);
      ASSERT_NE(ledger, std::string::npos) << report;
      EXPECT_NE(r.out.find("\n  " + line + " = ", ledger), std::string::npos) << f;
    }
  }
}

TEST(Combined, SeparateBodiesEachTestForThemselvesAndSaveNothing) {
  for (const std::string& by :
       {std::string{"\ncombined_by = \"separate-bodies\""}, std::string{}}) {
    const auto model = example_with(
        "hr-separate",
        {{"report = \"soc2-type2\"",
          "report = \"soc2-type2\"\ncombined_with = [\"iso27001-certification\"]" + by}});
    const auto c = combined_json(model);
    EXPECT_FALSE(c["one_firm"].get<bool>()) << by;
    EXPECT_TRUE(c["savings"].empty()) << by;
    EXPECT_DOUBLE_EQ(c["combined_fee"]["likely"].get<double>(),
                     c["separate_fee"]["likely"].get<double>());
    const std::string who = c["who"];
    EXPECT_TRUE(has(who, "Separate bodies")) << who;
    EXPECT_TRUE(has(who, "an accredited certification body performs the ISO/IEC 27001")) << who;
  }
}

TEST(Combined, WhatCannotBeCombinedIsRefusedWhereTheModelSaysIt) {
  const auto same = example_with(
      "hr-same",
      {{"report = \"soc2-type2\"", "report = \"soc2-type2\"\ncombined_with = [\"soc2-type1\"]"}});
  auto r = run("validate '" + same.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "hr-same.toml:18:")) << r.err;
  EXPECT_TRUE(has(r.err, "reports are of different frameworks")) << r.err;
  const auto unknown = example_with(
      "hr-unknown",
      {{"report = \"soc2-type2\"", "report = \"soc2-type2\"\ncombined_with = [\"iso27001\"]"}});
  r = run("validate '" + unknown.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "iso27001-certification")) << r.err;
  // Outputs that speak of the first report alone say so.
  const auto plan = run("plan '" + saas_example().string() + "'");
  EXPECT_EQ(plan.code, 0) << plan.err;
  EXPECT_TRUE(has(plan.err, "this output is of SOC 2 Type 2 alone")) << plan.err;
}

namespace {

fs::path payroll() { return fs::path{ATTESTPLAN_SOURCE_DIR} / "tests/fixtures/soc1/payroll.toml"; }

bool names_the_criteria(const std::string& text) {
  // The Trust Services Criteria by name, by abbreviation or by a criterion's id (CC6.1, A1.2, ...).
  if (has(text, "Trust Services") || has(text, "TSC")) return true;
  for (std::size_t at = text.find("CC"); at != std::string::npos; at = text.find("CC", at + 1)) {
    if (at + 2 < text.size() && std::isdigit(static_cast<unsigned char>(text[at + 2]))) return true;
  }
  return false;
}

}  // namespace

TEST(Soc1, APayrollProcessorsType2SelectsObjectivesAndNamesNoTrustServicesCriteria) {
  const auto table = run("estimate --explain '" + payroll().string() + "'");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_FALSE(names_the_criteria(table.out)) << table.out;
  EXPECT_FALSE(has(table.out, "Categories")) << table.out;
  EXPECT_TRUE(has(table.out, "SOC 1 Type 2")) << table.out;
  EXPECT_TRUE(has(table.out, "Who may sign: A CPA firm that reports under the AICPA's AT-C 320"));
  const auto json = run("estimate -f json '" + payroll().string() + "'");
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_FALSE(names_the_criteria(json.out));
  const auto e = nlohmann::json::parse(json.out);
  // The library's IT general controls and payroll objectives (less physical access: no premises of
  // its own) and management's own garnishments objective; the control objectives' plugin scoped
  // it.
  std::vector<std::string> objectives;
  for (const auto& c : e["scope"]["criteria"])
    objectives.push_back(c.is_string() ? c.get<std::string>() : c["id"].get<std::string>());
  const std::vector<std::string> expected{"itgc-logical-access",
                                          "itgc-change-management",
                                          "itgc-program-development",
                                          "itgc-operations",
                                          "itgc-data-transmission",
                                          "payroll-client-setup",
                                          "payroll-master-data",
                                          "payroll-input",
                                          "payroll-calculation",
                                          "payroll-disbursement",
                                          "payroll-tax",
                                          "payroll-reporting",
                                          "garnishments"};
  EXPECT_EQ(objectives, expected);
  bool scoped_by_objectives = false;
  for (const auto& s : e["stages"]) {
    if (s["stage"] == "scope") scoped_by_objectives = s["plugin"] == "objectives-scope";
  }
  EXPECT_TRUE(scoped_by_objectives);
  EXPECT_GT(e["summary"]["fee"]["value"]["p50"].get<double>(), 0);
  EXPECT_GT(e["summary"]["samples"]["value"]["p50"].get<double>(), 0);
  // The user entities' part: their controls the objectives assume (CUECs).
  EXPECT_TRUE(has(json.out, "User entities send each garnishment order")) << json.out.substr(0, 0);
  // Its period against their year end: ending 61 days before 31 December, a bridge letter.
  EXPECT_TRUE(has(table.out, "[user-year-bridge-letter] the period as planned ends")) << table.out;
}

TEST(Soc1, AnIsae3402ReportIsScopedTheSameWay) {
  const auto model = payroll();
  auto text = slurp(model);
  text.replace(text.find("report = \"soc1-type2\""), 21, "report = \"isae3402-type2\"");
  text.replace(text.find("auditor_country = \"US\""), 22, "auditor_country = \"DK\"");
  const auto path = scratch_dir() / "isae3402.toml";
  std::ofstream(path, std::ios::binary) << text;
  const auto r = run("estimate '" + path.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "ISAE 3402 Type 2")) << r.out;
  EXPECT_TRUE(has(r.out, "Control objectives: 13")) << r.out;
  EXPECT_FALSE(names_the_criteria(r.out)) << r.out;
}

TEST(Soc1, TheModelChoosesAndEditsTheObjectivesWhereItSaysSo) {
  const auto edited = [](const std::string& name, const std::string& from, const std::string& to) {
    auto text = slurp(payroll());
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    const auto path = scratch_dir() / (name + ".toml");
    std::ofstream(path, std::ios::binary) << text;
    return path;
  };
  // A set the library does not have: located, with the sets it has.
  auto r = run("validate '" +
               edited("bad-set", "sets = [\"itgc\", \"payroll\"]", "sets = [\"itgc\", \"payrol\"]")
                   .string() +
               "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "bad-set.toml:")) << r.err;
  EXPECT_TRUE(has(r.err, "payroll")) << r.err;
  // An objective taken out is a finding; IT general controls alone are warned of.
  r = run("estimate '" +
          edited("only-itgc", "sets = [\"itgc\", \"payroll\"]",
                 "sets = [\"itgc\"]\nexclude = [\"itgc-program-development\"]")
              .string() +
          "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "[objective-excluded] control objective itgc-program-development"))
      << r.out;
  EXPECT_TRUE(has(r.out, "Control objectives: 5")) << r.out;  // 4 ITGC and management's own
  r = run("estimate '" +
          edited("itgc-alone", "sets = [\"itgc\", \"payroll\"]", "sets = [\"itgc\"]").string() +
          "'");
  EXPECT_FALSE(has(r.out, "no-business-objectives")) << r.out;  // management's own is one
  // A year end that is not a month and day is refused where it is.
  r = run(
      "validate '" +
      edited("bad-year-end", "user_year_end = \"12-31\"", "user_year_end = \"02-29\"").string() +
      "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "user_year_end '02-29' is not a month and day")) << r.err;
}

TEST(Soc1, AReportOnTheCriteriaIsStillScopedByTheCriteria) {
  // The subject routes the scope stage: a SOC 2 keeps the criteria's plugin.
  const auto e = nlohmann::json::parse(
      run("estimate -f json '" +
          (fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml").string() + "'")
          .out);
  for (const auto& s : e["stages"]) {
    if (s["stage"] == "scope") {
      EXPECT_EQ(s["plugin"], "tsc-scope");
    }
  }
}

TEST(Soc1, TheLetterAndTheMemoSpeakOfControlObjectives) {
  const auto letter = run("proposal -f markdown '" + payroll().string() + "'");
  ASSERT_EQ(letter.code, 0) << letter.err;
  EXPECT_FALSE(names_the_criteria(letter.out)) << letter.out;
  EXPECT_FALSE(has(letter.out, "trust services criteria")) << letter.out;
  // It is the report on controls relevant to financial reporting: it does not say it is not one.
  EXPECT_FALSE(has(letter.out, "is not a report on controls relevant to")) << letter.out;
  EXPECT_TRUE(has(letter.out,
                  "were suitably designed and operated effectively to achieve the "
                  "control objectives"))
      << letter.out;
  EXPECT_TRUE(has(letter.out, "AT-C 320")) << letter.out;
  EXPECT_TRUE(has(letter.out, "another control objective")) << letter.out;
  const auto memo_path = scratch_dir() / "soc1-memo.md";
  const auto memo = run("proposal --memo '" + payroll().string() + "' -o " + memo_path.string());
  ASSERT_EQ(memo.code, 0) << memo.err;
  EXPECT_FALSE(names_the_criteria(slurp(memo_path)));
}

TEST(Soc1, ThePeriodIsJudgedAgainstTheUserEntitiesYearItServes) {
  // The period runs 2027-02-01 to 2027-10-31 (9 months from window_start).
  const auto with_year_end = [](const std::string& year_end) {
    auto text = slurp(payroll());
    text.replace(text.find("user_year_end = \"12-31\""), 23,
                 "user_year_end = \"" + year_end + "\"");
    const auto path = scratch_dir() / ("ye-" + year_end + ".toml");
    std::ofstream(path, std::ios::binary) << text;
    return run("estimate '" + path.string() + "'");
  };
  // A year ending 15 October: the period covers most of it and runs past its end: nothing to say.
  auto r = with_year_end("10-15");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.out, "user-year")) << r.out;
  // A year ending 31 March: the period serves the year to 2028-03-31, five months short of it.
  r = with_year_end("03-31");
  EXPECT_TRUE(has(r.out,
                  "warning [user-year-bridge-letter] the period as planned ends 152 days "
                  "before the user entities' year end (2028-03-31)"))
      << r.out;
  EXPECT_FALSE(has(r.out, "user-year-overlap")) << r.out;
}

TEST(Soc1, TheComparisonVariesNoTrustServicesCategory) {
  const auto r = run("compare '" + payroll().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.out, "with Availability")) << r.out;
  EXPECT_FALSE(has(r.out, "with Privacy")) << r.out;
}

TEST(Certification, AComparisonRecommendsNoReportOnControlsInPlaceOfACertificate) {
  // The ISO model keeps the example's own scenario, an ISAE 3000 Type 2: shown, not recommended.
  const auto r = run("compare '" + iso_model().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "Recommended: As modelled: ISO/IEC 27001 certification")) << r.out;
  EXPECT_TRUE(has(r.out,
                  "is not recommended against ISO/IEC 27001 certification: a certification "
                  "and a report on controls are not substitutes"))
      << r.out;
}

TEST(Combined, AFirmThatCertifiesTooOffersNoReadinessWork) {
  const auto r = run("proposal -f markdown '" + saas_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.out, "We can assess your readiness")) << r.out;
  EXPECT_TRUE(has(r.out, "our certification arm certifies your management system")) << r.out;
  EXPECT_TRUE(has(r.out, "ISO/IEC 17021-1, 5.2")) << r.out;
}

TEST(Combined, TestingOnceNeedsStage2InTheReportsFieldworkWeeks) {
  // Alone, the example's certification would reach Stage 2 before the SOC 2's first fieldwork
  // visit: one firm plans it in that visit, and says so.
  auto r = run("estimate '" + saas_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out,
                  "note [combined-calendar] the ISO/IEC 27001 certification's Stage 2 audit is "
                  "planned from 2027-07-21, in the SOC 2 Type 2's interim fieldwork"))
      << r.out;
  EXPECT_FALSE(has(r.out, "[combined-not-aligned]")) << r.out;
  // A date the model agrees itself is kept, and if it falls outside every visit the saving on the
  // certification's testing is said to depend on moving it.
  const auto agreed = example_with(
      "saas-agreed",
      {{"start = \"2027-02-01\"", "start = \"2027-02-01\"\nstage2_start = \"2027-06-07\""}},
      "saas-soc2-iso27001");
  r = run("estimate '" + agreed.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.out, "[combined-calendar]")) << r.out;
  EXPECT_TRUE(has(r.out,
                  "warning [combined-not-aligned] the shared controls are tested once only "
                  "if the ISO/IEC 27001 certification's Stage 2 audit (planned 2027-06-07"))
      << r.out;
}

TEST(Certification, AStage2DateAgreedWithTheBodyIsPlannedAndOneTooEarlyIsRefused) {
  auto stage2_of = [](const std::string& text) {
    const auto at = text.find("Stage 2 audit starts");
    return at == std::string::npos ? std::string{} : text.substr(at, 80);
  };
  const auto plain = run("plan '" + iso_model().string() + "'");
  ASSERT_EQ(plain.code, 0) << plain.err;
  const auto later = example_with(
      "iso-later", {{"report = \"soc2-type2\"",
                     "report = \"iso27001-certification\"\nstage2_start = \"2027-11-01\""},
                    {"observation_months = 6\n", ""},
                    {"categories = [\"security\", \"availability\", \"confidentiality\"]\n", ""}});
  auto r = run("plan '" + later.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(stage2_of(r.out), "2027-11-01")) << r.out;
  EXPECT_NE(stage2_of(r.out), stage2_of(plain.out));
  const auto early = example_with(
      "iso-early", {{"report = \"soc2-type2\"",
                     "report = \"iso27001-certification\"\nstage2_start = \"2027-01-05\""},
                    {"observation_months = 6\n", ""},
                    {"categories = [\"security\", \"availability\", \"confidentiality\"]\n", ""}});
  r = run("plan '" + early.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(stage2_of(r.out), stage2_of(plain.out));
  r = run("estimate '" + early.string() + "'");
  EXPECT_TRUE(has(r.out, "warning [stage2-before-ready] Stage 2 is agreed for 2027-01-05"))
      << r.out;
  // On a report that is no certification, the key is ignored, with a warning located at it.
  const auto soc2 = example_with("soc2-stage2", {{"report = \"soc2-type2\"",
                                                  "report = \"soc2-type2\"\nstage2_start = "
                                                  "\"2027-11-01\""}});
  r = run("validate '" + soc2.string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "soc2-stage2.toml:18:16")) << r.err;
  EXPECT_TRUE(has(r.err, "stage2_start is ignored: no report here is a certification")) << r.err;
}

namespace {

fs::path payments_example() {
  return fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/payments-isae3402-iso27001.toml";
}

/// The fee saved from each report, by its id.
std::map<std::string, double> saved_by_report(const nlohmann::json& c) {
  std::map<std::string, double> out;
  for (const auto& s : c["savings"]) out[s["report"]] += s["fee"]["likely"].get<double>();
  return out;
}

const nlohmann::json* overlap_of(const nlohmann::json& c, const std::string& left,
                                 const std::string& right) {
  for (const auto& o : c["overlaps"]) {
    if (o["left"] == left && o["right"] == right) return &o;
  }
  return nullptr;
}

}  // namespace

TEST(Combined, APaymentsProcessorsTwoIsaeReportsShareTheirTestsAndTheCertificationBodyTestsApart) {
  const auto c = combined_json(payments_example());
  ASSERT_EQ(c["reports"].size(), 3u);
  EXPECT_EQ(c["reports"][0]["id"], "isae3402-type2");
  EXPECT_EQ(c["reports"][1]["id"], "isae3000-type2");
  EXPECT_EQ(c["reports"][2]["id"], "iso27001-certification");
  EXPECT_FALSE(c["one_firm"].get<bool>());
  const std::string who = c["who"];
  EXPECT_TRUE(has(who,
                  "the audit firm performs the ISAE 3402 Type 2 and the ISAE 3000 Type 2, "
                  "and tests the controls they share once"))
      << who;
  EXPECT_TRUE(has(who, "an accredited certification body performs the ISO/IEC 27001")) << who;
  // Every pair has its table; only the two reports on controls are one body's.
  ASSERT_EQ(c["overlaps"].size(), 3u);
  const auto* isae = overlap_of(c, "isae3402-type2", "isae3000-type2");
  ASSERT_NE(isae, nullptr);
  EXPECT_TRUE((*isae)["same_body"].get<bool>());
  EXPECT_GT((*isae)["reached"].get<int>(), 0);
  for (const auto& [left, right] : {std::pair{"isae3402-type2", "iso27001-certification"},
                                    std::pair{"isae3000-type2", "iso27001-certification"}}) {
    const auto* o = overlap_of(c, left, right);
    ASSERT_NE(o, nullptr) << left;
    EXPECT_FALSE((*o)["same_body"].get<bool>()) << left;
  }
  const auto saved = saved_by_report(c);
  EXPECT_EQ(saved.count("iso27001-certification"), 0u);  // it tests for itself
  EXPECT_GT(saved.at("isae3000-type2"), 0);              // the IT general controls tested once
  for (const char* at : {"likely", "p10", "p50", "p90"}) {
    double largest = 0;
    for (const auto& r : c["reports"]) largest = std::max(largest, r["fee"][at].get<double>());
    EXPECT_LT(c["combined_fee"][at].get<double>(), c["separate_fee"][at].get<double>()) << at;
    EXPECT_GT(c["combined_fee"][at].get<double>(), largest) << at;
  }
}

TEST(Combined, WhatTwoReportsShareWithACertificationIsCreditedOnceAndWithinItsCap) {
  // The payments example with one firm certifying too: the ISO/IEC 27001 testing that both ISAE
  // reports' controls reach is one saving line (naming both), its planning is saved once, and all
  // it gives up stays within IAF MD 11's fifth.
  const auto model = example_with(
      "payments-one-firm", {{"combined_by = \"separate-bodies\"", "combined_by = \"one-firm\""}},
      "payments-isae3402-iso27001");
  const auto c = combined_json(model);
  EXPECT_TRUE(c["one_firm"].get<bool>());
  std::map<std::string, int> lines;
  for (const auto& s : c["savings"]) {
    const std::string id = s["id"];
    EXPECT_EQ(lines[id]++, 0) << "saving " << id << " twice";
    if (id == "combined.shared-testing.iso27001-certification") {
      const std::string label = s["label"];
      EXPECT_TRUE(has(label, "the ISAE 3402 Type 2 and the ISAE 3000 Type 2")) << label;
    }
  }
  EXPECT_EQ(lines.count("combined.shared-testing.iso27001-certification"), 1u);
  const auto saved = saved_by_report(c);
  const double iso_fee = c["reports"][2]["fee"]["likely"];
  EXPECT_GT(saved.at("iso27001-certification"), 0);
  EXPECT_LE(saved.at("iso27001-certification"), 0.2 * iso_fee + 1e-6);
  // The report with the most planning plans for all: its own planning is not saved.
  std::size_t planning_lines = 0;
  for (const auto& s : c["savings"]) planning_lines += s["stage"] == "planning";
  EXPECT_EQ(planning_lines, 2u);
}

TEST(Combined, ATypeOnesTestsOfDesignServeNoTypeTwosTestsOfOperation) {
  const auto model =
      example_with("payments-type1",
                   {{"combined_with = [\"isae3000-type2\", \"iso27001-certification\"]",
                     "combined_with = [\"isae3000-type1\"]"}},
                   "payments-isae3402-iso27001");
  const auto r = run("estimate -f json '" + model.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& c = j["combined"];
  for (const auto& s : c["savings"]) EXPECT_NE(s["stage"], "testing") << s["id"];
  EXPECT_FALSE(c["savings"].empty());  // planning and documentation are still shared
  const auto table = run("estimate '" + model.string() + "'");
  EXPECT_TRUE(has(table.out, "note [combined-types-differ]")) << table.out;
}

TEST(Combined, EveryIdOfTheOverlapTablesIsAnIdOfItsFramework) {
  // Each table's rows map ids of the library's objectives, the criteria or Annex A: a row whose id
  // no scope can hold would silently share nothing.
  auto ids_in = [](const std::string& file, const std::string& key = "id") {
    std::set<std::string> out;
    std::istringstream in(slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models" / file));
    const std::string prefix = key + " = \"";
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) == 0)
        out.insert(line.substr(prefix.size(), line.find('"', prefix.size()) - prefix.size()));
    }
    return out;
  };
  const auto criteria = ids_in("criteria/tsc-2017.toml");
  const auto annex_a = ids_in("iso27001/annex-a.toml");
  const auto objectives = ids_in("soc1/objectives.toml");
  ASSERT_GT(criteria.size(), 50u);
  ASSERT_GT(annex_a.size(), 90u);
  ASSERT_GT(objectives.size(), 15u);
  const std::map<std::string, std::pair<const std::set<std::string>*, const std::set<std::string>*>>
      tables = {{"overlap/tsc-iso27001.toml", {&criteria, &annex_a}},
                {"overlap/soc1-tsc.toml", {&objectives, &criteria}},
                {"overlap/soc1-iso27001.toml", {&objectives, &annex_a}}};
  for (const auto& [file, sides] : tables) {
    const auto rows = ids_in(file);
    ASSERT_FALSE(rows.empty()) << file;
    for (const auto& id : rows) EXPECT_TRUE(sides.first->count(id)) << file << ": " << id;
    std::istringstream in(slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models" / file));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("maps_to = [", 0) != 0) continue;
      for (std::size_t at = line.find('"'); at != std::string::npos;
           at = line.find('"', line.find('"', at + 1) + 1)) {
        const auto end = line.find('"', at + 1);
        const auto id = line.substr(at + 1, end - at - 1);
        EXPECT_TRUE(sides.second->count(id)) << file << ": " << id;
      }
    }
  }
  // Every objective of the library is mapped (to something or to nothing) in each SOC 1 table.
  for (const char* file : {"overlap/soc1-tsc.toml", "overlap/soc1-iso27001.toml"})
    EXPECT_EQ(ids_in(file), objectives) << file;
}

namespace {

/// The HR SaaS example reporting on the HIPAA Security Rule beside the criteria (SOC 2+), with
/// each edit applied in turn.
fs::path hipaa_model(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& edits = {},
                     const std::string& sets = "[\"hipaa-security\"]") {
  auto path = example_with(name, edits);
  std::ofstream(path, std::ios::app) << "\n[plugins.tsc-scope]\nadditional = " << sets << "\n";
  return path;
}

nlohmann::json estimate_json(const fs::path& model, const std::string& extra = "") {
  const auto r = run("estimate -f json '" + model.string() + "'" + extra);
  EXPECT_EQ(r.code, 0) << r.err;
  return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

double ledger_likely(const nlohmann::json& j, const std::string& id) {
  for (const auto& l : j["ledger"]) {
    if (l["id"] == id) return l["value"]["likely"].get<double>();
  }
  ADD_FAILURE() << "no ledger line " << id;
  return -1;
}

}  // namespace

TEST(Soc2Plus, TheHipaaSecurityRulesRequirementsAreTestedBesideTheCriteriaWithTheirOwnHours) {
  const auto plain = estimate_json(example_with("hr-plain", {}));
  const auto plus = estimate_json(hipaa_model("hr-hipaa"));
  ASSERT_TRUE(plus.contains("scope"));
  const auto& a = plus["scope"]["additional"];
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["id"], "hipaa-security");
  // The safeguards' 18 standards: 36 implementation specifications and 6 standards without; the
  // business associate contracts of 164.314; 164.316's policies and documentation (five); the
  // clearinghouse specification left out.
  const int requirements = a[0]["requirements"];
  EXPECT_EQ(requirements, 47);
  EXPECT_EQ(a[0]["not_applicable"].size(), 1u);
  EXPECT_EQ(a[0]["with_criteria"].get<int>() + a[0]["own_controls"].get<int>(), requirements);
  EXPECT_GT(a[0]["own_controls"].get<int>(), 0);
  // One control each, citing the requirement, beside the criteria's controls, which stay.
  EXPECT_EQ(plus["scope"]["controls"].size(), plain["scope"]["controls"].size() + 47);
  EXPECT_EQ(plus["scope"]["criteria"], plain["scope"]["criteria"]);
  std::size_t cited = 0;
  for (const auto& c : plus["scope"]["controls"]) {
    const std::string id = c["id"];
    if (id.rfind("hipaa-security-", 0) != 0) continue;
    ++cited;
    ASSERT_EQ(c["criteria"].size(), 1u);
    EXPECT_EQ(c["criteria"][0].get<std::string>().rfind("164.3", 0), 0u) << c["criteria"][0];
    EXPECT_TRUE(has(c["why"], "45 CFR Part 164")) << c["why"];
  }
  EXPECT_EQ(cited, 47u);
  EXPECT_EQ(ledger_likely(plus, "scope.additional.hipaa-security"), 47);
  // Its own tests cost hours and fee: more than the plain report, by less than the report itself.
  const double hours = plus["summary"]["auditor_hours"]["value"]["p50"];
  const double plain_hours = plain["summary"]["auditor_hours"]["value"]["p50"];
  EXPECT_GT(hours, plain_hours);
  EXPECT_LT(hours, 2 * plain_hours);
  // The table says so, and the letter names the additional criteria.
  const auto table = run("estimate '" + hipaa_model("hr-hipaa-table").string() + "'");
  EXPECT_TRUE(has(table.out, "Additional criteria (SOC 2+): HIPAA Security Rule, 47 requirements"))
      << table.out;
  const auto letter = run("proposal -f markdown '" + hipaa_model("hr-hipaa-letter").string() + "'");
  ASSERT_EQ(letter.code, 0) << letter.err;
  EXPECT_TRUE(has(letter.out, "the report covers the requirements of the HIPAA Security Rule"))
      << letter.out;
  EXPECT_TRUE(has(letter.out, "with the HIPAA Security Rule as additional criteria")) << letter.out;
  EXPECT_TRUE(has(letter.out, "addressable specifications")) << letter.out;
  EXPECT_TRUE(has(letter.out, "not a legal determination that you comply")) << letter.out;
  EXPECT_TRUE(has(letter.out, "report that also covers the additional criteria set out below"))
      << letter.out;
  // The example holds no health data: the estimate says the set protects none in scope; marked,
  // it does not, and health data without the set is pointed to it.
  EXPECT_TRUE(has(table.out, "warning [additional-criteria-no-data]")) << table.out;
  const auto marked = hipaa_model(
      "hr-hipaa-health", {{"classification = [\"personal\", \"confidential\"]",
                           "classification = [\"personal\", \"health\", \"confidential\"]"}});
  EXPECT_FALSE(has(run("estimate '" + marked.string() + "'").out, "additional-criteria-no-data"));
  const auto unasked = example_with(
      "hr-health", {{"classification = [\"personal\", \"confidential\"]",
                     "classification = [\"personal\", \"health\", \"confidential\"]"}});
  EXPECT_TRUE(has(run("estimate '" + unasked.string() + "'").out, "note [health-data-no-hipaa]"));
}

TEST(Soc2Plus, ARequirementWhoseCriteriaAreOutOfScopeBringsAControlOfItsOwn) {
  // Without Availability, the backup and recovery requirements (A1.2, A1.3) are no longer met by
  // the criteria's controls: they bring their own.
  const auto with = estimate_json(hipaa_model("hr-hipaa-avail"));
  const auto without = estimate_json(hipaa_model(
      "hr-hipaa-no-avail", {{"categories = [\"security\", \"availability\", \"confidentiality\"]",
                             "categories = [\"security\", \"confidentiality\"]"}}));
  const auto& a = with["scope"]["additional"][0];
  const auto& b = without["scope"]["additional"][0];
  EXPECT_EQ(a["requirements"], b["requirements"]);
  EXPECT_GT(b["own_controls"].get<int>(), a["own_controls"].get<int>());
  bool backup_own = false;
  for (const auto& c : without["scope"]["controls"]) {
    if (c["criteria"].size() == 1 && c["criteria"][0] == "164.308(a)(7)(ii)(A)")
      backup_own =
          has(c["why"], "the criteria that meet it are not in scope") && c["frequency"] == "daily";
  }
  EXPECT_TRUE(backup_own);
}

TEST(Soc2Plus, AnUnknownSetOrABadFileIsRefusedWhereItIsWritten) {
  auto r =
      run("validate '" + hipaa_model("hr-hipaa-typo", {}, "[\"hipaa-securty\"]").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "hr-hipaa-typo.toml:")) << r.err;
  EXPECT_TRUE(has(r.err, "did you mean 'hipaa-security'?")) << r.err;
  r = run("validate '" +
          hipaa_model("hr-hipaa-twice", {}, "[\"hipaa-security\", \"hipaa-security\"]").string() +
          "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "additional names 'hipaa-security' twice")) << r.err;
  // A firm's own set, in the same format, replaces the built-in file; a criterion it names that
  // is none is an error at its place in that file.
  const auto own = scratch_dir() / "firm-criteria.toml";
  std::ofstream(own) << "schema = \"attestplan-additional-criteria/1\"\n"
                        "name = \"A firm's sets\"\nsource = \"the firm\"\n"
                        "[[set]]\nid = \"customer-x\"\nname = \"Customer X's security schedule\"\n"
                        "[[requirement]]\nset = \"customer-x\"\nid = \"X-1\"\n"
                        "title = \"Quarterly access reviews\"\ncriteria = [\"CC6.2\"]\n"
                        "area = \"access\"\nfrequency = \"quarterly\"\n"
                        "[[requirement]]\nset = \"customer-x\"\nid = \"X-2\"\n"
                        "title = \"Yearly tabletop exercise\"\ncriteria = []\n"
                        "area = \"operations\"\nfrequency = \"annual\"\n";
  const auto firm_model = hipaa_model("hr-firm-set", {}, "[\"customer-x\"]");
  const auto j = estimate_json(firm_model, " --additional-criteria '" + own.string() + "'");
  ASSERT_FALSE(j.empty());
  const auto& a = j["scope"]["additional"][0];
  EXPECT_EQ(a["name"], "Customer X's security schedule");
  EXPECT_EQ(a["with_criteria"], 1);
  EXPECT_EQ(a["own_controls"], 1);
  std::ofstream(own, std::ios::app) << "[[requirement]]\nset = \"customer-x\"\nid = \"X-3\"\n"
                                       "title = \"Bad\"\ncriteria = [\"CC66.1\"]\n"
                                       "area = \"access\"\nfrequency = \"annual\"\n";
  r = run("estimate '" + firm_model.string() + "' --additional-criteria '" + own.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "firm-criteria.toml:25:13")) << r.err;
  EXPECT_TRUE(has(r.err, "'CC66.1' in criteria of requirement 'X-3' is not a criterion")) << r.err;
}

namespace {

/// The amounts of a Markdown table row that starts with `label` ("| label | DKK 1,234 | ... |"),
/// one per cell; none when there is no such row.
std::vector<double> amounts_of(const std::string& text, const std::string& label) {
  std::vector<double> out;
  const auto at = text.find("| " + label + " |");
  if (at == std::string::npos) return out;
  const auto end = text.find('\n', at);
  std::string digits;
  for (auto k = at + 2 + label.size(); k < end; ++k) {
    if (std::isdigit(static_cast<unsigned char>(text[k]))) digits += text[k];
    if (text[k] == '|' && !digits.empty()) {
      out.push_back(std::stod(digits));
      digits.clear();
    }
  }
  return out;
}

}  // namespace

TEST(Combined, TheLetterPricesTheReportsTogetherAndLeavesACertificationBodysFeeToIt) {
  // Separate bodies: the audit firm's two reports, apart and together; the certification named,
  // not priced.
  auto r = run("proposal -f markdown '" + payments_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.err, "this output is of")) << r.err;
  const auto first = amounts_of(r.out, "ISAE 3402 Type 2");
  const auto second = amounts_of(r.out, "ISAE 3000 Type 2");
  const auto both = amounts_of(r.out, "Both");
  ASSERT_EQ(first.size(), 2u) << r.out;
  ASSERT_EQ(second.size(), 2u);
  ASSERT_EQ(both.size(), 2u);
  // Each report costs less together than apart, and the lines add up as a client reads them.
  EXPECT_LT(first[1], first[0]);
  EXPECT_LT(second[1], second[0]);
  EXPECT_EQ(first[0] + second[0], both[0]);
  EXPECT_EQ(first[1] + second[1], both[1]);
  EXPECT_GT(both[1], std::max(first[0], second[0]));
  std::string saved;
  for (const char ch : std::to_string(static_cast<long long>(both[0] - both[1]))) saved += ch;
  const auto says = r.out.find("Performing them together saves DKK ");
  ASSERT_NE(says, std::string::npos) << r.out;
  std::string digits;
  for (auto k = says + 35; k < r.out.size() && r.out[k] != '.'; ++k) {
    if (std::isdigit(static_cast<unsigned char>(r.out[k]))) digits += r.out[k];
  }
  EXPECT_EQ(digits, saved);
  EXPECT_TRUE(amounts_of(r.out, "ISO/IEC 27001 certification").empty());
  EXPECT_TRUE(has(r.out, "The ISO/IEC 27001 certification is not ours to perform")) << r.out;
  // The letter's own fee is the first report's alone, at the same percentile.
  const auto fee = r.out.find("**Our fee is DKK ");
  ASSERT_NE(fee, std::string::npos) << r.out;
  EXPECT_EQ(amounts_of("| x | " + r.out.substr(fee + 17, 8) + " |\n", "x").front(), first[0]);
  // One firm with a certification arm prices the certificate with the reports.
  r = run("proposal -f markdown '" + saas_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(amounts_of(r.out, "ISO/IEC 27001 certification").size(), 2u) << r.out;
  EXPECT_TRUE(has(r.out, "our certification auditors testing with our attest team")) << r.out;
  // Reports whose tests are not shared (a Type 1 beside a Type 2) are not said to be tested once.
  const auto types =
      example_with("payments-letter-types",
                   {{"combined_with = [\"isae3000-type2\", \"iso27001-certification\"]",
                     "combined_with = [\"isae3000-type1\"]"}},
                   "payments-isae3402-iso27001");
  r = run("proposal -f markdown '" + types.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.out, "tested once")) << r.out;
  EXPECT_TRUE(has(r.out, "their tests are not shared")) << r.out;
  // The partner's memo is still the first report's, and says so.
  r = run("proposal --memo -f markdown '" + payments_example().string() + "'");
  EXPECT_TRUE(has(r.err, "this output is of ISAE 3402 Type 2 alone")) << r.err;
}

TEST(Combined, AReportThatSharesNothingSavesNothingAndMovesNoCalendar) {
  // The ISAE 3402 with one objective of management's own (no table maps it) beside ISO/IEC 27001
  // by one firm: no planning saved for a pair that shares no control, and Stage 2 is not moved to
  // the report's fieldwork, where nothing would be tested once.
  const auto model = example_with(
      "payments-nothing-shared",
      {{"combined_with = [\"isae3000-type2\", \"iso27001-certification\"]",
        "combined_with = [\"iso27001-certification\"]"},
       {"combined_by = \"separate-bodies\"", "combined_by = \"one-firm\""},
       {"sets = [\"itgc\", \"payments\"]",
        "sets = []\n[[plugins.objectives-scope.objective]]\nid = \"fx-rates\"\ntitle = \"FX "
        "rates are loaded as published\"\n[[plugins.objectives-scope.objective.control]]\ntitle "
        "= \"Rates are checked to the source each day\"\narea = \"operations\"\nfrequency = "
        "\"daily\""}},
      "payments-isae3402-iso27001");
  const auto r = run("estimate -f json '" + model.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["combined"]["savings"].empty()) << j["combined"]["savings"].dump();
  const auto table = run("estimate '" + model.string() + "'");
  EXPECT_FALSE(has(table.out, "[combined-calendar]")) << table.out;
}

TEST(Combined, ASoc2AndAnIsae3000OnTheSameCriteriaAreOneExamination) {
  // A dual report: every criterion is the other's, so the second report's testing is nearly all
  // saved, and the two cost far less than twice one.
  const auto model =
      example_with("hr-dual", {{"report = \"soc2-type2\"",
                                "report = \"soc2-type2\"\ncombined_with = [\"isae3000-type2\"]"}});
  const auto c = combined_json(model);
  ASSERT_EQ(c["overlaps"].size(), 1u);
  const auto& o = c["overlaps"][0];
  EXPECT_TRUE(o["same_body"].get<bool>());
  EXPECT_EQ(o["reached"], o["right_scope"]);
  EXPECT_EQ(o["shared_controls"], o["controls"]);
  double testing_share = 0;
  for (const auto& s : c["savings"]) {
    if (s["id"] == "combined.shared-testing.isae3000-type2") testing_share = s["share"];
  }
  EXPECT_NEAR(testing_share, 0.9, 1e-9);
  EXPECT_LT(c["combined_fee"]["likely"].get<double>(),
            1.5 * c["reports"][0]["fee"]["likely"].get<double>());
  // Two reports of one framework in a combination are refused, wherever they are listed.
  const auto twice =
      example_with("hr-twice", {{"report = \"soc2-type2\"",
                                 "report = \"soc2-type2\"\ncombined_with = [\"isae3000-type1\", "
                                 "\"isae3000-type2\"]"}});
  const auto r = run("validate '" + twice.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "combined_with names isae3000-type2")) << r.err;
}

TEST(Combined, TheEvidenceListTagsEachRequestWithTheReportsItServes) {
  const auto r = run("evidence '" + payments_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "each request tagged with the other reports it also serves")) << r.err;
  std::istringstream in(r.out);
  std::string header;
  std::getline(in, header);
  EXPECT_TRUE(has(header, "Criteria,Reports it serves,")) << header;
  std::size_t all_three = 0, two = 0, rows = 0;
  for (std::string line; std::getline(in, line);) {
    ++rows;
    if (has(line, "ISAE 3402 Type 2; ISAE 3000 Type 2; ISO/IEC 27001 certification")) {
      ++all_three;
      // An IT general control (logical access, change, operations...) or a planning document.
      EXPECT_TRUE(has(line, "itgc-") || has(line, "planning documents")) << line;
    } else if (has(line, "ISAE 3402 Type 2; ISAE 3000 Type 2")) {
      ++two;
    }
  }
  EXPECT_GT(all_three, 5u);  // the IT general controls and the planning documents
  EXPECT_GT(two, 0u);        // the payments objectives: processing integrity, no Annex A control
  EXPECT_TRUE(has(r.out, "Risk assessment,,ISAE 3402 Type 2; ISAE 3000 Type 2; ISO/IEC 27001"))
      << r.out;
  EXPECT_GT(rows, all_three + two - 1);
  // The client's workbook has the same column.
  const auto xlsx = scratch_dir() / "payments-evidence.xlsx";
  const auto x =
      run("evidence -f xlsx -o '" + xlsx.string() + "' '" + payments_example().string() + "'");
  EXPECT_EQ(x.code, 0) << x.err;
  EXPECT_TRUE(fs::exists(xlsx));
}

TEST(Combined, TheLettersBasisCoversEveryReportItPricesAndTheOverlapTables) {
  // A letter that prices the certification beside the report rests on the certification's data
  // too: another audit-time table changes the quote and so its basis.
  auto basis = [](const std::string& out) {
    const auto at = out.find("basis sha256:");
    return at == std::string::npos ? std::string{} : out.substr(at, 77);
  };
  const auto plain = run("proposal -f markdown '" + saas_example().string() + "'");
  ASSERT_EQ(plain.code, 0) << plain.err;
  auto table = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/iso27001/audit-time.toml");
  table += "\n# a firm's copy\n";
  const auto copy = scratch_dir() / "audit-time-copy.toml";
  std::ofstream(copy) << table;
  const auto other = run("proposal -f markdown '" + saas_example().string() + "' --audit-time '" +
                         copy.string() + "'");
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_FALSE(basis(plain.out).empty()) << plain.out;
  EXPECT_NE(basis(plain.out), basis(other.out));
}

TEST(Soc1, AReportOnNoObjectiveIsRefusedWhereTheModelSaysIt) {
  const auto none =
      example_with("payments-no-objective", {{"sets = [\"itgc\", \"payments\"]", "sets = []"}},
                   "payments-isae3402-iso27001");
  auto r = run("validate '" + none.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "payments-no-objective.toml:")) << r.err;
  EXPECT_TRUE(has(r.err, "no control objective is in scope")) << r.err;
  // Separate bodies among reports on controls alone is said to be ignored.
  const auto two =
      example_with("payments-two-firms",
                   {{"combined_with = [\"isae3000-type2\", \"iso27001-certification\"]",
                     "combined_with = [\"isae3000-type2\"]"}},
                   "payments-isae3402-iso27001");
  r = run("validate '" + two.string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "combined_by = \"separate-bodies\" is ignored")) << r.err;
}

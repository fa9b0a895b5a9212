// An ISO/IEC 27001 certification, run as a user would: the built-in frameworks offer it, and the
// estimate, the calendar, the comparison and the evidence list speak of a certificate, its audits
// and its documents rather than of a report on controls; what does not apply to a certification
// is said where the model says it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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
  // The example's plans put Stage 2 before the SOC 2's first fieldwork visit: the estimate says
  // the saving on its testing depends on moving it.
  const auto r = run("estimate '" + saas_example().string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.out,
                  "warning [combined-not-aligned] the shared controls are tested once only "
                  "if the ISO/IEC 27001 certification's Stage 2 audit"))
      << r.out;
}

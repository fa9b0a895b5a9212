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

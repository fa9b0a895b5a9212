// Estimates right at every size and method (issue 25), run as a user would: the figures an audit
// manager checks, read from the estimate's JSON.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

using attestplan::testing::RunResult;
using attestplan::testing::slurp;

fs::path scratch_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-estimates-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

RunResult run(const std::string& args) { return attestplan::testing::run_in_source(scratch_dir(), ATTESTPLAN_BIN, args, ""); }

/// An example with `from` replaced by `to` (each pair in turn), written to the scratch folder.
fs::path example_with(const std::string& example, const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& edits) {
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

nlohmann::json estimate_json(const std::string& model) {
  const auto r = run("estimate -f json '" + model + "'");
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

double p50(const nlohmann::json& e, const std::string& key) { return e["summary"][key]["value"]["p50"].get<double>(); }

}  // namespace

TEST(Vat, AnExemptBuyersIrrecoverableVatIsPartOfTheCostOfOwnership) {
  // Krone Pay is a payment institution: exempt, it cannot deduct the 25 % Danish VAT it pays on
  // the audit fee and the services it buys, so that VAT is a cost.
  const auto exempt = estimate_json((fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/payments-fintech.toml").string());
  ASSERT_TRUE(exempt["summary"].contains("irrecoverable_vat")) << exempt["summary"].dump(1);
  const double fee = p50(exempt, "fee"), vat = p50(exempt, "irrecoverable_vat");
  EXPECT_GT(vat, 0.25 * fee);  // the fee's VAT, and the bought services' on top
  EXPECT_EQ(exempt["vat_case"], "domestic");
  EXPECT_TRUE(exempt["summary"].contains("irrecoverable_vat_year_two"));
  // The same organization able to recover its VAT: the cost of ownership is lower by about that.
  const auto taxable = estimate_json(example_with("payments-fintech", "payments-taxable",
                                                  {{"vat_recovery = \"none\"", "vat_recovery = \"full\""}})
                                         .string());
  EXPECT_FALSE(taxable["summary"].contains("irrecoverable_vat"));
  const double gap = p50(exempt, "tco_year_one") - p50(taxable, "tco_year_one");
  EXPECT_NEAR(gap, vat, 0.1 * vat);
  // Partly exempt: a pro-rata share recovered.
  const auto partial = estimate_json(example_with("payments-fintech", "payments-pro-rata",
                                                  {{"vat_recovery = \"none\"",
                                                    "vat_recovery = \"pro-rata\"\nvat_recovery_share = 0.6"}})
                                         .string());
  EXPECT_NEAR(p50(partial, "irrecoverable_vat"), 0.4 * vat, 0.05 * vat);
}

TEST(Vat, ARecoveryTheModelCannotMeanIsLocated) {
  const auto bad = example_with("payments-fintech", "payments-bad-vat", {{"vat_recovery = \"none\"", "vat_recovery = \"some\""}});
  auto r = run("validate '" + bad.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(bad.string() + ":15:16: error: vat_recovery must be"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"full\", \"pro-rata\" or \"none\", not 'some'"), std::string::npos) << r.err;
  const auto no_share = example_with("payments-fintech", "payments-no-share", {{"vat_recovery = \"none\"", "vat_recovery = \"pro-rata\""}});
  r = run("validate '" + no_share.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("needs vat_recovery_share"), std::string::npos) << r.err;
}

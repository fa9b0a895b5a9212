// Runs the attestplan binary as a user would and checks stdout, stderr, exit codes and files.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-cli-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

RunResult run(const std::string& args, const char* binary = ATTESTPLAN_BIN) {
  const auto out = scratch_dir() / "stdout", err = scratch_dir() / "stderr";
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + binary + "' " +
                          args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

const char* kExamples[] = {"hr-saas", "payments-fintech", "startup-type1"};

}  // namespace

TEST(Cli, VersionAndHelpExitZero) {
  auto r = run("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "attestplan 0.1.0\n");
  r = run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* cmd : {"validate", "boundary", "catalog", "examples"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
}

TEST(Cli, UsageErrorsExitTwoWithAHint) {
  for (const char* args : {"", "frobnicate", "boundary", "boundary x.toml --format pdf",
                           "catalog planets", "--no-such-flag validate x"}) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_NE(r.err.find("error:"), std::string::npos) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
}

TEST(Cli, ValidateAcceptsEveryExample) {
  for (const char* name : kExamples) {
    const auto r = run(std::string{"validate models/examples/"} + name + ".toml");
    EXPECT_EQ(r.code, 0) << name << r.err;
    EXPECT_EQ(r.out.rfind("ok: ", 0), 0u) << r.out;
  }
}

TEST(Cli, ValidateReportsAllThreeMistakesWithLocations) {
  const auto r = run("validate tests/cli/fixtures/three-errors.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  const std::string file = "tests/cli/fixtures/three-errors.toml";
  EXPECT_NE(r.err.find(file + ":6:1: error: unknown key 'employes' in [organization]"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: did you mean 'employees'?"), std::string::npos);
  EXPECT_NE(r.err.find(file + ":10:9: error: 'start' in [engagement] is not a calendar date"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":14:9: error: unknown id 'databse' in uses of service 'app'"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: did you mean 'database'?"), std::string::npos);
  EXPECT_NE(r.err.find("3 error(s)"), std::string::npos);
}

TEST(Cli, ValidateMissingFileExitsTwo) {
  const auto r = run("validate no/such/model.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot open 'no/such/model.toml'"), std::string::npos) << r.err;
}

TEST(Cli, CatalogCriteriaJsonLists61ByCategory) {
  const auto r = run("catalog criteria --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["criteria"].size(), 61u);
  std::map<std::string, int> by_category;
  for (const auto& c : j["criteria"]) by_category[c["category"].get<std::string>()]++;
  EXPECT_EQ(by_category["security"], 33);
  EXPECT_EQ(by_category["availability"], 3);
  EXPECT_EQ(by_category["confidentiality"], 2);
  EXPECT_EQ(by_category["processing-integrity"], 5);
  EXPECT_EQ(by_category["privacy"], 18);
  EXPECT_EQ(j["counts"]["CC"], 33);
  EXPECT_EQ(j["counts"]["PI"], 5);
}

TEST(Cli, CatalogCriteriaTableNamesEachCategory) {
  const auto r = run("catalog criteria");
  ASSERT_EQ(r.code, 0);
  for (const char* heading : {"Security (33)", "Availability (3)", "Confidentiality (2)",
                              "Processing Integrity (5)", "Privacy (18)"}) {
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading;
  }
}

TEST(Cli, BoundaryTableShowsVerdictsReasonsVendorsAndCarveOut) {
  const auto r = run("boundary models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(in-scope\s+customer-db\s+data\s+reached from platform: uses api, uses customer-db)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(out-of-scope\s+marketing-site\s+software\s+not reached from any service)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(excluded\s+analytics-warehouse)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(in-scope\s+engineering\s+people\s+.*accessed by engineering)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(aws\s+Amazon Web Services\s+carve-out)")));
  EXPECT_NE(r.out.find("Carved out (criteria the organization relies on its vendors for): A1.2, CC6.1, CC6.4, CC6.5"),
            std::string::npos);
  EXPECT_NE(r.out.find("[bridge-letter]"), std::string::npos);
}

TEST(Cli, BoundaryJsonIsParseableAndComplete) {
  for (const char* name : kExamples) {
    const auto r = run(std::string{"boundary --format json models/examples/"} + name + ".toml");
    ASSERT_EQ(r.code, 0) << name << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const auto& n : j["nodes"]) {
      EXPECT_FALSE(n["reason"].get<std::string>().empty()) << n["id"];
      EXPECT_TRUE(n["verdict"] == "in-scope" || n["verdict"] == "out-of-scope" ||
                  n["verdict"] == "excluded");
    }
    EXPECT_GE(j["subservices"].size(), 1u) << name;
  }
}

TEST(Cli, ExamplesDifferInWhatTheBoundaryShows) {
  const auto fintech = nlohmann::json::parse(
      run("boundary --format json models/examples/payments-fintech.toml").out);
  bool inclusive = false;
  for (const auto& s : fintech["subservices"]) inclusive = inclusive || s["method"] == "inclusive";
  EXPECT_TRUE(inclusive);
  const auto startup = nlohmann::json::parse(
      run("boundary --format json models/examples/startup-type1.toml").out);
  EXPECT_EQ(startup["report"], "soc2-type1");
  for (const auto& n : startup["nodes"]) EXPECT_NE(n.value("kind", ""), "facility");
}

TEST(Cli, BoundaryOutputFileIsWrittenWholeOrNotAtAll) {
  const auto target = scratch_dir() / "boundary.dot";
  fs::remove(target);
  auto r = run("boundary models/examples/hr-saas.toml --format dot -o '" + target.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(slurp(target).rfind("digraph G {", 0), 0u);
  r = run("boundary models/examples/hr-saas.toml -o '" + (scratch_dir() / "no-dir" / "x.txt").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(scratch_dir() / "no-dir"));
  // A bad model writes nothing, not even an empty file.
  const auto none = scratch_dir() / "never.txt";
  r = run("boundary tests/cli/fixtures/three-errors.toml -o '" + none.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(none));
}

TEST(Cli, BuiltinExamplesAreReachableByName) {
  auto r = run("examples");
  ASSERT_EQ(r.code, 0);
  for (const char* name : kExamples) EXPECT_NE(r.out.find(name), std::string::npos);
  r = run("validate builtin:examples/hr-saas.toml");
  EXPECT_EQ(r.code, 0) << r.err;
  r = run("examples nope");
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, GeneratedTenThousandComponentModelValidatesAndResolves) {
  const auto model = scratch_dir() / "gen-10k.toml";
  const auto gen = std::string{"'"} + ATTESTPLAN_GEN_MODEL + "' 10000 > '" + model.string() + "'";
  ASSERT_EQ(std::system(gen.c_str()), 0);
  const auto r = run("boundary --format json '" + model.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["counts"]["nodes"], 10000 + 10 + 2);
  EXPECT_GT(j["counts"]["components_in_scope"].get<int>(), 1000);
}

// ── estimate ────────────────────────────────────────────────────────────────────────────────

namespace {

const std::string kFixtures = ATTESTPLAN_FIXTURE_PLUGIN_DIR;

/// Splits RFC 4180 CSV into records of fields (quoted fields may hold commas, quotes, newlines).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      records.back().push_back(std::move(field));
      field.clear();
      records.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

}  // namespace

TEST(CliEstimate, RunsOnEveryExample) {
  for (const char* name : kExamples) {
    const auto r = run(std::string{"estimate models/examples/"} + name + ".toml");
    EXPECT_EQ(r.code, 0) << name << r.err;
    for (const char* section : {"Auditor hours", "Hours by staff level", "Cost (", "Key dates", "Findings"}) {
      EXPECT_NE(r.out.find(section), std::string::npos) << name << " lacks " << section;
    }
  }
}

TEST(CliEstimate, EveryNumberInTheJsonTracesToALedgerLineWithAPlugin) {
  for (const char* name : kExamples) {
    const auto r = run(std::string{"estimate -f json models/examples/"} + name + ".toml");
    ASSERT_EQ(r.code, 0) << name << r.err;
    const auto j = nlohmann::json::parse(r.out);
    std::map<std::string, nlohmann::json> ledger;
    for (const auto& l : j["ledger"]) {
      EXPECT_FALSE(l["plugin"].get<std::string>().empty()) << l["id"];
      EXPECT_FALSE(l["rule"].get<std::string>().empty()) << l["id"];
      ledger[l["id"].get<std::string>()] = l;
    }
    ASSERT_FALSE(j["summary"].empty());
    for (const auto& [key, entry] : j["summary"].items()) {
      const auto id = entry["line"].get<std::string>();
      ASSERT_TRUE(ledger.count(id)) << key << " names missing line " << id;
      EXPECT_EQ(entry["value"], ledger[id]["value"]) << key;
    }
    for (const auto& c : j["scope"]["controls"]) EXPECT_TRUE(ledger.count(c["samples_line"].get<std::string>()));
    for (const auto& m : j["timing"]["milestones"]) EXPECT_TRUE(ledger.count(m["line"].get<std::string>()));
    for (const auto& l : j["ledger"]) {
      for (const auto& f : l["from"]) EXPECT_TRUE(ledger.count(f.get<std::string>())) << l["id"] << " → " << f;
    }
  }
}

TEST(CliEstimate, MatchesTheReviewedGoldenFiles) {
  // Regenerate after a reviewed change: scripts/update-golden (then read the diff).
  for (const char* name : kExamples) {
    const auto r = run(std::string{"estimate -f json models/examples/"} + name + ".toml");
    ASSERT_EQ(r.code, 0) << name;
    const auto golden_path = fs::path{ATTESTPLAN_SOURCE_DIR} / "tests" / "cases" / (std::string{name} + ".expected.json");
    ASSERT_TRUE(fs::exists(golden_path)) << golden_path;
    const auto expected = nlohmann::json::parse(slurp(golden_path));
    const auto actual = nlohmann::json::parse(r.out);
    const auto diff = nlohmann::json::diff(expected, actual);
    EXPECT_TRUE(diff.empty()) << name << " differs from its golden file; first differences:\n"
                              << diff.dump(2).substr(0, 3000);
  }
}

TEST(CliEstimate, FormatsCsvMarkdownAndExplain) {
  auto r = run("estimate -f csv models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  const auto records = parse_csv(r.out);
  ASSERT_GT(records.size(), 100u);
  EXPECT_EQ(records[0][0], "id");
  for (const auto& rec : records) EXPECT_EQ(rec.size(), 14u) << (rec.empty() ? "" : rec[0]);
  r = run("estimate -f markdown models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("## Auditor hours"), std::string::npos);
  EXPECT_NE(r.out.find("| Total |"), std::string::npos);
  r = run("estimate --explain models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("effort.samples.ACC-09 = 2 / 2 / 2 samples   [sampling-effort]"), std::string::npos);
  EXPECT_NE(r.out.find("    rule: quarterly: 2 occurrence(s) in 6 months"), std::string::npos);
}

TEST(CliEstimate, OverridesAreCheckedAndNameTheFlag) {
  auto r = run("estimate models/examples/hr-saas.toml --months 13");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--months: 13 is outside 3..12"), std::string::npos) << r.err;
  r = run("estimate models/examples/hr-saas.toml --report soc3");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--report: unknown report kind 'soc3'"), std::string::npos);
  r = run("estimate models/examples/startup-type1.toml --months 6");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--months applies to a Type 2 report"), std::string::npos);
  r = run("estimate models/examples/hr-saas.toml --currency dollars");
  EXPECT_EQ(r.code, 2);
  r = run("estimate models/examples/hr-saas.toml --rates no/such/card.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
}

TEST(CliEstimate, OverridesChangeTheEstimate) {
  const auto hours = [](const RunResult& r) {
    return nlohmann::json::parse(r.out)["summary"]["auditor_hours"]["value"]["likely"].get<double>();
  };
  const auto six = run("estimate -f json models/examples/hr-saas.toml");
  const auto twelve = run("estimate -f json models/examples/hr-saas.toml --months 12");
  const auto type1 = run("estimate -f json models/examples/hr-saas.toml --report soc2-type1");
  EXPECT_GT(hours(twelve), hours(six));
  EXPECT_GT(hours(six), hours(type1));
  const auto usd = nlohmann::json::parse(run("estimate -f json models/examples/hr-saas.toml --currency USD").out);
  EXPECT_EQ(usd["currency"], "USD");
}

TEST(CliEstimate, FailOnFindingsExitsOne) {
  EXPECT_EQ(run("estimate models/examples/hr-saas.toml --fail-on warning").code, 1);
  EXPECT_EQ(run("estimate models/examples/hr-saas.toml --fail-on error").code, 0);
}

TEST(CliEstimate, AThrowingPluginExitsThreeAndTheOtherStagesStillReport) {
  const auto r = run("--plugins '" + kFixtures + "/exploding-effort' estimate models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("plugin exploding-effort"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the sample table exploded"), std::string::npos);
  EXPECT_NE(r.out.find("Stages that did not run"), std::string::npos);
  EXPECT_NE(r.out.find("Key dates"), std::string::npos);          // timing still reported
  EXPECT_NE(r.out.find("Controls to test: 82"), std::string::npos);  // scope still reported
}

TEST(CliEstimate, InvalidFigureExitsThreeNamingThePlugin) {
  const auto r = run("--plugins '" + kFixtures + "/negative-cost' estimate models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("plugin negative-cost"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("negative value"), std::string::npos) << r.err;
}

TEST(CliPlugins, ListsLoadedAndRefusedWithReasons) {
  const auto r = run("--plugins '" + kFixtures + "/wrong-abi' plugins");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("refused"), std::string::npos);
  EXPECT_NE(r.out.find(kFixtures + "/wrong-abi/wrong-abi.so was built for attestplan plugin ABI 999, "
                                   "but this attestplan supports plugin ABI 1"),
            std::string::npos)
      << r.out;
  for (const char* name : {"tsc-scope", "sampling-effort", "rate-card-cost", "observation-timing"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  const auto j = nlohmann::json::parse(run("plugins -f json").out);
  EXPECT_EQ(j["stages"]["effort"], "sampling-effort");
}

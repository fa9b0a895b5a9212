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

struct Run {
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

Run run(const std::string& args, const char* binary = ATTESTPLAN_BIN) {
  const auto out = scratch_dir() / "stdout", err = scratch_dir() / "stderr";
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + binary + "' " +
                          args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(cmd.c_str());
  Run r;
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

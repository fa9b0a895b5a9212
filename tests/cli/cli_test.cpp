// Runs the attestplan binary as a user would and checks stdout, stderr, exit codes and files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

using attestplan::testing::RunResult;

using attestplan::testing::slurp;

fs::path scratch_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-cli-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

RunResult run(const std::string& args, const char* binary = ATTESTPLAN_BIN,
              const std::string& env = "") {
  return attestplan::testing::run_in_source(scratch_dir(), binary, args, env);
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
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: did you mean 'employees'?"), std::string::npos);
  EXPECT_NE(r.err.find(file + ":10:9: error: 'start' in [engagement] is not a calendar date"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":14:9: error: unknown id 'databse' in uses of service 'app'"),
            std::string::npos)
      << r.err;
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
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(
          R"(in-scope\s+customer-db\s+data\s+reached from platform: uses api, uses customer-db)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(R"(out-of-scope\s+marketing-site\s+software\s+not reached from any service)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(excluded\s+analytics-warehouse)")));
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(in-scope\s+engineering\s+people\s+.*accessed by engineering)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(aws\s+Amazon Web Services\s+carve-out)")));
  // A vendor report whose period ends after planning starts is not issued yet (review 12 N12).
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(aws\s+Amazon Web Services\s+carve-out\s+soc2-type2 to 2026-09-30\s)")));
  EXPECT_NE(r.out.find("soc2-type2 to 2027-03-31 (expected)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("2026-09-30 (expected)"), std::string::npos);
  // Carve-out excludes the vendor's controls, never the criteria.
  EXPECT_NE(r.out.find("Vendors' controls carved out (the criteria stay in scope, the "
                       "organization's own controls "
                       "still address them), relevant to: A1.2, CC6.4, CC6.5"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Carved out (criteria"), std::string::npos);
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

TEST(CliEstimate, NoOutputCitesASectionOfADocumentTheUserDoesNotHave) {
  // Sources are named (docs/sources.md lists them), never "reference §N".
  const std::vector<std::string> commands{"estimate --explain",
                                          "estimate -f json",
                                          "estimate -f markdown --explain",
                                          "plan",
                                          "plan -f ics",
                                          "proposal -f html",
                                          "proposal -f markdown",
                                          "evidence",
                                          "compare",
                                          "boundary",
                                          "boundary -f json"};
  for (const char* name : kExamples) {
    for (const auto& c : commands) {
      const auto r = run(c + " models/examples/" + name + ".toml");
      ASSERT_TRUE(r.code == 0 || r.code == 1) << c << " " << name << ": " << r.err;
      EXPECT_EQ(r.out.find("reference §"), std::string::npos) << c << " " << name;
      EXPECT_EQ(r.err.find("reference §"), std::string::npos) << c << " " << name;
      // A SOC 2 workpaper cites the AICPA's sampling guide, never an unrelated regulation.
      EXPECT_EQ(r.out.find("CFR"), std::string::npos) << c << " " << name;
    }
  }
  const auto explained = run("estimate --explain models/examples/hr-saas.toml");
  EXPECT_NE(explained.out.find("AICPA Audit Sampling guide"), std::string::npos);
}

TEST(CliEstimate, BuiltinDataEstimatesAsReadingTheSameFiles) {
  // The plugins read their built-in control library, sampling policy and rate card from the copies
  // embedded in the program; naming the same files on the command line reads them from disk. The
  // estimates must be the same, apart from where a rule names the file it came from.
  for (const char* name : kExamples) {
    const auto compiled =
        run(std::string{"estimate --format json models/examples/"} + name + ".toml");
    auto read = run(std::string{"estimate --format json models/examples/"} + name +
                    ".toml --controls models/controls/soc2-controls.toml"
                    " --sampling models/sampling/default.toml --rates models/rates/default.toml");
    ASSERT_EQ(compiled.code, 0) << compiled.err;
    ASSERT_EQ(read.code, 0) << read.err;
    for (std::size_t at; (at = read.out.find("models/rates/default.toml")) != std::string::npos;) {
      read.out.replace(at, std::string{"models/rates/default.toml"}.size(),
                       "builtin:rates/default.toml");
    }
    EXPECT_EQ(nlohmann::json::parse(compiled.out), nlohmann::json::parse(read.out)) << name;
  }
}

TEST(CliEstimate, ABadDataFileIsNamedWithItsLineAndNothingIsWritten) {
  // A --sampling file with a wrong value: the error names that file, line and column, quotes no
  // line of the model (the only text it has to quote from), exits 2 and leaves -o unwritten.
  const auto policy = scratch_dir() / "bad-policy.toml";
  {
    std::ofstream f(policy);
    f << "policy = \"mine\"\n[frequency.annual]\nper_year = \"lots\"\n";
  }
  const auto out = scratch_dir() / "never-written.txt";
  const auto r = run("estimate models/examples/hr-saas.toml --sampling '" + policy.string() +
                     "' -o '" + out.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(policy.string() +
                       ":3:12: error: 'per_year' in [frequency.annual] must be a number"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Fjord People"), std::string::npos)
      << r.err;  // a model line, quoted wrongly
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, LogLinesGoToStderrAtTheChosenLevel) {
  // The logger's sink is made when the first message reaches it (cli/logging.cpp): what it writes,
  // and when, must not change. Nothing is logged at the default level; -v adds debug lines naming
  // each plugin loaded; -q leaves only errors.
  const auto out = scratch_dir() / "logged.txt";
  const std::string args = "estimate models/examples/hr-saas.toml -o '" + out.string() + "'";
  auto r = run(args);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "");
  r = run("-v " + args);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("debug: loaded plugin tsc-scope "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("info: wrote " + out.string() + "\n"), std::string::npos) << r.err;
  r = run("-q estimate models/examples/hr-saas.toml --report no-such-kind");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.find("debug:"), std::string::npos) << r.err;
}

TEST(CliEstimate, JsonEscapesEveryStringItWrites) {
  // A name with a quote, a backslash, a tab, a control character and non-ASCII text comes back
  // from the JSON exactly as written in the model.
  auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  const std::string from = "name = \"Fjord People ApS\"";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), R"(name = "Fjord \"People\" \\ ApS\t\u0001 — København")");
  const auto model = scratch_dir() / "escapes.toml";
  {
    std::ofstream f(model);
    f << text;
  }
  const auto r = run("estimate --format json '" + model.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["organization"], "Fjord \"People\" \\ ApS\t\x01 — København");
}

TEST(Cli, ExamplesDifferInWhatTheBoundaryShows) {
  const auto fintech = nlohmann::json::parse(
      run("boundary --format json models/examples/payments-fintech.toml").out);
  bool inclusive = false;
  for (const auto& s : fintech["subservices"]) inclusive = inclusive || s["method"] == "inclusive";
  EXPECT_TRUE(inclusive);
  const auto startup =
      nlohmann::json::parse(run("boundary --format json models/examples/startup-type1.toml").out);
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
  r = run("boundary models/examples/hr-saas.toml -o '" +
          (scratch_dir() / "no-dir" / "x.txt").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(scratch_dir() / "no-dir"));
  // A bad model writes nothing, not even an empty file.
  const auto none = scratch_dir() / "never.txt";
  r = run("boundary tests/cli/fixtures/three-errors.toml -o '" + none.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(none));
}

TEST(Cli, TheOutputFilesExtensionChoosesTheFormatAndMayNotContradictIt) {
  const auto dir = scratch_dir() / "extensions";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto at = [&](const char* name) { return "'" + (dir / name).string() + "'"; };
  // Chosen by the extension among the command's formats.
  ASSERT_EQ(run("estimate models/examples/hr-saas.toml -o " + at("e.json")).code, 0);
  EXPECT_EQ(slurp(dir / "e.json").rfind("{", 0), 0u);
  ASSERT_EQ(run("plan models/examples/hr-saas.toml -o " + at("p.ics")).code, 0);
  EXPECT_EQ(slurp(dir / "p.ics").rfind("BEGIN:VCALENDAR", 0), 0u);
  // Contradicted by -f, or a format the command does not write: refused, nothing written.
  auto r = run("evidence models/examples/hr-saas.toml -f csv -o " + at("x.xlsx"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("the file's name says xlsx"), std::string::npos) << r.err;
  r = run("evidence models/examples/hr-saas.toml -o " + at("e.pdf"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("evidence is not written as pdf"), std::string::npos) << r.err;
  r = run("proposal models/examples/hr-saas.toml -f html -o " + at("p.pdf"));
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(dir / "x.xlsx") || fs::exists(dir / "e.pdf") ||
               fs::exists(dir / "p.pdf"));
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
  // Written to a file with -o, the JSON is streamed into a temporary file renamed over the target:
  // the same bytes, and no temporary file left beside it.
  const auto dir = scratch_dir() / "streamed";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file =
      run("boundary --format json '" + model.string() + "' -o '" + (dir / "b.json").string() + "'");
  ASSERT_EQ(file.code, 0) << file.err;
  EXPECT_EQ(file.out, "");
  EXPECT_EQ(slurp(dir / "b.json"), r.out);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
}

TEST(Cli, NoProgressLineWhenStderrIsNotATerminal) {
  // A 100,000-component model takes seconds, long enough for the progress line a terminal gets;
  // with stderr a file or a pipe, only messages may reach it, and these runs have none.
  const auto model = scratch_dir() / "gen-100k.toml";
  const auto gen = std::string{"'"} + ATTESTPLAN_GEN_MODEL + "' 100000 > '" + model.string() + "'";
  ASSERT_EQ(std::system(gen.c_str()), 0);
  for (const char* cmd : {"validate", "boundary -f json", "estimate -f json"}) {
    const auto r = run(std::string{cmd} + " '" + model.string() + "'");
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.err.substr(0, 2000);
    EXPECT_EQ(r.err, "") << cmd;
    EXPECT_FALSE(r.out.empty()) << cmd;
  }
}

TEST(Cli, ServeMaxBodyTakesAWholeNumberOfBytesInRange) {
  for (const char* bad : {"abc", "0", "1023", "4MiB", "-5", "1073741825"}) {
    const auto r = run(std::string{"serve --port 0 --max-body="} + bad);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--max-body: '" + std::string{bad} +
                         "' is not a number of bytes from 1024 to 1073741824"),
              std::string::npos)
        << r.err;
  }
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
    for (const char* section :
         {"Auditor hours", "Hours by staff level", "Cost (", "Key dates", "Findings"}) {
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
    // The lists readers draw (the UI's cost chart and hours tables) state their lines' values too.
    for (const auto* list :
         {&j["effort"]["client_hours"], &j["cost"]["beside_fee"], &j["cost"]["hours_by_level"]}) {
      ASSERT_FALSE(list->empty()) << name;
      for (const auto& entry : *list) {
        const auto id = entry["line"].get<std::string>();
        ASSERT_TRUE(ledger.count(id)) << name << " lists missing line " << id;
        EXPECT_EQ(entry["value"], ledger[id]["value"]) << id;
        EXPECT_FALSE(entry["title"].get<std::string>().empty()) << id;
      }
    }
    for (const auto& c : j["scope"]["controls"])
      EXPECT_TRUE(ledger.count(c["samples_line"].get<std::string>()));
    for (const auto& m : j["timing"]["milestones"])
      EXPECT_TRUE(ledger.count(m["line"].get<std::string>()));
    for (const auto& l : j["ledger"]) {
      for (const auto& f : l["from"])
        EXPECT_TRUE(ledger.count(f.get<std::string>())) << l["id"] << " → " << f;
    }
  }
}

// One whole document, a smoke test of everything the estimate writes; the figures a reviewer
// checks are small cases of their own (Examples.*, and the estimate tests).
TEST(CliEstimate, MatchesTheReviewedGoldenFile) {
  // Regenerate after a reviewed change: scripts/update-golden (then read the diff).
  for (const char* name : {"startup-type1"}) {
    const auto r = run(std::string{"estimate -f json models/examples/"} + name + ".toml");
    ASSERT_EQ(r.code, 0) << name;
    const auto golden_path = fs::path{ATTESTPLAN_SOURCE_DIR} / "tests" / "cases" /
                             (std::string{name} + ".expected.json");
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
  for (const auto& rec : records) EXPECT_EQ(rec.size(), 19u) << (rec.empty() ? "" : rec[0]);
  r = run("estimate -f markdown models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("## Auditor hours"), std::string::npos);
  EXPECT_NE(r.out.find("| Total |"), std::string::npos);
  r = run("estimate --explain models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("effort.samples.ACC-09 = 2 samples   [sampling-effort]"), std::string::npos);
  EXPECT_NE(r.out.find("    rule: quarterly: 2 occurrence(s) in 6 months"), std::string::npos);
}

TEST(CliEstimate, TheSameSeedGivesByteIdenticalJsonAndTheSeedIsAFlag) {
  const auto a = run("estimate -f json models/examples/hr-saas.toml");
  const auto b = run("estimate -f json models/examples/hr-saas.toml");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["simulation"]["draws"], 1000);
  EXPECT_EQ(j["simulation"]["source"], "builtin:simulation/default.toml");
  const auto other = run("estimate -f json --seed 12345 models/examples/hr-saas.toml");
  ASSERT_EQ(other.code, 0) << other.err;
  const auto k = nlohmann::json::parse(other.out);
  EXPECT_EQ(k["simulation"]["seed"], 12345);
  const double p50 = j["summary"]["fee"]["value"]["p50"],
               p50_other = k["summary"]["fee"]["value"]["p50"];
  EXPECT_NE(p50, p50_other);
  EXPECT_LT(std::abs(p50 - p50_other) / p50, 0.02);
  EXPECT_EQ(j["summary"]["fee"]["value"]["likely"], k["summary"]["fee"]["value"]["likely"]);
  // No low / high sums in the summary any more: P10 / P50 / P90 and the likely figure.
  for (const auto& [key, entry] : j["summary"].items()) {
    if (key == "controls" || key == "criteria") continue;
    EXPECT_FALSE(entry["value"].contains("low")) << key;
    EXPECT_TRUE(entry["value"].contains("p90")) << key;
  }
  auto r = run("estimate --seed -3 models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--seed: '-3' is not a whole number"), std::string::npos) << r.err;
  r = run("estimate --explain models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("What moves the fee most (DKK)"), std::string::npos);
  EXPECT_NE(r.out.find("What moves the report date most"), std::string::npos);
  EXPECT_NE(r.out.find("The auditor's testing pace"), std::string::npos);
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
    return nlohmann::json::parse(r.out)["summary"]["auditor_hours"]["value"]["likely"]
        .get<double>();
  };
  const auto six = run("estimate -f json models/examples/hr-saas.toml");
  const auto twelve = run("estimate -f json models/examples/hr-saas.toml --months 12");
  const auto type1 = run("estimate -f json models/examples/hr-saas.toml --report soc2-type1");
  EXPECT_GT(hours(twelve), hours(six));
  EXPECT_GT(hours(six), hours(type1));
  const auto usd = nlohmann::json::parse(
      run("estimate -f json models/examples/hr-saas.toml --currency USD").out);
  EXPECT_EQ(usd["currency"], "USD");
}

TEST(CliEstimate, FailOnFindingsExitsOne) {
  EXPECT_EQ(run("estimate models/examples/hr-saas.toml --fail-on warning").code, 1);
  EXPECT_EQ(run("estimate models/examples/hr-saas.toml --fail-on error").code, 0);
  // The model's own warnings count as findings too: init's starter model draws none, and with a
  // 3-month window the loader warns of it.
  const auto clean = scratch_dir() / "fail-on-clean.toml";
  fs::remove(clean);
  ASSERT_EQ(run("init --no-input -o '" + clean.string() + "'").code, 0);
  EXPECT_EQ(run("estimate '" + clean.string() + "' --fail-on warning").code, 0);
  auto text = slurp(clean);
  const auto at = text.find("observation_months = 6");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 22, "observation_months = 3");
  const auto short_window = scratch_dir() / "fail-on-short-window.toml";
  std::ofstream(short_window) << text;
  const auto r = run("estimate '" + short_window.string() + "' --fail-on warning");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("3-month window is below the 6 months"), std::string::npos) << r.err;
  EXPECT_EQ(run("estimate '" + short_window.string() + "' --fail-on error").code, 0);
}

TEST(CliEstimate, AThrowingPluginExitsThreeAndTheOtherStagesStillReport) {
  const auto r =
      run("--plugins '" + kFixtures + "/exploding-effort' estimate models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("plugin exploding-effort"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the sample table exploded"), std::string::npos);
  EXPECT_EQ(r.err.find("the sample table exploded"), r.err.rfind("the sample table exploded"))
      << "said once, not twice: " << r.err;
  EXPECT_NE(r.out.find("Stages that did not run"), std::string::npos);
  EXPECT_NE(r.out.find("Key dates"), std::string::npos);             // timing still reported
  EXPECT_NE(r.out.find("Controls to test: 83"), std::string::npos);  // scope still reported
}

TEST(CliEstimate, InvalidFigureExitsThreeNamingThePlugin) {
  const auto r =
      run("--plugins '" + kFixtures + "/negative-cost' estimate models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("plugin negative-cost"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("negative value"), std::string::npos) << r.err;
}

TEST(CliFrameworks, AFrameworksFileAddsAReportAModelMayName) {
  // A firm adds a framework with its words: the built-in file plus an entry, given with
  // --frameworks; a model names its report and the outputs speak its words. Without the file the
  // model is refused naming the report; a file that does not read is located.
  const auto dir = std::filesystem::temp_directory_path() / "attestplan-cli-frameworks";
  std::filesystem::create_directories(dir);
  std::ifstream builtin(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/frameworks/frameworks.toml");
  std::stringstream text;
  std::ifstream toy(std::string{ATTESTPLAN_SOURCE_DIR} + "/tests/fixtures/frameworks/toy.toml");
  text << builtin.rdbuf() << "\n" << toy.rdbuf();
  std::ofstream(dir / "frameworks.toml") << text.str();
  std::ifstream model_in(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml");
  std::stringstream model;
  model << model_in.rdbuf();
  auto m = model.str();
  const std::string soc2 = "report = \"soc2-type2\"";
  m.replace(m.find(soc2), soc2.size(), "report = \"toy-type2\"");
  std::ofstream(dir / "toy.toml") << m;
  const std::string frameworks = " --frameworks '" + (dir / "frameworks.toml").string() + "'";
  const std::string model_path = " '" + (dir / "toy.toml").string() + "'";

  auto r = run("estimate -f json" + model_path + frameworks);
  ASSERT_TRUE(r.code == 0 || r.code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["report"], "toy-type2");
  EXPECT_EQ(j["summary"]["auditor_hours_planning"]["title"], "Toy planning");
  r = run("estimate" + model_path);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("toy-type2"), std::string::npos) << r.err;
  std::ofstream(dir / "broken.toml") << "[[framework]]\nid = 3\n";
  r = run("estimate" + model_path + " --frameworks '" + (dir / "broken.toml").string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("broken.toml:2:"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

TEST(CliPlugins, ListsLoadedAndRefusedWithReasons) {
  const auto r = run("--plugins '" + kFixtures + "/wrong-abi' plugins");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("refused"), std::string::npos);
  EXPECT_NE(
      r.out.find(kFixtures + "/wrong-abi/wrong-abi.so was built for attestplan plugin ABI 999, "
                             "but this attestplan supports plugin ABI "),
      std::string::npos)
      << r.out;
  for (const char* name :
       {"tsc-scope", "sampling-effort", "rate-card-cost", "observation-timing"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  const auto j = nlohmann::json::parse(run("plugins -f json").out);
  EXPECT_EQ(j["stages"]["effort"], "sampling-effort");
}

TEST(CliPlugins, TheReadmesPluginTablesAreWhatTheBuiltinsDeclare) {
  // The README's tables of data files, options and parameters are the built-in plugins'
  // descriptors as `plugins -f markdown` prints them, not prose kept in step by hand.
  const auto r = run("plugins -f markdown");
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(std::string{ATTESTPLAN_SOURCE_DIR} + "/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const std::string begin = "<!-- attestplan plugins -f markdown: begin -->\n",
                    end = "<!-- attestplan plugins -f markdown: end -->";
  const auto from = text.find(begin), to = text.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(text.substr(from + begin.size(), to - from - begin.size()), r.out)
      << "update the README's block with: attestplan plugins -f markdown";
  for (const char* flag : {"`--rates FILE`", "`--controls FILE`", "`--sampling FILE`",
                           "`--timing FILE`", "`exclude_controls`", "`planning_base`"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}

TEST(CliPlugins, APluginsDataFileIsAFlagOfTheCommandsThatPrice) {
  // The fixture add-on declares a data file, portal-prices: found with --plugins, it is a flag
  // (--portal-prices FILE) of the commands that show money, and the file reaches the plugin.
  const std::string plugins = "--plugins '" + kFixtures + "/fee-addon' ";
  auto help = run(plugins + "estimate --help");
  EXPECT_NE(help.out.find("--portal-prices FILE"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("The client portal's prices"), std::string::npos);
  help = run(plugins + "evidence --help");  // no money in an evidence list
  EXPECT_EQ(help.out.find("--portal-prices"), std::string::npos);
  EXPECT_EQ(run("estimate --help").out.find("--portal-prices"), std::string::npos);

  const auto dir = std::filesystem::temp_directory_path() / "attestplan-portal-prices";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "prices.toml") << "price = 777\n";
  const auto r = run(plugins + "estimate models/examples/hr-saas.toml -f json --portal-prices '" +
                     (dir / "prices.toml").string() + "'");
  ASSERT_TRUE(r.code == 0 || r.code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& l : j["ledger"]) {
    if (l["id"] == "fee-addon.tool") {
      found = true;
      EXPECT_EQ(l["value"]["likely"], 777);
    }
  }
  EXPECT_TRUE(found);
  std::filesystem::remove_all(dir);
}

TEST(CliPlugins, AnEstimateSaysWhichPluginOfItsPluginsDirectoryIsNotUsed) {
  const auto r =
      run("--plugins '" + kFixtures + "/wrong-abi' estimate models/examples/hr-saas.toml -f json");
  ASSERT_EQ(r.code, 0) << r.err;  // the built-in plugins still estimate
  EXPECT_NE(r.err.find("warning: --plugins " + kFixtures + "/wrong-abi: " + kFixtures +
                       "/wrong-abi/wrong-abi.so is not used: "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("plugin ABI 999"), std::string::npos) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out).empty());
  // Nothing is said when every plugin of the directory loads, or when no directory is named.
  EXPECT_EQ(run("estimate models/examples/hr-saas.toml -f json").err.find("not used"),
            std::string::npos);
}

// ── plan, evidence ───────────────────────────────────────────────────────────────────────────

namespace {

struct IcsEvent {
  std::map<std::string, std::string> props;   // name (without parameters) → value
  std::map<std::string, std::string> params;  // name → parameters text
};

/// Parses iCalendar text: checks CRLF line ends and the 75-octet limit, unfolds, and collects
/// VEVENTs inside one VCALENDAR.
std::vector<IcsEvent> parse_ics(const std::string& text, std::string& error) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      error = "a line does not end in CRLF";
      return {};
    }
    const auto raw = text.substr(pos, end - pos);
    if (raw.size() > 75) {
      error = "a line is longer than 75 octets: " + raw;
      return {};
    }
    if (!raw.empty() && raw[0] == ' ') {
      if (lines.empty()) {
        error = "a continuation line comes first";
        return {};
      }
      lines.back() += raw.substr(1);
    } else {
      lines.push_back(raw);
    }
    pos = end + 2;
  }
  std::vector<IcsEvent> events;
  int depth = 0;
  bool in_event = false;
  if (lines.empty() || lines.front() != "BEGIN:VCALENDAR" || lines.back() != "END:VCALENDAR") {
    error = "not wrapped in BEGIN/END:VCALENDAR";
    return {};
  }
  for (const auto& l : lines) {
    const auto colon = l.find(':');
    if (colon == std::string::npos) {
      error = "a content line without a colon: " + l;
      return {};
    }
    std::string name = l.substr(0, colon), params;
    if (const auto semi = name.find(';'); semi != std::string::npos) {
      params = name.substr(semi + 1);
      name = name.substr(0, semi);
    }
    const auto value = l.substr(colon + 1);
    if (name == "BEGIN") {
      ++depth;
      if (value == "VEVENT") {
        in_event = true;
        events.emplace_back();
      }
    } else if (name == "END") {
      --depth;
      if (value == "VEVENT") in_event = false;
    } else if (in_event) {
      // TEXT values (RFC 5545 §3.3.11) come back unescaped: "\\," is a comma, "\\n" a newline.
      std::string unescaped;
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          const char next = value[++i];
          unescaped += next == 'n' || next == 'N' ? '\n' : next;
        } else {
          unescaped += value[i];
        }
      }
      events.back().props[name] = unescaped;
      events.back().params[name] = params;
    }
  }
  if (depth != 0) error = "BEGIN and END do not balance";
  return events;
}

std::string ics_date(const std::string& iso) {
  std::string s = iso;
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

}  // namespace

TEST(CliPlan, IcsParsesBackToTheEstimatesDates) {
  for (const char* name : kExamples) {
    const auto ics = run(std::string{"plan -f ics models/examples/"} + name + ".toml");
    ASSERT_EQ(ics.code, 0) << name << ics.err;
    std::string error;
    const auto events = parse_ics(ics.out, error);
    ASSERT_TRUE(error.empty()) << name << ": " << error;
    const auto j = nlohmann::json::parse(
        run(std::string{"estimate -f json models/examples/"} + name + ".toml").out);
    const auto& timing = j["timing"];
    EXPECT_EQ(events.size(),
              timing["milestones"].size() + timing["phases"].size() + timing["renewals"].size());
    std::set<std::string> uids;
    for (const auto& e : events) {
      EXPECT_TRUE(uids.insert(e.props.at("UID")).second) << "duplicate UID";
      EXPECT_EQ(e.params.at("DTSTART"), "VALUE=DATE");
      EXPECT_EQ(e.props.at("DTSTART").size(), 8u);
      EXPECT_GT(e.props.at("DTEND"), e.props.at("DTSTART"));  // all-day DTEND is exclusive
      EXPECT_FALSE(e.props.at("SUMMARY").empty());
      EXPECT_TRUE(std::regex_match(e.props.at("DTSTAMP"), std::regex(R"(\d{8}T\d{6}Z)")));
    }
    // Every milestone is an event on its likely date, with its label as the summary.
    for (const auto& m : timing["milestones"]) {
      const bool found = std::any_of(events.begin(), events.end(), [&](const IcsEvent& e) {
        return e.props.at("DTSTART") == ics_date(m["value"]["likely"].get<std::string>()) &&
               e.props.at("SUMMARY") == m["label"].get<std::string>();
      });
      EXPECT_TRUE(found) << name << ": " << m["label"];
    }
    for (const auto& p : timing["phases"]) {
      const bool found = std::any_of(events.begin(), events.end(), [&](const IcsEvent& e) {
        return e.props.at("DTSTART") == ics_date(p["start"].get<std::string>()) &&
               e.props.at("SUMMARY") == p["label"].get<std::string>();
      });
      EXPECT_TRUE(found) << name << ": " << p["label"];
    }
  }
}

TEST(CliPlan, TableShowsPhasesMilestonesAndRenewals) {
  const auto r = run("plan models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Observation window (6 months)"), std::string::npos);
  // Okta reports once a year, to 31 March: its next report comes after this one, so a bridge letter
  // covers the rest of the window. AWS reports twice a year: its report to 30 September reaches the
  // window's end, but comes out (mid-November) after this report is planned (2 November), so a
  // letter covers the rest from its March report too.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(Bridge letter from Okta \(recommended\)\s+2027-04-01\s+2027-09-21)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(
          R"(Bridge letter from Amazon Web Services \(recommended\)\s+2027-04-01\s+2027-09-21)")))
      << r.out;
  // In time in about nine runs of ten: met, and the share of runs says how safely.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(2027-11-30\s+2027-11-16\s+met\s+9\d %)")))
      << r.out;
}

TEST(CliEvidence, CsvFollowsRfc4180AndItsSampleCountsEqualTheEstimates) {
  for (const char* name : kExamples) {
    // The client's copy never says how many samples the auditor selects; the firm's does.
    const auto client = run(std::string{"evidence models/examples/"} + name + ".toml");
    ASSERT_EQ(client.code, 0) << name << client.err;
    EXPECT_EQ(client.out.find("Samples the auditor selects"), std::string::npos) << name;
    const auto csv = run(std::string{"evidence --internal models/examples/"} + name + ".toml");
    ASSERT_EQ(csv.code, 0) << name << csv.err;
    const auto records = parse_csv(csv.out);
    ASSERT_GT(records.size(), 10u);
    const auto& header = records[0];
    for (const auto& rec : records) ASSERT_EQ(rec.size(), header.size());
    auto col = [&](const std::string& h) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), h) - header.begin());
    };
    // A working document: who does it and how far it is, and no column of the estimate's internals.
    EXPECT_LT(col("Assignee"), header.size());
    EXPECT_LT(col("Status"), header.size());
    EXPECT_EQ(col("samples_line"), header.size());
    const auto j = nlohmann::json::parse(
        run(std::string{"estimate -f json models/examples/"} + name + ".toml").out);
    std::map<std::string, nlohmann::json> ledger;
    for (const auto& l : j["ledger"]) ledger[l["id"].get<std::string>()] = l;
    // Every control has its requests, and their samples add up to the estimate's likely count.
    std::map<std::string, double> samples;
    for (std::size_t i = 1; i < records.size(); ++i) {
      const auto& rec = records[i];
      EXPECT_EQ(rec[col("Request")],
                "PBC-" + std::string(3 - std::min<std::size_t>(3, std::to_string(i).size()), '0') +
                    std::to_string(i));
      if (rec[col("Evidence category")] == "population listings") {
        // A period's population, for the controls it names: due after the period; no samples.
        EXPECT_FALSE(rec[col("Control ID (our planning reference)")].empty());
        EXPECT_EQ(rec[col("Control (our planning reference)")].rfind("Listing: ", 0), 0u)
            << rec[col("Control (our planning reference)")];
        EXPECT_TRUE(rec[col("Samples the auditor selects from this period (INTERNAL)")].empty());
        EXPECT_GT(rec[col("Due")], rec[col("Period to")]);
        continue;
      }
      if (rec[col("Evidence category")] == "planning documents") {
        EXPECT_TRUE(rec[col("Control ID (our planning reference)")].empty());
        EXPECT_EQ(rec[col("Tested at")], "Planning");
        continue;
      }
      if (rec[col("Control ID (our planning reference)")].empty()) {
        // A document management (or an inclusive subservice organization's) gives: no control, no
        // samples. A description is wanted in draft before fieldwork; assertions and
        // representations at the end.
        EXPECT_EQ(rec[col("Evidence category")], "system description and assertions")
            << rec[col("Control (our planning reference)")];
        if (rec[col("Control (our planning reference)")].find("description") == std::string::npos) {
          EXPECT_GE(rec[col("Due")], rec[col("Period to")])
              << rec[col("Control (our planning reference)")];
          EXPECT_EQ(rec[col("Tested at")], "Reporting");
        } else {
          // Management's draft before the first fieldwork; an inclusive vendor's by the period's
          // start.
          const auto& when = rec[col("Tested at")];
          EXPECT_TRUE(when.rfind("Before ", 0) == 0 || when == "Planning") << when;
        }
        continue;
      }
      // A control's samples, shared out over its periods, add up to the estimate's.
      const auto& n = rec[col("Samples the auditor selects from this period (INTERNAL)")];
      samples[rec[col("Control ID (our planning reference)")]] += n.empty() ? 0.0 : std::stod(n);
      EXPECT_EQ(rec[col("Status")], "open");
      EXPECT_TRUE(rec[col("Assignee")].empty());
      EXPECT_GT(rec[col("Due")], rec[col("Period to")]);
      // Items selected from a listing name it, and are due after it.
      if (const auto& from = rec[col("Items selected from")]; !from.empty()) {
        const auto& listing = records[std::stoul(from.substr(4))];
        EXPECT_EQ(listing[col("Evidence category")], "population listings") << from;
        EXPECT_NE(listing[col("Control ID (our planning reference)")].find(
                      rec[col("Control ID (our planning reference)")]),
                  std::string::npos)
            << from;
        EXPECT_GT(rec[col("Due")], listing[col("Due")]) << rec[0];
        EXPECT_NE(rec[col("Evidence to provide")].find(from), std::string::npos);
      }
    }
    EXPECT_EQ(samples.size(), j["scope"]["controls"].size()) << name;
    for (const auto& [control, n] : samples) {
      EXPECT_DOUBLE_EQ(
          n, std::round(ledger.at("effort.samples." + control)["value"]["likely"].get<double>()))
          << control;
    }
    // The seed's evidence categories appear wherever their controls are in scope.
    std::set<std::string> categories;
    for (std::size_t i = 1; i < records.size(); ++i)
      categories.insert(records[i][col("Evidence category")]);
    for (const char* c : {"access reviews", "vulnerability scans and remediation", "change tickets",
                          "incident logs", "vendor assessments", "training records",
                          "backup and recovery tests", "configuration changes"}) {
      EXPECT_TRUE(categories.count(c)) << name << " lacks " << c;
    }
  }
  // A title with a comma is quoted, and the raw text shows it.
  const auto raw = run("evidence models/examples/hr-saas.toml").out;
  EXPECT_NE(
      raw.find("\"Management or the board reviews security, risk and control matters (1 of 2)\""),
      std::string::npos);
  EXPECT_NE(raw.find("\r\n"), std::string::npos);
}

/// The weekday of a "YYYY-MM-DD" date.
std::chrono::weekday weekday_of(const std::string& iso) {
  const std::chrono::year_month_day ymd{
      std::chrono::year{std::stoi(iso.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
  return std::chrono::weekday{std::chrono::sys_days{ymd}};
}

TEST(CliEvidence, DueDatesAreSpreadByWhenEachSampleCanExist) {
  const auto records = parse_csv(run("evidence models/examples/hr-saas.toml").out);
  const auto& header = records[0];
  auto col = [&](const std::string& h) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), h) - header.begin());
  };
  std::set<std::string> due;
  std::map<std::string, std::vector<std::string>> quarterly_due;
  for (std::size_t i = 1; i < records.size(); ++i) {
    due.insert(records[i][col("Due")]);
    if (records[i][col("Frequency")] == "quarterly") {
      quarterly_due[records[i][col("Control ID (our planning reference)")]].push_back(
          records[i][col("Due")]);
    }
    // No one is asked to deliver on a weekend.
    EXPECT_TRUE(weekday_of(records[i][col("Due")]).c_encoding() % 6 != 0) << records[i][0];
  }
  EXPECT_GE(due.size(), 4u);
  // HR SaaS: a 6-month window from 2027-03-22; a quarterly review is asked for after each quarter.
  ASSERT_FALSE(quarterly_due.empty());
  for (const auto& [control, dates] : quarterly_due) {
    ASSERT_EQ(dates.size(), 2u) << control;
    EXPECT_EQ(dates[0], "2027-07-05") << control;  // quarter ends 2027-06-21, two weeks to provide
    EXPECT_EQ(dates[1], "2027-10-05") << control;  // window ends 2027-09-21
  }
}

TEST(CliEvidence, XlsxHoldsTheSameRowsAsTheCsvReadBackByOpenpyxl) {
  ASSERT_TRUE(fs::exists("/usr/bin/python3"))
      << "python3-openpyxl is installed by scripts/install-deps";
  const auto xlsx = scratch_dir() / "pbc.xlsx", csv = scratch_dir() / "pbc-for-xlsx.csv";
  fs::remove(xlsx);
  auto r = run("evidence models/examples/hr-saas.toml -o '" + xlsx.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(xlsx).rfind("PK", 0), 0u) << "an XLSX is a zip file";
  ASSERT_EQ(run("evidence models/examples/hr-saas.toml -f csv -o '" + csv.string() + "'").code, 0);
  // openpyxl reads the workbook; each row is written back as CSV (numbers as the CSV writes them).
  const auto script = scratch_dir() / "read_xlsx.py";
  std::ofstream(script)
      << "import csv, sys, openpyxl\n"
         "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
         "w = csv.writer(sys.stdout, lineterminator='\\r\\n')\n"
         "for row in ws.iter_rows(values_only=True):\n"
         "    w.writerow(['' if v is None else v.date().isoformat() if hasattr(v, 'date') else "
         "(str(int(v)) if isinstance(v, float) and v == int(v) else str(v)) for v in row])\n"
         "print(ws.title, ws.freeze_panes, ws.auto_filter.ref, "
         "len(ws.data_validations.dataValidation), file=sys.stderr)\n"
         "print('dates', type(ws['P2'].value).__name__, 'print', ws.page_setup.orientation, "
         "ws.page_setup.fitToWidth,"
         " ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows, file=sys.stderr)\n";
  r = run("'" + script.string() + "' '" + xlsx.string() + "'", "/usr/bin/python3");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse_csv(r.out), parse_csv(slurp(csv)));
  EXPECT_NE(r.err.find("Evidence requests A2 A1:S"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" 1\n"), std::string::npos) << "the status drop-down: " << r.err;
  // Dates are dates, and the sheet prints landscape, one page wide, its header on every page.
  // (fitToWidth absent means 1 page wide; fitToHeight 0 lets the rows run on.)
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex{R"(dates datetime print landscape (1|None) True \$1:\$1)"}))
      << r.err;
}

TEST(CliEvidence, NoWorkBeforeADueDateFallsInTheClientsHolidaySeason) {
  // Review 10: listings were due in the Danish summer weeks (12 July to 1 August 2027), and the
  // items selected from them due on the first day after, gathered in those weeks or over Christmas.
  // A due date is off the seasons, and the items tested at an interim visit are due after a clear
  // week.
  const std::vector<std::pair<std::string, std::string>> seasons{{"2027-07-12", "2027-08-01"},
                                                                 {"2027-12-24", "2028-01-01"}};
  auto in_season = [&](const std::string& d) {
    for (const auto& [from, to] : seasons) {
      if (from <= d && d <= to) return true;
    }
    return false;
  };
  auto days_before = [](const std::string& iso, int n) {
    std::chrono::year_month_day ymd{
        std::chrono::year{std::stoi(iso.substr(0, 4))},
        std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
        std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
    const std::chrono::year_month_day back{std::chrono::sys_days{ymd} - std::chrono::days{n}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(back.year()),
                  static_cast<unsigned>(back.month()), static_cast<unsigned>(back.day()));
    return std::string{text};
  };
  for (const char* name : {"hr-saas", "payments-fintech"}) {
    const auto records =
        parse_csv(run(std::string{"evidence models/examples/"} + name + ".toml").out);
    const auto& header = records[0];
    auto col = [&](const std::string& h) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), h) - header.begin());
    };
    int interim_selected = 0;
    for (std::size_t i = 1; i < records.size(); ++i) {
      if (records[i].size() < header.size()) continue;
      const auto& due = records[i][col("Due")];
      EXPECT_FALSE(in_season(due)) << name << " " << records[i][0] << " due " << due;
      const bool selected = !records[i][col("Items selected from")].empty();
      if (selected && records[i][col("Tested at")].rfind("Interim", 0) == 0) {
        ++interim_selected;
        for (int k = 1; k <= 7; ++k) {
          EXPECT_FALSE(in_season(days_before(due, k)))
              << name << " " << records[i][0] << " due " << due;
        }
      }
    }
    EXPECT_GT(interim_selected, 0) << name;
  }
}

TEST(CliEvidence, TheFirmsWorkingCopyIsMarkedInternalTheClientsIsNot) {
  ASSERT_TRUE(fs::exists("/usr/bin/python3"))
      << "python3-openpyxl is installed by scripts/install-deps";
  const auto script = scratch_dir() / "print_header.py";
  std::ofstream(script) << "import sys, openpyxl\n"
                           "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                           "print(ws.oddHeader.left.text, '|', ws.oddHeader.center.text)\n";
  for (const bool internal : {true, false}) {
    const auto xlsx = scratch_dir() / (internal ? "internal.xlsx" : "client.xlsx");
    fs::remove(xlsx);
    auto r = run(std::string{"evidence models/examples/hr-saas.toml"} +
                 (internal ? " --internal" : "") + " -o '" + xlsx.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    r = run("'" + script.string() + "' '" + xlsx.string() + "'", "/usr/bin/python3");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Evidence requests: Fjord People ApS"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("INTERNAL") != std::string::npos, internal) << r.out;
    // The CSV's samples column, the internal copy's alone, says so in its header.
    const auto csv =
        run(std::string{"evidence models/examples/hr-saas.toml"} + (internal ? " --internal" : ""));
    EXPECT_EQ(csv.out.find("(INTERNAL)") != std::string::npos, internal);
  }
}

TEST(CliEvidence, AnXlsxCellTooLongForExcelIsCutAndSaysSoNeverLeftEmpty) {
  ASSERT_TRUE(fs::exists("/usr/bin/python3"))
      << "python3-openpyxl is installed by scripts/install-deps";
  // A control library whose first control's evidence is 40,000 characters long.
  auto library = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/controls/soc2-controls.toml");
  const std::string was = "evidence = \"Signed code-of-conduct acknowledgements";
  library.replace(
      library.find(was), was.size(),
      "evidence = \"" + std::string(40000, 'e') + " Signed code-of-conduct acknowledgements");
  const auto controls = scratch_dir() / "long-evidence.toml";
  std::ofstream(controls) << library;
  const auto xlsx = scratch_dir() / "long.xlsx";
  fs::remove(xlsx);
  auto r = run("evidence models/examples/hr-saas.toml --controls '" + controls.string() + "' -o '" +
               xlsx.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto script = scratch_dir() / "long_cell.py";
  std::ofstream(script)
      << "import sys, openpyxl\n"
         "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
         "v = next(r[5] for r in ws.iter_rows(values_only=True) if r[1] == 'GOV-01') or ''\n"
         "print(len(v), v[-80:])\n";
  r = run("'" + script.string() + "' '" + xlsx.string() + "'", "/usr/bin/python3");
  ASSERT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex{R"(^(\d+) )"})) << r.out;
  EXPECT_GT(std::stoi(m[1]), 30000);
  EXPECT_LE(std::stoi(m[1]), 32767);
  EXPECT_NE(r.out.find("[cut here: the whole text is in the CSV list, evidence -f csv]"),
            std::string::npos)
      << r.out;
}

TEST(CliHostile, AWriterKilledBeforeItsRenameLeavesNothingBehindTheNextWrite) {
  // kill -9 between writing and renaming leaves ".NAME.tmp-XXXXXX" beside the target: the next
  // write of that file removes those an hour old, and leaves a live writer's (younger) alone.
  const auto dir = scratch_dir() / "killed";
  fs::create_directories(dir);
  const auto stale = dir / ".est.json.tmp-abc123", live = dir / ".est.json.tmp-def456",
             other = dir / ".x.json.tmp-ghi789";
  for (const auto& p : {stale, live, other}) std::ofstream(p) << "half a document";
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours{2};
  fs::last_write_time(stale, old);
  fs::last_write_time(other, old);
  const auto r = run("estimate -f json models/examples/startup-type1.toml -o '" +
                     (dir / "est.json").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "est.json"));
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other));  // another file's: not this write's to remove
}

TEST(CliHostile, TextToATerminalCarriesNoControlCharactersFromTheInputs) {
  // A control library whose title holds a terminal escape (a title change and a bell): the evidence
  // list written to a terminal (a pty, through script(1)) as CSV loses it; into a file it stays.
  ASSERT_TRUE(fs::exists("/usr/bin/script")) << "util-linux's script gives the test a terminal";
  auto library = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/controls/soc2-controls.toml");
  const std::string title =
      "title = \"Staff acknowledge the code of conduct at hire and every year\"";
  library.replace(library.find(title), title.size(),
                  "title = \"Staff acknowledge\\u001B]0;pwned\\u0007 the code of conduct\"");
  const auto controls = scratch_dir() / "escape-controls.toml";
  std::ofstream(controls) << library;
  const auto out = scratch_dir() / "pty.txt";
  const std::string args =
      "evidence --controls '" + controls.string() + "' models/examples/startup-type1.toml";
  const std::string cmd = "cd '" + std::string{ATTESTPLAN_SOURCE_DIR} +
                          "' && /usr/bin/script -qec \"'" + std::string{ATTESTPLAN_BIN} + "' " +
                          args + "\" /dev/null > '" + out.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  const auto shown = slurp(out);
  EXPECT_NE(shown.find("the code of conduct"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("\x1b]0;pwned"), std::string::npos);
  EXPECT_EQ(shown.find('\a'), std::string::npos);
  const auto file = run(args);
  EXPECT_NE(file.out.find("\x1b]0;pwned"), std::string::npos)
      << "into a file the text is as written";
}

TEST(CliHostile, AWriteErrorOnStandardOutputExitsOneWithTheReason) {
  // A full disk (here /dev/full): the document is cut, so the command does not say it succeeded.
  for (const char* cmd :
       {"estimate models/examples/hr-saas.toml", "evidence models/examples/hr-saas.toml",
        "import terraform tests/fixtures/import/raw-v4.tfstate"}) {
    const auto err = scratch_dir() / "full.err";
    const std::string line = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" +
                             ATTESTPLAN_BIN + "' " + cmd + " >/dev/full 2>'" + err.string() + "'";
    const int status = std::system(line.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << cmd;
    EXPECT_NE(slurp(err).find("error: cannot write to standard output: No space left on device"),
              std::string::npos)
        << cmd << ": " << slurp(err);
  }
}

TEST(CliEvidence, WritesTheFileWholeWithDashO) {
  const auto target = scratch_dir() / "pbc.csv";
  fs::remove(target);
  const auto r = run("evidence models/examples/startup-type1.toml -o '" + target.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(
      slurp(target).rfind(
          "Request,Control ID (our planning reference),Control (our planning reference),Criteria",
          0),
      0u);
}

// ── proposal: the firm, the fee percentile, PDF ────────────────────────────────────────────

TEST(CliProposal, AFirmFileNamesItsOwnRateCardAndProfileAndItsLettersArePricedWithThem) {
  // A firm's folder: its file, its logo and its own rate card (the illustrative one, its rates
  // doubled and no longer marked illustrative).
  const auto dir = scratch_dir() / "own-rates-firm";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path source{ATTESTPLAN_SOURCE_DIR};
  fs::copy_file(source / "examples/firms/harbor-lane-logo.svg", dir / "harbor-lane-logo.svg");
  auto card = slurp(source / "models/rates/default.toml");
  card.replace(card.find("illustrative = true"), 19, "illustrative = false");
  std::ofstream(dir / "our-rates.toml") << card;
  const auto firm = slurp(source / "examples/firms/example-auditor.toml");
  std::ofstream(dir / "firm.toml") << "rates = \"our-rates.toml\"\n" << firm;
  const auto own = run("proposal models/examples/hr-saas.toml -f markdown --firm '" +
                       (dir / "firm.toml").string() + "'");
  ASSERT_EQ(own.code, 0) << own.err;
  EXPECT_EQ(own.out.find("illustrative rates"), std::string::npos)
      << "priced with the firm's own card: not a draft";
  EXPECT_EQ(own.err.find("illustrative rate card"), std::string::npos) << own.err;
  // The memo records the card it was priced with; --rates on the command line still wins.
  const auto memo = run("proposal --memo models/examples/hr-saas.toml -f markdown --firm '" +
                        (dir / "firm.toml").string() + "'");
  ASSERT_EQ(memo.code, 0) << memo.err;
  EXPECT_NE(memo.out.find("our-rates.toml"), std::string::npos) << memo.out;
  const auto flag =
      run("proposal models/examples/hr-saas.toml -f markdown --rates models/rates/default.toml "
          "--firm '" +
          (dir / "firm.toml").string() + "'");
  ASSERT_EQ(flag.code, 0) << flag.err;
  EXPECT_NE(flag.out.find("illustrative rates"), std::string::npos);
  // A path outside the firm's folder, or a missing file, is located and nothing is written.
  for (const char* bad : {"rates = \"../our-rates.toml\"", "profile = \"/etc/hostname\"",
                          "profile = \"nowhere.toml\""}) {
    std::ofstream(dir / "bad.toml") << bad << "\n" << firm;
    const auto out = dir / "letter.md";
    fs::remove(out);
    const auto r = run("proposal models/examples/hr-saas.toml -f markdown -o '" + out.string() +
                       "' --firm '" + (dir / "bad.toml").string() + "'");
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("bad.toml:1:"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
}

TEST(CliProposal, TheFirmFileFillsTheLetterAndItsMistakesAreLocated) {
  auto r =
      run("proposal models/examples/hr-saas.toml -f markdown --firm "
          "examples/firms/example-auditor.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("**Harbor & Lane CPAs LLP**"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Our fee is DKK "), std::string::npos);
  EXPECT_NE(r.out.find(", fixed on the assumptions set out below"), std::string::npos);
  EXPECT_NE(r.out.find("| SOC 2 Type 1 only |"), std::string::npos);
  EXPECT_NE(r.out.find("Robert Lane, Partner, CPA"), std::string::npos);
  // A Type 1 engagement's own option is the fee above, and says so rather than repeat it as
  // another.
  const auto type1 =
      run("proposal models/examples/startup-type1.toml -f markdown --firm "
          "examples/firms/example-auditor.toml");
  ASSERT_EQ(type1.code, 0) << type1.err;
  EXPECT_NE(type1.out.find("| SOC 2 Type 1 only (as proposed above) |"), std::string::npos)
      << type1.out;
  const auto bad = scratch_dir() / "bad-firm.toml";
  std::ofstream(bad) << "name = \"X\"\nrole = \"auditor\"\nvalidity = 30\n";
  r = run("proposal models/examples/hr-saas.toml --firm '" + bad.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find(bad.string() + ":3:1: error: unknown key 'validity'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("the firm file has no [contact] table"), std::string::npos) << r.err;
}

TEST(CliProposal, TheAuditorsCountryIsTheFirmsAndDecidesTheVat) {
  // A Danish client's ISAE 3000 audit, whose auditor the model leaves Danish by default: VAT added.
  auto r = run("proposal models/examples/payments-fintech.toml -f markdown");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("VAT at 25 % (EUR "), std::string::npos) << r.out;
  // The US firm's proposal: its invoice to a Danish business is reverse-charged.
  r =
      run("proposal models/examples/payments-fintech.toml -f markdown --firm "
          "examples/firms/example-auditor.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("under the reverse charge you account for the VAT yourself"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("VAT is invoiced in addition"), std::string::npos) << r.out;
  // A model that names another auditor country is told which one the proposal follows, and where.
  auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/payments-fintech.toml");
  const auto at = text.find("[engagement]\n");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 13, "auditor_country = \"DK\"\n");
  const auto model = scratch_dir() / "dk-auditor.toml";
  std::ofstream(model) << text;
  r = run("proposal '" + model.string() +
          "' -f markdown --firm examples/firms/example-auditor.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("example-auditor.toml:6:"), std::string::npos) << r.err;
  EXPECT_NE(
      r.err.find("warning: the firm file's country US differs from the model's auditor_country DK"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("under the reverse charge you account for the VAT yourself"),
            std::string::npos)
      << r.out;
}

TEST(CliProposal, AFirmClaimingBothRolesIsWarnedOfIndependence) {
  const auto both = scratch_dir() / "both-roles.toml";
  std::ofstream(both)
      << "name = \"Both & Co\"\nrole = [\"auditor\", \"consultant\"]\n[contact]\nname = \"A\"\n"
         "[signer]\nname = \"B\"\ntitle = \"Partner\"\n";
  const auto r =
      run("proposal models/examples/hr-saas.toml -f markdown --firm '" + both.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(both.string() + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning: independence: the firm file claims both roles"), std::string::npos)
      << r.err;
}

TEST(CliProposal, AConsultantsFeeIsTheReadinessWorkWithTheAuditApart) {
  const auto r =
      run("proposal models/examples/hr-saas.toml -f markdown --firm "
          "examples/firms/example-consultant.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("readiness for a SOC 2 Type 2 examination"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("for the readiness work is billed for the hours worked and will not exceed DKK "),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("> Not part of our fee"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| Audit, separate (estimate) |"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Two-year agreement"), std::string::npos);
  // The consultant neither requests the evidence nor tests the controls: the auditor does.
  EXPECT_EQ(r.out.find("the evidence we request"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Exceptions found in testing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Gather with us the evidence an auditor typically asks for"),
            std::string::npos)
      << r.out;
  // No enclosure it does not include (review 13 F1): the list comes when the work starts.
  EXPECT_NE(r.out.find("We give you a preliminary evidence list when our work starts, and "
                       "reconcile it with your auditor's "
                       "own request list."),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("comes with this proposal"), std::string::npos);
  // The audit's assumptions are not the consultant's.
  EXPECT_EQ(r.out.find("the real counts set the testing"), std::string::npos);
  EXPECT_EQ(r.out.find("The controls operate as described from the start"), std::string::npos);
}

TEST(CliProposal, AConsultantWithNoReadinessToPriceIsToldWhy) {
  // Krone Pay renews its report: no readiness work is priced, so a consultant has nothing to quote,
  // and the message says so rather than pointing at a setting that would not change it.
  const auto r =
      run("proposal models/examples/payments-fintech.toml --firm "
          "examples/firms/example-consultant.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("--firm: a consultant's proposal prices the readiness work, and this "
                       "estimate has none: the "
                       "organization is renewing (first_audit = false)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("include_readiness = true"), std::string::npos) << r.err;
}

TEST(CliProposal, TheFeePercentileFlagMovesTheFeeAndIsChecked) {
  const auto p80 = run("proposal models/examples/hr-saas.toml -f markdown");
  const auto p95 = run("proposal models/examples/hr-saas.toml -f markdown --fee-percentile 95");
  ASSERT_EQ(p80.code, 0) << p80.err;
  ASSERT_EQ(p95.code, 0) << p95.err;
  const std::regex fee(R"(Our fee is DKK ([\d,]+))");
  std::smatch a, b;
  ASSERT_TRUE(std::regex_search(p80.out, a, fee));
  ASSERT_TRUE(std::regex_search(p95.out, b, fee));
  auto number = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    return std::stod(s);
  };
  EXPECT_LT(number(a[1]), number(b[1]));
  // The client's letter does not say which percentile (the memo does: words_test).
  EXPECT_EQ(p95.out.substr(0, p95.out.find("<!-- quote-basis")).find("percentile"),
            std::string::npos);
  const auto bad = run("proposal models/examples/hr-saas.toml --fee-percentile 101");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--fee-percentile: '101' is not a whole number from 50 to 99"),
            std::string::npos)
      << bad.err;
}

TEST(CliProposal, APdfWithoutChromiumSaysWhatToInstallAndWritesNothing) {
  const auto target = scratch_dir() / "no-browser.pdf";
  fs::remove(target);
  const auto r = run("proposal models/examples/hr-saas.toml -o '" + target.string() + "'",
                     ATTESTPLAN_BIN, "ATTESTPLAN_CHROMIUM=/nonexistent/chromium");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("writing a PDF needs Chromium, which is not installed"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("install the Debian package chromium"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(target));
}

// ── compare ──────────────────────────────────────────────────────────────────────────────────

TEST(CliCompare, ShowsInOneTableWhichScenariosMeetTheRenewalAndByHowMuch) {
  // HR SaaS: planning starts 2027-01-04; the customer renews 2027-11-30, about 11 months later.
  const auto r = run("compare models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("IN TIME FOR 2027-11-30"), std::string::npos);
  // Each date is its P50 with P10 to P90; then the share of runs in time for the renewal.
  const std::string dates = R"(\S+ \(\S+ to \S+\)\s+\S+ \(\S+ to \S+\)\s+)";
  EXPECT_TRUE(std::regex_search(r.out, std::regex("Type 1 now, then a 6-month Type 2\\s+" + dates +
                                                  R"(100 % \(met\), \+\d+ d)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("Type 2 directly, 12-month window\\s+" + dates +
                                                  R"(0 % \(missed\), \d+ d late)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("Type 2 directly, 3-month window\\s+" + dates + R"(100 % \(met\))")));
  EXPECT_NE(r.out.find("Recommended: "), std::string::npos);
  EXPECT_NE(r.out.find("with Privacy"), std::string::npos);
  EXPECT_NE(r.out.find("without Availability"), std::string::npos);
  EXPECT_NE(r.out.find("ISAE 3000 Type 2 from a Danish auditor"),
            std::string::npos);  // the model's own
}

TEST(CliCompare, JsonRangesAndOrderAsAnAuditManagerExpects) {
  const auto r = run("compare -f json models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& s : j["scenarios"]) {
    EXPECT_EQ(s["status"], "ok") << s["id"];
    by_id[s["id"].get<std::string>()] = s;
  }
  auto hours = [&](const char* id) {
    return by_id.at(id)["auditor_hours"]["likely"].get<double>();
  };
  EXPECT_LT(hours("type2-3m"), hours("type2-6m"));
  EXPECT_LT(hours("type2-6m"), hours("type2-12m"));
  EXPECT_GT(hours("with-privacy"), hours("as-modelled"));
  const auto& phased = by_id.at("type1-then-type2");
  EXPECT_LT(phased["first_report"]["likely"].get<std::string>(),
            phased["type2_report"]["likely"].get<std::string>());
  EXPECT_EQ(by_id.at("type2-12m")["renewals"][0]["verdict"], "missed");
  EXPECT_LT(by_id.at("type2-12m")["renewals"][0]["slack_days"].get<int>(), 0);
  for (const auto& [id, s] : by_id) {
    for (const char* figure : {"year_one", "two_years", "auditor_hours"}) {
      const auto& f = s[figure];
      EXPECT_LT(f["p10"].get<double>(), f["p50"].get<double>()) << id << " " << figure;
      EXPECT_LT(f["p50"].get<double>(), f["p90"].get<double>()) << id << " " << figure;
    }
    EXPECT_LT(s["first_report"]["p10"].get<std::string>(),
              s["first_report"]["p90"].get<std::string>())
        << id;
    EXPECT_GT(s["two_years"]["p50"].get<double>(), s["year_one"]["p50"].get<double>());
    const double chance = s["renewals"][0]["chance"].get<double>();
    EXPECT_GE(chance, 0.0);
    EXPECT_LE(chance, 1.0);
  }
  EXPECT_EQ(by_id.at("type2-12m")["renewals"][0]["chance"].get<double>(), 0.0);
  EXPECT_EQ(by_id.at("type1-then-type2")["renewals"][0]["chance"].get<double>(), 1.0);
}

TEST(CliCompare, ScenarioFlagPicksByIdAndRejectsUnknownOnes) {
  auto r =
      run("compare -f csv models/examples/hr-saas.toml --scenario type2-12m --scenario "
          "isae3000-danish-auditor");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto records = parse_csv(r.out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1][0], "type2-12m");
  EXPECT_EQ(records[2][0], "isae3000-danish-auditor");
  r = run("compare models/examples/hr-saas.toml --scenario type2-24m");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--scenario: no scenario 'type2-24m'"), std::string::npos) << r.err;
  // The hint lists this model's scenarios: it has availability, so without-availability, not with-.
  r = run("compare models/examples/hr-saas.toml --scenario with-availability");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean 'without-availability'?"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("with-availability,"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(", with-availability"), std::string::npos) << r.err;
}

TEST(CliCompare, ModelScenariosAreValidated) {
  const auto bad = scratch_dir() / "bad-scenario.toml";
  {
    std::ofstream out(bad);
    out << slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/startup-type1.toml")
        << "\n[[scenario]]\nid = \"long\"\nobservation_months = 9\nreprot = \"soc2-type2\"\n";
  }
  const auto r = run("compare '" + bad.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown key 'reprot' in [[scenario]] 'long'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("observation_months needs a Type 2 report in scenario 'long'"),
            std::string::npos)
      << r.err;
}

// ---- Hostile input: every number bounded at the input, only regular files read, -o guarded,
// control characters escaped, dates in range, diagnostics capped (issue 13). ----

namespace {

/// The HR SaaS example with `extra` appended, written to the scratch folder as NAME.toml.
fs::path hr_saas_with(const std::string& name, const std::string& extra,
                      const std::string& replace_from = {}, const std::string& replace_to = {}) {
  auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  if (!replace_from.empty()) {
    const auto at = text.find(replace_from);
    EXPECT_NE(at, std::string::npos) << replace_from;
    if (at != std::string::npos) text.replace(at, replace_from.size(), replace_to);
  }
  const auto path = scratch_dir() / (name + ".toml");
  std::ofstream(path, std::ios::binary) << text << extra;
  return path;
}

}  // namespace

TEST(CliHostile, AMoneyFigureNear2To63IsALocatedErrorInValidateAndEveryCommand) {
  const auto model = hr_saas_with(
      "huge-rate", "\n[plugins.rate-card-cost]\ninternal_hourly = [1e19, 1e19, 1e19]\n");
  const auto travel = hr_saas_with("huge-travel", "\n[plugins.rate-card-cost]\ntravel = 1e19\n");
  for (const auto& cmd : {"validate", "estimate", "compare", "proposal", "plan", "evidence"}) {
    for (const auto& m : {model, travel}) {
      const auto r = run(std::string{cmd} + " '" + m.string() + "'");
      EXPECT_EQ(r.code, 2) << cmd << "\n" << r.err;
      EXPECT_NE(r.err.find(m.string() + ":"), std::string::npos) << cmd << "\n" << r.err;
      EXPECT_NE(r.err.find("none above 1e9"), std::string::npos) << cmd << "\n" << r.err;
      EXPECT_TRUE(r.out.empty()) << cmd;
    }
  }
  // The line and column of the figure itself.
  const auto r = run("validate '" + model.string() + "'");
  const auto text = slurp(model);
  const auto lines = std::count(text.begin(), text.end(), '\n');
  EXPECT_NE(r.err.find(":" + std::to_string(lines) + ":19: error"), std::string::npos) << r.err;
}

TEST(CliHostile, ValidateChecksPluginOptionsAsEstimateDoes) {
  const auto model = hr_saas_with("bad-option", "\n[plugins.rate-card-cost]\nvat_rate = 7\n");
  const auto v = run("validate '" + model.string() + "'");
  const auto e = run("estimate '" + model.string() + "'");
  EXPECT_EQ(v.code, 2) << v.err;
  EXPECT_EQ(e.code, 2) << e.err;
  EXPECT_NE(v.err.find("vat_rate"), std::string::npos) << v.err;
}

TEST(CliHostile, ADateOutOfRangeIsALocatedModelErrorNotAPluginFailure) {
  for (const char* date : {"1969-12-31", "2200-01-01", "0001-01-01"}) {
    const auto model = hr_saas_with("old-date", "", "start = \"2027-01-04\"",
                                    std::string{"start = \""} + date + "\"");
    for (const char* cmd : {"validate", "estimate"}) {
      const auto r = run(std::string{cmd} + " '" + model.string() + "'");
      EXPECT_EQ(r.code, 2) << cmd << " " << date << "\n" << r.err;
      EXPECT_NE(r.err.find("old-date.toml:19:"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("outside 1970-01-01..2199-12-31"), std::string::npos) << r.err;
    }
  }
}

TEST(CliHostile, ReadsOnlyRegularFilesAndStandardInput) {
  auto r = run("validate /dev/zero");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("'/dev/zero' is a device, not a regular file"), std::string::npos) << r.err;
  r = run("estimate models/examples/hr-saas.toml --rates /dev/zero");
  EXPECT_EQ(r.code, 2) << r.err;
  // A FIFO with no writer: refused at once instead of waiting for ever.
  const auto fifo = scratch_dir() / "fifo.toml";
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  r = run("validate '" + fifo.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is a FIFO, not a regular file"), std::string::npos) << r.err;
  r = run("validate .");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  // Standard input, named '-'.
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + ATTESTPLAN_BIN +
                          "' validate - < models/examples/hr-saas.toml > '" +
                          (scratch_dir() / "stdin.out").string() + "'";
  EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0);
  EXPECT_NE(slurp(scratch_dir() / "stdin.out").find("ok: - — Fjord People ApS"), std::string::npos);
}

TEST(CliHostile, DashONeverOverwritesAFileTheModelIncludes) {
  // An overlay the model includes is an input too: -o onto it is refused and it stays as it was.
  const auto dir = scratch_dir() / "overlay";
  fs::create_directories(dir);
  const auto overlay = dir / "imported.toml";
  std::ofstream(overlay, std::ios::binary) << "[[component]]\nid = \"extra-db\"\nkind = \"data\"\n";
  auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  text = "include = [\"imported.toml\"]\n" + text;
  const auto model = dir / "model.toml";
  std::ofstream(model, std::ios::binary) << text;
  const auto before = slurp(overlay);
  for (const char* command : {"estimate", "plan", "evidence", "boundary"}) {
    auto r = run(std::string{command} + " '" + model.string() + "' -o '" + overlay.string() + "'");
    EXPECT_EQ(r.code, 2) << command << r.err;
    EXPECT_NE(r.err.find("which the model includes"), std::string::npos) << command << r.err;
    EXPECT_EQ(slurp(overlay), before) << command;
  }
  // Another file is written as usual.
  auto ok = run("estimate '" + model.string() + "' -o '" + (dir / "out.txt").string() + "'");
  EXPECT_TRUE(ok.code == 0 || ok.code == 1) << ok.err;
}

TEST(CliHostile, DashONeverOverwritesAnInputOrANonRegularFile) {
  const auto model = hr_saas_with("self", "");
  const auto before = slurp(model);
  auto r = run("estimate '" + model.string() + "' -o '" + model.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("would overwrite the input"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(model), before);
  // The same file through another name.
  const auto alias = scratch_dir() / "alias.toml";
  fs::remove(alias);
  fs::create_hard_link(model, alias);
  r = run("proposal '" + model.string() + "' -o '" + alias.string() + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(slurp(model), before);
  // A symbolic link is not replaced (nor is what it points to written).
  const auto target = scratch_dir() / "target.txt", link = scratch_dir() / "link.txt";
  std::ofstream(target) << "keep";
  fs::remove(link);
  fs::create_symlink(target, link);
  r = run("estimate models/examples/hr-saas.toml -o '" + link.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("it is a symbolic link"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(target), "keep");
  r = run("estimate models/examples/hr-saas.toml -o /dev/null");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("it is a device"), std::string::npos) << r.err;
}

TEST(CliHostile, ControlCharactersInNamesAreEscapedOnTheTerminal) {
  const auto model = hr_saas_with("escape", "", "name = \"Fjord People ApS\"",
                                  "name = \"Fjord\\u001b]0;pwned\\u0007\\u009b31m People\"");
  auto r = run("validate '" + model.string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("Fjord\\x1b]0;pwned\\x07\\u009b31m People"), std::string::npos) << r.out;
  r = run("estimate '" + model.string() + "'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\x07'), std::string::npos);
  // Data formats keep the name as written (JSON escapes it its own way).
  r = run("estimate '" + model.string() + "' --format json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["organization"],
            "Fjord\x1b]0;pwned\x07\xc2\x9b"
            "31m People");
}

TEST(CliHostile, InvalidUtf8IsALocatedError) {
  const auto model =
      hr_saas_with("latin1", "", "name = \"Fjord People ApS\"", "name = \"Fj\xf8rd People ApS\"");
  const auto r = run("validate '" + model.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("latin1.toml:6:11: error: not valid UTF-8"), std::string::npos) << r.err;
}

TEST(CliHostile, ThousandsOfRepeatedMistakesGiveAShortReport) {
  std::string list = "\n[[component]]\nid = \"flood\"\nkind = \"software\"\nuses = [";
  for (int i = 0; i < 50000; ++i) list += "\"nowhere\", ";
  list += "]\n";
  const auto model = hr_saas_with("flood", list);
  const auto r = run("validate '" + model.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_LT(r.err.size(), 100'000u);
  EXPECT_NE(r.err.find("more problem(s) not shown"), std::string::npos) << r.err.substr(0, 2000);
}

TEST(CliHostile, ALongChainGivesOutputLinearInItsLength) {
  // Components in one chain: each reason names at most the last hops and each node only the node
  // before it, so twice the chain gives twice the output, not four times.
  const auto chain_of = [](int n) {
    std::string chain = "\n";
    for (int i = 0; i < n; ++i) {
      chain += "[[component]]\nid = \"c" + std::to_string(i) + "\"\nkind = \"software\"\n";
      if (i + 1 < n) chain += "uses = [\"c" + std::to_string(i + 1) + "\"]\n";
    }
    return hr_saas_with("chain" + std::to_string(n), chain, "uses = [\"web-app\"",
                        "uses = [\"c0\", \"web-app\"");
  };
  const auto shorter = chain_of(1000), longer = chain_of(2000);
  for (const char* fmt : {"json", "table", "dot"}) {
    const auto a = run("boundary '" + shorter.string() + "' --format " + fmt);
    const auto b = run("boundary '" + longer.string() + "' --format " + fmt);
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_LT(static_cast<double>(b.out.size()) / static_cast<double>(a.out.size()), 2.1) << fmt;
    EXPECT_LT(b.out.size(), 2000u * 1000u) << fmt;  // under a kilobyte a component
  }
  for (const char* cmd : {"proposal", "compare"}) {
    const auto a = run(std::string{cmd} + " '" + shorter.string() + "'");
    const auto b = run(std::string{cmd} + " '" + longer.string() + "'");
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_LT(static_cast<double>(b.out.size()) / static_cast<double>(a.out.size()), 2.1) << cmd;
  }
  const auto json =
      nlohmann::json::parse(run("boundary '" + longer.string() + "' --format json").out);
  bool saw_last = false;
  for (const auto& c : json["nodes"]) {
    if (c["id"] == "c1999") {
      saw_last = true;
      // Each node names the node that reached it; following `via` walks back to the service.
      EXPECT_EQ(c["via"], "c1998");
      EXPECT_EQ(c["via_edge"], "uses");
      EXPECT_FALSE(c.contains("path"));
      EXPECT_NE(
          c["reason"].get<std::string>().find("through more than 8 hops, the last: uses c1992"),
          std::string::npos)
          << c["reason"];
    }
  }
  EXPECT_TRUE(saw_last);
}

TEST(CliCsv, CellsASpreadsheetWouldEvaluateAreNeutralisedInEveryCsv) {
  // OWASP's CSV-injection rule: a model string that begins with = + - @ lands as text, not as a
  // live formula, in the evidence, compare and portfolio CSVs.
  const std::string formula = "=HYPERLINK(\\\"http://example.invalid\\\",\\\"open\\\")";
  const auto dir = scratch_dir() / "csv-injection";
  fs::create_directories(dir);
  const auto model = hr_saas_with("csv-injection/model", "",
                                  "name = \"ISAE 3000 Type 2 from a Danish auditor, 6 months\"",
                                  "name = \"" + formula + "\"");
  {
    auto text = slurp(model);
    text.replace(text.find("name = \"Fjord People ApS\""), 25,
                 "name = \"@SUM(1+1)*cmd|' /C calc'!A0\"");
    text.replace(text.find("name = \"Fjord HR platform\""), 26, "name = \"+1+2\"");
    std::ofstream(model, std::ios::binary) << text;
  }
  auto no_live_formula = [](const std::string& csv, const std::string& what) {
    for (const auto& record : parse_csv(csv)) {
      for (const auto& cell : record) {
        if (cell.empty()) continue;
        const bool number = cell.find_first_not_of("+-0123456789.,%") == std::string::npos;
        EXPECT_TRUE(number || std::string{"=+-@\t\r"}.find(cell[0]) == std::string::npos)
            << what << ": a live formula: " << cell;
      }
    }
  };
  const auto compare = run("compare -f csv '" + model.string() + "'");
  ASSERT_EQ(compare.code, 0) << compare.err;
  EXPECT_NE(compare.out.find("'=HYPERLINK"), std::string::npos) << compare.out;
  no_live_formula(compare.out, "compare");
  const auto evidence = run("evidence '" + model.string() + "'");
  ASSERT_EQ(evidence.code, 0) << evidence.err;
  no_live_formula(evidence.out, "evidence");
  const auto portfolio = run("portfolio -f csv '" + dir.string() + "'");
  ASSERT_EQ(portfolio.code, 0) << portfolio.err;
  EXPECT_NE(portfolio.out.find("'@SUM"), std::string::npos) << portfolio.out;
  no_live_formula(portfolio.out, "portfolio");
}

// Every input format names its version on a schema line: a file written for a newer version is
// refused at that line with what to do, one without the line (written before formats were
// versioned) is read as version 1, and a schema line of another kind of file is refused as such.
TEST(Cli, EachInputFormatReadsItsVersionAndRefusesANewerOne) {
  struct Case {
    const char* flag;
    const char* file;
    const char* format;
  };
  const Case cases[] = {
      {"--rates", "models/rates/default.toml", "attestplan-rates"},
      {"--controls", "models/controls/soc2-controls.toml", "attestplan-controls"},
      {"--sampling", "models/sampling/default.toml", "attestplan-sampling"},
      {"--timing", "models/timing/default.toml", "attestplan-timing"},
      {"--simulation", "models/simulation/default.toml", "attestplan-simulation"},
      {"--criteria", "models/criteria/tsc-2017.toml", "attestplan-criteria"},
      {"--frameworks", "models/frameworks/frameworks.toml", "attestplan-frameworks"},
      {"--firm", "models/firms/auditor.toml", "attestplan-firm"}};
  const std::regex schema_line{R"(^schema = "[^"]*"\n)", std::regex::multiline};
  for (const auto& c : cases) {
    const std::string body =
        std::regex_replace(slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / c.file), schema_line, "");
    const auto with = [&](const std::string& line, const std::string& name) {
      const auto path = scratch_dir() / name;
      std::ofstream(path) << line << body;
      return run("estimate models/examples/hr-saas.toml " + std::string{c.flag} + " " +
                 path.string());
    };
    const std::string format = c.format;
    EXPECT_EQ(with("", format + "-none.toml").code, 0) << c.flag;
    EXPECT_EQ(with("schema = \"" + format + "/1\"\n", format + "-1.toml").code, 0) << c.flag;

    const auto newer = with("schema = \"" + format + "/2\"\n", format + "-2.toml");
    EXPECT_EQ(newer.code, 2) << c.flag;
    EXPECT_TRUE(newer.out.empty()) << c.flag;
    EXPECT_NE(newer.err.find(format + "-2.toml:1:10: error: schema \"" + format +
                             "/2\" is newer than the version of the "),
              std::string::npos)
        << c.flag << ": " << newer.err;
    EXPECT_NE(newer.err.find(" this attestplan reads (" + format + "/1)"), std::string::npos)
        << c.flag << ": " << newer.err;
    EXPECT_NE(newer.err.find("attestplan --version"), std::string::npos) << newer.err;

    const auto other = with("schema = \"attestplan-profile/1\"\n", format + "-other.toml");
    EXPECT_EQ(other.code, 2) << c.flag;
    EXPECT_NE(other.err.find("schema \"attestplan-profile/1\" is not the format of the "),
              std::string::npos)
        << c.flag << ": " << other.err;
    EXPECT_NE(other.err.find("(" + format + "/1)"), std::string::npos) << other.err;
  }
  // A version too large to read as a number is newer still, not another kind of file.
  const auto huge = scratch_dir() / "rates-huge.toml";
  std::ofstream(huge) << "schema = \"attestplan-rates/99999999999\"\n"
                      << std::regex_replace(
                             slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/rates/default.toml"),
                             schema_line, "");
  const auto h = run("estimate models/examples/hr-saas.toml --rates " + huge.string());
  EXPECT_EQ(h.code, 2);
  EXPECT_NE(h.err.find("is newer than the version of the rate card"), std::string::npos) << h.err;
  // The Terraform import rules, read by `import terraform --rules`.
  const auto rules = scratch_dir() / "rules-2.toml";
  std::ofstream(rules) << "schema = \"attestplan-import-rules/2\"\n";
  const auto r = run("import terraform tests/fixtures/import/aws-saas.tfstate.json --rules " +
                     rules.string() + " -o " + (scratch_dir() / "never.toml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("rules-2.toml:1:10: error: schema \"attestplan-import-rules/2\" is newer "
                       "than the version of the Terraform import rules this attestplan reads"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(scratch_dir() / "never.toml"));
}

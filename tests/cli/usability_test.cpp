// The command line as a newcomer meets it: did-you-mean, help, widths, colour, init, examples, the
// same figures from boundary and estimate, and the README's glossary covering the outputs' terms.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::testing::slurp;

using attestplan::testing::RunResult;

fs::path scratch_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-usability-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

/// Runs attestplan from the source folder with `env` (e.g. "COLUMNS=80") before it, standard
/// input from /dev/null and standard output to a file (not a terminal).
RunResult run(const std::string& args, const std::string& env = "") {
  return attestplan::testing::run_in_source(scratch_dir(), ATTESTPLAN_BIN, args,
                                            "env -u NO_COLOR -u COLUMNS " + env);
}

/// Runs attestplan on a pseudo-terminal (util-linux script(1)), as a person at a terminal would;
/// what the terminal showed, standard output and error together.
std::string run_on_terminal(const std::string& args, const std::string& env = "") {
  const auto out = scratch_dir() / "terminal";
  const std::string inner = std::string{"cd "} + ATTESTPLAN_SOURCE_DIR +
                            " && env -u NO_COLOR TERM=xterm " + env + " " + ATTESTPLAN_BIN + " " +
                            args;
  const std::string cmd =
      "script -qec '" + inner + "' /dev/null >'" + out.string() + "' 2>&1 </dev/null";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status)) << cmd;
  return slurp(out);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

const char* kExamples[] = {"hr-saas", "payments-fintech", "startup-type1"};

}  // namespace

TEST(Usability, MisspeltCommandSaysDidYouMean) {
  const auto r = run("estimat models/examples/hr-saas.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("error: unknown command 'estimat'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: did you mean 'estimate'?"), std::string::npos) << r.err;
}

TEST(Usability, MisspeltFlagSaysDidYouMean) {
  const auto r = run("estimate models/examples/hr-saas.toml --month 3");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("error: estimate takes no flag '--month'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: did you mean '--months'?"), std::string::npos) << r.err;
}

TEST(Usability, HelpShowsExamplesAndPlainValueNames) {
  for (const char* cmd :
       {"estimate", "boundary", "compare", "plan", "validate", "serve", "init", "examples"}) {
    const auto r = run(std::string{cmd} + " --help");
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Examples:\n  attestplan " + std::string{cmd}), std::string::npos)
        << cmd << "\n"
        << r.out;
    for (const char* jargon : {"TEXT", ":FILE", "INT", ":{", "REQUIRED"}) {
      EXPECT_EQ(r.out.find(jargon), std::string::npos) << cmd << " shows " << jargon << "\n"
                                                       << r.out;
    }
  }
  const auto estimate = run("estimate --help");
  EXPECT_NE(estimate.out.find("--rates FILE"), std::string::npos) << estimate.out;
  EXPECT_NE(estimate.out.find("-f,--format table|json|csv|markdown"), std::string::npos)
      << estimate.out;
}

TEST(Usability, ACommandOffersOnlyTheFlagsThatApplyToIt) {
  const auto examples = run("examples --help");
  for (const char* flag : {"--criteria", "--plugins", "--rates", "--format"}) {
    EXPECT_EQ(examples.out.find(flag), std::string::npos) << flag << "\n" << examples.out;
  }
  // Overrides that would change nothing in a command's output are not offered by it.
  const auto evidence = run("evidence --help");
  for (const char* flag : {"--currency", "--rates", "--seed", "--simulation", "--explain"}) {
    EXPECT_EQ(evidence.out.find(flag), std::string::npos) << flag << "\n" << evidence.out;
  }
  EXPECT_NE(evidence.out.find("--sampling FILE"), std::string::npos) << evidence.out;
  EXPECT_EQ(run("compare --help").out.find("--fail-on"), std::string::npos);
  const auto serve = run("serve --help");
  EXPECT_EQ(serve.out.find("--criteria"), std::string::npos) << serve.out;
  EXPECT_EQ(serve.out.find("--output"), std::string::npos) << serve.out;
  // Given anyway, they are refused with the command's name, before or after it.
  auto r = run("serve --criteria models/criteria/tsc-2017.toml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("serve takes no flag '--criteria'"), std::string::npos) << r.err;
  r = run("--criteria models/criteria/tsc-2017.toml examples");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--criteria does not apply to examples"), std::string::npos) << r.err;
  // The same flag means the same thing wherever it is offered: before or after the command.
  const auto before = run("--criteria models/criteria/tsc-2017.toml catalog criteria");
  const auto after = run("catalog criteria --criteria models/criteria/tsc-2017.toml");
  EXPECT_EQ(before.code, 0) << before.err;
  EXPECT_EQ(before.out, after.out);
}

TEST(Usability, HelpFitsTheTerminalAndEightyColumnsWithoutOne) {
  const std::vector<std::string> commands = {
      "",          "validate", "boundary", "catalog",  "estimate", "compare",
      "plan",      "evidence", "proposal", "drift",    "import",   "calibrate",
      "portfolio", "serve",    "plugins",  "examples", "init"};
  for (const auto& cmd : commands) {
    for (const auto& [env, width] :
         {std::pair{"COLUMNS=80", 80u}, std::pair{"COLUMNS=64", 64u}, std::pair{"", 80u}}) {
      const auto r = run(cmd + (cmd.empty() ? "" : " ") + "--help", env);
      ASSERT_EQ(r.code, 0) << cmd << ": " << r.err;
      for (const auto& line : lines_of(r.out))
        EXPECT_LE(code_points(line), width) << cmd << " (" << env << "): " << line;
    }
  }
  // A flag's description continues under its own column.
  const auto r = run("estimate --help", "COLUMNS=64");
  EXPECT_NE(r.out.find("  --plugins DIR               Directory searched for plugins\n"
                       "                              before $ATTESTPLAN_PLUGIN_PATH and\n"),
            std::string::npos)
      << r.out;
}

TEST(Usability, TablesFitEightyColumns) {
  for (const char* name : kExamples) {
    for (const char* cmd : {"estimate", "compare", "boundary", "plan", "estimate --explain"}) {
      const auto r = run(std::string{cmd} + " models/examples/" + name + ".toml", "COLUMNS=80");
      ASSERT_EQ(r.code, 0) << cmd << " " << name << ": " << r.err;
      for (const auto& line : lines_of(r.out)) {
        EXPECT_LE(code_points(line), 80u) << cmd << " " << name << ": " << line;
      }
    }
  }
  for (const char* cmd :
       {"catalog criteria", "plugins",
        "drift --baseline models/examples/hr-saas.toml --current "
        "models/examples/payments-fintech.toml",
        "examples", "portfolio models/examples", "calibrate docs/examples/firm-history.csv"}) {
    const auto r = run(cmd, "COLUMNS=80");
    ASSERT_EQ(r.code, 0) << cmd << ": " << r.err;
    for (const auto& line : lines_of(r.out))
      EXPECT_LE(code_points(line), 80u) << cmd << ": " << line;
  }
  // Without COLUMNS, and not on a terminal, lines are kept whole (for grep and diff).
  const auto wide = run("compare models/examples/hr-saas.toml");
  std::size_t longest = 0;
  for (const auto& line : lines_of(wide.out)) longest = std::max(longest, code_points(line));
  EXPECT_GT(longest, 120u);
}

TEST(Usability, FiguresAreRightAligned) {
  const auto r = run("estimate models/examples/hr-saas.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  // One central figure: P50 between P10 and P90; the sum of each line's mode is no column.
  EXPECT_EQ(r.out.find("likely"), std::string::npos) << r.out;
  const auto lines = lines_of(r.out);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("Cost (", 0) != 0 && lines[i] != "Auditor hours") continue;
    const auto& header = lines[i + 1];
    std::vector<std::size_t> ends;
    for (const char* h : {"P10", "P50", "P90"})
      ends.push_back(header.find(h) + std::string{h}.size());
    // Every row's figures end where their column's header ends.
    for (std::size_t k = i + 2; k < lines.size() && lines[k].rfind("  ", 0) == 0 &&
                                std::isdigit(static_cast<unsigned char>(lines[k].back()));
         ++k) {
      for (auto end : ends) {
        ASSERT_LE(end, lines[k].size()) << lines[k];
        EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(lines[k][end - 1]))) << header << "\n"
                                                                                 << lines[k];
        EXPECT_TRUE(end == lines[k].size() || lines[k][end] == ' ') << header << "\n" << lines[k];
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 8u) << r.out;
}

TEST(Usability, NoEscapeCodesWhenPipedOrWithNoColor) {
  for (const char* cmd : {"estimate", "boundary", "compare"}) {
    const auto piped = run(std::string{cmd} + " models/examples/hr-saas.toml");
    ASSERT_EQ(piped.code, 0) << piped.err;
    EXPECT_EQ(piped.out.find('\x1b'), std::string::npos) << cmd;
    EXPECT_EQ(piped.err.find('\x1b'), std::string::npos) << cmd;
    const auto no_color =
        run_on_terminal(std::string{"-q "} + cmd + " models/examples/hr-saas.toml", "NO_COLOR=1");
    EXPECT_NE(no_color.find("Fjord People ApS"), std::string::npos) << no_color;
    if (std::string{cmd} != "compare") {
      EXPECT_NE(no_color.find("warning [excluded-dependency]"), std::string::npos) << no_color;
    }
    EXPECT_EQ(no_color.find('\x1b'), std::string::npos) << cmd;
  }
  // On a terminal, and only there, severities are coloured.
  const auto terminal = run_on_terminal("-q estimate models/examples/hr-saas.toml");
  EXPECT_NE(terminal.find("\x1b[33mwarning\x1b[0m [excluded-dependency]"), std::string::npos)
      << terminal;
  const auto error = run_on_terminal("-q estimat x");
  EXPECT_NE(error.find("\x1b[1;31merror\x1b[0m: unknown command"), std::string::npos) << error;
}

TEST(Usability, InitWritesAModelThatValidates) {
  const auto model = scratch_dir() / "acme.toml";
  fs::remove(model);
  auto r =
      run("init --name 'Acme \"Fjord\" Ltd' --report soc2-type1 --cloud gcp --employees 40 "
          "--engineers 12 -o '" +
          model.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("next: attestplan validate"), std::string::npos) << r.err;
  const auto text = slurp(model);
  EXPECT_NE(text.find("name = \"Acme \\\"Fjord\\\" Ltd\""), std::string::npos) << text;
  EXPECT_NE(text.find("report = \"soc2-type1\""), std::string::npos) << text;
  EXPECT_NE(text.find("vendor = \"gcp\""), std::string::npos) << text;
  auto v = run("validate '" + model.string() + "'");
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.out.find("Acme \"Fjord\" Ltd, SOC 2 Type 1"), std::string::npos) << v.out;
  EXPECT_EQ(run("estimate '" + model.string() + "'").code, 0);

  // Defaults (stdin is not a terminal: nothing is asked), every cloud, to standard output.
  for (const char* cloud : {"aws", "azure", "none"}) {
    r = run(std::string{"init --cloud "} + cloud + " -o -");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto path = scratch_dir() / (std::string{cloud} + ".toml");
    std::ofstream(path) << r.out;
    EXPECT_EQ(run("validate '" + path.string() + "'").code, 0) << cloud << "\n" << r.out;
    // A newcomer's first model draws no warning, except the one that is true of it: with no cloud,
    // nothing carries physical access (CC6.4) until the model says who does.
    const auto e = run("estimate '" + path.string() + "'");
    EXPECT_EQ(e.code, 0) << e.err;
    std::size_t warnings = 0;
    for (std::size_t at = 0; (at = e.out.find("  warning [", at)) != std::string::npos; ++at)
      ++warnings;
    if (std::string{cloud} == "none") {
      EXPECT_EQ(warnings, 1u) << e.out;
      EXPECT_NE(e.out.find("warning [criterion-gap] criterion CC6.4"), std::string::npos) << e.out;
    } else {
      EXPECT_EQ(warnings, 0u) << cloud << "\n" << e.out;
    }
  }

  // An existing file is kept; a wrong answer names its flag; nothing is written either way.
  r = run("init -o '" + model.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("the file exists"), std::string::npos) << r.err;
  EXPECT_NE(slurp(model).find("Acme"), std::string::npos);
  const auto other = scratch_dir() / "other.toml";
  r = run("init --employees lots -o '" + other.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: --employees: 'lots' is not a whole number"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(other));
}

TEST(Usability, InitAsksOnATerminal) {
  const auto model = scratch_dir() / "asked.toml";
  fs::remove(model);
  // Answers typed at the prompts: a name, Enter for the default report, then the rest.
  const std::string answers = "Typed Co\\n\\n30\\n5\\nazure\\nEUR\\n";
  const std::string cmd = std::string{"cd "} + ATTESTPLAN_SOURCE_DIR + " && printf '" + answers +
                          "' | script -qec \"" + ATTESTPLAN_BIN + " init -o " + model.string() +
                          "\" /dev/null >'" + (scratch_dir() / "asked.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(scratch_dir() / "asked.log");
  const auto text = slurp(model);
  EXPECT_NE(text.find("name = \"Typed Co\""), std::string::npos)
      << slurp(scratch_dir() / "asked.log");
  EXPECT_NE(text.find("report = \"soc2-type2\""), std::string::npos) << text;
  EXPECT_NE(text.find("employees = 30"), std::string::npos) << text;
  EXPECT_NE(text.find("currency = \"EUR\""), std::string::npos) << text;
  EXPECT_EQ(run("validate '" + model.string() + "'").code, 0);
}

TEST(Usability, ExamplesSayWhatEachIsInOneLine) {
  const auto r = run("examples");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* name : kExamples) {
    const auto at = r.out.find(std::string{"  "} + name + " ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const auto line = r.out.substr(at, r.out.find('\n', at) - at);
    EXPECT_GT(line.size(), std::string{name}.size() + 30)
        << line;  // a description, not a bare name
  }
  EXPECT_NE(
      r.out.find("Fjord People ApS: a Copenhagen HR SaaS on AWS going for its first SOC 2 Type 2."),
      std::string::npos)
      << r.out;
}

TEST(Usability, BoundaryAndEstimateGiveTheSameVendorGap) {
  // "GitHub (github-inc): the reports it will have issued when this report is written run to
  // 2027-03-31; the one for the period ending 2028-03-31, which reaches ... for those 174 days"
  const std::regex gap{
      R"(\(([a-z0-9-]+)\): the reports it will have issued when this report is planned \(([0-9-]+)\) run to ([0-9-]+); the one for the period ending ([0-9-]+), which ([^.]+), comes later \(about 45 days after its period\)\. (?:A bridge letter from the vendor for those|A gap of) ([0-9]+) days)"};
  auto gaps = [&](const std::string& text) {
    std::map<std::string, std::string> out;
    for (std::sregex_iterator it{text.begin(), text.end(), gap}, end; it != end; ++it) {
      out[(*it)[1]] = (*it)[2].str() + " " + (*it)[3].str() + " " + (*it)[4].str() + " " +
                      (*it)[5].str() + " " + (*it)[6].str();
    }
    return out;
  };
  std::size_t compared = 0;
  for (const char* name : kExamples) {
    const std::string model = std::string{"models/examples/"} + name + ".toml";
    const auto boundary = run("boundary " + model);
    const auto estimate = run("estimate " + model);
    ASSERT_EQ(boundary.code, 0) << boundary.err;
    ASSERT_EQ(estimate.code, 0) << estimate.err;
    const auto b = gaps(boundary.out), e = gaps(estimate.out);
    EXPECT_EQ(b, e) << name;
    compared += b.size();
    // The boundary's window is the estimate's plan.
    EXPECT_EQ(boundary.out.find("assumed from the planning start"), std::string::npos) << name;
  }
  EXPECT_GE(compared, 5u);
}

TEST(Usability, ManPageAndBashCompletionWorkAfterInstalling) {
  const auto prefix = scratch_dir() / "prefix";
  fs::remove_all(prefix);
  const std::string install = "cmake --install '" + std::string{ATTESTPLAN_BUILD_DIR} +
                              "' --prefix '" + prefix.string() + "' >/dev/null";
  ASSERT_EQ(std::system(install.c_str()), 0);
  ASSERT_TRUE(fs::exists(prefix / "bin/attestplan"));
  const auto out = scratch_dir() / "man.txt";
  // As after the README's install step: with the prefix's bin on PATH, man finds the page beside
  // it (man-db looks in ../share/man of each PATH entry), no MANPATH needed.
  const std::string man = "cd / && env -u MANPATH LANG=C MANWIDTH=100 PATH='" +
                          (prefix / "bin").string() + ":'\"$PATH\" man -P cat attestplan >'" +
                          out.string() + "' 2>&1";
  ASSERT_EQ(std::system(man.c_str()), 0) << slurp(out);
  const auto page = slurp(out);
  for (const char* text : {"attestplan - plan SOC 2", "attestplan estimate", "--months N",
                           "EXIT STATUS", "NO_COLOR", "attestplan init --name"}) {
    EXPECT_NE(page.find(text), std::string::npos) << text << "\n" << page;
  }
  EXPECT_EQ(page.find("VALUE"), std::string::npos) << "a flag shown as taking a value\n" << page;
  // bash-completion loads the installed completion on demand (XDG_DATA_DIRS), and it completes a
  // command, a flag of that command and a flag's choices.
  const auto completions = scratch_dir() / "complete.txt";
  const std::string bash =
      "PATH='" + (prefix / "bin").string() + ":'\"$PATH\" XDG_DATA_DIRS='" +
      (prefix / "share").string() +
      "' bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion; "
      "__load_completion attestplan || exit 9; "
      "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; "
      "COMP_POINT=${#COMP_LINE}; _attestplan; "
      "echo \"${COMPREPLY[*]}\"; }; "
      "c attestplan esti; c attestplan estimate x.toml --mon; c attestplan estimate x.toml -f "
      "\"\"; c attestplan imp; "
      "c attestplan import terr' >'" +
      completions.string() + "' 2>&1";
  ASSERT_EQ(std::system(bash.c_str()), 0) << slurp(completions);
  const auto lines = lines_of(slurp(completions));
  ASSERT_EQ(lines.size(), 5u) << slurp(completions);
  EXPECT_EQ(lines[0], "estimate");
  EXPECT_EQ(lines[1], "--months");
  EXPECT_EQ(lines[2], "table json csv markdown");
  EXPECT_EQ(lines[3], "import");
  EXPECT_EQ(lines[4], "terraform");
}

TEST(Usability, ZshCompletionWorksAfterInstalling) {
  const auto prefix = scratch_dir() / "zsh-prefix";
  fs::remove_all(prefix);
  const std::string install = "cmake --install '" + std::string{ATTESTPLAN_BUILD_DIR} +
                              "' --prefix '" + prefix.string() + "' >/dev/null";
  ASSERT_EQ(std::system(install.c_str()), 0);
  const auto functions = prefix / "share/zsh/site-functions";
  ASSERT_TRUE(fs::exists(functions / "_attestplan"));
  auto complete = [&](const std::string& words) {
    const auto out = scratch_dir() / "zsh.txt";
    const std::string cmd = "PATH='" + (prefix / "bin").string() +
                            ":'\"$PATH\" timeout 30 zsh -f '" + ATTESTPLAN_SOURCE_DIR +
                            "/tests/cli/zsh_complete.zsh' '" + functions.string() + "' '" + words +
                            "' >'" + out.string() + "' 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << slurp(out);
    return slurp(out);
  };
  EXPECT_NE(complete("esti").find("attestplan estimate"), std::string::npos);
  EXPECT_NE(complete("estimate x.toml --mon").find("--months"), std::string::npos);
  EXPECT_NE(complete("import terr").find("attestplan import terraform"), std::string::npos);
}

TEST(Usability, TheGlossaryExplainsEveryAuditTermTheOutputsUse) {
  const auto readme = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "README.md");
  const auto start = readme.find("\n## Glossary");
  ASSERT_NE(start, std::string::npos);
  auto glossary = readme.substr(start, readme.find("\n## ", start + 1) - start);
  for (auto& c : glossary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Terms of the trade, each as an output writes it; the test fails when an output uses one and
  // the glossary does not explain it.
  const std::vector<std::string> terms = {"CUEC",
                                          "CSOC",
                                          "bridge letter",
                                          "PBC",
                                          "AT-C 205",
                                          "carve-out",
                                          "inclusive",
                                          "Type 1",
                                          "Type 2",
                                          "Trust Services Criteria",
                                          "TSC",
                                          "observation window",
                                          "subservice organization",
                                          "ISAE 3000",
                                          "SOC 2",
                                          "criteria",
                                          "control",
                                          "walkthrough",
                                          "population",
                                          "sample",
                                          "readiness",
                                          "remediation",
                                          "P10",
                                          "P50",
                                          "P90",
                                          "ledger",
                                          "finding",
                                          "system description",
                                          "as-of date",
                                          "renewal",
                                          "attestation",
                                          "quality review",
                                          "evidence",
                                          "CC9.2",
                                          "nonconformity",
                                          "vendor monitoring",
                                          "significant change",
                                          "audit window",
                                          "P80",
                                          "senior-manager",
                                          "[V]",
                                          "[F]",
                                          "[A]",
                                          "judgement"};
  std::string outputs;
  for (const char* name : kExamples) {
    const std::string model = std::string{" models/examples/"} + name + ".toml";
    for (const char* cmd : {"estimate --explain", "boundary", "compare", "plan",
                            "proposal -f markdown", "evidence"}) {
      outputs += run(std::string{cmd} + model).out;
    }
  }
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const auto used = lower(outputs);
  std::size_t found = 0;
  for (const auto& term : terms) {
    if (used.find(lower(term)) == std::string::npos) continue;
    ++found;
    EXPECT_NE(glossary.find(lower(term)), std::string::npos)
        << "the outputs use '" << term << "' and the glossary does not explain it";
  }
  EXPECT_GE(found, 20u);
  // Every acronym of two or more capitals the outputs use that no example model wrote is explained
  // too (currencies and file formats aside).
  std::string models;
  for (const char* name : kExamples)
    models +=
        slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples" / (std::string{name} + ".toml"));
  // (Control ids such as ACC-01 are the library's names, not terms; FILE is a placeholder.)
  const std::set<std::string> not_audit = {"USD", "EUR", "DKK",  "CSV", "JSON", "HTML", "ID",
                                           "IDS", "UTC", "TOML", "SVG", "FILE", "NAME"};
  const std::regex acronym{R"(\b[A-Z]{2,6}s?\b(?!-[0-9]))"};
  const auto glossary_text = readme.substr(start, readme.find("\n## ", start + 1) - start);
  std::set<std::string> unexplained;
  for (const auto& line : lines_of(outputs)) {
    // A table's header line (no lower-case letter) names columns, not terms.
    if (std::none_of(line.begin(), line.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      continue;
    for (std::sregex_iterator it{line.begin(), line.end(), acronym}, end; it != end; ++it) {
      std::string word = it->str();
      if (word.size() > 2 && word.back() == 's') word.pop_back();
      if (not_audit.count(word) || models.find(word) != std::string::npos) continue;
      if (!std::regex_search(glossary_text, std::regex{"\\b" + word + "\\b"}))
        unexplained.insert(word);
    }
  }
  EXPECT_TRUE(unexplained.empty()) << [&] {
    std::string s;
    for (const auto& w : unexplained) s += w + " ";
    return "not in the glossary: " + s;
  }();
}

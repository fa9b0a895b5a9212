// Tests for the command line's did-you-mean hints and the man page and completions written from
// its description (cli/suggest.cpp, cli/cli_doc.cpp).
#include "suggest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_doc.hpp"

namespace attestplan::cli {

namespace {

CliDoc sample() {
  CliDoc doc;
  doc.version = "0.1.0";
  doc.description = "Plans engagements.";
  doc.global_flags = {{{"-v", "--verbose"}, "", "Log more", {}},
                      {{"--criteria"}, "FILE", "", {}, true}};
  CommandDoc estimate{
      "estimate", "Estimate the engagement", {{"model", "FILE", "Model file", true, true}}, {}, {},
      {}};
  estimate.flags = {{{"-f", "--format"}, "table|json", "Output format", {"table", "json"}},
                    {{"--months"}, "N", "Window", {}},
                    {{"--rates"}, "FILE", "Rate card", {}},
                    {{"--explain"}, "", "Every line", {}}};
  estimate.examples = {"attestplan estimate builtin:examples/hr-saas.toml"};
  CommandDoc serve{"serve", "Serve the UI", {}, {{{"--port"}, "PORT", "Port", {}}}, {}, {}};
  CommandDoc import{"import", "Read inventories", {}, {}, {}, {}};
  import.commands = {CommandDoc {
    "terraform",
    "Terraform state",
    {{ "state",
       "FILE",
       "",
       true,
       true }},
    {},
    {},
    {}
  }};
  doc.commands = {estimate, serve, import};
  return doc;
}

std::optional<UsageProblem> problem(const std::vector<std::string>& args) {
  return find_usage_problem(sample(), args);
}

}  // namespace

TEST(Suggest, MisspeltCommandGetsTheNearestOne) {
  const auto p = problem({"estimat", "x.toml"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown command 'estimat'");
  EXPECT_EQ(p->hint, "did you mean 'estimate'?");
}

TEST(Suggest, UnrelatedCommandListsTheCommands) {
  const auto p = problem({"frobnicate"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hint, "the commands are: estimate, serve, import");
}

TEST(Suggest, MisspeltFlagGetsTheNearestFlagOfThatCommand) {
  const auto p = problem({"estimate", "x.toml", "--month", "3"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "estimate takes no flag '--month'");
  EXPECT_EQ(p->hint, "did you mean '--months'?");
  const auto eq = problem({"estimate", "x.toml", "--formt=json"});
  ASSERT_TRUE(eq);
  EXPECT_EQ(eq->hint, "did you mean '--format'?");
}

TEST(Suggest, AFlagOfAnotherCommandSaysWhichCommandTakesIt) {
  const auto p = problem({"serve", "--explain"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "serve takes no flag '--explain'");
  EXPECT_NE(p->hint.find("--explain belongs to estimate"), std::string::npos) << p->hint;
}

TEST(Suggest, ValuesOfFlagsAreNotTakenForFlagsOrCommands) {
  EXPECT_FALSE(problem({"estimate", "x.toml", "--months", "-3"}));
  EXPECT_FALSE(problem({"-v", "estimate", "x.toml", "-f", "json", "--explain", "-v"}));
  EXPECT_FALSE(problem({"--criteria", "c.toml", "estimate", "x.toml"}));
  EXPECT_FALSE(problem({"estimate", "--", "--not-a-flag.toml"}));
}

TEST(Suggest, CommandsOfACommandAreCheckedToo) {
  const auto p = problem({"import", "terrafrom", "state.json"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "unknown command 'terrafrom' for import");
  EXPECT_EQ(p->hint, "did you mean 'terraform'?");
  EXPECT_FALSE(problem({"import", "terraform", "state.json"}));
}

TEST(Suggest, NoCommandSaysWhichThereAre) {
  const auto p = problem({"-v"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "a command is required");
}

TEST(CliDoc, ManPageHasEveryCommandFlagAndExampleButNotHiddenFlags) {
  const auto man = man_page(sample(), "2026-11-30");
  EXPECT_EQ(man.find(".TH ATTESTPLAN 1 \"2026-11-30\" \"attestplan 0.1.0\""), man.find(".TH"));
  EXPECT_NE(man.find(".SS \"attestplan estimate\""), std::string::npos);
  EXPECT_NE(man.find(".SS \"attestplan import terraform\""), std::string::npos);
  EXPECT_NE(man.find("\\fB\\-\\-months\\fR \\fIN\\fR"), std::string::npos);
  EXPECT_NE(man.find("attestplan estimate builtin:examples/hr\\-saas.toml"), std::string::npos);
  EXPECT_EQ(man.find("criteria"), std::string::npos);
}

TEST(CliDoc, CompletionsOfferCommandsFlagsAndChoices) {
  const auto bash = bash_completion(sample());
  EXPECT_NE(bash.find("complete -F _attestplan attestplan"), std::string::npos);
  EXPECT_NE(bash.find("'estimate serve import -v --verbose'"), std::string::npos) << bash;
  EXPECT_NE(bash.find("-f|--format) COMPREPLY=($(compgen -W 'table json'"), std::string::npos)
      << bash;
  EXPECT_NE(bash.find("--rates) _attestplan_files"), std::string::npos) << bash;
  const auto zsh = zsh_completion(sample());
  EXPECT_EQ(zsh.rfind("#compdef attestplan", 0), 0u);
  EXPECT_NE(zsh.find("'estimate:Estimate the engagement'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--months[Window]:N:'"), std::string::npos) << zsh;
}

}  // namespace attestplan::cli

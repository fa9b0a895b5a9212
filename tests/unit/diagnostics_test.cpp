// Tests for diagnostics.cpp: formatting, edit distance, suggestions.
#include "attestplan/diagnostics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/loader.hpp"

namespace attestplan {

TEST(Diagnostics, FormatsLocationSeverityCaretAndHint) {
  Diagnostic d{Severity::Error, "unknown key 'nmae'", {"m.toml", 2, 3}, "did you mean 'name'?"};
  const auto text = format_diagnostic(d, "a = 1\n  nmae = 2\n");
  EXPECT_EQ(text,
            "m.toml:2:3: error: unknown key 'nmae'\n"
            "      nmae = 2\n"
            "      ^\n"
            "  hint: did you mean 'name'?\n");
}

TEST(Diagnostics, CountsOnlyErrors) {
  Diagnostics diags;
  diags.warning("w", {});
  diags.error("e", {});
  diags.note("n", {});
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items().size(), 3u);
}

TEST(Diagnostics, EditDistanceIsLevenshtein) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Diagnostics, NearestSuggestsOnlyPlausibleTypos) {
  const std::vector<std::string> keys{"employees", "engineers", "maturity", "name"};
  EXPECT_EQ(nearest("employes", keys), "employees");
  EXPECT_EQ(nearest("maturty", keys), "maturity");
  EXPECT_EQ(nearest("colour", keys), "");
}

}  // namespace attestplan

TEST(Diagnostics, SuggestionsAreBoundedPerReportAndPerSearch) {
  using namespace attestplan;
  // Only the first kMaxSuggestions questions get an answer: a model of many unknown names costs a
  // bounded search, and a report shows only the first problems anyway.
  Diagnostics diags;
  const std::vector<std::string> ids{"customer-db", "web-app"};
  std::size_t answered = 0;
  for (std::size_t i = 0; i < Diagnostics::kMaxSuggestions + 50; ++i) {
    if (!diags.suggest("custmer-db", ids).empty()) ++answered;
  }
  EXPECT_EQ(answered, Diagnostics::kMaxSuggestions);
  // Each search looks at a bounded number of candidates, and skips words too long to be a typo.
  std::vector<std::string> many(kMaxSuggestionCandidates, "unrelated-name");
  many.push_back("customer-db");  // past the bound: not looked at
  EXPECT_EQ(nearest("custmer-db", many), "");
  many.insert(many.begin(), "customer-db");
  EXPECT_EQ(nearest("custmer-db", many), "customer-db");
  EXPECT_EQ(
      nearest(std::string(kMaxSuggestedLength + 1, 'a'), {std::string(kMaxSuggestedLength, 'a')}),
      "");
}

TEST(Diagnostics, AModelOfManyUnknownIdsSuggestsForTheFirstOnly) {
  using namespace attestplan;
  std::string text =
      "schema = \"attestplan/1\"\n[organization]\nname = \"X\"\nemployees = 10\n"
      "[engagement]\nreport = \"soc2-type2\"\n[[service]]\nid = \"svc\"\nuses = [";
  for (int i = 0; i < 300; ++i)
    text += (i ? ", " : "") + std::string{"\"app-"} + std::to_string(i) + "x\"";
  text += "]\n";
  for (int i = 0; i < 300; ++i)
    text += "[[component]]\nid = \"app-" + std::to_string(i) + "\"\nkind = \"software\"\n";
  const auto r = load_model_text(text, "many.toml", CriteriaCatalog::builtin());
  std::size_t unknown = 0, hinted = 0;
  for (const auto& d : r.diagnostics.items()) {
    if (d.message.find("unknown id 'app-") == std::string::npos) continue;
    ++unknown;
    if (d.hint.find("did you mean") != std::string::npos) ++hinted;
  }
  EXPECT_EQ(unknown, 300u);
  EXPECT_EQ(hinted, Diagnostics::kMaxSuggestions);
}

// Tests for diagnostics.cpp: formatting, edit distance, suggestions.
#include "attestplan/diagnostics.hpp"

#include <gtest/gtest.h>

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

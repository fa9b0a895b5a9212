// Tests for TextTable and fit_lines: figures right-aligned, tables and prose fitted to a width.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t widest(const std::string& text) {
  std::size_t w = 0;
  for (const auto& l : lines_of(text)) w = std::max(w, display_width(l));
  return w;
}

}  // namespace

TEST(TextTable, FiguresAreRightAlignedHeaderIncluded) {
  TextTable t({"ITEM", "P50", "RANGE"});
  t.add_row({"Auditor's fee", "82,400", "69,800 (1–2)"});
  t.add_row({"Tooling", "9,100", "-"});
  t.add_row({"Share", "91 %", "100 (90–110)"});
  const auto lines = lines_of(t.render(""));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "ITEM              P50         RANGE");
  EXPECT_EQ(lines[1], "Auditor's fee  82,400  69,800 (1–2)");
  EXPECT_EQ(lines[2], "Tooling         9,100             -");
  EXPECT_EQ(lines[3], "Share            91 %  100 (90–110)");
}

TEST(TextTable, TextColumnsStayLeftAligned) {
  EXPECT_TRUE(is_figure("1,250"));
  EXPECT_TRUE(is_figure("-3.5"));
  EXPECT_TRUE(is_figure("962,800 (849,000–1,079,700)"));
  EXPECT_FALSE(is_figure("2027-11-02"));
  EXPECT_FALSE(is_figure("91 % (met), +14 d likely"));
  EXPECT_FALSE(is_figure("CC6.1"));
  EXPECT_FALSE(is_figure(""));
}

TEST(TextTable, TooWideWrapsTheTextColumnWithinTheWidth) {
  TextTable t({"VERDICT", "COMPONENT", "REASON"});
  t.add_row(
      {"in-scope", "api",
       "reached from platform: uses web, uses api, runs on cluster, accessed by engineering"});
  const auto text = t.render("  ", 50);
  EXPECT_LE(widest(text), 50u) << text;
  const auto lines = lines_of(text);
  ASSERT_GE(lines.size(), 3u);
  // The continuation stays in the REASON column.
  const auto column = lines[0].find("REASON");
  EXPECT_EQ(lines[2].find_first_not_of(' '), column) << text;
  // Every word is still there.
  std::string joined;
  for (std::size_t i = 1; i < lines.size(); ++i) joined += lines[i].substr(column) + " ";
  EXPECT_NE(joined.find("accessed by engineering"), std::string::npos) << text;
}

TEST(TextTable, FarTooWideBecomesOneBlockPerRow) {
  TextTable t({"SCENARIO", "FIRST REPORT", "YEAR ONE (DKK)", "TWO YEARS (DKK)", "AUDITOR HOURS"});
  t.add_row({"Type 1 now, then a 6-month Type 2", "2027-04-26 (2027-04-14 to 2027-05-09)",
             "1,241,900 (1,109,700–1,379,900)", "1,976,000 (1,743,300–2,209,300)",
             "569 (490–652)"});
  t.add_row({"Type 2 directly, 3-month window", "2027-08-02 (2027-07-20 to 2027-08-16)",
             "945,600 (834,800–1,060,800)", "1,676,300 (1,472,300–1,888,600)", "371 (315–435)"});
  const auto text = t.render("  ", 60);
  EXPECT_LE(widest(text), 60u) << text;
  EXPECT_NE(text.find("  Type 1 now, then a 6-month Type 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    YEAR ONE (DKK)   1,241,900 (1,109,700–1,379,900)\n"), std::string::npos)
      << text;
}

TEST(TextTable, NoWidthKeepsTheNaturalLayout) {
  TextTable t({"A", "B"});
  t.add_row({std::string(200, 'x'), "1"});
  EXPECT_EQ(t.render("", 0), t.render(""));
  EXPECT_GT(widest(t.render("")), 200u);
}

TEST(FitLines, WrapsProseWithAHangingIndentAndKeepsShortLines) {
  const std::string text =
      "Findings (1)\n  warning [bridge-letter] GitHub (github-inc): its report period ends "
      "2027-03-31, 94 days "
      "before the audit window ends (2027-07-03): a bridge letter must cover the gap\n";
  const auto fitted = fit_lines(text, 40);
  EXPECT_LE(widest(fitted), 40u) << fitted;
  const auto lines = lines_of(fitted);
  EXPECT_EQ(lines[0], "Findings (1)");
  EXPECT_EQ(lines[1].rfind("  warning [bridge-letter]", 0), 0u) << fitted;
  for (std::size_t i = 2; i < lines.size(); ++i)
    EXPECT_EQ(lines[i].rfind("    ", 0), 0u) << lines[i];
  EXPECT_EQ(fit_lines(text, 0), text);
}

TEST(FitLines, BreaksAWordLongerThanTheLineAndCountsCodePoints) {
  const auto fitted = fit_lines(std::string(25, 'a') + "\n", 10);
  EXPECT_EQ(fitted, "aaaaaaaaaa\naaaaaaaaaa\naaaaa\n");
  EXPECT_EQ(fit_lines("ø→ø→ø→ø→\n", 8), "ø→ø→ø→ø→\n");
}

}  // namespace attestplan

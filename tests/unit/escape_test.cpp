// Escaping per context (escape.hpp): what each context must not let through.
#include "attestplan/escape.hpp"

#include <gtest/gtest.h>

using namespace attestplan;

TEST(Escape, HtmlTextAndAttributesCannotBecomeMarkup) {
  EXPECT_EQ(escape_html("<b a=\"1\" c='2'>&</b>"),
            "&lt;b a=&quot;1&quot; c=&#39;2&#39;&gt;&amp;&lt;/b&gt;");
  EXPECT_EQ(escape_html("Fjord ApS"), "Fjord ApS");
}

TEST(Escape, ACssStringCannotBeEndedByAQuoteABackslashOrAnyLineBreak) {
  // A form feed, newline or carriage return ends a CSS string as a quote does (CSS Syntax 4.3.5).
  const std::string payload = "A\f\"} * { display:none } x{x:'\n\r\\";
  const auto css = css_string(payload);
  ASSERT_GE(css.size(), 2u);
  EXPECT_EQ(css.front(), '"');
  EXPECT_EQ(css.back(), '"');
  const auto inside = css.substr(1, css.size() - 2);
  EXPECT_EQ(inside.find_first_of("\"'\f\n\r{};"), std::string::npos) << inside;
  // Each backslash left starts a hex escape of the character it stands for.
  for (std::size_t at = inside.find('\\'); at != std::string::npos;
       at = inside.find('\\', at + 1)) {
    ASSERT_LT(at + 1, inside.size());
    EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(inside[at + 1]))) << inside;
  }
  EXPECT_NE(inside.find("\\22 "), std::string::npos);  // the quote
  EXPECT_NE(inside.find("\\5c "), std::string::npos);  // the backslash
  // Plain words and non-ASCII text are kept as they are.
  EXPECT_EQ(css_string("Proposal for Fjord People ApS · 6 December 2026"),
            "\"Proposal for Fjord People ApS \xc2\xb7 6 December 2026\"");
}

TEST(Escape, TerminalTextDropsControlsButKeepsTextTabsAndNewlines) {
  EXPECT_EQ(terminal_text(std::string{"a\x1b[31mred\x07", 9} + std::string(1, '\0') + "b"),
            "a[31mredb");
  EXPECT_EQ(terminal_text(std::string{"x\0y", 3}), "xy");
  EXPECT_EQ(terminal_text("\xc2\x9b"
                          "2J\xc2\x85 Kø\tb\n"),
            "2J Kø\tb\n");  // CSI and NEL are C1 controls
  EXPECT_EQ(terminal_text("\x7f"), "");
}

TEST(Escape, MarkdownEscapesMarkupAndDropsTerminalControls) {
  EXPECT_EQ(escape_markdown("a|b*c_[d](e)<f>#`"), "a\\|b\\*c\\_\\[d\\](e)\\<f\\>\\#\\`");
  EXPECT_EQ(escape_markdown("one\ntwo\x1b]0;title\x07"), "one two\\]0;title");
}

TEST(Escape, CsvCellsASpreadsheetWouldEvaluateAreNeutralised) {
  // OWASP: a cell that begins with = + - @ tab or CR is a formula to a spreadsheet.
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\tx"), "\"'\tx\"");
  // Numbers stay numbers, plain text stays plain, RFC 4180 quoting still applies.
  EXPECT_EQ(csv_field("-12.5"), "-12.5");
  EXPECT_EQ(csv_field("+3"), "+3");
  EXPECT_EQ(csv_field("-1,234"), "\"-1,234\"");
  EXPECT_EQ(csv_field("Fjord ApS"), "Fjord ApS");
  EXPECT_EQ(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
  EXPECT_EQ(csv_field(""), "");
}

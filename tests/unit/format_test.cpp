// Tests for number formatting: the fast path for small values must print exactly what the exact
// decimal conversion (std::to_chars, fixed) prints, ties included.
#include "attestplan/format.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <random>
#include <string>

namespace attestplan {

namespace {

std::string exact(double v, int decimals) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

}  // namespace

TEST(Format, NumbersDropTrailingZerosAndNegativeZero) {
  EXPECT_EQ(format_number(12.0), "12");
  EXPECT_EQ(format_number(1.5), "1.5");
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(0.05, 1), "0.1");
  EXPECT_EQ(format_number(-0.001), "0");
  EXPECT_EQ(format_number(-2.75, 1), "-2.8");
  EXPECT_EQ(format_number(1234.5678, 3), "1234.568");
  EXPECT_EQ(format_range(Range{1, 1.5, 2.25}), "1/1.5/2.25");
}

TEST(Format, TiesAreRoundedAsTheExactConversionRoundsThem) {
  // 0.125 and 0.375 are exact binary values: a tie at 2 decimals, rounded to even.
  for (double v : {0.125, 0.375, 2.625, 1.0625, 0.5, 2.5}) {
    for (int d = 0; d <= 4; ++d) EXPECT_EQ(format_number(v, d), exact(v, d)) << v << " " << d;
  }
}

TEST(Format, SmallValuesMatchTheExactConversion) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> any(-1000, 1000);
  std::uniform_int_distribution<int> eighths(-80000, 80000);
  for (int i = 0; i < 200000; ++i) {
    const double v = i % 2 ? any(rng) : eighths(rng) / 8.0;
    const int d = i % 5;
    ASSERT_EQ(format_number(v, d), exact(v, d)) << v << " " << d;
  }
}

TEST(Format, CatJoinsPiecesOfEveryStringKindIntoOneAllocation) {
  const std::string id = "CC6.1-03";
  const std::string_view sep = " · ";
  EXPECT_EQ(cat("effort.samples.", id), "effort.samples.CC6.1-03");
  EXPECT_EQ(cat(id, sep, std::string{"title"}, "", std::string_view{}), "CC6.1-03 · title");
  EXPECT_EQ(cat(), "");
  const std::string long_text(300, 'x');
  const auto joined = cat(long_text, "-", long_text);
  EXPECT_EQ(joined.size(), 601u);
  EXPECT_EQ(joined.capacity(), 601u);  // sized once, not grown
}

}  // namespace attestplan

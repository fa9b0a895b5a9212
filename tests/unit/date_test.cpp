// Tests for date.cpp: strict parsing and month arithmetic.
#include "attestplan/date.hpp"

#include <gtest/gtest.h>

namespace attestplan {

TEST(Date, PrintsIsoDatesWithFourDigitYearsAndPaddedFields) {
  EXPECT_EQ(Date(2027, 12, 31).to_string(), "2027-12-31");
  EXPECT_EQ(Date(2030, 10, 9).to_string(), "2030-10-09");
  EXPECT_EQ(Date(999, 3, 9).to_string(), "0999-03-09");
  EXPECT_EQ(Date(10000, 1, 1).to_string(), "10000-01-01");  // past four digits: printed as it is
  for (int day = 0; day < 800; day += 37) {  // every printed date reads back as itself
    const Date d = Date(2027, 1, 1).plus_days(day);
    EXPECT_EQ(Date::parse(d.to_string())->days_until(d), 0) << d.to_string();
  }
}

TEST(Date, ParsesStrictIsoDates) {
  ASSERT_TRUE(Date::parse("2027-01-04"));
  EXPECT_EQ(Date::parse("2027-01-04")->to_string(), "2027-01-04");
  EXPECT_TRUE(Date::parse("2028-02-29"));   // leap year
  EXPECT_FALSE(Date::parse("2027-02-29"));  // not a leap year
  EXPECT_FALSE(Date::parse("2027-13-01"));
  EXPECT_FALSE(Date::parse("2027-1-4"));
  EXPECT_FALSE(Date::parse("next tuesday"));
  EXPECT_FALSE(Date::parse("2027-01-04T00:00"));
}

TEST(Date, AddsMonthsClampingToTheMonthEnd) {
  EXPECT_EQ(Date(2027, 1, 31).plus_months(1).to_string(), "2027-02-28");
  EXPECT_EQ(Date(2027, 1, 4).plus_months(6).to_string(), "2027-07-04");
  EXPECT_EQ(Date(2027, 11, 30).plus_months(3).to_string(), "2028-02-29");
}

TEST(Date, CountsDaysBetweenDates) {
  EXPECT_EQ(Date(2027, 1, 1).days_until(Date(2028, 1, 1)), 365);
  EXPECT_EQ(Date(2027, 1, 10).days_until(Date(2027, 1, 1)), -9);
  EXPECT_EQ(Date(2027, 1, 1).plus_days(59).to_string(), "2027-03-01");
}

}  // namespace attestplan

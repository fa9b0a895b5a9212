// Tests for date.cpp: strict parsing and month arithmetic.
#include "attestplan/date.hpp"

#include <gtest/gtest.h>

namespace attestplan {

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

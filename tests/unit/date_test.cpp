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

TEST(Date, KnowsEachCountrysPublicHolidaysAndMovesWorkingDaysPastThem) {
  auto holiday = [](const char* iso, const char* country) {
    return public_holiday(*Date::parse(iso), country);
  };
  // Easter moves: Easter Monday 2024, 2025, 2026, 2027 in Denmark.
  for (const char* d : {"2024-04-01", "2025-04-21", "2026-04-06", "2027-03-29"})
    EXPECT_EQ(holiday(d, "DK"), "Easter Monday") << d;
  EXPECT_EQ(holiday("2027-03-25", "DK"), "Maundy Thursday");
  EXPECT_EQ(holiday("2027-05-06", "DK"), "Ascension Day");
  EXPECT_EQ(holiday("2027-05-17", "DK"), "Whit Monday");
  EXPECT_EQ(holiday("2027-12-24", "DK"), "Christmas Eve");
  EXPECT_FALSE(holiday("2027-04-23", "DK")) << "Store Bededag is abolished from 2024";
  EXPECT_FALSE(holiday("2027-03-25", "DE")) << "Maundy Thursday is not a German holiday";
  EXPECT_EQ(holiday("2027-10-03", "DE"), "Day of German Unity");
  // The US observes a weekend holiday on the Friday before or the Monday after.
  EXPECT_EQ(holiday("2027-07-05", "US"), "Independence Day");
  EXPECT_EQ(holiday("2027-06-18", "US"), "Juneteenth National Independence Day");
  EXPECT_EQ(holiday("2027-12-31", "US"), "New Year's Day");
  EXPECT_EQ(holiday("2027-11-25", "US"), "Thanksgiving Day");
  // England and Wales: Christmas on a Saturday is replaced by the Monday, Boxing Day by the
  // Tuesday.
  EXPECT_EQ(holiday("2027-12-27", "GB"), "Christmas Day");
  EXPECT_EQ(holiday("2027-12-28", "GB"), "Boxing Day");
  EXPECT_EQ(holiday("2027-05-31", "GB"), "Spring bank holiday");
  EXPECT_EQ(holiday("2027-06-25", "SE"), "Midsummer Eve");
  EXPECT_EQ(holiday("2027-05-17", "NO"), "Constitution Day");
  // A country whose holidays are not known: weekdays only.
  EXPECT_FALSE(knows_public_holidays("FR"));
  EXPECT_FALSE(holiday("2027-12-25", "FR"));
  // Working days step past weekends and holidays: Good Friday to Easter Monday is Tuesday in DK.
  EXPECT_EQ(Date::parse("2027-03-26")->working_day("DK").to_string(), "2027-03-30");
  EXPECT_EQ(Date::parse("2027-03-29")->working_day_before("DK").to_string(), "2027-03-24");
  EXPECT_EQ(Date::parse("2027-03-26")->working_day().to_string(), "2027-03-26")
      << "no country: weekdays";
}

TEST(Date, FieldworkWeeksAvoidChristmasAndTheSummerHolidayWeeks) {
  // Christmas to New Year everywhere attestplan knows; Denmark's summer weeks 28-30 (2027: 12 July
  // to 1 August).
  EXPECT_TRUE(holiday_season(*Date::parse("2027-12-29"), "US"));
  EXPECT_TRUE(holiday_season(*Date::parse("2028-01-01"), "DK"));
  EXPECT_FALSE(holiday_season(*Date::parse("2028-01-03"), "DK"));
  const auto summer = holiday_season(*Date::parse("2027-07-20"), "DK");
  ASSERT_TRUE(summer);
  EXPECT_EQ(summer->first.to_string(), "2027-07-12");
  EXPECT_EQ(summer->second.to_string(), "2027-08-01");
  EXPECT_FALSE(holiday_season(*Date::parse("2027-07-20"), "US"));
  EXPECT_FALSE(holiday_season(*Date::parse("2027-07-20"), "FR")) << "unknown country: none";
  // A visit planned in a season moves to the first clear week; after Easter Monday it starts
  // Tuesday. The two weeks before the visit, when the items are selected and gathered, are clear
  // too (review 10: items due on 3 January were gathered over Christmas, on 2 August in the summer
  // weeks).
  EXPECT_EQ(fieldwork_week(*Date::parse("2027-12-27"), "DK").to_string(), "2028-01-17");
  EXPECT_EQ(fieldwork_week(*Date::parse("2027-07-12"), "DK").to_string(), "2027-08-16");
  EXPECT_EQ(fieldwork_week(*Date::parse("2027-07-12"), "US").to_string(), "2027-07-12");
  EXPECT_EQ(fieldwork_week(*Date::parse("2027-03-29"), "DK").to_string(), "2027-03-30");
  // A week that only starts in a season's last days moves too: 2026-12-28 runs into 1 January.
  EXPECT_EQ(fieldwork_week(*Date::parse("2026-12-28"), "GB").to_string(), "2027-01-18");
  // A due date in a season comes before it when the evidence exists by then, else well after it.
  EXPECT_EQ(
      due_clear_of_season(*Date::parse("2027-07-14"), *Date::parse("2027-06-30"), "DK").to_string(),
      "2027-07-09");
  EXPECT_EQ(
      due_clear_of_season(*Date::parse("2027-07-14"), *Date::parse("2027-07-12"), "DK").to_string(),
      "2027-08-09");
  EXPECT_EQ(
      due_clear_of_season(*Date::parse("2027-07-14"), *Date::parse("2027-06-30"), "US").to_string(),
      "2027-07-14");
}

}  // namespace attestplan

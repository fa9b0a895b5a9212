// Calendar dates (no time of day) for engagement planning: parsing, arithmetic, printing.
#pragma once

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "attestplan/export.hpp"

namespace attestplan {

/// A calendar date. Stored as days since the Unix epoch so arithmetic and comparison are cheap.
class ATTESTPLAN_API Date {
 public:
  Date() = default;
  explicit Date(std::chrono::sys_days days) : days_(days) {}
  Date(int year, unsigned month, unsigned day);

  /// Strict ISO 8601 "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
  static std::optional<Date> parse(std::string_view text);
  /// Today in UTC.
  static Date today();
  /// The date `days` days after 1970-01-01, rounded to the nearest day (how the ledger stores
  /// dates).
  static Date from_serial(double days) {
    return Date{std::chrono::sys_days{std::chrono::days{static_cast<long>(std::lround(days))}}};
  }
  /// Days since 1970-01-01.
  [[nodiscard]] double serial() const {
    return static_cast<double>(days_.time_since_epoch().count());
  }

  [[nodiscard]] std::string to_string() const;  ///< "YYYY-MM-DD"
  [[nodiscard]] std::chrono::sys_days days() const { return days_; }
  [[nodiscard]] std::chrono::year_month_day ymd() const { return {days_}; }

  [[nodiscard]] Date plus_days(long n) const;
  /// Same day of month n months later, clamped to the month's last day (Jan 31 + 1 month = Feb
  /// 28/29).
  [[nodiscard]] Date plus_months(int n) const;
  /// Whole days from this date to `later` (negative when `later` is earlier).
  [[nodiscard]] long days_until(Date later) const;
  /// Monday to Friday.
  [[nodiscard]] bool is_weekday() const;
  /// A weekday that is not a public holiday of `country` (ISO 3166 alpha-2; public_holiday below):
  /// with no country, or one whose holidays attestplan does not know, any weekday.
  [[nodiscard]] bool is_working_day(std::string_view country = {}) const;
  /// This date, or the first working day after it: a date someone must act by.
  [[nodiscard]] Date working_day(std::string_view country = {}) const;
  /// This date, or the last working day before it: a date something is dated by.
  [[nodiscard]] Date working_day_before(std::string_view country = {}) const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;

 private:
  std::chrono::sys_days days_{};
};

/// The public holiday `d` is in `country` (ISO 3166 alpha-2), by its name, when attestplan knows
/// the country's holidays (DK, DE, GB, NO, SE, US: docs/sources.md); nullopt otherwise. Days an
/// office is customarily closed (24 December in DK, DE, NO and SE) count as holidays.
ATTESTPLAN_API std::optional<std::string_view> public_holiday(Date d, std::string_view country);
/// Whether attestplan knows `country`'s public holidays.
ATTESTPLAN_API bool knows_public_holidays(std::string_view country);
/// The weeks offices of `country` largely close, which fieldwork avoids: Christmas to New Year
/// (24 December to 1 January) where attestplan knows the holidays, and the summer holiday weeks
/// (DK and NO: ISO weeks 28 to 30; SE: 28 to 31). The season `d` falls in, as its first and last
/// day; nullopt when it falls in none.
ATTESTPLAN_API std::optional<std::pair<Date, Date>> holiday_season(Date d,
                                                                   std::string_view country);
/// The first working day of a fieldwork week at or after `monday` (a Monday) whose five days, and
/// the two weeks before them (the auditor selects the items, the client gathers them for a week
/// before the visit), fall in no holiday season of `country`: the Monday, or the Tuesday after an
/// Easter or Whit Monday.
ATTESTPLAN_API Date fieldwork_week(Date monday, std::string_view country);
/// A due date kept out of `country`'s holiday seasons, so that the work before it is not done in
/// one: one falling in a season is brought to the last working day before it when that is still on
/// or after `earliest` (the day the evidence can exist), else moved to the first working day of the
/// second week after the season.
ATTESTPLAN_API Date due_clear_of_season(Date due, Date earliest, std::string_view country);

}  // namespace attestplan

// Calendar dates (no time of day) for engagement planning: parsing, arithmetic, printing.
#pragma once

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

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
  /// The date `days` days after 1970-01-01, rounded to the nearest day (how the ledger stores dates).
  static Date from_serial(double days) {
    return Date{std::chrono::sys_days{std::chrono::days{static_cast<long>(std::lround(days))}}};
  }
  /// Days since 1970-01-01.
  [[nodiscard]] double serial() const { return static_cast<double>(days_.time_since_epoch().count()); }

  [[nodiscard]] std::string to_string() const;  ///< "YYYY-MM-DD"
  [[nodiscard]] std::chrono::sys_days days() const { return days_; }
  [[nodiscard]] std::chrono::year_month_day ymd() const { return {days_}; }

  [[nodiscard]] Date plus_days(long n) const;
  /// Same day of month n months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
  [[nodiscard]] Date plus_months(int n) const;
  /// Whole days from this date to `later` (negative when `later` is earlier).
  [[nodiscard]] long days_until(Date later) const;
  /// Monday to Friday (public holidays are each country's, and not known here).
  [[nodiscard]] bool is_weekday() const;
  /// This date, or the Monday after it when it falls on a weekend: a date someone must act by.
  [[nodiscard]] Date working_day() const;
  /// This date, or the Friday before it when it falls on a weekend: a date something is dated by.
  [[nodiscard]] Date working_day_before() const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;

 private:
  std::chrono::sys_days days_{};
};

}  // namespace attestplan

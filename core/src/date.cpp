// Calendar dates: strict ISO parsing and month arithmetic on std::chrono's calendar types.
#include "attestplan/date.hpp"

#include <cstdio>

namespace attestplan {

using namespace std::chrono;

Date::Date(int y, unsigned m, unsigned d) : days_(sys_days{year{y} / month{m} / day{d}}) {}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{sys_days{ymd}};
}

Date Date::today() { return Date{floor<std::chrono::days>(system_clock::now())}; }

std::string Date::to_string() const {
  const year_month_day ymd{days_};
  const int y = static_cast<int>(ymd.year());
  const auto m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) {  // outside ISO 8601's four digits: printf's spelling
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
  }
  // The dates of an estimate are printed by the dozen: digits directly, not through printf.
  const auto uy = static_cast<unsigned>(y);
  const char text[10] = {static_cast<char>('0' + uy / 1000), static_cast<char>('0' + uy / 100 % 10),
                         static_cast<char>('0' + uy / 10 % 10), static_cast<char>('0' + uy % 10), '-',
                         static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                         static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  return std::string(text, sizeof text);
}

Date Date::plus_days(long n) const { return Date{days_ + std::chrono::days{n}}; }

Date Date::plus_months(int n) const {
  const year_month_day ymd{days_};
  year_month_day moved = ymd + months{n};
  if (!moved.ok()) moved = moved.year() / moved.month() / last;
  return Date{sys_days{moved}};
}

long Date::days_until(Date later) const {
  return static_cast<long>((later.days_ - days_).count());
}

bool Date::is_weekday() const {
  const std::chrono::weekday wd{days_};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

Date Date::working_day_before() const {
  Date d = *this;
  while (!d.is_weekday()) d = d.plus_days(-1);
  return d;
}

Date Date::working_day() const {
  Date d = *this;
  while (!d.is_weekday()) d = d.plus_days(1);
  return d;
}

}  // namespace attestplan

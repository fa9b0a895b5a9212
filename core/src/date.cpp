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
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
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

}  // namespace attestplan

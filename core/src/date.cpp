// Calendar dates: strict ISO parsing and month arithmetic on std::chrono's calendar types.
#include "attestplan/date.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

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
  const char text[10] = {static_cast<char>('0' + uy / 1000),
                         static_cast<char>('0' + uy / 100 % 10),
                         static_cast<char>('0' + uy / 10 % 10),
                         static_cast<char>('0' + uy % 10),
                         '-',
                         static_cast<char>('0' + m / 10),
                         static_cast<char>('0' + m % 10),
                         '-',
                         static_cast<char>('0' + d / 10),
                         static_cast<char>('0' + d % 10)};
  return std::string(text, sizeof text);
}

Date Date::plus_days(long n) const { return Date{days_ + std::chrono::days{n}}; }

Date Date::plus_months(int n) const {
  const year_month_day ymd{days_};
  year_month_day moved = ymd + months{n};
  if (!moved.ok()) moved = moved.year() / moved.month() / last;
  return Date{sys_days{moved}};
}

long Date::days_until(Date later) const { return static_cast<long>((later.days_ - days_).count()); }

bool Date::is_weekday() const {
  const std::chrono::weekday wd{days_};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

bool Date::is_working_day(std::string_view country) const {
  return is_weekday() && (country.empty() || !public_holiday(*this, country));
}

Date Date::working_day_before(std::string_view country) const {
  Date d = *this;
  while (!d.is_working_day(country)) d = d.plus_days(-1);
  return d;
}

Date Date::working_day(std::string_view country) const {
  Date d = *this;
  while (!d.is_working_day(country)) d = d.plus_days(1);
  return d;
}

namespace {

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm, as Meeus gives it).
Date easter(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
            g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
            l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date{y, static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

/// The `n`th `wd` of a month (n = -1: the last).
Date nth_weekday(int y, unsigned m, weekday wd, int n) {
  if (n > 0) return Date{sys_days{year{y} / month{m} / wd[static_cast<unsigned>(n)]}};
  return Date{sys_days{year{y} / month{m} / wd[last]}};
}

struct Holiday {
  Date date;
  std::string_view name;
};

/// A country's holidays that fall in year `y` (the dates observed, where a law moves them).
std::vector<Holiday> holidays_of(std::string_view country, int y) {
  const Date e = easter(y);
  std::vector<Holiday> out;
  auto fixed = [&](unsigned m, unsigned d, std::string_view name) {
    out.push_back({Date{y, m, d}, name});
  };
  auto from_easter = [&](long days, std::string_view name) {
    out.push_back({e.plus_days(days), name});
  };
  if (country == "DK") {
    // Helligdagsloven; Store Bededag abolished from 2024. 24 and 31 December: offices closed by
    // custom.
    fixed(1, 1, "New Year's Day");
    from_easter(-3, "Maundy Thursday");
    from_easter(-2, "Good Friday");
    from_easter(1, "Easter Monday");
    from_easter(39, "Ascension Day");
    from_easter(50, "Whit Monday");
    fixed(6, 5, "Constitution Day");
    fixed(12, 24, "Christmas Eve");
    fixed(12, 25, "Christmas Day");
    fixed(12, 26, "Boxing Day");
    fixed(12, 31, "New Year's Eve");
  } else if (country == "DE") {
    // The holidays every German state keeps; 24 and 31 December closed by custom.
    fixed(1, 1, "New Year's Day");
    from_easter(-2, "Good Friday");
    from_easter(1, "Easter Monday");
    fixed(5, 1, "Labour Day");
    from_easter(39, "Ascension Day");
    from_easter(50, "Whit Monday");
    fixed(10, 3, "Day of German Unity");
    fixed(12, 24, "Christmas Eve");
    fixed(12, 25, "Christmas Day");
    fixed(12, 26, "Boxing Day");
    fixed(12, 31, "New Year's Eve");
  } else if (country == "NO") {
    fixed(1, 1, "New Year's Day");
    from_easter(-3, "Maundy Thursday");
    from_easter(-2, "Good Friday");
    from_easter(1, "Easter Monday");
    fixed(5, 1, "Labour Day");
    fixed(5, 17, "Constitution Day");
    from_easter(39, "Ascension Day");
    from_easter(50, "Whit Monday");
    fixed(12, 24, "Christmas Eve");
    fixed(12, 25, "Christmas Day");
    fixed(12, 26, "Boxing Day");
  } else if (country == "SE") {
    fixed(1, 1, "New Year's Day");
    fixed(1, 6, "Epiphany");
    from_easter(-2, "Good Friday");
    from_easter(1, "Easter Monday");
    fixed(5, 1, "May Day");
    from_easter(39, "Ascension Day");
    fixed(6, 6, "National Day");
    // Midsummer Eve: the Friday from 19 to 25 June, closed by custom.
    out.push_back({nth_weekday(y, 6, Friday, 3)
                       .plus_days(Date{y, 6, 19} > nth_weekday(y, 6, Friday, 3) ? 7 : 0),
                   "Midsummer Eve"});
    fixed(12, 24, "Christmas Eve");
    fixed(12, 25, "Christmas Day");
    fixed(12, 26, "Boxing Day");
    fixed(12, 31, "New Year's Eve");
  } else if (country == "GB") {
    // England and Wales (the Banking and Financial Dealings Act 1971 and the yearly proclamations):
    // a holiday on a weekend is replaced by the next weekday that is not one.
    std::vector<Holiday> fixed_days{{Date{y, 1, 1}, "New Year's Day"},
                                    {Date{y, 12, 25}, "Christmas Day"},
                                    {Date{y, 12, 26}, "Boxing Day"}};
    out.push_back({e.plus_days(-2), "Good Friday"});
    out.push_back({e.plus_days(1), "Easter Monday"});
    out.push_back({nth_weekday(y, 5, Monday, 1), "Early May bank holiday"});
    out.push_back({nth_weekday(y, 5, Monday, -1), "Spring bank holiday"});
    out.push_back({nth_weekday(y, 8, Monday, -1), "Summer bank holiday"});
    for (const auto& h : fixed_days) {
      Date d = h.date;
      auto taken = [&](Date x) {
        return !x.is_weekday() ||
               std::any_of(out.begin(), out.end(), [&](const Holiday& o) { return o.date == x; }) ||
               std::any_of(fixed_days.begin(), fixed_days.end(),
                           [&](const Holiday& o) { return o.date == x && o.date != h.date; });
      };
      while (taken(d)) d = d.plus_days(1);
      out.push_back({d, h.name});
    }
  } else if (country == "US") {
    // Federal holidays (5 U.S.C. 6103): one on a Saturday is observed the Friday before, on a
    // Sunday the Monday after.
    auto observed = [&](Date d, std::string_view name) {
      const weekday wd{d.days()};
      out.push_back({wd == Saturday ? d.plus_days(-1) : wd == Sunday ? d.plus_days(1) : d, name});
    };
    observed(Date{y, 1, 1}, "New Year's Day");
    observed(Date{y + 1, 1, 1}, "New Year's Day");  // observed on 31 December when it is a Saturday
    out.push_back({nth_weekday(y, 1, Monday, 3), "Birthday of Martin Luther King, Jr."});
    out.push_back({nth_weekday(y, 2, Monday, 3), "Washington's Birthday"});
    out.push_back({nth_weekday(y, 5, Monday, -1), "Memorial Day"});
    observed(Date{y, 6, 19}, "Juneteenth National Independence Day");
    observed(Date{y, 7, 4}, "Independence Day");
    out.push_back({nth_weekday(y, 9, Monday, 1), "Labor Day"});
    out.push_back({nth_weekday(y, 10, Monday, 2), "Columbus Day"});
    observed(Date{y, 11, 11}, "Veterans Day");
    out.push_back({nth_weekday(y, 11, Thursday, 4), "Thanksgiving Day"});
    observed(Date{y, 12, 25}, "Christmas Day");
  }
  return out;
}

}  // namespace

bool knows_public_holidays(std::string_view country) {
  for (const char* c : {"DK", "DE", "GB", "NO", "SE", "US"}) {
    if (country == c) return true;
  }
  return false;
}

std::optional<std::pair<Date, Date>> holiday_season(Date d, std::string_view country) {
  if (!knows_public_holidays(country)) return std::nullopt;
  const int y = static_cast<int>(d.ymd().year());
  // Christmas to New Year, across the turn of the year.
  for (const int from : {y - 1, y}) {
    const Date first{from, 12, 24}, last{from + 1, 1, 1};
    if (first <= d && d <= last) return std::make_pair(first, last);
  }
  // The summer weeks, Monday of the first ISO week to Sunday of the last (ISO week 1 holds 4
  // January).
  int weeks = 0;
  if (country == "DK" || country == "NO") weeks = 30;
  if (country == "SE") weeks = 31;
  if (weeks != 0) {
    const Date jan4{y, 1, 4};
    const Date week1 = jan4.plus_days(-static_cast<long>(weekday{jan4.days()}.iso_encoding() - 1));
    const Date first = week1.plus_days(7 * 27), last = week1.plus_days(7 * weeks - 1);
    if (first <= d && d <= last) return std::make_pair(first, last);
  }
  return std::nullopt;
}

Date fieldwork_week(Date monday, std::string_view country) {
  Date start = monday;
  for (int guard = 0; guard < 60; ++guard) {
    std::optional<Date> clash;
    // The visit's five days, and the two weeks before it: the auditor selects the items, and the
    // client gathers them for a week before the visit.
    for (long k = -14; k < 5 && !clash; ++k) {
      if (const auto season = holiday_season(start.plus_days(k), country)) clash = season->second;
    }
    if (!clash) break;
    start = clash->plus_days(15);  // two clear weeks after the season, then the visit
    while (weekday{start.days()} != Monday) start = start.plus_days(1);
  }
  return start.working_day(country);
}

Date due_clear_of_season(Date due, Date earliest, std::string_view country) {
  const auto season = holiday_season(due, country);
  if (!season) return due;
  const Date before = season->first.plus_days(-1).working_day_before(country);
  if (before >= earliest) return before;
  return season->second.plus_days(8).working_day(country);
}

std::optional<std::string_view> public_holiday(Date d, std::string_view country) {
  if (!knows_public_holidays(country)) return std::nullopt;
  const int y = static_cast<int>(d.ymd().year());
  for (const auto& h : holidays_of(country, y)) {
    if (h.date == d) return h.name;
  }
  return std::nullopt;
}

}  // namespace attestplan

// Number formatting with std::to_chars (no locale, no printf parsing).
#include "attestplan/format.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace attestplan {

std::string format_number(double v, int max_decimals) {
  // Whole numbers (counts, most hours) need no decimal conversion.
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return v == 0 ? std::string{"0"} : std::string(buf, res.ptr);
  }
  // Small values with few decimals: scale to a whole number and print that, unless the scaled
  // value sits so near a rounding tie that only the exact conversion below can decide it.
  if (max_decimals >= 1 && max_decimals <= 4 && std::fabs(v) < 1e5) {
    constexpr double kScale[] = {1, 10, 100, 1000, 10000};
    const double scaled = std::fabs(v) * kScale[max_decimals];
    const double frac = scaled - std::floor(scaled);
    if (std::fabs(frac - 0.5) > 1e-6) {
      auto units = static_cast<long long>(std::llround(scaled));
      int decimals = max_decimals;
      while (decimals > 0 && units % 10 == 0) units /= 10, --decimals;
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, units).ptr;
      std::string out = (v < 0 && units != 0) ? "-" : "";
      const auto n = static_cast<int>(end - digits);
      if (decimals == 0) return out.append(digits, end);
      if (n <= decimals)
        out.append("0.").append(static_cast<std::size_t>(decimals - n), '0').append(digits, end);
      else
        out.append(digits, end - decimals).append(".").append(end - decimals, end);
      return out;
    }
  }
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : v < 0 ? "-inf" : "inf";
  char buf[340];  // 309 digits of the largest double, a sign, a point and the decimals asked for
  max_decimals = std::clamp(max_decimals, 0, 17);
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, max_decimals);
  std::string s(buf, res.ptr);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string format_range(const Range& r, int max_decimals) {
  if (r.low == r.likely && r.likely == r.high) return format_number(r.likely, max_decimals);
  std::string out = format_number(r.low, max_decimals);
  out += '/';
  out += format_number(r.likely, max_decimals);
  out += '/';
  out += format_number(r.high, max_decimals);
  return out;
}

std::string format_grouped(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : v < 0 ? "-inf" : "inf";
  // Whole digits straight from the double: no conversion to an integer type, so no figure is too
  // large to print (a conversion of one beyond 2^63 is undefined behaviour).
  const double whole = std::round(v);
  char buf[320];  // the largest finite double has 309 digits
  const auto res =
      std::to_chars(buf, buf + sizeof buf, std::fabs(whole), std::chars_format::fixed, 0);
  const std::string digits(buf, res.ptr);
  std::string out = whole < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_money(double v) { return format_grouped(std::round(v / 100.0) * 100.0); }

std::string markdown_table(const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows) {
  // A column of figures (amounts, counts, dates: each cell opens with a digit or a sign, after a
  // currency code) is right-aligned; a column of words stays left.
  auto figure = [](std::string_view c) {
    if (c.size() > 4 && c[3] == ' ' && std::isupper(static_cast<unsigned char>(c[0])))
      c.remove_prefix(4);
    return !c.empty() &&
           (std::isdigit(static_cast<unsigned char>(c[0])) || c[0] == '-' || c[0] == '+');
  };
  std::string out = "|";
  for (const auto& h : headers) out += " " + escape_markdown(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    bool numbers = i > 0, any = false;
    for (const auto& r : rows) {
      if (i >= r.size() || r[i].empty()) continue;
      any = true;
      numbers = numbers && figure(r[i]);
    }
    out += numbers && any ? "---:|" : "---|";
  }
  out += "\n";
  for (const auto& r : rows) {
    out += "|";
    for (const auto& c : r) out += " " + escape_markdown(c) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace attestplan

// Formatting for rules, labels and documents: numbers (short, exact enough, fast: std::to_chars),
// money rounded to what the inputs support, and Markdown escaping.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/escape.hpp"
#include "attestplan/export.hpp"
#include "attestplan/range.hpp"

namespace attestplan {

/// The pieces joined into one string, its size worked out first: a ledger text built from many
/// pieces is allocated once, not once per `+` of a chain. Pieces are anything a string_view can be
/// made from (std::string, string literals, string_view). Header-only, so it adds nothing to the
/// plugin ABI.
template <typename... Pieces>
std::string cat(const Pieces&... pieces) {
  const std::array<std::string_view, sizeof...(Pieces)> views{std::string_view(pieces)...};
  std::size_t size = 0;
  for (const auto v : views) size += v.size();
  std::string out;
  out.reserve(size);
  for (const auto v : views) out.append(v);
  return out;
}

/// At most `max_decimals` decimals, trailing zeros dropped: 6 → "6", 0.15 → "0.15", 1.2345 →
/// "1.23".
ATTESTPLAN_API std::string format_number(double v, int max_decimals = 2);
/// "2/3/5" for a range, "2" when low, likely and high are equal.
ATTESTPLAN_API std::string format_range(const Range& r, int max_decimals = 2);
/// Rounded to a whole number with thousands separators: 1234567.8 → "1,234,568".
ATTESTPLAN_API std::string format_grouped(double v);
/// Money, rounded to the nearest hundred (the inputs support no more) and grouped: "270,600".
ATTESTPLAN_API std::string format_money(double v);

/// A Markdown table, every cell escaped; columns after the first are right-aligned.
ATTESTPLAN_API std::string markdown_table(const std::vector<std::string>& headers,
                                          const std::vector<std::vector<std::string>>& rows);

}  // namespace attestplan

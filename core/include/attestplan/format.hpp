// Number formatting for rules, labels and tables: short, exact enough, and fast (std::to_chars).
#pragma once

#include <string>

#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// At most `max_decimals` decimals, trailing zeros dropped: 6 → "6", 0.15 → "0.15", 1.2345 → "1.23".
ATTESTPLAN_API std::string format_number(double v, int max_decimals = 2);
/// "2/3/5" for a range, "2" when low, likely and high are equal.
ATTESTPLAN_API std::string format_range(const Range& r, int max_decimals = 2);
/// Rounded to a whole number with thousands separators: 1234567.8 → "1,234,568".
ATTESTPLAN_API std::string format_grouped(double v);

}  // namespace attestplan

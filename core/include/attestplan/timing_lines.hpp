// What a timing plugin writes its calendar with (part of the plugin SDK, header-only): a date's
// earliest, likely and latest days, and the ledger lines of a milestone (a date the simulation
// recomputes from the lines it names) and of a duration in weeks.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "attestplan/plugin.hpp"

namespace attestplan {

/// A date range: earliest, likely, latest.
struct DateRange {
  Date low, likely, high;
  static DateRange exactly(Date d) { return {d, d, d}; }
  [[nodiscard]] DateRange plus_weeks(const Range& w) const {
    return {low.plus_days(std::lround(w.low * 7)), likely.plus_days(std::lround(w.likely * 7)),
            high.plus_days(std::lround(w.high * 7))};
  }
  [[nodiscard]] DateRange plus_months(int m) const {
    return {low.plus_months(m), likely.plus_months(m), high.plus_months(m)};
  }
  [[nodiscard]] DateRange plus_days(long d) const {
    return {low.plus_days(d), likely.plus_days(d), high.plus_days(d)};
  }
};

/// A date as a ledger line's value: days since 1970-01-01.
inline double serial(Date d) { return static_cast<double>(d.days().time_since_epoch().count()); }

/// Adds the milestone `id` ("timing.ID" in the ledger) and its line. With `from`, the simulation
/// recomputes it from those lines (durations added to a date); without, it is a date given as such.
inline void add_milestone(TimingWriter& out, const std::string& id, const std::string& label,
                          const DateRange& when, const std::string& rule,
                          std::vector<std::string> from) {
  const auto combine = from.empty() ? Combine::Own : Combine::Sum;
  out.add({.id = "timing." + id,
           .kind = "milestone",
           .group = "calendar",
           .label = label,
           .rule = rule,
           .value = {serial(when.low), serial(when.likely), serial(when.high)},
           .unit = unit::kDate,
           .from = std::move(from),
           .combine = combine});
  out.result().milestones.push_back({id, label, when.low, when.likely, when.high, "timing." + id});
}

/// Adds the duration `id` ("timing.ID"), in weeks, drawn on its own (sharing `drivers`).
inline void add_duration(TimingWriter& out, const std::string& id, const std::string& label,
                         const Range& weeks, const std::string& rule,
                         std::vector<std::string> drivers = {}) {
  out.add({.id = "timing." + id,
           .kind = "duration",
           .group = "calendar",
           .label = label,
           .rule = rule,
           .value = weeks,
           .unit = unit::kWeeks,
           .drivers = std::move(drivers)});
}

/// A renewal date checked against the report (or certificate) in hand `by`: the date needed,
/// `lead_days` before it, and the slack of the likely and latest dates. The simulation judges it.
inline RenewalCheck renewal_check(Date renewal, long lead_days, const DateRange& by) {
  RenewalCheck c;
  c.renewal = renewal;
  c.needed_by = renewal.plus_days(-lead_days);
  c.lead_days = lead_days;
  c.slack_days = by.likely.days_until(c.needed_by);
  c.worst_slack_days = by.high.days_until(c.needed_by);
  c.verdict = c.slack_days < 0 ? RenewalVerdict::Missed : RenewalVerdict::Met;
  return c;
}

}  // namespace attestplan

// The ISO/IEC 27001 audit-time rules the iso-audit-time plugin sizes a certification audit by
// (models/iso27001/audit-time.toml): the audit-time table, the cycle's shares, the audit day, the
// split over the audit stages, the complexity factor and the square-root rule for identical work.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/range.hpp"

namespace iso_audit_time {

/// A row of the audit-time table: up to `max_persons` persons, the initial audit's days.
struct Row {
  long max_persons = 0;
  double days = 0;
  /// Read in a certification body's published copy of the table (false: only as reproduced).
  bool checked = true;
};

struct AuditTime {
  std::string source;                      ///< the file it was read from
  std::string table;                       ///< the table it reproduces, as people cite it
  std::vector<Row> rows;                   ///< rising max_persons
  double surveillance_share = 1.0 / 3;     ///< of the initial audit's time, each surveillance year
  double recertification_share = 2.0 / 3;  ///< of the initial audit's time
  double hours_per_day = 8;
  double rounding = 0.5;  ///< audit time is rounded to the nearest multiple of this many days
  /// The audit time's shares by audit stage: planning, Stage 1, Stage 2, reporting (sum 1).
  double planning = 0.1, stage1 = 0.2, stage2 = 0.6, reporting = 0.1;
  attestplan::Range complexity{0.9, 1.0, 1.2};  ///< the default complexity factor
  double complexity_min = 0.7, complexity_max = 2.0;
};

inline constexpr std::string_view kBuiltinAuditTime = "iso27001/audit-time.toml";

/// Reads and checks an audit-time file; problems go to `diags` with their locations.
std::optional<AuditTime> parse_audit_time(const attestplan::DataFile& file,
                                          attestplan::Diagnostics& diags);

/// The table's row for `persons` (at least 1): the first whose max_persons is not below it, or the
/// last row beyond the table (`beyond` then says so).
const Row& row_for(const AuditTime& t, long persons, bool* beyond = nullptr);

/// The lowest head count of the row `r` (one more than the row before's).
long min_persons(const AuditTime& t, const Row& r);

/// The effective number of persons: those in `groups` (each a group doing identical, simple,
/// low-risk work) count as the square root of the group's head count, rounded up; the others as
/// they are. nullopt when the groups hold more persons than there are.
std::optional<long> effective_persons(long persons, const std::vector<long>& groups);

/// `days` rounded to the nearest multiple of `step` (halves up), as audit time is stated.
double round_days(double days, double step);

}  // namespace iso_audit_time

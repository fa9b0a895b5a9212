// Reading and applying the ISO/IEC 27001 audit-time rules.
#include "audit_time.hpp"

#include <cmath>

#include "attestplan/toml_reader.hpp"

namespace iso_audit_time {

using namespace attestplan;

namespace {

void read_rows(TableReader& top, const DataFile& file, AuditTime& t, Diagnostics& diags) {
  const auto* rows = top.table_array("row");
  if (!rows || rows->empty()) {
    diags.error("the audit-time table has no [[row]]", top.where());
    return;
  }
  for (const auto& node : *rows) {
    const auto* table = node.as_table();
    if (!table) continue;
    TableReader r(*table, "[[row]]", file.source_name, diags);
    Row row;
    row.max_persons = static_cast<long>(r.integer("max_persons", 1, 10'000'000, true).value_or(0));
    row.days = r.number("days", 0.5, 1000, true).value_or(0);
    row.checked = r.boolean("checked").value_or(true);
    r.check_unknown_keys();
    if (!t.rows.empty() && row.max_persons != 0 &&
        (row.max_persons <= t.rows.back().max_persons || row.days < t.rows.back().days)) {
      diags.error("rows must rise: each max_persons above the row before's, its days no fewer",
                  r.where("max_persons"));
    }
    t.rows.push_back(row);
  }
}

void read_split(TableReader& top, const DataFile& file, AuditTime& t, Diagnostics& diags) {
  const auto* s = top.table("split");
  if (!s) {
    diags.error("missing [split] (the audit time's shares by audit stage)", top.where());
    return;
  }
  TableReader r(*s, "[split]", file.source_name, diags);
  t.planning = r.number("planning", 0, 1, true).value_or(0);
  t.stage1 = r.number("stage1", 0, 1, true).value_or(0);
  t.stage2 = r.number("stage2", 0, 1, true).value_or(0);
  t.reporting = r.number("reporting", 0, 1, true).value_or(0);
  r.check_unknown_keys();
  if (std::fabs(t.planning + t.stage1 + t.stage2 + t.reporting - 1) > 1e-6)
    diags.error("the [split] shares must add up to 1", r.where());
}

}  // namespace

std::optional<AuditTime> parse_audit_time(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "audit-time table", diags);
  if (!root) return std::nullopt;
  AuditTime t;
  t.source = file.source_name;
  TableReader top(*root, "the audit-time table", file.source_name, diags);
  if (!top.format_version("attestplan-audit-time", 1)) return std::nullopt;
  t.table = top.string("table", true).value_or("");
  read_rows(top, file, t, diags);
  if (const auto* c = top.table("cycle")) {
    TableReader r(*c, "[cycle]", file.source_name, diags);
    t.surveillance_share = r.number("surveillance_share", 0.05, 1, true).value_or(0);
    t.recertification_share = r.number("recertification_share", 0.05, 1.5, true).value_or(0);
    r.check_unknown_keys();
  } else {
    diags.error("missing [cycle] (the surveillance and recertification shares)", top.where());
  }
  if (const auto* d = top.table("day")) {
    TableReader r(*d, "[day]", file.source_name, diags);
    t.hours_per_day = r.number("hours", 1, 24, true).value_or(8);
    t.rounding = r.number("rounding", 0.01, 5, true).value_or(0.5);
    r.check_unknown_keys();
  } else {
    diags.error("missing [day] (the audit day's hours and rounding)", top.where());
  }
  read_split(top, file, t, diags);
  if (const auto* c = top.table("complexity")) {
    TableReader r(*c, "[complexity]", file.source_name, diags);
    t.complexity_min = r.number("min", 0.1, 1, true).value_or(0.7);
    t.complexity_max = r.number("max", 1, 10, true).value_or(2);
    t.complexity = r.range("default", true).value_or(Range{1, 1, 1});
    if (t.complexity.low < t.complexity_min || t.complexity.high > t.complexity_max)
      diags.error("the default complexity factor must lie between min and max", r.where("default"));
    r.check_unknown_keys();
  } else {
    diags.error("missing [complexity] (the certification body's adjustment)", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return t;
}

const Row& row_for(const AuditTime& t, long persons, bool* beyond) {
  for (const auto& r : t.rows) {
    if (persons <= r.max_persons) {
      if (beyond) *beyond = false;
      return r;
    }
  }
  if (beyond) *beyond = true;
  return t.rows.back();
}

long min_persons(const AuditTime& t, const Row& r) {
  long low = 1;
  for (const auto& each : t.rows) {
    if (&each == &r) return low;
    low = each.max_persons + 1;
  }
  return low;
}

std::optional<long> effective_persons(long persons, const std::vector<long>& groups) {
  long in_groups = 0, counted = 0;
  for (const long g : groups) {
    if (g < 0) return std::nullopt;
    in_groups += g;
    counted += static_cast<long>(std::ceil(std::sqrt(static_cast<double>(g)) - 1e-9));
  }
  if (in_groups > persons) return std::nullopt;
  return persons - in_groups + counted;
}

double round_days(double days, double step) { return std::floor(days / step + 0.5) * step; }

}  // namespace iso_audit_time

// Reading and checking the certification cycle's rules.
#include "cycle.hpp"

#include "attestplan/toml_reader.hpp"

namespace certification_timing {

using namespace attestplan;

std::optional<Cycle> parse_cycle(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "certification cycle", diags);
  if (!root) return std::nullopt;
  Cycle c;
  c.source = file.source_name;
  TableReader top(*root, "the certification cycle", file.source_name, diags);
  if (!top.format_version("attestplan-certification-cycle", 1)) return std::nullopt;
  if (const auto* w = top.table("weeks")) {
    TableReader r(*w, "[weeks]", file.source_name, diags);
    c.planning = r.range("planning", true).value_or(Range{});
    c.stage1 = r.range("stage1", true).value_or(Range{});
    c.stage1_to_stage2 = r.range("stage1_to_stage2", true).value_or(Range{});
    c.stage2 = r.range("stage2", true).value_or(Range{});
    c.decision = r.range("decision", true).value_or(Range{});
    r.check_unknown_keys();
  } else {
    diags.error("missing [weeks]", top.where());
  }
  c.implementation = top.ranges_by_maturity("implementation");
  if (const auto* t = top.table("cycle")) {
    TableReader r(*t, "[cycle]", file.source_name, diags);
    c.certificate_years = static_cast<int>(r.integer("certificate_years", 1, 10, true).value_or(3));
    c.first_surveillance_months =
        static_cast<int>(r.integer("first_surveillance_months", 1, 24, true).value_or(12));
    c.planned_surveillance_months =
        static_cast<int>(r.integer("planned_surveillance_months", 1, 24, true).value_or(11));
    if (c.planned_surveillance_months > c.first_surveillance_months)
      diags.error(
          "planned_surveillance_months must not be after first_surveillance_months (the "
          "latest the first surveillance audit may be)",
          r.where("planned_surveillance_months"));
    c.surveillance_interval_months =
        static_cast<int>(r.integer("surveillance_interval_months", 1, 24, true).value_or(12));
    r.check_unknown_keys();
  } else {
    diags.error("missing [cycle]", top.where());
  }
  if (const auto* t = top.table("renewal")) {
    TableReader r(*t, "[renewal]", file.source_name, diags);
    c.lead_days = static_cast<long>(r.integer("lead_days", 0, 365, true).value_or(14));
    r.check_unknown_keys();
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return c;
}

}  // namespace certification_timing

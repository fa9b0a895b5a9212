// Reading and checking the timing durations.
#include "durations.hpp"

#include "attestplan/toml_reader.hpp"

namespace observation_timing {

using namespace attestplan;

std::optional<Durations> parse_durations(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "timing durations", diags);
  if (!root) return std::nullopt;
  Durations d;
  d.source = file.source_name;
  TableReader top(*root, "the timing durations", file.source_name, diags);
  if (!top.format_version("attestplan-timing", 1)) return std::nullopt;
  top.string("durations", true);
  if (const auto* w = top.table("weeks")) {
    TableReader r(*w, "[weeks]", file.source_name, diags);
    d.planning = r.range("planning", true).value_or(Range{});
    d.readiness = r.range("readiness", true).value_or(Range{});
    d.type1_report = r.range("type1_report", true).value_or(Range{});
    d.type2_report = r.range("type2_report", true).value_or(Range{});
    r.check_unknown_keys();
  } else {
    diags.error("missing [weeks]", top.where());
  }
  d.remediation = top.ranges_by_maturity("remediation");
  if (const auto* t = top.table("renewal")) {
    TableReader r(*t, "[renewal]", file.source_name, diags);
    d.lead_days = static_cast<long>(r.integer("lead_days", 0, 365, true).value_or(14));
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("bridge")) {
    TableReader r(*t, "[bridge]", file.source_name, diags);
    d.bridge_max_days =
        static_cast<long>(r.integer("max_days", 0, 366, true).value_or(kBridgeLetterUsualDays));
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("fieldwork")) {
    TableReader r(*t, "[fieldwork]", file.source_name, diags);
    d.fieldwork_source = r.string("source", true).value_or("");
    d.interim_visit = r.range("interim_visit", true).value_or(d.interim_visit);
    if (const auto* arr = t->get_as<toml::array>("interim_visits")) {
      d.interim_visits.clear();
      int last = 0;
      for (const auto& row : *arr) {
        const auto* pair = row.as_array();
        const auto months =
            pair && pair->size() == 2 ? pair->get(0)->value<std::int64_t>() : std::nullopt;
        const auto visits =
            pair && pair->size() == 2 ? pair->get(1)->value<std::int64_t>() : std::nullopt;
        if (!months || !visits || *months <= last || *months > 12 || *visits < 0 || *visits > 11) {
          diags.error(
              "interim_visits rows must be [shortest window in months (1-12, rising), visits "
              "(0-11)]",
              location_of(row.source(), file.source_name));
          continue;
        }
        last = static_cast<int>(*months);
        d.interim_visits.emplace_back(last, static_cast<int>(*visits));
      }
    } else {
      diags.error("[fieldwork] needs interim_visits = [[shortest window in months, visits], ...]",
                  r.where());
    }
    r.check_unknown_keys({"interim_visits"});
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return d;
}

}  // namespace observation_timing

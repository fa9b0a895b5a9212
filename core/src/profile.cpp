// A firm profile (profile.hpp): read with located diagnostics, written back as TOML.
#include "attestplan/profile.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

namespace {

constexpr std::string_view kSchema = "attestplan-profile/1";
constexpr double kMaxScale = 100;      // a scale beyond this is a typo, not a firm
constexpr double kMaxWeekHours = 1e6;  // a firm's hours a week at one level

std::string toml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// A number that reads back as the same double.
std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

const std::vector<std::string>& effort_parameters() {
  // The same names, in the same order, as models/sampling/default.toml's [effort] ranges.
  static const std::vector<std::string> names = {"planning_base",
                                                 "planning_per_category",
                                                 "planning_per_subservice",
                                                 "walkthrough_per_control",
                                                 "criterion_mapping",
                                                 "system_description",
                                                 "per_system",
                                                 "per_site",
                                                 "test_per_control",
                                                 "test_per_manual_sample",
                                                 "test_per_automated_configuration",
                                                 "type1_test_per_control",
                                                 "population_completeness",
                                                 "exceptions_share_of_testing",
                                                 "reporting",
                                                 "type1_reporting",
                                                 "quality_review",
                                                 "inclusive_planning",
                                                 "inclusive_description",
                                                 "inclusive_coordination",
                                                 "inclusive_per_site",
                                                 "inclusive_site_travel",
                                                 "first_year_factor",
                                                 "recurring_share",
                                                 "rolled_forward_share"};
  return names;
}

std::optional<std::size_t> effort_parameter_stage(std::string_view name) {
  static const std::map<std::string_view, std::size_t> stage_of = {
      {"planning_base", 0},
      {"planning_per_category", 0},
      {"planning_per_subservice", 0},
      {"inclusive_planning", 0},
      {"walkthrough_per_control", 1},
      {"criterion_mapping", 1},
      {"system_description", 1},
      {"per_system", 1},
      {"per_site", 1},
      {"inclusive_description", 1},
      {"test_per_control", 2},
      {"test_per_manual_sample", 2},
      {"test_per_automated_configuration", 2},
      {"type1_test_per_control", 2},
      {"population_completeness", 2},
      {"inclusive_per_site", 2},
      {"inclusive_site_travel", 2},
      {"exceptions_share_of_testing", 3},
      {"reporting", 3},
      {"type1_reporting", 3},
      {"quality_review", 3},
      {"inclusive_coordination", 3}};
  const auto it = stage_of.find(name);
  return it == stage_of.end() ? std::nullopt : std::optional<std::size_t>{it->second};
}

std::optional<FirmProfile> parse_profile(const DataFile& file, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto doc = parse_toml(file.text, file.source_name, "firm profile", diags);
  if (!doc) return std::nullopt;
  FirmProfile p;
  TableReader top(*doc, "the firm profile", file.source_name, diags);
  if (const auto schema = top.string("schema", true); schema && *schema != kSchema) {
    diags.error("the firm profile's schema is '" + *schema + "'", top.where("schema"),
                "schema = \"" + std::string{kSchema} + "\"");
  }
  p.name = top.string("name").value_or("");
  if (const auto* t = top.table("calibration")) {
    TableReader r(*t, "[calibration]", file.source_name, diags);
    p.source = r.string("source").value_or("");
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("effort")) {
    const auto& known = effort_parameters();
    for (const auto& [key, node] : *t) {
      const std::string name{key.str()};
      const auto at = location_of(key.source(), file.source_name);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        diags.error("[effort] names no effort parameter '" + name + "'", at, "one of " + list);
        continue;
      }
      const auto* entry = node.as_table();
      if (!entry) {
        diags.error("[effort] " + name + " must be a table: { scale = 1.2, calibrated_from = 40 }",
                    at);
        continue;
      }
      TableReader r(*entry, "[effort] " + name, file.source_name, diags);
      const auto scale = r.number("scale", 0, kMaxScale, true);
      const auto from = r.integer("calibrated_from", 1, 1'000'000, true);
      r.check_unknown_keys();
      if (scale && from) p.effort[name] = {*scale, static_cast<std::size_t>(*from)};
    }
  }
  if (const auto* t = top.table("capacity")) {
    TableReader r(*t, "[capacity]", file.source_name, diags);
    std::vector<std::string> levels;
    for (const auto& [key, node] : *t) levels.emplace_back(key.str());
    for (const auto& level : levels) {
      if (const auto hours = r.number(level, 0, kMaxWeekHours, true)) p.capacity[level] = *hours;
    }
    r.check_unknown_keys();
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return p;
}

std::string profile_toml(const FirmProfile& p) {
  std::string out = "# A firm profile for attestplan: use it with --profile FILE on any command.\n";
  out += "schema = " + toml_quoted(kSchema) + "\n";
  if (!p.name.empty()) out += "name = " + toml_quoted(p.name) + "\n";
  if (!p.source.empty()) out += "\n[calibration]\nsource = " + toml_quoted(p.source) + "\n";
  out +=
      "\n# Each fitted effort parameter of the sampling policy: its [low, likely, high] times "
      "`scale`.\n"
      "# Parameters the history could not identify are absent: they keep the policy's "
      "value.\n[effort]\n";
  for (const auto& name : effort_parameters()) {
    const auto it = p.effort.find(name);
    if (it == p.effort.end()) continue;
    out += name + " = { scale = " + exact(it->second.scale) +
           ", calibrated_from = " + std::to_string(it->second.calibrated_from) + " }\n";
  }
  out +=
      "\n# Hours a week the firm can staff at each level of its rate card (portfolio flags weeks "
      "above).\n";
  if (p.capacity.empty()) {
    out += "# [capacity]\n# manager = 80\n";
  } else {
    out += "[capacity]\n";
    for (const auto& [level, hours] : p.capacity) out += level + " = " + exact(hours) + "\n";
  }
  return out;
}

}  // namespace attestplan

// A firm profile (profile.hpp): read with located diagnostics, written back as TOML.
#include "attestplan/profile.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "attestplan/plugin_host.hpp"
#include "attestplan/toml_reader.hpp"

namespace attestplan {

namespace {

constexpr std::string_view kFormat = "attestplan-profile";
constexpr int kFormatVersion = 1;
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

std::optional<FirmProfile> parse_profile(const DataFile& file, Diagnostics& diags,
                                         const std::vector<std::string>& known) {
  const auto errors_before = diags.error_count();
  auto doc = parse_toml(file.text, file.source_name, "firm profile", diags);
  if (!doc) return std::nullopt;
  FirmProfile p;
  TableReader top(*doc, "the firm profile", file.source_name, diags);
  if (!top.format_version(kFormat, kFormatVersion, true)) return std::nullopt;
  p.name = top.string("name").value_or("");
  if (const auto* t = top.table("calibration")) {
    TableReader r(*t, "[calibration]", file.source_name, diags);
    p.source = r.string("source").value_or("");
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("effort")) {
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

std::string profile_toml(const FirmProfile& p, const std::vector<std::string>& order) {
  std::string out = "# A firm profile for attestplan: use it with --profile FILE on any command.\n";
  out +=
      "schema = " + toml_quoted(std::string{kFormat} + "/" + std::to_string(kFormatVersion)) + "\n";
  if (!p.name.empty()) out += "name = " + toml_quoted(p.name) + "\n";
  if (!p.source.empty()) out += "\n[calibration]\nsource = " + toml_quoted(p.source) + "\n";
  out +=
      "\n# Each fitted effort parameter of the sampling policy: its [low, likely, high] times "
      "`scale`.\n"
      "# Parameters the history could not identify are absent: they keep the policy's "
      "value.\n[effort]\n";
  for (const auto& name : order) {
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

void apply_profile(const PluginHost& host, EstimateRequest& request) {
  if (request.parameters) return;
  const auto it = request.data_overrides.find(std::string{kProfileOverride});
  if (it == request.data_overrides.end()) return;
  const auto file = load_data_file(it->second, "", request.diagnostics);
  if (auto profile =
          file ? parse_profile(*file, request.diagnostics, host.parameter_names()) : std::nullopt) {
    request.parameters = std::move(profile->effort);
  }
}

}  // namespace attestplan

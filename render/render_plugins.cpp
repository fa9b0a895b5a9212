// The plugins the host found, as a table or JSON: loaded, refused with the reason, shadowed.
#include <nlohmann/json.hpp>

#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

std::string render_plugins_table(const PluginHost& host, const PluginSearch& search,
                                 std::size_t width) {
  std::string out = "Searched, in order:\n";
  for (const auto& [dir, origin] : plugin_dirs(search)) {
    std::error_code ec;
    out += "  " + dir.string() + " (" + origin +
           (std::filesystem::is_directory(dir, ec) ? "" : ", absent") + ")\n";
  }
  TextTable t({"STATUS", "NAME", "VERSION", "STAGE", "FILE"});
  std::string reasons;
  for (const auto& r : host.records()) {
    const std::string stage = r.status == PluginStatus::Refused ? "-"
                              : r.kind == PluginKind::AddOn
                                  ? std::string{to_string(r.stage)} + " (add-on)"
                                  : std::string{to_string(r.stage)};
    t.add_row(
        {to_string(r.status), r.name, r.version.empty() ? "-" : r.version, stage, r.file.string()});
    if (!r.reason.empty()) reasons += "  " + r.name + ": " + r.reason + "\n";
  }
  out += "\nPlugins (" + std::to_string(host.records().size()) + ")\n" + t.render("  ", width);
  if (!reasons.empty()) out += "\nWhy refused or shadowed:\n" + reasons;
  out += "\nServing each stage:\n";
  for (Stage s : kStages) {
    const auto* r = host.for_stage(s);
    out += "  " + std::string{to_string(s)} + ": " + (r ? r->name + " " + r->version : "NONE");
    for (const auto* a : host.add_ons(s)) out += ", with add-on " + a->name + " " + a->version;
    out += "\n";
  }
  return fit_lines(out, width);
}

std::string render_plugins_json(const PluginHost& host, const PluginSearch& search) {
  using nlohmann::json;
  json dirs = json::array();
  for (const auto& [dir, origin] : plugin_dirs(search))
    dirs.push_back({{"dir", dir.string()}, {"origin", origin}});
  json plugins = json::array();
  for (const auto& r : host.records()) {
    json j = {{"file", r.file.string()}, {"name", r.name}, {"status", to_string(r.status)}};
    if (!r.version.empty()) j["version"] = r.version;
    if (r.status != PluginStatus::Refused) {
      j["stage"] = to_string(r.stage);
      j["kind"] = r.kind == PluginKind::AddOn ? "add-on" : "stage";
    }
    if (!r.description.empty()) j["description"] = r.description;
    if (!r.reason.empty()) j["reason"] = r.reason;
    plugins.push_back(std::move(j));
  }
  json stages = json::object();
  for (Stage s : kStages) {
    const auto* r = host.for_stage(s);
    stages[to_string(s)] = r ? json(r->name) : json(nullptr);
  }
  json add_ons = json::object();
  for (Stage s : kStages) {
    json names = json::array();
    for (const auto* a : host.add_ons(s)) names.push_back(a->name);
    if (!names.empty()) add_ons[to_string(s)] = std::move(names);
  }
  return json{{"schema_version", kJsonSchemaVersion},
              {"searched", dirs},
              {"plugins", plugins},
              {"stages", stages},
              {"add_ons", add_ons}}
             .dump(2) +
         "\n";
}

}  // namespace attestplan

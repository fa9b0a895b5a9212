// The plugins the host found, as a table or JSON: loaded, refused with the reason, shadowed.
#include <nlohmann/json.hpp>

#include "attestplan/frameworks.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

/// The report types the frameworks in use offer, in kReportTypes order (the built-in ones: Type 1
/// and Type 2).
std::vector<ReportType> offered_types() {
  std::vector<ReportType> out;
  for (const ReportType type : kReportTypes) {
    for (const auto& f : FrameworkLibrary::active().all()) {
      if (std::find(f.types.begin(), f.types.end(), type) != f.types.end()) {
        out.push_back(type);
        break;
      }
    }
  }
  return out;
}

/// Which plugin serves each stage for reports of a type on a subject, and its add-ons, in words.
std::string serving_lines(const PluginHost& host, ReportType type, const std::string& subject) {
  std::string out;
  for (Stage s : kStages) {
    const auto* r = host.for_stage(s, type, subject);
    out += "  " + std::string{to_string(s)} + ": " + (r ? r->name + " " + r->version : "NONE");
    for (const auto* a : host.add_ons(s, type, subject))
      out += ", with add-on " + a->name + " " + a->version;
    out += "\n";
  }
  return out;
}

/// The name a type and subject are served under: the type for its first subject ("type2"), else
/// "type2 on control-objectives".
std::string served_as(ReportType type, const std::string& subject) {
  return subject == report_subjects(type).front() ? std::string{to_string(type)}
                                                  : std::string{to_string(type)} + " on " + subject;
}

}  // namespace

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
  // Report types whose stages the same plugins serve are shown together.
  std::vector<std::pair<std::vector<std::string>, std::string>> groups;
  for (const auto type : offered_types()) {
    for (const auto& subject : report_subjects(type)) {
      auto lines = serving_lines(host, type, subject);
      const auto same = std::find_if(groups.begin(), groups.end(),
                                     [&](const auto& g) { return g.second == lines; });
      if (same != groups.end()) {
        same->first.push_back(served_as(type, subject));
      } else {
        groups.emplace_back(std::vector<std::string>{served_as(type, subject)}, std::move(lines));
      }
    }
  }
  for (const auto& [types, lines] : groups) {
    std::string names;
    for (const auto& name : types) {
      // "certification on trust-services-criteria" beside "certification": served alike, said once.
      const auto on = name.find(" on ");
      if (on != std::string::npos &&
          std::find(types.begin(), types.end(), name.substr(0, on)) != types.end())
        continue;
      names += (names.empty() ? "" : ", ") + name;
    }
    out += groups.size() == 1 ? "\nServing each stage:\n"
                              : "\nServing each stage of " + names + " reports:\n";
    out += lines;
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
      json types = json::array();
      for (const auto t : r.descriptor.report_types) types.push_back(to_string(t));
      j["report_types"] = std::move(types);
    }
    if (!r.description.empty()) j["description"] = r.description;
    if (!r.reason.empty()) j["reason"] = r.reason;
    if (r.status == PluginStatus::Loaded) {
      const auto& d = r.descriptor;
      json data = json::array(), options = json::array(), parameters = json::array();
      for (const auto& f : d.data) {
        data.push_back({{"key", f.key},
                        {"flag", "--" + f.key},
                        {"builtin", f.builtin},
                        {"help", f.help},
                        {"money", f.money}});
        if (!f.marker.empty()) data.back()["marker"] = f.marker;
      }
      for (const auto& o : d.options)
        options.push_back(
            {{"key", o.key}, {"type", o.type}, {"default", o.fallback}, {"help", o.help}});
      for (const auto& p : d.parameters) {
        parameters.push_back({{"name", p.name}, {"help", p.help}});
        if (!p.stage.empty()) parameters.back()["stage"] = p.stage;
      }
      j["data"] = std::move(data);
      j["options"] = std::move(options);
      j["parameters"] = std::move(parameters);
    }
    plugins.push_back(std::move(j));
  }
  // Which plugin serves each stage, by report type (the types the frameworks in use offer);
  // `stages`: for the first of them.
  json serving = json::object();
  const auto offered = offered_types();
  for (const auto type : offered) {
    for (const auto& subject : report_subjects(type)) {
      json by_stage = json::object();
      for (Stage s : kStages) {
        const auto* r = host.for_stage(s, type, subject);
        by_stage[to_string(s)] = r ? json(r->name) : json(nullptr);
      }
      serving[served_as(type, subject)] = std::move(by_stage);
    }
  }
  const json stages = offered.empty() ? json::object() : serving[to_string(offered.front())];
  // The data files of the plugins that serve: each a --KEY flag, a request's KEY=NAME, a firm
  // file's KEY; those with a marker the workspace tells apart.
  json data_files = json::array();
  for (const auto& d : host.data_files()) {
    data_files.push_back({{"key", d.key},
                          {"label", d.label},
                          {"help", d.help},
                          {"builtin", d.builtin},
                          {"money", d.money},
                          {"plugin", d.plugin},
                          {"stage", to_string(d.stage)}});
    if (!d.marker.empty()) data_files.back()["marker"] = d.marker;
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
              {"serving", serving},
              {"add_ons", add_ons},
              {"data_files", data_files}}
             .dump(2) +
         "\n";
}

std::string render_plugins_markdown(const PluginHost& host) {
  // A table cell: the descriptor's words as written (they may use Markdown), kept on one line and
  // inside their cell.
  const auto cell = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '|')
        out += "\\|";
      else
        out += (c == '\n' ? ' ' : c);
    }
    return out;
  };
  std::string data = "| flag | plugin | built-in | what it holds |\n|---|---|---|---|\n";
  std::string options = "| plugin | key | type | default | meaning |\n|---|---|---|---|---|\n";
  std::string parameters =
      "| plugin | parameter | audit stage | what it sizes |\n|---|---|---|---|\n";
  for (const auto* r : host.active()) {
    const auto& d = r->descriptor;
    for (const auto& f : d.data) {
      data += "| `--" + f.key + " FILE` | `" + r->name + "` | " +
              (f.builtin.empty() ? std::string{"none"} : "`models/" + f.builtin + "`") + " | " +
              cell(f.help) + " |\n";
    }
    bool first = true;
    for (const auto& o : d.options) {
      options += "| " + (first ? "`" + r->name + "`" : std::string{}) + " | `" + o.key + "` | " +
                 cell(o.type) + " | " + cell(o.fallback) + " | " + cell(o.help) + " |\n";
      first = false;
    }
    for (const auto& p : d.parameters) {
      parameters += "| `" + r->name + "` | `" + p.name + "` | " +
                    (p.stage.empty() ? std::string{"several"} : p.stage) + " | " + cell(p.help) +
                    " |\n";
    }
  }
  return "Data files (each replaced with its flag, a server parameter of the same name, or a firm "
         "file's key):\n\n" +
         data + "\nOptions, under `[plugins.NAME]` in the model:\n\n" + options +
         "\nParameters a firm profile scales (`attestplan calibrate`):\n\n" + parameters;
}

}  // namespace attestplan

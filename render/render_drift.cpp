// Drift renderers: the table a person reads, the JSON a program reads, Markdown for a change log.
#include <nlohmann/json.hpp>

#include "attestplan/format.hpp"
#include "attestplan/render.hpp"
#include "json_util.hpp"

namespace attestplan {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string number(const FigureDrift& f, double v) {
  return f.unit == "count" || f.unit == "hours" ? format_grouped(v) : format_money(v);
}

/// "383 (323–448)": the P50 with P10–P90, or the figure itself when it is exact.
std::string figure_text(const FigureDrift& f, double likely, const std::optional<Percentiles>& p) {
  if (!p || p->p10 == p->p90) return number(f, likely);
  return number(f, p->p50) + " (" + number(f, p->p10) + "–" + number(f, p->p90) + ")";
}

/// "+12 likely (P10 +3, P90 +20)": the change in the likely figure, then the change's own range.
std::string delta_text(const FigureDrift& f) {
  if (!f.available) return "not compared";
  const auto sign = [&](double v) {
    const bool money = f.unit != "count" && f.unit != "hours";
    const auto text = money ? format_money(v < 0 ? -v : v) : format_number(v < 0 ? -v : v, 0);
    return (v > 0 ? "+" : v < 0 ? "-" : "±") + text;
  };
  std::string out = sign(f.current - f.baseline) + " likely";
  if (f.change && f.change->p10 != f.change->p90)
    out += " (P10 " + sign(f.change->p10) + ", P90 " + sign(f.change->p90) + ")";
  return out;
}

std::string component_row(const ComponentDrift& c) {
  std::string out = c.id + " (" + to_string(c.kind) + ")";
  if (c.was) out = c.id + ": " + to_string(*c.was) + " → " + to_string(c.kind);
  out += ", " + c.how;
  if (!c.source.empty()) out += ", from " + c.source;
  return out;
}

struct Section {
  std::string title;
  std::vector<std::string> lines;
};

std::vector<Section> sections_of(const DriftReport& r) {
  std::vector<Section> out;
  auto comps = [](const std::vector<ComponentDrift>& v) {
    std::vector<std::string> lines;
    for (const auto& c : v) lines.push_back(component_row(c));
    return lines;
  };
  out.push_back({"Entered the boundary", comps(r.entered)});
  out.push_back({"Left the boundary", comps(r.left)});
  out.push_back({"Re-kinded", comps(r.rekinded)});
  out.push_back({"New personal-data stores in scope", comps(r.personal_data)});
  out.push_back({"New internet entry points", comps(r.entry_points)});
  out.push_back({"New data stores outside the boundary (in scope?)", comps(r.data_outside)});
  out.push_back({"Removed, still named by the model", comps(r.still_named)});
  std::vector<std::string> providers;
  for (const auto& p : r.new_providers) {
    providers.push_back(p.id + " (" + p.name + ", " + to_string(p.method) + "), provides " +
                        join(p.provides) + (p.csocs.empty() ? "" : "; CSOCs: " + join(p.csocs)));
  }
  out.push_back({"New subservice organizations (CSOCs needed)", providers});
  std::vector<std::string> gone;
  for (const auto& p : r.removed_providers) gone.push_back(p.id + " (" + p.name + ")");
  out.push_back({"Subservice organizations no longer reached", gone});
  std::vector<std::string> excluded;
  for (const auto& x : r.excluded_referenced)
    excluded.push_back(x.id + ", now depended on by " + join(x.referenced_by));
  out.push_back({"Excluded components now depended on", excluded});
  return out;
}

nlohmann::json component_json(const ComponentDrift& c) {
  nlohmann::json j = {{"id", c.id}, {"name", c.name}, {"kind", to_string(c.kind)}, {"how", c.how}};
  if (c.was) j["was"] = to_string(*c.was);
  if (!c.source.empty()) j["source"] = c.source;
  return j;
}

nlohmann::json range_json(double likely, const std::optional<Percentiles>& p) {
  nlohmann::json j{{"likely", likely}};
  if (p) {
    j["p10"] = p->p10;
    j["p50"] = p->p50;
    j["p90"] = p->p90;
  }
  return j;
}

}  // namespace

std::string render_drift_table(const DriftReport& r, std::size_t width) {
  std::string out = "Scope drift: " + r.baseline + " → " + r.current + "\n";
  if (r.unchanged()) out += "No change to the boundary, its vendors or the estimate.\n";
  for (const auto& s : sections_of(r)) {
    out += "\n" + s.title + " (" + std::to_string(s.lines.size()) + ")\n";
    if (s.lines.empty()) out += "  none\n";
    for (const auto& l : s.lines) out += "  " + l + "\n";
  }
  out += "\nEstimate (P50 with P10–P90; the change's range is the runs' difference, same seed)\n";
  TextTable t({"FIGURE", "BASELINE", "CURRENT", "CHANGE"});
  for (const auto& f : r.figures) {
    const std::string unit = f.unit == "count" ? "" : " (" + f.unit + ")";
    t.add_row({f.metric + unit, f.available ? figure_text(f, f.baseline, f.baseline_spread) : "-",
               f.available ? figure_text(f, f.current, f.current_spread) : "-", delta_text(f)});
  }
  out += t.render("  ", width);
  if (!r.failures.empty()) {
    out += "\nStages that did not run\n";
    for (const auto& f : r.failures) out += "  " + f + "\n";
  }
  out += "\nSignificant changes for the system description (" + std::to_string(r.findings.size()) +
         ")\n";
  if (r.findings.empty()) out += "  none\n";
  for (const auto& f : r.findings)
    out += "  " + std::string{to_string(f.severity)} + " [" + f.code + "] " + f.message + "\n";
  return fit_lines(out, width);
}

std::string render_drift_json(const DriftReport& r) {
  using nlohmann::json;
  auto comps = [](const std::vector<ComponentDrift>& v) {
    json a = json::array();
    for (const auto& c : v) a.push_back(component_json(c));
    return a;
  };
  auto providers = [](const std::vector<ProviderDrift>& v) {
    json a = json::array();
    for (const auto& p : v) {
      a.push_back({{"id", p.id},
                   {"name", p.name},
                   {"method", to_string(p.method)},
                   {"provides", p.provides},
                   {"csocs", p.csocs}});
    }
    return a;
  };
  json excluded = json::array();
  for (const auto& x : r.excluded_referenced)
    excluded.push_back({{"id", x.id}, {"referenced_by", x.referenced_by}});
  json figures = json::array();
  for (const auto& f : r.figures) {
    json j = {{"metric", f.metric}, {"unit", f.unit}, {"available", f.available}};
    if (f.available) {
      j["baseline"] = range_json(f.baseline, f.baseline_spread);
      j["current"] = range_json(f.current, f.current_spread);
      j["change"] = range_json(f.current - f.baseline, f.change);
    }
    figures.push_back(std::move(j));
  }
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(detail::finding_json(f));
  const json doc = {{"schema_version", kJsonSchemaVersion},
                    {"baseline", r.baseline},
                    {"current", r.current},
                    {"unchanged", r.unchanged()},
                    {"entered", comps(r.entered)},
                    {"left", comps(r.left)},
                    {"rekinded", comps(r.rekinded)},
                    {"new_personal_data_stores", comps(r.personal_data)},
                    {"new_entry_points", comps(r.entry_points)},
                    {"new_data_stores_outside", comps(r.data_outside)},
                    {"removed_still_named", comps(r.still_named)},
                    {"new_subservice_organizations", providers(r.new_providers)},
                    {"removed_subservice_organizations", providers(r.removed_providers)},
                    {"excluded_now_referenced", excluded},
                    {"figures", figures},
                    {"failures", r.failures},
                    {"findings", findings}};
  return doc.dump(2) + "\n";
}

std::string render_drift_markdown(const DriftReport& r) {
  std::string out =
      "# Scope drift\n\n" + escape_markdown(r.baseline) + " → " + escape_markdown(r.current) + "\n";
  for (const auto& s : sections_of(r)) {
    out += "\n## " + s.title + "\n\n";
    if (s.lines.empty()) out += "None.\n";
    for (const auto& l : s.lines) out += "- " + escape_markdown(l) + "\n";
  }
  out += "\n## Estimate\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.figures) {
    const std::string unit = f.unit == "count" ? "" : " (" + f.unit + ")";
    rows.push_back(
        {f.metric + unit, f.available ? figure_text(f, f.baseline, f.baseline_spread) : "-",
         f.available ? figure_text(f, f.current, f.current_spread) : "-", delta_text(f)});
  }
  out += markdown_table({"Figure", "Baseline (P50, P10–P90)", "Current (P50, P10–P90)", "Change"},
                        rows);
  out += "\n## Significant changes for the system description\n\n";
  if (r.findings.empty()) out += "None.\n";
  for (const auto& f : r.findings) {
    out += "- **" + std::string{to_string(f.severity)} + "** (" + f.code +
           "): " + escape_markdown(f.message) + "\n";
  }
  return out;
}

}  // namespace attestplan

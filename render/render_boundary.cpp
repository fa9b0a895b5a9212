// Boundary renderers: the table a person reads and the JSON a program reads.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "attestplan/render.hpp"
#include "json_util.hpp"

namespace attestplan {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string window_text(const Model& model, const Boundary& b) {
  std::string text;
  if (is_type2(model.engagement.report)) {
    text = "window " + b.window.start.to_string() + " to " + b.window.end.to_string();
  } else {
    text = "as of " + b.window.start.to_string();
  }
  if (b.window.assumed) text += " (assumed from the planning start; the estimate's timeline refines it)";
  return text;
}

/// Each imported component's source, by id (empty when the model imported nothing).
std::unordered_map<std::string_view, std::string_view> sources_of(const Model& model) {
  std::unordered_map<std::string_view, std::string_view> out;
  for (const auto& c : model.components) {
    if (!c.source.empty()) out.emplace(c.id, c.source);
  }
  return out;
}

std::string vendor_report_text(const SubserviceInScope& s) {
  std::string text = to_string(s.report);
  if (s.report_period_end) text += " to " + s.report_period_end->to_string();
  return text;
}

}  // namespace

std::string render_boundary_table(const Model& model, const Boundary& b) {
  std::string out;
  out += "System boundary: " + model.organization.name + "\n";
  out += display_name(model.engagement.report) + std::string{", "} + window_text(model, b) + "\n\n";

  std::size_t in = 0, outside = 0, excluded = 0;
  for (const auto& n : b.nodes) {
    if (n.node != NodeKind::Component) continue;
    in += n.verdict == Verdict::InScope;
    outside += n.verdict == Verdict::OutOfScope;
    excluded += n.verdict == Verdict::Excluded;
  }

  // Imported components say where they came from (a Terraform address, a register's row).
  const auto sources = sources_of(model);
  const bool imported = !sources.empty();
  TextTable services({"SERVICE", "NAME", "REASON"});
  TextTable components(imported ? std::vector<std::string>{"VERDICT", "COMPONENT", "KIND", "REASON", "SOURCE"}
                                : std::vector<std::string>{"VERDICT", "COMPONENT", "KIND", "REASON"});
  for (std::size_t i = 0; i < b.nodes.size(); ++i) {
    const auto& n = b.nodes[i];
    if (n.node == NodeKind::Service) {
      services.add_row({n.id, n.name, b.reason(i)});
    } else if (n.node == NodeKind::Component) {
      std::vector<std::string> row{to_string(n.verdict), n.id, to_string(*n.kind), b.reason(i)};
      if (imported) {
        const auto it = sources.find(n.id);
        row.push_back(it == sources.end() ? "-" : std::string{it->second});
      }
      components.add_row(std::move(row));
    }
  }
  out += "Services (" + std::to_string(b.in_scope_count(NodeKind::Service)) + ")\n";
  out += services.render() + "\n";
  out += "Components: " + std::to_string(in) + " in scope, " + std::to_string(outside) +
         " out of scope, " + std::to_string(excluded) + " excluded\n";
  out += components.render() + "\n";

  out += "Subservice organizations reached (" + std::to_string(b.subservices.size()) + ")\n";
  if (b.subservices.empty()) {
    out += "  none\n";
  } else {
    TextTable vendors({"SUBSERVICE", "NAME", "METHOD", "OWN REPORT", "PROVIDES", "CARRIES"});
    for (const auto& s : b.subservices) {
      vendors.add_row({s.id, s.name, to_string(s.method), vendor_report_text(s), join(s.reached_via),
                       s.covers.empty() ? "-" : join(s.covers)});
    }
    out += vendors.render();
  }
  const auto carved = b.carved_out_criteria();
  if (!carved.empty()) {
    out += "\nCarved out (criteria the organization relies on its vendors for): " + join(carved) + "\n";
    out += "Complementary subservice organization controls (CSOCs):\n";
    for (const auto& s : b.subservices) {
      if (s.method != SubserviceMethod::CarveOut) continue;
      for (const auto& c : s.csocs) out += "  - " + c + "\n";
    }
  }
  out += "\nComplementary user entity controls (CUECs):\n";
  for (const auto& c : b.cuecs) out += "  - " + c + "\n";

  out += "\nFindings (" + std::to_string(b.findings.size()) + ")\n";
  if (b.findings.empty()) out += "  none\n";
  for (const auto& f : b.findings) {
    out += "  " + std::string{to_string(f.severity)} + " [" + f.code + "] " + f.message;
    if (f.where.line > 0) out += " (" + f.where.to_string() + ")";
    out += "\n";
  }
  return out;
}

std::string render_boundary_json(const Model& model, const Boundary& b) {
  using nlohmann::json;
  json nodes = json::array();
  const auto sources = sources_of(model);
  for (std::size_t i = 0; i < b.nodes.size(); ++i) {
    const auto& n = b.nodes[i];
    json j = {{"id", n.id},
              {"name", n.name},
              {"node", to_string(n.node)},
              {"verdict", to_string(n.verdict)},
              {"reason", b.reason(i)},
              {"where", detail::location_json(n.where)}};
    if (n.kind) j["kind"] = to_string(*n.kind);
    if (const auto it = sources.find(n.id); n.node == NodeKind::Component && it != sources.end()) {
      j["source"] = it->second;
    }
    if (n.verdict == Verdict::InScope) j["path"] = b.path(i);
    nodes.push_back(std::move(j));
  }
  json vendors = json::array();
  for (const auto& s : b.subservices) {
    json j = {{"id", s.id},
              {"name", s.name},
              {"method", to_string(s.method)},
              {"report", to_string(s.report)},
              {"provides", s.reached_via},
              {"covers", s.covers},
              {"csocs", s.csocs}};
    if (s.report_period_end) j["report_period_end"] = s.report_period_end->to_string();
    vendors.push_back(std::move(j));
  }
  json findings = json::array();
  for (const auto& f : b.findings) findings.push_back(detail::finding_json(f));
  json out = {{"organization", model.organization.name},
              {"report", to_string(model.engagement.report)},
              {"window",
               {{"start", b.window.start.to_string()},
                {"end", b.window.end.to_string()},
                {"assumed", b.window.assumed}}},
              {"counts",
               {{"services", b.in_scope_count(NodeKind::Service)},
                {"components_in_scope", b.in_scope_count(NodeKind::Component)},
                {"subservices_in_scope", b.in_scope_count(NodeKind::Subservice)},
                {"nodes", b.nodes.size()},
                {"edges", b.edge_count}}},
              {"nodes", std::move(nodes)},
              {"subservices", std::move(vendors)},
              {"carved_out_criteria", b.carved_out_criteria()},
              {"cuecs", b.cuecs},
              {"findings", std::move(findings)}};
  return out.dump(2) + "\n";
}

std::string render_diagnostics_json(const Diagnostics& diags) {
  nlohmann::json out = nlohmann::json::array();
  const auto& items = diags.items();
  for (std::size_t i = 0; i < items.size() && i < kMaxDiagnosticsShown; ++i) {
    const auto& d = items[i];
    nlohmann::json j = {{"severity", to_string(d.severity)}, {"message", d.message}};
    j.update(detail::location_json(d.location));
    if (!d.hint.empty()) j["hint"] = d.hint;
    out.push_back(std::move(j));
  }
  if (items.size() > kMaxDiagnosticsShown) {
    out.push_back({{"severity", to_string(Severity::Note)},
                   {"message", "and " + std::to_string(items.size() - kMaxDiagnosticsShown) +
                                   " more problem(s) not shown; " + std::to_string(diags.error_count()) +
                                   " error(s) in all"}});
  }
  return out.dump(2) + "\n";
}

}  // namespace attestplan

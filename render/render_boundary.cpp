// Boundary renderers: the table a person reads and the JSON a program reads.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "attestplan/render.hpp"
#include "json_stream.hpp"
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
  // The request layer plans the window with the estimate's timeline where vendor coverage is
  // checked against it; otherwise it is assumed from the planning start.
  if (b.window.assumed) {
    text += b.window.start == default_audit_window(model).start
                ? " (assumed from the planning start; the estimate's timeline refines it)"
                : " (as the estimate's timeline plans it)";
  }
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

/// "soc2-type2 to 2026-09-30"; a period that ends after planning starts is a report not issued yet
/// when the plan is made: "(expected)".
std::string vendor_report_text(const SubserviceInScope& s, std::optional<Date> planning_start) {
  std::string text = to_string(s.report);
  if (s.report_period_end) {
    text += " to " + s.report_period_end->to_string();
    if (planning_start && *s.report_period_end >= *planning_start) text += " (expected)";
  }
  return text;
}

}  // namespace

std::string render_boundary_table(const Model& model, const Boundary& b, std::size_t width) {
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
  TextTable components(
      imported ? std::vector<std::string>{"VERDICT", "COMPONENT", "KIND", "REASON", "SOURCE"}
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
  out += services.render("  ", width) + "\n";
  out += "Components: " + std::to_string(in) + " in scope, " + std::to_string(outside) +
         " out of scope, " + std::to_string(excluded) + " excluded\n";
  out += components.render("  ", width) + "\n";

  out += "Subservice organizations reached (" + std::to_string(b.subservices.size()) + ")\n";
  if (b.subservices.empty()) {
    out += "  none\n";
  } else {
    TextTable vendors({"SUBSERVICE", "NAME", "METHOD", "OWN REPORT", "PROVIDES", "CARRIES"});
    for (const auto& s : b.subservices) {
      vendors.add_row({s.id, s.name, to_string(s.method),
                       vendor_report_text(s, model.engagement.start), join(s.reached_via),
                       s.covers.empty() ? "-" : join(s.covers)});
    }
    out += vendors.render("  ", width);
  }
  const auto carved = b.carved_out_criteria();
  if (!carved.empty()) {
    out +=
        "\nVendors' controls carved out (the criteria stay in scope, the organization's own "
        "controls still "
        "address them), relevant to: " +
        join(carved) + "\n";
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
  return fit_lines(out, width);
}

namespace {

void write_location(detail::JsonWriter& w, const SourceLocation& where) {
  w.begin_object();
  if (where.line > 0) w.field("column", static_cast<std::size_t>(where.column));
  w.field("file", where.file.str());
  if (where.line > 0) w.field("line", static_cast<std::size_t>(where.line));
  w.end_object();
}

}  // namespace

void render_boundary_json(const Model& model, const Boundary& b, std::ostream& sink) {
  // Keys in alphabetical order, in every object, as the document had when it was a JSON tree.
  detail::JsonStream stream(sink);
  auto& w = stream.writer();
  w.begin_object();
  w.key("carved_out_criteria");
  w.strings(b.carved_out_criteria());
  w.key("counts");
  w.begin_object();
  w.field("components_in_scope", b.in_scope_count(NodeKind::Component));
  w.field("edges", b.edge_count);
  w.field("nodes", b.nodes.size());
  w.field("services", b.in_scope_count(NodeKind::Service));
  w.field("subservices_in_scope", b.in_scope_count(NodeKind::Subservice));
  w.end_object();
  w.key("cuecs");
  w.strings(b.cuecs);
  w.key("findings");
  w.begin_array();
  for (const auto& f : b.findings) {
    w.begin_object();
    w.field("code", f.code);
    w.field("message", f.message);
    w.field("severity", to_string(f.severity));
    if (f.role != FindingRole::Other) w.field("role", to_string(f.role));
    if (!f.subject.empty()) w.field("subject", f.subject);
    w.key("where");
    write_location(w, f.where);
    w.end_object();
    stream.flush_if_full();
  }
  w.end_array();
  // Each node names the node that reached it (via, over the edge via_edge) rather than its whole
  // path: the chain back to a service is followed node by node, and the document stays linear.
  w.key("nodes");
  w.begin_array();
  const auto sources = sources_of(model);  // imported components' sources, by id
  for (std::size_t i = 0; i < b.nodes.size(); ++i) {
    const auto& n = b.nodes[i];
    w.begin_object();
    w.field("id", n.id);
    if (n.kind) w.field("kind", to_string(*n.kind));
    w.field("name", n.name);
    w.field("node", to_string(n.node));
    w.field("reason", b.reason(i));
    if (const auto it = sources.find(n.id); n.node == NodeKind::Component && it != sources.end()) {
      w.field("source", it->second);
    }
    w.field("verdict", to_string(n.verdict));
    if (n.verdict == Verdict::InScope && n.via >= 0) {
      w.field("via", b.nodes[static_cast<std::size_t>(n.via)].id);
      w.field("via_edge", to_string(n.via_edge));
    }
    w.key("where");
    write_location(w, n.where);
    w.end_object();
    stream.flush_if_full();
  }
  w.end_array();
  w.field("organization", model.organization.name);
  w.field("report", to_string(model.engagement.report));
  w.field("schema_version", kJsonSchemaVersion);
  w.key("subservices");
  w.begin_array();
  for (const auto& s : b.subservices) {
    w.begin_object();
    w.key("covers");
    w.strings(s.covers);
    w.key("csocs");
    w.strings(s.csocs);
    w.field("id", s.id);
    w.field("method", to_string(s.method));
    w.field("name", s.name);
    w.key("provides");
    w.strings(s.reached_via);
    w.field("report", to_string(s.report));
    if (s.report_period_end) w.field("report_period_end", s.report_period_end->to_string());
    w.end_object();
    stream.flush_if_full();
  }
  w.end_array();
  w.key("window");
  w.begin_object();
  w.field("assumed", b.window.assumed);
  w.field("end", b.window.end.to_string());
  w.field("start", b.window.start.to_string());
  w.end_object();
  w.end_object();
  stream.end_line();
}

std::string render_boundary_json(const Model& model, const Boundary& b) {
  std::ostringstream out;
  render_boundary_json(model, b, out);
  return std::move(out).str();
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
                                   " more problem(s) not shown; " +
                                   std::to_string(diags.error_count()) + " error(s) in all"}});
  }
  return out.dump(2) + "\n";
}

}  // namespace attestplan

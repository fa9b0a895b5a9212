// Writing a model overlay (the TOML every import produces) and the helpers the readers share.
#include <cstdio>

#include "attestplan/import.hpp"
#include "attestplan/vendors.hpp"

namespace attestplan {

namespace {

/// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

/// A comment line: the text on one line (a comment cannot span lines).
std::string comment(std::string_view text) {
  std::string out = "# ";
  for (const char ch : text) out += ch == '\n' || ch == '\r' ? ' ' : ch;
  return out + "\n";
}

}  // namespace

std::string render_overlay(const Overlay& o) {
  std::string out;
  out += comment("Model overlay written by attestplan import " + o.tool + " from " + o.input + ".");
  out += comment(
      "Include it from a hand-written model: include = [\"THIS-FILE.toml\"]. The hand-written");
  out += comment("model wins where both define an id; re-import rather than edit this file.");
  for (const auto& line : o.summary) out += comment(line);
  out += "schema = \"attestplan/1\"\n";
  for (const auto& s : o.subservices) {
    out += "\n[[subservice]]\nid = " + toml_string(s.id) + "\n";
    const auto* library = s.vendor.empty() ? nullptr : VendorLibrary::builtin().find(s.vendor);
    if (!s.vendor.empty()) out += "vendor = " + toml_string(s.vendor) + "\n";
    if (s.vendor.empty() || (!s.name.empty() && (!library || library->name != s.name)))
      out += "name = " + toml_string(s.name) + "\n";
    if (!s.description.empty()) out += "description = " + toml_string(s.description) + "\n";
    if (s.method) out += "method = " + toml_string(to_string(*s.method)) + "\n";
    if (s.report) {
      out += "report = " + toml_string(to_string(*s.report)) + "\n";
    } else if (s.vendor.empty()) {
      out += "report = \"none\"  # not in the vendor library: state the report it publishes\n";
    }
    if (s.report_period_end)
      out += "report_period_end = " + toml_string(s.report_period_end->to_string()) + "\n";
    if (s.report_cycle_months)
      out += "report_cycle_months = " + std::to_string(*s.report_cycle_months) + "\n";
    if (s.covers) out += "covers = " + string_list(*s.covers) + "\n";
  }
  for (const auto& c : o.components) {
    out += "\n[[component]]\nid = " + toml_string(c.id) + "\n";
    if (!c.name.empty() && c.name != c.id) out += "name = " + toml_string(c.name) + "\n";
    out += "kind = " + toml_string(to_string(c.kind)) + "\n";
    if (!c.description.empty()) out += "description = " + toml_string(c.description) + "\n";
    if (!c.site.empty()) out += "site = " + toml_string(c.site) + "\n";
    if (c.headcount) out += "headcount = " + std::to_string(*c.headcount) + "\n";
    if (!c.classification.empty())
      out += "classification = " + string_list(c.classification) + "\n";
    if (!c.subjects.empty()) out += "subjects = " + toml_string(c.subjects) + "\n";
    if (!c.runs_on.empty()) out += "runs_on = " + string_list(c.runs_on) + "\n";
    if (!c.uses.empty()) out += "uses = " + string_list(c.uses) + "\n";
    if (!c.stores.empty()) out += "stores = " + string_list(c.stores) + "\n";
    if (!c.accesses.empty()) out += "accesses = " + string_list(c.accesses) + "\n";
    if (!c.flows_to.empty()) out += "flows_to = " + string_list(c.flows_to) + "\n";
    if (!c.provided_by.empty()) out += "provided_by = " + toml_string(c.provided_by) + "\n";
    if (c.deploys) out += "deploys = " + toml_string(to_string(*c.deploys)) + "\n";
    if (c.role) out += "role = " + toml_string(to_string(*c.role)) + "\n";
    if (!c.process.empty()) out += "process = " + toml_string(c.process) + "\n";
    if (c.excluded) out += "exclude = true\n";
    if (!c.exclude_reason.empty())
      out += "exclude_reason = " + toml_string(c.exclude_reason) + "\n";
    if (c.internet_facing) out += "internet_facing = true\n";
    if (!c.source.empty()) out += "source = " + toml_string(c.source) + "\n";
  }
  return out;
}

std::optional<GroupBy> parse_group_by(std::string_view s) {
  if (s == "tag") return GroupBy::Tag;
  if (s == "module") return GroupBy::Module;
  if (s == "resource") return GroupBy::Resource;
  return std::nullopt;
}

std::string slug_of(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += ch;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace attestplan

// A plugin's descriptor (descriptor.hpp), read with located diagnostics.
#include "attestplan/descriptor.hpp"

#include <algorithm>
#include <set>

#include "attestplan/estimate.hpp"
#include "attestplan/format.hpp"
#include "attestplan/toml_reader.hpp"

namespace attestplan {

namespace {

/// A flag's name: lower-case letters, digits and '-', starting with a letter.
bool is_flag_name(std::string_view s) {
  if (s.empty() || s.size() > 40 || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

/// Each table of the array `key` of `doc`, with a reader for it.
template <class Each>
void each_table(const toml::table& doc, std::string_view key, const FileName& file,
                Diagnostics& diags, Each each) {
  const auto* node = doc.get(key);
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    diags.error(cat("'", key, "' must be an array of tables ([[", key, "]])"),
                location_of(node->source(), file));
    return;
  }
  for (const auto& item : *array) {
    TableReader r(*item.as_table(), cat("[[", key, "]]"), file, diags);
    each(r);
    r.check_unknown_keys();
  }
}

}  // namespace

bool is_reserved_data_key(std::string_view key) {
  // The core's own inputs and the commands' flags a data file must not take.
  static const std::set<std::string_view> reserved = {
      "criteria", "plugins", "profile", "simulation", "firm", "model",   "format",
      "output",   "report",  "months",  "currency",   "seed", "help",    "version",
      "verbose",  "quiet",   "fail-on", "explain",    "memo", "include", "auditor-country"};
  return reserved.count(key) > 0;
}

namespace {
std::string names_text(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}
}  // namespace

std::optional<Descriptor> parse_descriptor(std::string_view text, const std::string& plugin,
                                           Diagnostics& diags) {
  const std::string source = plugin + "'s descriptor";
  const auto errors_before = diags.error_count();
  auto doc = parse_toml(text, source, "plugin descriptor", diags);
  if (!doc) return std::nullopt;
  const FileName file{source};
  Descriptor d;
  std::set<std::string> seen;
  each_table(*doc, "data", file, diags, [&](TableReader& r) {
    DataFileDecl f;
    f.key = r.string("key", true).value_or("");
    if (!f.key.empty() && !is_flag_name(f.key)) {
      r.diags().error(cat("data file key '", f.key,
                          "' is not a flag's name (lower-case letters, digits and '-')"),
                      r.where("key"));
    } else if (is_reserved_data_key(f.key)) {
      r.diags().error(cat("data file key '", f.key, "' is attestplan's own"), r.where("key"));
    } else if (!f.key.empty() && !seen.insert(f.key).second) {
      r.diags().error(cat("data file key '", f.key, "' is declared twice"), r.where("key"));
    }
    f.builtin = r.string("builtin").value_or("");  // none: the plugin reads it only when given
    f.help = r.string("help", true).value_or("");
    f.label = r.string("label", true).value_or("");
    f.marker = r.string("marker").value_or("");
    f.money = r.boolean("money").value_or(false);
    f.on_request = r.boolean("on_request").value_or(false);
    d.data.push_back(std::move(f));
  });
  seen.clear();
  each_table(*doc, "option", file, diags, [&](TableReader& r) {
    OptionDecl o;
    o.key = r.string("key", true).value_or("");
    if (!o.key.empty() && !seen.insert(o.key).second)
      r.diags().error(cat("option '", o.key, "' is declared twice"), r.where("key"));
    o.type = r.string("type", true).value_or("");
    o.fallback = r.string("default").value_or("");
    o.help = r.string("help", true).value_or("");
    d.options.push_back(std::move(o));
  });
  seen.clear();
  each_table(*doc, "parameter", file, diags, [&](TableReader& r) {
    ParameterDecl p;
    p.name = r.string("name", true).value_or("");
    if (!p.name.empty() && !seen.insert(p.name).second)
      r.diags().error(cat("parameter '", p.name, "' is declared twice"), r.where("name"));
    p.stage = r.string("stage").value_or("");
    if (!p.stage.empty() && std::none_of(std::begin(kAuditStages), std::end(kAuditStages),
                                         [&](const AuditStage& s) { return p.stage == s.id; })) {
      r.diags().error(cat("parameter '", p.name, "' names stage '", p.stage,
                          "', which is not an audit stage (planning, documentation, testing, "
                          "reporting)"),
                      r.where("stage"));
    }
    p.help = r.string("help", true).value_or("");
    d.parameters.push_back(std::move(p));
  });
  TableReader top(*doc, "the descriptor", file, diags);
  if (top.has("report_types")) {
    d.report_types.clear();
    for (const auto& name : top.string_array("report_types")) {
      const auto type = parse_report_type(name);
      if (!type) {
        diags.error(cat("report_types: '", name, "' is not a report type (",
                        names_text(names_of_report_type()), ")"),
                    top.where("report_types"));
      } else if (std::find(d.report_types.begin(), d.report_types.end(), *type) ==
                 d.report_types.end()) {
        d.report_types.push_back(*type);
      }
    }
    if (d.report_types.empty() && diags.error_count() == errors_before)
      diags.error("report_types names no report type: the plugin would serve none",
                  top.where("report_types"));
  }
  if (top.has("subjects")) {
    for (const auto& name : top.string_array("subjects")) {
      const bool word = !name.empty() && name.size() <= 64 && name.front() != '-' &&
                        std::all_of(name.begin(), name.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                        });
      if (!word) {
        diags.error(cat("subjects: '", name,
                        "' is not a subject's id (lower-case words joined by '-': "
                        "\"control-objectives\")"),
                    top.where("subjects"));
      } else if (std::find(d.subjects.begin(), d.subjects.end(), name) == d.subjects.end()) {
        d.subjects.push_back(name);
      }
    }
    if (d.subjects.empty() && diags.error_count() == errors_before)
      diags.error("subjects names none: leave it out for a plugin that serves every subject",
                  top.where("subjects"));
  }
  top.check_unknown_keys({"report_types", "subjects", "data", "option", "parameter"});
  if (diags.error_count() > errors_before) return std::nullopt;
  return d;
}

}  // namespace attestplan

// Reading and checking the control-objectives library.
#include "library.hpp"

#include <algorithm>
#include <set>

#include "attestplan/toml_reader.hpp"

namespace objectives_scope {

using namespace attestplan;

const Objective* Library::find(std::string_view id) const {
  const auto it = std::find_if(objectives.begin(), objectives.end(),
                               [&](const Objective& o) { return o.id == id; });
  return it == objectives.end() ? nullptr : &*it;
}

std::vector<std::string> Library::sets() const {
  std::vector<std::string> out;
  for (const auto& o : objectives) {
    if (std::find(out.begin(), out.end(), o.set) == out.end()) out.push_back(o.set);
  }
  return out;
}

void read_controls(const toml::table& t, const FileName& file, Diagnostics& diags, Objective& o) {
  TableReader parent(t, "objective '" + o.id + "'", file, diags);
  const auto* controls = parent.table_array("control");
  if (!controls || controls->empty()) {
    diags.error("objective '" + o.id + "' has no [[control]]: the auditor tests controls",
                parent.where());
    return;
  }
  for (const auto& node : *controls) {
    const auto* ct = node.as_table();
    if (!ct) continue;
    TableReader r(*ct, "a control of objective '" + o.id + "'", file, diags);
    ObjectiveControl c;
    c.title = r.string("title", true).value_or("");
    c.area = r.string("area", true).value_or("");
    if (!c.area.empty() && std::none_of(std::begin(kControlAreas), std::end(kControlAreas),
                                        [&](const char* area) { return c.area == area; })) {
      diags.error("area '" + c.area +
                      "' is not a control area (governance, people, access, change, operations, "
                      "vendors, physical, data)",
                  r.where("area"));
    }
    c.frequency = r.word("frequency", &parse_frequency, names_of_frequency(), true)
                      .value_or(Frequency::Annual);
    if (auto nature = r.string("nature")) {
      if (*nature != "manual" && *nature != "automated")
        diags.error("nature is \"manual\" or \"automated\", not \"" + *nature + "\"",
                    r.where("nature"));
      c.automated = *nature == "automated";
    }
    c.population = r.string("population").value_or("");
    if (c.frequency == Frequency::EventDriven && c.population.empty())
      diags.error("an event-driven control names the population it samples from (population)",
                  r.where("frequency"));
    r.check_unknown_keys();
    o.controls.push_back(std::move(c));
  }
}

std::optional<Library> parse_library(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "control-objectives library", diags);
  if (!root) return std::nullopt;
  Library lib;
  lib.file = file.source_name;
  TableReader top(*root, "the control-objectives library", file.source_name, diags);
  if (!top.format_version("attestplan-objectives", 1)) return std::nullopt;
  lib.name = top.string("name", true).value_or("");
  lib.source = top.string("source", true).value_or("");
  const auto* objectives = top.table_array("objective");
  if (!objectives || objectives->empty())
    diags.error("the library has no [[objective]]", top.where());
  std::set<std::string> seen;
  // Over the file's own array (a copy of it would lose every node's place in the file).
  static const toml::array kNone;
  for (const auto& node : objectives ? *objectives : kNone) {
    const auto* t = node.as_table();
    if (!t) continue;
    TableReader r(*t, "[[objective]]", file.source_name, diags);
    Objective o;
    o.where = r.where();
    o.id = r.identifier("id", true).value_or("");
    r.set_context("[[objective]] '" + o.id + "'");
    if (!o.id.empty() && !seen.insert(o.id).second)
      diags.error("objective '" + o.id + "' is listed twice", r.where("id"));
    o.set = r.identifier("set", true).value_or("");
    o.title = r.string("title", true).value_or("");
    o.relevance = r.string("relevance", true).value_or("");
    o.applies = r.string("applies").value_or("always");
    if (o.applies != "always" && o.applies != "premises")
      diags.error("applies is \"always\" or \"premises\", not \"" + o.applies + "\"",
                  r.where("applies"));
    o.cuecs = r.string_array("cuecs");
    read_controls(*t, file.source_name, diags, o);
    r.check_unknown_keys({"control"});
    lib.objectives.push_back(std::move(o));
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return lib;
}

}  // namespace objectives_scope

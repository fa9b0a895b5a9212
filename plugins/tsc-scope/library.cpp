// Reading and checking a control library.
#include "library.hpp"

#include <algorithm>
#include <set>

#include "attestplan/toml_reader.hpp"

namespace tsc_scope {

using namespace attestplan;

std::optional<Library> parse_library(const DataFile& file, Diagnostics& diags) {
  Library out;
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "control library", diags);
  if (!root) return std::nullopt;
  TableReader top(*root, "the control library", file.source_name, diags);
  if (!top.format_version("attestplan-controls", 1)) return std::nullopt;
  top.string("library", true);
  top.string("title");
  std::set<std::string> ids;
  if (const auto* items = top.table_array("control")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[control]]", file.source_name, diags);
      LibraryControl c;
      const std::string id = r.identifier("id", true).value_or("");
      c.id = id;
      r.set_context("[[control]] '" + id + "'");
      if (!id.empty() && !ids.insert(id).second) {
        diags.error("control '" + id + "' is defined twice", r.where("id"));
      }
      c.domain = r.string("domain", true).value_or("");
      c.title = r.string("title", true).value_or("");
      c.criteria = r.ref_array("criteria");
      if (c.criteria.empty()) diags.error("control '" + id + "' addresses no criteria", r.where());
      c.frequency = r.word("frequency", &parse_frequency, names_of_frequency(), true)
                        .value_or(Frequency::Annual);
      const auto nature = r.string("nature", true).value_or("manual");
      if (nature != "manual" && nature != "automated") {
        r.bad_word("nature", nature, {"manual", "automated"});
      }
      c.automated = nature == "automated";
      c.population = r.string("population").value_or("");
      if (const auto per = r.string("per")) {
        if (*per == "system") {
          c.per_system = true;
        } else if (*per != "organization") {
          r.bad_word("per", *per, {"organization", "system"});
        }
      }
      if (c.frequency == Frequency::EventDriven && c.population.empty()) {
        diags.error("event-driven control '" + id + "' needs a population", r.where("frequency"));
      }
      for (const auto& ref : r.ref_array("requires")) {
        if (std::find(kConditions.begin(), kConditions.end(), ref.id) == kConditions.end()) {
          r.bad_word("requires", ref.id, kConditions, ref.where);
        }
        c.conditions.push_back(ref.id);
      }
      if (const auto role = r.string("role")) {
        if (parse_component_role(*role)) {
          c.role = *role;
        } else {
          r.bad_word("role", *role, names_of_component_role());
        }
      }
      c.evidence = r.string("evidence", true).value_or("");
      c.evidence_category = r.string("evidence_category", true).value_or("");
      c.owner = r.string("owner", true).value_or("");
      r.check_unknown_keys();
      out.controls.push_back(std::move(c));
    }
  }
  if (const auto* items = top.table_array("cuec")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[cuec]]", file.source_name, diags);
      LibraryCuec c;
      c.when = r.string("when", true).value_or("");
      c.text = r.string("text", true).value_or("");
      const auto colon = c.when.find(':');
      const std::string kind = c.when.substr(0, colon);
      const std::string name =
          colon == std::string::npos ? std::string{} : c.when.substr(colon + 1);
      if (kind == "category"     ? !parse_category(name)
          : kind == "commitment" ? std::find(known_commitments().begin(), known_commitments().end(),
                                             name) == known_commitments().end()
                                 : true) {
        diags.error("when = '" + c.when + "' names no category or commitment", r.where("when"),
                    "\"category:privacy\", \"commitment:uptime-sla\", ...");
      }
      r.check_unknown_keys();
      out.cuecs.push_back(std::move(c));
    }
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return out;
}

void check_criterion_refs(const std::vector<Ref>& refs, const std::string& owner,
                          const CriteriaCatalog& catalog, Diagnostics& diags) {
  for (const auto& ref : refs) {
    if (catalog.find(ref.id)) continue;
    const auto guess = diags.suggest(ref.id, catalog.ids());
    diags.error("'" + ref.id + "' in criteria of " + owner + " is not a criterion", ref.where,
                guess.empty() ? "criteria look like CC6.4, A1.2; see attestplan catalog criteria"
                              : "did you mean '" + guess + "'?");
  }
}

void check_criteria(const Library& library, const CriteriaCatalog& catalog, Diagnostics& diags) {
  for (const auto& c : library.controls)
    check_criterion_refs(c.criteria, "control '" + c.id + "'", catalog, diags);
}

}  // namespace tsc_scope

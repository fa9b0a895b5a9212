// Catalog renderers: the criteria as a table or JSON.
#include <nlohmann/json.hpp>

#include "attestplan/render.hpp"

namespace attestplan {

std::string render_criteria_table(const CriteriaCatalog& catalog, std::size_t width) {
  std::string out = "Criteria catalog " + catalog.name() + " (" +
                    std::to_string(catalog.all().size()) + " criteria, from " + catalog.source() +
                    ")\n";
  for (auto category : {Category::Security, Category::Availability, Category::Confidentiality,
                        Category::ProcessingIntegrity, Category::Privacy}) {
    const auto items = catalog.in_category(category);
    out += "\n" + std::string{display_name(category)} + " (" + std::to_string(items.size()) + ")\n";
    TextTable table({"ID", "GROUP", "COSO", "TITLE"});
    for (const auto* c : items) {
      table.add_row({c->id, c->group,
                     c->coso_principle ? "P" + std::to_string(c->coso_principle) : "-", c->title});
    }
    out += table.render("  ", width);
  }
  return fit_lines(out, width);
}

std::string render_criteria_json(const CriteriaCatalog& catalog) {
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& c : catalog.all()) {
    nlohmann::json j = {
        {"id", c.id}, {"category", to_string(c.category)}, {"group", c.group}, {"title", c.title}};
    if (c.coso_principle) {
      j["coso_principle"] = c.coso_principle;
      j["coso_component"] = c.coso_component;
    }
    items.push_back(std::move(j));
    counts[criterion_prefix(c.category)] = counts.value(criterion_prefix(c.category), 0) + 1;
  }
  nlohmann::json out = {{"schema_version", kJsonSchemaVersion},
                        {"catalog", catalog.name()},
                        {"source", catalog.source()},
                        {"count", catalog.all().size()},
                        {"counts", counts},
                        {"criteria", std::move(items)}};
  return out.dump(2) + "\n";
}

}  // namespace attestplan

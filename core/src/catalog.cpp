// The criteria catalog: parsing models/criteria/*.toml and lookups.
#include "attestplan/catalog.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

std::optional<CriteriaCatalog> CriteriaCatalog::parse(const DataFile& file, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto root = parse_data(file, "criteria catalog", diags);
  if (!root) return std::nullopt;
  CriteriaCatalog catalog;
  catalog.source_ = file.source_name;
  TableReader top(*root, "the criteria catalog", file.source_name, diags);
  catalog.name_ = top.string("catalog", true).value_or("");
  top.string("title");
  std::set<std::string, std::less<>> seen;
  if (const auto* items = top.table_array("criterion")) {
    for (const auto& node : *items) {
      const auto& t = *node.as_table();
      TableReader r(t, "[[criterion]]", file.source_name, diags);
      Criterion c;
      c.id = r.identifier("id", true).value_or("");
      c.category = r.word("category", &parse_category, names_of_category(), true)
                       .value_or(Category::Security);
      c.title = r.string("title", true).value_or("");
      c.group = r.string("group").value_or("");
      c.coso_principle = static_cast<int>(r.integer("coso_principle", 1, 17).value_or(0));
      c.coso_component = r.string("coso_component").value_or("");
      r.check_unknown_keys();
      if (!c.id.empty() && !seen.insert(c.id).second) {
        diags.error("criterion '" + c.id + "' is listed twice", r.where("id"));
      }
      catalog.criteria_.push_back(std::move(c));
    }
  } else if (!top.has("criterion")) {
    diags.error("the criteria catalog lists no [[criterion]]", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return catalog;
}

const CriteriaCatalog& CriteriaCatalog::builtin() {
  static const CriteriaCatalog catalog = [] {
    Diagnostics diags;
    auto file = load_data_file(std::nullopt, "criteria/tsc-2017.toml", diags);
    std::optional<CriteriaCatalog> parsed;
    if (file) parsed = parse(*file, diags);
    // The built-in file is compiled in and tested; failing here is a build defect, not user input.
    if (!parsed) throw std::logic_error("built-in criteria catalog does not parse");
    return std::move(*parsed);
  }();
  return catalog;
}

const Criterion* CriteriaCatalog::find(std::string_view id) const {
  const auto it = std::find_if(criteria_.begin(), criteria_.end(),
                               [&](const Criterion& c) { return c.id == id; });
  return it == criteria_.end() ? nullptr : &*it;
}

std::vector<const Criterion*> CriteriaCatalog::in_category(Category c) const {
  std::vector<const Criterion*> out;
  for (const auto& criterion : criteria_) {
    if (criterion.category == c) out.push_back(&criterion);
  }
  return out;
}

std::vector<std::string> CriteriaCatalog::ids() const {
  std::vector<std::string> out;
  out.reserve(criteria_.size());
  for (const auto& c : criteria_) out.push_back(c.id);
  return out;
}

}  // namespace attestplan

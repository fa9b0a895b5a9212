// The criteria catalog: parsing models/criteria/*.toml and lookups.
#include "attestplan/catalog.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "attestplan/toml_reader.hpp"
#include "embedded.hpp"

namespace attestplan {

std::optional<CriteriaCatalog> CriteriaCatalog::parse(const DataFile& file, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "criteria catalog", diags);
  if (!root) return std::nullopt;
  CriteriaCatalog catalog;
  catalog.source_ = file.source_name;
  TableReader top(*root, "the criteria catalog", file.source_name, diags);
  if (!top.format_version("attestplan-criteria", 1)) return std::nullopt;
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
      if (const auto role = r.string("subservice")) {
        if (*role == "carries") {
          c.vendor_role = VendorRole::Carries;
        } else if (*role == "shares") {
          c.vendor_role = VendorRole::Shares;
        } else {
          r.bad_word("subservice", *role, {"carries", "shares"});
        }
      }
      c.vendor_part = r.string("subservice_part").value_or("");
      if (c.vendor_role != VendorRole::Entity && c.vendor_part.empty()) {
        diags.error("criterion '" + c.id + "' says a subservice organization " +
                        to_string(c.vendor_role) +
                        " it, but not what the vendor does (subservice_part)",
                    r.where("subservice"));
      }
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
  catalog.build_index();
  return catalog;
}

void CriteriaCatalog::build_index() {
  by_id_.resize(criteria_.size());
  for (std::size_t i = 0; i < by_id_.size(); ++i) by_id_[i] = i;
  std::sort(by_id_.begin(), by_id_.end(),
            [&](std::size_t a, std::size_t b) { return criteria_[a].id < criteria_[b].id; });
}

const char* to_string(VendorRole v) {
  switch (v) {
    case VendorRole::Entity:
      return "entity";
    case VendorRole::Shares:
      return "shares";
    case VendorRole::Carries:
      return "carries";
  }
  return "?";
}

const CriteriaCatalog& CriteriaCatalog::builtin() {
  // Read once, by the same reader as a --criteria file; the unit tests hold the file to it.
  static const CriteriaCatalog catalog = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "criteria/tsc-2017.toml", diags);
    auto parsed = file ? parse(*file, diags) : std::nullopt;
    if (!parsed)
      throw std::logic_error("the built-in criteria catalog does not read: " +
                             diags.items().front().message);
    return std::move(*parsed);
  }();
  return catalog;
}

const Criterion* CriteriaCatalog::find(std::string_view id) const {
  const auto it =
      std::lower_bound(by_id_.begin(), by_id_.end(), id,
                       [&](std::size_t i, std::string_view key) { return criteria_[i].id < key; });
  return it != by_id_.end() && criteria_[*it].id == id ? &criteria_[*it] : nullptr;
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

const std::vector<Criterion>& CriteriaCatalog::all() const { return criteria_; }
const std::string& CriteriaCatalog::name() const { return name_; }
const std::string& CriteriaCatalog::source() const { return source_; }

}  // namespace attestplan

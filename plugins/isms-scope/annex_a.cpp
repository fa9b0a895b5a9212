// Reading and checking the Annex A library.
#include "annex_a.hpp"

#include <algorithm>
#include <set>

#include "attestplan/model_types.hpp"
#include "attestplan/toml_reader.hpp"

namespace isms_scope {

using namespace attestplan;

std::optional<AnnexA> parse_annex_a(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "Annex A library", diags);
  if (!root) return std::nullopt;
  AnnexA a;
  a.source = file.source_name;
  TableReader top(*root, "the Annex A library", file.source_name, diags);
  if (!top.format_version("attestplan-annex-a", 1)) return std::nullopt;
  a.edition = top.string("edition", true).value_or("");
  const auto* controls = top.table_array("control");
  if (!controls || controls->empty()) diags.error("the library has no [[control]]", top.where());
  std::set<std::string> seen;
  // Over the file's own array (a copy of it would lose every node's place in the file).
  static const toml::array kNone;
  for (const auto& node : controls ? *controls : kNone) {
    const auto* t = node.as_table();
    if (!t) continue;
    TableReader r(*t, "[[control]]", file.source_name, diags);
    AnnexAControl c;
    c.id = r.string("id", true).value_or("");
    c.name = r.string("name", true).value_or("");
    c.area = r.string("area", true).value_or("");
    c.applies = r.string("applies", true).value_or("");
    r.check_unknown_keys();
    if (!c.id.empty() && !seen.insert(c.id).second)
      diags.error("control '" + c.id + "' is listed twice", r.where("id"));
    if (!c.area.empty() && std::none_of(std::begin(kControlAreas), std::end(kControlAreas),
                                        [&](const char* area) { return c.area == area; }))
      diags.error("area '" + c.area +
                      "' is not a control area (governance, people, access, "
                      "change, operations, vendors, physical, data)",
                  r.where("area"));
    if (!c.applies.empty() && std::none_of(std::begin(kApplies), std::end(kApplies),
                                           [&](const char* w) { return c.applies == w; }))
      diags.error("applies '" + c.applies +
                      "' is not one of always, people, premises, suppliers, "
                      "cloud, development, personal-data, infrastructure, outsourced-development",
                  r.where("applies"));
    a.controls.push_back(std::move(c));
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return a;
}

}  // namespace isms_scope

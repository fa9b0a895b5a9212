// Reading the control library, and writing the built-in one as C++ for the build to compile in.
#include "library.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "attestplan/toml_reader.hpp"
#include "common/emit.hpp"

namespace tsc_scope {

using namespace attestplan;

Library parse_library(const DataFile& file, const CriteriaCatalog& catalog, Diagnostics& diags) {
  Library out;
  auto root = parse_data(file, "control library", diags);
  if (!root) return out;
  TableReader top(*root, "the control library", file.source_name, diags);
  top.string("library", true);
  top.string("title");
  std::set<std::string> ids;
  if (const auto* items = top.table_array("control")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[control]]", file.source_name, diags);
      LibraryControl c;
      const std::string id = r.identifier("id", true).value_or("");
      c.id = out.keep(id);
      r.set_context("[[control]] '" + id + "'");
      if (!id.empty() && !ids.insert(id).second) {
        diags.error("control '" + id + "' is defined twice", r.where("id"));
      }
      c.domain = out.keep(r.string("domain", true).value_or(""));
      c.title = out.keep(r.string("title", true).value_or(""));
      for (const auto& ref : r.ref_array("criteria")) {
        if (!catalog.find(ref.id)) {
          diags.error("'" + ref.id + "' in criteria of control '" + id + "' is not a criterion",
                      ref.where, "did you mean '" + nearest(ref.id, catalog.ids()) + "'?");
        }
        c.criteria.push_back(out.keep(ref.id));
      }
      if (c.criteria.empty()) diags.error("control '" + id + "' addresses no criteria", r.where());
      c.frequency = r.word("frequency", &parse_frequency, names_of_frequency(), true)
                        .value_or(Frequency::Annual);
      const auto nature = r.string("nature", true).value_or("manual");
      if (nature != "manual" && nature != "automated") {
        r.bad_word("nature", nature, {"manual", "automated"});
      }
      c.automated = nature == "automated";
      c.population = out.keep(r.string("population").value_or(""));
      if (c.frequency == Frequency::EventDriven && c.population.empty()) {
        diags.error("event-driven control '" + id + "' needs a population", r.where("frequency"));
      }
      for (const auto& ref : r.ref_array("requires")) {
        if (std::find(kConditions.begin(), kConditions.end(), ref.id) == kConditions.end()) {
          r.bad_word("requires", ref.id, kConditions, ref.where);
        }
        c.conditions.push_back(out.keep(ref.id));
      }
      c.evidence = out.keep(r.string("evidence", true).value_or(""));
      c.evidence_category = out.keep(r.string("evidence_category", true).value_or(""));
      c.owner = out.keep(r.string("owner", true).value_or(""));
      r.check_unknown_keys();
      out.controls.push_back(std::move(c));
    }
  }
  top.check_unknown_keys();
  return out;
}

std::string compile_library(const Library& library, std::string_view source_name) {
  std::string text, refs, controls;
  // Each distinct string once in the text block; a span is its offset and length.
  std::map<std::string, std::uint32_t, std::less<>> at;
  auto span = [&](std::string_view s) {
    auto [it, added] = at.emplace(std::string{s}, static_cast<std::uint32_t>(text.size()));
    if (added) text += s;
    return "{" + std::to_string(it->second) + ", " + std::to_string(s.size()) + "}";
  };
  std::size_t n = 0;
  for (const auto& c : library.controls) {
    const std::size_t criteria_begin = n;
    for (const auto& r : c.criteria) refs += "    " + span(r) + ",\n", ++n;
    const std::size_t conditions_begin = n;
    for (const auto& r : c.conditions) refs += "    " + span(r) + ",\n", ++n;
    controls += "    {" + span(c.id) + ", " + span(c.domain) + ", " + span(c.title) + ", " +
                span(c.evidence) + ", " + span(c.evidence_category) + ", " + span(c.owner) + ", " +
                span(c.population) + ", " + std::to_string(criteria_begin) + ", " +
                std::to_string(c.criteria.size()) + ", " + std::to_string(conditions_begin) + ", " +
                std::to_string(c.conditions.size()) + ", static_cast<attestplan::Frequency>(" +
                std::to_string(static_cast<int>(c.frequency)) + "), " + (c.automated ? "true" : "false") + "},\n";
  }
  // The text block as string literals of up to 80 bytes each, which the compiler joins.
  std::string literals;
  for (std::size_t i = 0; i < text.size(); i += 80) literals += "    " + emit::literal(std::string_view{text}.substr(i, 80)) + "\n";
  return "// Generated at build time from " + std::string{source_name} +
         " by tsc-scope-embed-library; read and checked by the plugin's own parse_library.\n"
         "namespace tsc_scope::compiled {\n"
         "constexpr char kText[] =\n" + literals + "    \"\";\n"
         "constexpr TextSpan kRefs[] = {\n" + refs + "    {0, 0}};\n"
         "constexpr CompiledControl kControls[] = {\n" + controls + "};\n"
         "}  // namespace tsc_scope::compiled\n";
}

}  // namespace tsc_scope

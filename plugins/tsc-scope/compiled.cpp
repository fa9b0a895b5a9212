// The built-in control library as the build compiled it (see library.hpp).
#include "library.hpp"

#include "tsc_scope_controls.inc"

namespace tsc_scope {

std::vector<LibraryControl> compiled_library(const attestplan::CriteriaCatalog& catalog,
                                             attestplan::Diagnostics& diags) {
  using compiled::kControls;
  using compiled::kRefs;
  const auto text = [](TextSpan s) { return std::string_view{compiled::kText + s.offset, s.length}; };
  std::vector<LibraryControl> out;
  out.reserve(std::size(kControls));
  const attestplan::SourceLocation where{"builtin:" + std::string{kBuiltinLibrary}};
  for (const auto& c : kControls) {
    LibraryControl& l = out.emplace_back();
    l.id = text(c.id);
    l.domain = text(c.domain);
    l.title = text(c.title);
    l.evidence = text(c.evidence);
    l.evidence_category = text(c.evidence_category);
    l.owner = text(c.owner);
    l.population = text(c.population);
    l.frequency = c.frequency;
    l.automated = c.automated;
    l.criteria.reserve(c.criteria_count);
    for (std::size_t i = 0; i < c.criteria_count; ++i) {
      const auto id = text(kRefs[c.criteria_begin + i]);
      // The build checked these against the built-in catalog; a firm's own may lack some.
      if (!catalog.find(id)) {
        diags.error("'" + std::string{id} + "' in criteria of control '" + l.id + "' is not a criterion",
                    where, "did you mean '" + attestplan::nearest(id, catalog.ids()) + "'?");
      }
      l.criteria.emplace_back(id);
    }
    l.conditions.reserve(c.conditions_count);
    for (std::size_t i = 0; i < c.conditions_count; ++i) l.conditions.emplace_back(text(kRefs[c.conditions_begin + i]));
  }
  return out;
}

}  // namespace tsc_scope

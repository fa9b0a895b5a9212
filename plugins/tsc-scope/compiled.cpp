// The built-in control library as the build compiled it (see library.hpp).
#include "library.hpp"

#include "tsc_scope_controls.inc"

namespace tsc_scope {

std::vector<LibraryControl> compiled_library(const attestplan::CriteriaCatalog& catalog,
                                             attestplan::Diagnostics& diags) {
  using compiled::kControls;
  using compiled::kRefs;
  std::vector<LibraryControl> out;
  out.reserve(std::size(kControls));
  const attestplan::SourceLocation where{"builtin:" + std::string{kBuiltinLibrary}};
  for (const auto& c : kControls) {
    LibraryControl& l = out.emplace_back();
    l.id = c.id;
    l.domain = c.domain;
    l.title = c.title;
    l.evidence = c.evidence;
    l.evidence_category = c.evidence_category;
    l.owner = c.owner;
    l.population = c.population;
    l.frequency = c.frequency;
    l.automated = c.automated;
    l.criteria.reserve(c.criteria_count);
    for (std::size_t i = 0; i < c.criteria_count; ++i) {
      const auto id = kRefs[c.criteria_begin + i];
      // The build checked these against the built-in catalog; a firm's own may lack some.
      if (!catalog.find(id)) {
        diags.error("'" + std::string{id} + "' in criteria of control '" + l.id + "' is not a criterion",
                    where, "did you mean '" + attestplan::nearest(id, catalog.ids()) + "'?");
      }
      l.criteria.emplace_back(id);
    }
    l.conditions.reserve(c.conditions_count);
    for (std::size_t i = 0; i < c.conditions_count; ++i) l.conditions.emplace_back(kRefs[c.conditions_begin + i]);
  }
  return out;
}

}  // namespace tsc_scope

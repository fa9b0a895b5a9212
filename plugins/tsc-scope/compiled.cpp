// The built-in control library as the build compiled it (see library.hpp).
#include "library.hpp"

#include "attestplan/format.hpp"

#include "tsc_scope_controls.inc"

namespace tsc_scope {

namespace {

std::string_view text(TextSpan s) { return {compiled::kText + s.offset, s.length}; }

Library make_library() {
  using compiled::kControls;
  using compiled::kRefs;
  Library out;
  out.controls.reserve(std::size(kControls));
  for (const auto& c : kControls) {
    LibraryControl& l = out.controls.emplace_back();
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
    for (std::size_t i = 0; i < c.criteria_count; ++i) l.criteria.emplace_back(text(kRefs[c.criteria_begin + i]));
    l.conditions.reserve(c.conditions_count);
    for (std::size_t i = 0; i < c.conditions_count; ++i) l.conditions.emplace_back(text(kRefs[c.conditions_begin + i]));
  }
  return out;
}

}  // namespace

const Library& compiled_library() {
  static const Library library = make_library();
  return library;
}

void check_compiled_criteria(const attestplan::CriteriaCatalog& catalog, attestplan::Diagnostics& diags) {
  // The build checked these against the built-in catalog (embed_library.cpp reads the file with
  // it and stops the build on any error); a firm's own catalog may lack some.
  if (catalog.is_builtin()) return;
  const attestplan::SourceLocation where{"builtin:" + std::string{kBuiltinLibrary}};
  for (const auto& c : compiled_library().controls) {
    for (const auto id : c.criteria) {
      if (!catalog.find(id)) {
        diags.error(attestplan::cat("'", id, "' in criteria of control '", c.id, "' is not a criterion"), where,
                    attestplan::cat("did you mean '", attestplan::nearest(std::string{id}, catalog.ids()), "'?"));
      }
    }
  }
}

}  // namespace tsc_scope

// The control library of tsc-scope: the controls an auditor tests, each mapped to criteria, read
// from a TOML file (models/controls/ or a firm's own), or taken from the copy of the built-in
// library that the build compiles into the plugin (embed_library.cpp writes it, compiled.cpp holds
// it), which skips reading it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/model.hpp"

namespace tsc_scope {

/// One control of a library. Its texts are views: into the compiled data for the built-in library,
/// into the Library's own strings for one read from a file.
struct LibraryControl {
  std::string_view id, domain, title, evidence, evidence_category, owner, population;
  std::vector<std::string_view> criteria, conditions;
  attestplan::Frequency frequency = attestplan::Frequency::Annual;
  bool automated = false;
};

/// A control library: its controls in file order, and the texts they point into when it was read
/// from a file (a deque, so a string never moves once kept).
struct Library {
  std::vector<LibraryControl> controls;
  std::deque<std::string> texts;

  std::string_view keep(std::string text) { return texts.emplace_back(std::move(text)); }
};

/// What a control may require of the boundary to apply.
inline const std::vector<std::string> kConditions{"office",   "data-centre", "endpoints",
                                                  "software", "carve-out",   "personal-data"};

/// Where the built-in library lives among the embedded data files.
inline constexpr std::string_view kBuiltinLibrary = "controls/soc2-controls.toml";

/// Reads and checks a control library file; problems go to `diags` with their locations.
Library parse_library(const attestplan::DataFile& file,
                      const attestplan::CriteriaCatalog& catalog, attestplan::Diagnostics& diags);

/// A string of the compiled library: a stretch of its one text block. Offsets rather than
/// pointers keep the compiled data free of relocations: it is mapped from the file as it is.
struct TextSpan {
  std::uint32_t offset, length;
};

/// One control of the built-in library as compiled into the plugin; its criteria and conditions
/// are a run of the generated reference list.
struct CompiledControl {
  TextSpan id, domain, title, evidence, evidence_category, owner, population;
  std::uint32_t criteria_begin, criteria_count, conditions_begin, conditions_count;
  attestplan::Frequency frequency;
  bool automated;
};

/// The compiled copy of the built-in library, made once per process and shared read-only; its texts
/// are views into the plugin's compiled data.
const Library& compiled_library();

/// Checks every criterion of the compiled library against `catalog`, which may be a firm's own
/// (--criteria), as parse_library checks a file's.
void check_compiled_criteria(const attestplan::CriteriaCatalog& catalog, attestplan::Diagnostics& diags);

/// The text of the generated source: the library as `CompiledControl` initializers.
std::string compile_library(const Library& library, std::string_view source_name);

}  // namespace tsc_scope

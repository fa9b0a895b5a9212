// Build tool: reads the built-in control library with the plugin's own reader, against the
// built-in criteria, and writes it as C++ for the plugin to compile in. A library that does not
// read cleanly stops the build with its diagnostics.
// Usage: tsc-scope-embed-library LIBRARY.toml OUT.inc
#include <cstdio>
#include <iostream>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "library.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: tsc-scope-embed-library LIBRARY.toml OUT.inc\n";
    return 2;
  }
  attestplan::Diagnostics diags;
  const auto file = attestplan::read_text_file(argv[1], diags);
  tsc_scope::Library library;
  if (file) library = tsc_scope::parse_library(*file, attestplan::CriteriaCatalog::builtin(), diags);
  if (!file || diags.error_count() > 0 || library.controls.empty()) {
    for (const auto& d : diags.items()) std::cerr << attestplan::format_diagnostic(d, file ? file->text : "");
    std::cerr << argv[1] << ": the control library does not read cleanly\n";
    return 2;
  }
  if (!attestplan::write_file_atomically(argv[2], tsc_scope::compile_library(library, "models/" + std::string{tsc_scope::kBuiltinLibrary}), diags)) {
    for (const auto& d : diags.items()) std::cerr << attestplan::format_diagnostic(d);
    return 2;
  }
  return 0;
}

// The main of a build tool that compiles a plugin's built-in data file into the plugin: read the
// file with the plugin's own reader (every check it makes at run time), stop the build with the
// diagnostics if it does not read cleanly, else write the C++ source atomically.
// Usage of such a tool: TOOL DATA.toml OUT.inc
#pragma once

#include <iostream>
#include <optional>
#include <string>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"

namespace attestplan::emit {

template <typename T, typename Parse, typename Compile>
int embed_main(int argc, char** argv, const char* tool, Parse parse, Compile compile) {
  if (argc != 3) {
    std::cerr << "usage: " << tool << " DATA.toml OUT.inc\n";
    return 2;
  }
  Diagnostics diags;
  const auto file = read_text_file(argv[1], diags);
  std::optional<T> data;
  if (file) data = parse(*file, diags);
  if (!data || diags.error_count() > 0) {
    for (const auto& d : diags.items()) std::cerr << format_diagnostic(d, file ? file->text : "");
    std::cerr << argv[1] << ": does not read cleanly; the built-in copy cannot be compiled\n";
    return 2;
  }
  if (!write_file_atomically(argv[2], compile(*data, argv[1]), diags)) {
    for (const auto& d : diags.items()) std::cerr << format_diagnostic(d);
    return 2;
  }
  return 0;
}

}  // namespace attestplan::emit

// The data files under models/ (criteria, controls, sampling policy, rates, timing, examples),
// embedded as text at build time and read by the same readers as a file on disk that replaces them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// A data file's text and the name that locations in it use.
struct DataFile {
  std::string text;
  std::string source_name;  ///< a path on disk, or "builtin:criteria/tsc-2017.toml"
};

/// The embedded copy of `models/<relative_path>`, or nullopt if there is none.
ATTESTPLAN_API std::optional<std::string_view> embedded_data(std::string_view relative_path);
/// Every embedded path, sorted ("criteria/tsc-2017.toml", "examples/hr-saas.toml", ...).
ATTESTPLAN_API std::vector<std::string> embedded_data_names();

/// Reads a file as text; on failure adds an error naming the file and returns nullopt.
ATTESTPLAN_API std::optional<DataFile> read_text_file(const std::filesystem::path& path,
                                                      Diagnostics& diags,
                                                      const SourceLocation& referenced_from = {});

/// `override_path` when given, else the embedded `models/<default_relative>`.
ATTESTPLAN_API std::optional<DataFile> load_data_file(
    const std::optional<std::filesystem::path>& override_path, std::string_view default_relative,
    Diagnostics& diags);

/// Writes `content` to `path` atomically: a temporary file beside it, flushed, then renamed, so a
/// reader never sees half a file. Returns false and adds an error on failure.
ATTESTPLAN_API bool write_file_atomically(const std::filesystem::path& path,
                                          std::string_view content, Diagnostics& diags);

}  // namespace attestplan

// Reads a plugin's info record (attestplan_plugin_info) from its ELF file without loading it: no
// constructor, initialiser or any other code of the library runs, so a file that is not a plugin
// for this attestplan (another ABI, another toolchain, not a plugin at all) is refused before the
// dynamic loader ever sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace attestplan::elf {

/// The info record's fields, as the library's file holds them.
struct InfoRecord {
  std::uint32_t abi = 0;
  std::optional<std::string> name, version, toolchain, description;  ///< nullopt: a null pointer
  std::uint32_t stage = 0;
  std::uint32_t kind = 0;
  std::optional<std::string> descriptor;
};

/// The longest descriptor read: a plugin's declarations fit in far less.
inline constexpr std::size_t kMaxDescriptor = 64 * 1024;

/// What reading found.
struct InfoResult {
  enum class Kind {
    Found,        ///< `record` holds the record
    NoRecord,     ///< an ELF shared library of this machine without the symbol: not a plugin
    NotReadable,  ///< not an ELF shared library of this machine, or damaged: `why` says which
  };
  Kind kind = Kind::NotReadable;
  InfoRecord record;
  std::string why;
};

/// Reads the record named `symbol` from the bytes of an ELF file. Every offset, size and count in
/// the file is checked against the bytes there are: a damaged or hostile file gives NotReadable,
/// never a read out of bounds. Strings are cut at `max_string` bytes (the descriptor at
/// kMaxDescriptor).
InfoResult read_info_record(std::string_view file, std::string_view symbol,
                            std::size_t max_string = 4096);

/// The same from the file at `path`, reading only the parts the record needs.
InfoResult read_info_record_of(const std::filesystem::path& path, std::string_view symbol,
                               std::size_t max_string = 4096);

}  // namespace attestplan::elf

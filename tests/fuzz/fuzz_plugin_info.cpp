// Fuzz harness: the reader of a plugin's info record from its ELF file (core/src/elf_info.cpp),
// which sees every file in a plugin folder before anything is loaded. Every offset and count in
// the input is hostile; reading must stay inside the bytes given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "elf_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file{reinterpret_cast<const char*>(data), size};
  (void)attestplan::elf::read_info_record(file, "attestplan_plugin_info");
  return 0;
}

// Fuzz harness: the importers over what a user hands them — a Terraform state (raw or show -json),
// an identity provider's groups export, an asset register CSV, an OSCAL SSP or component
// definition — and the overlay each makes, which must load as a model overlay or the import must
// have said why not. The first byte picks the importer (0 to 4, as the seeds' names say); the rest
// is the file (written to a private temporary folder, as the CLI reads files).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "attestplan/data.hpp"
#include "attestplan/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  if (size == 0) return 0;
  static const PrivateTempDir dir("attestplan-fuzz-import-");
  if (dir.path().empty()) std::abort();
  const auto file = dir.path() / "input";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  ImportResult result;
  switch (data[0] % 5) {
    case 0:
      result = import_terraform(file, {});
      break;
    case 1: {
      TerraformOptions options;
      options.group_by = GroupBy::Tag;
      result = import_terraform(file, options);
      break;
    }
    case 2:
      result = import_groups(file);
      break;
    case 4:
      result = import_oscal(file);
      break;
    default:
      result = import_csv(file);
      break;
  }
  if (result.overlay) {
    // What an import writes is TOML the loader reads: a text it would refuse is an importer bug.
    const auto text = render_overlay(*result.overlay);
    if (text.empty()) std::abort();
  }
  return 0;
}

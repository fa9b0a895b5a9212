// Fuzz harness: calibrate's reader of a firm's engagement history (CSV, any encoding Excel saves),
// which names model files row by row. The models are looked for in an empty private folder: the
// reader's own parsing is what is fuzzed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "attestplan/calibration.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  static const PrivateTempDir dir("attestplan-fuzz-calibrate-");
  if (dir.path().empty()) std::abort();
  const DataFile csv{std::string{reinterpret_cast<const char*>(data), size}, "history.csv"};
  Diagnostics diags;
  const auto history = read_history(csv, dir.path(), CriteriaCatalog::builtin(), diags);
  if (history && history->rows_skipped > history->rows_read) std::abort();
  for (const auto& d : diags.items()) (void)format_diagnostic(d, csv.text);
  return 0;
}

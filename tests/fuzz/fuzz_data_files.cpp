// Fuzz harness: the readers of the data files a user can name (--criteria, --controls, --sampling,
// --rates, --timing). The first byte picks the reader, the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/simulation.hpp"
#include "observation-timing/durations.hpp"
#include "rate-card-cost/card.hpp"
#include "sampling-effort/policy.hpp"
#include "tsc-scope/library.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  if (size == 0) return 0;
  const DataFile file{std::string{reinterpret_cast<const char*>(data) + 1, size - 1}, "fuzz.toml"};
  Diagnostics diags;
  switch (data[0] % 6) {
    case 0:
      (void)CriteriaCatalog::parse(file, diags);
      break;
    case 1:
      if (const auto library = tsc_scope::parse_library(file, diags)) {
        tsc_scope::check_criteria(*library, CriteriaCatalog::builtin(), diags);
      }
      break;
    case 2:
      (void)sampling_effort::parse_policy(file, diags);
      break;
    case 3:
      (void)rate_card_cost::parse_card(file, diags);
      break;
    case 4:
      (void)parse_simulation_settings(file, diags);
      break;
    default:
      (void)observation_timing::parse_durations(file, diags);
      break;
  }
  for (const auto& d : diags.items()) (void)format_diagnostic(d, file.text);
  return 0;
}

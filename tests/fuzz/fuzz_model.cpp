// Fuzz harness: the model loader, then the boundary and its JSON and table renderings, on any
// bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto loaded = load_model_text(text, "fuzz.toml", CriteriaCatalog::builtin());
  (void)render_diagnostics_json(loaded.diagnostics);
  for (const auto& d : loaded.diagnostics.items()) (void)format_diagnostic(d, text);
  if (!loaded.model) return 0;
  const auto boundary = resolve_boundary(*loaded.model, CriteriaCatalog::builtin());
  (void)render_boundary_json(*loaded.model, boundary);
  (void)render_boundary_table(*loaded.model, boundary);
  return 0;
}

// Fuzz harness: an API request body through the request layer, as the server runs it: the first
// byte picks the output and the format, the rest is the model's TOML. Plugins from the build tree.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attestplan/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  if (size == 0) return 0;
  static const Engine engine{PluginSearch{}, CriteriaCatalog::builtin()};
  constexpr Output kOutputs[] = {Output::Boundary, Output::Estimate, Output::Plan,
                                 Output::Evidence, Output::Proposal, Output::Compare};
  Request r;
  r.output = kOutputs[(data[0] & 0x7) % 6];
  const auto& formats = formats_of(r.output);
  r.format = formats[(data[0] >> 3) % formats.size()];
  if (r.format == Format::Svg)
    r.format = Format::Json;  // Graphviz layout is slow and not ours to fuzz
  r.model_text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  r.model_name = "fuzz.toml";
  r.override_prefix = "";
  r.today = "2027-01-04";
  r.stamp_utc = "20270104T000000Z";
  if (r.output == Output::Proposal) r.format = Format::Markdown;  // the HTML one lays out SVG
  const auto out = engine.handle(r);
  (void)out;
  (void)engine.validate(r.model_text, r.model_name);
  return 0;
}

// Measures one estimate in process, phase by phase (load + validate the model, the estimate
// pipeline, the JSON answer), median of repeated runs: what a server request costs apart from
// HTTP. Usage: attestplan-bench-estimate MODEL [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "attestplan/loader.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"
#include "bench_util.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  const auto args = attestplan::bench::parse_args(argc, argv, "attestplan-bench-estimate", 200);
  if (!args) return 2;
  const int runs = args->runs;
  const auto* file = &args->model;
  const auto& catalog = attestplan::CriteriaCatalog::builtin();
  const attestplan::PluginHost host{attestplan::PluginSearch{}};
  std::vector<double> load_us, estimate_us, json_us;
  std::size_t bytes = 0, lines = 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    const auto loaded = attestplan::load_model_text(file->text, file->source_name, catalog);
    const auto t1 = Clock::now();
    if (!loaded.model) {
      std::fprintf(stderr, "model does not validate\n");
      return 2;
    }
    const attestplan::EstimateRequest request{*loaded.model, catalog, {}};
    const auto result = attestplan::run_estimate(host, request);
    const auto t2 = Clock::now();
    if (!result.configured || result.plugin_failed()) {
      std::fprintf(stderr, "the estimate failed\n");
      return 2;
    }
    const auto json = attestplan::render_estimate_json(*loaded.model, result);
    const auto t3 = Clock::now();
    bytes = json.size();
    lines = result.estimate.lines.size();
    load_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    estimate_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    json_us.push_back(std::chrono::duration<double, std::micro>(t3 - t2).count());
  }
  using attestplan::bench::median;
  std::printf("model: %s (%zu ledger lines, %zu bytes of JSON)\n", argv[1], lines, bytes);
  std::printf("median of %d runs: load+validate %.0f us, estimate %.0f us, JSON %.0f us, total %.0f us\n",
              runs, median(load_us), median(estimate_us), median(json_us),
              median(load_us) + median(estimate_us) + median(json_us));
  return 0;
}

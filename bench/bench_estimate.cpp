// One estimate in process, phase by phase, against the floor of toml++ parsing the same model
// text: load + validate, the estimate pipeline, the JSON answer. Median of repeated runs: what a
// keystroke in the UI costs the server apart from HTTP. Usage: attestplan-bench-estimate MODEL
// [RUNS]
#include <toml++/toml.h>

#include <chrono>
#include <cstdio>
#include <string_view>
#include <vector>

#include "attestplan/compare.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"
#include "attestplan/simulation.hpp"
#include "bench_util.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  auto us = [](Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); };
  const auto args = attestplan::bench::parse_args(argc, argv, "attestplan-bench-estimate", 200);
  if (!args) return 2;
  const auto& file = args->model;
  const auto& catalog = attestplan::CriteriaCatalog::builtin();
  const attestplan::PluginHost host{attestplan::PluginSearch{}};
  std::vector<double> parse_us, load_us, estimate_us, json_us, simulation_us, compare_us;
  std::size_t scenarios = 0;
  std::size_t bytes = 0, lines = 0;
  for (int i = 0; i < args->runs; ++i) {
    const auto t0 = Clock::now();
    { const auto table = toml::parse(std::string_view{file.text}); }
    const auto t1 = Clock::now();
    const auto loaded = attestplan::load_model_text(file.text, file.source_name, catalog);
    const auto t2 = Clock::now();
    if (!loaded.model) {
      std::fprintf(stderr, "model does not validate\n");
      return 2;
    }
    const attestplan::EstimateRequest request{*loaded.model, catalog, {}};
    const auto result = attestplan::run_estimate(host, request);
    const auto t3 = Clock::now();
    if (!result.configured || result.plugin_failed()) {
      std::fprintf(stderr, "the estimate failed\n");
      return 2;
    }
    const auto json = attestplan::render_estimate_json(*loaded.model, result);
    const auto t4 = Clock::now();
    // Of the estimate, the simulation alone: the same ledger simulated again, tornado included.
    auto copy = result.estimate;
    const auto t5 = Clock::now();
    (void)attestplan::simulate(copy, attestplan::builtin_simulation_settings());
    const auto t6 = Clock::now();
    simulation_us.push_back(us(t6 - t5));
    // The comparison a keystroke also asks for, every fourth run (it is a dozen estimates).
    if (i % 4 == 0) {
      std::vector<std::string> unknown;
      const auto t7 = Clock::now();
      const auto cmp = attestplan::compare_scenarios(host, request, {}, unknown);
      const auto json_cmp = attestplan::render_compare_json(*loaded.model, cmp);
      const auto t8 = Clock::now();
      compare_us.push_back(us(t8 - t7));
      scenarios = cmp.scenarios.size();
    }
    bytes = json.size();
    lines = result.estimate.lines.size();
    parse_us.push_back(us(t1 - t0));
    load_us.push_back(us(t2 - t1));
    estimate_us.push_back(us(t3 - t2));
    json_us.push_back(us(t4 - t3));
  }
  using attestplan::bench::median;
  const double total = median(load_us) + median(estimate_us) + median(json_us);
  std::printf("model: %s (%zu bytes, %zu ledger lines, %zu bytes of JSON)\n", argv[1],
              file.text.size(), lines, bytes);
  std::printf(
      "median of %d runs: toml++ parse %.0f us | load+validate %.0f us, estimate %.0f us, JSON "
      "%.0f us, "
      "total %.0f us (%.1fx the parse)\n",
      args->runs, median(parse_us), median(load_us), median(estimate_us), median(json_us), total,
      total / median(parse_us));
  std::printf(
      "  of the estimate, the simulation (%zu runs of the ledger, tornado included): %.0f us; "
      "compare (%zu scenarios, JSON): %.0f us; estimate + compare %.1f ms\n",
      attestplan::builtin_simulation_settings().draws, median(simulation_us), scenarios,
      median(compare_us), (total + median(compare_us)) / 1000);
  return 0;
}

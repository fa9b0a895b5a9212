// Measures loading + validating and resolving the boundary of a model file, median of repeated
// runs, each phase separately. Usage: attestplan-bench-boundary MODEL [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/loader.hpp"
#include "bench_util.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  const auto args = attestplan::bench::parse_args(argc, argv, "attestplan-bench-boundary", 5);
  if (!args) return 2;
  const int runs = args->runs;
  const auto* file = &args->model;
  const auto& catalog = attestplan::CriteriaCatalog::builtin();
  std::vector<double> load_ms, resolve_ms;
  std::size_t nodes = 0, in_scope = 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    const auto result = attestplan::load_model_text(file->text, file->source_name, catalog);
    const auto t1 = Clock::now();
    if (!result.model) {
      std::fprintf(stderr, "model does not validate (%zu errors)\n", result.diagnostics.error_count());
      return 2;
    }
    const auto boundary = attestplan::resolve_boundary(*result.model, catalog);
    const auto t2 = Clock::now();
    nodes = boundary.nodes.size();
    in_scope = boundary.in_scope_count(attestplan::NodeKind::Component);
    load_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    resolve_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  using attestplan::bench::median;
  std::printf("model: %s (%zu bytes, %zu nodes, %zu components in scope)\n", argv[1],
              file->text.size(), nodes, in_scope);
  std::printf("median of %d runs: load+validate %.1f ms, resolve %.1f ms, total %.1f ms\n", runs,
              median(load_ms), median(resolve_ms), median(load_ms) + median(resolve_ms));
  return 0;
}

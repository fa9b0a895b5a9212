// The boundary at scale, against honest floors: loading + validating a model file against toml++
// parsing the same text, and resolving its boundary against a plain breadth-first search over the
// same graph held as a CSR array (ids already numbered). Median of repeated runs, each phase apart.
// Usage: attestplan-bench-boundary MODEL [RUNS]
#include <toml++/toml.h>

#include <chrono>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/loader.hpp"
#include "bench_util.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

/// The model's graph as CSR: every edge the boundary follows, from services, components and
/// subservices numbered in model order.
struct Csr {
  std::vector<std::size_t> offsets, targets;
  std::size_t roots = 0;  ///< the services come first
};

Csr csr_of(const attestplan::Model& m) {
  std::unordered_map<std::string_view, std::size_t> index;
  for (const auto& s : m.services) index.emplace(s.id, index.size());
  for (const auto& c : m.components) index.emplace(c.id, index.size());
  for (const auto& v : m.subservices) index.emplace(v.id, index.size());
  std::vector<std::vector<std::size_t>> adj(index.size());
  auto link = [&](std::string_view from, const attestplan::Ref& to) {
    const auto a = index.find(from), b = index.find(to.id);
    if (a != index.end() && b != index.end()) adj[a->second].push_back(b->second);
  };
  for (const auto& s : m.services) {
    for (const auto& r : s.uses) link(s.id, r);
  }
  for (const auto& c : m.components) {
    for (const auto* refs : {&c.runs_on, &c.uses, &c.stores, &c.flows_to, &c.accesses}) {
      for (const auto& r : *refs) link(c.id, r);
    }
    if (c.provided_by) link(c.id, *c.provided_by);
  }
  Csr g;
  g.roots = m.services.size();
  g.offsets.push_back(0);
  for (const auto& a : adj) {
    g.targets.insert(g.targets.end(), a.begin(), a.end());
    g.offsets.push_back(g.targets.size());
  }
  return g;
}

std::size_t bfs(const Csr& g) {
  std::vector<char> seen(g.offsets.size() - 1, 0);
  std::vector<std::size_t> queue;
  queue.reserve(seen.size());
  for (std::size_t r = 0; r < g.roots; ++r) {
    seen[r] = 1;
    queue.push_back(r);
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const auto v = queue[head];
    for (auto e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      if (!seen[g.targets[e]]) {
        seen[g.targets[e]] = 1;
        queue.push_back(g.targets[e]);
      }
    }
  }
  return queue.size();
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = attestplan::bench::parse_args(argc, argv, "attestplan-bench-boundary", 5);
  if (!args) return 2;
  const auto& file = args->model;
  const auto& catalog = attestplan::CriteriaCatalog::builtin();
  std::vector<double> parse_ms, load_ms, resolve_ms, bfs_ms;
  std::size_t nodes = 0, in_scope = 0, reached = 0;
  for (int i = 0; i < args->runs; ++i) {
    const auto t0 = Clock::now();
    { const auto table = toml::parse(std::string_view{file.text}); }
    const auto t1 = Clock::now();
    const auto result = attestplan::load_model_text(file.text, file.source_name, catalog);
    const auto t2 = Clock::now();
    if (!result.model) {
      std::fprintf(stderr, "model does not validate (%zu errors)\n",
                   result.diagnostics.error_count());
      return 2;
    }
    const auto boundary = attestplan::resolve_boundary(*result.model, catalog);
    const auto t3 = Clock::now();
    const auto graph = csr_of(*result.model);
    const auto t4 = Clock::now();
    reached = bfs(graph);
    const auto t5 = Clock::now();
    nodes = boundary.nodes.size();
    in_scope = boundary.in_scope_count(attestplan::NodeKind::Component);
    parse_ms.push_back(ms(t1 - t0));
    load_ms.push_back(ms(t2 - t1));
    resolve_ms.push_back(ms(t3 - t2));
    bfs_ms.push_back(ms(t5 - t4));
  }
  using attestplan::bench::median;
  std::printf("model: %s (%zu bytes, %zu nodes, %zu components in scope, %zu reached by BFS)\n",
              argv[1], file.text.size(), nodes, in_scope, reached);
  std::printf(
      "median of %d runs: toml++ parse %.1f ms | load+validate %.1f ms (%.1fx the parse) | "
      "resolve %.1f ms | plain CSR BFS %.2f ms (resolve %.0fx the BFS)\n",
      args->runs, median(parse_ms), median(load_ms), median(load_ms) / median(parse_ms),
      median(resolve_ms), median(bfs_ms), median(resolve_ms) / median(bfs_ms));
  return 0;
}

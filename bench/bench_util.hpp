// What the in-process benchmarks share: reading MODEL [RUNS] from the command line, and medians.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "attestplan/data.hpp"

namespace attestplan::bench {

struct Args {
  DataFile model;
  int runs = 0;
};

/// MODEL [RUNS] from argv; nullopt after printing the usage or the read error.
inline std::optional<Args> parse_args(int argc, char** argv, const char* tool, int default_runs) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL [RUNS]\n", tool);
    return std::nullopt;
  }
  Diagnostics diags;
  auto file = read_text_file(argv[1], diags);
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return std::nullopt;
  }
  return Args{std::move(*file), argc > 2 ? std::max(1, std::atoi(argv[2])) : default_runs};
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace attestplan::bench

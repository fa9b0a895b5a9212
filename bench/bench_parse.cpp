// The floor for reading a model: toml++ parsing the file into its tree, and nothing else, as a
// whole process, so its wall time and peak memory compare with attestplan's commands on the file.
// Usage: attestplan-bench-parse MODEL
#include <toml++/toml.h>

#include <cstdio>
#include <string_view>

#include "bench_util.hpp"

int main(int argc, char** argv) {
  const auto args = attestplan::bench::parse_args(argc, argv, "attestplan-bench-parse", 1);
  if (!args) return 2;
  try {
    const auto table = toml::parse(std::string_view{args->model.text});
    std::printf("%zu top-level keys\n", table.size());
  } catch (const toml::parse_error& e) {
    std::fprintf(stderr, "not valid TOML: %s\n", std::string{e.description()}.c_str());
    return 2;
  }
  return 0;
}

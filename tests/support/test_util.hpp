// Small helpers shared by the test programs.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace attestplan::testing {

/// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace attestplan::testing

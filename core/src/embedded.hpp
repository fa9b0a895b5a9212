// The files under models/, embedded into the core as text at build time (tools/embed.cpp).
#pragma once

#include <string_view>
#include <vector>

namespace attestplan::embedded {

struct File {
  std::string_view name;  ///< path under models/, e.g. "criteria/tsc-2017.toml"
  std::string_view text;  ///< the file as written
};

const std::vector<File>& files();

}  // namespace attestplan::embedded

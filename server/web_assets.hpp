// The web UI's static files (web/), embedded into the server as text at build time (tools/embed.cpp).
#pragma once

#include <string_view>
#include <vector>

namespace attestplan::web {

struct File {
  std::string_view name;  ///< path under web/, e.g. "app.js"
  std::string_view text;
};

const std::vector<File>& files();

}  // namespace attestplan::web

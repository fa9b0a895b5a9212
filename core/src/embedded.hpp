// Files embedded into the program as text at build time (tools/embed.cpp writes the sources).
#pragma once

#include <string_view>
#include <vector>

namespace attestplan {

struct EmbeddedFile {
  std::string_view name;  ///< path under its folder, e.g. "criteria/tsc-2017.toml"
  std::string_view text;  ///< the file as written
};

namespace embedded {
const std::vector<EmbeddedFile>& files();  ///< models/
}  // namespace embedded

namespace web {
const std::vector<EmbeddedFile>& files();  ///< web/ (the UI's static files, in the server)
}  // namespace web

}  // namespace attestplan

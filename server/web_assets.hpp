// The web UI's static files (web/), embedded into the server at build time (tools/embed.cpp --web):
// each as text, gzip-compressed once at build time, and with its ETag.
#pragma once

#include <string_view>
#include <vector>

namespace attestplan::web {

struct File {
  std::string_view name;  ///< path under web/, e.g. "app.js"
  std::string_view text;
  std::string_view gzip;  ///< the text as a gzip member (zlib's highest level)
  std::string_view etag;  ///< a quoted hash of the text
};

const std::vector<File>& files();

}  // namespace attestplan::web

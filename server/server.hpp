// `attestplan serve`: the JSON API and the embedded web UI over cpp-httplib (server.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace attestplan::server {

struct ServeOptions {
  std::string workspace = "attestplan-workspace";
  std::string bind = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port (printed)
  std::optional<std::string> token;
  int threads = 4;
  std::size_t max_body = 1024 * 1024;
  bool print_routes = false;  ///< print the route table (checked against the OpenAPI file) and exit
  std::vector<std::string> plugin_dirs;  ///< searched for plugins first (--plugins)
};

/// Runs the server; blocks until Ctrl-C or SIGTERM. Returns the process's exit code: 0, or 2 when
/// the options are wrong or the address cannot be bound.
int serve(const ServeOptions& options);

}  // namespace attestplan::server

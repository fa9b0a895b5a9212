// `attestplan serve`: the JSON API and the embedded web UI over cpp-httplib (serve.cpp).
#pragma once

#include <optional>
#include <string>

#include "commands.hpp"

namespace attestplan::cli {

struct ServeOptions {
  std::string workspace = "attestplan-workspace";
  std::string bind = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port (printed)
  std::optional<std::string> token;
  int threads = 4;
  std::size_t max_body = 1024 * 1024;
  bool print_routes = false;  ///< print the route table (checked against the OpenAPI file) and exit
};

/// Runs the server (libattestplan-serve); blocks until Ctrl-C.
int serve(const Common& common, const ServeOptions& options);

/// Loads libattestplan-serve (beside libattestplan-core) and runs the server from it.
int run_serve(const Common& common, const ServeOptions& options);

}  // namespace attestplan::cli

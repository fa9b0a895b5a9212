// `attestplan serve`: the JSON API and the embedded web UI over cpp-httplib (server.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attestplan::server {

/// The default body limit: 4 MiB (see ServeOptions::max_body).
inline constexpr std::size_t kDefaultMaxBody = 4 * 1024 * 1024;
/// The range --max-body accepts: below 1 KiB not even a small model fits; a Content-Length the
/// front reads has at most 12 digits, and a gigabyte is far past any model the UI edits.
inline constexpr std::size_t kMinMaxBody = 1024;
inline constexpr std::size_t kMaxMaxBody = 1024 * 1024 * 1024;

/// Reads --max-body's value: a whole number of bytes in [kMinMaxBody, kMaxMaxBody], or an error
/// message that names the flag and says what it takes.
std::optional<std::size_t> parse_max_body(std::string_view text, std::string& error);

struct ServeOptions {
  std::string workspace = "attestplan-workspace";
  std::string bind = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port (printed)
  std::optional<std::string> token;
  int threads = 4;
  /// The largest request body accepted (--max-body); larger ones get 413 before they are read.
  /// A 10,000-component model with names and descriptions is about 2 MB; twice that leaves room
  /// while keeping what one request can make the server hold small.
  std::size_t max_body = kDefaultMaxBody;
  /// A portfolio or a calibration that runs longer is stopped (503 saying how far it got); a
  /// proposal's PDF has its own bounds (two print at once, each within two minutes).
  std::chrono::milliseconds long_run_limit{std::chrono::seconds(120)};
  bool print_routes = false;  ///< print the route table (checked against the OpenAPI file) and exit
  std::vector<std::string> plugin_dirs;  ///< searched for plugins first (--plugins)
  /// Tests only ($ATTESTPLAN_TEST_HOLD_SESSION): the first request of this editor session waits,
  /// before any work, until a newer request of the same session has arrived (at most 30 s), so a
  /// test of abandonment does not race the clock.
  std::string hold_first_request_of_session;
  /// Tests only ($ATTESTPLAN_TEST_HOLD_RUN): a long run watched under a progress token starting
  /// with this waits as it enters each phase until its progress has been asked twice since (one ask
  /// sees it there, the next lets it go on; at most 30 s a phase).
  std::string hold_run;
};

/// Runs the server; blocks until Ctrl-C or SIGTERM. Returns the process's exit code: 0, or 2 when
/// the options are wrong or the address cannot be bound.
int serve(const ServeOptions& options);

}  // namespace attestplan::server

// The front of `attestplan serve`: our own accept loop in front of cpp-httplib 0.11.4, which cannot
// bound what a client takes before a handler runs (no limit on the number of header lines, a read
// timeout that restarts on every recv, a task queue that cannot refuse work, all headers read
// before the pre-routing handler). The front reads each request whole, head and body, within a
// deadline and limits, on one thread for every connection; then a worker of its own bounded pool
// relays the complete request to cpp-httplib on a Unix socket in a private folder (no other
// process reaches the back end: no TCP port of its own) and reads the whole answer, which the
// front's thread then writes to the client within a deadline, so a slow reader holds no worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace attestplan::server {

/// What one client may take. Each is enforced by the front, before cpp-httplib sees a byte.
struct FrontLimits {
  std::size_t max_head_bytes = 64 * 1024;  ///< request line and headers; more: 431
  std::size_t max_header_lines = 100;      ///< header lines; more: 431
  std::size_t max_body = 1024 * 1024;      ///< Content-Length above this: 413
  /// The whole request (head and body) must arrive within this, however it trickles: else 408.
  std::chrono::milliseconds request_deadline{10'000};
  std::size_t max_connections = 2048;  ///< connections being read at once; more: 503
  std::size_t workers = 4;     ///< requests that compute or write (POST, PUT, ...) relayed at once
  std::size_t max_queue = 64;  ///< such requests waiting for a worker; more: 503
  /// Reads (GET, HEAD, OPTIONS: the UI's files, the workspace, /api/health) have workers of their
  /// own, so a queue of estimates never keeps the page or the health probe waiting.
  std::size_t read_workers = 2;
  std::size_t max_read_queue = 256;
  /// A response must be taken by its client within this, however slowly it reads: else the
  /// connection is closed.
  std::chrono::milliseconds response_deadline{30'000};
  /// The largest response relayed; a larger one is replaced by a 500 that says so.
  std::size_t max_response = 256u * 1024 * 1024;
};

/// What the front knows of a request from the bytes a connection sent so far.
struct RequestStart {
  enum class State { NeedMore, Complete, Refused };
  State state = State::NeedMore;
  std::size_t length = 0;  ///< Complete: the bytes of the whole request, head and body
  /// Complete, no body: the request has no Content-Length, which the front adds ("0") before
  /// relaying, so cpp-httplib never waits for a body (it does for DELETE) until the client closes.
  bool needs_length = false;
  int status = 0;  ///< Refused: the HTTP status, its reason phrase and a message
  const char* reason = "";
  std::string message;
};

/// What the front renames the client's Accept-Encoding to before relaying: cpp-httplib 0.11.4
/// (Debian's, built with brotli) would otherwise compress every answer at brotli's slowest level
/// (hundreds of ms for an estimate). The server compresses only its own files, at build time.
inline constexpr const char* kClientAcceptEncoding = "X-Client-Accept-Encoding";

/// `request` (a complete one) with each Accept-Encoding header renamed kClientAcceptEncoding.
std::string without_encoding_negotiation(std::string request);

/// Reads the start of a request against `limits`: head size and line count, one Content-Length
/// within the body limit, no Transfer-Encoding, a Content-Length on every POST, PUT and PATCH
/// (411 without: cpp-httplib would wait for the client to close). A pure function (the gate's
/// fuzz harness calls it).
RequestStart read_request_start(std::string_view data, const FrontLimits& limits);

/// Answers connections on `listen_fd` (bound and listening; the front owns it from now on) and
/// relays each complete request to the Unix socket at `backend_socket`.
class Front {
 public:
  Front(int listen_fd, std::string backend_socket, FrontLimits limits);
  ~Front();
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  /// Serves until stop(); returns then, after the workers finished their requests.
  void run();
  /// Ends run(). Safe from a signal handler (it writes to an eventfd).
  void stop() noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// A socket listening on `address` (IPv4 or IPv6 literal, or "localhost") and `port` (0: any),
/// with a backlog large enough for a burst of idle connections; -1 with `error` set on failure.
/// `port` is set to the port bound.
int listen_on(const std::string& address, int& port, std::string& error);

}  // namespace attestplan::server

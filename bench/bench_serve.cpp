// Throughput of `attestplan serve`: POST /api/estimate (the HR SaaS example) and, for scale, a
// static file (GET /app.css) of the same server, each with 2 concurrent keep-alive connections for
// a fixed time, in one run. Absolute figures: a static file is no floor for an estimate.
//   attestplan-bench-serve PORT MODEL [SECONDS]
// The keystroke: what the web UI asks after each edit (POST /api/analysis: the estimate, the
// boundary and the comparison, with their ranges), a different model every request (a comment
// that counts), over 2 keep-alive connections; the latency of each request, P50 / P95 / worst.
//   attestplan-bench-serve keystroke PORT MODEL [REQUESTS]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "loopback.hpp"

namespace {

int connect_to(int port) {
  const int fd = attestplan::testing::connect_loopback(port);
  if (fd < 0) return -1;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/// Reads one response (headers + Content-Length body); returns its status or -1. `closing` says
/// whether the server closes the connection after it.
int read_response(int fd, std::string& buffer, bool* closing = nullptr) {
  for (;;) {
    const auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      const auto cl = buffer.find("Content-Length: ");
      const std::size_t length = cl != std::string::npos && cl < end
                                     ? std::strtoul(buffer.c_str() + cl + 16, nullptr, 10)
                                     : 0;
      if (buffer.size() >= end + 4 + length) {
        const int status = std::atoi(buffer.c_str() + 9);
        if (closing) {
          const auto c = buffer.find("Connection: close");
          *closing = c != std::string::npos && c < end;
        }
        buffer.erase(0, end + 4 + length);
        return status;
      }
    }
    char chunk[65536];
    const auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

/// Requests per second with `connections` keep-alive connections sending `request` for `seconds`.
double throughput(int port, const std::string& request, int connections, double seconds,
                  long& failures) {
  std::atomic<long> done{0}, failed{0};
  const auto stop_at = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      int fd = connect_to(port);
      std::string buffer;
      while (fd >= 0 && std::chrono::steady_clock::now() < stop_at) {
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
                static_cast<ssize_t>(request.size()) ||
            read_response(fd, buffer) != 200) {
          ++failed;
          ::close(fd);
          fd = connect_to(port);  // the server closed the connection (keep-alive limit): reconnect
          buffer.clear();
          continue;
        }
        ++done;
      }
      if (fd >= 0) ::close(fd);
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  failures = failed;
  return static_cast<double>(done) / elapsed;
}

/// The keystroke latencies: `requests` POSTs of /api/analysis over 2 connections, each model
/// different from the last; prints P50, P95 and the worst in milliseconds.
int keystroke(int port, const std::string& model, int requests) {
  std::vector<double> ms(static_cast<std::size_t>(requests));
  std::atomic<int> next{0}, failed{0};
  auto work = [&] {
    int fd = connect_to(port);
    std::string buffer;
    for (int i; (i = next.fetch_add(1)) < requests;) {
      const std::string body = model + "\n# keystroke " + std::to_string(i) + "\n";
      const std::string req =
          "POST /api/analysis?name=m HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
          "\r\nContent-Type: application/toml\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      const auto t0 = std::chrono::steady_clock::now();
      if (fd < 0) fd = connect_to(port);  // the server closed the last one (its keep-alive limit)
      bool closing = false;
      if (fd < 0 ||
          ::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()) ||
          read_response(fd, buffer, &closing) != 200) {
        ++failed;
        closing = true;
        ms[static_cast<std::size_t>(i)] = -1;
      } else {
        ms[static_cast<std::size_t>(i)] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
      }
      if (closing && fd >= 0) {
        ::close(fd);
        fd = -1;
        buffer.clear();
      }
    }
    if (fd >= 0) ::close(fd);
  };
  std::thread other(work);
  work();
  other.join();
  std::erase_if(ms, [](double v) { return v < 0; });
  if (ms.empty()) {
    std::fprintf(stderr, "error: every request failed\n");
    return 1;
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  std::printf(
      "POST /api/analysis: %zu requests over 2 connections, %d failed: P50 %.1f ms, P95 %.1f ms, "
      "worst %.1f ms\n",
      ms.size(), failed.load(), at(0.5), at(0.95), ms.back());
  return failed ? 1 : 0;
}

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string{argv[1]} == "keystroke") {
    return keystroke(std::atoi(argv[2]), slurp(argv[3]), argc > 4 ? std::atoi(argv[4]) : 200);
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: attestplan-bench-serve PORT MODEL [SECONDS]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double seconds = argc > 3 ? std::atof(argv[3]) : 5.0;
  std::ifstream in(argv[2], std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string model = s.str();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  const std::string estimate =
      "POST /api/estimate HTTP/1.1\r\n" + host +
      "Content-Type: application/toml\r\nContent-Length: " + std::to_string(model.size()) +
      "\r\n\r\n" + model;
  const std::string stat = "GET /app.css HTTP/1.1\r\n" + host + "\r\n";
  long f1 = 0, f2 = 0;
  const double static_rps = throughput(port, stat, 2, seconds, f1);
  const double estimate_rps = throughput(port, estimate, 2, seconds, f2);
  std::printf(
      "GET /app.css (static):        %8.1f requests/s (2 connections, %.0f s; %ld reconnects)\n",
      static_rps, seconds, f1);
  std::printf(
      "POST /api/estimate (HR SaaS): %8.1f requests/s (2 connections, %.0f s; %ld reconnects)\n",
      estimate_rps, seconds, f2);
  return 0;
}

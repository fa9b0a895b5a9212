// The front of `attestplan serve` (front.hpp): an epoll loop reads every request whole within its
// deadline and limits, a bounded pool relays complete requests to cpp-httplib.
#include "front.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace attestplan::server {

namespace {

using Clock = std::chrono::steady_clock;

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// A complete response the front gives itself, in the API's error shape.
std::string refusal(int status, const char* reason, const std::string& message) {
  const std::string body = "{\n  \"error\": \"" + message + "\"\n}";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: "
         "nosniff\r\n\r\n" +
         body;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// One connection while its answer goes out.
struct Out {
  std::string data;
  std::size_t sent = 0;
  Clock::time_point deadline;
};

/// One connection while its request arrives.
struct Conn {
  int fd = -1;
  std::string data;
  Clock::time_point deadline;
  bool draining = false;  ///< refused: reading what the client still sends, then closing
};

RequestStart refused(int status, const char* reason, std::string message) {
  RequestStart r;
  r.state = RequestStart::State::Refused;
  r.status = status;
  r.reason = reason;
  r.message = std::move(message);
  return r;
}

}  // namespace

RequestStart read_request_start(std::string_view data, const FrontLimits& limits) {
  const auto too_large = [&] {
    return refused(
        431, "Request Header Fields Too Large",
        "the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes");
  };
  const auto too_many = [&] {
    return refused(431, "Request Header Fields Too Large",
                   "more than " + std::to_string(limits.max_header_lines) + " header lines");
  };
  const auto end = data.find("\r\n\r\n");
  const auto head = data.substr(0, end == std::string_view::npos ? data.size() : end + 2);
  if (head.size() > limits.max_head_bytes) return too_large();
  // Lines are counted as they come, so a flood of short lines is stopped as early as a long one.
  if (static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n')) >
      limits.max_header_lines + 1) {
    return too_many();
  }
  if (end == std::string_view::npos) return {};
  std::size_t body = 0;
  bool has_length = false;
  std::size_t pos = head.find("\r\n");  // the end of the request line
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const auto next = head.find("\r\n", pos + 2);
    const auto line =
        head.substr(pos + 2, (next == std::string_view::npos ? head.size() : next) - pos - 2);
    pos = next;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // cpp-httplib answers a malformed line
    const auto name = line.substr(0, colon);
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (iequals(name, "Transfer-Encoding")) {
      return refused(501, "Not Implemented", "chunked or encoded transfers are not accepted");
    }
    if (!iequals(name, "Content-Length")) continue;
    const bool digits =
        !value.empty() && value.size() <= 12 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::size_t n = 0;
    if (digits) {
      for (char c : value) n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (!digits || (has_length && n != body)) {
      return refused(400, "Bad Request", "Content-Length must be one whole number of bytes");
    }
    if (n > limits.max_body) {
      return refused(413, "Payload Too Large",
                     "the body is larger than " + std::to_string(limits.max_body) + " bytes");
    }
    has_length = true;
    body = n;
  }
  if (!has_length) {
    const auto method = head.substr(0, head.find(' '));
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      return refused(411, "Length Required", "a body needs Content-Length");
    }
  }
  RequestStart r;
  if (data.size() >= end + 4 + body) {
    r.state = RequestStart::State::Complete;
    r.length = end + 4 + body;
    r.needs_length = !has_length;
  }
  return r;
}

std::string without_encoding_negotiation(std::string request) {
  const auto head_end = request.find("\r\n\r\n");
  if (head_end == std::string::npos) return request;
  std::string out;
  out.reserve(request.size() + 32);
  std::size_t at = 0;
  while (at < head_end + 2) {
    const auto eol = request.find("\r\n", at);
    const std::string_view line{request.data() + at, eol - at};
    const auto colon = line.find(':');
    if (at > 0 && colon != std::string_view::npos &&
        iequals(line.substr(0, colon), "Accept-Encoding")) {
      out += kClientAcceptEncoding;
      out += line.substr(colon);
    } else {
      out += line;
    }
    out += "\r\n";
    at = eol + 2;
  }
  out.append(request, head_end + 2, std::string::npos);
  return out;
}

struct Front::State {
  int listen_fd = -1;
  std::string backend_socket;
  FrontLimits limits;
  int epoll_fd = -1;
  int wake_fd = -1;  ///< stop()
  int done_fd = -1;  ///< a worker has an answer ready in `answers`
  std::unordered_map<int, Conn> conns;
  std::unordered_map<int, Out> outs;

  // The relay pools (one for reads, one for the rest), their bounded queues of complete requests
  // and the answers they made.
  std::mutex mutex;
  std::condition_variable ready, read_ready;
  std::deque<std::pair<int, std::string>> queue, read_queue;
  std::deque<std::pair<int, std::string>> answers;
  bool stopping = false;
  std::vector<std::thread> workers;

  void close_conn(int fd) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    conns.erase(fd);
  }

  /// Answers with a refusal and keeps reading (and dropping) what the client still sends for a
  /// moment, so the answer is not lost to a reset.
  void refuse(Conn& c, int status, const char* reason, const std::string& message) {
    send_all(c.fd, refusal(status, reason, message));
    ::shutdown(c.fd, SHUT_WR);
    c.draining = true;
    c.data.clear();
    c.data.shrink_to_fit();
    c.deadline = Clock::now() + std::chrono::seconds(2);
  }

  void accept_all() {
    for (;;) {
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;  // EAGAIN, or out of descriptors until some close
      }
      if (conns.size() >= limits.max_connections) {
        send_all(fd, refusal(503, "Service Unavailable", "too many connections; try again"));
        ::close(fd);
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = fd;
      if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        continue;
      }
      conns[fd] = Conn{fd, {}, Clock::now() + limits.request_deadline, false};
    }
  }

  void readable(Conn& c) {
    char buf[16384];
    for (;;) {
      const auto n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) return close_conn(c.fd);
      if (c.draining) continue;
      c.data.append(buf, static_cast<std::size_t>(n));
      const auto start = read_request_start(c.data, limits);
      if (start.state == RequestStart::State::Refused)
        return refuse(c, start.status, start.reason, start.message);
      if (start.state == RequestStart::State::Complete) {
        c.data.resize(start.length);  // one request per connection: anything after it is not read
        return hand_on(c, start.needs_length);
      }
    }
  }

  void hand_on(Conn& c, bool needs_length) {
    const int fd = c.fd;
    std::string request = std::move(c.data);
    if (needs_length) request.insert(request.find("\r\n\r\n") + 2, "Content-Length: 0\r\n");
    request = without_encoding_negotiation(std::move(request));
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    conns.erase(fd);
    const auto method = std::string_view{request}.substr(0, request.find(' '));
    const bool reads = method == "GET" || method == "HEAD" || method == "OPTIONS";
    {
      std::lock_guard lock(mutex);
      auto& q = reads ? read_queue : queue;
      if (q.size() < (reads ? limits.max_read_queue : limits.max_queue)) {
        q.emplace_back(fd, std::move(request));
        (reads ? read_ready : ready).notify_one();
        return;
      }
    }
    send_all(fd, refusal(503, "Service Unavailable", "the server is busy; try again"));
    ::close(fd);
  }

  void expire() {
    const auto now = Clock::now();
    std::vector<int> late;
    for (auto& [fd, c] : conns) {
      if (c.deadline <= now) late.push_back(fd);
    }
    std::vector<int> slow;
    for (auto& [fd, o] : outs) {
      if (o.deadline <= now) slow.push_back(fd);
    }
    for (int fd : slow) close_out(fd);
    for (int fd : late) {
      auto& c = conns.at(fd);
      if (c.draining) {
        close_conn(fd);
      } else {
        refuse(c, 408, "Request Timeout",
               "the request did not arrive within " +
                   std::to_string(limits.request_deadline.count() / 1000) + " s");
      }
    }
  }

  void close_out(int fd) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    outs.erase(fd);
  }

  /// Writes what the client's socket takes now; closes the connection once all is sent.
  void writable(int fd, Out& o) {
    while (o.sent < o.data.size()) {
      const auto k = ::send(fd, o.data.data() + o.sent, o.data.size() - o.sent, MSG_NOSIGNAL);
      if (k < 0 && errno == EINTR) continue;
      if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (k <= 0) return close_out(fd);
      o.sent += static_cast<std::size_t>(k);
    }
    ::shutdown(fd, SHUT_WR);
    close_out(fd);
  }

  /// Takes the answers the workers made and starts writing each to its client.
  void take_answers() {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto r = ::read(done_fd, &count, sizeof count);
    std::deque<std::pair<int, std::string>> ready_answers;
    {
      std::lock_guard lock(mutex);
      ready_answers.swap(answers);
    }
    for (auto& [fd, data] : ready_answers) {
      epoll_event ev{};
      ev.events = EPOLLOUT;
      ev.data.fd = fd;
      if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        continue;
      }
      auto& o = outs[fd];
      o = Out{std::move(data), 0, Clock::now() + limits.response_deadline};
      writable(fd, o);
    }
  }

  /// A worker: one complete request at a time to cpp-httplib, its whole answer to the front's
  /// thread.
  void relay_loop(bool reads) {
    auto& q = reads ? read_queue : queue;
    auto& wake = reads ? read_ready : ready;
    for (;;) {
      std::pair<int, std::string> job;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !q.empty(); });
        if (q.empty()) return;
        job = std::move(q.front());
        q.pop_front();
      }
      std::string answer = relay(job.second);
      {
        std::lock_guard lock(mutex);
        answers.emplace_back(job.first, std::move(answer));
      }
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto w = ::write(done_fd, &one, sizeof one);
    }
  }

  /// The back end's answer to `request`, read whole (or a refusal saying why there is none).
  std::string relay(const std::string& request) {
    const int backend = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, backend_socket.c_str(),
                std::min(backend_socket.size(), sizeof addr.sun_path - 1));
    if (backend < 0 || ::connect(backend, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (backend >= 0) ::close(backend);
      return refusal(503, "Service Unavailable", "the server is stopping");
    }
    send_all(backend, request);
    std::string answer;
    char buf[65536];
    for (;;) {
      const auto n = ::recv(backend, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (answer.size() + static_cast<std::size_t>(n) > limits.max_response) {
        ::close(backend);
        return refusal(500, "Internal Server Error",
                       "the answer is larger than " + std::to_string(limits.max_response) +
                           " bytes; ask for less");
      }
      answer.append(buf, static_cast<std::size_t>(n));
    }
    ::close(backend);
    if (answer.empty()) return refusal(502, "Bad Gateway", "the server's back end gave no answer");
    return answer;
  }
};

Front::Front(int listen_fd, std::string backend_socket, FrontLimits limits)
    : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.listen_fd = listen_fd;
  s.backend_socket = std::move(backend_socket);
  s.limits = limits;
  s.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  s.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  s.done_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
  for (int fd : {listen_fd, s.wake_fd, s.done_fd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(s.epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
}

Front::~Front() {
  auto& s = *state_;
  for (auto& [fd, c] : s.conns) ::close(fd);
  for (auto& [fd, o] : s.outs) ::close(fd);
  for (auto& [fd, data] : s.answers) ::close(fd);
  ::close(s.listen_fd);
  ::close(s.wake_fd);
  ::close(s.done_fd);
  ::close(s.epoll_fd);
}

void Front::stop() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(state_->wake_fd, &one, sizeof one);
}

void Front::run() {
  auto& s = *state_;
  for (std::size_t i = 0; i < s.limits.workers; ++i)
    s.workers.emplace_back([&s] { s.relay_loop(false); });
  for (std::size_t i = 0; i < s.limits.read_workers; ++i)
    s.workers.emplace_back([&s] { s.relay_loop(true); });
  std::vector<epoll_event> events(256);
  bool running = true;
  while (running) {
    const int n = ::epoll_wait(s.epoll_fd, events.data(), static_cast<int>(events.size()), 200);
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == s.wake_fd) {
        running = false;
      } else if (fd == s.listen_fd) {
        s.accept_all();
      } else if (fd == s.done_fd) {
        s.take_answers();
      } else if (auto it = s.conns.find(fd); it != s.conns.end()) {
        s.readable(it->second);
      } else if (auto out = s.outs.find(fd); out != s.outs.end()) {
        s.writable(fd, out->second);
      }
    }
    s.expire();
  }
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
  }
  s.ready.notify_all();
  s.read_ready.notify_all();
  for (auto& t : s.workers) t.join();
  s.workers.clear();
  // What the workers finished gets its chance to go out, briefly; then the front closes.
  s.take_answers();
  const auto until = Clock::now() + std::chrono::seconds(2);
  while (!s.outs.empty() && Clock::now() < until) {
    const int n = ::epoll_wait(s.epoll_fd, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (auto out = s.outs.find(fd); out != s.outs.end()) s.writable(fd, out->second);
    }
  }
}

int listen_on(const std::string& address, int& port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found); rc != 0) {
    error = ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (auto* a = found; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (a->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    // A backlog the kernel caps at somaxconn: a burst of idle connections waits there, not in
    // refusals.
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 4096) == 0) break;
    error = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  if (fd < 0) return -1;
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return fd;
}

}  // namespace attestplan::server

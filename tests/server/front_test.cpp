// The front of `attestplan serve` (server/front.cpp) against a back end of the test's own: a
// client that reads its answer slowly holds no worker, and one that never reads is dropped at the
// response deadline. Ordering, not the clock, decides each outcome.
#include "front.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "attestplan/data.hpp"
#include "loopback.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::server::Front;
using attestplan::server::FrontLimits;

/// A back end on a Unix socket: each request gets a 200 with a body of `body_bytes` bytes ('x').
class FakeBackend {
 public:
  explicit FakeBackend(std::size_t body_bytes) : dir_("attestplan-front-test-") {
    path_ = (dir_.path() / "b.sock").string();
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 64), 0);
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body_bytes) +
                               "\r\nConnection: close\r\n\r\n" + std::string(body_bytes, 'x');
    thread_ = std::thread([this, answer] {
      for (;;) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        char buf[4096];
        std::string got;
        while (got.find("\r\n\r\n") == std::string::npos) {
          const auto n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          got.append(buf, static_cast<std::size_t>(n));
        }
        ++requests;
        std::size_t sent = 0;
        while (sent < answer.size()) {
          const auto n = ::send(c, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
          if (n <= 0) break;
          sent += static_cast<std::size_t>(n);
        }
        ::close(c);
      }
    });
  }
  ~FakeBackend() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  const std::string& path() const { return path_; }
  std::atomic<int> requests{0};

 private:
  attestplan::PrivateTempDir dir_;
  std::string path_;
  int fd_ = -1;
  std::thread thread_;
};

/// A front on a free loopback port, run on a thread until the object goes.
class RunningFront {
 public:
  RunningFront(const std::string& backend, FrontLimits limits) {
    std::string error;
    const int fd = attestplan::server::listen_on("127.0.0.1", port_, error);
    EXPECT_GE(fd, 0) << error;
    front_ = std::make_unique<Front>(fd, backend, limits);
    thread_ = std::thread([this] { front_->run(); });
  }
  ~RunningFront() {
    front_->stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::unique_ptr<Front> front_;
  std::thread thread_;
};

/// Connects with a receive buffer of a few kilobytes (so the answer cannot sit in the kernel) and
/// sends a GET.
int ask(int port, int receive_buffer = 0) {
  const int fd = attestplan::testing::connect_loopback(port, receive_buffer);
  if (fd < 0) return -1;
  const std::string request = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  return fd;
}

/// Reads until the peer closes (or `seconds` pass without a byte); returns the bytes read.
std::size_t read_all(int fd, int seconds = 60) {
  timeval tv{seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::size_t total = 0;
  char buf[65536];
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return total;
}

constexpr std::size_t kBody = 32u * 1024 * 1024;  // far more than the kernel's socket buffers hold
constexpr std::size_t kHead = 80;                 // about: "HTTP/1.1 200 OK" and two headers

}  // namespace

TEST(Front, ASlowReaderHoldsNoWorkerAndStillGetsItsWholeAnswer) {
  FakeBackend backend(kBody);
  FrontLimits limits;
  limits.workers = 1;
  limits.response_deadline = std::chrono::minutes(5);
  RunningFront front(backend.path(), limits);
  // The first client reads nothing yet: its 32 MB answer cannot all be in the kernel's buffers.
  const int slow = ask(front.port(), 4096);
  ASSERT_GE(slow, 0);
  // A worker that wrote the answer itself would be stuck on it: the second request, behind it in
  // the one-worker pool, would wait for as long as the first client does not read.
  const int next = ask(front.port());
  ASSERT_GE(next, 0);
  EXPECT_GT(read_all(next), kBody)
      << "the second client was not answered while the first one did not read";
  EXPECT_EQ(backend.requests.load(), 2);
  // The slow client then gets every byte of its answer.
  EXPECT_GT(read_all(slow), kBody);
}

TEST(Front, AClientThatNeverReadsIsDroppedAtTheResponseDeadline) {
  FakeBackend backend(kBody);
  FrontLimits limits;
  limits.workers = 1;
  limits.response_deadline = std::chrono::milliseconds(300);
  RunningFront front(backend.path(), limits);
  const int stalled = ask(front.port(), 4096);
  ASSERT_GE(stalled, 0);
  // Wait until the answer is ready and being written, then past the deadline.
  while (backend.requests.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto got = read_all(stalled, 10);
  EXPECT_LT(got, kBody + kHead) << "the connection should have been closed at the deadline";
  // And the front goes on answering.
  EXPECT_GT(read_all(ask(front.port())), kBody);
}

TEST(Front, ARequestWithoutLengthIsCompletedWithAZeroLengthAndBodyMethodsNeedOne) {
  FrontLimits limits;
  const auto del = attestplan::server::read_request_start(
      "DELETE /api/models/x HTTP/1.1\r\nHost: a\r\n\r\n", limits);
  EXPECT_EQ(del.state, attestplan::server::RequestStart::State::Complete);
  EXPECT_TRUE(del.needs_length);
  const auto with = attestplan::server::read_request_start(
      "DELETE /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", limits);
  EXPECT_FALSE(with.needs_length);
  for (const std::string method : {"POST", "PUT", "PATCH"}) {
    const auto r =
        attestplan::server::read_request_start(method + " /x HTTP/1.1\r\nHost: a\r\n\r\n", limits);
    EXPECT_EQ(r.state, attestplan::server::RequestStart::State::Refused) << method;
    EXPECT_EQ(r.status, 411) << method;
  }
}

TEST(Front, TheClientsAcceptEncodingIsRenamedSoCppHttplibCompressesNothing) {
  const std::string in =
      "POST /api/analysis HTTP/1.1\r\nHost: a\r\naccept-encoding: br, gzip\r\nContent-Length: "
      "20\r\n\r\n"
      "Accept-Encoding: body";
  const auto out = attestplan::server::without_encoding_negotiation(in);
  EXPECT_EQ(out,
            "POST /api/analysis HTTP/1.1\r\nHost: a\r\nX-Client-Accept-Encoding: br, "
            "gzip\r\nContent-Length: 20\r\n\r\n"
            "Accept-Encoding: body");
}

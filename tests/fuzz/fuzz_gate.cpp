// Fuzz harness: the server's request gate, the part that reads a client's raw bytes before
// cpp-httplib does (front.cpp's read_request_start), fed the bytes in two pieces as a socket
// might deliver them, and the UTF-8 check every body and parameter passes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "attestplan/data.hpp"
#include "front.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using attestplan::server::RequestStart;
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  attestplan::server::FrontLimits limits;
  limits.max_body = 4096;
  limits.max_head_bytes = 2048;
  limits.max_header_lines = 20;
  const auto whole = attestplan::server::read_request_start(bytes, limits);
  if (whole.state == RequestStart::State::Complete && (whole.length > size || whole.length == 0))
    std::abort();
  if (whole.state == RequestStart::State::Refused && (whole.status < 400 || whole.message.empty()))
    std::abort();
  // A prefix never contradicts the whole: a refusal or a completion seen early stays so.
  const auto part = attestplan::server::read_request_start(bytes.substr(0, size / 2), limits);
  if (part.state == RequestStart::State::Complete &&
      (whole.state != RequestStart::State::Complete || whole.length != part.length)) {
    std::abort();
  }
  const auto bad = attestplan::first_invalid_utf8(bytes);
  if (bad != std::string_view::npos && bad >= size) std::abort();
  return 0;
}

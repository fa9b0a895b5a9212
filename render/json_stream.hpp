// JsonStream: a JsonWriter whose text is handed to an output stream in chunks as it is written, so
// a document of any size (the boundary of a million components) takes one chunk of memory.
#pragma once

#include <ostream>
#include <string>

#include "json_writer.hpp"

namespace attestplan::detail {

class JsonStream {
 public:
  explicit JsonStream(std::ostream& sink, int indent = 2) : sink_(sink), writer_(buffer_, indent) {}
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;
  ~JsonStream() { flush(); }

  [[nodiscard]] JsonWriter& writer() { return writer_; }
  /// Hands the text written so far to the stream once it passes a chunk; call between values.
  void flush_if_full() {
    if (buffer_.size() >= kChunk) flush();
  }
  /// Ends the document's last line and hands everything to the stream.
  void end_line() {
    buffer_ += '\n';
    flush();
  }
  void flush() {
    sink_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kChunk = 64 * 1024;
  std::ostream& sink_;
  std::string buffer_;  ///< declared before writer_, which appends to it
  JsonWriter writer_;
};

}  // namespace attestplan::detail

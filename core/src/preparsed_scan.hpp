// Reading the pre-parsed form (core/embed/embed_models.cpp) in place, without building a
// toml::table: for built-in data whose reader is checked against the full one by a test.
#pragma once

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace attestplan::detail {

class PreparsedScan {
 public:
  explicit PreparsedScan(std::string_view in) : in_(in) {}

  /// The entry count of a table ('T') or array ('A') that starts here.
  std::size_t open(char tag) {
    expect(tag);
    return number_until(';');
  }
  /// A table's next key.
  std::string_view key() { return take(number_until(':')); }
  std::string_view string() {
    expect('S');
    return take(number_until(':'));
  }
  std::int64_t integer() {
    expect('I');
    return scalar<std::int64_t>();
  }
  /// Passes over one value of any kind.
  void skip() {
    if (pos_ >= in_.size()) fail();
    switch (in_[pos_]) {
      case 'T': {
        const auto n = open('T');
        for (std::size_t i = 0; i < n; ++i) key(), skip();
        return;
      }
      case 'A': {
        const auto n = open('A');
        for (std::size_t i = 0; i < n; ++i) skip();
        return;
      }
      case 'S': string(); return;
      case 'I': integer(); return;
      case 'F':
      case 'B':
      case 'D': {
        ++pos_;
        if (in_[pos_ - 1] == 'B') return void(take(1));
        if (in_[pos_ - 1] == 'D') return void(take(10));
        const auto end = in_.find(';', pos_);
        if (end == std::string_view::npos) fail();
        pos_ = end + 1;
        return;
      }
      default: fail();
    }
  }
  [[nodiscard]] bool done() const { return pos_ == in_.size(); }
  [[nodiscard]] std::size_t position() const { return pos_; }

  // The primitives the readers above are made of (also used by the full decoder, preparsed.cpp).
  [[noreturn]] void fail() const {
    throw std::logic_error("corrupt pre-parsed data at offset " + std::to_string(pos_));
  }
  void expect(char c) {
    if (pos_ >= in_.size() || in_[pos_] != c) fail();
    ++pos_;
  }
  std::size_t number_until(char end) {
    std::size_t v = 0;
    const auto res = std::from_chars(in_.data() + pos_, in_.data() + in_.size(), v);
    if (res.ec != std::errc{} || res.ptr == in_.data() + in_.size() || *res.ptr != end) fail();
    pos_ = static_cast<std::size_t>(res.ptr - in_.data()) + 1;
    return v;
  }
  std::string_view take(std::size_t n) {
    if (pos_ + n > in_.size()) fail();
    const auto s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }

  /// A number ended by ';' (integers and doubles).
  template <typename T>
  T scalar() {
    T v{};
    const auto res = std::from_chars(in_.data() + pos_, in_.data() + in_.size(), v);
    if (res.ec != std::errc{} || res.ptr == in_.data() + in_.size() || *res.ptr != ';') fail();
    pos_ = static_cast<std::size_t>(res.ptr - in_.data()) + 1;
    return v;
  }
  /// The next byte (a value's type tag).
  char next() {
    if (pos_ >= in_.size()) fail();
    return in_[pos_++];
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace attestplan::detail

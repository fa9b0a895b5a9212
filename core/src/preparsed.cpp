// Rebuilds a toml::table from the pre-parsed form the build embeds (core/embed/embed_models.cpp).
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

namespace {

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  toml::table table_body() {
    toml::table t;
    const auto n = number_until(';');
    for (std::size_t i = 0; i < n; ++i) {
      const auto key_len = number_until(':');
      const auto key = take(key_len);
      insert_value(t, key);
    }
    return t;
  }

  void expect(char c) {
    if (pos_ >= in_.size() || in_[pos_] != c) fail();
    ++pos_;
  }
  [[nodiscard]] bool done() const { return pos_ == in_.size(); }

 private:
  [[noreturn]] void fail() const {
    throw std::logic_error("corrupt pre-parsed data at offset " + std::to_string(pos_));
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

  toml::array array_body() {
    toml::array a;
    const auto n = number_until(';');
    a.reserve(n);
    for (std::size_t i = 0; i < n; ++i) add(a);
    return a;
  }

  /// Reads one value and hands it to `put` (a table insert or an array push) by its type.
  template <typename Put>
  void read_value(Put&& put) {
    if (pos_ >= in_.size()) fail();
    const char tag = in_[pos_++];
    switch (tag) {
      case 'T': put(table_body()); return;
      case 'A': put(array_body()); return;
      case 'S': {
        const auto n = number_until(':');
        put(std::string{take(n)});
        return;
      }
      case 'I': put(scalar<std::int64_t>()); return;
      case 'F': put(scalar<double>()); return;
      case 'B': put(take(1) == "1"); return;
      case 'D': {
        const auto d = take(10);
        auto part = [&](std::size_t from, std::size_t len) {
          unsigned v = 0;
          std::from_chars(d.data() + from, d.data() + from + len, v);
          return v;
        };
        put(toml::date{static_cast<std::uint16_t>(part(0, 4)), static_cast<std::uint8_t>(part(5, 2)),
                       static_cast<std::uint8_t>(part(8, 2))});
        return;
      }
      default: fail();
    }
  }

  template <typename T>
  T scalar() {
    T v{};
    const auto res = std::from_chars(in_.data() + pos_, in_.data() + in_.size(), v);
    if (res.ec != std::errc{} || res.ptr == in_.data() + in_.size() || *res.ptr != ';') fail();
    pos_ = static_cast<std::size_t>(res.ptr - in_.data()) + 1;
    return v;
  }

  // Two concrete sinks (not a recursive template), so nesting does not instantiate without end.
  struct TableSink {
    toml::table& t;
    std::string_view key;
    template <typename V>
    // Keys arrive in the table's own order (the encoder walks it), so each goes in at the end.
    void operator()(V&& v) const { t.emplace_hint(t.cend(), key, std::forward<V>(v)); }
  };
  struct ArraySink {
    toml::array& a;
    template <typename V>
    void operator()(V&& v) const { a.push_back(std::forward<V>(v)); }
  };

  void insert_value(toml::table& t, std::string_view key) { read_value(TableSink{t, key}); }
  void add(toml::array& a) { read_value(ArraySink{a}); }

  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

std::shared_ptr<const toml::table> parse_data(const DataFile& file, std::string_view what, Diagnostics& diags) {
  if (file.preparsed.empty()) {
    auto parsed = parse_toml(file.text, file.source_name, what, diags);
    return parsed ? std::make_shared<const toml::table>(std::move(*parsed)) : nullptr;
  }
  // Built-in data is compiled in and immutable: decode it once, share it, never tear it down
  // (the cache lives for the process, like the data itself).
  static std::mutex mutex;
  static auto* cache = new std::map<const char*, std::shared_ptr<const toml::table>>();
  std::lock_guard lock(mutex);
  auto& entry = (*cache)[file.preparsed.data()];
  if (!entry) {
    // Parsed and checked when attestplan was built.
    Decoder d(file.preparsed);
    d.expect('T');
    auto table = std::make_shared<const toml::table>(d.table_body());
    if (!d.done()) throw std::logic_error("trailing bytes in pre-parsed " + file.source_name);
    entry = std::move(table);
  }
  return entry;
}

}  // namespace attestplan

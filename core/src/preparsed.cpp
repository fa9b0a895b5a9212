// Rebuilds a toml::table from the pre-parsed form the build embeds (core/embed/embed_models.cpp).
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "attestplan/toml_reader.hpp"
#include "preparsed_scan.hpp"

namespace attestplan {

namespace {

/// Builds the toml::table back, on the scanner's primitives.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : scan_(in) {}

  toml::table table_body() {
    toml::table t;
    const auto n = scan_.number_until(';');
    for (std::size_t i = 0; i < n; ++i) {
      const auto key = scan_.key();
      read_value(TableSink{t, key});
    }
    return t;
  }

  void expect(char c) { scan_.expect(c); }
  [[nodiscard]] bool done() const { return scan_.done(); }

 private:
  toml::array array_body() {
    toml::array a;
    const auto n = scan_.number_until(';');
    a.reserve(n);
    for (std::size_t i = 0; i < n; ++i) read_value(ArraySink{a});
    return a;
  }

  // Two concrete sinks (not a recursive template), so nesting does not instantiate without end.
  struct TableSink {
    toml::table& t;
    std::string_view key;
    // Keys arrive in the table's own order (the encoder walks it), so each goes in at the end.
    template <typename V>
    void operator()(V&& v) const { t.emplace_hint(t.cend(), key, std::forward<V>(v)); }
  };
  struct ArraySink {
    toml::array& a;
    template <typename V>
    void operator()(V&& v) const { a.push_back(std::forward<V>(v)); }
  };

  /// Reads one value and hands it to `put` (a table insert or an array push) by its type.
  template <typename Put>
  void read_value(Put&& put) {
    switch (scan_.next()) {
      case 'T': put(table_body()); return;
      case 'A': put(array_body()); return;
      case 'S': put(std::string{scan_.take(scan_.number_until(':'))}); return;
      case 'I': put(scan_.scalar<std::int64_t>()); return;
      case 'F': put(scan_.scalar<double>()); return;
      case 'B': put(scan_.take(1) == "1"); return;
      case 'D': {
        const auto d = scan_.take(10);
        auto part = [&](std::size_t from, std::size_t len) {
          unsigned v = 0;
          std::from_chars(d.data() + from, d.data() + from + len, v);
          return v;
        };
        put(toml::date{static_cast<std::uint16_t>(part(0, 4)), static_cast<std::uint8_t>(part(5, 2)),
                       static_cast<std::uint8_t>(part(8, 2))});
        return;
      }
      default: scan_.fail();
    }
  }

  detail::PreparsedScan scan_;
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

// A streaming JSON writer for the large documents (the estimate with its ledger): it appends to a
// string as it goes, with no intermediate tree, which is several times faster than building and
// dumping an nlohmann::json. Strings are UTF-8 already (toml++ validates its input), so only
// quotes, backslashes and control characters need escaping.
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace attestplan::detail {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, int indent = 2) : out_(out), indent_(indent) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view k) {
    separate();
    string(k);
    out_ += ": ";
    after_key_ = true;
  }

  void value(std::string_view s) {
    separate();
    string(s);
  }
  void value(const char* s) { value(std::string_view{s}); }
  void value(const std::string& s) { value(std::string_view{s}); }
  void value(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  void value(long long v) {
    separate();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void value(long v) { value(static_cast<long long>(v)); }
  void value(int v) { value(static_cast<long long>(v)); }
  void value(std::size_t v) { value(static_cast<long long>(v)); }
  /// Shortest round-trip form; whole numbers without a fraction.
  void value(double v) {
    separate();
    if (!std::isfinite(v)) {
      out_ += "null";
      return;
    }
    char buf[32];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void null() {
    separate();
    out_ += "null";
  }
  void strings(const std::vector<std::string>& items) {
    begin_array();
    for (const auto& s : items) value(s);
    end_array();
  }

  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

 private:
  void open(char c) {
    separate();
    out_ += c;
    counts_.push_back(0);
  }
  void close(char c) {
    const bool empty = counts_.back() == 0;
    counts_.pop_back();
    if (!empty) newline();
    out_ += c;
  }
  /// Before a key or a value: a comma after a sibling, then a new indented line; nothing right
  /// after a key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (counts_.empty()) return;
    if (counts_.back()++ > 0) out_ += ',';
    newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(counts_.size() * static_cast<std::size_t>(indent_), ' ');
  }
  void string(std::string_view s) {
    out_ += '"';
    // Runs of characters that need no escape are copied whole.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      const char* escape = nullptr;
      switch (c) {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) >= 0x20) continue;
      }
      out_.append(s.data() + run, i - run);
      run = i + 1;
      if (escape) {
        out_ += escape;
      } else {
        static const char* hex = "0123456789abcdef";
        out_ += "\\u00";
        out_ += hex[(c >> 4) & 0xF];
        out_ += hex[c & 0xF];
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string& out_;
  int indent_;
  std::vector<std::size_t> counts_;
  bool after_key_ = false;
};

}  // namespace attestplan::detail

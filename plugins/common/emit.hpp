// Writing parsed data as C++ source, for the build tools that compile a plugin's built-in data
// into the plugin (the estimate then skips reading it): literals that mean exactly the value read.
#pragma once

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "attestplan/estimate.hpp"

namespace attestplan::emit {

/// A C++ string literal: quotes, backslashes, '?' (no trigraphs) and every byte outside printable
/// ASCII escaped in octal (three digits, so a following digit never joins the escape).
inline std::string literal(std::string_view s) {
  std::string out = "\"";
  for (const unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20 || ch >= 0x7f || ch == '?') {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03o", ch);
      out += buf;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

/// A double that reads back as the same double (shortest round-trip form).
inline std::string number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // a double literal, not an int
  return s;
}

inline std::string range(const Range& r) {
  return "attestplan::Range{" + number(r.low) + ", " + number(r.likely) + ", " + number(r.high) + "}";
}

/// "{a, b, c}" of the items, each written by `item`.
template <typename Items, typename Item>
std::string list(const Items& items, Item item) {
  std::string out = "{";
  bool first = true;
  for (const auto& x : items) {
    if (!first) out += ", ";
    first = false;
    out += item(x);
  }
  return out + "}";
}

/// "static_cast<E>(n)" for an enum value.
template <typename E>
std::string enumerator(E e, std::string_view type) {
  return "static_cast<" + std::string{type} + ">(" + std::to_string(static_cast<int>(e)) + ")";
}

/// The generated source of a function that builds a plugin's built-in data object field by field:
/// `namespace ns { Type function() { Type v; v.field = value; ... return v; } }`, under a first
/// comment line naming the file it came from and the tool that wrote it.
class ObjectSource {
 public:
  ObjectSource(std::string_view comment, std::string_view ns, std::string_view type, std::string_view function)
      : ns_(ns),
        out_("// " + std::string{comment} + "\nnamespace " + std::string{ns} + " {\n\n" + std::string{type} + " " +
             std::string{function} + "() {\n  " + std::string{type} + " v;\n") {}

  /// Sets `field` to `value`, a C++ expression (literal(), number(), range(), list() ...).
  void set(std::string_view field, std::string_view value) {
    out_ += "  v.";
    out_ += field;
    out_ += " = ";
    out_ += value;
    out_ += ";\n";
  }

  /// The whole source.
  [[nodiscard]] std::string text() const { return out_ + "  return v;\n}\n\n}  // namespace " + ns_ + "\n"; }

 private:
  std::string ns_;
  std::string out_;
};

}  // namespace attestplan::emit

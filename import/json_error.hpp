// What a JSON parse error may say: where, and what was expected, never the text being read. The
// parser's own message quotes the token it stopped in ("last read: '...'"), which in a cut state
// file or a group export is as likely as not a password, a private key or a security answer; a
// message lands in terminals and CI logs, so the quote is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace attestplan::import_detail {

struct JsonError {
  std::string
      message;  ///< "syntax error while parsing object - unexpected end of input; expected '}'"
  std::uint32_t line = 0, column = 0;  ///< 1-based; 0 when the parser did not say
};

/// Reads nlohmann's exception text ("[json.exception.parse_error.101] parse error at line 3,
/// column 5: syntax error ...; last read: '...'; expected ...") into a message without the text
/// read.
inline JsonError json_error_of(std::string_view what) {
  JsonError out;
  if (what.rfind("[json.", 0) == 0) {
    if (const auto close = what.find("] "); close != std::string_view::npos)
      what.remove_prefix(close + 2);
  }
  auto number_after = [&](std::string_view label, std::uint32_t& n) {
    const auto at = what.find(label);
    if (at == std::string_view::npos || at > 40) return;
    for (auto i = at + label.size();
         i < what.size() && what[i] >= '0' && what[i] <= '9' && n < 100'000'000; ++i) {
      n = n * 10 + static_cast<std::uint32_t>(what[i] - '0');
    }
  };
  number_after("at line ", out.line);
  number_after("column ", out.column);
  if (what.rfind("parse error", 0) == 0) {
    if (const auto colon = what.find(": "); colon != std::string_view::npos)
      what.remove_prefix(colon + 2);
  }
  constexpr std::string_view kLastRead = "; last read: '";
  if (const auto from = what.find(kLastRead); from != std::string_view::npos) {
    // The quote ends at the last "'" before "; expected ..." (the parser's own words), or at the
    // end.
    constexpr std::string_view kExpected = "'; expected ";
    const auto expected = what.rfind(kExpected);
    out.message = std::string{what.substr(0, from)};
    if (expected != std::string_view::npos && expected >= from + kLastRead.size() - 1) {
      out.message += what.substr(expected + 1);
    }
  } else {
    out.message = std::string{what};
  }
  return out;
}

}  // namespace attestplan::import_detail

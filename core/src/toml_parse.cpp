// parse_toml: text checks, then toml++ with its parse error mapped to a diagnostic.
#include <algorithm>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

std::optional<toml::table> parse_toml(std::string_view text, const std::string& source_name,
                                      std::string_view what, Diagnostics& diags) {
  const auto blank = std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
  if (blank) {
    diags.error("the " + std::string{what} + " is empty", SourceLocation{source_name, 1, 1},
                "a model starts with: schema = \"attestplan/1\"");
    return std::nullopt;
  }
  // The line and column of a byte offset, so a message about bytes still points somewhere.
  const auto location_at = [&](std::size_t offset) {
    std::uint32_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return SourceLocation{source_name, line, col};
  };
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    diags.error("this is not a text file (a NUL byte at offset " + std::to_string(nul) + ")",
                location_at(nul), "the " + std::string{what} + " must be a UTF-8 TOML text file");
    return std::nullopt;
  }
  // Every name and text of a model ends up in JSON, HTML and terminals: only valid UTF-8 gets in.
  if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    diags.error(
        "not valid UTF-8 (byte 0x" +
            [&] {
              static const char* kHex = "0123456789abcdef";
              const auto b = static_cast<unsigned char>(text[bad]);
              return std::string{kHex[b >> 4], kHex[b & 15]};
            }() +
            " at offset " + std::to_string(bad) + ")",
        location_at(bad), "save the " + std::string{what} + " as UTF-8");
    return std::nullopt;
  }
  try {
    // No source path for toml++: locations carry our own file name (location_of), and without one
    // the parser does not copy a shared path into every node it makes.
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    std::string message{e.description()};
    diags.error("not valid TOML: " + message, location_of(e.source(), source_name),
                "see https://toml.io for the syntax; strings need double quotes");
    return std::nullopt;
  }
}

}  // namespace attestplan

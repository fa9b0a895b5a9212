// parse_toml: text checks, then toml++ with its parse error mapped to a diagnostic.
#include "attestplan/toml_reader.hpp"

#include <algorithm>


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
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    // Find the line and column of the first NUL so the message still points somewhere.
    std::uint32_t line = 1, col = 1;
    for (std::size_t i = 0; i < nul; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    diags.error("this is not a text file (a NUL byte at offset " + std::to_string(nul) + ")",
                SourceLocation{source_name, line, col},
                "the " + std::string{what} + " must be a UTF-8 TOML text file");
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

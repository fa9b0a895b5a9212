// The terminal's width and colour (terminal.hpp).
#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>

namespace attestplan::cli {

std::size_t output_width(int fd) {
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    std::size_t value = 0;
    const std::string_view text{columns};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && value > 0) return value;
  }
  if (::isatty(fd) != 1) return 0;
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

bool colour_wanted(int fd) {
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  if (const char* term = std::getenv("TERM"); term && std::string_view{term} == "dumb")
    return false;
  return ::isatty(fd) == 1;
}

namespace {

constexpr std::string_view kReset = "\033[0m";

struct SeverityColour {
  std::string_view word;
  std::string_view colour;
};
constexpr SeverityColour kSeverities[] = {
    {"error", "\033[1;31m"}, {"warning", "\033[33m"}, {"note", "\033[36m"}};

/// The severity word at `at` in `line` when followed by one of `after`, else nullptr.
const SeverityColour* severity_at(std::string_view line, std::size_t at, std::string_view after) {
  for (const auto& s : kSeverities) {
    if (line.substr(at, s.word.size()) == s.word && at + s.word.size() < line.size() &&
        after.find(line[at + s.word.size()]) != std::string_view::npos) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace

std::string colour_severities(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const auto line = text.substr(pos, end - pos);
    pos = end;
    // "  warning [code] ..." (a finding), "error: ..." (a message), "file:1:2: error: ..." (a
    // diagnostic).
    std::size_t at = line.find_first_not_of(' ');
    const SeverityColour* s = at == std::string_view::npos ? nullptr : severity_at(line, at, " :");
    if (s && line[at + s->word.size()] == ' ' && line.substr(at + s->word.size(), 2) != " [")
      s = nullptr;
    if (!s) {
      for (const auto& candidate : kSeverities) {
        const auto found = line.find(": " + std::string{candidate.word} + ":");
        if (found != std::string_view::npos) {
          at = found + 2;
          s = &candidate;
          break;
        }
      }
    }
    if (!s) {
      out += line;
      continue;
    }
    out += line.substr(0, at);
    out += s->colour;
    out += s->word;
    out += kReset;
    out += line.substr(at + s->word.size());
  }
  return out;
}

}  // namespace attestplan::cli

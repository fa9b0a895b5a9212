// Diagnostics: collecting located problems and printing them like a compiler does.
#include "attestplan/diagnostics.hpp"

#include <algorithm>
#include <numeric>
#include <ostream>

namespace attestplan {

FileName::FileName(std::string name)
    : name_(std::make_shared<const std::string>(std::move(name))) {}
FileName::~FileName() = default;

const std::string& FileName::str() const {
  static const std::string none;
  return name_ ? *name_ : none;
}

std::ostream& operator<<(std::ostream& out, const FileName& file) { return out << file.str(); }

std::string SourceLocation::to_string() const {
  if (line == 0) return file;
  return file.str() + ":" + std::to_string(line) + ":" + std::to_string(column == 0 ? 1 : column);
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

void Diagnostics::error(std::string message, SourceLocation where, std::string hint) {
  add({Severity::Error, std::move(message), std::move(where), std::move(hint)});
}
void Diagnostics::warning(std::string message, SourceLocation where, std::string hint) {
  add({Severity::Warning, std::move(message), std::move(where), std::move(hint)});
}
void Diagnostics::note(std::string message, SourceLocation where, std::string hint) {
  add({Severity::Note, std::move(message), std::move(where), std::move(hint)});
}
void Diagnostics::add(Diagnostic d) { items_.push_back(std::move(d)); }
void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

namespace {

std::string_view line_of(std::string_view text, std::uint32_t line) {
  std::uint32_t current = 1;
  std::size_t begin = 0;
  while (current < line) {
    const auto nl = text.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
    ++current;
  }
  auto end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  auto result = text.substr(begin, end - begin);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d, std::string_view source_text) {
  std::string out;
  if (!d.location.file.empty()) out += d.location.to_string() + ": ";
  out += to_string(d.severity);
  out += ": ";
  out += d.message;
  out += '\n';
  if (!source_text.empty() && d.location.line > 0) {
    const auto text = line_of(source_text, d.location.line);
    // Quote only printable lines of reasonable length; a binary file gets no excerpt.
    const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
      return c == '\t' || static_cast<unsigned char>(c) >= 0x20;
    });
    if (!text.empty() && text.size() <= 200 && printable) {
      out += "    ";
      out += text;
      out += "\n    ";
      const auto col = d.location.column == 0 ? 1u : d.location.column;
      for (std::uint32_t i = 1; i < col && i <= text.size(); ++i) {
        out += text[i - 1] == '\t' ? '\t' : ' ';
      }
      out += "^\n";
    }
  }
  if (!d.hint.empty()) out += "  hint: " + d.hint + "\n";
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > kMaxSuggestedLength) return {};
  // A plausible typo: at most a third of the word wrong (and at least one edit allowed).
  const std::size_t limit = std::max<std::size_t>(1, (word.size() + 2) / 3);
  std::string best;
  std::size_t best_distance = std::string::npos;
  const std::size_t looked_at = std::min(candidates.size(), kMaxSuggestionCandidates);
  for (std::size_t i = 0; i < looked_at; ++i) {
    const auto& c = candidates[i];
    // The distance is at least the difference in length.
    const std::size_t apart =
        c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (apart > limit || apart >= best_distance || c.size() > kMaxSuggestedLength + limit) continue;
    const auto d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best_distance <= limit ? best : std::string{};
}

std::string Diagnostics::suggest(std::string_view word,
                                 const std::vector<std::string>& candidates) {
  return take_suggestion() ? nearest(word, candidates) : std::string{};
}

}  // namespace attestplan

// Located problems with a model or a data file, collected so a user sees all of them at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/export.hpp"

namespace attestplan {

/// A file's name as locations hold it: one shared, immutable copy of the path, however many
/// locations name the file (a large model has millions), so copying a location copies no text.
/// Reads as a `const std::string&`; compares with strings.
class ATTESTPLAN_API FileName {
 public:
  FileName() = default;
  FileName(std::string name);  // NOLINT(google-explicit-constructor): a location is written {file,
                               // line, col}
  FileName(const char* name)
      : FileName(std::string{name}) {}  // NOLINT(google-explicit-constructor)
  FileName(const FileName&) = default;
  FileName(FileName&&) noexcept = default;
  FileName& operator=(const FileName&) = default;
  FileName& operator=(FileName&&) noexcept = default;
  /// Out of line: g++ 12 inlining the shared count's release into an aggregate's cleanup path
  /// warns of a maybe-uninitialized member (a false positive, as with Boost.Graph's).
  ~FileName();

  [[nodiscard]] const std::string& str() const;
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool empty() const { return str().empty(); }

  friend bool operator==(const FileName& a, std::string_view b) { return a.str() == b; }

 private:
  std::shared_ptr<const std::string> name_;  ///< null for no file
};

ATTESTPLAN_API std::ostream& operator<<(std::ostream& out, const FileName& file);

/// Where something came from: a file and a 1-based line and column (0 when unknown).
struct SourceLocation {
  FileName file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// "file:line:col", or just "file" when the position is unknown.
  [[nodiscard]] ATTESTPLAN_API std::string to_string() const;
};

enum class Severity { Note, Warning, Error };

ATTESTPLAN_API const char* to_string(Severity severity);

/// One problem: what is wrong, where, and what the user can do about it.
struct Diagnostic {
  Severity severity = Severity::Error;
  std::string message;
  SourceLocation location;
  std::string hint;  ///< empty when there is nothing useful to add
};

/// An ordered list of diagnostics; loading appends to it instead of stopping at the first problem.
class ATTESTPLAN_API Diagnostics {
 public:
  void error(std::string message, SourceLocation where, std::string hint = {});
  void warning(std::string message, SourceLocation where, std::string hint = {});
  void note(std::string message, SourceLocation where, std::string hint = {});
  void add(Diagnostic d);
  void append(const Diagnostics& other);

  [[nodiscard]] bool has_errors() const;
  [[nodiscard]] std::size_t error_count() const;
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  [[nodiscard]] bool empty() const { return items_.empty(); }

  /// Whether a "did you mean" may still be worked out: the first kMaxSuggestions asked for get one,
  /// so a model with a million unknown names costs a bounded search (a report shows only the first
  /// kMaxDiagnosticsShown problems anyway). Each call that returns true uses one.
  [[nodiscard]] bool take_suggestion() {
    return suggestions_taken_ < kMaxSuggestions ? (++suggestions_taken_, true) : false;
  }
  /// nearest(word, candidates) while suggestions remain (take_suggestion), else "".
  [[nodiscard]] std::string suggest(std::string_view word,
                                    const std::vector<std::string>& candidates);

  static constexpr std::size_t kMaxSuggestions = 100;

 private:
  std::vector<Diagnostic> items_;
  std::size_t suggestions_taken_ = 0;
};

/// How many diagnostics a report shows (the CLI's stderr, the API's "diagnostics"): the first
/// ones, then a count of the rest, so a model with a million repeated mistakes gets a short report.
inline constexpr std::size_t kMaxDiagnosticsShown = 100;

/// Renders one diagnostic the way compilers do: "file:line:col: error: message", then the source
/// line with a caret under the column when `source_text` is given, then "  hint: ...".
ATTESTPLAN_API std::string format_diagnostic(const Diagnostic& d,
                                             std::string_view source_text = {});

/// Levenshtein distance, used for "did you mean" suggestions.
ATTESTPLAN_API std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a plausible typo, else "".
/// Bounded: a word longer than kMaxSuggestedLength gets none, only the first
/// kMaxSuggestionCandidates candidates are looked at, and a candidate whose length alone puts it
/// out of reach is skipped without working out its distance.
ATTESTPLAN_API std::string nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);
inline constexpr std::size_t kMaxSuggestedLength = 64;
inline constexpr std::size_t kMaxSuggestionCandidates = 20000;

}  // namespace attestplan

// Reading one TOML table against the keys a format allows: typed getters that record problems as
// located diagnostics, and a final check that reports every key nobody asked for. Part of the SDK
// so plugins read their options and data files the same way the core reads models.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"
#include "attestplan/range.hpp"

namespace attestplan {

/// Parses TOML text after checking it is text (not empty, no NUL byte); syntax errors become
/// located diagnostics. `what` names the content in messages ("model", "control library").
ATTESTPLAN_API std::optional<toml::table> parse_toml(std::string_view text,
                                                     const std::string& source_name,
                                                     std::string_view what, Diagnostics& diags);

ATTESTPLAN_API SourceLocation location_of(const toml::source_region& region, const FileName& file);
ATTESTPLAN_API const char* type_name(toml::node_type t);

class ATTESTPLAN_API TableReader {
 public:
  /// `context` names the table in messages: "[organization]", "[[component]] 'api'".
  TableReader(const toml::table& table, std::string context, FileName file, Diagnostics& diags);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] SourceLocation where() const;
  [[nodiscard]] SourceLocation where(std::string_view key) const;
  [[nodiscard]] const std::string& context() const { return context_; }
  /// Renames the table in later messages (once its id is known: "[[component]] 'api'").
  void set_context(std::string context) { context_ = std::move(context); }
  [[nodiscard]] const FileName& file() const { return file_; }
  [[nodiscard]] Diagnostics& diags() const { return diags_; }

  std::optional<std::string> string(std::string_view key, bool required = false);
  /// A non-empty string made of letters, digits, '-', '_', '.', starting with a letter or digit.
  std::optional<std::string> identifier(std::string_view key, bool required = false);
  /// A 2-letter ISO 3166 country code (is_country_code); `example` hints at the right form.
  std::optional<std::string> country(std::string_view key, std::string_view example);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required = false);
  std::optional<double> number(std::string_view key, double min, double max, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  /// A TOML local date or a "YYYY-MM-DD" string.
  std::optional<Date> date(std::string_view key, bool required = false);
  std::vector<std::string> string_array(std::string_view key);
  std::vector<Ref> ref_array(std::string_view key);
  std::optional<Ref> ref(std::string_view key);
  std::vector<Date> date_array(std::string_view key);
  /// A [low, likely, high] array of non-negative numbers in order; a single number means all three.
  std::optional<Range> range(std::string_view key, bool required = false);
  /// A required sub-table with a [low, likely, high] range for every maturity level
  /// (none, partial, documented, operating), e.g. remediation weeks or readiness hours.
  std::map<Maturity, Range> ranges_by_maturity(std::string_view key);
  /// A sub-table; nullptr (with an error if present but not a table).
  const toml::table* table(std::string_view key);
  /// An array of tables; nullptr (with an error if present but not an array of tables).
  const toml::array* table_array(std::string_view key);

  /// One of a fixed set of words (an enum), with "did you mean" on a near miss.
  template <typename E>
  std::optional<E> word(std::string_view key, std::optional<E> (*parse)(std::string_view),
                        const std::vector<std::string>& names, bool required = false) {
    const auto text = string(key, required);
    if (!text) return std::nullopt;
    if (auto v = parse(*text)) return v;
    bad_word(key, *text, names);
    return std::nullopt;
  }

  /// The file's `schema = "FORMAT/N"` line: the version of its format it is written in. This
  /// attestplan reads version `current`; a file without the line (written before formats were
  /// versioned) is read as version 1, unless `required`. A newer version is refused with what to
  /// do; anything that is not FORMAT/N is refused as another kind of file. Returns the version
  /// read, or nullopt after an error.
  std::optional<int> format_version(std::string_view format, int current, bool required = false);

  void bad_word(std::string_view key, std::string_view value, const std::vector<std::string>& names,
                std::optional<SourceLocation> at = std::nullopt);

  /// Reports every key of the table that no getter asked for, with the nearest known key, and the
  /// required keys that were missing. A misspelt required key is reported once, as the misspelling.
  /// Every reader must end with this call.
  void check_unknown_keys(const std::vector<std::string>& also_allowed = {});

 private:
  const toml::node* get(std::string_view key);
  void wrong_type(std::string_view key, const toml::node& node, const char* expected);
  void missing(std::string_view key, std::string hint = {});

  const toml::table& table_;
  std::string context_;
  FileName file_;  ///< shared by every location this reader makes
  Diagnostics& diags_;
  std::vector<std::string>
      asked_;  ///< keys the getters asked for, in order (a key asked twice is here twice)
  std::vector<std::pair<std::string, Diagnostic>> missing_;  ///< reported by check_unknown_keys
};

}  // namespace attestplan

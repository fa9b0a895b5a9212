// TableReader: typed, located access to one TOML table and its unknown-key check.
#include "attestplan/toml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace attestplan {

SourceLocation location_of(const toml::source_region& region, const FileName& file) {
  return SourceLocation{file, static_cast<std::uint32_t>(region.begin.line),
                        static_cast<std::uint32_t>(region.begin.column)};
}

const char* type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
  }
  return "a value";
}

TableReader::TableReader(const toml::table& table, std::string context, FileName file,
                         Diagnostics& diags)
    : table_(table), context_(std::move(context)), file_(std::move(file)), diags_(diags) {}

bool TableReader::has(std::string_view key) const { return table_.contains(key); }

SourceLocation TableReader::where() const {
  auto loc = location_of(table_.source(), file_);
  if (loc.line == 0) loc = SourceLocation{file_, 1, 1};
  return loc;
}

SourceLocation TableReader::where(std::string_view key) const {
  if (const auto* node = table_.get(key)) return location_of(node->source(), file_);
  return where();
}

const toml::node* TableReader::get(std::string_view key) {
  // A key asked twice is simply listed twice: cheaper than searching the list on every get, and
  // check_unknown_keys takes the list as a set.
  asked_.emplace_back(key);
  return table_.get(key);
}

void TableReader::missing(std::string_view key, std::string hint) {
  missing_.emplace_back(
      std::string{key},
      Diagnostic{Severity::Error, "missing required key '" + std::string{key} + "' in " + context_,
                 where(), std::move(hint)});
}

void TableReader::wrong_type(std::string_view key, const toml::node& node, const char* expected) {
  diags_.error("'" + std::string{key} + "' in " + context_ + " must be " + expected + ", not " +
                   type_name(node.type()),
               location_of(node.source(), file_));
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const auto* node = get(key);
  if (!node) {
    if (required) missing(key, "add " + std::string{key} + " = \"...\"");
    return std::nullopt;
  }
  if (const auto* s = node->as_string()) return s->get();
  wrong_type(key, *node, "a string");
  return std::nullopt;
}

std::optional<int> TableReader::format_version(std::string_view format, int current,
                                               bool required) {
  const std::string expected = std::string{format} + "/" + std::to_string(current);
  if (!has("schema")) {
    if (!required) return 1;
    diags_.error("missing schema line", SourceLocation{file_, 1, 1},
                 "start the file with: schema = \"" + expected + "\"");
    return std::nullopt;
  }
  const auto text = string("schema");
  if (!text) return std::nullopt;
  const std::string prefix = std::string{format} + "/";
  int version = 0;
  if (text->size() > prefix.size() && text->compare(0, prefix.size(), prefix) == 0) {
    const std::string_view digits = std::string_view{*text}.substr(prefix.size());
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    const bool all_digits = end == digits.data() + digits.size();
    if (ec == std::errc::result_out_of_range && all_digits) {
      version = std::numeric_limits<int>::max();  // a version far beyond this one's: newer
    } else if (ec != std::errc{} || !all_digits || version < 1) {
      version = 0;
    }
  }
  if (version == 0) {
    diags_.error(
        "schema \"" + *text + "\" is not the format of " + context_ + " (" + expected + ")",
        where("schema"),
        "is this the file you meant? " + context_ + " starts with: schema = \"" + expected + "\"");
    return std::nullopt;
  }
  if (version > current) {
    diags_.error("schema \"" + *text + "\" is newer than the version of " + context_ +
                     " this attestplan reads (" + expected + ")",
                 where("schema"),
                 "use the attestplan that wrote the file, or a newer one; `attestplan --version` "
                 "says which this is");
    return std::nullopt;
  }
  return version;
}

std::optional<std::string> TableReader::country(std::string_view key, std::string_view example) {
  auto text = string(key);
  if (!text) return std::nullopt;
  if (is_country_code(*text)) return text;
  diags_.error(std::string{key} + " '" + *text + "' is not a 2-letter ISO 3166 code", where(key),
               std::string{example});
  return std::nullopt;
}

std::optional<std::string> TableReader::identifier(std::string_view key, bool required) {
  auto text = string(key, required);
  if (!text) return std::nullopt;
  const auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  bool ok = !text->empty() && text->size() <= 128 && ok_char((*text)[0]) && (*text)[0] != '-' &&
            (*text)[0] != '_' && (*text)[0] != '.';
  for (char c : *text) ok = ok && ok_char(c);
  if (!ok) {
    diags_.error("'" + std::string{key} + "' in " + context_ + " must be an identifier, not \"" +
                     *text + "\"",
                 where(key),
                 "use letters, digits, '-', '_' or '.', starting with a letter or digit");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max, bool required) {
  const auto* node = get(key);
  if (!node) {
    if (required) missing(key);
    return std::nullopt;
  }
  const auto* v = node->as_integer();
  if (!v) {
    wrong_type(key, *node, "an integer");
    return std::nullopt;
  }
  if (v->get() < min || v->get() > max) {
    diags_.error("'" + std::string{key} + "' in " + context_ + " is " + std::to_string(v->get()) +
                     ", outside " + std::to_string(min) + ".." + std::to_string(max),
                 location_of(node->source(), file_));
    return std::nullopt;
  }
  return v->get();
}

namespace {
/// A number in a message as a person writes it: "-3", "0.15", "200", "1e+12".
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
}  // namespace

std::optional<double> TableReader::number(std::string_view key, double min, double max,
                                          bool required) {
  const auto* node = get(key);
  if (!node) {
    if (required) missing(key);
    return std::nullopt;
  }
  double value = 0;
  if (const auto* f = node->as_floating_point()) {
    value = f->get();
  } else if (const auto* i = node->as_integer()) {
    value = static_cast<double>(i->get());
  } else {
    wrong_type(key, *node, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(value) || value < min || value > max) {
    diags_.error("'" + std::string{key} + "' in " + context_ + " is " + number_text(value) +
                     ", outside " + number_text(min) + ".." + number_text(max),
                 location_of(node->source(), file_));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const auto* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  wrong_type(key, *node, "true or false");
  return std::nullopt;
}

namespace {

/// The dates a plan can name: the calendar arithmetic of the timing stage and the iCalendar stamps
/// hold between these, so a date outside them is the model's error, located, not a failure later.
const Date kFirstDate{1970, 1, 1};
const Date kLastDate{2199, 12, 31};

std::optional<Date> date_of(const toml::node& node, bool& wrong_type) {
  wrong_type = false;
  if (const auto* d = node.as_date()) {
    const auto v = d->get();
    return Date::parse([&] {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", static_cast<unsigned>(v.year) % 10000u,
                    static_cast<unsigned>(v.month) % 100u, static_cast<unsigned>(v.day) % 100u);
      return std::string{buf};
    }());
  }
  if (const auto* s = node.as_string()) return Date::parse(s->get());
  wrong_type = true;
  return std::nullopt;
}

}  // namespace

std::optional<Date> TableReader::date(std::string_view key, bool required) {
  const auto* node = get(key);
  if (!node) {
    if (required) missing(key);
    return std::nullopt;
  }
  bool bad_type = false;
  if (auto d = date_of(*node, bad_type)) {
    if (!(*d < kFirstDate) && !(kLastDate < *d)) return d;
    diags_.error("'" + std::string{key} + "' in " + context_ + " is " + d->to_string() +
                     ", outside " + kFirstDate.to_string() + ".." + kLastDate.to_string(),
                 location_of(node->source(), file_), "plan with dates between 1970 and 2199");
    return std::nullopt;
  }
  if (bad_type) {
    wrong_type(key, *node, "a date (YYYY-MM-DD)");
  } else {
    diags_.error("'" + std::string{key} + "' in " + context_ + " is not a calendar date",
                 location_of(node->source(), file_), "write dates as YYYY-MM-DD, e.g. 2027-01-04");
  }
  return std::nullopt;
}

std::vector<std::string> TableReader::string_array(std::string_view key) {
  std::vector<std::string> out;
  const auto* node = get(key);
  if (!node) return out;
  const auto* arr = node->as_array();
  if (!arr) {
    wrong_type(key, *node, "an array of strings");
    return out;
  }
  for (const auto& item : *arr) {
    if (const auto* s = item.as_string()) {
      out.push_back(s->get());
    } else {
      diags_.error("'" + std::string{key} + "' in " + context_ + " must hold strings, not " +
                       type_name(item.type()),
                   location_of(item.source(), file_));
    }
  }
  return out;
}

std::vector<Ref> TableReader::ref_array(std::string_view key) {
  std::vector<Ref> out;
  const auto* node = get(key);
  if (!node) return out;
  const auto* arr = node->as_array();
  if (!arr) {
    wrong_type(key, *node, "an array of ids");
    return out;
  }
  for (const auto& item : *arr) {
    if (const auto* s = item.as_string()) {
      out.push_back(Ref{s->get(), location_of(item.source(), file_)});
    } else {
      diags_.error("'" + std::string{key} + "' in " + context_ + " must hold id strings, not " +
                       type_name(item.type()),
                   location_of(item.source(), file_));
    }
  }
  return out;
}

std::optional<Ref> TableReader::ref(std::string_view key) {
  const auto* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return Ref{s->get(), location_of(node->source(), file_)};
  wrong_type(key, *node, "an id string");
  return std::nullopt;
}

std::vector<Date> TableReader::date_array(std::string_view key) {
  std::vector<Date> out;
  const auto* node = get(key);
  if (!node) return out;
  const auto* arr = node->as_array();
  if (!arr) {
    wrong_type(key, *node, "an array of dates");
    return out;
  }
  for (const auto& item : *arr) {
    bool bad_type = false;
    if (auto d = date_of(item, bad_type)) {
      if (!(*d < kFirstDate) && !(kLastDate < *d)) {
        out.push_back(*d);
      } else {
        diags_.error("'" + std::string{key} + "' in " + context_ + " holds " + d->to_string() +
                         ", outside " + kFirstDate.to_string() + ".." + kLastDate.to_string(),
                     location_of(item.source(), file_), "plan with dates between 1970 and 2199");
      }
    } else {
      diags_.error("'" + std::string{key} + "' in " + context_ + " holds " +
                       (bad_type ? std::string{type_name(item.type())} : "something") +
                       " that is not a calendar date",
                   location_of(item.source(), file_), "write dates as YYYY-MM-DD, e.g. 2027-11-30");
    }
  }
  return out;
}

namespace {
/// The largest figure a range may carry (hours, days, money in any currency): far above any real
/// engagement, and far enough below 2^53 that sums and products of ranges stay exact and finite.
constexpr double kMaxRangeValue = 1e9;
}  // namespace

std::optional<Range> TableReader::range(std::string_view key, bool required) {
  const auto* node = get(key);
  if (!node) {
    if (required) missing(key, "add " + std::string{key} + " = [low, likely, high]");
    return std::nullopt;
  }
  auto number_of = [](const toml::node& n) -> std::optional<double> {
    if (const auto* f = n.as_floating_point()) return f->get();
    if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
    return std::nullopt;
  };
  if (auto single = number_of(*node)) {
    if (*single >= 0 && *single <= kMaxRangeValue) return Range::exactly(*single);
  } else if (const auto* arr = node->as_array(); arr && arr->size() == 3) {
    const auto a = number_of(*arr->get(0)), b = number_of(*arr->get(1)),
               c = number_of(*arr->get(2));
    if (a && b && c && *a >= 0 && *a <= *b && *b <= *c && *c <= kMaxRangeValue)
      return Range{*a, *b, *c};
  }
  diags_.error(
      "'" + std::string{key} + "' in " + context_ +
          " must be [low, likely, high]: three non-negative numbers in that order, none above "
          "1e9",
      location_of(node->source(), file_), "e.g. " + std::string{key} + " = [2, 3, 5]");
  return std::nullopt;
}

std::map<Maturity, Range> TableReader::ranges_by_maturity(std::string_view key) {
  std::map<Maturity, Range> out;
  const auto* t = table(key);
  if (!t) {
    if (!has(key))
      missing(key, "give [low, likely, high] for none, partial, documented and operating");
    return out;
  }
  TableReader m(*t, context_ + " " + std::string{key}, file_, diags_);
  for (const auto& name : names_of_maturity()) {
    if (auto v = m.range(name, true)) out[*parse_maturity(name)] = *v;
  }
  m.check_unknown_keys();
  return out;
}

const toml::table* TableReader::table(std::string_view key) {
  const auto* node = get(key);
  if (!node) return nullptr;
  if (const auto* t = node->as_table()) return t;
  wrong_type(key, *node, "a table");
  return nullptr;
}

const toml::array* TableReader::table_array(std::string_view key) {
  const auto* node = get(key);
  if (!node) return nullptr;
  const auto* arr = node->as_array();
  if (!arr || !arr->is_array_of_tables()) {
    diags_.error("'" + std::string{key} + "' must be an array of tables, written [[" +
                     std::string{key} + "]]",
                 location_of(node->source(), file_));
    return nullptr;
  }
  return arr;
}

void TableReader::bad_word(std::string_view key, std::string_view value,
                           const std::vector<std::string>& names,
                           std::optional<SourceLocation> at) {
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  const auto guess = diags_.suggest(value, names);
  diags_.error(
      "'" + std::string{key} + "' in " + context_ + " has unknown value \"" + std::string{value} +
          "\"",
      at ? *at : where(key),
      (guess.empty() ? std::string{} : "did you mean \"" + guess + "\"? ") + "known: " + known);
}

void TableReader::check_unknown_keys(const std::vector<std::string>& also_allowed) {
  std::vector<std::string> known;  // every key a reader may use: built only for a stranger
  for (const auto& [key, node] : table_) {
    const std::string_view name = key.str();
    if (std::find(asked_.begin(), asked_.end(), name) != asked_.end() ||
        std::find(also_allowed.begin(), also_allowed.end(), name) != also_allowed.end()) {
      continue;
    }
    if (known.empty()) {
      for (const auto& k : asked_) {
        if (std::find(known.begin(), known.end(), k) == known.end()) known.push_back(k);
      }
      for (const auto& k : also_allowed) {
        if (std::find(known.begin(), known.end(), k) == known.end()) known.push_back(k);
      }
    }
    auto loc = location_of(key.source(), file_);
    if (loc.line == 0) loc = location_of(node.source(), file_);
    const auto guess = diags_.suggest(name, known);
    // The misspelling explains the missing required key: one error, not two.
    missing_.erase(
        std::remove_if(missing_.begin(), missing_.end(),
                       [&](const auto& m) { return !guess.empty() && m.first == guess; }),
        missing_.end());
    std::string hint;
    if (!guess.empty()) {
      hint = "did you mean '" + guess + "'?";
    } else {
      for (const auto& k : known) hint += (hint.empty() ? "known keys: " : ", ") + k;
    }
    diags_.error("unknown key '" + std::string{name} + "' in " + context_, loc, hint);
  }
  for (auto& m : missing_) diags_.add(std::move(m.second));
  missing_.clear();
}

}  // namespace attestplan

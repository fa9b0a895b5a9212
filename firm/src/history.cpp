// A firm's history of past engagements (calibration.hpp): the CSV reader, and the model a row of
// summary columns stands for.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "attestplan/calibration.hpp"
#include "attestplan/loader.hpp"

namespace attestplan {

namespace {

/// One CSV record: its fields and the column (1-based) each starts at.
struct Record {
  std::uint32_t line = 0;
  std::vector<std::string> fields;
  std::vector<std::uint32_t> columns;
};

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. A quote left
/// open is an error at the line it opened on.
std::vector<Record> parse_csv(const std::string& text, const std::string& name,
                              Diagnostics& diags) {
  std::vector<Record> out;
  Record rec;
  std::string field;
  std::uint32_t line = 1, column = 1, field_column = 1, quote_line = 0;
  bool quoted = false, at_field_start = true, any = false;
  rec.line = 1;
  auto end_field = [&] {
    rec.fields.push_back(std::move(field));
    rec.columns.push_back(field_column);
    field.clear();
    at_field_start = true;
  };
  auto end_record = [&] {
    end_field();
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.push_back(std::move(rec));
    rec = Record{};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
          ++column;
        } else {
          quoted = false;
        }
      } else {
        field += c;
        if (c == '\n') {
          ++line;
          column = 0;
        }
      }
      ++column;
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      quote_line = line;
      at_field_start = false;
    } else if (c == ',') {
      end_field();
      field_column = column + 1;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      column = 0;
      field_column = 1;
      rec.line = line;
    } else {
      field += c;
      at_field_start = false;
    }
    ++column;
  }
  if (quoted) {
    diags.error("a quoted field opened here is never closed", {name, quote_line, 1});
    return {};
  }
  if (any && (!field.empty() || !rec.fields.empty())) end_record();
  return out;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return {};
  const auto b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

constexpr const char* kStageColumns[4] = {"planning_hours", "documentation_hours", "testing_hours",
                                          "reporting_hours"};
constexpr const char* kSummaryColumns[] = {"report", "categories", "employees", "systems", "year"};
const std::set<std::string> kKnownColumns = {"id",
                                             "model",
                                             "report",
                                             "months",
                                             "categories",
                                             "employees",
                                             "systems",
                                             "vendors",
                                             "vendor_method",
                                             "year",
                                             "maturity",
                                             "planning_hours",
                                             "documentation_hours",
                                             "testing_hours",
                                             "reporting_hours",
                                             "fee"};

/// A row's cells by column name, and where each is, for messages.
class Row {
 public:
  Row(const Record& r, const std::map<std::string, std::size_t>& index, const std::string& file)
      : r_(r), index_(index), file_(file) {}

  [[nodiscard]] std::string cell(const std::string& column) const {
    const auto it = index_.find(column);
    if (it == index_.end() || it->second >= r_.fields.size()) return {};
    return trim(r_.fields[it->second]);
  }
  [[nodiscard]] SourceLocation where(const std::string& column) const {
    const auto it = index_.find(column);
    const std::uint32_t col =
        it != index_.end() && it->second < r_.columns.size() ? r_.columns[it->second] : 1;
    return {file_, r_.line, col};
  }
  /// A number in [min, max]; a problem (empty when required, not a number, out of range) is
  /// recorded and nullopt returned.
  std::optional<double> number(const std::string& column, double min, double max, bool required) {
    const auto text = cell(column);
    if (text.empty()) {
      if (required) problem(column, "'" + column + "' is empty");
      return std::nullopt;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) {
      problem(column, "'" + column + "' is '" + text + "', not a number");
      return std::nullopt;
    }
    if (v < min || v > max) {
      problem(column, "'" + column + "' is " + text + ", outside " + fmt(min) + ".." + fmt(max));
      return std::nullopt;
    }
    return v;
  }
  std::optional<int> whole(const std::string& column, int min, int max, bool required) {
    const auto v = number(column, min, max, required);
    if (!v) return std::nullopt;
    if (std::floor(*v) != *v) {
      problem(column, "'" + column + "' is " + cell(column) + ", not a whole number");
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }
  template <typename E>
  std::optional<E> word(const std::string& column, std::optional<E> (*parse)(std::string_view),
                        const std::vector<std::string>& names, bool required) {
    const auto text = cell(column);
    if (text.empty()) {
      if (required) problem(column, "'" + column + "' is empty");
      return std::nullopt;
    }
    if (auto v = parse(text)) return v;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    problem(column, "'" + column + "' is '" + text + "'", "one of " + list);
    return std::nullopt;
  }
  void problem(const std::string& column, std::string message, std::string hint = {}) {
    if (!first_)
      first_ = Diagnostic{Severity::Warning, std::move(message), where(column), std::move(hint)};
  }
  [[nodiscard]] const std::optional<Diagnostic>& first_problem() const { return first_; }

 private:
  static std::string fmt(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
  }
  const Record& r_;
  const std::map<std::string, std::size_t>& index_;
  const std::string& file_;
  std::optional<Diagnostic> first_;
};

std::optional<EngagementSummary> read_summary(Row& row, const std::string& id) {
  EngagementSummary s;
  s.id = id;
  const auto report = row.word("report", &parse_report, names_of_report(), true);
  if (report && is_type2(*report)) {
    if (const auto m = row.whole("months", 3, 12, true)) s.months = *m;
  }
  std::string cats = row.cell("categories");
  if (cats.empty())
    row.problem("categories", "'categories' is empty", "e.g. security;availability");
  std::size_t start = 0;
  while (start <= cats.size() && !cats.empty()) {
    const auto end = cats.find_first_of(";|", start);
    const auto word =
        trim(cats.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (const auto c = parse_category(word)) {
      if (std::find(s.categories.begin(), s.categories.end(), *c) == s.categories.end())
        s.categories.push_back(*c);
    } else {
      std::string list;
      for (const auto& n : names_of_category()) list += (list.empty() ? "" : ", ") + n;
      row.problem("categories", "'categories' names '" + word + "', not a category",
                  "categories separated by ';', from: " + list);
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (!s.categories.empty() && std::find(s.categories.begin(), s.categories.end(),
                                         Category::Security) == s.categories.end()) {
    row.problem("categories", "'categories' leaves out security, which every SOC 2 report covers",
                "add security");
  }
  const auto employees = row.whole("employees", 1, 1'000'000, true);
  const auto systems = row.whole("systems", 1, 10'000, true);
  // Each summary vendor is a subservice organization of the row's model, estimated at every trial
  // of the fit: a past engagement with more than a few hundred is not one to calibrate on.
  const auto vendors = row.whole("vendors", 0, 500, false);
  const auto method =
      row.word("vendor_method", &parse_subservice_method, names_of_subservice_method(), false);
  const auto year = row.cell("year");
  if (year != "first" && year != "recurring") {
    row.problem("year", year.empty() ? "'year' is empty" : "'year' is '" + year + "'",
                "first or recurring");
  }
  const auto maturity = row.word("maturity", &parse_maturity, names_of_maturity(), false);
  if (row.first_problem() || !report || !employees || !systems) return std::nullopt;
  s.report = *report;
  s.employees = *employees;
  s.systems = *systems;
  s.vendors = vendors.value_or(0);
  if (s.vendors > s.systems) {
    row.problem("vendors",
                "'vendors' is " + std::to_string(s.vendors) + ", more than the " +
                    std::to_string(s.systems) + " in-scope systems",
                "each vendor provides one in-scope system: count the systems they run");
    return std::nullopt;
  }
  s.vendor_method = method.value_or(SubserviceMethod::CarveOut);
  if (s.vendor_method == SubserviceMethod::Inclusive && s.vendors > 25) {
    row.problem("vendors",
                "'vendors' is " + std::to_string(s.vendors) +
                    " with vendor_method inclusive: a model tests at most 25 "
                    "subservice organizations inclusively",
                "give the inclusive ones only, or carve-out");
    return std::nullopt;
  }
  s.first_year = year == "first";
  s.maturity = maturity.value_or(Maturity::Partial);
  return s;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

std::string summary_model_toml(const EngagementSummary& s) {
  std::string t =
      "# Built by attestplan calibrate from a history row's summary columns.\nschema = "
      "\"attestplan/1\"\n\n";
  t += "[organization]\nname = " + toml_string(s.id.empty() ? "engagement" : s.id) + "\n";
  t += "employees = " + std::to_string(s.employees) + "\n";
  t += "engineers = " +
       std::to_string(std::max(1, static_cast<int>(std::lround(s.employees * 0.3)))) + "\n";
  t += std::string{"maturity = \""} + to_string(s.maturity) + "\"\n";
  t += std::string{"first_audit = "} + (s.first_year ? "true" : "false") + "\n\n";
  t += std::string{"[engagement]\nreport = \""} + to_string(s.report) + "\"\n";
  if (is_type2(s.report)) t += "observation_months = " + std::to_string(s.months) + "\n";
  t += "start = \"2027-01-04\"\ncategories = [";
  for (std::size_t i = 0; i < s.categories.size(); ++i)
    t += std::string{i ? ", " : ""} + "\"" + to_string(s.categories[i]) + "\"";
  t += "]\n\n[[service]]\nid = \"service\"\nuses = [";
  for (int k = 0; k < s.systems; ++k)
    t += (k ? ", " : "") + std::string{"\"system-"} + std::to_string(k + 1) + "\"";
  t += "]\n";
  const int software = std::max(1, (s.systems + 2) / 3);
  for (int k = 0; k < s.systems; ++k) {
    t += "\n[[component]]\nid = \"system-" + std::to_string(k + 1) + "\"\n";
    if (k < software) {
      t += "kind = \"software\"\ndeploys = \"weekly\"\n";
    } else {
      t += (k - software) % 2 == 0 ? "kind = \"data\"\n" : "kind = \"infrastructure\"\n";
    }
    if (k < s.vendors) t += "provided_by = \"vendor-" + std::to_string(k + 1) + "\"\n";
  }
  for (int k = 0; k < s.vendors; ++k) {
    t += "\n[[subservice]]\nid = \"vendor-" + std::to_string(k + 1) + "\"\n";
    t += std::string{"method = \""} + to_string(s.vendor_method) + "\"\nreport = \"soc2-type2\"\n";
  }
  return t;
}

std::vector<HistoryModelCell> history_model_cells(const DataFile& csv, Diagnostics& diags) {
  const bool bom = csv.text.rfind("\xEF\xBB\xBF", 0) == 0;
  const auto records = parse_csv(bom ? csv.text.substr(3) : csv.text, csv.source_name, diags);
  std::vector<HistoryModelCell> out;
  if (records.empty()) return out;
  const auto& header = records.front().fields;
  std::size_t column = 0;
  while (column < header.size() && trim(header[column]) != "model") ++column;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (column >= rec.fields.size()) continue;
    auto model = trim(rec.fields[column]);
    if (!model.empty())
      out.push_back(
          {std::move(model), SourceLocation{csv.source_name, rec.line, rec.columns[column]}});
  }
  return out;
}

std::optional<History> read_history(const DataFile& csv, const std::filesystem::path& base_dir,
                                    const CriteriaCatalog& catalog, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  // Excel's "CSV UTF-8" starts with a byte-order mark, which is no part of the first column's name.
  const bool bom = csv.text.rfind("\xEF\xBB\xBF", 0) == 0;
  const auto records = parse_csv(bom ? csv.text.substr(3) : csv.text, csv.source_name, diags);
  if (diags.error_count() > errors_before) return std::nullopt;
  if (records.empty()) {
    diags.error("the history is empty: it needs a header row and one row per past engagement",
                {csv.source_name, 1, 1});
    return std::nullopt;
  }
  const auto& header = records.front();
  std::map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < header.fields.size(); ++k) {
    const auto name = trim(header.fields[k]);
    const SourceLocation at{csv.source_name, header.line, header.columns[k]};
    if (index.count(name)) {
      diags.error("column '" + name + "' appears twice", at);
    } else if (name.rfind("hours_", 0) == 0 && name.size() > 6) {
      // hours by staff level: hours_partner, hours_senior, ... (the rate card's level names)
    } else if (!kKnownColumns.count(name)) {
      diags.warning("column '" + name + "' is not one calibrate reads; ignored", at,
                    "columns: docs/calibration.md");
    }
    index.emplace(name, k);
  }
  for (const char* c : kStageColumns) {
    if (!index.count(c))
      diags.error(std::string{"the history has no column '"} + c + "'",
                  {csv.source_name, header.line, 1},
                  "every row needs the hours actually spent in each audit stage");
  }
  if (!index.count("model")) {
    for (const char* c : kSummaryColumns) {
      if (!index.count(c)) {
        diags.error(std::string{"the history has no column '"} + c + "'",
                    {csv.source_name, header.line, 1},
                    "a row is a model file (column 'model') or summary columns: report, months, "
                    "categories, "
                    "employees, systems, vendors, vendor_method, year");
      }
    }
  }
  if (diags.error_count() > errors_before) return std::nullopt;

  History h;
  h.source_name = csv.source_name;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    ++h.rows_read;
    Row row(rec, index, csv.source_name);
    HistoryRow out;
    out.line = rec.line;
    out.id = row.cell("id");
    if (out.id.empty()) out.id = "line " + std::to_string(rec.line);
    for (std::size_t s = 0; s < 4; ++s) {
      if (const auto v = row.number(kStageColumns[s], 0, 1e6, true)) out.hours[s] = *v;
    }
    out.fee = row.number("fee", 0, 1e12, false);
    for (const auto& [column, k] : index) {
      if (column.rfind("hours_", 0) != 0 || column.size() <= 6) continue;
      if (const auto v = row.number(column, 0, 1e6, false)) out.level_hours[column.substr(6)] = *v;
    }
    const auto model_path = row.cell("model");
    std::optional<EngagementSummary> summary;
    if (model_path.empty()) summary = read_summary(row, out.id);
    if (!row.first_problem() && out.hours[0] + out.hours[1] + out.hours[2] + out.hours[3] <= 0) {
      row.problem(kStageColumns[0], "the row's hours add up to nothing");
    }
    LoadResult loaded;
    if (!row.first_problem()) {
      if (!model_path.empty()) {
        out.model_file = base_dir / model_path;
        loaded = load_model_file(out.model_file, catalog);
      } else {
        loaded = load_model_text(summary_model_toml(*summary),
                                 csv.source_name + ":" + std::to_string(rec.line), catalog);
      }
      if (!loaded.model) {
        std::string why = "the model does not load";
        for (const auto& d : loaded.diagnostics.items()) {
          if (d.severity == Severity::Error) {
            why = d.location.to_string() + ": " + d.message;
            break;
          }
        }
        row.problem(model_path.empty() ? "report" : "model",
                    (model_path.empty() ? "the model built from the summary columns fails: "
                                        : "model '" + model_path + "' fails: ") +
                        why);
      }
    }
    if (const auto& p = row.first_problem()) {
      auto d = *p;
      d.message += "; row skipped";
      diags.add(std::move(d));
      ++h.rows_skipped;
      continue;
    }
    out.model = std::move(*loaded.model);
    h.rows.push_back(std::move(out));
  }
  return h;
}

}  // namespace attestplan

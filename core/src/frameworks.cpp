// Framework words: parsing models/frameworks/frameworks.toml and lookups (frameworks.hpp).
#include "attestplan/frameworks.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

std::optional<FrameworkLibrary> FrameworkLibrary::parse(const DataFile& file, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "frameworks file", diags);
  if (!root) return std::nullopt;
  FrameworkLibrary lib;
  TableReader top(*root, "the frameworks file", file.source_name, diags);
  if (const auto* items = top.table_array("framework")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[framework]]", file.source_name, diags);
      FrameworkWords w;
      w.id = r.identifier("id", true).value_or("");
      r.set_context("[[framework]] '" + w.id + "'");
      for (const auto& name : r.string_array("reports")) {
        if (const auto kind = parse_report_kind(name)) {
          w.reports.push_back(*kind);
        } else {
          diags.error("'" + name + "' in reports of framework '" + w.id + "' is not a report kind", r.where("reports"));
        }
      }
      w.name = r.string("name", true).value_or("");
      w.engagement = r.string("engagement", true).value_or("");
      w.scope_verb = r.string("scope_verb", true).value_or("");
      w.report = r.string("report", true).value_or("");
      w.standards = r.string("standards", true).value_or("");
      w.independence = r.string("independence", true).value_or("");
      w.description_test = r.string("description_test", true).value_or("");
      w.criteria = r.string("criteria", true).value_or("");
      w.restricted_use = r.string("restricted_use", true).value_or("");
      w.opinion_caveat = r.string("opinion_caveat", true).value_or("");
      w.financial_report = r.string("financial_report", true).value_or("");
      w.type1_subject = r.string("type1_subject", true).value_or("");
      w.type2_subject = r.string("type2_subject", true).value_or("");
      w.deviations = r.string("deviations", true).value_or("");
      const auto stages = r.string_array("stages");
      if (stages.size() == w.stages.size()) {
        std::copy(stages.begin(), stages.end(), w.stages.begin());
      } else {
        diags.error("stages of framework '" + w.id + "' must name the 4 audit stages in order", r.where("stages"));
      }
      w.source = r.string("source", true).value_or("");
      r.check_unknown_keys();
      lib.frameworks_.push_back(std::move(w));
    }
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return lib;
}

const FrameworkLibrary& FrameworkLibrary::builtin() {
  static const FrameworkLibrary lib = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "frameworks/frameworks.toml", diags);
    auto parsed = file ? parse(*file, diags) : std::nullopt;
    if (!parsed) throw std::logic_error("the built-in frameworks file does not read: " + diags.items().front().message);
    for (const auto kind : {ReportKind::Soc2Type1, ReportKind::Soc2Type2, ReportKind::Isae3000Type1, ReportKind::Isae3000Type2}) {
      (void)parsed->of(kind);  // every report kind has its words, or the build's data is broken
    }
    return std::move(*parsed);
  }();
  return lib;
}

const FrameworkWords& FrameworkLibrary::of(ReportKind report) const {
  for (const auto& f : frameworks_) {
    for (const auto k : f.reports) {
      if (k == report) return f;
    }
  }
  throw std::logic_error(std::string{"no framework speaks for "} + to_string(report));
}

const FrameworkWords& words_of(ReportKind report) { return FrameworkLibrary::builtin().of(report); }

const char* article_for(const std::string& next_word) {
  if (next_word.empty()) return "a";
  // Initialisms are read letter by letter: "an ISAE", "an SOC" is not how SOC is said ("a SOC").
  if (next_word.rfind("ISAE", 0) == 0 || next_word.rfind("ISO", 0) == 0) return "an";
  const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(next_word[0])));
  return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ? "an" : "a";
}

}  // namespace attestplan

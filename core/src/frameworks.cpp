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
  struct Named {
    std::string by, id;
    SourceLocation where;
  };
  std::vector<Named> named;  // frameworks a framework names, checked once all are read
  TableReader top(*root, "the frameworks file", file.source_name, diags);
  if (!top.format_version("attestplan-frameworks", 1)) return std::nullopt;
  if (const auto* items = top.table_array("framework")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[framework]]", file.source_name, diags);
      FrameworkWords w;
      w.id = r.identifier("id", true).value_or("");
      r.set_context("[[framework]] '" + w.id + "'");
      for (const auto& name : r.string_array("types")) {
        if (const auto type = parse_report_type(name)) {
          w.types.push_back(*type);
        } else {
          diags.error("'" + name + "' in types of framework '" + w.id +
                          "' is not a report type (type1, type2 or certification)",
                      r.where("types"));
        }
      }
      if (w.types.empty())
        diags.error("framework '" + w.id + "' offers no report type (types = [\"type2\"], say)",
                    r.where());
      w.subject = r.identifier("subject").value_or(w.subject);
      w.name = r.string("name", true).value_or("");
      w.standard_setter = r.string("standard_setter", true).value_or("");
      w.standard = r.string("standard").value_or("");
      w.ethics = r.string("ethics", true).value_or("");
      if (!w.ethics.empty() && w.ethics != "aicpa" && w.ethics != "iesba" &&
          w.ethics != "iso17021") {
        diags.error("ethics of framework '" + w.id + "' is '" + w.ethics +
                        "': it is \"aicpa\", \"iesba\" or \"iso17021\"",
                    r.where("ethics"));
      }
      w.signer_country = r.string("signer_country").value_or("");
      w.signer_title = r.string("signer_title").value_or("");
      w.instead = r.string("instead").value_or("");
      w.accepted_for = r.string("accepted_for").value_or("");
      w.signer = r.string("signer", true).value_or("");
      w.who_signs = r.string("who_signs").value_or("");
      w.who_signs_short = r.string("who_signs_short").value_or(w.who_signs);
      w.signer_source = r.string("signer_source").value_or("");
      for (const auto* key : {"instead", "accepted_for"}) {
        const auto& other = std::string_view{key} == "instead" ? w.instead : w.accepted_for;
        if (!other.empty()) named.push_back({w.id, other, r.where(key)});
      }
      w.engagement = r.string("engagement", true).value_or("");
      w.scope_verb = r.string("scope_verb", true).value_or("");
      w.report = r.string("report", true).value_or("");
      w.standards = r.string("standards", true).value_or("");
      w.independence = r.string("independence", true).value_or("");
      // A report on controls (Type 1 or Type 2) needs the words of its opinion; a certification
      // has none of them (its decision is the certification body's, and the certificate is public).
      const bool reports = std::any_of(w.types.begin(), w.types.end(),
                                       [](ReportType t) { return t != ReportType::Certification; });
      w.description_test = r.string("description_test", reports).value_or("");
      w.criteria = r.string("criteria", true).value_or("");
      w.criteria_label = r.string("criteria_label").value_or("Criteria");
      w.restricted_use = r.string("restricted_use", reports).value_or("");
      w.opinion_caveat = r.string("opinion_caveat", true).value_or("");
      w.financial_report = r.string("financial_report", reports).value_or("");
      w.type1_subject = r.string("type1_subject", reports).value_or("");
      w.type2_subject = r.string("type2_subject", reports).value_or("");
      w.deviations = r.string("deviations", true).value_or("");
      const auto stages = r.string_array("stages");
      if (stages.size() == w.stages.size()) {
        std::copy(stages.begin(), stages.end(), w.stages.begin());
      } else {
        diags.error("stages of framework '" + w.id + "' must name the 4 audit stages in order",
                    r.where("stages"));
      }
      w.source = r.string("source", true).value_or("");
      if (const auto* documents = r.table_array("document")) {
        for (const auto& d : *documents) {
          TableReader dr(*d.as_table(), "[[framework.document]]", file.source_name, diags);
          w.documents.push_back({dr.string("clause", true).value_or(""),
                                 dr.string("title", true).value_or(""),
                                 dr.string("evidence", true).value_or("")});
          dr.check_unknown_keys();
        }
      }
      r.check_unknown_keys();
      lib.frameworks_.push_back(std::move(w));
    }
  }
  top.check_unknown_keys();
  // What a framework says of another names one of this file.
  for (const auto& n : named) {
    if (!lib.find(n.id)) {
      diags.error("framework '" + n.by + "' names framework '" + n.id +
                      "', which this file does not define",
                  n.where);
    }
  }
  if (diags.error_count() > errors_before) return std::nullopt;
  for (const auto& f : lib.frameworks_) {
    for (const auto t : f.types) lib.names_.push_back(to_string(Report{f.id, t}));
  }
  return lib;
}

const FrameworkLibrary& FrameworkLibrary::builtin() {
  static const FrameworkLibrary lib = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "frameworks/frameworks.toml", diags);
    auto parsed = file ? parse(*file, diags) : std::nullopt;
    if (!parsed)
      throw std::logic_error("the built-in frameworks file does not read: " +
                             diags.items().front().message);
    return std::move(*parsed);
  }();
  return lib;
}

namespace {
std::optional<FrameworkLibrary>& replacement() {
  static std::optional<FrameworkLibrary> lib;
  return lib;
}
}  // namespace

const FrameworkLibrary& FrameworkLibrary::active() {
  const auto& r = replacement();
  return r ? *r : builtin();
}

void FrameworkLibrary::use(std::optional<FrameworkLibrary> library) {
  replacement() = std::move(library);
}

const FrameworkWords* FrameworkLibrary::find(std::string_view id) const {
  const auto it = std::find_if(frameworks_.begin(), frameworks_.end(),
                               [&](const FrameworkWords& f) { return f.id == id; });
  return it == frameworks_.end() ? nullptr : &*it;
}

const FrameworkWords& FrameworkLibrary::of(const Report& report) const {
  if (const auto* f = find(report.framework)) return *f;
  throw std::logic_error("no framework '" + report.framework + "' in the frameworks file");
}

const FrameworkWords& words_of(const Report& report) {
  return FrameworkLibrary::active().of(report);
}

const FrameworkWords& framework_words(std::string_view id) {
  if (const auto* f = FrameworkLibrary::active().find(id)) return *f;
  throw std::logic_error("no framework '" + std::string{id} + "' in the frameworks file");
}

bool iesba_ethics(const Report& report) { return words_of(report).ethics == "iesba"; }

bool cites_trust_services_criteria(const Report& report) {
  return words_of(report).subject == FrameworkWords{}.subject;
}

const char* article_for(const std::string& next_word) {
  if (next_word.empty()) return "a";
  // Initialisms are read letter by letter: "an ISAE", "an SOC" is not how SOC is said ("a SOC").
  if (next_word.rfind("ISAE", 0) == 0 || next_word.rfind("ISO", 0) == 0) return "an";
  const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(next_word[0])));
  return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ? "an" : "a";
}

}  // namespace attestplan

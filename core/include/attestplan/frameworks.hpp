// The words of each report framework (models/frameworks/frameworks.toml): what the engagement is
// called, its standards and independence rules, the audit stages in its vocabulary. Renderers and
// plugins take their wording from here rather than from string literals.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

struct FrameworkWords {
  std::string id;                       ///< "soc2", "isae3000"
  std::vector<ReportKind> reports;      ///< the report kinds that speak these words
  std::string name;                     ///< "SOC 2"
  std::string engagement;               ///< "examination", "assurance engagement"
  std::string scope_verb;               ///< what the firm does to the description: "examine"
  std::string report;                   ///< "SOC 2 report", "ISAE 3000 assurance report"
  std::string standards;                ///< the standards the engagement follows, in a sentence
  std::string independence;             ///< the independence rules of the firm, in a sentence
  std::string description_test;  ///< what the opinion says of the description ("is presented in accordance with ...")
  std::string criteria;          ///< the sentence naming the criteria (DC section 200, TSP section 100)
  std::string restricted_use;    ///< who may use the report, in a sentence
  std::string opinion_caveat;    ///< that the opinion may be modified, in a sentence
  std::string financial_report;  ///< the report on controls over financial reporting ("a SOC 1 report (AT-C 320)")
  std::string type1_subject;     ///< what a Type 1 says of the controls ("were suitably designed and implemented")
  std::string type2_subject;     ///< what a Type 2 says of them ("were suitably designed and operated effectively")
  std::string deviations;               ///< the word for what testing finds
  std::array<std::string, 4> stages;    ///< the audit stages' titles, kAuditStages order
  std::string source;
};

class ATTESTPLAN_API FrameworkLibrary {
 public:
  /// Reads a frameworks file; problems go to `diags` with file:line:col.
  static std::optional<FrameworkLibrary> parse(const DataFile& file, Diagnostics& diags);
  /// The built-in file, read once.
  static const FrameworkLibrary& builtin();
  /// The words of the framework a report kind belongs to (every report kind has one: the unit
  /// tests hold the built-in file to it).
  const FrameworkWords& of(ReportKind report) const;

 private:
  std::vector<FrameworkWords> frameworks_;
};

/// The built-in words of `report`'s framework.
ATTESTPLAN_API const FrameworkWords& words_of(ReportKind report);

/// "a" or "an" before a word or name as it is spoken ("an ISAE 3000 report", "a SOC 2 report").
ATTESTPLAN_API const char* article_for(const std::string& next_word);

}  // namespace attestplan

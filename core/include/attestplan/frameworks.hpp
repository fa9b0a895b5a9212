// The words of each report framework (models/frameworks/frameworks.toml): what the engagement is
// called, its standards and independence rules, the audit stages in its vocabulary. Renderers and
// plugins take their wording from here rather than from string literals.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"

namespace attestplan {

/// A document a framework's auditor plans from and reviews before the audit (a certification's
/// documented information, by the clause that requires it).
struct FrameworkDocument {
  std::string clause;    ///< "4.3", "6.1.2 and 8.2"
  std::string title;     ///< "ISMS scope"
  std::string evidence;  ///< what the organization provides, in a sentence
};

struct FrameworkWords {
  std::string id;                 ///< "soc2", "isae3000"
  std::vector<ReportType> types;  ///< the report types it offers
  /// What its reports are on: "trust-services-criteria" (the default), "control-objectives" (a
  /// SOC 1 or ISAE 3402 report on management's objectives), "management-system". A plugin that
  /// names subjects in its descriptor serves these only.
  std::string subject = "trust-services-criteria";
  std::string name;             ///< "SOC 2"
  std::string standard_setter;  ///< "AICPA", "IAASB"
  /// The ethics and quality management the practitioner is held to: "aicpa" (the AICPA Code,
  /// SQMS No. 1), "iesba" (the IESBA Code and ISQM 1, or requirements at least as demanding) or
  /// "iso17021" (a certification body's impartiality and competence under ISO/IEC 17021-1).
  std::string ethics;
  std::string standard;  ///< the standard's short name, "ISAE 3000 (Revised)" (may be empty)
  /// Who may sign. `signer_country`: only a firm there may (empty: any country, under its own
  /// rules); `instead`: the framework a firm elsewhere proposes on the same criteria;
  /// `accepted_for`: the framework whose report a customer may accept this one in place of.
  std::string signer_country;
  std::string signer_title;  ///< "CPA firm"
  std::string instead;
  std::string accepted_for;
  std::string signer;     ///< the scope's sentence ("{country}": the auditor's country)
  std::string who_signs;  ///< the phrase findings use: "a CPA firm that reports under ..."
  std::string
      who_signs_short;        ///< the same in a memo's line: "a CPA firm reporting under AT-C 205"
  std::string signer_source;  ///< where who may sign is said
  std::string engagement;     ///< "examination", "assurance engagement"
  std::string scope_verb;     ///< what the firm does to the description: "examine"
  std::string report;         ///< "SOC 2 report", "ISAE 3000 assurance report"
  std::string standards;      ///< the standards the engagement follows, in a sentence
  std::string independence;   ///< the independence rules of the firm, in a sentence
  std::string description_test;  ///< what the opinion says of the description ("is presented in
                                 ///< accordance with ...")
  std::string criteria;  ///< the sentence naming the criteria (DC section 200, TSP section 100)
  /// What the scope's list is called in a table ("Criteria", "Annex A controls applicable").
  std::string criteria_label;
  std::string restricted_use;    ///< who may use the report, in a sentence
  std::string opinion_caveat;    ///< that the opinion may be modified, in a sentence
  std::string financial_report;  ///< the report on controls over financial reporting ("a SOC 1
                                 ///< report (AT-C 320)")
  std::string type1_subject;  ///< what a Type 1 says of the controls ("were suitably designed and
                              ///< implemented")
  std::string type2_subject;  ///< what a Type 2 says of them ("were suitably designed and operated
                              ///< effectively")
  std::string deviations;     ///< the word for what testing finds
  std::array<std::string, 4> stages;  ///< the audit stages' titles, kAuditStages order
  /// The documents the auditor plans from, when the framework names them (a certification's
  /// documented information); none: the evidence list's own planning documents.
  std::vector<FrameworkDocument> documents;
  std::string source;
};

class ATTESTPLAN_API FrameworkLibrary {
 public:
  /// Reads a frameworks file; problems go to `diags` with file:line:col.
  static std::optional<FrameworkLibrary> parse(const DataFile& file, Diagnostics& diags);
  /// The built-in file, read once.
  static const FrameworkLibrary& builtin();
  /// The frameworks in use: the built-in file unless replaced. Models, words and report names all
  /// read this one.
  static const FrameworkLibrary& active();
  /// Replaces the frameworks in use for the whole process (before any model is read: it is not
  /// for use while another thread estimates); nullopt goes back to the built-in file.
  static void use(std::optional<FrameworkLibrary> library);
  /// "soc2-type1", "soc2-type2", ...: each framework with each type it offers.
  const std::vector<std::string>& report_names() const { return names_; }
  /// The words of `report`'s framework (a Report names a framework of this file: parse_report
  /// checks it).
  const FrameworkWords& of(const Report& report) const;
  /// The framework with id `id`, or nullptr.
  const FrameworkWords* find(std::string_view id) const;
  const std::vector<FrameworkWords>& all() const { return frameworks_; }

 private:
  std::vector<FrameworkWords> frameworks_;
  std::vector<std::string> names_;
};

/// The words of `report`'s framework, from the frameworks in use.
ATTESTPLAN_API const FrameworkWords& words_of(const Report& report);
/// The words of framework `id` (one the frameworks in use name).
ATTESTPLAN_API const FrameworkWords& framework_words(std::string_view id);

/// Whether `report`'s framework holds the practitioner to the IESBA Code and ISQM 1 (an IAASB
/// standard such as ISAE 3000 (Revised)): its letters state how the firm meets them.
ATTESTPLAN_API bool iesba_ethics(const Report& report);

/// Whether `report` is on the Trust Services Criteria (its framework's subject): findings then
/// name the criterion a matter is tested under (CC9.2).
ATTESTPLAN_API bool cites_trust_services_criteria(const Report& report);

/// "a" or "an" before a word or name as it is spoken ("an ISAE 3000 report", "a SOC 2 report").
ATTESTPLAN_API const char* article_for(const std::string& next_word);

}  // namespace attestplan

// The plain structures of an engagement model (DESIGN §3): the organization, the engagement, the
// services, components and subservice organizations as the model states them, and the names of
// their enums both ways. Part of the plugin SDK: a plugin reads them through ModelView (view.hpp).
// The engine's whole Model (with every plugin's options, the scenarios and the files included) is
// model.hpp's, which is not installed.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// How far along the organization's control programme is; drives readiness and remediation effort.
enum class Maturity { None, Partial, Documented, Operating };

/// A report's type: a Type 1 (the design, as of a date) or a Type 2 (the design and the operating
/// effectiveness, over a period), the attestation types; or a certification (a management system
/// certified by a certification body, over a three-year cycle of audits), which other plugins
/// serve (a plugin's descriptor says which types it serves).
enum class ReportType { Type1, Type2, Certification };
/// Every report type, in this order.
inline constexpr ReportType kReportTypes[] = {ReportType::Type1, ReportType::Type2,
                                              ReportType::Certification};

/// The report the engagement produces: a framework of the frameworks file ("soc2", "isae3000")
/// and a type, written "<framework>-<type>" ("soc2-type2"). Its names, words and who may sign it
/// come from the framework's entry (frameworks.hpp).
struct Report {
  std::string framework = "soc2";
  ReportType type = ReportType::Type2;
  friend bool operator==(const Report&, const Report&) = default;
};

/// Trust Services Criteria categories (reference §1.1). Security is always in scope.
enum class Category { Security, Availability, Confidentiality, ProcessingIntegrity, Privacy };

enum class ComponentKind { Infrastructure, Software, Data, People, Procedure, Facility };

/// How often something happens: a control's operation or a team's deployments.
enum class Frequency {
  Annual,
  SemiAnnual,
  Quarterly,
  Monthly,
  Weekly,
  Daily,
  MultipleDaily,  ///< several times a day / per transaction
  EventDriven,    ///< occurs on an event (hire, leaver, change); population from the organization
  Continuous,     ///< automated, always on
};

enum class SubserviceMethod { CarveOut, Inclusive };

/// The assurance a subservice organization itself offers.
enum class VendorReport { Soc2Type2, Soc2Type1, Isae3402Type2, Isae3000Type2, Iso27001, None };

/// Kinds of physical site a facility component can be.
enum class Site { Office, DataCentre, Colocation };

/// What a supporting system does for the organization's controls: the tools controls rely on are in
/// scope when in-scope people use them, and their absence is a finding.
enum class ComponentRole { IdentityProvider, SourceControl, CiCd, Ticketing, Monitoring };

/// A reference from one model element to another, with where it was written.
struct Ref {
  std::string id;
  SourceLocation where;
};

/// The control areas whose maturity the model can state one by one (`[maturity]`), in report order.
inline constexpr const char* kControlAreas[] = {"governance", "people",  "access",   "change",
                                                "operations", "vendors", "physical", "data"};

struct Organization {
  std::string name;
  std::string location;
  std::string
      country;  ///< ISO 3166 alpha-2, when given (else country_of reads it from the location)
  /// Whom a proposal is addressed to ("Dana Reyes, Chief Executive Officer"), when given.
  std::string contact;
  /// The postal address a letter carries, a line each, when given (else the location stands for
  /// it).
  std::vector<std::string> address;
  /// Where its staff work (ISO 3166 alpha-2 codes), when it is not only `country`: a remote team's
  /// staff in the EEA bring their personal data in the evidence under the GDPR.
  std::vector<std::string> staff_countries;
  int employees = 0;
  int engineers = 0;
  Maturity maturity = Maturity::Partial;  ///< the default for every control area
  /// Control areas whose maturity differs from `maturity` (`[maturity]` table), by area name.
  std::map<std::string, Maturity, std::less<>> area_maturity;
  /// Share of staff leaving per year, drives hire/leaver populations. Not from a source: an input.
  double annual_turnover = 0.15;
  bool first_audit = true;
  /// A renewal by an auditor that did not issue the last report (`new_auditor`): it has no file to
  /// roll forward, so its first year's test design, walkthroughs and description review are done
  /// afresh.
  bool new_auditor = false;
  /// Whether the model says `new_auditor` either way. A firm's proposal, and an estimate made for
  /// one, price a renewal the model is silent on as a new auditor's: a proposal is written to win
  /// work, and rolling forward a file the firm does not hold would underprice it.
  bool new_auditor_stated = false;
  /// Set for the Type 2 that follows a Type 1 by the same auditor (not read from a model): the Type
  /// 1's walkthroughs and tests of design cover every control, so none is planned afresh.
  bool file_from_type1 = false;
  /// The share of the VAT it pays that the organization recovers (`vat_recovery`): 1 for a fully
  /// taxable business ("full", the default), 0 for an exempt one ("none": banks, insurers, payment
  /// institutions, healthcare — EU VAT Directive art. 135, 168), or `vat_recovery_share`
  /// ("pro-rata").
  double vat_recovery_share = 1.0;
  SourceLocation where;
};

struct EngagementSettings {
  Report report;
  /// Where the signing auditor is (ISO 3166 alpha-2), when given; else signer_country decides.
  std::string auditor_country;
  /// Type 2 window length; absent means the default for the report kind.
  std::optional<int> observation_months;
  std::optional<Date> start;         ///< planning start; absent means today
  std::optional<Date> window_start;  ///< Type 2 window start, when already decided
  std::optional<Date> as_of;         ///< Type 1 as-of date, when already decided
  /// A certification's Stage 2 audit start, when agreed with the certification body (in a combined
  /// engagement: during a report's fieldwork visit).
  std::optional<Date> stage2_start;
  /// A staged plan (`type1_first = true` with a Type 2 report): this engagement is the Type 1, and
  /// the Type 2 of this many months follows from the day after its date — the next cycle of the
  /// estimate, and what a renewal that needs a Type 2 is judged on. The loader sets `report` to the
  /// Type 1 and moves `observation_months` here.
  std::optional<int> then_type2_months;
  std::vector<Date> renewal_dates;
  /// Renewal dates whose customer asks for a Type 2 report (`[[renewal]] needs = "type2"`): a Type
  /// 1 does not meet them.
  std::vector<Date> type2_renewals;
  std::string currency = "USD";
  /// Categories the user chose; empty means "suggest them" (with reasons).
  std::vector<Category> categories;
  bool categories_given = false;
  /// The user entities' usual fiscal year end (`user_year_end = "12-31"`: month and day), when
  /// given: a report their auditors rely on (SOC 1, ISAE 3402) is planned against it.
  std::optional<std::pair<unsigned, unsigned>> user_year_end;
  /// Further reports of the same system performed with `report` (`combined_with`): a combined
  /// engagement, in which a control tested once serves every report that relies on it.
  std::vector<Report> combined_with;
  /// Whether one firm performs every report of a combined engagement (`combined_by = "one-firm"`:
  /// a CPA firm with an accredited certification arm, say) rather than separate bodies sharing the
  /// organization's evidence (`"separate-bodies"`); unset: one firm where one may sign all of them.
  std::optional<bool> one_firm;
  SourceLocation combined_where;  ///< where combined_with is, for what is said of it
  SourceLocation where;
};

struct Service {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> commitments;
  std::vector<Ref> uses;
  SourceLocation where;
  /// Its output feeds the customers' financial statements (payroll, billing, settlement): their
  /// auditors may ask for a report on controls over financial reporting as well (SOC 1, ISAE 3402).
  bool financial_reporting = false;
};

struct Component {
  std::string id;
  std::string name;
  std::string description;
  ComponentKind kind = ComponentKind::Software;
  std::vector<Ref> runs_on;
  std::vector<Ref> uses;
  std::vector<Ref> stores;
  std::vector<Ref> accesses;
  std::vector<Ref> flows_to;
  std::optional<Ref> provided_by;
  std::optional<Frequency> deploys;
  std::vector<std::string> classification;
  std::string subjects;
  std::optional<int> headcount;  ///< people components: how many people
  std::optional<Site> site;      ///< facility components
  std::optional<ComponentRole>
      role;  ///< a supporting system: identity provider, source control, ...
  /// The change, access and operations process the system follows (`process`): systems naming the
  /// same one share its populations; empty: the sampling policy's default grouping.
  std::string process;
  bool excluded = false;  ///< the model takes it out of scope deliberately
  /// Reachable from the internet (a public load balancer, gateway, CDN): an entry point, which
  /// drift reports when one appears in front of in-scope systems.
  bool internet_facing = false;
  std::string exclude_reason;
  /// Where an imported component came from: a Terraform address ("module.api.aws_ecs_service.api"),
  /// an asset register's row, an identity provider's group; empty for a hand-written one.
  std::string source;
  SourceLocation where;
};

struct Subservice {
  std::string id;
  std::string vendor;  ///< the vendor library entry whose defaults it takes ("aws"), or empty
  std::string name;
  std::string description;
  SubserviceMethod method = SubserviceMethod::CarveOut;
  VendorReport report = VendorReport::Soc2Type2;
  std::optional<Date> report_period_end;
  /// How often the vendor reports, in months: each report covers the period since the last one
  /// (`report_cycle_months`; the vendor library's, else 12). AWS and Google Cloud report twice a
  /// year.
  int report_cycle_months = 12;
  std::vector<Ref> covers;  ///< criterion ids the vendor carries
  SourceLocation where;
};

/// Subservice organizations by id (the first of an id), for code that looks up many. Valid while
/// the list is unchanged.
ATTESTPLAN_API std::unordered_map<std::string_view, const Subservice*> subservices_by_id(
    std::span<const Subservice> subservices);

/// The maturity of a control area: the model's `[maturity]` entry for it, else the organization's.
ATTESTPLAN_API Maturity maturity_of(const Organization& org, std::string_view area);
/// The control area of a control library domain ("access" → "access", "incident" → "operations",
/// "hr" → "people", ...); "" for a domain the list does not know.
ATTESTPLAN_API std::string_view area_of_domain(std::string_view domain);

/// True for two upper-case letters (an ISO 3166 alpha-2 code's shape).
ATTESTPLAN_API bool is_country_code(std::string_view s);
/// The organization's country: `country`, else a trailing ", XX" code or a country name in the
/// location ("Copenhagen, DK", "Copenhagen, Denmark"); "" when neither says.
ATTESTPLAN_API std::string country_of(const Organization& org);
/// Where the auditor who signs sits: `auditor_country`, else the one country whose firms may sign
/// the framework's reports (SOC 2: a US CPA firm), else the organization's own country.
ATTESTPLAN_API std::string signer_country(const Organization& org,
                                          const EngagementSettings& engagement);

// Names as written in the model, both ways. `parse_*` return nullopt for unknown names.
ATTESTPLAN_API const char* to_string(Maturity v);
ATTESTPLAN_API std::string to_string(const Report& v);
ATTESTPLAN_API const char* to_string(ReportType v);
ATTESTPLAN_API const char* to_string(Category v);
ATTESTPLAN_API const char* to_string(ComponentKind v);
ATTESTPLAN_API const char* to_string(Frequency v);
ATTESTPLAN_API const char* to_string(SubserviceMethod v);
ATTESTPLAN_API const char* to_string(VendorReport v);
ATTESTPLAN_API const char* to_string(Site v);
ATTESTPLAN_API const char* to_string(ComponentRole v);
/// "Processing Integrity", "Security", ... for people to read.
ATTESTPLAN_API const char* display_name(Category v);
/// "SOC 2 Type 2", "ISAE 3000 Type 1", ...: the framework's name and the type.
ATTESTPLAN_API std::string display_name(const Report& v);
inline bool is_type2(const Report& v) { return v.type == ReportType::Type2; }
/// A management system's certification (ISO/IEC 27001) rather than a report on controls.
inline bool is_certification(const Report& v) { return v.type == ReportType::Certification; }
/// The Type 1 and the Type 2 of the same framework as `v`.
inline Report type1_of(const Report& v) { return {v.framework, ReportType::Type1}; }
inline Report type2_of(const Report& v) { return {v.framework, ReportType::Type2}; }
/// The criterion-id prefix of a category: CC, A, C, PI, P.
ATTESTPLAN_API const char* criterion_prefix(Category v);

ATTESTPLAN_API std::optional<Maturity> parse_maturity(std::string_view s);
/// "soc2-type2": a framework of the built-in frameworks file and a type it offers.
ATTESTPLAN_API std::optional<Report> parse_report(std::string_view s);
ATTESTPLAN_API std::optional<ReportType> parse_report_type(std::string_view s);
ATTESTPLAN_API std::optional<Category> parse_category(std::string_view s);
ATTESTPLAN_API std::optional<ComponentKind> parse_component_kind(std::string_view s);
ATTESTPLAN_API std::optional<Frequency> parse_frequency(std::string_view s);
ATTESTPLAN_API std::optional<SubserviceMethod> parse_subservice_method(std::string_view s);
ATTESTPLAN_API std::optional<VendorReport> parse_vendor_report(std::string_view s);
ATTESTPLAN_API std::optional<Site> parse_site(std::string_view s);
ATTESTPLAN_API std::optional<ComponentRole> parse_component_role(std::string_view s);

/// All names of an enum as written in the model (for messages and suggestions).
ATTESTPLAN_API const std::vector<std::string>& names_of_maturity();
ATTESTPLAN_API const std::vector<std::string>& names_of_report();
/// The report types' names: "type1", "type2", "certification".
ATTESTPLAN_API const std::vector<std::string>& names_of_report_type();
/// The report names as a sentence lists them: "soc2-type1, soc2-type2, isae3000-type1 or
/// isae3000-type2".
ATTESTPLAN_API std::string names_of_report_text();
ATTESTPLAN_API const std::vector<std::string>& names_of_category();
ATTESTPLAN_API const std::vector<std::string>& names_of_component_kind();
ATTESTPLAN_API const std::vector<std::string>& names_of_frequency();
ATTESTPLAN_API const std::vector<std::string>& names_of_subservice_method();
ATTESTPLAN_API const std::vector<std::string>& names_of_vendor_report();
ATTESTPLAN_API const std::vector<std::string>& names_of_site();
ATTESTPLAN_API const std::vector<std::string>& names_of_component_role();

/// Commitment names that drive category suggestions, and data classifications the model knows.
ATTESTPLAN_API const std::vector<std::string>& known_commitments();
ATTESTPLAN_API const std::vector<std::string>& known_classifications();
/// Whether a component is a data store classified as holding personal data: "personal",
/// "sensitive-personal", "cardholder" (a card's number with its holder's name is personal data) or
/// "health" (protected health information).
ATTESTPLAN_API bool holds_personal_data(const Component& c);

}  // namespace attestplan

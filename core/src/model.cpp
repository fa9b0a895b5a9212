// Model names: the words the TOML format uses for each enum, and lookups on the model.
#include "attestplan/model.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "attestplan/frameworks.hpp"
#include "attestplan/view.hpp"

namespace attestplan {

namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, const char*>, N>;

constexpr NameTable<Maturity, 4> kMaturity{{{Maturity::None, "none"},
                                            {Maturity::Partial, "partial"},
                                            {Maturity::Documented, "documented"},
                                            {Maturity::Operating, "operating"}}};
constexpr NameTable<ReportType, 3> kReportType{{{ReportType::Type1, "type1"},
                                                {ReportType::Type2, "type2"},
                                                {ReportType::Certification, "certification"}}};
constexpr NameTable<Category, 5> kCategory{{{Category::Security, "security"},
                                            {Category::Availability, "availability"},
                                            {Category::Confidentiality, "confidentiality"},
                                            {Category::ProcessingIntegrity, "processing-integrity"},
                                            {Category::Privacy, "privacy"}}};
constexpr NameTable<ComponentKind, 6> kKind{{{ComponentKind::Infrastructure, "infrastructure"},
                                             {ComponentKind::Software, "software"},
                                             {ComponentKind::Data, "data"},
                                             {ComponentKind::People, "people"},
                                             {ComponentKind::Procedure, "procedure"},
                                             {ComponentKind::Facility, "facility"}}};
constexpr NameTable<Frequency, 9> kFrequency{{{Frequency::Annual, "annual"},
                                              {Frequency::SemiAnnual, "semi-annual"},
                                              {Frequency::Quarterly, "quarterly"},
                                              {Frequency::Monthly, "monthly"},
                                              {Frequency::Weekly, "weekly"},
                                              {Frequency::Daily, "daily"},
                                              {Frequency::MultipleDaily, "multiple-daily"},
                                              {Frequency::EventDriven, "event-driven"},
                                              {Frequency::Continuous, "continuous"}}};
constexpr NameTable<SubserviceMethod, 2> kMethod{
    {{SubserviceMethod::CarveOut, "carve-out"}, {SubserviceMethod::Inclusive, "inclusive"}}};
constexpr NameTable<VendorReport, 6> kVendorReport{{{VendorReport::Soc2Type2, "soc2-type2"},
                                                    {VendorReport::Soc2Type1, "soc2-type1"},
                                                    {VendorReport::Isae3402Type2, "isae3402-type2"},
                                                    {VendorReport::Isae3000Type2, "isae3000-type2"},
                                                    {VendorReport::Iso27001, "iso27001"},
                                                    {VendorReport::None, "none"}}};
constexpr NameTable<Site, 3> kSite{{{Site::Office, "office"},
                                    {Site::DataCentre, "data-centre"},
                                    {Site::Colocation, "colocation"}}};
constexpr NameTable<ComponentRole, 5> kRole{{{ComponentRole::IdentityProvider, "identity-provider"},
                                             {ComponentRole::SourceControl, "source-control"},
                                             {ComponentRole::CiCd, "ci-cd"},
                                             {ComponentRole::Ticketing, "ticketing"},
                                             {ComponentRole::Monitoring, "monitoring"}}};

template <typename E, std::size_t N>
const char* name_in(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_in(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (name == n) return v;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::vector<std::string> names_in(const NameTable<E, N>& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.second);
  return out;
}

template <typename Items>  // a vector or a span of items with an id
auto find_by_id(const Items& items, std::string_view id) -> const typename Items::value_type* {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Component* Model::find_component(std::string_view id) const {
  return find_by_id(components, id);
}
const Subservice* Model::find_subservice(std::string_view id) const {
  return find_by_id(subservices, id);
}
std::unordered_map<std::string_view, const Subservice*> subservices_by_id(
    std::span<const Subservice> subservices) {
  std::unordered_map<std::string_view, const Subservice*> out;
  out.reserve(subservices.size());
  for (const auto& s : subservices)
    out.emplace(s.id, &s);  // the first of an id, as find_subservice
  return out;
}

ModelView::ModelView(const Model& model)
    : source_name(model.source_name),
      organization(model.organization),
      engagement(model.engagement),
      services(model.services),
      components(model.components),
      subservices(model.subservices) {}
const Component* ModelView::find_component(std::string_view id) const {
  return find_by_id(components, id);
}
const Subservice* ModelView::find_subservice(std::string_view id) const {
  return find_by_id(subservices, id);
}

const PluginOptions* Model::find_plugin_options(std::string_view plugin) const {
  const auto it = std::find_if(plugin_options.begin(), plugin_options.end(),
                               [&](const PluginOptions& p) { return p.plugin == plugin; });
  return it == plugin_options.end() ? nullptr : &*it;
}

const char* to_string(Maturity v) { return name_in(kMaturity, v); }
std::string to_string(const Report& v) { return v.framework + "-" + name_in(kReportType, v.type); }
const char* to_string(ReportType v) { return name_in(kReportType, v); }
const char* to_string(Category v) { return name_in(kCategory, v); }
const char* to_string(ComponentKind v) { return name_in(kKind, v); }
const char* to_string(Frequency v) { return name_in(kFrequency, v); }
const char* to_string(SubserviceMethod v) { return name_in(kMethod, v); }
const char* to_string(VendorReport v) { return name_in(kVendorReport, v); }
const char* to_string(Site v) { return name_in(kSite, v); }
const char* to_string(ComponentRole v) { return name_in(kRole, v); }

const char* display_name(Category v) {
  switch (v) {
    case Category::Security:
      return "Security";
    case Category::Availability:
      return "Availability";
    case Category::Confidentiality:
      return "Confidentiality";
    case Category::ProcessingIntegrity:
      return "Processing Integrity";
    case Category::Privacy:
      return "Privacy";
  }
  return "?";
}

std::string display_name(const Report& v) {
  switch (v.type) {
    case ReportType::Type1:
      return words_of(v).name + " Type 1";
    case ReportType::Type2:
      return words_of(v).name + " Type 2";
    case ReportType::Certification:
      return words_of(v).name + " certification";
  }
  return words_of(v).name;
}

const char* criterion_prefix(Category v) {
  switch (v) {
    case Category::Security:
      return "CC";
    case Category::Availability:
      return "A";
    case Category::Confidentiality:
      return "C";
    case Category::ProcessingIntegrity:
      return "PI";
    case Category::Privacy:
      return "P";
  }
  return "?";
}

std::optional<Maturity> parse_maturity(std::string_view s) { return value_in(kMaturity, s); }
std::optional<ReportType> parse_report_type(std::string_view s) { return value_in(kReportType, s); }
std::optional<Report> parse_report(std::string_view s) {
  const auto dash = s.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto type = parse_report_type(s.substr(dash + 1));
  const auto* framework = FrameworkLibrary::active().find(s.substr(0, dash));
  if (!type || !framework) return std::nullopt;
  if (std::find(framework->types.begin(), framework->types.end(), *type) == framework->types.end())
    return std::nullopt;
  return Report{framework->id, *type};
}
std::optional<Category> parse_category(std::string_view s) { return value_in(kCategory, s); }
std::optional<ComponentKind> parse_component_kind(std::string_view s) { return value_in(kKind, s); }
std::optional<Frequency> parse_frequency(std::string_view s) { return value_in(kFrequency, s); }
std::optional<SubserviceMethod> parse_subservice_method(std::string_view s) {
  return value_in(kMethod, s);
}
std::optional<VendorReport> parse_vendor_report(std::string_view s) {
  return value_in(kVendorReport, s);
}
std::optional<Site> parse_site(std::string_view s) { return value_in(kSite, s); }
std::optional<ComponentRole> parse_component_role(std::string_view s) { return value_in(kRole, s); }

/// The names of an enum's table, built on first use and kept.
template <const auto& Table>
const std::vector<std::string>& names_once() {
  static const auto names = names_in(Table);
  return names;
}

const std::vector<std::string>& names_of_maturity() { return names_once<kMaturity>(); }
const std::vector<std::string>& names_of_report_type() { return names_once<kReportType>(); }
const std::vector<std::string>& names_of_report() {
  return FrameworkLibrary::active().report_names();
}
std::string names_of_report_text() {
  const auto& names = names_of_report();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return out;
}
const std::vector<std::string>& names_of_category() { return names_once<kCategory>(); }
const std::vector<std::string>& names_of_component_kind() { return names_once<kKind>(); }
const std::vector<std::string>& names_of_frequency() { return names_once<kFrequency>(); }
const std::vector<std::string>& names_of_subservice_method() { return names_once<kMethod>(); }
const std::vector<std::string>& names_of_vendor_report() { return names_once<kVendorReport>(); }
const std::vector<std::string>& names_of_site() { return names_once<kSite>(); }
const std::vector<std::string>& names_of_component_role() { return names_once<kRole>(); }

const std::vector<std::string>& known_commitments() {
  // Each drives a category suggestion in the scope stage: uptime → Availability;
  // nda/confidentiality → Confidentiality; processing accuracy/transactions → Processing Integrity;
  // privacy → Privacy.
  static const std::vector<std::string> names{"uptime-sla",
                                              "availability",
                                              "disaster-recovery",
                                              "nda",
                                              "confidentiality",
                                              "data-deletion",
                                              "processing-accuracy",
                                              "transaction-processing",
                                              "privacy-notice",
                                              "data-processing-agreement",
                                              "security"};
  return names;
}

const std::vector<std::string>& known_classifications() {
  static const std::vector<std::string> names{"public",     "internal",           "confidential",
                                              "personal",   "sensitive-personal", "financial",
                                              "cardholder", "transactions",       "health"};
  return names;
}

bool holds_personal_data(const Component& c) {
  if (c.kind != ComponentKind::Data) return false;
  return std::any_of(c.classification.begin(), c.classification.end(), [](const std::string& cl) {
    return cl == "personal" || cl == "sensitive-personal" || cl == "cardholder" || cl == "health";
  });
}

bool is_country_code(std::string_view s) {
  return s.size() == 2 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string country_of(const Organization& org) {
  if (!org.country.empty()) return org.country;
  const std::string_view loc = org.location;
  const auto comma = loc.rfind(',');
  std::string_view last = comma == std::string_view::npos ? loc : loc.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  if (is_country_code(last)) return std::string{last};
  // A few names written out, for the markets the examples and the reference cover.
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"Denmark", "DK"},        {"United States", "US"}, {"USA", "US"},
      {"Germany", "DE"},        {"Sweden", "SE"},        {"Norway", "NO"},
      {"United Kingdom", "GB"}, {"Netherlands", "NL"},   {"Finland", "FI"}};
  for (const auto& [name, code] : kNames) {
    if (last == name) return std::string{code};
  }
  return {};
}

std::string signer_country(const Organization& org, const EngagementSettings& engagement) {
  if (!engagement.auditor_country.empty()) return engagement.auditor_country;
  // A framework whose reports only firms in one country may sign (SOC 2: a US CPA firm).
  const auto& signer = words_of(engagement.report).signer_country;
  if (!signer.empty()) return signer;
  return country_of(org);
}

Maturity maturity_of(const Organization& org, std::string_view area) {
  const auto it = org.area_maturity.find(area);
  return it == org.area_maturity.end() ? org.maturity : it->second;
}

std::string_view area_of_domain(std::string_view domain) {
  static const std::pair<std::string_view, std::string_view> kAreas[] = {
      {"governance", "governance"},
      {"risk", "governance"},
      {"communication", "governance"},
      {"monitoring", "governance"},
      {"hr", "people"},
      {"access", "access"},
      {"change", "change"},
      {"operations", "operations"},
      {"incident", "operations"},
      {"availability", "operations"},
      {"continuity", "operations"},
      {"vendor", "vendors"},
      {"physical", "physical"},
      {"confidentiality", "data"},
      {"privacy", "data"},
      {"processing", "data"}};
  for (const auto& [d, area] : kAreas) {
    if (d == domain) return area;
  }
  return {};
}

}  // namespace attestplan

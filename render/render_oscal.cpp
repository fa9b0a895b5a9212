// OSCAL 1.1.2 documents of a model and its estimate (docs/oscal.md): a System Security Plan, an
// Assessment Plan, and a component definition of the model's subservice organizations. Every uuid
// is a version 5 UUID of a stable name, so the same inputs give the same bytes; attestplan's own
// facts are properties in its namespace, which its importer reads back.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/frameworks.hpp"
#include "attestplan/render.hpp"
#include "attestplan/vendors.hpp"

namespace attestplan {

namespace {

using Json = nlohmann::ordered_json;  // members in the order written, as OSCAL's examples read

constexpr std::string_view kNamespace = "urn:attestplan:oscal";
constexpr std::string_view kOscalVersion = "1.1.2";

using UuidBytes = std::array<unsigned char, 16>;

/// The RFC 4122 name-based UUID (version 5, SHA-1) of `name` in `ns`.
UuidBytes uuid5_bytes(const UuidBytes& ns, std::string_view name) {
  std::string input(ns.begin(), ns.end());
  input += name;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha1(), nullptr) != 1 || size < 16)
    throw std::runtime_error("SHA-1 is not available for the OSCAL document's UUIDs");
  UuidBytes out{};
  std::copy(digest, digest + 16, out.begin());
  out[6] = static_cast<unsigned char>((out[6] & 0x0F) | 0x50);  // version 5
  out[8] = static_cast<unsigned char>((out[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return out;
}

std::string uuid_text(const UuidBytes& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u[i] >> 4];
    out += kHex[u[i] & 0x0F];
  }
  return out;
}

/// attestplan's namespace for OSCAL uuids: uuid5(NAMESPACE_URL, "urn:attestplan:oscal").
const UuidBytes& namespace_uuid() {
  static const UuidBytes ns = [] {
    // RFC 4122's NAMESPACE_URL, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    const UuidBytes url{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                        0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    return uuid5_bytes(url, kNamespace);
  }();
  return ns;
}

/// The length of the white space `text` starts with, in bytes (0: none): ASCII white space and
/// the Unicode spaces and line separators JavaScript's `\s` matches (U+00A0, U+1680,
/// U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), which the schemas' patterns
/// refuse at either end of a value and, for the line separators, inside one.
std::size_t space_at(std::string_view text) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto n = text.size();
  if (n == 0) return 0;
  const unsigned char c = b(0);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (n >= 2 && c == 0xC2 && b(1) == 0xA0) return 2;
  if (n < 3) return 0;
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;
  if (c == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
    return 3;
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
  if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;
  return 0;
}

/// Text on one line, as OSCAL's strings and markup-lines want it: every run of white space one
/// space, none at either end (a prop's value may not start or end with one).
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size();) {
    if (const auto w = space_at(text.substr(i))) {
      space = !out.empty();
      i += w;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += text[i++];
  }
  return out;
}

/// `text` with its first letter in upper case (ASCII).
std::string title_case(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

/// A figure as a prop writes it: whole numbers bare, others to one decimal.
std::string number(double v) {
  if (!std::isfinite(v)) return "0";
  const double r = std::round(v);
  char buf[48];
  if (std::fabs(v - r) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.0f", r);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

std::string date_time(const Date& d) { return d.to_string() + "T00:00:00Z"; }

/// The props of one element, in attestplan's namespace unless a NIST name is asked for.
class Props {
 public:
  Props& add(std::string_view name, std::string_view value) {
    auto v = one_line(value);
    if (!v.empty()) items_.push_back({{"name", name}, {"ns", kNamespace}, {"value", std::move(v)}});
    return *this;
  }
  Props& add_all(std::string_view name, const std::vector<std::string>& values) {
    for (const auto& v : values) add(name, v);
    return *this;
  }
  Props& add_refs(std::string_view name, const std::vector<Ref>& refs) {
    for (const auto& r : refs) add(name, r.id);
    return *this;
  }
  /// A figure's range: NAME (likely), NAME-low and NAME-high.
  Props& add_range(std::string_view name, const Range& r) {
    const std::string n{name};
    add(n, number(r.likely)).add(n + "-low", number(r.low)).add(n + "-high", number(r.high));
    return *this;
  }
  /// A property NIST's own models define (no namespace).
  Props& nist(std::string_view name, std::string_view value) {
    auto v = one_line(value);
    if (!v.empty()) items_.push_back({{"name", name}, {"value", std::move(v)}});
    return *this;
  }
  /// Sets `into["props"]` when there is any (OSCAL arrays have at least one item).
  void put(Json& into) const {
    if (!items_.empty()) into["props"] = items_;
  }

 private:
  Json items_ = Json::array();
};

/// Sets `into[key]` to `items` when it has any.
void put_array(Json& into, std::string_view key, Json items) {
  if (!items.empty()) into[std::string{key}] = std::move(items);
}

/// What names a document's elements: whose it is (the uuids' names), the criteria the control ids
/// refer to, the day and attestplan's version.
struct Names {
  std::string owner;      ///< the organization's name, or the vendor library's
  std::string report;     ///< the report's name for people ("SOC 2 Type 2"), or empty
  std::string report_id;  ///< "soc2-type2", or empty
  const CriteriaCatalog& catalog;
  std::string today;
  std::string version;  ///< attestplan's
  /// The sentence naming the criteria (the framework's words), for the catalog's resource.
  std::string criteria_words;

  [[nodiscard]] std::string uuid(std::string_view kind, std::string_view path = {}) const {
    std::string name{kind};
    name += '|';
    name += owner;
    if (!path.empty()) {
      name += '|';
      name += path;
    }
    return uuid_text(uuid5_bytes(namespace_uuid(), name));
  }
  [[nodiscard]] std::string component_uuid(std::string_view id) const {
    return uuid("component", id);
  }
  [[nodiscard]] std::string subservice_uuid(std::string_view id) const {
    return uuid("subservice", id);
  }
  [[nodiscard]] std::string this_system() const { return uuid("this-system"); }
  [[nodiscard]] std::string report_name() const { return report; }
};

/// What every document of one model shares: its names and the model and estimate it describes.
struct Context : Names {
  Context(const Model& m, const EstimateResult& r, const CriteriaCatalog& c, std::string_view day,
          std::string_view v, std::string_view ssp)
      : Names{m.organization.name,
              display_name(m.engagement.report),
              to_string(m.engagement.report),
              c,
              std::string{day},
              std::string{v},
              words_of(m.engagement.report).criteria},
        model(m),
        result(r),
        ssp_href(ssp) {}
  const Model& model;
  const EstimateResult& result;
  std::string ssp_href;  ///< where the Assessment Plan finds the SSP it assesses
};

Json metadata(const Names& cx, std::string_view title) {
  Json m;
  m["title"] = one_line(std::string{title} + ": " + cx.owner +
                        (cx.report.empty() ? std::string{} : " (" + cx.report + ")"));
  m["last-modified"] = cx.today + "T00:00:00Z";
  m["version"] = cx.today;
  m["oscal-version"] = kOscalVersion;
  Props props;
  props.add("generator", "attestplan " + cx.version).add("report", cx.report_id);
  props.put(m);
  return m;
}

/// The back-matter resource that names the criteria catalog (the Trust Services Criteria are not
/// published as an OSCAL catalog): what control ids refer to.
Json criteria_resource(const Names& cx) {
  Json r{
      {"uuid", cx.uuid("criteria-catalog")},
      {"title", one_line("Criteria catalog: " + (cx.catalog.name().empty() ? std::string{"criteria"}
                                                                           : cx.catalog.name()))}};
  if (!cx.criteria_words.empty()) {
    r["description"] = cx.criteria_words;
    r["citation"] = {{"text", one_line(cx.criteria_words)}};
  }
  Props().add("catalog-source", cx.catalog.source()).put(r);
  return r;
}

// ---- the System Security Plan ----

const char* oscal_type(ComponentKind k) {
  switch (k) {
    case ComponentKind::Software:
    case ComponentKind::Data:
      return "software";
    case ComponentKind::Infrastructure:
      return "service";
    case ComponentKind::Procedure:
      return "process-procedure";
    case ComponentKind::Facility:
      return "physical";
    case ComponentKind::People:
      return "software";  // not written as a component: people are the SSP's users
  }
  return "software";
}

/// The attestplan props of a model component: every field the model states, and the boundary's
/// verdict.
Props component_props(const Context& cx, const Component& c) {
  Props p;
  p.add("component-id", c.id).add("kind", to_string(c.kind));
  p.add_refs("runs-on", c.runs_on).add_refs("uses", c.uses).add_refs("stores", c.stores);
  p.add_refs("accesses", c.accesses).add_refs("flows-to", c.flows_to);
  if (c.provided_by) p.add("provided-by", c.provided_by->id);
  if (c.deploys) p.add("deploys", to_string(*c.deploys));
  p.add_all("classification", c.classification).add("subjects", c.subjects);
  if (c.headcount) p.add("headcount", std::to_string(*c.headcount));
  if (c.site) p.add("site", to_string(*c.site));
  if (c.role) p.add("role", to_string(*c.role));
  p.add("process", c.process);
  if (c.excluded) p.add("excluded", "true").add("exclude-reason", c.exclude_reason);
  if (c.internet_facing) p.add("internet-facing", "true");
  p.add("source", c.source);
  const auto& b = cx.result.boundary;
  if (const auto node = b.index_of(c.id)) {
    p.add("in-scope", b.nodes[*node].verdict == Verdict::InScope ? "true" : "false");
    p.add("scope-reason", b.reason(*node));
  }
  return p;
}

/// A component's status: operational inside the boundary; "other" outside it, with the reason
/// (a reader that does not know attestplan's props still sees it is not part of the system).
Json status_of(const Context& cx, const Component& c) {
  const auto& b = cx.result.boundary;
  const auto node = b.index_of(c.id);
  if (!node || b.nodes[*node].verdict == Verdict::InScope) return {{"state", "operational"}};
  return {{"state", "other"},
          {"remarks", "Outside the system's boundary: " + one_line(b.reason(*node)) + "."}};
}

Json system_component(const Context& cx, const Component& c) {
  Json j{{"uuid", cx.component_uuid(c.id)},
         {"type", oscal_type(c.kind)},
         {"title", one_line(c.name.empty() ? c.id : c.name)},
         {"description",
          c.description.empty() ? one_line(c.name.empty() ? c.id : c.name) : c.description}};
  auto props = component_props(cx, c);
  if (c.kind == ComponentKind::Data) props.nist("asset-type", "database");
  props.put(j);
  j["status"] = status_of(cx, c);
  return j;
}

Props subservice_props(const Subservice& s) {
  Props p;
  p.add("subservice-id", s.id).add("vendor", s.vendor).add("method", to_string(s.method));
  p.add("report", to_string(s.report));
  if (s.report_period_end) p.add("report-period-end", s.report_period_end->to_string());
  p.add("report-cycle-months", std::to_string(s.report_cycle_months));
  p.add_refs("covers", s.covers);
  return p;
}

/// A vendor's own assurance report, in words.
std::string report_words(VendorReport r) {
  switch (r) {
    case VendorReport::Soc2Type2:
      return "a SOC 2 Type 2 report";
    case VendorReport::Soc2Type1:
      return "a SOC 2 Type 1 report";
    case VendorReport::Isae3402Type2:
      return "an ISAE 3402 Type 2 report";
    case VendorReport::Isae3000Type2:
      return "an ISAE 3000 Type 2 report";
    case VendorReport::Iso27001:
      return "an ISO/IEC 27001 certificate";
    case VendorReport::None:
      return "no assurance report";
  }
  return "no assurance report";
}

std::string subservice_description(const Subservice& s) {
  if (!s.description.empty()) return s.description;
  return one_line((s.name.empty() ? s.id : s.name) +
                  " provides part of the system as a subservice organization (" +
                  (s.method == SubserviceMethod::CarveOut ? "carved out of" : "included in") +
                  " the report); it publishes " + report_words(s.report) + ".");
}

/// Whether the model dates a report of the vendor whose period ended by the document's day (a
/// report still to come authorizes nothing yet).
template <typename Cx>
bool has_report_in_hand(const Cx& cx, const Subservice& s) {
  const auto today = Date::parse(cx.today);
  return s.report_period_end && s.report != VendorReport::None &&
         (!today || *s.report_period_end <= *today);
}

Json subservice_component(const Context& cx, const Subservice& s) {
  Json j{{"uuid", cx.subservice_uuid(s.id)},
         {"type", "service"},
         {"title", one_line(s.name.empty() ? s.id : s.name)},
         {"description", subservice_description(s)}};
  auto props = subservice_props(s);
  if (has_report_in_hand(cx, s))
    props.nist("leveraged-authorization-uuid", cx.uuid("leveraged", s.id));
  props.put(j);
  j["status"] = {{"state", "operational"}};
  return j;
}

/// The system's information types: one per data classification its in-scope data stores hold.
Json information_types(const Context& cx) {
  std::map<std::string, std::vector<std::string>> holders;
  const auto& b = cx.result.boundary;
  for (std::size_t k = 0; k < cx.model.components.size(); ++k) {
    const auto& c = cx.model.components[k];
    if (c.kind != ComponentKind::Data || !b.component_in_scope(k)) continue;
    for (const auto& cls : c.classification) holders[cls].push_back(c.name.empty() ? c.id : c.name);
  }
  Json types = Json::array();
  for (const auto& [cls, stores] : holders) {
    std::string where;
    for (const auto& s : stores) where += (where.empty() ? "" : ", ") + s;
    types.push_back({{"uuid", cx.uuid("information-type", cls)},
                     {"title", title_case(cls) + " data"},
                     {"description", "Data classified " + cls + ", held in " + where + "."}});
  }
  if (types.empty()) {
    types.push_back({{"uuid", cx.uuid("information-type", "customer-data")},
                     {"title", "Customer data"},
                     {"description",
                      "The data of the system's customers (the model classifies "
                      "no in-scope data store)."}});
  }
  return types;
}

std::string boundary_words(const Context& cx) {
  const auto& b = cx.result.boundary;
  std::string services;
  for (const auto& s : cx.model.services) services += (services.empty() ? "" : ", ") + s.name;
  return "The system's services: " + (services.empty() ? std::string{"none"} : services) +
         ". Its boundary holds " + std::to_string(b.in_scope_count(NodeKind::Component)) + " of " +
         std::to_string(cx.model.components.size()) +
         " components of the model, reached from the services; " +
         std::to_string(b.subservices.size()) +
         " subservice organizations provide components in it. attestplan's props on each "
         "component give its verdict and the reason.";
}

Json system_characteristics(const Context& cx) {
  const auto& org = cx.model.organization;
  std::string description =
      "The system of " + org.name + " that the " + cx.report_name() + " report describes.";
  for (const auto& s : cx.model.services) {
    description +=
        " Service: " + s.name + (s.description.empty() ? "." : " (" + s.description + ").");
  }
  Json j{{"system-ids", Json::array({{{"identifier-type", "https://ietf.org/rfc/rfc4122"},
                                      {"id", cx.uuid("system")}}})},
         {"system-name", one_line(org.name)},
         {"description", description}};
  Props p;
  for (const auto& s : cx.model.services) p.add("service", s.id);
  p.put(j);
  j["system-information"] = {{"information-types", information_types(cx)}};
  j["status"] = {{"state", "operational"}};
  j["authorization-boundary"] = {{"description", boundary_words(cx)}};
  j["responsible-parties"] =
      Json::array({{{"role-id", "system-owner"},
                    {"party-uuids", Json::array({cx.uuid("party", "organization")})}}});
  return j;
}

Json users(const Context& cx) {
  Json out = Json::array();
  for (const auto& c : cx.model.components) {
    if (c.kind != ComponentKind::People) continue;
    Json u{{"uuid", cx.uuid("user", c.id)}, {"title", one_line(c.name.empty() ? c.id : c.name)}};
    if (!c.description.empty()) u["description"] = c.description;
    component_props(cx, c).put(u);
    out.push_back(std::move(u));
  }
  if (out.empty()) {
    out.push_back({{"uuid", cx.uuid("user", "staff")},
                   {"title", "Staff"},
                   {"description", "The organization's staff (the model names no people)."}});
  }
  return out;
}

Json leveraged_authorizations(const Context& cx) {
  Json out = Json::array();
  for (const auto& s : cx.model.subservices) {
    if (!has_report_in_hand(cx, s)) continue;
    out.push_back(
        {{"uuid", cx.uuid("leveraged", s.id)},
         {"title", one_line((s.name.empty() ? s.id : s.name) + ": " + report_words(s.report))},
         {"party-uuid", cx.uuid("party", s.id)},
         {"date-authorized", s.report_period_end->to_string()},
         {"remarks",
          "The end of the period of the subservice organization's report "
          "that the model states."}});
  }
  return out;
}

Json inventory_items(const Context& cx) {
  Json out = Json::array();
  const auto& b = cx.result.boundary;
  for (std::size_t k = 0; k < cx.model.components.size(); ++k) {
    const auto& c = cx.model.components[k];
    if (c.kind == ComponentKind::People || !b.component_in_scope(k)) continue;
    Json item{{"uuid", cx.uuid("inventory", c.id)},
              {"description", one_line(c.name.empty() ? c.id : c.name)}};
    Props().nist("asset-id", c.id).put(item);
    item["implemented-components"] = Json::array({{{"component-uuid", cx.component_uuid(c.id)}}});
    out.push_back(std::move(item));
  }
  return out;
}

Json system_implementation(const Context& cx) {
  Json j;
  put_array(j, "leveraged-authorizations", leveraged_authorizations(cx));
  j["users"] = users(cx);
  Json components = Json::array();
  components.push_back({{"uuid", cx.this_system()},
                        {"type", "this-system"},
                        {"title", one_line(cx.model.organization.name)},
                        {"description", "The system as a whole."},
                        {"status", {{"state", "operational"}}}});
  for (const auto& c : cx.model.components) {
    if (c.kind != ComponentKind::People) components.push_back(system_component(cx, c));
  }
  for (const auto& s : cx.model.subservices) components.push_back(subservice_component(cx, s));
  j["components"] = std::move(components);
  put_array(j, "inventory-items", inventory_items(cx));
  return j;
}

/// OSCAL's implementation state of the controls' areas: the least mature decides.
const char* implementation_state(const Organization& org, const std::vector<std::string>& areas) {
  auto least = Maturity::Operating;
  for (const auto& a : areas) least = std::min(least, maturity_of(org, a));
  switch (least) {
    case Maturity::Operating:
      return "implemented";
    case Maturity::Documented:
    case Maturity::Partial:
      return "partial";
    case Maturity::None:
      return "planned";
  }
  return "planned";
}

/// The customers' part (the complementary user entity controls), exported once, with the first
/// criterion the system has a statement for, so that a leveraging system reads them in one place.
Json cuecs_export(const Context& cx) {
  Json responsibilities = Json::array();
  const auto& cuecs = cx.result.estimate.scope.cuecs;
  for (std::size_t i = 0; i < cuecs.size(); ++i) {
    responsibilities.push_back({{"uuid", cx.uuid("cuec", std::to_string(i))},
                                {"description", cuecs[i]},
                                {"responsible-roles", Json::array({{{"role-id", "customer"}}})}});
  }
  return {{"description",
           "What the system's customers must do for the criteria to be met: the "
           "complementary user entity controls."},
          {"responsibilities", std::move(responsibilities)}};
}

/// The by-component statement of the system for one criterion: the controls that address it.
/// nullopt when none does and carved-out subservice organizations carry it (their statements say
/// so): it is no gap of the organization's.
std::optional<Json> system_statement(const Context& cx, const std::string& criterion,
                                     bool with_cuecs) {
  const auto& scope = cx.result.estimate.scope;
  const auto in = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), criterion) != v.end();
  };
  Props p;
  std::vector<std::string> areas;
  std::string titles;
  for (const auto& c : scope.controls) {
    if (std::find(c.criteria.begin(), c.criteria.end(), criterion) == c.criteria.end()) continue;
    p.add("control", c.id);
    areas.push_back(c.area);
    titles += (titles.empty() ? "" : "; ") + one_line(c.title);
  }
  const bool gap = in(scope.gaps);
  if (titles.empty() && !gap && in(scope.carved_out)) return std::nullopt;
  std::string description = "Controls: " + titles + ".";
  if (titles.empty()) {
    description = "No control of the organization addresses " + criterion +
                  (gap ? " (a gap the estimate names)." : ".");
  }
  Json j{{"component-uuid", cx.this_system()},
         {"uuid", cx.uuid("statement", criterion)},
         {"description", description}};
  p.put(j);
  j["implementation-status"] = {
      {"state", titles.empty() ? "planned" : implementation_state(cx.model.organization, areas)}};
  if (with_cuecs && !scope.cuecs.empty()) j["export"] = cuecs_export(cx);
  return j;
}

/// What a subservice organization does for a criterion it covers, in words.
std::string vendor_part_words(const SubserviceInScope& s, const std::string& criterion) {
  const bool carries = std::find(s.carries.begin(), s.carries.end(), criterion) != s.carries.end();
  if (s.method == SubserviceMethod::Inclusive)
    return s.name + " contributes to " + criterion +
           " and is included in the report (inclusive method): its controls are tested with the "
           "organization's.";
  if (carries)
    return s.name + " carries " + criterion +
           " for the organization (carve-out): its own controls, reported in its own assurance "
           "report, stand for the part it operates.";
  return s.name + " contributes to " + criterion +
         " (carve-out); the organization keeps its own controls for it.";
}

/// The by-component statements of the subservice organizations that cover `criterion`, each
/// inheriting its complementary subservice organization control (the CSOC) for it.
void vendor_statements(const Context& cx, const std::string& criterion, Json& by_components) {
  for (const auto& s : cx.result.boundary.subservices) {
    for (std::size_t i = 0; i < s.covers.size(); ++i) {
      if (s.covers[i] != criterion) continue;
      Json j{{"component-uuid", cx.subservice_uuid(s.id)},
             {"uuid", cx.uuid("statement", criterion + "|" + s.id)},
             {"description", one_line(vendor_part_words(s, criterion))}};
      if (i < s.csocs.size()) {
        auto csoc = one_line(s.csocs[i]);
        if (!csoc.empty() && csoc.back() != '.') csoc += '.';
        j["inherited"] = Json::array(
            {{{"uuid", cx.uuid("csoc", s.id + "|" + criterion)}, {"description", csoc}}});
      }
      j["implementation-status"] = {{"state", "implemented"}};
      by_components.push_back(std::move(j));
    }
  }
}

Json control_implementation(const Context& cx) {
  const auto& scope = cx.result.estimate.scope;
  Json requirements = Json::array();
  bool cuecs_written = false;
  const auto requirement = [&](const std::string& criterion) {
    Json by = Json::array();
    if (auto own = system_statement(cx, criterion, !cuecs_written)) {
      cuecs_written = true;
      by.push_back(std::move(*own));
    }
    vendor_statements(cx, criterion, by);
    if (by.empty()) return;
    Json r{{"uuid", cx.uuid("requirement", criterion)}, {"control-id", criterion}};
    if (const auto* c = cx.catalog.find(criterion); c && !c->title.empty())
      r["remarks"] = one_line(c->title);
    r["by-components"] = std::move(by);
    requirements.push_back(std::move(r));
  };
  for (const auto& criterion : scope.criteria) requirement(criterion);
  for (const auto& criterion : scope.carved_out) {
    if (std::find(scope.criteria.begin(), scope.criteria.end(), criterion) == scope.criteria.end())
      requirement(criterion);
  }
  return {{"description", "The criteria in scope of the " + cx.report_name() +
                              " report, each with the organization's controls that address it "
                              "and the subservice organizations that cover it."},
          {"implemented-requirements", std::move(requirements)}};
}

Json parties(const Context& cx) {
  Json out = Json::array();
  out.push_back({{"uuid", cx.uuid("party", "organization")},
                 {"type", "organization"},
                 {"name", one_line(cx.model.organization.name)}});
  for (const auto& s : cx.model.subservices) {
    if (!has_report_in_hand(cx, s)) continue;
    out.push_back({{"uuid", cx.uuid("party", s.id)},
                   {"type", "organization"},
                   {"name", one_line(s.name.empty() ? s.id : s.name)}});
  }
  return out;
}

Json ssp(const Context& cx) {
  Json meta = metadata(cx, "System Security Plan");
  meta["roles"] = Json::array({{{"id", "system-owner"}, {"title", "System owner"}},
                               {{"id", "customer"}, {"title", "Customer (user entity)"}}});
  meta["parties"] = parties(cx);
  Json doc{{"uuid", cx.uuid("ssp")}, {"metadata", std::move(meta)}};
  doc["import-profile"] = {{"href", "#" + cx.uuid("criteria-catalog")},
                           {"remarks",
                            "The criteria are not published as an OSCAL profile: the "
                            "back-matter resource names the catalog."}};
  doc["system-characteristics"] = system_characteristics(cx);
  doc["system-implementation"] = system_implementation(cx);
  doc["control-implementation"] = control_implementation(cx);
  doc["back-matter"] = {{"resources", Json::array({criteria_resource(cx)})}};
  return {{"system-security-plan", std::move(doc)}};
}

// ---- the Assessment Plan ----

Json activities(const Context& cx) {
  const auto& est = cx.result.estimate;
  std::map<std::string_view, const ControlEffort*> effort;
  for (const auto& e : est.effort.controls) effort.emplace(e.control, &e);
  Json out = Json::array();
  for (const auto& c : est.scope.controls) {
    Json a{{"uuid", cx.uuid("activity", c.id)},
           {"title", one_line("Test: " + (c.title.empty() ? c.id : c.title))},
           {"description", c.evidence.empty()
                               ? std::string{"The auditor tests the control."}
                               : one_line("Evidence the auditor inspects: " + c.evidence + ".")}};
    Props p;
    p.add("control-id", c.id).add("area", c.area).add("frequency", to_string(c.frequency));
    p.add("performed-by", c.performed_by);
    // What it tests that is no control of the plan's catalog (a SOC 2+'s additional criteria:
    // "164.308(a)(1)(ii)(A)", no OSCAL token) is said as a property, not as a related control.
    const auto& in_scope = est.scope.criteria;
    for (const auto& criterion : c.criteria) {
      if (std::find(in_scope.begin(), in_scope.end(), criterion) == in_scope.end())
        p.add("additional-criterion", criterion);
    }
    if (const auto it = effort.find(c.id); it != effort.end()) {
      // The ledger lines' three points, with the lines, which `estimate --explain` explains.
      const auto& e = *it->second;
      p.add_range("samples", e.samples.value).add("samples-line", e.samples.line);
      p.add_range("hours", e.hours.value).add("hours-line", e.hours.line);
    }
    p.put(a);
    Json controls = Json::array();
    for (const auto& criterion : c.criteria) {
      if (std::find(in_scope.begin(), in_scope.end(), criterion) != in_scope.end())
        controls.push_back({{"control-id", criterion}});
    }
    if (!controls.empty()) {
      a["related-controls"] = {
          {"control-selections", Json::array({{{"include-controls", std::move(controls)}}})}};
    }
    a["responsible-roles"] = Json::array({{{"role-id", "assessor"}}});
    out.push_back(std::move(a));
  }
  return out;
}

Json reviewed_controls(const Context& cx) {
  Json ids = Json::array();
  for (const auto& c : cx.result.estimate.scope.criteria) ids.push_back({{"control-id", c}});
  Json selection = Json::object();
  if (ids.empty()) {
    selection["include-all"] = Json::object();
  } else {
    selection["include-controls"] = std::move(ids);
  }
  return {{"description", "The criteria in scope of the " + cx.report_name() + " report."},
          {"control-selections", Json::array({std::move(selection)})}};
}

Json assessment_subjects(const Context& cx) {
  Json subjects = Json::array();
  const auto& b = cx.result.boundary;
  for (std::size_t k = 0; k < cx.model.components.size(); ++k) {
    const auto& c = cx.model.components[k];
    if (c.kind == ComponentKind::People || !b.component_in_scope(k)) continue;
    subjects.push_back({{"subject-uuid", cx.component_uuid(c.id)}, {"type", "component"}});
  }
  Json out = Json::array();
  if (!subjects.empty()) {
    out.push_back({{"type", "component"},
                   {"description", "The components in the system's boundary."},
                   {"include-subjects", std::move(subjects)}});
  }
  return out;
}

/// A span of whole days: from the first day's start to the last day's end.
Json timing_of(const Date& start, const Date& end) {
  if (start == end) return {{"on-date", {{"date", date_time(start)}}}};
  return {{"within-date-range",
           {{"start", date_time(start)}, {"end", end.to_string() + "T23:59:59Z"}}}};
}

/// Who does a phase of the plan: the organization its own preparation, the auditor the rest.
const char* role_of(PhaseRole r) {
  return r == PhaseRole::Readiness || r == PhaseRole::Remediation ? "system-owner" : "assessor";
}

/// Phases the plan shows that are no task of this assessment: the fieldwork visits (written with
/// their activities instead), bridge letters and the next cycle's window.
bool assessment_phase(PhaseRole r) {
  return r != PhaseRole::Fieldwork && r != PhaseRole::VendorBridge &&
         r != PhaseRole::CustomerBridge && r != PhaseRole::NextCycle;
}

/// A date figure's P10 / P50 / P90 (the simulation's, else the line's low / likely / high).
std::array<Date, 3> date_points(const Milestone& m) {
  if (!m.spread) return {m.low, m.likely, m.high};
  return {Date::from_serial(m.spread->p10), Date::from_serial(m.spread->p50),
          Date::from_serial(m.spread->p90)};
}

Json tasks(const Context& cx) {
  const auto& timing = cx.result.estimate.timing;
  Json out = Json::array();
  for (const auto& ph : timing.phases) {
    if (!assessment_phase(ph.role)) continue;
    Json t{{"uuid", cx.uuid("task", ph.id)}, {"type", "action"}, {"title", one_line(ph.label)}};
    Props p;
    p.add("phase", ph.id).add("role", to_string(ph.role)).add("subject", ph.subject);
    for (const auto& l : ph.lines) p.add("date-line", l);
    p.put(t);
    t["timing"] = timing_of(ph.start, ph.end);
    t["responsible-roles"] = Json::array({{{"role-id", role_of(ph.role)}}});
    out.push_back(std::move(t));
  }
  Json all_activities = Json::array();
  for (const auto& c : cx.result.estimate.scope.controls)
    all_activities.push_back(
        {{"activity-uuid", cx.uuid("activity", c.id)},
         {"subjects", Json::array({{{"type", "component"}, {"include-all", Json::object()}}})}});
  for (const auto& v : timing.fieldwork) {
    Json t{{"uuid", cx.uuid("task", "fieldwork|" + v.id)},
           {"type", "action"},
           {"title", one_line(v.label)},
           {"description", "Tests the samples of " + v.covers_from.to_string() + " to " +
                               v.covers_to.to_string() + "."}};
    Props().add("testing-share", number(v.testing_share * 100) + "%").put(t);
    t["timing"] = timing_of(v.start, v.end);
    if (!all_activities.empty()) t["associated-activities"] = all_activities;
    t["responsible-roles"] = Json::array({{{"role-id", "assessor"}}});
    out.push_back(std::move(t));
  }
  for (const auto& m : timing.milestones) {
    if (m.id.rfind("next-", 0) == 0) continue;  // the next cycle's, as its window above
    const auto [p10, p50, p90] = date_points(m);
    Json t{{"uuid", cx.uuid("task", "milestone|" + m.id)},
           {"type", "milestone"},
           {"title", one_line(m.label)}};
    Props()
        .add("milestone", m.id)
        .add("date-p10", p10.to_string())
        .add("date-p90", p90.to_string())
        .add("date-line", m.line)
        .put(t);
    t["timing"] = {{"on-date", {{"date", date_time(p50)}}}};
    out.push_back(std::move(t));
  }
  return out;
}

/// A headline figure as the estimate states it: its P50 (the line's likely value before the
/// simulation), P10 and P90, and the ledger line.
void add_headline(Props& p, std::string_view name, const Figure& f) {
  const std::string n{name};
  if (f.spread) {
    p.add(n, number(f.spread->p50))
        .add(n + "-p10", number(f.spread->p10))
        .add(n + "-p90", number(f.spread->p90));
  } else {
    p.add(n, number(f.value.likely));
  }
  p.add(n + "-line", f.line);
}

Json assessment_plan(const Context& cx) {
  const auto& est = cx.result.estimate;
  Json meta = metadata(cx, "Assessment Plan");
  Props p;
  p.add("generator", "attestplan " + cx.version)
      .add("report", to_string(cx.model.engagement.report));
  if (is_type2(cx.model.engagement.report) && cx.model.engagement.observation_months)
    p.add("observation-months", std::to_string(*cx.model.engagement.observation_months));
  add_headline(p, "auditor-hours", est.effort.auditor_hours);
  add_headline(p, "samples", est.effort.samples);
  p.put(meta);
  meta["roles"] = Json::array({{{"id", "assessor"}, {"title", "Assessor (the service auditor)"}},
                               {{"id", "system-owner"}, {"title", "System owner"}}});
  Json doc{{"uuid", cx.uuid("ap")}, {"metadata", std::move(meta)}};
  doc["import-ssp"] = {{"href", "#" + cx.uuid("ssp-resource")}};
  Json local;
  put_array(local, "activities", activities(cx));
  if (!local.empty()) doc["local-definitions"] = std::move(local);
  doc["reviewed-controls"] = reviewed_controls(cx);
  put_array(doc, "assessment-subjects", assessment_subjects(cx));
  put_array(doc, "tasks", tasks(cx));
  Json ssp_resource{
      {"uuid", cx.uuid("ssp-resource")},
      {"title", "System Security Plan of " + one_line(cx.model.organization.name)},
      {"description",
       "attestplan oscal -f oscal-ssp of the same model: its uuid is " + cx.uuid("ssp") + "."},
      {"rlinks", Json::array({{{"href", cx.ssp_href}, {"media-type", "application/json"}}})}};
  doc["back-matter"] = {
      {"resources", Json::array({std::move(ssp_resource), criteria_resource(cx)})}};
  return {{"assessment-plan", std::move(doc)}};
}

// ---- the component definition ----

Json vendor_component(const Names& cx, const Subservice& s) {
  Json j{{"uuid", cx.subservice_uuid(s.id)},
         {"type", "service"},
         {"title", one_line(s.name.empty() ? s.id : s.name)},
         {"description", subservice_description(s)}};
  subservice_props(s).put(j);
  Json requirements = Json::array();
  for (const auto& r : s.covers) {
    const auto* c = cx.catalog.find(r.id);
    std::string what = c && !c->vendor_part.empty()
                           ? (s.name.empty() ? s.id : s.name) + " " + c->vendor_part
                           : (s.name.empty() ? s.id : s.name) + " contributes to " + r.id;
    requirements.push_back({{"uuid", cx.uuid("vendor-requirement", s.id + "|" + r.id)},
                            {"control-id", r.id},
                            {"description", one_line(what + ".")}});
  }
  if (!requirements.empty()) {
    j["control-implementations"] =
        Json::array({{{"uuid", cx.uuid("vendor-implementation", s.id)},
                      {"source", "#" + cx.uuid("criteria-catalog")},
                      {"description", one_line("What " + (s.name.empty() ? s.id : s.name) +
                                               "'s controls do for the criteria it covers.")},
                      {"implemented-requirements", std::move(requirements)}}});
  }
  return j;
}

Json component_definition(const Names& cx, const std::vector<Subservice>& vendors,
                          std::string_view title) {
  Json doc{{"uuid", cx.uuid("components")}, {"metadata", metadata(cx, title)}};
  Json components = Json::array();
  for (const auto& s : vendors) components.push_back(vendor_component(cx, s));
  put_array(doc, "components", std::move(components));
  doc["back-matter"] = {{"resources", Json::array({criteria_resource(cx)})}};
  return {{"component-definition", std::move(doc)}};
}

/// The document as bytes. Model strings are UTF-8 (the TOML reader checks), a plugin's too; any
/// that is not is replaced.
std::string bytes_of(const Json& doc) {
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string oscal_uuid5(std::string_view name) {
  return uuid_text(uuid5_bytes(namespace_uuid(), name));
}

std::string render_oscal(OscalDocument document, const Model& model, const EstimateResult& result,
                         const CriteriaCatalog& catalog, std::string_view today,
                         std::string_view version, std::string_view ssp_href) {
  const Context cx{model, result, catalog, today, version, ssp_href};
  Json doc;
  switch (document) {
    case OscalDocument::SystemSecurityPlan:
      doc = ssp(cx);
      break;
    case OscalDocument::AssessmentPlan:
      doc = assessment_plan(cx);
      break;
    case OscalDocument::ComponentDefinition:
      doc = component_definition(cx, model.subservices, "Subservice organizations");
      break;
  }
  return bytes_of(doc);
}

std::string render_oscal_vendor_library(const VendorLibrary& library,
                                        const CriteriaCatalog& catalog, std::string_view today,
                                        std::string_view version) {
  const Names names{
      "attestplan vendor library", "", "", catalog, std::string{today}, std::string{version},
      words_of(Report{}).criteria};
  std::vector<Subservice> vendors;
  for (const auto& v : library.all()) {
    Subservice s;
    s.id = v.id;
    s.vendor = v.id;
    s.name = v.name;
    s.method = v.method;
    s.report = v.report;
    s.report_cycle_months = v.report_cycle_months;
    for (const auto& c : v.covers) s.covers.push_back({c, {}});
    vendors.push_back(std::move(s));
  }
  return bytes_of(component_definition(names, vendors, "Subservice organizations"));
}

}  // namespace attestplan

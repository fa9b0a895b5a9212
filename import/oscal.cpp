// import oscal: an OSCAL 1.x system security plan or component definition (JSON) into a model
// overlay, by the mapping of docs/oscal.md. attestplan's own properties (urn:attestplan:oscal) are
// read back as its export wrote them; a document another tool wrote is mapped from OSCAL's
// component types, links and leveraged authorizations. What is not read is listed in the
// overlay's header, and every problem names the JSON pointer of what is wrong.
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/import.hpp"
#include "attestplan/vendors.hpp"
#include "ids.hpp"
#include "json_error.hpp"

namespace attestplan {

namespace {

using nlohmann::json;

constexpr std::string_view kAttestplanNs = "urn:attestplan:oscal";
constexpr std::string_view kNistNs = "http://csrc.nist.gov/ns/oscal";

constexpr std::string_view kSsp = "system-security-plan";
constexpr std::string_view kComponentDefinition = "component-definition";
/// The other OSCAL models a document can hold at its root: refused by name.
constexpr std::string_view kOtherModels[] = {"catalog",
                                             "profile",
                                             "mapping-collection",
                                             "assessment-plan",
                                             "assessment-results",
                                             "plan-of-action-and-milestones"};

/// attestplan's properties of a component (and of an SSP user), docs/oscal.md. `in-scope` and
/// `scope-reason` are the export's boundary verdict: known, and not read (the estimate decides).
const std::set<std::string, std::less<>>& component_props() {
  static const std::set<std::string, std::less<>> kNames{
      "component-id",   "kind",           "runs-on",
      "uses",           "stores",         "accesses",
      "flows-to",       "provided-by",    "deploys",
      "classification", "subjects",       "headcount",
      "site",           "role",           "process",
      "excluded",       "exclude-reason", "internet-facing",
      "source",         "in-scope",       "scope-reason"};
  return kNames;
}

/// attestplan's properties of a subservice organization.
const std::set<std::string, std::less<>>& subservice_props() {
  static const std::set<std::string, std::less<>> kNames{
      "subservice-id",       "vendor", "method",   "report",      "report-period-end",
      "report-cycle-months", "covers", "in-scope", "scope-reason"};
  return kNames;
}

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

/// A value from the document inside a message: at most 60 characters of it.
std::string shown(std::string_view s) {
  constexpr std::size_t kMax = 60;
  return "\"" + std::string{s.substr(0, kMax)} + (s.size() > kMax ? "…" : "") + "\"";
}

std::string joined(const std::vector<std::string>& items, std::string_view last = " or ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? std::string{last} : std::string{", "};
    out += items[i];
  }
  return out;
}

/// Counts by name as "name (n), other (m)".
std::vector<std::string> counted(const std::map<std::string, std::size_t>& tally) {
  std::vector<std::string> out;
  for (const auto& [name, n] : tally) out.push_back(name + " (" + std::to_string(n) + ")");
  return out;
}

/// A list for the header: `lead` and the items, on lines of about 100 characters.
void add_list(std::vector<std::string>& summary, const std::string& lead,
              const std::vector<std::string>& items, const std::string& end = ".") {
  if (items.empty()) return;
  constexpr std::size_t kWidth = 96;
  std::string line = lead;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item = items[i] + (i + 1 == items.size() ? end : ",");
    if (line.size() + 1 + item.size() > kWidth && line.size() > 2) {
      summary.push_back(line);
      line = " ";
    }
    line += " " + item;
  }
  summary.push_back(line);
}

const char* type_name_of(const json& v) {
  switch (v.type()) {
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

/// One property of an element: its namespace ("" for NIST's own), name and value, and where.
struct Prop {
  std::string ns;
  std::string name;
  std::string value;
  std::string at;
};

/// What an SSP's component or user becomes.
enum class Becomes {
  Component,    ///< a [[component]] (a user: a people component)
  Subservice,   ///< a [[subservice]] of its own (attestplan's subservice-id)
  Leveraged,    ///< part of the subservice organization of the leveraged authorization it names
  ThisSystem,   ///< the system as a whole: the hand-written model's services
  NotModelled,  ///< a type attestplan has no kind for (policy, validation, network, ...)
  Repeated,     ///< a uuid given before: the first is read
};

/// A component or user of an SSP, or a component of a component definition, as read.
struct Element {
  std::string at;    ///< its JSON pointer
  std::string uuid;  ///< lower case (a uuid is read case aside)
  std::string type;  ///< lower case; "user" for an SSP user
  std::string title;
  std::string description;
  std::vector<Prop> props;
  const json* node = nullptr;  ///< the element in the document
  const json* links = nullptr;
  bool attested = false;  ///< carries attestplan properties: they are read, and only they
  Becomes becomes = Becomes::NotModelled;
  std::size_t index = 0;  ///< into the overlay's components, or into subservices_
};

/// A leveraged authorization of an SSP.
struct Leveraged {
  std::string at;
  std::string uuid;
  std::string title;
  std::string date_authorized;
  std::size_t subservice = 0;      ///< into subservices_, once known
  bool claimed = false;            ///< an attestplan subservice organization names it
  std::vector<std::string> parts;  ///< titles of the components that name it
};

class OscalReader {
 public:
  OscalReader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<Overlay> read(const json& doc) {
    if (!doc.is_object()) {
      diags_.error(std::string{"not an OSCAL document: the document is "} + type_name_of(doc) +
                       ", not an object holding one OSCAL model",
                   SourceLocation{file_},
                   "attestplan imports an OSCAL system-security-plan or component-definition in "
                   "JSON");
      return std::nullopt;
    }
    std::vector<std::string> models;
    for (const auto& [key, value] : doc.items()) {
      if (key == kSsp || key == kComponentDefinition ||
          std::find(std::begin(kOtherModels), std::end(kOtherModels), key) !=
              std::end(kOtherModels)) {
        models.push_back(key);
      }
    }
    if (models.empty()) {
      diags_.error(
          "not an OSCAL document: its root holds none of OSCAL's models (system-security-plan, "
          "component-definition, catalog, profile, assessment-plan, ...)",
          SourceLocation{file_},
          "attestplan imports an OSCAL system-security-plan or component-definition in JSON");
      return std::nullopt;
    }
    if (models.size() > 1) {
      diags_.error("not an OSCAL document: its root holds " + std::to_string(models.size()) +
                       " OSCAL models (" + joined(models, " and ") + ")",
                   SourceLocation{file_}, "an OSCAL document holds one model at its root");
      return std::nullopt;
    }
    const auto& key = models[0];
    const std::string at = "/" + key;
    if (key != kSsp && key != kComponentDefinition) {
      error(at,
            "an OSCAL " + key +
                " is not read: attestplan imports a system-security-plan or a "
                "component-definition",
            key == "assessment-plan"
                ? "attestplan writes assessment plans (attestplan oscal MODEL -f oscal-ap); import "
                  "the system security plan it assesses"
                : "import the system security plan, or a component definition of the vendors");
      return std::nullopt;
    }
    const auto& model = doc[key];
    if (!model.is_object()) {
      error(at, std::string{"the "} + key + " is " + type_name_of(model) + ", not an object");
      return std::nullopt;
    }
    const auto* metadata = object_at(model, "metadata", at, true);
    if (!metadata) return std::nullopt;
    const auto version = text_at(*metadata, "oscal-version", at + "/metadata", true);
    if (!version) return std::nullopt;
    if (!is_version_1(*version)) {
      error(at + "/metadata/oscal-version",
            "oscal-version " + shown(*version) +
                " is not 1.x: attestplan reads OSCAL 1.x (it "
                "writes 1.1.2)",
            "convert the document to OSCAL 1.1 with the tool that wrote it");
      return std::nullopt;
    }
    version_ = *version;
    overlay_.tool = "oscal";
    overlay_.input = file_;
    if (key == kSsp) {
      read_ssp(model, at);
    } else {
      document_title_ = text_at(*metadata, "title", at + "/metadata", false).value_or("");
      read_component_definition(model, at);
    }
    if (diags_.has_errors()) return std::nullopt;
    return std::move(overlay_);
  }

 private:
  // ---- located messages and typed access -------------------------------------------------------

  void error(const std::string& at, const std::string& message, const std::string& hint = {}) {
    diags_.error(at + ": " + message, SourceLocation{file_}, hint);
  }
  void warning(const std::string& at, const std::string& message, const std::string& hint = {}) {
    diags_.warning(at + ": " + message, SourceLocation{file_}, hint);
  }

  static bool is_version_1(std::string_view v) {
    if (v.size() < 3 || v.substr(0, 2) != "1.") return false;
    return std::all_of(v.begin() + 2, v.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
    });
  }

  /// The member `key` of `obj` (at pointer `at`): nullptr when absent (an error if required) or
  /// of another type (an error).
  const json* typed_at(const json& obj, const char* key, const std::string& at, bool required,
                       json::value_t type, const char* type_name) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) error(at, std::string{"missing '"} + key + "'");
      return nullptr;
    }
    if (it->type() != type) {
      error(at + "/" + key,
            std::string{"'"} + key + "' is " + type_name_of(*it) + ", not " + type_name);
      return nullptr;
    }
    return &*it;
  }
  const json* object_at(const json& obj, const char* key, const std::string& at, bool required) {
    return typed_at(obj, key, at, required, json::value_t::object, "an object");
  }
  const json* array_at(const json& obj, const char* key, const std::string& at, bool required) {
    return typed_at(obj, key, at, required, json::value_t::array, "an array");
  }
  std::optional<std::string> text_at(const json& obj, const char* key, const std::string& at,
                                     bool required) {
    const auto* v = typed_at(obj, key, at, required, json::value_t::string, "a string");
    if (!v) return std::nullopt;
    return v->get<std::string>();
  }

  /// The `props` of an element.
  std::vector<Prop> props_of(const json& element, const std::string& at) {
    std::vector<Prop> out;
    const auto* props = array_at(element, "props", at, false);
    if (!props) return out;
    for (std::size_t i = 0; i < props->size(); ++i) {
      const auto pat = at + "/props/" + std::to_string(i);
      const auto& p = (*props)[i];
      if (!p.is_object()) {
        error(pat, "a property is " + std::string{type_name_of(p)} + ", not an object");
        continue;
      }
      const auto name = text_at(p, "name", pat, true);
      const auto value = text_at(p, "value", pat, true);
      const auto ns = text_at(p, "ns", pat, false);
      if (!name || !value) continue;
      Prop prop{ns.value_or(""), *name, *value, pat};
      if (prop.ns == kNistNs) prop.ns.clear();
      out.push_back(std::move(prop));
    }
    return out;
  }

  static bool attestplan(const Prop& p) { return p.ns == kAttestplanNs; }
  static bool nist(const Prop& p, std::string_view name) { return p.ns.empty() && p.name == name; }

  /// A property not read, counted by name (and namespace, when it is not NIST's) for the header.
  static void tally(const Prop& p, std::map<std::string, std::size_t>& into) {
    ++into[p.ns.empty() ? p.name : p.name + " [" + p.ns + "]"];
  }

  /// The element's (or its member's) uuid, lower case.
  std::optional<std::string> uuid_at(const json& obj, const char* key, const std::string& at) {
    auto v = text_at(obj, key, at, true);
    if (!v) return std::nullopt;
    return lower(*v);
  }

  // ---- attestplan's properties ----------------------------------------------------------------

  /// The one attestplan property `name` of an element (an error when it is given twice).
  const Prop* single(const std::vector<Prop>& props, std::string_view name) {
    const Prop* found = nullptr;
    for (const auto& p : props) {
      if (!attestplan(p) || p.name != name) continue;
      if (found) {
        error(p.at, "attestplan's '" + std::string{name} + "' is given twice (first at " +
                        found->at + ")");
        continue;
      }
      found = &p;
    }
    return found;
  }

  static bool has(const std::vector<Prop>& props, std::string_view name) {
    return std::any_of(props.begin(), props.end(),
                       [&](const Prop& p) { return attestplan(p) && p.name == name; });
  }

  /// Every attestplan property `name` of an element: model ids, each checked.
  std::vector<std::string> ids_of(const std::vector<Prop>& props, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& p : props) {
      if (!attestplan(p) || p.name != name) continue;
      if (!import_detail::is_model_id(p.value)) {
        error(p.at,
              "'" + std::string{name} + "' names " + shown(p.value) + ", which is not a model id",
              "ids are letters, digits, '-', '_' and '.', starting with a letter or digit");
        continue;
      }
      if (std::find(out.begin(), out.end(), p.value) == out.end()) out.push_back(p.value);
    }
    return out;
  }

  std::optional<std::string> id_of(const std::vector<Prop>& props, std::string_view name) {
    const auto* p = single(props, name);
    if (!p) return std::nullopt;
    if (!import_detail::is_model_id(p->value)) {
      error(p->at,
            "'" + std::string{name} + "' is " + shown(p->value) + ", which is not a model id",
            "ids are letters, digits, '-', '_' and '.', starting with a letter or digit");
      return std::nullopt;
    }
    return p->value;
  }

  template <class T>
  std::optional<T> word(const std::vector<Prop>& props, std::string_view name,
                        std::optional<T> (*parse)(std::string_view),
                        const std::vector<std::string>& names) {
    const auto* p = single(props, name);
    if (!p) return std::nullopt;
    if (auto v = parse(p->value)) return v;
    error(p->at, "'" + std::string{name} + "' is " + shown(p->value) + ", not " + joined(names));
    return std::nullopt;
  }

  bool flag(const std::vector<Prop>& props, std::string_view name) {
    const auto* p = single(props, name);
    if (!p) return false;
    if (p->value == "true") return true;
    if (p->value != "false")
      error(p->at, "'" + std::string{name} + "' is " + shown(p->value) + ", not true or false");
    return false;
  }

  std::optional<int> integer(const std::vector<Prop>& props, std::string_view name, int min,
                             int max) {
    const auto* p = single(props, name);
    if (!p) return std::nullopt;
    const auto& v = p->value;
    long long n = 0;
    bool ok = !v.empty() && v.size() <= 9;
    for (const char c : v) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) n = n * 10 + (c - '0');
    }
    if (!ok || n < min || n > max) {
      error(p->at, "'" + std::string{name} + "' is " + shown(v) + ", not a whole number from " +
                       std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return static_cast<int>(n);
  }

  std::string text(const std::vector<Prop>& props, std::string_view name) {
    const auto* p = single(props, name);
    return p ? p->value : std::string{};
  }

  /// A control id as the criteria catalog writes it ("cc6.1" → "CC6.1"), or "" when it is not a
  /// criterion.
  static std::string criterion_of(std::string_view control_id) {
    static const auto kByUpper = [] {
      std::unordered_map<std::string, std::string> m;
      for (const auto& c : CriteriaCatalog::builtin().all()) {
        std::string up = c.id;
        for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        m.emplace(up, c.id);
      }
      return m;
    }();
    std::string up{control_id};
    for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const auto it = kByUpper.find(up);
    return it == kByUpper.end() ? std::string{} : it->second;
  }

  /// A component from its attestplan properties: each key the model has, as the export wrote it.
  /// `c` already holds the id, title and description.
  void read_component_props(const Element& e, ImportedComponent& c) {
    const auto& p = e.props;
    if (has(p, "kind")) {
      c.kind = word(p, "kind", &parse_component_kind, names_of_component_kind()).value_or(c.kind);
    } else {
      if (const auto k = kind_of_type(e)) {
        c.kind = *k;
      } else {
        error(e.at, "it has attestplan properties but no 'kind', and its type " + shown(e.type) +
                        " gives none");
      }
    }
    c.runs_on = ids_of(p, "runs-on");
    c.uses = ids_of(p, "uses");
    c.stores = ids_of(p, "stores");
    c.accesses = ids_of(p, "accesses");
    c.flows_to = ids_of(p, "flows-to");
    c.provided_by = id_of(p, "provided-by").value_or("");
    c.deploys = word(p, "deploys", &parse_frequency, names_of_frequency());
    for (const auto* q : all_of(p, "classification")) {
      const auto& known = known_classifications();
      if (std::find(known.begin(), known.end(), q->value) == known.end()) {
        error(q->at, "'classification' is " + shown(q->value) + ", not " + joined(known));
      } else if (std::find(c.classification.begin(), c.classification.end(), q->value) ==
                 c.classification.end()) {
        c.classification.push_back(q->value);
      }
    }
    c.subjects = text(p, "subjects");
    c.headcount = integer(p, "headcount", 0, 10'000'000);
    if (const auto site = word(p, "site", &parse_site, names_of_site())) c.site = to_string(*site);
    c.role = word(p, "role", &parse_component_role, names_of_component_role());
    c.process = text(p, "process");
    c.excluded = flag(p, "excluded");
    c.exclude_reason = text(p, "exclude-reason");
    c.internet_facing = flag(p, "internet-facing");
    if (const auto* s = single(p, "source")) c.source = s->value;
    (void)flag(p, "in-scope");  // the export's verdict: checked, not read
    if (c.kind == ComponentKind::Facility && c.site.empty())
      error(e.at, "a facility needs attestplan's 'site' (office, data-centre or colocation)");
    if (c.kind != ComponentKind::Facility && !c.site.empty())
      error(e.at, "'site' is given, but the component is " + std::string{to_string(c.kind)} +
                      ", not a facility");
    for (const auto& q : p) {
      if (!attestplan(q) || !component_props().count(q.name)) tally(q, props_not_read_);
      if (attestplan(q) && (q.name == "in-scope" || q.name == "scope-reason")) ++verdicts_;
    }
  }

  std::vector<const Prop*> all_of(const std::vector<Prop>& props, std::string_view name) {
    std::vector<const Prop*> out;
    for (const auto& p : props)
      if (attestplan(p) && p.name == name) out.push_back(&p);
    return out;
  }

  /// A subservice organization from its attestplan properties. `s` holds id, name and
  /// description.
  void read_subservice_props(const Element& e, ImportedSubservice& s) {
    const auto& p = e.props;
    if (const auto* v = single(p, "vendor")) {
      const auto& lib = VendorLibrary::builtin();
      if (lib.find(v->value)) {
        s.vendor = v->value;
      } else {
        error(v->at, "'vendor' is " + shown(v->value) + ", which is not in the vendor library",
              "known vendors: " + joined(lib.ids(), ", "));
      }
    }
    s.method = word(p, "method", &parse_subservice_method, names_of_subservice_method());
    s.report = word(p, "report", &parse_vendor_report, names_of_vendor_report());
    if (const auto* d = single(p, "report-period-end")) {
      if (auto date = Date::parse(d->value)) {
        s.report_period_end = *date;
      } else {
        error(d->at, "'report-period-end' is " + shown(d->value) + ", not a date (YYYY-MM-DD)");
      }
    }
    s.report_cycle_months = integer(p, "report-cycle-months", 1, 24);
    // The export writes every criterion the organization carries: none written is none carried,
    // not the vendor library's list.
    s.covers.emplace();
    for (const auto* q : all_of(p, "covers")) {
      const auto id = criterion_of(q->value);
      if (id.empty()) {
        error(q->at, "'covers' is " + shown(q->value) + ", not a criterion of the catalog",
              "criteria look like CC6.4, A1.2 (attestplan catalog criteria)");
      } else if (std::find(s.covers->begin(), s.covers->end(), id) == s.covers->end()) {
        s.covers->push_back(id);
      }
    }
    for (const auto& q : p) {
      if (attestplan(q) ? !subservice_props().count(q.name)
                        : !nist(q, "leveraged-authorization-uuid"))
        tally(q, props_not_read_);
      if (attestplan(q) && (q.name == "in-scope" || q.name == "scope-reason")) ++verdicts_;
    }
  }

  // ---- ids ------------------------------------------------------------------------------------

  /// Takes an id an attestplan property gives: the model's own, kept as it is.
  bool take(const std::string& id, const std::string& at) {
    const auto [it, fresh] = taken_.emplace(id, at);
    if (!fresh) {
      error(at, "the id '" + id + "' is already that of " + it->second,
            "each component and subservice organization has an id of its own");
    }
    return fresh;
  }

  /// An id made from a title, unique among those taken: the title's slug, else `fallback`, with
  /// the next free number when it is taken.
  std::string unique(const std::string& title, const char* fallback, const std::string& at) {
    auto id = slug_of(title);
    if (id.empty()) id = fallback;
    id = import_detail::capped_id(std::move(id));
    if (taken_.emplace(id, at).second) return id;
    auto& n = next_number_[id];
    for (n = std::max<std::size_t>(n, 2);; ++n) {
      auto c = import_detail::capped_id(id + "-" + std::to_string(n));
      if (taken_.emplace(c, at).second) return c;
    }
  }

  // ---- elements -------------------------------------------------------------------------------

  /// The components (or users) of `parent`, as elements.
  void read_elements(const json& parent, const char* key, const std::string& at, bool users,
                     bool required, std::vector<Element>& out) {
    const auto* arr = array_at(parent, key, at, required);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Element e;
      e.at = at + "/" + key + "/" + std::to_string(i);
      const auto& v = (*arr)[i];
      if (!v.is_object()) {
        error(e.at, std::string{users ? "a user" : "a component"} + " is " + type_name_of(v) +
                        ", not an object");
        continue;
      }
      const auto uuid = uuid_at(v, "uuid", e.at);
      const auto title = text_at(v, "title", e.at, !users);
      const auto type = users ? std::optional<std::string>{"user"} : text_at(v, "type", e.at, true);
      if (!uuid || !type || (!users && !title)) continue;
      e.uuid = *uuid;
      e.type = lower(*type);
      e.title = title.value_or("");
      if (e.title.empty() && users) {
        // A user may have no title: its short name names it.
        if (auto s = text_at(v, "short-name", e.at, false)) e.title = *s;
      }
      e.description = text_at(v, "description", e.at, false).value_or("");
      e.props = props_of(v, e.at);
      e.node = &v;
      e.links = array_at(v, "links", e.at, false);
      e.attested = std::any_of(e.props.begin(), e.props.end(), &attestplan);
      out.push_back(std::move(e));
    }
  }

  /// The kind a component's OSCAL type maps to (docs/import.md), or nullopt for a type attestplan
  /// does not model. A user is people; a software, hardware or service component whose NIST
  /// asset-type is `database` is a data store.
  static std::optional<ComponentKind> kind_of_type(const Element& e) {
    if (e.type == "user") return ComponentKind::People;
    const bool database = std::any_of(e.props.begin(), e.props.end(), [](const Prop& p) {
      return nist(p, "asset-type") && p.value == "database";
    });
    if (database && (e.type == "software" || e.type == "hardware" || e.type == "service"))
      return ComponentKind::Data;
    if (e.type == "software") return ComponentKind::Software;
    if (e.type == "service" || e.type == "hardware") return ComponentKind::Infrastructure;
    if (e.type == "physical") return ComponentKind::Facility;
    if (e.type == "process-procedure") return ComponentKind::Procedure;
    return std::nullopt;
  }

  // ---- system security plan -------------------------------------------------------------------

  void read_ssp(const json& ssp, const std::string& at) {
    std::string system_name;
    if (const auto* sc = object_at(ssp, "system-characteristics", at, false))
      system_name = text_at(*sc, "system-name", at + "/system-characteristics", false).value_or("");
    const std::string si_at = at + "/system-implementation";
    const auto* si = object_at(ssp, "system-implementation", at, true);
    if (!si) return;
    for (const auto& p : props_of(*si, si_at)) tally(p, props_not_read_);

    read_leveraged_authorizations(*si, si_at);
    std::vector<Element> elements;
    read_elements(*si, "components", si_at, false, true, elements);
    read_elements(*si, "users", si_at, true, false, elements);
    if (diags_.has_errors()) return;

    // Past here, a bad value is an error and the reading goes on, so that all are said at once.
    classify(elements);
    name_elements(elements);
    build(elements);
    read_links(elements);
    read_inventory(*si, si_at);
    if (diags_.has_errors()) return;

    for (auto& s : subservices_) overlay_.subservices.push_back(std::move(s));
    summarize_ssp(ssp, system_name, elements);
  }

  void read_leveraged_authorizations(const json& si, const std::string& si_at) {
    const auto* arr = array_at(si, "leveraged-authorizations", si_at, false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Leveraged la;
      la.at = si_at + "/leveraged-authorizations/" + std::to_string(i);
      const auto& v = (*arr)[i];
      if (!v.is_object()) {
        error(la.at,
              "a leveraged authorization is " + std::string{type_name_of(v)} + ", not an object");
        continue;
      }
      const auto uuid = uuid_at(v, "uuid", la.at);
      const auto title = text_at(v, "title", la.at, true);
      if (!uuid || !title) continue;
      la.uuid = *uuid;
      la.title = *title;
      la.date_authorized = text_at(v, "date-authorized", la.at, false).value_or("");
      for (const auto& p : props_of(v, la.at)) tally(p, props_not_read_);
      count_links(v, la.at);
      if (!leveraged_by_uuid_.emplace(la.uuid, leveraged_.size()).second) {
        warning(la.at + "/uuid",
                "this uuid is that of an earlier leveraged authorization; the "
                "first is read");
        continue;
      }
      leveraged_.push_back(std::move(la));
    }
  }

  /// Links of an element whose links are not read, counted by their relation.
  void count_links(const json& v, const std::string& at) {
    const auto* links = array_at(v, "links", at, false);
    if (!links) return;
    for (std::size_t j = 0; j < links->size(); ++j) {
      const auto& l = (*links)[j];
      std::string rel = "(no rel)";
      if (l.is_object() && l.contains("rel") && l["rel"].is_string())
        rel = l["rel"].get<std::string>();
      ++links_not_read_[rel];
    }
  }

  /// What each element becomes.
  void classify(std::vector<Element>& elements) {
    std::unordered_map<std::string, std::string> seen;  // uuid → pointer
    for (auto& e : elements) {
      if (const auto [it, fresh] = seen.emplace(e.uuid, e.at); !fresh) {
        warning(e.at + "/uuid", "this uuid is that of " + it->second + "; the first is read",
                "each component and user of an SSP has a uuid of its own");
        e.becomes = Becomes::Repeated;
        continue;
      }
      by_uuid_.emplace(e.uuid, &e);
      if (e.type == "this-system") {
        e.becomes = Becomes::ThisSystem;
      } else if (e.type != "user" && has(e.props, "subservice-id")) {
        e.becomes = Becomes::Subservice;
      } else if (e.attested) {
        e.becomes = Becomes::Component;
      } else if (const auto la = e.type == "user" ? std::nullopt : leveraged_of(e)) {
        e.becomes = Becomes::Leveraged;
        e.index = *la;
        leveraged_[*la].parts.push_back(e.title);
      } else if (kind_of_type(e)) {
        e.becomes = Becomes::Component;
      } else {
        e.becomes = Becomes::NotModelled;
        not_modelled_[e.type].push_back(e.title);
      }
    }
  }

  /// The leveraged authorization an element names (NIST's leveraged-authorization-uuid), if the
  /// document has it; a name of none is a warning.
  std::optional<std::size_t> leveraged_of(const Element& e) {
    for (const auto& p : e.props) {
      if (!nist(p, "leveraged-authorization-uuid")) continue;
      const auto it = leveraged_by_uuid_.find(lower(p.value));
      if (it != leveraged_by_uuid_.end()) return it->second;
      warning(p.at,
              "leveraged-authorization-uuid names no leveraged authorization of the "
              "document; the component is read by its type");
      return std::nullopt;
    }
    return std::nullopt;
  }

  /// Ids: those attestplan's properties give first (the model's own), then the others' from their
  /// titles, in the document's order.
  void name_elements(std::vector<Element>& elements) {
    for (auto& e : elements) {
      if (e.becomes == Becomes::Subservice) {
        if (auto id = id_of(e.props, "subservice-id")) {
          if (take(*id, e.at)) ids_[&e] = *id;
        }
        // An attestplan subservice organization that names a leveraged authorization is it.
        for (const auto& p : e.props) {
          if (!nist(p, "leveraged-authorization-uuid")) continue;
          const auto it = leveraged_by_uuid_.find(lower(p.value));
          if (it == leveraged_by_uuid_.end()) {
            warning(p.at,
                    "leveraged-authorization-uuid names no leveraged authorization of the "
                    "document");
          } else if (!leveraged_[it->second].claimed) {
            leveraged_[it->second].claimed = true;
            claimed_by_[it->second] = &e;
          }
        }
      } else if (e.becomes == Becomes::Component && e.attested) {
        if (auto id = id_of(e.props, "component-id")) {
          if (take(*id, e.at)) ids_[&e] = *id;
        }
      }
    }
    for (std::size_t k = 0; k < leveraged_.size(); ++k) {
      if (!leveraged_[k].claimed)
        leveraged_ids_[k] = unique(leveraged_[k].title, "subservice", leveraged_[k].at);
    }
    for (auto& e : elements) {
      if (ids_.count(&e)) continue;
      if (e.becomes == Becomes::Component || e.becomes == Becomes::Subservice)
        ids_[&e] = unique(e.title, e.type == "user" ? "people" : "component", e.at);
    }
  }

  /// The overlay's components and subservice organizations, in the document's order (leveraged
  /// authorizations first).
  void build(std::vector<Element>& elements) {
    for (std::size_t k = 0; k < leveraged_.size(); ++k) {
      auto& la = leveraged_[k];
      if (la.claimed) continue;
      ImportedSubservice s;
      s.id = leveraged_ids_[k];
      s.name = la.title;
      s.description = "A leveraged authorization of the SSP" +
                      (la.date_authorized.empty() ? std::string{}
                                                  : " (authorized " + la.date_authorized + ")") +
                      (la.parts.empty() ? std::string{}
                                        : "; its components there: " + joined(la.parts, " and ")) +
                      ".";
      la.subservice = subservices_.size();
      subservices_.push_back(std::move(s));
    }
    for (auto& e : elements) {
      switch (e.becomes) {
        case Becomes::Subservice: {
          ImportedSubservice s;
          s.id = ids_[&e];
          s.name = e.title;
          s.description = e.description;
          read_subservice_props(e, s);
          e.index = subservices_.size();
          subservices_.push_back(std::move(s));
          break;
        }
        case Becomes::Component: {
          ImportedComponent c;
          c.id = ids_[&e];
          c.name = e.title;
          c.description = e.description;
          if (e.attested) {
            read_component_props(e, c);
          } else {
            read_foreign_component(e, c);
          }
          if (c.source.empty())
            c.source = std::string{e.type == "user" ? "OSCAL user " : "OSCAL component "} + e.uuid;
          e.index = overlay_.components.size();
          overlay_.components.push_back(std::move(c));
          break;
        }
        default:
          break;
      }
    }
    for (const auto& [k, e] : claimed_by_) leveraged_[k].subservice = e->index;
    for (auto& e : elements) {
      if (e.becomes == Becomes::Leveraged) e.index = leveraged_[e.index].subservice;
    }
  }

  /// A component another tool wrote: its kind from its type, and its properties counted.
  void read_foreign_component(const Element& e, ImportedComponent& c) {
    c.kind = kind_of_type(e).value_or(ComponentKind::Software);
    if (c.kind == ComponentKind::Data) ++databases_;
    if (c.kind == ComponentKind::Facility) {
      c.site = "office";
      ++sites_guessed_;
    }
    for (const auto& p : e.props)
      if (!nist(p, "asset-type")) tally(p, props_not_read_);
  }

  /// The subservice organization an element stands for, if it is one.
  std::optional<std::size_t> subservice_of(const Element& e) const {
    if (e.becomes == Becomes::Subservice || e.becomes == Becomes::Leveraged) return e.index;
    return std::nullopt;
  }

  /// Relations from NIST's links between components another tool wrote: `provided-by` a
  /// subservice organization, and `used-by` another component (or a user, who then accesses it).
  void read_links(std::vector<Element>& elements) {
    for (auto& e : elements) {
      if (!e.links || e.becomes == Becomes::Repeated) continue;
      for (std::size_t j = 0; j < e.links->size(); ++j) {
        const auto lat = e.at + "/links/" + std::to_string(j);
        const auto& l = (*e.links)[j];
        if (!l.is_object()) {
          error(lat, std::string{"a link is "} + type_name_of(l) + ", not an object");
          continue;
        }
        const auto href = text_at(l, "href", lat, true);
        const auto rel = text_at(l, "rel", lat, false).value_or("(no rel)");
        if (!href) continue;
        if (!read_link(e, lat, *href, rel)) ++links_not_read_[rel];
      }
    }
  }

  /// One link; false when it gives no relation.
  bool read_link(const Element& e, const std::string& lat, const std::string& href,
                 const std::string& rel) {
    if (rel != "provided-by" && rel != "used-by") return false;
    if (e.attested || e.becomes == Becomes::ThisSystem || e.becomes == Becomes::NotModelled)
      return false;
    const auto target_uuid = lower(href.rfind('#', 0) == 0 ? href.substr(1) : href);
    const Element* target = nullptr;
    std::optional<std::size_t> target_subservice;
    if (const auto it = by_uuid_.find(target_uuid); it != by_uuid_.end()) {
      target = it->second;
      target_subservice = subservice_of(*target);
    } else if (const auto la = leveraged_by_uuid_.find(target_uuid);
               la != leveraged_by_uuid_.end()) {
      target_subservice = leveraged_[la->second].subservice;
    } else {
      warning(lat + "/href", "this " + rel +
                                 " link names no component, user or leveraged authorization of "
                                 "the document; it is not read");
      return false;
    }
    if (e.becomes != Becomes::Component) {
      // A subservice organization the system uses: the header names it (the model reaches a vendor
      // through the components it provides).
      if (rel != "used-by" || !target || target->becomes != Becomes::ThisSystem) return false;
      add_once(system_uses_subservices_, subservices_[*subservice_of(e)].id);
      return true;
    }
    auto& c = overlay_.components[e.index];
    if (rel == "provided-by") {
      if (!target_subservice) return false;  // provided by another component: not a relation here
      const auto& id = subservices_[*target_subservice].id;
      if (!c.provided_by.empty() && c.provided_by != id) return false;
      c.provided_by = id;
      return true;
    }
    // used-by: the target uses this component.
    if (!target) return false;
    if (target->becomes == Becomes::ThisSystem) {
      add_once(system_uses_, c.id);
      return true;
    }
    if (target->becomes != Becomes::Component || target->attested || target == &e) return false;
    auto& user = overlay_.components[target->index];
    add_once(user.kind == ComponentKind::People ? user.accesses : user.uses, c.id);
    return true;
  }

  /// Inventory items: which components they implement (a name of none is a warning), and a public
  /// item makes the component it implements internet-facing.
  void read_inventory(const json& si, const std::string& si_at) {
    const auto* arr = array_at(si, "inventory-items", si_at, false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto at = si_at + "/inventory-items/" + std::to_string(i);
      const auto& item = (*arr)[i];
      if (!item.is_object()) {
        error(at, std::string{"an inventory item is "} + type_name_of(item) + ", not an object");
        continue;
      }
      ++inventory_items_;
      bool is_public = false;
      for (const auto& p : props_of(item, at)) {
        if (nist(p, "public")) {
          is_public = p.value == "yes";
        } else {
          tally(p, inventory_props_not_read_);
        }
      }
      const auto* implemented = array_at(item, "implemented-components", at, false);
      bool system_only = true;
      for (std::size_t k = 0; implemented && k < implemented->size(); ++k) {
        const auto iat = at + "/implemented-components/" + std::to_string(k);
        const auto& ic = (*implemented)[k];
        if (!ic.is_object()) {
          error(iat,
                std::string{"an implemented component is "} + type_name_of(ic) + ", not an object");
          continue;
        }
        const auto uuid = uuid_at(ic, "component-uuid", iat);
        for (const auto& p : props_of(ic, iat)) tally(p, inventory_props_not_read_);
        if (!uuid) continue;
        const auto it = by_uuid_.find(*uuid);
        if (it == by_uuid_.end()) {
          warning(iat + "/component-uuid", "names no component of the document");
          continue;
        }
        const auto& e = *it->second;
        if (e.becomes != Becomes::ThisSystem) system_only = false;
        if (is_public && e.becomes == Becomes::Component && !e.attested) {
          auto& c = overlay_.components[e.index];
          if (!c.internet_facing) ++made_public_;
          c.internet_facing = true;
        }
      }
      if (implemented && !implemented->empty() && system_only) ++system_items_;
    }
  }

  void summarize_ssp(const json& ssp, const std::string& system_name,
                     const std::vector<Element>& elements) {
    auto& out = overlay_.summary;
    std::size_t people = 0;
    for (const auto& c : overlay_.components) people += c.kind == ComponentKind::People;
    out.push_back("An OSCAL " + version_ + " system security plan" +
                  (system_name.empty() ? "" : " of " + system_name) + ": " +
                  std::to_string(overlay_.components.size() - people) + " component(s), " +
                  std::to_string(people) + " people component(s) and " +
                  std::to_string(overlay_.subservices.size()) +
                  " subservice organization(s) read.");
    const bool attested =
        std::any_of(elements.begin(), elements.end(), [](const Element& e) { return e.attested; });
    out.push_back(attested ? "Components with attestplan's properties (urn:attestplan:oscal) are "
                             "read from them, as the export wrote them."
                           : "No attestplan properties: components are mapped from OSCAL's types "
                             "(docs/import.md, OSCAL).");
    std::vector<std::string> system;
    for (const auto& e : elements)
      if (e.becomes == Becomes::ThisSystem) system.push_back(e.title);
    if (!system.empty()) {
      out.push_back("The system as a whole (this-system: " + joined(system, " and ") +
                    ") is no component: the hand-written model's [[service]] says what it uses.");
    }
    add_list(out, "The SSP says the system uses (used-by links): name them in a service's uses:",
             system_uses_);
    add_list(out,
             "The SSP says the system uses these subservice organizations (used-by links); they "
             "are reached through the components they provide:",
             system_uses_subservices_);
    for (const auto& la : leveraged_) {
      if (la.parts.empty()) continue;
      const auto& id = overlay_.subservices.at(la.subservice).id;
      out.push_back(std::to_string(la.parts.size()) +
                    " component(s) naming the leveraged "
                    "authorization " +
                    la.title + " are its subservice organization '" + id + "'.");
    }
    std::vector<std::string> types;
    for (const auto& [type, titles] : not_modelled_) {
      std::vector<std::string> few(
          titles.begin(),
          titles.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(titles.size(), 3)));
      types.push_back(type + " (" + std::to_string(titles.size()) + ": " + joined(few, ", ") +
                      (titles.size() > 3 ? ", …" : "") + ")");
    }
    add_list(out, "Components of types attestplan does not model, left out:", types);
    if (databases_)
      out.push_back(std::to_string(databases_) +
                    " component(s) of NIST asset-type database became data components.");
    if (sites_guessed_)
      out.push_back(std::to_string(sites_guessed_) +
                    " physical component(s) taken as offices (site = \"office\"): say where one "
                    "is a data centre or colocation.");
    if (inventory_items_) {
      out.push_back(
          "Inventory: " + std::to_string(inventory_items_) +
          " item(s) read for the components "
          "they implement" +
          (system_items_ ? "; " + std::to_string(system_items_) +
                               " implement only the system as a whole, and are no component"
                         : std::string{}) +
          (made_public_ ? "; " + std::to_string(made_public_) +
                              " component(s) internet-facing as a public item implements them"
                        : std::string{}) +
          ".");
    }
    add_list(out, "Properties not read (by name, with their count):", counted(props_not_read_));
    add_list(out, "Inventory properties not read:", counted(inventory_props_not_read_));
    add_list(out, "Links not read (by rel):", counted(links_not_read_));
    if (verdicts_)
      out.push_back(
          "The export's boundary verdicts (in-scope, scope-reason) are not read: the "
          "estimate decides the scope again.");
    if (ssp.contains("control-implementation"))
      out.push_back(
          "control-implementation is not read: the estimate finds the criteria in scope "
          "and their controls from the model.");
  }

  // ---- component definition -------------------------------------------------------------------

  void read_component_definition(const json& cd, const std::string& at) {
    std::vector<Element> elements;
    read_elements(cd, "components", at, false, false, elements);
    if (diags_.has_errors()) return;
    const auto sources = back_matter_titles(cd, at);
    // Ids the properties give first, then the others from their titles.
    std::vector<Element*> read;
    std::unordered_set<std::string> seen;
    for (auto& e : elements) {
      if (!seen.insert(e.uuid).second) {
        warning(e.at + "/uuid", "this uuid is that of an earlier component; the first is read");
        continue;
      }
      if (has(e.props, "subservice-id") || e.type == "service") {
        read.push_back(&e);
      } else if (e.type == "software" || e.type == "hardware") {
        // A product the organization runs itself is inside its boundary, not a subservice
        // organization: a component, whose controls are the organization's to operate.
        products_.push_back(&e);
      } else {
        not_modelled_[e.type].push_back(e.title);
      }
    }
    for (auto* e : products_) {
      ImportedComponent c;
      c.id = unique(e->title, "component", e->at);
      c.name = e->title;
      c.description = e->description;
      c.kind = e->type == "software" ? ComponentKind::Software : ComponentKind::Infrastructure;
      c.source = "OSCAL component " + e->uuid;
      for (const auto& p : e->props) tally(p, props_not_read_);
      if (e->node->contains("control-implementations")) ++product_implementations_;
      overlay_.components.push_back(std::move(c));
    }
    std::unordered_map<const Element*, std::string> ids;
    for (auto* e : read) {
      if (auto id = id_of(e->props, "subservice-id"); id && take(*id, e->at)) ids[e] = *id;
    }
    for (auto* e : read) {
      if (!ids.count(e)) ids[e] = unique(e->title, "subservice", e->at);
    }
    for (auto* e : read) {
      ImportedSubservice s;
      s.id = ids[e];
      s.name = e->title;
      s.description = e->description;
      const bool attested = has(e->props, "subservice-id");
      if (attested) {
        read_subservice_props(*e, s);
      } else {
        for (const auto& p : e->props) tally(p, props_not_read_);
      }
      const auto from_requirements = read_requirements(*e->node, *e, s, sources);
      if (!attested || !has(e->props, "covers")) {
        if (!from_requirements.empty() || attested) s.covers = from_requirements;
      }
      overlay_.subservices.push_back(std::move(s));
    }
    if (cd.contains("capabilities") && cd["capabilities"].is_array())
      capabilities_ = cd["capabilities"].size();
    summarize_component_definition();
  }

  /// The titles of the back-matter's resources by uuid: a control implementation's `source`
  /// names its catalog or profile by one ("#ba047e56-...").
  std::unordered_map<std::string, std::string> back_matter_titles(const json& model,
                                                                  const std::string& at) {
    std::unordered_map<std::string, std::string> out;
    const auto* bm = object_at(model, "back-matter", at, false);
    if (!bm) return out;
    const auto* resources = array_at(*bm, "resources", at + "/back-matter", false);
    if (!resources) return out;
    for (const auto& r : *resources) {
      if (!r.is_object() || !r.contains("uuid") || !r["uuid"].is_string()) continue;
      // Its title, else its description (NIST's examples name a profile so).
      for (const char* key : {"title", "description"}) {
        if (r.contains(key) && r[key].is_string() &&
            !r[key].get_ref<const std::string&>().empty()) {
          out.emplace(lower(r["uuid"].get<std::string>()), r[key].get<std::string>());
          break;
        }
      }
    }
    return out;
  }

  /// The criteria a component's implemented requirements name; the other controls are kept for
  /// the header, by the catalog (source) they come from.
  std::vector<std::string> read_requirements(
      const json& component, const Element& e, const ImportedSubservice& s,
      const std::unordered_map<std::string, std::string>& sources) {
    std::vector<std::string> criteria;
    const auto* cis = array_at(component, "control-implementations", e.at, false);
    if (!cis) return criteria;
    OtherControls other;
    other.subservice = s.id;
    for (std::size_t j = 0; j < cis->size(); ++j) {
      const auto cat = e.at + "/control-implementations/" + std::to_string(j);
      const auto& ci = (*cis)[j];
      if (!ci.is_object()) {
        error(cat,
              std::string{"a control implementation is "} + type_name_of(ci) + ", not an object");
        continue;
      }
      const auto source = text_at(ci, "source", cat, true);
      for (const auto& p : props_of(ci, cat)) tally(p, props_not_read_);
      const auto* irs = array_at(ci, "implemented-requirements", cat, true);
      if (!source || !irs) continue;
      std::string named = *source;
      if (named.rfind('#', 0) == 0) {
        if (const auto it = sources.find(lower(named.substr(1))); it != sources.end())
          named = it->second;
      }
      for (std::size_t k = 0; k < irs->size(); ++k) {
        const auto rat = cat + "/implemented-requirements/" + std::to_string(k);
        const auto& ir = (*irs)[k];
        if (!ir.is_object()) {
          error(rat, std::string{"an implemented requirement is "} + type_name_of(ir) +
                         ", not an object");
          continue;
        }
        const auto control = text_at(ir, "control-id", rat, true);
        for (const auto& p : props_of(ir, rat)) tally(p, props_not_read_);
        if (!control) continue;
        if (const auto id = criterion_of(*control); !id.empty()) {
          if (std::find(criteria.begin(), criteria.end(), id) == criteria.end())
            criteria.push_back(id);
        } else {
          auto& ids = other.by_source[named];
          if (std::find(ids.begin(), ids.end(), *control) == ids.end()) ids.push_back(*control);
        }
      }
    }
    if (!other.by_source.empty()) other_controls_.push_back(std::move(other));
    return criteria;
  }

  void summarize_component_definition() {
    auto& out = overlay_.summary;
    out.push_back("An OSCAL " + version_ + " component definition" +
                  (document_title_.empty() ? "" : " (" + document_title_ + ")") + ": " +
                  std::to_string(overlay_.subservices.size()) +
                  " subservice organization(s) read, one per service component, and " +
                  std::to_string(overlay_.components.size()) +
                  " component(s), one per software or hardware product the organization runs "
                  "itself.");
    if (product_implementations_)
      out.push_back(std::to_string(product_implementations_) +
                    " product(s) state how they implement controls: not read, as a product the "
                    "organization runs is its own to operate and the auditor's to test.");
    for (const auto& s : overlay_.subservices) {
      // (One with attestplan's properties carries what they say, none included.)
      if (!s.covers) {
        out.push_back("'" + s.id +
                      "' implements no Trust Services Criterion: it carries none "
                      "until covers says which its report does.");
      }
    }
    for (const auto& o : other_controls_) {
      for (const auto& [source, ids] : o.by_source) {
        std::vector<std::string> few(
            ids.begin(),
            ids.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(ids.size(), 5)));
        out.push_back("'" + o.subservice + "' implements " + std::to_string(ids.size()) +
                      " control(s) of " + source + " (" + joined(few, ", ") +
                      (ids.size() > 5 ? ", …" : "") +
                      "): they are not Trust Services Criteria, so the vendor carries none of "
                      "them in the estimate.");
      }
    }
    std::vector<std::string> types;
    for (const auto& [type, titles] : not_modelled_) {
      types.push_back(type + " (" + std::to_string(titles.size()) + ": " + joined(titles, ", ") +
                      ")");
    }
    add_list(out,
             "Components that are no vendor's product or service (policies, validations, ...), "
             "left out:",
             types);
    if (capabilities_)
      out.push_back(std::to_string(capabilities_) +
                    " capabilities are not read: their components are read where the document "
                    "lists them.");
    add_list(out, "Properties not read (by name, with their count):", counted(props_not_read_));
    if (verdicts_)
      out.push_back("The export's boundary verdicts (in-scope, scope-reason) are not read.");
  }

  std::vector<Element*> products_;  ///< a component definition's software and hardware
  std::size_t product_implementations_ = 0;

  /// The controls of other catalogs a component definition's component implements.
  struct OtherControls {
    std::string subservice;
    std::map<std::string, std::vector<std::string>> by_source;
  };

  std::string file_;
  Diagnostics& diags_;
  Overlay overlay_;
  std::string version_, document_title_;
  std::vector<ImportedSubservice> subservices_;
  std::vector<Leveraged> leveraged_;
  std::unordered_map<std::string, std::size_t> leveraged_by_uuid_;
  std::unordered_map<std::size_t, std::string> leveraged_ids_;
  std::map<std::size_t, const Element*> claimed_by_;
  std::unordered_map<std::string, const Element*> by_uuid_;
  std::unordered_map<const Element*, std::string> ids_;
  std::unordered_map<std::string, std::string> taken_;  ///< id → the pointer of what has it
  std::unordered_map<std::string, std::size_t> next_number_;
  std::map<std::string, std::size_t> props_not_read_, inventory_props_not_read_, links_not_read_;
  std::map<std::string, std::vector<std::string>> not_modelled_;  ///< type → titles
  std::vector<std::string> system_uses_, system_uses_subservices_;
  std::vector<OtherControls> other_controls_;
  std::size_t databases_ = 0, sites_guessed_ = 0, inventory_items_ = 0, system_items_ = 0,
              made_public_ = 0, verdicts_ = 0, capabilities_ = 0;
};

}  // namespace

ImportResult import_oscal(const std::filesystem::path& path) {
  ImportResult result;
  const auto file = path == "-" ? read_standard_input("<stdin>", result.diagnostics)
                                : read_text_file(path, result.diagnostics);
  if (!file) return result;
  json doc;
  try {
    doc = json::parse(file->text);
  } catch (const json::parse_error& e) {
    const auto parsed = import_detail::json_error_of(e.what());
    result.diagnostics.error("not an OSCAL document: the file is not JSON (" + parsed.message + ")",
                             SourceLocation{file->source_name, parsed.line, parsed.column},
                             "attestplan reads OSCAL's JSON; convert XML or YAML with the tool "
                             "that wrote it (oscal-cli convert)");
    return result;
  }
  OscalReader reader(file->source_name, result.diagnostics);
  result.overlay = reader.read(doc);
  if (result.diagnostics.has_errors()) result.overlay.reset();
  return result;
}

}  // namespace attestplan

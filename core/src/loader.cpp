// The model loader: TOML text → Model, with every problem a located diagnostic (DESIGN §3).
#include "attestplan/loader.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "attestplan/boundary.hpp"
#include "attestplan/data.hpp"
#include "attestplan/toml_reader.hpp"
#include "attestplan/vendors.hpp"

namespace attestplan {

namespace {

/// The most files one model may include (each a model overlay).
constexpr std::size_t kMaxIncludes = 64;
/// Each scenario is a whole estimate (a thousand simulated runs): a comparison of more is not
/// read by anyone, and a model of a few kilobytes could otherwise ask for minutes of work.
constexpr std::size_t kMaxScenarios = 50;
/// The inclusive method tests each such organization's controls as the organization's own (about
/// twenty more controls, their samples, a visit, a description): an engagement with more than a
/// handful is not planned this way (judgement), and each one multiplies the plan's size.
constexpr std::size_t kMaxInclusive = 25;

/// What an id names, for checking references.
enum class IdKind { Service, Component, Subservice };

/// An id's kind and where it is defined: the file by its index (0 the model's own, then each
/// included file), so the file name is not copied for each of a large inventory's ids.
struct IdEntry {
  IdKind kind;
  std::uint16_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// The element whose references are checked ("component 'api'"), put into words only for a message.
struct RefOwner {
  const char* kind;
  const std::string& id;
  [[nodiscard]] std::string text() const { return std::string{kind} + " '" + id + "'"; }
};

class ModelReader {
 public:
  ModelReader(const std::string& file, const CriteriaCatalog& catalog, const LoadOptions& options,
              Diagnostics& diags)
      : file_(file), main_file_(file), catalog_(catalog), options_(options), diags_(diags) {}

  Model read(toml::table& root) {
    Model m;
    m.source_name = file_;
    TableReader top(root, "the model", file_, diags_);
    read_schema(top);
    if (const auto* t = top.table("organization")) {
      m.organization = read_organization(*t);
    } else if (!top.has("organization")) {
      diags_.error("missing [organization] table", top.where(),
                   "add [organization] with name and employees");
    }
    if (const auto* t = top.table("maturity")) read_area_maturity(*t, m.organization);
    if (const auto* t = top.table("engagement")) m.engagement = read_engagement(*t);
    if (const auto* arr = top.table_array("service")) {
      for (const auto& n : *arr) m.services.push_back(read_service(*n.as_table()));
    }
    if (m.services.empty() && !diags_.has_errors()) {
      diags_.error("the model has no [[service]]", top.where(),
                   "the boundary starts from the services the report covers: add [[service]] "
                   "with an id and what it uses");
    }
    if (top.table_array("component")) {
      // Each [[component]] table is emptied once read and the array dropped after the last: the
      // parsed tree of a large inventory shrinks while its model grows, so they are never both
      // whole in memory.
      auto& components = *root.get_as<toml::array>("component");
      m.components.reserve(components.size());
      for (auto& n : components) {
        m.components.push_back(read_component(*n.as_table()));
        n.as_table()->clear();
      }
      root.erase("component");
    }
    if (const auto* arr = top.table_array("subservice")) {
      for (const auto& n : *arr) m.subservices.push_back(read_subservice(*n.as_table()));
    }
    // The options move into the model: a copy of a toml++ node loses its source position, and with
    // it the line and column of every problem a plugin finds in its options.
    if (top.table("plugins")) read_plugins(*root.get_as<toml::table>("plugins"), m);
    if (const auto* arr = top.table_array("scenario")) {
      for (const auto& n : *arr) {
        if (m.scenarios.size() == kMaxScenarios) {
          diags_.error("more than " + std::to_string(kMaxScenarios) + " [[scenario]] tables",
                       location_of(n.source(), file_),
                       "each scenario is a whole estimate; keep the ones a reader will compare");
          break;
        }
        m.scenarios.push_back(read_scenario(*n.as_table(), m));
      }
    }
    if (const auto* arr = top.table_array("renewal")) {
      for (const auto& n : *arr) read_renewal(*n.as_table(), m.engagement);
    }
    const auto includes = include_list(top, root);
    top.check_unknown_keys();
    // Included files come after the model's own elements are registered: an imported element with
    // a hand-written one's id is dropped (the hand-written model wins).
    for (const auto& [path, where] : includes) read_include(path, where, m);
    check_references(m);
    std::size_t inclusive = 0;
    for (const auto& v : m.subservices) {
      if (v.method == SubserviceMethod::Inclusive && ++inclusive == kMaxInclusive + 1) {
        diags_.error(
            "more than " + std::to_string(kMaxInclusive) +
                " subservice organizations use the inclusive method",
            v.where,
            "the inclusive method tests a vendor's controls as the organization's own; carve out "
            "the others (method = \"carve-out\"), which is how most vendors are reported");
      }
    }
    return m;
  }

 private:
  /// `include = ["a.toml", ...]`: the paths and where each is written.
  std::vector<std::pair<std::string, SourceLocation>> include_list(TableReader& top,
                                                                   const toml::table& root) {
    std::vector<std::pair<std::string, SourceLocation>> out;
    if (!top.has("include")) return out;
    const auto paths = top.string_array("include");
    const auto* arr = root.get("include") ? root.get("include")->as_array() : nullptr;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      SourceLocation at = top.where("include");
      if (arr && i < arr->size()) at = location_of((*arr)[i].source(), file_);
      out.emplace_back(paths[i], at);
    }
    return out;
  }

  /// Reads one model overlay: its [[component]] and [[subservice]] tables join the model, each
  /// located in the included file; an id the hand-written model already has keeps the model's.
  void read_include(const std::string& rel, const SourceLocation& where, Model& m) {
    if (!options_.include_dir) {
      diags_.error("include '" + rel + "' cannot be read: this model has no folder on disk", where,
                   "includes are read from model files (attestplan validate/estimate FILE); "
                   "paste the included elements into the model to use it here");
      return;
    }
    if (rel.empty()) {
      diags_.error("include names an empty path", where);
      return;
    }
    if (m.included_files.size() >= kMaxIncludes) {
      diags_.error("more than " + std::to_string(kMaxIncludes) + " included files", where);
      return;
    }
    const std::filesystem::path p = std::filesystem::path{rel}.is_absolute()
                                        ? std::filesystem::path{rel}
                                        : (*options_.include_dir / rel).lexically_normal();
    const std::string name = p.string();
    std::error_code ec;
    if (name == main_file_ || std::filesystem::equivalent(p, main_file_, ec)) {
      diags_.error("the model includes itself ('" + rel + "')", where);
      return;
    }
    if (std::find(m.included_files.begin(), m.included_files.end(), name) !=
        m.included_files.end()) {
      diags_.error("'" + rel + "' is included twice", where);
      return;
    }
    if (!std::filesystem::exists(p, ec)) {
      diags_.error("included file '" + rel + "' does not exist (looked for " + name + ")", where,
                   "include paths are taken from the including model's folder");
      return;
    }
    auto file = read_text_file(p, diags_, where);
    if (!file) return;
    m.included_files.push_back(name);
    auto root = parse_toml(file->text, name, "model overlay", diags_);
    if (!root) return;
    // Every element read from here on is located in the included file.
    const FileName saved = file_;
    file_ = FileName{name};
    files_.push_back(file_);
    file_index_ = static_cast<std::uint16_t>(files_.size() - 1);
    TableReader top(*root, "the included file", file_, diags_);
    top.format_version(kModelFormat, kModelFormatVersion);
    if (top.has("include")) {
      top.string_array("include");
      diags_.error("an included file cannot include others", top.where("include"),
                   "include every overlay from the hand-written model");
    }
    if (const auto* arr = top.table_array("component")) {
      for (const auto& n : *arr) {
        auto c = read_component(*n.as_table());
        if (!shadowed_) m.components.push_back(std::move(c));
      }
    }
    if (const auto* arr = top.table_array("subservice")) {
      for (const auto& n : *arr) {
        auto s = read_subservice(*n.as_table());
        if (!shadowed_) m.subservices.push_back(std::move(s));
      }
    }
    top.check_unknown_keys();
    shadowed_ = false;
    file_ = saved;
    file_index_ = 0;
  }

  void read_schema(TableReader& top) {
    top.format_version(kModelFormat, kModelFormatVersion, true);
  }

  Organization read_organization(const toml::table& t) {
    TableReader r(t, "[organization]", file_, diags_);
    Organization o;
    o.where = r.where();
    o.name = r.string("name", true).value_or("");
    o.location = r.string("location").value_or("");
    if (auto country = r.country("country", "e.g. \"DK\", \"US\"")) o.country = *country;
    o.contact = r.string("contact").value_or("");
    o.address = r.string_array("address");
    for (auto& code : r.string_array("staff_countries")) {
      if (is_country_code(code)) {
        if (std::find(o.staff_countries.begin(), o.staff_countries.end(), code) ==
            o.staff_countries.end()) {
          o.staff_countries.push_back(std::move(code));
        }
      } else {
        diags_.error("staff_countries: '" + code + "' is not a 2-letter ISO 3166 code",
                     r.where("staff_countries"), "e.g. staff_countries = [\"US\", \"DE\"]");
      }
    }
    const auto employees = r.integer("employees", 1, 10'000'000, true);
    o.employees = static_cast<int>(employees.value_or(1));
    o.engineers = static_cast<int>(r.integer("engineers", 0, 10'000'000).value_or(0));
    if (employees && o.engineers > o.employees) {
      diags_.error("engineers (" + std::to_string(o.engineers) + ") exceed employees (" +
                       std::to_string(o.employees) + ")",
                   r.where("engineers"), "engineers are counted among the employees");
    }
    o.maturity = r.word("maturity", &parse_maturity, names_of_maturity()).value_or(o.maturity);
    o.annual_turnover = r.number("annual_turnover", 0.0, 1.0).value_or(o.annual_turnover);
    o.first_audit = r.boolean("first_audit").value_or(true);
    const auto new_auditor = r.boolean("new_auditor");
    o.new_auditor = new_auditor.value_or(false);
    o.new_auditor_stated = new_auditor.has_value();
    if (const auto recovery = r.string("vat_recovery")) {
      const auto share = r.number("vat_recovery_share", 0.0, 1.0);
      if (*recovery == "full") {
        o.vat_recovery_share = 1.0;
      } else if (*recovery == "none") {
        o.vat_recovery_share = 0.0;
      } else if (*recovery == "pro-rata") {
        if (share) {
          o.vat_recovery_share = *share;
        } else {
          diags_.error(
              "vat_recovery = \"pro-rata\" needs vat_recovery_share, the share recovered (0 to 1)",
              r.where("vat_recovery"), "e.g. vat_recovery_share = 0.35 for a 35 % deduction right");
        }
      } else {
        diags_.error(
            "vat_recovery must be \"full\", \"pro-rata\" or \"none\", not '" + *recovery + "'",
            r.where("vat_recovery"),
            "\"none\" for a VAT-exempt business (a bank, insurer or payment institution)");
      }
      if (share && *recovery != "pro-rata") {
        diags_.warning("vat_recovery_share is read only with vat_recovery = \"pro-rata\"",
                       r.where("vat_recovery_share"));
      }
    } else if (r.number("vat_recovery_share", 0.0, 1.0)) {
      diags_.warning("vat_recovery_share is read only with vat_recovery = \"pro-rata\"",
                     r.where("vat_recovery_share"));
    }
    r.check_unknown_keys();
    return o;
  }

  /// `[maturity]`: a control area's maturity where it differs from the organization's word.
  void read_area_maturity(const toml::table& t, Organization& org) {
    TableReader r(t, "[maturity]", file_, diags_);
    for (const char* area : kControlAreas) {
      if (auto m = r.word(area, &parse_maturity, names_of_maturity())) org.area_maturity[area] = *m;
    }
    r.check_unknown_keys();
  }

  EngagementSettings read_engagement(const toml::table& t) {
    TableReader r(t, "[engagement]", file_, diags_);
    EngagementSettings e;
    e.where = r.where();
    e.report = r.word("report", &parse_report, names_of_report()).value_or(e.report);
    if (auto country = r.country("auditor_country",
                                 "e.g. \"US\" for a US CPA firm, \"DK\" for a Danish auditor")) {
      e.auditor_country = *country;
    }
    if (auto months = r.integer("observation_months", 3, 12)) {
      e.observation_months = static_cast<int>(*months);
      if (e.report.type == ReportType::Certification) {
        diags_.warning("observation_months is ignored for a certification",
                       r.where("observation_months"),
                       "a certification has no period of operation to report on: the plan dates "
                       "its Stage 1 and Stage 2 audits from the management system's readiness");
      } else if (!is_type2(e.report)) {
        diags_.warning("observation_months is ignored for a Type 1 report",
                       r.where("observation_months"), "a Type 1 report is as of a single date");
      } else if (*months < 6) {
        diags_.warning("a " + std::to_string(*months) +
                           "-month window is below the 6 months many auditors and user entities "
                           "expect (Schneider Downs, Ashland Partners, STIL)",
                       r.where("observation_months"),
                       "acceptable for a first Type 2; plan 12-month windows after it");
      }
    }
    e.start = r.date("start");
    e.window_start = r.date("window_start");
    e.as_of = r.date("as_of");
    e.stage2_start = r.date("stage2_start");
    if (e.start && e.stage2_start && *e.stage2_start < *e.start) {
      diags_.error("stage2_start " + e.stage2_start->to_string() + " is before start " +
                       e.start->to_string(),
                   r.where("stage2_start"));
    }
    // A staged plan: a Type 1 first, then the Type 2 the table describes, from the day after.
    if (r.boolean("type1_first").value_or(false)) {
      if (e.report.type == ReportType::Certification) {
        diags_.error("type1_first plans a Type 1 before a Type 2, and a certification has neither",
                     r.where("type1_first"),
                     "remove it: a certification's Stage 1 audit comes before its Stage 2");
      } else if (!is_type2(e.report)) {
        diags_.error(
            "type1_first plans a Type 1 before a Type 2, and this report is already a Type 1",
            r.where("type1_first"),
            "set report = \"soc2-type2\" (or isae3000-type2) and observation_months");
      } else {
        if (e.window_start) {
          diags_.warning(
              "window_start is ignored in a staged plan: the Type 2 window starts the day after "
              "the Type 1's date",
              r.where("window_start"), "give the Type 1's date with as_of");
          e.window_start.reset();
        }
        e.then_type2_months = e.observation_months.value_or(kDefaultObservationMonths);
        e.report = type1_of(e.report);
        e.observation_months.reset();
      }
    }
    if (e.window_start && e.report.type == ReportType::Certification) {
      diags_.warning("window_start is ignored for a certification", r.where("window_start"),
                     "the plan dates the Stage 2 audit from the management system's readiness");
    } else if (e.window_start && !is_type2(e.report)) {
      diags_.warning("window_start is ignored for a Type 1 report", r.where("window_start"),
                     "use as_of for a Type 1 report's date");
    }
    if (e.as_of && e.report.type == ReportType::Certification) {
      diags_.warning("as_of is ignored for a certification", r.where("as_of"),
                     "the plan dates the Stage 2 audit from the management system's readiness");
    }
    if (e.as_of && is_type2(e.report)) {
      diags_.warning("as_of is ignored for a Type 2 report", r.where("as_of"),
                     "use window_start for a Type 2 report's period");
    }
    if (e.start && e.window_start && *e.window_start < *e.start) {
      diags_.error("window_start " + e.window_start->to_string() + " is before start " +
                       e.start->to_string(),
                   r.where("window_start"));
    }
    e.renewal_dates = r.date_array("renewal_dates");
    if (auto currency = r.string("currency")) {
      const bool ok =
          currency->size() == 3 && std::all_of(currency->begin(), currency->end(),
                                               [](char c) { return c >= 'A' && c <= 'Z'; });
      if (ok) {
        e.currency = *currency;
      } else {
        diags_.error("currency must be a 3-letter ISO 4217 code such as USD, EUR or DKK, not \"" +
                         *currency + "\"",
                     r.where("currency"));
      }
    }
    if (r.has("categories")) {
      e.categories_given = true;
      const auto* arr = t.get("categories")->as_array();
      for (const auto& name : r.string_array("categories")) {
        if (auto c = parse_category(name)) {
          if (std::find(e.categories.begin(), e.categories.end(), *c) != e.categories.end()) {
            diags_.warning("category \"" + name + "\" is listed twice", r.where("categories"));
          } else {
            e.categories.push_back(*c);
          }
        } else {
          SourceLocation at = r.where("categories");
          if (arr) {
            for (const auto& item : *arr) {
              if (const auto* s = item.as_string(); s && s->get() == name) {
                at = location_of(item.source(), file_);
              }
            }
          }
          r.bad_word("categories", name, names_of_category(), at);
        }
      }
      if (std::find(e.categories.begin(), e.categories.end(), Category::Security) ==
          e.categories.end()) {
        diags_.warning("Security (the common criteria) is always in scope; added",
                       r.where("categories"), "list \"security\" to make this explicit");
        e.categories.insert(e.categories.begin(), Category::Security);
      }
      if (e.report.type == ReportType::Certification) {
        diags_.warning("categories is ignored for a certification", r.where("categories"),
                       "categories choose Trust Services Criteria; a certification's scope is "
                       "its management system's, and its statement of applicability follows the "
                       "boundary");
      }
    }
    if (auto text = r.string("user_year_end")) {
      // A month and a day every year has ("12-31"; 29 February is not one).
      static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const auto num = [&](std::size_t at) {
        return std::isdigit(static_cast<unsigned char>((*text)[at])) &&
                       std::isdigit(static_cast<unsigned char>((*text)[at + 1]))
                   ? static_cast<unsigned>(((*text)[at] - '0') * 10 + ((*text)[at + 1] - '0'))
                   : 0u;
      };
      const bool shaped = text->size() == 5 && (*text)[2] == '-';
      const unsigned m = shaped ? num(0) : 0, d = shaped ? num(3) : 0;
      if (m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1]) {
        e.user_year_end = std::pair{m, d};
      } else {
        diags_.error("user_year_end '" + *text + "' is not a month and day",
                     r.where("user_year_end"),
                     "the user entities' usual fiscal year end, as \"12-31\" or \"06-30\"");
      }
    }
    if (r.has("combined_with")) {
      e.combined_where = r.where("combined_with");
      for (const auto& name : r.string_array("combined_with")) {
        const auto other = parse_report(name);
        if (!other) {
          r.bad_word("combined_with", name, names_of_report(), e.combined_where);
          continue;
        }
        const auto same_framework = [&](const Report& x) {
          return x.framework == other->framework;
        };
        if (other->framework == e.report.framework ||
            std::any_of(e.combined_with.begin(), e.combined_with.end(), same_framework)) {
          diags_.error("combined_with names " + name +
                           ", and a combined engagement's reports are of different frameworks "
                           "(one report each)",
                       e.combined_where, "report = \"" + to_string(e.report) + "\" is the first");
          continue;
        }
        e.combined_with.push_back(*other);
      }
    }
    if (auto by = r.string("combined_by")) {
      if (*by == "one-firm" || *by == "separate-bodies") {
        e.one_firm = *by == "one-firm";
      } else {
        diags_.error("combined_by is \"one-firm\" or \"separate-bodies\", not \"" + *by + "\"",
                     r.where("combined_by"));
      }
      const bool certification = is_certification(e.report) ||
                                 std::any_of(e.combined_with.begin(), e.combined_with.end(),
                                             [](const Report& x) { return is_certification(x); });
      if (e.combined_with.empty()) {
        diags_.warning("combined_by is ignored without combined_with", r.where("combined_by"),
                       "combined_with names the reports performed with this one");
      } else if (!certification && *by == "separate-bodies") {
        diags_.warning(
            "combined_by = \"separate-bodies\" is ignored: the reports on controls of a "
            "combined engagement are one firm's",
            r.where("combined_by"), "two firms' reports are two engagements: model each apart");
      }
    }
    if (e.stage2_start && !is_certification(e.report) &&
        std::none_of(e.combined_with.begin(), e.combined_with.end(),
                     [](const Report& other) { return is_certification(other); })) {
      diags_.warning("stage2_start is ignored: no report here is a certification",
                     r.where("stage2_start"),
                     "it dates a certification's Stage 2 audit (report or combined_with "
                     "\"iso27001-certification\")");
    }
    r.check_unknown_keys();
    return e;
  }

  void register_id(const std::string& id, IdKind kind, const SourceLocation& where) {
    shadowed_ = false;
    if (id.empty()) return;
    const auto [it, inserted] =
        ids_.emplace(id, IdEntry{kind, file_index_, where.line, where.column});
    if (!inserted && file_index_ != 0 && it->second.file == 0) {
      // An included element the hand-written model also defines: the model's own is kept.
      shadowed_ = true;
      diags_.note("'" + id + "' from " + file_.str() +
                      " is also defined by the model; the model's own is kept",
                  where, "defined at " + where_of(it->second).to_string());
      return;
    }
    if (!inserted) {
      diags_.error("duplicate id '" + id + "'", where,
                   "first defined at " + where_of(it->second).to_string() + "; ids must be unique");
    }
  }

  [[nodiscard]] SourceLocation where_of(const IdEntry& entry) const {
    return {files_[entry.file], entry.line, entry.column};
  }

  /// Starts reading a `[[service]]`, `[[component]]` or `[[subservice]]`: its id (registered for
  /// the reference checks) and location; later messages name the element by its id.
  TableReader open_element(const toml::table& t, const char* header, IdKind kind, std::string& id,
                           SourceLocation& where) {
    TableReader r(t, header, file_, diags_);
    where = r.where();
    id = r.identifier("id", true).value_or("");
    register_id(id, kind, r.where("id"));
    r.set_context(std::string{header} + " '" + id + "'");
    return r;
  }

  Service read_service(const toml::table& t) {
    Service s;
    auto named = open_element(t, "[[service]]", IdKind::Service, s.id, s.where);
    s.name = named.string("name").value_or(s.id);
    s.description = named.string("description").value_or("");
    s.commitments = named.string_array("commitments");
    for (const auto& c : s.commitments) {
      const auto& known = known_commitments();
      if (std::find(known.begin(), known.end(), c) == known.end()) {
        const auto guess = diags_.suggest(c, known);
        diags_.warning("commitment \"" + c + "\" in [[service]] '" + s.id +
                           "' is not one attestplan knows; it suggests no category",
                       named.where("commitments"),
                       guess.empty() ? "known commitments drive category suggestions"
                                     : "did you mean \"" + guess + "\"?");
      }
    }
    s.financial_reporting = named.boolean("financial_reporting").value_or(false);
    s.uses = named.ref_array("uses");
    named.check_unknown_keys();
    return s;
  }

  Component read_component(const toml::table& t) {
    Component c;
    auto named = open_element(t, "[[component]]", IdKind::Component, c.id, c.where);
    c.kind = named.word("kind", &parse_component_kind, names_of_component_kind(), true)
                 .value_or(ComponentKind::Software);
    c.name = named.string("name").value_or(c.id);
    c.description = named.string("description").value_or("");
    c.runs_on = named.ref_array("runs_on");
    c.uses = named.ref_array("uses");
    c.stores = named.ref_array("stores");
    c.accesses = named.ref_array("accesses");
    c.flows_to = named.ref_array("flows_to");
    c.provided_by = named.ref("provided_by");
    c.deploys = named.word("deploys", &parse_frequency, names_of_frequency());
    c.classification = named.string_array("classification");
    for (const auto& cl : c.classification) {
      const auto& known = known_classifications();
      if (std::find(known.begin(), known.end(), cl) == known.end()) {
        named.bad_word("classification", cl, known);
      }
    }
    c.subjects = named.string("subjects").value_or("");
    if (auto n = named.integer("headcount", 0, 10'000'000)) c.headcount = static_cast<int>(*n);
    c.site = named.word("site", &parse_site, names_of_site());
    c.role = named.word("role", &parse_component_role, names_of_component_role());
    c.excluded = named.boolean("exclude").value_or(false);
    c.internet_facing = named.boolean("internet_facing").value_or(false);
    c.exclude_reason = named.string("exclude_reason").value_or("");
    c.process = named.string("process").value_or("");
    c.source = named.string("source").value_or("");
    named.check_unknown_keys();

    // Keys that only make sense for some kinds: say so instead of silently ignoring them.
    if (c.headcount && c.kind != ComponentKind::People) {
      diags_.warning("headcount applies to people components; ignored for '" + c.id + "'",
                     named.where("headcount"));
    }
    if (c.site && c.kind != ComponentKind::Facility) {
      diags_.error(
          "site applies to facility components, and '" + c.id + "' is " + to_string(c.kind),
          named.where("site"), "write kind = \"facility\" for an office or data centre");
    }
    if (c.kind == ComponentKind::Facility && !c.site) {
      diags_.error("facility '" + c.id + "' needs a site", named.where(),
                   "site = \"office\", \"data-centre\" or \"colocation\"");
    }
    if (!c.accesses.empty() && c.kind != ComponentKind::People) {
      diags_.warning("accesses describes what people reach; '" + c.id + "' is " +
                         to_string(c.kind) + ", so it is read as uses",
                     named.where("accesses"));
    }
    return c;
  }

  Subservice read_subservice(const toml::table& t) {
    Subservice s;
    auto named = open_element(t, "[[subservice]]", IdKind::Subservice, s.id, s.where);
    // vendor = "aws": the vendor library's defaults for every key the table does not set.
    const VendorDefaults* vendor = nullptr;
    if (auto v = named.identifier("vendor")) {
      const auto& lib = VendorLibrary::builtin();
      vendor = lib.find(*v);
      if (vendor) {
        s.vendor = *v;
      } else {
        const auto guess = diags_.suggest(*v, lib.ids());
        diags_.error(
            "vendor '" + *v + "' of subservice '" + s.id + "' is not in the vendor library",
            named.where("vendor"),
            guess.empty() ? "known vendors: " +
                                [&] {
                                  std::string all;
                                  for (const auto& id : lib.ids())
                                    all += (all.empty() ? "" : ", ") + id;
                                  return all;
                                }()
                          : "did you mean '" + guess + "'?");
      }
    }
    s.name = named.string("name").value_or(vendor ? vendor->name : s.id);
    s.description = named.string("description").value_or("");
    s.method = named.word("method", &parse_subservice_method, names_of_subservice_method())
                   .value_or(vendor ? vendor->method : s.method);
    s.report = named.word("report", &parse_vendor_report, names_of_vendor_report())
                   .value_or(vendor ? vendor->report : s.report);
    s.report_period_end = named.date("report_period_end");
    s.report_cycle_months = static_cast<int>(
        named.integer("report_cycle_months", 1, 24)
            .value_or(vendor ? vendor->report_cycle_months : s.report_cycle_months));
    s.covers = named.ref_array("covers");
    if (vendor && !named.has("covers")) {
      for (const auto& id : vendor->covers) s.covers.push_back(Ref{id, named.where("vendor")});
    }
    for (const auto& ref : s.covers) {
      if (!catalog_.find(ref.id)) {
        const auto guess = diags_.suggest(ref.id, catalog_.ids());
        diags_.error(
            "'" + ref.id + "' in covers of subservice '" + s.id + "' is not a criterion", ref.where,
            guess.empty() ? "criteria look like CC6.4, A1.2; see attestplan catalog criteria"
                          : "did you mean '" + guess + "'?");
      }
    }
    named.check_unknown_keys();
    if (s.report == VendorReport::None && s.report_period_end) {
      diags_.warning("report_period_end is given but report = \"none\"",
                     named.where("report_period_end"));
    }
    return s;
  }

  /// `[[renewal]]`: a customer's renewal date and the report it asks for (`needs`: "any" report
  /// in hand, or a "type2"), beside the plain dates of renewal_dates.
  void read_renewal(const toml::table& t, EngagementSettings& e) {
    TableReader r(t, "[[renewal]]", file_, diags_);
    const auto date = r.date("date", true);
    const auto needs = r.string("needs").value_or("any");
    if (needs != "any" && needs != "type2") {
      diags_.error(
          "needs must be \"any\" or \"type2\", not '" + needs + "'", r.where("needs"),
          "\"type2\" when the customer asks for a Type 2 report (a Type 1 does not meet it)");
    }
    (void)r.string("customer");  // who asked, for the reader of the model
    r.check_unknown_keys();
    if (!date) return;
    if (std::find(e.renewal_dates.begin(), e.renewal_dates.end(), *date) == e.renewal_dates.end()) {
      e.renewal_dates.push_back(*date);
    }
    if (needs == "type2") e.type2_renewals.push_back(*date);
  }

  ScenarioSpec read_scenario(const toml::table& t, const Model& m) {
    TableReader r(t, "[[scenario]]", file_, diags_);
    ScenarioSpec sc;
    sc.where = r.where();
    sc.id = r.identifier("id", true).value_or("");
    r.set_context("[[scenario]] '" + sc.id + "'");
    for (const auto& other : m.scenarios) {
      if (!sc.id.empty() && other.id == sc.id) {
        diags_.error("duplicate scenario id '" + sc.id + "'", r.where("id"),
                     "first defined at " + other.where.to_string());
      }
    }
    sc.label = r.string("name").value_or(sc.id);
    sc.report = r.word("report", &parse_report, names_of_report());
    if (auto months = r.integer("observation_months", 3, 12))
      sc.observation_months = static_cast<int>(*months);
    if (r.has("categories")) {
      std::vector<Category> cats{Category::Security};
      for (const auto& name : r.string_array("categories")) {
        if (auto c = parse_category(name)) {
          if (std::find(cats.begin(), cats.end(), *c) == cats.end()) cats.push_back(*c);
        } else {
          r.bad_word("categories", name, names_of_category());
        }
      }
      sc.categories = cats;
    }
    sc.window_start = r.date("window_start");
    sc.as_of = r.date("as_of");
    sc.type1_first = r.boolean("type1_first").value_or(false);
    sc.auditor_country = r.country("auditor_country", "e.g. \"DK\" for a Danish auditor");
    r.check_unknown_keys();
    const auto report = sc.report.value_or(m.engagement.report);
    if (is_certification(report)) {
      // A certification has no Type 1, no window and no categories to vary.
      for (const char* key :
           {"type1_first", "observation_months", "categories", "window_start", "as_of"}) {
        if (r.has(key)) {
          diags_.error(
              std::string{key} + " does not apply to a certification (scenario '" + sc.id + "')",
              r.where(key), "a certification's scenario may change its auditor's country");
        }
      }
    } else if (sc.observation_months && !is_type2(report) && !sc.type1_first) {
      diags_.error("observation_months needs a Type 2 report in scenario '" + sc.id + "'",
                   r.where("observation_months"),
                   "add report = \"soc2-type2\" or type1_first = true");
    }
    return sc;
  }

  void read_plugins(toml::table& plugins, Model& m) {
    for (auto&& [key, node] : plugins) {
      const auto where = location_of(key.source(), file_);
      if (auto* t = node.as_table()) {
        m.plugin_options.push_back(PluginOptions{std::string{key.str()}, std::move(*t), where});
      } else {
        diags_.error("[plugins." + std::string{key.str()} + "] must be a table of options", where);
      }
    }
  }

  void check_ref(const Ref& ref, std::string_view key, const RefOwner& owner,
                 std::initializer_list<IdKind> allowed) {
    const auto it = ids_.find(ref.id);
    if (it == ids_.end() && options_.removed_ids && options_.removed_ids->count(ref.id)) {
      // An id the earlier model had: a removal, which the caller reports.
      dropped.push_back({ref.id, std::string{key}, owner.text(), ref.where});
      dropped_ids_.insert(ref.id);
      return;
    }
    if (it == ids_.end() && ref.where.file.str() != main_file_) {
      // An imported overlay naming what the hand-written model does not define (an identity
      // provider's app with no component of that id): the access is dropped with a warning, so
      // that one unmatched app does not stop the whole model.
      diags_.warning(
          "'" + ref.id + "' in " + std::string{key} + " of " + owner.text() +
              " names nothing the model defines: an imported reference, dropped",
          ref.where,
          "define a component with this id in the model, or import with the component the app is "
          "(the assignment's \"component\")");
      dropped_ids_.insert(ref.id);
      return;
    }
    if (it == ids_.end()) {
      // The candidates are gathered only while suggestions remain: a model of many unknown ids
      // costs one pass over the ids for each of the first few, not for every one.
      std::string guess;
      if (diags_.take_suggestion()) {
        std::vector<std::string> candidates;
        for (const auto& [id, entry] : ids_) {
          if (candidates.size() == kMaxSuggestionCandidates) break;
          if (std::find(allowed.begin(), allowed.end(), entry.kind) != allowed.end())
            candidates.push_back(id);
        }
        guess = nearest(ref.id, candidates);
      }
      diags_.error("unknown id '" + ref.id + "' in " + std::string{key} + " of " + owner.text(),
                   ref.where,
                   guess.empty() ? "no service, component or subservice has this id"
                                 : "did you mean '" + guess + "'?");
      return;
    }
    if (std::find(allowed.begin(), allowed.end(), it->second.kind) == allowed.end()) {
      const char* what = it->second.kind == IdKind::Service     ? "a service"
                         : it->second.kind == IdKind::Component ? "a component"
                                                                : "a subservice organization";
      std::string expected = key == "provided_by" ? "a [[subservice]]" : "a [[component]]";
      diags_.error("'" + ref.id + "' in " + std::string{key} + " of " + owner.text() + " is " +
                       what + ", but " + std::string{key} + " must name " + expected,
                   ref.where,
                   key == "provided_by" ? "declare the vendor as [[subservice]] and name it here"
                                        : "defined at " + where_of(it->second).to_string());
    }
  }

  void check_references(Model& m) {
    constexpr auto kComponent = IdKind::Component;
    for (const auto& s : m.services) {
      const RefOwner owner{"service", s.id};
      for (const auto& ref : s.uses) check_ref(ref, "uses", owner, {kComponent, IdKind::Service});
    }
    for (const auto& c : m.components) {
      const RefOwner owner{"component", c.id};
      for (const auto& ref : c.runs_on) check_ref(ref, "runs_on", owner, {kComponent});
      for (const auto& ref : c.uses) check_ref(ref, "uses", owner, {kComponent, IdKind::Service});
      for (const auto& ref : c.stores) check_ref(ref, "stores", owner, {kComponent});
      for (const auto& ref : c.accesses)
        check_ref(ref, "accesses", owner, {kComponent, IdKind::Service});
      for (const auto& ref : c.flows_to)
        check_ref(ref, "flows_to", owner, {kComponent, IdKind::Service});
      if (c.provided_by) check_ref(*c.provided_by, "provided_by", owner, {IdKind::Subservice});
    }
    if (dropped_ids_.empty()) return;
    const auto gone = [&](const Ref& r) { return dropped_ids_.count(r.id) > 0; };
    const auto drop = [&](std::vector<Ref>& refs) {
      refs.erase(std::remove_if(refs.begin(), refs.end(), gone), refs.end());
    };
    for (auto& s : m.services) drop(s.uses);
    for (auto& c : m.components) {
      for (auto* refs : {&c.runs_on, &c.uses, &c.stores, &c.accesses, &c.flows_to}) drop(*refs);
      if (c.provided_by && gone(*c.provided_by)) c.provided_by.reset();
    }
  }

 public:
  std::vector<DroppedReference> dropped;  ///< references to removed ids (LoadOptions::removed_ids)

 private:
  std::unordered_set<std::string> dropped_ids_;

  FileName file_;                ///< the file being read: the model, or an included file
  const std::string main_file_;  ///< the model's own file
  const CriteriaCatalog& catalog_;
  const LoadOptions& options_;
  Diagnostics& diags_;
  std::unordered_map<std::string, IdEntry> ids_;
  bool shadowed_ = false;  ///< the element just opened is an included one the model overrides
  std::vector<FileName> files_{
      file_};                     ///< the model's file, then each included one (IdEntry::file)
  std::uint16_t file_index_ = 0;  ///< the file being read, in files_
};

}  // namespace

LoadResult load_model_text(std::string_view text, std::string source_name,
                           const CriteriaCatalog& catalog, const LoadOptions& options) {
  LoadResult result;
  auto root = parse_toml(text, source_name, "model", result.diagnostics);
  if (root) {
    ModelReader reader(source_name, catalog, options, result.diagnostics);
    auto model = reader.read(*root);
    result.dropped_references = std::move(reader.dropped);
    root.reset();  // everything the model says is in `model` now
    if (!result.diagnostics.has_errors()) result.model = std::move(model);
  }
  // Report in file order, so the user can walk through the file once: the model's own problems,
  // then each included file's.
  auto items = result.diagnostics.items();
  const auto rank = [&](const Diagnostic& d) { return d.location.file == source_name ? 0 : 1; };
  std::stable_sort(items.begin(), items.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(rank(a), std::string_view{a.location.file.str()}, a.location.line,
                      a.location.column) < std::tuple(rank(b),
                                                      std::string_view{b.location.file.str()},
                                                      b.location.line, b.location.column);
  });
  Diagnostics sorted;
  for (auto& d : items) sorted.add(std::move(d));
  result.diagnostics = std::move(sorted);
  return result;
}

LoadResult load_model_file(const std::filesystem::path& path, const CriteriaCatalog& catalog) {
  Diagnostics diags;
  auto file = read_text_file(path, diags);
  if (!file) {
    LoadResult result;
    result.diagnostics = std::move(diags);
    return result;
  }
  LoadOptions options;
  options.include_dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path{"."};
  auto result = load_model_text(file->text, file->source_name, catalog, options);
  result.source_text = std::move(file->text);
  return result;
}

}  // namespace attestplan

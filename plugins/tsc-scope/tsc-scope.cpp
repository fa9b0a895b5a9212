// tsc-scope: which Trust Services categories apply (suggested from commitments and data, with
// reasons), which criteria that brings in, and which controls from the control library the auditor
// will test, filtered by what the boundary holds. Stage: scope.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "additional_criteria.hpp"
#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/scope_signer.hpp"
#include "attestplan/toml_reader.hpp"
#include "library.hpp"

namespace {

using namespace attestplan;
using tsc_scope::kProviderDomain;
using tsc_scope::LibraryControl;

/// Which component kinds, provided by an inclusive vendor, bring which control domains: what it
/// operates for the organization. Only controls for criteria a vendor can carry or share stay.
const std::map<ComponentKind, std::vector<std::string>> kInclusiveDomains{
    {ComponentKind::Software, {"access", "operations", "monitoring"}},
    {ComponentKind::Infrastructure, {"access", "operations", "monitoring", "availability"}},
    {ComponentKind::Data, {"access", "operations"}},
    {ComponentKind::Facility, {"physical"}},
};

/// What the boundary holds that decides whether a control applies: condition → why it holds.
/// Sets and maps of names that are looked up by string_view as well (the library's texts).
using Names = std::set<std::string, std::less<>>;
using Reasons = std::map<std::string, std::string, std::less<>>;

/// The in-scope criterion ids, sorted, as views of the scope's own list (which must not change
/// while this is used): asked about every criterion of every control, so it copies nothing.
class CriterionSet {
 public:
  explicit CriterionSet(const std::vector<std::string>& ids) : ids_(ids.begin(), ids.end()) {
    std::sort(ids_.begin(), ids_.end());
  }
  [[nodiscard]] bool count(std::string_view id) const {
    return std::binary_search(ids_.begin(), ids_.end(), id);
  }

 private:
  std::vector<std::string_view> ids_;
};

Reasons conditions_of(const Context& ctx) {
  Reasons held;
  const auto& model = ctx.model;
  const auto& b = ctx.boundary;
  std::set<std::string> carve_out_vendors;
  for (const auto& s : b.subservices) {
    if (s.method == SubserviceMethod::CarveOut) carve_out_vendors.insert(s.id);
  }
  if (!carve_out_vendors.empty()) {
    held["carve-out"] = "carve-out subservice organizations are relied on (" + [&] {
      std::string ids;
      for (const auto& v : carve_out_vendors) ids += (ids.empty() ? "" : ", ") + v;
      return ids;
    }() + ")";
  }
  for (std::size_t k = 0; k < model.components.size(); ++k) {
    if (!b.component_in_scope(k)) continue;
    const auto& c = model.components[k];
    // A site a subservice organization runs is its to control, whichever method reports on it: the
    // inclusive method tests the provider's controls in place of the organization's, never beside.
    const bool vendor_run = c.provided_by.has_value();
    if (c.kind == ComponentKind::Facility && c.site == Site::Office && !held.count("office")) {
      held["office"] = "the boundary holds an office (" + c.id + ")";
    }
    if (c.kind == ComponentKind::Facility && c.site != Site::Office && !vendor_run &&
        !held.count("data-centre")) {
      held["data-centre"] = "the boundary holds a data centre the organization runs (" + c.id + ")";
    }
    // Infrastructure of the organization's own in a colocation site or data centre: its racks or
    // cage and its hardware's disposal stay with it, whoever runs the building.
    if (c.kind == ComponentKind::Infrastructure && !c.provided_by && !held.count("own-hardware")) {
      for (const auto& r : c.runs_on) {
        const auto at = b.component_index(r.id);
        if (!at || !b.component_in_scope(*at)) continue;
        const auto* site = &model.components[*at];
        if (site->kind == ComponentKind::Facility && site->site != Site::Office) {
          held["own-hardware"] =
              "the organization keeps its own hardware (" + c.id + ") at " + site->id;
          break;
        }
      }
    }
    // Infrastructure a provider runs for the organization as a service (IaaS, PaaS): zones,
    // autoscaling and the provider's access model are the organization's to configure. Hardware in
    // a colocation site is not: the organization's own, it is held above as own-hardware.
    if (c.kind == ComponentKind::Infrastructure && c.provided_by && !held.count("cloud")) {
      held["cloud"] = "the organization runs on infrastructure " + c.provided_by->id +
                      " provides as a service (" + c.id + ")";
    }
    if (c.kind == ComponentKind::People && !held.count("endpoints")) {
      held["endpoints"] = "in-scope people use endpoints (" + c.id + ")";
    }
    if (c.kind == ComponentKind::Software && !c.provided_by && !held.count("software")) {
      held["software"] = "the organization builds and runs software in scope (" + c.id + ")";
    }
    if (c.kind == ComponentKind::Data && !held.count("personal-data") &&
        std::any_of(c.classification.begin(), c.classification.end(), [](const std::string& x) {
          return x == "personal" || x == "sensitive-personal" || x == "health";
        })) {
      held["personal-data"] = "in-scope data holds personal information (" + c.id + ")";
    }
  }
  return held;
}

class TscScope final : public ScopePlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    excluded_.clear();
    additional_.clear();
    extra_.reset();
    std::vector<Ref> additional;
    if (options) {
      TableReader r(*options, "[plugins.tsc-scope]", ctx.model.source_name, diags);
      for (const auto& ref : r.ref_array("exclude_controls")) excluded_.push_back(ref);
      additional = r.ref_array("additional");
      r.check_unknown_keys();
    }
    // A SOC 2+'s additional criteria, read only when the model asks for it.
    if (!additional.empty()) {
      extra_ = plugin_data::builtin_or_override(ctx, "additional-criteria",
                                                tsc_scope::kBuiltinAdditionalCriteriaFile, diags,
                                                &tsc_scope::parse_additional_criteria);
      if (extra_) tsc_scope::check_criteria(*extra_, ctx.catalog, diags);
      for (const auto& ref : additional) {
        if (!extra_) break;
        if (extra_->find(ref.id)) {
          if (std::find(additional_.begin(), additional_.end(), ref.id) != additional_.end()) {
            diags.error("additional names '" + ref.id + "' twice", ref.where);
          } else {
            additional_.push_back(ref.id);
          }
          continue;
        }
        std::vector<std::string> known;
        for (const auto& s : extra_->sets) known.push_back(s.id);
        const auto guess = diags.suggest(ref.id, known);
        diags.error(
            "additional names '" + ref.id + "', which is no set of the additional-criteria file",
            ref.where,
            guess.empty() ? "the built-in file (models/soc2plus/additional-criteria.toml) has "
                            "hipaa-security"
                          : "did you mean '" + guess + "'?");
      }
    }
    library_ = plugin_data::builtin_or_override(ctx, "controls", tsc_scope::kBuiltinLibrary, diags,
                                                &tsc_scope::parse_library);
    if (library_) tsc_scope::check_criteria(*library_, ctx.catalog, diags);
    if (!library_)
      library_ = std::make_shared<const tsc_scope::Library>();  // the file did not read
    for (const auto& ref : excluded_) {
      const bool known = std::any_of(library_->controls.begin(), library_->controls.end(),
                                     [&](const LibraryControl& c) { return c.id == ref.id; });
      if (!known) {
        std::string guess;
        if (diags.take_suggestion()) {
          std::vector<std::string> ids;
          for (const auto& c : library_->controls) ids.emplace_back(c.id);
          guess = nearest(ref.id, ids);
        }
        diags.error("exclude_controls names '" + ref.id + "', which is not in the control library",
                    ref.where,
                    guess.empty() ? "the built-in library is models/controls/soc2-controls.toml"
                                  : "did you mean '" + guess + "'?");
      }
    }
  }

  void run(const Context& ctx, ScopeWriter& out) override {
    auto& scope = out.result();
    scope.ran = true;
    choose_categories(ctx, out);
    std::set<Category> in_scope;
    for (const auto& c : scope.categories) {
      if (c.in_scope) in_scope.insert(c.category);
    }
    for (const auto& criterion : ctx.catalog.all()) {
      if (in_scope.count(criterion.category)) scope.criteria.push_back(criterion.id);
    }
    const CriterionSet criteria(scope.criteria);
    for (const auto& id : ctx.boundary.carved_out_criteria()) {
      if (criteria.count(id)) scope.carved_out.push_back(id);
    }
    select_controls(ctx, out, criteria);
    add_vendor_controls(ctx, out, criteria);
    find_gaps(out);
    add_additional_criteria(ctx, out, criteria);
    state_signer(ctx, out);
    add_cuecs(ctx, out);
    // The gap list: the control areas of the organization's own controls that do not operate yet.
    std::size_t used_areas = 0;
    for (const char* area : kControlAreas) {
      const auto m = maturity_of(ctx.model.organization, area);
      const bool used = std::any_of(
          scope.controls.begin(), scope.controls.end(),
          [&](const ScopedControl& c) { return c.performed_by.empty() && c.area == area; });
      if (used && m != Maturity::Operating) scope.areas_not_operating.emplace_back(area, m);
      used_areas += used;
    }
    // A renewing organization's controls ran over its last period: none of them operating is a
    // model that says two things (a new area can be; all of them cannot).
    if (!ctx.model.organization.first_audit && used_areas > 0 &&
        scope.areas_not_operating.size() == used_areas) {
      out.add_finding({Severity::Warning, "renewal-not-operating",
                       "the organization renews its report (first_audit = false), yet no control "
                       "area is set as "
                       "operating, so readiness and remediation are planned as for a first audit: "
                       "set maturity = "
                       "\"operating\" in [organization], and a lower maturity only for the areas "
                       "whose controls are new",
                       ctx.model.organization.where});
    }

    std::map<Category, int> per_category;
    for (const auto& id : scope.criteria) per_category[ctx.catalog.find(id)->category]++;
    std::string breakdown;
    for (const auto& [cat, n] : per_category) {
      breakdown +=
          (breakdown.empty() ? "" : ", ") + std::to_string(n) + " " + criterion_prefix(cat);
    }
    scope.criteria_count =
        out.add({.id = "scope.criteria",
                 .kind = "criteria",
                 .group = "scope",
                 .label = "Criteria in scope",
                 .rule = "every criterion of each category in scope (catalog " +
                         ctx.catalog.name() + "): " + breakdown,
                 .inputs = {{"categories", std::to_string(in_scope.size())}},
                 .value = Range::exactly(static_cast<double>(scope.criteria.size())),
                 .unit = unit::kCount});
    std::size_t own = 0, vendor = 0, automated = 0;
    for (const auto& c : scope.controls) {
      (c.performed_by.empty() ? own : vendor)++;
      automated += c.automated;
    }
    scope.control_count = out.add(
        {.id = "scope.controls",
         .kind = "controls",
         .group = "scope",
         .label = "Controls to test",
         .rule = std::string{"library controls addressing an in-scope criterion whose conditions "
                             "the boundary meets, less exclusions; plus inclusive vendors' "
                             "controls"} +
                 (additional_.empty() ? ""
                                      : ", and one for each requirement of additional "
                                        "criteria (SOC 2+)"),
         .inputs = {{"own", std::to_string(own)},
                    {"at inclusive vendors", std::to_string(vendor)},
                    {"automated", std::to_string(automated)},
                    {"excluded by options", std::to_string(excluded_.size())}},
         .value = Range::exactly(static_cast<double>(scope.controls.size())),
         .unit = unit::kCount});
  }

 private:
  void choose_categories(const Context& ctx, ScopeWriter& out) {
    const auto& model = ctx.model;
    std::map<Category, std::vector<std::string>> reasons;
    reasons[Category::Security].push_back("the common criteria are always in scope");
    const std::map<std::string, Category> by_commitment{
        {"uptime-sla", Category::Availability},
        {"availability", Category::Availability},
        {"disaster-recovery", Category::Availability},
        {"nda", Category::Confidentiality},
        {"confidentiality", Category::Confidentiality},
        {"data-deletion", Category::Confidentiality},
        {"processing-accuracy", Category::ProcessingIntegrity},
        {"transaction-processing", Category::ProcessingIntegrity},
        {"privacy-notice", Category::Privacy},
        {"data-processing-agreement", Category::Privacy}};
    for (const auto& s : model.services) {
      for (const auto& c : s.commitments) {
        if (auto it = by_commitment.find(c); it != by_commitment.end()) {
          reasons[it->second].push_back("service '" + s.id + "' commits to " + c);
        }
      }
    }
    bool eu_personal = false;
    for (std::size_t k = 0; k < model.components.size(); ++k) {
      const auto& c = model.components[k];
      if (c.kind != ComponentKind::Data || !ctx.boundary.component_in_scope(k)) continue;
      for (const auto& cl : c.classification) {
        if (cl == "confidential") {
          reasons[Category::Confidentiality].push_back("'" + c.id + "' holds confidential data");
        } else if (cl == "personal" || cl == "sensitive-personal" || cl == "health") {
          reasons[Category::Privacy].push_back("'" + c.id + "' holds " + cl + " data");
          eu_personal = eu_personal || c.subjects == "eu";
        } else if (cl == "transactions" || cl == "financial") {
          reasons[Category::ProcessingIntegrity].push_back("'" + c.id + "' holds " + cl + " data");
        }
      }
    }
    const auto& chosen = model.engagement.categories;
    const bool given = model.engagement.categories_given;
    for (Category cat : {Category::Security, Category::Availability, Category::Confidentiality,
                         Category::ProcessingIntegrity, Category::Privacy}) {
      CategoryChoice choice;
      choice.category = cat;
      choice.reasons = reasons[cat];
      choice.suggested = !choice.reasons.empty();
      const bool picked = std::find(chosen.begin(), chosen.end(), cat) != chosen.end();
      choice.in_scope = cat == Category::Security || (given ? picked : choice.suggested);
      if (given && choice.suggested && !picked) {
        std::string why = choice.reasons.front();
        if (choice.reasons.size() > 1)
          why += " (and " + std::to_string(choice.reasons.size() - 1) + " more)";
        out.add_finding(
            {Severity::Warning, "category-not-chosen",
             std::string{display_name(cat)} + " is suggested because " + why +
                 ", but the model's categories leave it out" +
                 (cat == Category::Privacy && eu_personal
                      ? ". The GDPR applies to this EU personal data either way; many "
                        "EU organizations address it through their data processing agreements "
                        "and, for assurance, ISO/IEC 27701 or the Privacy criteria"
                      : ""),
             model.engagement.where});
      } else if (given && picked && !choice.suggested && cat != Category::Security) {
        out.add_finding({Severity::Note, "category-without-reason",
                         std::string{display_name(cat)} +
                             " is chosen, but no commitment or in-scope data calls for it; "
                             "it adds criteria (and cost) customers may not need",
                         model.engagement.where});
      } else if (!given && choice.suggested && cat == Category::Privacy) {
        out.add_finding(
            {Severity::Note, "privacy-suggested",
             "Privacy is included because in-scope data holds personal "
             "information; set engagement.categories to decide explicitly" +
                 std::string{eu_personal ? " (GDPR applies to this EU data either way)" : ""},
             model.engagement.where});
      }
      out.result().categories.push_back(std::move(choice));
    }
  }

  void select_controls(const Context& ctx, ScopeWriter& out, const CriterionSet& criteria) {
    const auto held = conditions_of(ctx);
    out.result().controls.reserve(out.result().controls.size() + library_->controls.size());
    for (const auto& c : library_->controls) {
      if (c.domain == kProviderDomain)
        continue;  // an inclusive provider's, never the organization's
      std::vector<std::string> addressed;
      for (const auto& ref : c.criteria) {
        if (criteria.count(ref.id)) addressed.push_back(ref.id);
      }
      if (addressed.empty()) continue;
      std::string why;
      bool applies = true;
      for (const auto& cond : c.conditions) {
        const auto it = held.find(cond);
        if (it == held.end()) {
          applies = false;
          break;
        }
        if (!why.empty()) why += "; ";
        why += it->second;
      }
      if (!applies) continue;
      if (std::any_of(excluded_.begin(), excluded_.end(),
                      [&](const Ref& r) { return r.id == c.id; })) {
        out.add_finding({Severity::Note, "control-excluded",
                         cat("control ", c.id, " (", c.title,
                             ") is excluded by [plugins.tsc-scope] exclude_controls"),
                         ctx.model.source_name.empty() ? SourceLocation{}
                                                       : SourceLocation{ctx.model.source_name}});
        continue;
      }
      ScopedControl& sc = out.result().controls.emplace_back(scoped(c));
      sc.criteria = std::move(addressed);
      sc.why = why.empty() ? "addresses in-scope criteria" : std::move(why);
    }
  }

  static ScopedControl scoped(const LibraryControl& c) {
    ScopedControl sc;
    sc.id = c.id;
    sc.title = c.title;
    sc.area = area_of_domain(c.domain);
    sc.frequency = c.frequency;
    sc.automated = c.automated;
    sc.population = c.population;
    sc.per_system = c.per_system;
    sc.evidence = c.evidence;
    sc.evidence_category = c.evidence_category;
    sc.owner = c.owner;
    return sc;
  }

  /// Inclusive subservice organizations: their controls join the tested set, chosen by what each
  /// provides — a colocation site brings the building's physical and environmental controls, an
  /// operated service the controls of what it operates — and only for the criteria a vendor can
  /// carry or share (the criteria catalog says which).
  void add_vendor_controls(const Context& ctx, ScopeWriter& out, const CriterionSet& criteria) {
    Names handed_over;  // roles an inclusive vendor performs in the organization's place
    for (const auto& vendor : ctx.boundary.subservices) {
      if (vendor.method != SubserviceMethod::Inclusive) continue;
      Names domains, roles;
      bool runs_a_site = false, runs_infrastructure = false, runs_a_service = false;
      for (const auto& id : vendor.reached_via) {
        const auto k = ctx.boundary.component_index(id);
        if (!k) continue;
        const auto* comp = &ctx.model.components[*k];
        runs_a_site =
            runs_a_site || (comp->kind == ComponentKind::Facility && comp->site != Site::Office);
        runs_infrastructure = runs_infrastructure || comp->kind == ComponentKind::Infrastructure;
        runs_a_service = runs_a_service || comp->kind != ComponentKind::Facility;
        // A component with a role (a monitoring service) brings the controls of that role, which
        // the vendor performs for the organization; one without brings its kind's control domains.
        const bool role_controls =
            comp->role &&
            std::any_of(library_->controls.begin(), library_->controls.end(),
                        [&](const LibraryControl& c) { return c.role == to_string(*comp->role); });
        if (role_controls) {
          roles.insert(to_string(*comp->role));
          continue;
        }
        const auto it = kInclusiveDomains.find(comp->kind);
        if (it != kInclusiveDomains.end()) domains.insert(it->second.begin(), it->second.end());
      }
      handed_over.insert(roles.begin(), roles.end());
      for (const auto& c : library_->controls) {
        // What it runs for the organization as a provider (its staff's access and screening,
        // escalation, changes to what it configures), whatever the criterion's usual owner.
        const bool provider = c.domain == kProviderDomain;
        if (provider ? !runs_a_service : !roles.count(c.role) && !domains.count(c.domain)) continue;
        // The vendor's own operation only: not the organization's office, laptops or vendor
        // reviews, and the data-centre controls only when it runs a site.
        const bool fits =
            std::all_of(c.conditions.begin(), c.conditions.end(), [&](const std::string& cond) {
              return cond == "data-centre" ? runs_a_site
                     : cond == "cloud"     ? runs_infrastructure
                                           : cond == "software";
            });
        if (!fits || (runs_a_site && c.domain == "physical" &&
                      std::find(c.conditions.begin(), c.conditions.end(), "data-centre") ==
                          c.conditions.end())) {
          continue;
        }
        ScopedControl sc = scoped(c);
        const bool its_own = provider || roles.count(c.role);
        for (const auto& ref : c.criteria) {
          const auto* criterion = ctx.catalog.find(ref.id);
          if (criteria.count(ref.id) && criterion &&
              (its_own || criterion->vendor_role != VendorRole::Entity)) {
            sc.criteria.push_back(ref.id);
          }
        }
        if (sc.criteria.empty()) continue;
        sc.id = cat(vendor.id, ":", c.id);
        sc.owner = vendor.name;
        sc.performed_by = vendor.id;
        sc.why = vendor.name + " is included (inclusive method) and provides " + [&] {
          std::string s;
          for (const auto& v : vendor.reached_via) s += (s.empty() ? "" : ", ") + v;
          return s;
        }();
        out.result().controls.push_back(std::move(sc));
      }
    }
    // What a vendor performs in the organization's place is tested once, at the vendor: the
    // organization's own copy of those controls leaves the set (the inclusive method, never
    // beside).
    if (handed_over.empty()) return;
    Names moved;
    for (const auto& c : library_->controls) {
      if (!c.role.empty() && handed_over.count(c.role)) moved.insert(c.id);
    }
    auto& controls = out.result().controls;
    controls.erase(std::remove_if(controls.begin(), controls.end(),
                                  [&](const ScopedControl& x) {
                                    return x.performed_by.empty() && moved.count(x.id);
                                  }),
                   controls.end());
  }

  /// The boundary's CUECs (access, credentials, incidents, data), then those the categories in
  /// scope and the services' commitments bring (the library's [[cuec]] entries).
  void add_cuecs(const Context& ctx, ScopeWriter& out) {
    auto& scope = out.result();
    scope.cuecs.assign(ctx.boundary.cuecs.begin(), ctx.boundary.cuecs.end());
    for (const auto& c : library_->cuecs) {
      const auto colon = c.when.find(':');
      const std::string kind = c.when.substr(0, colon), name = c.when.substr(colon + 1);
      bool applies = false;
      if (kind == "category") {
        applies = std::any_of(
            scope.categories.begin(), scope.categories.end(),
            [&](const CategoryChoice& x) { return x.in_scope && to_string(x.category) == name; });
      } else {
        for (const auto& svc : ctx.model.services) {
          applies = applies || std::find(svc.commitments.begin(), svc.commitments.end(), name) !=
                                   svc.commitments.end();
        }
      }
      if (applies &&
          std::find(scope.cuecs.begin(), scope.cuecs.end(), c.text) == scope.cuecs.end()) {
        scope.cuecs.push_back(c.text);
      }
    }
  }

  void find_gaps(ScopeWriter& out) {
    // What the selected controls and the carve-out vendors cover, as views of their own lists.
    std::vector<std::string_view> covered(out.result().carved_out.begin(),
                                          out.result().carved_out.end());
    for (const auto& c : out.result().controls)
      covered.insert(covered.end(), c.criteria.begin(), c.criteria.end());
    std::sort(covered.begin(), covered.end());
    for (const auto& id : out.result().criteria) {
      if (std::binary_search(covered.begin(), covered.end(), std::string_view{id})) continue;
      out.result().gaps.push_back(id);
      out.add_finding({Severity::Warning,
                       "criterion-gap",
                       "criterion " + id +
                           " is in scope but no applicable control in the library addresses it "
                           "and no subservice organization carries it",
                       {}});
    }
  }

  /// A SOC 2+: each requirement of each set of additional criteria the model names, tested
  /// with the controls of the criteria it maps to where one of them is in scope and tested (one
  /// more test, against the requirement's own words), else with a control of its own.
  /// The in-scope data components classified `classification`, by id.
  static std::vector<std::string> data_classified(const Context& ctx,
                                                  std::string_view classification) {
    std::vector<std::string> ids;
    const auto& model = ctx.model;
    for (std::size_t k = 0; k < model.components.size(); ++k) {
      const auto& c = model.components[k];
      if (c.kind != ComponentKind::Data || !ctx.boundary.component_in_scope(k)) continue;
      if (std::find(c.classification.begin(), c.classification.end(), classification) !=
          c.classification.end())
        ids.push_back(c.id);
    }
    return ids;
  }

  void add_additional_criteria(const Context& ctx, ScopeWriter& out, const CriterionSet& criteria) {
    if (!extra_) {
      // Health data in scope and no HIPAA: the customers of a business associate may ask for it.
      const auto health = data_classified(ctx, "health");
      if (!health.empty()) {
        out.add_finding(
            {Severity::Note, "health-data-no-hipaa",
             "'" + health.front() + "'" +
                 (health.size() > 1 ? " (and " + std::to_string(health.size() - 1) + " more)"
                                    : std::string{}) +
                 " holds health data: if the organization is a HIPAA covered entity "
                 "or business associate, its customers may ask for the HIPAA Security "
                 "Rule as additional criteria (a SOC 2+: [plugins.tsc-scope] additional "
                 "= [\"hipaa-security\"])",
             ctx.model.engagement.where});
      }
      return;
    }
    auto& scope = out.result();
    // The criteria the scope's controls test (a criterion carved out to a vendor is not).
    std::set<std::string, std::less<>> tested;
    for (const auto& c : scope.controls) tested.insert(c.criteria.begin(), c.criteria.end());
    for (const auto& set_id : additional_) {
      const auto& set = *extra_->find(set_id);
      AdditionalCriteria a{set.id, set.name, set.regulation, 0, 0, 0, 0, {}};
      if (!set.protects.empty() && data_classified(ctx, set.protects).empty()) {
        out.add_finding({Severity::Warning, "additional-criteria-no-data",
                         cat(set.name, " protects ", set.protects,
                             " data, and no data in scope is classified so: mark the data that "
                             "holds it (classification = [\"",
                             set.protects, "\"]) or leave the set out of additional"),
                         ctx.model.engagement.where});
      }
      std::size_t n = 0;
      for (const auto& q : extra_->requirements) {
        if (q.set != set.id) continue;
        if (q.applies == "clearinghouse") {
          a.not_applicable.push_back(
              q.id + " (" + q.title +
              "): it applies to a health care clearinghouse only; add it to a copy of the "
              "additional-criteria file's set if the organization is one");
          continue;
        }
        ++a.requirements;
        a.addressable += q.kind == "addressable";
        std::vector<std::string> meeting;
        for (const auto& ref : q.criteria) {
          if (criteria.count(ref.id) && tested.count(ref.id)) meeting.push_back(ref.id);
        }
        ScopedControl sc;
        sc.id = cat(set.id, "-", std::to_string(++n));
        sc.area = q.area;
        sc.criteria = {q.id};
        const std::string kind = q.kind.empty() ? "" : " (" + q.kind + ")";
        sc.evidence_category = set.name;
        if (!meeting.empty()) {
          ++a.with_criteria;
          sc.title = cat(set.name, " ", q.id, ": ", q.title, "; tested with the controls of ",
                         join_ids(meeting));
          sc.frequency = Frequency::Annual;
          sc.evidence =
              "What the rule asks for beyond the criteria's controls (its own policies, "
              "records and their review), inspected against the requirement's words";
          sc.why = cat(set.regulation, ", ", q.id, kind, ": met by the controls tested for ",
                       join_ids(meeting), ", tested once more against its own words (",
                       extra_->file, ")");
        } else {
          ++a.own_controls;
          sc.title = cat(set.name, " ", q.id, ": ", q.title);
          sc.frequency = q.frequency;
          sc.population = q.population;
          sc.evidence =
              "Evidence that the requirement was met over the period, as the rule words it";
          sc.why = cat(set.regulation, ", ", q.id, kind,
                       q.criteria.empty() ? ": no criterion meets it"
                                          : ": the criteria that meet it are not in scope",
                       ", so it is tested with a control of its own (", extra_->file, ")");
        }
        scope.controls.push_back(std::move(sc));
      }
      out.add({.id = "scope.additional." + set.id,
               .kind = "requirements",
               .group = "scope",
               .label = set.name + ": requirements in scope",
               .rule = cat("each requirement of ", set.regulation,
                           " (additional criteria, SOC 2+), tested with the controls of the "
                           "criteria it maps to or with one of its own; ",
                           extra_->file, ": ", extra_->source),
               .inputs = {{"with the criteria's controls", std::to_string(a.with_criteria)},
                          {"with controls of their own", std::to_string(a.own_controls)},
                          {"not applicable", std::to_string(a.not_applicable.size())}},
               .value = Range::exactly(static_cast<double>(a.requirements)),
               .unit = unit::kCount});
      for (const auto& why : a.not_applicable) {
        out.add_finding({Severity::Note, "requirement-not-applicable", set.name + ": " + why,
                         ctx.model.engagement.where});
      }
      scope.additional.push_back(std::move(a));
    }
  }

  static std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
  }

  std::shared_ptr<const tsc_scope::Library> library_;  // the built-in one is shared, not copied
  std::vector<Ref> excluded_;
  std::shared_ptr<const tsc_scope::AdditionalCriteriaFile> extra_;
  std::vector<std::string> additional_;  ///< the sets of additional criteria in scope
};

}  // namespace

// What the plugin declares of itself: its data file and its option (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
subjects = ["trust-services-criteria"]

[[data]]
key = "controls"
label = "control library"
builtin = "controls/soc2-controls.toml"
help = "Control library replacing the built-in one"

[[option]]
key = "exclude_controls"
type = "array of control ids"
default = "`[]`"
help = "Controls the auditor will not test (each is reported as a finding)."

[[data]]
key = "additional-criteria"
label = "additional criteria (SOC 2+)"
builtin = "soc2plus/additional-criteria.toml"
on_request = true
help = "Additional criteria (sets of requirements mapped onto the Trust Services Criteria) replacing the built-in file"

[[option]]
key = "additional"
type = "array of set names"
default = "`[]`"
help = "Additional criteria reported on beside the Trust Services Criteria, a SOC 2+: `hipaa-security` (the HIPAA Security Rule), or a set of a firm's file."
)toml";

ATTESTPLAN_PLUGIN(
    TscScope, "tsc-scope", "1.0.0",
    "Categories with reasons, criteria, and controls from the library filtered by the boundary",
    kDescriptor)

// sampling-effort: occurrences of each control in the window, sample sizes from the policy table,
// populations for event-driven controls, and the hours that follow — the auditor's by the four
// audit stages, each part with its fixed and variable share, and the client's own — for this
// engagement and for the next annual cycle. Stage: effort.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/toml_reader.hpp"
#include "policy.hpp"

namespace {

using namespace attestplan;
using sampling_effort::Policy;

/// Samples and hours of one control in one engagement shape.
struct ControlPlan {
  double population = -1;  ///< -1 when the control does not sample from a population
  std::string population_rule;
  /// The listing the population is: the policy's rule name, prefixed with the provider's id when
  /// the control is tested at an inclusive subservice organization (its own listing).
  std::string population_key;
  std::string population_label;
  double strata =
      1;  ///< the system groups sampled apart (1 when the control does not run per system)
  double occurrences = 0;
  Range samples;
  std::string sample_rule;
  Range hours;
  std::string hours_rule;
};

/// The population listings the samples come from, each tested once for completeness and accuracy
/// (a listing kept per system group is one in each group), in the order first sampled.
struct Listings {
  struct Listing {
    std::string key, label;
    double groups = 1;
  };
  std::vector<Listing> items;

  void note(const ControlPlan& plan) {
    if (plan.population <= 0) return;
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const Listing& l) { return l.key == plan.population_key; });
    if (it == items.end()) {
      items.push_back({plan.population_key, plan.population_label, plan.strata});
    } else {
      it->groups = std::max(it->groups, plan.strata);
    }
  }
};

/// The engagement being sized: this one, or the next annual cycle.
struct Shape {
  bool type2 = true;
  int months = 6;
  bool first_year = true;
  bool recurring = false;   ///< a later year: walkthroughs and the description carried forward
  bool next_cycle = false;  ///< the cycle after this engagement, whose file this one makes whole
};

/// Where effort lines go: into the ledger (this engagement), or only into sums by audit stage (the
/// next cycle, which the ledger states as one line per stage).
struct Sink {
  EffortWriter* out = nullptr;
  std::array<Range, 4> sums{};

  /// The figure the line states, or nullopt when only summing.
  std::optional<Figure> hours(std::size_t stage, LedgerLine line) {
    if (!out) {
      sums[stage] += line.value;
      return std::nullopt;
    }
    Figure added = out->add(std::move(line));
    out->result().stage_hours[stage].add(added);
    out->result().auditor_hours.add(added);
    return added;
  }
};

constexpr std::size_t kPlanning = 0, kDocumentation = 1, kTesting = 2, kReporting = 3;

// The drivers effort lines share (Driver): lines naming one move together in the simulation.
constexpr const char* kPlanningDriver = "audit:planning";
constexpr const char* kDocumentationDriver = "audit:documentation";
constexpr const char* kReportingDriver = "audit:reporting";
constexpr const char* kTestingDriver = "audit:testing";
constexpr const char* kClientPaceDriver = "client:pace";
constexpr const char* kReadinessDriver = "readiness";

std::string area_driver(const std::string& area) { return "area:" + area; }
std::string population_driver(const std::string& name) { return "population:" + name; }

/// Whose operation a control's populations and configurations are counted from: the
/// organization's, or an inclusive subservice organization's (its staff serving the organization,
/// the sites and systems it runs for it).
struct Frame {
  std::string who;  ///< empty for the organization; else the provider's id
  double employees = 0, engineers = 0, sites = 0;
  std::vector<std::string> site_ids;  ///< a provider's sites (the organization's are counted only)
  std::string staff_text;             ///< where the provider's staff figure comes from
  std::string deploy_cadence;         ///< the most frequent deploy cadence of the software it runs
  double configurations = 1;
  double strata = 1;
};

/// What the boundary and the scope hold that the effort depends on.
struct Counts {
  double controls = 0, own_controls = 0, criteria = 0, categories = 0, subservices = 0;
  /// In a recurring year, the controls with no prior-year file to roll forward: those of an area
  /// that did not operate last period (maturity below operating) and an inclusive vendor's.
  double fresh_controls = 0;
  std::string fresh_text;
  double systems = 0, sites = 0;
  std::string systems_text, sites_text;
  double size = 1;  ///< the organization's size factor
  std::string size_text;
  double configurations = 1;  ///< configurations an automated control is tested on
  /// The groups of in-scope systems with a process of their own: each is a population apart for
  /// the controls that run per system (the processes the model names, then the policy's grouping
  /// of the systems that name none).
  double strata = 1;
  std::string strata_text;
  std::string deploy_cadence;  ///< the most frequent deploy cadence of in-scope software
  Frame organization;
  std::map<std::string, Frame> providers;  ///< inclusive subservice organization id → its frame
};

std::string list_of(const std::vector<std::string>& ids, std::size_t most = 6) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < most; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > most) out += ", … (" + std::to_string(ids.size()) + ")";
  return out;
}

class SamplingEffort final : public EffortPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    policy_.reset();
    if (options) {
      TableReader r(*options, "[plugins.sampling-effort]", ctx.model.source_name, diags);
      r.check_unknown_keys();  // no options yet: the policy file carries the firm's choices
    }
    policy_ = plugin_data::builtin_or_override(ctx, "sampling", sampling_effort::kBuiltinPolicy,
                                               diags, &sampling_effort::parse_policy);
    calibrated_.clear();
    apply_profile(ctx);
  }

  void run(const Context& ctx, EffortWriter& out) override {
    if (!policy_) throw std::runtime_error("no sampling policy was configured");
    if (!out.estimate().scope.ran) {
      out.add_finding({Severity::Error,
                       "effort-without-scope",
                       "the scope stage did not run, so there are no controls to size",
                       {}});
      return;
    }
    out.result().ran = true;
    const auto& e = ctx.model.engagement;
    // A renewal rolls the auditor's file forward, unless the auditor is new to the organization.
    const auto& org = ctx.model.organization;
    // The Type 2 after a Type 1 by the same auditor is that Type 1's next cycle: sized as the
    // estimate of the Type 1 sizes it (its file makes every control whole), so both give one
    // figure.
    const Shape shape{is_type2(e.report), e.observation_months.value_or(kDefaultObservationMonths),
                      org.first_audit, !org.first_audit && !org.new_auditor, org.file_from_type1};
    const Counts counts = count(ctx, out.estimate().scope);

    out.driver(kPlanningDriver, "The auditor's planning hours");
    out.driver(kDocumentationDriver, "The auditor's walkthrough and documentation hours");
    out.driver(kReportingDriver, "The auditor's reporting and review hours");
    out.driver(kTestingDriver, "The auditor's testing pace (hours per control and sample)");
    out.driver(kClientPaceDriver, "The organization's hours per sample and walkthrough");
    Sink sink{&out, {}};
    add_planning(ctx, sink, shape, counts);
    add_documentation(ctx, sink, shape, counts);
    add_testing(ctx, out, sink, shape, counts);
    add_reporting(ctx, sink, shape, out.result().stage_hours[kTesting].value,
                  out.result().stage_hours[kTesting].parts);
    add_client(ctx, out, shape);
    add_next_cycle(ctx, out, counts);
    take_added_hours(out);
  }

 private:
  /// The add-ons' auditor hours, each into its audit stage's hours and the total. The next cycle
  /// is this plugin's own estimate: they are this engagement's.
  static void take_added_hours(EffortWriter& out) {
    for (const auto& c : out.contributions()) {
      if (c.as != Contribution::AuditorHours || c.audit_stage >= std::size(kAuditStages)) continue;
      if (const auto* line = out.estimate().find(c.line)) {
        out.result().stage_hours[c.audit_stage].add(*line);
        out.result().auditor_hours.add(*line);
      }
    }
  }

  /// The scales on its declared parameters (a firm profile, --profile, or a calibration's trial):
  /// each effort parameter's range times its scale.
  void apply_profile(const Context& ctx) {
    if (!policy_ || ctx.parameters.empty()) return;
    auto scaled = *policy_;
    for (const auto& [name, fit] : ctx.parameters) {
      const auto param = scaled.effort.find(name);
      if (param == scaled.effort.end()) continue;  // another plugin's parameter
      param->second = param->second * fit.scale;
      if (fit.calibrated_from > 0) calibrated_[name] = fit.calibrated_from;
    }
    policy_ = std::make_shared<const Policy>(std::move(scaled));
  }

  /// An effort parameter as rules show it: its range, and when a profile calibrated it, from how
  /// many engagements.
  std::string param_text(const std::string& name) const {
    std::string text = format_range(policy_->effort.at(name));
    if (const auto it = calibrated_.find(name); it != calibrated_.end()) {
      text += " (calibrated from " + std::to_string(it->second) + " engagements)";
    }
    return text;
  }

  /// Planning and documentation in a first audit take longer; a later year carries some forward.
  Range fy(const Shape& s) const {
    return s.first_year ? policy_->effort.at("first_year_factor") : Range::exactly(1);
  }
  std::string fy_text(const Shape& s) const {
    return s.first_year ? " × first-year factor " + param_text("first_year_factor") : "";
  }

  /// The organization's size factor: audit days for its headcount over the reference's.
  std::pair<double, std::string> size_factor(int employees) const {
    const auto& p = *policy_;
    double days = p.size_days.back().second;
    std::string band;
    double lower = 0;
    for (const auto& [max_n, d] : p.size_days) {
      if (employees <= max_n) {
        days = d;
        band = format_number(lower + 1) + "-" + format_number(max_n) + " staff";
        break;
      }
      lower = max_n;
    }
    if (band.empty()) {
      // Past the table: its progression goes on, a step of days per band, each band's end the
      // last one's times the growth (the table says "follow the progression").
      double end = p.size_days.back().first;
      int bands = 0;
      while (employees > end && bands < 1000) {
        lower = end;
        end *= p.beyond_band_growth;
        days += p.beyond_step_days;
        ++bands;
      }
      band =
          cat(format_grouped(lower + 1), "-", format_grouped(end), " staff, ",
              std::to_string(bands), " band(s) past the table's last, following its progression");
    }
    const double f = days / p.size_reference_days;
    return {f, cat("size factor ", format_number(f), " (", std::to_string(employees),
                   " staff: ", format_number(days), " audit days for ", band, " against ",
                   format_number(p.size_reference_days), "; ", p.size_source, ")")};
  }

  Counts count(const Context& ctx, const ScopeResult& scope) const {
    Counts c;
    c.controls = static_cast<double>(scope.controls.size());
    c.own_controls = static_cast<double>(
        std::count_if(scope.controls.begin(), scope.controls.end(),
                      [](const ScopedControl& x) { return x.performed_by.empty(); }));
    std::map<std::string, int> fresh;  // why → controls
    for (const auto& x : scope.controls) {
      if (const auto why = without_prior_file(ctx.model.organization, x)) fresh[*why]++;
    }
    for (const auto& [why, n] : fresh) {
      c.fresh_controls += n;
      c.fresh_text += cat(c.fresh_text.empty() ? "" : ", ", std::to_string(n), " ", why);
    }
    c.criteria = static_cast<double>(scope.criteria.size());
    c.categories =
        static_cast<double>(std::count_if(scope.categories.begin(), scope.categories.end(),
                                          [](const CategoryChoice& x) { return x.in_scope; }));
    c.subservices = static_cast<double>(ctx.boundary.subservices.size());
    std::vector<std::string> systems, sites;
    double data_centres = 0;  // the sites other than offices the organization runs itself
    for (std::size_t k = 0; k < ctx.model.components.size(); ++k) {
      const auto& comp = ctx.model.components[k];
      if (comp.kind == ComponentKind::Facility && comp.site != Site::Office && !comp.provided_by &&
          ctx.boundary.component_in_scope(k)) {
        data_centres += 1;
      }
    }
    for (const auto& n : ctx.boundary.nodes) {
      if (n.node != NodeKind::Component || n.verdict != Verdict::InScope || !n.kind) continue;
      if (*n.kind == ComponentKind::Software || *n.kind == ComponentKind::Infrastructure ||
          *n.kind == ComponentKind::Data) {
        systems.push_back(n.id);
      } else if (*n.kind == ComponentKind::Facility) {
        sites.push_back(n.id);
      }
    }
    c.systems = static_cast<double>(systems.size());
    c.sites = static_cast<double>(sites.size());
    c.systems_text = list_of(systems);
    c.sites_text = list_of(sites);
    c.deploy_cadence = deploy_cadence(ctx);
    std::tie(c.size, c.size_text) = size_factor(ctx.model.organization.employees);
    c.configurations = std::clamp(std::ceil(c.systems / policy_->systems_per_configuration), 1.0,
                                  policy_->max_configurations);
    // Strata: the processes the model names, and the systems naming none grouped as the policy
    // says.
    std::unordered_map<std::string_view, std::string_view> process_of;
    for (const auto& comp : ctx.model.components) {
      if (!comp.process.empty()) process_of.emplace(comp.id, comp.process);
    }
    std::set<std::string_view> named;
    double unnamed = 0;
    for (const auto& id : systems) {
      if (const auto it = process_of.find(id); it != process_of.end()) {
        named.insert(it->second);
      } else {
        unnamed += 1;
      }
    }
    const double grouped = unnamed > 0
                               ? std::clamp(std::ceil(unnamed / policy_->systems_per_process), 1.0,
                                            policy_->max_default_strata)
                               : 0.0;
    c.strata = std::max(1.0, static_cast<double>(named.size()) + grouped);
    c.organization = {.who = {},
                      .employees = static_cast<double>(ctx.model.organization.employees),
                      .engineers = static_cast<double>(ctx.model.organization.engineers),
                      .sites = data_centres,
                      .staff_text = {},
                      .deploy_cadence = c.deploy_cadence,
                      .configurations = c.configurations,
                      .strata = c.strata};
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method == SubserviceMethod::Inclusive) c.providers[v.id] = provider_frame(ctx, v);
    }
    c.strata_text = cat(
        format_number(c.strata), " system group(s) with a process of their own (",
        named.empty() ? std::string{}
                      : cat(std::to_string(named.size()), " named by the model's process keys; "),
        unnamed > 0 ? cat(format_number(unnamed), " systems naming none, one group per ",
                          format_number(policy_->systems_per_process), ", at most ",
                          format_number(policy_->max_default_strata), "; ", policy_->strata_source)
                    : std::string{"every system names its process"},
        ")");
    return c;
  }

  /// An inclusive provider's frame: its staff serving the organization (the policy's), the sites
  /// and the systems it runs for the organization.
  Frame provider_frame(const Context& ctx, const SubserviceInScope& v) const {
    Frame f;
    f.who = v.id;
    f.employees = f.engineers = policy_->inclusive.provider_staff;
    f.staff_text =
        cat(format_number(f.employees), " ", v.name,
            " staff serving the organization (the sampling policy's [inclusive] provider_staff)");
    double systems = 0;
    std::optional<Frequency> cadence;
    for (const auto& id : v.reached_via) {
      const auto k = ctx.boundary.component_index(id);
      if (!k) continue;
      const auto& comp = ctx.model.components[*k];
      if (comp.kind == ComponentKind::Facility) {
        f.sites += 1;
        f.site_ids.push_back(id);
      } else if (comp.kind == ComponentKind::Software ||
                 comp.kind == ComponentKind::Infrastructure || comp.kind == ComponentKind::Data) {
        systems += 1;
        if (comp.deploys &&
            (!cadence || static_cast<int>(*comp.deploys) > static_cast<int>(*cadence)))
          cadence = comp.deploys;
      }
    }
    f.deploy_cadence = cadence ? to_string(*cadence) : "weekly";
    f.configurations = std::clamp(std::ceil(systems / policy_->systems_per_configuration), 1.0,
                                  policy_->max_configurations);
    f.strata = 1;  // the provider runs one process for what it provides (judgement)
    return f;
  }

  /// The frame a control is counted in: its provider's when tested inclusively, else the
  /// organization's.
  static const Frame& frame_of(const Counts& counts, const ScopedControl& c) {
    if (c.performed_by.empty()) return counts.organization;
    const auto it = counts.providers.find(c.performed_by);
    return it != counts.providers.end() ? it->second : counts.organization;
  }

  /// The population rule a control samples from: at a provider, the one the policy's [inclusive]
  /// populations name in its place.
  std::string population_rule_name(const ScopedControl& c) const {
    if (c.performed_by.empty()) return c.population;
    const auto it = policy_->inclusive.populations.find(c.population);
    return it != policy_->inclusive.populations.end() ? it->second : c.population;
  }

  /// The population an event-driven control samples from, in a window of `months`, counted in
  /// `frame` (the organization's people, or a provider's).
  double population(const Context& ctx, const Frame& frame, const std::string& name, int months,
                    std::string& rule) const {
    const auto it = policy_->populations.find(name);
    if (it == policy_->populations.end()) {
      rule = "no population rule named '" + name + "' in the sampling policy";
      return 0;
    }
    const auto& p = it->second;
    const auto& org = ctx.model.organization;
    const double window = months / 12.0;
    const bool provider = !frame.who.empty();
    const std::string staff = provider
                                  ? cat(format_number(frame.employees), " ", frame.who, " staff")
                                  : cat(format_number(frame.employees), " employees");
    const std::string engineers =
        provider ? staff : cat(format_number(frame.engineers), " engineers");
    double n = 0;
    if (p.basis == "employees") {
      n = frame.employees;
      rule = provider ? staff : "headcount " + format_number(frame.employees);
    } else if (p.basis == "turnover") {
      n = frame.employees * org.annual_turnover * window;
      rule = staff + " × " + format_number(org.annual_turnover) + " annual turnover × " +
             std::to_string(months) + "/12";
    } else if (p.basis == "per-employee") {
      n = std::max(frame.employees * p.per_year, p.min_per_year) * window;
      rule = "max(" + staff + " × " + format_number(p.per_year) + ", " +
             format_number(p.min_per_year) + ") a year × " + std::to_string(months) + "/12";
    } else if (p.basis == "per-site") {
      n = frame.sites * p.per_year * window;
      rule = cat(format_number(frame.sites), " site(s)",
                 provider ? cat(" ", frame.who, " runs") : std::string{}, " × ",
                 format_number(p.per_year), " a year × ", std::to_string(months), "/12");
    } else if (p.basis == "per-engineer" || p.basis == "share-of-changes") {
      const auto& cadence = frame.deploy_cadence;
      const auto c = p.per_year_by_cadence.count(cadence) ? p.per_year_by_cadence.at(cadence) : 0;
      double changes = frame.engineers * c * window;
      rule = engineers + " × " + format_number(c) + " changes a year (" + cadence + " deploys) × " +
             std::to_string(months) + "/12";
      if (p.basis == "share-of-changes") {
        const auto& base =
            policy_->populations.count("changes") ? policy_->populations.at("changes") : p;
        const auto bc =
            base.per_year_by_cadence.count(cadence) ? base.per_year_by_cadence.at(cadence) : 0;
        changes = frame.engineers * bc * window;
        n = changes * p.share;
        rule = format_number(p.share) + " × changes (" + engineers + " × " + format_number(bc) +
               " a year, " + cadence + " deploys, × " + std::to_string(months) + "/12)";
      } else {
        n = changes;
      }
    } else {
      n = p.per_year * window;
      rule = format_number(p.per_year) + " a year × " + std::to_string(months) + "/12";
    }
    return std::ceil(n - 1e-9);
  }

  /// The most frequent deploy cadence of in-scope software ("weekly" when none is given).
  static std::string deploy_cadence(const Context& ctx) {
    std::optional<Frequency> best;
    for (std::size_t k = 0; k < ctx.model.components.size(); ++k) {
      const auto& c = ctx.model.components[k];
      if (c.kind != ComponentKind::Software || !c.deploys || !ctx.boundary.component_in_scope(k)) {
        continue;
      }
      if (!best || static_cast<int>(*c.deploys) > static_cast<int>(*best)) best = c.deploys;
    }
    return best ? to_string(*best) : "weekly";
  }

  /// Low KirkpatrickPrice, high the default sampling policy (29 for a large population, as the
  /// AICPA Audit Sampling guide), likely midway; never above N (docs/sources.md).
  Range event_samples(double n) const {
    const auto& p = *policy_;
    double low = std::clamp(std::ceil(p.low_share * n), p.low_min, p.low_max);
    double high = p.high_above;
    for (const auto& [max_n, sample] : p.high_table) {
      if (n <= max_n) {
        high = sample;
        break;
      }
    }
    low = std::min(low, n);
    high = std::min(high, n);
    low = std::min(low, high);
    const double likely = std::ceil((low + high) / 2);
    return {low, likely, high};
  }

  /// What every control's plan shares in one run: the policy's effort figures and their texts.
  struct PlanBasis {
    Range maturity, type1, per_control, per_sample, per_configuration;
    std::string maturity_text;
  };

  PlanBasis plan_basis(const Context& ctx) const {
    const auto& eff = policy_->effort;
    PlanBasis b;
    b.maturity = policy_->maturity_factor.at(ctx.model.organization.maturity);
    b.type1 = eff.at("type1_test_per_control");
    b.per_control = eff.at("test_per_control");
    b.per_sample = eff.at("test_per_manual_sample");
    b.per_configuration = eff.at("test_per_automated_configuration");
    b.maturity_text = " × maturity factor " + format_range(b.maturity) + " (" +
                      to_string(ctx.model.organization.maturity) + ")";
    return b;
  }

  /// Samples and hours of one control, with the rules that give them.
  ControlPlan plan_control(const Context& ctx, const ScopedControl& c, const Shape& s,
                           const PlanBasis& basis, const Counts& counts) const {
    ControlPlan plan;
    const Frame& frame = frame_of(counts, c);
    // The maturity of the control's own area ([maturity] in the model), else the organization's; a
    // provider's operation is taken as documented (judgement: the model says nothing of it).
    PlanBasis b = basis;
    if (!c.performed_by.empty()) {
      b.maturity = policy_->maturity_factor.at(Maturity::Documented);
      b.maturity_text = cat(" × maturity factor ", format_range(b.maturity), " (", c.performed_by,
                            "'s operation taken as documented, judgement)");
    } else if (!c.area.empty()) {
      const auto m = maturity_of(ctx.model.organization, c.area);
      b.maturity = policy_->maturity_factor.at(m);
      b.maturity_text = cat(" × maturity factor ", format_range(b.maturity), " (", c.area, ": ",
                            to_string(m), ")");
    }
    if (!s.type2) {
      const double groups = c.per_system ? frame.strata : 1.0;
      plan.samples = policy_->type1 * groups;
      plan.sample_rule = cat(
          "Type 1: design and implementation, one instance",
          groups > 1 ? cat(" in each of ", format_number(groups), " system groups") : std::string{},
          " (", policy_->type1_source, ")");
      plan.hours = b.type1 * groups * b.maturity;
      plan.hours_rule =
          cat(param_text("type1_test_per_control"), " h per control", b.maturity_text);
      return plan;
    }
    if (c.automated || c.frequency == Frequency::Continuous) {
      plan.samples = policy_->automated * frame.configurations;
      plan.sample_rule =
          cat("automated: ", format_range(policy_->automated), " per configuration × ",
              format_number(frame.configurations), " configuration(s) (one per ",
              format_number(policy_->systems_per_configuration), " of ",
              frame.who.empty() ? cat(format_number(counts.systems), " in-scope systems")
                                : cat("the systems ", frame.who, " runs for the organization"),
              ", at most ", format_number(policy_->max_configurations), "); ",
              policy_->automated_source);
      plan.hours = plan.samples * b.per_configuration * b.maturity;
      plan.hours_rule = cat(format_range(plan.samples), " configuration(s) × ",
                            param_text("test_per_automated_configuration"), " h", b.maturity_text);
      return plan;
    }
    // A control that runs per system group samples each group's population apart (stratified):
    // each group's sample follows the policy for its own population, so samples grow with the
    // groups while each stays bounded by the sampling table.
    const double strata = c.per_system ? frame.strata : 1.0;
    plan.strata = strata;
    if (!c.population.empty()) {
      const std::string rule_name = population_rule_name(c);
      plan.population = population(ctx, frame, rule_name, s.months, plan.population_rule);
      plan.population_key = frame.who.empty() ? rule_name : cat(frame.who, ":", rule_name);
      plan.population_label = policy_->populations.count(rule_name)
                                  ? policy_->populations.at(rule_name).label
                                  : rule_name;
      // A provider's population is its staff who serve the organization, not all of its own.
      if (!frame.who.empty()) {
        std::string provider = frame.who;
        for (const auto& v : ctx.model.subservices) {
          if (v.id == frame.who && !v.name.empty()) provider = v.name;
        }
        plan.population_label +=
            cat(" at ", provider, " on the team serving ", ctx.model.organization.name);
      }
      plan.occurrences = plan.population;
      const double each = plan.population / strata;
      plan.samples = event_samples(strata > 1 ? std::ceil(each) : plan.population) * strata;
      plan.sample_rule =
          strata > 1
              ? cat("population ", format_number(plan.population), " in ", format_number(strata),
                    " system groups of about ", format_number(std::ceil(each)), " → ",
                    format_range(event_samples(std::ceil(each))), " each (", policy_->event_source,
                    "); ", frame.who.empty() ? counts.strata_text : std::string{})
              : cat("population ", format_number(plan.population), " → ", policy_->event_source);
      if (plan.population > 0 && each <= plan.samples.high / strata) {
        plan.sample_rule += "; a small population is tested in full at the high end";
      }
    } else {
      const auto& row = policy_->frequency.at(c.frequency);
      auto it = row.samples.upper_bound(s.months);
      if (it != row.samples.begin()) --it;
      const int table_months = it->first;
      plan.occurrences = std::max(1.0, std::floor(row.per_year * s.months / 12.0 + 1e-9));
      const Range table = it->second;
      plan.samples =
          Range{std::min(table.low, plan.occurrences), std::min(table.likely, plan.occurrences),
                std::min(table.high, plan.occurrences)} *
          strata;
      plan.sample_rule =
          cat(to_string(c.frequency), ": ", format_number(plan.occurrences), " occurrence(s) in ",
              std::to_string(s.months), " months; policy row for ", std::to_string(table_months),
              " months ", format_range(table), ", at most the occurrences (", row.source, ")",
              strata > 1 ? cat(", in each of ", format_number(strata), " system groups; ",
                               frame.who.empty() ? counts.strata_text : std::string{})
                         : std::string{});
    }
    // A later year rolls last year's test design forward: only the samples are tested anew. What
    // has no file (new this year, or an inclusive vendor's) is designed afresh.
    const auto fresh =
        s.recurring && !s.next_cycle ? without_prior_file(ctx.model.organization, c) : std::nullopt;
    const bool rolled = s.recurring && !fresh;
    const Range design =
        (rolled ? b.per_control * policy_->effort.at("rolled_forward_share") : b.per_control) *
        strata;
    plan.hours = (design + plan.samples * b.per_sample) * b.maturity;
    plan.hours_rule =
        cat("(", param_text("test_per_control"), " h per control",
            rolled  ? " × " + param_text("rolled_forward_share") + " rolled forward"
            : fresh ? " (no prior-year file: " + *fresh + ")"
                    : std::string{},
            strata > 1 ? cat(" × ", format_number(strata), " system groups") : std::string{}, " + ",
            format_range(plan.samples), " samples × ", param_text("test_per_manual_sample"), " h)",
            b.maturity_text);
    return plan;
  }

  void add_planning(const Context& ctx, Sink& sink, const Shape& s, const Counts& c) const {
    const auto& eff = policy_->effort;
    const std::string tail = fy_text(s) + "; " + policy_->effort_source;
    sink.hours(kPlanning,
               {.id = "effort.planning.base",
                .kind = "auditor-hours",
                .group = "planning",
                .label = "Engagement planning and risk assessment",
                .rule = cat(param_text("planning_base"), " h per engagement × ", c.size_text, tail),
                .inputs = {{"employees", std::to_string(ctx.model.organization.employees)}},
                .value = eff.at("planning_base") * c.size * fy(s),
                .unit = unit::kHours,
                .drivers = {kPlanningDriver}});
    // A scope of Trust Services categories scopes each (a report on control objectives has none).
    if (c.categories > 0)
      sink.hours(kPlanning, {.id = "effort.planning.categories",
                             .kind = "auditor-hours",
                             .group = "planning",
                             .label = "Scoping the TSC categories",
                             .rule = cat(format_number(c.categories), " categories × ",
                                         param_text("planning_per_category"), " h", tail),
                             .inputs = {{"categories", format_number(c.categories)}},
                             .value = eff.at("planning_per_category") * c.categories * fy(s),
                             .unit = unit::kHours,
                             .drivers = {kPlanningDriver}});
    if (c.subservices > 0) {
      sink.hours(kPlanning,
                 {.id = "effort.planning.subservices",
                  .kind = "auditor-hours",
                  .group = "planning",
                  .label = "Scoping subservice organizations",
                  .rule = cat(format_number(c.subservices), " subservice organization(s) × ",
                              param_text("planning_per_subservice"), " h", tail),
                  .inputs = {{"subservices", format_number(c.subservices)}},
                  .value = eff.at("planning_per_subservice") * c.subservices * fy(s),
                  .unit = unit::kHours,
                  .drivers = {kPlanningDriver}});
    }
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      sink.hours(kPlanning,
                 {.id = "effort.planning.inclusive-" + v.id,
                  .kind = "auditor-hours",
                  .group = "planning",
                  .label = "Understanding " + v.name + " and planning the work at it (inclusive)",
                  .rule = cat(param_text("inclusive_planning"),
                              " h per inclusive subservice organization", tail),
                  .value = eff.at("inclusive_planning") * fy(s),
                  .unit = unit::kHours,
                  .drivers = {kPlanningDriver}});
    }
  }

  void add_documentation(const Context& ctx, Sink& sink, const Shape& s, const Counts& c) const {
    const auto& eff = policy_->effort;
    // A later year carries walkthroughs and the description forward: only what changed is redone.
    const Range carried = s.recurring ? eff.at("recurring_share") : fy(s);
    const std::string carried_text =
        s.recurring ? " × " + param_text("recurring_share") + " carried forward from last year"
                    : fy_text(s);
    const std::string tail = "; " + policy_->effort_source;
    sink.hours(
        kDocumentation,
        {.id = "effort.documentation.walkthroughs",
         .kind = "auditor-hours",
         .group = "documentation",
         .label = "Walkthroughs and design evaluation of each control",
         .rule = s.recurring && !s.next_cycle && c.fresh_controls > 0
                     ? cat(param_text("walkthrough_per_control"), " h × ", c.size_text, " × (",
                           format_number(c.controls - c.fresh_controls), " controls", carried_text,
                           " + ", format_number(c.fresh_controls),
                           " with no prior-year file: ", c.fresh_text, fy_text(s), ")", tail)
                     : cat(format_number(c.controls), " controls × ",
                           param_text("walkthrough_per_control"), " h × ", c.size_text,
                           carried_text, tail),
         .inputs = {{"controls", format_number(c.controls)}},
         .value = s.recurring && !s.next_cycle
                      ? eff.at("walkthrough_per_control") * c.size *
                            (carried * (c.controls - c.fresh_controls) + fy(s) * c.fresh_controls)
                      : eff.at("walkthrough_per_control") * c.controls * c.size * carried,
         .unit = unit::kHours,
         .drivers = {kDocumentationDriver}});
    sink.hours(kDocumentation,
               {.id = "effort.documentation.criteria",
                .kind = "auditor-hours",
                .group = "documentation",
                .label = "Mapping the controls to each criterion in scope",
                .rule = cat(format_number(c.criteria), " criteria × ",
                            param_text("criterion_mapping"), " h", fy_text(s), tail),
                .inputs = {{"criteria", format_number(c.criteria)}},
                .value = eff.at("criterion_mapping") * c.criteria * fy(s),
                .unit = unit::kHours,
                .drivers = {kDocumentationDriver}});
    const double full = std::min(c.systems, policy_->systems_at_full_rate);
    const double beyond = std::max(0.0, c.systems - policy_->systems_at_full_rate);
    const double weighted = full + beyond * policy_->beyond_share;
    sink.hours(
        kDocumentation,
        {.id = "effort.documentation.system-description",
         .kind = "auditor-hours",
         .group = "documentation",
         .label = "Reviewing the system description",
         .rule = cat("(", param_text("system_description"), " h × ", c.size_text, " + ",
                     format_number(weighted), " systems × ", param_text("per_system"),
                     " h; systems beyond ", format_number(policy_->systems_at_full_rate), " count ",
                     format_number(policy_->beyond_share), " each)", carried_text, tail),
         .inputs = {{"systems in scope", format_number(c.systems)}, {"systems", c.systems_text}},
         .value =
             (eff.at("system_description") * c.size + eff.at("per_system") * weighted) * carried,
         .unit = unit::kHours,
         .drivers = {kDocumentationDriver}});
    if (c.sites > 0) {
      sink.hours(kDocumentation, {.id = "effort.documentation.sites",
                                  .kind = "auditor-hours",
                                  .group = "documentation",
                                  .label = "Walking through the physical controls of each site",
                                  .rule = cat(format_number(c.sites), " site(s) × ",
                                              param_text("per_site"), " h", fy_text(s), tail),
                                  .inputs = {{"sites", c.sites_text}},
                                  .value = eff.at("per_site") * c.sites * fy(s),
                                  .unit = unit::kHours,
                                  .drivers = {kDocumentationDriver}});
    }
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      sink.hours(kDocumentation,
                 {.id = "effort.documentation.inclusive-" + v.id,
                  .kind = "auditor-hours",
                  .group = "documentation",
                  .label = "Reviewing the part of the system description written by " + v.name +
                           " (inclusive)",
                  // Its part of the description has no prior-year file: the model does
                  // not say it was tested inclusively before.
                  .rule = cat(param_text("inclusive_description"),
                              " h per inclusive subservice organization",
                              s.next_cycle ? carried_text : fy_text(s), tail),
                  .value = eff.at("inclusive_description") * (s.next_cycle ? carried : fy(s)),
                  .unit = unit::kHours,
                  .drivers = {kDocumentationDriver}});
    }
  }

  /// Per-control lines (population, samples, hours), the completeness of each population listing,
  /// the categories' own work, and the sites of inclusive subservice organizations.
  void add_testing(const Context& ctx, EffortWriter& out, Sink& sink, const Shape& s,
                   const Counts& counts) const {
    const auto basis = plan_basis(ctx);
    std::size_t untestable_annual = 0;
    Listings listings;
    for (const auto& c : out.estimate().scope.controls) {
      const auto plan = plan_control(ctx, c, s, basis, counts);
      listings.note(plan);
      const std::string who =
          c.performed_by.empty() ? std::string{} : cat(" (at ", c.performed_by, ")");
      ControlEffort effort{.control = c.id};
      std::vector<std::string> from;
      // A control's samples and hours move with its area's testing, and with its population's size.
      std::vector<std::string> drivers;
      if (!c.area.empty())
        drivers.push_back(
            out.driver(area_driver(c.area), cat("Testing of the ", c.area, " controls")));
      std::vector<std::string> sample_drivers = drivers;
      // The hours also follow the team's pace, the same for every control it tests.
      drivers.push_back(kTestingDriver);
      if (plan.population >= 0) {
        const auto& pop_label = plan.population_label;
        const Frame& frame = frame_of(counts, c);
        const bool provider = !frame.who.empty();
        effort.listing = plan.population_key;
        effort.listing_label = pop_label;
        effort.population = out.add(
            {.id = cat("effort.population.", c.id),
             .kind = "population",
             .group = c.population,
             .label = cat(c.id, " population: ", pop_label, " in the window"),
             .rule = provider ? cat(plan.population_rule, " (an estimate from ", frame.staff_text,
                                    " and the sites it runs; replace with the provider's count)")
                              : cat(plan.population_rule,
                                    " (an estimate from the organization's size; replace with the "
                                    "real count)"),
             .inputs =
                 provider
                     ? std::vector<std::pair<std::string, std::string>>{{"provider staff",
                                                                         format_number(
                                                                             frame.employees)},
                                                                        {"provider sites",
                                                                         format_number(
                                                                             frame.sites)},
                                                                        {"window months",
                                                                         std::to_string(s.months)}}
                     : std::vector<std::pair<std::string,
                                             std::string>>{{"employees",
                                                            std::to_string(
                                                                ctx.model.organization.employees)},
                                                           {"engineers",
                                                            std::to_string(
                                                                ctx.model.organization.engineers)},
                                                           {"window months",
                                                            std::to_string(s.months)}},
             .value = Range::exactly(plan.population),
             .unit = unit::kCount});
        from.push_back(effort.population->line);
        if (plan.population > 0) {
          sample_drivers = {out.driver(population_driver(plan.population_key),
                                       cat("The population of ", pop_label))};
          drivers.push_back(sample_drivers.front());
        }
        if (plan.population == 0) {
          out.add_finding({Severity::Note,
                           "no-occurrences",
                           c.id + " (" + c.title + ") has no " + pop_label +
                               " expected in the window: the auditor can test its design only",
                           {}});
        }
      }
      // Every yearly control the organization performs must run inside a window shorter than a year
      // (the letter and the evidence list count the same).
      if (s.type2 && c.frequency == Frequency::Annual && c.performed_by.empty() && s.months < 12) {
        ++untestable_annual;
      }
      const auto& samples = out.add({.id = cat("effort.samples.", c.id),
                                     .kind = "samples",
                                     .group = c.evidence_category,
                                     .label = cat(c.id, " ", c.title, who),
                                     .rule = plan.sample_rule,
                                     .inputs = {{"frequency", to_string(c.frequency)},
                                                {"nature", c.automated ? "automated" : "manual"},
                                                {"report", to_string(ctx.model.engagement.report)}},
                                     .value = plan.samples,
                                     .unit = unit::kSamples,
                                     .from = std::move(from),
                                     .drivers = std::move(sample_drivers)});
      effort.samples = samples;
      out.result().samples.add(samples);
      effort.hours =
          *sink.hours(kTesting, {.id = cat("effort.testing.", c.id),
                                 .kind = "auditor-hours",
                                 .group = "testing",
                                 .label = cat("Testing ", c.id, " ", c.title, who),
                                 .rule = cat(plan.hours_rule, "; ", policy_->effort_source),
                                 .inputs = {{"samples", format_range(plan.samples)}},
                                 .value = plan.hours,
                                 .unit = unit::kHours,
                                 .from = {effort.samples.line},
                                 .drivers = std::move(drivers)});
      out.result().controls.push_back(std::move(effort));
    }
    add_population_completeness(sink, s, listings, basis);
    add_category_work(ctx, sink, counts, out.estimate().scope);
    add_inclusive_sites(ctx, sink, counts, &out);
    if (untestable_annual > 0) {
      out.add_finding({Severity::Note, "annual-in-short-window",
                       std::to_string(untestable_annual) + " annual controls must run inside the " +
                           std::to_string(s.months) + "-month window to be testable: schedule them",
                       ctx.model.engagement.where});
    }
  }

  /// The auditor tests each population listing the samples come from for completeness and accuracy
  /// (information produced by the entity), once per listing rather than per sample. Type 2 only.
  void add_population_completeness(Sink& sink, const Shape& s, const Listings& all,
                                   const PlanBasis& b) const {
    if (!s.type2) return;
    const Range per = policy_->effort.at("population_completeness");
    for (const auto& [name, label, listings] : all.items) {
      sink.hours(kTesting,
                 {.id = cat("effort.testing.population.", name),
                  .kind = "auditor-hours",
                  .group = "testing",
                  .label = cat("Completeness and accuracy of the listing of ", label),
                  .rule = cat(param_text("population_completeness"), " h per population listing",
                              listings > 1 ? cat(" × ", format_number(listings), " system groups")
                                           : std::string{},
                              b.maturity_text, "; ", policy_->effort_source),
                  .value = per * listings * b.maturity,
                  .unit = unit::kHours,
                  .drivers = {population_driver(name)}});
    }
  }

  /// Each category in scope beyond Security brings work of its own (capacity and recovery tests,
  /// reconciliations, consent and data-subject requests), growing with the organization.
  void add_category_work(const Context&, Sink& sink, const Counts& c,
                         const ScopeResult& scope) const {
    for (const auto& choice : scope.categories) {
      if (!choice.in_scope) continue;
      const auto it = policy_->category_work.find(choice.category);
      if (it == policy_->category_work.end()) continue;
      sink.hours(kTesting, {.id = cat("effort.testing.category.", to_string(choice.category)),
                            .kind = "auditor-hours",
                            .group = "testing",
                            .label = it->second.label,
                            .rule = cat(format_range(it->second.hours), " h for the category × ",
                                        c.size_text, "; ", policy_->effort_source),
                            .inputs = {{"category", display_name(choice.category)}},
                            .value = it->second.hours * c.size,
                            .unit = unit::kHours});
    }
  }

  /// An inclusive subservice organization's sites are visited with the entity's: each visit a day
  /// on site and the travel to it, the visits counted on a line of their own (the cost stage adds
  /// their expenses). `out` is null when only summing (the next cycle).
  void add_inclusive_sites(const Context& ctx, Sink& sink, const Counts& counts,
                           EffortWriter* out) const {
    const auto& eff = policy_->effort;
    const double per_site = policy_->inclusive.site_visits;
    for (const auto& v : ctx.boundary.subservices) {
      const auto frame = counts.providers.find(v.id);
      if (frame == counts.providers.end() || frame->second.sites <= 0 || per_site <= 0) continue;
      const auto& sites = frame->second.site_ids;
      const double visits = frame->second.sites * per_site;
      const std::string visits_text =
          cat(format_number(frame->second.sites), " site(s) × ", format_number(per_site),
              " visit(s) per report (", policy_->inclusive.source, ")");
      std::vector<std::string> from;
      if (out) {
        const auto& line = out->add({.id = "effort.site-visits." + v.id,
                                     .kind = "site-visits",
                                     .group = "testing",
                                     .label = "Visits to the sites " + v.name + " runs (inclusive)",
                                     .rule = visits_text,
                                     .inputs = {{"sites", list_of(sites)}},
                                     .value = Range::exactly(visits),
                                     .unit = unit::kCount});
        out->result().site_visits.add(line);
        from.push_back(line.line);
      }
      sink.hours(
          kTesting,
          {.id = "effort.testing.inclusive-sites-" + v.id,
           .kind = "auditor-hours",
           .group = "testing",
           .label =
               "Visiting the sites " + v.name + " runs (inclusive): a day on site and the travel",
           .rule = cat(visits_text, " × (", param_text("inclusive_per_site"), " h on site + ",
                       param_text("inclusive_site_travel"), " h travel); ", policy_->effort_source),
           .inputs = {{"sites", list_of(sites)}},
           .value = (eff.at("inclusive_per_site") + eff.at("inclusive_site_travel")) * visits,
           .unit = unit::kHours});
    }
  }

  void add_reporting(const Context& ctx, Sink& sink, const Shape& s, const Range& tested,
                     const std::vector<std::string>& testing_lines) const {
    const auto& eff = policy_->effort;
    sink.hours(kReporting,
               {.id = "effort.reporting.exceptions",
                .kind = "auditor-hours",
                .group = "reporting",
                .label = "Evaluating exceptions and deviations",
                .rule = param_text("exceptions_share_of_testing") + " × testing hours (" +
                        format_range(tested) + " h); " + policy_->effort_source,
                .inputs = {{"testing hours", format_range(tested)}},
                .value = tested * eff.at("exceptions_share_of_testing"),
                .unit = unit::kHours,
                .from = testing_lines,
                .combine = Combine::Sum,
                .drivers = {kReportingDriver}});
    // A later year's report starts from last year's: its draft is rolled forward.
    const Range report = eff.at(s.type2 ? "reporting" : "type1_reporting") *
                         (s.recurring ? eff.at("rolled_forward_share") : Range::exactly(1.0));
    sink.hours(kReporting, {.id = "effort.reporting.report",
                            .kind = "auditor-hours",
                            .group = "reporting",
                            .label = "Drafting the report and forming the opinion",
                            .rule = param_text(s.type2 ? "reporting" : "type1_reporting") +
                                    " h per " + (s.type2 ? "Type 2" : "Type 1") + " report" +
                                    (s.recurring ? " × " + param_text("rolled_forward_share") +
                                                       " rolled forward"
                                                 : std::string{}) +
                                    "; " + policy_->effort_source,
                            .value = report,
                            .unit = unit::kHours,
                            .drivers = {kReportingDriver}});
    sink.hours(kReporting,
               {.id = "effort.reporting.quality-review",
                .kind = "auditor-hours",
                .group = "reporting",
                .label = "Engagement quality review",
                .rule = param_text("quality_review") + " h per report; " + policy_->effort_source,
                .value = eff.at("quality_review"),
                .unit = unit::kHours,
                .drivers = {kReportingDriver}});
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      sink.hours(
          kReporting,
          {.id = "effort.reporting.inclusive-" + v.id,
           .kind = "auditor-hours",
           .group = "reporting",
           .label = "Obtaining the written assertion and representation letter of " + v.name +
                    " (inclusive)",
           .rule =
               param_text("inclusive_coordination") +
               " h per inclusive subservice organization: its management's assertion on its part "
               "of the description and its representations; " +
               policy_->effort_source,
           .value = eff.at("inclusive_coordination"),
           .unit = unit::kHours,
           .drivers = {kReportingDriver}});
    }
  }

  /// Adds a line of the organization's own hours.
  static Figure client_hours(EffortWriter& out, LedgerLine line) {
    Figure added = out.add(std::move(line));
    out.result().client_items.push_back(added);
    out.result().client_hours.add(added);
    return added;
  }

  void add_client(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto& cl = policy_->client;
    const Figure samples = out.result().samples;
    const auto& scope = out.estimate().scope;
    const auto own_controls = static_cast<double>(
        std::count_if(scope.controls.begin(), scope.controls.end(),
                      [](const ScopedControl& c) { return c.performed_by.empty(); }));
    client_hours(
        out, {.id = "client.evidence",
              .kind = "client-hours",
              .group = "evidence",
              .label = "Preparing evidence for the samples",
              .rule = format_range(samples.value) + " samples × " +
                      format_range(cl.at("evidence_per_sample")) + " h; " + policy_->client_source,
              .value = samples.value * cl.at("evidence_per_sample"),
              .unit = unit::kHours,
              .from = samples.parts,
              .combine = Combine::Sum,
              .drivers = {kClientPaceDriver}});
    client_hours(out, {.id = "client.walkthroughs",
                       .kind = "client-hours",
                       .group = "walkthroughs",
                       .label = "Attending walkthroughs and answering requests",
                       .rule = format_number(own_controls) + " own controls × " +
                               format_range(cl.at("walkthrough_per_control")) + " h; " +
                               policy_->client_source,
                       .value = cl.at("walkthrough_per_control") * own_controls,
                       .unit = unit::kHours,
                       .from = {scope.control_count.line},
                       .drivers = {kClientPaceDriver}});
    if (s.first_year) {
      // Each control area brings its share of the readiness hours at its own maturity: an area that
      // already operates needs little, one not started needs most.
      const auto& org = ctx.model.organization;
      const auto [size, size_text] = size_factor(org.employees);
      const double areas = static_cast<double>(std::size(kControlAreas));
      Range hours;
      std::string by_area;
      for (const char* area : kControlAreas) {
        const auto m = maturity_of(org, area);
        hours += policy_->readiness.at(m) * (1.0 / areas);
        by_area += cat(by_area.empty() ? "" : ", ", area, " ", to_string(m));
      }
      out.result().readiness = client_hours(
          out,
          {.id = "client.readiness",
           .kind = "client-hours",
           .group = "readiness",
           .label = "Readiness: writing policies, closing gaps, setting up evidence",
           .rule = cat("first audit: each of ", format_number(areas), " control areas takes 1/",
                       format_number(areas), " of the hours for its maturity (", by_area, ") × ",
                       size_text, "; ", policy_->client_source),
           .inputs = {{"maturity", to_string(org.maturity)},
                      {"employees", std::to_string(org.employees)}},
           .value = hours * size,
           .unit = unit::kHours,
           .drivers = {
               out.driver(kReadinessDriver,
                          "How far the organization is from ready (readiness and remediation)")}});
    }
  }

  /// The next cycle: a 12-month Type 2 on the same controls (in a staged plan, the Type 2 of its
  /// months that follows the Type 1), walkthroughs and the description carried forward, no
  /// first-year factor.
  void add_next_cycle(const Context& ctx, EffortWriter& out, const Counts& counts) const {
    const auto& staged = ctx.model.engagement.then_type2_months;
    const Shape next{true, staged.value_or(12), false, true, true};
    Sink sink;  // sums only
    add_planning(ctx, sink, next, counts);
    add_documentation(ctx, sink, next, counts);
    const auto basis = plan_basis(ctx);
    Range samples;
    Listings listings;
    for (const auto& c : out.estimate().scope.controls) {
      const auto plan = plan_control(ctx, c, next, basis, counts);
      sink.sums[kTesting] += plan.hours;
      samples += plan.samples;
      listings.note(plan);
    }
    add_population_completeness(sink, next, listings, basis);
    add_category_work(ctx, sink, counts, out.estimate().scope);
    add_inclusive_sites(ctx, sink, counts, nullptr);
    add_reporting(ctx, sink, next, sink.sums[kTesting], {});
    const std::string rule =
        cat("the same controls in ",
            staged ? cat("the ", std::to_string(next.months),
                         "-month Type 2 that follows the Type 1 (type1_first)")
                   : std::string{"a 12-month Type 2 window"},
            ": no first-year factor, walkthroughs and the description carried forward; ",
            policy_->effort_source);
    // The next cycle moves with this year, run by run: each stage's hours are this year's lines
    // times the ratio of the next cycle's plan to this year's (both planned in full, at their
    // likely values). A sum of the lines' extremes drawn as one range would make an unchanged
    // recurring scope dearer in year two at P90 than in year one; this keeps the same shape,
    // scaled.
    auto scaled = [&](const std::string& id, const std::string& kind, const std::string& group,
                      const std::string& label, const Figure& now, const Range& planned,
                      const std::string& why) -> Figure {
      const double ratio = now.value.likely > 0 ? planned.likely / now.value.likely : 0.0;
      const std::string base = out.add({.id = id + ".this-year",
                                        .kind = "next-basis",
                                        .group = group,
                                        .label = label + ": this year's hours",
                                        .rule = "sum of this year's lines",
                                        .value = now.value,
                                        .unit = unit::kHours,
                                        .from = now.parts,
                                        .combine = Combine::Sum})
                                   .line;
      const std::string factor =
          out.add({.id = id + ".ratio",
                   .kind = "next-ratio",
                   .group = group,
                   .label = label + ": next cycle against this year",
                   .rule =
                       cat(format_number(planned.likely, 1), " h planned for the next cycle (", why,
                           ") against ", format_number(now.value.likely, 1), " h this year"),
                   .value = Range::exactly(ratio),
                   .unit = unit::kCount})
              .line;
      return out.add({.id = id,
                      .kind = kind,
                      .group = group,
                      .label = label,
                      .rule = cat("this year's hours × ", format_number(ratio, 3), ", run by run"),
                      .value = now.value * ratio,
                      .unit = unit::kHours,
                      .from = {base, factor},
                      .combine = Combine::Product});
    };
    for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
      const auto& group = kAuditStages[i].id;
      const auto& title = words_of(ctx.model.engagement.report).stages[i];
      const auto& line = scaled(std::string{"next.effort."} + group, "next-auditor-hours", group,
                                std::string{"Next cycle: "} + title, out.result().stage_hours[i],
                                sink.sums[i], rule);
      out.result().next_stage_hours[i] = line;
      out.result().next_auditor_hours.add(line);
    }
    const auto& cl = policy_->client;
    const auto controls = counts.own_controls;
    // The organization's recurring hours (readiness is a first year's only).
    Figure recurring;
    for (const auto& f : out.result().client_items) {
      if (f.line != out.result().readiness.line) recurring.add(f);
    }
    const Range planned_client =
        samples * cl.at("evidence_per_sample") + cl.at("walkthrough_per_control") * controls;
    out.result().next_client_hours = scaled(
        "next.client", "next-client-hours", "evidence", "Next cycle: evidence and walkthroughs",
        recurring, planned_client,
        format_range(samples) + " samples × " + format_range(cl.at("evidence_per_sample")) +
            " h + " + format_number(controls) + " own controls × " +
            format_range(cl.at("walkthrough_per_control")) + " h; " + policy_->client_source);
  }

  std::shared_ptr<const Policy> policy_;  // the built-in one is shared, not copied
  std::map<std::string, std::size_t>
      calibrated_;  ///< parameters a profile scaled → engagements behind them
};

}  // namespace

// What the plugin declares of itself: its data file and the effort parameters ([effort] in the
// sampling policy) a firm's history calibrates (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
[[data]]
key = "sampling"
label = "sampling policy"
builtin = "sampling/default.toml"
help = "Sampling policy replacing the built-in one"

[[parameter]]
name = "planning_base"
stage = "planning"
help = "Scope definition, risk assessment and the engagement letter"

[[parameter]]
name = "planning_per_category"
stage = "planning"
help = "Scoping each Trust Services category in scope"

[[parameter]]
name = "planning_per_subservice"
stage = "planning"
help = "Scoping each subservice organization reached"

[[parameter]]
name = "walkthrough_per_control"
stage = "documentation"
help = "Walkthrough and design evaluation, per control, times the size factor"

[[parameter]]
name = "criterion_mapping"
stage = "documentation"
help = "Mapping controls to each in-scope criterion"

[[parameter]]
name = "system_description"
stage = "documentation"
help = "Reviewing the system description, per engagement"

[[parameter]]
name = "per_system"
stage = "documentation"
help = "Reviewing the description, per in-scope system"

[[parameter]]
name = "per_site"
stage = "documentation"
help = "Walking through the physical controls of each in-scope site"

[[parameter]]
name = "test_per_control"
stage = "testing"
help = "Type 2: test design and workpaper of each control, before its samples"

[[parameter]]
name = "test_per_manual_sample"
stage = "testing"
help = "Inspecting one sample and documenting it"

[[parameter]]
name = "test_per_automated_configuration"
stage = "testing"
help = "Inspecting a configuration and one instance of it"

[[parameter]]
name = "type1_test_per_control"
stage = "testing"
help = "Type 1: design and implementation, one instance"

[[parameter]]
name = "population_completeness"
stage = "testing"
help = "Completeness and accuracy of each population listing"

[[parameter]]
name = "exceptions_share_of_testing"
stage = "reporting"
help = "Nonconformity review, as a share of the testing hours"

[[parameter]]
name = "reporting"
stage = "reporting"
help = "Drafting the Type 2 report and the opinion"

[[parameter]]
name = "type1_reporting"
stage = "reporting"
help = "Drafting a Type 1 report"

[[parameter]]
name = "quality_review"
stage = "reporting"
help = "Engagement quality review"

[[parameter]]
name = "inclusive_planning"
stage = "planning"
help = "Per inclusive subservice organization: understanding it and planning the work at it"

[[parameter]]
name = "inclusive_description"
stage = "documentation"
help = "Per inclusive subservice organization: reviewing its part of the description"

[[parameter]]
name = "inclusive_coordination"
stage = "reporting"
help = "Per inclusive subservice organization: its written assertion and representation letter"

[[parameter]]
name = "inclusive_per_site"
stage = "testing"
help = "Per visit to a site an inclusive subservice organization runs: a day on site"

[[parameter]]
name = "inclusive_site_travel"
stage = "testing"
help = "Travel to and from each such visit"

[[parameter]]
name = "first_year_factor"
help = "Planning and documentation in a first audit"

[[parameter]]
name = "recurring_share"
help = "Walkthroughs and description in a later year: the share carried forward"

[[parameter]]
name = "rolled_forward_share"
help = "A later year's test design and report draft: the share rolled forward"
)toml";

ATTESTPLAN_PLUGIN(
    SamplingEffort, "sampling-effort", "1.0.0",
    "Occurrences, sample sizes and populations per control; auditor hours by the four "
    "audit stages, fixed and variable parts; the client's hours; the next annual cycle",
    kDescriptor)

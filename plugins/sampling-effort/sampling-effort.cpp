// sampling-effort: occurrences of each control in the window, sample sizes from the policy table,
// populations for event-driven controls, and the hours that follow — the auditor's by the four audit
// stages, and the client's own — for this engagement and for the next annual cycle. Stage: effort.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/toml_reader.hpp"
#include "common/data.hpp"
#include "policy.hpp"

namespace {

using namespace attestplan;
using sampling_effort::Policy;


/// Samples and hours of one control in one engagement shape.
struct ControlPlan {
  double population = -1;  ///< -1 when the control does not sample from a population
  std::string population_rule;
  double occurrences = 0;
  Range samples;
  std::string sample_rule;
  Range hours;
  std::string hours_rule;
};

struct Shape {
  bool type2 = true;
  int months = 6;
  bool first_year = true;
};

class SamplingEffort final : public EffortPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    policy_.reset();
    if (options) {
      TableReader r(*options, "[plugins.sampling-effort]", ctx.model.source_name, diags);
      r.check_unknown_keys();  // no options yet: the policy file carries the firm's choices
    }
    policy_ = plugin_data::builtin_or_override(ctx, "sampling", sampling_effort::kBuiltinPolicy, diags,
                                               &sampling_effort::parse_policy);
  }

  void run(const Context& ctx, EffortWriter& out) override {
    if (!policy_) throw std::runtime_error("no sampling policy was configured");
    if (!out.estimate().scope.ran) {
      out.add_finding({Severity::Error, "effort-without-scope",
                       "the scope stage did not run, so there are no controls to size", {}});
      return;
    }
    out.result().ran = true;
    const auto& e = ctx.model.engagement;
    const Shape shape{is_type2(e.report), e.observation_months.value_or(kDefaultObservationMonths),
                      ctx.model.organization.first_audit};
    const Shape next{true, 12, false};

    add_planning(ctx, out, shape);
    add_documentation(ctx, out, shape);
    add_testing(ctx, out, shape);
    add_reporting(ctx, out);
    add_client(ctx, out, shape);
    add_next_cycle(ctx, out, next);
  }

 private:
  Range fy(const Shape& s) const {
    return s.first_year ? policy_->effort.at("first_year_factor") : Range::exactly(1);
  }

  std::string fy_text(const Shape& s) const {
    return s.first_year ? " × first-year factor " + format_range(fy(s)) : "";
  }

  /// The population an event-driven control samples from, in a window of `months`.
  double population(const Context& ctx, const std::string& name, int months, std::string& rule) const {
    const auto it = policy_->populations.find(name);
    if (it == policy_->populations.end()) {
      rule = "no population rule named '" + name + "' in the sampling policy";
      return 0;
    }
    const auto& p = it->second;
    const auto& org = ctx.model.organization;
    const double window = months / 12.0;
    double n = 0;
    if (p.basis == "employees") {
      n = org.employees;
      rule = "headcount " + std::to_string(org.employees);
    } else if (p.basis == "turnover") {
      n = org.employees * org.annual_turnover * window;
      rule = std::to_string(org.employees) + " employees × " + format_number(org.annual_turnover) +
             " annual turnover × " + std::to_string(months) + "/12";
    } else if (p.basis == "per-employee") {
      n = std::max(org.employees * p.per_year, p.min_per_year) * window;
      rule = "max(" + std::to_string(org.employees) + " employees × " + format_number(p.per_year) + ", " +
             format_number(p.min_per_year) + ") a year × " + std::to_string(months) + "/12";
    } else if (p.basis == "per-engineer" || p.basis == "share-of-changes") {
      const auto cadence = deploy_cadence(ctx);
      const auto c = p.per_year_by_cadence.count(cadence) ? p.per_year_by_cadence.at(cadence) : 0;
      double changes = org.engineers * c * window;
      rule = std::to_string(org.engineers) + " engineers × " + format_number(c) + " changes a year (" + cadence +
             " deploys) × " + std::to_string(months) + "/12";
      if (p.basis == "share-of-changes") {
        const auto& base = policy_->populations.count("changes") ? policy_->populations.at("changes")
                                                                 : p;
        const auto bc = base.per_year_by_cadence.count(cadence) ? base.per_year_by_cadence.at(cadence) : 0;
        changes = org.engineers * bc * window;
        n = changes * p.share;
        rule = format_number(p.share) + " × changes (" + std::to_string(org.engineers) + " engineers × " + format_number(bc) +
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
    for (const auto& c : ctx.model.components) {
      if (c.kind != ComponentKind::Software || !c.deploys || !ctx.boundary.in_scope(c.id)) continue;
      if (!best || static_cast<int>(*c.deploys) > static_cast<int>(*best)) best = c.deploys;
    }
    return best ? to_string(*best) : "weekly";
  }

  /// reference §2.3: low KirkpatrickPrice, high 40 CFR 80.127, likely midway; never above N.
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

  /// What every control's plan shares in one run: the policy's effort figures and their texts,
  /// looked up and written once rather than per control.
  struct PlanBasis {
    Range maturity, type1, automated, manual;
    std::string maturity_text, type1_text, automated_text, manual_text;
  };

  PlanBasis plan_basis(const Context& ctx) const {
    const auto& eff = policy_->effort;
    PlanBasis b;
    b.maturity = policy_->maturity_factor.at(ctx.model.organization.maturity);
    b.type1 = eff.at("type1_test_per_control");
    b.automated = eff.at("test_per_automated_control");
    b.manual = eff.at("test_per_manual_sample");
    b.maturity_text = " × maturity factor " + format_range(b.maturity) + " (" +
                      to_string(ctx.model.organization.maturity) + ")";
    b.type1_text = format_range(b.type1);
    b.automated_text = format_range(b.automated);
    b.manual_text = format_range(b.manual);
    return b;
  }

  /// Samples and hours of one control, with the rules that give them.
  ControlPlan plan_control(const Context& ctx, const ScopedControl& c, const Shape& s,
                           const PlanBasis& b) const {
    ControlPlan plan;
    const Range& maturity = b.maturity;
    const std::string& maturity_text = b.maturity_text;
    if (!s.type2) {
      plan.samples = policy_->type1;
      plan.sample_rule = cat("Type 1: design and implementation, one instance (", policy_->type1_source, ")");
      plan.hours = b.type1 * maturity;
      plan.hours_rule = cat(b.type1_text, " h per control", maturity_text);
      return plan;
    }
    if (c.automated || c.frequency == Frequency::Continuous) {
      plan.samples = policy_->automated;
      plan.sample_rule = cat("automated: ", policy_->automated_source);
      plan.hours = plan.samples * b.automated * maturity;
      plan.hours_rule = cat(format_range(plan.samples), " configuration(s) × ", b.automated_text, " h",
                                         maturity_text);
      return plan;
    }
    if (!c.population.empty()) {
      plan.population = population(ctx, c.population, s.months, plan.population_rule);
      plan.occurrences = plan.population;
      plan.samples = event_samples(plan.population);
      plan.sample_rule = cat("population ", format_number(plan.population), " → ", policy_->event_source);
      if (plan.population > 0 && plan.population <= plan.samples.high) {
        plan.sample_rule += "; a small population is tested in full at the high end";
      }
    } else {
      const auto& row = policy_->frequency.at(c.frequency);
      auto it = row.samples.upper_bound(s.months);
      if (it != row.samples.begin()) --it;
      const int table_months = it->first;
      plan.occurrences = std::max(1.0, std::floor(row.per_year * s.months / 12.0 + 1e-9));
      const Range table = it->second;
      plan.samples = {std::min(table.low, plan.occurrences), std::min(table.likely, plan.occurrences),
                      std::min(table.high, plan.occurrences)};
      plan.sample_rule = cat(to_string(c.frequency), ": ", format_number(plan.occurrences), " occurrence(s) in ",
                             std::to_string(s.months), " months; policy row for ", std::to_string(table_months),
                             " months ", format_range(table), ", at most the occurrences (", row.source, ")");
    }
    plan.hours = plan.samples * b.manual * maturity;
    plan.hours_rule = cat(format_range(plan.samples), " samples × ", b.manual_text, " h", maturity_text);
    return plan;
  }

  /// Adds a line of auditor hours in the audit stage `stage` (kAuditStages order).
  static const LedgerLine& auditor_hours(EffortWriter& out, std::size_t stage, LedgerLine line) {
    const auto& added = out.add(std::move(line));
    out.result().stage_hours[stage].add(added);
    out.result().auditor_hours.add(added);
    return added;
  }

  void add_planning(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto& eff = policy_->effort;
    const auto categories = std::count_if(out.estimate().scope.categories.begin(), out.estimate().scope.categories.end(),
                                          [](const CategoryChoice& c) { return c.in_scope; });
    const auto vendors = ctx.boundary.subservices.size();
    auto line = [&](std::string id, std::string label, Range v, std::string rule, std::vector<Input> in) {
      auditor_hours(out, 0, {.id = "effort.planning." + id, .kind = "auditor-hours", .group = "planning",
               .label = std::move(label), .rule = std::move(rule) + fy_text(s) + "; " + policy_->effort_source,
               .inputs = std::move(in), .value = v * fy(s), .unit = unit::kHours});
    };
    line("base", "Engagement planning and risk assessment", eff.at("planning_base"),
         format_range(eff.at("planning_base")) + " h per engagement", {});
    line("categories", "Scoping the TSC categories", eff.at("planning_per_category") * static_cast<double>(categories),
         std::to_string(categories) + " categories × " + format_range(eff.at("planning_per_category")) + " h",
         {{"categories", std::to_string(categories)}});
    if (vendors > 0) {
      line("subservices", "Scoping subservice organizations",
           eff.at("planning_per_subservice") * static_cast<double>(vendors),
           std::to_string(vendors) + " subservice organization(s) × " +
               format_range(eff.at("planning_per_subservice")) + " h",
           {{"subservices", std::to_string(vendors)}});
    }
  }

  void add_documentation(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto& eff = policy_->effort;
    const auto controls = static_cast<double>(out.estimate().scope.controls.size());
    const auto components = static_cast<double>(ctx.boundary.in_scope_count(NodeKind::Component));
    auditor_hours(out, 1, {.id = "effort.documentation.walkthroughs", .kind = "auditor-hours", .group = "documentation",
             .label = "Walkthroughs of each control's design",
             .rule = format_number(controls) + " controls × " + format_range(eff.at("walkthrough_per_control")) + " h" +
                     fy_text(s) + "; " + policy_->effort_source,
             .inputs = {{"controls", format_number(controls)}},
             .value = eff.at("walkthrough_per_control") * controls * fy(s), .unit = unit::kHours,
             .from = {out.estimate().scope.control_count.line}});
    auditor_hours(out, 1, {.id = "effort.documentation.system-description", .kind = "auditor-hours",
             .group = "documentation", .label = "Reviewing the system description",
             .rule = format_range(eff.at("system_description")) + " h + " + format_number(components) +
                     " in-scope components × " + format_range(eff.at("system_description_per_component")) +
                     " h" + fy_text(s) + "; " + policy_->effort_source,
             .inputs = {{"components in scope", format_number(components)}},
             .value = (eff.at("system_description") + eff.at("system_description_per_component") * components) * fy(s),
             .unit = unit::kHours});
  }

  /// Per-control lines (population, samples, hours) and the figures of each control's plan.
  void add_testing(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto basis = plan_basis(ctx);
    std::size_t untestable_annual = 0;
    for (const auto& c : out.estimate().scope.controls) {
      const auto plan = plan_control(ctx, c, s, basis);
      const std::string who = c.performed_by.empty() ? std::string{} : cat(" (at ", c.performed_by, ")");
      ControlEffort effort{.control = c.id};
      std::vector<std::string> from;
      if (plan.population >= 0) {
        const auto& pop_label = policy_->populations.count(c.population)
                                    ? policy_->populations.at(c.population).label
                                    : c.population;
        effort.population = Figure::of(out.add(
            {.id = cat("effort.population.", c.id), .kind = "population", .group = c.population,
             .label = cat(c.id, " population: ", pop_label, " in the window"),
             .rule = cat(plan.population_rule, " (an estimate from the organization's size; replace with the real count)"),
             .inputs = {{"employees", std::to_string(ctx.model.organization.employees)},
                        {"engineers", std::to_string(ctx.model.organization.engineers)},
                        {"window months", std::to_string(s.months)}},
             .value = Range::exactly(plan.population), .unit = unit::kCount}));
        from.push_back(effort.population->line);
        if (plan.population == 0) {
          out.add_finding({Severity::Note, "no-occurrences",
                           c.id + " (" + c.title + ") has no " + pop_label +
                               " expected in the window: the auditor can test its design only",
                           {}});
        }
      }
      if (s.type2 && !c.automated && c.frequency == Frequency::Annual && c.population.empty() &&
          s.months < 12) {
        ++untestable_annual;
      }
      const auto& samples = out.add({.id = cat("effort.samples.", c.id), .kind = "samples", .group = c.evidence_category,
                                     .label = cat(c.id, " ", c.title, who), .rule = plan.sample_rule,
                                     .inputs = {{"frequency", to_string(c.frequency)},
                                                {"nature", c.automated ? "automated" : "manual"},
                                                {"report", to_string(ctx.model.engagement.report)}},
                                     .value = plan.samples, .unit = unit::kSamples, .from = std::move(from)});
      effort.samples = Figure::of(samples);
      out.result().samples.add(samples);
      effort.hours = Figure::of(auditor_hours(out, 2, {.id = cat("effort.testing.", c.id), .kind = "auditor-hours", .group = "testing",
                                                       .label = cat("Testing ", c.id, " ", c.title, who),
                                                       .rule = cat(plan.hours_rule, "; ", policy_->effort_source),
                                                       .inputs = {{"samples", format_range(plan.samples)}},
                                                       .value = plan.hours, .unit = unit::kHours,
                                                       .from = {effort.samples.line}}));
      out.result().controls.push_back(std::move(effort));
    }
    if (untestable_annual > 0) {
      out.add_finding(
          {Severity::Note, "annual-in-short-window",
           std::to_string(untestable_annual) + " annual controls must run inside the " +
               std::to_string(s.months) + "-month window to be testable: schedule them",
           ctx.model.engagement.where});
    }
  }

  void add_reporting(const Context& ctx, EffortWriter& out) const {
    const auto& eff = policy_->effort;
    const Figure testing = out.result().stage_hours[2];
    const Range tested = testing.value;
    auditor_hours(out, 3, {.id = "effort.reporting.exceptions", .kind = "auditor-hours", .group = "reporting",
             .label = "Evaluating exceptions and deviations",
             .rule = format_range(eff.at("exceptions_share_of_testing")) + " × testing hours (" +
                     format_range(tested) + " h); " + policy_->effort_source,
             .inputs = {{"testing hours", format_range(tested)}},
             .value = tested * eff.at("exceptions_share_of_testing"), .unit = unit::kHours,
             .from = testing.parts});
    const bool type2 = is_type2(ctx.model.engagement.report);
    const auto& report = eff.at(type2 ? "reporting" : "type1_reporting");
    auditor_hours(out, 3, {.id = "effort.reporting.report", .kind = "auditor-hours", .group = "reporting",
             .label = "Drafting the report and forming the opinion",
             .rule = format_range(report) + " h per " + (type2 ? "Type 2" : "Type 1") + " report; " +
                     policy_->effort_source,
             .value = report, .unit = unit::kHours});
    auditor_hours(out, 3, {.id = "effort.reporting.quality-review", .kind = "auditor-hours", .group = "reporting",
             .label = "Engagement quality review",
             .rule = format_range(eff.at("quality_review")) + " h per report; " + policy_->effort_source,
             .value = eff.at("quality_review"), .unit = unit::kHours});
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      auditor_hours(out, 3, {.id = "effort.reporting.inclusive-" + v.id, .kind = "auditor-hours", .group = "reporting",
               .label = "Coordinating with " + v.name + " (inclusive) and its management assertion",
               .rule = format_range(eff.at("inclusive_coordination")) + " h per inclusive subservice "
                       "organization; " + policy_->effort_source,
               .value = eff.at("inclusive_coordination"), .unit = unit::kHours});
    }
  }

  /// Adds a line of the organization's own hours.
  static void client_hours(EffortWriter& out, LedgerLine line) {
    const auto& added = out.add(std::move(line));
    out.result().client_items.push_back(Figure::of(added));
    out.result().client_hours.add(added);
  }

  void add_client(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto& cl = policy_->client;
    const Figure samples = out.result().samples;
    const auto& scope = out.estimate().scope;
    const auto own_controls = static_cast<double>(std::count_if(
        scope.controls.begin(), scope.controls.end(), [](const ScopedControl& c) { return c.performed_by.empty(); }));
    client_hours(out, {.id = "client.evidence", .kind = "client-hours", .group = "evidence",
                       .label = "Preparing evidence for the samples",
                       .rule = format_range(samples.value) + " samples × " + format_range(cl.at("evidence_per_sample")) +
                               " h; " + policy_->client_source,
                       .value = samples.value * cl.at("evidence_per_sample"), .unit = unit::kHours, .from = samples.parts});
    client_hours(out, {.id = "client.walkthroughs", .kind = "client-hours", .group = "walkthroughs",
                       .label = "Attending walkthroughs and answering requests",
                       .rule = format_number(own_controls) + " own controls × " + format_range(cl.at("walkthrough_per_control")) +
                               " h; " + policy_->client_source,
                       .value = cl.at("walkthrough_per_control") * own_controls, .unit = unit::kHours,
                       .from = {scope.control_count.line}});
    if (s.first_year) {
      const auto m = ctx.model.organization.maturity;
      client_hours(out, {.id = "client.readiness", .kind = "client-hours", .group = "readiness",
                         .label = "Readiness: writing policies, closing gaps, setting up evidence",
                         .rule = std::string{"first audit at maturity '"} + to_string(m) + "': " +
                                 format_range(policy_->readiness.at(m)) + " h; " + policy_->client_source,
                         .inputs = {{"maturity", to_string(m)}},
                         .value = policy_->readiness.at(m), .unit = unit::kHours});
    }
  }

  /// The next annual cycle: a 12-month Type 2 on the same controls, no first-year factor.
  void add_next_cycle(const Context& ctx, EffortWriter& out, const Shape& s) const {
    const auto& eff = policy_->effort;
    Range testing, samples;
    const auto basis = plan_basis(ctx);
    for (const auto& c : out.estimate().scope.controls) {
      const auto plan = plan_control(ctx, c, s, basis);
      testing += plan.hours;
      samples += plan.samples;
    }
    const auto categories = static_cast<double>(std::count_if(
        out.estimate().scope.categories.begin(), out.estimate().scope.categories.end(),
        [](const CategoryChoice& c) { return c.in_scope; }));
    const auto vendors = static_cast<double>(ctx.boundary.subservices.size());
    const auto controls = static_cast<double>(out.estimate().scope.controls.size());
    const auto components = static_cast<double>(ctx.boundary.in_scope_count(NodeKind::Component));
    const Range planning = eff.at("planning_base") + eff.at("planning_per_category") * categories +
                           eff.at("planning_per_subservice") * vendors;
    const Range documentation = eff.at("walkthrough_per_control") * controls + eff.at("system_description") +
                                eff.at("system_description_per_component") * components;
    Range reporting = testing * eff.at("exceptions_share_of_testing") + eff.at("reporting") +
                      eff.at("quality_review");
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method == SubserviceMethod::Inclusive) reporting += eff.at("inclusive_coordination");
    }
    const std::string rule = "the same controls in a 12-month Type 2 window, without the first-year "
                             "factor; " + policy_->effort_source;
    const std::map<std::string, Range> by_stage{{"planning", planning}, {"documentation", documentation},
                                                {"testing", testing}, {"reporting", reporting}};
    for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
      const auto& [group, title] = kAuditStages[i];
      const auto& line = out.add({.id = std::string{"next.effort."} + group, .kind = "next-auditor-hours", .group = group,
                                  .label = std::string{"Next cycle: "} + title, .rule = rule,
                                  .value = by_stage.at(group), .unit = unit::kHours});
      out.result().next_stage_hours[i] = Figure::of(line);
      out.result().next_auditor_hours.add(line);
    }
    const auto& cl = policy_->client;
    out.result().next_client_hours = Figure::of(out.add({.id = "next.client", .kind = "next-client-hours", .group = "evidence",
             .label = "Next cycle: evidence and walkthroughs",
             .rule = format_range(samples) + " samples × " + format_range(cl.at("evidence_per_sample")) +
                     " h + " + format_number(controls) + " controls × " + format_range(cl.at("walkthrough_per_control")) +
                     " h; " + policy_->client_source,
             .value = samples * cl.at("evidence_per_sample") + cl.at("walkthrough_per_control") * controls,
             .unit = unit::kHours}));
  }

  std::shared_ptr<const Policy> policy_;  // the built-in one is shared, not copied
};

}  // namespace

ATTESTPLAN_PLUGIN(SamplingEffort, "sampling-effort", "1.0.0",
                  "Occurrences, sample sizes and populations per control; auditor hours by the four "
                  "audit stages; the client's hours; the next annual cycle")

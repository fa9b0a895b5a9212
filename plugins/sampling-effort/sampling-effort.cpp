// sampling-effort: occurrences of each control in the window, sample sizes from the policy table,
// populations for event-driven controls, and the hours that follow — the auditor's by the four audit
// stages, and the client's own — for this engagement and for the next annual cycle. Stage: effort.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/toml_reader.hpp"

namespace {

using namespace attestplan;


struct FrequencyRow {
  double per_year = 1;
  std::map<int, Range> samples;  ///< window months → samples
  std::string source;
};

struct PopulationRule {
  std::string basis, label;
  double per_year = 0, min_per_year = 0, share = 0;
  std::map<std::string, double> per_year_by_cadence;
};

struct Policy {
  std::string name, effort_source, client_source, event_source, automated_source, type1_source;
  std::map<Frequency, FrequencyRow> frequency;
  Range automated, type1;
  double low_share = 0.1, low_min = 3, low_max = 30, high_above = 29;
  std::vector<std::pair<double, double>> high_table;
  std::map<std::string, PopulationRule> populations;
  std::map<std::string, Range> effort, client;
  std::map<Maturity, Range> maturity_factor, readiness;
};

std::optional<Policy> parse_policy(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_data(file, "sampling policy", diags);
  if (!root) return std::nullopt;
  Policy p;
  TableReader top(*root, "the sampling policy", file.source_name, diags);
  p.name = top.string("policy", true).value_or("");
  top.string("title");
  if (const auto* freq = top.table("frequency")) {
    for (const auto& [key, node] : *freq) {
      const std::string name{key.str()};
      const auto f = parse_frequency(name);
      if (!f || *f == Frequency::EventDriven || *f == Frequency::Continuous || !node.is_table()) {
        diags.error("[frequency." + name + "] is not a sampled frequency",
                    location_of(key.source(), file.source_name),
                    "annual, semi-annual, quarterly, monthly, weekly, daily or multiple-daily");
        continue;
      }
      TableReader r(*node.as_table(), "[frequency." + name + "]", file.source_name, diags);
      FrequencyRow row;
      row.per_year = r.number("per_year", 0.01, 100000, true).value_or(1);
      row.source = r.string("source", true).value_or("");
      if (const auto* samples = r.table("samples")) {
        TableReader s(*samples, r.context() + " samples", file.source_name, diags);
        for (const auto& [mkey, mnode] : *samples) {
          const std::string months{mkey.str()};
          const bool ok = !months.empty() && months.size() <= 2 &&
                          std::all_of(months.begin(), months.end(), ::isdigit);
          const int m = ok ? std::stoi(months) : 0;
          if (m < 1 || m > 12) {
            diags.error("sample row '" + months + "' must be a window length in months (1-12)",
                        location_of(mkey.source(), file.source_name));
            s.range(months);
            continue;
          }
          if (auto v = s.range(months)) row.samples[m] = *v;
        }
        s.check_unknown_keys();
      }
      if (row.samples.empty()) diags.error(r.context() + " has no samples", r.where());
      r.check_unknown_keys();
      p.frequency[*f] = std::move(row);
    }
  }
  for (auto f : {Frequency::Annual, Frequency::Quarterly, Frequency::Monthly, Frequency::Weekly,
                 Frequency::Daily, Frequency::MultipleDaily, Frequency::SemiAnnual}) {
    if (!p.frequency.count(f)) {
      diags.error(std::string{"the sampling policy has no [frequency."} + to_string(f) + "]",
                  top.where());
    }
  }
  if (const auto* t = top.table("automated")) {
    TableReader r(*t, "[automated]", file.source_name, diags);
    p.automated = r.range("samples", true).value_or(Range::exactly(1));
    p.automated_source = r.string("source", true).value_or("");
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("type1")) {
    TableReader r(*t, "[type1]", file.source_name, diags);
    p.type1 = r.range("samples", true).value_or(Range::exactly(1));
    p.type1_source = r.string("source", true).value_or("");
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("event_driven")) {
    TableReader r(*t, "[event_driven]", file.source_name, diags);
    p.low_share = r.number("low_share", 0, 1, true).value_or(0.1);
    p.low_min = r.number("low_min", 0, 1000, true).value_or(3);
    p.low_max = r.number("low_max", 1, 1000, true).value_or(30);
    p.high_above = r.number("high_above", 1, 1000, true).value_or(29);
    p.event_source = r.string("source", true).value_or("");
    if (const auto* arr = t->get_as<toml::array>("high_table")) {
      for (const auto& band : *arr) {
        const auto* pair = band.as_array();
        if (pair && pair->size() == 2 && pair->get(0)->is_number() && pair->get(1)->is_number()) {
          p.high_table.emplace_back(pair->get(0)->value<double>().value_or(0),
                                    pair->get(1)->value<double>().value_or(0));
        } else {
          diags.error("high_table bands must be [largest N, sample]",
                      location_of(band.source(), file.source_name));
        }
      }
    }
    r.check_unknown_keys({"high_table"});
  }
  if (const auto* pops = top.table("population")) {
    for (const auto& [key, node] : *pops) {
      const std::string name{key.str()};
      if (!node.is_table()) {
        diags.error("[population." + name + "] must be a table", location_of(key.source(), file.source_name));
        continue;
      }
      TableReader r(*node.as_table(), "[population." + name + "]", file.source_name, diags);
      PopulationRule rule;
      const std::vector<std::string> bases{"employees",    "turnover", "per-employee",
                                           "per-engineer", "fixed",    "share-of-changes"};
      rule.basis = r.string("basis", true).value_or("fixed");
      if (std::find(bases.begin(), bases.end(), rule.basis) == bases.end()) {
        r.bad_word("basis", rule.basis, bases);
      }
      rule.label = r.string("label").value_or(name);
      rule.per_year = r.number("per_year", 0, 1e7).value_or(0);
      rule.min_per_year = r.number("min_per_year", 0, 1e7).value_or(0);
      rule.share = r.number("share", 0, 1).value_or(0);
      if (const auto* cad = r.table("per_year_by_cadence")) {
        for (const auto& [ck, cv] : *cad) {
          rule.per_year_by_cadence[std::string{ck.str()}] = cv.value<double>().value_or(0);
        }
      }
      r.check_unknown_keys();
      p.populations[name] = std::move(rule);
    }
  }
  if (const auto* t = top.table("effort")) {
    TableReader r(*t, "[effort]", file.source_name, diags);
    p.effort_source = r.string("source", true).value_or("");
    for (const char* k : {"planning_base", "planning_per_category", "planning_per_subservice",
                          "walkthrough_per_control", "system_description",
                          "system_description_per_component", "test_per_manual_sample",
                          "test_per_automated_control", "type1_test_per_control",
                          "exceptions_share_of_testing", "reporting", "type1_reporting", "quality_review",
                          "inclusive_coordination", "first_year_factor"}) {
      p.effort[k] = r.range(k, true).value_or(Range{});
    }
    p.maturity_factor = r.ranges_by_maturity("maturity_factor");
    r.check_unknown_keys();
  } else {
    diags.error("the sampling policy has no [effort] table", top.where());
  }
  if (const auto* t = top.table("client")) {
    TableReader r(*t, "[client]", file.source_name, diags);
    p.client_source = r.string("source", true).value_or("");
    for (const char* k : {"evidence_per_sample", "walkthrough_per_control"}) {
      p.client[k] = r.range(k, true).value_or(Range{});
    }
    p.readiness = r.ranges_by_maturity("readiness");
    r.check_unknown_keys();
  } else {
    diags.error("the sampling policy has no [client] table", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return p;
}

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

const std::string kNoText;

struct Shape {
  bool type2 = true;
  int months = 6;
  bool first_year = true;
};

class SamplingEffort final : public Plugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    policy_.reset();
    if (options) {
      TableReader r(*options, "[plugins.sampling-effort]", ctx.model.source_name, diags);
      r.check_unknown_keys();  // no options yet: the policy file carries the firm's choices
    }
    if (auto file = ctx.data_file("sampling", "sampling/default.toml", diags)) {
      policy_ = parse_policy(*file, diags);
    }
  }

  void run(const Context& ctx, Estimate& est) override {
    if (!policy_) throw std::runtime_error("no sampling policy was configured");
    if (!est.scope.ran) {
      est.findings.push_back({Severity::Error, "effort-without-scope",
                              "the scope stage did not run, so there are no controls to size", {}});
      return;
    }
    const auto& e = ctx.model.engagement;
    const Shape shape{is_type2(e.report), e.observation_months.value_or(kDefaultObservationMonths),
                      ctx.model.organization.first_audit};
    const Shape next{true, 12, false};

    add_planning(ctx, est, shape);
    add_documentation(ctx, est, shape);
    const auto testing = add_testing(ctx, est, shape);
    add_reporting(ctx, est, testing);
    add_client(ctx, est, shape);
    add_next_cycle(ctx, est, next);
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

  /// Samples and hours of one control; the rule texts only when `explain` (the next-cycle totals
  /// need the figures alone).
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

  ControlPlan plan_control(const Context& ctx, const ScopedControl& c, const Shape& s,
                           const PlanBasis& b, bool explain = true) const {
    ControlPlan plan;
    const Range& maturity = b.maturity;
    const std::string& maturity_text = explain ? b.maturity_text : kNoText;
    if (!s.type2) {
      plan.samples = policy_->type1;
      if (explain) plan.sample_rule = "Type 1: design and implementation, one instance (" + policy_->type1_source + ")";
      plan.hours = b.type1 * maturity;
      if (explain) plan.hours_rule = b.type1_text + " h per control" + maturity_text;
      return plan;
    }
    if (c.automated || c.frequency == Frequency::Continuous) {
      plan.samples = policy_->automated;
      if (explain) plan.sample_rule = "automated: " + policy_->automated_source;
      plan.hours = plan.samples * b.automated * maturity;
      if (explain) plan.hours_rule = format_range(plan.samples) + " configuration(s) × " +
                        b.automated_text + " h" + maturity_text;
      return plan;
    }
    if (!c.population.empty()) {
      plan.population = population(ctx, c.population, s.months, plan.population_rule);
      plan.occurrences = plan.population;
      plan.samples = event_samples(plan.population);
      if (explain) plan.sample_rule = "population " + format_number(plan.population) + " → " + policy_->event_source;
      if (explain && plan.population > 0 && plan.population <= plan.samples.high) {
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
      if (explain) plan.sample_rule = std::string{to_string(c.frequency)} + ": " + format_number(plan.occurrences) +
                         " occurrence(s) in " + std::to_string(s.months) + " months; policy row for " +
                         std::to_string(table_months) + " months " + format_range(table) +
                         ", at most the occurrences (" + row.source + ")";
    }
    plan.hours = plan.samples * b.manual * maturity;
    if (explain) plan.hours_rule = format_range(plan.samples) + " samples × " + b.manual_text + " h" + maturity_text;
    return plan;
  }

  void add_planning(const Context& ctx, Estimate& est, const Shape& s) const {
    const auto& eff = policy_->effort;
    const auto categories = std::count_if(est.scope.categories.begin(), est.scope.categories.end(),
                                          [](const CategoryChoice& c) { return c.in_scope; });
    const auto vendors = ctx.boundary.subservices.size();
    auto line = [&](std::string id, std::string label, Range v, std::string rule, std::vector<Input> in) {
      est.add({.id = "effort.planning." + id, .kind = "auditor-hours", .group = "planning",
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

  void add_documentation(const Context& ctx, Estimate& est, const Shape& s) const {
    const auto& eff = policy_->effort;
    const auto controls = static_cast<double>(est.scope.controls.size());
    const auto components = static_cast<double>(ctx.boundary.in_scope_count(NodeKind::Component));
    est.add({.id = "effort.documentation.walkthroughs", .kind = "auditor-hours", .group = "documentation",
             .label = "Walkthroughs of each control's design",
             .rule = format_number(controls) + " controls × " + format_range(eff.at("walkthrough_per_control")) + " h" +
                     fy_text(s) + "; " + policy_->effort_source,
             .inputs = {{"controls", format_number(controls)}},
             .value = eff.at("walkthrough_per_control") * controls * fy(s), .unit = unit::kHours,
             .from = {"scope.controls"}});
    est.add({.id = "effort.documentation.system-description", .kind = "auditor-hours",
             .group = "documentation", .label = "Reviewing the system description",
             .rule = format_range(eff.at("system_description")) + " h + " + format_number(components) +
                     " in-scope components × " + format_range(eff.at("system_description_per_component")) +
                     " h" + fy_text(s) + "; " + policy_->effort_source,
             .inputs = {{"components in scope", format_number(components)}},
             .value = (eff.at("system_description") + eff.at("system_description_per_component") * components) * fy(s),
             .unit = unit::kHours});
  }

  /// Per-control lines (population, samples, hours); returns the ids of the testing lines.
  std::vector<std::string> add_testing(const Context& ctx, Estimate& est, const Shape& s) const {
    const auto basis = plan_basis(ctx);
    std::vector<std::string> ids;
    std::size_t untestable_annual = 0;
    for (const auto& c : est.scope.controls) {
      const auto plan = plan_control(ctx, c, s, basis);
      const std::string who = c.performed_by.empty() ? "" : " (at " + c.performed_by + ")";
      std::vector<std::string> from;
      if (plan.population >= 0) {
        const auto& pop_label = policy_->populations.count(c.population)
                                    ? policy_->populations.at(c.population).label
                                    : c.population;
        est.add({.id = "effort.population." + c.id, .kind = "population", .group = c.population,
                 .label = c.id + " population: " + pop_label + " in the window",
                 .rule = plan.population_rule + " (an estimate from the organization's size; replace "
                         "with the real count)",
                 .inputs = {{"employees", std::to_string(ctx.model.organization.employees)},
                            {"engineers", std::to_string(ctx.model.organization.engineers)},
                            {"window months", std::to_string(s.months)}},
                 .value = Range::exactly(plan.population), .unit = unit::kCount});
        from.push_back("effort.population." + c.id);
        if (plan.population == 0) {
          est.findings.push_back({Severity::Note, "no-occurrences",
                                  c.id + " (" + c.title + ") has no " + pop_label +
                                      " expected in the window: the auditor can test its design only",
                                  {}});
        }
      }
      if (s.type2 && !c.automated && c.frequency == Frequency::Annual && c.population.empty() &&
          s.months < 12) {
        ++untestable_annual;
      }
      est.add({.id = "effort.samples." + c.id, .kind = "samples", .group = c.evidence_category,
               .label = c.id + " " + c.title + who, .rule = plan.sample_rule,
               .inputs = {{"frequency", to_string(c.frequency)},
                          {"nature", c.automated ? "automated" : "manual"},
                          {"report", to_string(ctx.model.engagement.report)}},
               .value = plan.samples, .unit = unit::kSamples, .from = from});
      ids.push_back("effort.testing." + c.id);
      est.add({.id = ids.back(), .kind = "auditor-hours", .group = "testing",
               .label = "Testing " + c.id + " " + c.title + who,
               .rule = plan.hours_rule + "; " + policy_->effort_source,
               .inputs = {{"samples", format_range(plan.samples)}},
               .value = plan.hours, .unit = unit::kHours, .from = {"effort.samples." + c.id}});
    }
    if (untestable_annual > 0) {
      est.findings.push_back(
          {Severity::Note, "annual-in-short-window",
           std::to_string(untestable_annual) + " annual controls must run inside the " +
               std::to_string(s.months) + "-month window to be testable (reference §2.4): schedule them",
           ctx.model.engagement.where});
    }
    return ids;
  }

  void add_reporting(const Context& ctx, Estimate& est, const std::vector<std::string>& testing) const {
    const auto& eff = policy_->effort;
    Range tested;
    for (const auto& id : testing) tested += est.find(id)->value;
    est.add({.id = "effort.reporting.exceptions", .kind = "auditor-hours", .group = "reporting",
             .label = "Evaluating exceptions and deviations",
             .rule = format_range(eff.at("exceptions_share_of_testing")) + " × testing hours (" +
                     format_range(tested) + " h); " + policy_->effort_source,
             .inputs = {{"testing hours", format_range(tested)}},
             .value = tested * eff.at("exceptions_share_of_testing"), .unit = unit::kHours,
             .from = testing});
    const bool type2 = is_type2(ctx.model.engagement.report);
    const auto& report = eff.at(type2 ? "reporting" : "type1_reporting");
    est.add({.id = "effort.reporting.report", .kind = "auditor-hours", .group = "reporting",
             .label = "Drafting the report and forming the opinion",
             .rule = format_range(report) + " h per " + (type2 ? "Type 2" : "Type 1") + " report; " +
                     policy_->effort_source,
             .value = report, .unit = unit::kHours});
    est.add({.id = "effort.reporting.quality-review", .kind = "auditor-hours", .group = "reporting",
             .label = "Engagement quality review",
             .rule = format_range(eff.at("quality_review")) + " h per report; " + policy_->effort_source,
             .value = eff.at("quality_review"), .unit = unit::kHours});
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      est.add({.id = "effort.reporting.inclusive-" + v.id, .kind = "auditor-hours", .group = "reporting",
               .label = "Coordinating with " + v.name + " (inclusive) and its management assertion",
               .rule = format_range(eff.at("inclusive_coordination")) + " h per inclusive subservice "
                       "organization; " + policy_->effort_source,
               .value = eff.at("inclusive_coordination"), .unit = unit::kHours});
    }
  }

  void add_client(const Context& ctx, Estimate& est, const Shape& s) const {
    const auto& cl = policy_->client;
    Range samples;
    std::vector<std::string> from;
    for (const auto& l : est.of_kind("samples")) {
      samples += l->value;
      from.push_back(l->id);
    }
    const auto own_controls = static_cast<double>(std::count_if(
        est.scope.controls.begin(), est.scope.controls.end(),
        [](const ScopedControl& c) { return c.performed_by.empty(); }));
    est.add({.id = "client.evidence", .kind = "client-hours", .group = "evidence",
             .label = "Preparing evidence for the samples",
             .rule = format_range(samples) + " samples × " + format_range(cl.at("evidence_per_sample")) +
                     " h; " + policy_->client_source,
             .value = samples * cl.at("evidence_per_sample"), .unit = unit::kHours, .from = from});
    est.add({.id = "client.walkthroughs", .kind = "client-hours", .group = "walkthroughs",
             .label = "Attending walkthroughs and answering requests",
             .rule = format_number(own_controls) + " own controls × " + format_range(cl.at("walkthrough_per_control")) +
                     " h; " + policy_->client_source,
             .value = cl.at("walkthrough_per_control") * own_controls, .unit = unit::kHours,
             .from = {"scope.controls"}});
    if (s.first_year) {
      const auto m = ctx.model.organization.maturity;
      est.add({.id = "client.readiness", .kind = "client-hours", .group = "readiness",
               .label = "Readiness: writing policies, closing gaps, setting up evidence",
               .rule = std::string{"first audit at maturity '"} + to_string(m) + "': " +
                       format_range(policy_->readiness.at(m)) + " h; " + policy_->client_source,
               .inputs = {{"maturity", to_string(m)}},
               .value = policy_->readiness.at(m), .unit = unit::kHours});
    }
  }

  /// The next annual cycle: a 12-month Type 2 on the same controls, no first-year factor.
  void add_next_cycle(const Context& ctx, Estimate& est, const Shape& s) const {
    const auto& eff = policy_->effort;
    Range testing, samples;
    const auto basis = plan_basis(ctx);
    for (const auto& c : est.scope.controls) {
      const auto plan = plan_control(ctx, c, s, basis, false);
      testing += plan.hours;
      samples += plan.samples;
    }
    const auto categories = static_cast<double>(std::count_if(
        est.scope.categories.begin(), est.scope.categories.end(),
        [](const CategoryChoice& c) { return c.in_scope; }));
    const auto vendors = static_cast<double>(ctx.boundary.subservices.size());
    const auto controls = static_cast<double>(est.scope.controls.size());
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
    for (const auto& [group, title] : kAuditStages) {
      est.add({.id = std::string{"next.effort."} + group, .kind = "next-auditor-hours", .group = group,
               .label = std::string{"Next cycle: "} + title, .rule = rule, .value = by_stage.at(group),
               .unit = unit::kHours});
    }
    const auto& cl = policy_->client;
    est.add({.id = "next.client", .kind = "next-client-hours", .group = "evidence",
             .label = "Next cycle: evidence and walkthroughs",
             .rule = format_range(samples) + " samples × " + format_range(cl.at("evidence_per_sample")) +
                     " h + " + format_number(controls) + " controls × " + format_range(cl.at("walkthrough_per_control")) +
                     " h; " + policy_->client_source,
             .value = samples * cl.at("evidence_per_sample") + cl.at("walkthrough_per_control") * controls,
             .unit = unit::kHours});
  }

  std::optional<Policy> policy_;
};

}  // namespace

ATTESTPLAN_PLUGIN(SamplingEffort, "sampling-effort", "1.0.0", attestplan::Stage::Effort,
                  "Occurrences, sample sizes and populations per control; auditor hours by the four "
                  "audit stages; the client's hours; the next annual cycle")

// compare_scenarios: each scenario is the model with engagement keys overridden, estimated in full.
#include "attestplan/compare.hpp"

#include <algorithm>

namespace attestplan {

namespace {

bool isae(ReportKind k) { return k == ReportKind::Isae3000Type1 || k == ReportKind::Isae3000Type2; }
ReportKind type1_of(ReportKind k) { return isae(k) ? ReportKind::Isae3000Type1 : ReportKind::Soc2Type1; }
ReportKind type2_of(ReportKind k) { return isae(k) ? ReportKind::Isae3000Type2 : ReportKind::Soc2Type2; }

std::vector<Category> in_scope_of(const Estimate& e) {
  std::vector<Category> out;
  for (const auto& c : e.scope.categories) {
    if (c.in_scope) out.push_back(c.category);
  }
  return out;
}

Model apply(const Model& base, const ScenarioSpec& s) {
  Model m = base;
  auto& e = m.engagement;
  if (s.report) e.report = *s.report;
  if (s.observation_months) e.observation_months = s.observation_months;
  if (s.categories) {
    e.categories = *s.categories;
    e.categories_given = true;
  }
  if (s.window_start) e.window_start = s.window_start;
  if (s.as_of) e.as_of = s.as_of;
  return m;
}

const Milestone* milestone(const Estimate& e, std::string_view id) { return e.timing.milestone(id); }

std::string line_of(const Milestone* m) { return m ? m->line : std::string{}; }

std::string failure_of(const EstimateResult& r) {
  if (!r.configured) {
    return r.diagnostics.items().empty() ? "configuration failed" : r.diagnostics.items()[0].message;
  }
  for (const auto& s : r.estimate.stages) {
    if (s.status != StageStatus::Ok) return s.message;
  }
  return {};
}

ScenarioOutcome run_one(const PluginHost& host, const EstimateRequest& base, const ScenarioSpec& spec) {
  ScenarioOutcome out;
  out.spec = spec;
  const Model scenario_model = apply(base.model, spec);
  auto estimate = [&](const Model& m) {
    EstimateRequest req{m, base.catalog, base.data_overrides};
    return run_estimate(host, req);
  };
  if (!spec.type1_first) {
    const auto r = estimate(scenario_model);
    if (auto why = failure_of(r); !why.empty()) {
      out.status = ScenarioStatus::Failed;
      out.error = why;
      return out;
    }
    const auto& e = r.estimate;
    out.currency = e.cost.currency;
    out.categories = in_scope_of(e);
    const auto* report = milestone(e, kReportInHand);
    if (report) {
      out.first_report = *report;
      if (is_type2(scenario_model.engagement.report)) out.type2_report = *report;
    }
    out.renewals = e.timing.renewals;
    out.year_one = e.cost.year_one.value;
    out.two_years = out.year_one + e.cost.year_two.value;
    out.auditor_hours = e.effort.auditor_hours.value;
    out.lines = {line_of(report), e.cost.year_one.line, e.cost.year_two.line, e.effort.auditor_hours.line};
    return out;
  }
  // Type 1 first: its as-of date starts the Type 2 window the next day.
  Model first = scenario_model;
  first.engagement.report = type1_of(scenario_model.engagement.report);
  first.engagement.window_start.reset();
  const auto r1 = estimate(first);
  if (auto why = failure_of(r1); !why.empty()) {
    out.status = ScenarioStatus::Failed;
    out.error = "Type 1: " + why;
    return out;
  }
  const auto* as_of = milestone(r1.estimate, kAsOfDate);
  Model second = scenario_model;
  second.engagement.report = type2_of(scenario_model.engagement.report);
  if (!second.engagement.observation_months) second.engagement.observation_months = kDefaultObservationMonths;
  if (as_of) second.engagement.window_start = as_of->likely.plus_days(1);
  second.engagement.as_of.reset();
  second.organization.first_audit = false;  // readiness and the first-year effort went to the Type 1
  const auto r2 = estimate(second);
  if (auto why = failure_of(r2); !why.empty()) {
    out.status = ScenarioStatus::Failed;
    out.error = "Type 2: " + why;
    return out;
  }
  const auto& e1 = r1.estimate;
  const auto& e2 = r2.estimate;
  out.currency = e1.cost.currency;
  out.categories = in_scope_of(e1);
  const auto* report1 = milestone(e1, kReportInHand);
  const auto* report2 = milestone(e2, kReportInHand);
  if (report1) out.first_report = *report1;
  if (report2) out.type2_report = *report2;
  out.renewals = e1.timing.renewals;
  out.year_one = e1.cost.year_one.value + e2.cost.fee.value + e2.cost.own_staff.value;
  out.two_years = out.year_one + e2.cost.year_two.value;
  out.auditor_hours = e1.effort.auditor_hours.value + e2.effort.auditor_hours.value;
  const auto t1 = [](const std::string& id) { return "type1:" + id; };
  const auto t2 = [](const std::string& id) { return "type2:" + id; };
  out.lines = {t1(line_of(report1)),           t2(line_of(report2)),          t1(e1.cost.year_one.line),
               t2(e2.cost.fee.line),           t2(e2.cost.own_staff.line),    t2(e2.cost.year_two.line),
               t1(e1.effort.auditor_hours.line), t2(e2.effort.auditor_hours.line)};
  return out;
}

}  // namespace

const char* to_string(ScenarioStatus v) { return v == ScenarioStatus::Ok ? "ok" : "failed"; }

std::vector<ScenarioSpec> default_scenarios(const Model& model, const std::vector<Category>& in_scope) {
  const auto& e = model.engagement;
  std::vector<ScenarioSpec> out;
  ScenarioSpec as_is;
  as_is.id = "as-modelled";
  as_is.label = std::string{"As modelled: "} + display_name(e.report) +
                (is_type2(e.report) ? ", " + std::to_string(e.observation_months.value_or(kDefaultObservationMonths)) + " months"
                                    : "");
  out.push_back(as_is);
  // A first audit may start with a Type 1 or a short window. A renewal must continue coverage: its
  // next report covers the 12 months after the last one, and a Type 1 or a shorter window would
  // leave customers a stretch no report covers.
  const bool renewal = !model.organization.first_audit;
  if (!renewal) {
    ScenarioSpec phased;
    phased.id = "type1-then-type2";
    phased.label = "Type 1 now, then a 6-month Type 2";
    phased.type1_first = true;
    phased.observation_months = 6;
    out.push_back(phased);
  }
  for (int months : {3, 6, 12}) {
    if (renewal && months < 12) continue;
    ScenarioSpec s;
    s.id = "type2-" + std::to_string(months) + "m";
    s.label = renewal ? "Renewal: Type 2 over the next 12 months, continuing coverage"
                      : "Type 2 directly, " + std::to_string(months) + "-month window";
    s.report = type2_of(e.report);
    s.observation_months = months;
    s.window_start.reset();
    out.push_back(s);
  }
  for (Category c : {Category::Availability, Category::Confidentiality, Category::ProcessingIntegrity,
                     Category::Privacy}) {
    const bool has = std::find(in_scope.begin(), in_scope.end(), c) != in_scope.end();
    ScenarioSpec s;
    s.id = std::string{has ? "without-" : "with-"} + to_string(c);
    s.label = std::string{"As modelled, "} + (has ? "without " : "with ") + display_name(c);
    std::vector<Category> cats;
    for (Category x : in_scope) {
      if (x != c) cats.push_back(x);
    }
    if (!has) cats.push_back(c);
    s.categories = cats;
    out.push_back(s);
  }
  for (const auto& s : model.scenarios) out.push_back(s);
  return out;
}

Comparison compare_scenarios(const PluginHost& host, const EstimateRequest& base,
                             const std::vector<std::string>& only, std::vector<std::string>& unknown) {
  Comparison cmp;
  cmp.renewal_dates = base.model.engagement.renewal_dates;
  // The model as it stands comes first: its categories (chosen, or suggested) decide the
  // with/without set, and its outcome is the "as-modelled" row, so it is estimated once.
  ScenarioSpec as_modelled;
  as_modelled.id = "as-modelled";
  auto baseline = run_one(host, base, as_modelled);
  const auto specs = default_scenarios(base.model, baseline.categories);
  baseline.spec = specs.front();  // the built-in set opens with the as-modelled scenario
  std::vector<const ScenarioSpec*> chosen;
  if (only.empty()) {
    for (const auto& s : specs) chosen.push_back(&s);
  } else {
    for (const auto& id : only) {
      const auto it = std::find_if(specs.begin(), specs.end(), [&](const ScenarioSpec& s) { return s.id == id; });
      if (it == specs.end()) {
        unknown.push_back(id);
      } else {
        chosen.push_back(&*it);
      }
    }
  }
  for (const auto* s : chosen) {
    cmp.scenarios.push_back(s->id == baseline.spec.id ? baseline : run_one(host, base, *s));
    if (cmp.currency.empty()) cmp.currency = cmp.scenarios.back().currency;
  }
  return cmp;
}

}  // namespace attestplan

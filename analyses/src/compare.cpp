// compare_scenarios: each scenario is the model with engagement keys overridden, estimated in full.
#include "attestplan/compare.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/profile.hpp"

namespace attestplan {

namespace {

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
  // A scenario that names its report, or stages its own Type 1, replaces the model's staged plan.
  if (s.report || s.type1_first) e.then_type2_months.reset();
  if (s.report) e.report = *s.report;
  if (s.staged_type2_months) {
    e.report = type1_of(e.report);
    e.then_type2_months = s.staged_type2_months;
    e.observation_months.reset();
  }
  if (s.observation_months) e.observation_months = s.observation_months;
  if (s.categories) {
    e.categories = *s.categories;
    e.categories_given = true;
  }
  if (s.window_start) e.window_start = s.window_start;
  if (s.as_of) e.as_of = s.as_of;
  if (s.auditor_country) e.auditor_country = *s.auditor_country;
  return m;
}

const Milestone* milestone(const Estimate& e, std::string_view id) {
  return e.timing.milestone(id);
}

/// Whether a scenario leaves the engagement as the model has it (the 6-month Type 2 of a model that
/// is one): its outcome is the model's, estimated once.
bool same_engagement(const Model& model, const ScenarioSpec& s) {
  if (s.type1_first) return false;
  const auto& a = model.engagement;
  const auto b = apply(model, s).engagement;
  return a.report == b.report &&
         a.observation_months.value_or(kDefaultObservationMonths) ==
             b.observation_months.value_or(kDefaultObservationMonths) &&
         a.categories == b.categories && a.categories_given == b.categories_given &&
         a.window_start == b.window_start && a.as_of == b.as_of;
}

std::string line_of(const Milestone* m) { return m ? m->line : std::string{}; }

std::string failure_of(const EstimateResult& r) {
  if (!r.configured) {
    return r.diagnostics.items().empty() ? "configuration failed"
                                         : r.diagnostics.items()[0].message;
  }
  for (const auto& s : r.estimate.stages) {
    if (s.status != StageStatus::Ok) return s.message;
  }
  return {};
}

/// A figure of the results with its spread.
ScenarioFigure figure_of(const Figure& f) { return {f.value.likely, f.spread}; }

/// The run-by-run sum of figures of one or two estimates (whose runs match: the same seed and
/// drivers), with the sum of their likely values.
ScenarioFigure sum_of(
    std::initializer_list<std::pair<const EstimateResult*, const Figure*>> terms) {
  ScenarioFigure out;
  std::vector<double> runs;
  bool complete = true;
  for (const auto& [r, f] : terms) {
    out.likely += f->value.likely;
    const auto part = r->runs ? runs_of(r->estimate, *r->runs, *f) : std::vector<double>{};
    if (part.empty()) {
      complete = false;
      continue;
    }
    if (runs.empty()) runs.assign(part.size(), 0.0);
    if (part.size() != runs.size()) {
      complete = false;
      continue;
    }
    for (std::size_t k = 0; k < runs.size(); ++k) runs[k] += part[k];
  }
  if (complete && !runs.empty()) out.spread = percentiles(runs);
  return out;
}

/// For a renewal whose model gives the window that continues coverage: days from it to `start`.
std::optional<long> coverage_gap(const Model& model, const TimingResult& timing) {
  const auto& e = model.engagement;
  if (model.organization.first_audit || !e.window_start || !timing.window) return std::nullopt;
  return e.window_start->days_until(timing.window->start);
}

/// The Type 2 that follows a Type 1 whose as-of date is `as_of`: its window starts the next day.
Model type2_after(const Model& scenario_model, const Milestone* as_of) {
  Model second = scenario_model;
  second.engagement.report = type2_of(scenario_model.engagement.report);
  if (!second.engagement.observation_months)
    second.engagement.observation_months = kDefaultObservationMonths;
  if (as_of) second.engagement.window_start = as_of->likely.plus_days(1);
  second.engagement.as_of.reset();
  second.organization.first_audit =
      false;  // readiness and the first-year effort went to the Type 1
  // The Type 1's auditor continues, with the file it made of every control: the same basis as an
  // estimate's next cycle after a Type 1 (walkthroughs and description carried forward).
  second.organization.new_auditor = false;
  second.organization.file_from_type1 = true;
  return second;
}

/// The findings of an estimate that bear on choosing its plan.
void add_choice_findings(const Estimate& e, std::vector<std::string>& out) {
  for (const auto& f : e.findings) {
    if (f.role == FindingRole::PlanChoice || f.role == FindingRole::ForeignRates) {
      if (std::find(out.begin(), out.end(), f.message) == out.end()) out.push_back(f.message);
    }
  }
}

bool other_market_rates(const Estimate& e) {
  return std::any_of(e.findings.begin(), e.findings.end(),
                     [](const Finding& f) { return f.role == FindingRole::ForeignRates; });
}

/// A scenario's row from its estimates: `r1` alone, or a Type 1 `r1` and the Type 2 `r2` after it.
ScenarioOutcome outcome_of(const Model& base_model, const ScenarioSpec& spec,
                           const EstimateResult& r1, const EstimateResult* r2) {
  ScenarioOutcome out;
  out.spec = spec;
  const Model scenario_model = apply(base_model, spec);
  out.report = scenario_model.engagement.report;
  out.rates_of_another_market =
      other_market_rates(r1.estimate) || (r2 && other_market_rates(r2->estimate));
  if (!r2) {
    const auto& r = r1;
    const auto& e = r.estimate;
    out.currency = e.cost.currency;
    out.categories = in_scope_of(e);
    const auto* report = milestone(e, kReportInHand);
    if (report) {
      out.first_report = *report;
      if (is_type2(scenario_model.engagement.report)) out.type2_report = *report;
    }
    out.renewals = e.timing.renewals;
    out.year_one = figure_of(e.cost.year_one);
    out.two_years = sum_of({{&r, &e.cost.year_one}, {&r, &e.cost.year_two}});
    out.auditor_hours = figure_of(e.effort.auditor_hours);
    if (e.timing.window && is_type2(scenario_model.engagement.report)) {
      out.window_start = e.timing.window->start;
      out.window_months =
          scenario_model.engagement.observation_months.value_or(kDefaultObservationMonths);
    }
    out.coverage_gap_days = coverage_gap(base_model, e.timing);
    out.lines = {line_of(report), e.cost.year_one.line, e.cost.year_two.line,
                 e.effort.auditor_hours.line};
    add_choice_findings(e, out.findings);
    return out;
  }
  const auto& e1 = r1.estimate;
  const auto& e2 = r2->estimate;
  out.currency = e1.cost.currency;
  out.categories = in_scope_of(e1);
  const auto* report1 = milestone(e1, kReportInHand);
  const auto* report2 = milestone(e2, kReportInHand);
  std::vector<double> type2_days;  // the Type 2 report's date in each run
  if (report1) out.first_report = *report1;
  if (report2) {
    out.type2_report = *report2;
    // The Type 2 was estimated with its window starting the day after the Type 1's likely as-of
    // date; in each run, its window starts the day after that run's as-of date instead, so the
    // readiness risk that moves the Type 1 moves the Type 2 with it (the Type 2's own timeline,
    // from its window on, is the same run's).
    const auto* as_of = milestone(e1, kAsOfDate);
    if (as_of && r1.runs && r2->runs && !as_of->line.empty() && !report2->line.empty()) {
      const auto shift = runs_of(e1, *r1.runs, as_of->line);
      auto dates = runs_of(e2, *r2->runs, report2->line);
      if (!shift.empty() && shift.size() == dates.size()) {
        const double planned = as_of->likely.serial();
        // Shifted, a run's report is still signed on a working day: the working day on or after.
        const auto country = country_of(base_model.organization);
        for (std::size_t k = 0; k < dates.size(); ++k) {
          dates[k] = Date::from_serial(std::round(dates[k] + shift[k] - planned))
                         .working_day(country)
                         .serial();
        }
        out.type2_report->spread = percentiles(dates);
        type2_days = std::move(dates);
      }
    }
  }
  out.renewals = e1.timing.renewals;
  // A renewal whose customer asks for a Type 2 is met by the Type 2 that follows, run by run.
  for (auto& c : out.renewals) {
    if (!c.wrong_report || type2_days.empty() || !report2) continue;
    c.wrong_report = false;
    const double needed = c.needed_by.serial();
    const auto met = std::count_if(type2_days.begin(), type2_days.end(),
                                   [&](double d) { return std::round(d) <= needed; });
    c.chance = static_cast<double>(met) / static_cast<double>(type2_days.size());
    c.slack_days = report2->likely.days_until(c.needed_by);
    c.median_slack_days = Date::from_serial(out.type2_report->spread->p50).days_until(c.needed_by);
    c.worst_slack_days = Date::from_serial(out.type2_report->spread->p90).days_until(c.needed_by);
    c.verdict = *c.chance >= 0.9   ? RenewalVerdict::Met
                : *c.chance <= 0.1 ? RenewalVerdict::Missed
                                   : RenewalVerdict::AtRisk;
  }
  add_choice_findings(e2, out.findings);  // the Type 1's renewal-needs-type2 is met by the Type 2
  {
    std::vector<std::string> type1;
    add_choice_findings(e1, type1);
    for (auto& f : type1) {
      if (f.find("asks for a Type 2") == std::string::npos &&
          std::find(out.findings.begin(), out.findings.end(), f) == out.findings.end()) {
        out.findings.push_back(std::move(f));
      }
    }
  }
  out.year_one = sum_of({{&r1, &e1.cost.year_one}, {r2, &e2.cost.fee}, {r2, &e2.cost.own_staff}});
  out.two_years = sum_of({{&r1, &e1.cost.year_one},
                          {r2, &e2.cost.fee},
                          {r2, &e2.cost.own_staff},
                          {r2, &e2.cost.year_two}});
  out.auditor_hours = sum_of({{&r1, &e1.effort.auditor_hours}, {r2, &e2.effort.auditor_hours}});
  if (e2.timing.window) out.window_start = e2.timing.window->start;
  out.window_months = type2_after(scenario_model, nullptr).engagement.observation_months;
  const auto t1 = [](const std::string& id) { return "type1:" + id; };
  const auto t2 = [](const std::string& id) { return "type2:" + id; };
  out.lines = {t1(line_of(report1)),
               t2(line_of(report2)),
               t1(e1.cost.year_one.line),
               t2(e2.cost.fee.line),
               t2(e2.cost.own_staff.line),
               t2(e2.cost.year_two.line),
               t1(e1.effort.auditor_hours.line),
               t2(e2.effort.auditor_hours.line)};
  return out;
}

ScenarioOutcome run_one(const PluginHost& host, const EstimateRequest& base,
                        const ScenarioSpec& spec) {
  const auto runs = estimate_scenario(host, base, spec);
  if (!runs.error.empty()) {
    ScenarioOutcome out;
    out.spec = spec;
    out.status = ScenarioStatus::Failed;
    out.error = runs.error;
    return out;
  }
  return outcome_of(base.model, spec, *runs.first, runs.second ? &*runs.second : nullptr);
}

}  // namespace

const char* to_string(ScenarioStatus v) { return v == ScenarioStatus::Ok ? "ok" : "failed"; }

ScenarioEstimates estimate_scenario(const PluginHost& host, const EstimateRequest& base,
                                    const ScenarioSpec& spec) {
  ScenarioEstimates out;
  const Model scenario_model = apply(base.model, spec);
  auto estimate = [&](const Model& m) {
    // Runs kept to add a Type 1 and its Type 2 run by run; no tornado, which a comparison shows
    // not.
    EstimateRequest req{m, base.catalog, base.data_overrides, base.seed, true, false};
    req.boundary = base.boundary;
    req.draws = base.draws;
    req.every_figure = base.every_figure;
    req.abandoned = base.abandoned;
    apply_profile(host, req);
    return run_estimate(host, req);
  };
  if (!spec.type1_first) {
    out.first = estimate(scenario_model);
    out.error = failure_of(*out.first);
    return out;
  }
  // Type 1 first: its as-of date starts the Type 2 window the next day.
  Model first = scenario_model;
  first.engagement.report = type1_of(scenario_model.engagement.report);
  first.engagement.window_start.reset();
  out.first = estimate(first);
  if (auto why = failure_of(*out.first); !why.empty()) {
    out.error = "Type 1: " + why;
    return out;
  }
  out.second = estimate(type2_after(scenario_model, milestone(out.first->estimate, kAsOfDate)));
  if (auto why = failure_of(*out.second); !why.empty()) out.error = "Type 2: " + why;
  return out;
}

std::optional<Recommendation> recommend(const Comparison& cmp) {
  // A window under 6 months is below what many user entities accept (Schneider Downs, Ashland
  // Partners, STIL; the loader warns of it): such plans are offered only when nothing else is.
  constexpr int kShortWindow = 6;
  std::vector<const ScenarioOutcome*> options, short_windows;
  for (const auto& s : cmp.scenarios) {
    if (s.status != ScenarioStatus::Ok || s.spec.categories || !s.first_report) continue;
    if (s.coverage_gap_days && *s.coverage_gap_days != 0) continue;
    (s.window_months && *s.window_months < kShortWindow ? short_windows : options).push_back(&s);
  }
  if (options.empty()) options = short_windows;
  if (options.empty()) return std::nullopt;
  // A plan priced at another market's rates is not compared on cost with those priced at their
  // signer's: while any of those qualifies, it is set aside, and the sentence says so.
  std::vector<const ScenarioOutcome*> not_comparable;
  if (std::any_of(options.begin(), options.end(),
                  [](auto* s) { return !s->rates_of_another_market; })) {
    for (auto* s : options) {
      if (s->rates_of_another_market) not_comparable.push_back(s);
    }
    std::erase_if(options, [](auto* s) { return s->rates_of_another_market; });
  }
  std::string set_aside;
  for (const auto* s : not_comparable) {
    set_aside += cat("; ", s->spec.label,
                     " is not compared on cost: it is priced at rates of another market than its "
                     "signer's (price it with a rate card of that market)");
  }
  // A certification and a report on controls are not substitutes: a plan of the other kind than
  // the one modelled is shown, not recommended.
  const auto as_modelled =
      std::find_if(cmp.scenarios.begin(), cmp.scenarios.end(),
                   [](const ScenarioOutcome& s) { return s.spec.id == "as-modelled"; });
  if (as_modelled != cmp.scenarios.end()) {
    const bool certification = is_certification(as_modelled->report);
    std::vector<const ScenarioOutcome*> other_kind;
    for (auto* o : options) {
      if (is_certification(o->report) != certification) other_kind.push_back(o);
    }
    if (other_kind.size() < options.size()) {
      for (const auto* o : other_kind) {
        set_aside += cat("; ", o->spec.label, " is not recommended against ",
                         display_name(as_modelled->report),
                         ": a certification and a report on controls are not substitutes (ask "
                         "the customer which it accepts)");
      }
      std::erase_if(options, [&](auto* o) { return is_certification(o->report) != certification; });
    }
  }
  // The framework of the plan as modelled: a plan under another standard is an option only if the
  // customers accept that report instead.
  const auto modelled =
      std::find_if(cmp.scenarios.begin(), cmp.scenarios.end(),
                   [](const ScenarioOutcome& s) { return s.spec.id == "as-modelled"; });
  auto framework_caveat = [&](const ScenarioOutcome* s) -> std::string {
    if (modelled == cmp.scenarios.end() || s->report.framework == modelled->report.framework)
      return {};
    auto a_report = [](const Report& r) {
      const auto& name = words_of(r).name;
      return cat(article_for(name), " ", name, " report");
    };
    return cat("; only if your customers accept ", a_report(s->report), " in place of ",
               a_report(modelled->report));
  };
  auto cost = [](const ScenarioOutcome* s) {
    return s->two_years.spread ? s->two_years.spread->p50 : s->two_years.likely;
  };
  auto percent = [](double chance) { return format_number(std::round(chance * 100)) + " %"; };
  auto cheapest = [&](std::vector<const ScenarioOutcome*> among) {
    return *std::min_element(among.begin(), among.end(),
                             [&](auto* a, auto* b) { return cost(a) < cost(b); });
  };
  if (cmp.renewal_dates.empty()) {
    const auto* best = cheapest(options);
    const auto& report = *best->first_report;
    const Date p50 = report.spread ? Date::from_serial(report.spread->p50) : report.likely;
    return Recommendation{
        best->spec.id,
        cat(best->spec.label, ": no renewal date to meet, and it costs least over two years (P50 ",
            cmp.currency, " ", format_money(cost(best)), ", report in hand by ", p50.to_string(),
            " at P50)", framework_caveat(best), set_aside)};
  }
  // The first renewal decides; each option's chance of the report in hand before it.
  auto chance = [](const ScenarioOutcome* s) {
    return !s->renewals.empty() && s->renewals.front().chance ? *s->renewals.front().chance : 0.0;
  };
  const Date renewal = cmp.renewal_dates.front();
  std::vector<const ScenarioOutcome*> safe;
  for (const auto* s : options) {
    if (chance(s) >= 0.9) safe.push_back(s);
  }
  const bool short_window = safe.empty() && options != short_windows &&
                            std::any_of(short_windows.begin(), short_windows.end(),
                                        [&](auto* s) { return chance(s) >= 0.9; });
  if (short_window) {
    for (const auto* s : short_windows) {
      if (chance(s) >= 0.9) safe.push_back(s);
    }
  }
  const ScenarioOutcome* best = nullptr;
  std::string why;
  if (!safe.empty()) {
    best = cheapest(safe);
    why = cat(
        best->spec.label, ": the report is in hand before the ", renewal.to_string(),
        " renewal in ", percent(chance(best)), " of runs",
        safe.size() > 1
            ? cat(", the cheapest over two years (P50 ", cmp.currency, " ",
                  format_money(cost(best)), ") of the plans that reach 90 %",
                  short_window ? std::string{} : std::string{" with a window of 6 months or more"},
                  " and keep the categories in scope")
            : std::string{},
        short_window ? "; no plan with a window of 6 months or more does, and a shorter window is "
                       "below what many "
                       "customers accept: check with them"
                     : std::string{});
  } else {
    best = *std::max_element(options.begin(), options.end(), [&](auto* a, auto* b) {
      return chance(a) < chance(b) || (chance(a) == chance(b) && cost(a) > cost(b));
    });
    why = cat(best->spec.label, ": the likeliest to have the report in hand before the ",
              renewal.to_string(), " renewal, in ", percent(chance(best)),
              " of runs; no option reaches 90 %, so agree ",
              // A bridge letter extends an earlier report: a first audit has none to extend.
              std::any_of(cmp.scenarios.begin(), cmp.scenarios.end(),
                          [](const ScenarioOutcome& s) { return s.coverage_gap_days.has_value(); })
                  ? "a bridge letter or a later date"
                  : "a later date",
              " with the customer");
  }
  // What the client would weigh it against: the plan as modelled, or, when that is the
  // recommendation, the likeliest other plan (not the same plan under another name).
  auto same_plan = [&](const ScenarioOutcome* s) {
    return s->first_report->likely == best->first_report->likely && cost(s) == cost(best);
  };
  const ScenarioOutcome* other = nullptr;
  for (const auto* s : options) {
    if (s == best || same_plan(s)) continue;
    if (s->spec.id == "as-modelled") {
      other = s;
      break;
    }
    if (!other || chance(s) > chance(other)) other = s;
  }
  if (other) why += cat("; ", other->spec.label, " makes it in ", percent(chance(other)));
  return Recommendation{best->spec.id, why + framework_caveat(best) + set_aside};
}

std::vector<ScenarioSpec> default_scenarios(const Model& model,
                                            const std::vector<Category>& in_scope) {
  const auto& e = model.engagement;
  std::vector<ScenarioSpec> out;
  ScenarioSpec as_is;
  as_is.id = "as-modelled";
  as_is.label =
      std::string{"As modelled: "} + display_name(e.report) +
      (is_type2(e.report)
           ? ", " + std::to_string(e.observation_months.value_or(kDefaultObservationMonths)) +
                 " months"
           : "");
  // A staged model (type1_first) is its Type 1 and the Type 2 that follows, run by run.
  if (e.then_type2_months) {
    as_is.type1_first = true;
    as_is.observation_months = *e.then_type2_months;
    as_is.label += ", then a " + std::to_string(*e.then_type2_months) + "-month Type 2";
  }
  out.push_back(as_is);
  // A certification has no Type 1, window or categories to vary: its own scenarios only.
  if (is_certification(e.report)) {
    for (const auto& s : model.scenarios) out.push_back(s);
    return out;
  }
  // A first audit may start with a Type 1 or a short window. A renewal must continue coverage: its
  // next report covers the 12 months after the last one, and a Type 1 or a shorter window would
  // leave customers a stretch no report covers.
  const bool renewal = !model.organization.first_audit;
  if (!renewal && e.then_type2_months.value_or(0) != 6) {
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
  // Categories are the Trust Services Criteria's: a report on control objectives has none to vary.
  const bool on_criteria = cites_trust_services_criteria(e.report);
  for (Category c : {Category::Availability, Category::Confidentiality,
                     Category::ProcessingIntegrity, Category::Privacy}) {
    if (!on_criteria) break;
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
    // As modelled: a staged model's variation keeps its Type 1 then Type 2.
    s.type1_first = as_is.type1_first;
    s.observation_months = as_is.observation_months;
    out.push_back(s);
  }
  for (const auto& s : model.scenarios) out.push_back(s);
  return out;
}

Comparison compare_scenarios(const PluginHost& host, const EstimateRequest& base,
                             const std::vector<std::string>& only,
                             std::vector<std::string>& unknown,
                             const EstimateResult* as_modelled_result) {
  Comparison cmp;
  cmp.renewal_dates = base.model.engagement.renewal_dates;
  // Scenarios change the engagement only: what is in scope is the same for all of them, so the
  // boundary is resolved once (or taken from the caller) and each scenario fits its window to it.
  std::optional<Boundary> own;
  EstimateRequest shared = base;
  if (!shared.boundary) shared.boundary = &own.emplace(resolve_boundary(base.model, base.catalog));
  // They name the same drivers and lines, so they share the random draws of them too.
  std::optional<SharedDraws> own_draws;
  if (!shared.draws) shared.draws = &own_draws.emplace();
  shared.every_figure =
      false;  // a comparison shows each plan's totals and dates, not its breakdown
  // The model as it stands comes first: its categories (chosen, or suggested) decide the
  // with/without set, and its outcome is the "as-modelled" row, so it is estimated once.
  ScenarioSpec as_modelled;
  as_modelled.id = "as-modelled";
  ScenarioOutcome baseline;
  if (!as_modelled_result || !as_modelled_result->runs) {
    baseline = run_one(host, shared, as_modelled);
  } else if (auto why = failure_of(*as_modelled_result); !why.empty()) {
    baseline.spec = as_modelled;
    baseline.status = ScenarioStatus::Failed;
    baseline.error = std::move(why);
  } else {
    baseline = outcome_of(base.model, as_modelled, *as_modelled_result, nullptr);
  }
  const auto specs = default_scenarios(base.model, baseline.categories);
  // A staged model's own plan is its Type 1 and the Type 2 after it, added up run by run.
  if (specs.front().type1_first) baseline = run_one(host, shared, specs.front());
  baseline.spec = specs.front();  // the built-in set opens with the as-modelled scenario
  std::vector<const ScenarioSpec*> chosen;
  if (only.empty()) {
    for (const auto& s : specs) chosen.push_back(&s);
  } else {
    for (const auto& id : only) {
      const auto it = std::find_if(specs.begin(), specs.end(),
                                   [&](const ScenarioSpec& s) { return s.id == id; });
      if (it == specs.end()) {
        unknown.push_back(id);
      } else {
        chosen.push_back(&*it);
      }
    }
  }
  // The scenarios are independent estimates (fresh plugin objects, shared read-only data): they run
  // side by side, one per core.
  cmp.scenarios.resize(chosen.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> abandoned{false};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < chosen.size();) {
      if (abandoned || (base.abandoned && base.abandoned())) {
        abandoned = true;
        return;
      }
      const auto& spec = *chosen[i];
      try {
        if (spec.id == baseline.spec.id || same_engagement(base.model, spec)) {
          cmp.scenarios[i] = baseline;
          cmp.scenarios[i].spec = spec;
          cmp.scenarios[i].same_as_modelled = spec.id != baseline.spec.id;
        } else {
          cmp.scenarios[i] = run_one(host, shared, spec);
        }
      } catch (const std::exception& e) {
        cmp.scenarios[i].spec = spec;
        cmp.scenarios[i].status = ScenarioStatus::Failed;
        cmp.scenarios[i].error = e.what();
      }
    }
  };
  const std::size_t workers =
      std::min<std::size_t>(chosen.size(), std::max(1u, std::thread::hardware_concurrency()));
  {
    std::vector<std::jthread> pool;
    for (std::size_t k = 1; k < workers; ++k) pool.emplace_back(work);
    work();
  }
  cmp.abandoned = abandoned || (base.abandoned && base.abandoned());
  if (cmp.abandoned) return cmp;
  for (const auto& s : cmp.scenarios) {
    if (cmp.currency.empty()) cmp.currency = s.currency;
  }
  cmp.recommendation = recommend(cmp);
  return cmp;
}

}  // namespace attestplan

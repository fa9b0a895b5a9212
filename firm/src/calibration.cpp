// Calibration (calibration.hpp): the history's rows estimated at trial scales of the effort
// parameters (each trial a firm profile, so the fit moves exactly what --profile later moves),
// Gauss-Newton steps of the bounded least-squares problem (calibration_solver.cpp), which
// parameters the rows identify, and the errors in-sample and leave-one-out.
#include "attestplan/calibration.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

#include "attestplan/boundary.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/plugin_host.hpp"
#include "calibration_solver.hpp"

namespace attestplan {

namespace {

constexpr std::size_t kAuditStageCount = 4;
constexpr double kStep =
    0.05;  // the finite difference of a scale (the model is nearly linear in each)
constexpr int kMaxIterations = 12;   // Gauss-Newton steps; linear parameters converge in one or two
constexpr double kConverged = 1e-4;  // the largest change of a scale that ends the iteration
constexpr std::size_t kMinRowsUsing = 3;

/// One estimate of one row at one trial: hours by stage and the fee, or why it failed.
struct Evaluation {
  bool ok = false;
  std::array<double, kAuditStageCount> hours{};
  std::optional<double> fee;
  std::map<std::string, double>
      level_hours;  ///< likely hours by staff level, as the rate card staffs it
  std::string failure;
};

/// The audit stage (kAuditStages index) a declared parameter's hours fall in, or nullopt for one
/// that reaches across stages (a first-year factor).
std::optional<std::size_t> stage_of(const ParameterDecl& p) {
  for (std::size_t k = 0; k < std::size(kAuditStages); ++k) {
    if (p.stage == kAuditStages[k].id) return k;
  }
  return std::nullopt;
}

/// Thrown out of the fit when CalibrationOptions::progress said stop.
struct Stopped {};

/// Counts the estimates a calibration runs for CalibrationOptions::progress, and keeps its word
/// when it says stop.
class Ticker {
 public:
  explicit Ticker(const ProgressTick& tick) : tick_(tick) {}
  /// One estimate done.
  void step() {
    if (!tick_) return;
    std::lock_guard lock(mutex_);
    ++done_;
    if (!stopped_ && !tick_(done_, 0)) stopped_ = true;
  }
  [[nodiscard]] bool stopped() const { return stopped_; }
  [[nodiscard]] std::size_t done() const {
    std::lock_guard lock(mutex_);
    return done_;
  }

 private:
  const ProgressTick& tick_;
  mutable std::mutex mutex_;
  std::size_t done_ = 0;
  std::atomic<bool> stopped_{false};
};

class Evaluator {
 public:
  Evaluator(const PluginHost& host, const CriteriaCatalog& catalog,
            const std::vector<const HistoryRow*>& rows, const CalibrationOptions& options,
            Ticker& ticker)
      : host_(host), catalog_(catalog), rows_(rows), options_(options), ticker_(ticker) {
    // A row's boundary does not change with the trial's parameters: resolved once per row, not
    // once per row and trial (a row with ten thousand systems costs most of its estimate there).
    boundaries_.reserve(rows_.size());
    for (const auto* row : rows_) boundaries_.push_back(resolve_boundary(row->model, catalog_));
  }

  /// Every row at every trial: result[trial][row]. A trial scales each of the plugins' parameters
  /// (host.parameters() order), in memory.
  std::vector<std::vector<Evaluation>> run(const std::vector<std::vector<double>>& trials) {
    std::vector<std::map<std::string, ParameterScale>> scales(trials.size());
    for (std::size_t t = 0; t < trials.size(); ++t) {
      for (std::size_t j = 0; j < names_.size(); ++j) scales[t][names_[j]] = {trials[t][j], 0};
    }
    std::vector<std::vector<Evaluation>> out(trials.size(), std::vector<Evaluation>(rows_.size()));
    const std::size_t jobs = trials.size() * rows_.size();
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t k = next++; k < jobs; k = next++) {
        if (ticker_.stopped()) continue;
        const std::size_t t = k / rows_.size(), r = k % rows_.size();
        out[t][r] = evaluate(*rows_[r], boundaries_[r], scales[t]);
        ticker_.step();
      }
    };
    unsigned n =
        options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    n = static_cast<unsigned>(std::min<std::size_t>(n, jobs));
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < n; ++i) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    if (ticker_.stopped()) throw Stopped{};
    return out;
  }

 private:
  Evaluation evaluate(const HistoryRow& row, const Boundary& boundary,
                      const std::map<std::string, ParameterScale>& scales) const {
    EstimateRequest req{row.model, catalog_, options_.data_files};
    req.parameters = scales;
    req.boundary = &boundary;
    req.sensitivity = false;
    req.simulate = false;
    const auto result = run_estimate(host_, req);
    Evaluation e;
    if (!result.configured) {
      e.failure = result.diagnostics.items().empty() ? "its configuration fails"
                                                     : result.diagnostics.items().front().message;
      return e;
    }
    if (!result.estimate.stage_ok(Stage::Effort)) {
      for (const auto& s : result.estimate.stages) {
        if (s.stage == Stage::Effort) e.failure = s.message;
      }
      if (e.failure.empty()) e.failure = "the effort stage did not run";
      return e;
    }
    e.ok = true;
    for (std::size_t s = 0; s < kAuditStageCount; ++s)
      e.hours[s] = result.estimate.effort.stage_hours[s].value.likely;
    if (result.estimate.stage_ok(Stage::Cost) && result.estimate.cost.ran) {
      e.fee = result.estimate.cost.fee.value.likely;
      for (const auto& l : result.estimate.cost.levels)
        e.level_hours[l.level] = l.hours.value.likely;
    }
    return e;
  }

  const PluginHost& host_;
  const CriteriaCatalog& catalog_;
  std::vector<Boundary> boundaries_;  ///< of each row, in the order of rows_
  const std::vector<const HistoryRow*>& rows_;
  const CalibrationOptions& options_;
  Ticker& ticker_;
  std::vector<std::string> names_ = host_.parameter_names();
};

/// The errors of predictions against what the rows say, per stage and overall.
FitError errors_of(const std::vector<const HistoryRow*>& rows,
                   const std::vector<std::array<double, kAuditStageCount>>& predicted) {
  FitError e;
  std::array<double, 5> n{};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t s = 0; s < kAuditStageCount; ++s) {
      const double y = rows[r]->hours[s];
      if (y <= 0) continue;
      const double rel = (predicted[r][s] - y) / y;
      for (const std::size_t k : {s, std::size_t{4}}) {
        e.mape[k] += std::abs(rel);
        e.bias[k] += rel;
        n[k] += 1;
      }
    }
  }
  for (std::size_t k = 0; k < 5; ++k) {
    if (n[k] > 0) {
      e.mape[k] /= n[k];
      e.bias[k] /= n[k];
    }
  }
  return e;
}

/// What a fit varies: groups of effort parameters, each group one variable scaling all its members
/// alike; the parameters in no group stay at `base`.
struct Design {
  std::vector<double> base;                       ///< every parameter's scale outside the variables
  std::vector<std::vector<std::size_t>> members;  ///< variable → the parameters it scales
};

std::vector<double> theta_of(const Design& d, const std::vector<double>& x) {
  auto theta = d.base;
  for (std::size_t g = 0; g < d.members.size(); ++g) {
    for (const auto j : d.members[g]) theta[j] = x[g];
  }
  return theta;
}

/// The fit's problem at `x` (one value per variable) from the evaluations at x (trial 0) and at
/// x + kStep on each variable (trials 1..).
calibration::LinearisedFit linearise(const std::vector<const HistoryRow*>& rows,
                                     const std::vector<double>& x,
                                     const std::vector<std::vector<Evaluation>>& ev,
                                     const CalibrationOptions& o) {
  calibration::LinearisedFit fit;
  const std::size_t q = x.size();
  fit.theta = x;
  fit.prior.assign(q, 1.0);
  fit.lower.assign(q, o.lower);
  fit.upper.assign(q, o.upper);
  fit.free.assign(q, true);
  fit.prior_weight = o.prior_weight;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t s = 0; s < kAuditStageCount; ++s) {
      const double y = rows[r]->hours[s];
      fit.observed.push_back(y);
      fit.modelled.push_back(ev[0][r].hours[s]);
      fit.weight.push_back(y > 0 ? 1.0 / y
                                 : 0.0);  // relative errors: every stage and size counts alike
      std::vector<double> row(q, 0.0);
      for (std::size_t g = 0; g < q; ++g)
        row[g] = (ev[g + 1][r].hours[s] - ev[0][r].hours[s]) / kStep;
      fit.jacobian.push_back(std::move(row));
    }
  }
  return fit;
}

struct FitState {
  std::vector<double> x;           ///< one value per variable
  calibration::LinearisedFit fit;  ///< linearised at x
  std::vector<std::vector<Evaluation>> at_x;
  int iterations = 0;
};

/// Gauss-Newton over the design's variables from 1 (the defaults), each step a bounded
/// least-squares solve.
FitState gauss_newton(Evaluator& eval, const std::vector<const HistoryRow*>& rows,
                      const Design& design, const CalibrationOptions& o) {
  std::vector<double> x(design.members.size(), 1.0);
  FitState st;
  // The state at x: the estimates there and one step along each variable, linearised.
  const auto linearise_at = [&](int iterations) {
    std::vector<std::vector<double>> trials{theta_of(design, x)};
    for (std::size_t g = 0; g < x.size(); ++g) {
      auto t = x;
      t[g] += kStep;
      trials.push_back(theta_of(design, t));
    }
    auto ev = eval.run(trials);
    st.fit = linearise(rows, x, ev, o);
    st.x = x;
    st.at_x = {std::move(ev[0])};
    st.iterations = iterations;
  };
  for (int it = 0;; ++it) {
    linearise_at(it);
    if (it == kMaxIterations || x.empty()) break;
    const auto next = calibration::solve_step(st.fit);
    double moved = 0;
    for (std::size_t g = 0; g < x.size(); ++g) moved = std::max(moved, std::abs(next[g] - x[g]));
    x = next;
    if (moved < kConverged) {
      // One more linearisation at the converged point, so the state describes where it ended.
      linearise_at(it + 1);
      break;
    }
  }
  return st;
}

/// Whether the rows pin one variable down: enough rows move with it, and its scale's standard
/// deviation is a small share of it. Empty when they do, else why not.
struct Identification {
  std::size_t rows_using = 0;
  double sd = 0;
  std::string why;
};

std::vector<Identification> identify(const FitState& st, const std::vector<double>& sd,
                                     std::size_t rows, const CalibrationOptions& o) {
  std::vector<Identification> out(st.x.size());
  for (std::size_t g = 0; g < st.x.size(); ++g) {
    auto& id = out[g];
    id.sd = sd[g];
    for (std::size_t r = 0; r < rows; ++r) {
      bool used = false;
      for (std::size_t s = 0; s < kAuditStageCount; ++s)
        used = used || std::abs(st.fit.jacobian[r * kAuditStageCount + s][g]) > 1e-9;
      if (used) ++id.rows_using;
    }
    const double rel = st.x[g] > 0 ? sd[g] / st.x[g] : INFINITY;
    if (id.rows_using == 0) {
      id.why = "no row's hours depend on it";
    } else if (id.rows_using < kMinRowsUsing) {
      id.why = "only " + std::to_string(id.rows_using) + " row(s) depend on it";
    } else if (rel > o.max_relative_sd) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f", rel * 100);
      id.why = std::string{"its scale is uncertain by ±"} + buf + " %";
    }
  }
  return out;
}

/// A level of the fit that calibrated something: its state and the variables it accepted (the
/// leave-one-out prediction re-solves each level without the row).
struct AcceptedLevel {
  FitState state;
  std::vector<bool> accepted;
};

double residual_variance(const calibration::LinearisedFit& fit, std::size_t free_count) {
  double rss = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < fit.observed.size(); ++i) {
    if (fit.weight[i] <= 0) continue;
    const double r = fit.weight[i] * (fit.observed[i] - fit.modelled[i]);
    rss += r * r;
    ++n;
  }
  const double dof = n > free_count ? static_cast<double>(n - free_count) : 1.0;
  return rss / dof;
}

/// The history's rows whose estimate runs at the defaults; a row whose does not is skipped, with a
/// warning at its line (counted in `report`).
std::vector<const HistoryRow*> usable_rows(const PluginHost& host, const CriteriaCatalog& catalog,
                                           const History& history,
                                           const CalibrationOptions& options, Ticker& ticker,
                                           CalibrationReport& report, Diagnostics& diags) {
  std::vector<const HistoryRow*> all;
  for (const auto& r : history.rows) all.push_back(&r);
  std::vector<const HistoryRow*> rows;
  Evaluator first(host, catalog, all, options, ticker);
  const auto ev = first.run({std::vector<double>(host.parameters().size(), 1.0)});
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (ev[0][r].ok) {
      rows.push_back(all[r]);
    } else {
      diags.warning(
          "the estimate of row '" + all[r]->id + "' fails: " + ev[0][r].failure + "; row skipped",
          {history.source_name, all[r]->line, 1});
      ++report.rows_skipped;
    }
  }
  return rows;
}

/// The fee's mean absolute error against what the rows billed, at the defaults (ev[0]) and
/// calibrated (ev[1]).
void fee_errors(const std::vector<const HistoryRow*>& rows,
                const std::vector<std::vector<Evaluation>>& ev, CalibrationReport& report) {
  std::array<double, 2> fee_err{};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& billed = rows[r]->fee;
    if (!billed || *billed <= 0 || !ev[0][r].fee || !ev[1][r].fee) continue;
    fee_err[0] += std::abs(*ev[0][r].fee - *billed) / *billed;
    fee_err[1] += std::abs(*ev[1][r].fee - *billed) / *billed;
    ++report.fee_rows;
  }
  if (report.fee_rows > 0) {
    report.fee_mape = std::array<double, 2>{fee_err[0] / static_cast<double>(report.fee_rows),
                                            fee_err[1] / static_cast<double>(report.fee_rows)};
  }
}

/// The staffing mix: the history's hours by level against the card's for the same rows
/// (calibrated, ev[1]); a level the card does not staff is warned of.
void staffing_mix(const std::vector<const HistoryRow*>& rows,
                  const std::vector<std::vector<Evaluation>>& ev, const History& history,
                  CalibrationReport& report, Diagnostics& diags) {
  std::map<std::string, std::array<double, 2>> sums;  // level → {history, card}
  std::array<double, 2> totals{};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r]->level_hours.empty() || ev[1][r].level_hours.empty()) continue;
    ++report.staffing_rows;
    for (const auto& [level, h] : rows[r]->level_hours) {
      sums[level][0] += h;
      totals[0] += h;
    }
    for (const auto& [level, h] : ev[1][r].level_hours) {
      sums[level][1] += h;
      totals[1] += h;
    }
  }
  for (const auto& [level, v] : sums) {
    report.staffing.push_back(
        {level, totals[0] > 0 ? v[0] / totals[0] : 0, totals[1] > 0 ? v[1] / totals[1] : 0});
  }
  std::set<std::string> card_levels;
  for (const auto& e : ev[1]) {
    for (const auto& [level, h] : e.level_hours) card_levels.insert(level);
  }
  for (const auto& [level, v] : sums) {
    if (!card_levels.count(level)) {
      diags.warning("the history gives hours for staff level '" + level +
                        "', which the rate card does not staff",
                    {history.source_name, 1, 1},
                    "name the levels as the rate card does (hours_senior, ...)");
    }
  }
}

/// Leave-one-out: each level's linearised fit solved again without the row, its accepted
/// variables moved from where the full fit put them (the levels add up, each linearised at its own
/// solution), from the calibrated hours `fitted`.
std::vector<std::array<double, kAuditStageCount>> leave_one_out(
    const std::vector<const HistoryRow*>& rows, const std::vector<AcceptedLevel>& levels,
    const std::vector<Evaluation>& fitted) {
  std::vector<std::array<double, kAuditStageCount>> loo;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<bool> use(rows.size() * kAuditStageCount, true);
    for (std::size_t s = 0; s < kAuditStageCount; ++s) use[r * kAuditStageCount + s] = false;
    std::array<double, kAuditStageCount> pred = fitted[r].hours;
    for (const auto& level : levels) {
      const auto x = calibration::solve_step(level.state.fit, use);
      for (std::size_t s = 0; s < kAuditStageCount; ++s) {
        const auto i = r * kAuditStageCount + s;
        for (std::size_t g = 0; g < x.size(); ++g) {
          if (level.accepted[g])
            pred[s] += level.state.fit.jacobian[i][g] * (x[g] - level.state.x[g]);
        }
      }
    }
    for (auto& v : pred) v = std::max(0.0, v);
    loo.push_back(pred);
  }
  return loo;
}

/// The calibration (calibrate()), its estimates counted by `ticker`.
std::optional<CalibrationReport> fit_history(const PluginHost& host, const CriteriaCatalog& catalog,
                                             const History& history,
                                             const CalibrationOptions& options, Ticker& ticker,
                                             Diagnostics& diags) {
  const auto declared = host.parameters();
  const std::size_t p = declared.size();
  CalibrationReport report;
  report.history = history.source_name;
  report.rows_read = history.rows_read;
  report.rows_skipped = history.rows_skipped;

  const auto rows = usable_rows(host, catalog, history, options, ticker, report, diags);
  report.rows_used = rows.size();
  if (rows.size() < options.min_rows) {
    diags.error("calibration needs at least " + std::to_string(options.min_rows) +
                    " usable rows; " + std::to_string(rows.size()) + " remain of " +
                    std::to_string(history.rows_read) + " (" + std::to_string(report.rows_skipped) +
                    " skipped)",
                {history.source_name, 1, 1}, "fix the skipped rows or add past engagements");
    return std::nullopt;
  }

  Evaluator eval(host, catalog, rows, options, ticker);
  // Level 1, every parameter its own variable: which ones do the rows identify?
  Design singles{std::vector<double>(p, 1.0), {}};
  for (std::size_t j = 0; j < p; ++j) singles.members.push_back({j});
  const auto first = gauss_newton(eval, rows, singles, options);
  const auto first_sd = calibration::posterior_sd(first.fit, residual_variance(first.fit, p));
  const auto first_id = identify(first, first_sd, rows.size(), options);
  std::vector<double> profile(p, 1.0);
  std::vector<AcceptedLevel> levels;
  levels.push_back({first, std::vector<bool>(p, false)});
  for (std::size_t j = 0; j < p; ++j) {
    ParameterFit f;
    f.name = declared[j].name;
    f.sd = first_id[j].sd;
    f.rows_using = first_id[j].rows_using;
    if (first_id[j].why.empty()) {
      // Its scale from the fit with every parameter free, so a parameter left at its default does
      // not bend the others.
      f.identifiable = true;
      f.level = FitLevel::Parameter;
      profile[j] = first.x[j];
      levels.front().accepted[j] = true;
    } else {
      f.why = first_id[j].rows_using > 0 && first_id[j].rows_using >= kMinRowsUsing
                  ? "the rows cannot tell it apart from the others (" + first_id[j].why + ")"
                  : first_id[j].why;
    }
    report.parameters.push_back(std::move(f));
  }
  report.iterations = first.iterations;
  report.residual_sd = std::sqrt(residual_variance(first.fit, p));

  // Coarser levels for what the rows could not pin down alone: the parameters of one audit stage
  // as one scale, then whatever is left as one overall scale; the parameters already calibrated
  // stay at their scales. The factors that reach across stages (first year, recurring) belong to
  // no stage and scale no stage's hours: they keep their defaults unless identified alone.
  auto fit_groups = [&](const std::vector<std::vector<std::size_t>>& groups, FitLevel level,
                        const std::vector<std::string>& group_ids) {
    if (groups.empty()) return;
    Design d{profile, groups};
    const auto st = gauss_newton(eval, rows, d, options);
    const auto sd = calibration::posterior_sd(st.fit, residual_variance(st.fit, groups.size()));
    const auto ids = identify(st, sd, rows.size(), options);
    AcceptedLevel accepted{st, std::vector<bool>(groups.size(), false)};
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (!ids[g].why.empty()) {
        for (const auto j : groups[g]) {
          report.parameters[j].why +=
              "; " + std::string{level == FitLevel::Stage ? "its stage's" : "an overall"} +
              " scale neither (" + ids[g].why + ")";
        }
        continue;
      }
      accepted.accepted[g] = true;
      for (const auto j : groups[g]) {
        auto& f = report.parameters[j];
        f.identifiable = true;
        f.level = level;
        f.group = group_ids[g];
        f.sd = ids[g].sd;  // rows_using stays the parameter's own: the rows that informed it
        profile[j] = st.x[g];
      }
    }
    if (std::find(accepted.accepted.begin(), accepted.accepted.end(), true) !=
        accepted.accepted.end()) {
      levels.push_back(std::move(accepted));
    }
  };
  {
    std::vector<std::vector<std::size_t>> by_stage(kAuditStageCount);
    for (std::size_t j = 0; j < p; ++j) {
      if (report.parameters[j].identifiable || report.parameters[j].rows_using == 0) continue;
      if (const auto stage = stage_of(declared[j])) by_stage[*stage].push_back(j);
    }
    std::vector<std::vector<std::size_t>> groups;
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < kAuditStageCount; ++k) {
      if (by_stage[k].empty()) continue;
      groups.push_back(by_stage[k]);
      ids.emplace_back(kAuditStages[k].id);
    }
    fit_groups(groups, FitLevel::Stage, ids);
  }
  {
    std::vector<std::size_t> rest;
    for (std::size_t j = 0; j < p; ++j) {
      if (!report.parameters[j].identifiable && report.parameters[j].rows_using > 0 &&
          stage_of(declared[j])) {
        rest.push_back(j);
      }
    }
    if (!rest.empty()) fit_groups({rest}, FitLevel::Overall, {"all"});
  }
  for (std::size_t j = 0; j < p; ++j) {
    auto& f = report.parameters[j];
    f.scale = profile[j];
    if (f.identifiable && f.level != FitLevel::Parameter) {
      f.why = "calibrated " +
              std::string{f.level == FitLevel::Stage
                              ? "with the other parameters of its stage (" + f.group + ")"
                              : "with every parameter left over"} +
              " as one scale: the rows cannot tell it apart alone";
    }
  }

  // Errors: the defaults, the profile in-sample, and each row predicted by the same procedure run
  // without it (the linearised fit at the joint solution, less the row's observations, then the
  // unidentified parameters back at their defaults).
  std::vector<std::array<double, kAuditStageCount>> at_defaults, fitted, loo;
  const auto ev = eval.run({std::vector<double>(p, 1.0), profile});
  for (const auto& e : ev[0]) at_defaults.push_back(e.hours);
  for (const auto& e : ev[1]) fitted.push_back(e.hours);
  fee_errors(rows, ev, report);
  staffing_mix(rows, ev, history, report, diags);
  loo = leave_one_out(rows, levels, ev[1]);
  report.defaults = errors_of(rows, at_defaults);
  report.fitted = errors_of(rows, fitted);
  report.leave_one_out = errors_of(rows, loo);
  return report;
}

}  // namespace

std::optional<CalibrationReport> calibrate(const PluginHost& host, const CriteriaCatalog& catalog,
                                           const History& history,
                                           const CalibrationOptions& options, Diagnostics& diags) {
  Ticker ticker(options.progress);
  try {
    return fit_history(host, catalog, history, options, ticker, diags);
  } catch (const Stopped&) {
    diags.error("the calibration was stopped before its fit was done, with " +
                    std::to_string(ticker.done()) + " estimates run",
                {history.source_name, 1, 1},
                "calibrate fewer rows at once, or allow the run more time");
    return std::nullopt;
  }
}

const char* to_string(FitLevel l) {
  switch (l) {
    case FitLevel::None:
      return "none";
    case FitLevel::Parameter:
      return "parameter";
    case FitLevel::Stage:
      return "stage";
    case FitLevel::Overall:
      return "overall";
  }
  return "none";
}

FirmProfile profile_of(const CalibrationReport& report) {
  FirmProfile p;
  p.source = "attestplan calibrate " + report.history + " (" + std::to_string(report.rows_used) +
             " engagements)";
  for (const auto& f : report.parameters) {
    if (f.identifiable) p.effort[f.name] = {f.scale, f.rows_using};
  }
  return p;
}

std::optional<std::string> profile_changes_nothing(const CalibrationReport& report) {
  constexpr double kNoChange = 0.01;
  bool any = false, moves = false;
  for (const auto& f : report.parameters) {
    if (!f.identifiable) continue;
    any = true;
    moves = moves || std::abs(f.scale - 1) >= kNoChange;
  }
  if (!any) {
    return "the history identifies no effort parameter, not even one scale per audit stage or one "
           "overall scale "
           "(each parameter's reason is in the report): add engagements, or engagements that "
           "differ more in size and scope";
  }
  if (!moves)
    return "every calibrated scale is within 1 % of the default: the history agrees with the "
           "defaults";
  return std::nullopt;
}

}  // namespace attestplan

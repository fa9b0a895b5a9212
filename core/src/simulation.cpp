// The seeded Monte Carlo over the ledger, column by column: each line's values in every run are
// computed once its inputs' are, so a total is a plain sum of arrays. The random numbers come from
// a counter-based generator (SplitMix64 over seed, stream and run): run k of a line or driver is
// the same whatever else the ledger holds, on every machine, and two estimates with the same
// drivers (the scenarios of a comparison) see the same draws of them.
#include "attestplan/simulation.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "attestplan/format.hpp"
#include "attestplan/toml_reader.hpp"

namespace attestplan {

namespace {

constexpr double kZ90 = 1.2815515655446004;  // the standard normal's 90th percentile
constexpr std::size_t kMostSwings = 10;

std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// FNV-1a: a stream number for a line or driver id, the same on every machine.
std::uint64_t stream_of(std::string_view id) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

/// A stream's uniform numbers in (0, 1): number k is the k-th output of SplitMix64 started from a
/// state that mixes the seed and the stream.
class Uniforms {
 public:
  Uniforms(std::uint64_t seed, std::uint64_t stream) : start_(mix(seed ^ mix(stream))) {}
  double operator[](std::size_t k) const {
    const std::uint64_t state =
        start_ + (static_cast<std::uint64_t>(k) + 1) * 0x9E3779B97F4A7C15ULL;
    return (static_cast<double>(mix(state) >> 11) + 0.5) * 0x1p-53;
  }

 private:
  std::uint64_t start_;
};

/// Stratified uniforms for a stream (Latin hypercube sampling): run k falls in the k-th of n equal
/// slices of (0, 1) after a shuffle, so every stream covers its whole range evenly in every
/// simulation and far fewer runs give stable percentiles than independent draws would. `slice` is
/// room for the shuffle, reused from call to call.
void stratified(std::uint64_t seed, std::uint64_t stream, std::span<double> u,
                std::vector<std::size_t>& slice) {
  const std::size_t n = u.size();
  slice.resize(n);
  std::iota(slice.begin(), slice.end(), std::size_t{0});
  const Uniforms shuffle(seed, mix(stream ^ 0xA5A5A5A5A5A5A5A5ULL));
  for (std::size_t i = n; i > 1; --i) {
    const auto j = static_cast<std::size_t>(shuffle[i] * static_cast<double>(i));
    std::swap(slice[i - 1], slice[std::min(j, i - 1)]);
  }
  const Uniforms within(seed, stream);
  for (std::size_t k = 0; k < n; ++k)
    u[k] = (static_cast<double>(slice[k]) + within[k]) / static_cast<double>(n);
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z * M_SQRT1_2); }

/// The standard normal's quantile, by Acklam's rational approximation (relative error below
/// 1.2e-9), enough for a copula.
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double low = 0.02425;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

bool degenerate(const Range& r) { return !(r.high > r.low); }

/// The triangular quantile (see triangular_quantile), here where the simulation's loops can inline
/// it.
inline double triangular_at(double low, double likely, double high, double u) {
  if (!(high > low)) return likely;
  const double width = high - low;
  if (u * width < likely - low) return low + std::sqrt(u * width * (likely - low));
  return high - std::sqrt((1 - u) * width * (high - likely));
}

/// Where each line's percentile in each column comes from: random runs, or the tornado's settings.
/// The span returned is valid until the next call.
class UniformSource {
 public:
  virtual ~UniformSource() = default;
  virtual std::span<const double> percentiles_of(const LedgerLine& line) = 0;
};

/// Random runs: a line with no driver draws on its own; with one, it takes its driver's percentile;
/// with several, the percentile of the average of their normal scores (a Gaussian copula). The
/// percentiles are drawn per driver, and per set of drivers, not per line: the lines of a set share
/// one array.
/// The arrays are kept by SharedDraws (the caller's, shared with other estimates, or one of its
/// own).
class RandomRuns final : public UniformSource {
 public:
  RandomRuns(const SimulationSettings& s, SharedDraws* shared)
      : settings_(s), shared_(shared != nullptr), draws_(shared ? *shared : own_.emplace()) {}

  std::span<const double> percentiles_of(const LedgerLine& line) override {
    const auto& ds = line.drivers;
    if (ds.empty()) {
      if (shared_) return stream("line:" + line.id, stream_of(line.id));
      // No other estimate will ask for this line's draws: one array serves every line in turn.
      line_.resize(settings_.draws);
      stratified(settings_.seed, stream_of(line.id), line_, slice_);
      return line_;
    }
    if (ds.size() == 1) return driver(ds.front());
    std::vector<std::span<const double>> z;
    std::string key = "set:";
    for (const auto& id : ds) {
      key += id + '\n';
      z.push_back(normal_scores(id));
    }
    return draws_.get(settings_, key, [&](std::span<double> u) {
      std::fill(u.begin(), u.end(), 0.0);
      for (const auto& scores : z) {
        for (std::size_t k = 0; k < u.size(); ++k) u[k] += scores[k];
      }
      const double scale = 1 / std::sqrt(static_cast<double>(ds.size()));
      for (auto& x : u) x = normal_cdf(x * scale);
    });
  }

 private:
  /// Stream `number`'s stratified percentiles, kept as `key`.
  std::span<const double> stream(const std::string& key, std::uint64_t number) {
    return draws_.get(settings_, key,
                      [&](std::span<double> u) { stratified(settings_.seed, number, u, slice_); });
  }
  std::span<const double> driver(const std::string& id) {
    const std::string key = "driver:" + id;
    return stream(key, stream_of(key));
  }
  /// A driver's percentiles as normal scores, for a copula.
  std::span<const double> normal_scores(const std::string& id) {
    const auto u = driver(id);
    return draws_.get(settings_, "z:" + id, [&](std::span<double> z) {
      std::transform(u.begin(), u.end(), z.begin(), normal_quantile);
    });
  }

  const SimulationSettings& settings_;
  bool shared_;
  std::optional<SharedDraws> own_;
  SharedDraws& draws_;
  std::vector<double> line_;
  std::vector<std::size_t> slice_;
};

/// An input of the tornado: a driver, or a line that names none.
struct Input {
  std::string id;
  std::string label;
  bool is_line = false;
};

/// The tornado's columns: 0 has every input at its median; 2j+1 and 2j+2 put input j at its P10
/// and P90.
class TornadoColumns final : public UniformSource {
 public:
  explicit TornadoColumns(const std::vector<Input>& inputs) : inputs_(inputs), u_(columns()) {}
  [[nodiscard]] std::size_t columns() const { return 1 + 2 * inputs_.size(); }

  std::span<const double> percentiles_of(const LedgerLine& line) override {
    auto& u = u_;
    std::fill(u.begin(), u.end(), 0.5);
    const double k = static_cast<double>(line.drivers.size());
    for (std::size_t j = 0; j < inputs_.size(); ++j) {
      const auto& in = inputs_[j];
      double lo = 0.5, hi = 0.5;
      if (in.is_line
              ? (line.drivers.empty() && line.id == in.id)
              : std::find(line.drivers.begin(), line.drivers.end(), in.id) != line.drivers.end()) {
        const double z = in.is_line ? kZ90 : kZ90 / std::sqrt(k);
        lo = normal_cdf(-z);
        hi = normal_cdf(z);
      }
      u[1 + 2 * j] = lo;
      u[2 + 2 * j] = hi;
    }
    return u;
  }

 private:
  const std::vector<Input>& inputs_;
  std::vector<double> u_;
};

/// Days a value of `unit` stands for on a calendar.
double days_per(const std::string& unit) {
  if (unit == unit::kWeeks) return 7;
  return 1;  // days, and dates (days since 1970)
}

/// A computed line's factor at low, likely and high: the line's own three points over its inputs'.
/// nullopt when the inputs are nothing at the likely point (the line cannot be recomputed).
std::optional<Range> implied_factor(const Range& value, const Range& inputs) {
  if (inputs.likely == 0) return std::nullopt;
  const double likely = value.likely / inputs.likely;
  Range f{inputs.low != 0 ? value.low / inputs.low : likely, likely,
          inputs.high != 0 ? value.high / inputs.high : likely};
  const double eps = 1e-9 * std::max(1.0, std::abs(likely));
  if (!(f.low <= f.likely + eps && f.likely <= f.high + eps)) return Range::exactly(likely);
  f.low = std::min(f.low, f.likely);
  f.high = std::max(f.high, f.likely);
  if (f.high - f.low <= eps) return Range::exactly(likely);
  return f;
}

/// A line's values in every column, as an array that adds and multiplies element by element.
Eigen::Map<Eigen::ArrayXd> as_array(std::span<double> x) {
  return {x.data(), static_cast<Eigen::Index>(x.size())};
}
Eigen::Map<const Eigen::ArrayXd> as_array(std::span<const double> x) {
  return {x.data(), static_cast<Eigen::Index>(x.size())};
}

/// Evaluates every line in every column, in ledger order.
LedgerDraws evaluate(const Estimate& est, std::size_t columns, UniformSource& source) {
  const auto& lines = est.lines;
  // Room for every line, filled line by line as each is worked out (so each is zeroed just before
  // it is written, while in cache, rather than all at once beforehand).
  LedgerDraws v{columns, {}};
  v.values.reserve(lines.size() * columns);
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(lines.size());
  Eigen::ArrayXd s(static_cast<Eigen::Index>(columns));  // a date's inputs, in days
  // A computed line's inputs combined in every column, kept by how they combine (a product or not)
  // and which they are: lines that combine the same inputs the same way (a stage's hours at each
  // staff level and in total) share one combination. A line of one input needs none: it is kept
  // only for lines of several.
  std::map<std::pair<bool, std::vector<std::size_t>>, Eigen::ArrayXd> combined;
  std::vector<std::size_t> from;
  // A line's own three points drawn in every column, times its inputs' values when it has any.
  auto draw = [&](const Range& r, const LedgerLine& line, std::span<double> out,
                  const Eigen::ArrayXd* times) {
    if (degenerate(r)) {
      as_array(out).setConstant(r.likely);
    } else {
      // triangular_at in every column, both sides worked out and the right one chosen (no branch
      // to mispredict on random percentiles).
      const auto u = as_array(source.percentiles_of(line));
      const double width = r.high - r.low, left = r.likely - r.low, right = r.high - r.likely;
      as_array(out) =
          (u * width < left)
              .select(r.low + (u * width * left).sqrt(), r.high - ((1 - u) * width * right).sqrt());
    }
    if (times) as_array(out) *= *times;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    v.values.resize(v.values.size() + columns);  // within the reserve: earlier lines do not move
    const auto out = v.line(i);
    bool computed = line.combine != Combine::Own && !line.from.empty();
    from.clear();
    for (const auto& id : line.from) {
      if (!computed) break;
      const auto it = index.find(id);
      if (it == index.end())
        computed = false;
      else
        from.push_back(it->second);
    }
    if (computed && line.unit == unit::kDate) {
      // A date: its inputs' days added up, and the fixed offset its own likely point implies.
      double likely = 0;
      s.setZero();
      for (const auto j : from) {
        const double per = days_per(lines[j].unit);
        likely += per * lines[j].value.likely;
        s += per * as_array(std::as_const(v).line(j));
      }
      const double offset = line.value.likely - likely;
      as_array(out) = s + offset;
    } else if (computed) {
      const bool product = line.combine == Combine::Product;
      Range inputs = product ? Range{1, 1, 1} : Range{};
      for (const auto j : from)
        inputs = product ? inputs * lines[j].value : inputs + lines[j].value;
      Eigen::ArrayXd single;
      const bool keep = from.size() > 1;
      auto [at, fresh] =
          keep ? combined.try_emplace({product, from}) : std::pair{combined.end(), true};
      auto& runs = keep ? at->second : single;
      if (fresh) {
        runs.setConstant(static_cast<Eigen::Index>(columns), product ? 1.0 : 0.0);
        for (const auto j : from) {
          const auto in = as_array(std::as_const(v).line(j));
          if (product) {
            runs *= in;
          } else {
            runs += in;
          }
        }
      }
      if (const auto factor = implied_factor(line.value, inputs)) {
        draw(*factor, line, out, &runs);
      } else {
        draw(line.value, line, out, nullptr);
      }
    } else {
      draw(line.value, line, out, nullptr);
    }
    index.emplace(line.id, i);
  }
  return v;
}

/// The tornado's inputs: every driver a line names, then every line of its own with a range.
std::vector<Input> tornado_inputs(const Estimate& est) {
  std::vector<Input> inputs;
  auto label_of = [&](const std::string& id) {
    for (const auto& d : est.drivers) {
      if (d.id == id) return d.label;
    }
    return id;
  };
  for (const auto& line : est.lines) {
    for (const auto& d : line.drivers) {
      if (std::none_of(inputs.begin(), inputs.end(), [&](const Input& in) { return in.id == d; })) {
        inputs.push_back({d, label_of(d), false});
      }
    }
  }
  for (const auto& line : est.lines) {
    if (line.drivers.empty() && line.combine == Combine::Own && !degenerate(line.value)) {
      inputs.push_back({line.id, line.label, true});
    }
  }
  return inputs;
}

std::optional<std::size_t> index_of(const Estimate& est, std::string_view id) {
  for (std::size_t i = 0; i < est.lines.size(); ++i) {
    if (est.lines[i].id == id) return i;
  }
  return std::nullopt;
}

void add_tornado(Estimate& est) {
  struct Target {
    const char* name;
    std::string line;
  };
  std::vector<Target> targets;
  if (est.cost.ran && !est.cost.fee.line.empty()) targets.push_back({"fee", est.cost.fee.line});
  // A readiness consultant prices its own fee: what moves it is not what moves the auditor's.
  if (est.cost.ran && !est.cost.readiness_fee.line.empty())
    targets.push_back({"readiness", est.cost.readiness_fee.line});
  if (const auto* m = est.timing.milestone(kReportInHand)) targets.push_back({"report", m->line});
  if (targets.empty()) return;
  const auto inputs = tornado_inputs(est);
  TornadoColumns columns(inputs);
  const auto v = evaluate(est, columns.columns(), columns);
  for (const auto& t : targets) {
    const auto at = index_of(est, t.line);
    if (!at) continue;
    const auto col = v.line(*at);
    Sensitivity s{t.name, t.line, est.lines[*at].unit, col[0], {}};
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      Swing sw{inputs[j].id, inputs[j].label, col[1 + 2 * j], col[2 + 2 * j]};
      if (sw.width() > 1e-9 * std::max(1.0, std::abs(s.base))) s.swings.push_back(std::move(sw));
    }
    std::stable_sort(s.swings.begin(), s.swings.end(),
                     [](const Swing& a, const Swing& b) { return a.width() > b.width(); });
    if (s.swings.size() > kMostSwings) s.swings.resize(kMostSwings);
    est.sensitivity.push_back(std::move(s));
  }
}

/// Judges each renewal by the share of runs in which the report is in hand by the date needed (a
/// staged plan's Type 2 report for a renewal that needs a Type 2).
void judge_renewals(Estimate& est, std::span<const double> first_days,
                    std::span<const double> next_days, const SourceLocation& where,
                    std::string_view country, bool renewing) {
  const auto* first = est.timing.milestone(kReportInHand);
  const auto* next = est.timing.milestone(kNextReportInHand);
  for (auto& c : est.timing.renewals) {
    const auto* report = c.on_next_report ? next : first;
    const auto report_days = c.on_next_report ? next_days : first_days;
    if (!report || !report->spread || report_days.empty()) continue;
    const Date p90 = Date::from_serial(report->spread->p90);
    if (c.wrong_report) {
      c.chance = 0.0;
      c.verdict = RenewalVerdict::Missed;
      est.findings.push_back(
          {Severity::Warning, "renewal-needs-type2",
           renewing
               ? cat("renewal ", c.renewal.to_string(),
                     ": the organization renews its report (first_audit = false), so "
                     "its customers hold one over a period; this plan's report is a Type 1, as of "
                     "one date, which "
                     "does not continue that coverage whenever it comes: plan a Type 2 whose "
                     "period follows on from "
                     "the last one")
               : cat("renewal ", c.renewal.to_string(),
                     ": the customer asks for a Type 2 report, and "
                     "this plan's report is a Type 1, which does not meet it whenever it comes"),
           where, FindingRole::PlanChoice});
      continue;
    }
    const double needed = c.needed_by.serial();
    c.median_slack_days = Date::from_serial(report->spread->p50).days_until(c.needed_by);
    const auto met = std::count_if(report_days.begin(), report_days.end(), [&](double d) {
      return Date::from_serial(std::round(d)).working_day(country).serial() <= needed;
    });
    c.chance = static_cast<double>(met) / static_cast<double>(report_days.size());
    c.worst_slack_days = p90.days_until(c.needed_by);
    c.verdict = *c.chance >= 0.9   ? RenewalVerdict::Met
                : *c.chance <= 0.1 ? RenewalVerdict::Missed
                                   : RenewalVerdict::AtRisk;
    if (c.verdict == RenewalVerdict::Met) continue;
    const auto percent = static_cast<long>(std::lround(*c.chance * 100));
    const std::string text =
        cat("renewal ", c.renewal.to_string(), " (needed by ", c.needed_by.to_string(), ", ",
            std::to_string(c.lead_days), " days' lead): the report is in hand in time in ",
            std::to_string(percent), " % of runs (P50 ",
            Date::from_serial(report->spread->p50).to_string(), ", P90 ", p90.to_string(), ")");
    est.findings.push_back(
        {Severity::Warning,
         c.verdict == RenewalVerdict::Missed ? "renewal-missed" : "renewal-at-risk",
         c.verdict == RenewalVerdict::Missed
             ? cat(text, " — missed at P50 by ", std::to_string(-c.median_slack_days), " days")
             : text,
         where});
  }
}

}  // namespace

double triangular_quantile(double low, double likely, double high, double u) {
  return triangular_at(low, likely, high, u);
}

namespace {

/// `values` with NaN counted as the largest value: a NaN would break the ordering nth_element
/// relies on. (Inputs are finite and bounded where they are read, so none is expected.)
std::vector<double> orderable(std::span<const double> values) {
  std::vector<double> x(values.begin(), values.end());
  for (auto& v : x) {
    if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  }
  return x;
}

/// The index of the order statistic below the type-7 quantile `q` of `n` values.
std::size_t order_below(double q, std::size_t n) {
  return static_cast<std::size_t>(q * static_cast<double>(n - 1));
}

/// The type-7 quantile of `x` (0 <= q <= 1), reordering `x` partially. The order statistics it
/// needs lie in the block x[first, last), which holds exactly those of ranks first to last - 1 (all
/// of x, or a side that an earlier call left): only that block is reordered.
double quantile_in_block(std::vector<double>& x, double q, std::size_t first, std::size_t last) {
  const double h = q * static_cast<double>(x.size() - 1);
  const auto lo = order_below(q, x.size());
  std::nth_element(x.begin() + static_cast<long>(first), x.begin() + static_cast<long>(lo),
                   x.begin() + static_cast<long>(last));
  const double a = x[lo];
  if (lo + 1 >= x.size() || h == static_cast<double>(lo)) return a;
  // The next order statistic: the least of the rest of the block and of the value just past it
  // (which is the least of everything after the block).
  const auto end = std::min(x.size(), last + 1);
  const double b =
      *std::min_element(x.begin() + static_cast<long>(lo) + 1, x.begin() + static_cast<long>(end));
  return a + (h - static_cast<double>(lo)) * (b - a);
}

double quantile_in_place(std::vector<double>& x, double q) {
  return quantile_in_block(x, q, 0, x.size());
}

}  // namespace

double quantile(std::span<const double> values, double q) {
  if (values.empty()) return 0;
  auto x = orderable(values);
  return quantile_in_place(x, std::clamp(q, 0.0, 1.0));
}

Percentiles percentiles(std::span<const double> values) {
  if (values.empty()) return {};
  auto x = orderable(values);
  const std::size_t n = x.size();
  Percentiles p;
  p.p50 = quantile_in_place(x, 0.5);
  // The median's selection left the values below it before it and the rest after: P10 is found
  // among the first, P90 among the second.
  const auto mid = order_below(0.5, n);
  const bool sides = order_below(0.1, n) < mid && order_below(0.9, n) > mid;
  p.p10 = sides ? quantile_in_block(x, 0.1, 0, mid) : quantile_in_place(x, 0.1);
  p.p90 = sides ? quantile_in_block(x, 0.9, mid + 1, n) : quantile_in_place(x, 0.9);
  return p;
}

std::optional<SimulationSettings> parse_simulation_settings(const DataFile& file,
                                                            Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "simulation settings", diags);
  if (!root) return std::nullopt;
  SimulationSettings s;
  s.source = file.source_name;
  TableReader top(*root, "the simulation settings", file.source_name, diags);
  if (!top.format_version("attestplan-simulation", 1)) return std::nullopt;
  top.string("simulation", true);
  s.draws = static_cast<std::size_t>(top.integer("draws", static_cast<std::int64_t>(kMinDraws),
                                                 static_cast<std::int64_t>(kMaxDraws), true)
                                         .value_or(static_cast<std::int64_t>(s.draws)));
  s.seed = static_cast<std::uint64_t>(top.integer("seed", 0, INT64_MAX, true).value_or(1));
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return s;
}

const SimulationSettings& builtin_simulation_settings() {
  static const SimulationSettings settings = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "simulation/default.toml", diags);
    auto s = file ? parse_simulation_settings(*file, diags) : std::nullopt;
    if (!s) throw std::logic_error("the built-in simulation/default.toml does not read");
    return *s;
  }();
  return settings;
}

struct SharedDraws::State {
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<double>> arrays;  // nodes: an array never moves
  std::size_t drawn = 0;
};

SharedDraws::SharedDraws() : state_(std::make_unique<State>()) {}
SharedDraws::~SharedDraws() = default;

std::span<const double> SharedDraws::get(const SimulationSettings& settings, const std::string& key,
                                         const std::function<void(std::span<double>)>& draw) {
  std::string full =
      cat(std::to_string(settings.seed), "/", std::to_string(settings.draws), "/", key);
  const std::lock_guard lock(state_->mutex);
  auto [it, fresh] = state_->arrays.try_emplace(std::move(full));
  if (fresh) {
    try {
      it->second.resize(settings.draws);
      draw(it->second);
    } catch (...) {
      state_->arrays.erase(it);
      throw;
    }
    ++state_->drawn;
  }
  return it->second;
}

std::size_t SharedDraws::drawn() const {
  const std::lock_guard lock(state_->mutex);
  return state_->drawn;
}

LedgerDraws simulate_ledger(const Estimate& estimate, const SimulationSettings& settings,
                            SharedDraws* shared) {
  RandomRuns runs(settings, shared);
  return evaluate(estimate, settings.draws, runs);
}

std::vector<double> runs_of(const Estimate& est, const LedgerDraws& draws, std::string_view line) {
  const auto at = index_of(est, line);
  if (!at || *at >= draws.lines()) return {};
  const auto runs = draws.line(*at);
  return {runs.begin(), runs.end()};
}

std::vector<double> runs_of(const Estimate& est, const LedgerDraws& draws, const Figure& f) {
  if (!f.line.empty()) return runs_of(est, draws, f.line);
  if (f.parts.empty()) return {};
  std::vector<double> sum(draws.draws, 0.0);
  for (const auto& id : f.parts) {
    const auto part = runs_of(est, draws, id);
    if (part.size() != sum.size()) return {};
    for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += part[k];
  }
  return sum;
}

LedgerDraws simulate(Estimate& est, const SimulationSettings& settings,
                     const SimulationOptions& options) {
  auto draws = simulate_ledger(est, settings, options.shared);
  const bool every = options.every_figure;
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < est.lines.size(); ++i) index.emplace(est.lines[i].id, i);
  // A figure of the results takes its line's spread (and gives it to the line); a total without
  // a line, the spread of its parts' sum. Lines no figure names keep their likely value only.
  std::vector<double> sum(draws.draws);
  auto spread_of = [&](Figure& f) {
    if (!f.line.empty()) {
      const auto it = index.find(f.line);
      if (it == index.end()) return;
      auto& line = est.lines[it->second];
      if (!line.spread) line.spread = percentiles(draws.line(it->second));
      f.spread = line.spread;
      return;
    }
    if (f.parts.empty()) return;
    std::fill(sum.begin(), sum.end(), 0.0);
    for (const auto& id : f.parts) {
      const auto it = index.find(id);
      if (it == index.end()) return;
      const auto v = draws.line(it->second);
      for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += v[k];
    }
    f.spread = percentiles(sum);
  };
  auto& effort = est.effort;
  if (effort.ran) {
    spread_of(effort.auditor_hours);
    if (every) {
      for (auto& f : effort.stage_hours) spread_of(f);
      spread_of(effort.samples);
      for (auto& f : effort.client_items) spread_of(f);
      spread_of(effort.client_hours);
      spread_of(effort.readiness);
      for (auto& f : effort.next_stage_hours) spread_of(f);
      spread_of(effort.next_auditor_hours);
      spread_of(effort.next_client_hours);
      if (effort.cycle) {
        for (auto& f : effort.cycle->recertification_stage_hours) spread_of(f);
        spread_of(effort.cycle->recertification_hours);
      }
    }
  }
  auto& cost = est.cost;
  if (cost.ran) {
    spread_of(cost.fee);
    spread_of(cost.own_staff);
    spread_of(cost.year_one);
    spread_of(cost.year_two);
    if (cost.irrecoverable_vat) spread_of(*cost.irrecoverable_vat);
    if (cost.irrecoverable_vat_next) spread_of(*cost.irrecoverable_vat_next);
    if (cost.cycle) {
      spread_of(cost.cycle->cycle_fee);
      spread_of(cost.cycle->recertification_fee);
    }
    if (every) {
      for (auto& l : cost.levels) spread_of(l.hours);
      for (auto& f : cost.stage_fee) spread_of(f);
      if (cost.vat) spread_of(*cost.vat);
      for (auto& f : cost.other) spread_of(f);
      spread_of(cost.readiness_fee);
      spread_of(cost.next_fee);
    }
  }
  for (auto& m : est.timing.milestones) {
    const auto it = index.find(m.line);
    if (it == index.end()) continue;
    auto& line = est.lines[it->second];
    line.spread = percentiles(draws.line(it->second));
    // A report is signed and delivered on a working day: its dates are the working day on or after
    // the simulated one (a monotone map, so the percentiles stay those of the runs).
    if (m.id == kReportInHand || m.id == kNextReportInHand) {
      for (double* p : {&line.spread->p10, &line.spread->p50, &line.spread->p90}) {
        *p = Date::from_serial(*p).working_day(options.country).serial();
      }
    }
    m.spread = line.spread;
  }
  if (const auto* report = est.timing.milestone(kReportInHand)) {
    const auto it = index.find(report->line);
    const auto* next = est.timing.milestone(kNextReportInHand);
    const auto at = next ? index.find(next->line) : index.end();
    if (it != index.end()) {
      judge_renewals(est, draws.line(it->second),
                     at != index.end() ? draws.line(at->second) : std::span<const double>{},
                     options.engagement, options.country, options.renewing);
    }
  }
  if (options.sensitivity) add_tornado(est);
  est.simulation = {true, settings.draws, settings.seed, settings.source};
  return draws;
}

}  // namespace attestplan

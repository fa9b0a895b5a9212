// Tests for the simulation of the ledger: the triangular draws against their closed forms, drivers
// that move lines together, computed lines recomputed run by run, dates, seeds, and what it tells
// the estimate (spreads, renewal chances, the tornado).
#include "attestplan/simulation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace attestplan {

namespace {

SimulationSettings settings(std::size_t draws = 4000, std::uint64_t seed = 7) {
  SimulationSettings s;
  s.draws = draws;
  s.seed = seed;
  s.source = "test";
  return s;
}

LedgerLine own(std::string id, Range value, std::vector<std::string> drivers = {}) {
  LedgerLine l;
  l.id = std::move(id);
  l.value = value;
  l.unit = unit::kHours;
  l.drivers = std::move(drivers);
  return l;
}

LedgerLine sum(std::string id, const std::vector<LedgerLine>& parts,
               const char* unit = unit::kHours) {
  LedgerLine l;
  l.id = std::move(id);
  l.combine = Combine::Sum;
  l.unit = unit;
  for (const auto& p : parts) {
    l.value += p.value;
    l.from.push_back(p.id);
  }
  return l;
}

double mean(std::span<const double> x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double variance(std::span<const double> x) {
  const double m = mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return s / static_cast<double>(x.size() - 1);
}

/// Twelve lines of different three-point estimates, and their total.
Estimate twelve_lines(const std::vector<std::string>& drivers) {
  Estimate e;
  std::vector<LedgerLine> parts;
  for (int i = 0; i < 12; ++i) {
    const double low = 2 + i, likely = 4 + 1.5 * i, high = 9 + 3 * i;
    parts.push_back(own("line." + std::to_string(i), {low, likely, high}, drivers));
  }
  e.lines = parts;
  e.lines.push_back(sum("total", parts));
  return e;
}

}  // namespace

TEST(Simulation, TriangularQuantilesHitTheEndsAndTheMode) {
  EXPECT_DOUBLE_EQ(triangular_quantile(1, 3, 9, 0.0), 1);
  EXPECT_DOUBLE_EQ(triangular_quantile(1, 3, 9, 1.0), 9);
  EXPECT_DOUBLE_EQ(triangular_quantile(1, 3, 9, 0.25), 3);  // F(mode) = (3 - 1) / (9 - 1)
  EXPECT_DOUBLE_EQ(triangular_quantile(5, 5, 5, 0.7), 5);
}

TEST(Simulation, PercentilesInterpolateBetweenOrderStatistics) {
  std::vector<double> x(101);
  std::iota(x.begin(), x.end(), 0.0);
  std::reverse(x.begin(), x.end());
  const auto p = percentiles(x);
  EXPECT_DOUBLE_EQ(p.p10, 10);
  EXPECT_DOUBLE_EQ(p.p50, 50);
  EXPECT_DOUBLE_EQ(p.p90, 90);
}

TEST(Simulation, QuantileIsType7AndAgreesWithPercentiles) {
  // R: quantile(c(1, 2, 3, 4, 10), 0.8, type = 7) is 5.2 (between the 4th and 5th order
  // statistics).
  const std::vector<double> five{10, 3, 1, 4, 2};
  EXPECT_DOUBLE_EQ(quantile(five, 0.8), 5.2);
  EXPECT_DOUBLE_EQ(quantile(five, 0.0), 1);
  EXPECT_DOUBLE_EQ(quantile(five, 1.0), 10);
  EXPECT_DOUBLE_EQ(quantile(five, 1.5), 10);  // clamped
  EXPECT_DOUBLE_EQ(quantile(std::vector<double>{}, 0.8), 0);
  std::vector<double> runs(1000);
  for (std::size_t k = 0; k < runs.size(); ++k) runs[k] = std::sin(static_cast<double>(k)) * 100;
  const auto p = percentiles(runs);
  EXPECT_DOUBLE_EQ(quantile(runs, 0.1), p.p10);
  EXPECT_DOUBLE_EQ(quantile(runs, 0.5), p.p50);
  EXPECT_DOUBLE_EQ(quantile(runs, 0.9), p.p90);
  EXPECT_GT(quantile(runs, 0.8), p.p50);
  EXPECT_LT(quantile(runs, 0.8), p.p90);
}

TEST(Simulation, PercentilesAreTheSortedDefinitionsWhateverTheSizeAndTies) {
  // Type 7 on the sorted values: x[lo] + (h - lo) * (x[lo + 1] - x[lo]), h = q * (n - 1).
  auto reference = [](std::vector<double> x, double q) {
    std::sort(x.begin(), x.end());
    const double h = q * static_cast<double>(x.size() - 1);
    const auto lo = static_cast<std::size_t>(h);
    return lo + 1 < x.size() ? x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]) : x[lo];
  };
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 40 & 0xFF);  // 256 values: many ties in the larger arrays
  };
  for (const std::size_t n : {1, 2, 3, 4, 5, 9, 10, 11, 100, 999, 1000, 1001}) {
    std::vector<double> x(n);
    for (auto& v : x) v = next();
    const auto p = percentiles(x);
    EXPECT_DOUBLE_EQ(p.p10, reference(x, 0.1)) << n;
    EXPECT_DOUBLE_EQ(p.p50, reference(x, 0.5)) << n;
    EXPECT_DOUBLE_EQ(p.p90, reference(x, 0.9)) << n;
  }
}

TEST(Simulation, PercentilesOfRunsWithANanStayOrdered) {
  std::vector<double> x{3, std::nan(""), 1, 2, 5, 4, 6, 7, 8, 9, 10};
  const auto p = percentiles(x);
  EXPECT_DOUBLE_EQ(p.p10, 2);
  EXPECT_DOUBLE_EQ(p.p50, 6);
  EXPECT_DOUBLE_EQ(p.p90, 10);
}

TEST(Simulation, ASumOfIndependentTriangularLinesHasTheirMeanAndVariance) {
  const auto e = twelve_lines({});
  const auto runs = simulate_ledger(e, settings());
  const auto total = runs.line(runs.lines() - 1);
  double expected_mean = 0, expected_var = 0;
  for (std::size_t i = 0; i + 1 < e.lines.size(); ++i) {
    const auto& [a, c, b] = e.lines[i].value;
    expected_mean += (a + b + c) / 3;
    expected_var += (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
  }
  EXPECT_NEAR(mean(total), expected_mean, 0.005 * expected_mean);
  EXPECT_NEAR(variance(total), expected_var, 0.05 * expected_var);
  // Each line on its own has the triangular mean too.
  const auto& [a, c, b] = e.lines[5].value;
  EXPECT_NEAR(mean(runs.line(5)), (a + b + c) / 3, 0.01 * (a + b + c) / 3);
}

TEST(Simulation, LinesSharingADriverWidenTheBandOfTheirTotal) {
  auto band = [](const Estimate& e) {
    const auto runs = simulate_ledger(e, settings());
    const auto p = percentiles(runs.line(runs.lines() - 1));
    return p.p90 - p.p10;
  };
  const double independent = band(twelve_lines({}));
  const double shared = band(twelve_lines({"population:changes"}));
  EXPECT_GT(shared, 2.0 * independent);
  // Drawn together, every line takes the same percentile of its own range in a run: two lines'
  // runs rise and fall together.
  const auto runs = simulate_ledger(twelve_lines({"population:changes"}), settings(500));
  for (std::size_t k = 0; k + 1 < 500; ++k) {
    EXPECT_EQ(runs.line(0)[k] < runs.line(0)[k + 1], runs.line(7)[k] < runs.line(7)[k + 1]) << k;
  }
}

TEST(Simulation, AProductIsRecomputedRunByRunFromItsInputs) {
  Estimate e;
  e.lines.push_back(own("hours", {80, 100, 150}));
  auto rate = own("rate", Range::exactly(250));
  rate.unit = "USD";
  e.lines.push_back(rate);
  LedgerLine fee;
  fee.id = "fee";
  fee.combine = Combine::Product;
  fee.from = {"hours", "rate"};
  fee.value = Range{80, 100, 150} * 250;
  fee.unit = "USD";
  e.lines.push_back(fee);
  const auto runs = simulate_ledger(e, settings(1000));
  for (std::size_t k = 0; k < 1000; ++k) EXPECT_NEAR(runs.line(2)[k], runs.line(0)[k] * 250, 1e-6);
}

TEST(Simulation, ADateAddsItsDurationsInDays) {
  Estimate e;
  LedgerLine start;
  start.id = "start";
  start.unit = unit::kDate;
  start.value = Range::exactly(Date(2027, 1, 4).serial());
  e.lines.push_back(start);
  auto weeks = own("prep", {2, 4, 8});
  weeks.unit = unit::kWeeks;
  e.lines.push_back(weeks);
  LedgerLine ready;
  ready.id = "ready";
  ready.unit = unit::kDate;
  ready.combine = Combine::Sum;
  ready.from = {"start", "prep"};
  ready.value = {start.value.low + 14, start.value.likely + 28, start.value.high + 56};
  e.lines.push_back(ready);
  const auto runs = simulate_ledger(e, settings(1000));
  for (std::size_t k = 0; k < 1000; ++k)
    EXPECT_NEAR(runs.line(2)[k], start.value.likely + 7 * runs.line(1)[k], 1e-6);
}

TEST(Simulation, TheSameSeedGivesTheSameRunsAndAnotherMovesLittle) {
  const auto e = twelve_lines({});
  const auto a = simulate_ledger(e, settings(1000, 1));
  const auto b = simulate_ledger(e, settings(1000, 1));
  EXPECT_EQ(a.values, b.values);
  const auto c = simulate_ledger(e, settings(1000, 2));
  EXPECT_NE(a.values, c.values);
  const double p50a = percentiles(a.line(a.lines() - 1)).p50,
               p50c = percentiles(c.line(c.lines() - 1)).p50;
  EXPECT_LT(std::abs(p50a - p50c) / p50a, 0.01);
}

TEST(Simulation, SharedDrawsGiveTheSameRunsAndAreDrawnOnce) {
  // Lines of their own, lines of one driver and lines of two (a copula).
  auto e = twelve_lines({});
  e.lines[3].drivers = {"population:changes"};
  e.lines[4].drivers = {"population:changes"};
  e.lines[5].drivers = {"population:changes", "pace"};
  e.lines[6].drivers = {"population:changes", "pace"};
  const auto alone = simulate_ledger(e, settings(1000, 7));
  SharedDraws shared;
  const auto first = simulate_ledger(e, settings(1000, 7), &shared);
  EXPECT_EQ(first.values, alone.values);
  const auto drawn = shared.drawn();
  // 8 lines of their own (the total is their exact sum: nothing of its own to draw), 2 drivers,
  // their 2 normal scores for the copula, 1 set.
  EXPECT_EQ(drawn, 13U);
  // A second estimate naming the same lines and drivers draws nothing new, and gets the same runs.
  const auto second = simulate_ledger(e, settings(1000, 7), &shared);
  EXPECT_EQ(shared.drawn(), drawn);
  EXPECT_EQ(second.values, alone.values);
  // Another seed or number of runs is drawn apart, never mixed with the first.
  const auto other = simulate_ledger(e, settings(500, 7), &shared);
  EXPECT_EQ(other.values, simulate_ledger(e, settings(500, 7)).values);
  EXPECT_GT(shared.drawn(), drawn);
}

TEST(Simulation, TheTornadoRanksTheDriverThatMovesTheFeeMost) {
  Estimate e;
  e.cost.ran = true;
  e.drivers = {{"rate:partner", "The hourly rate of partner"}, {"pace", "The team's pace"}};
  e.lines.push_back(own("small", {9, 10, 11}, {"pace"}));
  e.lines.push_back(own("large", {50, 100, 300}, {"rate:partner"}));
  e.lines.push_back(own("alone", {1, 2, 3}));
  auto total = sum("cost.fee.total", {e.lines[0], e.lines[1], e.lines[2]}, "USD");
  e.lines.push_back(total);
  e.cost.fee = Figure::of(e.lines.back());
  simulate(e, settings(1000));
  ASSERT_EQ(e.sensitivity.size(), 1u);
  const auto& s = e.sensitivity.front();
  EXPECT_EQ(s.target, "fee");
  ASSERT_EQ(s.swings.size(), 3u);
  EXPECT_EQ(s.swings[0].input, "rate:partner");
  EXPECT_EQ(s.swings[0].label, "The hourly rate of partner");
  EXPECT_EQ(s.swings[1].input, "pace");
  EXPECT_EQ(s.swings[2].input, "alone");  // a line that names no driver is an input of its own
  EXPECT_LT(s.swings[0].at_p10, s.base);
  EXPECT_GT(s.swings[0].at_p90, s.base);
  ASSERT_TRUE(e.cost.fee.spread);
  EXPECT_LT(e.cost.fee.spread->p10, e.cost.fee.spread->p50);
  EXPECT_LT(e.cost.fee.spread->p50, e.cost.fee.spread->p90);
  EXPECT_TRUE(e.simulation.ran);
  EXPECT_EQ(e.simulation.draws, 1000u);
}

TEST(Simulation, ASummaryGivesTheSameRangesToTheSummaryFiguresAndNoneToTheBreakdown) {
  auto make = [] {
    Estimate e;
    e.effort.ran = true;
    e.cost.ran = true;
    e.lines.push_back(own("hours.planning", {8, 10, 14}));
    e.lines.push_back(own("hours.testing", {30, 40, 60}, {"pace"}));
    e.effort.stage_hours = {Figure::of(e.lines[0]), Figure::of(e.lines[1])};
    e.lines.push_back(sum("hours.total", {e.lines[0], e.lines[1]}));
    e.effort.auditor_hours = Figure::of(e.lines.back());
    auto fee = own("fee", {9000, 10000, 14000}, {"pace"});
    fee.unit = "USD";
    e.lines.push_back(fee);
    e.cost.fee = Figure::of(e.lines.back());
    e.cost.year_one.add(e.lines.back());  // a total of parts, with no line of its own
    return e;
  };
  auto every = make();
  simulate(every, settings(1000), {});
  auto summary = make();
  SimulationOptions options;
  options.every_figure = false;
  simulate(summary, settings(1000), options);
  ASSERT_TRUE(every.effort.stage_hours[0].spread);
  EXPECT_FALSE(summary.effort.stage_hours[0].spread);
  EXPECT_FALSE(summary.effort.stage_hours[1].spread);
  ASSERT_TRUE(summary.effort.auditor_hours.spread);
  ASSERT_TRUE(summary.cost.fee.spread);
  ASSERT_TRUE(summary.cost.year_one.spread);
  EXPECT_EQ(summary.effort.auditor_hours.spread->p50, every.effort.auditor_hours.spread->p50);
  EXPECT_EQ(summary.effort.auditor_hours.spread->p90, every.effort.auditor_hours.spread->p90);
  EXPECT_EQ(summary.cost.fee.spread->p10, every.cost.fee.spread->p10);
  EXPECT_EQ(summary.cost.year_one.spread->p90, every.cost.year_one.spread->p90);
}

TEST(Simulation, SettingsAreReadAndCheckedWithTheirPlace) {
  Diagnostics diags;
  auto s = parse_simulation_settings(
      {"simulation = \"firm\"\ndraws = 5000\nseed = 42\n", "firm.toml"}, diags);
  ASSERT_TRUE(s) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(s->draws, 5000u);
  EXPECT_EQ(s->seed, 42u);
  Diagnostics bad;
  EXPECT_FALSE(parse_simulation_settings(
      {"simulation = \"firm\"\ndraws = 10\nseed = 1\nsed = 2\n", "firm.toml"}, bad));
  ASSERT_GE(bad.items().size(), 2u);
  std::string all;
  for (const auto& d : bad.items())
    all += d.message + " @" + std::to_string(d.location.line) + "\n";
  EXPECT_NE(all.find("draws"), std::string::npos) << all;
  EXPECT_NE(all.find("sed"), std::string::npos) << all;
  EXPECT_NE(all.find("@2"), std::string::npos) << all;
  EXPECT_EQ(builtin_simulation_settings().draws, 1000u);
}

}  // namespace attestplan

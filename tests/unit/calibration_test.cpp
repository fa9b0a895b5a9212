// Calibration (firm/src/calibration.cpp, history.cpp, profile.cpp): a synthetic history made from
// known parameters is fitted back; summary rows fit as their models do; bad rows are located and
// skipped; a profile reads back what it wrote and moves the ledger.
#include "attestplan/calibration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include "attestplan/loader.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/profile.hpp"

namespace {

using namespace attestplan;
namespace fs = std::filesystem;

const PluginHost& host() {
  static const PluginHost h([] {
    PluginSearch s;
    s.use_environment = false;
    return s;
  }());
  return h;
}

/// A folder of its own under the system's temporary folder, removed at the end of the test.
struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name) {
    dir = fs::temp_directory_path() / ("attestplan-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

/// 40 engagements of varied shape, from a fixed seed.
std::vector<EngagementSummary> synthetic_summaries(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<EngagementSummary> out;
  const Category optional[] = {Category::Availability, Category::Confidentiality,
                               Category::ProcessingIntegrity, Category::Privacy};
  const Maturity maturities[] = {Maturity::None, Maturity::Partial, Maturity::Documented,
                                 Maturity::Operating};
  for (std::size_t i = 0; i < n; ++i) {
    EngagementSummary s;
    s.id = "e" + std::to_string(i + 1);
    s.report =
        pick(0, 3) == 0 ? Report{"soc2", ReportType::Type1} : Report{"soc2", ReportType::Type2};
    s.months = std::array{3, 6, 12}[static_cast<std::size_t>(pick(0, 2))];
    s.categories = {Category::Security};
    for (const auto c : optional) {
      if (pick(0, 2) == 0) s.categories.push_back(c);
    }
    s.employees = static_cast<int>(std::lround(
        std::exp(std::uniform_real_distribution<double>(std::log(8), std::log(3000))(rng))));
    s.systems = pick(2, 80);
    s.vendors = std::min(s.systems, pick(0, 4));
    s.vendor_method = pick(0, 3) == 0 ? SubserviceMethod::Inclusive : SubserviceMethod::CarveOut;
    s.first_year = pick(0, 1) == 0;
    s.maturity = maturities[static_cast<std::size_t>(pick(0, 3))];
    out.push_back(std::move(s));
  }
  return out;
}

Model model_of(const EngagementSummary& s) {
  auto r = load_model_text(summary_model_toml(s), s.id + ".toml", CriteriaCatalog::builtin());
  EXPECT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  return r.model ? std::move(*r.model) : Model{};
}

/// Auditor hours by stage of `m` with the effort parameters scaled by `scales` (a profile file).
std::array<double, 4> hours_at(const Model& m, const fs::path& profile) {
  EstimateRequest req{m, CriteriaCatalog::builtin(), {{"profile", profile}}};
  req.simulate = false;
  req.sensitivity = false;
  apply_profile(host(), req);
  const auto r = run_estimate(host(), req);
  EXPECT_TRUE(r.configured);
  std::array<double, 4> h{};
  for (std::size_t s = 0; s < 4; ++s) h[s] = r.estimate.effort.stage_hours[s].value.likely;
  return h;
}

/// The HR SaaS example, loaded.
LoadResult hr_saas() {
  return load_model_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml",
                         CriteriaCatalog::builtin());
}

struct Synthetic {
  std::vector<double> truth;  ///< the plugins' parameters, in order
  History history;
};

/// Rows whose hours are the model's at true scales drawn from 0.6–1.6, times 10 % noise.
Synthetic synthetic_history(const Scratch& scratch, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Synthetic out;
  FirmProfile truth;
  for (const auto& name : host().parameter_names()) {
    out.truth.push_back(std::uniform_real_distribution<double>(0.6, 1.6)(rng));
    truth.effort[name] = {out.truth.back(), 1};
  }
  const auto profile = scratch.write("truth.toml", profile_toml(truth, host().parameter_names()));
  std::normal_distribution<double> noise(0.0, 0.10);
  out.history.source_name = "synthetic.csv";
  std::uint32_t line = 2;
  for (const auto& s : synthetic_summaries(n, seed + 1)) {
    HistoryRow row;
    row.line = line++;
    row.id = s.id;
    row.model = model_of(s);
    const auto h = hours_at(row.model, profile);
    for (std::size_t k = 0; k < 4; ++k) row.hours[k] = h[k] * std::max(0.5, 1 + noise(rng));
    out.history.rows.push_back(std::move(row));
  }
  out.history.rows_read = n;
  return out;
}

TEST(Calibration, RecoversTrueParametersOfASyntheticHistoryAndBeatsTheDefaultsOutOfSample) {
  Scratch scratch("calibration-synthetic");
  const auto syn = synthetic_history(scratch, 40, 20261130);
  Diagnostics diags;
  const auto report = calibrate(host(), CriteriaCatalog::builtin(), syn.history, {}, diags);
  ASSERT_TRUE(report) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(report->rows_used, 40u);
  std::size_t identified = 0;
  for (std::size_t j = 0; j < report->parameters.size(); ++j) {
    const auto& p = report->parameters[j];
    if (!p.identifiable) {
      EXPECT_EQ(p.scale, 1.0) << p.name << " keeps its default";
      EXPECT_FALSE(p.why.empty()) << p.name;
      continue;
    }
    // A parameter calibrated with others as one scale stands for their mix, not its own truth.
    if (p.level != FitLevel::Parameter) continue;
    ++identified;
    EXPECT_NEAR(p.scale, syn.truth[j], 0.15 * syn.truth[j]) << p.name;
  }
  EXPECT_GE(identified, 3u)
      << "the history identifies too few parameters for the test to mean much";
  EXPECT_LT(report->leave_one_out.mape[4], report->defaults.mape[4]);
}

TEST(Calibration, SummaryColumnsFitAsWellAsTheSameHistoryGivenAsModels) {
  Scratch scratch("calibration-summary");
  const auto syn = synthetic_history(scratch, 30, 7);
  // The same rows as a CSV twice: once by summary columns, once naming model files.
  const auto summaries = synthetic_summaries(30, 8);
  std::string by_summary =
      "id,report,months,categories,employees,systems,vendors,vendor_method,year,maturity,"
      "planning_hours,documentation_hours,testing_hours,reporting_hours\n";
  std::string by_model =
      "id,model,planning_hours,documentation_hours,testing_hours,reporting_hours\n";
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const auto& s = summaries[i];
    const auto& h = syn.history.rows[i].hours;
    std::string cats;
    for (const auto c : s.categories) cats += (cats.empty() ? "" : ";") + std::string{to_string(c)};
    std::string hours;
    for (const double v : h) hours += "," + std::to_string(v);
    by_summary += s.id + "," + to_string(s.report) + "," + std::to_string(s.months) + "," + cats +
                  "," + std::to_string(s.employees) + "," + std::to_string(s.systems) + "," +
                  std::to_string(s.vendors) + "," + to_string(s.vendor_method) + "," +
                  (s.first_year ? "first" : "recurring") + "," + to_string(s.maturity) + hours +
                  "\n";
    scratch.write(s.id + ".toml", summary_model_toml(s));
    by_model += s.id + "," + s.id + ".toml" + hours + "\n";
  }
  Diagnostics diags;
  const auto a =
      read_history({by_summary, "summary.csv"}, scratch.dir, CriteriaCatalog::builtin(), diags);
  const auto b =
      read_history({by_model, "models.csv"}, scratch.dir, CriteriaCatalog::builtin(), diags);
  ASSERT_TRUE(a && b) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(a->rows.size(), 30u);
  EXPECT_EQ(b->rows.size(), 30u);
  const auto ra = calibrate(host(), CriteriaCatalog::builtin(), *a, {}, diags);
  const auto rb = calibrate(host(), CriteriaCatalog::builtin(), *b, {}, diags);
  ASSERT_TRUE(ra && rb);
  EXPECT_NEAR(ra->fitted.mape[4], rb->fitted.mape[4], 0.05);
  EXPECT_NEAR(ra->leave_one_out.mape[4], rb->leave_one_out.mape[4], 0.05);
}

TEST(Calibration, BadRowsAreLocatedAndSkippedAndTooFewRowsRefuseTheFit) {
  Scratch scratch("calibration-bad");
  scratch.write("broken.toml", "schema = \"attestplan/1\"\n[organization]\nemployees = \"many\"\n");
  const std::string csv =
      "id,model,report,months,categories,employees,systems,vendors,vendor_method,year,planning_"
      "hours,"
      "documentation_hours,testing_hours,reporting_hours\n"
      "ok,,soc2-type2,6,security,50,5,1,carve-out,first,40,60,120,50\n"
      "bad-months,,soc2-type2,30,security,50,5,1,carve-out,first,40,60,120,50\n"
      "bad-hours,,soc2-type2,6,security,50,5,1,carve-out,first,forty,60,120,50\n"
      "broken-model,broken.toml,,,,,,,,,40,60,120,50\n"
      "bad-category,,soc2-type2,6,security;secrecy,50,5,1,carve-out,first,40,60,120,50\n";
  Diagnostics diags;
  const auto h = read_history({csv, "history.csv"}, scratch.dir, CriteriaCatalog::builtin(), diags);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rows_read, 5u);
  EXPECT_EQ(h->rows.size(), 1u);
  EXPECT_EQ(h->rows_skipped, 4u);
  std::vector<std::string> where;
  for (const auto& d : diags.items()) where.push_back(d.location.to_string() + " " + d.message);
  ASSERT_EQ(where.size(), 4u);
  EXPECT_NE(where[0].find("history.csv:3:"), std::string::npos) << where[0];
  EXPECT_NE(where[0].find("'months' is 30, outside 3..12"), std::string::npos) << where[0];
  EXPECT_NE(where[1].find("history.csv:4:"), std::string::npos) << where[1];
  EXPECT_NE(where[1].find("not a number"), std::string::npos) << where[1];
  EXPECT_NE(where[2].find("history.csv:5:"), std::string::npos) << where[2];
  EXPECT_NE(where[2].find("broken.toml"), std::string::npos) << where[2];
  EXPECT_NE(where[3].find("history.csv:6:"), std::string::npos) << where[3];
  EXPECT_NE(where[3].find("secrecy"), std::string::npos) << where[3];
  for (const auto& d : diags.items())
    EXPECT_NE(d.message.find("row skipped"), std::string::npos) << d.message;

  Diagnostics fit;
  EXPECT_FALSE(calibrate(host(), CriteriaCatalog::builtin(), *h, {}, fit));
  ASSERT_TRUE(fit.has_errors());
  EXPECT_NE(fit.items().back().message.find("at least 10 usable rows; 1 remain of 5 (4 skipped)"),
            std::string::npos)
      << fit.items().back().message;
}

TEST(Calibration, ASummaryRowAsksForABoundedModel) {
  // A row's model is estimated at every trial of the fit: its vendors are bounded (500; 25 tested
  // inclusively, a model's own limit), so a history at the documented maxima fits in seconds.
  const std::string csv =
      "id,report,months,categories,employees,systems,vendors,vendor_method,year,planning_hours,"
      "documentation_hours,testing_hours,reporting_hours\n"
      "most,soc2-type2,12,security,1000000,10000,500,carve-out,first,40,60,120,50\n"
      "too-many,soc2-type2,12,security,1000000,10000,501,carve-out,first,40,60,120,50\n"
      "inclusive-ok,soc2-type2,12,security,50,30,25,inclusive,first,40,60,120,50\n"
      "inclusive-many,soc2-type2,12,security,50,30,26,inclusive,first,40,60,120,50\n";
  Diagnostics diags;
  const auto h = read_history({csv, "history.csv"}, ".", CriteriaCatalog::builtin(), diags);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rows.size(), 2u);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_NE(diags.items()[0].message.find("'vendors' is 501, outside 0..500"), std::string::npos)
      << diags.items()[0].message;
  EXPECT_EQ(diags.items()[0].location.line, 3u);
  EXPECT_NE(diags.items()[1].message.find("at most 25"), std::string::npos)
      << diags.items()[1].message;
  EXPECT_EQ(diags.items()[1].location.line, 5u);
}

TEST(Calibration, AMissingColumnIsAnErrorAtTheHeader) {
  Diagnostics diags;
  const auto h = read_history(
      {"id,report,categories,employees,systems,year,planning_hours,testing_hours,reporting_hours\n",
       "history.csv"},
      ".", CriteriaCatalog::builtin(), diags);
  EXPECT_FALSE(h);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].location.to_string(), "history.csv:1:1");
  EXPECT_NE(diags.items()[0].message.find("no column 'documentation_hours'"), std::string::npos);
}

TEST(Calibration, AProfileReadsBackAndItsParametersSayWhereTheyCameFromInTheLedger) {
  Scratch scratch("calibration-profile");
  FirmProfile p;
  p.name = "Fjord Revision";
  p.effort["planning_base"] = {1.5, 40};
  p.effort["reporting"] = {0.8, 40};
  p.capacity["manager"] = 80;
  const auto file = scratch.write("firm.toml", profile_toml(p, host().parameter_names()));
  Diagnostics diags;
  const auto back = parse_profile({profile_toml(p, host().parameter_names()), "firm.toml"}, diags,
                                  host().parameter_names());
  ASSERT_TRUE(back) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(back->effort.at("planning_base").scale, 1.5);
  EXPECT_EQ(back->effort.at("reporting").calibrated_from, 40u);
  EXPECT_EQ(back->capacity.at("manager"), 80);

  const auto loaded = hr_saas();
  ASSERT_TRUE(loaded.model);
  EstimateRequest plain{*loaded.model, CriteriaCatalog::builtin(), {}};
  plain.simulate = false;
  EstimateRequest with{*loaded.model, CriteriaCatalog::builtin(), {{"profile", file}}};
  with.simulate = false;
  apply_profile(host(), with);
  const auto a = run_estimate(host(), plain);
  const auto b = run_estimate(host(), with);
  const auto* base_a = a.estimate.find("effort.planning.base");
  const auto* base_b = b.estimate.find("effort.planning.base");
  ASSERT_TRUE(base_a && base_b);
  EXPECT_NEAR(base_b->value.likely, base_a->value.likely * 1.5, 1e-9);
  EXPECT_NE(base_b->rule.find("(calibrated from 40 engagements)"), std::string::npos)
      << base_b->rule;
  EXPECT_EQ(base_a->rule.find("calibrated"), std::string::npos) << base_a->rule;
  // A parameter the profile leaves alone keeps its value and says nothing of calibration.
  const auto* walk_b = b.estimate.find("effort.documentation.walkthroughs");
  ASSERT_TRUE(walk_b);
  EXPECT_EQ(walk_b->rule.find("calibrated"), std::string::npos);
}

TEST(Calibration, TrialsScaleTheParametersInMemoryAndWriteNoFile) {
  // Each trial's scales reach the effort plugin through the estimate request (Context::parameters),
  // not through a temporary profile per trial: with no temporary folder at all (TMPDIR names a
  // file), the calibration runs as before.
  Scratch scratch("calibration-in-memory");
  const auto syn = synthetic_history(scratch, 12, 20261207);
  const fs::path tmp = scratch.write("not-a-folder", "");
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  Diagnostics diags;
  const auto report = calibrate(host(), CriteriaCatalog::builtin(), syn.history, {}, diags);
  if (before)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  ASSERT_TRUE(report) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(report->rows_used, 12u);
  // A request's own scales are the ones applied (a profile file among its data is not read).
  const auto loaded = hr_saas();
  ASSERT_TRUE(loaded.model);
  EstimateRequest plain{*loaded.model, CriteriaCatalog::builtin(), {}};
  plain.simulate = false;
  EstimateRequest scaled{*loaded.model,
                         CriteriaCatalog::builtin(),
                         {{"profile", scratch.dir / "no-such-profile.toml"}}};
  scaled.simulate = false;
  scaled.parameters = std::map<std::string, ParameterScale>{{"planning_base", {2.0, 0}}};
  apply_profile(host(), scaled);
  const auto a = run_estimate(host(), plain);
  const auto b = run_estimate(host(), scaled);
  ASSERT_TRUE(b.configured) << (b.diagnostics.empty() ? "" : b.diagnostics.items()[0].message);
  EXPECT_NEAR(b.estimate.find("effort.planning.base")->value.likely,
              2.0 * a.estimate.find("effort.planning.base")->value.likely, 1e-9);
}

TEST(Calibration, AProfileWithAnUnknownParameterIsLocated) {
  Diagnostics diags;
  const auto p = parse_profile({"schema = \"attestplan-profile/1\"\n[effort]\nplaning_base = { "
                                "scale = 1.1, calibrated_from = 3 }\n",
                                "firm.toml"},
                               diags, host().parameter_names());
  EXPECT_FALSE(p);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].location.to_string(), "firm.toml:3:1");
  EXPECT_NE(diags.items()[0].message.find("planing_base"), std::string::npos);
}

TEST(Calibration, AProfileThatDoesNotReadLeadsTheEstimatesDiagnosticsAndStopsIt) {
  // The firm layer reads the profile (apply_profile); the engine applies the scales it is given and
  // stops on the problems found in reading them, as it did when it read the profile itself.
  Scratch scratch("calibration-bad-profile");
  const auto file = scratch.write("firm.toml",
                                  "schema = \"attestplan-profile/1\"\n[effort]\nplaning_base = { "
                                  "scale = 1.1, calibrated_from = 3 }\n");
  const auto loaded = hr_saas();
  ASSERT_TRUE(loaded.model);
  EstimateRequest req{*loaded.model, CriteriaCatalog::builtin(), {{"profile", file}}};
  req.simulate = false;
  apply_profile(host(), req);
  EXPECT_FALSE(req.parameters);
  const auto r = run_estimate(host(), req);
  EXPECT_FALSE(r.configured);
  ASSERT_TRUE(r.diagnostics.has_errors());
  EXPECT_NE(r.diagnostics.items()[0].message.find("planing_base"), std::string::npos);
  // Without the firm layer's reading, the engine takes no profile from the data overrides.
  EstimateRequest unread{*loaded.model, CriteriaCatalog::builtin(), {{"profile", file}}};
  unread.simulate = false;
  EXPECT_TRUE(run_estimate(host(), unread).configured);
}

}  // namespace

TEST(Calibration, ARealisticBiasedHistoryFallsBackToCoarserScalesAndMovesTheEstimate) {
  // Twelve engagements of varied shape, 10 % noise, running about 24 % over the defaults with the
  // testing stage most (x1.35, the rest x1.15): too few rows to tell single parameters apart, so
  // the fit falls back to a scale per stage (or one overall) and says so, instead of writing an
  // empty profile.
  Scratch scratch("calibration-realistic");
  FirmProfile truth;
  for (const auto& param : host().parameters())
    truth.effort[param.name] = {param.stage == "testing" ? 1.35 : 1.15, 1};
  const auto truth_file =
      scratch.write("truth.toml", profile_toml(truth, host().parameter_names()));
  std::mt19937_64 rng(20261206);
  std::normal_distribution<double> noise(0.0, 0.10);
  History history;
  history.source_name = "realistic.csv";
  std::uint32_t line = 2;
  double spent = 0, at_defaults = 0;
  const auto defaults_file =
      scratch.write("defaults.toml", profile_toml(FirmProfile{}, host().parameter_names()));
  for (const auto& s : synthetic_summaries(12, 99)) {
    HistoryRow row;
    row.line = line++;
    row.id = s.id;
    row.model = model_of(s);
    const auto h = hours_at(row.model, truth_file);
    const auto d = hours_at(row.model, defaults_file);
    for (std::size_t k = 0; k < 4; ++k) {
      row.hours[k] = h[k] * std::max(0.5, 1 + noise(rng));
      spent += row.hours[k];
      at_defaults += d[k];
    }
    history.rows.push_back(std::move(row));
  }
  history.rows_read = 12;
  ASSERT_GT(spent / at_defaults, 1.15) << "the history runs over the defaults";
  Diagnostics diags;
  const auto report = calibrate(host(), CriteriaCatalog::builtin(), history, {}, diags);
  ASSERT_TRUE(report) << (diags.empty() ? "" : diags.items()[0].message);
  std::size_t coarse = 0;
  for (const auto& p : report->parameters) {
    if (p.identifiable && p.level != FitLevel::Parameter) {
      ++coarse;
      EXPECT_FALSE(p.why.empty()) << p.name << ": says it was calibrated with others";
    }
    // "Calibrated from N" counts the rows that informed the parameter, never more than the history.
    EXPECT_LE(p.rows_using, 12u);
  }
  EXPECT_GT(coarse, 0u) << "the fit falls back to coarser scales";
  EXPECT_FALSE(profile_changes_nothing(*report)) << *profile_changes_nothing(*report);
  EXPECT_LT(std::abs(report->fitted.bias[4]), std::abs(report->defaults.bias[4]));
  EXPECT_LT(report->leave_one_out.mape[4], report->defaults.mape[4]);
  // The profile moves a new engagement's hours towards the history: up by more than 10 %.
  const auto profile = profile_of(*report);
  for (const auto& [name, fit] : profile.effort) {
    const auto it = std::find_if(report->parameters.begin(), report->parameters.end(),
                                 [&](const ParameterFit& p) { return p.name == name; });
    ASSERT_NE(it, report->parameters.end());
    EXPECT_EQ(fit.calibrated_from, it->rows_using) << name;
  }
  const auto profile_file =
      scratch.write("fitted.toml", profile_toml(profile, host().parameter_names()));
  EngagementSummary fresh;
  fresh.id = "fresh";
  fresh.employees = 150;
  fresh.systems = 12;
  fresh.categories = {Category::Security, Category::Availability};
  const auto m = model_of(fresh);
  const auto before = hours_at(m, defaults_file), after = hours_at(m, profile_file);
  double b = 0, a = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    b += before[k];
    a += after[k];
  }
  EXPECT_GT(a / b, 1.10);
}

TEST(Calibration, AProfileThatWouldChangeNothingSaysWhy) {
  CalibrationReport nothing;
  nothing.parameters.push_back({.name = "planning_base", .why = "no row's hours depend on it"});
  const auto none = profile_changes_nothing(nothing);
  ASSERT_TRUE(none);
  EXPECT_NE(none->find("identifies no effort parameter"), std::string::npos) << *none;
  CalibrationReport flat;
  flat.parameters.push_back({.name = "planning_base",
                             .identifiable = true,
                             .level = FitLevel::Parameter,
                             .scale = 1.004});
  const auto same = profile_changes_nothing(flat);
  ASSERT_TRUE(same);
  EXPECT_NE(same->find("within 1 %"), std::string::npos) << *same;
  flat.parameters.front().scale = 1.2;
  EXPECT_FALSE(profile_changes_nothing(flat));
}

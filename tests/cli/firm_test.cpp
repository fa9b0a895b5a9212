// calibrate, --profile and portfolio, run as a user would: outputs, files written, exit codes and
// located messages for bad input.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::testing::slurp;

using attestplan::testing::RunResult;

fs::path scratch_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-firm-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const auto p = scratch_dir() / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

RunResult run(const std::string& args) {
  return attestplan::testing::run_in_source(scratch_dir(), ATTESTPLAN_BIN, args);
}

/// A history of `n` summary rows whose hours grow with size, so that the fit has something to do.
std::string summary_history(int n) {
  std::string csv =
      "id,report,months,categories,employees,systems,vendors,vendor_method,year,"
      "planning_hours,documentation_hours,testing_hours,reporting_hours,fee\n";
  for (int i = 0; i < n; ++i) {
    const int employees = 20 + 37 * i, systems = 3 + i % 9;
    csv += "e" + std::to_string(i) + ",soc2-type2," + std::to_string(i % 2 ? 6 : 12) + "," +
           (i % 3 ? "security" : "security;availability") + "," + std::to_string(employees) + "," +
           std::to_string(systems) + "," + std::to_string(i % 3) + ",carve-out," +
           (i % 2 ? "first" : "recurring") + "," + std::to_string(30 + i) + "," +
           std::to_string(60 + 2 * i) + "," + std::to_string(150 + 5 * i) + "," +
           std::to_string(50 + i) + "," + std::to_string(40000 + 900 * i) + "\n";
  }
  return csv;
}

TEST(Calibrate, WritesAReportAndAProfileThatReadsBack) {
  const auto csv = write("hist/history.csv", summary_history(14));
  const auto profile = scratch_dir() / "hist" / "firm.toml";
  auto r = run("calibrate '" + csv.string() + "' --write-profile '" + profile.string() +
               "' --name 'Fjord Revision'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("14 engagements used of 14 rows (0 skipped)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("leave-one-out"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Fee billed against the fee estimated (14 rows with a fee)"),
            std::string::npos)
      << r.out;
  const auto text = slurp(profile);
  EXPECT_NE(text.find("schema = \"attestplan-profile/1\""), std::string::npos) << text;
  EXPECT_NE(text.find("name = \"Fjord Revision\""), std::string::npos) << text;
  // The profile is accepted by any estimate-based command.
  auto e =
      run("estimate builtin:examples/hr-saas.toml --profile '" + profile.string() + "' -f json");
  EXPECT_EQ(e.code, 0) << e.err;

  auto j = run("calibrate '" + csv.string() + "' -f json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["rows"]["used"], 14);
  EXPECT_EQ(doc["parameters"].size(), 25u);  // the [effort] ranges of models/sampling/default.toml
  EXPECT_TRUE(doc["error"]["leave_one_out"]["all"].contains("mape"));
}

TEST(Calibrate, ReadsAHistorySavedByExcelWithItsByteOrderMark) {
  // Excel's "CSV UTF-8" starts with a byte-order mark: the first column is still 'id', not
  // "\xEF\xBB\xBFid" (an unknown column, and no 'id').
  const auto csv = write("bom/history.csv", "\xEF\xBB\xBF" + summary_history(12));
  const auto r = run("calibrate '" + csv.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("12 engagements used of 12 rows (0 skipped)"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("is not one calibrate reads"), std::string::npos) << r.err;
}

TEST(Calibrate, BadRowsAreSkippedWithTheirLineAndTooFewRowsExitTwo) {
  std::string csv = summary_history(3);
  csv += "bad,soc2-type2,6,security,-4,3,0,carve-out,first,30,60,150,50,40000\n";
  const auto path = write("bad/history.csv", csv);
  auto r = run("calibrate '" + path.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("history.csv:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'employees' is -4, outside 1..1000000; row skipped"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("calibration needs at least 10 usable rows; 3 remain of 4 (1 skipped)"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());

  auto same = run("calibrate '" + path.string() + "' --write-profile '" + path.string() + "'");
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(
      same.err.find("error: --write-profile " + path.string() + ": would overwrite the input"),
      std::string::npos)
      << same.err;
  EXPECT_NE(slurp(path).find("bad,soc2-type2"), std::string::npos) << "the history is untouched";

  const auto missing =
      write("bad/missing.csv", "id,report,categories,employees,systems,year,planning_hours\n");
  auto m = run("calibrate '" + missing.string() + "'");
  EXPECT_EQ(m.code, 2);
  EXPECT_NE(m.err.find("missing.csv:1:1: error: the history has no column 'documentation_hours'"),
            std::string::npos)
      << m.err;
}

TEST(Calibrate, HoursByStaffLevelGiveTheHistorysMixBesideTheRateCards) {
  // The summary history with hours by level: partner 10 %, senior 50 %, staff 40 %, and a level the
  // rate card does not staff.
  std::string csv;
  std::string lines = summary_history(12);
  std::size_t start = 0;
  for (int k = 0; start < lines.size(); ++k) {
    const auto end = lines.find('\n', start);
    std::string line = lines.substr(start, end - start);
    start = end + 1;
    line += k == 0 ? ",hours_partner,hours_senior,hours_staff,hours_wizard" : ",10,50,40,0";
    csv += line + "\n";
  }
  const auto path = write("levels/history.csv", csv);
  auto r = run("calibrate '" + path.string() + "' -f json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("staff level 'wizard', which the rate card does not staff"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("not one calibrate reads"), std::string::npos) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc.contains("staffing")) << r.out;
  EXPECT_EQ(doc["staffing"]["rows"], 12);
  double history = 0, card = 0;
  for (const auto& l : doc["staffing"]["levels"]) {
    history += l["history"].get<double>();
    card += l["card"].get<double>();
    if (l["level"] == "senior") {
      EXPECT_NEAR(l["history"].get<double>(), 0.5, 1e-9);
    }
  }
  EXPECT_NEAR(history, 1.0, 1e-9);
  EXPECT_NEAR(card, 1.0, 1e-9);
  auto t = run("calibrate '" + path.string() + "'");
  EXPECT_NE(t.out.find("Staffing mix, share of the auditor's hours (12 rows with hours by level"),
            std::string::npos)
      << t.out;
}

TEST(Calibrate, TheReadmeExampleFindsTheFirmsEffortAndPricesItsPortfolio) {
  // README "Price like a firm", as written (the profile in the scratch folder).
  const auto profile = scratch_dir() / "readme" / "firm.toml";
  fs::create_directories(profile.parent_path());
  auto c = run("calibrate docs/examples/firm-history.csv --write-profile '" + profile.string() +
               "' -f json");
  ASSERT_EQ(c.code, 0) << c.err;
  const auto doc = nlohmann::json::parse(c.out);
  EXPECT_EQ(doc["rows"]["used"], 30);
  EXPECT_LT(doc["error"]["leave_one_out"]["all"]["mape"].get<double>(),
            doc["error"]["defaults"]["all"]["mape"].get<double>());
  // docs/examples/truth-profile.toml made the history: the identified scales come back near it.
  const std::map<std::string, double> truth = {{"planning_base", 1.2},
                                               {"first_year_factor", 1.3},
                                               {"recurring_share", 1.4},
                                               {"type1_test_per_control", 0.8},
                                               {"test_per_automated_configuration", 1.3}};
  std::size_t identified = 0;
  for (const auto& p : doc["parameters"]) {
    // A scale for a stage's parameters together stands for their mix, not one parameter's truth.
    if (!p["identifiable"].get<bool>() || p["level"] != "parameter") continue;
    ++identified;
    const auto it = truth.find(p["name"].get<std::string>());
    const double expected = it == truth.end() ? 1.0 : it->second;
    EXPECT_NEAR(p["scale"].get<double>(), expected, 0.15 * expected) << p["name"];
  }
  EXPECT_GE(identified, 3u);
  auto e =
      run("estimate builtin:examples/hr-saas.toml --explain --profile '" + profile.string() + "'");
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_NE(e.out.find("(calibrated from 30 engagements)"), std::string::npos);
  const auto svg = profile.parent_path() / "load.svg";
  auto p = run("portfolio models/examples --profile '" + profile.string() + "' --heatmap '" +
               svg.string() + "'");
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("Portfolio: 5 engagement(s)"), std::string::npos) << p.out;
  EXPECT_EQ(slurp(svg).rfind("<svg", 0), 0u);
}

TEST(Profile, ScalesTheEffortAndTheLedgerSaysCalibratedFrom) {
  const auto profile = write("profile/firm.toml",
                             "schema = \"attestplan-profile/1\"\n[effort]\n"
                             "planning_base = { scale = 2.0, calibrated_from = 31 }\n");
  auto plain = run("estimate builtin:examples/hr-saas.toml -f json");
  auto with =
      run("estimate builtin:examples/hr-saas.toml -f json --profile '" + profile.string() + "'");
  ASSERT_EQ(plain.code, 0) << plain.err;
  ASSERT_EQ(with.code, 0) << with.err;
  auto line = [](const nlohmann::json& doc, const std::string& id) {
    for (const auto& l : doc["ledger"]) {
      if (l["id"] == id) return l;
    }
    return nlohmann::json{};
  };
  const auto a = line(nlohmann::json::parse(plain.out), "effort.planning.base");
  const auto b = line(nlohmann::json::parse(with.out), "effort.planning.base");
  ASSERT_FALSE(a.is_null());
  ASSERT_FALSE(b.is_null());
  EXPECT_NEAR(b["value"]["likely"].get<double>(), 2 * a["value"]["likely"].get<double>(), 1e-6);
  EXPECT_NE(b["rule"].get<std::string>().find("(calibrated from 31 engagements)"),
            std::string::npos)
      << b["rule"];

  const auto bad = write("profile/bad.toml",
                         "schema = \"attestplan-profile/1\"\n[effort]\nplanning_base = { scale = "
                         "-1, calibrated_from = 3 }\n");
  auto r = run("estimate builtin:examples/hr-saas.toml --profile '" + bad.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.toml:3:"), std::string::npos) << r.err;
}

/// The staff load of a portfolio as week → total hours.
std::map<std::string, double> weekly_totals(const nlohmann::json& doc) {
  std::map<std::string, double> out;
  for (const auto& w : doc["staff_load"]["weeks"]) {
    double total = 0;
    for (const auto& [level, h] : w["hours"].items()) total += h.get<double>();
    out[w["week"]] = total;
  }
  return out;
}

TEST(Portfolio, TwoEngagementsWhoseFieldworkOverlapsAddUpInTheStaffLoad) {
  const auto model = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  write("one/a.toml", model);
  write("two/a.toml", model);
  write("two/b.toml", model);
  auto one = run("portfolio '" + (scratch_dir() / "one").string() + "' -f json");
  auto two = run("portfolio '" + (scratch_dir() / "two").string() + "' -f json");
  ASSERT_EQ(one.code, 0) << one.err;
  ASSERT_EQ(two.code, 0) << two.err;
  const auto single = weekly_totals(nlohmann::json::parse(one.out));
  const auto both = weekly_totals(nlohmann::json::parse(two.out));
  ASSERT_FALSE(single.empty());
  ASSERT_EQ(single.size(), both.size());
  std::size_t loaded = 0;
  for (const auto& [week, hours] : single) {
    EXPECT_NEAR(both.at(week), 2 * hours, 1e-6) << week;
    if (hours > 0) ++loaded;
  }
  EXPECT_GE(loaded, 4u);
  const auto doc = nlohmann::json::parse(two.out);
  ASSERT_EQ(doc["engagements"].size(), 2u);
  const auto& e = doc["engagements"][0];
  EXPECT_TRUE(e["priced"].get<bool>());
  EXPECT_LE(e["hours"]["p10"].get<double>(), e["hours"]["p50"].get<double>());
  EXPECT_LE(e["hours"]["p50"].get<double>(), e["hours"]["p90"].get<double>());
  EXPECT_LE(e["fee"]["p10"].get<double>(), e["fee"]["p90"].get<double>());
  EXPECT_TRUE(e["report_in_hand_p50"].is_string());
  // hr-saas has a renewal: its risk is the share of runs that miss the date needed.
  EXPECT_GE(e["risk_of_missing_renewal"].get<double>(), 0.0);
  EXPECT_LE(e["risk_of_missing_renewal"].get<double>(), 1.0);
}

TEST(Portfolio, WhatLooksLikeAModelButIsNotReadIsSaid) {
  // A dangling link, a FIFO and a model named in capitals: each left out with a warning, never
  // silently (the FIFO is not opened, so nothing waits on it).
  const auto model = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  write("odd/a.toml", model);
  write("odd/B.TOML", model);
  const auto dir = scratch_dir() / "odd";
  fs::create_symlink(dir / "gone.toml", dir / "link.toml");
  ASSERT_EQ(::mkfifo((dir / "pipe.toml").c_str(), 0600), 0);
  const auto r = run("portfolio '" + dir.string() + "' -f json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("left out of the portfolio: B.TOML (its extension is not lower-case .toml)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("left out of the portfolio: link.toml (a link to nothing that can be read)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("left out of the portfolio: pipe.toml (not a regular file)"),
            std::string::npos)
      << r.err;
}

TEST(Portfolio, WeeksOverTheProfilesCapacityAreFlaggedInTheTableAndTheHeatMap) {
  const auto model = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  write("cap/models/a.toml", model);
  write("cap/models/b.toml", model);
  const auto list =
      write("cap/list.txt", "# the firm's engagements\nmodels/a.toml\n\nmodels/b.toml\n");
  auto json = run("portfolio '" + list.string() + "' -f json");
  ASSERT_EQ(json.code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  const auto levels = doc["staff_load"]["levels"];
  ASSERT_FALSE(levels.empty());
  const std::string level = levels[0];
  const auto profile =
      write("cap/firm.toml", "schema = \"attestplan-profile/1\"\n[capacity]\n" + level + " = 1\n");
  const auto svg = scratch_dir() / "cap" / "load.svg";
  auto r = run("portfolio '" + list.string() + "' --profile '" + profile.string() +
               "' --heatmap '" + svg.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("week(s) over capacity, marked !"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" !"), std::string::npos) << r.out;
  const auto picture = slurp(svg);
  EXPECT_EQ(picture.rfind("<svg", 0), 0u);
  EXPECT_NE(picture.find("class=\"over\""), std::string::npos);
  auto csv = run("portfolio '" + list.string() + "' -f csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("file,engagement,report,hours_p10", 0), 0u) << csv.out;
}

TEST(Portfolio, AModelThatFailsIsLocatedTheOthersArePricedAndTheExitIsTwo) {
  const auto model = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  write("broken/a.toml", model);
  write("broken/b.toml", "schema = \"attestplan/1\"\n[organization]\nemployes = 4\n");
  auto r = run("portfolio '" + (scratch_dir() / "broken").string() + "' -f json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("b.toml:3:1"), std::string::npos) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["engagements"][0]["priced"].get<bool>());
  EXPECT_FALSE(doc["engagements"][1]["priced"].get<bool>());
  const auto list = write("broken/list.txt", "a.toml\nmissing.toml\n");
  auto l = run("portfolio '" + list.string() + "'");
  EXPECT_EQ(l.code, 2);
  EXPECT_NE(l.err.find("list.txt:2:1: error: no model file 'missing.toml'"), std::string::npos)
      << l.err;
}

}  // namespace

TEST(Portfolio, AnInterimVisitLoadsItsWeekInsideTheWindow) {
  // hr-saas: a 6-month window with one interim visit; the staff load has hours in that visit's
  // week, inside the window, where before every Type 2 hour fell after the window ended.
  write("interim/a.toml", slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml"));
  auto r = run("portfolio '" + (scratch_dir() / "interim").string() + "' -f json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto load = weekly_totals(nlohmann::json::parse(r.out));
  auto plan = run("plan -f json builtin:examples/hr-saas.toml");
  ASSERT_EQ(plan.code, 0) << plan.err;
  std::string visit_start, window_end;
  const auto doc = nlohmann::json::parse(plan.out);
  for (const auto& p : doc["timing"]["phases"]) {
    if (p["id"] == "interim-1") visit_start = p["start"];
    if (p["id"] == "window") window_end = p["end"];
  }
  ASSERT_FALSE(visit_start.empty());
  ASSERT_LT(visit_start, window_end);
  // Weeks are named by their Monday: from the week holding the visit's first day to the window's
  // end.
  std::string first_week;
  for (const auto& [week, hours] : load) {
    if (week <= visit_start) first_week = week;
  }
  double inside = 0;
  for (const auto& [week, hours] : load) {
    if (week >= first_week && week <= window_end) inside += hours;
  }
  EXPECT_GT(inside, 20.0) << "hours of the interim visit, inside the window";
}

TEST(Calibrate, AProfileThatWouldChangeNothingIsRefusedWithTheReason) {
  // Ten engagements whose hours are exactly what the defaults estimate: nothing to learn, so no
  // profile is written (a firm would otherwise believe it priced with its own history).
  std::string csv = "id,model,planning_hours,documentation_hours,testing_hours,reporting_hours\n";
  const auto base = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  for (int i = 0; i < 10; ++i) {
    auto text = base;
    text.replace(text.find("employees = 85"), 14, "employees = " + std::to_string(40 + 60 * i));
    const auto model = write("flat/e" + std::to_string(i) + ".toml", text);
    auto e = run("estimate -f json '" + model.string() + "'");
    ASSERT_TRUE(e.code == 0 || e.code == 1) << e.err;
    const auto j = nlohmann::json::parse(e.out);
    csv += "e" + std::to_string(i) + ",e" + std::to_string(i) + ".toml";
    for (const char* stage : {"planning", "documentation", "testing", "reporting"}) {
      csv +=
          "," +
          std::to_string(
              j["summary"][std::string{"auditor_hours_"} + stage]["value"]["likely"].get<double>());
    }
    csv += "\n";
  }
  const auto history = write("flat/history.csv", csv);
  const auto profile = scratch_dir() / "flat" / "profile.toml";
  auto r = run("calibrate '" + history.string() + "' --write-profile '" + profile.string() + "'");
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_FALSE(fs::exists(profile));
  EXPECT_NE(r.err.find("no profile written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the history agrees with the defaults"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Effort parameters"), std::string::npos)
      << "the report still says what it found";
}

TEST(Portfolio, NoOutputOverwritesAModelItReadsOrTheOtherOutput) {
  const auto model = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  const auto a = write("own/a.toml", model);
  const auto dir = (scratch_dir() / "own").string();
  auto r = run("portfolio '" + dir + "' -o '" + a.string() + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("would overwrite the input"), std::string::npos) << r.err;
  r = run("portfolio '" + dir + "' --heatmap '" + a.string() + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(slurp(a), model);
  const auto same = (scratch_dir() / "same.out").string();
  r = run("portfolio '" + dir + "' -o '" + same + "' --heatmap '" + same + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_FALSE(fs::exists(same));
}

TEST(Calibrate, NoOutputOverwritesAModelARowNamesOrTheOtherOutput) {
  std::string csv = "id,model,planning_hours,documentation_hours,testing_hours,reporting_hours\n";
  const auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  for (int i = 0; i < 10; ++i) {
    write("rows/m" + std::to_string(i) + ".toml", text);
    csv += "r" + std::to_string(i) + ",m" + std::to_string(i) + ".toml,40,80,160,40\n";
  }
  const auto history = write("rows/history.csv", csv);
  const auto victim = scratch_dir() / "rows" / "m3.toml";
  auto r = run("calibrate '" + history.string() + "' --write-profile '" + victim.string() + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("would overwrite the input"), std::string::npos) << r.err;
  r = run("calibrate '" + history.string() + "' -o '" + victim.string() + "'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(slurp(victim), text);
  const auto same = (scratch_dir() / "rows" / "same.out").string();
  r = run("calibrate '" + history.string() + "' -o '" + same + "' --write-profile '" + same + "'");
  EXPECT_EQ(r.code, 2) << r.err;
}

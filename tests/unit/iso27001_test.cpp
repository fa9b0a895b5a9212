// ISO/IEC 27001 certification: the audit time (plugins/iso-audit-time,
// models/iso27001/audit-time.toml) with the table as certification bodies publish it and the
// cycle's shares and the square-root rule as rules; the calendar (plugins/certification-timing,
// models/iso27001/cycle.toml); both serving a certification report end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "attestplan/descriptor.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"
#include "certification-timing/cycle.hpp"
#include "isms-scope/annex_a.hpp"
#include "iso-audit-time/audit_time.hpp"
#include "objectives-scope/library.hpp"

namespace attestplan {
namespace {

using iso_audit_time::AuditTime;

AuditTime builtin_table() {
  Diagnostics diags;
  const auto file = load_data_file(std::nullopt, iso_audit_time::kBuiltinAuditTime, diags);
  EXPECT_TRUE(file);
  auto t = iso_audit_time::parse_audit_time(*file, diags);
  EXPECT_TRUE(t) << (diags.empty() ? "" : diags.items()[0].message);
  return t ? *t : AuditTime{};
}

TEST(IsoAuditTime, TheTableGivesTheInitialAuditDaysCertificationBodiesPublish) {
  // Initial audit (Stage 1 + Stage 2) days by persons doing work under the organization's control,
  // as OCG (Österreichische Computer Gesellschaft, an accredited certification body) publishes
  // ISO/IEC 27006's table on ocgcert.com ("Kosten": 1-10 5 ... 876-1,175 18.5), and DigiTrust B.V.
  // (digitrust.nl) the 11-15 and 16-25 rows into which the 2015 edition split OCG's 11-25 (7).
  const auto t = builtin_table();
  const std::vector<std::pair<long, double>> published{
      {1, 5},      {10, 5},     {11, 6},     {15, 6},     {16, 7},     {25, 7},   {26, 8.5},
      {45, 8.5},   {46, 10},    {65, 10},    {66, 11},    {85, 11},    {86, 12},  {125, 12},
      {126, 13},   {175, 13},   {176, 14},   {275, 14},   {276, 15},   {425, 15}, {426, 16.5},
      {625, 16.5}, {626, 17.5}, {875, 17.5}, {876, 18.5}, {1175, 18.5}};
  for (const auto& [persons, days] : published) {
    bool beyond = true;
    const auto& row = iso_audit_time::row_for(t, persons, &beyond);
    EXPECT_EQ(row.days, days) << persons << " persons";
    EXPECT_TRUE(row.checked) << persons;
    EXPECT_FALSE(beyond);
  }
  // Above 1,175 persons the rows are as reproduced, and marked so; past the last, a floor.
  EXPECT_FALSE(iso_audit_time::row_for(t, 1176).checked);
  bool beyond = false;
  EXPECT_EQ(iso_audit_time::row_for(t, 20'000, &beyond).days, 28);
  EXPECT_TRUE(beyond);
  EXPECT_EQ(iso_audit_time::min_persons(t, iso_audit_time::row_for(t, 100)), 86);
}

TEST(IsoAuditTime, SurveillanceIsAThirdAndRecertificationTwoThirdsOfTheInitialAudit) {
  const auto t = builtin_table();
  EXPECT_NEAR(t.surveillance_share, 1.0 / 3, 1e-3);
  EXPECT_NEAR(t.recertification_share, 2.0 / 3, 1e-3);
  EXPECT_EQ(t.hours_per_day, 8);
  // Audit time is stated to the nearest half day (IAF MD 5 2.2.3: 5.3 is 5.5, 5.2 is 5).
  EXPECT_EQ(iso_audit_time::round_days(5.3, 0.5), 5.5);
  EXPECT_EQ(iso_audit_time::round_days(5.2, 0.5), 5);
  EXPECT_EQ(iso_audit_time::round_days(5.25, 0.5), 5.5);
  // The off-site shares (planning, reporting) stay within IAF MD 5's fifth of the audit time.
  EXPECT_LE(t.planning + t.reporting, 0.2 + 1e-9);
  EXPECT_NEAR(t.planning + t.stage1 + t.stage2 + t.reporting, 1, 1e-9);
}

TEST(IsoAuditTime, IdenticalSimpleWorkCountsAsTheSquareRootOfItsGroup) {
  // ISO/IEC 27006-1:2024 C.3.4 (EA FAQ 48.6): each group's head count's square root, rounded up.
  EXPECT_EQ(iso_audit_time::effective_persons(147, {49, 49, 49}), 21);
  EXPECT_EQ(iso_audit_time::effective_persons(100, {64}), 36 + 8);
  EXPECT_EQ(iso_audit_time::effective_persons(100, {50}), 50 + 8);  // √50 = 7.07, rounded up
  EXPECT_EQ(iso_audit_time::effective_persons(85, {}), 85);
  EXPECT_FALSE(iso_audit_time::effective_persons(10, {11}));
}

/// The built-in plugins, with a toy certification scheme among the frameworks in use.
struct CertificationScheme {
  CertificationScheme() {
    Diagnostics diags;
    auto file = *load_data_file(std::nullopt, "frameworks/frameworks.toml", diags);
    file.text += "\n" + read_text_file(std::string{ATTESTPLAN_SOURCE_DIR} +
                                           "/tests/fixtures/frameworks/toy-certification.toml",
                                       diags)
                            ->text;
    auto lib = FrameworkLibrary::parse(file, diags);
    EXPECT_TRUE(lib);
    FrameworkLibrary::use(std::move(*lib));
  }
  ~CertificationScheme() { FrameworkLibrary::use(std::nullopt); }
  CertificationScheme(const CertificationScheme&) = delete;
  CertificationScheme& operator=(const CertificationScheme&) = delete;
};

const PluginHost& builtin_host() {
  static const PluginHost host([] {
    PluginSearch s;
    s.use_environment = false;
    return s;
  }());
  return host;
}

/// The HR SaaS example (85 employees) as the toy scheme's certification, with `options` under
/// [plugins.iso-audit-time].
EstimateResult certification(const std::string& options = "", Diagnostics* problems = nullptr,
                             Model* model = nullptr, const std::string& example = "hr-saas",
                             const std::string& more = "") {
  Diagnostics diags;
  auto text =
      read_text_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/" + example + ".toml",
                     diags)
          ->text;
  const auto at = text.find("\nreport = \"");
  text.replace(at + 1, text.find('\n', at + 1) - at - 1, "report = \"toycert-certification\"");
  if (!options.empty()) text += "\n[plugins.iso-audit-time]\n" + options + "\n";
  if (!more.empty()) text += "\n" + more + "\n";
  auto loaded = load_model_text(text, "hr-saas.toml", CriteriaCatalog::builtin());
  EXPECT_TRUE(loaded.model) << (loaded.diagnostics.empty() ? ""
                                                           : loaded.diagnostics.items()[0].message);
  EstimateRequest req{*loaded.model, CriteriaCatalog::builtin(), {}};
  auto r = run_estimate(builtin_host(), req);
  if (problems) *problems = r.diagnostics;
  if (model) *model = *loaded.model;
  return r;
}

const LedgerLine& line(const EstimateResult& r, const std::string& id) {
  const auto* l = r.estimate.find(id);
  EXPECT_NE(l, nullptr) << id;
  static const LedgerLine none;
  return l ? *l : none;
}

TEST(IsoAuditTime, ACertificationIsSizedByTheTableAndTheCycleFollowsIt) {
  const CertificationScheme scheme;
  const auto r = certification();
  const StageRun* effort = nullptr;
  for (const auto& s : r.estimate.stages) {
    if (s.stage == Stage::Effort) effort = &s;
  }
  ASSERT_NE(effort, nullptr);
  EXPECT_EQ(effort->plugin, "iso-audit-time");
  EXPECT_EQ(effort->status, StageStatus::Ok) << effort->message;
  // 85 persons: the 66-85 row, 11 days; the default complexity factor 0.9 / 1 / 1.2 gives 10 / 11
  // / 13 days (9.9 and 13.2 rounded to the half day).
  EXPECT_EQ(line(r, "iso-audit-time.table-days").value, Range::exactly(11));
  EXPECT_NE(line(r, "iso-audit-time.table-days").rule.find("66-85 persons, 11 days"),
            std::string::npos);
  const auto audit = line(r, "iso-audit-time.audit-days").value;
  EXPECT_EQ(audit, (Range{10, 11, 13}));
  // Eight hours a day over the audit stages: the auditor hours are the audit days'.
  EXPECT_DOUBLE_EQ(r.estimate.effort.auditor_hours.value.likely, 11 * 8);
  EXPECT_DOUBLE_EQ(r.estimate.effort.stage_hours[2].value.likely, 11 * 8 * 0.6);
  // The cycle, as rules: surveillance a third, recertification two thirds, to the half day.
  const auto surveillance = line(r, "iso-audit-time.surveillance-days").value;
  const auto recertification = line(r, "iso-audit-time.recertification-days").value;
  for (const auto& [initial, s, re] :
       {std::tuple{audit.low, surveillance.low, recertification.low},
        std::tuple{audit.likely, surveillance.likely, recertification.likely},
        std::tuple{audit.high, surveillance.high, recertification.high}}) {
    EXPECT_EQ(s, iso_audit_time::round_days(initial / 3, 0.5)) << initial;
    EXPECT_EQ(re, iso_audit_time::round_days(initial * 2 / 3, 0.5)) << initial;
  }
  EXPECT_DOUBLE_EQ(r.estimate.effort.next_auditor_hours.value.likely, surveillance.likely * 8);
  // Every hour is a certification body's auditor-day hour.
  for (const auto& l : r.estimate.lines) {
    if (l.kind == "auditor-hours") {
      EXPECT_EQ(l.level, "auditor") << l.id;
    }
  }
}

TEST(IsoAuditTime, ContractorsAndIdenticalWorkChangeThePersonsTheTableIsReadFor) {
  const CertificationScheme scheme;
  // 85 employees and 15 contractors: 100 persons, the 86-125 row (12 days).
  auto r = certification("contractors = 15");
  EXPECT_EQ(line(r, "iso-audit-time.persons").value, Range::exactly(100));
  EXPECT_EQ(line(r, "iso-audit-time.table-days").value, Range::exactly(12));
  // 64 of them in a support desk doing identical, simple work: 36 + 8 = 44, the 26-45 row.
  Model model;
  r = certification("contractors = 15\nidentical_activity_groups = [64]", nullptr, &model);
  EXPECT_EQ(line(r, "iso-audit-time.effective-persons").value, Range::exactly(44));
  EXPECT_EQ(line(r, "iso-audit-time.table-days").value, Range::exactly(8.5));
  // --explain states the half day, as the table does.
  const auto explained = render_estimate_markdown(model, r, true);
  EXPECT_NE(explained.find("| iso-audit-time.table-days | 8.5 | days |"), std::string::npos)
      << explained;
  // The body's own complexity factor, once it has reviewed the scope, replaces the default.
  r = certification("complexity = [1.5, 1.5, 1.5]");
  EXPECT_EQ(line(r, "iso-audit-time.audit-days").value, Range::exactly(16.5));
  // A factor beyond the table's extremes, or groups larger than the persons, are refused.
  Diagnostics problems;
  certification("complexity = [0.5, 1, 1]", &problems);
  ASSERT_TRUE(problems.has_errors());
  EXPECT_NE(problems.items()[0].message.find("lies between 0.7 and 2"), std::string::npos)
      << problems.items()[0].message;
  // Most of the persons under the square-root rule: said, as the body will question it.
  r = certification("contractors = 15\nidentical_activity_groups = [64]");
  bool questioned = false;
  for (const auto& f : r.estimate.findings) questioned |= f.code == "identical-groups-most-persons";
  EXPECT_TRUE(questioned);
  r = certification("identical_activity_groups = [90]");
  bool refused = false;
  for (const auto& f : r.estimate.findings) refused |= f.code == "identical-groups-exceed-persons";
  EXPECT_TRUE(refused);
}

const Milestone& milestone(const EstimateResult& r, const std::string& id) {
  const auto* m = r.estimate.timing.milestone(id);
  EXPECT_NE(m, nullptr) << id;
  static const Milestone none;
  return m ? *m : none;
}

TEST(CertificationTiming, TheCertificateFollowsStage2AndTheCycleFollowsTheDecision) {
  const CertificationScheme scheme;
  const auto r = certification();
  const StageRun* timing = nullptr;
  for (const auto& s : r.estimate.stages) {
    if (s.stage == Stage::Timing) timing = &s;
  }
  ASSERT_NE(timing, nullptr);
  EXPECT_EQ(timing->plugin, "certification-timing");
  EXPECT_EQ(timing->status, StageStatus::Ok) << timing->message;
  const auto& start = milestone(r, "start");
  const auto& ready = milestone(r, "ready");
  const auto& stage2 = milestone(r, "stage2-start");
  const auto& certificate = milestone(r, kReportInHand);
  EXPECT_EQ(start.likely, *Date::parse("2027-01-04"));  // the model's engagement.start
  EXPECT_LT(start.likely, ready.likely);
  EXPECT_LT(ready.likely, stage2.likely);
  EXPECT_LT(stage2.likely, certificate.likely);
  EXPECT_LE(certificate.low, certificate.likely);
  EXPECT_LE(certificate.likely, certificate.high);
  // Stage 2 on the calendar is the effort stage's Stage 2 hours at 40 a week.
  const auto* stage2_weeks = r.estimate.find("timing.stage2-audit");
  ASSERT_NE(stage2_weeks, nullptr);
  EXPECT_DOUBLE_EQ(stage2_weeks->value.likely, r.estimate.effort.stage_hours[2].value.likely / 40);
  // ISO/IEC 17021-1 9.1.3: surveillance within 12 months of the decision, then a year on; the
  // certificate valid three years; recertified before it expires.
  // The first is planned a month inside its limit, the second a year on.
  EXPECT_EQ(milestone(r, "surveillance-1-due").likely, certificate.likely.plus_months(12));
  EXPECT_EQ(milestone(r, "surveillance-1").likely, certificate.likely.plus_months(11));
  EXPECT_EQ(milestone(r, "surveillance-2").likely, certificate.likely.plus_months(23));

  EXPECT_EQ(milestone(r, "certificate-expiry").likely,
            certificate.likely.plus_months(36).plus_days(-1));
  EXPECT_LT(milestone(r, "recertification").likely, milestone(r, "certificate-expiry").likely);
  // The visits: Stage 1, then Stage 2 last; each renewal judged on the certificate.
  ASSERT_EQ(r.estimate.timing.fieldwork.size(), 2u);
  EXPECT_EQ(r.estimate.timing.fieldwork.back().id, "final");
  ASSERT_EQ(r.estimate.timing.renewals.size(), 1u);
  const auto& renewal = r.estimate.timing.renewals[0];
  EXPECT_EQ(renewal.renewal, *Date::parse("2027-11-30"));
  EXPECT_EQ(renewal.needed_by, renewal.renewal.plus_days(-14));
  EXPECT_EQ(renewal.slack_days, certificate.likely.days_until(renewal.needed_by));
}

TEST(CertificationTiming, TheFirstSurveillanceIsPlannedInsideItsLimit) {
  Diagnostics diags;
  auto file = *load_data_file(std::nullopt, certification_timing::kBuiltinCycle, diags);
  const auto builtin = certification_timing::parse_cycle(file, diags);
  ASSERT_TRUE(builtin) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_LE(builtin->planned_surveillance_months, builtin->first_surveillance_months);
  EXPECT_EQ(builtin->first_surveillance_months, 12);  // ISO/IEC 17021-1 9.1.3
  EXPECT_EQ(builtin->certificate_years, 3);
  const auto at = file.text.find("planned_surveillance_months = 11");
  ASSERT_NE(at, std::string::npos);
  file.text.replace(at, 32, "planned_surveillance_months = 13");
  Diagnostics refused;
  EXPECT_FALSE(certification_timing::parse_cycle(file, refused));
  ASSERT_TRUE(refused.has_errors());
  EXPECT_NE(refused.items()[0].message.find("must not be after first_surveillance_months"),
            std::string::npos);
}

TEST(IsoAuditTime, AScopeOfSeveralSitesSaysItsTimeIsOneSites) {
  const CertificationScheme scheme;
  const auto has = [](const EstimateResult& r) {
    return std::any_of(r.estimate.findings.begin(), r.estimate.findings.end(),
                       [](const Finding& f) { return f.code == "multi-site-not-sampled"; });
  };
  EXPECT_FALSE(has(certification()));                                         // one office
  EXPECT_TRUE(has(certification("", nullptr, nullptr, "payments-fintech")));  // two sites
}

TEST(IsmsScope, TheBuiltinLibraryHoldsThe93ControlsOfThe2022Edition) {
  Diagnostics diags;
  const auto file = load_data_file(std::nullopt, isms_scope::kBuiltinAnnexA, diags);
  ASSERT_TRUE(file);
  const auto a = isms_scope::parse_annex_a(*file, diags);
  ASSERT_TRUE(a) << (diags.empty() ? "" : diags.items()[0].message);
  EXPECT_EQ(a->edition, "ISO/IEC 27001:2022");
  ASSERT_EQ(a->controls.size(), 93u);
  std::map<std::string, int> themes;  // 37 organizational, 8 people, 14 physical, 34 technological
  for (const auto& c : a->controls) themes[c.id.substr(0, 3)]++;
  EXPECT_EQ(themes,
            (std::map<std::string, int>{{"A.5", 37}, {"A.6", 8}, {"A.7", 14}, {"A.8", 34}}));
}

TEST(IsmsScope, TheStatementOfApplicabilityFollowsTheBoundary) {
  const CertificationScheme scheme;
  const auto excluded = [](const EstimateResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.estimate.findings) {
      if (f.code == "soa-excluded") out.push_back(f.message);
    }
    return out;
  };
  // HR SaaS: an office, software it builds, suppliers, personal data: all but outsourced
  // development apply.
  auto r = certification();
  const StageRun* scope = nullptr;
  for (const auto& s : r.estimate.stages) {
    if (s.stage == Stage::Scope) scope = &s;
  }
  ASSERT_NE(scope, nullptr);
  EXPECT_EQ(scope->plugin, "isms-scope");
  EXPECT_EQ(r.estimate.scope.controls.size(), 92u);
  ASSERT_EQ(excluded(r).size(), 1u);
  EXPECT_NE(excluded(r)[0].find("A.8.30 (1) excluded: no supplier develops software"),
            std::string::npos)
      << excluded(r)[0];
  EXPECT_EQ(line(r, "iso-audit-time.persons").value, Range::exactly(85));  // effort still runs
  // The option says a supplier develops for it: A.8.30 applies too.
  r = certification("", nullptr, nullptr, "hr-saas",
                    "[plugins.isms-scope]\noutsourced_development = true");
  EXPECT_EQ(r.estimate.scope.controls.size(), 93u);
  // The startup has no premises of its own: the physical controls of premises are excluded,
  // those of staff and their devices (clear desk, off-premises assets, media, disposal) are not.
  r = certification("", nullptr, nullptr, "startup-type1");
  const auto notes = excluded(r);
  const auto premises = std::find_if(notes.begin(), notes.end(), [](const std::string& m) {
    return m.find("no premises of the organization's own") != std::string::npos;
  });
  ASSERT_NE(premises, notes.end());
  EXPECT_NE(premises->find("A.7.1, A.7.2"), std::string::npos) << *premises;
  EXPECT_EQ(premises->find("A.7.7"), std::string::npos) << *premises;
  EXPECT_EQ(premises->find("A.7.9"), std::string::npos) << *premises;
}

TEST(CertificationCost, TheCertificationBodysAuditorDaysArePricedByTheCardsCertificationMix) {
  const CertificationScheme scheme;
  const auto r = certification();
  const auto& cost = r.estimate.cost;
  ASSERT_TRUE(cost.ran);
  // Every hour at the certification body's auditor level, at the card's rate (USD 185 an hour,
  // converted to the model's DKK at the card's 6.43).
  for (const auto& l : cost.levels) {
    if (l.level == "cb-auditor") {
      EXPECT_NEAR(l.hours.value.likely, r.estimate.effort.auditor_hours.value.likely, 1e-6);
    } else {
      EXPECT_EQ(l.hours.value.likely, 0) << l.level;
    }
  }
  EXPECT_NEAR(cost.fee.value.likely, r.estimate.effort.auditor_hours.value.likely * 185 * 6.43,
              1.0);
  // A card that prices no certification says so: the cost stage fails with the reason.
  Diagnostics diags;
  auto card = *load_data_file(std::nullopt, "rates/default.toml", diags);
  card.text = card.text.substr(0, card.text.find("[certification_mix.planning]")) +
              card.text.substr(card.text.find("# Exchange rates"));
  const auto dir = std::filesystem::temp_directory_path() / "attestplan-cb-card";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rates.toml") << card.text;
  Diagnostics read;
  auto text =
      read_text_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml", read)
          ->text;
  text.replace(text.find("report = \"soc2-type2\""), 21, "report = \"toycert-certification\"");
  auto loaded = load_model_text(text, "hr-saas.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(loaded.model);
  EstimateRequest req{*loaded.model, CriteriaCatalog::builtin(), {{"rates", dir / "rates.toml"}}};
  const auto without = run_estimate(builtin_host(), req);
  bool said = false;
  for (const auto& s : without.estimate.stages) {
    if (s.stage == Stage::Cost) {
      EXPECT_EQ(s.status, StageStatus::Failed);
      said = s.message.find("prices no certification") != std::string::npos;
    }
  }
  EXPECT_TRUE(said);
  std::filesystem::remove_all(dir);
}

TEST(CertificationCost, TheCycleFeeIsTheInitialAuditAndEachSurveillanceAudit) {
  const CertificationScheme scheme;
  const auto r = certification();
  const auto& effort = r.estimate.effort;
  const auto& cost = r.estimate.cost;
  ASSERT_TRUE(effort.cycle);
  ASSERT_TRUE(cost.cycle);
  EXPECT_EQ(effort.cycle->surveillance_audits, 2);
  // Each surveillance audit is priced: the next cycle's fee is its hours at the auditor's rate
  // (every hour at cb-auditor, USD 185, DKK 6.43 to the dollar), and year two holds it.
  ASSERT_GT(effort.next_auditor_hours.value.likely, 0);
  EXPECT_NEAR(cost.next_fee.value.likely, effort.next_auditor_hours.value.likely * 185 * 6.43, 1.0);
  for (const auto& part : cost.next_fee.parts) {
    EXPECT_NE(std::find(r.estimate.find(cost.year_two.line)->from.begin(),
                        r.estimate.find(cost.year_two.line)->from.end(), part),
              r.estimate.find(cost.year_two.line)->from.end())
        << part;
  }
  // The cycle: the initial audit's fee and two surveillance audits, explained by its line.
  EXPECT_NEAR(cost.cycle->cycle_fee.value.likely,
              cost.fee.value.likely + 2 * cost.next_fee.value.likely, 1.0);
  const auto& cycle_line = line(r, cost.cycle->cycle_fee.line);
  EXPECT_EQ(cycle_line.from.front(), cost.fee.line);
  ASSERT_TRUE(cost.cycle->cycle_fee.spread);
  // The recertification audit: two thirds of the initial audit's days, at the same rate.
  ASSERT_GT(effort.cycle->recertification_hours.value.likely, 0);
  EXPECT_NEAR(cost.cycle->recertification_fee.value.likely,
              effort.cycle->recertification_hours.value.likely * 185 * 6.43, 1.0);
  EXPECT_NEAR(effort.cycle->recertification_hours.value.likely,
              line(r, "iso-audit-time.recertification-days").value.likely * 8, 1e-9);
}

TEST(CertificationCost, AnAttestationHasNoCertificationCycle) {
  Diagnostics diags;
  auto text =
      read_text_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml", diags)
          ->text;
  auto loaded = load_model_text(text, "hr-saas.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(loaded.model);
  const auto r =
      run_estimate(builtin_host(), EstimateRequest{*loaded.model, CriteriaCatalog::builtin(), {}});
  EXPECT_FALSE(r.estimate.effort.cycle);
  EXPECT_FALSE(r.estimate.cost.cycle);
  EXPECT_EQ(r.estimate.find("cost.cycle.fee"), nullptr);
}

TEST(IsoAuditTime, AnAttestationIsNotSizedByTheTable) {
  Diagnostics diags;
  const auto text =
      read_text_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml", diags)
          ->text;
  auto loaded = load_model_text(text, "hr-saas.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(loaded.model);
  EstimateRequest req{*loaded.model, CriteriaCatalog::builtin(), {}};
  const auto r = run_estimate(builtin_host(), req);
  EXPECT_EQ(r.estimate.find("iso-audit-time.audit-days"), nullptr);
  for (const auto& s : r.estimate.stages) {
    EXPECT_NE(s.plugin, "iso-audit-time");
    EXPECT_NE(s.plugin, "certification-timing");
    EXPECT_NE(s.plugin, "isms-scope");
  }
}

TEST(Subjects, ADescriptorNamesTheSubjectsItServesAndAFrameworkItsOwn) {
  Diagnostics diags;
  const auto d = parse_descriptor("subjects = [\"control-objectives\"]\n", "mine", diags);
  ASSERT_TRUE(d) << (diags.empty() ? "" : diags.items().front().message);
  EXPECT_EQ(d->subjects, std::vector<std::string>{"control-objectives"});
  for (const char* bad : {"subjects = [\"Control Objectives\"]\n", "subjects = []\n"}) {
    Diagnostics refused;
    EXPECT_FALSE(parse_descriptor(bad, "mine", refused)) << bad;
    EXPECT_TRUE(refused.has_errors()) << bad;
  }
  // The built-in frameworks: SOC 2 and ISAE 3000 on the criteria, SOC 1 and ISAE 3402 on control
  // objectives, ISO/IEC 27001 a management system; the plugins that serve each scope follow.
  const auto& lib = FrameworkLibrary::builtin();
  EXPECT_EQ(lib.find("soc2")->subject, "trust-services-criteria");
  EXPECT_EQ(lib.find("soc1")->subject, "control-objectives");
  EXPECT_EQ(lib.find("isae3402")->subject, "control-objectives");
  EXPECT_EQ(lib.find("iso27001")->subject, "management-system");
  EXPECT_EQ(builtin_host().for_stage(Stage::Scope, ReportType::Type2, "control-objectives")->name,
            "objectives-scope");
  EXPECT_EQ(
      builtin_host().for_stage(Stage::Scope, ReportType::Type2, "trust-services-criteria")->name,
      "tsc-scope");
  // Effort, cost and timing name no subject: they serve both.
  EXPECT_EQ(builtin_host().for_stage(Stage::Effort, ReportType::Type2, "control-objectives")->name,
            "sampling-effort");
}

TEST(Subjects, TheBuiltinObjectivesLibraryReadsAndABrokenOneIsLocated) {
  Diagnostics diags;
  const auto file = load_data_file(std::nullopt, objectives_scope::kBuiltinObjectives, diags);
  ASSERT_TRUE(file);
  const auto lib = objectives_scope::parse_library(*file, diags);
  ASSERT_TRUE(lib) << (diags.empty() ? "" : diags.items().front().message);
  EXPECT_EQ(lib->sets(), (std::vector<std::string>{"itgc", "payroll", "payments"}));
  for (const auto& o : lib->objectives) {
    EXPECT_FALSE(o.controls.empty()) << o.id;
    EXPECT_FALSE(o.relevance.empty()) << o.id;
  }
  DataFile broken{
      "schema = \"attestplan-objectives/1\"\nname = \"x\"\nsource = \"y\"\n"
      "[[objective]]\nid = \"a\"\nset = \"s\"\ntitle = \"t\"\nrelevance = \"r\"\n"
      "[[objective.control]]\ntitle = \"c\"\narea = \"operations\"\n"
      "frequency = \"event-driven\"\n",
      "broken.toml"};
  Diagnostics located;
  EXPECT_FALSE(objectives_scope::parse_library(broken, located));
  ASSERT_TRUE(located.has_errors());
  EXPECT_NE(located.items().front().message.find("names the population"), std::string::npos);
  EXPECT_EQ(located.items().front().location.to_string().rfind("broken.toml:", 0), 0u)
      << located.items().front().location.to_string();
}

TEST(IsmsScope, ABrokenAnnexALibraryIsLocatedAtTheLine) {
  // Each control is read from the file's own array: a copy would lose every line number.
  DataFile broken{
      "schema = \"attestplan-annex-a/1\"\nedition = \"x\"\n[[control]]\nid = \"A.1\"\n"
      "name = \"n\"\narea = \"nowhere\"\napplies = \"always\"\n",
      "annex.toml"};
  Diagnostics diags;
  EXPECT_FALSE(isms_scope::parse_annex_a(broken, diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items().front().location.to_string().rfind("annex.toml:6:", 0), 0u)
      << diags.items().front().location.to_string();
}

}  // namespace
}  // namespace attestplan

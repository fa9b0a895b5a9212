// The estimate: each stage's typed result (scope → effort → cost → timing), which the next stages,
// the renderers and compare read, and the ledger of figures that explains them, each line naming
// the plugin, rule and inputs behind it. Part of the SDK.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attestplan/boundary_types.hpp"
#include "attestplan/date.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"
#include "attestplan/range.hpp"
#include "attestplan/view.hpp"

namespace attestplan {

/// The four pipeline stages, run in this order (DESIGN §5).
enum class Stage : std::uint32_t { Scope = 0, Effort = 1, Cost = 2, Timing = 3 };
inline constexpr Stage kStages[] = {Stage::Scope, Stage::Effort, Stage::Cost, Stage::Timing};
ATTESTPLAN_API const char* to_string(Stage s);

/// The VAT rule of the auditor's invoice, by where the auditor and the buyer are.
enum class VatCase {
  Unknown,        ///< a country, or its rate, is not known
  Domestic,       ///< both in one VAT country: VAT on the invoice
  ReverseCharge,  ///< a foreign auditor, a buyer in a VAT country: the buyer self-assesses the VAT
  OutsideScope,   ///< an auditor in a VAT country, a buyer outside any: an export, no VAT charged
  NoVat,          ///< neither the auditor's nor the buyer's country has VAT (the US)
};

/// The seed's four audit stages: the groups auditor hours roll up into. The titles here are
/// neutral; what a report calls them comes from its framework (frameworks.hpp:
/// FrameworkWords::stages).
struct AuditStage {
  const char* id;
  const char* title;
};
inline constexpr AuditStage kAuditStages[] = {
    {"planning", "Scope definition & planning"},
    {"documentation", "Control identification & documentation review"},
    {"testing", "Control testing & evidence collection"},
    {"reporting", "Evaluation of deviations & the opinion"}};

/// A scale on a parameter a plugin declares (its descriptor's [[parameter]]): the parameter's
/// [low, likely, high] times `scale`, as a firm profile (--profile) or a calibration's trial sets
/// it.
struct ParameterScale {
  double scale = 1;
  std::size_t calibrated_from = 0;  ///< how many engagements informed it (0: a trial's)
};

/// One named input of a rule, as text ("window_months" = "6").
using Input = std::pair<std::string, std::string>;

/// Units a ledger line can carry. Dates are stored as days since 1970-01-01.
namespace unit {
inline constexpr const char* kHours = "hours";
inline constexpr const char* kWeeks = "weeks";
inline constexpr const char* kCount = "count";
inline constexpr const char* kSamples = "samples";
inline constexpr const char* kFactor = "factor";
inline constexpr const char* kDate = "date";
}  // namespace unit

/// What a seeded simulation of the ledger says of a figure: its 10th, 50th and 90th percentiles
/// (dates as days since 1970-01-01).
struct Percentiles {
  double p10 = 0;
  double p50 = 0;
  double p90 = 0;
  friend bool operator==(const Percentiles&, const Percentiles&) = default;
};

/// How the simulation draws a ledger line. `Own`: its low / likely / high is a three-point estimate
/// of its own (a triangular distribution). `Sum` and `Product`: it is computed from the lines in
/// `from`, added or multiplied, times a factor the line's own three points imply (the share of a
/// staff level, hours per sample, a rate); a date line adds its `from` (durations in weeks or days)
/// and a fixed offset (a window's months).
enum class Combine { Own, Sum, Product };
ATTESTPLAN_API const char* to_string(Combine c);  ///< "own", "sum", "product"

/// An input that several ledger lines depend on (the population of changes, a staff level's rate,
/// the maturity of an area): the simulation draws it once per run, and every line naming it takes
/// the same percentile of its own range in that run.
struct Driver {
  std::string id;     ///< "population:changes", "rate:manager", "area:access"
  std::string label;  ///< for people: "the population of changes"
};

/// One figure in the estimate and everything needed to explain it.
struct LedgerLine {
  std::string id;      ///< unique, stable, chosen by its plugin (e.g. a control's testing hours)
  std::string plugin;  ///< filled in by the host: which plugin wrote it
  Stage stage = Stage::Scope;
  std::string kind;   ///< what it is: "auditor-hours", "client-hours", "fee", "population", ...
  std::string group;  ///< where it rolls up: an audit stage, a cost line, a milestone
  std::string label;  ///< for people: "CC6.2 quarterly access review: test 2 of 2"
  std::string rule;   ///< how it was computed, in words, with the source of any default
  std::vector<Input> inputs;
  Range value;
  std::string unit;   ///< one of unit::*, or a currency code for money
  std::string level;  ///< staff level, for hours split by level ("senior", "staff", ...)
  std::vector<std::string> from;   ///< ids of lines this one is computed from (totals, conversions)
  Combine combine = Combine::Own;  ///< how the simulation draws it
  std::vector<std::string> drivers;   ///< ids of the drivers it shares with other lines (Driver)
  std::optional<Percentiles> spread;  ///< filled by the simulation for computed lines and dates
};

/// A figure of a stage's result, and the ledger line that explains it. A total also lists the
/// lines it adds up (`parts`), which its own line names in `from`.
struct Figure {
  std::string label;  ///< for people, as its ledger line says it
  Range value;
  std::string line;  ///< the id of the ledger line that states it ("" when it has none)
  std::vector<std::string> parts;     ///< for a total: the ledger lines it adds up, in ledger order
  std::optional<Percentiles> spread;  ///< P10 / P50 / P90 from the simulation, once it has run

  /// Adds a ledger line to this total.
  void add(const LedgerLine& l) {
    value += l.value;
    parts.push_back(l.id);
  }
  /// Adds a figure that states its own line to this total.
  void add(const Figure& f) {
    value += f.value;
    parts.push_back(f.line);
  }
  /// The figure a ledger line states.
  static Figure of(const LedgerLine& l) { return {l.label, l.value, l.id, {}, {}}; }
};

/// A Trust Services category and why it is in (or suggested for) scope.
struct CategoryChoice {
  Category category = Category::Security;
  bool in_scope = false;
  bool suggested = false;
  std::vector<std::string> reasons;  ///< why it is suggested (commitments, data)
};

/// A control the auditor will test, as the scope stage selected it.
struct ScopedControl {
  std::string id;
  std::string title;
  std::string area;  ///< its control area (kControlAreas), whose maturity sizes its testing
  std::vector<std::string> criteria;  ///< the in-scope criteria it addresses
  Frequency frequency = Frequency::Annual;
  bool automated = false;
  std::string population;  ///< for event-driven controls: "hires", "leavers", "changes", ...
  /// The control runs per key system, or per group of systems sharing one process (change approval,
  /// access reviews, backups): each such group is a population of its own, sampled apart.
  bool per_system = false;
  std::string evidence;           ///< what the client provides
  std::string evidence_category;  ///< "access reviews", "change tickets", ...
  std::string owner;              ///< the role that owns it
  std::string
      performed_by;  ///< empty for the organization; a subservice id when tested inclusively
  std::string why;   ///< why it applies: "the boundary holds an office (copenhagen-office)"
};

/// Why a renewal's auditor has no prior-year file to roll forward for `c` (nullopt: it has one):
/// "of VENDOR" for an inclusive vendor's control (the model does not say it was tested last year),
/// "new in AREA" for a control of an area that did not operate over the last period. The effort
/// stage prices by it and the pricing memo counts by it.
ATTESTPLAN_API std::optional<std::string> without_prior_file(const Organization& org,
                                                             const ScopedControl& c);

/// What the scope stage decides; later stages read it.
/// Additional criteria a report covers beside its own (a SOC 2+: the HIPAA Security
/// Rule), each requirement tested with the controls of the criteria it maps to or with a control of
/// its own.
struct AdditionalCriteria {
  std::string id;                 ///< "hipaa-security"
  std::string name;               ///< "HIPAA Security Rule"
  std::string regulation;         ///< "45 CFR Part 164, Subpart C (...)"
  std::size_t requirements = 0;   ///< in scope
  std::size_t with_criteria = 0;  ///< tested with the controls of criteria in scope
  std::size_t own_controls = 0;   ///< brought a control of their own
  std::size_t addressable = 0;    ///< of those in scope, the addressable ones (HIPAA's word)
  std::vector<std::string> not_applicable;  ///< requirement ids left out, and why, in a sentence
};

struct ScopeResult {
  bool ran = false;
  std::vector<CategoryChoice> categories;
  std::vector<std::string> criteria;    ///< in-scope criterion ids, catalog order
  std::vector<std::string> carved_out;  ///< criteria carried by carve-out vendors
  std::vector<ScopedControl> controls;
  std::vector<std::string> gaps;   ///< in-scope criteria no control covers
  std::string signer;              ///< who may sign the report kind (reference §7)
  std::vector<std::string> cuecs;  ///< what customers must do: the boundary's and the scope's
  /// The control areas of the scope that do not operate yet, with their maturity: the gap list that
  /// drives readiness, remediation and so the Type 1 / Type 2 timing.
  std::vector<std::pair<std::string, Maturity>> areas_not_operating;
  Figure criteria_count;                       ///< how many criteria are in scope
  Figure control_count;                        ///< how many controls the auditor tests
  std::vector<AdditionalCriteria> additional;  ///< a SOC 2+'s additional criteria
};

/// What the effort stage works out for one control of the scope.
struct ControlEffort {
  std::string control;               ///< the ScopedControl's id
  std::optional<Figure> population;  ///< for controls that sample from a population
  /// The population listing its samples are selected from ("hires"; a provider's prefixed with its
  /// id, "vigil:security-events"): controls naming the same one share one listing. Empty when the
  /// control does not sample from a population.
  std::string listing;
  std::string listing_label;  ///< "new hires (replacing leavers)"
  Figure samples;
  Figure hours;  ///< the auditor's testing hours
};

/// A certification's cycle after the initial audit, as the effort stage sizes it: the
/// surveillance audits of the certificate's later years, each the next cycle's hours, and the
/// recertification audit that renews the certificate, by audit stage.
struct CycleEffort {
  int surveillance_audits = 0;  ///< how many: one in each of years two and three
  std::array<Figure, 4> recertification_stage_hours;
  Figure recertification_hours;  ///< their total
};

/// What the effort stage decides: hours by audit stage, samples, per-control plans, the client's
/// own hours, and the same for the next annual cycle. The totals' lines are written by the host
/// from `parts` when every stage has run.
struct EffortResult {
  bool ran = false;
  std::array<Figure, 4> stage_hours;  ///< auditor hours by audit stage (kAuditStages order)
  Figure auditor_hours;               ///< the four stages together (every line of them)
  Figure samples;                     ///< samples the auditor tests, all controls
  Figure site_visits;                 ///< visits to the sites of inclusive subservice organizations
  std::vector<ControlEffort> controls;  ///< scope order
  std::vector<Figure> client_items;     ///< the organization's own hours, by activity
  Figure client_hours;                  ///< their total
  Figure readiness;  ///< of those, readiness before a first audit (no line otherwise)
  std::array<Figure, 4> next_stage_hours;  ///< the next annual cycle, by audit stage
  Figure next_auditor_hours;               ///< their total
  Figure next_client_hours;
  /// A certification's cycle (its effort plugin fills it; empty for a Type 1 or Type 2).
  std::optional<CycleEffort> cycle;
};

/// What a cost beside the fee is, for its readers (the cost chart, the proposal's expenses). A
/// plugin's line ids and kinds are its own; readers go by the role.
enum class CostRole {
  Other,             ///< none of the below
  Readiness,         ///< a readiness consultant's fee
  PenetrationTest,   ///< a yearly penetration test
  Tooling,           ///< compliance automation tooling
  VendorSiteTravel,  ///< travel to the sites of inclusive subservice organizations (at cost)
  PremisesTravel,    ///< the auditor's trip to inspect the organization's premises (at cost)
  Travel,            ///< travel the model states itself (at cost)
  OwnStaff,          ///< the organization's own staff time
};
ATTESTPLAN_API const char* to_string(CostRole r);  ///< "readiness", "penetration-test", ...

/// A cost beside the fee: its figure and what it is.
struct CostItem : Figure {
  CostRole role = CostRole::Other;
};

/// A staff level's rate and hours.
struct LevelCost {
  std::string level;
  Figure rate;   ///< per hour, in the estimate's currency
  Figure hours;  ///< this level's hours over all audit stages (a total)
};

/// A certification's fees over its cycle, excl. VAT, each a line: the recertification audit's,
/// and the cycle's (the initial audit and each surveillance audit).
struct CycleCost {
  Figure recertification_fee;
  Figure cycle_fee;
};

/// What the cost stage decides: the fee, VAT, the costs beside the fee and the total cost of
/// ownership for year one and year two, in `currency`.
struct CostResult {
  bool ran = false;
  std::string currency;
  bool illustrative_rates = false;  ///< the rate card says its rates are not from a source
  /// The data file whose rates price the fee, by its key (a user replaces it with --KEY FILE, or
  /// `KEY = "..."` in a firm file); empty when no data file does.
  std::string rates_key;
  Figure exchange_rate;           ///< units of `currency` per unit of the card's currency
  std::vector<LevelCost> levels;  ///< most expensive first
  std::array<Figure, 4>
      stage_fee;  ///< the fee by audit stage (totals of fee lines, no line of their own)
  Figure fee;     ///< the auditor's fee, excl. VAT
  std::optional<Figure> vat;  ///< VAT on the fee, shown apart, when it applies
  std::string vat_note;       ///< why no VAT is added when the sale is reverse-charged
  /// Which VAT rule the auditor's invoice falls under (the words a proposal uses follow it).
  VatCase vat_case = VatCase::Unknown;
  /// VAT the organization pays and cannot recover (an exempt or partly exempt business): part of
  /// the cost of ownership, in year one and in year two.
  std::optional<Figure> irrecoverable_vat, irrecoverable_vat_next;
  std::vector<CostItem> other;  ///< costs beside the fee in year one (readiness, tooling, ...)
  Figure own_staff;             ///< the organization's own staff time (also among `other`)
  Figure year_one;              ///< total cost of ownership, year one
  Figure year_two;              ///< a 12-month Type 2 renewal, all costs
  /// The readiness consultant's fee (also among `other`); no line when readiness is not priced.
  /// A consultant's proposal prices this, and shows the auditor's `fee` apart.
  Figure readiness_fee;
  /// The next annual cycle's audit fee, excl. VAT: a total of its stage lines, no line of its own
  /// (the recurring year of a proposal's two-year bundle). A certification's: one surveillance
  /// audit.
  Figure next_fee;
  /// A certification's fees over its cycle (empty for a Type 1 or Type 2).
  std::optional<CycleCost> cycle;

  /// The first cost beside the fee with this role, or nullptr.
  [[nodiscard]] const CostItem* item(CostRole role) const {
    for (const auto& c : other) {
      if (c.role == role) return &c;
    }
    return nullptr;
  }
};

/// A dated point or span on the calendar, with its range.
struct Milestone {
  std::string id;  ///< "window-start", "report-in-hand", ...
  std::string label;
  Date low, likely, high;
  std::string line;                   ///< the ledger line that holds it
  std::optional<Percentiles> spread;  ///< P10 / P50 / P90 dates (days since 1970-01-01)
};

/// Days after the end of the period a request covers until its evidence is due (judgement: two
/// working weeks to pull the sample; docs/sources.md). The timing stage plans fieldwork by it and
/// the evidence request list dates its requests by it.
inline constexpr long kEvidenceLeadDays = 14;

/// Milestone ids the contract defines: the start of the work, the controls ready, the report in
/// hand, a Type 1's as-of date, a Type 2's window, and the next cycle's window end and report.
inline constexpr const char* kStart = "start";
inline constexpr const char* kReady = "ready";
inline constexpr const char* kWindowStart = "window-start";
inline constexpr const char* kReportInHand = "report";
inline constexpr const char* kNextReportInHand =
    "next-report";  ///< the next cycle's (a staged plan's Type 2)
inline constexpr const char* kAsOfDate = "as-of";
inline constexpr const char* kWindowEnd = "window-end";
inline constexpr const char* kNextWindowEnd = "next-window-end";
/// Whether a milestone is the next cycle's (kNextWindowEnd, kNextReportInHand).
inline bool is_next_cycle(std::string_view milestone) {
  return milestone == kNextWindowEnd || milestone == kNextReportInHand;
}

/// Met: the report is in hand by the date needed in at least 90 % of the simulated runs; missed:
/// in at most 10 %; at risk: in between.
enum class RenewalVerdict { Met, AtRisk, Missed };
ATTESTPLAN_API const char* to_string(RenewalVerdict v);  ///< "met", "at risk", "missed"

/// Whether a renewal date is met by the report in hand. The timing stage states the date needed;
/// the simulation judges it.
struct RenewalCheck {
  Date renewal;
  Date needed_by;  ///< renewal minus the lead time
  long lead_days = 0;
  long slack_days = 0;         ///< needed_by − likely report date; negative means missed
  long worst_slack_days = 0;   ///< needed_by − the P90 report date
  long median_slack_days = 0;  ///< needed_by − the P50 report date (the central figure)
  std::optional<double>
      chance;  ///< the share of simulated runs with the report in hand by needed_by
  /// The customer asks for a Type 2 and this plan's report is a Type 1: it cannot meet the renewal.
  bool wrong_report = false;
  /// The customer asks for a Type 2 and the plan is staged (a Type 1, then a Type 2): judged on the
  /// Type 2's report date (the "next-report" milestone), run by run.
  bool on_next_report = false;
  RenewalVerdict verdict = RenewalVerdict::Met;
};

/// What a span of the calendar is, for its readers (the portfolio's staff load, the Gantt chart,
/// the proposal's timetable). A phase's id is the timing plugin's own; readers go by the role.
enum class PhaseRole {
  Other,           ///< none of the below
  Planning,        ///< scoping and planning the audit
  Readiness,       ///< a readiness (gap) assessment
  Remediation,     ///< the organization closing its gaps
  Window,          ///< a Type 2's observation window
  Fieldwork,       ///< an interim fieldwork visit inside the window
  Reporting,       ///< the final (a Type 1's only) fieldwork and the report
  Vendor,          ///< an inclusive subservice organization's part (`subject`: its id)
  VendorBridge,    ///< a vendor's bridge letter over its report's gap (`subject`: its id)
  CustomerBridge,  ///< bridge letters to customers after the period ends
  NextCycle,       ///< the next cycle's (a staged plan's Type 2's) window
};
ATTESTPLAN_API const char* to_string(PhaseRole r);  ///< "planning", ..., "next-cycle"

/// A span of the calendar on the likely plan: a phase of work, the window, a bridge-letter period.
struct Phase {
  std::string id;  ///< the timing plugin's: "planning", "window", "bridge-aws", ...
  std::string label;
  Date start, end;                 ///< both inclusive
  std::vector<std::string> lines;  ///< the ledger lines its dates come from
  PhaseRole role = PhaseRole::Other;
  std::string subject;  ///< the subservice organization a vendor's phase is about
};

/// A visit of the auditor's fieldwork on the likely plan: an interim visit inside a Type 2 window
/// tests the operation up to its cut-off; the final visit, after the window, tests the rest and
/// leads to the report. The evidence list, the calendar and the portfolio's staff load follow them.
struct FieldworkVisit {
  std::string id;               ///< "interim-1", ..., "final"
  std::string label;            ///< "Interim fieldwork (1 of 2)"
  Date covers_from, covers_to;  ///< the part of the window whose samples it tests
  Date start, end;              ///< when the visit happens (both inclusive)
  double testing_share = 1;     ///< its share of the testing hours
};

struct TimingResult {
  bool ran = false;
  /// The fieldwork visits in order, the final one last (a Type 1: one visit, at its date).
  std::vector<FieldworkVisit> fieldwork;
  std::vector<Milestone> milestones;
  std::vector<Phase> phases;
  std::vector<RenewalCheck> renewals;
  std::optional<AuditWindow> window;  ///< the window (or Type 1 date) as planned
  /// Vendor reports were checked against the planned window (check_vendor_coverage): the
  /// boundary's findings from its check against the assumed window give way to these.
  bool vendor_coverage_checked = false;
  /// How long a vendor's bridge letter is usually accepted for, in days, in those checks.
  long bridge_usual_days = kBridgeLetterUsualDays;

  /// The milestone with this id (kReportInHand, kAsOfDate, ...), or nullptr.
  [[nodiscard]] ATTESTPLAN_API const Milestone* milestone(std::string_view id) const;
  /// The first phase with this role, or nullptr.
  [[nodiscard]] ATTESTPLAN_API const Phase* phase(PhaseRole role) const;

  /// The window (a Type 1: its as-of date twice) on the dates documents name as planned: each
  /// milestone's P50 where the runs give one, else the timing stage's window (likely dates). The
  /// proposal and the evidence list say the same dates.
  [[nodiscard]] ATTESTPLAN_API std::optional<std::pair<Date, Date>> planned_window() const;
};

enum class StageStatus { Ok, Failed, Missing };
ATTESTPLAN_API const char* to_string(StageStatus v);  ///< "ok", "failed", "missing"

/// How a stage went.
struct StageRun {
  Stage stage = Stage::Scope;
  std::string plugin;  ///< empty when no plugin serves the stage
  StageStatus status = StageStatus::Ok;
  std::string message;
  std::vector<std::string> add_ons;  ///< the add-ons that added to the stage (plugin.hpp)
  /// An add-on that failed: the stage ran without it (its plugin has a run of its own).
  bool add_on = false;
};

/// What an add-on's line is to the plugin of its stage, which takes it into the stage's totals
/// (plugin.hpp: StageAddOn). Lines of the cost stage only; an add-on's other lines stand alone.
enum class Contribution {
  Fee,              ///< an item of the auditor's fee in year one (VAT applies to it as to the fee)
  FeeYearly,        ///< an item of the fee in year one and of the next cycle's fee
  BesideFee,        ///< a cost beside the fee in year one (`role` says what)
  BesideFeeYearly,  ///< a cost beside the fee in year one and in year two
  /// Auditor hours of this engagement at an audit stage (Contributed::audit_stage): in that stage's
  /// hours and the total, and so priced as the stage's hours are.
  AuditorHours,
};
ATTESTPLAN_API const char* to_string(Contribution c);  ///< "fee", "fee-yearly", ...

/// An add-on's line that the plugin of its stage is to take into its totals.
struct Contributed {
  Stage stage = Stage::Cost;
  std::string line;    ///< the line's id
  std::string plugin;  ///< the add-on that wrote it
  Contribution as = Contribution::Fee;
  CostRole role = CostRole::Other;  ///< for a cost beside the fee
  std::size_t audit_stage = 0;      ///< for auditor hours: the stage's index in kAuditStages
};

/// An input's swing: a target (the fee, the report date) with the input at its P10 and at its P90
/// and everything else at its median. A line that names no driver is an input of its own.
struct Swing {
  std::string input;  ///< a driver id, or the id of a line that names none
  std::string label;
  double at_p10 = 0;
  double at_p90 = 0;
  [[nodiscard]] double width() const { return at_p90 > at_p10 ? at_p90 - at_p10 : at_p10 - at_p90; }
};

/// The inputs that move one target most, widest swing first (a tornado).
struct Sensitivity {
  std::string target;  ///< "fee", "report"
  std::string line;    ///< the target's ledger line
  std::string unit;    ///< its unit (a currency, "date")
  double base = 0;     ///< the target with every input at its median
  std::vector<Swing> swings;
};

/// How the ledger was simulated.
struct SimulationRun {
  bool ran = false;
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  std::string source;  ///< the settings file ("builtin:simulation/default.toml")
};

/// The whole estimate: each stage's result, the ledger that explains them, findings, and how each
/// stage went. Plugins write to it only through their stage's writer (plugin.hpp).
struct Estimate {
  std::vector<LedgerLine> lines;
  std::vector<Driver> drivers;  ///< the drivers lines name, in the order first named
  SimulationRun simulation;
  std::vector<Sensitivity> sensitivity;  ///< the fee's and the report date's tornado
  std::vector<Finding> findings;
  ScopeResult scope;
  EffortResult effort;
  CostResult cost;
  TimingResult timing;
  std::vector<StageRun> stages;
  /// The add-ons' lines the plugins of their stages take into their totals, in the order written.
  std::vector<Contributed> contributions;

  /// The ledger line with this id, or nullptr: for explaining a figure, not for reading one (the
  /// results hold the figures).
  [[nodiscard]] ATTESTPLAN_API const LedgerLine* find(std::string_view id) const;
  [[nodiscard]] ATTESTPLAN_API bool stage_ok(Stage s) const;
};

/// What the boundary's vendors' reports leave uncovered of a planned window, worked out in one
/// place: each vendor's coverage findings (check_vendor_coverage) and, where its reports leave the
/// end of the window uncovered, the bridge letter it is asked for, as a phase (role VendorBridge,
/// subject the vendor, its dates from `window_end_line` when one is given; a gap longer than
/// `bridge_usual_days` is more than the letter alone covers). The timing stage adds
/// them to its plan; plan_on_planned_dates works them out again on the re-drawn window.
struct VendorCoveragePlan {
  std::vector<Finding> findings;
  std::vector<Phase> bridges;
};
ATTESTPLAN_API VendorCoveragePlan plan_vendor_coverage(const ModelView& model,
                                                       const BoundaryView& boundary,
                                                       const AuditWindow& window,
                                                       const std::string& window_end_line,
                                                       long bridge_usual_days);

}  // namespace attestplan

// The estimate: a ledger of figures, each naming the plugin, rule and inputs behind it, plus the
// structured results one stage hands the next (scope → effort → cost → timing). Part of the SDK.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/date.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

/// The four pipeline stages, run in this order (DESIGN §5).
enum class Stage : std::uint32_t { Scope = 0, Effort = 1, Cost = 2, Timing = 3 };
inline constexpr Stage kStages[] = {Stage::Scope, Stage::Effort, Stage::Cost, Stage::Timing};
ATTESTPLAN_API const char* to_string(Stage s);

/// The seed's four audit stages: the groups auditor hours roll up into.
struct AuditStage {
  const char* id;
  const char* title;
};
inline constexpr AuditStage kAuditStages[] = {
    {"planning", "Scope definition & planning"},
    {"documentation", "Control identification & documentation review"},
    {"testing", "Control testing & evidence collection"},
    {"reporting", "Nonconformity review & attestation decision"}};

/// Low / likely / high: every figure is a range, never false precision.
struct Range {
  double low = 0;
  double likely = 0;
  double high = 0;

  static Range exactly(double v) { return {v, v, v}; }
  friend bool operator==(const Range&, const Range&) = default;
  Range& operator+=(const Range& o) {
    low += o.low;
    likely += o.likely;
    high += o.high;
    return *this;
  }
  friend Range operator+(Range a, const Range& b) { return a += b; }
  friend Range operator*(Range a, double k) { return {a.low * k, a.likely * k, a.high * k}; }
  friend Range operator*(Range a, const Range& k) {
    return {a.low * k.low, a.likely * k.likely, a.high * k.high};
  }
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

/// One figure in the estimate and everything needed to explain it.
struct LedgerLine {
  std::string id;        ///< unique, stable: "effort.testing.CC6.2-access-review"
  std::string plugin;    ///< filled in by the host: which plugin wrote it
  Stage stage = Stage::Scope;
  std::string kind;      ///< what it is: "auditor-hours", "client-hours", "fee", "population", ...
  std::string group;     ///< where it rolls up: an audit stage, a cost line, a milestone
  std::string label;     ///< for people: "CC6.2 quarterly access review: test 2 of 2"
  std::string rule;      ///< how it was computed, in words, with the source of any default
  std::vector<Input> inputs;
  Range value;
  std::string unit;      ///< one of unit::*, or a currency code for money
  std::string level;     ///< staff level, for hours split by level ("senior", "staff", ...)
  std::vector<std::string> from;  ///< ids of lines this one is computed from (totals, conversions)
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
  std::vector<std::string> criteria;  ///< the in-scope criteria it addresses
  Frequency frequency = Frequency::Annual;
  bool automated = false;
  std::string population;  ///< for event-driven controls: "hires", "leavers", "changes", ...
  std::string evidence;    ///< what the client provides
  std::string evidence_category;  ///< "access reviews", "change tickets", ...
  std::string owner;       ///< the role that owns it
  std::string performed_by;  ///< empty for the organization; a subservice id when tested inclusively
  std::string why;         ///< why it applies: "the boundary holds an office (copenhagen-office)"
};

/// What the scope stage decides; later stages read it.
struct ScopeResult {
  bool ran = false;
  std::vector<CategoryChoice> categories;
  std::vector<std::string> criteria;       ///< in-scope criterion ids, catalog order
  std::vector<std::string> carved_out;     ///< criteria carried by carve-out vendors
  std::vector<ScopedControl> controls;
  std::vector<std::string> gaps;           ///< in-scope criteria no control covers
  std::string signer;                      ///< who may sign the report kind (reference §7)
};

/// A dated point or span on the calendar, with its range.
struct Milestone {
  std::string id;     ///< "window-start", "report-in-hand", ...
  std::string label;
  Date low, likely, high;
  std::string line;   ///< the ledger line that holds it
};

/// Whether a renewal date is met by the report in hand (likely and latest dates).
struct RenewalCheck {
  Date renewal;
  Date needed_by;        ///< renewal minus the lead time
  long slack_days = 0;   ///< needed_by − likely report date; negative means missed
  long worst_slack_days = 0;  ///< needed_by − latest report date
  std::string verdict;   ///< "met", "at risk", "missed"
};

/// A span of the calendar on the likely plan: a phase of work, the window, a bridge-letter period.
struct Phase {
  std::string id;     ///< "planning", "window", "bridge-aws", ...
  std::string label;
  Date start, end;    ///< both inclusive
  std::vector<std::string> lines;  ///< the ledger lines its dates come from
};

struct TimingResult {
  bool ran = false;
  std::vector<Milestone> milestones;
  std::vector<Phase> phases;
  std::vector<RenewalCheck> renewals;
  std::optional<AuditWindow> window;  ///< the window (or Type 1 date) as planned
};

/// How a stage went.
struct StageRun {
  Stage stage = Stage::Scope;
  std::string plugin;  ///< empty when no plugin serves the stage
  std::string status;  ///< "ok", "failed", "missing"
  std::string message;
};

/// The whole estimate. Plugins add lines and findings and fill their stage's result.
class ATTESTPLAN_API Estimate {
 public:
  std::vector<LedgerLine> lines;
  std::vector<Finding> findings;
  ScopeResult scope;
  TimingResult timing;
  std::vector<StageRun> stages;
  std::string currency;       ///< the currency money lines are in (set by the cost stage)
  bool illustrative_rates = false;

  /// Adds a line; returns its id. Ids must be unique (the host checks).
  const LedgerLine& add(LedgerLine line);
  [[nodiscard]] const LedgerLine* find(std::string_view id) const;
  /// Lines of a kind (and, when given, of a group).
  [[nodiscard]] std::vector<const LedgerLine*> of_kind(std::string_view kind,
                                                       std::string_view group = {}) const;
  /// The sum of lines of a kind (and group); their ids are appended to `from` when given.
  [[nodiscard]] Range sum(std::string_view kind, std::string_view group = {},
                          std::vector<std::string>* from = nullptr) const;
  [[nodiscard]] bool stage_ok(Stage s) const;
};

}  // namespace attestplan

// The plain structures of a resolved system boundary (DESIGN §4): each node's verdict and how it
// was reached, the subservice organizations in scope, findings and their roles, the audit window,
// and the vendor-coverage checks on a window. Part of the plugin SDK: a plugin reads a boundary
// through BoundaryView (view.hpp). The engine's Boundary (with its index) is boundary.hpp's, which
// is not installed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"

namespace attestplan {

enum class NodeKind { Service, Component, Subservice };
/// Supports: an in-scope person relies on a supporting system (a component with a role) it
/// accesses.
enum class EdgeKind { Uses, RunsOn, Stores, Accesses, ProvidedBy, FlowsTo, Supports };
enum class Verdict { InScope, OutOfScope, Excluded };

ATTESTPLAN_API const char* to_string(NodeKind v);
ATTESTPLAN_API const char* to_string(EdgeKind v);
ATTESTPLAN_API const char* to_string(Verdict v);

/// What a finding is to its readers (compare, the memo, the server, the boundary's window), beside
/// its code, which is its writer's own word.
enum class FindingRole {
  Other,           ///< none of the below
  VendorCoverage,  ///< a vendor report's coverage of the period (`subject`: the vendor's id)
  BridgeLetter,    ///< a vendor coverage finding: a gap a bridge letter from the vendor covers
  PlanChoice,      ///< bears on choosing between plans (compare lists it)
  ForeignRates,    ///< the rates are of another market than the organization's (bears on choice)
  Signer,          ///< the auditor named may not be one who signs this report (the server warns)
};
ATTESTPLAN_API const char* to_string(FindingRole r);  ///< "vendor-coverage", "bridge-letter", ...

/// Something the planner should know about the engagement, with where it comes from in the model.
struct Finding {
  Severity severity = Severity::Warning;
  std::string code;  ///< stable identifier, e.g. "bridge-letter", "excluded-dependency"
  std::string message;
  SourceLocation where;
  FindingRole role = FindingRole::Other;
  std::string subject;  ///< the id of what it is about, where its role names one (a vendor)
};

/// One vertex of the boundary graph and its verdict.
struct BoundaryNode {
  std::string id;
  std::string name;
  NodeKind node = NodeKind::Component;
  std::optional<ComponentKind> kind;  ///< components only
  Verdict verdict = Verdict::OutOfScope;
  /// Index of the node that reached this one (-1 for services and unreached nodes).
  long via = -1;
  EdgeKind via_edge = EdgeKind::Uses;
  SourceLocation where;
};

/// The audit window the boundary checks vendor coverage against.
struct AuditWindow {
  Date start;
  Date end;             ///< equal to start for a Type 1 (a single as-of date)
  bool assumed = true;  ///< true when derived from defaults rather than given in the model
  /// When this report is planned to be in hand (the timing stage's likely date); before timing
  /// runs, unknown, and kOwnReportLagDays after the window's end is assumed.
  std::optional<Date> report_by;
};

/// A subservice organization the boundary reaches.
struct SubserviceInScope {
  std::string id;
  std::string name;
  SubserviceMethod method = SubserviceMethod::CarveOut;
  VendorReport report = VendorReport::Soc2Type2;
  std::optional<Date> report_period_end;
  std::vector<std::string> covers;  ///< criteria it contributes to (carries or shares), model order
  std::vector<std::string> carries;  ///< of those, the ones its controls stand for when carved out
  std::vector<std::string> reached_via;  ///< in-scope components it provides
  std::vector<std::string> csocs;        ///< complementary subservice organization controls
};

/// The default Type 2 window length when the model gives none (reference §3.1: six months is the
/// most cited minimum and the usual first-report length).
inline constexpr int kDefaultObservationMonths = 6;

/// Days after its period ends that a vendor's report is in customers' hands (judgement: AWS
/// releases its April-September report in November, its October-March one in May).
inline constexpr long kVendorReportLagDays = 45;
/// Days after the window ends that the organization's own report is written, by which the vendor's
/// reports covering the window must be in hand (judgement; reports come 4-8 weeks after a period).
inline constexpr long kOwnReportLagDays = 60;
/// How long a bridge letter is usually accepted for: about three months (TrustNet [F];
/// docs/sources.md). The default of the timing data's [bridge] max_days, which the timing stage
/// checks vendors' bridge letters against too; the boundary's own check, on the window it assumes,
/// uses this.
inline constexpr long kBridgeLetterUsualDays = 92;

/// Checks a subservice organization's reports against the audit window: no report; a report on
/// record more than a reporting cycle older than the window; which report on the vendor's usual
/// cycle covers the window, and the gap a bridge letter covers when that report comes too late. An
/// inclusive vendor gets what the inclusive method asks of it instead. A gap longer than
/// `bridge_usual_days` is more than a bridge letter alone covers. `cite_criteria`: the findings
/// name the criterion the vendor's monitoring is tested under (a report on the Trust Services
/// Criteria).
ATTESTPLAN_API std::vector<Finding> check_vendor_coverage(
    const Subservice& vendor, const AuditWindow& window,
    long bridge_usual_days = kBridgeLetterUsualDays, bool cite_criteria = true);

/// A carved-out vendor's reports against the window, on its usual cycle, when its report on record
/// ends inside or shortly before the window (nullopt otherwise: covered, stale, or nothing known).
struct VendorCoverage {
  Date reaching;     ///< the end of the period of the vendor's report that reaches the window's end
  Date last_issued;  ///< the end of the last report in hand when the organization's report is
                     ///< written
  std::optional<Date> bridge_from;  ///< set when a bridge letter covers [bridge_from, window end]
};
ATTESTPLAN_API std::optional<VendorCoverage> project_vendor_coverage(const Subservice& vendor,
                                                                     const AuditWindow& window);

/// Whether a finding is one of check_vendor_coverage's.
ATTESTPLAN_API bool is_vendor_coverage_finding(const Finding& f);

}  // namespace attestplan

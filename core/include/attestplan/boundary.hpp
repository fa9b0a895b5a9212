// The system boundary (DESIGN §4): which services, components and subservice organizations are in
// scope, each with a verdict and the reason; vendor coverage findings; CSOCs and CUECs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

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

struct Boundary;
ATTESTPLAN_API Boundary resolve_boundary(const Model& model, const CriteriaCatalog& catalog);

/// The resolved boundary. Plugins read a node by its position (component k of the model is
/// `component(k)`) or find it by id through an index built once by resolve_boundary: no question
/// a plugin asks scans the nodes.
struct Boundary {
  std::vector<BoundaryNode> nodes;  ///< services, then components, then subservices (model order)
  std::vector<SubserviceInScope> subservices;
  std::vector<Finding> findings;
  std::vector<std::string> cuecs;  ///< complementary user entity controls
  AuditWindow window;
  std::size_t edge_count = 0;

  /// "reached from platform: uses api, uses customer-db", "not reached from any service", ...
  /// At most kMaxHopsShown hops: a longer chain names its last ones, so that a reason's length,
  /// and the time to make it, do not grow with the depth of the graph.
  [[nodiscard]] ATTESTPLAN_API std::string reason(std::size_t node_index) const;
  /// Ids from the service that reached this node down to the node itself (empty if not reached);
  /// for a node deeper than kMaxHopsShown, only the last kMaxHopsShown + 1 of them.
  [[nodiscard]] ATTESTPLAN_API std::vector<std::string> path(std::size_t node_index) const;
  static constexpr std::size_t kMaxHopsShown = 8;
  [[nodiscard]] ATTESTPLAN_API std::size_t in_scope_count(NodeKind k) const;
  /// The index in `nodes` of the node with this id, if any (a binary search of the id index).
  [[nodiscard]] ATTESTPLAN_API std::optional<std::size_t> index_of(std::string_view id) const;
  /// Whether the node with this id is in scope (false for an unknown id).
  [[nodiscard]] ATTESTPLAN_API bool in_scope(std::string_view id) const;
  /// The node of the model's component k (its position in Model::components).
  [[nodiscard]] const BoundaryNode& component(std::size_t k) const {
    return nodes[first_component_ + k];
  }
  [[nodiscard]] bool component_in_scope(std::size_t k) const {
    return component(k).verdict == Verdict::InScope;
  }
  /// The position in Model::components of the component with this id, if it is one.
  [[nodiscard]] ATTESTPLAN_API std::optional<std::size_t> component_index(
      std::string_view id) const;
  /// In-scope components of a kind.
  [[nodiscard]] ATTESTPLAN_API std::vector<const BoundaryNode*> in_scope_components(
      ComponentKind kind) const;
  /// Criteria carved out to subservice organizations: those carve-out vendors carry (their
  /// building, hardware, environment), which leave the organization's own control set.
  [[nodiscard]] ATTESTPLAN_API std::vector<std::string> carved_out_criteria() const;

 private:
  friend Boundary resolve_boundary(const Model& model, const CriteriaCatalog& catalog);
  std::size_t first_component_ = 0;   ///< the node of the model's first component
  std::vector<std::uint32_t> by_id_;  ///< node indices in the order of their ids
};

/// The window the model implies: Type 2 from window_start (or the planning start) for
/// observation_months; Type 1 at as_of (or the planning start).
ATTESTPLAN_API AuditWindow default_audit_window(const Model& model);

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
/// docs/sources.md).
inline constexpr long kBridgeLetterUsualDays = 92;

/// Checks a subservice organization's reports against the audit window: no report; a report on
/// record more than a reporting cycle older than the window; which report on the vendor's usual
/// cycle covers the window, and the gap a bridge letter covers when that report comes too late. An
/// inclusive vendor gets what the inclusive method asks of it instead.
ATTESTPLAN_API std::vector<Finding> check_vendor_coverage(const Subservice& vendor,
                                                          const AuditWindow& window);

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

/// Fits a boundary resolved for one model to another that differs from it only in its engagement
/// (a scenario of compare): the window and the vendor-coverage findings follow `model`'s
/// engagement; what is in scope, and why, depends on the components alone and is kept. The
/// coverage findings move to the end of the findings.
ATTESTPLAN_API void rewindow(Boundary& boundary, const Model& model);

/// How many boundaries this process has resolved (resolve_boundary calls): a counter for tests
/// that check a command resolves the boundary once.
ATTESTPLAN_API std::uint64_t boundary_resolutions();

/// Whether a finding is one of check_vendor_coverage's.
ATTESTPLAN_API bool is_vendor_coverage_finding(const Finding& f);

/// Resolves the boundary: breadth-first from the services along uses, runs_on, stores, flows_to
/// and provided_by; people are in scope when they access an in-scope system. Cycles are fine.
/// Time and memory grow linearly with the model's components and references.
ATTESTPLAN_API Boundary resolve_boundary(const Model& model, const CriteriaCatalog& catalog);

/// The boundary as Graphviz DOT (in-scope nodes filled, out-of-scope dashed, edges labelled).
ATTESTPLAN_API std::string boundary_to_dot(const Model& model, const Boundary& boundary);

}  // namespace attestplan

// The system boundary (DESIGN §4) as the engine resolves and holds it: the plain structures of
// boundary_types.hpp with the index that answers questions by id. Not part of the plugin SDK:
// plugins read a BoundaryView (view.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/boundary_types.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

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
  friend class BoundaryView;          // checks a plugin's component index against the nodes
  std::size_t first_component_ = 0;   ///< the node of the model's first component
  std::vector<std::uint32_t> by_id_;  ///< node indices in the order of their ids
};

/// The window the model implies: Type 2 from window_start (or the planning start) for
/// observation_months; Type 1 at as_of (or the planning start).
ATTESTPLAN_API AuditWindow default_audit_window(const Model& model);

/// Fits a boundary resolved for one model to another that differs from it only in its engagement
/// (a scenario of compare): the window and the vendor-coverage findings follow `model`'s
/// engagement; what is in scope, and why, depends on the components alone and is kept. The
/// coverage findings move to the end of the findings.
ATTESTPLAN_API void rewindow(Boundary& boundary, const Model& model);

/// Whether a vendor's coverage of the audit window is checked for this model: a vendor not tested
/// inclusively, with a report whose period end is known (check_vendor_coverage).
ATTESTPLAN_API bool checks_vendor_coverage(const Model& model);

/// How many boundaries this process has resolved (resolve_boundary calls): a counter for tests
/// that check a command resolves the boundary once.
ATTESTPLAN_API std::uint64_t boundary_resolutions();

/// Resolves the boundary: breadth-first from the services along uses, runs_on, stores, flows_to
/// and provided_by; people are in scope when they access an in-scope system. Cycles are fine.
/// Time and memory grow linearly with the model's components and references.
ATTESTPLAN_API Boundary resolve_boundary(const Model& model, const CriteriaCatalog& catalog);

/// The boundary as Graphviz DOT (in-scope nodes filled, out-of-scope dashed, edges labelled).
ATTESTPLAN_API std::string boundary_to_dot(const Model& model, const Boundary& boundary);

}  // namespace attestplan

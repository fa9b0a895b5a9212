// What a plugin reads of the engagement: the model's and the boundary's plain structures, through
// views that refer to the engine's own (nothing is copied, whatever the model's size). A view shows
// the structures of model_types.hpp and boundary_types.hpp and nothing else, and asks the engine,
// through functions of the core library, the questions an index answers. What else the engine
// keeps beside them (every plugin's options, the scenarios, the files included, the boundary's
// index), and how, is not part of the plugin contract: it can change without a plugin being
// rebuilt.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/boundary_types.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"

namespace attestplan {

struct Model;     // the engine's (model.hpp)
struct Boundary;  // the engine's (boundary.hpp)

/// The model as a plugin reads it: the organization, the engagement, and the system's services,
/// components and subservice organizations in the model's order.
struct ModelView {
  ATTESTPLAN_API explicit ModelView(const Model& model);

  const std::string& source_name;  ///< the file it came from, for locations
  const Organization& organization;
  const EngagementSettings& engagement;
  std::span<const Service> services;
  std::span<const Component> components;
  std::span<const Subservice> subservices;

  /// The first component (subservice organization) with this id, or nullptr.
  [[nodiscard]] ATTESTPLAN_API const Component* find_component(std::string_view id) const;
  [[nodiscard]] ATTESTPLAN_API const Subservice* find_subservice(std::string_view id) const;
};

/// Where the auditor who signs the model's report sits (signer_country of its organization and
/// engagement).
inline std::string signer_country(const ModelView& model) {
  return signer_country(model.organization, model.engagement);
}

/// The resolved boundary as a plugin reads it: every node with its verdict (services, then
/// components, then subservice organizations, each in the model's order), the subservice
/// organizations it reaches, its findings, the CUECs and the audit window; and what the engine's
/// index answers by id, without a scan of the nodes.
class BoundaryView {
 public:
  ATTESTPLAN_API explicit BoundaryView(const Boundary& boundary);

  std::span<const BoundaryNode> nodes;
  std::span<const SubserviceInScope> subservices;
  std::span<const Finding> findings;
  std::span<const std::string> cuecs;  ///< complementary user entity controls
  const AuditWindow& window;

  /// The node of the model's component k (its position in ModelView::components); a k past the
  /// last component throws std::out_of_range (the host fails the plugin's stage with it).
  [[nodiscard]] ATTESTPLAN_API const BoundaryNode& component(std::size_t k) const;
  [[nodiscard]] ATTESTPLAN_API bool component_in_scope(std::size_t k) const;
  /// The position in ModelView::components of the component with this id, if it is one.
  [[nodiscard]] ATTESTPLAN_API std::optional<std::size_t> component_index(
      std::string_view id) const;
  /// The index in `nodes` of the node with this id, if any.
  [[nodiscard]] ATTESTPLAN_API std::optional<std::size_t> index_of(std::string_view id) const;
  /// Whether the node with this id is in scope (false for an unknown id).
  [[nodiscard]] ATTESTPLAN_API bool in_scope(std::string_view id) const;
  [[nodiscard]] ATTESTPLAN_API std::size_t in_scope_count(NodeKind k) const;
  /// In-scope components of a kind.
  [[nodiscard]] ATTESTPLAN_API std::vector<const BoundaryNode*> in_scope_components(
      ComponentKind kind) const;
  /// Criteria carved out to subservice organizations: those carve-out vendors carry.
  [[nodiscard]] ATTESTPLAN_API std::vector<std::string> carved_out_criteria() const;
  /// Why a node is in or out of scope ("reached from platform: uses api, ..."), and the ids from
  /// the service that reached it down to the node.
  [[nodiscard]] ATTESTPLAN_API std::string reason(std::size_t node_index) const;
  [[nodiscard]] ATTESTPLAN_API std::vector<std::string> path(std::size_t node_index) const;

 private:
  const Boundary* boundary_;
};

}  // namespace attestplan

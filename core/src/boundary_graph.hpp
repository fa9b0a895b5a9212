// The plain interface in front of Boost.Graph: an edge list in, reachability or DOT out.
// Boost.Graph is included by boundary_graph.cpp only (STYLE: heavy templates stay in one place).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attestplan/boundary.hpp"

namespace attestplan::detail {

struct TypedEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  EdgeKind kind = EdgeKind::Uses;
};

struct GraphInput {
  std::size_t vertex_count = 0;
  std::vector<TypedEdge> edges;
  std::vector<bool> excluded;  ///< traversal never enters these
  std::vector<bool> people;    ///< brought in by an `accesses` edge to a reached vertex
  std::vector<std::uint32_t> roots;
};

struct Reach {
  std::vector<bool> reached;
  std::vector<long> via;  ///< predecessor index, -1 for roots and unreached
  std::vector<EdgeKind> via_edge;
};

/// Breadth-first from the roots along every edge but `accesses`, never entering excluded vertices;
/// then people whose `accesses` edges hit a reached vertex join, and the search continues from
/// them, until nothing changes. Each vertex is visited once, so cycles terminate.
Reach reach(const GraphInput& input);

struct DotVertex {
  std::string id;
  std::string label;
  std::string shape;
  std::string style;
  std::string fillcolor;
};

/// Graphviz DOT of the graph with the given vertex attributes; edges are labelled by kind.
std::string write_dot(const GraphInput& input, const std::vector<DotVertex>& vertices);

}  // namespace attestplan::detail

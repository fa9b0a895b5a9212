// Boost.Graph behind the boundary: building the typed graph, breadth-first reach, DOT export.
#include "boundary_graph.hpp"

#include <sstream>

// write_graphviz on a vecS adjacency_list trips a g++ 12 -Wmaybe-uninitialized false positive in
// inlined Boost code (engineering notes, Boost.Graph); silence it for these includes only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#pragma GCC diagnostic pop

namespace attestplan::detail {

namespace {

struct EdgeData {
  EdgeKind kind = EdgeKind::Uses;
  std::string label;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DotVertex, EdgeData>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

Graph build(const GraphInput& input, bool with_labels) {
  Graph g(input.vertex_count);
  for (const auto& e : input.edges) {
    boost::add_edge(e.from, e.to, EdgeData{e.kind, with_labels ? to_string(e.kind) : ""}, g);
  }
  return g;
}

/// Traversal follows every edge except `accesses` and never enters an excluded vertex.
struct TraversableEdge {
  const Graph* g = nullptr;
  const std::vector<bool>* excluded = nullptr;
  bool operator()(const Edge& e) const {
    return (*g)[e].kind != EdgeKind::Accesses && !(*excluded)[boost::target(e, *g)];
  }
};

struct RecordPredecessor : boost::default_bfs_visitor {
  Reach* out = nullptr;
  template <typename E, typename G>
  void tree_edge(const E& e, const G& g) const {
    const auto to = boost::target(e, g);
    out->via[to] = static_cast<long>(boost::source(e, g));
    out->via_edge[to] = g[e].kind;
  }
  template <typename V, typename G>
  void discover_vertex(const V& v, const G&) const {
    out->reached[v] = true;
  }
};

}  // namespace

Reach reach(const GraphInput& input) {
  const Graph g = build(input, false);
  Reach out;
  out.reached.assign(input.vertex_count, false);
  out.via.assign(input.vertex_count, -1);
  out.via_edge.assign(input.vertex_count, EdgeKind::Uses);

  const boost::filtered_graph<Graph, TraversableEdge> traversable(
      g, TraversableEdge{&g, &input.excluded});
  std::vector<boost::default_color_type> color(input.vertex_count, boost::white_color);
  const auto color_map = boost::make_iterator_property_map(color.begin(),
                                                           boost::get(boost::vertex_index, g));
  RecordPredecessor visitor;
  visitor.out = &out;

  std::vector<Vertex> sources;
  for (auto r : input.roots) {
    if (!input.excluded[r] && color[r] == boost::white_color) sources.push_back(r);
  }
  while (!sources.empty()) {
    boost::queue<Vertex> queue;
    boost::breadth_first_visit(traversable, sources.begin(), sources.end(), queue, visitor,
                               color_map);
    // People who access something now in scope join the boundary; continue from them.
    sources.clear();
    for (Vertex v = 0; v < input.vertex_count; ++v) {
      if (!input.people[v] || out.reached[v] || input.excluded[v]) continue;
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) {
        const auto target = boost::target(*ei, g);
        if (g[*ei].kind == EdgeKind::Accesses && out.reached[target]) {
          out.via[v] = static_cast<long>(target);
          out.via_edge[v] = EdgeKind::Accesses;
          sources.push_back(v);
          break;
        }
      }
    }
  }
  return out;
}

std::string write_dot(const GraphInput& input, const std::vector<DotVertex>& vertices) {
  Graph g = build(input, true);
  for (std::size_t i = 0; i < vertices.size(); ++i) g[i] = vertices[i];
  boost::dynamic_properties dp;
  dp.property("node_id", boost::get(&DotVertex::id, g));
  dp.property("label", boost::get(&DotVertex::label, g));
  dp.property("shape", boost::get(&DotVertex::shape, g));
  dp.property("style", boost::get(&DotVertex::style, g));
  dp.property("fillcolor", boost::get(&DotVertex::fillcolor, g));
  dp.property("label", boost::get(&EdgeData::label, g));
  std::ostringstream out;
  boost::write_graphviz_dp(out, g, dp, "node_id");
  return out.str();
}

}  // namespace attestplan::detail

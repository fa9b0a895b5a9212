// Boost.Graph behind the boundary: breadth-first reach over a compressed sparse row graph, and the
// DOT export over an adjacency list (it needs labels, and only small graphs are drawn).
#include "boundary_graph.hpp"

#include <algorithm>
#include <sstream>
#include <utility>

// write_graphviz on a vecS adjacency_list trips a g++ 12 -Wmaybe-uninitialized false positive in
// inlined Boost code (engineering notes, Boost.Graph); silence it for these includes only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#pragma GCC diagnostic pop

namespace attestplan::detail {

namespace {

/// The graph DOT is written from: each edge labelled with its kind.
struct EdgeData {
  EdgeKind kind = EdgeKind::Uses;
  std::string label;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DotVertex, EdgeData>;

Graph build_labelled(const GraphInput& input) {
  Graph g(input.vertex_count);
  for (const auto& e : input.edges) boost::add_edge(e.from, e.to, EdgeData{e.kind, to_string(e.kind)}, g);
  return g;
}

/// The graph reach() walks: every edge with its kind, in one compressed sparse row array (a vertex's
/// out-edges keep the order the model lists them in, so predecessors and reasons are stable).
struct KindOfEdge {
  EdgeKind kind = EdgeKind::Uses;
};
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, KindOfEdge,
                                               boost::no_property, std::uint32_t, std::uint32_t>;
using CsrVertex = boost::graph_traits<Csr>::vertex_descriptor;
using CsrEdge = boost::graph_traits<Csr>::edge_descriptor;
/// For each vertex, the people with an `accesses` edge to it.
using AccessedBy = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                      boost::no_property, std::uint32_t, std::uint32_t>;

Csr build_csr(const GraphInput& input) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  std::vector<KindOfEdge> kinds;
  ends.reserve(input.edges.size());
  kinds.reserve(input.edges.size());
  for (const auto& e : input.edges) {
    ends.emplace_back(e.from, e.to);
    kinds.push_back({e.kind});
  }
  return Csr(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), kinds.begin(),
             input.vertex_count);
}

AccessedBy build_accessed_by(const GraphInput& input) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  for (const auto& e : input.edges) {
    if (e.kind == EdgeKind::Accesses && input.people[e.from]) ends.emplace_back(e.to, e.from);
  }
  return AccessedBy(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), input.vertex_count);
}

/// Traversal follows every edge except `accesses` and never enters an excluded vertex.
struct TraversableEdge {
  const Csr* g = nullptr;
  const std::vector<bool>* excluded = nullptr;
  bool operator()(const CsrEdge& e) const {
    return (*g)[e].kind != EdgeKind::Accesses && !(*excluded)[boost::target(e, *g)];
  }
};

struct RecordPredecessor : boost::default_bfs_visitor {
  Reach* out = nullptr;
  std::vector<std::uint32_t>* discovered = nullptr;  ///< the vertices this search reached, in order
  template <typename E, typename G>
  void tree_edge(const E& e, const G& g) const {
    const auto to = boost::target(e, g);
    out->via[to] = static_cast<long>(boost::source(e, g));
    out->via_edge[to] = g[e].kind;
  }
  template <typename V, typename G>
  void discover_vertex(const V& v, const G&) const {
    out->reached[v] = true;
    discovered->push_back(static_cast<std::uint32_t>(v));
  }
};

}  // namespace

Reach reach(const GraphInput& input) {
  const Csr g = build_csr(input);
  const AccessedBy accessed_by = build_accessed_by(input);
  Reach out;
  out.reached.assign(input.vertex_count, false);
  out.via.assign(input.vertex_count, -1);
  out.via_edge.assign(input.vertex_count, EdgeKind::Uses);

  const boost::filtered_graph<Csr, TraversableEdge> traversable(g, TraversableEdge{&g, &input.excluded});
  std::vector<boost::default_color_type> color(input.vertex_count, boost::white_color);
  const auto color_map = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
  std::vector<std::uint32_t> discovered;
  RecordPredecessor visitor;
  visitor.out = &out;
  visitor.discovered = &discovered;

  std::vector<CsrVertex> sources;
  for (auto r : input.roots) {
    if (!input.excluded[r]) sources.push_back(r);
  }
  while (!sources.empty()) {
    discovered.clear();
    boost::queue<CsrVertex> queue;
    boost::breadth_first_visit(traversable, sources.begin(), sources.end(), queue, visitor, color_map);
    // People who access something now in scope join the boundary; continue from them. Only what
    // this search reached can bring anyone new, so each `accesses` edge is looked at from its
    // target once, and the rounds together stay linear in the edges.
    sources.clear();
    for (const auto v : discovered) {
      for (auto [ei, end] = boost::out_edges(v, accessed_by); ei != end; ++ei) {
        const auto person = boost::target(*ei, accessed_by);
        if (!out.reached[person] && !input.excluded[person]) sources.push_back(person);
      }
    }
    // In the model's order, each once: a person's predecessor is the first system it accesses
    // that is in scope.
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (const auto person : sources) {
      for (auto [ei, end] = boost::out_edges(person, g); ei != end; ++ei) {
        const auto target = boost::target(*ei, g);
        if (g[*ei].kind == EdgeKind::Accesses && out.reached[target]) {
          out.via[person] = static_cast<long>(target);
          out.via_edge[person] = EdgeKind::Accesses;
          break;
        }
      }
    }
  }
  return out;
}

std::string write_dot(const GraphInput& input, const std::vector<DotVertex>& vertices) {
  Graph g = build_labelled(input);
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

// The boundary as SVG through Graphviz's libgvc. libgvc is not thread-safe (cgraph(3)), so every
// call goes through one worker thread that owns the only GVC context; large boundaries are grouped
// by kind so the picture stays readable and the layout fast.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include "attestplan/render.hpp"

namespace attestplan {

namespace {

/// Owns the GVC context and the one thread that may touch libgvc.
class GraphvizWorker {
 public:
  static GraphvizWorker& instance() {
    static GraphvizWorker worker;
    return worker;
  }

  /// Lays out `dot` and renders SVG on the worker thread; throws with Graphviz's reason on failure.
  std::string render_svg(std::string dot) {
    std::packaged_task<std::string()> task([this, dot = std::move(dot)] { return render(dot); });
    auto result = task.get_future();
    {
      std::lock_guard lock(mutex_);
      queue_.push(std::move(task));
    }
    wake_.notify_one();
    return result.get();
  }

  ~GraphvizWorker() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  GraphvizWorker() : thread_([this] { loop(); }) {}

  void loop() {
    GVC_t* gvc = gvContext();  // created and used on this thread only
    for (;;) {
      std::packaged_task<std::string()> task;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) break;  // stopping and nothing left
        task = std::move(queue_.front());
        queue_.pop();
      }
      gvc_ = gvc;
      task();
    }
    gvFreeContext(gvc);
  }

  std::string render(const std::string& dot) {
    Agraph_t* g = agmemread(dot.c_str());
    if (!g) throw std::runtime_error("Graphviz could not read the generated DOT");
    // Bounded layout work: network simplex and crossing minimisation stop early (dot(1): nslimit,
    // nslimit1, mclimit), which costs a little tidiness on large pictures and no time on small
    // ones.
    agsafeset(g, const_cast<char*>("nslimit"), const_cast<char*>("4"), const_cast<char*>(""));
    agsafeset(g, const_cast<char*>("nslimit1"), const_cast<char*>("4"), const_cast<char*>(""));
    agsafeset(g, const_cast<char*>("mclimit"), const_cast<char*>("0.5"), const_cast<char*>(""));
    if (gvLayout(gvc_, g, "dot") != 0) {
      agclose(g);
      // engineering notes: -1 when the libgvc plugin configuration is missing ("dot" not
      // recognized).
      throw std::runtime_error(
          "Graphviz layout failed: is libgvc's plugin configuration installed "
          "(libgvc6, 'dot -c')?");
    }
    char* data = nullptr;
    unsigned int length = 0;
    const int rc = gvRenderData(gvc_, g, "svg", &data, &length);
    std::string svg = rc == 0 && data ? std::string(data, length) : std::string{};
    if (data) gvFreeRenderData(data);
    gvFreeLayout(gvc_, g);
    agclose(g);
    if (rc != 0) throw std::runtime_error("Graphviz could not render SVG");
    return svg;
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::queue<std::packaged_task<std::string()>> queue_;
  bool stop_ = false;
  GVC_t* gvc_ = nullptr;
  std::thread thread_;
};

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

/// Above the bound, components collapse into one node per (verdict, kind); edges between groups
/// are merged. Services and subservice organizations stay individual.
std::string grouped_dot(const Model& model, const Boundary& b) {
  std::map<std::string, std::string> group_of;                // node id → group node id
  std::map<std::string, std::pair<std::string, int>> groups;  // group id → label, count
  std::size_t services = 0, vendors = 0;
  for (const auto& n : b.nodes)
    services += n.node == NodeKind::Service, vendors += n.node == NodeKind::Subservice;
  for (const auto& n : b.nodes) {
    if (n.node != NodeKind::Component) {
      // Services and subservice organizations stay themselves, unless there are too many to draw.
      const bool service = n.node == NodeKind::Service;
      if ((service ? services : vendors) <= kSvgMaxIndividual) {
        group_of[n.id] = n.id;
        continue;
      }
      const std::string gid = service ? "group-services" : "group-subservices";
      group_of[n.id] = gid;
      auto& g = groups[gid];
      g.first = service ? "services" : "subservice organizations";
      ++g.second;
      continue;
    }
    const std::string gid = std::string{to_string(n.verdict)} + "-" + to_string(*n.kind);
    group_of[n.id] = gid;
    auto& g = groups[gid];
    g.first = std::string{to_string(*n.kind)} + " (" + to_string(n.verdict) + ")";
    ++g.second;
  }
  std::string dot = "digraph G {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (const auto& n : b.nodes) {
    if (n.node == NodeKind::Component || group_of[n.id] != n.id) continue;
    dot += "  " + quoted(n.id) + " [label=" + quoted(n.name) +
           ", shape=" + (n.node == NodeKind::Service ? "doubleoctagon" : "tab") +
           ", style=filled, fillcolor=" +
           (n.verdict == Verdict::InScope ? "\"#bfdbfe\"" : "\"#ffffff\"") + "];\n";
  }
  for (const auto& [gid, g] : groups) {
    const bool in = gid.rfind("in-scope", 0) == 0 || gid.rfind("group-", 0) == 0;
    dot += "  " + quoted(gid) + " [label=" + quoted(g.first + "\\n× " + std::to_string(g.second)) +
           ", shape=box3d, style=" + (in ? "filled, fillcolor=\"#bfdbfe\"" : "dashed") + "];\n";
  }
  std::set<std::pair<std::string, std::string>> edges;
  auto edge = [&](const std::string& from, const std::string& to) {
    const auto a = group_of.find(from), c = group_of.find(to);
    if (a != group_of.end() && c != group_of.end() && a->second != c->second)
      edges.insert({a->second, c->second});
  };
  for (const auto& s : model.services) {
    for (const auto& r : s.uses) edge(s.id, r.id);
  }
  for (const auto& c : model.components) {
    for (const auto* refs : {&c.runs_on, &c.uses, &c.stores, &c.accesses, &c.flows_to}) {
      for (const auto& r : *refs) edge(c.id, r.id);
    }
    if (c.provided_by) edge(c.id, c.provided_by->id);
  }
  for (const auto& [from, to] : edges) dot += "  " + quoted(from) + " -> " + quoted(to) + ";\n";
  return dot + "}\n";
}

}  // namespace

std::string boundary_svg_dot(const Model& model, const Boundary& boundary,
                             std::size_t group_above) {
  const bool small = boundary.nodes.size() <= group_above && boundary.edge_count <= kSvgMaxEdges;
  return small ? boundary_to_dot(model, boundary) : grouped_dot(model, boundary);
}

std::string boundary_to_svg(const Model& model, const Boundary& boundary, std::size_t group_above) {
  return GraphvizWorker::instance().render_svg(boundary_svg_dot(model, boundary, group_above));
}

}  // namespace attestplan

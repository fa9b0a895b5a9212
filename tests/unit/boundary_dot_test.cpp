// boundary_to_dot's output parsed back by Graphviz's cgraph: valid DOT with every node and edge.
#include <graphviz/cgraph.h>
#include <gtest/gtest.h>

#include "attestplan/boundary.hpp"
#include "attestplan/loader.hpp"

namespace attestplan {

namespace {

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

TEST(BoundaryDot, EveryExampleParsesAsDotWithAllNodesAndEdges) {
  for (const char* name : {"hr-saas", "payments-fintech", "startup-type1"}) {
    const auto r =
        load_model_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/" + name + ".toml",
                        CriteriaCatalog::builtin());
    ASSERT_TRUE(r.model) << name;
    const auto boundary = resolve_boundary(*r.model, CriteriaCatalog::builtin());
    const auto dot = boundary_to_dot(*r.model, boundary);
    std::unique_ptr<Agraph_t, GraphCloser> g(agmemread(dot.c_str()));
    ASSERT_NE(g, nullptr) << name << ":\n" << dot;
    EXPECT_EQ(static_cast<std::size_t>(agnnodes(g.get())), boundary.nodes.size()) << name;
    EXPECT_EQ(static_cast<std::size_t>(agnedges(g.get())), boundary.edge_count) << name;
    for (const auto& node : boundary.nodes) {
      EXPECT_NE(agnode(g.get(), const_cast<char*>(node.id.c_str()), 0), nullptr) << node.id;
    }
  }
}

TEST(BoundaryDot, HostileNamesStayInsideTheirLabel) {
  const auto r = load_model_text(
      "schema = \"attestplan/1\"\n[organization]\nname = \"x\"\nemployees = 3\n"
      "[[service]]\nid = \"s\"\nname = \"quote \\\" and backslash \\\\\"\nuses = [\"c\"]\n"
      "[[component]]\nid = \"c\"\nkind = \"software\"\nname = \"ends with \\\\\"\n",
      "hostile.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(r.model);
  const auto dot =
      boundary_to_dot(*r.model, resolve_boundary(*r.model, CriteriaCatalog::builtin()));
  std::unique_ptr<Agraph_t, GraphCloser> g(agmemread(dot.c_str()));
  ASSERT_NE(g, nullptr) << dot;
  EXPECT_EQ(agnnodes(g.get()), 2);
  auto* c = agnode(g.get(), const_cast<char*>("c"), 0);
  ASSERT_NE(c, nullptr);
  EXPECT_STREQ(agget(c, const_cast<char*>("label")), "ends with \\\\\\n(software)");
}

}  // namespace attestplan

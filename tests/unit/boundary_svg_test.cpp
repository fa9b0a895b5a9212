// boundary_to_svg: valid SVG (parsed by expat) that shows every in-scope component or its group.
#include <expat.h>
#include <gtest/gtest.h>

#include <set>

#include "attestplan/boundary.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

/// Parses SVG with expat; collects the text of every <title> inside a node group.
struct SvgScan {
  bool well_formed = false;
  bool root_is_svg = false;
  std::set<std::string> node_titles;
  std::string error;
};

SvgScan scan(const std::string& svg) {
  struct State {
    SvgScan out;
    int depth = 0;
    bool in_node = false;
    int node_depth = 0;
    bool in_title = false;
    std::string text;
  } st;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &st);
  XML_SetElementHandler(
      p,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<State*>(data);
        ++s.depth;
        const std::string n = name;
        if (s.depth == 1) s.out.root_is_svg = n == "svg";
        if (n == "g") {
          for (int i = 0; attrs[i]; i += 2) {
            if (std::string{attrs[i]} == "class" && std::string{attrs[i + 1]} == "node") {
              s.in_node = true;
              s.node_depth = s.depth;
            }
          }
        }
        if (n == "title" && s.in_node) {
          s.in_title = true;
          s.text.clear();
        }
      },
      [](void* data, const XML_Char* name) {
        auto& s = *static_cast<State*>(data);
        if (std::string{name} == "title" && s.in_title) {
          s.out.node_titles.insert(s.text);
          s.in_title = false;
        }
        if (s.in_node && s.depth == s.node_depth) s.in_node = false;
        --s.depth;
      });
  XML_SetCharacterDataHandler(p, [](void* data, const XML_Char* text, int len) {
    auto& s = *static_cast<State*>(data);
    if (s.in_title) s.text.append(text, static_cast<std::size_t>(len));
  });
  st.out.well_formed = XML_Parse(p, svg.data(), static_cast<int>(svg.size()), 1) == XML_STATUS_OK;
  if (!st.out.well_formed) st.out.error = XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  return st.out;
}

}  // namespace

TEST(BoundarySvg, EveryExampleIsValidSvgShowingEveryInScopeComponent) {
  for (const char* name : {"hr-saas", "payments-fintech", "startup-type1"}) {
    const auto r =
        load_model_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/" + name + ".toml",
                        CriteriaCatalog::builtin());
    ASSERT_TRUE(r.model) << name;
    const auto b = resolve_boundary(*r.model, CriteriaCatalog::builtin());
    const auto s = scan(boundary_to_svg(*r.model, b));
    ASSERT_TRUE(s.well_formed) << name << ": " << s.error;
    EXPECT_TRUE(s.root_is_svg) << name;
    for (const auto& n : b.nodes) {
      if (n.verdict == Verdict::InScope) {
        EXPECT_TRUE(s.node_titles.count(n.id)) << name << ": " << n.id;
      }
    }
  }
}

TEST(BoundarySvg, LargeBoundariesAreGroupedByKind) {
  Model m;
  m.organization.name = "Big & <Co>";
  m.services.push_back({"svc", "Service", "", {}, {{"c0", {}}}, {}});
  for (int i = 0; i < 400; ++i) {
    Component c;
    c.id = "c" + std::to_string(i);
    c.name = c.id;
    c.kind = i % 2 ? ComponentKind::Software : ComponentKind::Data;
    if (i + 1 < 300) c.uses.push_back({"c" + std::to_string(i + 1), {}});
    m.components.push_back(std::move(c));
  }
  const auto b = resolve_boundary(m, CriteriaCatalog::builtin());
  const auto s = scan(boundary_to_svg(m, b));
  ASSERT_TRUE(s.well_formed) << s.error;
  EXPECT_TRUE(s.node_titles.count("in-scope-software"));
  EXPECT_TRUE(s.node_titles.count("in-scope-data"));
  EXPECT_TRUE(s.node_titles.count("out-of-scope-software"));
  EXPECT_TRUE(s.node_titles.count("svc"));
  EXPECT_LT(s.node_titles.size(), 10u);
}

TEST(BoundarySvg, WhatIsLaidOutIsBoundedHoweverDenseOrWideTheModel) {
  // A small but dense model (every component uses every other) and a wide one (thousands of
  // subservice organizations): the DOT Graphviz lays out stays within a fixed number of nodes and
  // edges, whatever the model holds.
  auto count = [](const std::string& dot, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = dot.find(what); at != std::string::npos; at = dot.find(what, at + 1)) ++n;
    return n;
  };
  Model dense;
  dense.services.push_back({"svc", "Service", "", {}, {{"c0", {}}}, {}});
  for (int i = 0; i < 120; ++i) {
    Component c;
    c.id = c.name = "c" + std::to_string(i);
    c.kind = ComponentKind::Software;
    for (int j = 0; j < 120; ++j) {
      if (j != i) c.uses.push_back({"c" + std::to_string(j), {}});
    }
    dense.components.push_back(std::move(c));
  }
  const auto db = resolve_boundary(dense, CriteriaCatalog::builtin());
  ASSERT_GT(db.edge_count, kSvgMaxEdges);
  const auto dd = boundary_svg_dot(dense, db);
  EXPECT_LE(count(dd, " -> "), 50u) << dd.substr(0, 400);
  EXPECT_LE(count(dd, "[label="), 30u);

  Model wide;
  wide.services.push_back({"svc", "Service", "", {}, {{"app", {}}}, {}});
  Component app;
  app.id = app.name = "app";
  app.kind = ComponentKind::Software;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "v" + std::to_string(i);
    Component c;
    c.id = c.name = "thing-" + id;
    c.kind = ComponentKind::Software;
    c.provided_by = Ref{id, {}};
    app.uses.push_back({c.id, {}});
    wide.components.push_back(std::move(c));
    Subservice s;
    s.id = s.name = id;
    wide.subservices.push_back(std::move(s));
  }
  wide.components.push_back(std::move(app));
  const auto wb = resolve_boundary(wide, CriteriaCatalog::builtin());
  const auto wd = boundary_svg_dot(wide, wb);
  EXPECT_LE(count(wd, "[label="), 2 * kSvgMaxIndividual + 20) << wd.substr(0, 400);
  EXPECT_LE(count(wd, " -> "), 100u);
  EXPECT_NE(wd.find("subservice organizations"), std::string::npos);
  const auto s = scan(boundary_to_svg(wide, wb));
  EXPECT_TRUE(s.well_formed) << s.error;
}

}  // namespace attestplan

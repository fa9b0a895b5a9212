// Tests for catalog.cpp: the built-in TSC 2017 catalog and parsing errors.
#include "attestplan/catalog.hpp"

#include <gtest/gtest.h>

namespace attestplan {

TEST(CriteriaCatalog, BuiltinHasAll61CriteriaByCategory) {
  const auto& c = CriteriaCatalog::builtin();
  EXPECT_EQ(c.all().size(), 61u);
  EXPECT_EQ(c.in_category(Category::Security).size(), 33u);
  EXPECT_EQ(c.in_category(Category::Availability).size(), 3u);
  EXPECT_EQ(c.in_category(Category::Confidentiality).size(), 2u);
  EXPECT_EQ(c.in_category(Category::ProcessingIntegrity).size(), 5u);
  EXPECT_EQ(c.in_category(Category::Privacy).size(), 18u);
}

TEST(CriteriaCatalog, CommonCriteriaOneToFiveMapToCosoPrinciples) {
  const auto& c = CriteriaCatalog::builtin();
  // reference §1.2: CC1.x → 1–5, CC2.x → 13–15, CC3.x → 6–9, CC4.x → 16–17, CC5.x → 10–12.
  EXPECT_EQ(c.find("CC1.1")->coso_principle, 1);
  EXPECT_EQ(c.find("CC2.3")->coso_principle, 15);
  EXPECT_EQ(c.find("CC3.4")->coso_principle, 9);
  EXPECT_EQ(c.find("CC4.2")->coso_principle, 17);
  EXPECT_EQ(c.find("CC5.1")->coso_principle, 10);
  EXPECT_EQ(c.find("CC6.1")->coso_principle, 0);
  int mapped = 0;
  for (const auto& criterion : c.all()) mapped += criterion.coso_principle > 0;
  EXPECT_EQ(mapped, 17);
}

TEST(CriteriaCatalog, ParseReportsDuplicatesAndBadCategoriesWithLocations) {
  Diagnostics diags;
  const auto parsed = CriteriaCatalog::parse(
      {"catalog = \"x\"\n[[criterion]]\nid = \"CC1.1\"\ncategory = \"security\"\ntitle = \"a\"\n"
       "[[criterion]]\nid = \"CC1.1\"\ncategory = \"securty\"\ntitle = \"b\"\n",
       "cat.toml"},
      diags);
  EXPECT_FALSE(parsed);
  ASSERT_EQ(diags.error_count(), 2u);
  EXPECT_NE(diags.items()[0].hint.find("security"), std::string::npos);
  EXPECT_EQ(diags.items()[1].location.line, 7u);
}

}  // namespace attestplan

namespace attestplan {

TEST(Catalog, BuiltinEqualsTheFullReadingOfItsFile) {
  // builtin() reads the pre-parsed form directly; parse() reads the same file through TableReader
  // with every check. They must agree on every field of every criterion.
  Diagnostics diags;
  const auto file = load_data_file(std::nullopt, "criteria/tsc-2017.toml", diags);
  ASSERT_TRUE(file);
  const auto full = CriteriaCatalog::parse(*file, diags);
  ASSERT_TRUE(full) << (diags.empty() ? "" : diags.items()[0].message);
  const auto& fast = CriteriaCatalog::builtin();
  EXPECT_EQ(fast.name(), full->name());
  EXPECT_EQ(fast.source(), full->source());
  ASSERT_EQ(fast.all().size(), full->all().size());
  for (std::size_t i = 0; i < fast.all().size(); ++i) {
    const auto& a = fast.all()[i];
    const auto& b = full->all()[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.category, b.category) << a.id;
    EXPECT_EQ(a.title, b.title) << a.id;
    EXPECT_EQ(a.group, b.group) << a.id;
    EXPECT_EQ(a.coso_principle, b.coso_principle) << a.id;
    EXPECT_EQ(a.coso_component, b.coso_component) << a.id;
  }
}

TEST(Catalog, OnlyTheBuiltinObjectIsKnownAsBuiltin) {
  // What the build checked against the built-in catalog is skipped only for that very object: a
  // parse of the same file, or a copy that could be changed, is checked as a firm's own.
  EXPECT_TRUE(CriteriaCatalog::builtin().is_builtin());
  Diagnostics diags;
  const auto file = load_data_file(std::nullopt, "criteria/tsc-2017.toml", diags);
  ASSERT_TRUE(file);
  const auto parsed = CriteriaCatalog::parse(*file, diags);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->is_builtin());
  const CriteriaCatalog copy = CriteriaCatalog::builtin();
  EXPECT_FALSE(copy.is_builtin());
}

}  // namespace attestplan

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

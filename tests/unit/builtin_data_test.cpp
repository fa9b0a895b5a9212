// The built-in data under models/, read by the same readers that read a firm's replacement files:
// each reads without a problem, and what one file cites exists in another.
#include <gtest/gtest.h>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/vendors.hpp"
#include "observation-timing/durations.hpp"
#include "rate-card-cost/card.hpp"
#include "sampling-effort/policy.hpp"
#include "tsc-scope/library.hpp"

namespace attestplan {
namespace {

DataFile builtin(std::string_view path) {
  Diagnostics diags;
  auto file = load_data_file(std::nullopt, path, diags);
  EXPECT_TRUE(file) << path;
  return file.value_or(DataFile{});
}

std::string first(const Diagnostics& d) {
  return d.empty() ? "" : format_diagnostic(d.items().front(), {});
}

}  // namespace

TEST(BuiltinData, TheCriteriaCatalogHasTheSixtyOneCriteriaOfTsc2017) {
  Diagnostics diags;
  const auto catalog = CriteriaCatalog::parse(builtin("criteria/tsc-2017.toml"), diags);
  ASSERT_TRUE(catalog) << first(diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  EXPECT_EQ(catalog->all().size(), 61u);
  EXPECT_EQ(CriteriaCatalog::builtin().all().size(), 61u);
  EXPECT_EQ(CriteriaCatalog::builtin().source(), "builtin:criteria/tsc-2017.toml");
}

TEST(BuiltinData, EveryControlOfTheLibraryCitesACriterionOfTheCatalog) {
  Diagnostics diags;
  const auto library = tsc_scope::parse_library(builtin(tsc_scope::kBuiltinLibrary), diags);
  ASSERT_TRUE(library) << first(diags);
  EXPECT_GE(library->controls.size(), 100u);
  tsc_scope::check_criteria(*library, CriteriaCatalog::builtin(), diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  for (const auto& c : library->controls) EXPECT_FALSE(c.criteria.empty()) << c.id;
}

TEST(BuiltinData, ALibraryCitingACriterionTheCatalogLacksIsLocated) {
  const DataFile file{
      "library = \"x\"\n[[control]]\nid = \"X-1\"\ndomain = \"access\"\ntitle = \"t\"\n"
      "criteria = [\"CC6.1\", \"CC99.9\"]\nfrequency = \"annual\"\nnature = \"manual\"\n"
      "evidence = \"e\"\nevidence_category = \"c\"\nowner = \"o\"\n",
      "lib.toml"};
  Diagnostics diags;
  const auto library = tsc_scope::parse_library(file, diags);
  ASSERT_TRUE(library) << first(diags);
  tsc_scope::check_criteria(*library, CriteriaCatalog::builtin(), diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].location.file, "lib.toml");
  EXPECT_EQ(diags.items()[0].location.line, 6u);
  EXPECT_NE(diags.items()[0].message.find("CC99.9"), std::string::npos);
}

TEST(BuiltinData, TheSamplingPolicyReads) {
  Diagnostics diags;
  const auto policy =
      sampling_effort::parse_policy(builtin(sampling_effort::kBuiltinPolicy), diags);
  ASSERT_TRUE(policy) << first(diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  EXPECT_FALSE(policy->frequency.empty());
  EXPECT_FALSE(policy->populations.empty());
}

TEST(BuiltinData, TheRateCardReadsAndSaysItIsIllustrative) {
  Diagnostics diags;
  const auto card = rate_card_cost::parse_card(builtin(rate_card_cost::kBuiltinCard), diags);
  ASSERT_TRUE(card) << first(diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  EXPECT_TRUE(card->illustrative);
  EXPECT_EQ(card->mix.size(), 4u);  // one staffing mix per audit stage
}

TEST(BuiltinData, TheTimingDurationsRead) {
  Diagnostics diags;
  const auto d =
      observation_timing::parse_durations(builtin(observation_timing::kBuiltinDurations), diags);
  ASSERT_TRUE(d) << first(diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  EXPECT_EQ(d->remediation.size(), 4u);
}

TEST(BuiltinData, TheVendorLibraryReadsAndMapsTerraformProviders) {
  Diagnostics diags;
  const auto lib =
      VendorLibrary::parse(builtin("vendors/vendors.toml"), CriteriaCatalog::builtin(), diags);
  ASSERT_TRUE(lib) << first(diags);
  EXPECT_TRUE(diags.empty()) << first(diags);
  for (const char* id :
       {"aws", "gcp", "azure", "okta", "github", "datadog", "stripe", "cloudflare", "snowflake"}) {
    EXPECT_NE(lib->find(id), nullptr) << id;
  }
  // A hyperscaler carries the building, the hardware and the environment (docs/sources.md).
  EXPECT_EQ(lib->find("aws")->covers, (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));
  ASSERT_NE(lib->for_provider("registry.terraform.io/hashicorp/google"), nullptr);
  EXPECT_EQ(lib->for_provider("registry.terraform.io/hashicorp/google")->id, "gcp");
  EXPECT_EQ(lib->for_provider("hashicorp/aws")->id, "aws");
  EXPECT_EQ(lib->for_provider("registry.terraform.io/hashicorp/random"), nullptr);
}

TEST(BuiltinData, AVendorCoveringANonCriterionIsLocated) {
  Diagnostics diags;
  const DataFile file{
      "[[vendor]]\nid = \"x\"\nname = \"X\"\nreport = \"soc2-type2\"\ncovers = [\"CC6.44\"]\n",
      "v.toml"};
  EXPECT_FALSE(VendorLibrary::parse(file, CriteriaCatalog::builtin(), diags));
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags.items()[0].message, "'CC6.44' in covers of vendor 'x' is not a criterion");
  EXPECT_EQ(diags.items()[0].location.to_string(), "v.toml:5:11");
}

}  // namespace attestplan

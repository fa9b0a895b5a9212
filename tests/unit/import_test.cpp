// Tests for import/: the readers never crash on a damaged input (each cut and each flipped byte of
// the fixtures gives an overlay or errors, never both, never neither), and the overlay they write
// is a model the loader reads back with every component's source.
#include "attestplan/import.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "attestplan/loader.hpp"
#include "attestplan/toml_reader.hpp"
#include "test_util.hpp"

namespace attestplan {

namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) {
  return fs::path{ATTESTPLAN_SOURCE_DIR} / "tests/fixtures/import" / name;
}

fs::path scratch_file(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("attestplan-import-unit-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

/// Each reader on damaged copies of a fixture: cut at many places, and with bytes changed at random
/// (fixed seed). Every outcome is an overlay without errors, or errors without an overlay.
void damage(const std::string& name, ImportResult (*read)(const fs::path&)) {
  const auto text = testing::slurp(fixture(name));
  ASSERT_FALSE(text.empty()) << name;
  const auto path = scratch_file("damaged-" + name);
  std::mt19937_64 rng(20261130);
  const auto check = [&](const std::string& variant, const std::string& what) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << variant;
    const auto r = read(path);
    EXPECT_NE(r.overlay.has_value(), r.diagnostics.has_errors()) << name << ": " << what;
    if (r.overlay) {  // and what it writes is TOML the loader's reader takes
      Diagnostics toml;
      EXPECT_TRUE(parse_toml(render_overlay(*r.overlay), "overlay.toml", "model overlay", toml))
          << name << ": " << what;
      EXPECT_FALSE(toml.has_errors()) << name << ": " << what << ": " << toml.items()[0].message;
    }
  };
  for (std::size_t cut = 0; cut < text.size(); cut += std::max<std::size_t>(1, text.size() / 97)) {
    check(text.substr(0, cut), "cut at " + std::to_string(cut));
  }
  static const char kBytes[] = {'{',  '}',  '[',  ']',    '"', ',', ':',
                                '\\', '\n', '\0', '\xff', 'x', '0', '|'};
  for (int i = 0; i < 150; ++i) {
    auto variant = text;
    for (int k = 0; k < 3; ++k) variant[rng() % variant.size()] = kBytes[rng() % sizeof kBytes];
    check(variant, "mutation " + std::to_string(i));
  }
}

ImportResult terraform_default(const fs::path& p) { return import_terraform(p, {}); }

}  // namespace

TEST(Import, DamagedTerraformStatesNeverCrashAndNeverHalfSucceed) {
  damage("aws-saas.tfstate.json", &terraform_default);
}
TEST(Import, DamagedRegistersNeverCrashAndNeverHalfSucceed) { damage("register.csv", &import_csv); }
ImportResult groups_default(const fs::path& p) { return import_groups(p); }

TEST(Import, DamagedGroupExportsNeverCrashAndNeverHalfSucceed) {
  damage("okta-groups.json", &groups_default);
}

TEST(Import, TheOverlayReadsBackAsAModelWithEverySource) {
  const auto r =
      import_terraform(fixture("gcp-saas.tfstate.json"), {GroupBy::Resource, std::nullopt, {}});
  ASSERT_TRUE(r.overlay);
  const auto overlay = scratch_file("gcp.imported.toml");
  std::ofstream(overlay) << render_overlay(*r.overlay);
  std::ofstream(overlay.parent_path() / "gcp.toml")
      << "schema = \"attestplan/1\"\ninclude = [\"gcp.imported.toml\"]\n[organization]\nname = "
         "\"G\"\nemployees = 10\n"
         "[[service]]\nid = \"svc\"\nuses = [\"app-reports-cloud-run-v2-service\"]\n";
  const auto m = load_model_file(overlay.parent_path() / "gcp.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(m.model) << (m.diagnostics.empty() ? "" : m.diagnostics.items()[0].message);
  std::size_t with_source = 0;
  for (const auto& c : m.model->components) with_source += !c.source.empty();
  EXPECT_EQ(with_source, m.model->components.size());
  const auto* reports = m.model->find_component("data-reports-sql-database-instance");
  ASSERT_NE(reports, nullptr);
  EXPECT_EQ(reports->source, "module.data.google_sql_database_instance.reports");
  ASSERT_NE(m.model->find_subservice("gcp"), nullptr);
  EXPECT_EQ(m.model->find_subservice("gcp")->name, "Google Cloud");
}

TEST(Import, NamesWithQuotesAndControlCharactersAreEscapedInTheOverlay) {
  Overlay o;
  o.tool = "csv";
  o.input = "x.csv";
  ImportedComponent c;
  c.id = "a";
  c.name = "Say \"hi\"\n\\ and \x01";
  c.kind = ComponentKind::Software;
  o.components.push_back(c);
  const auto path = scratch_file("escaped.toml");
  std::ofstream(path) << render_overlay(o);
  std::ofstream(path.parent_path() / "escaped-model.toml")
      << "schema = \"attestplan/1\"\ninclude = [\"escaped.toml\"]\n[organization]\nname = "
         "\"E\"\nemployees = 1\n"
         "[[service]]\nid = \"svc\"\nuses = [\"a\"]\n";
  const auto m =
      load_model_file(path.parent_path() / "escaped-model.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(m.model) << (m.diagnostics.empty() ? "" : m.diagnostics.items()[0].message);
  EXPECT_EQ(m.model->find_component("a")->name, c.name);
}

}  // namespace attestplan

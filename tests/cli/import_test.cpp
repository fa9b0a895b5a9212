// attestplan import and drift, run as a user would: the fixtures under tests/fixtures/import import
// into models that validate and estimate, bad inputs get located messages and exit 2 with nothing
// written, and drift lists exactly what changed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using attestplan::testing::slurp;
using nlohmann::json;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-import-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

/// Runs attestplan from the source folder, so fixture paths are relative to it.
RunResult run(const std::string& args) {
  const auto out = scratch() / "stdout", err = scratch() / "stderr";
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + ATTESTPLAN_BIN +
                          "' " + args + " >'" + out.string() + "' 2>'" + err.string() +
                          "' </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

const std::string kFixtures = "tests/fixtures/import";

/// Runs attestplan from the source folder with `input` (a path from there) on its standard input.
RunResult run_with_input(const std::string& args, const std::string& input) {
  const auto out = scratch() / "stdout", err = scratch() / "stderr";
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + ATTESTPLAN_BIN +
                          "' " + args + " <'" + input + "' >'" + out.string() + "' 2>'" +
                          err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

/// A copy of a fixture's hand-written frame model in a folder of its own, for imports to write
/// beside.
fs::path frame(const std::string& name) {
  const auto dir = scratch() / name;
  fs::create_directories(dir);
  fs::copy_file(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / (name + ".toml"),
                dir / (name + ".toml"), fs::copy_options::overwrite_existing);
  return dir / (name + ".toml");
}

double likely(const json& estimate, const char* figure) {
  return estimate.at("summary").at(figure).at("value").at("likely").get<double>();
}

}  // namespace

TEST(ImportTerraform, TheAwsFixtureImportsIntoAModelWithinFifteenPercentOfTheHandWrittenHrSaas) {
  const auto model = frame("aws-saas");
  const auto overlay = model.parent_path() / "aws-saas.imported.toml";
  auto r =
      run("import terraform " + kFixtures + "/aws-saas.tfstate.json -o '" + overlay.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto imported = run("estimate '" + model.string() + "' -f json");
  ASSERT_EQ(imported.code, 0) << imported.err;
  const auto hand = run("estimate models/examples/hr-saas.toml -f json");
  ASSERT_EQ(hand.code, 0) << hand.err;
  const auto a = json::parse(imported.out), b = json::parse(hand.out);
  for (const char* figure : {"controls", "auditor_hours"}) {
    const double x = likely(a, figure), y = likely(b, figure);
    ASSERT_GT(y, 0) << figure;
    EXPECT_LE(std::abs(x - y) / y, 0.15) << figure << ": imported " << x << ", hand-written " << y;
  }
  // The boundary says where each imported component came from, and what the hand-written model
  // kept.
  const auto boundary = run("boundary '" + model.string() + "' -f json");
  ASSERT_EQ(boundary.code, 0) << boundary.err;
  std::map<std::string, json> nodes;
  const auto doc = json::parse(boundary.out);
  for (const auto& n : doc.at("nodes")) nodes[n.at("id").get<std::string>()] = n;
  EXPECT_EQ(nodes.at("database").at("source"), "module.database.aws_db_instance.customers");
  EXPECT_EQ(nodes.at("database").at("verdict"), "in-scope");
  EXPECT_EQ(nodes.at("api").at("verdict"), "in-scope");
  EXPECT_EQ(nodes.at("rds").at("kind"), "infrastructure");
  EXPECT_FALSE(
      nodes.at("engineering").contains("source"));  // the hand-written team, not the IAM group
  EXPECT_NE(boundary.err.find("'engineering' from " + overlay.string() +
                              " is also defined by the model; the model's own is kept"),
            std::string::npos)
      << boundary.err;
  const auto table = run("boundary '" + model.string() + "'");
  EXPECT_NE(table.out.find("SOURCE"), std::string::npos);
  EXPECT_NE(table.out.find("module.database.aws_db_instance.customers"), std::string::npos)
      << table.out;
  const auto explain = run("estimate '" + model.string() + "' --explain");
  EXPECT_NE(explain.out.find("  database (data) from module.database.aws_db_instance.customers"),
            std::string::npos);
}

TEST(ImportTerraform, ModulesBecomeComponentsOnTheirPlatformsAndProvidersSubserviceOrganizations) {
  const auto r = run("import terraform " + kFixtures + "/aws-saas.tfstate.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // every type of the fixture has a rule
  // The database is data on the RDS platform, provided by AWS through the vendor library.
  EXPECT_NE(r.out.find("[[subservice]]\nid = \"aws\"\nvendor = \"aws\"\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("id = \"database\"\nname = \"Customer database\"\nkind = \"data\"\n"
                       "classification = [\"personal\", \"confidential\"]\nruns_on = [\"rds\"]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          "id = \"rds\"\nname = \"Managed relational databases (RDS)\"\nkind = \"infrastructure\"\n"
          "provided_by = \"aws\"\n"),
      std::string::npos);
  // depends_on and references become edges; the IAM group's policy ARNs become its accesses.
  EXPECT_NE(r.out.find("id = \"api\"\nname = \"module.api\"\nkind = \"software\"\nruns_on = "
                       "[\"cluster\"]\nuses = [\"database\", \"documents\"]\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("accesses = [\"cluster\", \"database\"]"), std::string::npos);
  // Networking is one node; data sources, helpers and random ids are no components.
  EXPECT_NE(r.out.find("id = \"aws-network\""), std::string::npos);
  EXPECT_EQ(r.out.find("aws_caller_identity"), std::string::npos);
  EXPECT_EQ(r.out.find("random_id"), std::string::npos);
  EXPECT_EQ(r.out.find("aws_s3_bucket_versioning"), std::string::npos);
  // One component per resource instead.
  const auto per =
      run("import terraform " + kFixtures + "/aws-saas.tfstate.json --group-by resource");
  ASSERT_EQ(per.code, 0) << per.err;
  // Ids from what each resource is: its module, name and type.
  EXPECT_NE(per.out.find("id = \"edge-public-lb\""), std::string::npos) << per.out;
  EXPECT_NE(per.out.find("id = \"edge-app-cloudfront-distribution\""), std::string::npos);
  EXPECT_NE(per.out.find("id = \"database-kms-key\""), std::string::npos);
}

TEST(ImportTerraform, SensitiveValuesAreNeverCopied) {
  for (const char* state : {"aws-saas", "gcp-saas"}) {
    const auto r =
        run("import terraform " + kFixtures + "/" + state + ".tfstate.json --group-by resource");
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* secret :
         {"correct-horse-battery-staple", "hunter2", "also-secret", "PRIVATE KEY", "fjord_admin"}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << state << ": " << secret;
    }
  }
}

/// Whether any six characters of `secret` appear in `text`.
bool shows_part_of(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + 6 <= secret.size(); ++i) {
    if (text.find(secret.substr(i, 6)) != std::string::npos) return true;
  }
  return false;
}

TEST(ImportHostile, AFileCutOrCorruptedInsideASecretNeverShowsTheSecret) {
  // Every secret of these fixtures, the file cut inside it and corrupted inside it (a control
  // character, a stray quote): the message names the place and what was expected, never the text.
  struct Case {
    std::string command, fixture;
    std::vector<std::string> secrets;
  };
  auto okta = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "okta-groups.json");
  okta.replace(okta.find("\"description\": \"First- and second-line support\""), 0,
               "\"securityAnswer\": \"ATTESTPLAN-TEST-SECRET-answer-0004 my first dog\", ");
  const auto okta_file = scratch() / "okta-with-recovery.json";
  std::ofstream(okta_file) << okta;
  const Case cases[] = {
      {"import terraform",
       (fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "raw-v4.tfstate").string(),
       {"ATTESTPLAN-TEST-SECRET-output-0001", "ATTESTPLAN-TEST-SECRET-pw-0002"}},
      {"import terraform",
       (fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "azure-shop.json").string(),
       {"ATTESTPLAN-TEST-SECRET-pw-0003"}},
      {"import terraform",
       (fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "aws-saas.tfstate.json").string(),
       {"correct-horse-battery-staple"}},
      {"import terraform",
       (fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "gcp-saas.tfstate.json").string(),
       {"hunter2-do-not-copy", "also-secret"}},
      {"import groups", okta_file.string(), {"ATTESTPLAN-TEST-SECRET-answer-0004 my first dog"}},
  };
  const auto broken = scratch() / "broken.json", out = scratch() / "broken.toml";
  std::size_t tried = 0, secrets = 0;
  for (const auto& c : cases) {
    secrets += c.secrets.size();
    const auto text = slurp(c.fixture);
    // Whole, the file imports and keeps no secret.
    const auto whole = run(c.command + " '" + c.fixture + "' -o '" + out.string() + "'");
    ASSERT_EQ(whole.code, 0) << c.fixture << "\n" << whole.err;
    for (const auto& secret : c.secrets) {
      EXPECT_FALSE(shows_part_of(slurp(out) + whole.out + whole.err, secret))
          << c.fixture << ": " << secret;
      for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
        const auto middle = at + secret.size() / 2;
        std::string corrupted_control = text, corrupted_quote = text;
        corrupted_control[middle] = '\x01';
        corrupted_quote.insert(middle, "\"");
        for (const auto& variant :
             {text.substr(0, at + 3), text.substr(0, middle), corrupted_control, corrupted_quote}) {
          std::ofstream(broken, std::ios::binary | std::ios::trunc) << variant;
          fs::remove(out);
          const auto r = run(c.command + " '" + broken.string() + "' -o '" + out.string() + "'");
          ++tried;
          EXPECT_EQ(r.code, 2) << c.fixture << ": " << secret << "\n" << r.err;
          EXPECT_FALSE(fs::exists(out));
          EXPECT_FALSE(shows_part_of(r.out + r.err, secret)) << c.fixture << ": " << secret << "\n"
                                                             << r.err;
          EXPECT_NE(r.err.find(broken.string() + ":"), std::string::npos)
              << r.err;  // the place is named
        }
      }
    }
  }
  EXPECT_GE(tried, 4 * secrets);  // every secret found, four ways broken
}

TEST(ImportTerraform,
     AStateFileImportsWithInstancesAsOneComponentAndDependenciesByConfigurationAddress) {
  // A raw version-4 state (terraform state pull): count and for_each instances of one resource, and
  // of a module, are one component; dependencies name configuration addresses (no instance keys);
  // one on a resource with count = 0 is noted; OpenTofu's registry still names the cloud.
  const auto r = run("import terraform " + kFixtures + "/raw-v4.tfstate");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("[[subservice]]\nid = \"aws\"\nvendor = \"aws\"\n"), std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("id = \"ledger-rds-cluster-instance\"\nname = "
                 "\"aws_rds_cluster_instance.ledger\"\nkind = \"data\"\n"
                 "description = \"3 resources: aws_rds_cluster_instance ×3\"\nruns_on = [\"rds\"]\n"
                 "uses = [\"ledger-rds-cluster\"]\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("id = \"service\"\nname = \"module.service\"\nkind = \"software\"\n"
                       "description = \"2 resources: aws_ecs_service ×2\"\nuses = "
                       "[\"ledger-rds-cluster\", \"aws-network\"]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(
                "name = \"Ledger database\"\nkind = \"data\"\nclassification = [\"confidential\"]"),
            std::string::npos);
  EXPECT_EQ(r.out.find("bastion"), std::string::npos);
  EXPECT_NE(
      r.err.find(
          "note: 1 dependency names a resource with no instance in the state, and was ignored: "
          "aws_instance.bastion (from aws_rds_cluster.ledger)"),
      std::string::npos)
      << r.err;
  // A dependency on a resource since removed is noted, not an error.
  const auto removed = run("import terraform " + kFixtures + "/depends-on-removed.json");
  EXPECT_EQ(removed.code, 0) << removed.err;
  EXPECT_NE(removed.err.find("aws_db_instance.gone (from module.store.aws_s3_bucket.files)"),
            std::string::npos)
      << removed.err;
}

TEST(ImportTerraform, IdsComeFromWhatAResourceIsSoANamesakeAddedRenamesNothing) {
  // Adding azurerm_application_gateway.main (sorted before the MySQL server "main") keeps every
  // id, and an unchanged state re-imports byte for byte.
  const auto before = run("import terraform " + kFixtures + "/azure-shop.json");
  const auto again = run("import terraform " + kFixtures + "/azure-shop.json");
  const auto after = run("import terraform " + kFixtures + "/azure-shop-gateway.json");
  ASSERT_EQ(before.code, 0) << before.err;
  ASSERT_EQ(after.code, 0) << after.err;
  EXPECT_EQ(before.out, again.out);
  std::size_t ids = 0;
  for (std::size_t at = before.out.find("\nid = "); at != std::string::npos;
       at = before.out.find("\nid = ", at + 1)) {
    const auto line = before.out.substr(at, before.out.find('\n', at + 1) - at);
    const auto block = before.out.substr(at, before.out.find("\n\n", at) - at);
    ++ids;
    EXPECT_NE(after.out.find(line + "\n"), std::string::npos) << line;
    // The same component under the same id: its source and kind unchanged.
    const auto source = block.find("\nsource = ");
    if (source != std::string::npos &&
        block.find("\ndescription = ") == std::string::npos) {  // one resource
      EXPECT_NE(after.out.find(block.substr(source, block.find('\n', source + 1) - source)),
                std::string::npos)
          << block;
    }
  }
  EXPECT_GE(ids, 5u);
  EXPECT_NE(after.out.find("id = \"main-mysql-flexible-server\"\nname = "
                           "\"azurerm_mysql_flexible_server.main\"\nkind = \"data\""),
            std::string::npos)
      << after.out;
  EXPECT_NE(after.out.find("id = \"main-application-gateway\""), std::string::npos);
}

TEST(ImportCorpus, EveryStateWrittenByOthersImportsMergesAndEstimatesOrIsRefusedForItsShape) {
  // tests/corpus/terraform: states and show -json outputs from public repositories (provenance in
  // tests/corpus/README.md). docs/import.md's table says what each gives; the import must agree.
  const fs::path corpus = fs::path{ATTESTPLAN_SOURCE_DIR} / "tests/corpus/terraform";
  const auto doc = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/import.md");
  std::map<std::string, std::pair<std::string, std::string>> table;  // file → components, left out
  const std::regex row{R"(\| `([^`]+)` \| [^|]+ \| (\w+) \| ([^|]+) \|)"};
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it) {
    table[(*it)[1].str()] = {(*it)[2].str(), (*it)[3].str()};
  }
  auto hr = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  const auto schema_end = hr.find('\n', hr.find("schema = ")) + 1;
  std::size_t files = 0, imported = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    const auto name = entry.path().filename().string();
    ++files;
    SCOPED_TRACE(name);
    ASSERT_TRUE(table.count(name)) << "docs/import.md has no row for " << name;
    const auto& [components, left_out] = table[name];
    const auto dir = scratch() / ("corpus-" + std::to_string(files));
    fs::create_directories(dir);
    const auto overlay = dir / "state.imported.toml";
    const auto r =
        run("import terraform '" + entry.path().string() + "' -o '" + overlay.string() + "'");
    EXPECT_EQ((r.out + r.err + slurp(overlay)).find("ATTESTPLAN-TEST-SECRET"), std::string::npos);
    if (components == "refused") {
      EXPECT_EQ(r.code, 2) << r.err;
      EXPECT_NE(r.err.find("error: " + left_out.substr(0, left_out.find_last_not_of(' ') + 1)),
                std::string::npos)
          << r.err;
      EXPECT_FALSE(fs::exists(overlay));
      continue;
    }
    ASSERT_EQ(r.code, 0) << r.err;
    ++imported;
    const auto text = slurp(overlay);
    std::size_t count = 0;
    for (auto at = text.find("[[component]]"); at != std::string::npos;
         at = text.find("[[component]]", at + 1))
      ++count;
    EXPECT_EQ(std::to_string(count), components);
    // The types the table says were left out are the warning's list.
    if (left_out.find('(') != std::string::npos) {
      EXPECT_NE(
          r.err.find("no rule knows were left out: " + left_out.substr(0, left_out.find(';'))),
          std::string::npos)
          << r.err;
    }
    // Merged into the HR SaaS example, the model validates and estimates.
    auto model = hr;
    model.insert(schema_end, "include = [\"state.imported.toml\"]\n");
    std::ofstream(dir / "model.toml") << model;
    const auto v = run("validate '" + (dir / "model.toml").string() + "'");
    EXPECT_EQ(v.code, 0) << v.err;
    const auto e = run("estimate -f json '" + (dir / "model.toml").string() + "'");
    EXPECT_EQ(e.code, 0) << e.err;
    EXPECT_EQ((v.out + v.err + e.out + e.err).find("ATTESTPLAN-TEST-SECRET"), std::string::npos);
  }
  EXPECT_GE(files, 14u);
  EXPECT_EQ(files, table.size());  // no row for a file that is not there
  EXPECT_GE(imported, 12u);
}

TEST(ImportTerraform, TagsTheStateMarksSensitiveAreNotRead) {
  // show -json: sensitive_values marks the Name tag; the component tag still groups.
  json shown = {
      {"format_version", "1.0"},
      {"values",
       {{"root_module",
         {{"resources", json::array({{{"address", "aws_s3_bucket.vault"},
                                      {"mode", "managed"},
                                      {"type", "aws_s3_bucket"},
                                      {"name", "vault"},
                                      {"provider_name", "registry.terraform.io/hashicorp/aws"},
                                      {"values",
                                       {{"id", "vault"},
                                        {"tags",
                                         {{"Name", "Project Nightjar payroll"},
                                          {"attestplan:component", "payroll"}}}}},
                                      {"sensitive_values", {{"tags", {{"Name", true}}}}}}})}}}}}};
  const auto a = scratch() / "sensitive-shown.json";
  std::ofstream(a) << shown.dump();
  const auto r = run("import terraform --group-by tag '" + a.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("Nightjar"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("id = \"payroll\""), std::string::npos) << r.out;
  // A raw state: sensitive_attributes marks the tags whole; none is read.
  json raw = {
      {"version", 4},
      {"terraform_version", "1.9.5"},
      {"resources",
       json::array({{{"mode", "managed"},
                     {"type", "aws_s3_bucket"},
                     {"name", "vault"},
                     {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
                     {"instances",
                      json::array({{{"schema_version", 0},
                                    {"attributes",
                                     {{"id", "vault"},
                                      {"tags",
                                       {{"Name", "Project Nightjar payroll"},
                                        {"attestplan:component", "nightjar-team"}}}}},
                                    {"sensitive_attributes",
                                     json::array({json::array(
                                         {{{"type", "get_attr"}, {"value", "tags"}}})})}}})}}})}};
  const auto b = scratch() / "sensitive-raw.json";
  std::ofstream(b) << raw.dump();
  const auto q = run("import terraform --group-by tag '" + b.string() + "'");
  ASSERT_EQ(q.code, 0) << q.err;
  EXPECT_EQ(q.out.find("ightjar"), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("id = \"vault-s3-bucket\""), std::string::npos) << q.out;
}

TEST(ImportTerraform, TheGcpFixtureImportsWithGoogleCloudAsItsVendor) {
  const auto r = run("import terraform " + kFixtures + "/gcp-saas.tfstate.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("[[subservice]]\nid = \"gcp\"\nvendor = \"gcp\"\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("id = \"app\"\nname = \"module.app\"\nkind = \"software\"\nruns_on = "
                       "[\"cloud-run\"]\nuses = [\"data\", \"gcp-network\"]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("classification = [\"personal\"]\nruns_on = [\"cloud-sql\", \"gcs\"]"),
            std::string::npos);
  EXPECT_NE(r.out.find("id = \"analysts\""), std::string::npos);
}

TEST(ImportTerraform, BadStatesGetALocatedMessageExitTwoAndNothingWritten) {
  struct Case {
    const char* file;
    const char* message;
  };
  const Case cases[] = {
      {"not-state.json",
       "not-state.json:1:1: error: not Terraform state: it has neither format_version (terraform "
       "show -json) nor version (a state file)"},
      {"array.json",
       "array.json:1:1: error: not Terraform state: the document is an array, not an object with "
       "format_version and values"},
      {"format-2.json",
       "format-2.json:2:1: error: format_version \"2.0\" is not one attestplan reads (Terraform's "
       "JSON output formats 0.1, 0.2 and 1.x)"},
      {"hcl.tf.json",
       "hcl.tf.json:1:1: error: not Terraform state: the file is not JSON (syntax error while "
       "parsing value - invalid literal)"},
      {"plan.json",
       "plan.json:1:1: error: this is a Terraform plan, not state (it has planned_values)"},
      {"state-v3.json",
       "state-v3.json:1:1: error: a state file of version 3 (Terraform 0.11 or older): attestplan "
       "reads version 4 and what terraform show -json prints"},
      {"no-type.json", "no-type.json:6:1: error: a resource has no type ('aws_s3_bucket.x')"},
  };
  const auto out = scratch() / "kept.toml";
  for (const auto& c : cases) {
    std::ofstream(out) << "# an earlier import\n";
    const auto r =
        run("import terraform " + kFixtures + "/bad/" + c.file + " -o '" + out.string() + "'");
    EXPECT_EQ(r.code, 2) << c.file;
    EXPECT_NE(r.err.find(kFixtures + "/bad/" + c.message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(out), "# an earlier import\n") << c.file;
  }
}

TEST(ImportTerraform, UnknownResourceTypesAreListedOnceWithCountsAsAWarning) {
  const auto r = run("import terraform " + kFixtures + "/bad/unknown-types.json");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(kFixtures +
                       "/bad/unknown-types.json: warning: 3 resource(s) of 2 type(s) no rule knows "
                       "were left out: aws_quantum_ledger (1), aws_xray_sampling_rule (2)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("id = \"logs-s3-bucket\""), std::string::npos);
}

TEST(ImportCsv, ARegisterOfThirtyAssetsAndFiveOktaGroupsValidateWithPeopleInScopeThroughTheirApps) {
  const auto model = frame("register");
  const auto dir = model.parent_path();
  auto r = run("import csv " + kFixtures + "/register.csv -o '" +
               (dir / "register.imported.toml").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  r = run("import groups " + kFixtures + "/okta-groups.json -o '" +
          (dir / "okta.imported.toml").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto v = run("validate '" + model.string() + "'");
  ASSERT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.out.find("35 component(s)"), std::string::npos) << v.out;  // 30 assets and 5 groups
  const auto b = run("boundary '" + model.string() + "' -f json");
  ASSERT_EQ(b.code, 0) << b.err;
  std::map<std::string, std::string> verdict;
  const auto doc = json::parse(b.out);
  for (const auto& n : doc.at("nodes"))
    verdict[n.at("id").get<std::string>()] = n.at("verdict").get<std::string>();
  // In scope through what their groups' apps are: GitHub and Datadog (engineering), the Datadog
  // and the in-scope API's data (support), Stripe (finance). Sales only reach analytics, out of
  // scope.
  EXPECT_EQ(verdict.at("engineering"), "in-scope");
  EXPECT_EQ(verdict.at("customer-support"), "in-scope");
  EXPECT_EQ(verdict.at("finance"), "in-scope");
  EXPECT_EQ(verdict.at("sales"), "out-of-scope");
  EXPECT_EQ(verdict.at("a-01"), "in-scope");
  EXPECT_EQ(verdict.at("a-05"), "out-of-scope");
  const auto overlay = slurp(dir / "okta.imported.toml");
  EXPECT_NE(overlay.find("id = \"engineering\"\nname = \"Engineering\"\nkind = \"people\"\n"
                         "description = \"Platform and product engineers\"\nheadcount = 24\n"
                         "accesses = [\"a-21\", \"a-14\", \"a-23\", \"a-24\"]\nsource = \"okta "
                         "group 00g1engineering\"\n"),
            std::string::npos)
      << overlay;
  const auto reg = slurp(dir / "register.imported.toml");
  // parent_assets: the parent relies on the asset; an unknown vendor has no report to assume.
  EXPECT_NE(reg.find("id = \"a-07\"\nname = \"Core API\"\nkind = \"software\"\n"),
            std::string::npos)
      << reg;
  EXPECT_NE(reg.find("uses = [\"a-01\", \"a-02\", \"a-03\", \"a-04\", \"a-08\", \"a-12\", "
                     "\"a-21\", \"a-22\", \"a-23\", \"a-29\"]"),
            std::string::npos)
      << reg;
  EXPECT_NE(reg.find("id = \"atlassian\"\nname = \"Atlassian\"\nreport = \"none\""),
            std::string::npos);
}

TEST(ImportCsv, CisoAssistantsExportWizardTemplateAndCliSampleImportAsTheyAre) {
  // Its "Export as CSV": ';', a byte-order mark, labelled columns, Primary/Support.
  const auto exported = run("import csv " + kFixtures + "/ciso/export.csv");
  ASSERT_EQ(exported.code, 0) << exported.err;
  EXPECT_NE(exported.out.find("id = \"a-01\"\nname = \"Payroll records\"\nkind = "
                              "\"data\"\ndescription = \"Salaries; bank "
                              "accounts\"\nuses = [\"a-10\", \"a-11\"]\n"),
            std::string::npos)
      << exported.out;
  EXPECT_NE(exported.out.find("id = \"a-10\"\nname = \"Payroll database\"\nkind = \"software\""),
            std::string::npos);
  // The columns it does not read are named once, not dropped in silence.
  EXPECT_NE(exported.err.find("note: 4 column(s) attestplan does not read: Domain, Security "
                              "objectives, Disaster recovery "
                              "objectives, Labels"),
            std::string::npos)
      << exported.err;
  // Its data wizard's template has no parent_assets column; its CLI sample no ref_id.
  const auto wizard = run("import csv " + kFixtures + "/ciso/wizard-template.csv");
  ASSERT_EQ(wizard.code, 0) << wizard.err;
  EXPECT_NE(wizard.out.find("id = \"a-01\"\nname = \"Payroll records\"\nkind = \"data\""),
            std::string::npos)
      << wizard.out;
  const auto cli = run("import csv " + kFixtures + "/ciso/cli-sample.csv");
  ASSERT_EQ(cli.code, 0) << cli.err;
  EXPECT_NE(cli.out.find("id = \"payroll-records\"\nname = \"Payroll records\"\nkind = "
                         "\"data\"\ndescription = \"Salaries and "
                         "bank accounts\"\nuses = [\"payroll-database\"]\n"),
            std::string::npos)
      << cli.out;
  // The same register saved as UTF-16 (Excel's "Unicode text", tab-separated) reads the same.
  const auto text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "ciso/cli-sample.csv");
  std::string utf16 = "\xFF\xFE";
  for (char ch : text) {
    utf16 += ch == ',' ? '\t' : ch;
    utf16 += '\0';
  }
  const auto wide = scratch() / "cli-sample-utf16.txt";
  std::ofstream(wide, std::ios::binary) << utf16;
  const auto w = run("import csv '" + wide.string() + "'");
  ASSERT_EQ(w.code, 0) << w.err;
  EXPECT_NE(w.out.find("id = \"payroll-records\"\nname = \"Payroll records\"\nkind = "
                       "\"data\"\ndescription = \"Salaries and "
                       "bank accounts\"\nuses = [\"payroll-database\"]\n"),
            std::string::npos)
      << w.out;
}

TEST(ImportCsv, BadRegistersGetFileAndLine) {
  struct Case {
    const char* file;
    const char* message;
  };
  const Case cases[] = {
      {"missing-column.csv", "missing-column.csv:1:1: error: missing column 'name' in the header"},
      {"bad-row.csv", "bad-row.csv:3:1: error: this row has 6 fields, and the header 5"},
      {"dangling-uses.csv",
       "dangling-uses.csv:3:1: error: uses of 'a-2' names 'A-99', which is no asset of the "
       "register"},
      {"vendor-id-taken.csv",
       "vendor-id-taken.csv:2:1: error: provided_by names 'aws', whose id 'aws' is also the id of "
       "the asset on line 2"},
  };
  for (const auto& c : cases) {
    const auto r = run("import csv " + kFixtures + "/bad/" + c.file);
    EXPECT_EQ(r.code, 2) << c.file;
    EXPECT_TRUE(r.out.empty()) << c.file;
    EXPECT_NE(r.err.find(kFixtures + "/bad/" + c.message), std::string::npos) << r.err;
  }
}

TEST(ImportGroups, AGroupListCutShortIsReportedWithWhatIsMissingAndTheRestImports) {
  const auto r = run("import groups " + kFixtures + "/bad/dangling-group.json");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("dangling-group.json: warning: 1 group(s) assigned to applications are not "
                       "among the 1 groups "
                       "exported, so their access is left out: 00gX (/assignments/0/groups/0)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("export every page of GET /api/v1/groups"), std::string::npos);
  EXPECT_NE(r.out.find("[[component]]"), std::string::npos) << r.out;
}

TEST(ImportGroups, PagesReadAsOneAndAnAppWithNoComponentIsAWarningNotABrokenModel) {
  // The Okta fixture's groups split into two pages, as a script that saves each page writes them.
  auto doc = json::parse(slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "okta-groups.json"));
  auto groups = doc["groups"];
  json pages = json::array({json::array(), json::array()});
  for (std::size_t k = 0; k < groups.size(); ++k) pages[k < 3 ? 0 : 1].push_back(groups[k]);
  doc["groups"] = pages;
  // One app assigned to a component the hand-written model does not have.
  doc["assignments"].push_back({{"component", "no-such-app"},
                                {"app", {{"id", "0oa9"}, {"label", "Unknown app"}}},
                                {"groups", json::array({{{"id", "00g1engineering"}}})}});
  const auto dir = frame("register");
  const auto paged = dir.parent_path() / "okta-paged.json";
  std::ofstream(paged) << doc.dump();
  const auto r = run("import groups '" + paged.string() + "' -o '" +
                     (dir.parent_path() / "okta.imported.toml").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto text = slurp(dir.parent_path() / "okta.imported.toml");
  for (const char* id : {"engineering", "customer-support", "finance", "sales", "everyone"}) {
    EXPECT_NE(text.find(std::string{"id = \""} + id + "\""), std::string::npos) << id << "\n"
                                                                                << text;
  }
  // Or a file per page on the command line: the same people.
  json first = doc, second = json::object();
  first["groups"] = pages[0];
  second["groups"] = pages[1];
  const auto p1 = dir.parent_path() / "okta-page-1.json",
             p2 = dir.parent_path() / "okta-page-2.json";
  std::ofstream(p1) << first.dump();
  std::ofstream(p2) << second.dump();
  const auto split = run("import groups '" + p1.string() + "' '" + p2.string() + "'");
  ASSERT_EQ(split.code, 0) << split.err;
  for (const char* id : {"engineering", "customer-support", "finance", "sales", "everyone"}) {
    EXPECT_NE(split.out.find(std::string{"id = \""} + id + "\""), std::string::npos) << id << "\n"
                                                                                     << split.out;
  }
  EXPECT_NE(split.out.find("and 1 more page(s)"), std::string::npos);
  // The register's model includes it: the unmatched app is a warning, and the model loads.
  ASSERT_EQ(run("import csv " + kFixtures + "/register.csv -o '" +
                (dir.parent_path() / "register.imported.toml").string() + "'")
                .code,
            0);
  const auto v = run("validate '" + dir.string() + "'");
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.err.find("'no-such-app' in accesses of component 'engineering' names nothing the "
                       "model defines: an imported "
                       "reference, dropped"),
            std::string::npos)
      << v.err;
}

TEST(ImportHostile, ManyNamesakesAndManyProvidersImportInOnePass) {
  // 40,000 groups whose names make the same id, and a state of 100,000 resources from as many
  // providers: each is numbered or looked up once (before, every new one walked past all the
  // others).
  json groups = json::array();
  for (int k = 0; k < 40000; ++k) {
    groups.push_back({{"id", "00g" + std::to_string(k)},
                      {"type", "OKTA_GROUP"},
                      {"profile", {{"name", "Team " + std::string(k % 2 ? "!" : "?")}}}});
  }
  const auto many = scratch() / "namesakes.json";
  std::ofstream(many) << json{{"groups", groups}, {"assignments", json::array()}}.dump();
  const auto g = run("import groups -q '" + many.string() + "'");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_NE(g.out.find("id = \"team-40000\""), std::string::npos);
  json resources = json::array();
  for (int k = 0; k < 100000; ++k) {
    resources.push_back({{"address", "aws_s3_bucket.b" + std::to_string(k)},
                         {"mode", "managed"},
                         {"type", "aws_s3_bucket"},
                         {"name", "b" + std::to_string(k)},
                         {"provider_name", "registry.terraform.io/acme/p" + std::to_string(k)},
                         {"values", {{"id", "b" + std::to_string(k)}}}});
  }
  const auto state = scratch() / "providers.json";
  std::ofstream(state) << json{{"format_version", "1.0"},
                               {"values", {{"root_module", {{"resources", resources}}}}}}
                              .dump();
  const auto t = run("import terraform -q '" + state.string() + "'");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("id = \"b99999-s3-bucket\""), std::string::npos);
}

TEST(ImportHostile, EachImporterReadsStandardInputGivenAsADash) {
  for (const auto& [what, file] :
       {std::pair<std::string, std::string>{"terraform", "raw-v4.tfstate"},
        {"csv", "register.csv"},
        {"groups", "okta-groups.json"},
        {"oscal", "oscal-ssp.json"}}) {
    const auto from_file = run("import " + what + " " + kFixtures + "/" + file);
    const auto piped = run_with_input("import " + what + " -", kFixtures + "/" + file);
    ASSERT_EQ(piped.code, 0) << what << ": " << piped.err;
    EXPECT_NE(piped.out.find("from <stdin>."), std::string::npos) << piped.out;
    // The same overlay, bar the name of its input.
    auto expected = from_file.out;
    for (std::size_t at; (at = expected.find(kFixtures + "/" + file)) != std::string::npos;) {
      expected.replace(at, kFixtures.size() + 1 + file.size(), "<stdin>");
    }
    EXPECT_EQ(piped.out, expected) << what;
  }
  // A cut state on standard input: the place is the parser's, and nothing is written.
  const auto cut = run_with_input("import terraform -", kFixtures + "/bad/hcl.tf.json");
  EXPECT_EQ(cut.code, 2);
  EXPECT_NE(cut.err.find("<stdin>:1:1: error: not Terraform state: the file is not JSON"),
            std::string::npos)
      << cut.err;
  EXPECT_NE(cut.err.find("<stdin>: 1 error(s); nothing written"), std::string::npos) << cut.err;
}

TEST(ImportHostile, WhatAnImportWritesLoadsOrItWritesNothing) {
  // Ids from long names stay within 128 characters and apart; an input that gives no id is named
  // by its line; and every overlay is read back before the import reports success.
  const std::string deep(90, 'm');
  json resources = json::array();
  for (const char* name : {"first", "second"}) {
    const auto address = "module." + deep + ".module." + deep + ".aws_s3_bucket." + name;
    resources.push_back({{"address", address},
                         {"mode", "managed"},
                         {"type", "aws_s3_bucket"},
                         {"name", name},
                         {"provider_name", "registry.terraform.io/hashicorp/aws"},
                         {"values", {{"id", name}}}});
  }
  const auto state = scratch() / "deep.json";
  std::ofstream(state) << json{{"format_version", "1.0"},
                               {"values", {{"root_module", {{"resources", resources}}}}}}
                              .dump();
  const auto overlay = scratch() / "deep.imported.toml";
  const auto t = run("import terraform --group-by resource '" + state.string() + "' -o '" +
                     overlay.string() + "'");
  ASSERT_EQ(t.code, 0) << t.err;
  std::set<std::string> ids;
  std::smatch m;
  const auto text = slurp(overlay);
  for (auto it = text.cbegin();
       std::regex_search(it, text.cend(), m, std::regex{"\nid = \"([^\"]+)\""}); it = m[0].second) {
    EXPECT_LE(m[1].str().size(), 128u) << m[1];
    ids.insert(m[1].str());
  }
  EXPECT_GE(ids.size(), 3u);  // the vendor and both buckets, apart
  json groups = json::array(
      {{{"id", "00g1"}, {"type", "OKTA_GROUP"}, {"profile", {{"name", std::string(300, 'g')}}}}});
  const auto long_group = scratch() / "long-group.json";
  std::ofstream(long_group) << json{{"groups", groups}, {"assignments", json::array()}}.dump();
  EXPECT_EQ(run("import groups '" + long_group.string() + "'").code, 0);
  // A register row whose ref_id or vendor gives no id is named by its line; nothing is written.
  const auto bad = scratch() / "no-ids.csv";
  std::ofstream(bad) << "ref_id,name,description,type,provided_by\n"
                     << std::string(200, 'A') << ",Long,,PR,\nB-1,Db,,PR,!!!\n";
  const auto out = scratch() / "no-ids.toml";
  const auto c = run("import csv '" + bad.string() + "' -o '" + out.string() + "'");
  EXPECT_EQ(c.code, 2);
  EXPECT_NE(
      c.err.find(bad.string() +
                 ":2:1: error: ref_id gives an id of 200 characters, and an id has at most 128"),
      std::string::npos)
      << c.err;
  EXPECT_NE(c.err.find(bad.string() + ":3:1: error: provided_by '!!!' gives no usable vendor id"),
            std::string::npos)
      << c.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ImportGroups, GoogleWorkspaceGroupsCountTheirUsersAndAccessWhatTheExportSays) {
  const auto r = run("import groups " + kFixtures + "/google-groups.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(
      r.out.find("id = \"engineering\"\nname = \"Engineering\"\nkind = \"people\"\n"
                 "description = \"1 MANAGER, 2 MEMBER, 1 OWNER, 1 nested group(s) not expanded\"\n"
                 "headcount = 3\naccesses = [\"github\", \"eks\"]\nsource = \"google group "
                 "eng@fjord.example\"\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("id = \"support\""), std::string::npos);
}

TEST(Drift, ANewSnowflakeWarehouseOfPersonalDataAndARetiredServiceAreExactlyWhatChanged) {
  const std::string args =
      "drift --baseline models/examples/hr-saas.toml --current "
      "tests/fixtures/drift/hr-saas-next.toml";
  const auto r = run(args + " -f json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = json::parse(r.out);
  const auto ids = [&](const char* key) {
    std::vector<std::string> out;
    for (const auto& x : d.at(key)) out.push_back(x.at("id").get<std::string>());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("entered"), V{"people-warehouse"});
  EXPECT_EQ(ids("left"), V{"worker"});
  EXPECT_EQ(d.at("left")[0].at("how"), "removed");
  EXPECT_EQ(ids("rekinded"), V{});
  EXPECT_EQ(ids("new_personal_data_stores"), V{"people-warehouse"});
  EXPECT_EQ(ids("new_subservice_organizations"), V{"snowflake"});
  EXPECT_EQ(d.at("new_subservice_organizations")[0].at("csocs").size(), 1u);
  EXPECT_EQ(ids("removed_subservice_organizations"), V{});
  EXPECT_TRUE(d.at("excluded_now_referenced").empty());
  EXPECT_FALSE(d.at("unchanged").get<bool>());
  // The hours and fee deltas are the two estimates' own figures, subtracted.
  const auto before = run("estimate models/examples/hr-saas.toml -f json");
  const auto after = run("estimate tests/fixtures/drift/hr-saas-next.toml -f json");
  ASSERT_EQ(before.code, 0) << before.err;
  ASSERT_EQ(after.code, 0) << after.err;
  const auto b = json::parse(before.out), a = json::parse(after.out);
  std::map<std::string, json> figures;
  for (const auto& f : d.at("figures")) figures[f.at("metric").get<std::string>()] = f;
  for (const auto& [metric, summary] :
       {std::pair<std::string, const char*>{"auditor hours", "auditor_hours"},
        {"fee", "fee"},
        {"controls", "controls"},
        {"samples", "samples"}}) {
    const auto& f = figures.at(metric);
    ASSERT_TRUE(f.at("available").get<bool>()) << metric;
    EXPECT_NEAR(f.at("change").at("likely").get<double>(), likely(a, summary) - likely(b, summary),
                0.01)
        << metric;  // the estimate JSON has 2 decimals
  }
  EXPECT_GT(figures.at("auditor hours").at("change").at("likely").get<double>(), 0);
  EXPECT_GT(figures.at("fee").at("change").at("likely").get<double>(), 0);
  // The change has its own range: the two estimates' runs subtracted run by run (same seed), far
  // narrower than either estimate's own P10–P90, and no low / high sums.
  const auto& fee = figures.at("fee");
  const auto& change = fee.at("change");
  EXPECT_FALSE(change.contains("low"));
  EXPECT_GT(change.at("p10").get<double>(), 0);
  EXPECT_LE(change.at("p10").get<double>(), change.at("p90").get<double>());
  EXPECT_LT(change.at("p90").get<double>() - change.at("p10").get<double>(),
            fee.at("current").at("p90").get<double>() - fee.at("current").at("p10").get<double>());
  EXPECT_EQ(figures.at("fee").at("unit"), "DKK");
  std::set<std::string> codes;
  for (const auto& f : d.at("findings")) codes.insert(f.at("code").get<std::string>());
  EXPECT_EQ(codes, (std::set<std::string>{"new-subservice-organization", "new-personal-data-store",
                                          "significant-change"}));

  const auto table = run(args);
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Entered the boundary (1)\n  people-warehouse (data), new\n"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("Left the boundary (1)\n  worker (software), removed\n"),
            std::string::npos);
  EXPECT_NE(table.out.find("fee (DKK)"), std::string::npos);
  const auto md = run(args + " -f markdown");
  ASSERT_EQ(md.code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("# Scope drift\n", 0), 0u);
  EXPECT_NE(
      md.out.find(
          "## New subservice organizations (CSOCs needed)\n\n- snowflake (Snowflake, carve-out)"),
      std::string::npos)
      << md.out;
}

/// A hand-written frame around an overlay imported from `state`, in a folder of its own.
fs::path shop_model(const std::string& name, const std::string& state, const std::string& uses) {
  const auto dir = scratch() / ("shop-" + name);
  fs::create_directories(dir);
  const auto imported = run("import terraform " + kFixtures + "/" + state + " -o '" +
                            (dir / "shop.imported.toml").string() + "'");
  EXPECT_EQ(imported.code, 0) << imported.err;
  std::ofstream(dir / "shop.toml")
      << "schema = \"attestplan/1\"\ninclude = [\"shop.imported.toml\"]\n"
         "[organization]\nname = \"Shop ApS\"\nlocation = \"Aarhus, DK\"\nemployees = 30\n"
         "engineers = 10\n[engagement]\nreport = \"soc2-type2\"\nstart = \"2027-01-04\"\n"
         "[[service]]\nid = \"shop\"\nname = \"Web shop\"\nuses = [" +
             uses + "]\n";
  return dir / "shop.toml";
}

TEST(Drift, AGatewayAddedInFrontOfAnInScopeServerIsExactlyANewInternetEntryPoint) {
  const std::string uses = "\"app-linux-virtual-machine\", \"main-mysql-flexible-server\"";
  const auto before = shop_model("before", "azure-shop.json", uses);
  const auto after = shop_model("after", "azure-shop-gateway.json", uses);
  const auto r =
      run("drift -f json --baseline '" + before.string() + "' --current '" + after.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = json::parse(r.out);
  ASSERT_EQ(d.at("new_entry_points").size(), 1u) << r.out;
  EXPECT_EQ(d.at("new_entry_points")[0].at("id"), "main-application-gateway");
  EXPECT_NE(
      d.at("new_entry_points")[0].at("how").get<std::string>().find("app-linux-virtual-machine"),
      std::string::npos);
  for (const char* key :
       {"entered", "left", "rekinded", "new_personal_data_stores", "new_data_stores_outside",
        "removed_still_named", "new_subservice_organizations", "removed_subservice_organizations",
        "excluded_now_referenced"}) {
    EXPECT_TRUE(d.at(key).empty()) << key;
  }
  ASSERT_EQ(d.at("findings").size(), 1u) << r.out;
  EXPECT_EQ(d.at("findings")[0].at("code"), "new-entry-point");
  for (const auto& f : d.at("figures")) EXPECT_EQ(f.at("baseline"), f.at("current")) << f;
}

TEST(Drift, ARemovedComponentTheModelStillNamesAndANewStoreOutsideTheBoundaryAreReported) {
  // The baseline's service uses the MySQL server; the estate now has it gone (the gateway state
  // with the server cut out) and a new storage account nothing uses.
  auto state =
      json::parse(slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / "azure-shop-gateway.json"));
  auto& resources = state["values"]["root_module"]["resources"];
  for (auto it = resources.begin(); it != resources.end();) {
    it = (*it)["type"] == "azurerm_mysql_flexible_server" ? resources.erase(it) : it + 1;
  }
  resources.push_back({{"address", "azurerm_storage_account.exports"},
                       {"mode", "managed"},
                       {"type", "azurerm_storage_account"},
                       {"name", "exports"},
                       {"provider_name", "registry.terraform.io/hashicorp/azurerm"},
                       {"values",
                        {{"id",
                          "/subscriptions/0/resourceGroups/shop/providers/Microsoft.Storage/"
                          "storageAccounts/exports"}}}});
  const auto now_state = scratch() / "shop-now.json";
  std::ofstream(now_state) << state.dump();
  const std::string uses = "\"app-linux-virtual-machine\", \"main-mysql-flexible-server\"";
  const auto before = shop_model("before-2", "azure-shop.json", uses);
  const auto dir = scratch() / "shop-now";
  fs::create_directories(dir);
  ASSERT_EQ(run("import terraform '" + now_state.string() + "' -o '" +
                (dir / "shop.imported.toml").string() + "'")
                .code,
            0);
  auto frame = slurp(before);
  std::ofstream(dir / "shop.toml") << frame;
  // The model alone no longer validates (it names what is gone) ...
  const auto v = run("validate '" + (dir / "shop.toml").string() + "'");
  EXPECT_EQ(v.code, 2);
  // ... but drift runs and reports the removal, once, as the change it is.
  const auto r = run("drift -f json --baseline '" + before.string() + "' --current '" +
                     (dir / "shop.toml").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = json::parse(r.out);
  ASSERT_EQ(d.at("removed_still_named").size(), 1u) << r.out;
  EXPECT_EQ(d.at("removed_still_named")[0].at("id"), "main-mysql-flexible-server");
  EXPECT_NE(
      d.at("removed_still_named")[0].at("how").get<std::string>().find("uses of service 'shop'"),
      std::string::npos);
  // Said once: the server is not also "left"; the managed-database platform it ran on did leave.
  ASSERT_EQ(d.at("left").size(), 1u) << r.out;
  EXPECT_EQ(d.at("left")[0].at("id"), "azure-databases");
  ASSERT_EQ(d.at("new_data_stores_outside").size(), 1u) << r.out;
  EXPECT_EQ(d.at("new_data_stores_outside")[0].at("id"), "exports-storage-account");
  std::set<std::string> rules;
  for (const auto& f : d.at("findings")) rules.insert(f.at("code").get<std::string>());
  EXPECT_TRUE(rules.count("removed-still-named"));
  EXPECT_TRUE(rules.count("new-data-store"));
  EXPECT_TRUE(rules.count("new-entry-point"));
  EXPECT_FALSE(d.at("unchanged").get<bool>());
}

TEST(Drift, ReKindedComponentsAndExcludedComponentsNowDependedOnAreReported) {
  const auto dir = scratch() / "drift";
  fs::create_directories(dir);
  const std::string head = R"(schema = "attestplan/1"
[organization]
name = "Drift Org"
employees = 20
engineers = 5
[engagement]
report = "soc2-type1"
start = "2027-01-04"
[[service]]
id = "svc"
uses = ["app"]
[[component]]
id = "cache"
kind = "data"
exclude = true
exclude_reason = "holds nothing durable"
)";
  std::ofstream(dir / "old.toml") << head << "[[component]]\nid = \"app\"\nkind = \"software\"\n";
  std::ofstream(dir / "new.toml")
      << head << "[[component]]\nid = \"app\"\nkind = \"infrastructure\"\nuses = [\"cache\"]\n";
  const auto r = run("drift --baseline '" + (dir / "old.toml").string() + "' --current '" +
                     (dir / "new.toml").string() + "' -f json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = json::parse(r.out);
  ASSERT_EQ(d.at("rekinded").size(), 1u);
  EXPECT_EQ(d.at("rekinded")[0].at("was"), "software");
  EXPECT_EQ(d.at("rekinded")[0].at("kind"), "infrastructure");
  ASSERT_EQ(d.at("excluded_now_referenced").size(), 1u);
  EXPECT_EQ(d.at("excluded_now_referenced")[0].at("id"), "cache");
  EXPECT_EQ(d.at("excluded_now_referenced")[0].at("referenced_by"), json::array({"app"}));
  // A model that does not load: its messages, exit 2, nothing on stdout.
  std::ofstream(dir / "bad.toml") << head << "[[component]]\nid = \"app\"\nkind = \"softwear\"\n";
  const auto bad = run("drift --baseline '" + (dir / "old.toml").string() + "' --current '" +
                       (dir / "bad.toml").string() + "'");
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(
      bad.err.find((dir / "bad.toml").string() +
                   ":19:8: error: 'kind' in [[component]] 'app' has unknown value \"softwear\""),
      std::string::npos)
      << bad.err;
}

TEST(ImportFixtures, TheCommittedOverlaysAreWhatImportWritesToday) {
  // The README walks through these files: they must not drift from the importers.
  const std::pair<std::string, std::string> cases[] = {
      {"import terraform " + kFixtures + "/aws-saas.tfstate.json", "aws-saas.imported.toml"},
      {"import csv " + kFixtures + "/register.csv", "register.imported.toml"},
      {"import groups " + kFixtures + "/okta-groups.json", "okta.imported.toml"}};
  for (const auto& [cmd, file] : cases) {
    const auto r = run(cmd);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / kFixtures / file))
        << file << " is stale: regenerate it with attestplan " << cmd << " -o " << kFixtures << "/"
        << file;
  }
}

TEST(ImportTerraform, AnAttestplanComponentTagGroupsResourcesIntoOneComponent) {
  const auto r = run("import terraform " + kFixtures + "/tagged.tfstate.json --group-by tag");
  ASSERT_EQ(r.code, 0) << r.err;
  // The tagged function and queue are one software component (the organization's, not AWS's).
  EXPECT_NE(r.out.find("id = \"ingestion\"\nkind = \"software\"\ndescription = \"2 resources: "
                       "aws_lambda_function, "
                       "aws_sqs_queue\"\nruns_on = [\"lambda\"]\nsource = "
                       "\"aws_lambda_function.ingest, aws_sqs_queue.events\"\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("id = \"event-store\"\nkind = \"data\"\nclassification = "
                       "[\"personal\"]\nruns_on = [\"dynamodb\"]\n"),
            std::string::npos);
  // An untagged resource is a component of its own; its ARN reference to the table is an edge.
  EXPECT_NE(r.out.find("id = \"report-lambda-function\"\nname = "
                       "\"aws_lambda_function.report\"\nkind = \"software\"\n"
                       "runs_on = [\"lambda\"]\nuses = [\"event-store\"]\n"),
            std::string::npos);
  // --group-by resource ignores the tags.
  const auto per =
      run("import terraform " + kFixtures + "/tagged.tfstate.json --group-by resource");
  ASSERT_EQ(per.code, 0) << per.err;
  EXPECT_EQ(per.out.find("id = \"ingestion\""), std::string::npos);
  EXPECT_NE(per.out.find("id = \"ingest-lambda-function\""), std::string::npos);
}

TEST(ImportTerraform, ProgressGoesToATerminalOnlyAndNotWhenQuiet) {
  const auto state = scratch() / "progress.tfstate.json";
  ASSERT_EQ(
      std::system(("'" + std::string{ATTESTPLAN_GEN_TFSTATE} + "' 70000 > '" + state.string() + "'")
                      .c_str()),
      0);
  const auto import = std::string{"'"} + ATTESTPLAN_BIN + "' import terraform '" + state.string() +
                      "' -o '" + (scratch() / "progress.toml").string() + "'";
  // script(1) gives the command a terminal; what the terminal shows lands in the file.
  const auto on_terminal = [&](const std::string& cmd) {
    const auto typescript = scratch() / "typescript";
    const int status = std::system(
        ("script -qec \"" + cmd + "\" '" + typescript.string() + "' >/dev/null").c_str());
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0) << cmd;
    return slurp(typescript);
  };
  EXPECT_NE(on_terminal(import).find("\rimport: 65536 resources read"), std::string::npos);
  EXPECT_EQ(on_terminal(std::string{"'"} + ATTESTPLAN_BIN + "' -q" +
                        import.substr(import.find("' import") + 1))
                .find("resources read"),
            std::string::npos);
  const auto piped = run("import terraform '" + state.string() + "' -o '" +
                         (scratch() / "progress.toml").string() + "'");
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_TRUE(piped.err.empty()) << piped.err;  // stderr is a file here, not a terminal
}

TEST(ImportOscal, BadDocumentsGetALocatedMessageExitTwoAndNothingWritten) {
  struct Case {
    std::string file;
    std::string message;
  };
  const Case cases[] = {
      {kFixtures + "/bad/oscal-not-json.json",
       "oscal-not-json.json:1:1: error: not an OSCAL document: the file is not JSON (syntax error "
       "while parsing value - invalid literal)"},
      {kFixtures + "/bad/oscal-array.json",
       "oscal-array.json: error: not an OSCAL document: the document is an array, not an object "
       "holding one OSCAL model"},
      {kFixtures + "/bad/oscal-unknown-root.json",
       "oscal-unknown-root.json: error: not an OSCAL document: its root holds none of OSCAL's "
       "models"},
      {kFixtures + "/bad/oscal-version-2.json",
       "oscal-version-2.json: error: /system-security-plan/metadata/oscal-version: oscal-version "
       "\"2.0.0\" is not 1.x: attestplan reads OSCAL 1.x (it writes 1.1.2)"},
      {"tests/corpus/oscal/nist-oscal-content__ifa_assessment-plan-example.json",
       "nist-oscal-content__ifa_assessment-plan-example.json: error: /assessment-plan: an OSCAL "
       "assessment-plan is not read: attestplan imports a system-security-plan or a "
       "component-definition"},
  };
  const auto out = scratch() / "kept-oscal.toml";
  for (const auto& c : cases) {
    std::ofstream(out) << "# an earlier import\n";
    const auto r = run("import oscal " + c.file + " -o '" + out.string() + "'");
    EXPECT_EQ(r.code, 2) << c.file;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(out), "# an earlier import\n") << c.file;
  }
}

TEST(ImportOscal, AnSspWithAttestplansPropertiesImportsIntoAModelThatEstimates) {
  const auto dir = scratch() / "oscal-ssp";
  fs::create_directories(dir);
  const auto r = run("import oscal " + kFixtures + "/oscal-ssp.json -o '" +
                     (dir / "ssp.imported.toml").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::ofstream(dir / "ledgerly.toml")
      << "schema = \"attestplan/1\"\ninclude = [\"ssp.imported.toml\"]\n"
         "[organization]\nname = \"Ledgerly\"\nemployees = 20\n"
         "[engagement]\nreport = \"soc2-type2\"\nobservation_months = 6\n"
         "[[service]]\nid = \"ledgerly\"\nuses = [\"lb\"]\n";
  const auto b = run("boundary '" + (dir / "ledgerly.toml").string() + "' -f json");
  ASSERT_EQ(b.code, 0) << b.err;
  std::map<std::string, std::string> verdict;
  const auto boundary = json::parse(b.out);
  for (const auto& n : boundary.at("nodes"))
    verdict[n.at("id").get<std::string>()] = n.at("verdict").get<std::string>();
  // The service reaches the load balancer, which flows to the API, which runs on EKS and uses
  // the database; the head office is excluded as the SSP says.
  EXPECT_EQ(verdict.at("lb"), "in-scope");
  EXPECT_EQ(verdict.at("api"), "in-scope");
  EXPECT_EQ(verdict.at("eks"), "in-scope");
  EXPECT_EQ(verdict.at("customers-db"), "in-scope");
  EXPECT_EQ(verdict.at("hq"), "excluded");
  const auto e = run("estimate '" + (dir / "ledgerly.toml").string() + "' -f json");
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_GT(likely(json::parse(e.out), "auditor_hours"), 0.0);
}

namespace {

/// A model's text without its [[component]] and [[subservice]] tables: the part of it no SSP holds
/// (the organization, the engagement, the services, the plugins' options).
std::string header_of(const std::string& model) {
  std::string out;
  bool element = false;
  for (std::size_t at = 0; at < model.size();) {
    auto end = model.find('\n', at);
    if (end == std::string::npos) end = model.size();
    const auto line = model.substr(at, end - at);
    if (line.rfind('[', 0) == 0)
      element = line.rfind("[[component]]", 0) == 0 || line.rfind("[[subservice]]", 0) == 0;
    if (!element) out += line + "\n";
    at = end + 1;
  }
  return out;
}

/// The [[subservice]] tables of an overlay, as written.
std::vector<std::string> subservice_tables(const std::string& overlay) {
  std::vector<std::string> out;
  for (auto at = overlay.find("[[subservice]]"); at != std::string::npos;
       at = overlay.find("[[subservice]]", at + 1)) {
    auto table = overlay.substr(at, overlay.find("\n\n", at) - at);
    while (!table.empty() && table.back() == '\n') table.pop_back();  // the file's last table
    out.push_back(std::move(table));
  }
  return out;
}

/// An estimate's JSON without the places it names: the round trip moves the model's elements into
/// an overlay, so a finding about one names another file and line.
void drop_places(json& j) {
  if (j.is_object()) {
    j.erase("where");
    for (auto& [key, value] : j.items()) drop_places(value);
  } else if (j.is_array()) {
    for (auto& value : j) drop_places(value);
  }
}

}  // namespace

TEST(ImportOscal, EachExampleRoundTripsThroughItsSspToTheSameEstimate) {
  for (const std::string example : {"startup-type1", "hr-saas", "payments-fintech"}) {
    const auto dir = scratch() / ("round-trip-" + example);
    fs::create_directories(dir);
    const auto model = fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples" / (example + ".toml");
    auto r =
        run("oscal '" + model.string() + "' -f oscal-ssp -o '" + (dir / "ssp.json").string() + "'");
    ASSERT_EQ(r.code, 0) << example << ": " << r.err;
    r = run("import oscal '" + (dir / "ssp.json").string() + "' -o '" +
            (dir / "ssp.imported.toml").string() + "'");
    ASSERT_EQ(r.code, 0) << example << ": " << r.err;
    EXPECT_EQ(r.err, "") << example;
    // The example's organization, engagement and services, with the SSP's components and
    // subservice organizations in their place.
    auto header = header_of(slurp(model));
    const std::string schema = "schema = \"attestplan/1\"\n";
    const auto at = header.find(schema);
    ASSERT_NE(at, std::string::npos) << example;
    header.insert(at + schema.size(), "include = [\"ssp.imported.toml\"]\n");
    std::ofstream(dir / "model.toml") << header;

    const auto original = run("estimate '" + model.string() + "' -f json");
    const auto again = run("estimate '" + (dir / "model.toml").string() + "' -f json");
    ASSERT_EQ(original.code, 0) << example << ": " << original.err;
    ASSERT_EQ(again.code, 0) << example << ": " << again.err;
    auto a = json::parse(original.out), b = json::parse(again.out);
    std::vector<std::string> controls_a, controls_b;
    for (const auto& c : a.at("scope").at("controls")) controls_a.push_back(c.at("id"));
    for (const auto& c : b.at("scope").at("controls")) controls_b.push_back(c.at("id"));
    EXPECT_FALSE(controls_a.empty()) << example;
    EXPECT_EQ(controls_a, controls_b) << example;
    EXPECT_EQ(a.at("summary").at("auditor_hours"), b.at("summary").at("auditor_hours")) << example;
    EXPECT_EQ(a.at("summary"), b.at("summary")) << example;
    // And everything else the estimate says, but for the places its findings name.
    drop_places(a);
    drop_places(b);
    EXPECT_EQ(a, b) << example;

    // The component definition of the same model gives the same subservice organizations.
    r = run("oscal '" + model.string() + "' -f oscal-components -o '" +
            (dir / "components.json").string() + "'");
    ASSERT_EQ(r.code, 0) << example << ": " << r.err;
    r = run("import oscal '" + (dir / "components.json").string() + "'");
    ASSERT_EQ(r.code, 0) << example << ": " << r.err;
    const auto from_ssp = subservice_tables(slurp(dir / "ssp.imported.toml"));
    EXPECT_FALSE(from_ssp.empty()) << example;
    EXPECT_EQ(subservice_tables(r.out), from_ssp) << example;
  }
}

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

fs::path oscal_corpus(const std::string& name) {
  return fs::path{ATTESTPLAN_SOURCE_DIR} / "tests/corpus/oscal" / name;
}

/// The overlay written to a folder of its own with a model that includes it (`frame`: the model's
/// text before its include), loaded as `attestplan` loads a model.
LoadResult load_with_overlay(const Overlay& overlay, const std::string& name,
                             const std::string& frame = {}) {
  const auto dir = scratch_file(name).parent_path() / name;
  fs::create_directories(dir);
  std::ofstream(dir / "overlay.toml", std::ios::binary | std::ios::trunc)
      << render_overlay(overlay);
  std::ofstream(dir / "model.toml", std::ios::binary | std::ios::trunc)
      << "schema = \"attestplan/1\"\ninclude = [\"overlay.toml\"]\n[organization]\nname = "
         "\"O\"\nemployees = 10\n"
      << (frame.empty() ? "[[service]]\nid = \"service\"\n" : frame);
  return load_model_file(dir / "model.toml", CriteriaCatalog::builtin());
}

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items()) out += item.location.to_string() + ": " + item.message + "\n";
  return out;
}

bool has_line(const Overlay& o, const std::string& text) {
  for (const auto& line : o.summary)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

const ImportedComponent* component(const Overlay& o, const std::string& id) {
  for (const auto& c : o.components)
    if (c.id == id) return &c;
  return nullptr;
}

const ImportedSubservice* subservice(const Overlay& o, const std::string& id) {
  for (const auto& s : o.subservices)
    if (s.id == id) return &s;
  return nullptr;
}

/// An OSCAL document written to a scratch file, imported.
ImportResult import_oscal_text(const std::string& name, const std::string& text) {
  const auto path = scratch_file(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return import_oscal(path);
}

}  // namespace

TEST(Import, DamagedTerraformStatesNeverCrashAndNeverHalfSucceed) {
  damage("aws-saas.tfstate.json", &terraform_default);
}
TEST(Import, DamagedRegistersNeverCrashAndNeverHalfSucceed) { damage("register.csv", &import_csv); }
ImportResult groups_default(const fs::path& p) { return import_groups(p); }

TEST(Import, DamagedGroupExportsNeverCrashAndNeverHalfSucceed) {
  damage("okta-groups.json", &groups_default);
}

TEST(Import, DamagedOscalDocumentsNeverCrashAndNeverHalfSucceed) {
  damage("oscal-ssp.json", &import_oscal);
  damage("oscal-components.json", &import_oscal);
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

// ---- OSCAL ----------------------------------------------------------------------------------

TEST(ImportOscal, EverySspAndComponentDefinitionWrittenByOthersImportsAndLoadsAsAnInclude) {
  const std::string documents[] = {
      "nist-oscal-content__ifa_ssp-example.json", "fedramp__FedRAMP-SSP-OSCAL-Template.json",
      "nist-oscal-content__example-component-definition.json",
      "trestle__ocp4-cis-profile-to-oscal-cd__component-definition.json"};
  for (const auto& name : documents) {
    const auto r = import_oscal(oscal_corpus(name));
    ASSERT_TRUE(r.overlay) << name << ": " << messages(r.diagnostics);
    const auto m = load_with_overlay(*r.overlay, "corpus-" + name);
    EXPECT_TRUE(m.model) << name << ": " << messages(m.diagnostics);
    EXPECT_FALSE(m.diagnostics.has_errors()) << name << ": " << messages(m.diagnostics);
    ASSERT_TRUE(m.model) << name;
    EXPECT_EQ(m.model->components.size(), r.overlay->components.size()) << name;
    EXPECT_EQ(m.model->subservices.size(), r.overlay->subservices.size()) << name;
  }
}

TEST(ImportOscal, NistsSspGivesItsUsersAsPeopleAndSaysItsInventoryIsTheSystemsAsAWhole) {
  const auto r = import_oscal(oscal_corpus("nist-oscal-content__ifa_ssp-example.json"));
  ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
  const auto& o = *r.overlay;
  ASSERT_EQ(o.components.size(), 3u);
  EXPECT_TRUE(o.subservices.empty());
  const auto* admin = component(o, "application-administrator");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->kind, ComponentKind::People);
  EXPECT_EQ(admin->name, "Application Administrator");
  EXPECT_EQ(admin->source, "OSCAL user 00d323d3-dc3f-4d93-900f-f13430e094d3");
  EXPECT_NE(component(o, "public-affairs-officers"), nullptr);
  EXPECT_NE(component(o, "general-public"), nullptr);
  EXPECT_TRUE(has_line(o, "system security plan of IFA GoodRead")) << o.summary[0];
  EXPECT_TRUE(has_line(o, "(this-system: IFA GoodRead System) is no component"));
  EXPECT_TRUE(has_line(o, "Inventory: 6 item(s)"));
  EXPECT_TRUE(has_line(o, "6 implement only the system as a whole"));
  EXPECT_TRUE(has_line(o, "software-name (4)"));
}

TEST(ImportOscal, FedrampsTemplateMapsTypesLinksAndItsLeveragedAuthorization) {
  const auto r = import_oscal(oscal_corpus("fedramp__FedRAMP-SSP-OSCAL-Template.json"));
  ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
  const auto& o = *r.overlay;
  // The template repeats a component's uuid: a warning that names both places; the first is read.
  EXPECT_NE(messages(r.diagnostics)
                .find("/system-security-plan/system-implementation/components/14/uuid: this uuid "
                      "is that of /system-security-plan/system-implementation/components/5"),
            std::string::npos)
      << messages(r.diagnostics);
  // The leveraged authorization, and the two components that name it, are one subservice
  // organization whose report is not known.
  ASSERT_EQ(o.subservices.size(), 1u);
  EXPECT_EQ(o.subservices[0].id, "govcloud");
  EXPECT_EQ(o.subservices[0].name, "GovCloud");
  EXPECT_TRUE(o.subservices[0].vendor.empty());
  EXPECT_FALSE(o.subservices[0].report);
  EXPECT_NE(o.subservices[0].description.find("authorized 2015-01-01"), std::string::npos);
  struct Expected {
    const char* id;
    ComponentKind kind;
  };
  for (const auto& [id, kind] : {Expected{"sample-product-name", ComponentKind::Software},
                                 Expected{"sample-product", ComponentKind::Data},
                                 Expected{"os-sample", ComponentKind::Software},
                                 Expected{"database-sample", ComponentKind::Data},
                                 Expected{"appliance-sample", ComponentKind::Software},
                                 Expected{"sample-service-name", ComponentKind::Infrastructure},
                                 Expected{"email-service", ComponentKind::Infrastructure}}) {
    const auto* c = component(o, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->kind, kind) << id;
  }
  // provided-by a component of the leveraged authorization: provided by its organization.
  EXPECT_EQ(component(o, "sample-service-name")->provided_by, "govcloud");
  // A public inventory item makes the component it implements an entry point.
  EXPECT_TRUE(component(o, "appliance-sample")->internet_facing);
  EXPECT_FALSE(component(o, "sample-product-name")->internet_facing);
  std::size_t people = 0;
  for (const auto& c : o.components) people += c.kind == ComponentKind::People;
  EXPECT_EQ(people, 4u);
  EXPECT_EQ(o.components.size(), 11u);
  // What is not modelled, and what the system uses, are said.
  EXPECT_TRUE(has_line(o, "sample-service-name, email-service."));
  EXPECT_TRUE(has_line(o, "network (2: IPv4 Production Subnet, IPv4 Management Subnet)"));
  EXPECT_TRUE(has_line(o, "validation (2: "));
  EXPECT_TRUE(has_line(o,
                       "2 component(s) naming the leveraged authorization GovCloud are its "
                       "subservice organization 'govcloud'."));
  EXPECT_TRUE(has_line(o, "sensitivity [https://fedramp.gov/ns/oscal] (4)"));
  EXPECT_TRUE(has_line(o, "policy (17)"));
}

TEST(ImportOscal, ComponentDefinitionsGiveVendorsCarryingOnlyTrustServicesCriteria) {
  {
    const auto r =
        import_oscal(oscal_corpus("nist-oscal-content__example-component-definition.json"));
    ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
    ASSERT_EQ(r.overlay->subservices.size(), 1u);
    const auto& s = r.overlay->subservices[0];
    EXPECT_EQ(s.id, "mongodb");
    EXPECT_EQ(s.name, "MongoDB");
    EXPECT_FALSE(s.covers);  // NIST 800-53 controls only: it carries no criterion
    EXPECT_TRUE(has_line(*r.overlay,
                         "'mongodb' implements 3 control(s) of NIST Special Publication 800-53 "
                         "Revision 5: Moderate Baseline Profile (sc-8, sc-8.1, sa-4.9): they are "
                         "not Trust Services Criteria, so the vendor carries none of them in the "
                         "estimate."))
        << r.overlay->summary[2];
  }
  {
    const auto r = import_oscal(
        oscal_corpus("trestle__ocp4-cis-profile-to-oscal-cd__component-definition.json"));
    ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
    ASSERT_EQ(r.overlay->subservices.size(), 1u);
    EXPECT_EQ(r.overlay->subservices[0].id, "osco");  // its type is written "Service"
    EXPECT_TRUE(has_line(*r.overlay, "implements 5 control(s) of"));
    EXPECT_TRUE(has_line(*r.overlay, "(CIS-1.1.1, CIS-1.1.2, CIS-1.1.3, CIS-1.1.4, CIS-1.1.10)"));
    EXPECT_TRUE(
        has_line(*r.overlay,
                 "XCCDF_rule [https://github.com/ComplianceAsCode/content/tree/master/ocp4] (10)"));
  }
  {
    const auto r = import_oscal(fixture("oscal-components.json"));
    ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
    const auto& o = *r.overlay;
    ASSERT_EQ(o.subservices.size(), 2u);
    // attestplan's properties win: exactly what they say.
    const auto* aws = subservice(o, "aws");
    ASSERT_NE(aws, nullptr);
    EXPECT_EQ(aws->vendor, "aws");
    EXPECT_EQ(aws->name, "Amazon Web Services (us-east-1)");
    EXPECT_EQ(aws->method, SubserviceMethod::CarveOut);
    EXPECT_EQ(aws->report, VendorReport::Soc2Type2);
    EXPECT_EQ(aws->report_period_end, Date::parse("2026-12-31"));
    EXPECT_EQ(aws->report_cycle_months, 6);
    EXPECT_EQ(aws->covers, (std::vector<std::string>{"CC6.4", "A1.2"}));
    // Another tool's: the criteria among its requirements, case aside and once each; the
    // other catalog's control is said, and the policy is no vendor.
    const auto* mail = subservice(o, "mailer-saas");
    ASSERT_NE(mail, nullptr);
    EXPECT_EQ(mail->covers, (std::vector<std::string>{"CC6.1", "CC7.2"}));
    EXPECT_FALSE(mail->report);
    EXPECT_TRUE(has_line(o,
                         "'mailer-saas' implements 1 control(s) of "
                         "https://example.com/nist-800-53-rev5.json (ac-2)"));
    EXPECT_TRUE(has_line(o, "policy (1: Vendor management policy)"));
    EXPECT_TRUE(has_line(o, "tier [https://example.com/ns/vendors] (1)"));
    const auto m = load_with_overlay(o, "components-fixture");
    ASSERT_TRUE(m.model) << messages(m.diagnostics);
    ASSERT_NE(m.model->find_subservice("mailer-saas"), nullptr);
    EXPECT_EQ(m.model->find_subservice("mailer-saas")->covers.size(), 2u);
    EXPECT_EQ(m.model->find_subservice("aws")->report_cycle_months, 6);
  }
}

TEST(ImportOscal, AComponentDefinitionsSoftwareIsAComponentNotAVendor) {
  // A product the organization runs (software, hardware) is inside its boundary: a component; a
  // service is a vendor's, a subservice organization.
  const auto r = import_oscal_text("products.json", R"({"component-definition": {
    "uuid": "8c1f6d2e-3b7a-4e59-9d0c-1a2b3c4d5e6f",
    "metadata": {"title": "Products", "last-modified": "2026-01-01T00:00:00Z", "version": "1",
                 "oscal-version": "1.1.2"},
    "components": [
      {"uuid": "11111111-2222-4333-8444-555555555555", "type": "software", "title": "PostgreSQL",
       "description": "The database server we run."},
      {"uuid": "21111111-2222-4333-8444-555555555555", "type": "hardware", "title": "HSM",
       "description": "A hardware security module."},
      {"uuid": "31111111-2222-4333-8444-555555555555", "type": "service", "title": "Managed Mail",
       "description": "A vendor's mail service."}]}})");
  ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
  ASSERT_EQ(r.overlay->components.size(), 2u);
  EXPECT_EQ(r.overlay->components[0].id, "postgresql");
  EXPECT_EQ(r.overlay->components[0].kind, ComponentKind::Software);
  EXPECT_EQ(r.overlay->components[1].kind, ComponentKind::Infrastructure);
  ASSERT_EQ(r.overlay->subservices.size(), 1u);
  EXPECT_EQ(r.overlay->subservices[0].id, "managed-mail");
}

TEST(ImportOscal, AttestplansPropertiesAreReadBackExactly) {
  const auto r = import_oscal(fixture("oscal-ssp.json"));
  ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << messages(r.diagnostics);
  const auto& o = *r.overlay;
  ASSERT_EQ(o.subservices.size(), 2u);
  const auto* aws = subservice(o, "aws");
  ASSERT_NE(aws, nullptr);
  EXPECT_EQ(aws->vendor, "aws");
  EXPECT_EQ(aws->name, "Amazon Web Services (us-east-1)");
  EXPECT_EQ(aws->description, "Hosting.");
  EXPECT_EQ(aws->method, SubserviceMethod::CarveOut);
  EXPECT_EQ(aws->report, VendorReport::Soc2Type2);
  EXPECT_EQ(aws->report_period_end, Date::parse("2026-12-31"));
  EXPECT_EQ(aws->report_cycle_months, 6);
  EXPECT_EQ(aws->covers, (std::vector<std::string>{"CC6.4", "A1.2"}));
  const auto* gh = subservice(o, "github-inc");
  ASSERT_NE(gh, nullptr);
  EXPECT_TRUE(gh->vendor.empty());
  EXPECT_EQ(gh->method, SubserviceMethod::Inclusive);
  EXPECT_EQ(gh->report, VendorReport::Soc2Type1);
  EXPECT_FALSE(gh->report_period_end);
  EXPECT_FALSE(gh->report_cycle_months);
  EXPECT_EQ(gh->covers, (std::vector<std::string>{"CC6.1"}));

  // this-system is no component; the users are people; the foreign component is mapped.
  ASSERT_EQ(o.components.size(), 8u);
  const auto* lb = component(o, "lb");
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb->kind, ComponentKind::Infrastructure);
  EXPECT_EQ(lb->flows_to, (std::vector<std::string>{"api"}));
  EXPECT_EQ(lb->provided_by, "aws");
  EXPECT_TRUE(lb->internet_facing);
  const auto* api = component(o, "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->name, "API");
  EXPECT_EQ(api->description, "The product's API.");
  EXPECT_EQ(api->kind, ComponentKind::Software);
  EXPECT_EQ(api->runs_on, (std::vector<std::string>{"eks"}));
  EXPECT_EQ(api->uses, (std::vector<std::string>{"customers-db"}));
  EXPECT_EQ(api->stores, (std::vector<std::string>{"customers-db"}));
  EXPECT_EQ(api->deploys, Frequency::Daily);
  EXPECT_EQ(api->process, "platform");
  EXPECT_EQ(api->source, "module.api.aws_ecs_service.api");
  EXPECT_FALSE(api->internet_facing);
  const auto* db = component(o, "customers-db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->kind, ComponentKind::Data);
  EXPECT_EQ(db->classification, (std::vector<std::string>{"personal", "confidential"}));
  EXPECT_EQ(db->subjects, "eu");
  EXPECT_EQ(db->provided_by, "aws");
  const auto* github = component(o, "github");
  ASSERT_NE(github, nullptr);
  EXPECT_EQ(github->role, ComponentRole::SourceControl);
  EXPECT_EQ(github->provided_by, "github-inc");
  const auto* hq = component(o, "hq");
  ASSERT_NE(hq, nullptr);
  EXPECT_EQ(hq->kind, ComponentKind::Facility);
  EXPECT_EQ(hq->site, "office");
  EXPECT_TRUE(hq->excluded);
  EXPECT_EQ(hq->exclude_reason, "no system of the service is there");
  const auto* eng = component(o, "engineering");
  ASSERT_NE(eng, nullptr);
  EXPECT_EQ(eng->kind, ComponentKind::People);
  EXPECT_EQ(eng->headcount, 12);
  EXPECT_EQ(eng->accesses, (std::vector<std::string>{"api", "customers-db", "github"}));
  // A component without attestplan's properties: its type, its title's slug, its uuid as source;
  // the public inventory item that implements it makes it an entry point.
  const auto* ftp = component(o, "legacy-ftp-drop");
  ASSERT_NE(ftp, nullptr);
  EXPECT_EQ(ftp->kind, ComponentKind::Software);
  EXPECT_TRUE(ftp->internet_facing);
  EXPECT_EQ(ftp->source.rfind("OSCAL component ", 0), 0u) << ftp->source;

  // What is not read is listed by name.
  EXPECT_TRUE(has_line(o, "Properties not read (by name, with their count): asset-type (1),"));
  EXPECT_TRUE(has_line(o, "colour [urn:attestplan:oscal] (1)"));
  EXPECT_TRUE(has_line(o, "cost-centre [https://example.com/ns/finance] (2)"));
  EXPECT_TRUE(has_line(o, "Inventory properties not read: asset-id (1)."));
  EXPECT_TRUE(has_line(o, "boundary verdicts (in-scope, scope-reason) are not read"));

  // And it loads: every reference is to an element of the overlay or of the model.
  const auto m =
      load_with_overlay(o, "attestplan-ssp", "[[service]]\nid = \"ledgerly\"\nuses = [\"lb\"]\n");
  ASSERT_TRUE(m.model) << messages(m.diagnostics);
  EXPECT_FALSE(m.diagnostics.has_errors()) << messages(m.diagnostics);
  const auto* loaded = m.model->find_component("hq");
  ASSERT_NE(loaded, nullptr);
  EXPECT_TRUE(loaded->excluded);
  EXPECT_EQ(m.model->find_component("api")->deploys, Frequency::Daily);
  EXPECT_EQ(m.model->find_component("customers-db")->stores.size(), 0u);
  EXPECT_EQ(m.model->find_component("api")->stores.at(0).id, "customers-db");
  EXPECT_EQ(m.model->find_subservice("github-inc")->method, SubserviceMethod::Inclusive);
  EXPECT_EQ(m.model->find_subservice("aws")->report_period_end, Date::parse("2026-12-31"));
}

TEST(ImportOscal, BadDocumentsGetTheirPlaceAndNoOverlay) {
  struct Case {
    const char* name;
    std::string text;
    const char* message;
  };
  const std::string ssp_head =
      R"({"system-security-plan": {"uuid": "9f3a2c1e-5b7d-4e8f-a1b2-c3d4e5f60718", )";
  const Case cases[] = {
      {"xml.json", "<?xml version=\"1.0\"?>\n<system-security-plan/>\n",
       "xml.json:1:1: not an OSCAL document: the file is not JSON"},
      {"array.json", "[{\"system-security-plan\": {}}]",
       "array.json: not an OSCAL document: the document is an array, not an object holding one "
       "OSCAL model"},
      {"root.json", R"({"ssp": {"metadata": {"oscal-version": "1.1.2"}}})",
       "root.json: not an OSCAL document: its root holds none of OSCAL's models"},
      {"v2.json", ssp_head + R"("metadata": {"title": "t", "oscal-version": "2.0.0"}}})",
       "v2.json: /system-security-plan/metadata/oscal-version: oscal-version \"2.0.0\" is not "
       "1.x: attestplan reads OSCAL 1.x"},
      {"no-version.json", ssp_head + R"("metadata": {"title": "t"}}})",
       "no-version.json: /system-security-plan/metadata: missing 'oscal-version'"},
      {"ap.json",
       testing::slurp(oscal_corpus("nist-oscal-content__ifa_assessment-plan-example.json")),
       "ap.json: /assessment-plan: an OSCAL assessment-plan is not read: attestplan imports a "
       "system-security-plan or a component-definition"},
      {"catalog.json", R"({"catalog": {"uuid": "x", "metadata": {"oscal-version": "1.1.2"}}})",
       "catalog.json: /catalog: an OSCAL catalog is not read"},
      {"components-not-array.json",
       ssp_head + R"("metadata": {"title": "t", "oscal-version": "1.1.2"},
           "system-implementation": {"components": {"uuid": "x"}}}})",
       "/system-security-plan/system-implementation/components: 'components' is an object, not "
       "an array"},
  };
  for (const auto& c : cases) {
    const auto r = import_oscal_text(c.name, c.text);
    EXPECT_FALSE(r.overlay) << c.name;
    const auto all = messages(r.diagnostics);
    // messages() writes "FILE[:line:col]: message"; the file is the scratch path.
    EXPECT_NE(all.find(c.message), std::string::npos) << c.name << ":\n" << all;
  }
}

TEST(ImportOscal, AttestplansPropertiesWithBadValuesAreErrorsAtTheirPointers) {
  const std::string doc = R"({"system-security-plan": {
    "uuid": "9f3a2c1e-5b7d-4e8f-a1b2-c3d4e5f60718",
    "metadata": {"title": "t", "oscal-version": "1.1.2"},
    "system-implementation": {"components": [
      {"uuid": "00000000-0000-4000-8000-000000000001", "type": "software", "title": "A", "description": "",
       "props": [{"name": "component-id", "ns": "urn:attestplan:oscal", "value": "Bad Id!"},
                 {"name": "kind", "ns": "urn:attestplan:oscal", "value": "robot"}]},
      {"uuid": "00000000-0000-4000-8000-000000000002", "type": "software", "title": "B", "description": "",
       "props": [{"name": "component-id", "ns": "urn:attestplan:oscal", "value": "b"},
                 {"name": "headcount", "ns": "urn:attestplan:oscal", "value": "-3"},
                 {"name": "deploys", "ns": "urn:attestplan:oscal", "value": "hourly"}]},
      {"uuid": "00000000-0000-4000-8000-000000000003", "type": "software", "title": "B again", "description": "",
       "props": [{"name": "component-id", "ns": "urn:attestplan:oscal", "value": "b"}]},
      {"uuid": "00000000-0000-4000-8000-000000000004", "type": "service", "title": "V", "description": "",
       "props": [{"name": "subservice-id", "ns": "urn:attestplan:oscal", "value": "v"},
                 {"name": "covers", "ns": "urn:attestplan:oscal", "value": "ZZ9.9"},
                 {"name": "report-period-end", "ns": "urn:attestplan:oscal", "value": "last year"}]}
    ]}}})";
  const auto r = import_oscal_text("bad-props.json", doc);
  EXPECT_FALSE(r.overlay);
  const auto all = messages(r.diagnostics);
  const std::string c = "/system-security-plan/system-implementation/components/";
  for (const auto& expected :
       {c + "0/props/0: 'component-id' is \"Bad Id!\", which is not a model id",
        c + "0/props/1: 'kind' is \"robot\", not infrastructure",
        c + "1/props/1: 'headcount' is \"-3\", not a whole number from 0 to 10000000",
        c + "1/props/2: 'deploys' is \"hourly\", not ",
        c + "2: the id 'b' is already that of " + c + "1",
        c + "3/props/1: 'covers' is \"ZZ9.9\", not a criterion of the catalog",
        c + "3/props/2: 'report-period-end' is \"last year\", not a date (YYYY-MM-DD)"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
}

TEST(ImportOscal, ReferencesToUuidsTheDocumentLacksAreWarningsNamingTheirPointers) {
  const std::string doc = R"({"system-security-plan": {
    "uuid": "9f3a2c1e-5b7d-4e8f-a1b2-c3d4e5f60718",
    "metadata": {"title": "t", "oscal-version": "1.1.2"},
    "system-implementation": {
      "components": [
        {"uuid": "00000000-0000-4000-8000-000000000001", "type": "software", "title": "App", "description": "",
         "props": [{"name": "leveraged-authorization-uuid", "value": "00000000-0000-4000-8000-000000000008"}],
         "links": [{"href": "#00000000-0000-4000-8000-000000000009", "rel": "used-by"}]},
        {"uuid": "00000000-0000-4000-8000-000000000002", "type": "hardware", "title": "App", "description": ""}],
      "inventory-items": [{"uuid": "00000000-0000-4000-8000-000000000003", "description": "x",
        "implemented-components": [{"component-uuid": "00000000-0000-4000-8000-000000000007"}]}]}}})";
  const auto r = import_oscal_text("dangling.json", doc);
  ASSERT_TRUE(r.overlay) << messages(r.diagnostics);
  const auto all = messages(r.diagnostics);
  const std::string si = "/system-security-plan/system-implementation/";
  for (const auto& expected :
       {si + "components/0/props/0: leveraged-authorization-uuid names no leveraged "
             "authorization of the document",
        si + "components/0/links/0/href: this used-by link names no component, user or "
             "leveraged authorization of the document",
        si + "inventory-items/0/implemented-components/0/component-uuid: names no component of "
             "the document"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
  EXPECT_EQ(r.diagnostics.items().size(), 3u) << all;
  // Titles that slug alike get ids of their own.
  ASSERT_EQ(r.overlay->components.size(), 2u);
  EXPECT_EQ(r.overlay->components[0].id, "app");
  EXPECT_EQ(r.overlay->components[1].id, "app-2");
  EXPECT_EQ(r.overlay->components[1].kind, ComponentKind::Infrastructure);
}

}  // namespace attestplan

// Tests for loader.cpp: every kind of bad input gets a located diagnostic; good input loads.
#include "attestplan/loader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_models.hpp"

namespace attestplan {

using testing::find_diag;
using testing::load;
using testing::minimal_model;

namespace {

/// Replace the first occurrence of `from` in the minimal model.
std::string variant(const std::string& from, const std::string& to) {
  auto text = minimal_model();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST(Loader, LoadsAValidModel) {
  const auto r = load(minimal_model());
  ASSERT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  EXPECT_EQ(r.model->organization.name, "Test Org");
  EXPECT_EQ(r.model->organization.employees, 50);
  EXPECT_EQ(r.model->engagement.report, (Report{"soc2", ReportType::Type2}));
  EXPECT_EQ(r.model->engagement.observation_months, 6);
  EXPECT_EQ(r.model->engagement.start->to_string(), "2027-01-04");
  ASSERT_EQ(r.model->components.size(), 2u);
  EXPECT_EQ(r.model->components[1].provided_by->id, "cloud");
  EXPECT_EQ(r.model->subservices[0].covers.size(), 2u);
}

TEST(Loader, LocationsShareOneCopyOfTheFileName) {
  // A large model has millions of locations: each names its file by a shared handle, not a copy.
  const auto r = load(minimal_model());
  ASSERT_TRUE(r.model);
  const auto& a = r.model->components[0];
  const auto& b = r.model->components[1];
  EXPECT_EQ(a.where.file, r.model->source_name);
  EXPECT_EQ(&a.where.file.str(), &b.where.file.str());
  ASSERT_TRUE(b.provided_by);
  EXPECT_EQ(&b.provided_by->where.file.str(), &a.where.file.str());
  const SourceLocation copy = a.where;
  EXPECT_EQ(&copy.file.str(), &a.where.file.str());
  EXPECT_TRUE(SourceLocation{}.file.empty());
}

TEST(Loader, MaturityCanBeStatedPerControlAreaAndAnUnknownAreaIsLocated) {
  const auto r = load(variant(
      "[engagement]", "[maturity]\naccess = \"operating\"\nchange = \"none\"\n\n[engagement]"));
  ASSERT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  EXPECT_EQ(maturity_of(r.model->organization, "access"), Maturity::Operating);
  EXPECT_EQ(maturity_of(r.model->organization, "change"), Maturity::None);
  EXPECT_EQ(maturity_of(r.model->organization, "vendors"), r.model->organization.maturity);
  const auto bad =
      load(variant("[engagement]", "[maturity]\nacess = \"operating\"\n\n[engagement]"));
  EXPECT_FALSE(bad.model);
  const auto* d = find_diag(bad, "unknown key 'acess' in [maturity]");
  ASSERT_NE(d, nullptr);
  EXPECT_GT(d->location.line, 0u);
  EXPECT_EQ(d->hint, "did you mean 'access'?");
}

TEST(Loader, AcceptsNativeTomlDates) {
  const auto r = load(variant("start = \"2027-01-04\"", "start = 2027-01-04"));
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.model->engagement.start->to_string(), "2027-01-04");
}

TEST(Loader, UnknownKeySuggestsTheNearestKnownKey) {
  const auto r = load(variant("employees = 50", "employes = 50"));
  EXPECT_FALSE(r.model);
  const auto* d = find_diag(r, "unknown key 'employes'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 5u);
  EXPECT_EQ(d->location.column, 1u);
  EXPECT_EQ(d->hint, "did you mean 'employees'?");
}

TEST(Loader, UnknownKeyWithoutNearMissListsKnownKeys) {
  const auto r = load(variant("engineers = 10", "favourite_colour = \"blue\""));
  EXPECT_FALSE(r.model);
  const auto* d = find_diag(r, "unknown key 'favourite_colour' in [organization]");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("known keys:"), std::string::npos);
  EXPECT_NE(d->hint.find("employees"), std::string::npos);
}

TEST(Loader, WrongTypeNamesExpectedAndActualType) {
  const auto r = load(variant("employees = 50", "employees = \"many\""));
  const auto* d = find_diag(r, "'employees' in [organization] must be an integer, not a string");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 5u);
  EXPECT_EQ(d->location.column, 13u);
}

TEST(Loader, DanglingReferenceIsReportedAtTheReference) {
  const auto r = load(variant("uses = [\"app\"]", "uses = [\"app\", \"nope\"]"));
  EXPECT_FALSE(r.model);
  const auto* d = find_diag(r, "unknown id 'nope' in uses of service 'svc'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 15u);
  EXPECT_EQ(d->location.column, 16u);
}

TEST(Loader, DanglingReferenceSuggestsNearId) {
  const auto r = load(variant("uses = [\"app\"]", "uses = [\"ap\"]"));
  const auto* d = find_diag(r, "unknown id 'ap'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'app'?");
}

TEST(Loader, DuplicateIdNamesTheFirstDefinition) {
  const auto r = load(minimal_model("\n[[component]]\nid = \"app\"\nkind = \"data\"\n"));
  EXPECT_FALSE(r.model);
  const auto* d = find_diag(r, "duplicate id 'app'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 35u);
  EXPECT_NE(d->hint.find("test.toml:18:6"), std::string::npos) << d->hint;
}

TEST(Loader, ObservationMonthsOutOfRange) {
  for (const char* months : {"0", "13", "-1"}) {
    const auto r =
        load(variant("observation_months = 6", std::string{"observation_months = "} + months));
    EXPECT_FALSE(r.model) << months;
    const auto* d = find_diag(
        r, "'observation_months' in [engagement] is " + std::string{months} + ", outside 3..12");
    ASSERT_NE(d, nullptr) << months;
    EXPECT_EQ(d->location.line, 10u);
  }
}

TEST(Loader, ShortWindowIsAWarningWithTheReason) {
  const auto r = load(variant("observation_months = 6", "observation_months = 3"));
  ASSERT_TRUE(r.model);
  const auto* d = find_diag(r, "below the 6 months");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::Warning);
}

TEST(Loader, NegativeHeadcountIsRejected) {
  auto r = load(variant("employees = 50", "employees = -5"));
  EXPECT_NE(find_diag(r, "'employees' in [organization] is -5, outside 1.."), nullptr);
  r = load(minimal_model("\n[[component]]\nid = \"team\"\nkind = \"people\"\nheadcount = -3\n"));
  EXPECT_NE(find_diag(r, "'headcount' in [[component]] 'team' is -3"), nullptr);
  EXPECT_FALSE(r.model);
}

TEST(Loader, DateThatIsNotADate) {
  auto r = load(variant("start = \"2027-01-04\"", "start = \"2027-02-30\""));
  auto* d = find_diag(r, "'start' in [engagement] is not a calendar date");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 11u);
  r = load(variant("start = \"2027-01-04\"", "start = 20270104"));
  EXPECT_NE(find_diag(r, "'start' in [engagement] must be a date (YYYY-MM-DD), not an integer"),
            nullptr);
  r = load(variant("report_period_end = \"2027-03-31\"", "report_period_end = \"soon\""));
  EXPECT_NE(find_diag(r, "'report_period_end' in [[subservice]] 'cloud' is not a calendar date"),
            nullptr);
}

TEST(Loader, ProvidedByMustNameASubservice) {
  auto r = load(variant("provided_by = \"cloud\"", "provided_by = \"azure\""));
  auto* d = find_diag(r, "unknown id 'azure' in provided_by of component 'vm'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 25u);
  r = load(variant("provided_by = \"cloud\"", "provided_by = \"app\""));
  d = find_diag(r,
                "'app' in provided_by of component 'vm' is a component, but provided_by must name "
                "a [[subservice]]");
  ASSERT_NE(d, nullptr);
}

TEST(Loader, MissingSchemaLine) {
  const auto r = load(variant("schema = \"attestplan/1\"", ""));
  const auto* d = find_diag(r, "missing schema line");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 1u);
  EXPECT_NE(d->hint.find("schema = \"attestplan/1\""), std::string::npos);
}

TEST(Loader, UnsupportedSchemaVersion) {
  const auto r = load(variant("attestplan/1", "attestplan/9"));
  const auto* d = find_diag(r, "schema \"attestplan/9\" is newer than the version of the model");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("(attestplan/1)"), std::string::npos) << d->message;
  EXPECT_NE(d->hint.find("attestplan --version"), std::string::npos) << d->hint;
  const auto other = load(variant("attestplan/1", "attestplan-profile/1"));
  EXPECT_NE(find_diag(other, "schema \"attestplan-profile/1\" is not the format of the model"),
            nullptr);
}

TEST(Loader, NotTomlAtAll) {
  const auto r = load("This is a Word document, not a model.\nDear auditor,\n");
  EXPECT_FALSE(r.model);
  ASSERT_EQ(r.diagnostics.items().size(), 1u);
  EXPECT_NE(r.diagnostics.items()[0].message.find("not valid TOML"), std::string::npos);
  EXPECT_EQ(r.diagnostics.items()[0].location.line, 1u);
}

TEST(Loader, EmptyFile) {
  for (const char* text : {"", "  \n\n"}) {
    const auto r = load(text);
    EXPECT_FALSE(r.model);
    const auto* d = find_diag(r, "the model is empty");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->location.to_string(), "test.toml:1:1");
  }
}

TEST(Loader, BinaryFile) {
  const std::string binary(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00\x00",
      12);
  const auto r = load(binary);
  EXPECT_FALSE(r.model);
  const auto* d = find_diag(r, "not a text file");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 1u);
}

TEST(Loader, ReportsEveryProblemAtOnceInFileOrder) {
  auto text = variant("employees = 50", "employes = 50");
  text.replace(text.find("uses = [\"app\"]"), 14, "uses = [\"nope\"]");
  text.replace(text.find("start = \"2027-01-04\""), 20, "start = \"tomorrow\"");
  const auto r = load(text);
  EXPECT_FALSE(r.model);
  ASSERT_EQ(r.diagnostics.error_count(), 3u);
  const auto& items = r.diagnostics.items();
  EXPECT_EQ(items[0].location.line, 5u);
  EXPECT_EQ(items[1].location.line, 11u);
  EXPECT_EQ(items[2].location.line, 15u);
}

TEST(Loader, UnknownCriterionInCoversSuggestsTheNearest) {
  const auto r = load(variant("covers = [\"CC6.4\", \"A1.2\"]", "covers = [\"CC6.44\", \"A1.2\"]"));
  const auto* d = find_diag(r, "'CC6.44' in covers of subservice 'cloud' is not a criterion");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'CC6.4'?");
}

TEST(Loader, UnknownEnumValueSuggestsTheNearest) {
  const auto r = load(variant("method = \"carve-out\"", "method = \"carveout\""));
  const auto* d = find_diag(r, "has unknown value \"carveout\"");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("did you mean \"carve-out\"?"), std::string::npos);
}

TEST(Loader, EngineersCannotExceedEmployees) {
  const auto r = load(variant("engineers = 10", "engineers = 80"));
  EXPECT_NE(find_diag(r, "engineers (80) exceed employees (50)"), nullptr);
}

TEST(Loader, SecurityIsAddedWhenCategoriesOmitIt) {
  const auto r = load(
      variant("start = \"2027-01-04\"", "start = \"2027-01-04\"\ncategories = [\"availability\"]"));
  ASSERT_TRUE(r.model);
  ASSERT_EQ(r.model->engagement.categories.size(), 2u);
  EXPECT_EQ(r.model->engagement.categories[0], Category::Security);
  EXPECT_NE(find_diag(r, "Security (the common criteria) is always in scope"), nullptr);
}

TEST(Loader, MissingFileIsADiagnostic) {
  const auto r = load_model_file("/nonexistent/model.toml", CriteriaCatalog::builtin());
  EXPECT_FALSE(r.model);
  ASSERT_EQ(r.diagnostics.error_count(), 1u);
  EXPECT_NE(r.diagnostics.items()[0].message.find("cannot open"), std::string::npos);
}

TEST(Loader, BundledExamplesValidate) {
  for (const char* name : {"hr-saas", "payments-fintech", "startup-type1"}) {
    const auto r =
        load_model_file(std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/" + name + ".toml",
                        CriteriaCatalog::builtin());
    EXPECT_TRUE(r.model) << name;
  }
}

namespace {

/// A folder of its own under the system's temporary folder, holding the given files.
std::filesystem::path folder_with(const std::string& name,
                                  const std::vector<std::pair<std::string, std::string>>& files) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("attestplan-loader-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
  return dir;
}

const char* kOverlay = R"(schema = "attestplan/1"

[[component]]
id = "orders-db"
kind = "data"
runs_on = ["vm"]
source = "module.db.aws_db_instance.orders"

[[component]]
id = "app"
kind = "infrastructure"
source = "module.app.aws_instance.app"
)";

}  // namespace

TEST(Loader, IncludedComponentsJoinTheModelAndKeepTheirSource) {
  const auto dir = folder_with("include", {{"imported.toml", kOverlay}});
  // include is a top-level key: it comes before the first table.
  auto text = variant("uses = [\"app\"]", "uses = [\"app\", \"orders-db\"]");
  text.insert(text.find("\n") + 1, "include = [\"imported.toml\"]\n");
  std::ofstream(dir / "model.toml") << text;
  const auto r = load_model_file(dir / "model.toml", CriteriaCatalog::builtin());
  ASSERT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  const auto* db = r.model->find_component("orders-db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->source, "module.db.aws_db_instance.orders");
  EXPECT_EQ(db->where.file, (dir / "imported.toml").string());
  EXPECT_EQ(db->where.line, 3u);
  // The hand-written 'app' (software) wins over the imported one (infrastructure), with a note.
  const auto* app = r.model->find_component("app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->kind, ComponentKind::Software);
  EXPECT_TRUE(app->source.empty());
  const auto* note = find_diag(r, "'app' from " + (dir / "imported.toml").string() +
                                      " is also defined by the model; the model's own is kept");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->severity, Severity::Note);
  EXPECT_EQ(note->location.file, (dir / "imported.toml").string());
  EXPECT_EQ(note->location.line, 10u);
  ASSERT_EQ(r.model->included_files.size(), 1u);
}

TEST(Loader, ProblemsInAnIncludedFileNameThatFileLineAndColumn) {
  const auto dir = folder_with(
      "include-bad",
      {{"imported.toml", "[[component]]\nid = \"x\"\nkind = \"dta\"\nuses = [\"nothing\"]\n"}});
  auto text = minimal_model();
  text.insert(text.find("\n") + 1, "include = [\"imported.toml\", \"missing.toml\"]\n");
  std::ofstream(dir / "model.toml") << text;
  const auto r = load_model_file(dir / "model.toml", CriteriaCatalog::builtin());
  EXPECT_FALSE(r.model);
  const auto file = (dir / "imported.toml").string();
  const auto* kind = find_diag(r, "has unknown value \"dta\"");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->location.to_string(), file + ":3:8");
  // An imported reference to what the model lacks is a warning at its place, not an error.
  const auto* ref = find_diag(r,
                              "'nothing' in uses of component 'x' names nothing the model defines: "
                              "an imported reference, dropped");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(ref->severity, Severity::Warning);
  EXPECT_EQ(ref->location.to_string(), file + ":4:9");
  const auto* missing = find_diag(r, "included file 'missing.toml' does not exist (looked for " +
                                         (dir / "missing.toml").string() + ")");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->location.to_string(), (dir / "model.toml").string() + ":2:29");
}

TEST(Loader, IncludeWithoutAFolderOrOfItselfIsRefused) {
  auto text = minimal_model();
  text.insert(text.find("\n") + 1, "include = [\"imported.toml\"]\n");
  const auto r = load(text);  // text only: the server's case
  EXPECT_FALSE(r.model);
  EXPECT_NE(
      find_diag(r, "include 'imported.toml' cannot be read: this model has no folder on disk"),
      nullptr);

  auto self = minimal_model();
  self.insert(self.find("\n") + 1, "include = [\"model.toml\"]\n");
  const auto dir = folder_with("include-self", {{"model.toml", self}});
  const auto s = load_model_file(dir / "model.toml", CriteriaCatalog::builtin());
  EXPECT_FALSE(s.model);
  EXPECT_NE(find_diag(s, "the model includes itself ('model.toml')"), nullptr);

  const auto nested =
      folder_with("include-nested", {{"a.toml", "include = [\"b.toml\"]\n"}, {"b.toml", ""}});
  auto outer = minimal_model();
  outer.insert(outer.find("\n") + 1, "include = [\"a.toml\"]\n");
  std::ofstream(nested / "model.toml") << outer;
  const auto n = load_model_file(nested / "model.toml", CriteriaCatalog::builtin());
  EXPECT_FALSE(n.model);
  EXPECT_NE(find_diag(n, "an included file cannot include others"), nullptr);
}

TEST(Loader, AVendorNameGivesTheLibraryDefaultsAndTheModelOverridesThem) {
  const auto r = load(
      variant("[[subservice]]\nid = \"cloud\"\nmethod = \"carve-out\"\nreport = \"soc2-type2\"\n"
              "report_period_end = \"2027-03-31\"\ncovers = [\"CC6.4\", \"A1.2\"]",
              "[[subservice]]\nid = \"cloud\"\nvendor = \"aws\"\nreport = \"iso27001\""));
  ASSERT_TRUE(r.model) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  const auto& s = r.model->subservices[0];
  EXPECT_EQ(s.vendor, "aws");
  EXPECT_EQ(s.name, "Amazon Web Services");
  EXPECT_EQ(s.method, SubserviceMethod::CarveOut);
  EXPECT_EQ(s.report, VendorReport::Iso27001);  // the model's own word wins
  std::vector<std::string> covers;
  for (const auto& c : s.covers) covers.push_back(c.id);
  EXPECT_EQ(covers, (std::vector<std::string>{"CC6.4", "CC6.5", "A1.2"}));

  const auto bad =
      load(variant("method = \"carve-out\"", "vendor = \"awz\"\nmethod = \"carve-out\""));
  EXPECT_FALSE(bad.model);
  const auto* d = find_diag(bad, "vendor 'awz' of subservice 'cloud' is not in the vendor library");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'aws'?");
}

}  // namespace attestplan

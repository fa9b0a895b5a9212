// Readers of other systems' inventories (DESIGN §2, import/): Terraform state, an asset register
// (CSV), an identity provider's groups, an OSCAL system security plan or component definition.
// Each turns its input into a model overlay: [[component]] and [[subservice]] tables a
// hand-written model includes (`include = ["imported.toml"]`), each component keeping its source
// so the boundary and the estimate can say where it came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

/// One component of an overlay, as it will be written.
struct ImportedComponent {
  std::string id;
  std::string name;
  std::string description;
  ComponentKind kind = ComponentKind::Software;
  std::vector<std::string> runs_on;
  std::vector<std::string> uses;
  std::vector<std::string> stores;
  std::vector<std::string> accesses;
  std::vector<std::string> flows_to;
  std::string provided_by;
  std::optional<Frequency> deploys;
  std::vector<std::string> classification;
  std::string subjects;  ///< data components: whose personal data ("eu", "global", ...)
  std::optional<int> headcount;
  std::string site;  ///< facility components: office | data-centre | colocation
  std::optional<ComponentRole> role;
  std::string process;    ///< the change, access and operations process it follows
  bool excluded = false;  ///< taken out of scope deliberately (`exclude = true`)
  std::string exclude_reason;
  bool internet_facing = false;  ///< a public entry point (a load balancer, gateway, CDN)
  std::string source;  ///< where it came from: "module.api.aws_ecs_service.api", "assets.csv:12"
};

/// A subservice organization an overlay names: a vendor library entry, or one the input named
/// that the library does not know (then `vendor` is empty and, unless `report` says, the report is
/// not known). What is unset here is left to the vendor library's defaults (or the model's).
struct ImportedSubservice {
  std::string id;
  std::string vendor;
  std::string name;  ///< written when there is no vendor, or when it is not the library's name
  std::string description;
  std::optional<SubserviceMethod> method;
  std::optional<VendorReport> report;
  std::optional<Date> report_period_end;
  std::optional<int> report_cycle_months;
  /// The criteria it carries; set (even empty) to replace the vendor library's list.
  std::optional<std::vector<std::string>> covers;
};

/// What an import produced: the overlay's elements and a few words on what was read.
struct Overlay {
  std::string tool;   ///< "terraform", "csv", "okta", "google", "oscal"
  std::string input;  ///< the file read
  std::vector<ImportedComponent> components;
  std::vector<ImportedSubservice> subservices;
  std::vector<std::string> summary;  ///< lines for the overlay's header comment
};

struct ImportResult {
  std::optional<Overlay> overlay;  ///< set only when there are no errors
  Diagnostics diagnostics;
};

/// The overlay as TOML (schema attestplan/1), in the order the import made its elements.
std::string render_overlay(const Overlay& overlay);

/// How Terraform resources become components.
enum class GroupBy {
  Tag,       ///< an `attestplan:component` tag names the component; else one per resource
  Module,    ///< the tag, else one component per module and kind; root resources one each
  Resource,  ///< one component per resource, tags ignored
};
std::optional<GroupBy> parse_group_by(std::string_view s);

struct TerraformOptions {
  GroupBy group_by = GroupBy::Module;
  /// A rules file replacing the built-in models/import/terraform.toml.
  std::optional<std::filesystem::path> rules;
  /// Called every so many resources with the count read so far (progress on a terminal).
  std::function<void(std::uint64_t resources)> progress;
};

/// Reads `terraform show -json` output (format_version 1.x) as a stream: the document is never
/// held whole, so a state of a million resources reads in bounded memory. Data sources and
/// helper resources are left out; resource types the rules do not know are counted and named in
/// one warning. Values are read only to find references between resources and the component
/// tags; no value is copied into the overlay, and the state's sensitive_values and secret-like
/// attributes are not read at all.
ImportResult import_terraform(const std::filesystem::path& state, const TerraformOptions& options);

/// Reads an asset register: CSV with CISO Assistant's asset columns (ref_id, name, description,
/// type, parent_assets) and attestplan's optional kind, uses, runs_on, provided_by, classification,
/// owner, site. Problems name the file and line.
ImportResult import_csv(const std::filesystem::path& csv);

/// Reads an identity provider's group export (docs/import.md, "Group exports"): Okta's groups with
/// their app assignments, or Google Workspace groups with their members.list responses. Each group
/// becomes a people component that accesses the components its apps are.
/// `more_pages`: further files of the same export, one page each (Okta pages its lists), read as
/// one.
ImportResult import_groups(const std::filesystem::path& file,
                           const std::vector<std::filesystem::path>& more_pages = {});

/// Reads an OSCAL 1.x document in JSON (docs/oscal.md, "What is read"): a system security plan
/// becomes components, people and subservice organizations; a component definition becomes
/// subservice organizations carrying the Trust Services Criteria it implements. attestplan's own
/// properties (namespace urn:attestplan:oscal) are read back exactly as the export wrote them;
/// a document another tool wrote is mapped from OSCAL's types, links and leveraged authorizations,
/// and what is not read (other models' documents aside, which are refused) is listed in the
/// overlay's header. Problems name the file and the JSON pointer of what is wrong.
ImportResult import_oscal(const std::filesystem::path& file);

/// A string made into a model id: lower case letters, digits and '-', from any text.
std::string slug_of(std::string_view text);

}  // namespace attestplan

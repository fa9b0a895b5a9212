// The engagement model a user writes in TOML (DESIGN §3) as the engine holds it: the plain
// structures of model_types.hpp, with the plugins' options, the scenarios and the files included.
// The loader fills it. Not part of the plugin SDK: plugins read a ModelView (view.hpp).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"

namespace attestplan {

/// The model format this build reads.
inline constexpr const char* kSchemaVersion = "attestplan/1";
/// The model format's name and version, as kSchemaVersion writes them.
inline constexpr std::string_view kModelFormat = "attestplan";
inline constexpr int kModelFormatVersion = 1;

/// A `[[scenario]]`: a variation of the engagement to compare (overrides of engagement keys).
struct ScenarioSpec {
  std::string id;
  std::string label;
  std::optional<Report> report;
  std::optional<int> observation_months;
  std::optional<std::vector<Category>> categories;
  std::optional<Date> window_start;
  std::optional<Date> as_of;
  /// A Type 1 first, then a Type 2 whose window starts the day after the Type 1 date.
  bool type1_first = false;
  /// A Type 1 whose estimate plans the Type 2 of these months after it as its next cycle (a staged
  /// model, as `type1_first` in a model's [engagement] makes one): one estimate, priced as the
  /// estimate prices the year after a Type 1.
  std::optional<int> staged_type2_months;
  /// The signing auditor's country for this plan (`auditor_country`), when it is another firm's: a
  /// comparison priced for one firm (`--firm`) in another country leaves it out.
  std::optional<std::string> auditor_country;
  SourceLocation where;
};

/// A `[plugins.NAME]` table: options for one plugin, validated by that plugin.
struct PluginOptions {
  std::string plugin;
  toml::table table;
  SourceLocation where;
};

struct Model {
  std::string source_name;  ///< the file it came from, for locations
  Organization organization;
  EngagementSettings engagement;
  std::vector<Service> services;
  std::vector<Component> components;
  std::vector<Subservice> subservices;
  std::vector<PluginOptions> plugin_options;
  std::vector<ScenarioSpec> scenarios;
  /// The files `include` read, as located (for messages and drift), in the order read.
  std::vector<std::string> included_files;

  [[nodiscard]] ATTESTPLAN_API const Component* find_component(std::string_view id) const;
  [[nodiscard]] ATTESTPLAN_API const Subservice* find_subservice(std::string_view id) const;
  [[nodiscard]] ATTESTPLAN_API const PluginOptions* find_plugin_options(
      std::string_view plugin) const;
};

/// Where the auditor who signs the model's report sits (signer_country of its organization and
/// engagement).
inline std::string signer_country(const Model& model) {
  return signer_country(model.organization, model.engagement);
}

}  // namespace attestplan

// Finding, checking and loading plugins (Boost.DLL); the pipeline that runs them is pipeline.hpp.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "attestplan/descriptor.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/plugin.hpp"

namespace attestplan {

enum class PluginStatus { Loaded, Refused, Shadowed };
ATTESTPLAN_API const char* to_string(PluginStatus v);  ///< "loaded", "refused", "shadowed"

/// One library the host looked at.
struct PluginRecord {
  std::filesystem::path file;
  std::string name;
  std::string version;
  std::string toolchain;
  std::string description;
  Stage stage = Stage::Scope;
  PluginKind kind = PluginKind::Stage;
  Descriptor descriptor;  ///< what it declares of itself (data files, options, parameters)
  PluginStatus status = PluginStatus::Refused;
  std::string reason;  ///< why refused or shadowed
  /// The plugin's factory: a fresh instance per estimate, so runs never share state (or threads).
  Plugin* (*factory)() = nullptr;
};

/// Where plugins are looked for, in order (DESIGN §5).
struct PluginSearch {
  std::vector<std::filesystem::path> dirs;  ///< --plugins DIR (first)
  bool use_environment = true;              ///< $ATTESTPLAN_PLUGIN_PATH (colon-separated)
  bool use_defaults = true;                 ///< lib/attestplan/plugins beside the program's bin/
};

/// The directories searched, in order, with where each came from ("--plugins", "environment", ...).
ATTESTPLAN_API std::vector<std::pair<std::filesystem::path, std::string>> plugin_dirs(
    const PluginSearch& search);

/// The subjects of the frameworks in use that offer reports of `type` (frameworks.hpp, `subject`),
/// in their order; the default subject when none does.
ATTESTPLAN_API std::vector<std::string> report_subjects(ReportType type);

/// Loads every plugin it finds. The libraries stay loaded as long as the host lives, and every
/// plugin object, exception or function is gone before it does: run_estimate makes its plugin
/// instances and destroys them inside the call (engineering notes, Boost.DLL lifetime). Load from
/// one thread, at start-up.
class ATTESTPLAN_API PluginHost {
 public:
  explicit PluginHost(const PluginSearch& search);
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;
  ~PluginHost();

  [[nodiscard]] const std::vector<PluginRecord>& records() const { return records_; }
  /// The plugin serving a stage for reports of a type on a subject (a framework's `subject`): the
  /// first loaded one found for it that serves both, or nullptr. A plugin that names no subject
  /// serves every one.
  [[nodiscard]] const PluginRecord* for_stage(Stage s, ReportType type,
                                              std::string_view subject) const;
  /// The same for the subject of the first framework in use that offers `type` (the default).
  [[nodiscard]] const PluginRecord* for_stage(Stage s, ReportType type) const;
  /// The add-ons to a stage for reports of a type on a subject, in the order found.
  [[nodiscard]] std::vector<const PluginRecord*> add_ons(Stage s, ReportType type,
                                                         std::string_view subject) const;
  /// The same for the subject of the first framework in use that offers `type`.
  [[nodiscard]] std::vector<const PluginRecord*> add_ons(Stage s, ReportType type) const;
  /// The add-ons to a stage, whatever the type they serve.
  [[nodiscard]] std::vector<const PluginRecord*> add_ons(Stage s) const;
  /// The plugins an estimate of some report type runs, stage by stage: each stage's add-ons, then
  /// its plugin; each once, for the report types in kReportTypes order.
  [[nodiscard]] std::vector<const PluginRecord*> active() const;
  /// The plugins an estimate of a report of `type` runs, stage by stage, whatever its subject
  /// (each subject the frameworks in use give reports of that type).
  [[nodiscard]] std::vector<const PluginRecord*> active(ReportType type) const;
  /// The data files the active plugins read, in their order (a key declared twice: the first).
  [[nodiscard]] std::vector<DataFileDecl> data_files() const;
  /// The data files an estimate of a report of `type` reads (what a quote of it rests on).
  [[nodiscard]] std::vector<DataFileDecl> data_files(ReportType type) const;
  /// The same for a report of `type` on `subject` (its framework's).
  [[nodiscard]] std::vector<DataFileDecl> data_files(ReportType type,
                                                     std::string_view subject) const;
  /// The calibratable parameters the active plugins declare, in their order.
  [[nodiscard]] std::vector<ParameterDecl> parameters() const;
  /// Their names, in the same order.
  [[nodiscard]] std::vector<std::string> parameter_names() const;

 private:
  void load(const std::filesystem::path& file);
  void refuse_data_key_clashes();
  struct Libraries;
  std::vector<PluginRecord> records_;
  std::unique_ptr<Libraries> libraries_;
};

}  // namespace attestplan

// The whole plugin SDK: the stage plugin interfaces, the Context a plugin reads, the writer through
// which it adds to the estimate, the plain-data info record the host checks before calling any C++
// in the plugin, and the export macro.
//
// A plugin is a shared library with one class derived from the interface of its stage
// (ScopePlugin, EffortPlugin, CostPlugin or TimingPlugin) and one line:
//
//     ATTESTPLAN_PLUGIN(MyCost, "my-firm-cost", "1.0.0", "Our rate card")
//
// It receives its own options table (`[plugins.my-firm-cost]` in the model) in configure(). In
// run() it reads what the earlier stages decided (out.estimate(), read-only) and writes through
// `out`: ledger lines, findings, and its own stage's result (out.result()) — no other stage's.
// Exceptions thrown from either are caught by the host and reported with the plugin's name.
//
// An add-on (ScopeAddOn, EffortAddOn, CostAddOn, TimingAddOn) adds to a stage without replacing
// its plugin: it runs just before the stage's plugin and writes lines and findings; a cost add-on's
// fee items and costs beside the fee are taken into the totals by the cost plugin, with VAT and
// the rest, and an effort add-on's auditor hours into the hours by the effort plugin
// (StageWriter::contributions). Any number of add-ons may serve a stage.
//
// An optional fifth argument of ATTESTPLAN_PLUGIN is the plugin's descriptor: TOML declaring its
// data files ([[data]] key, label, help, money, builtin, marker), its options ([[option]] key,
// type, default, help) and the parameters a firm profile may scale ([[parameter]] name, stage,
// help). The host reads it from the file without running the plugin: each data file becomes a --KEY
// flag, a request's KEY=NAME and a firm file's KEY (README, "Plugins").
#pragma once

#include <toml++/toml.h>

#include <boost/config.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/view.hpp"

/// Bumped whenever Plugin, Context, Estimate or anything they hold changes layout or meaning: the
/// structures of the installed headers (the views show model_types.hpp's and boundary_types.hpp's),
/// not the engine's Model or Boundary, which no plugin sees.
#define ATTESTPLAN_PLUGIN_ABI 19

#define ATTESTPLAN_STRINGIFY_(x) #x
#define ATTESTPLAN_STRINGIFY(x) ATTESTPLAN_STRINGIFY_(x)
/// What must match between the host and a plugin for C++ objects to cross, and no more: the
/// standard library and its string ABI (std::string, containers and exceptions cross in every
/// call) and toml++, whose tables reach configure() and TableReader. Not the compiler (g++ and
/// clang++ both build against libstdc++'s stable ABI) nor Boost (only its export attribute is used:
/// no Boost type crosses; the factory returns a plain pointer).
#if defined(_LIBCPP_VERSION)
#define ATTESTPLAN_STDLIB_ID "libc++-abi" ATTESTPLAN_STRINGIFY(_LIBCPP_ABI_VERSION)
#else
#define ATTESTPLAN_STDLIB_ID "libstdc++/cxx11abi-" ATTESTPLAN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#endif
#define ATTESTPLAN_TOOLCHAIN_ID                               \
  ATTESTPLAN_STDLIB_ID "/tomlplusplus-" ATTESTPLAN_STRINGIFY( \
      TOML_LIB_MAJOR) "." ATTESTPLAN_STRINGIFY(TOML_LIB_MINOR)

namespace attestplan {

inline constexpr std::uint32_t kPluginAbi = ATTESTPLAN_PLUGIN_ABI;
inline constexpr const char* kToolchainId = ATTESTPLAN_TOOLCHAIN_ID;

/// Whether a plugin serves its stage or adds to it.
enum class PluginKind : std::uint32_t {
  Stage = 0,  ///< serves the stage and fills its result: the first one found serves
  AddOn = 1,  ///< adds lines and findings to the stage, before its plugin runs: every one found
};

/// Plain data, read by the host before it calls anything in the plugin.
struct PluginInfoRecord {
  std::uint32_t abi;
  const char* name;
  const char* version;
  const char* toolchain;
  std::uint32_t stage;  ///< a Stage value
  const char* description;
  std::uint32_t kind;      ///< a PluginKind value
  const char* descriptor;  ///< what the plugin declares of itself (TOML), or null
};

/// Everything a plugin may read. It does not own anything: the model and the boundary are views of
/// the engine's (view.hpp).
struct Context {
  ModelView model;
  BoundaryView boundary;
  const CriteriaCatalog& catalog;
  /// Data files the user replaced on the command line, by name ("rates" → my-firm.toml).
  const std::map<std::string, std::filesystem::path>& data_overrides;
  /// Scales on the parameters the plugin declares, by name: a firm profile's (--profile) or a
  /// calibration's trial. A plugin applies those it declares; the host has checked the names.
  const std::map<std::string, ParameterScale>& parameters;

  /// The override for `name` if the user gave one, else the embedded `models/<default_relative>`.
  [[nodiscard]] std::optional<DataFile> data_file(const std::string& name,
                                                  std::string_view default_relative,
                                                  Diagnostics& diags) const {
    const auto it = data_overrides.find(name);
    return load_data_file(it == data_overrides.end()
                              ? std::nullopt
                              : std::optional<std::filesystem::path>{it->second},
                          default_relative, diags);
  }
};

class StageRunner;  // the host's side of the pipeline

/// The result a stage fills, and where it lives in the estimate.
template <Stage S>
struct StageResult;
template <>
struct StageResult<Stage::Scope> {
  using type = ScopeResult;
  static type& of(Estimate& e) { return e.scope; }
};
template <>
struct StageResult<Stage::Effort> {
  using type = EffortResult;
  static type& of(Estimate& e) { return e.effort; }
};
template <>
struct StageResult<Stage::Cost> {
  using type = CostResult;
  static type& of(Estimate& e) { return e.cost; }
};
template <>
struct StageResult<Stage::Timing> {
  using type = TimingResult;
  static type& of(Estimate& e) { return e.timing; }
};

template <Stage S>
class StagePlugin;
template <Stage S>
class StageAddOn;

namespace detail {

/// What every writer may do: read the estimate so far, add findings, name drivers.
class WriterBase {
 public:
  /// The estimate so far: the earlier stages' results and lines, read-only.
  [[nodiscard]] const Estimate& estimate() const { return estimate_; }
  void add_finding(Finding finding) { estimate_.findings.push_back(std::move(finding)); }
  /// Names a driver that lines list in `drivers` (once is enough; later calls with the same id
  /// keep the first label). Returns the id, for the line's `drivers`.
  std::string driver(std::string id, std::string label) {
    for (const auto& d : estimate_.drivers) {
      if (d.id == id) return id;
    }
    estimate_.drivers.push_back({id, std::move(label)});
    return id;
  }

 protected:
  explicit WriterBase(Estimate& estimate) : estimate_(estimate) {}
  const LedgerLine& push(LedgerLine line, Stage stage) {
    line.stage = stage;
    estimate_.lines.push_back(std::move(line));
    return estimate_.lines.back();
  }
  Estimate& estimate_;
};

}  // namespace detail

/// What a plugin of stage S may do to the estimate: add ledger lines and findings, and fill its own
/// stage's result. Everything else it can only read.
template <Stage S>
class StageWriter : public detail::WriterBase {
 public:
  using Result = typename StageResult<S>::type;

  /// This stage's own result.
  [[nodiscard]] Result& result() { return StageResult<S>::of(estimate_); }
  /// Adds a ledger line of this stage and returns the figure it states (its label, value and id:
  /// a value of its own, which later adds leave valid). Ids must be unique in the ledger, values
  /// finite, non-negative and in order; the host checks.
  Figure add(LedgerLine line) { return Figure::of(push(std::move(line), S)); }
  /// The add-ons' lines this stage's plugin takes into its totals: of the cost stage, each fee
  /// item into the fee (and the next cycle's fee when yearly), each cost beside the fee into
  /// `other` and year one (and year two when yearly); of the effort stage, auditor hours into
  /// their audit stage's hours and the total. The host checks that each is taken.
  [[nodiscard]] const std::vector<Contributed>& contributions() const {
    return estimate_.contributions;
  }

 private:
  friend class StagePlugin<S>;
  explicit StageWriter(Estimate& estimate) : WriterBase(estimate) {}
};

/// What an add-on to stage S may do: add lines and findings. It reads the stage's result as the
/// earlier stages left it (the stage's own plugin runs after it).
template <Stage S>
class AddOnWriter : public detail::WriterBase {
 public:
  /// Adds a line of its own, explained in the ledger and in no total. Returns its id.
  std::string add(LedgerLine line) { return push(std::move(line), S).id; }
  /// Adds an item of the auditor's fee (`yearly`: of the next cycle's fee too), in the
  /// engagement's currency. Returns its id.
  std::string add_to_fee(LedgerLine line, bool yearly) requires(S == Stage::Cost) {
    return contribute(std::move(line), yearly ? Contribution::FeeYearly : Contribution::Fee,
                      CostRole::Other);
  }
  /// Adds a cost beside the fee (`yearly`: in year two as well), in the engagement's currency.
  /// Returns its id.
  std::string add_beside_fee(LedgerLine line, CostRole role,
                             bool yearly) requires(S == Stage::Cost) {
    return contribute(std::move(line),
                      yearly ? Contribution::BesideFeeYearly : Contribution::BesideFee, role);
  }
  /// Adds auditor hours of this engagement at an audit stage (its index in kAuditStages: 0
  /// planning ... 3 reporting), in hours: the effort plugin takes them into that stage's hours and
  /// the total, and the cost plugin prices them with the stage's staffing mix (a line that names
  /// a staff level is refused: the mix decides who works them). The next cycle's hours stay the
  /// effort plugin's own estimate. Returns its id.
  std::string add_hours(LedgerLine line, std::size_t audit_stage) requires(S == Stage::Effort) {
    if (audit_stage >= std::size(kAuditStages)) {
      throw std::out_of_range("add_hours('" + line.id + "', " + std::to_string(audit_stage) +
                              "): the audit stages are 0 (planning) to " +
                              std::to_string(std::size(kAuditStages) - 1) + " (reporting)");
    }
    return contribute(std::move(line), Contribution::AuditorHours, CostRole::Other, audit_stage);
  }

 private:
  friend class StageAddOn<S>;
  explicit AddOnWriter(Estimate& estimate) : WriterBase(estimate) {}
  std::string contribute(LedgerLine line, Contribution as, CostRole role,
                         std::size_t audit_stage = 0) {
    std::string id = push(std::move(line), S).id;
    estimate_.contributions.push_back({S, id, {}, as, role, audit_stage});
    return id;
  }
};

/// What every plugin is to the host. A plugin derives from the StagePlugin of its stage.
class ATTESTPLAN_API Plugin {
 public:
  virtual ~Plugin();  // out of line in the core: one vtable and type_info for host and plugins
  /// Reads the plugin's own options (nullptr when the model has none). Problems go to `diags`
  /// with locations; errors stop the estimate before any stage runs.
  virtual void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) = 0;
  [[nodiscard]] virtual Stage stage() const = 0;
  [[nodiscard]] virtual PluginKind kind() const = 0;

 private:
  friend class StageRunner;
  /// Runs the stage on the estimate, through a writer for that stage only.
  virtual void run_stage(const Context& ctx, Estimate& estimate) = 0;
};

/// The interface a plugin of stage S implements.
template <Stage S>
class StagePlugin : public Plugin {
 public:
  static constexpr Stage kStage = S;
  static constexpr PluginKind kKind = PluginKind::Stage;
  [[nodiscard]] Stage stage() const final { return S; }
  [[nodiscard]] PluginKind kind() const final { return kKind; }
  /// Adds this stage's lines, findings and result.
  virtual void run(const Context& ctx, StageWriter<S>& out) = 0;

 private:
  void run_stage(const Context& ctx, Estimate& estimate) final {
    StageWriter<S> out(estimate);
    run(ctx, out);
  }
};

/// The interface an add-on to stage S implements.
template <Stage S>
class StageAddOn : public Plugin {
 public:
  static constexpr Stage kStage = S;
  static constexpr PluginKind kKind = PluginKind::AddOn;
  [[nodiscard]] Stage stage() const final { return S; }
  [[nodiscard]] PluginKind kind() const final { return kKind; }
  /// Adds this add-on's lines and findings to the stage.
  virtual void run(const Context& ctx, AddOnWriter<S>& out) = 0;

 private:
  void run_stage(const Context& ctx, Estimate& estimate) final {
    AddOnWriter<S> out(estimate);
    run(ctx, out);
  }
};

using ScopeWriter = StageWriter<Stage::Scope>;
using EffortWriter = StageWriter<Stage::Effort>;
using CostWriter = StageWriter<Stage::Cost>;
using TimingWriter = StageWriter<Stage::Timing>;
using ScopePlugin = StagePlugin<Stage::Scope>;
using EffortPlugin = StagePlugin<Stage::Effort>;
using CostPlugin = StagePlugin<Stage::Cost>;
using TimingPlugin = StagePlugin<Stage::Timing>;
using ScopeAddOn = StageAddOn<Stage::Scope>;
using EffortAddOn = StageAddOn<Stage::Effort>;
using CostAddOn = StageAddOn<Stage::Cost>;
using TimingAddOn = StageAddOn<Stage::Timing>;

namespace detail {
constexpr const char* descriptor_or_null() { return nullptr; }
constexpr const char* descriptor_or_null(const char* descriptor) { return descriptor; }
}  // namespace detail

}  // namespace attestplan

/// Exports a plugin class (derived from a StagePlugin or a StageAddOn): the info record, whose
/// stage and kind are the class's, and the factory, both as unmangled C symbols. An optional fifth
/// argument is the plugin's descriptor (TOML text).
#define ATTESTPLAN_PLUGIN(Class, Name, Version, Description, ...)                              \
  extern "C" BOOST_SYMBOL_EXPORT const attestplan::PluginInfoRecord attestplan_plugin_info = { \
      ATTESTPLAN_PLUGIN_ABI,                                                                   \
      Name,                                                                                    \
      Version,                                                                                 \
      ATTESTPLAN_TOOLCHAIN_ID,                                                                 \
      static_cast<std::uint32_t>(Class::kStage),                                               \
      Description,                                                                             \
      static_cast<std::uint32_t>(Class::kKind),                                                \
      attestplan::detail::descriptor_or_null(__VA_ARGS__)};                                    \
  extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() {              \
    return new Class();                                                                        \
  }

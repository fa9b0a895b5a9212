// The whole plugin SDK: the Plugin interface, the Context a plugin reads, the plain-data info record
// the host checks before calling any C++ in the plugin, and the export macro.
//
// A plugin is a shared library with one class derived from attestplan::Plugin and one line:
//
//     ATTESTPLAN_PLUGIN(MyCost, "my-firm-cost", "1.0.0", attestplan::Stage::Cost, "Our rate card")
//
// It receives its own options table (`[plugins.my-firm-cost]` in the model) in configure() and
// writes ledger lines, findings and its stage's result in run(). Exceptions thrown from either are
// caught by the host and reported with the plugin's name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <boost/config.hpp>
#include <boost/version.hpp>
#include <toml++/toml.h>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

/// Bumped whenever Plugin, Context, Estimate or anything they hold changes layout or meaning.
#define ATTESTPLAN_PLUGIN_ABI 3

#define ATTESTPLAN_STRINGIFY_(x) #x
#define ATTESTPLAN_STRINGIFY(x) ATTESTPLAN_STRINGIFY_(x)
/// What must match between the host and a plugin for C++ objects to cross: the compiler's major
/// version, the libstdc++ string ABI, and Boost (engineering notes, Boost.DLL "Versioning").
#define ATTESTPLAN_TOOLCHAIN_ID                                                     \
  "gcc-" ATTESTPLAN_STRINGIFY(__GNUC__) "/cxx11abi-" ATTESTPLAN_STRINGIFY(          \
      _GLIBCXX_USE_CXX11_ABI) "/boost-" ATTESTPLAN_STRINGIFY(BOOST_VERSION)

namespace attestplan {

inline constexpr std::uint32_t kPluginAbi = ATTESTPLAN_PLUGIN_ABI;
inline constexpr const char* kToolchainId = ATTESTPLAN_TOOLCHAIN_ID;

/// Plain data, read by the host before it calls anything in the plugin.
struct PluginInfoRecord {
  std::uint32_t abi;
  const char* name;
  const char* version;
  const char* toolchain;
  std::uint32_t stage;  ///< a Stage value
  const char* description;
};

/// Everything a plugin may read. It does not own anything.
struct Context {
  const Model& model;
  const Boundary& boundary;
  const CriteriaCatalog& catalog;
  /// Data files the user replaced on the command line, by name ("rates" → my-firm.toml).
  const std::map<std::string, std::filesystem::path>& data_overrides;
  /// Whether anything will show the lines' explanations (--explain, JSON, CSV, documents, the
  /// server). When false a plugin may leave a line's rule, inputs and from empty; its id, kind,
  /// group, level, label, unit and value must be the same either way.
  bool explain = true;

  /// The override for `name` if the user gave one, else the embedded `models/<default_relative>`.
  [[nodiscard]] std::optional<DataFile> data_file(const std::string& name,
                                                  std::string_view default_relative,
                                                  Diagnostics& diags) const {
    const auto it = data_overrides.find(name);
    return load_data_file(it == data_overrides.end() ? std::nullopt
                                                     : std::optional<std::filesystem::path>{it->second},
                          default_relative, diags);
  }
};

class ATTESTPLAN_API Plugin {
 public:
  virtual ~Plugin();  // out of line in the core: one vtable and type_info for host and plugins
  /// Reads the plugin's own options (nullptr when the model has none). Problems go to `diags`
  /// with locations; errors stop the estimate before any stage runs.
  virtual void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) = 0;
  /// Adds this stage's lines, findings and results to the estimate.
  virtual void run(const Context& ctx, Estimate& estimate) = 0;
};

}  // namespace attestplan

/// Exports a plugin class: the info record and the factory, both as unmangled C symbols.
#define ATTESTPLAN_PLUGIN(Class, Name, Version, StageValue, Description)                       \
  extern "C" BOOST_SYMBOL_EXPORT const attestplan::PluginInfoRecord attestplan_plugin_info = {  \
      ATTESTPLAN_PLUGIN_ABI, Name,     Version, ATTESTPLAN_TOOLCHAIN_ID,                       \
      static_cast<std::uint32_t>(StageValue), Description};                                   \
  extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() { return new Class(); }

// A built-in plugin's data: the file the user named on the command line for it, or the copy compiled
// into the plugin (made once per process and shared read-only, never copied per run).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "attestplan/plugin.hpp"

namespace attestplan::plugin_data {

/// `read(file)` of the user's file for `name` when there is one (nullptr when it does not read, the
/// problems in `diags`); else `builtin`, shared without a copy. `read` returns an optional-like value.
template <typename T, typename Read>
std::shared_ptr<const T> builtin_or_override(const Context& ctx, const std::string& name,
                                             std::string_view builtin_path, const T& builtin,
                                             Diagnostics& diags, Read read) {
  if (!ctx.data_overrides.count(name)) return std::shared_ptr<const T>(&builtin, [](const T*) {});
  auto file = ctx.data_file(name, builtin_path, diags);
  if (!file) return nullptr;
  auto value = read(*file);
  if (!value) return nullptr;
  return std::make_shared<const T>(std::move(*value));
}

}  // namespace attestplan::plugin_data

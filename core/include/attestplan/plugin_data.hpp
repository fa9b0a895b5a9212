// A plugin's data file with a built-in default (part of the SDK, as the built-ins use it): the
// user's file for it when one was named (--KEY FILE, read on every run), else the embedded copy
// under models/, read once per process by the same reader and shared read-only.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "attestplan/plugin.hpp"

namespace attestplan::plugin_data {

/// `read` of the user's file for `name` (nullptr when it does not read, the problems in `diags`),
/// else of the built-in `models/<builtin_path>`. The built-in file is tested with the same reader
/// (tests/unit/data_test.cpp), so a failure to read it is a defect, thrown rather than reported
/// as the user's input.
template <typename T>
std::shared_ptr<const T> builtin_or_override(const Context& ctx, const std::string& name,
                                             std::string_view builtin_path, Diagnostics& diags,
                                             std::optional<T> (*read)(const DataFile&,
                                                                      Diagnostics&)) {
  if (ctx.data_overrides.count(name) == 0) {
    static const std::shared_ptr<const T> builtin = [&] {
      Diagnostics own;
      const auto file = load_data_file(std::nullopt, builtin_path, own);
      auto value = file ? read(*file, own) : std::nullopt;
      if (!value || own.has_errors()) {
        throw std::logic_error(
            "the built-in " + std::string{builtin_path} + " does not read: " +
            (own.items().empty() ? std::string{"no value"} : own.items().front().message));
      }
      return std::make_shared<const T>(std::move(*value));
    }();
    return builtin;
  }
  const auto file = ctx.data_file(name, builtin_path, diags);
  if (!file) return nullptr;
  auto value = read(*file, diags);
  return value ? std::make_shared<const T>(std::move(*value)) : nullptr;
}

}  // namespace attestplan::plugin_data

// The CLI's commands as plain functions over the core; main.cpp only parses the command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace attestplan::cli {

/// Exit codes (DESIGN §6).
enum ExitCode : int { kOk = 0, kFindings = 1, kBadInput = 2, kPluginFailure = 3 };

/// Options every command shares.
struct Common {
  std::optional<std::string> criteria_file;  ///< --criteria: replaces the built-in catalog
  std::optional<std::string> output;         ///< -o: write here (atomically) instead of stdout
};

int run_validate(const Common& common, const std::vector<std::string>& models);
int run_boundary(const Common& common, const std::string& model, const std::string& format);
int run_catalog(const Common& common, const std::string& what, const std::string& format);
int run_examples(const Common& common, const std::optional<std::string>& name);

}  // namespace attestplan::cli

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
  std::vector<std::string> plugin_dirs;      ///< --plugins DIR, searched first
};

/// `estimate` and what overrides the model or the data files.
struct EstimateOptions {
  std::string model;
  std::string format = "table";
  bool explain = false;
  std::optional<std::string> rates, controls, sampling, timing;  ///< data files replacing built-ins
  std::optional<std::string> report;                            ///< --report KIND
  std::optional<int> months;                                    ///< --months N
  std::optional<std::string> currency;                          ///< --currency CODE
  std::optional<std::string> fail_on;                           ///< --fail-on warning|error
};

int run_validate(const Common& common, const std::vector<std::string>& models);
int run_boundary(const Common& common, const std::string& model, const std::string& format);
int run_catalog(const Common& common, const std::string& what, const std::string& format);
int run_estimate(const Common& common, const EstimateOptions& options);
int run_plugins(const Common& common, const std::string& format);
int run_plan(const Common& common, const EstimateOptions& options);
int run_evidence(const Common& common, const EstimateOptions& options);
int run_proposal(const Common& common, const EstimateOptions& options);
int run_compare(const Common& common, const EstimateOptions& options,
                const std::vector<std::string>& scenarios);
int run_examples(const Common& common, const std::optional<std::string>& name);

}  // namespace attestplan::cli

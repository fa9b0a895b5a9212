// The CLI's commands as plain functions over the core; main.cpp only parses the command line.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/descriptor.hpp"
#include "attestplan/request.hpp"

namespace attestplan::cli {

/// Exit codes (DESIGN §6).
enum ExitCode : int { kOk = 0, kFindings = 1, kBadInput = 2, kPluginFailure = 3 };

/// Options every command shares.
struct Common {
  std::optional<std::string> criteria_file;    ///< --criteria: replaces the built-in catalog
  std::optional<std::string> frameworks_file;  ///< --frameworks: replaces the built-in frameworks
  std::optional<std::string> output;           ///< -o: write here (atomically) instead of stdout
  std::vector<std::string> plugin_dirs;        ///< --plugins DIR, searched first
  bool progress = false;                       ///< show a progress line (Progress::wanted)
  /// The data files the plugins found declare, in the order their flags are offered: those that
  /// price first, then the others.
  std::vector<DataFileDecl> data_files;
};

/// The plugins' data files a command was given, by key (--rates FILE: "rates"). The flags come
/// from the descriptors of the plugins found (main.cpp); an entry without a value was not given.
using DataFlags = std::map<std::string, std::optional<std::string>>;

/// Reads --frameworks FILE and makes it the frameworks in use for this process (before any model
/// is read); false, its problems printed with file:line:col, when it does not read.
bool use_frameworks(const std::string& path);

/// Copies the data files given into a request's map of data files.
inline void put_data_files(const DataFlags& given,
                           std::map<std::string, std::filesystem::path>& into) {
  for (const auto& [key, file] : given) {
    if (file) into[key] = *file;
  }
}

/// Adds the data files given to a command's inputs (which its output must not overwrite).
inline void add_data_inputs(const DataFlags& given, std::vector<std::string>& inputs) {
  for (const auto& [key, file] : given) {
    if (file) inputs.push_back(*file);
  }
}

/// A command that writes an output of a model (boundary, estimate, plan, evidence, proposal,
/// compare): the model, the output's format and the overrides of the model and the data.
struct OutputOptions {
  std::string model;
  std::string format;  ///< empty: the output's default (proposal: from -o's extension)
  bool explain = false;
  DataFlags data;                              ///< the plugins' data files (--KEY FILE)
  std::optional<std::string> simulation;       ///< --simulation: the simulation's settings
  std::optional<std::string> profile;          ///< --profile: a firm profile (attestplan calibrate)
  std::optional<std::string> seed;             ///< the simulation's seed
  std::optional<std::string> report;           ///< --report KIND
  std::optional<std::string> months;           ///< --months N
  std::optional<std::string> currency;         ///< --currency CODE
  std::optional<std::string> auditor_country;  ///< --auditor-country CC
  std::optional<std::string> fail_on;          ///< --fail-on warning|error
  std::vector<std::string> scenarios;          ///< compare --scenario
  std::optional<std::string> firm;             ///< proposal --firm FILE
  std::optional<std::string> fee_percentile;   ///< proposal --fee-percentile N
  bool memo = false;                           ///< proposal --memo
  std::optional<std::string> letter_date;      ///< proposal --date YYYY-MM-DD
  bool internal = false;                       ///< evidence --internal
  std::string ssp_href = "ssp.json";           ///< oscal --ssp HREF (an Assessment Plan's SSP)
};

/// `text` with the control characters a terminal would act on (C0 but newline and tab, DEL, C1)
/// written as \xHH or \u00HH, so a name in a model cannot move the cursor, recolour or retitle
/// the user's terminal.
std::string terminal_safe(std::string_view text);

/// Prints diagnostics to stderr, quoting lines of `source_text` (the text of `source_name`).
void print_diagnostics(const Diagnostics& diags, std::string_view source_text = {},
                       std::string_view source_name = {});
/// The criteria catalog (--criteria or the built-in one); nullptr, with the problems printed, when
/// it does not read.
const CriteriaCatalog* load_catalog(const Common& common);
/// Writes a result to stdout, or atomically to the -o file; tables for a terminal are escaped.
int emit(const Common& common, const std::string& text, bool for_terminal = false);
/// Whether -o (or the output flag named) would replace one of the command's inputs (said on stderr
/// when it would).
bool output_overwrites_an_input(const Common& common, const std::vector<std::string>& inputs,
                                std::string_view flag = "-o");
/// Where plugins are looked for: --plugins, then the defaults.
PluginSearch search_of(const Common& common);
/// Warns on stderr of each plugin in a --plugins directory that was not loaded (with why): the
/// stage it meant to serve falls back to another plugin, which the user did not ask for.
void warn_of_refused_plugins(const Common& common, const PluginHost& host);
/// `text` for standard error: control characters escaped, severities coloured on a terminal.
std::string for_stderr(std::string_view text);

int run_validate(const Common& common, const std::vector<std::string>& models);
int run_catalog(const Common& common, const std::string& what, const std::string& format);
int run_plugins(const Common& common, const std::string& format);
/// boundary, estimate, plan, evidence, proposal and compare: through the request layer.
int run_output(const Common& common, Output output, const OutputOptions& options);
int run_examples(const Common& common, const std::optional<std::string>& name);

/// `attestplan import terraform|csv|groups|oscal FILE`: what to read and how.
struct ImportOptions {
  std::string what;  ///< terraform | csv | groups | oscal
  std::string input;
  std::vector<std::string>
      pages;  ///< groups: the export's files, one per page (the first is `input`)
  std::string group_by = "module";   ///< terraform: tag | module | resource
  std::optional<std::string> rules;  ///< terraform: a rules file replacing the built-in one
  bool quiet = false;                ///< no progress on the terminal
};
int run_import(const Common& common, const ImportOptions& options);

/// `attestplan drift --baseline OLD --current NEW`.
struct DriftOptions {
  std::string baseline;
  std::string current;
  std::string format = "table";  ///< table | json | markdown
  DataFlags data;                ///< the plugins' data files (--KEY FILE)
  std::optional<std::string> profile;
};
int run_drift(const Common& common, const DriftOptions& options);

}  // namespace attestplan::cli

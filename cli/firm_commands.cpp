// calibrate and portfolio (firm_commands.hpp): read the inputs, call the core, write the results.
#include <unistd.h>

#include "firm_commands.hpp"

#include <algorithm>
#include <iostream>

#include "attestplan/calibration.hpp"
#include "attestplan/portfolio.hpp"
#include "attestplan/profile.hpp"
#include "attestplan/render_firm.hpp"
#include "attestplan/request.hpp"
#include "terminal.hpp"

namespace attestplan::cli {

int run_calibrate(const Common& common, const CalibrateOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  std::vector<std::string> inputs{options.history};
  for (const auto* f : {&common.criteria_file, &options.rates, &options.controls, &options.sampling, &options.timing}) {
    if (*f) inputs.push_back(**f);
  }
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  if (options.write_profile && output_overwrites_an_input(Common{.output = options.write_profile}, inputs, "--write-profile")) {
    return kBadInput;
  }
  Diagnostics diags;
  const auto csv = read_text_file(options.history, diags);
  if (!csv) {
    print_diagnostics(diags);
    return kBadInput;
  }
  const std::filesystem::path path{options.history};
  const auto history = read_history(*csv, path.has_parent_path() ? path.parent_path() : ".", *catalog, diags);
  if (!history) {
    print_diagnostics(diags, csv->text, csv->source_name);
    return kBadInput;
  }
  // The model files the rows name are inputs too, and the report and the profile are two files.
  std::vector<std::string> read;
  for (const auto& row : history->rows) {
    if (!row.model_file.empty()) read.push_back(row.model_file.string());
  }
  if (output_overwrites_an_input(common, read)) return kBadInput;
  if (options.write_profile) {
    if (output_overwrites_an_input(Common{.output = options.write_profile}, read, "--write-profile")) return kBadInput;
    if (common.output && output_overwrites_an_input(Common{.output = options.write_profile}, {*common.output}, "--write-profile")) {
      return kBadInput;
    }
  }
  CalibrationOptions copts;
  copts.min_rows = options.min_rows;
  const std::pair<const char*, const std::optional<std::string>*> files[] = {
      {"rates", &options.rates}, {"controls", &options.controls},
      {"sampling", &options.sampling}, {"timing", &options.timing}};
  for (const auto& [name, file] : files) {
    if (*file) copts.data_files[name] = **file;
  }
  const PluginHost host(search_of(common));
  warn_of_refused_plugins(common, host);
  const auto report = calibrate(host, *catalog, *history, copts, diags);
  print_diagnostics(diags, csv->text, csv->source_name);
  if (!report) return kBadInput;
  if (history->rows_skipped > 0 || report->rows_skipped > history->rows_skipped) {
    std::cerr << "note: " << report->rows_skipped << " of " << report->rows_read << " row(s) skipped\n";
  }
  if (options.write_profile) {
    // A profile that would change nothing is refused: a firm that "calibrated" must not price as
    // before believing otherwise. The report still shows why.
    if (const auto why = profile_changes_nothing(*report)) {
      const std::size_t w = common.output ? 0 : output_width(STDOUT_FILENO);
      emit(common, options.format == "json" ? render_calibration_json(*report) : render_calibration_table(*report, w),
           options.format == "table");
      std::cerr << "error: no profile written to " << *options.write_profile << ": " << *why << "\n";
      return kBadInput;
    }
    auto profile = profile_of(*report);
    if (options.name) profile.name = *options.name;
    Diagnostics write;
    if (!write_file_atomically(*options.write_profile, profile_toml(profile), write)) {
      print_diagnostics(write);
      return kBadInput;
    }
  }
  const std::size_t width = common.output ? 0 : output_width(STDOUT_FILENO);
  return emit(common, options.format == "json" ? render_calibration_json(*report) : render_calibration_table(*report, width),
              options.format == "table");
}

int run_portfolio(const Common& common, const PortfolioCommandOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  std::vector<std::string> inputs{options.input};
  for (const auto* f : {&common.criteria_file, &options.rates, &options.controls, &options.sampling, &options.timing,
                        &options.simulation, &options.profile}) {
    if (*f) inputs.push_back(**f);
  }
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  if (options.heatmap && output_overwrites_an_input(Common{.output = options.heatmap}, inputs, "--heatmap")) return kBadInput;
  Diagnostics diags;
  const auto models = portfolio_inputs(options.input, diags);
  print_diagnostics(diags);  // what was left out, and why
  if (diags.has_errors()) return kBadInput;
  // Every model the portfolio reads is an input too, and its two outputs are two files.
  std::vector<std::string> read;
  for (const auto& m : models) read.push_back(m.string());
  if (output_overwrites_an_input(common, read)) return kBadInput;
  if (options.heatmap && output_overwrites_an_input(Common{.output = options.heatmap}, read, "--heatmap")) return kBadInput;
  if (options.heatmap && common.output && output_overwrites_an_input(Common{.output = options.heatmap}, {*common.output}, "--heatmap")) {
    return kBadInput;
  }
  // Priced through the request layer, as the server's POST /api/portfolio is: the same bytes.
  PortfolioRequest req;
  req.format = options.format == "json" ? Format::Json : options.format == "csv" ? Format::Csv : Format::Table;
  req.models = models;
  req.threads = options.threads;
  req.width = common.output ? 0 : output_width(STDOUT_FILENO);
  req.heatmap = options.heatmap.has_value();
  const std::pair<const char*, const std::optional<std::string>*> files[] = {
      {"rates", &options.rates},   {"controls", &options.controls},     {"sampling", &options.sampling},
      {"timing", &options.timing}, {"simulation", &options.simulation}, {"profile", &options.profile}};
  for (const auto& [name, file] : files) {
    if (*file) req.data_files[name] = **file;
  }
  const Engine engine(search_of(common), *catalog);
  warn_of_refused_plugins(common, engine.host());
  const auto out = engine.portfolio(req);
  print_diagnostics(out.diagnostics);
  for (const auto& w : out.warnings) std::cerr << "warning: " << terminal_safe(w) << "\n";
  if (out.outcome == Outcome::InvalidRequest) return kBadInput;
  if (options.heatmap) {
    Diagnostics write;
    if (!write_file_atomically(*options.heatmap, out.heatmap, write)) {
      print_diagnostics(write);
      return kBadInput;
    }
  }
  if (const int status = emit(common, out.body, options.format == "table"); status != kOk) return status;
  return out.outcome == Outcome::InvalidModel ? kBadInput : kOk;
}

}  // namespace attestplan::cli

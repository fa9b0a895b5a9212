// calibrate and portfolio (firm_commands.hpp): read the inputs, call the request layer, write the
// results.
#include "firm_commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "attestplan/request.hpp"
#include "terminal.hpp"

namespace attestplan::cli {

int run_calibrate(const Common& common, const CalibrateOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  std::vector<std::string> inputs{options.history};
  for (const auto* f : {&common.criteria_file, &common.frameworks_file}) {
    if (*f) inputs.push_back(**f);
  }
  add_data_inputs(options.data, inputs);
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  if (options.write_profile && output_overwrites_an_input(Common{.output = options.write_profile},
                                                          inputs, "--write-profile")) {
    return kBadInput;
  }
  Diagnostics diags;
  const auto csv = read_text_file(options.history, diags);
  if (!csv) {
    print_diagnostics(diags);
    return kBadInput;
  }
  const std::filesystem::path path{options.history};
  // The model files the rows name are inputs too, and the report and the profile are two files.
  {
    const auto base = path.has_parent_path() ? path.parent_path() : std::filesystem::path{"."};
    std::vector<std::string> read;
    for (const auto& model : history_model_files(*csv, base)) read.push_back(model.string());
    if (output_overwrites_an_input(common, read)) return kBadInput;
    if (options.write_profile && output_overwrites_an_input(Common{.output = options.write_profile},
                                                            read, "--write-profile")) {
      return kBadInput;
    }
  }
  if (options.write_profile && common.output &&
      output_overwrites_an_input(Common{.output = options.write_profile}, {*common.output},
                                 "--write-profile")) {
    return kBadInput;
  }
  // Fitted through the request layer, as the server's POST /api/calibrate is: the same bytes.
  CalibrateRequest req;
  req.format = options.format == "json" ? Format::Json : Format::Table;
  req.history = *csv;
  req.base_dir = path.has_parent_path() ? path.parent_path() : ".";
  req.min_rows = options.min_rows;
  req.profile = options.write_profile.has_value();
  req.firm_name = options.name;
  req.width = common.output ? 0 : output_width(STDOUT_FILENO);
  put_data_files(options.data, req.data_files);
  const Engine engine(search_of(common), *catalog);
  warn_of_refused_plugins(common, engine.host());
  const auto out = engine.calibrate(req);
  print_diagnostics(out.diagnostics, csv->text, csv->source_name);
  if (out.outcome != Outcome::Ok) return kBadInput;
  for (const auto& n : out.notes) std::cerr << "note: " << n << "\n";
  if (options.write_profile) {
    if (!out.profile_refused.empty()) {
      emit(common, out.body, options.format == "table");
      std::cerr << "error: no profile written to " << *options.write_profile << ": "
                << out.profile_refused << "\n";
      return kBadInput;
    }
    Diagnostics write;
    if (!write_file_atomically(*options.write_profile, out.profile, write)) {
      print_diagnostics(write);
      return kBadInput;
    }
  }
  return emit(common, out.body, options.format == "table");
}

int run_portfolio(const Common& common, const PortfolioCommandOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  std::vector<std::string> inputs{options.input};
  for (const auto* f :
       {&common.criteria_file, &common.frameworks_file, &options.simulation, &options.profile}) {
    if (*f) inputs.push_back(**f);
  }
  add_data_inputs(options.data, inputs);
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  if (options.heatmap &&
      output_overwrites_an_input(Common{.output = options.heatmap}, inputs, "--heatmap"))
    return kBadInput;
  Diagnostics diags;
  const auto models = portfolio_models(options.input, diags);
  print_diagnostics(diags);  // what was left out, and why
  if (diags.has_errors()) return kBadInput;
  // Every model the portfolio reads is an input too, and its two outputs are two files.
  std::vector<std::string> read;
  for (const auto& m : models) read.push_back(m.string());
  if (output_overwrites_an_input(common, read)) return kBadInput;
  if (options.heatmap &&
      output_overwrites_an_input(Common{.output = options.heatmap}, read, "--heatmap"))
    return kBadInput;
  if (options.heatmap && common.output &&
      output_overwrites_an_input(Common{.output = options.heatmap}, {*common.output},
                                 "--heatmap")) {
    return kBadInput;
  }
  // Priced through the request layer, as the server's POST /api/portfolio is: the same bytes.
  PortfolioRequest req;
  req.format = options.format == "json"  ? Format::Json
               : options.format == "csv" ? Format::Csv
                                         : Format::Table;
  req.models = models;
  req.threads = options.threads;
  req.width = common.output ? 0 : output_width(STDOUT_FILENO);
  req.heatmap = options.heatmap.has_value();
  put_data_files(options.data, req.data_files);
  if (options.simulation) req.data_files["simulation"] = *options.simulation;
  if (options.profile) req.data_files[std::string{kProfileDataFile}] = *options.profile;
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
  if (const int status = emit(common, out.body, options.format == "table"); status != kOk)
    return status;
  return out.outcome == Outcome::InvalidModel ? kBadInput : kOk;
}

}  // namespace attestplan::cli

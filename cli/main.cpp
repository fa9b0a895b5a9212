// The attestplan command line (CLI11): parses flags and dispatches to commands.cpp.
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/logger.h>

#include "attestplan/data.hpp"
#include "attestplan/log.hpp"
#include "commands.hpp"
#include "firm_commands.hpp"
#include "logging.hpp"
#include "progress.hpp"
#include "server.hpp"

namespace {

constexpr const char* kDescription =
    "attestplan plans SOC 2 and ISAE 3000 attestation engagements before they start: the system\n"
    "boundary, the criteria and controls in scope, samples, hours by audit stage and staff level,\n"
    "the fee and total cost, and the calendar up to the report in hand.\n"
    "Models are TOML files (schema \"attestplan/1\"); built-in examples are named\n"
    "builtin:examples/NAME.toml (see `attestplan examples`).\n\n"
    "Exit codes: 0 ok, 1 findings at the --fail-on level, 2 bad input or usage, 3 plugin failure,\n"
    "70 internal error (a defect in attestplan: please report it).";

/// The server's token: --token, else --token-file, else $ATTESTPLAN_TOKEN. An empty one is refused
/// (every request would match it); a token given on the command line is blanked in argv so that
/// ps shows it no longer (it was visible until now: the help says to prefer the file or the
/// environment).
bool resolve_token(std::optional<std::string>& token, const std::optional<std::string>& file, int argc, char** argv) {
  const int sources = (token ? 1 : 0) + (file ? 1 : 0);
  if (sources > 1) {
    std::cerr << "error: --token and --token-file: give one of them\n";
    return false;
  }
  if (token) {
    for (int i = 1; i < argc; ++i) {
      std::string_view arg{argv[i]};
      char* value = nullptr;
      if (arg == "--token" && i + 1 < argc) value = argv[i + 1];
      else if (arg.rfind("--token=", 0) == 0) value = argv[i] + 8;
      if (value) std::memset(value, 'x', std::strlen(value));
    }
  } else if (file) {
    attestplan::Diagnostics diags;
    const auto text = attestplan::read_text_file(*file, diags);
    if (!text) {
      for (const auto& d : diags.items()) std::cerr << attestplan::format_diagnostic(d);
      return false;
    }
    token = text->text.substr(0, text->text.find_first_of("\r\n"));
  } else if (const char* env = std::getenv("ATTESTPLAN_TOKEN")) {
    token = std::string{env};
  }
  if (token && token->empty()) {
    std::cerr << "error: " << (file ? "--token-file " + *file + ": the token is empty"
                               : std::getenv("ATTESTPLAN_TOKEN") && !sources ? std::string{"$ATTESTPLAN_TOKEN is empty"}
                                                                             : std::string{"--token: the token is empty"})
              << "\n  hint: use a long random token, e.g. from: head -c 24 /dev/urandom | base64\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace attestplan::cli;
  using attestplan::Output;
  CLI::App app{kDescription, "attestplan"};
  app.set_version_flag("--version", std::string{"attestplan "} + ATTESTPLAN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  Common common;
  bool verbose = false, quiet = false;
  app.add_flag("-v,--verbose", verbose, "Log progress and details to stderr");
  app.add_flag("-q,--quiet", quiet, "Log only errors");
  app.add_option("--criteria", common.criteria_file,
                 "Criteria catalog file replacing the built-in TSC 2017 catalog")
      ->check(CLI::ExistingFile);

  std::vector<std::string> validate_models;
  auto* validate = app.add_subcommand("validate", "Check models and report every problem with file:line:col");
  validate->add_option("model", validate_models, "Model file(s)")->required();

  // The commands that write an output of a model, through the request layer.
  auto add_output = [&](Output output, const char* name, const char* help, OutputOptions& o) {
    auto* cmd = app.add_subcommand(name, help);
    cmd->add_option("model", o.model, "Model file")->required();
    std::vector<std::string> formats;
    std::string names;
    for (auto f : formats_of(output)) {
      formats.emplace_back(to_string(f));
      names += (names.empty() ? "" : " | ") + formats.back();
    }
    if (formats.size() > 1) {
      cmd->add_option("-f,--format", o.format, names + " (default " + formats.front() + ")")->check(CLI::IsMember(formats));
    }
    cmd->add_option("-o,--output", common.output, "Write to this file instead of stdout");
    return cmd;
  };
  // The overrides of the model and the data every estimate-based command takes.
  auto add_overrides = [](CLI::App* cmd, OutputOptions& o) {
    cmd->add_option("--report", o.report,
                    "Override the report kind: soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2");
    cmd->add_option("--months", o.months, "Override the Type 2 window length (3-12)");
    cmd->add_option("--currency", o.currency, "Override the currency (USD, EUR, DKK, ...)");
    cmd->add_option("--rates", o.rates, "Rate card file replacing the built-in one")->check(CLI::ExistingFile);
    cmd->add_option("--controls", o.controls, "Control library file replacing the built-in one")
        ->check(CLI::ExistingFile);
    cmd->add_option("--sampling", o.sampling, "Sampling policy file replacing the built-in one")
        ->check(CLI::ExistingFile);
    cmd->add_option("--timing", o.timing, "Timing durations file replacing the built-in one")
        ->check(CLI::ExistingFile);
    cmd->add_option("--simulation", o.simulation,
                    "Simulation settings file (draws, seed) replacing the built-in one")
        ->check(CLI::ExistingFile);
    cmd->add_option("--profile", o.profile, "Firm profile (attestplan calibrate) scaling the effort parameters")
        ->check(CLI::ExistingFile);
    cmd->add_option("--seed", o.seed, "Seed of the simulation behind the P10 / P50 / P90 figures (0 or more)");
    cmd->add_option("--fail-on", o.fail_on, "Exit 1 when a finding is at least this severe: warning | error")
        ->check(CLI::IsMember({"warning", "error"}));
  };

  OutputOptions boundary_opts;
  auto* boundary = add_output(Output::Boundary, "boundary",
                              "Resolve the system boundary: each component's verdict and reason, subservice "
                              "organizations, CSOCs, CUECs, findings",
                              boundary_opts);

  std::string catalog_what, catalog_format = "table";
  auto* catalog = app.add_subcommand("catalog", "Show the reference data attestplan uses");
  catalog->add_option("what", catalog_what, "criteria")
      ->required()
      ->check(CLI::IsMember({"criteria"}));
  catalog->add_option("-f,--format", catalog_format, "table | json")
      ->check(CLI::IsMember({"table", "json"}));
  catalog->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  app.add_option("--plugins", common.plugin_dirs,
                 "Directory searched for plugins before $ATTESTPLAN_PLUGIN_PATH and the defaults")
      ->check(CLI::ExistingDirectory);

  OutputOptions est;
  auto* estimate = add_output(Output::Estimate, "estimate",
                              "Estimate the engagement: scope, samples, hours, fee, total cost, dates", est);
  add_overrides(estimate, est);
  estimate->add_flag("--explain", est.explain, "Follow the summary with every ledger line");

  OutputOptions plan_opts;
  auto* plan = add_output(Output::Plan, "plan",
                          "The calendar: readiness, remediation, Type 1 date or window, report, renewals, bridge "
                          "letters, next cycle; --format ics for calendar applications",
                          plan_opts);
  add_overrides(plan, plan_opts);

  OutputOptions compare_opts;
  auto* compare = add_output(Output::Compare, "compare",
                             "Scenarios side by side: Type 1 then Type 2, Type 2 with 3/6/12-month windows, with "
                             "and without each optional category, and the model's [[scenario]]s",
                             compare_opts);
  add_overrides(compare, compare_opts);
  compare->add_option("--scenario", compare_opts.scenarios, "Only these scenarios (repeatable), by id");

  OutputOptions proposal_opts;
  auto* proposal = add_output(Output::Proposal, "proposal",
                              "A proposal a consultant can send: scope, system description outline, criteria, "
                              "approach, staffing, fee with assumptions, timeline, client responsibilities "
                              "(format from -o's extension: .md is Markdown, else HTML)",
                              proposal_opts);
  add_overrides(proposal, proposal_opts);
  proposal->add_option("--firm", proposal_opts.firm,
                       "Firm file (name, address, logo, contact, signer, role auditor | consultant, fee basis, "
                       "payment schedule, terms, assumptions): the letterhead and what the firm prices")
      ->check(CLI::ExistingFile);
  proposal->add_option("--fee-percentile", proposal_opts.fee_percentile,
                       "Quote the fee at this percentile of the simulated runs, 50-99 (default: the firm file's, "
                       "else 80)");

  OutputOptions evidence_opts;
  auto* evidence = add_output(Output::Evidence, "evidence",
                              "The evidence request (PBC) list as CSV: per control the evidence, population, "
                              "samples, due dates and owner role",
                              evidence_opts);
  add_overrides(evidence, evidence_opts);

  attestplan::server::ServeOptions serve_opts;
  auto* serve = app.add_subcommand(
      "serve", "Serve the web UI and the JSON API (loopback only unless --token is given)");
  serve->add_option("--workspace", serve_opts.workspace, "Folder where models are saved as TOML");
  serve->add_option("--bind", serve_opts.bind, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", serve_opts.port, "Port (0 picks a free one; default 8080)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--token", serve_opts.token,
                    "Token every request must carry (visible to other users in ps: prefer --token-file or "
                    "$ATTESTPLAN_TOKEN); required off loopback");
  std::optional<std::string> token_file;
  serve->add_option("--token-file", token_file, "Read the token from this file (its first line)");
  serve->add_option("--threads", serve_opts.threads, "Worker threads (default 4)")->check(CLI::Range(1, 64));
  std::optional<std::string> max_body;
  serve->add_option("--max-body", max_body,
                    "Largest request body in bytes (default 4194304, 4 MiB: a 10,000-component "
                    "model is about 2 MB); larger ones are refused with 413");
  serve->add_flag("--routes", serve_opts.print_routes, "Print the routes and exit");

  std::string plugins_format = "table";
  auto* plugins = app.add_subcommand("plugins", "List the plugins found, loaded and refused, and why");
  plugins->add_option("-f,--format", plugins_format, "table | json")->check(CLI::IsMember({"table", "json"}));

  std::optional<std::string> example_name;
  auto* examples = app.add_subcommand("examples", "List the built-in example models, or print one");
  examples->add_option("name", example_name, "Example to print (e.g. hr-saas)");
  examples->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  ImportOptions import_opts;
  auto* import_cmd = app.add_subcommand(
      "import", "Read another system's inventory into a model overlay a model includes (include = [\"FILE\"])");
  import_cmd->require_subcommand(1);
  auto* import_tf = import_cmd->add_subcommand(
      "terraform", "Terraform state (terraform show -json > state.json): resources become components by the rules "
                   "of models/import/terraform.toml, providers subservice organizations");
  import_tf->add_option("state", import_opts.input, "The JSON terraform show -json wrote")->required();
  import_tf->add_option("--group-by", import_opts.group_by,
                        "tag (an attestplan:component tag names the component), module (the tag, else one component "
                        "per module and kind; the default) or resource (one per resource)")
      ->check(CLI::IsMember({"tag", "module", "resource"}));
  import_tf->add_option("--rules", import_opts.rules, "Rules file replacing the built-in one")->check(CLI::ExistingFile);
  auto* import_csv_cmd = import_cmd->add_subcommand(
      "csv", "An asset register: CISO Assistant's columns (ref_id, name, description, type, parent_assets) and "
             "attestplan's (kind, uses, runs_on, provided_by, classification, owner, site)");
  import_csv_cmd->add_option("register", import_opts.input, "The CSV file")->required();
  auto* import_groups_cmd = import_cmd->add_subcommand(
      "groups", "An identity provider's groups (Okta groups with app assignments, or Google Workspace groups with "
                "members.list): people who access what their groups are assigned to");
  import_groups_cmd->add_option("export", import_opts.input, "The JSON export (shape: docs/import.md)")->required();
  for (auto* sub : {import_tf, import_csv_cmd, import_groups_cmd}) {
    sub->add_option("-o,--output", common.output, "Write the overlay to this file instead of stdout");
  }

  DriftOptions drift_opts;
  auto* drift = app.add_subcommand(
      "drift", "What changed between two models of the system: the boundary, vendors, personal data, and the "
               "controls, samples, hours and fee; the significant changes a description discloses");
  drift->add_option("--baseline", drift_opts.baseline, "The earlier model (e.g. last audit's)")->required();
  drift->add_option("--current", drift_opts.current, "The model now")->required();
  drift->add_option("-f,--format", drift_opts.format, "table | json | markdown (default table)")
      ->check(CLI::IsMember({"table", "json", "markdown"}));
  drift->add_option("-o,--output", common.output, "Write to this file instead of stdout");
  drift->add_option("--rates", drift_opts.rates, "Rate card file replacing the built-in one")->check(CLI::ExistingFile);
  drift->add_option("--controls", drift_opts.controls, "Control library file replacing the built-in one")
      ->check(CLI::ExistingFile);
  drift->add_option("--sampling", drift_opts.sampling, "Sampling policy file replacing the built-in one")
      ->check(CLI::ExistingFile);
  drift->add_option("--timing", drift_opts.timing, "Timing durations file replacing the built-in one")
      ->check(CLI::ExistingFile);
  drift->add_option("--profile", drift_opts.profile, "Firm profile (attestplan calibrate) scaling the effort parameters")
      ->check(CLI::ExistingFile);

  CalibrateOptions calibrate_opts;
  auto* calibrate = app.add_subcommand(
      "calibrate", "Fit the effort model to a firm's past engagements (a CSV of models or summary columns with the "
                   "hours spent): which parameters the history identifies, the error before and after, a firm profile");
  calibrate->add_option("history", calibrate_opts.history, "The history CSV (columns: docs/calibration.md)")
      ->required();
  calibrate->add_option("--write-profile", calibrate_opts.write_profile,
                        "Write the firm profile (TOML) here, for --profile on any command");
  calibrate->add_option("--name", calibrate_opts.name, "The firm's name, written into the profile");
  calibrate->add_option("--min-rows", calibrate_opts.min_rows, "Fewest usable rows to fit (default 10)")
      ->check(CLI::Range(2, 1000000));
  calibrate->add_option("-f,--format", calibrate_opts.format, "table | json (default table)")
      ->check(CLI::IsMember({"table", "json"}));
  calibrate->add_option("-o,--output", common.output, "Write the report to this file instead of stdout");
  calibrate->add_option("--rates", calibrate_opts.rates, "Rate card file replacing the built-in one")
      ->check(CLI::ExistingFile);
  calibrate->add_option("--controls", calibrate_opts.controls, "Control library file replacing the built-in one")
      ->check(CLI::ExistingFile);
  calibrate->add_option("--sampling", calibrate_opts.sampling, "Sampling policy file replacing the built-in one")
      ->check(CLI::ExistingFile);
  calibrate->add_option("--timing", calibrate_opts.timing, "Timing durations file replacing the built-in one")
      ->check(CLI::ExistingFile);

  PortfolioCommandOptions portfolio_opts;
  auto* portfolio = app.add_subcommand(
      "portfolio", "Price every engagement of a firm in parallel (P10/P50/P90 hours and fee, report date, risk of "
                   "missing the renewal) and its staff load by week and level, weeks over [capacity] flagged");
  portfolio->add_option("input", portfolio_opts.input, "A folder of models (*.toml) or a file listing them")
      ->required();
  portfolio->add_option("-f,--format", portfolio_opts.format, "table | csv | json (default table)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  portfolio->add_option("-o,--output", common.output, "Write to this file instead of stdout");
  portfolio->add_option("--heatmap", portfolio_opts.heatmap, "Write the staff load as an SVG heat map here");
  portfolio->add_option("--threads", portfolio_opts.threads, "Engagements priced at once (default: one per core)")
      ->check(CLI::Range(1, 256));
  portfolio->add_option("--profile", portfolio_opts.profile, "Firm profile: calibrated effort and [capacity]")
      ->check(CLI::ExistingFile);
  portfolio->add_option("--rates", portfolio_opts.rates, "Rate card file replacing the built-in one")
      ->check(CLI::ExistingFile);
  portfolio->add_option("--controls", portfolio_opts.controls, "Control library file replacing the built-in one")
      ->check(CLI::ExistingFile);
  portfolio->add_option("--sampling", portfolio_opts.sampling, "Sampling policy file replacing the built-in one")
      ->check(CLI::ExistingFile);
  portfolio->add_option("--timing", portfolio_opts.timing, "Timing durations file replacing the built-in one")
      ->check(CLI::ExistingFile);
  portfolio->add_option("--simulation", portfolio_opts.simulation, "Simulation settings file replacing the built-in one")
      ->check(CLI::ExistingFile);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n";
    std::cerr << "  hint: attestplan --help, or attestplan COMMAND --help\n";
    return kBadInput;
  }

  common.progress = Progress::wanted(quiet);
  auto logger = make_stderr_logger();
  logger->set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::warn);
  attestplan::set_logger(std::move(logger));

  try {
    if (estimate->parsed()) return run_output(common, Output::Estimate, est);
    if (serve->parsed()) {
      serve_opts.plugin_dirs = common.plugin_dirs;
      if (!resolve_token(serve_opts.token, token_file, argc, argv)) return kBadInput;
      if (max_body) {
        std::string error;
        const auto bytes = attestplan::server::parse_max_body(*max_body, error);
        if (!bytes) {
          std::cerr << "error: " << error << "\n  hint: e.g. --max-body 8388608 for 8 MiB\n";
          return kBadInput;
        }
        serve_opts.max_body = *bytes;
      }
      return attestplan::server::serve(serve_opts);
    }
    if (plan->parsed()) return run_output(common, Output::Plan, plan_opts);
    if (evidence->parsed()) return run_output(common, Output::Evidence, evidence_opts);
    if (proposal->parsed()) return run_output(common, Output::Proposal, proposal_opts);
    if (compare->parsed()) return run_output(common, Output::Compare, compare_opts);
    if (validate->parsed()) return run_validate(common, validate_models);
    if (boundary->parsed()) return run_output(common, Output::Boundary, boundary_opts);
    if (catalog->parsed()) return run_catalog(common, catalog_what, catalog_format);
    if (examples->parsed()) return run_examples(common, example_name);
    if (plugins->parsed()) return run_plugins(common, plugins_format);
    if (import_cmd->parsed()) {
      import_opts.what = import_tf->parsed() ? "terraform" : import_csv_cmd->parsed() ? "csv" : "groups";
      import_opts.quiet = quiet;
      return run_import(common, import_opts);
    }
    if (drift->parsed()) return run_drift(common, drift_opts);
    if (calibrate->parsed()) return run_calibrate(common, calibrate_opts);
    if (portfolio->parsed()) return run_portfolio(common, portfolio_opts);
  } catch (const std::exception& e) {
    // Input problems are diagnostics; reaching here is a defect. Say so rather than abort.
    std::cerr << "internal error: " << e.what() << "\n";
    return 70;
  }
  return kBadInput;
}

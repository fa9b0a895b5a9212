// The attestplan command line (CLI11): parses flags and dispatches to commands.cpp.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/logger.h>

#include "attestplan/log.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "serve.hpp"

namespace {

constexpr const char* kDescription =
    "attestplan plans SOC 2 and ISAE 3000 attestation engagements before they start: the system\n"
    "boundary, the criteria and controls in scope, samples, hours by audit stage and staff level,\n"
    "the fee and total cost, and the calendar up to the report in hand.\n"
    "Models are TOML files (schema \"attestplan/1\"); built-in examples are named\n"
    "builtin:examples/NAME.toml (see `attestplan examples`).\n\n"
    "Exit codes: 0 ok, 1 findings at the --fail-on level, 2 bad input or usage, 3 plugin failure.";

}  // namespace

namespace attestplan::cli {

int run_serve(const Common& common, const ServeOptions& options) {
  // libattestplan-serve lives in the library folder beside the executable's bin/ (build and install).
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> candidates{exe.parent_path().parent_path() / ATTESTPLAN_LIBDIR,
                                                exe.parent_path().parent_path() / "lib"};
  std::string why;
  for (const auto& dir : candidates) {
    const auto path = (dir / "libattestplan-serve.so").string();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      why += std::string{"\n  "} + dlerror();
      continue;
    }
    using Entry = int (*)(const Common*, const ServeOptions*);
    if (auto* entry = reinterpret_cast<Entry>(dlsym(handle, "attestplan_serve_entry"))) {
      return entry(&common, &options);
    }
    why += "\n  " + path + " has no attestplan_serve_entry";
  }
  std::cerr << "error: cannot load the server library:" << why << "\n";
  return kPluginFailure;
}

}  // namespace attestplan::cli

int main(int argc, char** argv) {
  using namespace attestplan::cli;
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

  std::string boundary_model, boundary_format = "table";
  auto* boundary = app.add_subcommand(
      "boundary", "Resolve the system boundary: each component's verdict and reason, subservice "
                  "organizations, CSOCs, CUECs, findings");
  boundary->add_option("model", boundary_model, "Model file")->required();
  boundary->add_option("-f,--format", boundary_format, "table | json | dot | svg")
      ->check(CLI::IsMember({"table", "json", "dot", "svg"}));
  boundary->add_option("-o,--output", common.output, "Write to this file instead of stdout");

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

  // The options every estimate-based command shares: the model and its overrides.
  auto add_model_options = [](CLI::App* cmd, EstimateOptions& o) {
    cmd->add_option("model", o.model, "Model file")->required();
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
    cmd->add_option("--fail-on", o.fail_on, "Exit 1 when a finding is at least this severe: warning | error")
        ->check(CLI::IsMember({"warning", "error"}));
  };

  EstimateOptions est;
  auto* estimate = app.add_subcommand(
      "estimate", "Estimate the engagement: scope, samples, hours, fee, total cost, dates");
  add_model_options(estimate, est);
  estimate->add_option("-f,--format", est.format, "table | json | csv | markdown")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  estimate->add_flag("--explain", est.explain, "Follow the summary with every ledger line");
  estimate->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  EstimateOptions plan_opts;
  auto* plan = app.add_subcommand(
      "plan", "The calendar: readiness, remediation, Type 1 date or window, report, renewals, bridge "
              "letters, next cycle; --format ics for calendar applications");
  add_model_options(plan, plan_opts);
  plan->add_option("-f,--format", plan_opts.format, "table | json | ics")
      ->check(CLI::IsMember({"table", "json", "ics"}));
  plan->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  EstimateOptions compare_opts;
  std::vector<std::string> compare_scenarios;
  auto* compare = app.add_subcommand(
      "compare", "Scenarios side by side: Type 1 then Type 2, Type 2 with 3/6/12-month windows, with "
                 "and without each optional category, and the model's [[scenario]]s");
  add_model_options(compare, compare_opts);
  compare->add_option("--scenario", compare_scenarios, "Only these scenarios (repeatable), by id");
  compare->add_option("-f,--format", compare_opts.format, "table | json | csv | markdown")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  compare->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  EstimateOptions proposal_opts;
  proposal_opts.format = "";
  auto* proposal = app.add_subcommand(
      "proposal", "A proposal a consultant can send: scope, system description outline, criteria, "
                  "approach, staffing, fee with assumptions, timeline, client responsibilities");
  add_model_options(proposal, proposal_opts);
  proposal->add_option("-f,--format", proposal_opts.format, "html | markdown (default: from -o's extension, else html)")
      ->check(CLI::IsMember({"html", "markdown"}));
  proposal->add_option("-o,--output", common.output, "Write to FILE.html or FILE.md instead of stdout");

  EstimateOptions evidence_opts;
  auto* evidence = app.add_subcommand(
      "evidence", "The evidence request (PBC) list as CSV: per control the evidence, population, "
                  "samples, due dates and owner role");
  add_model_options(evidence, evidence_opts);
  evidence->add_option("-o,--output", common.output, "Write the CSV to this file instead of stdout");

  ServeOptions serve_opts;
  auto* serve = app.add_subcommand(
      "serve", "Serve the web UI and the JSON API (loopback only unless --token is given)");
  serve->add_option("--workspace", serve_opts.workspace, "Folder where models are saved as TOML");
  serve->add_option("--bind", serve_opts.bind, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", serve_opts.port, "Port (0 picks a free one; default 8080)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--token", serve_opts.token, "Bearer token every request must carry; required off loopback");
  serve->add_option("--threads", serve_opts.threads, "Worker threads (default 4)")->check(CLI::Range(1, 64));
  serve->add_flag("--routes", serve_opts.print_routes, "Print the routes and exit");

  std::string plugins_format = "table";
  auto* plugins = app.add_subcommand("plugins", "List the plugins found, loaded and refused, and why");
  plugins->add_option("-f,--format", plugins_format, "table | json")->check(CLI::IsMember({"table", "json"}));

  std::optional<std::string> example_name;
  auto* examples = app.add_subcommand("examples", "List the built-in example models, or print one");
  examples->add_option("name", example_name, "Example to print (e.g. hr-saas)");
  examples->add_option("-o,--output", common.output, "Write to this file instead of stdout");

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

  auto logger = make_stderr_logger();
  logger->set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::warn);
  attestplan::set_logger(std::move(logger));

  try {
    if (estimate->parsed()) return run_estimate(common, est);
    if (serve->parsed()) return run_serve(common, serve_opts);
    if (plan->parsed()) return run_plan(common, plan_opts);
    if (evidence->parsed()) return run_evidence(common, evidence_opts);
    if (proposal->parsed()) return run_proposal(common, proposal_opts);
    if (compare->parsed()) return run_compare(common, compare_opts, compare_scenarios);
    if (validate->parsed()) return run_validate(common, validate_models);
    if (boundary->parsed()) return run_boundary(common, boundary_model, boundary_format);
    if (catalog->parsed()) return run_catalog(common, catalog_what, catalog_format);
    if (examples->parsed()) return run_examples(common, example_name);
    if (plugins->parsed()) return run_plugins(common, plugins_format);
  } catch (const std::exception& e) {
    // Input problems are diagnostics; reaching here is a defect. Say so rather than abort.
    std::cerr << "internal error: " << e.what() << "\n";
    return 70;
  }
  return kBadInput;
}

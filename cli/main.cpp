// The attestplan command line (CLI11): parses flags and dispatches to commands.cpp.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"

namespace {

constexpr const char* kDescription =
    "attestplan plans SOC 2 and ISAE 3000 attestation engagements before they start: the system\n"
    "boundary, the subservice organizations and what they carry, and the criteria catalog.\n"
    "Models are TOML files (schema \"attestplan/1\"); built-in examples are named\n"
    "builtin:examples/NAME.toml (see `attestplan examples`).\n\n"
    "Exit codes: 0 ok, 2 bad input or usage.";

}  // namespace

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
  boundary->add_option("-f,--format", boundary_format, "table | json | dot")
      ->check(CLI::IsMember({"table", "json", "dot"}));
  boundary->add_option("-o,--output", common.output, "Write to this file instead of stdout");

  std::string catalog_what, catalog_format = "table";
  auto* catalog = app.add_subcommand("catalog", "Show the reference data attestplan uses");
  catalog->add_option("what", catalog_what, "criteria")
      ->required()
      ->check(CLI::IsMember({"criteria"}));
  catalog->add_option("-f,--format", catalog_format, "table | json")
      ->check(CLI::IsMember({"table", "json"}));
  catalog->add_option("-o,--output", common.output, "Write to this file instead of stdout");

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

  auto logger = spdlog::stderr_color_mt("attestplan");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::warn);

  try {
    if (validate->parsed()) return run_validate(common, validate_models);
    if (boundary->parsed()) return run_boundary(common, boundary_model, boundary_format);
    if (catalog->parsed()) return run_catalog(common, catalog_what, catalog_format);
    if (examples->parsed()) return run_examples(common, example_name);
  } catch (const std::exception& e) {
    // Input problems are diagnostics; reaching here is a defect. Say so rather than abort.
    std::cerr << "internal error: " << e.what() << "\n";
    return 70;
  }
  return kBadInput;
}

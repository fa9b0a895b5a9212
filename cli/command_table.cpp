// The command table: one function per command declares its arguments and flags and returns what
// runs it. The order of the table is the order of the help.
#include "command_table.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <utility>

#include "attestplan/data.hpp"
#include "attestplan/date.hpp"
#include "attestplan/frameworks.hpp"
#include "firm_commands.hpp"
#include "init.hpp"
#include "server.hpp"
#include "terminal.hpp"

namespace attestplan::cli {

void Declarer::logging(CLI::App* cmd) const {
  cmd->add_flag("-v,--verbose", verbose, "Log progress and details to standard error");
  cmd->add_flag("-q,--quiet", quiet, "Log only errors; no progress line");
}

void Declarer::frameworks(CLI::App* cmd) const {
  commands.file(cmd, "--frameworks", common.frameworks_file,
                "Report frameworks (names, words, signers) replacing the built-in ones; a copy "
                "of models/frameworks/frameworks.toml with your own added");
}

void Declarer::criteria(CLI::App* cmd) const {
  commands.file(cmd, "--criteria", common.criteria_file,
                "Criteria catalog replacing the built-in TSC 2017 one");
  frameworks(cmd);
}

void Declarer::plugins(CLI::App* cmd) const {
  commands
      .value(cmd, "--plugins", common.plugin_dirs, "DIR",
             "Directory searched for plugins before $ATTESTPLAN_PLUGIN_PATH and the defaults "
             "(repeatable)")
      ->check(CLI::ExistingDirectory);
}

void Declarer::data_files(CLI::App* cmd, DataFlags& into, bool money, std::optional<Stage> stage,
                          const char* why) const {
  for (const auto& f : common.data_files) {
    if ((f.money && !money) || (stage && f.stage != *stage)) continue;
    commands.file(cmd, "--" + f.key, into[f.key], f.help + why);
  }
}

void Declarer::output_file(CLI::App* cmd, const char* help) const {
  commands.value(cmd, "-o,--output", common.output, "FILE", help);
}

namespace {

/// A command that writes an output of a model through the request layer: the model, the formats
/// the output has, -o, the criteria and the plugins.
CLI::App* output_command(const Declarer& d, Output output, const char* name, const char* help,
                         std::vector<std::string> examples, OutputOptions& o) {
  auto* cmd = d.commands.add(d.app, name, help, std::move(examples));
  d.commands
      .value(cmd, "model", o.model, "FILE",
             "Model file, builtin:examples/NAME.toml, or - for standard input")
      ->required();
  std::vector<std::string> formats;
  for (auto f : formats_of(output)) formats.emplace_back(to_string(f));
  if (formats.size() > 1)
    d.commands.choice(cmd, "-f,--format", o.format, formats,
                      "Output format (default " + formats.front() + ")");
  d.output_file(cmd);
  d.criteria(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return cmd;
}

/// The overrides of the model and the data the estimate-based commands take: each takes those
/// that change what it writes (the evidence list shows no money and no ranges; compare's
/// scenarios have no findings to fail on).
struct Applies {
  bool money = true;    ///< --currency, --rates
  bool ranges = true;   ///< --simulation, --seed
  bool fail_on = true;  ///< --fail-on
};

void add_overrides(const Declarer& d, CLI::App* cmd, OutputOptions& o, Applies applies) {
  auto& c = d.commands;
  // The built-in frameworks' reports (a --frameworks file adds its own; the request layer checks),
  // listed in the help, which wraps, rather than as the option's text, which does not.
  const auto& reports = FrameworkLibrary::builtin().report_names();
  std::string listed;
  for (const auto& r : reports) listed += (listed.empty() ? "" : ", ") + r;
  c.choice(cmd, "--report", o.report, reports, "Override the model's report kind: " + listed, false)
      ->option_text("REPORT");
  c.value(cmd, "--months", o.months, "N", "Override the Type 2 observation window: 3 to 12 months");
  if (applies.money) {
    c.value(cmd, "--currency", o.currency, "CODE", "Override the currency (USD, EUR, DKK, ...)");
    c.value(cmd, "--auditor-country", o.auditor_country, "CC",
            "Where the auditor signs (US, DK, ...): its VAT, rates and signer, as a firm "
            "file's country does");
  }
  d.data_files(cmd, o.data, applies.money);
  c.file(cmd, "--profile", o.profile,
         "Firm profile (written by attestplan calibrate) scaling the effort parameters");
  if (applies.ranges) {
    c.file(cmd, "--simulation", o.simulation,
           "Simulation settings (draws, seed) replacing the built-in ones");
    c.value(cmd, "--seed", o.seed, "N",
            "Seed of the simulation behind the P10 / P50 / P90 figures (0 or more)");
  }
  if (applies.fail_on) {
    c.choice(cmd, "--fail-on", o.fail_on, {"warning", "error"},
             "Exit 1 when a finding is at least this severe");
  }
}

/// The firm that will send the letter: its country, rate card and profile price the output as
/// its proposal will be priced.
constexpr const char* kFirmPrices =
    "Firm file: price as its proposal is priced (its country for an auditor, its rates and "
    "profile)";

/// The output's run: through the request layer, with the options the parser filled.
Command output_run(const Declarer& d, CLI::App* cmd, Output output,
                   const std::shared_ptr<OutputOptions>& o) {
  return {cmd, [&common = d.common, output, o] { return run_output(common, output, *o); }};
}

Command validate_command(Declarer& d) {
  auto models = std::make_shared<std::vector<std::string>>();
  auto* cmd = d.commands.add(
      d.app, "validate", "Check models and report every problem with file:line:col",
      {"attestplan validate my-model.toml", "attestplan validate builtin:examples/hr-saas.toml"});
  d.commands.value(cmd, "model", *models, "FILE", "Model file(s), - for standard input")
      ->required();
  d.criteria(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, models] { return run_validate(common, *models); }};
}

Command boundary_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(d, Output::Boundary, "boundary",
                             "Resolve the system boundary: each component's verdict and reason, "
                             "subservice organizations, CSOCs, CUECs, findings",
                             {"attestplan boundary builtin:examples/hr-saas.toml",
                              "attestplan boundary my-model.toml -f svg -o boundary.svg",
                              "attestplan boundary my-model.toml -f json | jq .counts"},
                             *o);
  d.data_files(cmd, o->data, false, Stage::Timing,
               " (they plan the window vendor reports are checked against)");
  return output_run(d, cmd, Output::Boundary, o);
}

Command catalog_command(Declarer& d) {
  struct Options {
    std::string what, format = "table";
  };
  auto o = std::make_shared<Options>();
  auto* cmd =
      d.commands.add(d.app, "catalog",
                     "Show the reference data attestplan uses: the criteria "
                     "catalog, or the vendor library (also as an OSCAL component definition)",
                     {"attestplan catalog criteria", "attestplan catalog criteria -f json",
                      "attestplan catalog vendors -f oscal-components -o vendors.json"});
  d.commands
      .choice(cmd, "what", o->what, {"criteria", "vendors"}, "What to show: criteria, vendors")
      ->required();
  d.commands.choice(cmd, "-f,--format", o->format, {"table", "json", "oscal-components"},
                    "Output format (default table): json for the criteria, oscal-components for "
                    "the vendors");
  d.output_file(cmd);
  d.criteria(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, o] { return run_catalog(common, o->what, o->format); }};
}

Command estimate_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(d, Output::Estimate, "estimate",
                             "Estimate the engagement: scope, samples, hours, fee, total cost, "
                             "dates",
                             {"attestplan estimate builtin:examples/hr-saas.toml",
                              "attestplan estimate my-model.toml --report soc2-type1",
                              "attestplan estimate my-model.toml --months 12 --explain",
                              "attestplan estimate my-model.toml -f json -o estimate.json"},
                             *o);
  add_overrides(d, cmd, *o, {});
  d.commands.file(cmd, "--firm", o->firm, kFirmPrices);
  cmd->add_flag("--explain", o->explain, "Follow the summary with every ledger line");
  return output_run(d, cmd, Output::Estimate, o);
}

Command plan_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(
      d, Output::Plan, "plan",
      "The calendar: readiness, remediation, Type 1 date or window, report, renewals, bridge "
      "letters, next cycle; -f ics for calendar applications",
      {"attestplan plan builtin:examples/hr-saas.toml",
       "attestplan plan my-model.toml -f ics -o audit.ics"},
      *o);
  add_overrides(d, cmd, *o, {});
  d.commands.file(cmd, "--firm", o->firm, kFirmPrices);
  return output_run(d, cmd, Output::Plan, o);
}

Command compare_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(
      d, Output::Compare, "compare",
      "Scenarios side by side: Type 1 then Type 2, Type 2 with 3/6/12-month windows, with "
      "and without each optional category, and the model's [[scenario]]s",
      {"attestplan compare builtin:examples/hr-saas.toml",
       "attestplan compare my-model.toml --scenario as-modelled --scenario type1-then-type2"},
      *o);
  add_overrides(d, cmd, *o, {.fail_on = false});
  d.commands.file(cmd, "--firm", o->firm, kFirmPrices);
  d.commands.value(cmd, "--scenario", o->scenarios, "ID", "Only this scenario (repeatable)");
  return output_run(d, cmd, Output::Compare, o);
}

Command proposal_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(
      d, Output::Proposal, "proposal",
      "The engagement letter a firm sends (an auditor's, or a readiness consultant's with --firm): "
      "scope, fee and options, timeline, the client's part, assumptions; --memo writes the "
      "partner's internal pricing memo instead "
      "(format from -o's extension: .md is Markdown, else HTML)",
      {"attestplan proposal my-model.toml -o proposal.html",
       "attestplan proposal my-model.toml -o proposal.md"},
      *o);
  add_overrides(d, cmd, *o, {});
  d.commands.file(cmd, "--firm", o->firm,
                  "Firm file (name, address, logo, contact, signer, role auditor | consultant, fee "
                  "basis, payment "
                  "schedule, terms, assumptions): the letterhead and what the firm prices");
  d.commands.value(cmd, "--fee-percentile", o->fee_percentile, "N",
                   "Quote the fee at this percentile of the simulated runs, 50-99 (default: the "
                   "firm file's, else 80)");
  d.commands.value(cmd, "--date", o->letter_date, "YYYY-MM-DD",
                   "Date the letter (default: today, or the next working day in the firm's "
                   "country when today is not "
                   "one); its validity runs from it");
  cmd->add_flag("--memo", o->memo,
                "Write the partner's internal pricing memo instead of the client's letter: "
                "the percentile, the "
                "simulated spread, what moves the fee, and the basis to reproduce the quote");
  return output_run(d, cmd, Output::Proposal, o);
}

Command evidence_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(
      d, Output::Evidence, "evidence",
      "The evidence request (PBC) list as CSV or XLSX: per control the evidence, population, "
      "periods, due dates, the visit that tests it and owner role",
      {"attestplan evidence my-model.toml -o evidence-requests.csv"}, *o);
  add_overrides(d, cmd, *o, {.money = false, .ranges = false});
  cmd->add_flag(
      "--internal", o->internal,
      "The firm's working copy: adds how many samples the auditor selects for each control (the "
      "client's copy never says)");
  return output_run(d, cmd, Output::Evidence, o);
}

Command oscal_command(Declarer& d) {
  auto o = std::make_shared<OutputOptions>();
  auto* cmd = output_command(
      d, Output::Oscal, "oscal",
      "NIST OSCAL 1.1.2 JSON for GRC tools: the System Security Plan (boundary, subservice "
      "organizations, criteria in scope), the Assessment Plan (tests, samples, hours, dates) or a "
      "component definition of the subservice organizations (docs/oscal.md)",
      {"attestplan oscal my-model.toml -o ssp.json",
       "attestplan oscal my-model.toml -f oscal-ap -o assessment-plan.json"},
      *o);
  add_overrides(d, cmd, *o, {.fail_on = false});
  d.commands.file(cmd, "--firm", o->firm, kFirmPrices);
  d.commands.value(cmd, "--ssp", o->ssp_href, "HREF",
                   "-f oscal-ap: where the plan finds the SSP it assesses, a file name or URL "
                   "(default ssp.json, beside it)");
  return output_run(d, cmd, Output::Oscal, o);
}

Command init_command(Declarer& d) {
  struct Options {
    InitOptions init;
    bool no_input = false;
  };
  auto o = std::make_shared<Options>();
  auto& c = d.commands;
  auto* cmd =
      c.add(d.app, "init",
            "Write a starter model from a few questions (asked on a terminal; flags answer them)",
            {"attestplan init",
             "attestplan init --name \"Acme Ltd\" --report soc2-type1 --cloud gcp -o acme.toml"});
  c.value(cmd, "--name", o->init.name, "NAME", "The organization's name");
  c.choice(cmd, "--report", o->init.report,
           {"soc2-type1", "soc2-type2", "isae3000-type1", "isae3000-type2"},
           "The report to plan for (default soc2-type2)");
  c.value(cmd, "--employees", o->init.employees, "N", "People in the organization (default 25)");
  c.value(cmd, "--engineers", o->init.engineers, "N", "People who change production (default 8)");
  c.choice(
      cmd, "--cloud", o->init.cloud, {"aws", "gcp", "azure", "none"},
      "Where production runs (default aws): a subservice organization from the vendor library");
  c.value(cmd, "--currency", o->init.currency, "CODE",
          "The currency of the estimate (default USD)");
  c.value(cmd, "-o,--output", o->init.output, "FILE",
          "Where to write the model (default attestplan.toml; - for standard output)");
  cmd->add_flag("--force", o->init.force, "Replace the file if it exists");
  cmd->add_flag("--no-input", o->no_input, "Ask nothing: defaults for what the flags leave unset");
  d.logging(cmd);
  return {cmd, [o] {
            o->init.ask = !o->no_input && ::isatty(STDIN_FILENO) == 1;
            return run_init(o->init, std::cin);
          }};
}

/// The server's token: --token, else --token-file, else $ATTESTPLAN_TOKEN. An empty one is refused
/// (every request would match it); a token given on the command line is blanked in argv so that
/// ps shows it no longer (it was visible until now: the help says to prefer the file or the
/// environment).
bool resolve_token(std::optional<std::string>& token, const std::optional<std::string>& file,
                   int argc, char** argv) {
  const int sources = (token ? 1 : 0) + (file ? 1 : 0);
  if (sources > 1) {
    std::cerr << "error: --token and --token-file: give one of them\n";
    return false;
  }
  if (token) {
    for (int i = 1; i < argc; ++i) {
      std::string_view arg{argv[i]};
      char* value = nullptr;
      if (arg == "--token" && i + 1 < argc)
        value = argv[i + 1];
      else if (arg.rfind("--token=", 0) == 0)
        value = argv[i] + 8;
      if (value) std::memset(value, 'x', std::strlen(value));
    }
  } else if (file) {
    Diagnostics diags;
    const auto text = read_text_file(*file, diags);
    if (!text) {
      for (const auto& diag : diags.items()) std::cerr << format_diagnostic(diag);
      return false;
    }
    token = text->text.substr(0, text->text.find_first_of("\r\n"));
  } else if (const char* env = std::getenv("ATTESTPLAN_TOKEN")) {
    token = std::string{env};
  }
  if (token && token->empty()) {
    std::cerr << "error: "
              << (file ? "--token-file " + *file + ": the token is empty"
                  : std::getenv("ATTESTPLAN_TOKEN") && !sources
                      ? std::string{"$ATTESTPLAN_TOKEN is empty"}
                      : std::string{"--token: the token is empty"})
              << "\n  hint: use a long random token, e.g. from: head -c 24 /dev/urandom | base64\n";
    return false;
  }
  return true;
}

struct ServeCommandOptions {
  server::ServeOptions serve;
  std::optional<std::string> token_file;
  std::optional<std::string> max_body;
  int long_run_limit = 120;
};

/// The server's options from the flags and, for the tests only, the environment.
int run_serve(const Common& common, ServeCommandOptions& o, int argc, char** argv) {
  auto& serve = o.serve;
  serve.plugin_dirs = common.plugin_dirs;
  if (const char* hold = std::getenv("ATTESTPLAN_TEST_HOLD_SESSION"); hold && *hold) {
    serve.hold_first_request_of_session = hold;
  }
  if (const char* hold = std::getenv("ATTESTPLAN_TEST_HOLD_RUN"); hold && *hold)
    serve.hold_run = hold;
  serve.long_run_limit = std::chrono::seconds(o.long_run_limit);
  // Tests only: a limit in milliseconds (0: a long run stops after its first unit of work), so
  // a test of the limit does not race the clock.
  if (const char* ms = std::getenv("ATTESTPLAN_TEST_LONG_RUN_LIMIT_MS"); ms && *ms) {
    serve.long_run_limit = std::chrono::milliseconds(std::strtol(ms, nullptr, 10));
  }
  if (!resolve_token(serve.token, o.token_file, argc, argv)) return kBadInput;
  if (o.max_body) {
    std::string error;
    const auto bytes = server::parse_max_body(*o.max_body, error);
    if (!bytes) {
      std::cerr << "error: " << error << "\n  hint: e.g. --max-body 8388608 for 8 MiB\n";
      return kBadInput;
    }
    serve.max_body = *bytes;
  }
  return server::serve(serve);
}

Command serve_command(Declarer& d) {
  auto o = std::make_shared<ServeCommandOptions>();
  auto& c = d.commands;
  auto* cmd = c.add(d.app, "serve",
                    "Serve the web UI and the JSON API (loopback only unless --token is given)",
                    {"attestplan serve", "attestplan serve --workspace ./models --port 8080"});
  c.value(cmd, "--workspace", o->serve.workspace, "DIR", "Folder where models are saved as TOML");
  c.value(cmd, "--bind", o->serve.bind, "ADDRESS", "Address to listen on (default 127.0.0.1)");
  c.value(cmd, "--port", o->serve.port, "PORT",
          "Port, 0 to 65535 (0 picks a free one; default 8080)")
      ->check(CLI::Range(0, 65535).description(""));
  c.value(cmd, "--token", o->serve.token, "TOKEN",
          "Token every request must carry (visible to other users in ps: prefer --token-file or "
          "$ATTESTPLAN_TOKEN); required off loopback");
  c.value(cmd, "--token-file", o->token_file, "FILE",
          "Read the token from this file (its first line)");
  c.value(cmd, "--threads", o->serve.threads, "N", "Worker threads, 1 to 64 (default 4)")
      ->check(CLI::Range(1, 64).description(""));
  c.value(cmd, "--max-body", o->max_body, "BYTES",
          "Largest request body (default 4194304, 4 MiB: a 10,000-component model is about "
          "2 MB); larger "
          "ones are refused with 413");
  c.value(cmd, "--long-run-limit", o->long_run_limit, "SECONDS",
          "Stop a portfolio or a calibration that runs longer, 1 to 86400 (default 120)")
      ->check(CLI::Range(1, 86400).description(""));
  cmd->add_flag("--routes", o->serve.print_routes, "Print the routes and exit");
  d.frameworks(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, o, argc = d.argc, argv = d.argv] {
            return run_serve(common, *o, argc, argv);
          }};
}

Command plugins_command(Declarer& d) {
  auto format = std::make_shared<std::string>("table");
  auto* cmd =
      d.commands.add(d.app, "plugins", "List the plugins found, loaded and refused, and why",
                     {"attestplan plugins", "attestplan plugins --plugins ./my-plugins -f json"});
  d.commands.choice(cmd, "-f,--format", *format, {"table", "json", "markdown"},
                    "Output format (default table)");
  d.output_file(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, format] { return run_plugins(common, *format); }};
}

Command examples_command(Declarer& d) {
  auto name = std::make_shared<std::optional<std::string>>();
  auto* cmd =
      d.commands.add(d.app, "examples", "List the built-in example models, or print one",
                     {"attestplan examples", "attestplan examples hr-saas -o my-model.toml"});
  d.commands.value(cmd, "name", *name, "NAME", "Example to print (e.g. hr-saas)");
  d.output_file(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, name] { return run_examples(common, *name); }};
}

Command import_command(Declarer& d) {
  auto o = std::make_shared<ImportOptions>();
  auto& c = d.commands;
  auto* cmd = c.add(d.app, "import",
                    "Read another system's inventory into a model overlay a model "
                    "includes (include = [\"FILE\"])",
                    {});
  cmd->require_subcommand(1);
  auto* terraform = c.add(*cmd, "terraform",
                          "Terraform state (terraform show -json > state.json): resources become "
                          "components by the rules "
                          "of models/import/terraform.toml, providers subservice organizations",
                          {"attestplan import terraform state.json -o imported.toml"});
  c.value(terraform, "state", o->input, "FILE",
          "The state: what terraform show -json or terraform state pull wrote, or - for "
          "standard input")
      ->required();
  c.choice(terraform, "--group-by", o->group_by, {"tag", "module", "resource"},
           "tag (an attestplan:component tag names the component), module (the tag, else one "
           "component per module and kind; the default) or resource (one per resource)");
  c.file(terraform, "--rules", o->rules, "Rules file replacing the built-in one");
  auto* csv = c.add(*cmd, "csv",
                    "An asset register: CISO Assistant's columns (ref_id, name, description, type, "
                    "parent_assets) and "
                    "attestplan's (kind, uses, runs_on, provided_by, classification, owner, site)",
                    {"attestplan import csv assets.csv -o assets.toml"});
  c.value(csv, "register", o->input, "FILE", "The CSV file, or - for standard input")->required();
  auto* groups = c.add(*cmd, "groups",
                       "An identity provider's groups (Okta groups with app assignments, or Google "
                       "Workspace groups with "
                       "members.list): people who access what their groups are assigned to",
                       {"attestplan import groups okta-groups.json -o people.toml"});
  c.value(groups, "export", o->pages, "FILE",
          "The JSON export (shape: docs/import.md), or several files, one per page, or - for "
          "standard input")
      ->required();
  auto* oscal = c.add(*cmd, "oscal",
                      "An OSCAL 1.x document in JSON: a system security plan (components, people, "
                      "subservice organizations) or a component definition (subservice "
                      "organizations and the criteria they carry)",
                      {"attestplan import oscal ssp.json -o ssp.imported.toml"});
  c.value(oscal, "document", o->input, "FILE",
          "The OSCAL document (system-security-plan or component-definition), or - for standard "
          "input")
      ->required();
  for (auto* sub : {terraform, csv, groups, oscal}) {
    d.output_file(sub, "Write the overlay to this file instead of standard output");
    d.logging(sub);
  }
  return {cmd, [&common = d.common, &quiet = d.quiet, o, terraform, csv, oscal] {
            o->what = terraform->parsed() ? "terraform"
                      : csv->parsed()     ? "csv"
                      : oscal->parsed()   ? "oscal"
                                          : "groups";
            if (o->what == "groups" && !o->pages.empty()) o->input = o->pages.front();
            o->quiet = quiet;
            return run_import(common, *o);
          }};
}

Command drift_command(Declarer& d) {
  auto o = std::make_shared<DriftOptions>();
  auto& c = d.commands;
  auto* cmd = c.add(
      d.app, "drift",
      "What changed between two models of the system: the boundary, vendors, personal data, and "
      "the "
      "controls, samples, hours and fee; the significant changes a description discloses",
      {"attestplan drift --baseline last-audit.toml --current my-model.toml"});
  c.value(cmd, "--baseline", o->baseline, "FILE", "The earlier model (e.g. last audit's)")
      ->required();
  c.value(cmd, "--current", o->current, "FILE", "The model now")->required();
  c.choice(cmd, "-f,--format", o->format, {"table", "json", "markdown"},
           "Output format (default table)");
  d.output_file(cmd);
  d.data_files(cmd, o->data, true);
  c.file(cmd, "--profile", o->profile,
         "Firm profile (written by attestplan calibrate) scaling the effort parameters");
  d.criteria(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, o] { return run_drift(common, *o); }};
}

Command calibrate_command(Declarer& d) {
  auto o = std::make_shared<CalibrateOptions>();
  auto& c = d.commands;
  auto* cmd = c.add(
      d.app, "calibrate",
      "Fit the effort model to a firm's past engagements (a CSV of models or summary columns with "
      "the hours "
      "spent): which parameters the history identifies, the error before and after, a firm profile",
      {"attestplan calibrate history.csv",
       "attestplan calibrate history.csv --write-profile firm-profile.toml",
       "attestplan estimate my-model.toml --profile firm-profile.toml"});
  c.value(cmd, "history", o->history, "FILE", "The history CSV (columns: docs/calibration.md)")
      ->required();
  c.value(cmd, "--write-profile", o->write_profile, "FILE",
          "Write the firm profile (TOML) here, for --profile on any command");
  c.value(cmd, "--name", o->name, "NAME", "The firm's name, written into the profile");
  c.value(cmd, "--min-rows", o->min_rows, "N", "Fewest usable rows to fit (default 10)")
      ->check(CLI::Range(2, 1000000));
  c.choice(cmd, "-f,--format", o->format, {"table", "json"}, "Output format (default table)");
  d.output_file(cmd,
                "Write the report to this file (whole, or not at all) instead of standard output");
  d.data_files(cmd, o->data, true);
  d.criteria(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, o] { return run_calibrate(common, *o); }};
}

Command portfolio_command(Declarer& d) {
  auto o = std::make_shared<PortfolioCommandOptions>();
  auto& c = d.commands;
  auto* cmd = c.add(
      d.app, "portfolio",
      "Price every engagement of a firm in parallel (P10/P50/P90 hours and fee, report date, risk "
      "of missing the "
      "renewal) and its staff load by week and level, weeks over the profile's [capacity] flagged",
      {"attestplan portfolio engagements/",
       "attestplan portfolio engagements/ --profile firm-profile.toml --heatmap load.svg",
       "attestplan portfolio list.txt -f csv -o portfolio.csv"});
  c.value(cmd, "input", o->input, "DIR|FILE", "A folder of models (*.toml) or a file listing them")
      ->required();
  c.choice(cmd, "-f,--format", o->format, {"table", "csv", "json"},
           "Output format (default table)");
  d.output_file(cmd);
  c.value(cmd, "--heatmap", o->heatmap, "FILE", "Write the staff load as an SVG heat map here");
  c.value(cmd, "--threads", o->threads, "N", "Engagements priced at once (default: one per core)")
      ->check(CLI::Range(1, 256));
  c.file(cmd, "--profile", o->profile, "Firm profile: calibrated effort and [capacity]");
  d.data_files(cmd, o->data, true);
  c.file(cmd, "--simulation", o->simulation, "Simulation settings replacing the built-in ones");
  d.criteria(cmd);
  d.plugins(cmd);
  d.logging(cmd);
  return {cmd, [&common = d.common, o] { return run_portfolio(common, *o); }};
}

/// Hidden: the man page and the completions, written at build time from the declarations of the
/// other commands.
Command generate_command(Declarer& d) {
  auto what = std::make_shared<std::string>();
  auto* cmd =
      d.app.add_subcommand("generate", "Write the man page or a shell completion")->group("");
  cmd->add_option("what", *what)->required()->check(CLI::IsMember({"man", "bash", "zsh"}));
  d.output_file(cmd);
  return {cmd, [&d, what] {
            const auto& doc = *d.doc;
            const auto text = *what == "man"    ? man_page(doc, Date::today().to_string())
                              : *what == "bash" ? bash_completion(doc)
                                                : zsh_completion(doc);
            if (!d.common.output) {
              std::cout << text;
              return static_cast<int>(kOk);
            }
            Diagnostics diags;
            std::error_code ec;  // a folder that cannot be made is reported by the write below
            if (const auto dir = std::filesystem::path{*d.common.output}.parent_path();
                !dir.empty()) {
              std::filesystem::create_directories(dir, ec);
            }
            if (!write_file_atomically(*d.common.output, text, diags)) {
              for (const auto& diag : diags.items())
                std::cerr << for_stderr(format_diagnostic(diag));
              return static_cast<int>(kBadInput);
            }
            return static_cast<int>(kOk);
          }};
}

}  // namespace

std::vector<Command> declare_commands(Declarer& d) {
  using Declare = Command (*)(Declarer&);
  static constexpr Declare kTable[] = {
      validate_command,  boundary_command,  catalog_command,  estimate_command, plan_command,
      compare_command,   proposal_command,  evidence_command, oscal_command,    init_command,
      serve_command,     plugins_command,   examples_command, import_command,   drift_command,
      calibrate_command, portfolio_command, generate_command};
  std::vector<Command> out;
  for (const auto declare : kTable) out.push_back(declare(d));
  return out;
}

}  // namespace attestplan::cli

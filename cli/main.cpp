// The attestplan command line (CLI11): parses flags and dispatches to commands.cpp.
#include <spdlog/logger.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/date.hpp"
#include "attestplan/log.hpp"
#include "attestplan/plugin_host.hpp"
#include "cli_doc.hpp"
#include "commands.hpp"
#include "firm_commands.hpp"
#include "init.hpp"
#include "logging.hpp"
#include "progress.hpp"
#include "server.hpp"
#include "suggest.hpp"
#include "terminal.hpp"

namespace {

constexpr const char* kDescription =
    "attestplan plans SOC 2 and ISAE 3000 attestation engagements before they start: the system\n"
    "boundary, the criteria and controls in scope, samples, hours by audit stage and staff level,\n"
    "the fee and total cost, and the calendar up to the report in hand.\n"
    "Models are TOML files (schema \"attestplan/1\"); built-in examples are named\n"
    "builtin:examples/NAME.toml (see `attestplan examples`).\n\n"
    "Exit codes: 0 ok, 1 findings at the --fail-on level, 2 bad input or usage, 3 plugin failure,\n"
    "70 internal error (a defect in attestplan: please report it). Results go to standard output,\n"
    "messages to standard error.";

constexpr const char* kFooter =
    "\nGet started:\n"
    "  attestplan examples                                the built-in example models\n"
    "  attestplan estimate builtin:examples/hr-saas.toml  an estimate of one\n"
    "  attestplan init                                    a starter model of your own\n"
    "\nattestplan COMMAND --help shows a command's flags and examples; man attestplan shows them "
    "all.\n";

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

/// `line` broken at spaces into lines of at most `width` columns (a word longer than that keeps its
/// own line); continuation lines of an indented line (an example) take its indent plus two.
std::string wrap_line(const std::string& line, std::size_t width) {
  if (line.size() <= width || width < 20) return line;
  const auto indent = line.find_first_not_of(' ');
  const std::string more(indent == std::string::npos || indent == 0 ? 0 : indent + 2, ' ');
  std::string out, current = line.substr(0, indent == std::string::npos ? 0 : indent);
  std::size_t at = indent == std::string::npos ? line.size() : indent;
  bool first_word = true;
  while (at < line.size()) {
    const auto end = std::min(line.find(' ', at), line.size());
    const std::string word = line.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (!first_word && current.size() + 1 + word.size() > width) {
      out += current + "\n";
      current = more + word;
    } else {
      current += (first_word ? "" : " ") + word;
    }
    first_word = false;
  }
  return out + current;
}

/// `text` wrapped to `width` columns: the lines of a paragraph (neither blank nor indented) are
/// joined and broken again; a blank or indented line (an example) stays a line of its own.
std::string wrap_text(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string paragraph;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto end = std::min(text.find('\n', at), text.size());
    const std::string line = text.substr(at, end - at);
    if (!line.empty() && line.front() != ' ') {
      paragraph += (paragraph.empty() ? "" : " ") + line;
    } else {
      if (!paragraph.empty()) lines.push_back(wrap_line(std::exchange(paragraph, {}), width));
      lines.push_back(wrap_line(line, width));
    }
    if (end == text.size()) break;
    at = end + 1;
  }
  if (!paragraph.empty()) lines.push_back(wrap_line(paragraph, width));
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

/// CLI11's help, every text wrapped to the terminal's width (80 columns where there is none): the
/// descriptions of commands and flags continue under their own column.
class WrappingFormatter : public CLI::Formatter {
 public:
  explicit WrappingFormatter(std::size_t width) : width_(width) {}

  std::string make_option_desc(const CLI::Option* opt) const override {
    return wrap_text(Formatter::make_option_desc(opt), text_width());
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true),
                             wrap_text(sub->get_description(), text_width()), column_width_);
    return out.str();
  }
  std::string make_description(const CLI::App* app) const override {
    return wrap_text(Formatter::make_description(app), width_);
  }
  std::string make_footer(const CLI::App* app) const override {
    return wrap_text(Formatter::make_footer(app), width_);
  }

 private:
  /// What is left of a line beside the column of names.
  [[nodiscard]] std::size_t text_width() const {
    return width_ > column_width_ + 20 ? width_ - column_width_ : 20;
  }
  std::size_t width_;
};

}  // namespace

namespace {

using attestplan::cli::CliDoc;
using attestplan::cli::CommandDoc;
using attestplan::cli::FlagDoc;

/// How commands are declared: a command with its summary and examples, and its flags, each with
/// the word its value is shown as (FILE, N, ...) instead of the parser's type names. The same
/// declarations give the help, the man page, the completions and the did-you-mean hints
/// (describe() reads them back), so adding a command or a flag is one local change here.
class Commands {
 public:
  explicit Commands(CLI::App& app) : app_(app) {}

  CLI::App* add(CLI::App& parent, const char* name, const char* summary,
                std::vector<std::string> examples) {
    auto* cmd = parent.add_subcommand(name, summary);
    if (!examples.empty()) {
      std::string footer = "\nExamples:\n";
      for (const auto& e : examples) footer += "  " + e + "\n";
      cmd->footer(footer);
    }
    examples_[cmd] = std::move(examples);
    return cmd;
  }

  /// An option with a value, shown as `word`.
  template <typename T>
  CLI::Option* value(CLI::App* cmd, const std::string& names, T& target, const char* word,
                     const std::string& help) {
    return cmd->add_option(names, target, help)->option_text(word);
  }
  /// An option whose value is one of `choices`. `checked`: the parser refuses any other value;
  /// unchecked, a later layer does (the request layer checks --report for the CLI and the server
  /// alike, with one message).
  template <typename T>
  CLI::Option* choice(CLI::App* cmd, const std::string& names, T& target,
                      const std::vector<std::string>& choices, const std::string& help,
                      bool checked = true) {
    std::string shown;
    for (const auto& c : choices) shown += (shown.empty() ? "" : "|") + c;
    auto* opt = cmd->add_option(names, target, help)->option_text(shown);
    if (checked) opt->check(CLI::IsMember(choices));
    choices_[opt] = choices;
    return opt;
  }
  /// An existing file.
  template <typename T>
  CLI::Option* file(CLI::App* cmd, const std::string& names, T& target, const std::string& help) {
    return value(cmd, names, target, "FILE", help)->check(CLI::ExistingFile);
  }

  /// The command line as plain data, for the man page, the completions and the hints.
  [[nodiscard]] CliDoc describe(const std::string& version) const {
    CliDoc doc;
    doc.version = version;
    doc.description = app_.get_description();
    doc.global_flags = flags_of(&app_);
    for (const auto* sub : app_.get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_group().empty()) continue;  // hidden (generate)
      doc.commands.push_back(command_of(sub));
    }
    return doc;
  }

 private:
  [[nodiscard]] std::vector<FlagDoc> flags_of(const CLI::App* cmd) const {
    std::vector<FlagDoc> out;
    for (const auto* opt : cmd->get_options()) {
      if (!opt->nonpositional() || opt->get_lnames() == std::vector<std::string>{"help"}) continue;
      if (opt->get_lnames() == std::vector<std::string>{"version"}) continue;
      FlagDoc f;
      for (const auto& n : opt->get_snames()) f.names.push_back("-" + n);
      for (const auto& n : opt->get_lnames()) f.names.push_back("--" + n);
      // A flag expects no value (CLI11: expected(0)); an option shows the word it was declared
      // with.
      f.value = opt->get_items_expected_max() == 0 ? ""
                : opt->get_option_text().empty()   ? "VALUE"
                                                   : opt->get_option_text();
      f.help = opt->get_description();
      f.hidden = opt->get_group().empty();
      if (const auto it = choices_.find(opt); it != choices_.end()) f.choices = it->second;
      out.push_back(std::move(f));
    }
    return out;
  }

  [[nodiscard]] CommandDoc command_of(const CLI::App* cmd) const {
    CommandDoc c;
    c.name = cmd->get_name();
    c.summary = cmd->get_description();
    for (const auto* opt : cmd->get_options()) {
      if (opt->nonpositional()) continue;
      c.args.push_back({opt->get_name(),
                        opt->get_option_text().empty() ? opt->get_name() : opt->get_option_text(),
                        opt->get_description(), opt->get_required(),
                        opt->get_option_text() == "FILE"});
    }
    c.flags = flags_of(cmd);
    if (const auto it = examples_.find(cmd); it != examples_.end()) c.examples = it->second;
    for (const auto* sub : cmd->get_subcommands([](const CLI::App*) { return true; }))
      c.commands.push_back(command_of(sub));
    return c;
  }

  CLI::App& app_;
  std::map<const CLI::App*, std::vector<std::string>> examples_;
  std::map<const CLI::Option*, std::vector<std::string>> choices_;
};

/// The command line as the user typed it, without the program's name.
std::vector<std::string> arguments(int argc, char** argv) { return {argv + 1, argv + argc}; }

}  // namespace

namespace {
int run_command_line(int argc, char** argv);
}  // namespace

/// The command's exit code, unless standard output could not take what was written to it (a full
/// disk, /dev/full, a closed pipe's reader): then the reason, and exit 1, since the document is
/// cut.
int main(int argc, char** argv) {
  const int code = run_command_line(argc, argv);
  const int earlier = errno;  // a failed write's reason, when the last call was that write
  std::cout.flush();
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if (!flushed || std::ferror(stdout) || std::cout.bad()) {
    const int why = errno ? errno : earlier;
    std::cerr << "error: cannot write to standard output: "
              << (why ? std::strerror(why) : "the write failed")
              << "; what was written is incomplete\n";
    return code == attestplan::cli::kOk ? attestplan::cli::kFindings : code;
  }
  return code;
}

namespace {

/// The data files the plugins declare, found where this command line finds plugins: each
/// `--plugins DIR` it names, then $ATTESTPLAN_PLUGIN_PATH and the install's folder. Those that
/// price come first, then the others, each in the plugins' order: the order of their flags.
std::vector<attestplan::DataFileDecl> data_files_of_plugins(int argc, char** argv) {
  attestplan::PluginSearch search;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg{argv[i]};
    if (arg == "--plugins" && i + 1 < argc) {
      search.dirs.emplace_back(argv[++i]);
    } else if (arg.rfind("--plugins=", 0) == 0) {
      search.dirs.emplace_back(std::string{arg.substr(10)});
    }
  }
  const attestplan::PluginHost host(search);
  auto files = host.data_files();
  std::stable_partition(files.begin(), files.end(),
                        [](const attestplan::DataFileDecl& d) { return d.money; });
  return files;
}

int run_command_line(int argc, char** argv) {
  using namespace attestplan::cli;
  using attestplan::Output;
  CLI::App app{kDescription, "attestplan"};
  // Before any command is added: each takes its parent's formatter.
  const auto help_width = output_width(STDOUT_FILENO);
  app.formatter(std::make_shared<WrappingFormatter>(help_width > 0 ? help_width : 80));
  app.set_version_flag("--version", std::string{"attestplan "} + ATTESTPLAN_VERSION);
  Commands commands(app);
  // The plugins' data files are flags (--rates FILE, ...): their descriptors are read first, from
  // the folders the command line names and the usual places.
  Common common;
  common.data_files = data_files_of_plugins(argc, argv);
  const auto& data_files = common.data_files;
  bool verbose = false, quiet = false;
  // -v and -q go before or after any command.
  auto add_logging = [&](CLI::App* cmd) {
    cmd->add_flag("-v,--verbose", verbose, "Log progress and details to standard error");
    cmd->add_flag("-q,--quiet", quiet, "Log only errors; no progress line");
  };
  add_logging(&app);
  // Before the command, as earlier versions took them: accepted, not offered (each command that
  // uses them offers them itself); refused after parsing for a command they do not apply to.
  auto* legacy_criteria =
      app.add_option("--criteria", common.criteria_file)->group("")->check(CLI::ExistingFile);
  auto* legacy_plugins =
      app.add_option("--plugins", common.plugin_dirs)->group("")->check(CLI::ExistingDirectory);

  // Flag groups, each declared once and added to the commands it applies to.
  auto add_frameworks = [&](CLI::App* cmd) {
    commands.file(cmd, "--frameworks", common.frameworks_file,
                  "Report frameworks (names, words, signers) replacing the built-in ones; a copy "
                  "of models/frameworks/frameworks.toml with your own added");
  };
  auto add_criteria = [&](CLI::App* cmd) {
    commands.file(cmd, "--criteria", common.criteria_file,
                  "Criteria catalog replacing the built-in TSC 2017 one");
    add_frameworks(cmd);
  };
  auto add_plugins = [&](CLI::App* cmd) {
    commands
        .value(cmd, "--plugins", common.plugin_dirs, "DIR",
               "Directory searched for plugins before $ATTESTPLAN_PLUGIN_PATH and the defaults "
               "(repeatable)")
        ->check(CLI::ExistingDirectory);
  };
  // The data files of the plugins found, each a --KEY FILE flag: those that price only where money
  // shows (`money`), those of one stage only when `stage` is given (with `why` added to the help).
  auto add_data_files = [&](CLI::App* cmd, DataFlags& into, bool money,
                            std::optional<attestplan::Stage> stage = {}, const char* why = "") {
    for (const auto& d : data_files) {
      if ((d.money && !money) || (stage && d.stage != *stage)) continue;
      commands.file(cmd, "--" + d.key, into[d.key], d.help + why);
    }
  };
  auto add_output_file =
      [&](CLI::App* cmd,
          const char* help =
              "Write to this file (whole, or not at all) instead of standard output") {
        commands.value(cmd, "-o,--output", common.output, "FILE", help);
      };

  std::vector<std::string> validate_models;
  auto* validate = commands.add(
      app, "validate", "Check models and report every problem with file:line:col",
      {"attestplan validate my-model.toml", "attestplan validate builtin:examples/hr-saas.toml"});
  commands.value(validate, "model", validate_models, "FILE", "Model file(s), - for standard input")
      ->required();
  add_criteria(validate);
  add_plugins(validate);
  add_logging(validate);

  // The commands that write an output of a model, through the request layer.
  auto add_output = [&](Output output, const char* name, const char* help,
                        std::vector<std::string> examples, OutputOptions& o) {
    auto* cmd = commands.add(app, name, help, std::move(examples));
    commands
        .value(cmd, "model", o.model, "FILE",
               "Model file, builtin:examples/NAME.toml, or - for standard input")
        ->required();
    std::vector<std::string> formats;
    for (auto f : formats_of(output)) formats.emplace_back(to_string(f));
    if (formats.size() > 1)
      commands.choice(cmd, "-f,--format", o.format, formats,
                      "Output format (default " + formats.front() + ")");
    add_output_file(cmd);
    add_criteria(cmd);
    add_plugins(cmd);
    add_logging(cmd);
    return cmd;
  };
  // The overrides of the model and the data the estimate-based commands take: each takes those
  // that change what it writes (the evidence list shows no money and no ranges; compare's
  // scenarios have no findings to fail on).
  struct Applies {
    bool money = true;    ///< --currency, --rates
    bool ranges = true;   ///< --simulation, --seed
    bool fail_on = true;  ///< --fail-on
  };
  auto add_overrides = [&](CLI::App* cmd, OutputOptions& o, Applies applies) {
    commands.choice(cmd, "--report", o.report,
                    {"soc2-type1", "soc2-type2", "isae3000-type1", "isae3000-type2"},
                    "Override the model's report kind", false);
    commands.value(cmd, "--months", o.months, "N",
                   "Override the Type 2 observation window: 3 to 12 months");
    if (applies.money) {
      commands.value(cmd, "--currency", o.currency, "CODE",
                     "Override the currency (USD, EUR, DKK, ...)");
      commands.value(cmd, "--auditor-country", o.auditor_country, "CC",
                     "Where the auditor signs (US, DK, ...): its VAT, rates and signer, as a firm "
                     "file's country does");
    }
    add_data_files(cmd, o.data, applies.money);
    commands.file(cmd, "--profile", o.profile,
                  "Firm profile (written by attestplan calibrate) scaling the effort parameters");
    if (applies.ranges) {
      commands.file(cmd, "--simulation", o.simulation,
                    "Simulation settings (draws, seed) replacing the built-in ones");
      commands.value(cmd, "--seed", o.seed, "N",
                     "Seed of the simulation behind the P10 / P50 / P90 figures (0 or more)");
    }
    if (applies.fail_on) {
      commands.choice(cmd, "--fail-on", o.fail_on, {"warning", "error"},
                      "Exit 1 when a finding is at least this severe");
    }
  };

  OutputOptions boundary_opts;
  auto* boundary =
      add_output(Output::Boundary, "boundary",
                 "Resolve the system boundary: each component's verdict and reason, subservice "
                 "organizations, CSOCs, CUECs, findings",
                 {"attestplan boundary builtin:examples/hr-saas.toml",
                  "attestplan boundary my-model.toml -f svg -o boundary.svg",
                  "attestplan boundary my-model.toml -f json | jq .counts"},
                 boundary_opts);
  add_data_files(boundary, boundary_opts.data, false, attestplan::Stage::Timing,
                 " (they plan the window vendor reports are checked against)");

  std::string catalog_what, catalog_format = "table";
  auto* catalog =
      commands.add(app, "catalog", "Show the reference data attestplan uses: the criteria catalog",
                   {"attestplan catalog criteria", "attestplan catalog criteria -f json"});
  commands.choice(catalog, "what", catalog_what, {"criteria"}, "What to show: criteria")
      ->required();
  commands.choice(catalog, "-f,--format", catalog_format, {"table", "json"},
                  "Output format (default table)");
  add_output_file(catalog);
  add_criteria(catalog);
  add_logging(catalog);

  OutputOptions est;
  auto* estimate =
      add_output(Output::Estimate, "estimate",
                 "Estimate the engagement: scope, samples, hours, fee, total cost, dates",
                 {"attestplan estimate builtin:examples/hr-saas.toml",
                  "attestplan estimate my-model.toml --report soc2-type1",
                  "attestplan estimate my-model.toml --months 12 --explain",
                  "attestplan estimate my-model.toml -f json -o estimate.json"},
                 est);
  add_overrides(estimate, est, {});
  // The firm that will send the letter: its country, rate card and profile price the estimate as
  // its proposal will be priced.
  const char* kFirmPrices =
      "Firm file: price as its proposal is priced (its country for an auditor, its rates and "
      "profile)";
  commands.file(estimate, "--firm", est.firm, kFirmPrices);
  estimate->add_flag("--explain", est.explain, "Follow the summary with every ledger line");

  OutputOptions plan_opts;
  auto* plan = add_output(
      Output::Plan, "plan",
      "The calendar: readiness, remediation, Type 1 date or window, report, renewals, bridge "
      "letters, next cycle; -f ics for calendar applications",
      {"attestplan plan builtin:examples/hr-saas.toml",
       "attestplan plan my-model.toml -f ics -o audit.ics"},
      plan_opts);
  add_overrides(plan, plan_opts, {});
  commands.file(plan, "--firm", plan_opts.firm, kFirmPrices);

  OutputOptions compare_opts;
  auto* compare = add_output(
      Output::Compare, "compare",
      "Scenarios side by side: Type 1 then Type 2, Type 2 with 3/6/12-month windows, with "
      "and without each optional category, and the model's [[scenario]]s",
      {"attestplan compare builtin:examples/hr-saas.toml",
       "attestplan compare my-model.toml --scenario as-modelled --scenario type1-then-type2"},
      compare_opts);
  add_overrides(compare, compare_opts, {.fail_on = false});
  commands.file(compare, "--firm", compare_opts.firm, kFirmPrices);
  commands.value(compare, "--scenario", compare_opts.scenarios, "ID",
                 "Only this scenario (repeatable)");

  OutputOptions proposal_opts;
  auto* proposal = add_output(
      Output::Proposal, "proposal",
      "The engagement letter a firm sends (an auditor's, or a readiness consultant's with --firm): "
      "scope, fee and options, timeline, the client's part, assumptions; --memo writes the "
      "partner's internal pricing memo instead "
      "(format from -o's extension: .md is Markdown, else HTML)",
      {"attestplan proposal my-model.toml -o proposal.html",
       "attestplan proposal my-model.toml -o proposal.md"},
      proposal_opts);
  add_overrides(proposal, proposal_opts, {});
  commands.file(proposal, "--firm", proposal_opts.firm,
                "Firm file (name, address, logo, contact, signer, role auditor | consultant, fee "
                "basis, payment "
                "schedule, terms, assumptions): the letterhead and what the firm prices");
  commands.value(proposal, "--fee-percentile", proposal_opts.fee_percentile, "N",
                 "Quote the fee at this percentile of the simulated runs, 50-99 (default: the firm "
                 "file's, else 80)");
  commands.value(proposal, "--date", proposal_opts.letter_date, "YYYY-MM-DD",
                 "Date the letter (default: today, or the next working day in the firm's country "
                 "when today is not "
                 "one); its validity runs from it");
  proposal->add_flag("--memo", proposal_opts.memo,
                     "Write the partner's internal pricing memo instead of the client's letter: "
                     "the percentile, the "
                     "simulated spread, what moves the fee, and the basis to reproduce the quote");

  OutputOptions evidence_opts;
  auto* evidence = add_output(
      Output::Evidence, "evidence",
      "The evidence request (PBC) list as CSV or XLSX: per control the evidence, population, "
      "periods, due dates, the visit that tests it and owner role",
      {"attestplan evidence my-model.toml -o evidence-requests.csv"}, evidence_opts);
  add_overrides(evidence, evidence_opts, {.money = false, .ranges = false});
  evidence->add_flag(
      "--internal", evidence_opts.internal,
      "The firm's working copy: adds how many samples the auditor selects for each control (the "
      "client's copy never says)");

  InitOptions init_opts;
  bool no_input = false;
  auto* init = commands.add(
      app, "init",
      "Write a starter model from a few questions (asked on a terminal; flags answer them)",
      {"attestplan init",
       "attestplan init --name \"Acme Ltd\" --report soc2-type1 --cloud gcp -o acme.toml"});
  commands.value(init, "--name", init_opts.name, "NAME", "The organization's name");
  commands.choice(init, "--report", init_opts.report,
                  {"soc2-type1", "soc2-type2", "isae3000-type1", "isae3000-type2"},
                  "The report to plan for (default soc2-type2)");
  commands.value(init, "--employees", init_opts.employees, "N",
                 "People in the organization (default 25)");
  commands.value(init, "--engineers", init_opts.engineers, "N",
                 "People who change production (default 8)");
  commands.choice(
      init, "--cloud", init_opts.cloud, {"aws", "gcp", "azure", "none"},
      "Where production runs (default aws): a subservice organization from the vendor library");
  commands.value(init, "--currency", init_opts.currency, "CODE",
                 "The currency of the estimate (default USD)");
  commands.value(init, "-o,--output", init_opts.output, "FILE",
                 "Where to write the model (default attestplan.toml; - for standard output)");
  init->add_flag("--force", init_opts.force, "Replace the file if it exists");
  init->add_flag("--no-input", no_input, "Ask nothing: defaults for what the flags leave unset");
  add_logging(init);

  attestplan::server::ServeOptions serve_opts;
  auto* serve = commands.add(
      app, "serve", "Serve the web UI and the JSON API (loopback only unless --token is given)",
      {"attestplan serve", "attestplan serve --workspace ./models --port 8080"});
  commands.value(serve, "--workspace", serve_opts.workspace, "DIR",
                 "Folder where models are saved as TOML");
  commands.value(serve, "--bind", serve_opts.bind, "ADDRESS",
                 "Address to listen on (default 127.0.0.1)");
  commands
      .value(serve, "--port", serve_opts.port, "PORT",
             "Port, 0 to 65535 (0 picks a free one; default 8080)")
      ->check(CLI::Range(0, 65535).description(""));
  commands.value(
      serve, "--token", serve_opts.token, "TOKEN",
      "Token every request must carry (visible to other users in ps: prefer --token-file or "
      "$ATTESTPLAN_TOKEN); required off loopback");
  std::optional<std::string> token_file;
  commands.value(serve, "--token-file", token_file, "FILE",
                 "Read the token from this file (its first line)");
  commands
      .value(serve, "--threads", serve_opts.threads, "N", "Worker threads, 1 to 64 (default 4)")
      ->check(CLI::Range(1, 64).description(""));
  std::optional<std::string> max_body;
  commands.value(serve, "--max-body", max_body, "BYTES",
                 "Largest request body (default 4194304, 4 MiB: a 10,000-component model is about "
                 "2 MB); larger "
                 "ones are refused with 413");
  int long_run_limit = 120;
  commands
      .value(serve, "--long-run-limit", long_run_limit, "SECONDS",
             "Stop a portfolio or a calibration that runs longer, 1 to 86400 (default 120)")
      ->check(CLI::Range(1, 86400).description(""));
  serve->add_flag("--routes", serve_opts.print_routes, "Print the routes and exit");
  add_frameworks(serve);
  add_plugins(serve);
  add_logging(serve);

  std::string plugins_format = "table";
  auto* plugins =
      commands.add(app, "plugins", "List the plugins found, loaded and refused, and why",
                   {"attestplan plugins", "attestplan plugins --plugins ./my-plugins -f json"});
  commands.choice(plugins, "-f,--format", plugins_format, {"table", "json", "markdown"},
                  "Output format (default table)");
  add_output_file(plugins);
  add_plugins(plugins);
  add_logging(plugins);

  std::optional<std::string> example_name;
  auto* examples =
      commands.add(app, "examples", "List the built-in example models, or print one",
                   {"attestplan examples", "attestplan examples hr-saas -o my-model.toml"});
  commands.value(examples, "name", example_name, "NAME", "Example to print (e.g. hr-saas)");
  add_output_file(examples);
  add_logging(examples);

  ImportOptions import_opts;
  auto* import_cmd = commands.add(app, "import",
                                  "Read another system's inventory into a model overlay a model "
                                  "includes (include = [\"FILE\"])",
                                  {});
  import_cmd->require_subcommand(1);
  auto* import_tf =
      commands.add(*import_cmd, "terraform",
                   "Terraform state (terraform show -json > state.json): resources become "
                   "components by the rules "
                   "of models/import/terraform.toml, providers subservice organizations",
                   {"attestplan import terraform state.json -o imported.toml"});
  commands
      .value(import_tf, "state", import_opts.input, "FILE",
             "The state: what terraform show -json or terraform state pull wrote, or - for "
             "standard input")
      ->required();
  commands.choice(
      import_tf, "--group-by", import_opts.group_by, {"tag", "module", "resource"},
      "tag (an attestplan:component tag names the component), module (the tag, else one component "
      "per module and kind; the default) or resource (one per resource)");
  commands.file(import_tf, "--rules", import_opts.rules, "Rules file replacing the built-in one");
  auto* import_csv_cmd =
      commands.add(*import_cmd, "csv",
                   "An asset register: CISO Assistant's columns (ref_id, name, description, type, "
                   "parent_assets) and "
                   "attestplan's (kind, uses, runs_on, provided_by, classification, owner, site)",
                   {"attestplan import csv assets.csv -o assets.toml"});
  commands
      .value(import_csv_cmd, "register", import_opts.input, "FILE",
             "The CSV file, or - for standard input")
      ->required();
  auto* import_groups_cmd =
      commands.add(*import_cmd, "groups",
                   "An identity provider's groups (Okta groups with app assignments, or Google "
                   "Workspace groups with "
                   "members.list): people who access what their groups are assigned to",
                   {"attestplan import groups okta-groups.json -o people.toml"});
  commands
      .value(import_groups_cmd, "export", import_opts.pages, "FILE",
             "The JSON export (shape: docs/import.md), or several files, one per page, or - for "
             "standard input")
      ->required();
  for (auto* sub : {import_tf, import_csv_cmd, import_groups_cmd}) {
    add_output_file(sub, "Write the overlay to this file instead of standard output");
    add_logging(sub);
  }

  DriftOptions drift_opts;
  auto* drift = commands.add(
      app, "drift",
      "What changed between two models of the system: the boundary, vendors, personal data, and "
      "the "
      "controls, samples, hours and fee; the significant changes a description discloses",
      {"attestplan drift --baseline last-audit.toml --current my-model.toml"});
  commands
      .value(drift, "--baseline", drift_opts.baseline, "FILE",
             "The earlier model (e.g. last audit's)")
      ->required();
  commands.value(drift, "--current", drift_opts.current, "FILE", "The model now")->required();
  commands.choice(drift, "-f,--format", drift_opts.format, {"table", "json", "markdown"},
                  "Output format (default table)");
  add_output_file(drift);
  add_data_files(drift, drift_opts.data, true);
  commands.file(drift, "--profile", drift_opts.profile,
                "Firm profile (written by attestplan calibrate) scaling the effort parameters");
  add_criteria(drift);
  add_plugins(drift);
  add_logging(drift);

  CalibrateOptions calibrate_opts;
  auto* calibrate = commands.add(
      app, "calibrate",
      "Fit the effort model to a firm's past engagements (a CSV of models or summary columns with "
      "the hours "
      "spent): which parameters the history identifies, the error before and after, a firm profile",
      {"attestplan calibrate history.csv",
       "attestplan calibrate history.csv --write-profile firm-profile.toml",
       "attestplan estimate my-model.toml --profile firm-profile.toml"});
  commands
      .value(calibrate, "history", calibrate_opts.history, "FILE",
             "The history CSV (columns: docs/calibration.md)")
      ->required();
  commands.value(calibrate, "--write-profile", calibrate_opts.write_profile, "FILE",
                 "Write the firm profile (TOML) here, for --profile on any command");
  commands.value(calibrate, "--name", calibrate_opts.name, "NAME",
                 "The firm's name, written into the profile");
  commands
      .value(calibrate, "--min-rows", calibrate_opts.min_rows, "N",
             "Fewest usable rows to fit (default 10)")
      ->check(CLI::Range(2, 1000000));
  commands.choice(calibrate, "-f,--format", calibrate_opts.format, {"table", "json"},
                  "Output format (default table)");
  add_output_file(
      calibrate, "Write the report to this file (whole, or not at all) instead of standard output");
  add_data_files(calibrate, calibrate_opts.data, true);
  add_criteria(calibrate);
  add_plugins(calibrate);
  add_logging(calibrate);

  PortfolioCommandOptions portfolio_opts;
  auto* portfolio = commands.add(
      app, "portfolio",
      "Price every engagement of a firm in parallel (P10/P50/P90 hours and fee, report date, risk "
      "of missing the "
      "renewal) and its staff load by week and level, weeks over the profile's [capacity] flagged",
      {"attestplan portfolio engagements/",
       "attestplan portfolio engagements/ --profile firm-profile.toml --heatmap load.svg",
       "attestplan portfolio list.txt -f csv -o portfolio.csv"});
  commands
      .value(portfolio, "input", portfolio_opts.input, "DIR|FILE",
             "A folder of models (*.toml) or a file listing them")
      ->required();
  commands.choice(portfolio, "-f,--format", portfolio_opts.format, {"table", "csv", "json"},
                  "Output format (default table)");
  add_output_file(portfolio);
  commands.value(portfolio, "--heatmap", portfolio_opts.heatmap, "FILE",
                 "Write the staff load as an SVG heat map here");
  commands
      .value(portfolio, "--threads", portfolio_opts.threads, "N",
             "Engagements priced at once (default: one per core)")
      ->check(CLI::Range(1, 256));
  commands.file(portfolio, "--profile", portfolio_opts.profile,
                "Firm profile: calibrated effort and [capacity]");
  add_data_files(portfolio, portfolio_opts.data, true);
  commands.file(portfolio, "--simulation", portfolio_opts.simulation,
                "Simulation settings replacing the built-in ones");
  add_criteria(portfolio);
  add_plugins(portfolio);
  add_logging(portfolio);

  // Hidden: the man page and the completions, written at build time from the declarations above.
  std::string generate_what;
  auto* generate =
      app.add_subcommand("generate", "Write the man page or a shell completion")->group("");
  generate->add_option("what", generate_what)
      ->required()
      ->check(CLI::IsMember({"man", "bash", "zsh"}));
  add_output_file(generate);

  app.footer(kFooter);  // after the commands: each inherits its parent's footer when added
  const auto doc = commands.describe(ATTESTPLAN_VERSION);
  app.require_subcommand(1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Say which word was wrong and the nearest known one, where the parser's message would not.
    if (const auto problem = find_usage_problem(doc, arguments(argc, argv))) {
      std::cerr << for_stderr("error: " + problem->message + "\n")
                << "  hint: " << terminal_safe(problem->hint) << "\n";
    } else {
      std::cerr << for_stderr(std::string{"error: "} + e.what() + "\n")
                << "  hint: attestplan --help, or attestplan COMMAND --help\n";
    }
    return kBadInput;
  }

  // The flags earlier versions took before the command apply only to the commands that offer them.
  for (const auto& [legacy, name] :
       {std::pair{legacy_criteria, "--criteria"}, std::pair{legacy_plugins, "--plugins"}}) {
    if (legacy->count() == 0) continue;
    for (const auto* sub : app.get_subcommands()) {
      if (sub->get_option_no_throw(name) == nullptr) {
        std::cerr << for_stderr(std::string{"error: "} + name + " does not apply to " +
                                sub->get_name() + "\n")
                  << "  hint: attestplan " << sub->get_name() << " --help lists its flags\n";
        return kBadInput;
      }
    }
  }

  common.progress = Progress::wanted(quiet);
  auto logger = make_stderr_logger();
  logger->set_level(quiet     ? spdlog::level::err
                    : verbose ? spdlog::level::debug
                              : spdlog::level::warn);
  attestplan::set_logger(std::move(logger));
  // The frameworks in use, before any model is read (a model's report names one of them).
  if (common.frameworks_file && !use_frameworks(*common.frameworks_file)) return kBadInput;

  try {
    if (generate->parsed()) {
      const auto text = generate_what == "man"
                            ? man_page(doc, attestplan::Date::today().to_string())
                        : generate_what == "bash" ? bash_completion(doc)
                                                  : zsh_completion(doc);
      if (!common.output) {
        std::cout << text;
        return kOk;
      }
      attestplan::Diagnostics diags;
      std::error_code ec;  // a folder that cannot be made is reported by the write below
      if (const auto dir = std::filesystem::path{*common.output}.parent_path(); !dir.empty()) {
        std::filesystem::create_directories(dir, ec);
      }
      if (!attestplan::write_file_atomically(*common.output, text, diags)) {
        for (const auto& d : diags.items())
          std::cerr << for_stderr(attestplan::format_diagnostic(d));
        return kBadInput;
      }
      return kOk;
    }
    if (init->parsed()) {
      init_opts.ask = !no_input && ::isatty(STDIN_FILENO) == 1;
      return run_init(init_opts, std::cin);
    }
    if (estimate->parsed()) return run_output(common, Output::Estimate, est);
    if (serve->parsed()) {
      serve_opts.plugin_dirs = common.plugin_dirs;
      if (const char* hold = std::getenv("ATTESTPLAN_TEST_HOLD_SESSION"); hold && *hold) {
        serve_opts.hold_first_request_of_session = hold;
      }
      if (const char* hold = std::getenv("ATTESTPLAN_TEST_HOLD_RUN"); hold && *hold)
        serve_opts.hold_run = hold;
      serve_opts.long_run_limit = std::chrono::seconds(long_run_limit);
      // Tests only: a limit in milliseconds (0: a long run stops after its first unit of work), so
      // a test of the limit does not race the clock.
      if (const char* ms = std::getenv("ATTESTPLAN_TEST_LONG_RUN_LIMIT_MS"); ms && *ms) {
        serve_opts.long_run_limit = std::chrono::milliseconds(std::strtol(ms, nullptr, 10));
      }
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
      import_opts.what = import_tf->parsed()        ? "terraform"
                         : import_csv_cmd->parsed() ? "csv"
                                                    : "groups";
      if (import_opts.what == "groups" && !import_opts.pages.empty())
        import_opts.input = import_opts.pages.front();
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

}  // namespace

// The command table: each command of the command line declared in a unit of its own (its
// arguments, flags and help) with the function that runs it. main.cpp parses the command line and
// runs the command that was given.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/descriptor.hpp"
#include "attestplan/estimate.hpp"
#include "cli_doc.hpp"
#include "commands.hpp"

namespace attestplan::cli {

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

/// One command of the table: its parser, and what runs when it was given.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// What the commands' declarations share: the parser, the options every command has, and the flag
/// groups, each declared once and added to the commands it applies to.
struct Declarer {
  CLI::App& app;
  Commands& commands;
  Common& common;
  bool& verbose;
  bool& quiet;
  int argc;
  char** argv;
  const CliDoc* doc = nullptr;  ///< the whole command line, once every command is declared

  /// -v and -q, before or after any command.
  void logging(CLI::App* cmd) const;
  void frameworks(CLI::App* cmd) const;
  /// --criteria (and --frameworks, which the commands that read criteria take too).
  void criteria(CLI::App* cmd) const;
  void plugins(CLI::App* cmd) const;
  /// The data files of the plugins found, each a --KEY FILE flag: those that price only where
  /// money shows (`money`), those of one stage only when `stage` is given (`why` added to the
  /// help).
  void data_files(CLI::App* cmd, DataFlags& into, bool money, std::optional<Stage> stage = {},
                  const char* why = "") const;
  void output_file(CLI::App* cmd, const char* help =
                                      "Write to this file (whole, or not at all) instead of "
                                      "standard output") const;
};

/// Every command, in the order the help lists them (the hidden `generate` last).
std::vector<Command> declare_commands(Declarer& d);

}  // namespace attestplan::cli

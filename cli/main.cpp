// The attestplan command line (CLI11): declares the command table (command_table.cpp), parses the
// command line and runs the command given.
#include <spdlog/logger.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "attestplan/log.hpp"
#include "attestplan/plugin_host.hpp"
#include "command_table.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "progress.hpp"
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
  bool verbose = false, quiet = false;
  Declarer declarer{app, commands, common, verbose, quiet, argc, argv};
  declarer.logging(&app);
  // Before the command, as earlier versions took them: accepted, not offered (each command that
  // uses them offers them itself); refused after parsing for a command they do not apply to.
  auto* legacy_criteria =
      app.add_option("--criteria", common.criteria_file)->group("")->check(CLI::ExistingFile);
  auto* legacy_plugins =
      app.add_option("--plugins", common.plugin_dirs)->group("")->check(CLI::ExistingDirectory);
  const auto table = declare_commands(declarer);

  app.footer(kFooter);  // after the commands: each inherits its parent's footer when added
  const auto doc = commands.describe(ATTESTPLAN_VERSION);
  declarer.doc = &doc;
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
    for (const auto& command : table) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const std::exception& e) {
    // Input problems are diagnostics; reaching here is a defect. Say so rather than abort.
    std::cerr << "internal error: " << e.what() << "\n";
    return 70;
  }
  return kBadInput;
}

}  // namespace

// Did-you-mean over the command line's own description (cli_doc.hpp).
#include "suggest.hpp"

#include <algorithm>

#include "attestplan/diagnostics.hpp"

namespace attestplan::cli {

namespace {

std::string names_of(const std::vector<CommandDoc>& commands) {
  std::string out;
  for (const auto& c : commands) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

const FlagDoc* find_flag(const std::vector<FlagDoc>& flags, const std::string& name) {
  for (const auto& f : flags) {
    if (std::find(f.names.begin(), f.names.end(), name) != f.names.end()) return &f;
  }
  return nullptr;
}

/// "--months=3" → "--months"; "-f" stays; "-fjson" → "-f" (a short flag with its value).
std::string flag_name(const std::string& arg) {
  if (arg.rfind("--", 0) == 0) return arg.substr(0, arg.find('='));
  return arg.substr(0, 2);
}

/// Whether a flag's value came with it ("--months=3", "-fjson") rather than as the next word.
bool value_attached(const std::string& arg) {
  return arg.find('=') != std::string::npos || (arg.size() > 2 && arg[1] != '-');
}

/// A command's word, or the problem with it.
std::optional<UsageProblem> unknown_command(const std::vector<CommandDoc>& commands,
                                            const std::string& word, const std::string& within) {
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.name);
  const auto guess = nearest(word, names);
  // A prefix is a likely start of the word too ("estim").
  std::string prefix_match;
  for (const auto& n : names) {
    if (word.size() >= 3 && n.rfind(word, 0) == 0) prefix_match = prefix_match.empty() ? n : "-";
  }
  const auto best = !guess.empty() ? guess : prefix_match != "-" ? prefix_match : std::string{};
  return UsageProblem{
      "unknown command '" + word + "'" + (within.empty() ? "" : " for " + within),
      best.empty() ? "the commands are: " + names_of(commands) : "did you mean '" + best + "'?"};
}

}  // namespace

std::optional<UsageProblem> find_usage_problem(const CliDoc& doc,
                                               const std::vector<std::string>& args) {
  const std::vector<FlagDoc> help{{{"-h", "--help"}, "", "", {}}};
  std::size_t i = 0;
  // Global flags before the command.
  for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    const auto name = flag_name(args[i]);
    if (name == "--version") return std::nullopt;
    const FlagDoc* f = find_flag(doc.global_flags, name);
    if (!f) f = find_flag(help, name);
    if (!f) {
      std::vector<std::string> known;
      for (const auto& g : doc.global_flags) {
        if (!g.hidden) known.insert(known.end(), g.names.begin(), g.names.end());
      }
      const auto guess = nearest(name, known);
      return UsageProblem{
          "unknown flag '" + name + "' before the command",
          guess.empty() ? "flags of a command go after it: attestplan COMMAND --help lists them"
                        : "did you mean '" + guess + "'?"};
    }
    if (f->takes_value() && !value_attached(args[i])) ++i;
  }
  if (i >= args.size()) {
    return UsageProblem{"a command is required", "the commands are: " + names_of(doc.commands) +
                                                     " (attestplan --help says what each does)"};
  }
  const CommandDoc* cmd = doc.command(args[i]);
  if (!cmd) return unknown_command(doc.commands, args[i], "");
  std::string path = cmd->name;
  ++i;
  bool positional_only = false;
  for (; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (positional_only || arg.empty() || arg[0] != '-' || arg == "-") {
      // The first word after a command that has commands of its own names one of them.
      if (!positional_only && !cmd->commands.empty()) {
        const CommandDoc* sub = nullptr;
        for (const auto& s : cmd->commands) {
          if (s.name == arg) sub = &s;
        }
        if (!sub) return unknown_command(cmd->commands, arg, path);
        cmd = sub;
        path += " " + sub->name;
      }
      continue;
    }
    if (arg == "--") {
      positional_only = true;
      continue;
    }
    const auto name = flag_name(arg);
    const FlagDoc* f = find_flag(cmd->flags, name);
    if (!f) {
      // Only the flags offered before a command go after it too (-v, -q).
      f = find_flag(doc.global_flags, name);
      if (f && f->hidden) f = nullptr;
    }
    if (!f) f = find_flag(help, name);
    if (!f) {
      std::vector<std::string> known;
      for (const auto& g : cmd->flags) known.insert(known.end(), g.names.begin(), g.names.end());
      const auto guess = nearest(name, known);
      std::string elsewhere;
      for (const auto& c : doc.commands) {
        if (find_flag(c.flags, name)) elsewhere += (elsewhere.empty() ? "" : ", ") + c.name;
      }
      return UsageProblem{path + " takes no flag '" + name + "'",
                          !guess.empty() ? "did you mean '" + guess + "'?"
                          : !elsewhere.empty()
                              ? name + " belongs to " + elsewhere + "; attestplan " + path +
                                    " --help lists the flags of " + path
                              : "attestplan " + path + " --help lists its flags"};
    }
    if (f->takes_value() && !value_attached(arg)) ++i;
  }
  return std::nullopt;
}

}  // namespace attestplan::cli

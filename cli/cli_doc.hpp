// The command line described as plain data (commands, their flags and examples), made from the
// CLI11 parser in main.cpp, so the man page, the shell completions and the did-you-mean hints are
// all made from the one description the parser uses and cannot fall out of step with it.
#pragma once

#include <string>
#include <vector>

namespace attestplan::cli {

/// A flag or option of a command: its names ("-f", "--format"), the word its value is shown as
/// ("FILE"; empty for a flag that takes none) and its help text. `choices`, when the value is one
/// of a fixed set, for completion.
struct FlagDoc {
  std::vector<std::string> names;
  std::string value;
  std::string help;
  std::vector<std::string> choices;
  /// Accepted but not offered (a flag kept for the command lines of earlier versions): not in the
  /// help, the man page or the completions.
  bool hidden = false;
  [[nodiscard]] bool takes_value() const { return !value.empty(); }
};

/// A positional argument: its name ("model"), the word its value is shown as, its help text.
struct ArgDoc {
  std::string name;
  std::string value;
  std::string help;
  bool required = false;
  bool files = false;  ///< complete with file names
};

/// A command ("estimate") or a command of a command ("import terraform").
struct CommandDoc {
  std::string name;
  std::string summary;
  std::vector<ArgDoc> args;
  std::vector<FlagDoc> flags;
  std::vector<std::string> examples;  ///< whole command lines, each runs as written
  std::vector<CommandDoc> commands;
};

/// The program: its description, the flags taken before any command, and the commands.
struct CliDoc {
  std::string name = "attestplan";
  std::string version;
  std::string description;
  std::vector<FlagDoc> global_flags;
  std::vector<CommandDoc> commands;
  [[nodiscard]] const CommandDoc* command(const std::string& command_name) const;
};

/// A man page (roff, section 1): NAME, SYNOPSIS, DESCRIPTION, one subsection per command with its
/// flags and examples, EXIT STATUS, ENVIRONMENT, FILES.
std::string man_page(const CliDoc& doc, const std::string& date);
/// A bash completion script (`complete -F _attestplan attestplan`): commands, then the command's
/// own flags, a flag's choices, and file names where a file is expected.
std::string bash_completion(const CliDoc& doc);
/// A zsh completion function (#compdef attestplan), the same words as bash's.
std::string zsh_completion(const CliDoc& doc);

}  // namespace attestplan::cli

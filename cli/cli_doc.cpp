// The man page and the bash and zsh completions, written from the command line's description.
#include "cli_doc.hpp"

#include <algorithm>

namespace attestplan::cli {

const CommandDoc* CliDoc::command(const std::string& command_name) const {
  for (const auto& c : commands) {
    if (c.name == command_name) return &c;
  }
  return nullptr;
}

namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// ---- roff ------------------------------------------------------------------------------------

/// Text for a roff line: backslashes and hyphens escaped, a leading dot or quote made literal.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

/// Several lines of running text, each escaped; an empty line starts a paragraph.
std::string roff_paragraphs(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(pos, end - pos);
    out += line.empty() ? std::string{".PP"} : roff(line);
    out += "\n";
    pos = end + 1;
  }
  return out;
}

std::string flag_synopsis(const FlagDoc& f) {
  std::string out;
  for (const auto& n : f.names)
    out += (out.empty() ? "" : ", ") + std::string{"\\fB"} + roff(n) + "\\fR";
  if (f.takes_value()) out += " \\fI" + roff(f.value) + "\\fR";
  return out;
}

void man_command(std::string& out, const CommandDoc& c, const std::string& prefix) {
  const std::string full = prefix + " " + c.name;
  std::string usage = "\\fB" + roff(full) + "\\fR";
  for (const auto& a : c.args)
    usage += a.required ? " \\fI" + roff(a.value) + "\\fR" : " [\\fI" + roff(a.value) + "\\fR]";
  if (!c.flags.empty()) usage += " [\\fIOPTIONS\\fR]";
  if (!c.commands.empty()) usage += " \\fICOMMAND\\fR";
  out += ".SS \"" + roff(full) + "\"\n" + usage + "\n.PP\n" + roff(c.summary) + "\n";
  for (const auto& a : c.args) out += ".TP\n\\fI" + roff(a.value) + "\\fR\n" + roff(a.help) + "\n";
  for (const auto& f : c.flags) out += ".TP\n" + flag_synopsis(f) + "\n" + roff(f.help) + "\n";
  if (!c.examples.empty()) {
    out += ".PP\nExamples:\n.RS\n.nf\n";
    for (const auto& e : c.examples) out += roff(e) + "\n";
    out += ".fi\n.RE\n";
  }
  for (const auto& sub : c.commands) man_command(out, sub, full);
}

// ---- shells ----------------------------------------------------------------------------------

bool wants_file(const FlagDoc& f) { return f.value == "FILE" || f.value == "MODEL"; }
bool wants_dir(const FlagDoc& f) { return f.value == "DIR"; }

std::vector<std::string> flag_names(const std::vector<FlagDoc>& flags) {
  std::vector<std::string> out;
  for (const auto& f : flags) {
    if (!f.hidden) out.insert(out.end(), f.names.begin(), f.names.end());
  }
  return out;
}

/// A single-quoted shell word.
std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

/// The case arm that completes within command `c` (its own commands first, if it has any).
void bash_command(std::string& out, const CommandDoc& c, const std::string& indent) {
  if (!c.commands.empty()) {
    std::vector<std::string> names;
    for (const auto& s : c.commands) names.push_back(s.name);
    out += indent + "if [[ -z $sub ]]; then\n";
    out += indent + "  COMPREPLY=($(compgen -W " +
           quoted(join(names, " ") + " " + join(flag_names(c.flags), " ")) + " -- \"$cur\"))\n";
    out += indent + "  return\n" + indent + "fi\n";
    out += indent + "case \"$sub\" in\n";
    for (const auto& s : c.commands) {
      out += indent + "  " + s.name + ")\n";
      bash_command(out, CommandDoc{s.name, s.summary, s.args, s.flags, {}, {}}, indent + "    ");
      out += indent + "    ;;\n";
    }
    out += indent + "esac\n";
    return;
  }
  std::vector<std::string> files, dirs, others;
  for (const auto& f : c.flags) {
    if (!f.takes_value() || !f.choices.empty()) continue;  // choices have their own arm
    auto& to = wants_file(f) ? files : wants_dir(f) ? dirs : others;
    to.insert(to.end(), f.names.begin(), f.names.end());
  }
  out += indent + "case \"$prev\" in\n";
  for (const auto& f : c.flags) {
    if (f.choices.empty()) continue;
    out += indent + "  " + join(f.names, "|") + ") COMPREPLY=($(compgen -W " +
           quoted(join(f.choices, " ")) + " -- \"$cur\")); return ;;\n";
  }
  if (!files.empty()) out += indent + "  " + join(files, "|") + ") _attestplan_files; return ;;\n";
  if (!dirs.empty()) out += indent + "  " + join(dirs, "|") + ") _attestplan_dirs; return ;;\n";
  if (!others.empty()) out += indent + "  " + join(others, "|") + ") return ;;\n";
  out += indent + "esac\n";
  const bool file_args =
      std::any_of(c.args.begin(), c.args.end(), [](const ArgDoc& a) { return a.files; });
  auto names = flag_names(c.flags);
  names.insert(names.end(), {"-h", "--help"});
  out += indent + "if [[ $cur == -* ]]; then\n";
  out += indent + "  COMPREPLY=($(compgen -W " + quoted(join(names, " ")) + " -- \"$cur\"))\n";
  out +=
      indent + (file_args ? "else\n" + indent + "  _attestplan_files\n" : std::string{}) + "fi\n";
}

/// A description for zsh's _arguments and _describe: its first sentence, without the characters
/// those give a meaning to.
std::string zsh_text(std::string_view text) {
  std::string out;
  for (char c :
       text.substr(0, std::min(text.find(": "), std::min(text.find(". "), text.find('\n'))))) {
    if (c == '[' || c == ']')
      out += c == '[' ? '(' : ')';
    else if (c == ':')
      out += ' ';
    else if (c == '\'')
      out += "'\\''";
    else if (c == '\\' || c == '`' || c == '$')
      continue;
    else
      out += c;
  }
  return out;
}

void zsh_arguments(std::string& out, const CommandDoc& c, const std::string& indent) {
  out += indent + "_arguments -s \\\n";
  for (const auto& f : c.flags) {
    std::string spec;
    const std::string help = "[" + zsh_text(f.help) + "]";
    std::string action;
    if (f.takes_value()) {
      action = ":" + zsh_text(f.value) + ":";
      if (!f.choices.empty())
        action += "(" + join(f.choices, " ") + ")";
      else if (wants_file(f))
        action += "_files";
      else if (wants_dir(f))
        action += "_files -/";
    }
    if (f.names.size() > 1) {
      out += indent + "  '(" + join(f.names, " ") + ")'{" + join(f.names, ",") + "}'" + help +
             action + "' \\\n";
    } else {
      out += indent + "  '" + f.names.front() + help + action + "' \\\n";
    }
  }
  out += indent + "  '(-h --help)'{-h,--help}'[show the help]'";
  for (const auto& a : c.args) {
    out += " \\\n" + indent + "  '" + std::string{a.required ? "" : ":"} + ":" + zsh_text(a.name) +
           ":" + (a.files ? "_files" : " ") + "'";
  }
  out += "\n";
}

}  // namespace

std::string man_page(const CliDoc& doc, const std::string& date) {
  std::string out;
  out +=
      ".\\\" attestplan(1): written by `attestplan generate man` from the command line's own "
      "description.\n";
  out += ".TH ATTESTPLAN 1 \"" + date + "\" \"attestplan " + roff(doc.version) +
         "\" \"User Commands\"\n";
  out +=
      ".SH NAME\nattestplan \\- plan SOC 2 and ISAE 3000 attestation engagements before they "
      "start\n";
  out +=
      ".SH SYNOPSIS\n\\fBattestplan\\fR [\\fB\\-v\\fR | \\fB\\-q\\fR] \\fICOMMAND\\fR "
      "[\\fIARGS\\fR] [\\fIOPTIONS\\fR]\n.br\n"
      "\\fBattestplan\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n";
  out += ".SH DESCRIPTION\n" + roff_paragraphs(doc.description);
  out += ".SH GLOBAL OPTIONS\nThese go before or after the command.\n";
  for (const auto& f : doc.global_flags) {
    if (!f.hidden) out += ".TP\n" + flag_synopsis(f) + "\n" + roff(f.help) + "\n";
  }
  out += ".SH COMMANDS\n";
  for (const auto& c : doc.commands) man_command(out, c, doc.name);
  out +=
      ".SH EXIT STATUS\n.TP\n0\nSuccess.\n.TP\n1\nThe output was written, with findings at the "
      "\\fB\\-\\-fail\\-on\\fR level.\n"
      ".TP\n2\nBad input or usage: the message on standard error names the file:line:col, the flag "
      "or the "
      "argument; nothing is written.\n.TP\n3\nA plugin failed; the output holds what the other "
      "stages gave.\n"
      ".TP\n70\nAn internal error (a defect in attestplan: please report it).\n";
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n\\fBCOLUMNS\\fR\nThe width tables are fitted to (else the terminal's width; no limit "
      "when the output "
      "is not a terminal).\n"
      ".TP\n\\fBNO_COLOR\\fR\nWhen set and not empty, no colour. Colour is used only on a "
      "terminal.\n"
      ".TP\n\\fBATTESTPLAN_PLUGIN_PATH\\fR\nDirectories searched for plugins after "
      "\\fB\\-\\-plugins\\fR.\n"
      ".TP\n\\fBATTESTPLAN_TOKEN\\fR\nThe token \\fBattestplan serve\\fR requires (see "
      "\\fB\\-\\-token\\-file\\fR).\n";
  out +=
      ".SH OUTPUT\nResults go to standard output (or the \\fB\\-o\\fR file, written whole or not "
      "at all); "
      "errors, warnings and progress go to standard error.\n";
  out +=
      ".SH SEE ALSO\nThe README (the walk-through, the glossary of audit terms and the model "
      "reference), "
      "installed with the documentation, and \\fBattestplan examples\\fR.\n";
  return out;
}

std::string bash_completion(const CliDoc& doc) {
  std::string out;
  out +=
      "# bash completion for attestplan: written by `attestplan generate bash` from its own "
      "description.\n";
  out +=
      "_attestplan_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "
      "\"$cur\")); }\n";
  out +=
      "_attestplan_dirs() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "
      "\"$cur\")); }\n";
  out += "_attestplan() {\n";
  out += "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n";
  out += "  local cmd=\"\" sub=\"\" i w\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  out += "    w=\"${COMP_WORDS[i]}\"\n";
  out += "    [[ $w == -* ]] && continue\n";
  out += "    if [[ -z $cmd ]]; then cmd=$w; elif [[ -z $sub ]]; then sub=$w; fi\n";
  out += "  done\n";
  out += "  COMPREPLY=()\n";
  std::vector<std::string> names;
  for (const auto& c : doc.commands) names.push_back(c.name);
  auto globals = flag_names(doc.global_flags);
  out += "  if [[ -z $cmd ]]; then\n";
  out += "    COMPREPLY=($(compgen -W " + quoted(join(names, " ") + " " + join(globals, " ")) +
         " -- \"$cur\"))\n";
  out += "    return\n  fi\n";
  out += "  case \"$cmd\" in\n";
  for (const auto& c : doc.commands) {
    out += "    " + c.name + ")\n";
    bash_command(out, c, "      ");
    out += "      ;;\n";
  }
  out += "  esac\n}\n";
  out += "complete -F _attestplan attestplan\n";
  return out;
}

std::string zsh_completion(const CliDoc& doc) {
  std::string out;
  out +=
      "#compdef attestplan\n# zsh completion for attestplan: written by `attestplan generate zsh` "
      "from its own "
      "description.\n";
  out += "_attestplan() {\n  local -a commands\n  commands=(\n";
  for (const auto& c : doc.commands) out += "    '" + c.name + ":" + zsh_text(c.summary) + "'\n";
  out += "  )\n";
  out += "  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    return\n  fi\n";
  out += "  local cmd=$words[2]\n  shift 1 words\n  (( CURRENT-- ))\n";
  out += "  case $cmd in\n";
  for (const auto& c : doc.commands) {
    out += "    " + c.name + ")\n";
    if (!c.commands.empty()) {
      out += "      if (( CURRENT == 2 )); then\n        local -a subs\n        subs=(";
      for (const auto& s : c.commands) out += " '" + s.name + ":" + zsh_text(s.summary) + "'";
      out += " )\n        _describe 'command' subs\n        return\n      fi\n";
      out +=
          "      local sub=$words[2]\n      shift 1 words\n      (( CURRENT-- ))\n      case $sub "
          "in\n";
      for (const auto& s : c.commands) {
        out += "        " + s.name + ")\n";
        zsh_arguments(out, s, "          ");
        out += "          ;;\n";
      }
      out += "      esac\n";
    } else {
      zsh_arguments(out, c, "      ");
    }
    out += "      ;;\n";
  }
  out += "  esac\n}\n_attestplan \"$@\"\n";
  return out;
}

}  // namespace attestplan::cli

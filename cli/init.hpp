// `attestplan init`: a starter model from a few answers (asked on a terminal, or given as flags).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace attestplan::cli {

/// The answers `init` needs. Unset ones are asked for on a terminal, else take their default.
struct InitOptions {
  std::optional<std::string> name;    ///< the organization's name
  std::optional<std::string> report;  ///< soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2
  std::optional<std::string> employees;    ///< a whole number, 1 or more
  std::optional<std::string> engineers;    ///< a whole number, 0 or more, at most employees
  std::optional<std::string> cloud;        ///< aws | gcp | azure | none
  std::optional<std::string> currency;     ///< an ISO 4217 code
  std::string output = "attestplan.toml";  ///< "-": standard output
  bool force = false;                      ///< replace an existing file
  bool ask = false;  ///< ask for what is unset (stdin is a terminal, no --no-input)
};

/// Asks for what is unset (when `options.ask`), checks every answer, writes the model (atomically;
/// an existing file only with --force) after checking that it validates, and says what to run
/// next. Exit codes as every command: 0, or 2 naming the flag or the answer that is wrong.
int run_init(InitOptions options, std::istream& in);

}  // namespace attestplan::cli

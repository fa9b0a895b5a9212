// Did-you-mean for the command line: when the parser refuses a command line, say which word was
// wrong (an unknown command, or a flag the command does not take) and the nearest one it knows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli_doc.hpp"

namespace attestplan::cli {

/// What was wrong with a command line, in the words a user typed.
struct UsageProblem {
  std::string message;  ///< "unknown command 'estimat'", "estimate takes no flag '--month'"
  std::string hint;     ///< "did you mean 'estimate'?", or where to look
};

/// The first unknown command or flag in `args` (argv without the program's name), with the
/// nearest known one when it is a plausible typo; nullopt when every command and flag is known
/// (the parser's own message then says what else is wrong).
std::optional<UsageProblem> find_usage_problem(const CliDoc& doc,
                                               const std::vector<std::string>& args);

}  // namespace attestplan::cli

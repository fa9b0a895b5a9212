// A starter model from a few answers: what `attestplan init` asks on a terminal and the web UI's
// "New model" asks in a form, written by one function so both give the same model.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attestplan {

/// The answers, as typed (checked by starter_problem). The defaults are the ones `init` offers.
struct StarterAnswers {
  std::string name = "Example Company";
  std::string report = "soc2-type2";  ///< soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2
  std::string employees = "25";       ///< a whole number, 1 or more
  std::string engineers = "8";        ///< a whole number, 0 or more, at most employees
  std::string cloud = "aws";          ///< aws | gcp | azure | none
  std::string currency = "USD";       ///< an ISO 4217 code
};

/// The answers' names, in the order they are asked: "name", "report", "employees", "engineers",
/// "cloud", "currency".
const std::vector<std::string>& starter_questions();

/// Why `value` is not an answer to the question `key` ("" when it is; "no such question" for an
/// unknown key). Engineers are checked against employees by starter_problems.
std::string starter_problem(std::string_view key, const std::string& value);

/// Every wrong answer, as (question, why), in the order asked; empty when all are right.
std::vector<std::pair<std::string, std::string>> starter_problems(const StarterAnswers& answers);

/// The starter model's TOML for right answers (starter_problems is empty), planning from `today`.
/// It validates: the tests hold every report and cloud to that.
std::string starter_model(const StarterAnswers& answers, const std::string& today);

}  // namespace attestplan

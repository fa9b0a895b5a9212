// `attestplan init`: asks a few questions (or takes flags) and writes a starter model that
// validates.
#include "init.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/date.hpp"
#include "attestplan/model.hpp"
#include "attestplan/request.hpp"
#include "attestplan/starter.hpp"
#include "commands.hpp"

namespace attestplan::cli {

namespace {

/// Why an answer is wrong ("" when it is right).
using Check = std::function<std::string(const std::string&)>;

Check check(std::string_view key) {
  return [key](const std::string& v) { return starter_problem(key, v); };
}

/// One answer: the flag's value, else (asking) the user's, else the default. A wrong flag is an
/// error; a wrong typed answer is asked again. Returns false on an error or the end of input.
bool answer(std::optional<std::string>& value, const char* flag, const std::string& question,
            const std::string& fallback, const Check& check, bool ask, std::istream& in) {
  if (value) {
    if (const auto why = check(*value); !why.empty()) {
      std::cerr << "error: " << flag << ": " << terminal_safe(why) << "\n";
      return false;
    }
    return true;
  }
  if (!ask) {
    value = fallback;
    return true;
  }
  for (;;) {
    std::cerr << question << " [" << fallback << "]: " << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
      std::cerr << "\nerror: no answer (end of input); nothing written\n";
      return false;
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    line.erase(0, std::min(line.find_first_not_of(' '), line.size()));
    if (line.empty()) line = fallback;
    if (const auto why = check(line); !why.empty()) {
      std::cerr << "  " << terminal_safe(why) << "; try again\n";
      continue;
    }
    value = line;
    return true;
  }
}

}  // namespace

int run_init(InitOptions o, std::istream& in) {
  const bool ask = o.ask;
  if (ask) {
    std::cerr << "A starter model in a few questions (Enter takes the [default]; flags answer them "
                 "too: attestplan "
                 "init --help).\n";
  }
  if (!answer(o.name, "--name", "Organization name", "Example Company", check("name"), ask, in))
    return kBadInput;
  if (!answer(o.report, "--report",
              "Report (soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2)", "soc2-type2",
              check("report"), ask, in)) {
    return kBadInput;
  }
  if (!answer(o.employees, "--employees", "Employees", "25", check("employees"), ask, in)) {
    return kBadInput;
  }
  const auto few_engineers = std::to_string(std::min(8L, std::stol(*o.employees)));
  if (!answer(o.engineers, "--engineers", "Engineers (people who change production)", few_engineers,
              check("engineers"), ask, in)) {
    return kBadInput;
  }
  if (std::stol(*o.engineers) > std::stol(*o.employees)) {
    std::cerr << "error: --engineers: " << *o.engineers << " is more than the " << *o.employees
              << " employees\n";
    return kBadInput;
  }
  if (!answer(o.cloud, "--cloud", "Where production runs (aws | gcp | azure | none)", "aws",
              check("cloud"), ask, in)) {
    return kBadInput;
  }
  if (!answer(o.currency, "--currency", "Currency", "USD", check("currency"), ask, in))
    return kBadInput;

  const auto today = Date::today().to_string();
  const auto text =
      starter_model({*o.name, *o.report, *o.employees, *o.engineers, *o.cloud, *o.currency}, today);
  // What init writes must validate: checked before anything is written.
  const Engine engine(PluginSearch{}, CriteriaCatalog::builtin());
  const auto checked = engine.validate(text, o.output == "-" ? "<init>" : o.output);
  if (!checked.model) {
    for (const auto& d : checked.diagnostics.items())
      std::cerr << terminal_safe(format_diagnostic(d, text));
    std::cerr << "internal error: the starter model does not validate; nothing written\n";
    return 70;
  }
  if (o.output == "-") {
    std::cout << text;
    return kOk;
  }
  std::error_code ec;
  if (!o.force && std::filesystem::exists(o.output, ec)) {
    std::cerr << "error: -o " << terminal_safe(o.output) << ": the file exists; nothing written\n"
              << "  hint: --force replaces it, or -o another name\n";
    return kBadInput;
  }
  Diagnostics diags;
  if (!write_file_atomically(o.output, text, diags)) {
    for (const auto& d : diags.items()) std::cerr << terminal_safe(format_diagnostic(d));
    return kBadInput;
  }
  std::cerr << "wrote " << terminal_safe(o.output) << "\n"
            << "next: attestplan validate " << terminal_safe(o.output) << "\n"
            << "      attestplan estimate " << terminal_safe(o.output) << "\n";
  return kOk;
}

}  // namespace attestplan::cli

// `attestplan init`: asks a few questions (or takes flags) and writes a starter model that
// validates.
#include "init.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <iostream>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/date.hpp"
#include "attestplan/model.hpp"
#include "attestplan/request.hpp"
#include "commands.hpp"

namespace attestplan::cli {

namespace {

const std::vector<std::string> kClouds{"aws", "gcp", "azure", "none"};
const std::vector<std::string> kCloudNames{"Amazon Web Services", "Google Cloud", "Microsoft Azure",
                                           "own servers"};

/// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::optional<long> whole_number(const std::string& text) {
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// Why an answer is wrong ("" when it is right). `field` names the flag.
using Check = std::function<std::string(const std::string&)>;

std::string check_name(const std::string& v) {
  if (v.find_first_not_of(" \t") == std::string::npos) return "the name is empty";
  if (v.size() > 200) return "the name is longer than 200 characters";
  return "";
}

std::string check_report(const std::string& v) {
  return parse_report_kind(v)
             ? ""
             : "'" + v + "' is not soc2-type1, soc2-type2, isae3000-type1 or isae3000-type2";
}

std::string check_count(const std::string& v, long min) {
  const auto n = whole_number(v);
  if (!n) return "'" + v + "' is not a whole number";
  if (*n < min || *n > 1'000'000)
    return "'" + v + "' is outside " + std::to_string(min) + "..1000000";
  return "";
}

std::string check_cloud(const std::string& v) {
  return std::find(kClouds.begin(), kClouds.end(), v) != kClouds.end()
             ? ""
             : "'" + v + "' is not aws, gcp, azure or none";
}

std::string check_currency(const std::string& v) {
  const bool ok =
      v.size() == 3 && std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return ok ? "" : "'" + v + "' is not a 3-letter ISO 4217 code such as USD";
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

std::string starter_model(const InitOptions& a, const std::string& today) {
  const auto report = parse_report_kind(*a.report).value_or(ReportKind::Soc2Type2);
  const auto cloud_index = static_cast<std::size_t>(
      std::find(kClouds.begin(), kClouds.end(), *a.cloud) - kClouds.begin());
  const bool cloud = *a.cloud != "none";
  std::string m;
  m += "# A starter model written by `attestplan init` on " + today +
       ". Edit it to describe your system,\n";
  m += "# then: attestplan validate FILE, attestplan boundary FILE, attestplan estimate FILE.\n";
  m += "# Every key is explained in the README's model reference.\n";
  m += "schema = \"attestplan/1\"\n\n";
  m += "[organization]\n";
  m += "name = " + toml_string(*a.name) + "\n";
  m += "employees = " + *a.employees + "    # drives populations: hires, leavers, access reviews\n";
  m += "engineers = " + *a.engineers + "    # drives change-management populations\n";
  m += "maturity = \"partial\"   # none | partial | documented | operating: how far the controls "
       "are\n\n";
  m += "[engagement]\n";
  m += "report = \"" + std::string{to_string(report)} +
       "\"   # soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2\n";
  if (is_type2(report))
    m += "observation_months = 6   # the Type 2 observation window: 3 to 12 months\n";
  m += "start = \"" + today + "\"   # when planning starts\n";
  m += "# renewal_dates = [\"YYYY-MM-DD\"]   # customers' dates the report must be in hand by\n";
  m += "currency = \"" + *a.currency + "\"\n";
  // Customer data is confidential (below), so Confidentiality is in scope from the start.
  m += "categories = [\"security\", \"confidentiality\"]   # add availability, processing-integrity, "
       "privacy\n\n";
  m += "# The service the report covers; the boundary is what it reaches.\n";
  m += "[[service]]\nid = \"product\"\nname = " + toml_string(*a.name + " product") + "\n";
  m += "commitments = [\"security\"]\nuses = [\"app\", \"customer-data\"]\n\n";
  m += "[[component]]\nid = \"app\"\nname = \"Web application and API\"\nkind = \"software\"\n";
  m += "runs_on = [\"hosting\"]\nuses = [\"customer-data\"]\ndeploys = \"weekly\"   # how often "
       "changes ship\n\n";
  m += "[[component]]\nid = \"customer-data\"\nname = \"Customer database\"\nkind = \"data\"\n";
  m += "runs_on = [\"hosting\"]\nclassification = [\"confidential\"]   # add \"personal\" for "
       "personal data\n\n";
  m += "[[component]]\nid = \"hosting\"\nname = " +
       toml_string(cloud ? kCloudNames[cloud_index] : "Servers we run") +
       "\nkind = \"infrastructure\"\n";
  if (cloud) m += "provided_by = \"cloud\"\n";
  m += "\n";
  m += "[[component]]\nid = \"source-control\"\nname = \"Source control and deployment pipeline\"\n"
       "kind = \"software\"\nrole = \"source-control\"   # where changes are reviewed and shipped: change "
       "management (CC8.1) is tested here\n\n";
  m += "# People are in scope when they access an in-scope system.\n";
  m += "[[component]]\nid = \"staff\"\nname = \"Everyone with access to production\"\nkind = "
       "\"people\"\n";
  m += "headcount = " + std::to_string(std::max(1L, whole_number(*a.engineers).value_or(1))) + "\n";
  m += "accesses = [\"app\", \"customer-data\", \"hosting\", \"source-control\"]\n";
  if (cloud) {
    m += "\n# A subservice organization from the vendor library: its name, report and the criteria "
         "it carries.\n";
    m += "[[subservice]]\nid = \"cloud\"\nvendor = \"" + *a.cloud + "\"\n";
    m += "# report_period_end = \"YYYY-MM-DD\"   # the end of its latest SOC 2 report's period: "
         "checks the gap\n";
  }
  return m;
}

int run_init(InitOptions o, std::istream& in) {
  const bool ask = o.ask;
  if (ask) {
    std::cerr << "A starter model in a few questions (Enter takes the [default]; flags answer them "
                 "too: attestplan "
                 "init --help).\n";
  }
  if (!answer(o.name, "--name", "Organization name", "Example Company", check_name, ask, in))
    return kBadInput;
  if (!answer(o.report, "--report",
              "Report (soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2)", "soc2-type2",
              check_report, ask, in)) {
    return kBadInput;
  }
  if (!answer(
          o.employees, "--employees", "Employees", "25",
          [](const std::string& v) { return check_count(v, 1); }, ask, in)) {
    return kBadInput;
  }
  const auto few_engineers = std::to_string(std::min(8L, *whole_number(*o.employees)));
  if (!answer(
          o.engineers, "--engineers", "Engineers (people who change production)", few_engineers,
          [](const std::string& v) { return check_count(v, 0); }, ask, in)) {
    return kBadInput;
  }
  if (*whole_number(*o.engineers) > *whole_number(*o.employees)) {
    std::cerr << "error: --engineers: " << *o.engineers << " is more than the " << *o.employees
              << " employees\n";
    return kBadInput;
  }
  if (!answer(o.cloud, "--cloud", "Where production runs (aws | gcp | azure | none)", "aws",
              check_cloud, ask, in)) {
    return kBadInput;
  }
  if (!answer(o.currency, "--currency", "Currency", "USD", check_currency, ask, in))
    return kBadInput;

  const auto today = Date::today().to_string();
  const auto text = starter_model(o, today);
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

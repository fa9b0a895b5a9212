// The starter model `attestplan init` and the web UI's "New model" write from a few answers.
#include "attestplan/starter.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "attestplan/model.hpp"

namespace attestplan {

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

std::string check_count(const std::string& v, long min) {
  const auto n = whole_number(v);
  if (!n) return "'" + v + "' is not a whole number";
  if (*n < min || *n > 1'000'000)
    return "'" + v + "' is outside " + std::to_string(min) + "..1000000";
  return "";
}

}  // namespace

const std::vector<std::string>& starter_questions() {
  static const std::vector<std::string> kQuestions{"name",      "report", "employees",
                                                   "engineers", "cloud",  "currency"};
  return kQuestions;
}

std::string starter_problem(std::string_view key, const std::string& v) {
  if (key == "name") {
    if (v.find_first_not_of(" \t") == std::string::npos) return "the name is empty";
    if (v.size() > 200) return "the name is longer than 200 characters";
    return "";
  }
  if (key == "report") {
    return parse_report(v) ? "" : "'" + v + "' is not " + names_of_report_text();
  }
  if (key == "employees") return check_count(v, 1);
  if (key == "engineers") return check_count(v, 0);
  if (key == "cloud") {
    return std::find(kClouds.begin(), kClouds.end(), v) != kClouds.end()
               ? ""
               : "'" + v + "' is not aws, gcp, azure or none";
  }
  if (key == "currency") {
    const bool ok = v.size() == 3 &&
                    std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return ok ? "" : "'" + v + "' is not a 3-letter ISO 4217 code such as USD";
  }
  return "no such question";
}

std::vector<std::pair<std::string, std::string>> starter_problems(const StarterAnswers& a) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::pair<const char*, const std::string*> answers[] = {
      {"name", &a.name},           {"report", &a.report}, {"employees", &a.employees},
      {"engineers", &a.engineers}, {"cloud", &a.cloud},   {"currency", &a.currency}};
  for (const auto& [key, value] : answers) {
    if (auto why = starter_problem(key, *value); !why.empty())
      out.emplace_back(key, std::move(why));
  }
  const auto employees = whole_number(a.employees), engineers = whole_number(a.engineers);
  if (employees && engineers && starter_problem("employees", a.employees).empty() &&
      starter_problem("engineers", a.engineers).empty() && *engineers > *employees) {
    out.emplace_back("engineers", a.engineers + " is more than the " + a.employees + " employees");
  }
  return out;
}

std::string starter_model(const StarterAnswers& a, const std::string& today) {
  const auto report = parse_report(a.report).value_or(Report{});
  const auto cloud_index = static_cast<std::size_t>(
      std::find(kClouds.begin(), kClouds.end(), a.cloud) - kClouds.begin());
  const bool cloud = a.cloud != "none";
  std::string m;
  m += "# A starter model written by attestplan (init, or New model in the web UI) on " + today +
       ". Edit it to describe your system,\n";
  m += "# then: attestplan validate FILE, attestplan boundary FILE, attestplan estimate FILE.\n";
  m += "# Every key is explained in the README's model reference.\n";
  m += "schema = \"attestplan/1\"\n\n";
  m += "[organization]\n";
  m += "name = " + toml_string(a.name) + "\n";
  m += "employees = " + a.employees + "    # drives populations: hires, leavers, access reviews\n";
  m += "engineers = " + a.engineers + "    # drives change-management populations\n";
  m += "maturity = \"partial\"   # none | partial | documented | operating: how far the controls "
       "are\n\n";
  m += "[engagement]\n";
  std::string kinds;
  for (const auto& n : names_of_report()) kinds += (kinds.empty() ? "" : " | ") + n;
  m += "report = \"" + to_string(report) + "\"   # " + kinds + "\n";
  if (is_type2(report))
    m += "observation_months = 6   # the Type 2 observation window: 3 to 12 months\n";
  m += "start = \"" + today + "\"   # when planning starts\n";
  m += "# renewal_dates = [\"YYYY-MM-DD\"]   # customers' dates the report must be in hand by\n";
  m += "currency = \"" + a.currency + "\"\n";
  // Customer data is confidential (below), so Confidentiality is in scope from the start.
  m += "categories = [\"security\", \"confidentiality\"]   # add availability, "
       "processing-integrity, "
       "privacy\n\n";
  m += "# The service the report covers; the boundary is what it reaches.\n";
  m += "[[service]]\nid = \"product\"\nname = " + toml_string(a.name + " product") + "\n";
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
       "kind = \"software\"\nrole = \"source-control\"   # where changes are reviewed and shipped: "
       "change "
       "management (CC8.1) is tested here\n\n";
  m += "# People are in scope when they access an in-scope system.\n";
  m += "[[component]]\nid = \"staff\"\nname = \"Everyone with access to production\"\nkind = "
       "\"people\"\n";
  m += "headcount = " + std::to_string(std::max(1L, whole_number(a.engineers).value_or(1))) + "\n";
  m += "accesses = [\"app\", \"customer-data\", \"hosting\", \"source-control\"]\n";
  if (cloud) {
    m += "\n# A subservice organization from the vendor library: its name, report and the criteria "
         "it carries.\n";
    m += "[[subservice]]\nid = \"cloud\"\nvendor = \"" + a.cloud + "\"\n";
    m += "# report_period_end = \"YYYY-MM-DD\"   # the end of its latest SOC 2 report's period: "
         "checks the gap\n";
  }
  return m;
}

}  // namespace attestplan

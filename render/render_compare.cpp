// Renderers for compare: one table of scenarios (text, Markdown, CSV) and the JSON with ranges.
#include <nlohmann/json.hpp>

#include "attestplan/compare.hpp"
#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::string renewal_cell(const RenewalCheck& c) {
  if (c.verdict == RenewalVerdict::Missed) return "MISSED by " + std::to_string(-c.slack_days) + " d";
  if (c.verdict == RenewalVerdict::AtRisk) {
    return "at risk: +" + std::to_string(c.slack_days) + " d likely, " +
           std::to_string(-c.worst_slack_days) + " d late at worst";
  }
  return "met, +" + std::to_string(c.slack_days) + " d (+" + std::to_string(c.worst_slack_days) + " worst)";
}

std::vector<std::string> headers(const Comparison& cmp) {
  std::vector<std::string> h{"SCENARIO", "FIRST REPORT", "TYPE 2 REPORT"};
  for (const auto& d : cmp.renewal_dates) h.push_back("RENEWAL " + d.to_string());
  h.push_back("YEAR ONE (" + cmp.currency + ")");
  h.push_back("TWO YEARS (" + cmp.currency + ")");
  h.push_back("AUDITOR HOURS");
  return h;
}

std::vector<std::string> row(const Comparison& cmp, const ScenarioOutcome& s) {
  std::vector<std::string> r{s.spec.label};
  if (s.status != ScenarioStatus::Ok) {
    r.push_back("failed: " + s.error);
    r.resize(headers(cmp).size());
    return r;
  }
  r.push_back(s.first_report ? s.first_report->likely.to_string() : "-");
  r.push_back(s.type2_report ? s.type2_report->likely.to_string() : "-");
  for (std::size_t i = 0; i < cmp.renewal_dates.size(); ++i) {
    r.push_back(i < s.renewals.size() ? renewal_cell(s.renewals[i]) : "-");
  }
  r.push_back(format_money(s.year_one.likely));
  r.push_back(format_money(s.two_years.likely));
  r.push_back(format_grouped(s.auditor_hours.likely));
  return r;
}

const char* kNote =
    "Likely figures; --format json gives low/likely/high. Costs exclude VAT and include readiness, "
    "penetration test, tooling and the organization's own time; a renewal is judged against the "
    "first report in hand (a Type 1 where the scenario starts with one).";

}  // namespace

std::string render_compare_table(const Model& model, const Comparison& cmp) {
  TextTable t(headers(cmp));
  for (const auto& s : cmp.scenarios) t.add_row(row(cmp, s));
  return "Scenarios: " + model.organization.name + "\n\n" + t.render() + "\n" + kNote + "\n";
}

std::string render_compare_markdown(const Model& model, const Comparison& cmp) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : cmp.scenarios) rows.push_back(row(cmp, s));
  return "# Scenarios: " + escape_markdown(model.organization.name) + "\n\n" +
         markdown_table(headers(cmp), rows) + "\n" + escape_markdown(kNote) + "\n";
}

std::string render_compare_csv(const Comparison& cmp) {
  std::vector<std::string> h{"scenario", "label", "status", "first_report", "type2_report"};
  for (const auto& d : cmp.renewal_dates) {
    h.push_back("renewal_" + d.to_string() + "_verdict");
    h.push_back("renewal_" + d.to_string() + "_slack_days");
  }
  for (const char* k : {"year_one", "two_years", "auditor_hours"}) {
    for (const char* b : {"_low", "_likely", "_high"}) h.push_back(std::string{k} + b);
  }
  std::string out = csv_record(h);
  for (const auto& s : cmp.scenarios) {
    std::vector<std::string> r{s.spec.id, s.spec.label, to_string(s.status),
                               s.first_report ? s.first_report->likely.to_string() : "",
                               s.type2_report ? s.type2_report->likely.to_string() : ""};
    for (std::size_t i = 0; i < cmp.renewal_dates.size(); ++i) {
      r.push_back(i < s.renewals.size() ? to_string(s.renewals[i].verdict) : "");
      r.push_back(i < s.renewals.size() ? std::to_string(s.renewals[i].slack_days) : "");
    }
    for (const auto* v : {&s.year_one, &s.two_years, &s.auditor_hours}) {
      for (double x : {v->low, v->likely, v->high}) r.push_back(format_number(x));
    }
    out += csv_record(r);
  }
  return out;
}

std::string render_compare_json(const Model& model, const Comparison& cmp) {
  using nlohmann::json;
  auto range = [](const Range& r) { return json{{"low", r.low}, {"likely", r.likely}, {"high", r.high}}; };
  auto when = [](const std::optional<Milestone>& m) {
    return m ? json{{"low", m->low.to_string()}, {"likely", m->likely.to_string()}, {"high", m->high.to_string()}}
             : json(nullptr);
  };
  json scenarios = json::array();
  for (const auto& s : cmp.scenarios) {
    json renewals = json::array();
    for (const auto& c : s.renewals) {
      renewals.push_back({{"renewal", c.renewal.to_string()}, {"needed_by", c.needed_by.to_string()},
                          {"verdict", to_string(c.verdict)}, {"slack_days", c.slack_days},
                          {"worst_slack_days", c.worst_slack_days}});
    }
    json cats = json::array();
    for (auto c : s.categories) cats.push_back(to_string(c));
    scenarios.push_back({{"id", s.spec.id}, {"label", s.spec.label}, {"status", to_string(s.status)},
                         {"error", s.error}, {"first_report", when(s.first_report)},
                         {"type2_report", when(s.type2_report)}, {"renewals", renewals},
                         {"year_one", range(s.year_one)}, {"two_years", range(s.two_years)},
                         {"auditor_hours", range(s.auditor_hours)}, {"categories", cats},
                         {"lines", s.lines}});
  }
  return json{{"organization", model.organization.name}, {"currency", cmp.currency},
              {"scenarios", scenarios}}.dump(2) + "\n";
}

}  // namespace attestplan

// Renderers for compare: one table of scenarios (text, Markdown, CSV) and the JSON with ranges.
#include <cmath>
#include <nlohmann/json.hpp>

#include "attestplan/compare.hpp"
#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::string percent(double chance) { return format_number(std::round(chance * 100)) + " %"; }

std::string renewal_cell(const RenewalCheck& c) {
  if (c.wrong_report) return "missed: the customer asks for a Type 2";
  std::string out =
      c.chance ? percent(*c.chance) + " (" + to_string(c.verdict) + ")" : to_string(c.verdict);
  const long slack = c.chance ? c.median_slack_days : c.slack_days;
  return out + (slack < 0 ? ", " + std::to_string(-slack) + " d late at P50"
                          : ", +" + std::to_string(slack) + " d at P50");
}

/// P50 with P10–P90 under it: "101,600 (95,000–109,800)".
std::string spread_cell(const ScenarioFigure& f, std::string (*format)(double)) {
  if (!f.spread) return format(f.likely);
  return format(f.spread->p50) + " (" + format(f.spread->p10) + "–" + format(f.spread->p90) + ")";
}

std::string date_cell(const std::optional<Milestone>& m) {
  if (!m) return "-";
  if (!m->spread) return m->likely.to_string();
  return Date::from_serial(m->spread->p50).to_string() + " (" +
         Date::from_serial(m->spread->p10).to_string() + " to " +
         Date::from_serial(m->spread->p90).to_string() + ")";
}

std::vector<std::string> headers(const Comparison& cmp) {
  std::vector<std::string> h{"SCENARIO", "FIRST REPORT", "TYPE 2 REPORT"};
  for (const auto& d : cmp.renewal_dates) h.push_back("IN TIME FOR " + d.to_string());
  h.push_back("YEAR ONE (" + cmp.currency + ")");
  h.push_back("TWO YEARS (" + cmp.currency + ")");
  h.push_back("AUDITOR HOURS");
  return h;
}

std::vector<std::string> row(const Comparison& cmp, const ScenarioOutcome& s) {
  std::vector<std::string> r{s.spec.label + (s.same_as_modelled ? " (= as modelled)" : "")};
  if (s.status != ScenarioStatus::Ok) {
    r.push_back("failed: " + s.error);
    r.resize(headers(cmp).size());
    return r;
  }
  r.push_back(date_cell(s.first_report));
  r.push_back(date_cell(s.type2_report));
  for (std::size_t i = 0; i < cmp.renewal_dates.size(); ++i) {
    r.push_back(i < s.renewals.size() ? renewal_cell(s.renewals[i]) : "-");
  }
  r.push_back(spread_cell(s.year_one, format_money));
  r.push_back(spread_cell(s.two_years, format_money));
  r.push_back(spread_cell(s.auditor_hours, format_grouped));
  return r;
}

const char* kNote =
    "P50 with P10–P90 from the simulated runs of each scenario's ledger; \"in time\" is the share "
    "of runs "
    "with the report in hand by the renewal date less the lead time. Costs exclude the VAT the "
    "organization "
    "recovers and include "
    "readiness, penetration test, tooling and the organization's own time; a renewal is judged "
    "against "
    "the first report in hand (a Type 1 where the scenario starts with one), or the Type 2 where "
    "the "
    "customer asks for one; a Type 2 after a Type 1 starts its window the day after that run's "
    "Type 1 date.";

/// The findings that bear on the choice, one line each with the scenario they belong to.
std::vector<std::string> choice_findings(const Comparison& cmp) {
  std::vector<std::string> out;
  for (const auto& s : cmp.scenarios) {
    for (const auto& f : s.findings) out.push_back(s.spec.label + ": " + f);
  }
  return out;
}

std::string recommendation_text(const Comparison& cmp) {
  return cmp.recommendation ? "Recommended: " + cmp.recommendation->reason + "."
                            : "No scenario could be recommended.";
}

}  // namespace

std::string render_compare_table(const Model& model, const Comparison& cmp, std::size_t width) {
  TextTable t(headers(cmp));
  for (const auto& s : cmp.scenarios) t.add_row(row(cmp, s));
  std::string findings;
  for (const auto& f : choice_findings(cmp)) findings += "  warning " + f + "\n";
  return fit_lines("Scenarios: " + model.organization.name + "\n\n" + t.render("  ", width) + "\n" +
                       recommendation_text(cmp) + "\n\n" +
                       (findings.empty() ? std::string{}
                                         : "Findings that bear on the choice\n" + findings + "\n") +
                       kNote + "\n",
                   width);
}

std::string render_compare_markdown(const Model& model, const Comparison& cmp) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : cmp.scenarios) rows.push_back(row(cmp, s));
  return "# Scenarios: " + escape_markdown(model.organization.name) + "\n\n" +
         markdown_table(headers(cmp), rows) + "\n**" + escape_markdown(recommendation_text(cmp)) +
         "**\n\n" +
         [&] {
           std::string out;
           for (const auto& f : choice_findings(cmp))
             out += "- **warning** " + escape_markdown(f) + "\n";
           return out.empty() ? out : "## Findings that bear on the choice\n\n" + out + "\n";
         }() +
         escape_markdown(kNote) + "\n";
}

std::string render_compare_csv(const Comparison& cmp) {
  std::vector<std::string> h{"scenario",         "label",
                             "status",           "recommended",
                             "first_report_p10", "first_report_p50",
                             "first_report_p90", "type2_report_p50"};
  for (const auto& d : cmp.renewal_dates) {
    h.push_back("renewal_" + d.to_string() + "_chance");
    h.push_back("renewal_" + d.to_string() + "_verdict");
    h.push_back("renewal_" + d.to_string() + "_slack_days");
  }
  for (const char* k : {"year_one", "two_years", "auditor_hours"}) {
    for (const char* b : {"_p10", "_p50", "_p90"}) h.push_back(std::string{k} + b);
  }
  std::string out = csv_record(h);
  for (const auto& s : cmp.scenarios) {
    auto day = [](const std::optional<Milestone>& m, double Percentiles::*p) {
      return m && m->spread ? Date::from_serial((*m->spread).*p).to_string() : std::string{};
    };
    const bool recommended = cmp.recommendation && cmp.recommendation->scenario == s.spec.id;
    std::vector<std::string> r{s.spec.id,
                               s.spec.label,
                               to_string(s.status),
                               recommended ? "yes" : "no",
                               day(s.first_report, &Percentiles::p10),
                               day(s.first_report, &Percentiles::p50),
                               day(s.first_report, &Percentiles::p90),
                               day(s.type2_report, &Percentiles::p50)};
    for (std::size_t i = 0; i < cmp.renewal_dates.size(); ++i) {
      const auto* c = i < s.renewals.size() ? &s.renewals[i] : nullptr;
      r.push_back(c && c->chance ? format_number(*c->chance, 3) : "");
      r.push_back(c ? to_string(c->verdict) : "");
      r.push_back(c ? std::to_string(c->slack_days) : "");
    }
    for (const auto* v : {&s.year_one, &s.two_years, &s.auditor_hours}) {
      for (auto p : {&Percentiles::p10, &Percentiles::p50, &Percentiles::p90}) {
        r.push_back(v->spread ? format_number((*v->spread).*p) : "");
      }
    }
    out += csv_record(r);
  }
  return out;
}

std::string render_compare_json(const Model& model, const Comparison& cmp) {
  using nlohmann::json;
  auto r2 = [](double x) { return std::round(x * 100) / 100; };
  auto range = [&](const ScenarioFigure& f) {
    json j{{"likely", r2(f.likely)}};
    if (f.spread) {
      j["p10"] = r2(f.spread->p10);
      j["p50"] = r2(f.spread->p50);
      j["p90"] = r2(f.spread->p90);
    }
    return j;
  };
  auto when = [](const std::optional<Milestone>& m) {
    if (!m) return json(nullptr);
    json j{{"likely", m->likely.to_string()}};
    if (m->spread) {
      j["p10"] = Date::from_serial(m->spread->p10).to_string();
      j["p50"] = Date::from_serial(m->spread->p50).to_string();
      j["p90"] = Date::from_serial(m->spread->p90).to_string();
    }
    return j;
  };
  json scenarios = json::array();
  for (const auto& s : cmp.scenarios) {
    json renewals = json::array();
    for (const auto& c : s.renewals) {
      json j{{"renewal", c.renewal.to_string()},      {"needed_by", c.needed_by.to_string()},
             {"verdict", to_string(c.verdict)},       {"slack_days", c.slack_days},
             {"p50_slack_days", c.median_slack_days}, {"p90_slack_days", c.worst_slack_days}};
      if (c.chance) j["chance"] = std::round(*c.chance * 1000) / 1000;
      renewals.push_back(std::move(j));
    }
    json cats = json::array();
    for (auto c : s.categories) cats.push_back(to_string(c));
    scenarios.push_back({{"id", s.spec.id},
                         {"label", s.spec.label},
                         {"status", to_string(s.status)},
                         {"error", s.error},
                         {"first_report", when(s.first_report)},
                         {"type2_report", when(s.type2_report)},
                         {"renewals", renewals},
                         {"year_one", range(s.year_one)},
                         {"two_years", range(s.two_years)},
                         {"auditor_hours", range(s.auditor_hours)},
                         {"categories", cats},
                         {"lines", s.lines},
                         {"findings", s.findings}});
    if (s.window_start) scenarios.back()["window_start"] = s.window_start->to_string();
    if (s.coverage_gap_days) scenarios.back()["coverage_gap_days"] = *s.coverage_gap_days;
  }
  json recommendation = cmp.recommendation ? json{{"scenario", cmp.recommendation->scenario},
                                                  {"reason", cmp.recommendation->reason}}
                                           : json(nullptr);
  return json{{"schema_version", kJsonSchemaVersion},
              {"organization", model.organization.name},
              {"currency", cmp.currency},
              {"recommendation", recommendation},
              {"scenarios", scenarios}}
             .dump(2) +
         "\n";
}

}  // namespace attestplan

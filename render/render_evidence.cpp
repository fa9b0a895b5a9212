// The evidence request (PBC) list: for each in-scope control, what to provide, from which
// population, how many samples (the estimate's own figures), when, and who owns it.
#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\r\n";
}

std::string render_evidence_csv(const Model& model, const EstimateResult& r) {
  const auto& est = r.estimate;
  // When evidence is due: the as-of date for a Type 1; for a Type 2, an interim request at the
  // window's midpoint and the final one a week after it ends.
  std::string interim, final_due;
  if (est.timing.window) {
    const auto& w = *est.timing.window;
    if (is_type2(model.engagement.report)) {
      interim = w.start.plus_days(w.start.days_until(w.end) / 2).to_string();
      final_due = w.end.plus_days(7).to_string();
    } else {
      final_due = w.start.to_string();
    }
  }
  std::string out = csv_record({"control_id", "control", "criteria", "evidence_category", "evidence",
                                "owner_role", "performed_by", "frequency", "nature", "population",
                                "population_count", "samples_low", "samples_likely", "samples_high",
                                "interim_due", "final_due", "samples_line"});
  for (std::size_t i = 0; i < est.scope.controls.size(); ++i) {
    const auto& c = est.scope.controls[i];
    std::string criteria;
    for (const auto& id : c.criteria) criteria += (criteria.empty() ? "" : " ") + id;
    // The effort stage plans the scope's controls in order, one each.
    const ControlEffort* effort = i < est.effort.controls.size() ? &est.effort.controls[i] : nullptr;
    const Figure* samples = effort ? &effort->samples : nullptr;
    const Figure* population = effort && effort->population ? &*effort->population : nullptr;
    auto n = [&](double v) { return samples ? format_number(v) : std::string{}; };
    out += csv_record({c.id, c.title, criteria, c.evidence_category, c.evidence, c.owner,
                       c.performed_by.empty() ? "the organization" : c.performed_by,
                       to_string(c.frequency), c.automated ? "automated" : "manual", c.population,
                       population ? format_number(population->value.likely) : "",
                       n(samples ? samples->value.low : 0), n(samples ? samples->value.likely : 0),
                       n(samples ? samples->value.high : 0), interim, final_due, samples ? samples->line : ""});
  }
  return out;
}

}  // namespace attestplan

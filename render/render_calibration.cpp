// The calibration report (render_firm.hpp) as a table and as JSON.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "attestplan/estimate.hpp"
#include "attestplan/render.hpp"
#include "attestplan/render_firm.hpp"

namespace attestplan {

namespace {

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", v * 100);
  return buf;
}

std::string signed_percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", v * 100);
  return buf;
}

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

nlohmann::json errors_json(const FitError& e) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t k = 0; k < 5; ++k) {
    out[k < 4 ? kAuditStages[k].id : "all"] = {{"mape", e.mape[k]}, {"bias", e.bias[k]}};
  }
  return out;
}

}  // namespace

std::string render_calibration_table(const CalibrationReport& r, std::size_t width) {
  std::string out = "Calibration from " + r.history + ": " + std::to_string(r.rows_used) +
                    " engagements used of " + std::to_string(r.rows_read) + " rows (" +
                    std::to_string(r.rows_skipped) + " skipped)\n\n";
  out += "Effort parameters (scale on the sampling policy's [low, likely, high]):\n";
  TextTable params({"parameter", "scale", "±sd", "rows", "status"});
  std::size_t alone = 0, by_stage = 0, overall = 0;
  for (const auto& p : r.parameters) {
    std::string status;
    if (!p.identifiable) {
      status = "keeps its default: " + p.why;
    } else if (p.level == FitLevel::Parameter) {
      status = "calibrated from " + std::to_string(p.rows_using) + " engagements";
      ++alone;
    } else {
      status = "calibrated from " + std::to_string(p.rows_using) + " engagements, " +
               (p.level == FitLevel::Stage ? "one scale for the " + p.group + " stage"
                                           : std::string{"one overall scale"});
      ++(p.level == FitLevel::Stage ? by_stage : overall);
    }
    params.add_row({p.name, p.identifiable ? fixed(p.scale, 3) : "1 (default)", fixed(p.sd, 3),
                    std::to_string(p.rows_using), status});
  }
  out += params.render("  ", width) + "\n";
  if (by_stage + overall > 0) {
    out += "The rows could not tell every parameter apart: " + std::to_string(alone) +
           " calibrated alone, " + std::to_string(by_stage) + " with one scale per audit stage, " +
           std::to_string(overall) +
           " with one overall scale (coarser, but they move the estimate towards the history).\n\n";
  }
  out +=
      "Error of the hours by audit stage (MAPE, and bias: + means the model gives more hours than "
      "spent):\n";
  TextTable errs({"stage", "defaults", "bias", "calibrated", "bias", "leave-one-out", "bias"});
  for (std::size_t k = 0; k < 5; ++k) {
    errs.add_row({k < 4 ? kAuditStages[k].title : "All stages", percent(r.defaults.mape[k]),
                  signed_percent(r.defaults.bias[k]), percent(r.fitted.mape[k]),
                  signed_percent(r.fitted.bias[k]), percent(r.leave_one_out.mape[k]),
                  signed_percent(r.leave_one_out.bias[k])});
  }
  out += errs.render("  ", width);
  if (r.fee_mape) {
    out += "\nFee billed against the fee estimated (" + std::to_string(r.fee_rows) +
           " rows with a fee): MAPE " + percent((*r.fee_mape)[0]) + " with the defaults, " +
           percent((*r.fee_mape)[1]) + " calibrated\n";
  }
  if (!r.staffing.empty()) {
    out += "\nStaffing mix, share of the auditor's hours (" + std::to_string(r.staffing_rows) +
           " rows with hours by level; the mix is the rate card's):\n";
    TextTable mix({"level", "history", "rate card"});
    for (const auto& l : r.staffing) mix.add_row({l.level, percent(l.history), percent(l.card)});
    out += mix.render("  ", width);
  }
  out += "\nResidual spread after the fit: " + percent(r.residual_sd) + " of the hours (" +
         std::to_string(r.iterations) + " Gauss-Newton steps)\n";
  return fit_lines(out, width);
}

std::string render_calibration_json(const CalibrationReport& r) {
  nlohmann::json out;
  out["schema_version"] = kJsonSchemaVersion;
  out["history"] = r.history;
  out["rows"] = {{"read", r.rows_read}, {"used", r.rows_used}, {"skipped", r.rows_skipped}};
  auto& params = out["parameters"] = nlohmann::json::array();
  for (const auto& p : r.parameters) {
    nlohmann::json j = {{"name", p.name},
                        {"identifiable", p.identifiable},
                        {"level", to_string(p.level)},
                        {"scale", p.scale},
                        {"sd", p.sd},
                        {"rows_using", p.rows_using}};
    if (!p.group.empty()) j["group"] = p.group;
    if (!p.why.empty()) j["why"] = p.why;
    params.push_back(std::move(j));
  }
  out["error"] = {{"defaults", errors_json(r.defaults)},
                  {"calibrated", errors_json(r.fitted)},
                  {"leave_one_out", errors_json(r.leave_one_out)}};
  if (r.fee_mape)
    out["fee_mape"] = {
        {"defaults", (*r.fee_mape)[0]}, {"calibrated", (*r.fee_mape)[1]}, {"rows", r.fee_rows}};
  if (!r.staffing.empty()) {
    auto& mix = out["staffing"] = {{"rows", r.staffing_rows}, {"levels", nlohmann::json::array()}};
    for (const auto& l : r.staffing)
      mix["levels"].push_back({{"level", l.level}, {"history", l.history}, {"card", l.card}});
  }
  out["residual_sd"] = r.residual_sd;
  out["iterations"] = r.iterations;
  return out.dump(2) + "\n";
}

}  // namespace attestplan

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
  std::string out = "Calibration from " + r.history + ": " + std::to_string(r.rows_used) + " engagements used of " +
                    std::to_string(r.rows_read) + " rows (" + std::to_string(r.rows_skipped) + " skipped)\n\n";
  out += "Effort parameters (scale on the sampling policy's [low, likely, high]):\n";
  TextTable params({"parameter", "scale", "±sd", "rows", "status"});
  for (const auto& p : r.parameters) {
    params.add_row({p.name, p.identifiable ? fixed(p.scale, 3) : "1 (default)", fixed(p.sd, 3),
                    std::to_string(p.rows_using),
                    p.identifiable ? "calibrated from " + std::to_string(r.rows_used) + " engagements"
                                   : "keeps its default: " + p.why});
  }
  out += params.render("  ", width) + "\n";
  out += "Error of the hours by audit stage (MAPE, and bias: + means the model gives more hours than spent):\n";
  TextTable errs({"stage", "defaults", "bias", "calibrated", "bias", "leave-one-out", "bias"});
  for (std::size_t k = 0; k < 5; ++k) {
    errs.add_row({k < 4 ? kAuditStages[k].title : "All stages", percent(r.defaults.mape[k]),
                  signed_percent(r.defaults.bias[k]), percent(r.fitted.mape[k]), signed_percent(r.fitted.bias[k]),
                  percent(r.leave_one_out.mape[k]), signed_percent(r.leave_one_out.bias[k])});
  }
  out += errs.render("  ", width);
  if (r.fee_mape) {
    out += "\nFee billed against the fee estimated (" + std::to_string(r.fee_rows) + " rows with a fee): MAPE " +
           percent((*r.fee_mape)[0]) + " with the defaults, " + percent((*r.fee_mape)[1]) + " calibrated\n";
  }
  if (!r.staffing.empty()) {
    out += "\nStaffing mix, share of the auditor's hours (" + std::to_string(r.staffing_rows) +
           " rows with hours by level; the mix is the rate card's, --rates):\n";
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
    nlohmann::json j = {{"name", p.name},   {"identifiable", p.identifiable}, {"scale", p.scale},
                        {"sd", p.sd},       {"rows_using", p.rows_using}};
    if (!p.identifiable) j["why"] = p.why;
    params.push_back(std::move(j));
  }
  out["error"] = {{"defaults", errors_json(r.defaults)},
                  {"calibrated", errors_json(r.fitted)},
                  {"leave_one_out", errors_json(r.leave_one_out)}};
  if (r.fee_mape) out["fee_mape"] = {{"defaults", (*r.fee_mape)[0]}, {"calibrated", (*r.fee_mape)[1]}, {"rows", r.fee_rows}};
  if (!r.staffing.empty()) {
    auto& mix = out["staffing"] = {{"rows", r.staffing_rows}, {"levels", nlohmann::json::array()}};
    for (const auto& l : r.staffing) mix["levels"].push_back({{"level", l.level}, {"history", l.history}, {"card", l.card}});
  }
  out["residual_sd"] = r.residual_sd;
  out["iterations"] = r.iterations;
  return out.dump(2) + "\n";
}

}  // namespace attestplan

// Renderers of the firm-level results: a calibration report (calibrate) and a portfolio
// (portfolio).
#pragma once

#include <string>

#include "attestplan/calibration.hpp"
#include "attestplan/portfolio.hpp"

namespace attestplan {

/// The calibration report for people: rows used and skipped, each parameter's scale or why it
/// keeps its default, and the error per audit stage before and after, in-sample and leave-one-out.
/// Fitted to `width` columns (0: lines kept whole).
std::string render_calibration_table(const CalibrationReport& report, std::size_t width = 0);
/// The same as JSON (rates as fractions: 0.12 is 12 %).
std::string render_calibration_json(const CalibrationReport& report);

/// The portfolio for people: each engagement's P10/P50/P90 hours and fee, report date and risk,
/// then the staff load by week and level, weeks over capacity marked. Fitted to `width` columns
/// (0: lines kept whole).
std::string render_portfolio_table(const Portfolio& portfolio, std::size_t width = 0);
/// One row per engagement.
std::string render_portfolio_csv(const Portfolio& portfolio);
/// Engagements and the staff load.
std::string render_portfolio_json(const Portfolio& portfolio);
/// The staff load as a heat map: a row per level, a column per week, darker for more hours, the
/// weeks over capacity outlined in red.
std::string render_staff_load_svg(const StaffLoad& load);

}  // namespace attestplan

// Calibration: a firm's past engagements (a history CSV) fitted to the effort model. Each row is a
// model file with the hours actually spent, or summary columns from which a model is built; the fit
// scales each effort parameter (bounded, non-negative least squares with a prior towards the
// defaults), says which parameters the rows identify, and where they cannot tell single parameters
// apart falls back to coarser scales — one per audit stage, then one overall — saying so; it
// measures the error per audit stage in-sample and leave-one-out against the uncalibrated defaults.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"
#include "attestplan/profile.hpp"
#include "attestplan/progress.hpp"

namespace attestplan {

class PluginHost;

/// An engagement described by the columns a firm keeps of past work, not by a model.
struct EngagementSummary {
  std::string id;
  Report report;
  int months = 6;  ///< the Type 2 window (ignored for a Type 1)
  std::vector<Category> categories;
  int employees = 50;
  int systems = 5;  ///< in-scope systems (software, data, infrastructure)
  int vendors = 0;  ///< subservice organizations, each providing one of the systems
  SubserviceMethod vendor_method = SubserviceMethod::CarveOut;
  bool first_year = true;
  Maturity maturity = Maturity::Partial;
};

/// The model a summary stands for, as TOML (schema attestplan/1). Judgement where the columns say
/// nothing: engineers are 30 % of the staff, a third of the systems are software deployed weekly,
/// the rest data and infrastructure alternately, each vendor provides one system and holds a SOC 2
/// Type 2 report.
ATTESTPLAN_API std::string summary_model_toml(const EngagementSummary& summary);

/// One past engagement with what it actually took.
struct HistoryRow {
  std::uint32_t line = 0;  ///< its line in the CSV
  std::string id;
  Model model;
  std::filesystem::path model_file;  ///< the model file the row names (empty for a summary row)
  std::array<double, 4> hours{};     ///< auditor hours by audit stage (kAuditStages order)
  std::optional<double> fee;         ///< the fee billed, in the model's currency
  /// Auditor hours by staff level (columns hours_LEVEL), when the firm records them.
  std::map<std::string, double> level_hours;
};

struct History {
  std::string source_name;
  std::vector<HistoryRow> rows;
  std::size_t rows_read = 0;     ///< data rows in the file
  std::size_t rows_skipped = 0;  ///< of those, skipped with a located warning
};

/// Reads a history CSV (columns: docs/calibration.md). A row with a bad value or a model that does
/// not load is skipped with a warning naming file:line; a missing column is an error. Model paths
/// are relative to `base_dir`.
ATTESTPLAN_API std::optional<History> read_history(const DataFile& csv,
                                                   const std::filesystem::path& base_dir,
                                                   const CriteriaCatalog& catalog,
                                                   Diagnostics& diags);

/// The model files a history's rows name (column `model`), as written, each with its cell's place,
/// read without loading them: what a caller checks before any is read. A malformed CSV adds its
/// error to `diags` and gives none.
struct HistoryModelCell {
  std::string model;
  SourceLocation where;
};
ATTESTPLAN_API std::vector<HistoryModelCell> history_model_cells(const DataFile& csv,
                                                                 Diagnostics& diags);

struct CalibrationOptions {
  /// Data files replacing the built-in ones (--rates, --sampling, ...), as for any estimate.
  std::map<std::string, std::filesystem::path> data_files;
  std::size_t min_rows = 10;       ///< fewer usable rows than this: the fit is refused
  double prior_weight = 0.01;      ///< the pull towards the defaults, per unit of scale squared
  double lower = 0.1, upper = 10;  ///< bounds on each scale
  /// A parameter is identified when the standard deviation of its fitted scale is at most this
  /// share of the scale, and at least 3 rows use it.
  double max_relative_sd = 0.06;
  unsigned threads = 0;  ///< 0: one per core
  /// After each estimate of a row (estimates run so far, 0: the fit decides how many); false stops
  /// the calibration, which then fails with an error saying so.
  ProgressTick progress;
};

/// How a parameter was calibrated: alone, with the other parameters of its audit stage as one
/// scale, or with every parameter the finer levels left as one overall scale.
enum class FitLevel { None, Parameter, Stage, Overall };
ATTESTPLAN_API const char* to_string(FitLevel l);  ///< "none", "parameter", "stage", "overall"

struct ParameterFit {
  std::string name;
  bool identifiable = false;  ///< calibrated, at whichever level
  FitLevel level = FitLevel::None;
  std::string group;  ///< the stage's id (level Stage), "all" (level Overall), else empty
  double scale = 1;   ///< fitted (1 when not identifiable: the default stands)
  double sd = 0;  ///< of the scale at the level that calibrated it (else of the first fit, every
                  ///< parameter free)
  std::size_t rows_using =
      0;            ///< rows whose hours the parameter (or its group) moves: what informed it
  std::string why;  ///< why it is not calibrated alone (and, when not at all, why not)
};

/// Mean absolute percentage error and mean signed percentage error (bias; positive: the model
/// gives more hours than were spent), per audit stage and over all stages (index 4).
struct FitError {
  std::array<double, 5> mape{};
  std::array<double, 5> bias{};
};

/// A staff level's share of the auditor's hours: in the history, and as the rate card staffs the
/// same engagements. Over the rows that give hours by level.
struct LevelShare {
  std::string level;
  double history = 0;
  double card = 0;
};

struct CalibrationReport {
  std::string history;
  std::size_t rows_read = 0, rows_used = 0, rows_skipped = 0;
  std::vector<ParameterFit> parameters;  ///< the plugins' parameters, in their order
  FitError defaults;       ///< the uncalibrated model, in-sample (it was not fitted, so also its
                           ///< out-of-sample error)
  FitError fitted;         ///< the calibrated model, in-sample
  FitError leave_one_out;  ///< each row predicted by a fit without it
  std::optional<std::array<double, 2>>
      fee_mape;  ///< fee error, defaults and calibrated, when the history has fees
  std::size_t fee_rows = 0;
  std::vector<LevelShare> staffing;  ///< empty when no row gives hours by level
  std::size_t staffing_rows = 0;
  double residual_sd = 0;  ///< of the weighted (relative) residuals after the fit
  int iterations = 0;
};

/// Fits the history. Rows whose estimate fails are skipped with a warning; fewer than
/// `min_rows` usable rows is an error and nullopt.
ATTESTPLAN_API std::optional<CalibrationReport> calibrate(const PluginHost& host,
                                                          const CriteriaCatalog& catalog,
                                                          const History& history,
                                                          const CalibrationOptions& options,
                                                          Diagnostics& diags);

/// The firm profile of a calibration: a scale for each identified parameter, each saying how many
/// engagements informed it.
ATTESTPLAN_API FirmProfile profile_of(const CalibrationReport& report);

/// Why the calibration's profile would change nothing — no parameter calibrated at any level, or
/// every scale within 1 % of the default — or nullopt when it changes the estimate.
ATTESTPLAN_API std::optional<std::string> profile_changes_nothing(const CalibrationReport& report);

}  // namespace attestplan

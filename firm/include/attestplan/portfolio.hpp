// The portfolio: every engagement of a firm priced with its card and profile, in parallel, and the
// firm's staff load by week and level, the weeks over the capacity its profile states flagged.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/date.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/progress.hpp"

namespace attestplan {

class PluginHost;

/// One engagement of the portfolio.
struct PortfolioEngagement {
  std::string file;  ///< the model's path, as given
  std::string name;  ///< the organization's name
  bool ok = false;   ///< false: the model did not load or a stage failed (`error` says which)
  std::string error;
  std::string report;  ///< the report kind's display name
  Percentiles hours;   ///< the auditor's hours, all stages
  Percentiles fee;
  std::string currency;
  std::optional<Date> report_date;  ///< P50 of the report in hand
  /// The probability that the report misses the renewal lead time: of the model's renewals, the
  /// largest share of runs in which the report is not in hand by the date needed. None without
  /// renewal dates.
  std::optional<double> risk;
  std::map<std::string, double> level_hours;  ///< likely hours by staff level
};

/// The firm's auditor hours by ISO week (Monday) and staff level, all engagements together.
struct StaffLoad {
  std::vector<std::string> levels;  ///< as the rate cards name them, first seen first
  std::vector<Date> weeks;  ///< Mondays, consecutive, from the first loaded week to the last
  std::vector<std::vector<double>> hours;  ///< [week][level]
  std::vector<std::vector<std::size_t>>
      engagements;                         ///< [week]: which engagements load it (indices)
  std::map<std::string, double> capacity;  ///< hours a week by level (the profile's [capacity])
  std::vector<bool> over;                  ///< [week]: some level is above its capacity
};

struct Portfolio {
  std::vector<PortfolioEngagement> engagements;  ///< in the order of the inputs
  StaffLoad load;
  std::size_t failed = 0;
  /// PortfolioOptions::progress stopped the run: the engagements not reached are failed rows
  /// that say so, and the load holds only those priced.
  bool stopped = false;
  std::size_t reached = 0;  ///< the models loaded and estimated, well or not (all, unless stopped)
};

struct PortfolioOptions {
  std::map<std::string, std::filesystem::path> data_files;  ///< --rates, --profile, ...
  std::map<std::string, double> capacity;                   ///< from the profile
  unsigned threads = 0;                                     ///< 0: one per core
  ProgressTick progress;  ///< after each model priced (done, models); false stops the run
};

/// The models a portfolio input names: every *.toml in a folder (sorted), or the paths in a list
/// file (one a line, relative to the list's folder; blank lines and # comments skipped).
ATTESTPLAN_API std::vector<std::filesystem::path> portfolio_inputs(
    const std::filesystem::path& input, Diagnostics& diags);

/// Prices every model. A model that does not load gives its diagnostics to `diags` and a failed
/// row; the others are priced. Staff hours are placed on the likely calendar: planning hours
/// evenly over the planning phase, walkthroughs at the first fieldwork visit, testing over the
/// fieldwork visits as the calendar shares it (interim visits inside a Type 2 window, the final
/// one after it), reporting over the final fieldwork and report phase; each staff level takes its
/// share of the engagement's hours (judgement).
ATTESTPLAN_API Portfolio price_portfolio(const PluginHost& host, const CriteriaCatalog& catalog,
                                         const std::vector<std::filesystem::path>& models,
                                         const PortfolioOptions& options, Diagnostics& diags);

/// Adds engagements' likely staff hours to a load by week: exposed so that the placement of
/// hours can be checked on its own. `phases` are (first day, last day, share of the hours).
struct PlacedHours {
  std::map<std::string, double> level_hours;
  std::vector<std::tuple<Date, Date, double>> phases;
};
ATTESTPLAN_API StaffLoad staff_load(const std::vector<PlacedHours>& engagements,
                                    const std::map<std::string, double>& capacity);

}  // namespace attestplan

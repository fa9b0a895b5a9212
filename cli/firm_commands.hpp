// The firm-level commands: calibrate (fit the effort model to a firm's history) and portfolio
// (price every engagement of a firm and load its staff by week).
#pragma once

#include <optional>
#include <string>

#include "commands.hpp"

namespace attestplan::cli {

/// `attestplan calibrate HISTORY.csv`.
struct CalibrateOptions {
  std::string history;
  std::string format = "table";              ///< table | json
  std::optional<std::string> write_profile;  ///< --write-profile FILE: the firm profile
  std::optional<std::string> name;           ///< --name: the firm, written into the profile
  std::size_t min_rows = 10;
  DataFlags data;  ///< the plugins' data files (--KEY FILE)
};
int run_calibrate(const Common& common, const CalibrateOptions& options);

/// `attestplan portfolio DIR|LIST`.
struct PortfolioCommandOptions {
  std::string input;
  std::string format = "table";        ///< table | csv | json
  std::optional<std::string> heatmap;  ///< --heatmap FILE: the staff load as SVG
  unsigned threads = 0;
  DataFlags data;  ///< the plugins' data files (--KEY FILE)
  std::optional<std::string> simulation, profile;
};
int run_portfolio(const Common& common, const PortfolioCommandOptions& options);

}  // namespace attestplan::cli

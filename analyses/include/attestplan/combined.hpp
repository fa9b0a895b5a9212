// A combined engagement: the model's report and the reports it is combined with
// ([engagement] combined_with), each estimated as it would be alone, and what doing them together
// saves, line by line, from the overlap between their scopes (models/overlap/): a control tested
// once for every report that relies on it, planning done once, and the certification audit's review
// of what the report's testing has shown. Who performs them (one firm, or separate bodies sharing
// evidence) decides which savings there are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/pipeline.hpp"

namespace attestplan {

class PluginHost;

/// The overlap between two frameworks' scopes (models/overlap/*.toml): for each id of the left
/// framework's scope (a criterion, a control objective), the ids of the right one's (criteria,
/// Annex A controls) that the same evidence shows, and what a combination saves of the shared
/// work: planning, the right report's testing of what the left's controls reach, the left
/// report's documentation of its shared controls; a certification's part held to a cap.
struct OverlapTable {
  std::string name, source, file;
  std::vector<std::string> left, right;  ///< framework ids
  struct Row {
    std::string left;
    std::vector<std::string> right;
  };
  std::vector<Row> rows;
  /// Both sides' scopes are the same ids (SOC 2 and ISAE 3000 on the criteria; SOC 1 and ISAE 3402
  /// on the same objectives): each id maps to itself, and the table has no rows.
  bool identity = false;
  double planning = 0, shared_testing = 0, documentation = 0, certification_cap = 0;

  static std::optional<OverlapTable> parse(const DataFile& file, Diagnostics& diags);
  /// The built-in tables (models/overlap/*.toml), read once.
  static const std::vector<OverlapTable>& builtin();
  /// The table between the frameworks `a` and `b` (either side), or nullptr; `swapped` says
  /// whether `a` is its right side.
  static const OverlapTable* between(const std::string& a, const std::string& b, bool& swapped);
};

/// One thing a combination saves: auditor hours of one report's audit stage, and their fee.
struct CombinedSaving {
  std::string id;         ///< "combined.planning.<report>", ...
  std::string label;      ///< for people
  std::string rule;       ///< how it is worked out, with its sources
  std::string report;     ///< the report whose work it saves ("iso27001-certification")
  std::size_t stage = 0;  ///< the audit stage whose hours it saves (kAuditStages' index)
  double share = 0;       ///< the share of that stage's hours (and fee) saved
  Range hours;            ///< the hours saved, low / likely / high
  Range fee;              ///< their fee, in the currency of the estimates
  std::optional<Percentiles> fee_spread;  ///< from the runs of that report's estimate
  std::vector<double> fee_runs;           ///< its fee, run by run (empty: not simulated)
  std::vector<std::string> from;          ///< "<report>:<line>" the figures it is worked from
};

/// One report of a combined engagement, estimated as it would be alone.
struct CombinedReport {
  Report report;
  EstimateResult result;
  std::vector<double> fee_runs;  ///< its fee, run by run (empty: not simulated)
};

/// What two reports of a combination share, by an overlap table: the left report's controls
/// whose scope ids map to the right report's scope, and the right's scope ids they reach.
struct CombinedOverlap {
  std::string left, right;  ///< report ids ("isae3402-type2", "iso27001-certification")
  std::string table, source, file;
  /// One body performs both, so the shared work is done once (two reports on controls: always,
  /// one practitioner's firm; a certification beside them: only with combined_by = "one-firm").
  bool same_body = false;
  std::size_t shared_controls = 0, controls = 0, reached = 0, right_scope = 0;
};

struct Combination {
  std::vector<CombinedReport> reports;  ///< the model's report first, then combined_with's
  /// A certification among the reports is performed by the practitioner's firm too (its
  /// accredited certification arm): combined_by = "one-firm".
  bool one_firm = false;
  std::string who;                        ///< who performs the reports, and why, in a sentence
  std::vector<CombinedOverlap> overlaps;  ///< each pair of reports an overlap table maps
  /// For each control of the first report (its scope's order), the other reports whose scope it
  /// also serves (their ids): one request for its evidence serves each of them, whoever performs
  /// them.
  std::vector<std::vector<std::string>> first_serves;
  std::vector<CombinedSaving> savings;
  std::string currency;
  Range separate_fee, saving, combined_fee;  ///< the sum apart, what is saved, what is left
  std::optional<Percentiles> separate_spread, saving_spread, combined_spread;
  std::vector<double> saving_runs;  ///< every saving's fee added, run by run (empty: not simulated)
  std::vector<Finding> findings;
  std::string error;  ///< why the combination could not be worked out (empty: it was)
};

/// Estimates each report of the model's combined engagement (the model's own is `first`, already
/// run with its runs kept) and works out what the combination saves.
Combination combine_reports(const PluginHost& host, const EstimateRequest& base,
                            const EstimateResult& first);

}  // namespace attestplan

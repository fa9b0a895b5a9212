// The request layer: a model, the overrides of its engagement and data, and the output asked for,
// turned into bytes. The CLI and the server both go through it, so the same model and overrides
// give the same bytes from either.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/progress.hpp"

namespace attestplan {

/// What a request produces.
enum class Output { Boundary, Estimate, Plan, Evidence, Proposal, Compare, Oscal };

/// How it is written. Each output takes some of these (formats_of).
enum class Format {
  Table,
  Json,
  Csv,
  Markdown,
  Dot,
  Svg,
  Ics,
  Html,
  Xlsx,
  Pdf,
  OscalSsp,         ///< an OSCAL System Security Plan (docs/oscal.md)
  OscalAp,          ///< an OSCAL Assessment Plan
  OscalComponents,  ///< an OSCAL component definition of the subservice organizations
};

ATTESTPLAN_API const char* to_string(Output v);
ATTESTPLAN_API const char* to_string(Format v);
ATTESTPLAN_API std::optional<Format> parse_format(std::string_view s);
/// The formats an output can be written in, its default first.
ATTESTPLAN_API const std::vector<Format>& formats_of(Output output);

/// Overrides of the model's engagement and of the built-in data, as written by a user: the CLI's
/// flags or the server's query parameters. Checked by the request layer, each problem naming it.
struct Overrides {
  std::optional<std::string> report;  ///< soc2-type1 | soc2-type2 | isae3000-type1 | isae3000-type2
  std::optional<std::string> months;  ///< the Type 2 window, 3..12
  std::optional<std::string> currency;  ///< a 3-letter ISO 4217 code
  std::optional<std::string> seed;      ///< the simulation's seed, 0..2^63-1
  /// Where the auditor signs (an ISO 3166 code): its VAT, its market's rates, who may sign.
  std::optional<std::string> auditor_country;
  /// Data files replacing the built-in ones, by name: rates, controls, sampling, timing,
  /// simulation.
  std::map<std::string, std::filesystem::path> data_files;
};

struct Request {
  Output output = Output::Estimate;
  Format format = Format::Table;
  std::string model_text;
  std::string model_name;  ///< what locations in the model say (its path, or NAME.toml)
  /// The model file's folder, for its `include` paths; unset (the server) refuses includes.
  std::optional<std::filesystem::path> include_dir;
  Overrides overrides;
  /// How a message names an override: "--" for the CLI (--months), "" for query parameters.
  std::string override_prefix = "--";
  bool explain = false;                ///< estimate table / Markdown: follow with every ledger line
  std::size_t width = 0;               ///< tables: the terminal's columns to fit (0: no limit)
  std::vector<std::string> scenarios;  ///< compare: only these, in this order (empty: all)
  std::string today;                   ///< the day it is run (YYYY-MM-DD)
  /// proposal: the letter's date as written (--date, YYYY-MM-DD); unset: today, or the next working
  /// day in the firm's country when today is not one (a letter goes out on a working day).
  std::optional<std::string> letter_date;
  /// proposal: the firm file that sends it (--firm), and the folder its logo path is taken from.
  std::optional<DataFile> firm;
  std::filesystem::path firm_dir;
  /// proposal: the percentile of the simulated fee it quotes, 50..99, as written
  /// (--fee-percentile); unset: the firm file's, else kDefaultFeePercentile.
  std::optional<std::string> fee_percentile;
  /// proposal: write the partner's internal pricing memo instead of the client's letter (--memo).
  bool memo = false;
  /// evidence: the firm's working copy, with each control's samples (--internal); else the
  /// client's.
  bool internal = false;
  /// oscal -f oscal-ap: where the Assessment Plan finds the SSP it assesses (a file name beside
  /// it, or a URL), written as its import-ssp resource's link.
  std::string oscal_ssp_href = "ssp.json";
  /// The file the response will be written to (-o), when it is one: it may not be a file the model
  /// includes.
  std::optional<std::filesystem::path> output_path;
  /// proposal: the command a partner runs to make the same quote again (the memo shows it).
  std::string reproduce_command;
  std::string stamp_utc;  ///< the iCalendar DTSTAMP (YYYYMMDDTHHMMSSZ)
  /// When set, an output that can be written as it is made (the boundary as JSON) goes to this
  /// stream instead of Response::body, once the request has passed every check.
  std::ostream* stream = nullptr;
  /// When set, called as each phase of the work starts ("loading the model", "resolving the
  /// boundary", ...), for a progress display. Not called for a request refused before loading.
  std::function<void(std::string_view phase)> progress;
  /// When set, asked between the phases of the work and between a comparison's scenarios: true
  /// stops the request, whose outcome is then Abandoned (a newer request for the same model made
  /// this one's answer useless). Called from the request's threads; must be cheap and thread-safe.
  std::function<bool()> abandoned;
};

/// How a request went.
enum class Outcome {
  Ok,              ///< the output is in `body`
  InvalidModel,    ///< the model or its plugin options have errors (diagnostics)
  InvalidRequest,  ///< an override or an option of the request is wrong (diagnostics name it)
  PluginFailure,   ///< a stage failed: `body` still holds what the other stages gave, `failures`
                   ///< says which
  Abandoned,       ///< Request::abandoned said stop: nothing was written
};

struct Response {
  Outcome outcome = Outcome::Ok;
  std::string body;
  bool streamed = false;  ///< the output went to Request::stream; `body` is empty
  std::string content_type;
  Diagnostics diagnostics;  ///< located problems (model, plugin options, overrides)
  std::vector<std::string>
      failures;  ///< failed stages and outputs that could not be made, in words
  std::vector<std::string> warnings;  ///< what was left out of the output, in words
  std::vector<Finding> findings;      ///< the estimate's findings (for --fail-on)
  std::string heatmap;                ///< portfolio: the staff heat map (SVG), when asked for
  /// calibrate: the firm profile's TOML, when asked for and it changes the estimate; else empty,
  /// and `profile_refused` says why.
  std::string profile, profile_refused;
  std::vector<std::string> notes;  ///< what the user should know that is not wrong (rows skipped)
};

/// Two models to compare for scope drift (`attestplan drift`), each with its folder for includes.
struct DriftRequest {
  Format format = Format::Table;  ///< table, json or markdown
  std::string baseline_text, baseline_name;
  std::optional<std::filesystem::path> baseline_include_dir;
  std::string current_text, current_name;
  std::optional<std::filesystem::path> current_include_dir;
  /// Data files replacing the built-in ones for both estimates, by name (rates, controls, ...).
  std::map<std::string, std::filesystem::path> data_files;
  std::size_t width = 0;  ///< table: the terminal's columns to fit (0: no limit)
};

/// A firm's engagements priced together (`attestplan portfolio`, POST /api/portfolio): each model
/// with the same data files, and the staff load by week and level against the profile's capacity.
struct PortfolioRequest {
  Format format = Format::Table;  ///< table, json or csv; svg: the staff heat map alone
  std::vector<std::filesystem::path> models;
  /// Data files replacing the built-in ones for every model (rates, controls, ...); a `profile`
  /// also gives the capacity the load is checked against.
  std::map<std::string, std::filesystem::path> data_files;
  unsigned threads = 0;   ///< 0: one per core
  std::size_t width = 0;  ///< table: the terminal's columns to fit (0: no limit)
  bool heatmap = false;   ///< also draw the staff heat map into Response::heatmap
  /// After each model priced (done, models); false stops the run, whose outcome is then Abandoned
  /// with an error saying how far it got, and nothing in the body.
  ProgressTick progress;
};

/// A firm's history fitted to its effort parameters (`attestplan calibrate`, POST /api/calibrate).
struct CalibrateRequest {
  Format format = Format::Table;   ///< table or json
  DataFile history;                ///< the history CSV (columns: docs/calibration.md)
  std::filesystem::path base_dir;  ///< where the model files its rows name are
  std::map<std::string, std::filesystem::path> data_files;  ///< rates, controls, sampling, timing
  std::size_t min_rows = 10;                                ///< fewest usable rows to fit
  bool profile = false;                  ///< also write the firm profile (Response::profile)
  std::optional<std::string> firm_name;  ///< the profile's name
  std::size_t width = 0;
  /// The server's: a row's `model` must be a file name in `base_dir` (no folder, no "..").
  bool models_in_base_dir_only = false;
  /// After each estimate (estimates so far, 0); false stops the calibration, whose outcome is then
  /// Abandoned with an error saying so.
  ProgressTick progress;
};

/// The name a firm profile has among a request's data files (--profile FILE, profile=NAME): the
/// firm layer reads it into the parameters each estimate applies.
inline constexpr std::string_view kProfileDataFile = "profile";

/// The criteria catalog as `attestplan catalog criteria` and GET /api/catalog/criteria write it:
/// a table fitted to `width` columns (0: lines kept whole), or JSON.
ATTESTPLAN_API std::string criteria_output(const CriteriaCatalog& catalog, Format format,
                                           std::size_t width = 0);
/// The vendor library as `attestplan catalog vendors` and GET /api/vendors?format=oscal-components
/// write it: a table fitted to `width` columns, or (Format::OscalComponents) an OSCAL component
/// definition dated `today` (YYYY-MM-DD).
ATTESTPLAN_API std::string vendors_output(Format format, std::string_view today,
                                          std::size_t width = 0);
/// The plugins `host` found on `search`, as `attestplan plugins` and GET /api/plugins write them:
/// loaded, refused (with the reason) and shadowed, as a table fitted to `width` columns or as
/// JSON; or, as Markdown, what the plugins that serve declare of themselves (the README's tables).
ATTESTPLAN_API std::string plugins_output(const PluginHost& host, const PluginSearch& search,
                                          Format format, std::size_t width = 0);
/// The built-in example models, each with the first sentence of its opening comment, as
/// `attestplan examples` lists them; fitted to `width` columns (0: lines kept whole).
ATTESTPLAN_API std::string examples_output(std::size_t width = 0);
/// The Content-Security-Policy an HTML proposal carries in its own <meta> tag (inline styles and
/// data: images only): for a server that shows the letter to send as a header too.
ATTESTPLAN_API std::string proposal_content_security_policy();
/// Diagnostics as the JSON array the server's answers carry: {severity, message, file, line,
/// column, hint}.
ATTESTPLAN_API std::string diagnostics_json(const Diagnostics& diags);
/// The model files the rows of a calibration history name, in `base_dir` (CalibrateRequest): what
/// `attestplan calibrate` reads besides the history, for a caller to check before it writes. A
/// history that does not read names none here; Engine::calibrate reports its problems.
ATTESTPLAN_API std::vector<std::filesystem::path> history_model_files(
    const DataFile& history, const std::filesystem::path& base_dir);
/// The models a portfolio input names (PortfolioRequest::models): every *.toml in a folder
/// (sorted), or the paths in a list file (one a line, relative to the list's folder; blank lines
/// and # comments skipped). What is left out, and why, goes to `diags`.
ATTESTPLAN_API std::vector<std::filesystem::path> portfolio_models(
    const std::filesystem::path& input, Diagnostics& diags);

/// What every request shares: the plugins found and the criteria catalog. Made once (a command,
/// the server's life) and used from any number of threads.
class ATTESTPLAN_API Engine {
 public:
  Engine(const PluginSearch& search, const CriteriaCatalog& catalog);
  [[nodiscard]] Response handle(const Request& request) const;
  /// What the web UI shows after each edit, from one load of the model and one boundary: a JSON
  /// object {"estimate", "boundary", "compare"} holding what handle() writes as JSON for those
  /// three outputs (Request::output and format are not used). A failed stage leaves the rest in
  /// place (PluginFailure, like handle()).
  [[nodiscard]] Response analyse(const Request& request) const;
  /// Scope drift between two models: both estimated, compared, rendered. Diagnostics of either
  /// model make it InvalidModel; a failed stage in either is a PluginFailure with the rest shown.
  [[nodiscard]] Response drift(const DriftRequest& request) const;
  /// Every model priced, as `attestplan portfolio` does. A model that does not load or price is a
  /// failed row (its diagnostics given) and makes the outcome InvalidModel, the others in the body;
  /// a profile that does not read is InvalidRequest.
  [[nodiscard]] Response portfolio(const PortfolioRequest& request) const;
  /// The history fitted, as `attestplan calibrate` does: the report in the body and, when asked,
  /// the profile (refused, with the reason, when it would change nothing). A history that does not
  /// read or has too few usable rows is InvalidModel, with located diagnostics.
  [[nodiscard]] Response calibrate(const CalibrateRequest& request) const;
  /// Loads a model and configures every stage's plugin with the model's options for it: every
  /// check an estimate makes before it runs, so a model that validates estimates. `model` is set
  /// only when there are no errors.
  [[nodiscard]] LoadResult validate(std::string_view model_text, const std::string& model_name,
                                    const LoadOptions& options = {}) const;
  [[nodiscard]] const PluginHost& host() const { return host_; }
  [[nodiscard]] const CriteriaCatalog& catalog() const { return catalog_; }

 private:
  PluginHost host_;
  const CriteriaCatalog& catalog_;
};

}  // namespace attestplan

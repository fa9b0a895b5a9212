// Renderers: turn computed results into bytes (tables, JSON, CSV, Markdown, HTML, iCalendar, SVG).
// They format; they never compute.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/combined.hpp"
#include "attestplan/compare.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/drift.hpp"
#include "attestplan/escape.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/firm.hpp"
#include "attestplan/model.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/proposal.hpp"

namespace attestplan {

class PluginHost;
class VendorLibrary;
struct PluginSearch;

/// A plain-text table with aligned columns. Columns whose every cell is a figure ("1,250",
/// "91 %", "962,800 (849,000–1,079,700)") are right-aligned, header included. With a `width`
/// (0: none), a table wider than it wraps its text columns at spaces; one that still does not fit
/// is written as one block per row ("HEADER  value" lines), so no line runs past `width` unless a
/// single word is longer than the room left for it (then the word is broken, never dropped).
class ATTESTPLAN_API TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);
  [[nodiscard]] std::string render(std::string_view indent = "  ", std::size_t width = 0) const;
  [[nodiscard]] bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// The width of `text` on a terminal, in UTF-8 code points (so "→" and "ø" count one).
ATTESTPLAN_API std::size_t display_width(std::string_view text);

/// Whether a table cell is a figure to right-align: a number with grouping, an optional "%" and
/// an optional range in parentheses ("1,250", "91 %", "962,800 (849,000–1,079,700)").
ATTESTPLAN_API bool is_figure(std::string_view cell);

/// `text` with every line longer than `width` (0: none) wrapped at spaces; a continuation line is
/// indented two more than the line it continues, so findings and bullets stay readable. A word
/// longer than the room is broken.
ATTESTPLAN_API std::string fit_lines(std::string_view text, std::size_t width);

/// Above this many nodes the SVG groups components by kind and verdict (a readable picture, and a
/// layout in well under a second; engineering notes: 2,000 nodes take about 2 s to lay out).
inline constexpr std::size_t kSvgGroupAbove = 150;
/// ... or above this many edges: a small model can be dense, and Graphviz's crossing minimisation
/// grows with the edges (a 12 KB model of a few hundred cross-references took minutes).
inline constexpr std::size_t kSvgMaxEdges = 600;
/// In the grouped picture, services and subservice organizations stay one node each up to this
/// many; beyond, each kind is one group node too, so the grouped graph is bounded whatever the
/// model.
inline constexpr std::size_t kSvgMaxIndividual = 30;

/// The DOT that boundary_to_svg lays out: the boundary's own DOT when it is small enough (at most
/// `group_above` nodes and kSvgMaxEdges edges), else the grouped picture, whose size is bounded.
ATTESTPLAN_API std::string boundary_svg_dot(const Model& model, const Boundary& boundary,
                                            std::size_t group_above = kSvgGroupAbove);

/// The boundary as SVG, laid out by Graphviz (libgvc, on its own thread) with its iteration limits
/// set. Throws std::runtime_error with Graphviz's reason when layout or rendering fails.
ATTESTPLAN_API std::string boundary_to_svg(const Model& model, const Boundary& boundary,
                                           std::size_t group_above = kSvgGroupAbove);

/// `width`: the terminal's columns to fit (0: no limit), here and in the other tables.
ATTESTPLAN_API std::string render_boundary_table(const Model& model, const Boundary& boundary,
                                                 std::size_t width = 0);
/// The boundary as JSON: counts, each node with its verdict, reason and the node that reached it
/// (`via`), the subservice organizations, CSOCs, CUECs and findings. Written to `out` as it is
/// made, a chunk at a time, so its memory does not grow with the boundary.
ATTESTPLAN_API void render_boundary_json(const Model& model, const Boundary& boundary,
                                         std::ostream& out);
ATTESTPLAN_API std::string render_boundary_json(const Model& model, const Boundary& boundary);

ATTESTPLAN_API std::string render_criteria_table(const CriteriaCatalog& catalog,
                                                 std::size_t width = 0);
ATTESTPLAN_API std::string render_criteria_json(const CriteriaCatalog& catalog);

/// The estimate as a one-page engagement summary; with `explain`, followed by every ledger line.
ATTESTPLAN_API std::string render_estimate_table(const Model& model, const EstimateResult& result,
                                                 bool explain, std::size_t width = 0);
/// The estimate as JSON: summary (each figure naming its ledger line), scope, timing, ledger,
/// findings.
ATTESTPLAN_API std::string render_estimate_json(const Model& model, const EstimateResult& result,
                                                const Combination* combined = nullptr);
/// A combined engagement, after the estimate of its first report: who performs the reports, what
/// they share, each report's fee apart, each saving and the combination's fee; with `explain`,
/// each saving's rule and the ledgers of the reports combined with the first.
ATTESTPLAN_API std::string render_combined_table(const Combination& combined, bool explain,
                                                 std::size_t width = 0);
ATTESTPLAN_API std::string render_combined_markdown(const Combination& combined);
/// The ledger as CSV (RFC 4180), one line per figure.
ATTESTPLAN_API std::string render_estimate_csv(const EstimateResult& result);
/// The summary as Markdown; with `explain`, the ledger as a table.
ATTESTPLAN_API std::string render_estimate_markdown(const Model& model,
                                                    const EstimateResult& result, bool explain);
/// The calendar: phases (likely dates), milestones (earliest / likely / latest) and renewals.
ATTESTPLAN_API std::string render_plan_table(const Model& model, const EstimateResult& result,
                                             std::size_t width = 0);
/// The calendar as iCalendar (RFC 5545): all-day events for phases, milestones and renewals.
/// `stamp_utc` is the DTSTAMP ("20270104T120000Z").
ATTESTPLAN_API std::string render_plan_ics(const Model& model, const EstimateResult& result,
                                           const std::string& stamp_utc);

/// The OSCAL 1.1.2 documents attestplan writes (docs/oscal.md).
enum class OscalDocument { SystemSecurityPlan, AssessmentPlan, ComponentDefinition };
/// An OSCAL document of the model and its estimate, as JSON: the same inputs and `today`
/// (YYYY-MM-DD, its last-modified day) give the same bytes. `version`: attestplan's, named as the
/// generator. The catalog names the criteria the control ids refer to. `ssp_href`: where an
/// Assessment Plan finds the SSP it assesses (its import-ssp resource's link).
ATTESTPLAN_API std::string render_oscal(OscalDocument document, const Model& model,
                                        const EstimateResult& result,
                                        const CriteriaCatalog& catalog, std::string_view today,
                                        std::string_view version,
                                        std::string_view ssp_href = "ssp.json");
/// The vendor library (models/vendors/vendors.toml) as an OSCAL component definition: a service
/// component per vendor with what it covers, for GRC tools to take (`attestplan catalog vendors -f
/// oscal-components`).
ATTESTPLAN_API std::string render_oscal_vendor_library(const VendorLibrary& library,
                                                       const CriteriaCatalog& catalog,
                                                       std::string_view today,
                                                       std::string_view version);
/// The version 5 UUID of `name` in attestplan's OSCAL namespace (uuid5(NAMESPACE_URL,
/// "urn:attestplan:oscal")): how a reader finds the uuid of an element it knows by name.
ATTESTPLAN_API std::string oscal_uuid5(std::string_view name);

/// The evidence request (PBC) list's columns: a key (what a program matches) and the header a
/// person reads.
struct EvidenceColumn {
  const char* key;
  const char* header;
};
/// Whose copy of the evidence list: the client's (what to provide, never how many samples the
/// auditor will select), or the firm's working copy (`evidence --internal`), which adds them.
enum class EvidenceCopy { Client, Internal };
ATTESTPLAN_API std::vector<EvidenceColumn> evidence_columns(
    EvidenceCopy copy = EvidenceCopy::Client);
/// The evidence request (PBC) list as a working document: a header row (evidence_columns' headers),
/// then a row per request (plan_evidence_requests) with the control, the evidence for the period
/// (its whole population: the auditor selects the samples, unannounced), the owner role, an empty
/// assignee, the period, its due date, the fieldwork visit that tests it and an "open" status; the
/// internal copy adds how many samples the auditor selects across the window (on the control's
/// first request).
/// With a combined engagement, a "Reports" column after the criteria says which reports each
/// request serves: the first, and each other whose scope its control's evidence also shows.
ATTESTPLAN_API std::vector<std::vector<std::string>> evidence_rows(
    const Model& model, const EstimateResult& result, EvidenceCopy copy = EvidenceCopy::Client,
    const Combination* combined = nullptr);
/// evidence_rows as CSV (RFC 4180).
ATTESTPLAN_API std::string render_evidence_csv(const Model& model, const EstimateResult& result,
                                               EvidenceCopy copy = EvidenceCopy::Client,
                                               const Combination* combined = nullptr);
/// evidence_rows as an XLSX workbook (libxlsxwriter): the same rows, numbers as numbers, the header
/// frozen with a filter, the status a drop-down. Throws std::runtime_error when it cannot be
/// written.
ATTESTPLAN_API std::string render_evidence_xlsx(const Model& model, const EstimateResult& result,
                                                EvidenceCopy copy = EvidenceCopy::Client,
                                                const Combination* combined = nullptr);

/// One CSV record, each field as csv_field (escape.hpp) writes it; records end in CRLF.
ATTESTPLAN_API std::string csv_record(const std::vector<std::string>& fields);

/// compare: one row per scenario — reports in hand, each renewal met or missed (by how much),
/// year-one and two-year cost, auditor hours.
ATTESTPLAN_API std::string render_compare_table(const Model& model, const Comparison& cmp,
                                                std::size_t width = 0);
ATTESTPLAN_API std::string render_compare_markdown(const Model& model, const Comparison& cmp);
ATTESTPLAN_API std::string render_compare_csv(const Comparison& cmp);
ATTESTPLAN_API std::string render_compare_json(const Model& model, const Comparison& cmp);

/// What a quote was based on, so a partner can recompute it months later: the program, every input
/// by name and content hash (SHA-256), the seed, the runs and the percentile.
struct QuoteBasis {
  struct Input {
    std::string role;    ///< "model", "firm file", "rates", "profile", ...
    std::string name;    ///< its path, or builtin:...
    std::string sha256;  ///< of its bytes, lower-case hex
  };
  std::string version;  ///< attestplan's version
  std::vector<Input> inputs;
  std::vector<std::string> plugins;  ///< "stage: plugin" of each stage run
  /// What the request set beside the model ("report isae3000-type1", "months 6", "currency EUR",
  /// "auditor country DK"): each changes the quote, so each is in the digest.
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::size_t runs = 0;
  int percentile = 0;
  std::string command;  ///< the command that makes the same quote again
  /// SHA-256 of the whole basis, the percentile included: the client's document carries it (and
  /// not the percentile), the memo shows it, so a sent proposal is matched to its memo.
  std::string digest;
};

/// What a proposal says: the model and its estimate, the prices (proposal.hpp) and the firm that
/// sends it (nullptr: no letterhead, the acceptance block left blank for the firm).
struct ProposalDocument {
  const Model& model;
  const EstimateResult& result;
  const ProposalPricing& pricing;
  const Firm* firm = nullptr;
  std::string prepared_on;  ///< YYYY-MM-DD
  /// Recorded in the document's metadata (an HTML <meta>, a Markdown comment), never in its text.
  const QuoteBasis* basis = nullptr;
  /// The model names no auditor country and the firm's was taken: `estimate` of the same model
  /// prices another signer unless told (--auditor-country).
  bool signer_from_firm = false;
  std::string model_signer;  ///< who signs by the model alone, when signer_from_firm
  /// A combined engagement (combined_with): the letter prices the reports the firm performs
  /// together, each apart and all of them at once.
  const Combination* combination = nullptr;
};

/// The partner's internal pricing memo beside a proposal (`proposal --memo`): the percentile the
/// fee is read at and the simulated spread, the options, what moves the fee, the renewal's chance,
/// the findings, and the basis to reproduce the quote. One page; not for the client.
ATTESTPLAN_API std::string render_pricing_memo_html(const ProposalDocument& doc);
ATTESTPLAN_API std::string render_pricing_memo_markdown(const ProposalDocument& doc);

/// The shape of attestplan's JSON documents: every one says it in "schema_version"
/// (docs/changelog.md shows each version's shape). 2: totals give P10/P50/P90, tables show no
/// "likely" column, VAT, findings and framework words added.
inline constexpr int kJsonSchemaVersion = 6;

/// The Content-Security-Policy a proposal carries in its own <meta> tag: inline styles and data:
/// images only, so the printed document can fetch nothing and read no local file.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action "
    "'none'";

/// The proposal as a letter in one self-contained HTML file (inline CSS, no script) that prints on
/// A4 with page numbers. Names, never ids; every model and firm string is escaped for its context.
ATTESTPLAN_API std::string render_proposal_html(const ProposalDocument& doc);
ATTESTPLAN_API std::string render_proposal_markdown(const ProposalDocument& doc);

/// The plugins the host found: loaded, refused (with the reason) and shadowed.
ATTESTPLAN_API std::string render_plugins_table(const PluginHost& host, const PluginSearch& search,
                                                std::size_t width = 0);
ATTESTPLAN_API std::string render_plugins_json(const PluginHost& host, const PluginSearch& search);
/// What the plugins that serve declare of themselves, as Markdown tables (the README's): their data
/// files (each a --KEY flag), their options and their calibratable parameters.
ATTESTPLAN_API std::string render_plugins_markdown(const PluginHost& host);

/// Diagnostics as a JSON array of {severity, message, file, line, column, hint}.
ATTESTPLAN_API std::string render_diagnostics_json(const Diagnostics& diags);

/// Scope drift between two models (drift.hpp): the changes, the figures side by side, and the
/// significant changes a system description discloses.
ATTESTPLAN_API std::string render_drift_table(const DriftReport& report, std::size_t width = 0);
ATTESTPLAN_API std::string render_drift_json(const DriftReport& report);
ATTESTPLAN_API std::string render_drift_markdown(const DriftReport& report);

}  // namespace attestplan

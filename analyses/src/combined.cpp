// combine_reports (combined.hpp): each report of a combined engagement estimated as it would be
// alone, and what the overlap between their scopes saves, line by line.
#include "attestplan/combined.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/simulation.hpp"
#include "attestplan/toml_reader.hpp"

namespace attestplan {

std::optional<OverlapTable> OverlapTable::parse(const DataFile& file, Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "overlap table", diags);
  if (!root) return std::nullopt;
  OverlapTable t;
  t.file = file.source_name;
  TableReader top(*root, "the overlap table", file.source_name, diags);
  if (!top.format_version("attestplan-overlap", 1)) return std::nullopt;
  t.name = top.string("name", true).value_or("");
  t.source = top.string("source", true).value_or("");
  t.left = top.string_array("left");
  t.right = top.string_array("right");
  if (t.left.empty() || t.right.empty())
    diags.error("the overlap table names the frameworks of each side (left, right)", top.where());
  if (const auto* reuse = top.table("reuse")) {
    TableReader r(*reuse, "[reuse]", file.source_name, diags);
    t.planning = r.number("planning", 0, 1).value_or(0);
    t.shared_testing = r.number("shared_testing", 0, 1).value_or(0);
    t.documentation = r.number("documentation", 0, 1).value_or(0);
    t.certification_cap = r.number("certification_cap", 0, 1).value_or(0);
    r.check_unknown_keys();
  } else {
    diags.error("the overlap table has no [reuse]: what a combination saves of shared work",
                top.where());
  }
  std::set<std::string> seen;
  if (const auto* rows = top.table_array("map")) {
    for (const auto& node : *rows) {
      TableReader r(*node.as_table(), "[[map]]", file.source_name, diags);
      Row row;
      row.left = r.string("criterion", true).value_or("");
      if (!seen.insert(row.left).second)
        diags.error("criterion " + row.left + " is mapped twice", r.where("criterion"));
      row.right = r.string_array("annex_a");
      r.check_unknown_keys();
      t.rows.push_back(std::move(row));
    }
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return t;
}

const std::vector<OverlapTable>& OverlapTable::builtin() {
  static const std::vector<OverlapTable> tables = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "overlap/tsc-iso27001.toml", diags);
    auto parsed = file ? parse(*file, diags) : std::nullopt;
    if (!parsed)
      throw std::logic_error("the built-in overlap table does not read: " +
                             diags.items().front().message);
    return std::vector<OverlapTable>{std::move(*parsed)};
  }();
  return tables;
}

const OverlapTable* OverlapTable::between(const std::string& a, const std::string& b,
                                          bool& swapped) {
  auto in = [](const std::vector<std::string>& side, const std::string& id) {
    return std::find(side.begin(), side.end(), id) != side.end();
  };
  for (const auto& t : builtin()) {
    if (in(t.left, a) && in(t.right, b)) {
      swapped = false;
      return &t;
    }
    if (in(t.left, b) && in(t.right, a)) {
      swapped = true;
      return &t;
    }
  }
  return nullptr;
}

namespace {

Range scaled(const Range& r, double k) { return {r.low * k, r.likely * k, r.high * k}; }

/// Who performs the reports: one firm only where the model says so, or where no report is a
/// certification beside a report on controls (a CPA firm is not, as such, a certification body).
std::pair<bool, std::string> who_performs(const Model& model,
                                          const std::vector<CombinedReport>& reports) {
  bool certification = false, attestation = false;
  for (const auto& r : reports) (is_certification(r.report) ? certification : attestation) = true;
  const bool mixed = certification && attestation;
  const bool one = model.engagement.one_firm.value_or(!mixed);
  std::string names;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    names += (k == 0                    ? ""
              : k + 1 == reports.size() ? " and "
                                        : ", ") +
             display_name(reports[k].report);
  }
  if (one && mixed) {
    return {true,
            "One firm performs " + names +
                ": a practitioner's firm with an accredited certification arm, whose certification "
                "auditors test the shared controls with its attest team in the same weeks; the "
                "arm may not have advised on the management system it certifies (ISO/IEC "
                "17021-1, 5.2) (combined_by = \"one-firm\")"};
  }
  if (one) return {true, "One firm performs " + names + " (combined_by = \"one-firm\")"};
  std::string who;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const auto& w = words_of(reports[k].report);
    who += (k == 0 ? "" : "; ") + (w.who_signs_short.empty() ? w.signer_title : w.who_signs_short) +
           " performs the " + display_name(reports[k].report);
  }
  return {false,
          "Separate bodies: " + who +
              ". Each tests for itself, and the organization gives the shared evidence once: "
              "their fees are the two apart (combined_by = \"one-firm\" prices a firm with an "
              "accredited certification arm, which tests the shared controls once)"};
}

/// A saving of `share` of an audit stage's hours of `r` (and of its fee, run by run).
CombinedSaving stage_saving(const CombinedReport& r, std::size_t stage, double share,
                            std::string id, std::string label, std::string rule) {
  CombinedSaving s;
  s.id = std::move(id);
  s.label = std::move(label);
  s.rule = std::move(rule);
  s.report = to_string(r.report);
  s.stage = stage;
  s.share = share;
  const auto& hours = r.result.estimate.effort.stage_hours[stage];
  const auto& fee = r.result.estimate.cost.stage_fee[stage];
  s.hours = scaled(hours.value, share);
  s.fee = scaled(fee.value, share);
  for (const auto& line : {hours.line, fee.line}) {
    if (!line.empty()) s.from.push_back(s.report + ":" + line);
  }
  for (const auto* f : {&hours, &fee}) {
    if (f->line.empty()) {
      for (const auto& p : f->parts) s.from.push_back(s.report + ":" + p);
    }
  }
  return s;
}

std::vector<double> fee_runs(const CombinedReport& r, const Figure& f) {
  if (!r.result.runs) return {};
  return runs_of(r.result.estimate, *r.result.runs, f);
}

}  // namespace

Combination combine_reports(const PluginHost& host, const EstimateRequest& base,
                            const EstimateResult& first) {
  Combination c;
  const auto& model = base.model;
  c.reports.push_back({model.engagement.report, first});
  for (const auto& other : model.engagement.combined_with) {
    Model m = model;
    m.engagement.report = other;
    m.engagement.combined_with.clear();
    EstimateRequest req{m, base.catalog, base.data_overrides, base.seed};
    req.keep_runs = true;
    req.sensitivity = false;
    req.every_figure = true;
    req.boundary = &first.boundary;  // the same system: its boundary, fitted to this report
    req.draws = base.draws;
    req.abandoned = base.abandoned;
    req.parameters = base.parameters;
    c.reports.push_back({other, run_estimate(host, req)});
    const auto& r = c.reports.back().result;
    if (!r.configured || r.plugin_failed() || !r.estimate.cost.ran) {
      c.error = display_name(other) + " could not be estimated: " +
                (r.diagnostics.error_count() ? r.diagnostics.items().front().message
                                             : std::string{"a stage failed"});
      return c;
    }
  }
  std::tie(c.one_firm, c.who) = who_performs(model, c.reports);
  c.currency = first.estimate.cost.currency;

  // What each report costs apart, added run by run.
  std::vector<double> separate_runs;
  bool runs_ok = true;
  for (const auto& r : c.reports) {
    c.separate_fee += r.result.estimate.cost.fee.value;
    const auto runs = fee_runs(r, r.result.estimate.cost.fee);
    if (runs.empty() || (!separate_runs.empty() && runs.size() != separate_runs.size())) {
      runs_ok = false;
      continue;
    }
    if (separate_runs.empty()) separate_runs.assign(runs.size(), 0.0);
    for (std::size_t k = 0; k < runs.size(); ++k) separate_runs[k] += runs[k];
  }

  // What the overlap saves, between the model's report and each report combined with it.
  const auto& primary = c.reports.front();
  for (std::size_t k = 1; k < c.reports.size(); ++k) {
    const auto& other = c.reports[k];
    bool swapped = false;
    const auto* table =
        OverlapTable::between(primary.report.framework, other.report.framework, swapped);
    if (!table) {
      c.findings.push_back({Severity::Warning, "no-overlap-data",
                            "no overlap table maps " + display_name(primary.report) + " to " +
                                display_name(other.report) +
                                ": the combination is priced as the two apart, with nothing shared",
                            model.engagement.combined_where});
      continue;
    }
    c.overlap_name = table->name;
    c.overlap_source = table->source;
    const auto& left = swapped ? other : primary;   // the report on the criteria
    const auto& right = swapped ? primary : other;  // the certification
    const auto& right_scope = right.result.estimate.scope.criteria;
    const std::set<std::string> in_right(right_scope.begin(), right_scope.end());
    std::set<std::string> reached;
    std::size_t shared = 0;
    const auto& controls = left.result.estimate.scope.controls;
    for (const auto& control : controls) {
      bool any = false;
      for (const auto& criterion : control.criteria) {
        for (const auto& row : table->rows) {
          if (row.left != criterion) continue;
          for (const auto& id : row.right) {
            if (in_right.count(id)) {
              reached.insert(id);
              any = true;
            }
          }
        }
      }
      shared += any;
    }
    c.shared_controls = shared;
    c.controls = controls.size();
    c.reached = reached.size();
    c.other_scope = in_right.size();
    if (!c.one_firm) continue;  // separate bodies each test for themselves
    const double share_left = controls.empty() ? 0 : double(shared) / double(controls.size());
    const double share_right =
        in_right.empty() ? 0 : double(reached.size()) / double(in_right.size());
    const std::string left_name = display_name(left.report);
    const std::string right_name = display_name(right.report);
    const std::string table_note = " (" + table->file + ": " + table->source + ")";

    // Planning done once: of the smaller engagement's planning.
    const auto& lp = left.result.estimate.effort.stage_hours[0];
    const auto& rp = right.result.estimate.effort.stage_hours[0];
    const auto& smaller = lp.value.likely <= rp.value.likely ? left : right;
    double right_saved_hours = 0;
    if (table->planning > 0) {
      c.savings.push_back(stage_saving(
          smaller, 0, table->planning, "combined.planning",
          "Planning done once: " + display_name(smaller.report) + "'s planning",
          cat(format_number(table->planning * 100),
              " % of the smaller engagement's planning hours (", display_name(smaller.report),
              "), planned with the other's", table_note)));
      if (&smaller == &right) right_saved_hours += c.savings.back().hours.likely;
    }
    // The certification's Stage 2 on the shared controls, held within the cap.
    const auto& r_hours = right.result.estimate.effort;
    const double wanted = table->shared_testing * share_right;
    const double room = std::max(
        0.0, table->certification_cap * r_hours.auditor_hours.value.likely - right_saved_hours);
    const double stage2 = r_hours.stage_hours[2].value.likely;
    const double share = stage2 > 0 ? std::min(wanted, room / stage2) : 0;
    if (share > 0) {
      c.savings.push_back(stage_saving(
          right, 2, share, "combined.shared-testing",
          right_name + ": the shared controls tested once, for both",
          cat(format_number(table->shared_testing * 100), " % of the ", right_name,
              "'s testing on the ", std::to_string(reached.size()), " of the ",
              std::to_string(in_right.size()), " controls of its scope that the ", left_name,
              "'s controls also test: ", format_number(wanted * 100, 1), " % of its testing hours",
              share < wanted
                  ? cat(", held to ", format_number(share * 100, 1),
                        " %: a combination takes at most ",
                        format_number(table->certification_cap * 100),
                        " % of the certification's audit time (IAF MD 11's cap for integrated "
                        "audits, by analogy)")
                  : std::string{},
              table_note)));
    }
    // Testing once for both needs both teams at the organization in the same weeks: the
    // certification's Stage 2 during one of the report's fieldwork visits, which the plans here
    // do not arrange of themselves.
    if (share > 0) {
      const auto& report_visits = left.result.estimate.timing.fieldwork;
      const auto& cert_visits = right.result.estimate.timing.fieldwork;
      if (!cert_visits.empty() && !report_visits.empty()) {
        const auto& audit = cert_visits.back();
        const bool together = std::any_of(
            report_visits.begin(), report_visits.end(),
            [&](const FieldworkVisit& v) { return v.start <= audit.end && audit.start <= v.end; });
        if (!together) {
          std::string visits;
          for (const auto& v : report_visits)
            visits +=
                (visits.empty() ? "" : ", ") + v.start.to_string() + " to " + v.end.to_string();
          c.findings.push_back(
              {Severity::Warning, "combined-not-aligned",
               cat("the shared controls are tested once only if the ", right_name, "'s ",
                   audit.label, " (planned ", audit.start.to_string(), " to ",
                   audit.end.to_string(), ") falls in one of the ", left_name,
                   "'s fieldwork visits (", visits,
                   "): agree its dates with the certification body, or the saving on its testing "
                   "is not there"),
               model.engagement.combined_where});
        }
      }
    }
    // The report's documentation and walkthroughs of the shared controls, read at Stage 1.
    if (table->documentation > 0 && share_left > 0) {
      c.savings.push_back(
          stage_saving(left, 1, table->documentation * share_left, "combined.documentation",
                       left_name + ": documentation already read for the certification",
                       cat(format_number(table->documentation * 100), " % of the ", left_name,
                           "'s documentation hours on the ", std::to_string(shared), " of ",
                           std::to_string(controls.size()),
                           " controls it tests whose criteria the certification's controls share (",
                           format_number(share_left * 100, 1), " % of them)", table_note)));
    }
  }

  // The savings' fees run by run, from each report's own runs, and the combination's fee.
  std::vector<double> saving_runs(separate_runs.size(), 0.0);
  for (auto& s : c.savings) {
    c.saving += s.fee;
    const auto it = std::find_if(c.reports.begin(), c.reports.end(), [&](const CombinedReport& r) {
      return to_string(r.report) == s.report;
    });
    const auto runs = fee_runs(*it, it->result.estimate.cost.stage_fee[s.stage]);
    if (runs.size() != saving_runs.size()) {
      runs_ok = false;
      continue;
    }
    std::vector<double> own(runs.size());
    for (std::size_t k = 0; k < runs.size(); ++k) {
      own[k] = runs[k] * s.share;
      saving_runs[k] += own[k];
    }
    if (!own.empty()) s.fee_spread = percentiles(own);
  }
  c.combined_fee = {c.separate_fee.low - c.saving.high, c.separate_fee.likely - c.saving.likely,
                    c.separate_fee.high - c.saving.low};
  if (runs_ok && !separate_runs.empty()) {
    std::vector<double> combined(separate_runs.size());
    for (std::size_t k = 0; k < combined.size(); ++k)
      combined[k] = separate_runs[k] - saving_runs[k];
    c.separate_spread = percentiles(separate_runs);
    c.saving_spread = percentiles(saving_runs);
    c.combined_spread = percentiles(combined);
  }
  return c;
}

}  // namespace attestplan

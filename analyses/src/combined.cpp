// combine_reports (combined.hpp): each report of a combined engagement estimated as it would be
// alone, and what the overlap between their scopes saves, line by line.
#include "attestplan/combined.hpp"

#include <algorithm>
#include <cctype>
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
  if (!top.format_version("attestplan-overlap", 2)) return std::nullopt;
  t.name = top.string("name", true).value_or("");
  t.source = top.string("source", true).value_or("");
  t.left = top.string_array("left");
  t.right = top.string_array("right");
  t.identity = top.boolean("identity").value_or(false);
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
      row.left = r.string("id", true).value_or("");
      if (!seen.insert(row.left).second) diags.error(row.left + " is mapped twice", r.where("id"));
      row.right = r.string_array("maps_to");
      r.check_unknown_keys();
      t.rows.push_back(std::move(row));
    }
  }
  if (t.identity && !t.rows.empty())
    diags.error("an identity table maps each id to itself: it has no [[map]]", top.where());
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return t;
}

const std::vector<OverlapTable>& OverlapTable::builtin() {
  static const std::vector<OverlapTable> tables = [] {
    std::vector<OverlapTable> out;
    for (const char* name :
         {"overlap/tsc-iso27001.toml", "overlap/soc1-tsc.toml", "overlap/soc1-iso27001.toml",
          "overlap/same-criteria.toml", "overlap/same-objectives.toml"}) {
      Diagnostics diags;
      const auto file = load_data_file(std::nullopt, name, diags);
      auto parsed = file ? parse(*file, diags) : std::nullopt;
      if (!parsed)
        throw std::logic_error(std::string{"the built-in overlap table "} + name +
                               " does not read: " + diags.items().front().message);
      out.push_back(std::move(*parsed));
    }
    return out;
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

std::string names_of(const std::vector<const CombinedReport*>& reports) {
  std::string names;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    names += (k == 0                    ? "the "
              : k + 1 == reports.size() ? " and the "
                                        : ", the ") +
             display_name(reports[k]->report);
  }
  return names;
}

/// Who performs the reports. The reports on controls are one practitioner's firm's (two firms'
/// reports are two engagements, not a combination); a certification beside them is an accredited
/// certification body's, the same firm's only where the model says so (a CPA firm is not, as
/// such, a certification body).
std::pair<bool, std::string> who_performs(const Model& model,
                                          const std::vector<CombinedReport>& reports) {
  std::vector<const CombinedReport*> attest, certify;
  for (const auto& r : reports) (is_certification(r.report) ? certify : attest).push_back(&r);
  const bool mixed = !certify.empty() && !attest.empty();
  const bool one = model.engagement.one_firm.value_or(!mixed);
  if (!mixed) {
    return {true, "One firm performs " + names_of(attest.empty() ? certify : attest) +
                      ", and tests the controls they share once"};
  }
  if (one) {
    std::vector<const CombinedReport*> all;
    for (const auto& r : reports) all.push_back(&r);
    return {true,
            "One firm performs " + names_of(all) +
                ": a practitioner's firm with an accredited certification arm, whose certification "
                "auditors test the shared controls with its attest team in the same weeks; the "
                "arm may not have advised on the management system it certifies (ISO/IEC "
                "17021-1, 5.2) (combined_by = \"one-firm\")"};
  }
  // ISAE reports name no title (the auditor's country's rules decide): "the audit firm".
  const auto& w = words_of(attest.front()->report);
  std::string who =
      (w.who_signs_short.empty() ? std::string{"the audit firm"} : w.who_signs_short) +
      " performs " + names_of(attest) +
      (attest.size() > 1 ? ", and tests the controls they share once" : "");
  for (const auto* c : certify) {
    const auto& cw = words_of(c->report);
    who += "; " +
           (cw.who_signs_short.empty() ? std::string{"a certification body"} : cw.who_signs_short) +
           " performs the " + display_name(c->report);
  }
  return {false,
          "Separate bodies: " + who +
              ". The certification body tests for itself, and the organization gives the shared "
              "evidence once: its fee is the certification's apart (combined_by = \"one-firm\" "
              "prices a firm with an accredited certification arm, which tests the shared controls "
              "once)"};
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

/// What the controls of `left` reach of `right`'s scope through `table` (its left side is
/// `left`'s framework): the scope ids reached, and the indexes of the controls that reach them.
std::pair<std::set<std::string>, std::set<std::size_t>> reach(const OverlapTable& table,
                                                              const CombinedReport& left,
                                                              const CombinedReport& right) {
  const auto& right_scope = right.result.estimate.scope.criteria;
  const std::set<std::string> in_right(right_scope.begin(), right_scope.end());
  std::set<std::string> reached;
  std::set<std::size_t> shared;
  const auto& controls = left.result.estimate.scope.controls;
  for (std::size_t k = 0; k < controls.size(); ++k) {
    for (const auto& id : controls[k].criteria) {
      if (table.identity && in_right.count(id)) {
        reached.insert(id);
        shared.insert(k);
      }
      for (const auto& row : table.rows) {
        if (row.left != id) continue;
        for (const auto& to : row.right) {
          if (in_right.count(to)) {
            reached.insert(to);
            shared.insert(k);
          }
        }
      }
    }
  }
  return {std::move(reached), std::move(shared)};
}

/// A label inside a sentence: "Interim fieldwork" → "interim fieldwork" (an initialism, whose
/// second letter is a capital too, is left as it is).
std::string in_sentence(std::string label) {
  if (label.size() > 1 && std::isupper(static_cast<unsigned char>(label[0])) &&
      std::islower(static_cast<unsigned char>(label[1])))
    label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
  return label;
}

/// One calendar for one firm: a certification's Stage 2 planned in the weeks of the first report
/// on controls' fieldwork visit it can reach (the first that starts once Stage 1's findings can be
/// closed), so that the shared controls are tested once; the certification estimated again with
/// that date agreed. A date the model agrees itself ([engagement] stage2_start) is kept, and a
/// Stage 2 already in a visit is left where it is.
template <class ModelOf, class EstimateAs>
void align_certifications(Combination& c, const Model& model, const ModelOf& model_of,
                          const EstimateAs& estimate_as) {
  if (model.engagement.stage2_start) return;
  for (auto& cert : c.reports) {
    if (!is_certification(cert.report)) continue;
    const auto& cert_visits = cert.result.estimate.timing.fieldwork;
    if (cert_visits.empty()) continue;
    const auto audit = cert_visits.back();
    // The model's own report keeps the dates its estimate printed: a combination does not move
    // them behind it (combined-not-aligned says what to agree instead).
    if (&cert == &c.reports.front()) continue;
    // The first report on controls whose controls reach the certification's scope: a visit of
    // one that shares nothing with it tests nothing once.
    const CombinedReport* report = nullptr;
    for (const auto& r : c.reports) {
      bool swapped = false;
      const auto* table =
          is_certification(r.report)
              ? nullptr
              : OverlapTable::between(r.report.framework, cert.report.framework, swapped);
      if (table && !swapped && !reach(*table, r, cert).first.empty()) {
        report = &r;
        break;
      }
    }
    if (!report) continue;
    const auto& visits = report->result.estimate.timing.fieldwork;
    const auto in_a_visit = std::any_of(visits.begin(), visits.end(), [&](const FieldworkVisit& v) {
      return v.start <= audit.end && audit.start <= v.end;
    });
    if (in_a_visit) continue;
    const auto visit = std::find_if(visits.begin(), visits.end(), [&](const FieldworkVisit& v) {
      return v.start >= audit.start;
    });
    if (visit == visits.end()) continue;  // it cannot wait for one: combined-not-aligned says so
    Model m = model_of(cert.report);
    m.engagement.stage2_start = visit->start;
    auto again = estimate_as(m);
    if (!again.configured || again.plugin_failed() || !again.estimate.cost.ran) continue;
    cert.result = std::move(again);
    c.findings.push_back(
        {Severity::Note, "combined-calendar",
         cat("the ", display_name(cert.report), "'s Stage 2 audit is planned from ",
             visit->start.to_string(), ", in the ", display_name(report->report), "'s ",
             in_sentence(visit->label), " (", visit->start.to_string(), " to ",
             visit->end.to_string(),
             "), so that the controls they share are tested once; alone it could start from ",
             audit.start.to_string(),
             ". Agree the date with the certification arm, or fix it yourself with "
             "[engagement] stage2_start"),
         model.engagement.combined_where});
  }
}

}  // namespace

Combination combine_reports(const PluginHost& host, const EstimateRequest& base,
                            const EstimateResult& first) {
  Combination c;
  const auto& model = base.model;
  c.reports.push_back({model.engagement.report, first});
  // Each other report as it would be alone: the same system (the first's boundary, fitted to
  // it), the same draws of shared inputs.
  auto estimate_as = [&](const Model& m) {
    EstimateRequest req{m, base.catalog, base.data_overrides, base.seed};
    req.keep_runs = true;
    req.sensitivity = false;
    req.every_figure = true;
    req.boundary = &first.boundary;
    req.draws = base.draws;
    req.abandoned = base.abandoned;
    req.parameters = base.parameters;
    return run_estimate(host, req);
  };
  auto model_of = [&](const Report& report) {
    Model m = model;
    m.engagement.report = report;
    m.engagement.combined_with.clear();
    return m;
  };
  for (const auto& other : model.engagement.combined_with) {
    c.reports.push_back({other, estimate_as(model_of(other))});
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
  if (c.one_firm) align_certifications(c, model, model_of, estimate_as);

  // What each report costs apart, added run by run.
  std::vector<double> separate_runs;
  bool runs_ok = true;
  for (auto& r : c.reports) {
    c.separate_fee += r.result.estimate.cost.fee.value;
    r.fee_runs = fee_runs(r, r.result.estimate.cost.fee);
    const auto& runs = r.fee_runs;
    if (runs.empty() || (!separate_runs.empty() && runs.size() != separate_runs.size())) {
      runs_ok = false;
      continue;
    }
    if (separate_runs.empty()) separate_runs.assign(runs.size(), 0.0);
    for (std::size_t k = 0; k < runs.size(); ++k) separate_runs[k] += runs[k];
  }

  // What the scopes share, pair by pair, and what the reports performed by one body may take
  // from it: each report's planning but the largest's, a report's testing of what the others'
  // controls reach, a report's documentation of its controls the others share. What two pairs
  // share is credited once (the sets below are unions).
  const std::size_t n = c.reports.size();
  c.first_serves.assign(c.reports.front().result.estimate.scope.controls.size(), {});
  struct Credit {
    bool linked = false;  ///< shares work with another report, by one body
    double planning = 0, testing = 0, documentation = 0, cap = 0;  ///< the tables' [reuse]
    std::set<std::string> reached;     ///< its scope ids the others' controls reach
    std::set<std::size_t> shared;      ///< its controls whose scope ids the others' reach
    std::vector<std::size_t> testers;  ///< the reports whose controls reach its scope
    /// "file: source" of the tables each of its savings is worked from.
    std::set<std::string> planning_tables, testing_tables, documentation_tables;
  };
  std::vector<Credit> credit(n);
  auto table_note = [](const std::set<std::string>& notes) {
    std::string out;
    for (const auto& t : notes) out += (out.empty() ? " (" : "; ") + t;
    return out.empty() ? out : out + ")";
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      bool swapped = false;
      const auto* table = OverlapTable::between(c.reports[i].report.framework,
                                                c.reports[j].report.framework, swapped);
      if (!table) {
        c.findings.push_back({Severity::Warning, "no-overlap-data",
                              "no overlap table maps the " + display_name(c.reports[i].report) +
                                  " to the " + display_name(c.reports[j].report) +
                                  ": the two are priced apart, with nothing shared between them",
                              model.engagement.combined_where});
        continue;
      }
      const std::size_t li = swapped ? j : i, ri = swapped ? i : j;
      const auto& left = c.reports[li];
      const auto& right = c.reports[ri];
      auto reach_of = reach(*table, left, right);
      const auto& reached = reach_of.first;  // (named: a lambda below captures it)
      const auto& shared = reach_of.second;
      const auto& controls = left.result.estimate.scope.controls;
      CombinedOverlap o;
      o.left = to_string(left.report);
      o.right = to_string(right.report);
      o.table = table->name;
      o.source = table->source;
      o.file = table->file;
      o.same_body =
          c.one_firm || (!is_certification(left.report) && !is_certification(right.report));
      o.shared_controls = shared.size();
      o.controls = controls.size();
      o.reached = reached.size();
      o.right_scope = right.result.estimate.scope.criteria.size();
      c.overlaps.push_back(o);
      // The first report's controls whose evidence serves the other report of the pair.
      if (li == 0 || ri == 0) {
        const auto& other_id = li == 0 ? o.right : o.left;
        const auto& first_controls = c.reports.front().result.estimate.scope.controls;
        for (std::size_t k = 0; k < first_controls.size(); ++k) {
          const bool serves =
              li == 0 ? shared.count(k) > 0
                      : std::any_of(first_controls[k].criteria.begin(),
                                    first_controls[k].criteria.end(),
                                    [&](const std::string& id) { return reached.count(id) > 0; });
          if (serves) c.first_serves[k].push_back(other_id);
        }
      }
      // Separate bodies each test for themselves; a pair that shares nothing saves nothing.
      if (!o.same_body || (reached.empty() && shared.empty())) continue;
      const std::string note = table->file + ": " + table->source;
      for (const std::size_t k : {li, ri}) {
        credit[k].linked = true;
        credit[k].planning = std::max(credit[k].planning, table->planning);
        credit[k].planning_tables.insert(note);
      }
      // A Type 1 tests design alone: its tests do not serve a Type 2's tests of operation.
      const bool types_differ = !is_certification(left.report) && !is_certification(right.report) &&
                                left.report.type != right.report.type;
      if (types_differ && !reached.empty()) {
        c.findings.push_back(
            {Severity::Note, "combined-types-differ",
             "the " + display_name(left.report) + " and the " + display_name(right.report) +
                 " are of different types: a Type 1's tests of design do not serve a Type 2's "
                 "tests of operation, so only planning and documentation are shared between them",
             model.engagement.combined_where});
      } else if (!reached.empty()) {
        auto& r = credit[ri];
        r.reached.insert(reached.begin(), reached.end());
        r.testing = std::max(r.testing, table->shared_testing);
        if (table->certification_cap > 0)
          r.cap = r.cap > 0 ? std::min(r.cap, table->certification_cap) : table->certification_cap;
        r.testers.push_back(li);
        r.testing_tables.insert(note);
      }
      if (!shared.empty()) {
        auto& l = credit[li];
        l.shared.insert(shared.begin(), shared.end());
        l.documentation = std::max(l.documentation, table->documentation);
        l.documentation_tables.insert(note);
      }
    }
  }

  // Planning done once: the report with the most planning plans for all it shares work with.
  std::vector<double> saved_hours(n, 0.0);
  std::optional<std::size_t> planner;
  for (std::size_t k = 0; k < n; ++k) {
    if (!credit[k].linked) continue;
    if (!planner || c.reports[k].result.estimate.effort.stage_hours[0].value.likely >
                        c.reports[*planner].result.estimate.effort.stage_hours[0].value.likely)
      planner = k;
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (!credit[k].linked || k == *planner || credit[k].planning <= 0) continue;
    const auto& r = c.reports[k];
    c.savings.push_back(stage_saving(
        r, 0, credit[k].planning, "combined.planning." + to_string(r.report),
        "Planning done once: the " + display_name(r.report) + "'s planning",
        cat(format_number(credit[k].planning * 100), " % of the ", display_name(r.report),
            "'s planning hours, planned with the ", display_name(c.reports[*planner].report),
            "'s, which has the most planning", table_note(credit[k].planning_tables))));
    saved_hours[k] += c.savings.back().hours.likely;
  }

  // A report's testing of its scope ids the others' controls reach, tested once for all; a
  // certification's part held within its cap.
  for (std::size_t k = 0; k < n; ++k) {
    const auto& cr = credit[k];
    if (cr.reached.empty() || cr.testing <= 0) continue;
    const auto& r = c.reports[k];
    const auto& effort = r.result.estimate.effort;
    const auto scope = r.result.estimate.scope.criteria.size();
    const double wanted = cr.testing * double(cr.reached.size()) / double(scope);
    const double stage2 = effort.stage_hours[2].value.likely;
    double share = wanted;
    if (cr.cap > 0) {
      const double room =
          std::max(0.0, cr.cap * effort.auditor_hours.value.likely - saved_hours[k]);
      share = stage2 > 0 ? std::min(wanted, room / stage2) : 0;
    }
    if (share <= 0) continue;
    std::vector<const CombinedReport*> testers;
    for (const auto t : cr.testers) testers.push_back(&c.reports[t]);
    const std::string name = display_name(r.report);
    // Testing once for both needs both teams at the organization in the same weeks: a
    // certification's Stage 2 during one of a report's fieldwork visits. Where it falls in none,
    // nothing is tested once, and the saving is not counted.
    if (is_certification(r.report) && !r.result.estimate.timing.fieldwork.empty()) {
      const auto& audit = r.result.estimate.timing.fieldwork.back();
      std::vector<const CombinedReport*> apart;
      std::string visits;
      for (const auto* t : testers) {
        const auto& report_visits = t->result.estimate.timing.fieldwork;
        const bool together = std::any_of(
            report_visits.begin(), report_visits.end(),
            [&](const FieldworkVisit& v) { return v.start <= audit.end && audit.start <= v.end; });
        if (together) continue;
        apart.push_back(t);
        for (const auto& v : report_visits)
          visits += (visits.empty() ? "" : ", ") + v.start.to_string() + " to " + v.end.to_string();
      }
      if (!apart.empty() && apart.size() == testers.size()) {
        c.findings.push_back(
            {Severity::Warning, "combined-not-aligned",
             cat("the shared controls are tested once only if the ", name, "'s ", audit.label,
                 " (planned ", audit.start.to_string(), " to ", audit.end.to_string(),
                 ") falls in a fieldwork visit of ", names_of(apart), " (", visits,
                 "): agree its dates with the certification body ([engagement] stage2_start); "
                 "until then the saving on its testing is not counted"),
             model.engagement.combined_where});
        continue;
      }
    }
    const double cap_hours = cr.cap * effort.auditor_hours.value.likely;
    c.savings.push_back(stage_saving(
        r, 2, share, "combined.shared-testing." + to_string(r.report),
        "The " + name + "'s testing of the controls shared with " + names_of(testers) +
            ", done once",
        cat(format_number(cr.testing * 100), " % of the ", name, "'s testing of ",
            std::to_string(cr.reached.size()), " of the ", std::to_string(scope),
            " items of its scope (", words_of(r.report).criteria_label, ") that the controls of ",
            names_of(testers), " also test: ", format_number(wanted * 100, 1),
            " % of its testing hours",
            share < wanted
                ? cat(", held to ", format_number(share * 100, 1), " % of them (",
                      format_number(share * stage2, 1), " hours): a combination takes at most ",
                      format_number(cr.cap * 100), " % of the certification's audit time (",
                      format_number(cap_hours, 1), " of ",
                      format_number(effort.auditor_hours.value.likely, 1), " hours",
                      saved_hours[k] > 0 ? cat(", ", format_number(saved_hours[k], 1),
                                               " of them its planning saved above")
                                         : std::string{},
                      "; IAF MD 11's cap for integrated audits, by analogy)")
                : std::string{},
            table_note(cr.testing_tables))));
    saved_hours[k] += c.savings.back().hours.likely;
  }

  // A report's documentation and walkthroughs of its controls the others share, done once.
  for (std::size_t k = 0; k < n; ++k) {
    const auto& cr = credit[k];
    if (cr.shared.empty() || cr.documentation <= 0) continue;
    const auto& r = c.reports[k];
    const auto controls = r.result.estimate.scope.controls.size();
    const double share_shared = double(cr.shared.size()) / double(controls);
    const std::string name = display_name(r.report);
    c.savings.push_back(stage_saving(
        r, 1, cr.documentation * share_shared, "combined.documentation." + to_string(r.report),
        "The " + name + "'s documentation of the shared controls, read once",
        cat(format_number(cr.documentation * 100), " % of the ", name,
            "'s documentation hours on the ", std::to_string(cr.shared.size()), " of ",
            std::to_string(controls), " controls it tests that the other reports' scopes share (",
            format_number(share_shared * 100, 1), " % of them)",
            table_note(cr.documentation_tables))));
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
    s.fee_runs = std::move(own);
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
    c.saving_runs = std::move(saving_runs);
  }
  return c;
}

}  // namespace attestplan

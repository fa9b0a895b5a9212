// Estimate renderers: the one-page summary (table, Markdown), the JSON document and the CSV ledger,
// and the plugin listing. They format the ledger; every figure shown is a ledger line's value.
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/render.hpp"
#include "json_util.hpp"
#include "json_writer.hpp"

namespace attestplan {

namespace {

/// One value of a line, formatted by its unit.
std::string fmt(const LedgerLine& l, double v) {
  if (l.unit == unit::kDate) return Date::from_serial(v).to_string();
  // Days to the half day an audit's time is stated to (a certification's), else whole.
  if (l.unit == "days") return format_number(std::round(v * 10) / 10, 1);
  if (l.unit == unit::kHours || l.unit == unit::kCount || l.unit == unit::kSamples) {
    return format_grouped(v);
  }
  if (l.unit == unit::kWeeks || l.unit == unit::kFactor) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", std::round(v * 1000) / 1000);
    return buf;
  }
  return format_money(v);  // a currency
}

/// A ledger line's value for people: its own low / likely / high, or, for a line computed from
/// others, its likely figure and the simulation's P10–P90 when a result reports it.
std::string line_value(const LedgerLine& l) {
  if (l.spread) {
    return cat("likely ", fmt(l, l.value.likely), "; P10 ", fmt(l, l.spread->p10), ", P50 ",
               fmt(l, l.spread->p50), ", P90 ", fmt(l, l.spread->p90));
  }
  if (l.combine != Combine::Own)
    return cat("likely ", fmt(l, l.value.likely), " (", to_string(l.combine), " of its inputs)");
  if (!(l.value.high > l.value.low)) return fmt(l, l.value.likely);
  return cat(fmt(l, l.value.low), " / ", fmt(l, l.value.likely), " / ", fmt(l, l.value.high),
             " (low / likely / high)");
}

/// The columns of a total: P50, the central figure, between P10 and P90. The sum of every line's
/// most likely value is no figure to quote: it stays in --explain and the JSON ledger.
const std::vector<std::string> kSpreadHeaders{"", "P10", "P50", "P90"};

/// A row of a figure of the results, its values formatted by `format` ("-" when it has no line;
/// a figure the simulation did not reach shows its likely value, marked, in the middle).
std::vector<std::string> row(std::string label, const Figure& f, std::string (*format)(double)) {
  if (f.line.empty() && f.parts.empty()) return {std::move(label), "-", "-", "-"};
  if (!f.spread)
    return {std::move(label), "-", format(f.value.likely) + " (likely, not simulated)", "-"};
  return {std::move(label), format(f.spread->p10), format(f.spread->p50), format(f.spread->p90)};
}

std::vector<std::string> row(std::string label, const Milestone& m) {
  if (!m.spread)
    return {std::move(label), "-", m.likely.to_string() + " (likely, not simulated)", "-"};
  return {std::move(label), Date::from_serial(m.spread->p10).to_string(),
          Date::from_serial(m.spread->p50).to_string(),
          Date::from_serial(m.spread->p90).to_string()};
}

/// A renewal's verdict in words, with its chance.
std::string renewal_text(const RenewalCheck& c, const Report& report) {
  std::string text = cat("Renewal ", c.renewal.to_string(), " (",
                         is_certification(report) ? "certificate" : "report", " needed by ",
                         c.needed_by.to_string(), "): ", to_string(c.verdict));
  if (c.chance)
    text += cat(" — in hand in time in ", format_number(std::round(*c.chance * 100)), " % of runs");
  const long slack = c.chance ? c.median_slack_days : c.slack_days;
  text += slack < 0 ? cat("; ", std::to_string(-slack), " days late at P50")
                    : cat("; ", std::to_string(slack), " days to spare at P50");
  return text + ".";
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// The summary's sections as (title, table) pairs, shared by the text and Markdown renderers.
struct Section {
  std::string title;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
};

std::vector<std::string> scope_lines(const Model& model, const EstimateResult& r) {
  const auto& est = r.estimate;
  std::vector<std::string> out;
  std::vector<std::string> in, suggested_out;
  for (const auto& c : est.scope.categories) {
    if (c.in_scope) in.push_back(display_name(c.category));
    if (!c.in_scope && c.suggested) suggested_out.push_back(display_name(c.category));
  }
  // A scope of categories (the Trust Services Criteria's) says which; another (a certification's
  // statement of applicability) has none.
  if (!est.scope.categories.empty()) {
    out.push_back(
        "Categories: " + join(in) +
        (suggested_out.empty() ? "" : " (suggested but not chosen: " + join(suggested_out) + ")"));
  }
  std::map<std::string, int> per_prefix;
  std::size_t automated = 0, vendor = 0;
  for (const auto& c : est.scope.controls) {
    automated += c.automated;
    vendor += !c.performed_by.empty();
  }
  out.push_back(words_of(model.engagement.report).criteria_label + ": " +
                std::to_string(est.scope.criteria.size()) +
                (est.scope.carved_out.empty()
                     ? ""
                     : "; carved-out vendors' controls relevant to " + join(est.scope.carved_out)) +
                (est.scope.gaps.empty() ? "; no gaps" : "; GAPS: " + join(est.scope.gaps)));
  for (const auto& a : est.scope.additional) {
    out.push_back(cat("Additional criteria (SOC 2+): ", a.name, ", ",
                      std::to_string(a.requirements), " requirements: ",
                      std::to_string(a.with_criteria), " tested with the criteria's controls, ",
                      std::to_string(a.own_controls), " with controls of their own",
                      a.not_applicable.empty()
                          ? std::string{}
                          : cat("; ", std::to_string(a.not_applicable.size()), " not applicable")));
  }
  out.push_back("Controls to test: " + std::to_string(est.scope.controls.size()) + " (" +
                std::to_string(automated) + " automated" +
                (vendor ? ", " + std::to_string(vendor) + " at inclusive vendors" : "") + ")");
  std::vector<std::string> vendors;
  for (const auto& s : r.boundary.subservices)
    vendors.push_back(s.name + " (" + to_string(s.method) + ")");
  out.push_back("Boundary: " + std::to_string(r.boundary.in_scope_count(NodeKind::Component)) +
                " components in scope" +
                (vendors.empty() ? "" : "; subservice organizations: " + join(vendors)));
  if (!est.scope.areas_not_operating.empty()) {
    std::vector<std::string> gaps;
    for (const auto& [area, m] : est.scope.areas_not_operating)
      gaps.push_back(area + " (" + to_string(m) + ")");
    out.push_back("Control areas not yet operating: " + join(gaps) +
                  " — readiness and remediation, and so the first report's date, follow them");
  }
  if (!est.scope.signer.empty()) {
    out.push_back(
        (is_certification(model.engagement.report) ? "Who may certify: " : "Who may sign: ") +
        est.scope.signer);
  }
  // A renewal's hours depend on whose file the first year builds on: said where the figures are.
  if (!model.organization.first_audit) {
    out.push_back(model.organization.new_auditor
                      ? std::string{"Auditor: a new one, without the last report's file: its first "
                                    "year's test design, "
                                    "walkthroughs and description review are priced afresh"}
                      : std::string{"Auditor: "} +
                            (model.organization.new_auditor_stated
                                 ? "the one that issued the last report"
                                 : "assumed to be the one that issued the last report") +
                            ", rolling its file forward; a new auditor prices more (new_auditor = "
                            "true in [organization], "
                            "or estimate with its --firm)");
  }
  // Whose invoice the fee and its VAT are priced as: the signer's country is an assumption unless
  // the model states it, and a firm that sends the proposal from elsewhere changes the VAT.
  const std::string auditor = signer_country(model), buyer = country_of(model.organization);
  if (!auditor.empty() && !buyer.empty() && est.cost.vat_case != VatCase::Unknown) {
    const char* vat = "";
    switch (est.cost.vat_case) {
      case VatCase::Domestic:
        vat = "VAT added";
        break;
      case VatCase::ReverseCharge:
        vat = "no VAT added, the reverse charge applies";
        break;
      case VatCase::OutsideScope:
        vat = "no VAT, an export of services";
        break;
      case VatCase::NoVat:  // neither country has VAT: nothing to say of it
      case VatCase::Unknown:
        break;
    }
    out.push_back(
        "Priced as the invoice of an auditor in " + auditor + " to a business in " + buyer +
        (*vat ? std::string{" ("} + vat + ")" : std::string{}) +
        (model.engagement.auditor_country.empty()
             ? "; the auditor's country is assumed: set auditor_country in [engagement] for another"
             : ""));
  }
  return out;
}

std::vector<Section> summary_sections(const Model& model, const EstimateResult& r) {
  const auto& words = words_of(model.engagement.report);
  const auto& est = r.estimate;
  std::vector<Section> out;

  const auto& effort = est.effort;
  Section hours{"Auditor hours", kSpreadHeaders, {}, {}};
  for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
    hours.rows.push_back(row(words.stages[i], effort.stage_hours[i], format_grouped));
  }
  hours.rows.push_back(row("Total", effort.auditor_hours, format_grouped));
  // A certification body's audit time is not sized by samples: nothing to say of them.
  if (!effort.samples.line.empty())
    hours.rows.push_back(row("Samples tested", effort.samples, format_grouped));
  if (est.simulation.ran) {
    hours.notes.push_back(
        cat("P10 / P50 / P90: of ", format_grouped(static_cast<double>(est.simulation.draws)),
            " simulated runs of the ledger (seed ", std::to_string(est.simulation.seed),
            "); P50 is the median (a firm quotes at its own percentile: proposal "
            "--fee-percentile). --explain shows each line's own three-point "
            "estimate."));
  }
  out.push_back(std::move(hours));

  const auto& cost = est.cost;
  Section levels{"Hours by staff level", kSpreadHeaders, {}, {}};
  for (const auto& l : cost.levels) {
    if (!l.hours.line.empty()) levels.rows.push_back(row(l.level, l.hours, format_grouped));
  }
  if (!levels.rows.empty()) out.push_back(std::move(levels));

  if (!cost.fee.line.empty()) {
    // Where neither party has VAT, nothing is said of it; where the buyer cannot recover VAT, the
    // totals include what it bears.
    const std::string vat_words = cost.vat_case == VatCase::NoVat ? ""
                                  : cost.irrecoverable_vat
                                      ? ", totals incl. the VAT the organization cannot recover"
                                      : ", excl. VAT";
    Section section{"Cost (" + cost.currency + vat_words + ")", kSpreadHeaders, {}, {}};
    section.rows.push_back(row("Auditor's fee", cost.fee, format_money));
    if (cost.vat)
      section.rows.push_back(
          row("VAT on the fee (for information: what is not recovered is counted below)", *cost.vat,
              format_money));
    for (const auto& f : cost.other) section.rows.push_back(row(f.label, f, format_money));
    if (cost.irrecoverable_vat) {
      section.rows.push_back(
          row("VAT the organization cannot recover", *cost.irrecoverable_vat, format_money));
    }
    section.rows.push_back(row("Year one: total cost of ownership", cost.year_one, format_money));
    // After a Type 1, year two is the first Type 2 period tested, not a renewal.
    // A staged plan's year two is its Type 2, of the months it plans.
    // A certification's year two is its first surveillance audit.
    const auto& staged = model.engagement.then_type2_months;
    section.rows.push_back(row(is_certification(model.engagement.report)
                                   ? std::string{"Year two: the first surveillance audit"}
                               : is_type2(model.engagement.report)
                                   ? std::string{"Year two: the next 12-month Type 2"}
                                   : "Year two: the first " + std::to_string(staged.value_or(12)) +
                                         "-month Type 2" + (staged ? " (the staged plan's)" : ""),
                               cost.year_two, format_money));
    if (cost.cycle) {
      section.rows.push_back(row(cost.cycle->cycle_fee.label, cost.cycle->cycle_fee, format_money));
      if (!cost.cycle->recertification_fee.line.empty()) {
        section.rows.push_back(row("Recertification audit fee (renews the certificate)",
                                   cost.cycle->recertification_fee, format_money));
      }
    }
    if (!cost.vat_note.empty()) section.notes.push_back(cost.vat_note + ".");
    if (cost.illustrative_rates) {
      section.notes.push_back(
          "Rates are ILLUSTRATIVE: no public source gives auditor rates by staff "
          "level (docs/sources.md). Price with your own card" +
          (cost.rates_key.empty() ? std::string{"."} : ": --" + cost.rates_key + " my-firm.toml."));
    }
    out.push_back(std::move(section));
  }

  Section client{"The organization's own hours", kSpreadHeaders, {}, {}};
  for (const auto& f : effort.client_items) client.rows.push_back(row(f.label, f, format_grouped));
  if (!client.rows.empty()) {
    client.rows.push_back(row("Total", effort.client_hours, format_grouped));
    out.push_back(std::move(client));
  }

  if (est.timing.ran) {
    Section dates{"Key dates", kSpreadHeaders, {}, {}};
    for (const auto& m : est.timing.milestones) dates.rows.push_back(row(m.label, m));
    for (const auto& c : est.timing.renewals)
      dates.notes.push_back(renewal_text(c, model.engagement.report));
    out.push_back(std::move(dates));
  }
  return out;
}

/// The inputs that move the fee and the report date most: each at its P10 and its P90, every other
/// input at its median.
std::vector<Section> sensitivity_sections(const Estimate& est) {
  std::vector<Section> out;
  for (const auto& s : est.sensitivity) {
    // The readiness consultant's fee has its own tornado (in the JSON, and a consultant's memo).
    if (s.target == "readiness") continue;
    const bool date = s.unit == unit::kDate;
    auto value = [&](double v) {
      return date ? Date::from_serial(v).to_string() : format_money(v);
    };
    Section section{
        date ? "What moves the report date most" : cat("What moves the fee most (", s.unit, ")"),
        {"input", "at its P10", "at its P90", date ? "swing (days)" : "swing"},
        {},
        {}};
    for (std::size_t i = 0; i < s.swings.size() && i < 5; ++i) {
      const auto& sw = s.swings[i];
      section.rows.push_back(
          {sw.label, value(sw.at_p10), value(sw.at_p90),
           date ? std::to_string(std::lround(sw.width())) : format_money(sw.width())});
    }
    section.notes.push_back(
        cat("Each input at its P10 and its P90 with every other input at its median (",
            value(s.base), "); ledger line ", s.line, "."));
    out.push_back(std::move(section));
  }
  return out;
}

std::string header_line(const Model& model) {
  const auto& e = model.engagement;
  std::string text = model.organization.name + " — " + display_name(e.report);
  if (is_type2(e.report)) {
    text += ", " + std::to_string(e.observation_months.value_or(kDefaultObservationMonths)) +
            "-month window";
  }
  return text;
}

std::string stage_problems(const EstimateResult& r) {
  std::string out;
  for (const auto& s : r.estimate.stages) {
    if (s.status == StageStatus::Ok) continue;
    // A failed add-on: the stage ran without it, and its figures lack what the add-on adds.
    out += "  " + std::string{to_string(s.stage)} + " stage " +
           (s.add_on ? "ran without add-on " + s.plugin + ", which " : std::string{}) +
           to_string(s.status) + ": " + s.message + "\n";
  }
  return out;
}

}  // namespace

std::string render_estimate_table(const Model& model, const EstimateResult& r, bool explain,
                                  std::size_t width) {
  std::string out = header_line(model) + "\n";
  out.append(header_line(model).size() > 80 ? 80 : header_line(model).size(), '=');
  out += "\n\nScope\n";
  for (const auto& line : scope_lines(model, r)) out += "  " + line + "\n";
  for (const auto& s : summary_sections(model, r)) {
    TextTable t(s.headers);
    for (const auto& row_cells : s.rows) t.add_row(row_cells);
    out += "\n" + s.title + "\n" + t.render("  ", width);
    for (const auto& n : s.notes) out += "  " + n + "\n";
  }
  if (const auto problems = stage_problems(r); !problems.empty())
    out += "\nStages that did not run\n" + problems;
  out += "\nFindings (" + std::to_string(r.estimate.findings.size()) + ")\n";
  if (r.estimate.findings.empty()) out += "  none\n";
  for (const auto& f : r.estimate.findings) {
    out += "  " + std::string{to_string(f.severity)} + " [" + f.code + "] " + f.message + "\n";
  }
  if (explain) {
    for (const auto& s : sensitivity_sections(r.estimate)) {
      TextTable t(s.headers);
      for (const auto& row_cells : s.rows) t.add_row(row_cells);
      out += "\n" + s.title + "\n" + t.render("  ", width);
      for (const auto& n : s.notes) out += "  " + n + "\n";
    }
    out += "\nLedger (" + std::to_string(r.estimate.lines.size()) +
           " lines: every figure above is one of these or a sum of them)\n";
    for (const auto& l : r.estimate.lines) {
      out += "\n  " + l.id + " = " + line_value(l) + " " + l.unit + "   [" + l.plugin + "]\n";
      out += "    " + l.label + "\n    rule: " + l.rule + "\n";
      if (!l.inputs.empty()) {
        std::string in;
        for (const auto& [k, v] : l.inputs) in += (in.empty() ? "" : ", ") + k + " = " + v;
        out += "    inputs: " + in + "\n";
      }
      if (!l.from.empty()) {
        std::string from = l.from.size() > 6
                               ? join({l.from.begin(), l.from.begin() + 6}) + ", … (" +
                                     std::to_string(l.from.size()) + " lines)"
                               : join(l.from);
        out += "    from: " + from + "\n";
      }
      if (!l.drivers.empty()) out += "    moves with: " + join(l.drivers) + "\n";
    }
    // Where imported components came from, so a figure can be traced back to the estate.
    std::string imported;
    std::size_t count = 0;
    for (const auto& c : model.components) {
      if (c.source.empty()) continue;
      ++count;
      imported += "  " + c.id + " (" + to_string(c.kind) + ") from " + c.source + "\n";
    }
    if (count) out += "\nImported components (" + std::to_string(count) + ")\n" + imported;
  } else {
    out += "\nEvery figure is explained line by line with --explain (or --format json).\n";
  }
  return fit_lines(out, width);
}

namespace {

double r2(double x) { return std::round(x * 100) / 100; }

/// A value as JSON: a date as "YYYY-MM-DD", a number to two decimals.
void put_value(detail::JsonWriter& w, const char* key, double v, bool date) {
  if (date)
    w.field(key, Date::from_serial(v).to_string());
  else
    w.field(key, r2(v));
}

/// A total: its likely figure and the simulation's P10 / P50 / P90 (no low / high: those would be
/// sums of every line's extreme).
void write_spread(detail::JsonWriter& w, double likely, const std::optional<Percentiles>& p,
                  bool date) {
  auto put = [&](const char* key, double v) { put_value(w, key, v, date); };
  w.begin_object();
  put("likely", likely);
  if (p) {
    put("p10", p->p10);
    put("p50", p->p50);
    put("p90", p->p90);
  }
  w.end_object();
}

/// A ledger line's value: its own three-point estimate, or, for a line computed from others, the
/// likely figure and the simulation's percentiles.
void write_value(detail::JsonWriter& w, const LedgerLine& l) {
  const bool date = l.unit == unit::kDate;
  if (l.spread) return write_spread(w, l.value.likely, l.spread, date);
  auto put = [&](const char* key, double v) { put_value(w, key, v, date); };
  w.begin_object();
  put("low", l.value.low);
  put("likely", l.value.likely);
  put("high", l.value.high);
  w.end_object();
}

/// The head of the document: whose estimate, of which report, in which currency, and each stage's
/// plugin and how it ran.
void write_head(detail::JsonWriter& w, const Model& model, const Estimate& est) {
  w.field("schema_version", kJsonSchemaVersion);
  w.field("organization", model.organization.name);
  w.field("report", to_string(model.engagement.report));
  w.field("currency", est.cost.currency);
  w.field("illustrative_rates", est.cost.illustrative_rates);
  w.field("rates_key", est.cost.rates_key);
  if (!est.cost.vat_note.empty()) w.field("vat_note", est.cost.vat_note);
  if (est.cost.ran) {
    static constexpr const char* kVatCases[] = {"unknown", "domestic", "reverse-charge",
                                                "outside-scope", "none"};
    w.field("vat_case", kVatCases[static_cast<int>(est.cost.vat_case)]);
  }
  w.field("signer", est.scope.signer);
  w.key("stages");
  w.begin_array();
  for (const auto& s : est.stages) {
    w.begin_object();
    w.field("stage", to_string(s.stage));
    w.field("plugin", s.plugin);
    w.field("status", to_string(s.status));
    w.field("message", s.message);
    if (s.add_on) w.field("add_on", true);
    if (!s.add_ons.empty()) {
      w.key("add_ons");
      w.strings(s.add_ons);
    }
    w.end_object();
  }
  w.end_array();
}

/// A figure's value: its line's three points, or the simulation's percentiles where it has them.
void write_figure_value(detail::JsonWriter& w, const Estimate& est, const Figure& f) {
  w.key("value");
  if (const auto* line = est.find(f.line); line && !f.spread)
    write_value(w, *line);
  else
    write_spread(w, f.value.likely, f.spread, false);
}

/// "summary": the headline figures, each repeating a ledger value and naming the line it comes
/// from.
void write_summary(detail::JsonWriter& w, const Model& model, const Estimate& est) {
  w.key("summary");
  w.begin_object();
  auto put = [&](const std::string& key, const Figure& f, const std::string& unit,
                 const std::string& title = {}) {
    if (f.line.empty()) return;
    w.key(key);
    w.begin_object();
    w.field("line", f.line);
    if (!title.empty()) w.field("title", title);
    w.field("unit", unit);
    write_figure_value(w, est, f);
    w.end_object();
  };
  const auto& effort = est.effort;
  const auto& cost = est.cost;
  put("auditor_hours", effort.auditor_hours, unit::kHours);
  for (std::size_t i = 0; i < std::size(kAuditStages); ++i) {
    put(std::string{"auditor_hours_"} + kAuditStages[i].id, effort.stage_hours[i], unit::kHours,
        words_of(model.engagement.report).stages[i]);
  }
  put("client_hours", effort.client_hours, unit::kHours);
  put("samples", effort.samples, unit::kSamples);
  put("fee", cost.fee, cost.currency);
  if (cost.vat) put("vat", *cost.vat, cost.currency);
  if (cost.irrecoverable_vat) put("irrecoverable_vat", *cost.irrecoverable_vat, cost.currency);
  if (cost.irrecoverable_vat_next)
    put("irrecoverable_vat_year_two", *cost.irrecoverable_vat_next, cost.currency);
  put("tco_year_one", cost.year_one, cost.currency);
  put("tco_year_two", cost.year_two, cost.currency);
  if (cost.cycle) {
    put("certification_cycle_fee", cost.cycle->cycle_fee, cost.currency);
    put("recertification_fee", cost.cycle->recertification_fee, cost.currency);
  }
  put("controls", est.scope.control_count, unit::kCount);
  put("criteria", est.scope.criteria_count, unit::kCount);
  if (const auto* report = est.timing.milestone(kReportInHand)) {
    w.key("report_in_hand");
    w.begin_object();
    w.field("line", report->line);
    w.field("unit", unit::kDate);
    w.key("value");
    write_spread(w, report->likely.serial(), report->spread, true);
    w.end_object();
  }
  w.end_object();
}

/// "simulation", "drivers" and "sensitivity": how the figures were simulated, and what moves the
/// fee and the report date most (each input at its P10 and P90, the rest at median).
void write_simulation(detail::JsonWriter& w, const Estimate& est) {
  w.key("simulation");
  w.begin_object();
  w.field("draws", static_cast<long long>(est.simulation.draws));
  w.field("seed", static_cast<long long>(est.simulation.seed));
  w.field("source", est.simulation.source);
  w.field("distribution", "triangular");
  w.end_object();
  w.key("drivers");
  w.begin_array();
  for (const auto& d : est.drivers) {
    w.begin_object();
    w.field("id", d.id);
    w.field("label", d.label);
    w.end_object();
  }
  w.end_array();
  w.key("sensitivity");
  w.begin_array();
  for (const auto& s : est.sensitivity) {
    const bool date = s.unit == unit::kDate;
    w.begin_object();
    w.field("target", s.target);
    w.field("line", s.line);
    w.field("unit", s.unit);
    put_value(w, "base", s.base, date);
    w.key("swings");
    w.begin_array();
    for (const auto& sw : s.swings) {
      w.begin_object();
      w.field("input", sw.input);
      w.field("label", sw.label);
      put_value(w, "at_p10", sw.at_p10, date);
      put_value(w, "at_p90", sw.at_p90, date);
      if (date)
        w.field("swing_days", static_cast<long long>(std::lround(sw.width())));
      else
        w.field("swing", r2(sw.width()));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

/// "scope": the categories, the criteria and what is carved out, the gaps, the user entity
/// controls, the areas not yet operating and the controls in scope.
void write_scope(detail::JsonWriter& w, const Estimate& est) {
  w.key("scope");
  w.begin_object();
  w.key("categories");
  w.begin_array();
  for (const auto& c : est.scope.categories) {
    w.begin_object();
    w.field("category", to_string(c.category));
    w.field("in_scope", c.in_scope);
    w.field("suggested", c.suggested);
    w.key("reasons");
    w.strings(c.reasons);
    w.end_object();
  }
  w.end_array();
  w.key("criteria");
  w.strings(est.scope.criteria);
  w.key("carved_out");
  w.strings(est.scope.carved_out);
  w.key("gaps");
  w.strings(est.scope.gaps);
  w.key("cuecs");
  w.strings(est.scope.cuecs);
  w.key("areas_not_operating");
  w.begin_array();
  for (const auto& [area, m] : est.scope.areas_not_operating) {
    w.begin_object();
    w.field("area", area);
    w.field("maturity", to_string(m));
    w.end_object();
  }
  w.end_array();
  w.key("controls");
  w.begin_array();
  for (std::size_t i = 0; i < est.scope.controls.size(); ++i) {
    const auto& c = est.scope.controls[i];
    w.begin_object();
    w.field("id", c.id);
    w.field("title", c.title);
    w.key("criteria");
    w.strings(c.criteria);
    w.field("frequency", to_string(c.frequency));
    w.field("nature", c.automated ? "automated" : "manual");
    w.field("evidence", c.evidence);
    w.field("evidence_category", c.evidence_category);
    w.field("owner", c.owner);
    w.field("why", c.why);
    if (i < est.effort.controls.size())
      w.field("samples_line", est.effort.controls[i].samples.line);
    if (!c.population.empty()) w.field("population", c.population);
    if (!c.performed_by.empty()) w.field("performed_by", c.performed_by);
    w.end_object();
  }
  w.end_array();
  if (!est.scope.additional.empty()) {
    w.key("additional");
    w.begin_array();
    for (const auto& a : est.scope.additional) {
      w.begin_object();
      w.field("id", a.id);
      w.field("name", a.name);
      w.field("regulation", a.regulation);
      w.field("requirements", static_cast<long long>(a.requirements));
      w.field("with_criteria", static_cast<long long>(a.with_criteria));
      w.field("own_controls", static_cast<long long>(a.own_controls));
      w.key("not_applicable");
      w.strings(a.not_applicable);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

/// "effort" and "cost": the figures readers list (the UI's tables and charts), each naming its
/// line, with what it is: the contract's roles rather than the plugins' own kinds.
void write_listed_figures(detail::JsonWriter& w, const Estimate& est) {
  const auto& cost = est.cost;
  auto item = [&](const Figure& f, auto&& extra) {
    if (f.line.empty()) return;
    w.begin_object();
    w.field("line", f.line);
    w.field("title", f.label);
    extra();
    write_figure_value(w, est, f);
    w.end_object();
  };
  w.key("effort");
  w.begin_object();
  w.key("client_hours");
  w.begin_array();
  for (const auto& f : est.effort.client_items) item(f, [&] { w.field("unit", unit::kHours); });
  w.end_array();
  w.end_object();
  w.key("cost");
  w.begin_object();
  w.key("beside_fee");
  w.begin_array();
  for (const auto& c : cost.other) {
    item(c, [&] {
      w.field("role", to_string(c.role));
      w.field("unit", cost.currency);
    });
  }
  w.end_array();
  w.key("hours_by_level");
  w.begin_array();
  for (const auto& l : cost.levels) {
    item(l.hours, [&] {
      w.field("level", l.level);
      w.field("unit", unit::kHours);
    });
  }
  w.end_array();
  w.end_object();
}

/// "timing": the milestones, the phases, each renewal's verdict and the window.
void write_timing(detail::JsonWriter& w, const Estimate& est) {
  const auto* report = est.timing.milestone(kReportInHand);
  w.key("timing");
  w.begin_object();
  w.key("milestones");
  w.begin_array();
  for (const auto& m : est.timing.milestones) {
    w.begin_object();
    w.field("id", m.id);
    w.field("label", m.label);
    w.field("line", m.line);
    w.key("value");
    write_spread(w, m.likely.serial(), m.spread, true);
    w.end_object();
  }
  w.end_array();
  w.key("phases");
  w.begin_array();
  for (const auto& p : est.timing.phases) {
    w.begin_object();
    w.field("id", p.id);
    w.field("role", to_string(p.role));
    if (!p.subject.empty()) w.field("subject", p.subject);
    w.field("label", p.label);
    w.field("start", p.start.to_string());
    w.field("end", p.end.to_string());
    w.key("lines");
    w.strings(p.lines);
    w.end_object();
  }
  w.end_array();
  w.key("renewals");
  w.begin_array();
  for (const auto& c : est.timing.renewals) {
    w.begin_object();
    w.field("renewal", c.renewal.to_string());
    w.field("needed_by", c.needed_by.to_string());
    w.field("verdict", to_string(c.verdict));
    if (c.chance) w.field("chance", std::round(*c.chance * 1000) / 1000);
    w.field("lead_days", c.lead_days);
    w.field("slack_days", c.slack_days);
    if (c.chance) w.field("p50_slack_days", c.median_slack_days);
    w.field("p90_slack_days", c.worst_slack_days);
    if (c.wrong_report) w.field("needs", "type2");
    if (report) w.field("report_line", report->line);
    w.end_object();
  }
  w.end_array();
  if (est.timing.window) {
    w.key("window");
    w.begin_object();
    w.field("start", est.timing.window->start.to_string());
    w.field("end", est.timing.window->end.to_string());
    w.end_object();
  }
  w.end_object();
}

/// "findings": each with its severity, code and message, and where in the inputs it was found.
void write_findings(detail::JsonWriter& w, const Estimate& est) {
  w.key("findings");
  w.begin_array();
  for (const auto& f : est.findings) {
    w.begin_object();
    w.field("severity", to_string(f.severity));
    w.field("code", f.code);
    w.field("message", f.message);
    if (f.role != FindingRole::Other) w.field("role", to_string(f.role));
    if (!f.subject.empty()) w.field("subject", f.subject);
    w.key("where");
    w.begin_object();
    w.field("file", f.where.file.str());
    if (f.where.line > 0) {
      w.field("line", static_cast<long long>(f.where.line));
      w.field("column", static_cast<long long>(f.where.column));
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
}

/// "ledger": every line, with its plugin, rule, inputs, value and the lines it is made from.
void write_ledger(detail::JsonWriter& w, const Estimate& est) {
  w.key("ledger");
  w.begin_array();
  for (const auto& l : est.lines) {
    w.begin_object();
    w.field("id", l.id);
    w.field("plugin", l.plugin);
    w.field("stage", to_string(l.stage));
    w.field("kind", l.kind);
    w.field("group", l.group);
    w.field("label", l.label);
    w.field("rule", l.rule);
    w.key("inputs");
    w.begin_object();
    for (const auto& [k, v] : l.inputs) w.field(k, v);
    w.end_object();
    w.key("value");
    write_value(w, l);
    w.field("unit", l.unit);
    w.key("from");
    w.strings(l.from);
    w.field("combine", to_string(l.combine));
    if (!l.drivers.empty()) {
      w.key("drivers");
      w.strings(l.drivers);
    }
    if (!l.level.empty()) w.field("level", l.level);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

namespace detail {
void write_combined(JsonWriter& w, const Combination& c);  // render_combined.cpp
}  // namespace detail

std::string render_estimate_json(const Model& model, const EstimateResult& r,
                                 const Combination* combined) {
  const auto& est = r.estimate;
  std::string out;
  out.reserve(64 * 1024 + est.lines.size() * 600);
  detail::JsonWriter w(out);
  w.begin_object();
  write_head(w, model, est);
  write_summary(w, model, est);
  write_simulation(w, est);
  write_scope(w, est);
  write_listed_figures(w, est);
  write_timing(w, est);
  write_findings(w, est);
  write_ledger(w, est);
  if (combined) detail::write_combined(w, *combined);
  w.end_object();
  out += '\n';
  return out;
}

namespace {

std::string raw(const LedgerLine& l, double v) {
  if (l.unit == unit::kDate) return Date::from_serial(v).to_string();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

std::string render_estimate_csv(const EstimateResult& r) {
  // A line of its own has low / likely / high; a computed one its likely value and, when a result
  // reports it, the simulation's P10 / P50 / P90 (never the sum of its inputs' extremes).
  std::string out =
      "id,plugin,stage,kind,group,level,label,low,likely,high,p10,p50,p90,unit,combine,drivers,"
      "rule,inputs,from\r\n";
  for (const auto& l : r.estimate.lines) {
    std::string inputs;
    for (const auto& [k, v] : l.inputs) inputs += (inputs.empty() ? "" : "; ") + k + "=" + v;
    const bool own = l.combine == Combine::Own && l.unit != unit::kDate;
    const std::vector<std::string> fields{l.id,
                                          l.plugin,
                                          to_string(l.stage),
                                          l.kind,
                                          l.group,
                                          l.level,
                                          l.label,
                                          own ? raw(l, l.value.low) : "",
                                          raw(l, l.value.likely),
                                          own ? raw(l, l.value.high) : "",
                                          l.spread ? raw(l, l.spread->p10) : "",
                                          l.spread ? raw(l, l.spread->p50) : "",
                                          l.spread ? raw(l, l.spread->p90) : "",
                                          l.unit,
                                          to_string(l.combine),
                                          join(l.drivers, " "),
                                          l.rule,
                                          inputs,
                                          join(l.from, " ")};
    out += csv_record(fields);
  }
  return out;
}

std::string render_estimate_markdown(const Model& model, const EstimateResult& r, bool explain) {
  std::string out = "# " + escape_markdown(header_line(model)) + "\n\n## Scope\n\n";
  for (const auto& line : scope_lines(model, r)) out += "- " + escape_markdown(line) + "\n";
  for (const auto& s : summary_sections(model, r)) {
    out += "\n## " + escape_markdown(s.title) + "\n\n" + markdown_table(s.headers, s.rows);
    for (const auto& n : s.notes) out += "\n" + escape_markdown(n) + "\n";
  }
  if (const auto problems = stage_problems(r); !problems.empty()) {
    out += "\n## Stages that did not run\n\n```\n" + problems + "```\n";
  }
  out += "\n## Findings\n\n";
  if (r.estimate.findings.empty()) out += "None.\n";
  for (const auto& f : r.estimate.findings) {
    out += "- **" + std::string{to_string(f.severity)} + "** (" + escape_markdown(f.code) + ") " +
           escape_markdown(f.message) + "\n";
  }
  if (explain) {
    for (const auto& s : sensitivity_sections(r.estimate)) {
      out += "\n## " + escape_markdown(s.title) + "\n\n" + markdown_table(s.headers, s.rows);
      for (const auto& n : s.notes) out += "\n" + escape_markdown(n) + "\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& l : r.estimate.lines)
      rows.push_back({l.id, line_value(l), l.unit, l.plugin, l.rule});
    out += "\n## Ledger\n\n" + markdown_table({"line", "value", "unit", "plugin", "rule"}, rows);
  }
  return out;
}

}  // namespace attestplan

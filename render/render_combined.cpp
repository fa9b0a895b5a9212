// A combined engagement in the estimate's outputs: who performs the reports, what the overlap
// shares, each report's fee apart, each saving as a line and the combination's fee; with
// --explain, each saving's rule and the figures it is worked from, and the ledgers of the reports
// combined with the model's.
#include <cmath>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/render.hpp"
#include "json_writer.hpp"

namespace attestplan {

namespace {

std::vector<std::string> money_row(std::string label, const Range& value,
                                   const std::optional<Percentiles>& spread) {
  if (!spread)
    return {std::move(label), "-", format_money(value.likely) + " (likely, not simulated)", "-"};
  return {std::move(label), format_money(spread->p10), format_money(spread->p50),
          format_money(spread->p90)};
}

double p50_or_likely(const Range& value, const std::optional<Percentiles>& spread) {
  return spread ? spread->p50 : value.likely;
}

std::string percent(double share) { return format_number(std::round(share * 1000) / 10) + " %"; }

/// The display name of the combination's report with this id.
std::string report_name(const Combination& c, const std::string& id) {
  for (const auto& r : c.reports) {
    if (to_string(r.report) == id) return display_name(r.report);
  }
  return id;
}

struct Part {
  std::string title;
  std::vector<std::string> lines;  ///< sentences above the table
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
};

Part combined_part(const Combination& c) {
  Part p;
  std::string names;
  for (std::size_t k = 0; k < c.reports.size(); ++k)
    names += (k == 0 ? "" : " + ") + display_name(c.reports[k].report);
  p.title = "Combined engagement: " + names + " (" + c.currency + ", excl. VAT)";
  if (!c.error.empty()) {
    p.lines.push_back("Not worked out: " + c.error);
    return p;
  }
  p.lines.push_back("Who: " + c.who);
  for (const auto& o : c.overlaps) {
    p.lines.push_back(cat("Shared: ", std::to_string(o.shared_controls), " of the ",
                          std::to_string(o.controls), " controls the ", report_name(c, o.left),
                          " tests reach ", std::to_string(o.reached), " of the ",
                          std::to_string(o.right_scope), " items of the ", report_name(c, o.right),
                          "'s scope", o.same_body ? "" : ", tested again by its own body", " (",
                          o.table, "; ", o.source, ")"));
  }
  for (const auto& r : c.reports) {
    const auto& fee = r.result.estimate.cost.fee;
    p.rows.push_back(money_row(display_name(r.report) + ": fee apart", fee.value, fee.spread));
  }
  p.rows.push_back(money_row("The reports apart", c.separate_fee, c.separate_spread));
  for (const auto& s : c.savings)
    p.rows.push_back(money_row("Saved: " + s.label, s.fee, s.fee_spread));
  p.rows.push_back(money_row("Saved in all", c.saving, c.saving_spread));
  p.rows.push_back(money_row("Combined fee", c.combined_fee, c.combined_spread));
  const double apart = p50_or_likely(c.separate_fee, c.separate_spread);
  if (apart > 0) {
    p.notes.push_back(cat("The combination saves ",
                          percent(p50_or_likely(c.saving, c.saving_spread) / apart),
                          " of the reports' fees apart at P50 (each saving's rule: --explain)."));
  }
  for (std::size_t k = 1; k < c.reports.size(); ++k) {
    const auto& e = c.reports[k].result.estimate;
    std::string line =
        display_name(c.reports[k].report) + ": " +
        format_grouped(e.effort.auditor_hours.spread ? e.effort.auditor_hours.spread->p50
                                                     : e.effort.auditor_hours.value.likely) +
        " auditor hours at P50";
    if (e.cost.cycle) {
      line += "; three-year cycle fee " +
              format_money(
                  p50_or_likely(e.cost.cycle->cycle_fee.value, e.cost.cycle->cycle_fee.spread)) +
              ", recertification " +
              format_money(p50_or_likely(e.cost.cycle->recertification_fee.value,
                                         e.cost.cycle->recertification_fee.spread));
    }
    if (const auto* in_hand = e.timing.milestone(kReportInHand)) {
      line +=
          "; " + in_hand->label + " " +
          (in_hand->spread ? Date::from_serial(in_hand->spread->p50) : in_hand->likely).to_string();
    }
    p.notes.push_back(line);
  }
  for (const auto& f : c.findings)
    p.notes.push_back(std::string{to_string(f.severity)} + " [" + f.code + "] " + f.message);
  // The other reports' own findings (the first report's are the estimate's above).
  for (std::size_t k = 1; k < c.reports.size(); ++k) {
    for (const auto& f : c.reports[k].result.estimate.findings) {
      p.notes.push_back(std::string{to_string(f.severity)} + " [" + f.code + "] " +
                        display_name(c.reports[k].report) + ": " + f.message);
    }
  }
  return p;
}

/// A three-point value: "likely (low L, high H)".
std::string value_text(const Range& r) {
  return r.low == r.high ? format_number(r.likely)
                         : format_number(r.likely) + " (low " + format_number(r.low) + ", high " +
                               format_number(r.high) + ")";
}

std::string money_text(const Range& r) {
  return r.low == r.high ? format_money(r.likely)
                         : format_money(r.likely) + " (low " + format_money(r.low) + ", high " +
                               format_money(r.high) + ")";
}

}  // namespace

std::string render_combined_table(const Combination& c, bool explain, std::size_t width) {
  const auto p = combined_part(c);
  std::string out = "\n" + p.title + "\n";
  for (const auto& l : p.lines) out += "  " + l + "\n";
  if (!p.rows.empty()) {
    TextTable t({"", "P10", "P50", "P90"});
    for (const auto& r : p.rows) t.add_row(r);
    out += t.render("  ", width);
  }
  for (const auto& n : p.notes) out += "  " + n + "\n";
  if (explain && c.error.empty()) {
    out += "\nCombined engagement: each saving\n";
    if (c.savings.empty()) {
      out += "\n  none: " +
             std::string{c.one_firm ? "no overlap table maps these reports"
                                    : "separate bodies each test for themselves"} +
             "\n";
    }
    for (const auto& s : c.savings) {
      out += "\n  " + s.id + " = likely " + money_text(s.fee) + " " + c.currency +
             (s.fee_spread ? "; P50 " + format_money(s.fee_spread->p50) : std::string{}) + "; " +
             value_text(s.hours) + " hours of " + s.report + " (" + kAuditStages[s.stage].id +
             ")\n";
      out += "    " + s.label + "\n    rule: " + s.rule + "\n";
      std::string from;
      for (const auto& f : s.from) from += (from.empty() ? "" : ", ") + f;
      out += "    from: " + from + "\n";
    }
    for (std::size_t k = 1; k < c.reports.size(); ++k) {
      const auto& e = c.reports[k].result.estimate;
      out += "\nLedger of " + to_string(c.reports[k].report) + " (" +
             std::to_string(e.lines.size()) + " lines, as estimated alone)\n";
      for (const auto& l : e.lines) {
        out += "\n  " + l.id + " = " + value_text(l.value) + " " + l.unit + "   [" + l.plugin +
               "]\n    " + l.label + "\n    rule: " + l.rule + "\n";
        if (!l.from.empty()) {
          std::string from;
          for (const auto& f : l.from) from += (from.empty() ? "" : ", ") + f;
          out += "    from: " + from + "\n";
        }
      }
    }
  }
  return out;
}

std::string render_combined_markdown(const Combination& c) {
  const auto p = combined_part(c);
  std::string out = "\n## " + escape_markdown(p.title) + "\n\n";
  for (const auto& l : p.lines) out += "- " + escape_markdown(l) + "\n";
  if (!p.rows.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : p.rows) {
      rows.push_back({});
      for (const auto& cell : r) rows.back().push_back(escape_markdown(cell));
    }
    out += "\n" + markdown_table({"", "P10", "P50", "P90"}, rows);
  }
  for (const auto& n : p.notes) out += "\n" + escape_markdown(n) + "\n";
  return out;
}

namespace detail {

void write_combined(JsonWriter& w, const Combination& c) {
  auto value = [&](const Range& r, const std::optional<Percentiles>& spread) {
    w.begin_object();
    w.field("low", r.low);
    w.field("likely", r.likely);
    w.field("high", r.high);
    if (spread) {
      w.field("p10", spread->p10);
      w.field("p50", spread->p50);
      w.field("p90", spread->p90);
    }
    w.end_object();
  };
  w.key("combined");
  w.begin_object();
  w.key("reports");
  w.begin_array();
  for (const auto& r : c.reports) {
    w.begin_object();
    w.field("id", to_string(r.report));
    w.field("name", display_name(r.report));
    w.key("fee");
    value(r.result.estimate.cost.fee.value, r.result.estimate.cost.fee.spread);
    w.end_object();
  }
  w.end_array();
  if (!c.error.empty()) w.field("error", c.error);
  w.field("one_firm", c.one_firm);
  w.field("who", c.who);
  w.field("currency", c.currency);
  w.key("overlaps");
  w.begin_array();
  for (const auto& o : c.overlaps) {
    w.begin_object();
    w.field("left", o.left);
    w.field("right", o.right);
    w.field("table", o.table);
    w.field("source", o.source);
    w.field("same_body", o.same_body);
    w.field("shared_controls", static_cast<long long>(o.shared_controls));
    w.field("controls", static_cast<long long>(o.controls));
    w.field("reached", static_cast<long long>(o.reached));
    w.field("right_scope", static_cast<long long>(o.right_scope));
    w.end_object();
  }
  w.end_array();
  w.key("savings");
  w.begin_array();
  for (const auto& s : c.savings) {
    w.begin_object();
    w.field("id", s.id);
    w.field("label", s.label);
    w.field("rule", s.rule);
    w.field("report", s.report);
    w.field("stage", kAuditStages[s.stage].id);
    w.field("share", s.share);
    w.key("hours");
    value(s.hours, std::nullopt);
    w.key("fee");
    value(s.fee, s.fee_spread);
    w.key("from");
    w.begin_array();
    for (const auto& f : s.from) w.value(f);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("separate_fee");
  value(c.separate_fee, c.separate_spread);
  w.key("saving");
  value(c.saving, c.saving_spread);
  w.key("combined_fee");
  value(c.combined_fee, c.combined_spread);
  w.end_object();
}

}  // namespace detail

}  // namespace attestplan

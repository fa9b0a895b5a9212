// The calendar: a table of phases and milestones, and iCalendar (RFC 5545) for calendar apps.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "attestplan/format.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::string compact(Date d) {
  auto s = d.to_string();
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

/// RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, a newline becomes "\n".
std::string ics_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

/// RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a
/// UTF-8 sequence.
std::string ics_line(const std::string& line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool starts_char = (c & 0xC0) != 0x80;
    std::size_t len = 1;
    if (starts_char) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (width + len > 75) {
        out += "\r\n ";
        width = 1;
      }
    }
    out += line[i];
    ++width;
  }
  return out + "\r\n";
}

std::string slug(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "model" : out;
}

}  // namespace

std::string render_plan_table(const Model& model, const EstimateResult& r, std::size_t width) {
  const auto& t = r.estimate.timing;
  std::string out = "Calendar: " + model.organization.name + " — " +
                    display_name(model.engagement.report) + "\n\n";
  if (!t.ran) return out + "The timing stage did not run; no calendar.\n";
  TextTable phases({"PHASE", "FROM", "TO", "WEEKS"});
  for (const auto& p : t.phases) {
    phases.add_row({p.label, p.start.to_string(), p.end.to_string(),
                    format_number(static_cast<double>(p.start.days_until(p.end) + 1) / 7.0, 1)});
  }
  const bool simulated = std::any_of(t.milestones.begin(), t.milestones.end(),
                                     [](const Milestone& m) { return m.spread.has_value(); });
  out += std::string{simulated ? "Phases (drawn on the planned dates: each milestone's P50)\n"
                               : "Phases (planned on each duration's likely value)\n"} +
         phases.render("  ", width);
  TextTable milestones({"MILESTONE", "P10", "P50", "P90"});
  for (const auto& m : t.milestones) {
    const auto at = [&](double Percentiles::*p) {
      return m.spread ? Date::from_serial((*m.spread).*p).to_string() : std::string{"-"};
    };
    milestones.add_row(
        {m.label, at(&Percentiles::p10), at(&Percentiles::p50), at(&Percentiles::p90)});
  }
  out += "\nMilestones (P10 / P50 / P90 of the simulated runs)\n" + milestones.render("  ", width);
  if (!t.renewals.empty()) {
    TextTable renewals(
        {"RENEWAL", "REPORT NEEDED BY", "VERDICT", "IN TIME (RUNS)", "DAYS TO SPARE (P50 / P90)"});
    for (const auto& c : t.renewals) {
      renewals.add_row({c.renewal.to_string(), c.needed_by.to_string(), to_string(c.verdict),
                        c.chance ? format_number(std::round(*c.chance * 100)) + " %" : "-",
                        std::to_string(c.chance ? c.median_slack_days : c.slack_days) + " / " +
                            std::to_string(c.worst_slack_days)});
    }
    out += "\nRenewals\n" + renewals.render("  ", width);
  }
  return fit_lines(out, width);
}

std::string render_plan_ics(const Model& model, const EstimateResult& r,
                            const std::string& stamp_utc) {
  const auto& t = r.estimate.timing;
  const std::string org = slug(model.organization.name);
  std::string out;
  out += ics_line("BEGIN:VCALENDAR");
  out += ics_line("VERSION:2.0");
  out += ics_line("PRODID:-//attestplan//engagement plan//EN");
  out += ics_line("CALSCALE:GREGORIAN");
  out += ics_line("X-WR-CALNAME:" + ics_text(model.organization.name + " — " +
                                             display_name(model.engagement.report)));
  auto event = [&](const std::string& id, Date start, Date end_inclusive,
                   const std::string& summary, const std::string& description) {
    out += ics_line("BEGIN:VEVENT");
    out += ics_line("UID:" + id + "-" + compact(start) + "-" + org + "@attestplan");
    out += ics_line("DTSTAMP:" + stamp_utc);
    out += ics_line("DTSTART;VALUE=DATE:" + compact(start));
    // DTEND of an all-day event is exclusive (RFC 5545 §3.6.1).
    out += ics_line("DTEND;VALUE=DATE:" + compact(end_inclusive.plus_days(1)));
    out += ics_line("SUMMARY:" + ics_text(summary));
    if (!description.empty()) out += ics_line("DESCRIPTION:" + ics_text(description));
    out += ics_line("TRANSP:TRANSPARENT");
    out += ics_line("END:VEVENT");
  };
  for (const auto& p : t.phases) {
    event(
        "phase-" + p.id, p.start, p.end, p.label,
        "Planned by attestplan (likely dates). From ledger lines: " + [&] {
          std::string s;
          for (const auto& l : p.lines) s += (s.empty() ? "" : ", ") + l;
          return s;
        }());
  }
  for (const auto& m : t.milestones) {
    event("milestone-" + m.id, m.likely, m.likely, m.label,
          "Likely " + m.likely.to_string() +
              (m.spread ? "; P10 " + Date::from_serial(m.spread->p10).to_string() + ", P90 " +
                              Date::from_serial(m.spread->p90).to_string()
                        : std::string{}) +
              " (ledger line " + m.line + ")");
  }
  for (const auto& c : t.renewals) {
    event(
        "renewal", c.renewal, c.renewal,
        "Customer renewal (report " + std::string{to_string(c.verdict)} + ")",
        "Report needed by " + c.needed_by.to_string() +
            "; days to spare: " + std::to_string(c.slack_days) + " likely, " +
            std::to_string(c.worst_slack_days) + " at P90" +
            (c.chance ? "; in time in " + format_number(std::round(*c.chance * 100)) + " % of runs"
                      : std::string{}));
  }
  out += ics_line("END:VCALENDAR");
  return out;
}

}  // namespace attestplan

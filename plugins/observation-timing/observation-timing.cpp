// observation-timing: the calendar. Planning, readiness and remediation (from maturity) lead to the
// Type 1 date or the Type 2 window; the report follows; each renewal date is checked against the
// report in hand with a lead time; vendor reports and the organization's own bridge letter are
// checked against the planned window; the next annual cycle is dated. Stage: timing.
#include <algorithm>
#include <cmath>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/timing_lines.hpp"
#include "attestplan/toml_reader.hpp"
#include "durations.hpp"

namespace {

using namespace attestplan;
using observation_timing::Durations;

class ObservationTiming final : public TimingPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    durations_.reset();
    lead_days_.reset();
    if (options) {
      TableReader r(*options, "[plugins.observation-timing]", ctx.model.source_name, diags);
      if (auto lead = r.integer("lead_days", 0, 365)) lead_days_ = static_cast<long>(*lead);
      r.check_unknown_keys();
    }
    durations_ =
        plugin_data::builtin_or_override(ctx, "timing", observation_timing::kBuiltinDurations,
                                         diags, &observation_timing::parse_durations);
  }

  void run(const Context& ctx, TimingWriter& out) override {
    if (!durations_) throw std::runtime_error("no timing durations were configured");
    const auto& d = *durations_;
    const auto& model = ctx.model;
    const auto& e = model.engagement;
    auto& timing = out.result();
    timing.ran = true;
    const Date start = e.start.value_or(Date::today());
    const bool type2 = is_type2(e.report);
    const auto months = e.observation_months.value_or(kDefaultObservationMonths);

    milestone(out, "start", "Planning starts", DateRange::exactly(start),
              e.start ? "engagement.start" : "today (engagement.start not given)", {});
    duration(out, "planning", "Scope definition & planning", d.planning,
             "planning/scoping 1-3 weeks (risk3sixty.com, bowman.cpa [F])");
    const Range readiness = model.organization.first_audit ? d.readiness : Range{};
    duration(out, "readiness", "Readiness / gap assessment", readiness,
             model.organization.first_audit ? "1-8 weeks, average 2-4 (risk3sixty.com [F])"
                                            : "not a first audit: no readiness assessment",
             {readiness_driver(out)});
    // Remediation: as long as the least mature control area needs, half of it fixed and half in
    // proportion to the areas not yet operating (they are worked on side by side).
    Maturity worst = Maturity::Operating;
    std::size_t not_operating = 0;
    std::string gaps;
    for (const char* area : kControlAreas) {
      const auto m = maturity_of(model.organization, area);
      if (m == Maturity::Operating) continue;
      ++not_operating;
      gaps += cat(gaps.empty() ? "" : ", ", area, " ", to_string(m));
      if (static_cast<int>(m) < static_cast<int>(worst)) worst = m;
    }
    const double share =
        static_cast<double>(not_operating) / static_cast<double>(std::size(kControlAreas));
    const Range remediation = d.remediation.at(worst) * (not_operating ? 0.5 + 0.5 * share : 1.0);
    duration(out, "remediation", "Remediation", remediation,
             cat("the least mature area (", to_string(worst),
                 "): ", format_range(d.remediation.at(worst)), " weeks × (0.5 + 0.5 × ",
                 std::to_string(not_operating), "/", std::to_string(std::size(kControlAreas)),
                 " areas not yet operating", gaps.empty() ? std::string{} : ": " + gaps,
                 "); 0-12 months, average 4-8 weeks (risk3sixty.com [F]), by area (judgement)"),
             {readiness_driver(out)});
    const Range prep = d.planning + readiness + remediation;
    const DateRange ready = DateRange::exactly(start).plus_weeks(prep);
    {
      const Date planned = DateRange::exactly(start).plus_weeks(d.planning).likely;
      const Date assessed = DateRange::exactly(planned).plus_weeks(readiness).likely;
      // Each phase ends the day before the next begins.
      phase(out, "planning", PhaseRole::Planning, "Scope definition & planning", start,
            planned.plus_days(-1), {"timing.start", "timing.planning"});
      if (readiness.likely > 0) {
        phase(out, "readiness", PhaseRole::Readiness, "Readiness / gap assessment", planned,
              assessed.plus_days(-1), {"timing.readiness"});
      }
      if (ready.likely > assessed) {
        phase(out, "remediation", PhaseRole::Remediation, "Remediation", assessed,
              ready.likely.plus_days(-1), {"timing.remediation", "timing.ready"});
      }
    }
    // A Type 1 reports on design and implementation; a Type 2's window needs the controls
    // operating.
    milestone(out, "ready",
              type2 ? "Controls in place and operating" : "Controls designed and implemented",
              ready,
              "start + planning + readiness + remediation (" + format_range(prep) + " weeks)",
              {"timing.start", "timing.planning", "timing.readiness", "timing.remediation"});

    DateRange report;
    DateRange period_end;
    if (type2) {
      const DateRange window_start = e.window_start ? DateRange::exactly(*e.window_start) : ready;
      if (e.window_start && *e.window_start < ready.likely) {
        out.add_finding({Severity::Warning, "window-before-ready",
                         "the window starts " + e.window_start->to_string() +
                             ", before remediation is likely done (" + ready.likely.to_string() +
                             "): controls not yet operating become exceptions",
                         e.where});
      }
      milestone(
          out, "window-start", "Observation window starts", window_start,
          e.window_start ? "engagement.window_start" : "when controls are ready",
          e.window_start ? std::vector<std::string>{} : std::vector<std::string>{"timing.ready"});
      period_end = window_start.plus_months(months).plus_days(-1);
      milestone(out, "window-end", "Observation window ends", period_end,
                std::to_string(months) + "-month window", {"timing.window-start"});
      duration(out, "report-lag", "Report after the window ends", d.type2_report,
               "4-8 weeks after the period ends (ioSentrix [V]; enchanter-ai/vis [R])");
      report = period_end.plus_weeks(d.type2_report);
      milestone(out, "report", std::string{display_name(e.report)} + " report in hand", report,
                "window end + report lag", {"timing.window-end", "timing.report-lag"});
      timing.window = AuditWindow{window_start.likely, period_end.likely, !e.window_start};
      phase(out, "window", PhaseRole::Window,
            "Observation window (" + std::to_string(months) + " months)", window_start.likely,
            period_end.likely, {"timing.window-start", "timing.window-end"});
      plan_fieldwork(out, months, window_start.likely, period_end.likely, report.likely,
                     country_of(model.organization));
    } else {
      const DateRange as_of = e.as_of ? DateRange::exactly(*e.as_of) : ready;
      milestone(out, "as-of", "Type 1 as-of date", as_of,
                e.as_of ? "engagement.as_of" : "when controls are ready",
                e.as_of ? std::vector<std::string>{} : std::vector<std::string>{"timing.ready"});
      duration(out, "report-lag", "Type 1 fieldwork and report", d.type1_report,
               "4-6 weeks once controls exist (ioSentrix [V])");
      report = as_of.plus_weeks(d.type1_report);
      period_end = as_of;
      milestone(out, "report", std::string{display_name(e.report)} + " report in hand", report,
                "as-of date + fieldwork and report", {"timing.as-of", "timing.report-lag"});
      timing.window = AuditWindow{as_of.likely, as_of.likely, !e.as_of};
      phase(out, "reporting", PhaseRole::Reporting, "Type 1 fieldwork and report", as_of.likely,
            report.likely, {"timing.as-of", "timing.report"});
      timing.fieldwork.push_back({"final", "Type 1 fieldwork", as_of.likely, as_of.likely,
                                  as_of.likely, report.likely, 1.0});
    }

    // The inclusive method: each such subservice organization's part of the description, then its
    // management's written assertion and representation letter, dated as of the report.
    // Its description is wanted while the work is planned (the testing is planned from it), its
    // assertion and letter at the end.
    for (const auto& v : ctx.boundary.subservices) {
      if (v.method != SubserviceMethod::Inclusive) continue;
      const Date tested_from = timing.window->start;
      phase(out, "inclusive-description-" + v.id, PhaseRole::Vendor,
            "Description of its controls from " + v.name + " (inclusive)", start,
            std::max(start, tested_from.plus_days(-1)),
            {"timing.start", type2 ? "timing.window-start" : "timing.as-of"}, v.id);
      phase(out, "inclusive-" + v.id, PhaseRole::Vendor,
            "Assertion and representation letter from " + v.name + " (inclusive)",
            type2 ? period_end.likely.plus_days(1) : period_end.likely, report.likely,
            {"timing.report"}, v.id);
    }
    timing.window->report_by = report.likely;
    check_vendors(ctx, out);

    // The next cycle: a 12-month Type 2 window following this report's period; in a staged plan,
    // the Type 2 of its months that follows the Type 1 from the day after its date.
    const auto& staged = e.then_type2_months;
    const int next_months = staged.value_or(12);
    const std::string next_name = staged ? "Then the Type 2" : "Next cycle";
    const DateRange next_start = period_end.plus_days(1);
    const DateRange next_end = next_start.plus_months(next_months).plus_days(-1);
    milestone(out, "next-window-end",
              cat(next_name, ": ", std::to_string(next_months), "-month window ends"), next_end,
              cat("the day after this report's period, for ", std::to_string(next_months),
                  " months", staged ? " (type1_first: the staged plan's Type 2)" : ""),
              {type2 ? "timing.window-end" : "timing.as-of"});
    const DateRange next_report = next_end.plus_weeks(d.type2_report);
    milestone(out, "next-report", next_name + ": Type 2 report in hand", next_report,
              "next window end + report lag", {"timing.next-window-end", "timing.report-lag"});
    phase(out, "next-window", PhaseRole::NextCycle,
          cat(next_name, ": ", std::to_string(next_months), "-month observation window"),
          next_start.likely, next_end.likely, {"timing.next-window-end"});
    // Renewals, once both reports are dated: one that needs a Type 2 is judged on the staged
    // plan's.
    check_renewals(out, model, report, staged ? &next_report : nullptr);
    // After this period ends, customers whose own date falls later ask for a bridge letter:
    // management's representation, not assurance, and accepted for up to about three months
    // (TrustNet [F]); a later date waits for the next report.
    const long to_next = period_end.likely.days_until(next_report.likely);
    const long bridged = std::clamp(to_next, 0L, d.bridge_max_days);
    phase(out, "bridge-letters", PhaseRole::CustomerBridge,
          "Bridge letters to customers (up to the usual ceiling)", period_end.likely.plus_days(1),
          period_end.likely.plus_days(bridged), {"timing.report", "timing.bridge-letters"});
    out.add({.id = "timing.bridge-letters",
             .kind = "duration",
             .group = "bridge",
             .label = "Bridge letters cover the time after this period's end",
             .rule = cat("up to ", std::to_string(d.bridge_max_days),
                         " days after the period ends (", d.source,
                         "; a bridge letter covers up to about 3 months, TrustNet [F]); the next "
                         "report is in hand ",
                         std::to_string(to_next),
                         " days after it; a bridge letter is a management representation, "
                         "not assurance (kfinancial.com, Schneider Downs [F])"),
             .value = Range::exactly(static_cast<double>(bridged)),
             .unit = "days",
             .from = {"timing.next-report"}});
  }

 private:
  static void milestone(TimingWriter& out, const std::string& id, const std::string& label,
                        const DateRange& when, const std::string& rule,
                        std::vector<std::string> from) {
    add_milestone(out, id, label, when, rule, std::move(from));
  }

  /// The driver the readiness hours of the effort stage share: the same uncertainty about how far
  /// the organization is from ready moves its hours and these weeks together.
  static std::string readiness_driver(TimingWriter& out) {
    return out.driver("readiness",
                      "How far the organization is from ready (readiness and remediation)");
  }

  static void phase(TimingWriter& out, const std::string& id, PhaseRole role,
                    const std::string& label, Date from, Date to, std::vector<std::string> lines,
                    std::string subject = {}) {
    out.result().phases.push_back(
        {id, label, from, std::max(from, to), std::move(lines), role, std::move(subject)});
  }

  void duration(TimingWriter& out, const std::string& id, const std::string& label,
                const Range& weeks, const std::string& rule,
                std::vector<std::string> drivers = {}) {
    add_duration(out, id, label, weeks, rule + "; " + durations_->source, std::move(drivers));
  }

  /// States each renewal's date needed; the simulation judges it from the report date's runs. In a
  /// staged plan (`then_type2`, the Type 2's report), a renewal that needs a Type 2 is judged on
  /// it.
  void check_renewals(TimingWriter& out, const ModelView& model, const DateRange& report,
                      const DateRange* then_type2) {
    const long lead = lead_days_.value_or(durations_->lead_days);
    for (const auto& renewal : model.engagement.renewal_dates) {
      RenewalCheck c = renewal_check(renewal, lead, report);
      // A customer who asks for a Type 2 is not served by a Type 1, whenever it comes; nor is the
      // customer of an organization that renews its report: it holds a report over a period, which
      // a report as of one date does not continue.
      const auto& asks = model.engagement.type2_renewals;
      const bool renewing = !model.organization.first_audit;
      if (!is_type2(model.engagement.report) &&
          (renewing || std::find(asks.begin(), asks.end(), renewal) != asks.end())) {
        if (then_type2) {
          c.on_next_report = true;
          c.slack_days = then_type2->likely.days_until(c.needed_by);
          c.worst_slack_days = then_type2->high.days_until(c.needed_by);
          c.verdict = c.slack_days < 0 ? RenewalVerdict::Missed : RenewalVerdict::Met;
        } else {
          c.wrong_report = true;
          c.verdict = RenewalVerdict::Missed;
        }
      }
      out.result().renewals.push_back(c);
    }
  }

  /// A Type 2's fieldwork: the interim visits the durations give for a window of `months`, each
  /// testing an equal part of the window from when that part's evidence is due, then the final
  /// visit after the window, up to the report. Each visit is a phase of the calendar.
  void plan_fieldwork(TimingWriter& out, int months, Date from, Date to, Date report,
                      const std::string& country) {
    const auto& d = *durations_;
    const int interim = d.interim_visits_for(months);
    const long days = from.days_until(to) + 1;
    const double share = 1.0 / (interim + 1);
    out.add({.id = "timing.interim-visits",
             .kind = "count",
             .group = "calendar",
             .label = "Interim fieldwork visits",
             .rule = cat(std::to_string(interim), " for a ", std::to_string(months),
                         "-month window, each ", format_range(d.interim_visit),
                         " weeks, testing an equal part of the window from when its evidence "
                         "is due (",
                         std::to_string(kEvidenceLeadDays),
                         " days after the part ends); the final visit tests the "
                         "last part (",
                         d.fieldwork_source, "; ", d.source, ")"),
             .value = Range::exactly(interim),
             .unit = unit::kCount});
    Date part_from = from;
    for (int k = 1; k <= interim; ++k) {
      const Date part_to = from.plus_days(days * k / (interim + 1) - 1);
      // The visit starts on the Monday two weeks after the part's listings are due (a working day):
      // the auditor selects from them in the first week, the client gathers the selected items in
      // the second, and they are there a week before the visit. It ends on a Friday: fieldwork is
      // done on working days.
      Date start = part_to.plus_days(kEvidenceLeadDays).working_day(country).plus_days(14);
      while (std::chrono::weekday{start.days()} != std::chrono::Monday) start = start.plus_days(1);
      start = fieldwork_week(
          start, country);  // past Christmas and the summer weeks; a Tuesday after Easter Monday
      const Date end = start.plus_days(std::max(1L, std::lround(d.interim_visit.likely * 7)) - 3);
      const std::string id = "interim-" + std::to_string(k);
      const std::string label = interim == 1 ? std::string{"Interim fieldwork"}
                                             : cat("Interim fieldwork (", std::to_string(k), " of ",
                                                   std::to_string(interim), ")");
      out.result().fieldwork.push_back(
          {id, label, part_from, part_to, start, std::min(end, to), share});
      phase(out, id, PhaseRole::Fieldwork,
            cat(label, ": tests ", part_from.to_string(), " to ", part_to.to_string()), start,
            std::min(end, to), {"timing.window-start", "timing.interim-visits"});
      part_from = part_to.plus_days(1);
    }
    const std::string final_label = interim ? "Final fieldwork" : "Fieldwork";
    // The final visit starts on the working day after the last part's evidence is due.
    const Date final_start = std::min(
        to.plus_days(kEvidenceLeadDays).working_day(country).plus_days(1).working_day(country),
        report);
    out.result().fieldwork.push_back(
        {"final", final_label, part_from, to, final_start, report, share});
    phase(out, "reporting", PhaseRole::Reporting,
          interim ? cat("Final fieldwork (tests ", part_from.to_string(), " to ", to.to_string(),
                        ") and report")
                  : std::string{"Fieldwork and report"},
          final_start, report, {"timing.window-end", "timing.report"});
  }

  /// Vendor coverage against the planned window replaces the boundary's check on the assumed one;
  /// where a vendor's reports, on its cycle, will not yet cover the end of the window when this
  /// report is written, a bridge letter from the vendor covers it (the finding says so).
  void check_vendors(const Context& ctx, TimingWriter& out) const {
    out.result().vendor_coverage_checked = true;
    out.result().bridge_usual_days = durations_->bridge_max_days;
    auto planned = plan_vendor_coverage(ctx.model, ctx.boundary, *out.result().window,
                                        "timing.window-end", durations_->bridge_max_days);
    for (auto& finding : planned.findings) out.add_finding(std::move(finding));
    for (auto& bridge : planned.bridges) out.result().phases.push_back(std::move(bridge));
  }

  std::shared_ptr<const Durations> durations_;  // the built-in one is shared, not copied
  std::optional<long> lead_days_;
};

}  // namespace

// What the plugin declares of itself: its data file and its option (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
[[data]]
key = "timing"
label = "timing durations"
builtin = "timing/default.toml"
help = "Timing durations replacing the built-in ones"

[[option]]
key = "lead_days"
type = "integer"
default = "14 (`models/timing/default.toml`)"
help = "How long before a renewal the report must be in hand."
)toml";

ATTESTPLAN_PLUGIN(ObservationTiming, "observation-timing", "1.0.0",
                  "Readiness, remediation, Type 1 date or window, report date, renewals, bridge "
                  "letters, next cycle",
                  kDescriptor)

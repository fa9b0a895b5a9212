// certification-timing: the calendar of a management-system certification (ISO/IEC 27001). The
// body's planning and the ISMS brought to operating lead to the Stage 1 audit; its findings closed,
// the Stage 2 audit; the body's review and decision give the certificate, which each renewal date
// is checked against; then the cycle: a surveillance audit in each of the two years after the
// decision, the recertification audit before the certificate expires. It serves certification
// reports only (its descriptor's report_types).
#include <algorithm>
#include <cmath>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/timing_lines.hpp"
#include "attestplan/toml_reader.hpp"
#include "cycle.hpp"

namespace {

using namespace attestplan;
using certification_timing::Cycle;

using Dates = DateRange;

constexpr const char* kPlugin = "[plugins.certification-timing]";

class CertificationTiming final : public TimingPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    cycle_ = plugin_data::builtin_or_override(ctx, "certification-cycle",
                                              certification_timing::kBuiltinCycle, diags,
                                              &certification_timing::parse_cycle);
    lead_days_.reset();
    if (!options) return;
    TableReader r(*options, kPlugin, ctx.model.source_name, diags);
    if (auto lead = r.integer("lead_days", 0, 365)) lead_days_ = static_cast<long>(*lead);
    r.check_unknown_keys();
  }

  void run(const Context& ctx, TimingWriter& out) override {
    if (!cycle_) throw std::runtime_error("no certification cycle was configured");
    const auto& c = *cycle_;
    const auto& model = ctx.model;
    const auto& e = model.engagement;
    out.result().ran = true;
    const Date start = e.start.value_or(Date::today());
    milestone(out, "start", "Planning starts", Dates::exactly(start),
              e.start ? "engagement.start" : "today (engagement.start not given)", {});
    duration(out, "planning", "The certification body's planning", c.planning,
             "application review, contract and audit plan (judgement)");
    const Maturity least = least_mature(model.organization);
    const Range implementation = c.implementation.at(least);
    duration(out, "implementation", "The ISMS brought to operating", implementation,
             cat("the least mature control area (", to_string(least),
                 "): the ISMS operating, with an internal audit and a management review, before "
                 "Stage 1 (some months of operation: startiso.com, plainaudit.com [V]; the weeks "
                 "by maturity are judgement)"));
    const Dates ready = Dates::exactly(start).plus_weeks(c.planning + implementation);
    milestone(out, "ready", "ISMS operating: Stage 1 can start", ready,
              "start + planning + implementation",
              {"timing.start", "timing.planning", "timing.implementation"});
    const Range stage1 = on_site_weeks(out, 1, c.stage1);
    duration(out, "stage1-audit", "Stage 1 audit", stage1, audit_rule(out, 1));
    duration(out, "stage1-to-stage2", "Stage 1 findings closed before Stage 2", c.stage1_to_stage2,
             "most bodies schedule Stage 2 4-6 weeks after Stage 1 (smartly.rocks [V]), 4-12 "
             "(iso27001-hub.com [V])");
    const Dates earliest = ready.plus_weeks(stage1 + c.stage1_to_stage2);
    Dates stage2_start = earliest;
    const auto& agreed = e.stage2_start;
    const auto& agreed_where = e.where;  // [engagement]
    if (agreed && *agreed >= earliest.likely) {
      // Agreed with the body (a combined engagement's fieldwork weeks): a date, not a sum.
      stage2_start = Dates::exactly(*agreed);
      milestone(out, "stage2-start", "Stage 2 audit starts", stage2_start,
                cat("agreed with the certification body (engagement.stage2_start); it could "
                    "start from ",
                    earliest.likely.to_string(),
                    " (Stage 1 when the ISMS operates, + Stage 1 + the time to close its "
                    "findings)"),
                {});
      if (*agreed < earliest.high) {
        out.add_finding(
            {Severity::Note, "stage2-tight",
             cat("Stage 2 is agreed for ", agreed->to_string(),
                 ": in the slower plans Stage 1's findings are not closed by then (as late as ",
                 earliest.high.to_string(), "); keep the date only if the ISMS is on time"),
             agreed_where});
      }
    } else {
      if (agreed) {
        out.add_finding(
            {Severity::Warning, "stage2-before-ready",
             cat("Stage 2 is agreed for ", agreed->to_string(), ", before it can likely start (",
                 earliest.likely.to_string(),
                 ": the ISMS operating, Stage 1, and its findings closed): planned from ",
                 earliest.likely.to_string(), " instead"),
             agreed_where});
      }
      milestone(out, "stage2-start", "Stage 2 audit starts", stage2_start,
                "Stage 1 starts when the ISMS operates, + Stage 1 + the time to close its findings",
                {"timing.ready", "timing.stage1-audit", "timing.stage1-to-stage2"});
    }
    const Range stage2 = on_site_weeks(out, 2, c.stage2);
    duration(out, "stage2-audit", "Stage 2 audit", stage2, audit_rule(out, 2));
    duration(out, "decision", "Technical review and certification decision", c.decision,
             "the body reviews the Stage 2 report and decides (certbodies.co.uk [F]; weeks: "
             "judgement)");
    const Dates certificate = stage2_start.plus_weeks(stage2 + c.decision);
    milestone(out, kReportInHand, display_name(e.report) + ": certificate in hand", certificate,
              "Stage 2 + the body's review and decision",
              {"timing.stage2-start", "timing.stage2-audit", "timing.decision"});
    plan_phases(out, start, ready, stage1, stage2_start, stage2, certificate);
    plan_cycle(out, c, certificate);
    check_renewals(out, model, certificate);
  }

 private:
  static Maturity least_mature(const Organization& org) {
    Maturity least = Maturity::Operating;
    for (const char* area : kControlAreas) least = std::min(least, maturity_of(org, area));
    return least;
  }

  /// A stage's weeks on the calendar: its auditor hours from the effort stage (stage_hours of the
  /// audit stage, at 40 hours a week), else the cycle file's.
  static Range on_site_weeks(const TimingWriter& out, std::size_t audit_stage,
                             const Range& fallback) {
    const auto& effort = out.estimate().effort;
    if (!effort.ran || effort.stage_hours[audit_stage].value.likely <= 0) return fallback;
    const auto& h = effort.stage_hours[audit_stage].value;
    return {h.low / 40, h.likely / 40, h.high / 40};
  }

  static std::string audit_rule(const TimingWriter& out, std::size_t audit_stage) {
    const auto& effort = out.estimate().effort;
    if (!effort.ran || effort.stage_hours[audit_stage].value.likely <= 0)
      return "the cycle file's weeks (judgement)";
    return cat("the effort stage's ", kAuditStages[audit_stage].id,
               " hours at 40 a week: one auditor on site five days a week (judgement)");
  }

  void plan_phases(TimingWriter& out, Date start, const Dates& ready, const Range& stage1,
                   const Dates& stage2_start, const Range& stage2, const Dates& certificate) {
    const Date planned = Dates::exactly(start).plus_weeks(cycle_->planning).likely;
    phase(out, "planning", PhaseRole::Planning, "The certification body's planning", start,
          planned.plus_days(-1), {"timing.start", "timing.planning"});
    if (ready.likely > planned)
      phase(out, "implementation", PhaseRole::Remediation, "The ISMS brought to operating", planned,
            ready.likely.plus_days(-1), {"timing.implementation", "timing.ready"});
    const Date stage1_end = std::max(
        ready.likely, Dates::exactly(ready.likely).plus_weeks(stage1).likely.plus_days(-1));
    phase(out, "stage1", PhaseRole::Fieldwork,
          "Stage 1 audit: the ISMS's documentation and readiness", ready.likely, stage1_end,
          {"timing.ready", "timing.stage1-audit"});
    const Date stage2_end =
        std::max(stage2_start.likely,
                 Dates::exactly(stage2_start.likely).plus_weeks(stage2).likely.plus_days(-1));
    phase(out, "stage2", PhaseRole::Fieldwork,
          "Stage 2 audit: the ISMS and its controls in operation", stage2_start.likely, stage2_end,
          {"timing.stage2-start", "timing.stage2-audit"});
    phase(out, "decision", PhaseRole::Reporting, "Technical review and certification decision",
          std::min(stage2_end.plus_days(1), certificate.likely), certificate.likely,
          {"timing.decision", "timing.report"});
    auto& timing = out.result();
    timing.fieldwork.push_back(
        {"stage1", "Stage 1 audit", ready.likely, stage1_end, ready.likely, stage1_end, 0.0});
    timing.fieldwork.push_back({"final", "Stage 2 audit", stage2_start.likely, stage2_end,
                                stage2_start.likely, stage2_end, 1.0});
    timing.window = AuditWindow{stage2_start.likely, stage2_end, true, certificate.likely};
  }

  /// The certificate's cycle: surveillance in each of the two years after the decision (the first
  /// at most first_surveillance_months after it), the recertification before it expires.
  void plan_cycle(TimingWriter& out, const Cycle& c, const Dates& certificate) {
    const std::string rule =
        "ISO/IEC 17021-1:2015 9.1.3: surveillance in the first and second years after the "
        "certification decision, the first not more than 12 months after it; the certificate "
        "valid three years (isop.solutions, gcerti.com [F]); " +
        cycle_->source;
    milestone(out, "surveillance-1-due", "Surveillance audit 1 due by",
              certificate.plus_months(c.first_surveillance_months), rule, {"timing.report"});
    int months = c.planned_surveillance_months;
    for (int year = 1; year < c.certificate_years; ++year) {
      const std::string id = cat("surveillance-", std::to_string(year));
      const Dates when = certificate.plus_months(months);
      milestone(
          out, id, cat("Surveillance audit ", std::to_string(year), " (planned)"), when,
          cat("planned ", std::to_string(months),
              " months after the certification decision, inside the limit (judgement); ", rule),
          {"timing.report"});
      phase(out, id, PhaseRole::Other, cat("Surveillance audit ", std::to_string(year)),
            when.likely, when.likely, {"timing." + id});
      months += c.surveillance_interval_months;
    }
    const Dates expiry = certificate.plus_months(12 * c.certificate_years).plus_days(-1);
    milestone(out, "certificate-expiry", "Certificate expires", expiry, rule, {"timing.report"});
    // Recertified before it expires: its audit a quarter before, so that the decision lands in
    // time (judgement).
    const Dates recertification = expiry.plus_months(-3);
    milestone(out, "recertification", "Recertification audit (a quarter before expiry)",
              recertification,
              "before the certificate expires (ISO/IEC 17021-1 9.1.3); a quarter "
              "before, for the decision to land in time (judgement)",
              {"timing.certificate-expiry"});
    phase(out, "recertification", PhaseRole::Other, "Recertification audit", recertification.likely,
          recertification.likely, {"timing.recertification"});
  }

  /// Each renewal's date needed against the certificate in hand.
  void check_renewals(TimingWriter& out, const ModelView& model, const Dates& certificate) {
    const long lead = lead_days_.value_or(cycle_->lead_days);
    for (const auto& renewal : model.engagement.renewal_dates)
      out.result().renewals.push_back(renewal_check(renewal, lead, certificate));
  }

  static void milestone(TimingWriter& out, const std::string& id, const std::string& label,
                        const Dates& when, const std::string& rule, std::vector<std::string> from) {
    add_milestone(out, id, label, when, rule, std::move(from));
  }

  void duration(TimingWriter& out, const std::string& id, const std::string& label,
                const Range& weeks, const std::string& rule) {
    add_duration(out, id, label, weeks, rule + "; " + cycle_->source);
  }

  static void phase(TimingWriter& out, const std::string& id, PhaseRole role,
                    const std::string& label, Date from, Date to, std::vector<std::string> lines) {
    out.result().phases.push_back(
        {id, label, from, std::max(from, to), std::move(lines), role, std::string{}});
  }

  std::shared_ptr<const Cycle> cycle_;
  std::optional<long> lead_days_;
};

// What the plugin declares of itself (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
report_types = ["certification"]

[[data]]
key = "certification-cycle"
label = "certification cycle"
builtin = "iso27001/cycle.toml"
help = "Certification calendar (planning, ISMS implementation, Stage 1 to Stage 2, decision, cycle) replacing the built-in one"

[[option]]
key = "lead_days"
type = "integer"
default = "14 (`models/iso27001/cycle.toml`)"
help = "How long before a renewal the certificate must be in hand."
)toml";

}  // namespace

ATTESTPLAN_PLUGIN(CertificationTiming, "certification-timing", "1.0.0",
                  "ISO/IEC 27001 certification calendar: Stage 1, Stage 2, the certificate, the "
                  "surveillance audits and the recertification",
                  kDescriptor)

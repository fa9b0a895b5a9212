// The effort of an ISO/IEC 27001 certification: the certification body's audit time from the
// audit-time table of ISO/IEC 27006-1 (persons doing work under the organization's control, the
// square-root rule for identical work, the body's complexity factor), split over the audit stages
// (Stage 1 as documentation, Stage 2 as testing), and the cycle after it: a surveillance audit in
// each of years two and three (the next cycle) and the recertification audit. It serves
// certification reports only (its descriptor's report_types).
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "attestplan/format.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/toml_reader.hpp"
#include "audit_time.hpp"

namespace {

using namespace attestplan;
using iso_audit_time::AuditTime;

constexpr const char* kDays = "days";
constexpr const char* kLevel = "auditor";  ///< an auditor-day of the certification body
constexpr const char* kPlugin = "[plugins.iso-audit-time]";

std::string days_text(double d) { return format_number(d) + (d == 1 ? " day" : " days"); }

/// A Range each of whose points is f of the matching point of `r`.
template <typename F>
Range each_point(const Range& r, F f) {
  return {f(r.low), f(r.likely), f(r.high)};
}

class IsoAuditTime final : public EffortPlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    contractors_ = 0;
    groups_.clear();
    complexity_.reset();
    table_ = plugin_data::builtin_or_override(ctx, "audit-time", iso_audit_time::kBuiltinAuditTime,
                                              diags, &iso_audit_time::parse_audit_time);
    if (!options) return;
    TableReader r(*options, kPlugin, ctx.model.source_name, diags);
    contractors_ = static_cast<long>(r.integer("contractors", 0, 10'000'000).value_or(0));
    if (const auto* groups = options->get_as<toml::array>("identical_activity_groups")) {
      for (const auto& g : *groups) {
        const auto n = g.value<std::int64_t>();
        if (!n || *n < 1 || *n > 10'000'000) {
          diags.error(std::string{kPlugin} +
                          " identical_activity_groups: each is a group's head count (1 or more)",
                      r.where("identical_activity_groups"));
          continue;
        }
        groups_.push_back(static_cast<long>(*n));
      }
    }
    if (r.has("complexity") && table_) {
      complexity_ = r.range("complexity");
      if (complexity_ && (complexity_->low < table_->complexity_min ||
                          complexity_->high > table_->complexity_max)) {
        diags.error(cat(kPlugin, " complexity: the certification body's factor lies between ",
                        format_number(table_->complexity_min), " and ",
                        format_number(table_->complexity_max), " (the table's extremes)"),
                    r.where("complexity"));
      }
    }
    r.check_unknown_keys({"contractors", "identical_activity_groups", "complexity"});
  }

  void run(const Context& ctx, EffortWriter& out) override {
    if (!table_) throw std::runtime_error("no audit-time table was configured");
    const auto& t = *table_;
    const long employees = ctx.model.organization.employees;
    const long persons = employees + contractors_;
    if (persons < 1) {
      out.add_finding(
          {Severity::Error, "no-persons",
           "the model gives no employees: the audit time follows the number of "
           "persons doing work under the organization's control (organization.employees)",
           ctx.model.organization.where});
      return;
    }
    const auto effective = iso_audit_time::effective_persons(persons, groups_);
    if (!effective) {
      out.add_finding({Severity::Error, "identical-groups-exceed-persons",
                       cat(kPlugin, " identical_activity_groups hold more persons than the ",
                           std::to_string(persons), " doing work under the organization's control"),
                       ctx.model.organization.where});
      return;
    }
    long in_groups = 0;
    for (const long g : groups_) in_groups += g;
    if (in_groups * 2 > persons) {
      out.add_finding(
          {Severity::Warning, "identical-groups-most-persons",
           cat(std::to_string(in_groups), " of the ", std::to_string(persons),
               " persons are counted by the square-root rule for identical work: it holds for "
               "simple, low-risk work done under direction only, and the certification body must "
               "document why (EA FAQ 48.6); expect it to count more of them"),
           ctx.model.organization.where});
    }
    const auto sites = ctx.boundary.in_scope_components(ComponentKind::Facility);
    if (sites.size() > 1) {
      std::string names;
      for (const auto* s : sites) names += (names.empty() ? "" : ", ") + s->id;
      out.add_finding({Severity::Note, "multi-site-not-sampled",
                       cat("the scope holds ", std::to_string(sites.size()), " sites (", names,
                           "): the audit time here is one site's; the certification body adds "
                           "time per site it samples (ISO/IEC 27006-1 9.1.5, IAF MD 1), which "
                           "this estimate does not yet"),
                       ctx.model.organization.where});
    }
    out.result().ran = true;
    const Figure audit = audit_days(ctx, out, t, persons, *effective);
    add_stages(out, t, audit);
    add_cycle(out, t, audit);
  }

 private:
  /// The initial audit's days (Stage 1 + Stage 2): the table's row for the effective number of
  /// persons, times the certification body's complexity factor, rounded as audit time is.
  Figure audit_days(const Context& ctx, EffortWriter& out, const AuditTime& t, long persons,
                    long effective) {
    out.add({.id = "iso-audit-time.persons",
             .kind = "population",
             .group = "audit-time",
             .label = "Persons doing work under the organization's control",
             .rule = contractors_ == 0
                         ? std::string{"the organization's employees"}
                         : cat("the organization's employees and the ",
                               std::to_string(contractors_), " contractors ", kPlugin, " names"),
             .inputs = {{"employees", std::to_string(ctx.model.organization.employees)},
                        {"contractors", std::to_string(contractors_)}},
             .value = Range::exactly(static_cast<double>(persons)),
             .unit = unit::kCount});
    std::string groups;
    for (const long g : groups_) groups += (groups.empty() ? "" : ", ") + std::to_string(g);
    out.add({.id = "iso-audit-time.effective-persons",
             .kind = "population",
             .group = "audit-time",
             .label = "Effective number of persons",
             .rule = groups_.empty()
                         ? std::string{"every person counts (no group doing identical, simple, "
                                       "low-risk work is named)"}
                         : "each group doing identical, simple, low-risk work (" + groups +
                               ") counts as the square root of its head count, rounded up "
                               "(ISO/IEC 27006-1:2024 C.3.4, quoted in EA FAQ 48.6 [A])",
             .inputs = {{"persons", std::to_string(persons)}, {"identical groups", groups}},
             .value = Range::exactly(static_cast<double>(effective)),
             .unit = unit::kCount,
             .from = {"iso-audit-time.persons"}});
    bool beyond = false;
    const auto& row = iso_audit_time::row_for(t, effective, &beyond);
    const long low = iso_audit_time::min_persons(t, row);
    std::string rule = cat(t.table, ": ",
                           beyond ? "more than " + std::to_string(t.rows.back().max_persons)
                                  : std::to_string(low) + "-" + std::to_string(row.max_persons),
                           " persons, ", days_text(row.days), " (Stage 1 and Stage 2)");
    if (beyond) rule += "; beyond the table's last row, kept as a floor";
    if (!row.checked)
      rule +=
          "; this row is as the table is reproduced, not yet read in a certification body's "
          "published copy";
    const Figure table_days = out.add({.id = "iso-audit-time.table-days",
                                       .kind = "auditor-days",
                                       .group = "audit-time",
                                       .label = "Audit-time table: initial audit",
                                       .rule = rule + " (" + t.source + ")",
                                       .inputs = {{"effective persons", std::to_string(effective)}},
                                       .value = Range::exactly(row.days),
                                       .unit = kDays,
                                       .from = {"iso-audit-time.effective-persons"}});
    if (beyond) {
      out.add_finding(
          {Severity::Warning, "beyond-audit-time-table",
           cat(std::to_string(effective),
               " effective persons is beyond the audit-time "
               "table's last row (",
               std::to_string(t.rows.back().max_persons),
               "): the table says to follow its progression; the estimate keeps ",
               days_text(row.days), " as a floor, which the certification body will raise"),
           ctx.model.organization.where});
    }
    const Range factor = complexity_.value_or(t.complexity);
    const Figure complexity = out.add(
        {.id = "iso-audit-time.complexity",
         .kind = "factor",
         .group = "audit-time",
         .label = "The certification body's complexity factor",
         .rule = complexity_
                     ? cat("as ", kPlugin, " complexity states it")
                     : cat("before the body's own review of the business's and the IT's complexity "
                           "(ISO/IEC 27006-1 C.3): judgement, within the table's extremes ",
                           format_number(t.complexity_min), "-", format_number(t.complexity_max)),
         .value = factor,
         .unit = unit::kFactor});
    return out.add({.id = "iso-audit-time.audit-days",
                    .kind = "auditor-days",
                    .group = "audit-time",
                    .label = "Initial audit (Stage 1 and Stage 2)",
                    .rule = cat("the table's days times the complexity factor, rounded to the "
                                "nearest ",
                                format_number(t.rounding), " day (IAF MD 5 2.2.3, by analogy)"),
                    .value = each_point(factor,
                                        [&](double f) {
                                          return std::max(
                                              t.rounding,
                                              iso_audit_time::round_days(row.days * f, t.rounding));
                                        }),
                    .unit = kDays,
                    .from = {table_days.line, complexity.line},
                    .combine = Combine::Product});
  }

  /// The initial audit's hours by audit stage: planning and reporting off site, Stage 1 (the
  /// documentation) and Stage 2 (the testing) on site.
  void add_stages(EffortWriter& out, const AuditTime& t, const Figure& audit) {
    struct Part {
      const char* id;
      const char* label;
      double share;
    };
    const Part parts[] = {
        {"planning", "Audit planning (off site)", t.planning},
        {"documentation", "Stage 1: the ISMS's documentation and readiness", t.stage1},
        {"testing", "Stage 2: the ISMS and Annex A controls in operation", t.stage2},
        {"reporting",
         "Audit report (off site; the certification decision is the body's, not audit time)",
         t.reporting}};
    auto& effort = out.result();
    for (std::size_t i = 0; i < std::size(parts); ++i) {
      const auto& p = parts[i];
      if (p.share <= 0) continue;
      const Figure hours = out.add(
          {.id = cat("iso-audit-time.", p.id),
           .kind = "auditor-hours",
           .group = kAuditStages[i].id,
           .label = p.label,
           .rule = cat(format_number(p.share * 100), " % of the initial audit's days, at ",
                       format_number(t.hours_per_day),
                       " hours a day (the split is judgement; off-site time at most a fifth of the "
                       "audit time, as IAF MD 5 has it for quality and environmental systems, "
                       "applied by analogy)"),
           .value =
               each_point(audit.value, [&](double d) { return d * p.share * t.hours_per_day; }),
           .unit = unit::kHours,
           .level = kLevel,
           .from = {audit.line},
           .combine = Combine::Product});
      effort.stage_hours[i].add(hours);
      effort.auditor_hours.add(hours);
    }
  }

  /// The cycle after certification: a surveillance audit each in years two and three (the next
  /// cycle's hours) and the recertification audit before the certificate's third year ends.
  void add_cycle(EffortWriter& out, const AuditTime& t, const Figure& audit) {
    const auto share_of = [&](double share) {
      return each_point(audit.value, [&](double d) {
        return std::max(t.rounding, iso_audit_time::round_days(d * share, t.rounding));
      });
    };
    const Figure surveillance = out.add(
        {.id = "iso-audit-time.surveillance-days",
         .kind = "auditor-days",
         .group = "cycle",
         .label = "Surveillance audit (each of the two years after the certification decision)",
         .rule = "about a third of the initial audit's days (IAF MD 5 for quality and "
                 "environmental systems, by analogy; certification bodies' practice for ISMS "
                 "[F]), rounded",
         .value = share_of(t.surveillance_share),
         .unit = kDays,
         .from = {audit.line},
         .combine = Combine::Product});
    const Figure recertification =
        out.add({.id = "iso-audit-time.recertification-days",
                 .kind = "auditor-days",
                 .group = "cycle",
                 .label = "Recertification audit (before the certificate's third year ends)",
                 .rule = "about two thirds of the initial audit's days (IAF MD 5 for quality and "
                         "environmental systems, by analogy; certification bodies' practice for "
                         "ISMS: OCG's 'about -33 %' [F]), rounded",
                 .value = share_of(t.recertification_share),
                 .unit = kDays,
                 .from = {audit.line},
                 .combine = Combine::Product});
    // A surveillance or recertification audit is on site but for its planning and report (the
    // initial audit's off-site shares); neither has a Stage 1.
    auto& effort = out.result();
    auto& cycle = effort.cycle.emplace();
    cycle.surveillance_audits = 2;
    split_on_site(out, t, surveillance, "surveillance", "Surveillance audit", "next-auditor-hours",
                  effort.next_stage_hours, effort.next_auditor_hours);
    split_on_site(out, t, recertification, "recertification", "Recertification audit",
                  "cycle-auditor-hours", cycle.recertification_stage_hours,
                  cycle.recertification_hours);
  }

  /// An audit after the initial one, in hours by audit stage: its planning and report off site, the
  /// rest at the organization (as testing).
  static void split_on_site(EffortWriter& out, const AuditTime& t, const Figure& days,
                            const char* id, const char* label, const char* kind,
                            std::array<Figure, 4>& stage_hours, Figure& total) {
    const double on_site = 1 - t.planning - t.reporting;
    const struct {
      std::size_t stage;
      const char* id;
      double share;
    } parts[] = {
        {0, "planning", t.planning}, {2, "testing", on_site}, {3, "reporting", t.reporting}};
    for (const auto& p : parts) {
      if (p.share <= 0) continue;
      const Figure hours = out.add(
          {.id = cat("iso-audit-time.", id, ".", p.id),
           .kind = kind,
           .group = kAuditStages[p.stage].id,
           .label = cat(label, ": ", kAuditStages[p.stage].id),
           .rule = cat(format_number(p.share * 100), " % of the audit's days, at ",
                       format_number(t.hours_per_day), " hours a day (judgement)"),
           .value = each_point(days.value, [&](double d) { return d * p.share * t.hours_per_day; }),
           .unit = unit::kHours,
           .level = kLevel,
           .from = {days.line},
           .combine = Combine::Product});
      stage_hours[p.stage] = hours;  // one line a stage: the cost stage prices each
      total.add(hours);
    }
  }

  std::shared_ptr<const AuditTime> table_;
  long contractors_ = 0;
  std::vector<long> groups_;
  std::optional<Range> complexity_;
};

// What the plugin declares of itself (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
report_types = ["certification"]

[[data]]
key = "audit-time"
label = "audit-time table"
builtin = "iso27001/audit-time.toml"
help = "ISO/IEC 27001 audit-time table and rules replacing the built-in ones"

[[option]]
key = "contractors"
type = "whole number"
default = "0"
help = "Persons doing work under the organization's control who are not its employees (contractors, temporary staff)."

[[option]]
key = "identical_activity_groups"
type = "array of head counts"
default = "`[]`"
help = "Groups doing identical, simple, low-risk work: each counts as the square root of its head count (ISO/IEC 27006-1 C.3.4)."

[[option]]
key = "complexity"
type = "[low, likely, high]"
default = "the audit-time file's (0.9, 1.0, 1.2)"
help = "The certification body's complexity factor on the table's days, once it has reviewed the scope."
)toml";

}  // namespace

ATTESTPLAN_PLUGIN(IsoAuditTime, "iso-audit-time", "1.0.0",
                  "ISO/IEC 27001 certification: audit days from the ISO/IEC 27006-1 table, the "
                  "surveillance and recertification audits",
                  kDescriptor)

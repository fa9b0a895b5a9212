// price_proposal (proposal.hpp): the quoted fee and the option tiers, each read off the simulated
// runs of the estimates behind it at the firm's percentile.
#include "attestplan/proposal.hpp"

#include "attestplan/compare.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/simulation.hpp"

namespace attestplan {

namespace {

/// The run-by-run sum of figures of one or two estimates; empty when one has no runs.
std::vector<double> runs_of_sum(
    std::initializer_list<std::pair<const EstimateResult*, const Figure*>> terms) {
  std::vector<double> sum;
  for (const auto& [r, f] : terms) {
    if (!r->runs) return {};
    const auto part = runs_of(r->estimate, *r->runs, *f);
    if (part.empty() && f->line.empty() && f->parts.empty())
      continue;  // a figure that is not there adds nothing
    if (part.empty()) return {};
    if (sum.empty()) sum.assign(part.size(), 0.0);
    if (part.size() != sum.size()) return {};
    for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += part[k];
  }
  return sum;
}

QuotedFee quote(const std::vector<double>& runs, int percentile) {
  QuotedFee q;
  q.runs = runs.size();
  if (runs.empty()) return q;
  q.quoted = quantile(runs, percentile / 100.0);
  q.spread = percentiles(runs);
  return q;
}

bool priced(const Figure& f) { return !f.line.empty() || !f.parts.empty(); }

}  // namespace

ProposalPricing price_proposal(const PluginHost& host, const EstimateRequest& base,
                               const EstimateResult& modelled, FirmRole role, FeeBasis basis,
                               int percentile) {
  ProposalPricing out;
  out.role = role;
  out.basis = basis;
  out.percentile = percentile;
  const auto& e = modelled.estimate;
  out.currency = e.cost.currency;
  out.draws = e.simulation.draws;
  out.seed = e.simulation.seed;
  const bool consultant = role == FirmRole::Consultant;
  // The firm's own work in one estimate, and the audit beside it.
  auto own = [&](const EstimateResult& r) {
    return consultant ? &r.estimate.cost.readiness_fee : &r.estimate.cost.fee;
  };

  out.fee = quote(runs_of_sum({{&modelled, own(modelled)}}), percentile);
  if (consultant) out.audit = quote(runs_of_sum({{&modelled, &e.cost.fee}}), percentile);

  const auto kind = base.model.engagement.report;
  const std::string type1 = display_name(type1_of(kind));
  const std::string type2 = display_name(type2_of(kind));
  const int months = base.model.engagement.observation_months.value_or(kDefaultObservationMonths);

  // A renewing organization keeps its coverage with the next Type 2: a Type 1 would break it, so
  // the Type 1 options are offered only for a first audit.
  if (base.model.organization.first_audit) {
    // Type 1 only: the design of the controls at one date.
    ScenarioSpec only1;
    only1.id = "type1";
    only1.report = type1_of(kind);
    if (const auto r = estimate_scenario(host, base, only1); r.error.empty()) {
      // Where the engagement is that Type 1, the row is the fee above: it says so.
      const bool proposed = !is_type2(kind) && !base.model.engagement.then_type2_months;
      ProposalTier t{"type1", type1 + (proposed ? " only (as proposed above)" : " only"),
                     (consultant ? std::string{"Readiness for "} + article_for(type1) + " "
                                 : std::string{article_for(type1)} + " ") +
                         type1 +
                         " report: the design and implementation of the controls at one date",
                     quote(runs_of_sum({{&*r.first, own(*r.first)}}), percentile), std::nullopt};
      if (consultant)
        t.audit = quote(runs_of_sum({{&*r.first, &r.first->estimate.cost.fee}}), percentile);
      out.tiers.push_back(std::move(t));
    } else {
      out.problems.push_back(type1 + " only: " + r.error);
    }

    // Type 1 then Type 2: the Type 2 window starts the day after the Type 1 date. One staged
    // estimate: its Type 2 is priced as the estimate prices the year after a Type 1 (its next
    // cycle), the basis of the two-year option too, so the two agree and the longer window costs
    // more.
    ScenarioSpec then2;
    then2.id = "type1-then-type2";
    then2.staged_type2_months = months;
    if (const auto r = estimate_scenario(host, base, then2);
        r.error.empty() && priced(r.first->estimate.cost.next_fee)) {
      const auto& r1 = *r.first;
      ProposalTier t{
          "type1-then-type2", type1 + ", then " + type2,
          (consultant ? std::string{"Readiness for "} + article_for(type1) + " "
                      : std::string{article_for(type1)} + " ") +
              type1 + " report, then " + article_for(type2) + " " + type2 + " report over the " +
              std::to_string(months) + " months that follow it" +
              (consultant ? std::string{}
                          : std::string{", which builds on what the Type 1 established"}),
          quote(consultant ? runs_of_sum({{&r1, own(r1)}})
                           : runs_of_sum(
                                 {{&r1, &r1.estimate.cost.fee}, {&r1, &r1.estimate.cost.next_fee}}),
                percentile),
          std::nullopt};
      if (consultant) {
        t.audit =
            quote(runs_of_sum({{&r1, &r1.estimate.cost.fee}, {&r1, &r1.estimate.cost.next_fee}}),
                  percentile);
      }
      out.tiers.push_back(std::move(t));
    } else {
      out.problems.push_back(type1 + ", then " + type2 + ": " +
                             (r.error.empty() ? "its Type 2 is not priced" : r.error));
    }
  }

  // Two years: this engagement and the recurring (12-month) cycle the year after, priced from this
  // engagement's lines as the estimate prices its year two (CostResult::next_fee): after a Type 2
  // the next one, after a Type 1 the first 12-month Type 2 (on the same basis as the option above,
  // so the longer window never comes out cheaper). The auditor's offer: a consultant's readiness
  // work is not recurring.
  if (!consultant && priced(e.cost.next_fee)) {
    const std::string what =
        "This engagement, then the next report: " + std::string{article_for(type2)} + " " + type2 +
        " over the 12 months that follow it";
    // After a first Type 2 the second year costs less: its planning, walkthroughs and review of the
    // description are updated rather than done afresh. A renewal's next year is like this one.
    out.tiers.push_back(
        {"two-year", "Two-year agreement",
         is_type2(kind) && base.model.organization.first_audit
             ? what + "; the second year costs less, as it updates the first year's planning, "
                      "walkthroughs and description review"
             : what,
         quote(runs_of_sum({{&modelled, &e.cost.fee}, {&modelled, &e.cost.next_fee}}), percentile),
         std::nullopt});
  }
  return out;
}

}  // namespace attestplan

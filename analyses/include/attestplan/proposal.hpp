// A proposal's prices: the fee a firm quotes, read at a chosen percentile of the simulated runs
// (P80 by default), and the option tiers — Type 1 only; Type 1 then Type 2; a two-year bundle
// with the recurring year priced. An auditor's proposal prices the audit; a consultant's prices the
// readiness work and shows the audit apart, as a third party's estimate (independence, firm.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"
#include "attestplan/firm.hpp"
#include "attestplan/pipeline.hpp"

namespace attestplan {

/// The percentile a proposal quotes when neither the firm file nor the command names one.
inline constexpr int kDefaultFeePercentile = 80;

/// A price read off simulated runs: the quoted value at the percentile, with the P10 / P50 / P90
/// for context. Every value is a quantile of the same runs (simulation.hpp: quantile).
struct QuotedFee {
  double quoted = 0;
  Percentiles spread;
  std::size_t runs =
      0;  ///< 0: the figure has no runs (not simulated); `quoted` is its likely value
};

/// One option the client can choose.
struct ProposalTier {
  std::string id;     ///< "type1", "type1-then-type2", "two-year"
  std::string title;  ///< "Type 1 only"
  std::string what;   ///< the engagement in words
  QuotedFee fee;      ///< the firm's fee for the option
  /// A consultant's option: the audit it prepares for, priced apart (a third party's fee).
  std::optional<QuotedFee> audit;
};

struct ProposalPricing {
  FirmRole role = FirmRole::Auditor;
  FeeBasis basis = FeeBasis::Fixed;
  int percentile = kDefaultFeePercentile;
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  std::string currency;
  QuotedFee fee;                   ///< the engagement as the model has it
  std::optional<QuotedFee> audit;  ///< consultant: the auditor's fee, shown apart
  std::vector<ProposalTier> tiers;
  std::vector<std::string> problems;  ///< tiers that could not be priced, in words
};

/// Prices the proposal. `modelled` must hold its runs (EstimateRequest::keep_runs). The tiers are
/// estimated afresh from `base` with the same seed, so their runs line up with `modelled`'s. A
/// consultant's fee is the readiness work (CostResult::readiness_fee); the recurring year of the
/// two-year bundle is the next cycle's audit fee (CostResult::next_fee) after a Type 2, and the
/// 12-month Type 2 estimated in full after a Type 1; offered by an auditor.
ATTESTPLAN_API ProposalPricing price_proposal(const PluginHost& host, const EstimateRequest& base,
                                              const EstimateResult& modelled, FirmRole role,
                                              FeeBasis basis, int percentile);

}  // namespace attestplan

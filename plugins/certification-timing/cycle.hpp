// The calendar rules of an ISO/IEC 27001 certification the certification-timing plugin dates by
// (models/iso27001/cycle.toml): weeks of planning, of bringing the ISMS to operating by maturity,
// between the two stages and to the decision; the certificate's validity and its surveillance.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/model_types.hpp"
#include "attestplan/range.hpp"

namespace certification_timing {

struct Cycle {
  std::string source;
  attestplan::Range planning, stage1, stage1_to_stage2, stage2, decision;  ///< weeks
  std::map<attestplan::Maturity, attestplan::Range> implementation;        ///< weeks, by maturity
  int certificate_years = 3;
  int first_surveillance_months = 12;    ///< the latest the first surveillance may be
  int planned_surveillance_months = 11;  ///< when it is planned, within that
  int surveillance_interval_months = 12;
  long lead_days = 14;
};

inline constexpr std::string_view kBuiltinCycle = "iso27001/cycle.toml";

/// Reads and checks a certification-cycle file; problems go to `diags` with their locations.
std::optional<Cycle> parse_cycle(const attestplan::DataFile& file, attestplan::Diagnostics& diags);

}  // namespace certification_timing

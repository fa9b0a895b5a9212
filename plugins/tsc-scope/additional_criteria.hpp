// Additional criteria a SOC 2+ report covers beside the Trust Services Criteria (the HIPAA
// Security Rule, or a set a firm adds), read from models/soc2plus/additional-criteria.toml or a
// firm's own file: each requirement with the criteria whose controls it is tested with, and the
// control of its own it brings where none of them is in scope.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/model_types.hpp"

namespace tsc_scope {

struct Requirement {
  std::string set, id, title;
  std::string kind;  ///< "required" or "addressable" (the HIPAA Security Rule's words), or "" (a
                     ///< set that has none)
  std::vector<attestplan::Ref> criteria;  ///< with where each is written, to locate a bad one
  std::string area;                       ///< a control area (kControlAreas)
  attestplan::Frequency frequency = attestplan::Frequency::Annual;
  std::string population;          ///< an event-driven control's population (the sampling policy's)
  std::string applies = "always";  ///< "always", or "clearinghouse" (a health care clearinghouse)
};

struct CriteriaSet {
  std::string id, name, regulation;
  std::string protects;  ///< the data classification it protects ("health"), or none
};

struct AdditionalCriteriaFile {
  std::string name, source, file;
  std::vector<CriteriaSet> sets;
  std::vector<Requirement> requirements;  ///< file order
  [[nodiscard]] const CriteriaSet* find(std::string_view set) const;
};

inline constexpr std::string_view kBuiltinAdditionalCriteriaFile =
    "soc2plus/additional-criteria.toml";

/// Reads and checks a additional-criteria file; problems go to `diags` with their locations.
std::optional<AdditionalCriteriaFile> parse_additional_criteria(const attestplan::DataFile& file,
                                                                attestplan::Diagnostics& diags);

/// Every criterion a requirement cites must be in `catalog`; each that is not is an error at the
/// place the file names it.
void check_criteria(const AdditionalCriteriaFile& subject,
                    const attestplan::CriteriaCatalog& catalog, attestplan::Diagnostics& diags);

}  // namespace tsc_scope

// The control library of tsc-scope: the controls an auditor tests, each mapped to criteria, read
// from a TOML file (models/controls/ or a firm's own).
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

/// One control of a library.
struct LibraryControl {
  std::string id, domain, title, evidence, evidence_category, owner, population;
  std::vector<attestplan::Ref> criteria;  ///< with where each is written, to locate a bad one
  std::vector<std::string> conditions;
  attestplan::Frequency frequency = attestplan::Frequency::Annual;
  bool automated = false;
  bool per_system =
      false;  ///< `per = "system"`: run per system or group of systems sharing a process
  /// `role = "monitoring"`: the operator of a component with that role performs it, so an inclusive
  /// vendor running one performs it in the organization's place.
  std::string role;
};

/// The domain of the controls an inclusive provider runs in its service to the organization (its
/// staff's access, their screening, escalation, changes to what it configures, service reports):
/// never the organization's own.
inline constexpr const char* kProviderDomain = "provider";

/// A complementary user entity control the scope brings: what customers must do, and when it
/// applies
/// ("category:privacy", "commitment:uptime-sla").
struct LibraryCuec {
  std::string when;
  std::string text;
};

/// A control library: its controls in file order, and the CUECs categories and commitments bring.
struct Library {
  std::vector<LibraryControl> controls;
  std::vector<LibraryCuec> cuecs;
};

/// What a control may require of the boundary to apply.
inline const std::vector<std::string> kConditions{"office",    "data-centre",  "own-hardware",
                                                  "endpoints", "software",     "cloud",
                                                  "carve-out", "personal-data"};

/// Where the built-in library lives among the embedded data files.
inline constexpr std::string_view kBuiltinLibrary = "controls/soc2-controls.toml";

/// Reads and checks a control library file; problems go to `diags` with their locations. The
/// criteria it cites are checked against a catalog apart (check_criteria): the catalog in use may
/// be a firm's own.
std::optional<Library> parse_library(const attestplan::DataFile& file,
                                     attestplan::Diagnostics& diags);

/// Each criterion of `refs` (what `owner` cites: "control 'AC-01'") must be in `catalog`; each that
/// is not is an error at its place, with the nearest id.
void check_criterion_refs(const std::vector<attestplan::Ref>& refs, const std::string& owner,
                          const attestplan::CriteriaCatalog& catalog,
                          attestplan::Diagnostics& diags);

/// Every criterion a control of `library` cites must be in `catalog`; each that is not is an error
/// at the place the library names it.
void check_criteria(const Library& library, const attestplan::CriteriaCatalog& catalog,
                    attestplan::Diagnostics& diags);

}  // namespace tsc_scope

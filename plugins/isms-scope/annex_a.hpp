// The Annex A library the isms-scope plugin builds a Statement of Applicability from
// (models/iso27001/annex-a.toml): each control's number, a short name of our own, its control area
// and when it applies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"

namespace isms_scope {

struct AnnexAControl {
  std::string id;       ///< "A.5.1"
  std::string name;     ///< our own short name
  std::string area;     ///< a control area (kControlAreas), whose maturity it follows
  std::string applies;  ///< kApplies: when it applies
};

/// When an Annex A control applies, the words of the library's `applies`.
inline constexpr const char* kApplies[] = {
    "always",        "people",         "premises",
    "suppliers",     "cloud",          "development",
    "personal-data", "infrastructure", "outsourced-development"};

struct AnnexA {
  std::string source;
  std::string edition;
  std::vector<AnnexAControl> controls;
};

inline constexpr std::string_view kBuiltinAnnexA = "iso27001/annex-a.toml";

/// Reads and checks an Annex A library; problems go to `diags` with their locations.
std::optional<AnnexA> parse_annex_a(const attestplan::DataFile& file,
                                    attestplan::Diagnostics& diags);

}  // namespace isms_scope

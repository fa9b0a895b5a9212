// The control-objectives library the objectives-scope plugin scopes a SOC 1 or ISAE 3402 report
// from (models/soc1/objectives.toml): each objective, its set (itgc, payroll, payments, ...), the
// controls a service organization typically has for it and what user entities must do for it.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/model_types.hpp"

namespace objectives_scope {

struct ObjectiveControl {
  std::string title;
  std::string area;  ///< a control area (kControlAreas), whose maturity it follows
  attestplan::Frequency frequency = attestplan::Frequency::Annual;
  bool automated = false;
  std::string population;  ///< an event-driven control's population (the sampling policy's name)
};

struct Objective {
  std::string id;
  std::string set;
  std::string title;
  std::string
      relevance;  ///< why user entities' auditors care: what in their statements it bears on
  std::string applies = "always";  ///< "always", or "premises" (the organization's own premises)
  std::vector<std::string> cuecs;
  std::vector<ObjectiveControl> controls;
  attestplan::SourceLocation where;
};

struct Library {
  std::string name, source, file;
  std::vector<Objective> objectives;
  [[nodiscard]] const Objective* find(std::string_view id) const;
  [[nodiscard]] std::vector<std::string> sets() const;  ///< in the order first met
};

inline constexpr std::string_view kBuiltinObjectives = "soc1/objectives.toml";

/// Reads and checks a library; problems go to `diags` with their locations.
std::optional<Library> parse_library(const attestplan::DataFile& file,
                                     attestplan::Diagnostics& diags);

/// Reads an objective's controls from `t` ([[objective.control]] of the library, or a model's own
/// objective): problems located in `file`.
void read_controls(const toml::table& t, const attestplan::FileName& file,
                   attestplan::Diagnostics& diags, Objective& o);

}  // namespace objectives_scope

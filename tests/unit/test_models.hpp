// Small models for tests: a valid baseline that each test varies.
#pragma once

#include <string>

#include "attestplan/loader.hpp"

namespace attestplan::testing {

inline std::string minimal_model(const std::string& extra = "") {
  return R"(schema = "attestplan/1"

[organization]
name = "Test Org"
employees = 50
engineers = 10

[engagement]
report = "soc2-type2"
observation_months = 6
start = "2027-01-04"

[[service]]
id = "svc"
uses = ["app"]

[[component]]
id = "app"
kind = "software"
runs_on = ["vm"]

[[component]]
id = "vm"
kind = "infrastructure"
provided_by = "cloud"

[[subservice]]
id = "cloud"
method = "carve-out"
report = "soc2-type2"
report_period_end = "2027-03-31"
covers = ["CC6.4", "A1.2"]
)" + extra;
}

inline LoadResult load(const std::string& text) {
  return load_model_text(text, "test.toml", CriteriaCatalog::builtin());
}

/// True when some diagnostic's message contains `needle`.
inline bool mentions(const LoadResult& r, const std::string& needle) {
  for (const auto& d : r.diagnostics.items()) {
    if (d.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

inline const Diagnostic* find_diag(const LoadResult& r, const std::string& needle) {
  for (const auto& d : r.diagnostics.items()) {
    if (d.message.find(needle) != std::string::npos) return &d;
  }
  return nullptr;
}

}  // namespace attestplan::testing

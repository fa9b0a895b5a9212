// Renderers: turn computed results into text, JSON or DOT. They format; they never compute.
#pragma once

#include <string>
#include <vector>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

/// A plain-text table with aligned columns; the last column may run long.
class ATTESTPLAN_API TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);
  [[nodiscard]] std::string render(std::string_view indent = "  ") const;
  [[nodiscard]] bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

ATTESTPLAN_API std::string render_boundary_table(const Model& model, const Boundary& boundary);
ATTESTPLAN_API std::string render_boundary_json(const Model& model, const Boundary& boundary);

ATTESTPLAN_API std::string render_criteria_table(const CriteriaCatalog& catalog);
ATTESTPLAN_API std::string render_criteria_json(const CriteriaCatalog& catalog);

/// Diagnostics as a JSON array of {severity, message, file, line, column, hint}.
ATTESTPLAN_API std::string render_diagnostics_json(const Diagnostics& diags);

}  // namespace attestplan

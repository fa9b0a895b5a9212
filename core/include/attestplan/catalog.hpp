// The Trust Services Criteria catalog (reference §1), read from models/criteria/tsc-2017.toml.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model_types.hpp"

namespace attestplan {

/// What a subservice organization's controls can do for a criterion.
enum class VendorRole {
  Entity,   ///< stays with the organization: a vendor cannot carry it (governance, change,
            ///< incidents, ...)
  Shares,   ///< the vendor contributes; the organization keeps its own controls for it
  Carries,  ///< the vendor's controls stand for it when the vendor is carved out (its building,
            ///< hardware, environment)
};
ATTESTPLAN_API const char* to_string(VendorRole v);  ///< "entity", "shares", "carries"

/// One criterion: its id (CC6.1), category, our own short title, and for CC1–CC5 the COSO
/// principle.
struct Criterion {
  std::string id;
  Category category = Category::Security;
  std::string title;
  int coso_principle =
      0;  ///< 0 when the criterion maps to no COSO principle (CC6–CC9, A, C, PI, P)
  std::string coso_component;  ///< "Control environment", ... or empty
  std::string group;           ///< "CC6 Logical and physical access", "P6 Disclosure", ...
  VendorRole vendor_role = VendorRole::Entity;
  std::string
      vendor_part;  ///< the vendor's contribution, for a CSOC: "restricts physical access to ..."
};

/// The catalog. Its members are the core's (none is inline), so what it holds, and how it indexes
/// it, can change without a plugin that reads it being rebuilt.
class ATTESTPLAN_API CriteriaCatalog {
 public:
  /// Parses a catalog file; problems go to `diags` with their locations.
  static std::optional<CriteriaCatalog> parse(const DataFile& file, Diagnostics& diags);
  /// The built-in catalog, read once from its embedded file (models/criteria/tsc-2017.toml).
  static const CriteriaCatalog& builtin();

  [[nodiscard]] const Criterion* find(std::string_view id) const;
  [[nodiscard]] const std::vector<Criterion>& all() const;
  [[nodiscard]] std::vector<const Criterion*> in_category(Category c) const;
  [[nodiscard]] std::vector<std::string> ids() const;
  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] const std::string& source() const;

 private:
  void build_index();

  std::string name_;
  std::string source_;
  std::vector<Criterion> criteria_;
  std::vector<std::size_t> by_id_;  ///< positions in criteria_, sorted by id (for find)
};

}  // namespace attestplan

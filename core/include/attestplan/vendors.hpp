// The vendor library (models/vendors/vendors.toml): the usual subservice organizations with the
// defaults a [[subservice]] gets when it names one (vendor = "aws"), and the Terraform providers
// that import maps to each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

/// What a subservice organization usually is: its name, report, method and the criteria it covers.
struct VendorDefaults {
  std::string id;
  std::string name;
  VendorReport report = VendorReport::Soc2Type2;
  SubserviceMethod method = SubserviceMethod::CarveOut;
  int report_cycle_months = 12;  ///< how often it reports (Subservice::report_cycle_months)
  std::vector<std::string> covers;
  std::vector<std::string> providers;  ///< Terraform provider source addresses
};

class ATTESTPLAN_API VendorLibrary {
 public:
  /// Parses a vendor library file, checking every covered criterion against `catalog`.
  static std::optional<VendorLibrary> parse(const DataFile& file, const CriteriaCatalog& catalog,
                                            Diagnostics& diags);
  /// The built-in library (models/vendors/vendors.toml), read once.
  static const VendorLibrary& builtin();

  [[nodiscard]] const VendorDefaults* find(std::string_view id) const;
  /// The vendor a Terraform provider address belongs to ("registry.terraform.io/hashicorp/aws"),
  /// also matched without the registry host ("hashicorp/aws"), from OpenTofu's registry
  /// ("registry.opentofu.org/hashicorp/aws", or its "opentofu/aws" copy), and by a legacy bare
  /// name ("aws", "-/aws"); nullptr when none.
  [[nodiscard]] const VendorDefaults* for_provider(std::string_view provider) const;
  [[nodiscard]] std::vector<std::string> ids() const;
  [[nodiscard]] const std::vector<VendorDefaults>& all() const { return vendors_; }

 private:
  std::vector<VendorDefaults> vendors_;
};

}  // namespace attestplan

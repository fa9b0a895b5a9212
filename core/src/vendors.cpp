// The vendor library: parsing models/vendors/vendors.toml and lookups.
#include "attestplan/vendors.hpp"

#include <stdexcept>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

std::optional<VendorLibrary> VendorLibrary::parse(const DataFile& file,
                                                  const CriteriaCatalog& catalog,
                                                  Diagnostics& diags) {
  const auto errors_before = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "vendor library", diags);
  if (!root) return std::nullopt;
  VendorLibrary lib;
  TableReader top(*root, "the vendor library", file.source_name, diags);
  if (!top.format_version("attestplan-vendors", 1)) return std::nullopt;
  if (const auto* items = top.table_array("vendor")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[vendor]]", file.source_name, diags);
      VendorDefaults v;
      v.id = r.identifier("id", true).value_or("");
      r.set_context("[[vendor]] '" + v.id + "'");
      v.name = r.string("name", true).value_or(v.id);
      v.report =
          r.word("report", &parse_vendor_report, names_of_vendor_report(), true).value_or(v.report);
      v.method = r.word("method", &parse_subservice_method, names_of_subservice_method())
                     .value_or(v.method);
      v.report_cycle_months =
          static_cast<int>(r.integer("report_cycle_months", 1, 24).value_or(v.report_cycle_months));
      for (const auto& ref : r.ref_array("covers")) {
        if (!catalog.find(ref.id)) {
          diags.error("'" + ref.id + "' in covers of vendor '" + v.id + "' is not a criterion",
                      ref.where);
        }
        v.covers.push_back(ref.id);
      }
      v.providers = r.string_array("providers");
      r.check_unknown_keys();
      if (!v.id.empty() && lib.find(v.id))
        diags.error("vendor '" + v.id + "' is listed twice", r.where("id"));
      lib.vendors_.push_back(std::move(v));
    }
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return lib;
}

const VendorLibrary& VendorLibrary::builtin() {
  // Read once, by the same reader as a replacement file; the unit tests hold the file to it.
  static const VendorLibrary lib = [] {
    Diagnostics diags;
    const auto file = load_data_file(std::nullopt, "vendors/vendors.toml", diags);
    auto parsed = file ? parse(*file, CriteriaCatalog::builtin(), diags) : std::nullopt;
    if (!parsed)
      throw std::logic_error("the built-in vendor library does not read: " +
                             diags.items().front().message);
    return std::move(*parsed);
  }();
  return lib;
}

const VendorDefaults* VendorLibrary::find(std::string_view id) const {
  for (const auto& v : vendors_) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

namespace {

/// A provider's source address as "namespace/type": the registry host dropped (Terraform's or
/// OpenTofu's), OpenTofu's own namespace read as the HashiCorp one it mirrors, and a bare legacy
/// name ("aws", Terraform 0.12 and older) left as it is.
std::string_view provider_source(std::string_view p) {
  for (const std::string_view host : {"registry.terraform.io/", "registry.opentofu.org/"}) {
    if (p.rfind(host, 0) == 0) {
      p.remove_prefix(host.size());
      break;
    }
  }
  return p;
}

}  // namespace

const VendorDefaults* VendorLibrary::for_provider(std::string_view provider) const {
  const auto wanted = provider_source(provider);
  const auto slash = wanted.find('/');
  const auto ns = slash == std::string_view::npos ? std::string_view{} : wanted.substr(0, slash);
  const auto type = slash == std::string_view::npos ? wanted : wanted.substr(slash + 1);
  for (const auto& v : vendors_) {
    for (const auto& p : v.providers) {
      const auto known = provider_source(p);
      if (known == wanted || p == provider) return &v;
      const auto k = known.find('/');
      if (k == std::string_view::npos) continue;
      const auto known_ns = known.substr(0, k), known_type = known.substr(k + 1);
      if (known_type != type) continue;
      // A legacy bare name, the legacy "-" namespace, or OpenTofu's copy of a HashiCorp provider.
      if (ns.empty() || ns == "-" || (ns == "opentofu" && known_ns == "hashicorp")) return &v;
    }
  }
  return nullptr;
}

std::vector<std::string> VendorLibrary::ids() const {
  std::vector<std::string> out;
  for (const auto& v : vendors_) out.push_back(v.id);
  return out;
}

}  // namespace attestplan

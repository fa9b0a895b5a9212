// CLI commands: load, compute through the core, render, write to stdout or a file.
#include "commands.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/render.hpp"

namespace attestplan::cli {

namespace {

void print_diagnostics(const Diagnostics& diags, std::string_view source_text = {}) {
  for (const auto& d : diags.items()) std::cerr << format_diagnostic(d, source_text);
}

/// The catalog to check criterion ids against: --criteria FILE or the built-in one.
std::optional<CriteriaCatalog> load_catalog(const Common& common) {
  if (!common.criteria_file) return CriteriaCatalog::builtin();
  Diagnostics diags;
  std::optional<CriteriaCatalog> catalog;
  if (auto file = read_text_file(*common.criteria_file, diags)) {
    catalog = CriteriaCatalog::parse(*file, diags);
    print_diagnostics(diags, file->text);
  } else {
    print_diagnostics(diags);
  }
  return catalog;
}

/// Writes a result: to stdout, or atomically to the -o file.
int emit(const Common& common, const std::string& text) {
  if (!common.output) {
    std::cout << text;
    std::cout.flush();
    return kOk;
  }
  Diagnostics diags;
  if (!write_file_atomically(*common.output, text, diags)) {
    print_diagnostics(diags);
    return kBadInput;
  }
  spdlog::info("wrote {}", *common.output);
  return kOk;
}

/// "examples/hr-saas.toml" style names reach the embedded examples: `builtin:examples/x.toml`.
LoadResult load_model(const std::string& path, const CriteriaCatalog& catalog) {
  constexpr std::string_view kBuiltin = "builtin:";
  if (path.rfind(kBuiltin, 0) == 0) {
    const auto rel = path.substr(kBuiltin.size());
    if (const auto text = embedded_data(rel)) return load_model_text(*text, path, catalog);
    LoadResult r;
    r.diagnostics.error("no built-in file '" + rel + "'", SourceLocation{path},
                        "attestplan examples lists the built-in examples");
    return r;
  }
  return load_model_file(path, catalog);
}

}  // namespace

int run_validate(const Common& common, const std::vector<std::string>& models) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  int status = kOk;
  for (const auto& path : models) {
    const auto result = load_model(path, *catalog);
    print_diagnostics(result.diagnostics, result.source_text);
    if (!result.model) {
      std::cerr << path << ": " << result.diagnostics.error_count() << " error(s)\n";
      status = kBadInput;
      continue;
    }
    const auto& m = *result.model;
    std::cout << "ok: " << path << " — " << m.organization.name << ", "
              << display_name(m.engagement.report) << "; " << m.services.size() << " service(s), "
              << m.components.size() << " component(s), " << m.subservices.size()
              << " subservice organization(s)\n";
  }
  return status;
}

int run_boundary(const Common& common, const std::string& path, const std::string& format) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  const auto result = load_model(path, *catalog);
  print_diagnostics(result.diagnostics, result.source_text);
  if (!result.model) return kBadInput;
  const auto boundary = resolve_boundary(*result.model, *catalog);
  spdlog::debug("boundary: {} nodes, {} edges", boundary.nodes.size(), boundary.edge_count);
  if (format == "json") return emit(common, render_boundary_json(*result.model, boundary));
  if (format == "dot") return emit(common, boundary_to_dot(*result.model, boundary));
  return emit(common, render_boundary_table(*result.model, boundary));
}

int run_catalog(const Common& common, const std::string& what, const std::string& format) {
  if (what == "criteria") {
    const auto catalog = load_catalog(common);
    if (!catalog) return kBadInput;
    return emit(common, format == "json" ? render_criteria_json(*catalog)
                                         : render_criteria_table(*catalog));
  }
  std::cerr << "error: unknown catalog '" << what << "'\n";
  return kBadInput;
}

int run_examples(const Common& common, const std::optional<std::string>& name) {
  if (name) {
    const auto text = embedded_data("examples/" + *name + ".toml");
    if (!text) {
      std::cerr << "error: no built-in example '" << *name << "'\n"
                << "  hint: attestplan examples lists them\n";
      return kBadInput;
    }
    return emit(common, std::string{*text});
  }
  std::string out = "Built-in example models (use as builtin:examples/NAME.toml, or print one with "
                    "attestplan examples NAME > my-model.toml):\n";
  for (const auto& n : embedded_data_names()) {
    if (n.rfind("examples/", 0) == 0) out += "  " + n.substr(9, n.size() - 9 - 5) + "\n";
  }
  return emit(common, out);
}

}  // namespace attestplan::cli

// CLI commands: load, compute through the core, render, write to stdout or a file.
#include "commands.hpp"

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>

#include <spdlog/logger.h>

#include "attestplan/boundary.hpp"
#include "attestplan/catalog.hpp"
#include "attestplan/compare.hpp"
#include "attestplan/data.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/log.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"

namespace attestplan::cli {

namespace {

/// Prints diagnostics, quoting the line of `source_text` (the text of `source_name`) under those
/// located in that file. Diagnostics in other files (a --rates or --sampling file) are not quoted
/// from it.
void print_diagnostics(const Diagnostics& diags, std::string_view source_text = {},
                       std::string_view source_name = {}) {
  for (const auto& d : diags.items()) {
    std::cerr << format_diagnostic(d, d.location.file == source_name ? source_text : std::string_view{});
  }
}

/// The catalog to check criterion ids against: --criteria FILE or the built-in one (not copied);
/// nullptr, with the problems printed, when the file does not read.
const CriteriaCatalog* load_catalog(const Common& common) {
  if (!common.criteria_file) return &CriteriaCatalog::builtin();
  static std::optional<CriteriaCatalog> from_file;  // one per process: the command's --criteria
  Diagnostics diags;
  if (auto file = read_text_file(*common.criteria_file, diags)) {
    from_file = CriteriaCatalog::parse(*file, diags);
    print_diagnostics(diags, file->text, file->source_name);
  } else {
    print_diagnostics(diags);
  }
  return from_file ? &*from_file : nullptr;
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
  attestplan::logger().info("wrote {}", *common.output);
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
    print_diagnostics(result.diagnostics, result.source_text, path);
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
  print_diagnostics(result.diagnostics, result.source_text, path);
  if (!result.model) return kBadInput;
  const auto boundary = resolve_boundary(*result.model, *catalog);
  attestplan::logger().debug("boundary: {} nodes, {} edges", boundary.nodes.size(), boundary.edge_count);
  if (format == "json") return emit(common, render_boundary_json(*result.model, boundary));
  if (format == "dot") return emit(common, boundary_to_dot(*result.model, boundary));
  if (format == "svg") {
    try {
      return emit(common, boundary_to_svg(*result.model, boundary));
    } catch (const std::runtime_error& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kPluginFailure;
    }
  }
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

namespace {

PluginSearch search_of(const Common& common) {
  PluginSearch search;
  for (const auto& d : common.plugin_dirs) search.dirs.emplace_back(d);
  return search;
}

}  // namespace

int run_plugins(const Common& common, const std::string& format) {
  const auto search = search_of(common);
  const PluginHost host(search);
  return emit(common, format == "json" ? render_plugins_json(host, search)
                                       : render_plugins_table(host, search));
}

namespace {

/// A model loaded and overridden from the command line, ready to estimate.
struct Prepared {
  const CriteriaCatalog* catalog = nullptr;
  Model model;
  std::string source_text;
  std::map<std::string, std::filesystem::path> overrides;
};

/// Loads the model and applies --report, --months, --currency and the data-file flags; reports
/// problems (naming the flag) and returns kOk or the exit code.
int prepare(const Common& common, const EstimateOptions& options, Prepared& out) {
  out.catalog = load_catalog(common);
  if (!out.catalog) return kBadInput;
  auto loaded = load_model(options.model, *out.catalog);
  print_diagnostics(loaded.diagnostics, loaded.source_text, options.model);
  if (!loaded.model) return kBadInput;
  out.model = std::move(*loaded.model);
  out.source_text = std::move(loaded.source_text);
  Model& model = out.model;

  // Command-line overrides of the model's engagement (checked like the model's own keys).
  if (options.report) {
    const auto kind = parse_report_kind(*options.report);
    if (!kind) {
      std::cerr << "error: --report: unknown report kind '" << *options.report << "'\n"
                << "  hint: soc2-type1, soc2-type2, isae3000-type1 or isae3000-type2\n";
      return kBadInput;
    }
    model.engagement.report = *kind;
  }
  if (options.months) {
    if (*options.months < 3 || *options.months > 12) {
      std::cerr << "error: --months: " << *options.months << " is outside 3..12\n";
      return kBadInput;
    }
    if (!is_type2(model.engagement.report)) {
      std::cerr << "error: --months applies to a Type 2 report, and this one is "
                << display_name(model.engagement.report) << "\n"
                << "  hint: add --report soc2-type2 (or isae3000-type2)\n";
      return kBadInput;
    }
    model.engagement.observation_months = *options.months;
  }
  if (options.currency) {
    const auto& c = *options.currency;
    if (c.size() != 3 || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
      std::cerr << "error: --currency: '" << c << "' is not a 3-letter ISO 4217 code such as USD\n";
      return kBadInput;
    }
    model.engagement.currency = c;
  }
  const std::pair<const char*, const std::optional<std::string>*> files[] = {
      {"rates", &options.rates}, {"controls", &options.controls},
      {"sampling", &options.sampling}, {"timing", &options.timing}};
  for (const auto& [name, path] : files) {
    if (*path) out.overrides[name] = **path;
  }
  return kOk;
}

/// Runs the pipeline on a (possibly modified) model; prints configuration problems and failed
/// stages. Returns kOk, kBadInput (configuration errors) — a failed stage is in the result.
int estimate_of(const Prepared& p, const Model& model, const PluginHost& host, EstimateResult& out) {
  EstimateRequest request{model, *p.catalog, p.overrides};
  out = attestplan::run_estimate(host, request);
  print_diagnostics(out.diagnostics, p.source_text, p.model.source_name);
  if (!out.configured) return kBadInput;
  for (const auto& s : out.estimate.stages) {
    if (s.status != StageStatus::Ok) std::cerr << "error: " << s.message << "\n";
  }
  return kOk;
}

/// Exit code after writing: plugin failure first, then findings at the --fail-on level.
int outcome(const EstimateResult& result, const EstimateOptions& options) {
  if (result.plugin_failed()) return kPluginFailure;
  if (options.fail_on) {
    const auto threshold = *options.fail_on == "error" ? Severity::Error : Severity::Warning;
    for (const auto& f : result.estimate.findings) {
      if (static_cast<int>(f.severity) >= static_cast<int>(threshold)) return kFindings;
    }
  }
  return kOk;
}

std::string utc_stamp() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::hh_mm_ss time{std::chrono::duration_cast<std::chrono::seconds>(now - days)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d%02d%02dZ", [&] {
    auto d = Date{days}.to_string();
    d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
    return d;
  }().c_str(), static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buf;
}

}  // namespace

namespace {

/// What a command makes of an estimate: the text to write, or an exit code when there is none.
using Rendering = std::function<int(const Prepared&, const EstimateResult&, std::string& text)>;

/// The shared path of estimate, plan, evidence and proposal: load and override the model, run the
/// pipeline, render, write, and choose the exit code.
int run_with_estimate(const Common& common, const EstimateOptions& options, const Rendering& render) {
  Prepared p;
  if (const int status = prepare(common, options, p); status != kOk) return status;
  const PluginHost host(search_of(common));
  EstimateResult result;
  if (const int status = estimate_of(p, p.model, host, result); status != kOk) return status;
  std::string text;
  if (const int status = render(p, result, text); status != kOk) return status;
  if (const int status = emit(common, text); status != kOk) return status;
  return outcome(result, options);
}

}  // namespace

int run_estimate(const Common& common, const EstimateOptions& options) {
  return run_with_estimate(common, options, [&](const Prepared& p, const EstimateResult& result, std::string& text) {
    if (options.format == "json") {
      text = render_estimate_json(p.model, result);
    } else if (options.format == "csv") {
      text = render_estimate_csv(result);
    } else if (options.format == "markdown") {
      text = render_estimate_markdown(p.model, result, options.explain);
    } else {
      text = render_estimate_table(p.model, result, options.explain);
    }
    return kOk;
  });
}

int run_plan(const Common& common, const EstimateOptions& options) {
  return run_with_estimate(common, options, [&](const Prepared& p, const EstimateResult& result, std::string& text) {
    if (!result.estimate.timing.ran) {
      std::cerr << "error: the timing stage did not run, so there is no calendar\n";
      return static_cast<int>(kPluginFailure);
    }
    if (options.format == "ics") {
      text = render_plan_ics(p.model, result, utc_stamp());
    } else if (options.format == "json") {
      text = render_estimate_json(p.model, result);
    } else {
      text = render_plan_table(p.model, result);
    }
    return static_cast<int>(kOk);
  });
}

int run_evidence(const Common& common, const EstimateOptions& options) {
  return run_with_estimate(common, options, [](const Prepared& p, const EstimateResult& result, std::string& text) {
    if (!result.estimate.scope.ran) {
      std::cerr << "error: the scope stage did not run, so there are no controls to request evidence for\n";
      return static_cast<int>(kPluginFailure);
    }
    text = render_evidence_csv(p.model, result);
    return static_cast<int>(kOk);
  });
}

int run_proposal(const Common& common, const EstimateOptions& options) {
  std::string format = options.format;
  if (format.empty() || format == "table") {
    const std::string out = common.output.value_or("");
    format = out.size() > 3 && out.substr(out.size() - 3) == ".md" ? "markdown" : "html";
  }
  return run_with_estimate(common, options, [&](const Prepared& p, const EstimateResult& result, std::string& text) {
    const std::string today = Date::today().to_string();
    if (format == "markdown") {
      text = render_proposal_markdown(p.model, result, today);
      return static_cast<int>(kOk);
    }
    std::string svg;
    try {
      svg = boundary_to_svg(p.model, result.boundary);
      svg = svg.substr(std::min(svg.find("<svg"), svg.size()));  // inline: no XML prolog or DOCTYPE
    } catch (const std::runtime_error& e) {
      std::cerr << "warning: the boundary diagram is left out: " << e.what() << "\n";
    }
    text = render_proposal_html(p.model, result, svg, today);
    return static_cast<int>(kOk);
  });
}

int run_compare(const Common& common, const EstimateOptions& options,
                const std::vector<std::string>& scenarios) {
  Prepared p;
  if (const int status = prepare(common, options, p); status != kOk) return status;
  const PluginHost host(search_of(common));
  // Check the model's plugin options once, with their locations, before running every scenario.
  EstimateResult probe;
  if (const int status = estimate_of(p, p.model, host, probe); status != kOk) return status;
  std::vector<std::string> unknown;
  const EstimateRequest base{p.model, *p.catalog, p.overrides};
  const auto cmp = compare_scenarios(host, base, scenarios, unknown);
  if (!unknown.empty()) {
    std::string known;
    for (const auto& s : default_scenarios(p.model, {})) known += (known.empty() ? "" : ", ") + s.id;
    for (const auto& id : unknown) std::cerr << "error: --scenario: no scenario '" << id << "'\n";
    std::cerr << "  hint: " << known << " (and with-/without- each optional category)\n";
    return kBadInput;
  }
  std::string text;
  if (options.format == "json") {
    text = render_compare_json(p.model, cmp);
  } else if (options.format == "csv") {
    text = render_compare_csv(cmp);
  } else if (options.format == "markdown") {
    text = render_compare_markdown(p.model, cmp);
  } else {
    text = render_compare_table(p.model, cmp);
  }
  if (const int status = emit(common, text); status != kOk) return status;
  const bool failed = std::any_of(cmp.scenarios.begin(), cmp.scenarios.end(),
                                  [](const ScenarioOutcome& s) { return s.status != ScenarioStatus::Ok; });
  return failed ? kPluginFailure : kOk;
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

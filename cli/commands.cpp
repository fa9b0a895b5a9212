// CLI commands: load, compute through the core, render, write to stdout or a file.
#include "commands.hpp"

#include <spdlog/logger.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include "attestplan/catalog.hpp"
#include "attestplan/data.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/import.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/log.hpp"
#include "attestplan/pdf.hpp"
#include "attestplan/plugin_host.hpp"
#include "progress.hpp"
#include "terminal.hpp"

namespace attestplan::cli {

std::string terminal_safe(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // C1 controls (U+0080..U+009F) are two bytes in UTF-8: C2 80..C2 9F.
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c1) {
      const auto next = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out += kHex[next >> 4];
      out += kHex[next & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string for_stderr(std::string_view text) {
  return colour_wanted(STDERR_FILENO) ? colour_severities(terminal_safe(text))
                                      : terminal_safe(text);
}

/// Prints diagnostics, quoting the line of `source_text` (the text of `source_name`) under those
/// located in that file. Diagnostics in other files (a --rates or --sampling file) are not quoted
/// from it. The first kMaxDiagnosticsShown are printed, then a count of the rest; control
/// characters a model's names may hold are escaped (terminal_safe).
void print_diagnostics(const Diagnostics& diags, std::string_view source_text,
                       std::string_view source_name) {
  const auto& items = diags.items();
  for (std::size_t i = 0; i < items.size() && i < kMaxDiagnosticsShown; ++i) {
    const auto& d = items[i];
    std::cerr << for_stderr(
        format_diagnostic(d, d.location.file == source_name ? source_text : std::string_view{}));
  }
  if (items.size() > kMaxDiagnosticsShown) {
    std::cerr << "note: and " << items.size() - kMaxDiagnosticsShown
              << " more problem(s) not shown; " << diags.error_count() << " error(s) in all\n";
  }
}

/// The catalog to check criterion ids against: --criteria FILE or the built-in one (not copied);
/// nullptr, with the problems printed, when the file does not read.
bool use_frameworks(const std::string& path) {
  Diagnostics diags;
  const auto file = read_text_file(path, diags);
  auto library = file ? FrameworkLibrary::parse(*file, diags) : std::nullopt;
  if (!library) {
    print_diagnostics(diags);
    return false;
  }
  FrameworkLibrary::use(std::move(*library));
  return true;
}

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

/// Writes a result: to stdout, or atomically to the -o file. Text meant for a terminal (tables)
/// has its control characters escaped; the other formats are data and written as they are.
int emit(const Common& common, const std::string& text, bool for_terminal) {
  if (!common.output) {
    // Any text bound for a terminal (Markdown, CSV, JSON too) loses the control characters a
    // model's strings could carry (ESC, C1, BEL, NUL); into a file or a pipe it goes as it is.
    if (!for_terminal && ::isatty(STDOUT_FILENO) == 1) {
      std::cout << terminal_safe(text);
    } else if (!for_terminal) {
      std::cout << text;
    } else if (colour_wanted(STDOUT_FILENO)) {
      std::cout << colour_severities(terminal_safe(text));
    } else {
      std::cout << terminal_safe(text);
    }
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

namespace {

/// The model's text: a file, or a built-in example (`builtin:examples/NAME.toml`).
std::optional<DataFile> read_model(const std::string& path, Diagnostics& diags) {
  constexpr std::string_view kBuiltin = "builtin:";
  if (path == "-") return read_standard_input("<stdin>", diags);
  if (path.rfind(kBuiltin, 0) == 0) {
    const auto rel = path.substr(kBuiltin.size());
    if (const auto text = embedded_data(rel)) return DataFile{std::string{*text}, path};
    diags.error("no built-in file '" + rel + "'", SourceLocation{path},
                "attestplan examples lists the built-in examples");
    return std::nullopt;
  }
  return read_text_file(path, diags);
}

/// The folder a model's `include` paths are taken from: the model file's own; the current
/// directory for standard input; none for a built-in example.
std::optional<std::filesystem::path> include_dir_of(const std::string& path) {
  if (path == "-") return std::filesystem::path{"."};
  if (path.rfind("builtin:", 0) == 0) return std::nullopt;
  const std::filesystem::path p{path};
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path{"."};
}

}  // namespace

/// -o must not replace what the command reads: the model, a data file, the criteria catalog.
bool output_overwrites_an_input(const Common& common, const std::vector<std::string>& inputs,
                                std::string_view flag) {
  if (!common.output) return false;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in == "-" || in.rfind("builtin:", 0) == 0) continue;
    // The same file (a hard link, another spelling), or, when neither exists yet, the same path.
    bool same = false;
    if (std::filesystem::exists(*common.output, ec) && std::filesystem::exists(in, ec)) {
      same = std::filesystem::equivalent(*common.output, in, ec);
    } else {
      std::error_code ea, eb;
      const auto a = std::filesystem::weakly_canonical(*common.output, ea),
                 b = std::filesystem::weakly_canonical(in, eb);
      same = !ea && !eb && !a.empty() && a == b;
    }
    if (same) {
      std::cerr << "error: " << flag << " " << terminal_safe(*common.output)
                << ": would overwrite the input '" << terminal_safe(in)
                << "'\n  hint: write the output to another file\n";
      return true;
    }
  }
  return false;
}

PluginSearch search_of(const Common& common) {
  PluginSearch search;
  for (const auto& d : common.plugin_dirs) search.dirs.emplace_back(d);
  return search;
}

void warn_of_refused_plugins(const Common& common, const PluginHost& host) {
  // A plugin the user named a directory for and that did not load would otherwise be replaced by
  // the built-in one without a word.
  for (const auto& r : host.records()) {
    if (r.status != PluginStatus::Refused) continue;
    for (const auto& dir : common.plugin_dirs) {
      const auto rel = r.file.lexically_relative(std::filesystem::path{dir});
      if (rel.empty() || *rel.begin() == "..") continue;
      std::cerr << "warning: --plugins " << terminal_safe(dir) << ": "
                << terminal_safe(r.file.string()) << " is not used: " << terminal_safe(r.reason)
                << "\n  hint: attestplan plugins --plugins " << terminal_safe(dir)
                << " lists what was found and which plugin serves each stage\n";
      break;
    }
  }
}

int run_validate(const Common& common, const std::vector<std::string>& models) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  const Engine engine(search_of(common), *catalog);
  warn_of_refused_plugins(common, engine.host());
  int status = kOk;
  for (const auto& path : models) {
    Diagnostics read_diags;
    const auto file = read_model(path, read_diags);
    if (!file) {
      print_diagnostics(read_diags);
      std::cerr << terminal_safe(path) << ": " << read_diags.error_count() << " error(s)\n";
      status = kBadInput;
      continue;
    }
    // The same checks an estimate makes, plugin options included: a model that validates estimates.
    Progress progress(common.progress);
    progress.phase("validating " + terminal_safe(path));
    const auto result =
        engine.validate(file->text, file->source_name, LoadOptions{include_dir_of(path)});
    progress.stop();
    print_diagnostics(result.diagnostics, file->text, file->source_name);
    if (!result.model) {
      std::cerr << terminal_safe(path) << ": " << result.diagnostics.error_count() << " error(s)\n";
      status = kBadInput;
      continue;
    }
    const auto& m = *result.model;
    std::cout << "ok: " << terminal_safe(path) << " — " << terminal_safe(m.organization.name)
              << ", " << display_name(m.engagement.report) << "; " << m.services.size()
              << " service(s), " << m.components.size() << " component(s), " << m.subservices.size()
              << " subservice organization(s)\n";
  }
  return status;
}

int run_catalog(const Common& common, const std::string& what, const std::string& format) {
  if (what == "criteria" && format == "oscal-components") {
    std::cerr
        << "error: -f oscal-components: the criteria catalog is written as a table or JSON\n"
           "  hint: attestplan catalog vendors -f oscal-components writes the vendor library\n";
    return kBadInput;
  }
  if (what == "criteria") {
    const auto catalog = load_catalog(common);
    if (!catalog) return kBadInput;
    return emit(common,
                criteria_output(*catalog, format == "json" ? Format::Json : Format::Table,
                                common.output ? 0 : output_width(STDOUT_FILENO)),
                format != "json");
  }
  if (what == "vendors") {
    if (format == "json") {
      std::cerr << "error: -f json: the vendor library is written as a table or as an OSCAL "
                   "component definition\n  hint: -f oscal-components\n";
      return kBadInput;
    }
    return emit(
        common,
        vendors_output(format == "oscal-components" ? Format::OscalComponents : Format::Table,
                       Date::today().to_string(), common.output ? 0 : output_width(STDOUT_FILENO)),
        format == "table");
  }
  std::cerr << "error: unknown catalog '" << what << "'\n";
  return kBadInput;
}

int run_plugins(const Common& common, const std::string& format) {
  const auto search = search_of(common);
  const PluginHost host(search);
  const Format as = format == "json"       ? Format::Json
                    : format == "markdown" ? Format::Markdown
                                           : Format::Table;
  return emit(common,
              plugins_output(host, search, as, common.output ? 0 : output_width(STDOUT_FILENO)),
              format != "json");
}

namespace {

std::string utc_stamp() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::hh_mm_ss time{std::chrono::duration_cast<std::chrono::seconds>(now - days)};
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%sT%02d%02d%02dZ",
      [&] {
        auto d = Date{days}.to_string();
        d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
        return d;
      }()
          .c_str(),
      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
      static_cast<int>(time.seconds().count()));
  return buf;
}

/// The format -f names, else the one -o's extension implies, else the output's default (empty);
/// nullopt, with the reason on stderr, when the two disagree, when the extension names a format
/// the output is not written in, or when a PDF is asked for and there is no Chromium to print it.
std::optional<std::string> format_of(Output output, std::string format,
                                     const std::string& out_name) {
  auto ends_with = [&](std::string_view suffix) {
    return out_name.size() > suffix.size() &&
           out_name.compare(out_name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // -o's extension names a format: one -f contradicts is refused rather than written under a name
  // that says otherwise (CSV in a .xlsx, HTML in a .pdf).
  static const std::pair<const char*, const char*> kExtensions[] = {
      {".pdf", "pdf"}, {".xlsx", "xlsx"}, {".html", "html"}, {".htm", "html"}, {".md", "markdown"},
      {".csv", "csv"}, {".json", "json"}, {".svg", "svg"},   {".ics", "ics"},  {".dot", "dot"}};
  // OSCAL's documents are JSON: a .json file takes any of them (the first when -f is not given).
  const auto oscal_json = [&](std::string_view implied) {
    return output == Output::Oscal && implied == "json";
  };
  if (format.empty()) {
    // Nor is an extension of a format this command does not write (the evidence list in a .pdf).
    for (const auto& extension : kExtensions) {
      const char* ext = extension.first;
      const char* implied = extension.second;
      if (oscal_json(implied)) continue;
      const bool written = std::ranges::any_of(
          formats_of(output), [&](Format f) { return std::string_view{to_string(f)} == implied; });
      if (ends_with(ext) && !written) {
        std::string names;
        for (auto f : formats_of(output))
          names += (names.empty() ? "" : ", ") + std::string{to_string(f)};
        std::cerr << "error: -o " << terminal_safe(out_name) << ": " << to_string(output)
                  << " is not written as " << implied << "\n  hint: " << to_string(output)
                  << " writes " << names << "; name the file for one of them\n";
        return std::nullopt;
      }
      // The extension chooses among the formats the command writes (-o plan.ics, -o estimate.json).
      if (ends_with(ext)) format = implied;
    }
  } else {
    for (const auto& [ext, implied] : kExtensions) {
      if (ends_with(ext) && format != implied && !oscal_json(implied)) {
        std::cerr << "error: -f " << terminal_safe(format) << " and -o " << terminal_safe(out_name)
                  << ": the file's name says " << implied
                  << "\n  hint: drop -f (the extension chooses the format) or name the file for "
                  << terminal_safe(format) << "\n";
        return std::nullopt;
      }
    }
  }
  // proposal -o x.pdf: the HTML, printed by headless Chromium (the request layer's pdf.hpp).
  // Checked before any work, in the words of the flag that asked for it.
  const bool pdf = output == Output::Proposal && format == "pdf";
  if (pdf) {
    if (!find_chromium()) {
      std::cerr << "error: -o " << terminal_safe(out_name)
                << ": writing a PDF needs Chromium, which is not installed"
                << (std::getenv("ATTESTPLAN_CHROMIUM") ? " at $ATTESTPLAN_CHROMIUM" : "") << "\n"
                << "  hint: install the Debian package chromium (apt-get install chromium), or "
                   "write HTML with -o "
                   "proposal.html and print it from a browser\n";
      return std::nullopt;
    }
  }
  if (format.empty() && output == Output::Proposal) format = ends_with(".md") ? "markdown" : "html";
  if (format.empty() && output == Output::Evidence && ends_with(".xlsx")) format = "xlsx";
  return format;
}

/// The command that gives the same quote: the same inputs, the seed and the percentile pinned.
std::string reproduce_command(const Common& common, const OutputOptions& options) {
  auto quoted = [](const std::string& s) {
    if (!s.empty() &&
        s.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+,") ==
            std::string::npos) {
      return s;
    }
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return q + "'";
  };
  std::string cmd = "attestplan proposal " + quoted(options.model);
  if (options.firm) cmd += " --firm " + quoted(*options.firm);
  // The data files in the order the flags are offered.
  for (const auto& d : common.data_files) {
    const auto it = options.data.find(d.key);
    if (it != options.data.end() && it->second) cmd += " --" + d.key + " " + quoted(*it->second);
  }
  const std::pair<const char*, const std::optional<std::string>*> named[] = {
      {"--simulation", &options.simulation}, {"--profile", &options.profile},
      {"--report", &options.report},         {"--months", &options.months},
      {"--currency", &options.currency},     {"--auditor-country", &options.auditor_country}};
  for (const auto& [flag, value] : named) {
    if (*value) cmd += std::string{" "} + flag + " " + quoted(**value);
  }
  return cmd;
}

}  // namespace

int run_output(const Common& common, Output output, const OutputOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  Request req;
  req.output = output;
  const std::string out_name = common.output.value_or("");
  const auto chosen = format_of(output, options.format, out_name);
  if (!chosen) return kBadInput;
  const std::string& format = *chosen;
  req.format =
      format.empty() ? formats_of(output).front() : parse_format(format).value_or(Format::Table);
  std::vector<std::string> inputs{options.model};
  for (const auto* f : {&common.criteria_file, &common.frameworks_file, &options.simulation,
                        &options.firm, &options.profile}) {
    if (*f) inputs.push_back(**f);
  }
  add_data_inputs(options.data, inputs);
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  Diagnostics read_diags;
  auto model = read_model(options.model, read_diags);
  if (!model) {
    print_diagnostics(read_diags);
    return kBadInput;
  }
  req.model_text = std::move(model->text);
  req.model_name = model->source_name;
  req.include_dir = include_dir_of(options.model);
  req.overrides = {options.report, options.months,          options.currency,
                   options.seed,   options.auditor_country, {}};
  put_data_files(options.data, req.overrides.data_files);
  if (options.simulation) req.overrides.data_files["simulation"] = *options.simulation;
  if (options.profile) req.overrides.data_files[std::string{kProfileDataFile}] = *options.profile;
  if (options.firm) {
    Diagnostics firm_diags;
    req.firm = read_text_file(*options.firm, firm_diags);
    if (!req.firm) {
      print_diagnostics(firm_diags);
      return kBadInput;
    }
    const std::filesystem::path firm_path{*options.firm};
    req.firm_dir =
        firm_path.has_parent_path() ? firm_path.parent_path() : std::filesystem::path{"."};
  }
  req.fee_percentile = options.fee_percentile;
  req.memo = options.memo;
  req.letter_date = options.letter_date;
  if (common.output && *common.output != "-") req.output_path = *common.output;
  req.internal = options.internal;
  req.oscal_ssp_href = options.ssp_href;
  if (!options.model.empty()) req.reproduce_command = reproduce_command(common, options);
  if ((req.format == Format::Xlsx || req.format == Format::Pdf) && !common.output &&
      ::isatty(STDOUT_FILENO) == 1) {
    const bool xlsx = req.format == Format::Xlsx;
    std::cerr << "error: " << (xlsx ? "XLSX" : "PDF")
              << " is a binary file, not for a terminal\n  hint: write it to a file: -o "
              << (xlsx ? "evidence.xlsx" : "proposal.pdf") << "\n";
    return kBadInput;
  }
  req.explain = options.explain;
  if (!common.output) req.width = output_width(STDOUT_FILENO);
  req.scenarios = options.scenarios;
  req.today = Date::today().to_string();
  req.stamp_utc = utc_stamp();

  // The output goes out as it is made where it allows (the boundary as JSON): to standard output,
  // or to a temporary file beside -o's, renamed over it once complete. Others are written whole.
  std::optional<AtomicFile> file;
  if (common.output) {
    Diagnostics open_diags;
    file.emplace(*common.output, open_diags);
    if (!file->ok()) {
      print_diagnostics(open_diags);
      return kBadInput;
    }
    req.stream = &file->stream();
  } else {
    req.stream = &std::cout;
  }
  Progress progress(common.progress);
  const bool output_to_terminal = !common.output && ::isatty(STDOUT_FILENO) == 1;
  req.progress = [&](std::string_view phase) {
    if (phase == "writing" && output_to_terminal) {
      progress.stop();  // the output goes to the terminal the line is drawn on
    } else {
      progress.phase(phase);
    }
  };
  const Engine engine(search_of(common), *catalog);
  warn_of_refused_plugins(common, engine.host());
  const auto res = engine.handle(req);
  progress.stop();
  if (res.streamed && !file) std::cout.flush();
  if (res.streamed && file) {
    Diagnostics write_diags;
    if (!file->commit(write_diags)) {
      print_diagnostics(write_diags);
      return kBadInput;
    }
  }
  file.reset();  // not streamed: nothing was written to it, and the output is written whole below
  print_diagnostics(res.diagnostics, req.model_text, req.model_name);
  for (const auto& w : res.warnings) std::cerr << for_stderr("warning: " + w + "\n");
  for (const auto& f : res.failures) std::cerr << for_stderr("error: " + f + "\n");
  if (res.outcome == Outcome::InvalidModel || res.outcome == Outcome::InvalidRequest)
    return kBadInput;
  if (!res.streamed && (!res.body.empty() || res.outcome == Outcome::Ok)) {
    if (const int status = emit(common, res.body, req.format == Format::Table); status != kOk)
      return status;
  }
  if (res.outcome == Outcome::PluginFailure) return kPluginFailure;
  if (options.fail_on) {
    const auto threshold = *options.fail_on == "error" ? Severity::Error : Severity::Warning;
    for (const auto& f : res.findings) {
      if (static_cast<int>(f.severity) >= static_cast<int>(threshold)) return kFindings;
    }
    // The model's own warnings (a short window, ...) count as findings too: printed, they must not
    // pass a check that fails on warnings.
    for (const auto& d : res.diagnostics.items()) {
      if (static_cast<int>(d.severity) >= static_cast<int>(threshold)) return kFindings;
    }
  }
  return kOk;
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
  return emit(common, examples_output(common.output ? 0 : output_width(STDOUT_FILENO)), true);
}

/// Reads an overlay back as a model that includes it would, before it is written: what import
/// reports as done must load. Errors located in the overlay are returned (a reference to what the
/// including model would define is not one: it is a warning there).
Diagnostics overlay_problems(const std::string& overlay) {
  Diagnostics out;
  std::string pattern =
      (std::filesystem::temp_directory_path() / "attestplan-import-check-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return out;  // no room to check: the write itself will say
  const std::filesystem::path dir = pattern;
  {
    std::ofstream(dir / "overlay.toml", std::ios::binary) << overlay;
    std::ofstream(dir / "check.toml")
        << "schema = \"attestplan/1\"\ninclude = [\"overlay.toml\"]\n[organization]\n"
           "name = \"check\"\nemployees = 1\n";
  }
  const auto loaded = load_model_file(dir / "check.toml", CriteriaCatalog::builtin());
  const auto file = (dir / "overlay.toml").string();
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.severity != Severity::Error || d.location.file.str() != file) continue;
    // Named by the overlay's line, since the overlay is not written.
    out.error("the overlay import would write does not load: " + d.message + " (at its line " +
                  std::to_string(d.location.line) + ")",
              {},
              "this is a defect of the importer's, or an input it cannot turn into ids; report it "
              "with the input");
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return out;
}

int run_import(const Common& common, const ImportOptions& options) {
  std::vector<std::string> inputs{options.input};
  inputs.insert(inputs.end(), options.pages.begin(), options.pages.end());
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  ImportResult result;
  if (options.what == "terraform") {
    TerraformOptions tf;
    const auto group_by = parse_group_by(options.group_by);
    if (!group_by) {
      std::cerr << "error: --group-by: '" << terminal_safe(options.group_by)
                << "' is not tag, module or resource\n";
      return kBadInput;
    }
    tf.group_by = *group_by;
    if (options.rules) tf.rules = *options.rules;
    // Progress only where a person watches: a terminal, and not --quiet.
    const bool show = !options.quiet && ::isatty(STDERR_FILENO) == 1;
    if (show) {
      tf.progress = [](std::uint64_t n) {
        std::cerr << "\rimport: " << n << " resources read" << std::flush;
      };
    }
    result = import_terraform(options.input, tf);
    if (show) std::cerr << "\r\033[K" << std::flush;
  } else if (options.what == "csv") {
    result = import_csv(options.input);
  } else if (options.what == "oscal") {
    result = import_oscal(options.input);
  } else {
    std::vector<std::filesystem::path> more;
    for (std::size_t k = 1; k < options.pages.size(); ++k) more.emplace_back(options.pages[k]);
    result = import_groups(options.input, more);
  }
  std::string text;
  if (result.overlay) {
    text = render_overlay(*result.overlay);
    result.diagnostics.append(overlay_problems(text));
    if (result.diagnostics.has_errors()) result.overlay.reset();
  }
  print_diagnostics(result.diagnostics);
  if (!result.overlay) {
    std::cerr << terminal_safe(options.input == "-" ? std::string{"<stdin>"} : options.input)
              << ": " << result.diagnostics.error_count() << " error(s); nothing written\n";
    return kBadInput;
  }
  return emit(common, text);
}

int run_drift(const Common& common, const DriftOptions& options) {
  const auto catalog = load_catalog(common);
  if (!catalog) return kBadInput;
  std::vector<std::string> inputs{options.baseline, options.current};
  for (const auto* f : {&common.criteria_file, &common.frameworks_file, &options.profile}) {
    if (*f) inputs.push_back(**f);
  }
  add_data_inputs(options.data, inputs);
  if (output_overwrites_an_input(common, inputs)) return kBadInput;
  Diagnostics read_diags;
  const auto baseline = read_model(options.baseline, read_diags);
  const auto current = read_model(options.current, read_diags);
  if (!baseline || !current) {
    print_diagnostics(read_diags);
    return kBadInput;
  }
  DriftRequest req;
  req.format = parse_format(options.format).value_or(Format::Table);
  if (!common.output) req.width = output_width(STDOUT_FILENO);
  req.baseline_text = baseline->text;
  req.baseline_name = baseline->source_name;
  req.baseline_include_dir = include_dir_of(options.baseline);
  req.current_text = current->text;
  req.current_name = current->source_name;
  req.current_include_dir = include_dir_of(options.current);
  put_data_files(options.data, req.data_files);
  if (options.profile) req.data_files[std::string{kProfileDataFile}] = *options.profile;
  const Engine engine(search_of(common), *catalog);
  warn_of_refused_plugins(common, engine.host());
  const auto res = engine.drift(req);
  print_diagnostics(res.diagnostics);
  for (const auto& f : res.failures) std::cerr << "error: " << terminal_safe(f) << "\n";
  if (res.outcome == Outcome::InvalidModel || res.outcome == Outcome::InvalidRequest)
    return kBadInput;
  if (const int status = emit(common, res.body, req.format == Format::Table); status != kOk)
    return status;
  return res.outcome == Outcome::PluginFailure ? kPluginFailure : kOk;
}

}  // namespace attestplan::cli

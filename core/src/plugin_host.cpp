// The plugin host: discovery, the info-record check before any plugin code runs, loading with
// Boost.DLL (kept loaded while the host lives), and the pipeline that runs one plugin per stage.
#include "attestplan/plugin_host.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <unordered_set>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <spdlog/logger.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attestplan/format.hpp"
#include "attestplan/log.hpp"

namespace attestplan {

namespace fs = std::filesystem;

namespace {

// Discovery runs on every estimate, before anything else of the host: it uses the system calls
// directly (readlink, opendir) rather than std::filesystem, whose code would be paged in and
// bound for these few calls alone.

fs::path executable_dir() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
  std::string_view exe{buf, static_cast<std::size_t>(n)};
  const auto slash = exe.rfind('/');
  return slash == std::string_view::npos ? fs::path{} : fs::path{std::string{exe.substr(0, slash)}};
}

/// The "*.so" files in a directory, sorted by name.
std::vector<fs::path> libraries_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name{e->d_name};
      if (name.size() > 3 && name.substr(name.size() - 3) == ".so") names.emplace_back(name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<fs::path> files;
  files.reserve(names.size());
  for (const auto& n : names) files.push_back(dir / n);
  return files;
}

}  // namespace

std::vector<std::pair<fs::path, std::string>> plugin_dirs(const PluginSearch& search) {
  std::vector<std::pair<fs::path, std::string>> dirs;
  for (const auto& d : search.dirs) dirs.emplace_back(d, "--plugins");
  if (search.use_environment) {
    if (const char* env = std::getenv("ATTESTPLAN_PLUGIN_PATH"); env && *env) {
      std::string_view rest{env};
      while (!rest.empty()) {
        const auto colon = rest.find(':');
        const auto part = rest.substr(0, colon);
        if (!part.empty()) dirs.emplace_back(fs::path{std::string{part}}, "ATTESTPLAN_PLUGIN_PATH");
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
      }
    }
  }
  if (search.use_defaults) {
    if (const auto exe = executable_dir(); !exe.empty()) {
      dirs.emplace_back(exe.parent_path() / "lib" / "attestplan" / "plugins", "install");
    }
#ifdef ATTESTPLAN_BUILD_PLUGIN_DIR
    dirs.emplace_back(fs::path{ATTESTPLAN_BUILD_PLUGIN_DIR}, "build tree");
#endif
  }
  return dirs;
}

/// The libraries the host loaded, unloaded when the host goes (after every plugin object it made).
struct PluginHost::Libraries {
  std::vector<boost::dll::shared_library> items;
};

PluginHost::~PluginHost() = default;

PluginHost::PluginHost(const PluginSearch& search) : libraries_(std::make_unique<Libraries>()) {
  // A directory reached twice (the install and the build tree are often the same place) is read
  // once: it is known by its device and inode, which one stat gives, rather than by resolving
  // every component of its path.
  std::set<std::pair<dev_t, ino_t>> seen_dirs;
  for (const auto& [dir, origin] : plugin_dirs(search)) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      logger().debug("plugin directory {} ({}) does not exist", dir.string(), origin);
      continue;
    }
    if (!seen_dirs.emplace(st.st_dev, st.st_ino).second) continue;
    for (const auto& f : libraries_in(dir)) load(f);
  }
}

void PluginHost::load(const fs::path& file) {
  PluginRecord rec;
  rec.file = file;
  rec.name = file.stem().string();
  auto refuse = [&](std::string reason) {
    rec.status = "refused";
    rec.reason = std::move(reason);
    logger().debug("refused plugin {}: {}", file.string(), rec.reason);
    records_.push_back(std::move(rec));
  };

  boost::dll::shared_library lib;
  try {
    // The throwing overload keeps dlerror()'s text (engineering notes, Boost.DLL).
    lib.load(boost::dll::fs::path(file), boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    refuse(std::string{"cannot load: "} + e.what());
    return;
  }
  if (!lib.has("attestplan_plugin_info")) {
    refuse(file.string() +
           " has no attestplan_plugin_info symbol: not an attestplan plugin (a plugin exports it "
           "with ATTESTPLAN_PLUGIN from attestplan/plugin.hpp)");
    return;
  }
  // Read the plain-data record, ABI first, before calling any C++ in the library.
  const auto& info = lib.get<const PluginInfoRecord>("attestplan_plugin_info");
  if (info.abi != kPluginAbi) {
    refuse(file.string() + " was built for attestplan plugin ABI " + std::to_string(info.abi) +
           ", but this attestplan supports plugin ABI " + std::to_string(kPluginAbi) +
           "; rebuild the plugin against this attestplan's SDK");
    return;
  }
  if (!info.name || !info.version || !info.toolchain || !*info.name) {
    refuse(file.string() + " has an incomplete info record (name, version or toolchain missing)");
    return;
  }
  rec.name = info.name;
  rec.version = info.version;
  rec.toolchain = info.toolchain;
  rec.description = info.description ? info.description : "";
  if (std::strcmp(info.toolchain, kToolchainId) != 0) {
    refuse(file.string() + " (" + rec.name + " " + rec.version + ") was built with toolchain " +
           rec.toolchain + ", but this attestplan was built with " + kToolchainId +
           "; C++ objects cannot cross between them: rebuild the plugin");
    return;
  }
  if (info.stage > static_cast<std::uint32_t>(Stage::Timing)) {
    refuse(file.string() + " (" + rec.name + ") declares unknown stage " + std::to_string(info.stage));
    return;
  }
  rec.stage = static_cast<Stage>(info.stage);
  for (const auto& other : records_) {
    if (other.status == "loaded" && other.name == rec.name) {
      rec.status = "shadowed";
      rec.reason = "a plugin named " + rec.name + " was already loaded from " + other.file.string();
      records_.push_back(std::move(rec));
      return;
    }
  }
  if (!lib.has("attestplan_plugin_create")) {
    refuse(file.string() + " (" + rec.name + ") has no attestplan_plugin_create entry point");
    return;
  }
  rec.factory = &lib.get<Plugin*()>("attestplan_plugin_create");
  // Create one instance now, so a plugin that cannot even start is refused up front.
  try {
    std::unique_ptr<Plugin> probe(rec.factory());
    if (!probe) {
      refuse(file.string() + " (" + rec.name + ") returned no plugin object");
      return;
    }
  } catch (const std::exception& e) {
    refuse(file.string() + " (" + rec.name + ") failed to start: " + e.what());
    return;
  }
  rec.status = "loaded";
  libraries_->items.push_back(std::move(lib));
  logger().debug("loaded plugin {} {} ({}) from {}", rec.name, rec.version, to_string(rec.stage),
                file.string());
  records_.push_back(std::move(rec));
}

const PluginRecord* PluginHost::for_stage(Stage s) const {
  for (const auto& r : records_) {
    if (r.status == "loaded" && r.stage == s) return &r;
  }
  return nullptr;
}

bool EstimateResult::plugin_failed() const {
  return std::any_of(estimate.stages.begin(), estimate.stages.end(),
                     [](const StageRun& r) { return r.status != "ok"; });
}

namespace {

/// The ids in the ledger so far, held as positions of its lines rather than as copies of the ids:
/// positions stay valid as the lines vector grows, and nothing is copied per line. Looked up by
/// id (the set's hash and equality are transparent).
class LedgerIds {
 public:
  explicit LedgerIds(const std::vector<LedgerLine>& lines) : set_(64, Hash{&lines}, Equal{&lines}) {}

  [[nodiscard]] bool contains(std::string_view id) const { return set_.find(id) != set_.end(); }
  void add(std::size_t at) { set_.insert(at); }
  void remove(std::size_t at) { set_.erase(at); }

 private:
  struct Hash {
    using is_transparent = void;
    const std::vector<LedgerLine>* lines;
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
    std::size_t operator()(std::size_t at) const { return (*this)((*lines)[at].id); }
  };
  struct Equal {
    using is_transparent = void;
    const std::vector<LedgerLine>* lines;
    std::string_view id(std::size_t at) const { return (*lines)[at].id; }
    static std::string_view id(std::string_view v) { return v; }
    bool operator()(auto a, auto b) const { return id(a) == id(b); }
  };

  std::unordered_set<std::size_t, Hash, Equal> set_;
};

/// Why a plugin's line is not acceptable, or "" when it is.
std::string invalid_line(const LedgerLine& l, const LedgerIds& ids) {
  const Range& v = l.value;
  if (l.id.empty()) return "a line without an id";
  if (ids.contains(l.id)) return "line '" + l.id + "' reuses an id already in the ledger";
  for (double x : {v.low, v.likely, v.high}) {
    if (!std::isfinite(x)) return "line '" + l.id + "' has a value that is not a finite number";
    if (x < 0) return "line '" + l.id + "' has a negative value (" + std::to_string(x) + ")";
  }
  if (!(v.low <= v.likely && v.likely <= v.high)) {
    return "line '" + l.id + "' has low/likely/high out of order";
  }
  if (l.unit.empty()) return "line '" + l.id + "' has no unit";
  return {};
}

}  // namespace

namespace {

/// Totals the host adds after the stages: sums of plugin lines, each naming what it sums (the rule
/// and the lines summed only when `explain`, as for the plugins' lines).
void add_totals(Estimate& est, bool explain) {
  auto total = [&](std::string id, std::string kind, std::string group, std::string label,
                   std::string_view of_kind, std::string_view of_group, std::string unit, Stage stage) {
    std::vector<std::string> from;
    Range sum;
    std::size_t summed = 0;
    for (const auto& l : est.lines) {
      if (l.kind != of_kind || (!of_group.empty() && l.group != of_group)) continue;
      sum += l.value;
      ++summed;
      if (explain) from.push_back(l.id);
    }
    if (summed == 0) return;
    est.lines.push_back({.id = std::move(id), .plugin = "attestplan", .stage = stage,
                         .kind = std::move(kind), .group = std::move(group), .label = std::move(label),
                         .rule = !explain          ? std::string{}
                                 : of_group.empty() ? cat("sum of the ", of_kind, " lines")
                                                    : cat("sum of the ", of_kind, " lines of ", of_group),
                         .value = sum, .unit = std::move(unit), .from = std::move(from)});
  };
  for (const auto& [stage, title] : kAuditStages) {
    total(std::string{"total.auditor-hours."} + stage, "stage-total", stage,
          std::string{"Auditor hours: "} + stage, "auditor-hours", stage, unit::kHours, Stage::Effort);
  }
  total("total.auditor-hours", "total", "auditor", "Auditor hours", "auditor-hours", "", unit::kHours,
        Stage::Effort);
  total("total.client-hours", "total", "client", "The organization's own hours", "client-hours", "",
        unit::kHours, Stage::Effort);
  total("total.samples", "total", "samples", "Samples the auditor tests", "samples", "", unit::kSamples,
        Stage::Effort);
  total("total.next-auditor-hours", "total", "next", "Next cycle: auditor hours", "next-auditor-hours", "",
        unit::kHours, Stage::Effort);
  // Levels in the order of the rate lines (most expensive first) when the cost stage wrote them.
  std::vector<std::string> levels;
  for (const auto* l : est.of_kind("rate")) levels.push_back(l->level);
  for (const auto* l : est.of_kind("hours-by-level")) {
    if (std::find(levels.begin(), levels.end(), l->level) == levels.end()) levels.push_back(l->level);
  }
  for (const auto& level : levels) {
    std::vector<std::string> from;
    Range sum;
    std::size_t summed = 0;
    for (const auto* l : est.of_kind("hours-by-level")) {
      if (l->level != level) continue;
      sum += l->value;
      ++summed;
      if (explain) from.push_back(l->id);
    }
    if (summed == 0) continue;
    est.lines.push_back({.id = "total.hours." + level, .plugin = "attestplan", .stage = Stage::Cost,
                         .kind = "level-total", .group = "levels", .label = "Hours at " + level,
                         .rule = explain ? "sum of the hours-by-level lines at " + level : std::string{},
                         .value = sum, .unit = unit::kHours, .level = level, .from = std::move(from)});
  }
}

}  // namespace

EstimateResult run_estimate(const PluginHost& host, const EstimateRequest& request) {
  EstimateResult result;
  result.boundary = resolve_boundary(request.model, request.catalog);
  const Context ctx{request.model, result.boundary, request.catalog, request.data_overrides, request.explain};

  // Options for plugins nobody loaded are a mistake in the model (a typo, or a missing plugin).
  std::vector<std::string> loaded;
  for (const auto& r : host.records()) {
    if (r.status == "loaded") loaded.push_back(r.name);
  }
  for (const auto& opts : request.model.plugin_options) {
    if (std::find(loaded.begin(), loaded.end(), opts.plugin) == loaded.end()) {
      const auto guess = nearest(opts.plugin, loaded);
      std::string known;
      for (const auto& n : loaded) known += (known.empty() ? "" : ", ") + n;
      result.diagnostics.error("[plugins." + opts.plugin + "] names no loaded plugin", opts.where,
                               guess.empty() ? "loaded plugins: " + known
                                             : "did you mean [plugins." + guess + "]?");
    }
  }

  std::vector<const PluginRecord*> chosen;
  for (Stage s : kStages) chosen.push_back(host.for_stage(s));
  std::vector<bool> configured(chosen.size(), false);
  // Fresh instances for this run, destroyed before it returns (the host outlives them).
  std::vector<std::unique_ptr<Plugin>> instances(chosen.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const auto* rec = chosen[i];
    if (!rec) continue;
    const auto* opts = request.model.find_plugin_options(rec->name);
    try {
      instances[i].reset(rec->factory());
      instances[i]->configure(opts ? &opts->table : nullptr, ctx, result.diagnostics);
      configured[i] = true;
    } catch (const std::exception& e) {
      result.estimate.stages.push_back({rec->stage, rec->name, "failed",
                                        "plugin " + rec->name + " failed while configuring: " + e.what()});
    } catch (...) {
      result.estimate.stages.push_back({rec->stage, rec->name, "failed",
                                        "plugin " + rec->name + " failed while configuring (unknown exception)"});
    }
  }
  if (result.diagnostics.has_errors()) return result;
  result.configured = true;

  auto& est = result.estimate;
  est.findings = result.boundary.findings;
  // A few hundred lines is usual (the HR SaaS example writes about 280): room for them up front
  // spares moving every line each time the vector grows.
  est.lines.reserve(512);
  LedgerIds ids(est.lines);
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const Stage stage = kStages[i];
    const auto* rec = chosen[i];
    if (!rec) {
      est.stages.push_back({stage, "", "missing",
                            std::string{"no plugin serves the "} + to_string(stage) + " stage"});
      continue;
    }
    if (!configured[i]) continue;  // already recorded as failed
    const auto lines_before = est.lines.size();
    const auto findings_before = est.findings.size();
    std::string failure;
    std::size_t accepted = lines_before;  // lines [lines_before, accepted) are in `ids`
    try {
      instances[i]->run(ctx, est);
    } catch (const std::exception& e) {
      failure = "plugin " + rec->name + " (" + rec->file.string() + ") failed in the " +
                to_string(stage) + " stage: " + e.what();
    } catch (...) {
      failure = "plugin " + rec->name + " (" + rec->file.string() + ") failed in the " +
                to_string(stage) + " stage with an unknown exception";
    }
    if (failure.empty()) {
      for (std::size_t k = lines_before; k < est.lines.size(); ++k) {
        auto& line = est.lines[k];
        line.plugin = rec->name;
        line.stage = stage;
        if (auto why = invalid_line(line, ids); !why.empty()) {
          failure = "plugin " + rec->name + " (" + rec->file.string() + ") wrote an invalid figure: " + why;
          break;
        }
        ids.add(k);
        accepted = k + 1;
      }
    }
    if (!failure.empty()) {
      // Keep nothing a failed stage wrote: totals must not rest on half a stage.
      for (std::size_t k = lines_before; k < accepted; ++k) ids.remove(k);
      est.lines.resize(lines_before);
      est.findings.resize(findings_before);
      est.stages.push_back({stage, rec->name, "failed", failure});
      logger().debug("{}", failure);  // the caller reports the failed stage (CLI, server)
      continue;
    }
    est.stages.push_back({stage, rec->name, "ok", ""});
  }
  add_totals(est, request.explain);
  return result;
}

}  // namespace attestplan

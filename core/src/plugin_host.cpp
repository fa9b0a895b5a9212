// The plugin host: discovery, the info-record check before any plugin code runs, loading with
// Boost.DLL (kept loaded while the host lives), and the pipeline that runs one plugin per stage.
#include "attestplan/plugin_host.hpp"

#include <dirent.h>
#include <spdlog/logger.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/log.hpp"
#include "attestplan/simulation.hpp"
#include "attestplan/toml_reader.hpp"
#include "elf_info.hpp"

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

/// "the cost stage's plugin", "an add-on to the cost stage".
std::string kind_words(PluginKind kind, Stage stage) {
  return kind == PluginKind::AddOn ? std::string{"an add-on to the "} + to_string(stage) + " stage"
                                   : std::string{"the "} + to_string(stage) + " stage's plugin";
}

}  // namespace

const char* to_string(PluginStatus v) {
  switch (v) {
    case PluginStatus::Loaded:
      return "loaded";
    case PluginStatus::Refused:
      return "refused";
    case PluginStatus::Shadowed:
      return "shadowed";
  }
  return "?";
}

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
      // Beside the program: the install's lib/attestplan/plugins, which the build tree mirrors
      // (build/bin/attestplan finds build/lib/attestplan/plugins). No folder is compiled in: an
      // installed copy never searches the tree it was built in.
      dirs.emplace_back(exe.parent_path() / "lib" / "attestplan" / "plugins", "install");
    }
  }
  return dirs;
}

/// The libraries the host loaded, unloaded when the host goes (after every plugin object it made).
struct PluginHost::Libraries {
  std::vector<boost::dll::shared_library> items;
};

PluginHost::~PluginHost() = default;

PluginHost::PluginHost(const PluginSearch& search) : libraries_(std::make_unique<Libraries>()) {
  // A directory reached twice (--plugins naming the install's, say) is read
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
  refuse_data_key_clashes();
}

std::vector<std::string> report_subjects(ReportType type) {
  std::vector<std::string> out;
  for (const auto& f : FrameworkLibrary::active().all()) {
    if (std::find(f.types.begin(), f.types.end(), type) != f.types.end() &&
        std::find(out.begin(), out.end(), f.subject) == out.end())
      out.push_back(f.subject);
  }
  if (out.empty()) out.push_back(FrameworkWords{}.subject);
  return out;
}

void PluginHost::refuse_data_key_clashes() {
  // The plugins that serve claim their data files' keys first (stage by stage), then the add-ons:
  // a plugin that declares a key another active one has (a firm's add-on declaring the rate
  // card's) is refused, and what serves is worked out again without it.
  for (;;) {
    std::map<std::string, std::string> taken;  // key → the plugin that declares it
    std::optional<std::size_t> clash;          // its place in records_
    std::string why;
    auto claim = [&](const PluginRecord* r) {
      for (const auto& d : r->descriptor.data) {
        const auto [it, fresh] = taken.emplace(d.key, r->name);
        if (!fresh && !clash) {
          clash = static_cast<std::size_t>(r - records_.data());
          why =
              cat(r->file.string(), " (", r->name, ") declares the data file '", d.key, "', which ",
                  it->second, " declares too: a plugin's data files need keys of their own (--",
                  d.key, " can name one file only)");
        }
      }
    };
    // Per report type: the plugins of one type need keys of their own; a plugin serving another
    // type may read a file of the same kind under the same key (its own rate card: --rates).
    for (const ReportType type : kReportTypes) {
      for (const auto& subject : report_subjects(type)) {
        taken.clear();
        for (Stage s : kStages) {
          if (const auto* p = for_stage(s, type, subject)) claim(p);
        }
        for (Stage s : kStages) {
          for (const auto* a : add_ons(s, type, subject)) claim(a);
        }
      }
    }
    if (!clash) return;
    auto& refused = records_[*clash];
    refused.status = PluginStatus::Refused;
    refused.reason = why;
    refused.factory = nullptr;
    logger().debug("refused plugin {}: {}", refused.file.string(), why);
  }
}

void PluginHost::load(const fs::path& file) {
  PluginRecord rec;
  rec.file = file;
  rec.name = file.stem().string();
  auto refuse = [&](std::string reason) {
    rec.status = PluginStatus::Refused;
    rec.reason = std::move(reason);
    logger().debug("refused plugin {}: {}", file.string(), rec.reason);
    records_.push_back(std::move(rec));
  };

  // The info record is read from the file, not from a loaded library: nothing of a file that is
  // not a plugin for this attestplan runs (no constructor, no initialiser), whatever it holds.
  const auto read = elf::read_info_record_of(file, "attestplan_plugin_info");
  if (read.kind == elf::InfoResult::Kind::NotReadable) {
    refuse(file.string() + " is not a plugin: " + read.why);
    return;
  }
  if (read.kind == elf::InfoResult::Kind::NoRecord) {
    refuse(file.string() +
           " has no attestplan_plugin_info symbol: not an attestplan plugin (a plugin exports it "
           "with ATTESTPLAN_PLUGIN from attestplan/plugin.hpp)");
    return;
  }
  const auto& info = read.record;
  if (info.abi != kPluginAbi) {
    refuse(file.string() + " was built for attestplan plugin ABI " + std::to_string(info.abi) +
           ", but this attestplan supports plugin ABI " + std::to_string(kPluginAbi) +
           "; rebuild the plugin against this attestplan's SDK");
    return;
  }
  if (!info.name || !info.version || !info.toolchain || info.name->empty()) {
    refuse(file.string() + " has an incomplete info record (name, version or toolchain missing)");
    return;
  }
  rec.name = *info.name;
  rec.version = *info.version;
  rec.toolchain = *info.toolchain;
  rec.description = info.description.value_or("");
  if (rec.toolchain != kToolchainId) {
    refuse(file.string() + " (" + rec.name + " " + rec.version + ") was built with toolchain " +
           rec.toolchain + ", but this attestplan was built with " + kToolchainId +
           "; C++ objects cannot cross between them: rebuild the plugin");
    return;
  }
  if (info.stage > static_cast<std::uint32_t>(Stage::Timing)) {
    refuse(file.string() + " (" + rec.name + ") declares unknown stage " +
           std::to_string(info.stage));
    return;
  }
  rec.stage = static_cast<Stage>(info.stage);
  if (info.kind > static_cast<std::uint32_t>(PluginKind::AddOn)) {
    refuse(file.string() + " (" + rec.name + ") declares unknown kind " +
           std::to_string(info.kind) + " (neither a stage's plugin nor an add-on)");
    return;
  }
  rec.kind = static_cast<PluginKind>(info.kind);
  if (info.descriptor) {
    Diagnostics diags;
    auto descriptor = parse_descriptor(*info.descriptor, rec.name, diags);
    if (!descriptor) {
      const auto& d = diags.items().front();
      std::string where = d.location.line > 0 ? cat(":", std::to_string(d.location.line), ":",
                                                    std::to_string(d.location.column))
                                              : std::string{};
      refuse(cat(file.string(), " (", rec.name, ") has a descriptor that does not read: descriptor",
                 where, ": ", d.message));
      return;
    }
    rec.descriptor = std::move(*descriptor);
  }
  for (const auto& other : records_) {
    if (other.status == PluginStatus::Loaded && other.name == rec.name) {
      rec.status = PluginStatus::Shadowed;
      rec.reason = "a plugin named " + rec.name + " was already loaded from " + other.file.string();
      records_.push_back(std::move(rec));
      return;
    }
  }
  // Only now does the library load (its constructors run): a plugin for this attestplan.
  boost::dll::shared_library lib;
  try {
    // The throwing overload keeps dlerror()'s text (engineering notes, Boost.DLL).
    lib.load(boost::dll::fs::path(file),
             boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    refuse(std::string{"cannot load: "} + e.what());
    return;
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
    if (probe->stage() != rec.stage || probe->kind() != rec.kind) {
      refuse(file.string() + " (" + rec.name + ") declares " + kind_words(rec.kind, rec.stage) +
             " in its info record but its class is " + kind_words(probe->kind(), probe->stage()) +
             "; export it with ATTESTPLAN_PLUGIN");
      return;
    }
  } catch (const std::exception& e) {
    refuse(file.string() + " (" + rec.name + ") failed to start: " + e.what());
    return;
  }
  rec.status = PluginStatus::Loaded;
  libraries_->items.push_back(std::move(lib));
  logger().debug("loaded plugin {} {} ({}) from {}", rec.name, rec.version, to_string(rec.stage),
                 file.string());
  records_.push_back(std::move(rec));
}

namespace {
bool serves(const PluginRecord& r, ReportType type, std::string_view subject) {
  const auto& types = r.descriptor.report_types;
  const auto& subjects = r.descriptor.subjects;
  return std::find(types.begin(), types.end(), type) != types.end() &&
         (subjects.empty() ||
          std::find(subjects.begin(), subjects.end(), subject) != subjects.end());
}
}  // namespace

const PluginRecord* PluginHost::for_stage(Stage s, ReportType type,
                                          std::string_view subject) const {
  for (const auto& r : records_) {
    if (r.status == PluginStatus::Loaded && r.stage == s && r.kind == PluginKind::Stage &&
        serves(r, type, subject))
      return &r;
  }
  return nullptr;
}

const PluginRecord* PluginHost::for_stage(Stage s, ReportType type) const {
  return for_stage(s, type, report_subjects(type).front());
}

std::vector<const PluginRecord*> PluginHost::active(ReportType type) const {
  std::vector<const PluginRecord*> out;
  auto add = [&](const PluginRecord* r) {
    if (r && std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  for (Stage s : kStages) {
    for (const auto& subject : report_subjects(type)) {
      for (const auto* a : add_ons(s, type, subject)) add(a);
      add(for_stage(s, type, subject));
    }
  }
  return out;
}

std::vector<const PluginRecord*> PluginHost::active() const {
  std::vector<const PluginRecord*> out;
  for (const ReportType type : kReportTypes) {
    for (const auto* r : active(type)) {
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
  }
  return out;
}

namespace {
/// The data files `plugins` declare, in their order (a key declared twice: the first).
std::vector<DataFileDecl> data_files_of(const std::vector<const PluginRecord*>& plugins) {
  std::vector<DataFileDecl> out;
  for (const auto* r : plugins) {
    for (const auto& d : r->descriptor.data) {
      if (std::none_of(out.begin(), out.end(),
                       [&](const DataFileDecl& o) { return o.key == d.key; })) {
        out.push_back(d);
        out.back().plugin = r->name;
        out.back().stage = r->stage;
      }
    }
  }
  return out;
}
}  // namespace

std::vector<DataFileDecl> PluginHost::data_files() const { return data_files_of(active()); }

std::vector<DataFileDecl> PluginHost::data_files(ReportType type) const {
  return data_files_of(active(type));
}

std::vector<DataFileDecl> PluginHost::data_files(ReportType type, std::string_view subject) const {
  std::vector<const PluginRecord*> plugins;
  for (Stage s : kStages) {
    for (const auto* a : add_ons(s, type, subject)) plugins.push_back(a);
    if (const auto* p = for_stage(s, type, subject)) plugins.push_back(p);
  }
  return data_files_of(plugins);
}

std::vector<ParameterDecl> PluginHost::parameters() const {
  std::vector<ParameterDecl> out;
  for (const auto* r : active()) {
    for (const auto& p : r->descriptor.parameters) out.push_back(p);
  }
  return out;
}

std::vector<std::string> PluginHost::parameter_names() const {
  std::vector<std::string> out;
  for (const auto& p : parameters()) out.push_back(p.name);
  return out;
}

std::vector<const PluginRecord*> PluginHost::add_ons(Stage s) const {
  std::vector<const PluginRecord*> out;
  for (const auto& r : records_) {
    if (r.status == PluginStatus::Loaded && r.stage == s && r.kind == PluginKind::AddOn)
      out.push_back(&r);
  }
  return out;
}

std::vector<const PluginRecord*> PluginHost::add_ons(Stage s, ReportType type,
                                                     std::string_view subject) const {
  std::vector<const PluginRecord*> out;
  for (const auto* r : add_ons(s)) {
    if (serves(*r, type, subject)) out.push_back(r);
  }
  return out;
}

std::vector<const PluginRecord*> PluginHost::add_ons(Stage s, ReportType type) const {
  return add_ons(s, type, report_subjects(type).front());
}

bool EstimateResult::plugin_failed() const {
  return std::any_of(estimate.stages.begin(), estimate.stages.end(),
                     [](const StageRun& r) { return r.status != StageStatus::Ok; });
}

namespace {

/// The ids in the ledger so far, held as positions of its lines rather than as copies of the ids:
/// positions stay valid as the lines vector grows, and nothing is copied per line. Looked up by
/// id (the set's hash and equality are transparent).
class LedgerIds {
 public:
  explicit LedgerIds(const std::vector<LedgerLine>& lines)
      : lines_(&lines), set_(64, Hash{&lines}, Equal{&lines}) {}

  [[nodiscard]] bool contains(std::string_view id) const { return set_.find(id) != set_.end(); }
  /// The line under `id`, or nullptr.
  [[nodiscard]] const LedgerLine* find(std::string_view id) const {
    const auto it = set_.find(id);
    return it == set_.end() ? nullptr : &(*lines_)[*it];
  }
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

  const std::vector<LedgerLine>* lines_;
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

/// Why a line's Combine does not fit what it combines, or "" when it does: the simulation draws a
/// computed line from its `from` lines, so a line that says it is computed and names none, or adds
/// up lines of different units (hours and money: a product), would be drawn as something else than
/// it is, silently. A date adds durations to a date, whatever their units.
std::string mismatched_combine(const LedgerLine& l, const LedgerIds& ids) {
  if (l.combine == Combine::Own) return {};
  // Computed from no line, it is nothing; a zero says so (a sum over no control in scope).
  if (l.from.empty() && !(l.value == Range{})) {
    return cat("line '", l.id,
               "' is computed (Combine::", l.combine == Combine::Sum ? "Sum" : "Product",
               ") but names no line in `from`: name the lines it is computed from, or draw it as "
               "its own estimate (Combine::Own)");
  }
  if (l.combine != Combine::Sum || l.unit == unit::kDate) return {};
  const LedgerLine* first = nullptr;
  for (const auto& id : l.from) {
    const auto* part = ids.find(id);
    if (!part) continue;
    if (!first) {
      first = part;
    } else if (part->unit != first->unit) {
      return cat("line '", l.id, "' adds up lines of different units ('", first->id, "' in ",
                 first->unit, ", '", part->id, "' in ", part->unit,
                 "): lines of different units multiply (Combine::Product), they do not add up");
    }
  }
  return {};
}

}  // namespace

/// The host's side of a plugin's run: the only caller of Plugin::run_stage.
class StageRunner {
 public:
  static void run(Plugin& plugin, const Context& ctx, Estimate& estimate) {
    plugin.run_stage(ctx, estimate);
  }
};

namespace {

/// Checks the figures of a stage's result against the ledger: a figure that names its line states
/// that line's value; a total without a line of its own is the sum of the lines it lists (set
/// here, so it cannot disagree with them). Returns why not, or "".
class FigureCheck {
 public:
  explicit FigureCheck(const std::vector<LedgerLine>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) by_id_.emplace(lines[i].id, &lines[i]);
  }

  std::string operator()(Figure& f, std::string_view what) const {
    if (!f.parts.empty()) {
      Range sum;
      for (const auto& id : f.parts) {
        const auto it = by_id_.find(id);
        if (it == by_id_.end())
          return cat(what, " adds up line '", id, "', which is not in the ledger");
        sum += it->second->value;
      }
      if (f.line.empty()) f.value = sum;
    }
    if (!f.line.empty()) {
      const auto it = by_id_.find(f.line);
      if (it == by_id_.end())
        return cat(what, " names line '", f.line, "', which is not in the ledger");
      if (!(it->second->value == f.value))
        return cat(what, " differs from its line '", f.line, "'");
    }
    return {};
  }

 private:
  std::unordered_map<std::string_view, const LedgerLine*> by_id_;
};

std::string check_result(Estimate& est, Stage stage) {
  const FigureCheck check(est.lines);
  std::string why;
  auto each = [&](Figure& f, std::string_view what) {
    if (why.empty()) why = check(f, what);
  };
  switch (stage) {
    case Stage::Scope:
      each(est.scope.criteria_count, "the criteria count");
      each(est.scope.control_count, "the control count");
      break;
    case Stage::Effort:
      for (auto& f : est.effort.stage_hours) each(f, "an audit stage's hours");
      each(est.effort.auditor_hours, "the auditor hours");
      each(est.effort.samples, "the samples");
      for (auto& c : est.effort.controls) {
        if (c.population) each(*c.population, "a control's population");
        each(c.samples, "a control's samples");
        each(c.hours, "a control's hours");
      }
      for (auto& f : est.effort.client_items) each(f, "a client-hours item");
      each(est.effort.client_hours, "the client hours");
      each(est.effort.readiness, "the readiness hours");
      for (auto& f : est.effort.next_stage_hours) each(f, "a next-cycle stage's hours");
      each(est.effort.next_auditor_hours, "the next cycle's auditor hours");
      each(est.effort.next_client_hours, "the next cycle's client hours");
      if (auto& cycle = est.effort.cycle) {
        for (auto& f : cycle->recertification_stage_hours)
          each(f, "a recertification stage's hours");
        each(cycle->recertification_hours, "the recertification hours");
      }
      break;
    case Stage::Cost:
      each(est.cost.exchange_rate, "the exchange rate");
      for (auto& l : est.cost.levels) {
        each(l.rate, "a level's rate");
        each(l.hours, "a level's hours");
      }
      for (auto& f : est.cost.stage_fee) each(f, "an audit stage's fee");
      each(est.cost.fee, "the fee");
      if (est.cost.vat) each(*est.cost.vat, "the VAT");
      if (est.cost.irrecoverable_vat) each(*est.cost.irrecoverable_vat, "the irrecoverable VAT");
      if (est.cost.irrecoverable_vat_next)
        each(*est.cost.irrecoverable_vat_next, "next year's irrecoverable VAT");
      for (auto& f : est.cost.other) each(f, "a cost beside the fee");
      each(est.cost.own_staff, "the own staff cost");
      each(est.cost.year_one, "year one's cost");
      each(est.cost.year_two, "year two's cost");
      each(est.cost.readiness_fee, "the readiness fee");
      each(est.cost.next_fee, "the next cycle's fee");
      if (auto& cycle = est.cost.cycle) {
        each(cycle->recertification_fee, "the recertification fee");
        each(cycle->cycle_fee, "the certification cycle's fee");
      }
      break;
    case Stage::Timing:
      for (const auto& m : est.timing.milestones) {
        if (!m.line.empty() && !est.find(m.line))
          why = cat("milestone ", m.id, " names line '", m.line, "', which is not in the ledger");
      }
      break;
  }
  return why;
}

/// Forgets a failed stage's result: later stages and renderers see it as not run.
void reset_result(Estimate& est, Stage stage) {
  switch (stage) {
    case Stage::Scope:
      est.scope = {};
      break;
    case Stage::Effort:
      est.effort = {};
      break;
    case Stage::Cost:
      est.cost = {};
      break;
    case Stage::Timing:
      est.timing = {};
      break;
  }
}

/// Writes the line that states a total of the results (the sum of its parts) and points the
/// figure at it. Nothing when the total adds up no line.
void write_total(Estimate& est, Figure& total, std::string id, std::string kind, std::string group,
                 std::string label, std::string rule, const char* unit, Stage stage,
                 std::string level = {}) {
  if (total.parts.empty()) return;
  total.line = id;
  total.label = label;
  est.lines.push_back({.id = std::move(id),
                       .plugin = "attestplan",
                       .stage = stage,
                       .kind = std::move(kind),
                       .group = std::move(group),
                       .label = std::move(label),
                       .rule = std::move(rule),
                       .value = total.value,
                       .unit = unit,
                       .level = std::move(level),
                       .from = total.parts,
                       .combine = Combine::Sum});
}

/// The totals the host states for a stage once it has run, before the next one runs: the effort
/// stage's hours by audit stage and in all, the client's hours, samples and the next cycle's
/// hours; the cost stage's hours by staff level.
void add_totals(Estimate& est, Stage stage) {
  auto& effort = est.effort;
  if (stage == Stage::Effort && effort.ran) {
    for (std::size_t i = 0; i < effort.stage_hours.size(); ++i) {
      const std::string audit_stage = kAuditStages[i].id;
      write_total(est, effort.stage_hours[i], "total.auditor-hours." + audit_stage, "stage-total",
                  audit_stage, "Auditor hours: " + audit_stage,
                  "sum of the auditor-hours lines of " + audit_stage, unit::kHours, Stage::Effort);
    }
    write_total(est, effort.auditor_hours, "total.auditor-hours", "total", "auditor",
                "Auditor hours", "sum of the auditor-hours lines", unit::kHours, Stage::Effort);
    write_total(est, effort.client_hours, "total.client-hours", "total", "client",
                "The organization's own hours", "sum of the client-hours lines", unit::kHours,
                Stage::Effort);
    write_total(est, effort.samples, "total.samples", "total", "samples",
                "Samples the auditor tests", "sum of the samples lines", unit::kSamples,
                Stage::Effort);
    write_total(est, effort.next_auditor_hours, "total.next-auditor-hours", "total", "next",
                "Next cycle: auditor hours", "sum of the next-auditor-hours lines", unit::kHours,
                Stage::Effort);
    if (effort.cycle) {
      write_total(est, effort.cycle->recertification_hours, "total.recertification-hours", "total",
                  "cycle", "Recertification audit: auditor hours",
                  "sum of the recertification audit's hours by audit stage", unit::kHours,
                  Stage::Effort);
    }
  }
  if (stage == Stage::Cost && est.cost.ran) {
    for (auto& l : est.cost.levels) {
      write_total(est, l.hours, "total.hours." + l.level, "level-total", "levels",
                  "Hours at " + l.level, "sum of the hours-by-level lines at " + l.level,
                  unit::kHours, Stage::Cost, l.level);
    }
  }
}

}  // namespace

namespace {

/// A plugin of this run: its record, and its instance once configured (none when it failed to).
struct Slot {
  const PluginRecord* rec = nullptr;
  std::unique_ptr<Plugin> instance;
};

/// Makes the slot's instance and configures it with its options; a failure is recorded as the
/// stage's and leaves the slot without an instance.
/// The keys of a plugin's options table that its descriptor does not declare, as errors located at
/// each key, unless the plugin's own reading already said so there: a plugin that declares its
/// options has a misspelled one refused whether or not it checks its table itself.
void check_declared_options(const PluginRecord& rec, const PluginOptions& opts,
                            Diagnostics& diags) {
  if (rec.descriptor.options.empty()) return;  // declares none: the plugin reads what it reads
  Diagnostics undeclared;
  TableReader r(opts.table, "[plugins." + rec.name + "]", opts.where.file, undeclared);
  std::vector<std::string> declared;
  for (const auto& o : rec.descriptor.options) declared.push_back(o.key);
  r.check_unknown_keys(declared);
  for (const auto& d : undeclared.items()) {
    const bool said = std::any_of(diags.items().begin(), diags.items().end(), [&](const auto& e) {
      return e.location.line == d.location.line && e.location.column == d.location.column &&
             e.location.file.str() == d.location.file.str();
    });
    if (!said) diags.add(d);
  }
}

void configure(Slot& slot, const Model& model, const Context& ctx, EstimateResult& result) {
  const auto* rec = slot.rec;
  const auto* opts = model.find_plugin_options(rec->name);
  std::string failure;
  try {
    slot.instance.reset(rec->factory());
    slot.instance->configure(opts ? &opts->table : nullptr, ctx, result.diagnostics);
    if (opts) check_declared_options(*rec, *opts, result.diagnostics);
    return;
  } catch (const std::exception& e) {
    failure = "plugin " + rec->name + " failed while configuring: " + e.what();
  } catch (...) {
    failure = "plugin " + rec->name + " failed while configuring (unknown exception)";
  }
  slot.instance.reset();
  result.estimate.stages.push_back(
      {rec->stage, rec->name, StageStatus::Failed, failure, {}, rec->kind == PluginKind::AddOn});
}

/// How far the estimate's lists were before a plugin ran.
struct Marks {
  std::size_t lines, findings, contributions;
};

/// Runs one plugin of a stage and checks the lines it wrote: lines [before.lines, accepted) join
/// `ids`. Returns why it failed, or "".
std::string run_one(const PluginRecord& rec, Plugin& plugin, const Context& ctx, Estimate& est,
                    LedgerIds& ids, const Marks& before, std::size_t& accepted) {
  accepted = before.lines;
  const std::string who = "plugin " + rec.name + " (" + rec.file.string() + ")";
  try {
    StageRunner::run(plugin, ctx, est);
  } catch (const std::exception& e) {
    return who + " failed in the " + to_string(rec.stage) + " stage: " + e.what();
  } catch (...) {
    return who + " failed in the " + to_string(rec.stage) + " stage with an unknown exception";
  }
  for (std::size_t k = before.contributions; k < est.contributions.size(); ++k)
    est.contributions[k].plugin = rec.name;
  for (std::size_t k = before.lines; k < est.lines.size(); ++k) {
    auto& line = est.lines[k];
    line.plugin = rec.name;
    // An add-on runs before the stage's plugin, whose own ids it cannot know: its ids carry its
    // name, so that a clash is the add-on's to fix and never fails the plugin after it.
    if (rec.kind == PluginKind::AddOn && !line.id.starts_with(rec.name + ".")) {
      return cat(who, " wrote line '", line.id, "': an add-on's line ids begin with its name ('",
                 rec.name, ".'), so that they cannot clash with its stage's plugin's");
    }
    if (auto why = invalid_line(line, ids); !why.empty())
      return who + " wrote an invalid figure: " + why;
    ids.add(k);
    accepted = k + 1;
  }
  // A line may be computed from lines the plugin writes after it: each is checked once all are in.
  for (std::size_t k = before.lines; k < est.lines.size(); ++k) {
    if (auto why = mismatched_combine(est.lines[k], ids); !why.empty())
      return who + " wrote an invalid figure: " + why;
  }
  // What the cost plugin takes into its totals is money in the engagement's currency; what the
  // effort plugin takes, hours.
  for (std::size_t k = before.contributions; k < est.contributions.size(); ++k) {
    const auto& c = est.contributions[k];
    const auto* line = est.find(c.line);
    if (c.as == Contribution::AuditorHours) {
      if (line && line->unit != unit::kHours) {
        return cat(who, " adds line '", c.line, "' as auditor hours in ", line->unit,
                   ": state them in hours");
      }
      if (line && !line->level.empty()) {
        return cat(who, " adds line '", c.line, "' as auditor hours at level '", line->level,
                   "', but hours added to a stage are worked in its staffing mix: leave `level` "
                   "empty (a firm's rate card sets the mix)");
      }
      continue;
    }
    if (line && line->unit != ctx.model.engagement.currency) {
      const bool fee = c.as == Contribution::Fee || c.as == Contribution::FeeYearly;
      return cat(who, " adds line '", c.line, "' as ",
                 fee ? "an item of the fee" : "a cost beside the fee", " in ", line->unit,
                 ", but the engagement's currency is ", ctx.model.engagement.currency,
                 ": state it in ctx.model.engagement.currency (convert it in the plugin)");
    }
  }
  return {};
}

/// Whether `line` is `f`'s own line or one it adds up.
bool counts_in(const Estimate& est, const Figure& f, const std::string& line) {
  if (f.line == line || std::find(f.parts.begin(), f.parts.end(), line) != f.parts.end())
    return true;
  const auto* own = f.line.empty() ? nullptr : est.find(f.line);
  return own && std::find(own->from.begin(), own->from.end(), line) != own->from.end();
}

/// Why the stage's plugin left an add-on's line out of the totals it names, or "".
std::string untaken_contribution(const Estimate& est, Stage stage) {
  const auto& cost = est.cost;
  const auto& effort = est.effort;
  for (const auto& c : est.contributions) {
    if (c.stage != stage) continue;
    bool taken = true;
    switch (c.as) {
      case Contribution::FeeYearly:
        taken = counts_in(est, cost.next_fee, c.line);
        [[fallthrough]];
      case Contribution::Fee:
        taken = taken && counts_in(est, cost.fee, c.line);
        break;
      case Contribution::BesideFeeYearly:
        taken = counts_in(est, cost.year_two, c.line);
        [[fallthrough]];
      case Contribution::BesideFee:
        taken = taken && counts_in(est, cost.year_one, c.line) &&
                std::any_of(cost.other.begin(), cost.other.end(),
                            [&](const CostItem& i) { return i.line == c.line; });
        break;
      case Contribution::AuditorHours:
        taken = c.audit_stage < effort.stage_hours.size() &&
                counts_in(est, effort.stage_hours[c.audit_stage], c.line) &&
                counts_in(est, effort.auditor_hours, c.line);
        break;
    }
    if (!taken) {
      return "did not take add-on " + c.plugin + "'s line '" + c.line + "' (" + to_string(c.as) +
             ") into its totals: a plugin that serves with add-ons reads "
             "StageWriter::contributions()";
    }
  }
  return {};
}

}  // namespace

/// Vendor coverage, settled in one place once every stage has run and the plan is on its planned
/// dates. The boundary checks each vendor's reports against the window it assumes from the planning
/// start; where the timing stage checked them against the window it plans (plan_vendor_coverage,
/// moved to the planned dates by plan_on_planned_dates), its findings stand instead, in the
/// estimate and in the boundary the result holds, whose window becomes the planned one: `boundary`
/// and `estimate` give the same gap in days for a vendor. Where it did not (no timing plugin, or
/// one that failed or does not check), the boundary's stand, in their place among its findings.
/// `from_boundary`: how many of the estimate's first findings are the boundary's others.
/// The report's period, as planned, against the user entities' year end (`user_year_end`): their
/// auditors rely on it for their own audit period, which it should overlap by six months or more
/// (the AICPA's SOC 1 guide, as Linford & Co quotes it), and management's bridge letter covers the
/// days from its end to their year end.
void check_user_year_end(Estimate& est, const Model& model) {
  const auto& e = model.engagement;
  if (!e.user_year_end || !est.timing.ran) return;
  const char* source =
      "the AICPA's SOC 1 guide, as Linford & Co quotes it: the period typically overlaps at least "
      "six months of the user entity's audit period";
  if (e.report.type == ReportType::Type1) {
    est.findings.push_back({Severity::Note, "user-year-end-type1",
                            "a Type 1 report describes the controls' design at one date: user "
                            "entities' auditors who rely on the controls over their year need a "
                            "Type 2 covering it (" +
                                std::string{source} + ")",
                            e.where});
    return;
  }
  const auto window = est.timing.planned_window();
  if (!window || e.report.type != ReportType::Type2) return;
  // Plain locals, not structured bindings: the lambda below captures them.
  const Date start = window->first, end = window->second;
  const unsigned m = e.user_year_end->first, d = e.user_year_end->second;
  // The user entities' year the report serves: of the years ending around the period's end, the
  // one it overlaps most (a period that runs past their year end serves that year, with no gap).
  const int y = static_cast<int>(end.ymd().year());
  const auto overlap_with = [&](Date year_end) {
    const Date year_start = Date{static_cast<int>(year_end.ymd().year()) - 1, m, d}.plus_days(1);
    return std::max(start, year_start).days_until(std::min(end, year_end)) + 1;
  };
  Date year_end{y - 1, m, d};
  for (const Date candidate : {Date{y, m, d}, Date{y + 1, m, d}}) {
    if (overlap_with(candidate) > overlap_with(year_end)) year_end = candidate;
  }
  const long overlap = overlap_with(year_end);
  const long gap = end.days_until(year_end);
  const std::string period = start.to_string() + " to " + end.to_string();
  if (overlap < 182) {
    est.findings.push_back(
        {Severity::Warning, "user-year-overlap",
         cat("the period as planned (", period, ") overlaps ",
             std::to_string(std::max(0L, overlap)), " days of the user entities' year ending ",
             year_end.to_string(), ": their auditors expect six months or more (", source,
             "); start the window earlier or lengthen it"),
         e.where});
  }
  if (gap > 0) {
    est.findings.push_back(
        {gap > 92 ? Severity::Warning : Severity::Note, "user-year-bridge-letter",
         cat("the period as planned ends ", std::to_string(gap),
             " days before the user entities' year end (", year_end.to_string(),
             "): management gives their auditors a bridge letter for those days, on which the "
             "auditor does not report",
             gap > 92 ? "; more than three months is more than user auditors usually accept on a "
                        "letter alone: end the period nearer their year end"
                      : ""),
         e.where});
  }
}

void settle_vendor_coverage(EstimateResult& result, const Model& model, std::size_t from_boundary) {
  auto& est = result.estimate;
  const auto& timing = est.timing;
  if (!timing.vendor_coverage_checked || !timing.window) {
    std::vector<Finding> findings = result.boundary.findings;
    findings.insert(
        findings.end(),
        std::make_move_iterator(est.findings.begin() + static_cast<long>(from_boundary)),
        std::make_move_iterator(est.findings.end()));
    est.findings = std::move(findings);
    return;
  }
  if (!checks_vendor_coverage(model)) return;  // nothing on the boundary depends on the window
  auto& b = result.boundary;
  b.window = *timing.window;
  std::vector<Finding> findings;
  bool placed = false;
  const auto place = [&] {
    for (const auto& f : est.findings) {
      if (is_vendor_coverage_finding(f)) findings.push_back(f);
    }
    placed = true;
  };
  for (auto& f : b.findings) {
    if (!is_vendor_coverage_finding(f)) {
      findings.push_back(std::move(f));
    } else if (!placed) {
      place();  // the timing stage's, in the place the boundary's own stood
    }
  }
  if (!placed) place();
  b.findings = std::move(findings);
}

EstimateResult run_estimate(const PluginHost& host, const EstimateRequest& request) {
  EstimateResult result;
  if (request.boundary) {
    result.boundary = *request.boundary;
    rewindow(result.boundary, request.model);
  } else {
    result.boundary = resolve_boundary(request.model, request.catalog);
  }
  // The scales on the plugins' parameters as the caller gives them (a calibration's trial, a firm
  // profile's), and what the caller found wrong in reading them.
  result.diagnostics.append(request.diagnostics);
  const auto parameters = request.parameters.value_or(std::map<std::string, ParameterScale>{});
  const Context ctx{ModelView(request.model), BoundaryView(result.boundary), request.catalog,
                    request.data_overrides, parameters};

  // Options for plugins nobody loaded are a mistake in the model (a typo, or a missing plugin).
  std::vector<std::string> loaded;
  for (const auto& r : host.records()) {
    if (r.status == PluginStatus::Loaded) loaded.push_back(r.name);
  }
  for (const auto& opts : request.model.plugin_options) {
    if (std::find(loaded.begin(), loaded.end(), opts.plugin) == loaded.end()) {
      const auto guess = nearest(opts.plugin, loaded);
      std::string known;
      for (const auto& n : loaded) known += (known.empty() ? "" : ", ") + n;
      result.diagnostics.error(
          "[plugins." + opts.plugin + "] names no loaded plugin", opts.where,
          guess.empty() ? "loaded plugins: " + known : "did you mean [plugins." + guess + "]?");
    }
  }

  // Each stage's add-ons, then its plugin: fresh instances for this run, destroyed before it
  // returns (the host outlives them).
  // The plugins that serve the model's report type (a certification is not an attestation).
  // and whose subject is the report's framework's (a SOC 1 report is on control objectives).
  const ReportType type = request.model.engagement.report.type;
  const std::string& subject = words_of(request.model.engagement.report).subject;
  std::vector<std::vector<Slot>> slots(std::size(kStages));
  for (std::size_t i = 0; i < slots.size(); ++i) {
    for (const auto* rec : host.add_ons(kStages[i], type, subject)) slots[i].push_back({rec});
    if (const auto* rec = host.for_stage(kStages[i], type, subject)) slots[i].push_back({rec});
  }
  for (auto& stage : slots) {
    for (auto& slot : stage) configure(slot, request.model, ctx, result);
  }
  SimulationSettings settings = builtin_simulation_settings();
  if (const auto it = request.data_overrides.find("simulation");
      it != request.data_overrides.end()) {
    const auto file = load_data_file(it->second, "simulation/default.toml", result.diagnostics);
    if (auto own = file ? parse_simulation_settings(*file, result.diagnostics) : std::nullopt)
      settings = *own;
  }
  if (request.seed) settings.seed = *request.seed;
  if (result.diagnostics.has_errors()) return result;
  result.configured = true;

  auto& est = result.estimate;
  // The boundary's findings head the estimate's; its vendor-coverage ones wait for
  // settle_vendor_coverage, which knows whether the timing stage checked the window it plans.
  std::copy_if(result.boundary.findings.begin(), result.boundary.findings.end(),
               std::back_inserter(est.findings),
               [](const Finding& f) { return !is_vendor_coverage_finding(f); });
  const std::size_t from_boundary = est.findings.size();
  LedgerIds ids(est.lines);
  const auto stop = [&] { return request.abandoned && (result.abandoned = request.abandoned()); };
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (stop()) return result;
    const Stage stage = kStages[i];
    std::vector<std::string> added_by;  // the add-ons that added to this stage
    bool served = false;
    for (auto& slot : slots[i]) {
      const auto* rec = slot.rec;
      if (!slot.instance) continue;  // failed while configuring: already recorded
      const bool add_on = rec->kind == PluginKind::AddOn;
      const Marks before{est.lines.size(), est.findings.size(), est.contributions.size()};
      std::size_t accepted = before.lines;  // lines [before.lines, accepted) are in `ids`
      std::string failure = run_one(*rec, *slot.instance, ctx, est, ids, before, accepted);
      if (failure.empty() && !add_on) {
        if (auto why = check_result(est, stage); !why.empty()) {
          failure = "plugin " + rec->name + " (" + rec->file.string() +
                    ") wrote an invalid result: " + why;
        } else if (auto untaken = untaken_contribution(est, stage); !untaken.empty()) {
          failure = "plugin " + rec->name + " (" + rec->file.string() + ") " + untaken;
        }
      }
      if (!failure.empty()) {
        // Keep nothing a failed plugin wrote: totals must not rest on half a stage.
        for (std::size_t k = before.lines; k < accepted; ++k) ids.remove(k);
        est.lines.resize(before.lines);
        est.findings.resize(before.findings);
        est.contributions.resize(before.contributions);
        if (!add_on) reset_result(est, stage);
        est.stages.push_back({stage, rec->name, StageStatus::Failed, failure, {}, add_on});
        logger().debug("{}", failure);  // the caller reports the failed stage (CLI, server)
        if (!add_on) served = true;
        continue;
      }
      if (add_on) {
        added_by.push_back(rec->name);
        continue;
      }
      served = true;
      est.stages.push_back({stage, rec->name, StageStatus::Ok, "", added_by});
    }
    if (!served && !host.for_stage(stage, type, subject)) {
      est.stages.push_back({stage, "", StageStatus::Missing,
                            cat("no plugin serves the ", to_string(stage), " stage for ",
                                to_string(request.model.engagement.report), " reports"),
                            std::move(added_by)});
    }
    add_totals(est, stage);  // before the next stage runs: the lines its figures name are there
  }
  if (stop()) return result;
  if (request.simulate) {
    auto runs = simulate(
        est, settings,
        {request.model.engagement.where, request.sensitivity, request.every_figure, request.draws,
         country_of(request.model.organization), !request.model.organization.first_audit});
    plan_on_planned_dates(est, request.model, result.boundary);
    if (request.keep_runs) result.runs = std::move(runs);
  }
  settle_vendor_coverage(result, request.model, from_boundary);
  check_user_year_end(est, request.model);
  return result;
}

}  // namespace attestplan

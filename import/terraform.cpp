// import terraform: `terraform show -json` output, read as a stream (nlohmann's SAX interface),
// into a model overlay by the rules of models/import/terraform.toml.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <streambuf>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "attestplan/data.hpp"
#include "attestplan/import.hpp"
#include "attestplan/toml_reader.hpp"
#include "attestplan/vendors.hpp"
#include "ids.hpp"
#include "json_error.hpp"

namespace attestplan {

namespace {

enum class RuleKind { Data, Infrastructure, Software, People, Network, Attach, Ignore };

std::optional<RuleKind> parse_rule_kind(std::string_view s) {
  static const std::pair<RuleKind, const char*> kNames[] = {
      {RuleKind::Data, "data"},         {RuleKind::Infrastructure, "infrastructure"},
      {RuleKind::Software, "software"}, {RuleKind::People, "people"},
      {RuleKind::Network, "network"},   {RuleKind::Attach, "attach"},
      {RuleKind::Ignore, "ignore"}};
  for (const auto& [k, name] : kNames) {
    if (s == name) return k;
  }
  return std::nullopt;
}

const std::vector<std::string>& rule_kind_names() {
  static const std::vector<std::string> names{"data",    "infrastructure", "software", "people",
                                              "network", "attach",         "ignore"};
  return names;
}

/// A glob with '*' only (any run of characters), matched without recursion blow-up.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

struct Rule {
  std::vector<std::string> types;
  RuleKind kind = RuleKind::Ignore;
  std::string platform;
  std::string platform_name;
  bool hosts = false;
  bool internet_facing =
      false;  ///< an entry point from the internet, unless the resource is internal
};

struct Rules {
  std::vector<Rule> rules;
  std::vector<std::string> component_tags;
  std::vector<std::string> classification_tags;
  std::vector<std::string> reference_attributes;
  std::vector<std::string> secret_attributes;

  /// The index of the first rule matching `type`, or -1; cached per type.
  int match(const std::string& type) {
    if (const auto it = cache_.find(type); it != cache_.end()) return it->second;
    int found = -1;
    for (std::size_t i = 0; i < rules.size() && found < 0; ++i) {
      for (const auto& g : rules[i].types) {
        if (glob_match(g, type)) {
          found = static_cast<int>(i);
          break;
        }
      }
    }
    cache_.emplace(type, found);
    return found;
  }

  /// Whether an attribute's name looks secret (secret_attributes); cached per name, since a state
  /// repeats the same few hundred names millions of times.
  bool is_secret(const std::string& key) {
    if (const auto it = secret_cache_.find(key); it != secret_cache_.end()) return it->second;
    const bool secret = std::any_of(secret_attributes.begin(), secret_attributes.end(),
                                    [&](const std::string& g) { return glob_match(g, key); });
    if (secret_cache_.size() < kMaxCachedNames) secret_cache_.emplace(key, secret);
    return secret;
  }

 private:
  static constexpr std::size_t kMaxCachedNames = 65536;
  std::unordered_map<std::string, int> cache_;
  std::unordered_map<std::string, bool> secret_cache_;
};

std::optional<Rules> read_rules(const std::optional<std::filesystem::path>& path,
                                Diagnostics& diags) {
  const auto file = load_data_file(path, "import/terraform.toml", diags);
  if (!file) return std::nullopt;
  const auto errors_before = diags.error_count();
  auto root = parse_toml(file->text, file->source_name, "Terraform import rules", diags);
  if (!root) return std::nullopt;
  Rules rules;
  TableReader top(*root, "the Terraform import rules", file->source_name, diags);
  if (!top.format_version("attestplan-import-rules", 1)) return std::nullopt;
  rules.component_tags = top.string_array("component_tags");
  rules.classification_tags = top.string_array("classification_tags");
  rules.reference_attributes = top.string_array("reference_attributes");
  rules.secret_attributes = top.string_array("secret_attributes");
  if (const auto* items = top.table_array("rule")) {
    for (const auto& node : *items) {
      TableReader r(*node.as_table(), "[[rule]]", file->source_name, diags);
      Rule rule;
      rule.types = r.string_array("types");
      if (rule.types.empty()) diags.error("[[rule]] lists no types", r.where());
      rule.kind =
          r.word("kind", &parse_rule_kind, rule_kind_names(), true).value_or(RuleKind::Ignore);
      rule.platform = r.identifier("platform").value_or("");
      rule.platform_name = r.string("platform_name").value_or(rule.platform);
      rule.hosts = r.boolean("hosts").value_or(false);
      rule.internet_facing = r.boolean("internet_facing").value_or(false);
      r.check_unknown_keys();
      if (!rule.platform.empty() && rule.kind != RuleKind::Data &&
          rule.kind != RuleKind::Software) {
        diags.error("platform applies to data and software rules", r.where("platform"));
      }
      rules.rules.push_back(std::move(rule));
    }
  } else if (!top.has("rule")) {
    diags.error("the rules file has no [[rule]]", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors_before) return std::nullopt;
  return rules;
}

/// The state file as a stream buffer for nlohmann's istream adapter (the fastest way into its
/// parser), in large blocks, knowing how far it has read so that a problem can name its place.
class StateBuffer : public std::streambuf {
 public:
  explicit StateBuffer(std::FILE* f) : file_(f), buffer_(kBlock) {}
  /// Bytes handed to the parser so far.
  [[nodiscard]] std::uint64_t offset() const {
    return base_ + static_cast<std::uint64_t>(gptr() - eback());
  }
  [[nodiscard]] bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    base_ += static_cast<std::uint64_t>(egptr() - eback());
    const auto n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    failed_ = failed_ || std::ferror(file_);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return n == 0 ? traits_type::eof() : traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::FILE* file_;
  std::vector<char> buffer_;
  std::uint64_t base_ = 0;
  bool failed_ = false;
};

/// The 1-based line of a byte offset of a file (read again: only for a message).
std::uint32_t line_at(const std::filesystem::path& path, std::uint64_t offset) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::uint64_t line = 1, read = 0;
  std::vector<char> buf(std::size_t{1} << 20);
  while (read < offset) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), offset - read));
    const auto n = std::fread(buf.data(), 1, want, f);
    if (n == 0) break;
    line += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + n, '\n'));
    read += n;
  }
  std::fclose(f);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX));
}

std::uint64_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

/// The most strings of one resource's values kept as possible references to others.
constexpr std::size_t kMaxReferencesPerResource = 256;

/// A resource instance the rules keep, as read from the state.
struct Resource {
  std::string address;  ///< the instance's address: "module.a[\"x\"].aws_instance.web[0]"
  std::string type;
  std::string name;
  std::uint32_t module = 0;  ///< index into the modules read (StateReader::module_name); 0 the root
  std::uint32_t provider = 0;  ///< index into the providers read
  int rule = -1;
  std::string component_tag;
  std::string classification_tag;
  std::string name_tag;
  bool internal = false;        ///< the resource says it is not reachable from the internet
  bool sensitive_tags = false;  ///< its tags are marked sensitive as a whole
  std::vector<std::string> sensitive_tag_keys;  ///< tags marked sensitive one by one
  std::uint64_t refs_begin =
      0;  ///< its references: hashes of its values' strings, in StateReader::refs()
  std::uint32_t refs_count = 0;
  std::vector<std::string> depends_on;
  std::uint64_t offset = 0;  ///< where its object starts in the file
};

/// An address without its instance keys: Terraform's configuration address, which depends_on,
/// dependencies and grouping speak of ("module.a[\"x\"].aws_instance.web[0]" →
/// "module.a.aws_instance.web").
std::string config_address(std::string_view address) {
  std::string out;
  out.reserve(address.size());
  for (std::size_t i = 0; i < address.size(); ++i) {
    if (address[i] != '[') {
      out += address[i];
      continue;
    }
    bool quoted = false;
    for (++i; i < address.size() && (quoted || address[i] != ']'); ++i) {
      if (address[i] == '\\' && quoted) {
        ++i;
      } else if (address[i] == '"') {
        quoted = !quoted;
      }
    }
  }
  return out;
}

/// The module part of a resource address: "module.a.module.b" of "module.a.module.b.aws_x.y".
std::string_view module_of(std::string_view address) {
  std::size_t pos = 0;
  std::size_t end = 0;
  while (address.substr(pos).rfind("module.", 0) == 0) {
    pos += 7;
    while (pos < address.size() && address[pos] != '.' && address[pos] != '[') ++pos;
    if (pos < address.size() && address[pos] == '[') {
      bool quoted = false;
      while (pos < address.size() && (quoted || address[pos] != ']')) {
        if (address[pos] == '"' && (pos == 0 || address[pos - 1] != '\\')) quoted = !quoted;
        ++pos;
      }
      ++pos;  // the ']'
    }
    end = std::min(pos, address.size());
    if (pos >= address.size() || address[pos] != '.') break;
    ++pos;
  }
  return address.substr(0, end);
}

/// "module.a.module.b" → "a-b": the module chain as an id.
std::string module_id(std::string_view module) {
  std::string text;
  std::size_t pos = 0;
  while ((pos = module.find("module.")) != std::string_view::npos) {
    text += module.substr(0, pos);
    module = module.substr(pos + 7);
  }
  text += module;
  return slug_of(text);
}

/// A raw state's provider reference as a source address:
/// `provider["registry.terraform.io/hashicorp/aws"]` (with an alias or a module before it) →
/// "registry.terraform.io/hashicorp/aws"; the legacy `provider.aws` (Terraform 0.12) → "aws".
std::string provider_of_raw(std::string_view p) {
  if (const auto at = p.find("provider[\""); at != std::string_view::npos) {
    const auto from = at + 10;
    const auto to = p.find('"', from);
    return std::string{
        p.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from)};
  }
  if (const auto at = p.find("provider."); at != std::string_view::npos) {
    const auto from = at + 9;
    return std::string{p.substr(from, p.find('.', from) == std::string_view::npos
                                          ? std::string_view::npos
                                          : p.find('.', from) - from)};
  }
  return std::string{p};
}

/// What kind of file the reader found.
enum class StateFormat {
  Unknown,   ///< neither: not Terraform state
  ShowJson,  ///< `terraform show -json` (format_version 0.1, 0.2, 1.x)
  Raw,       ///< a state file as Terraform keeps it (version 4)
};

/// The SAX handler: walks the state's structure and keeps what the import needs of each resource
/// instance. It reads both `terraform show -json` output (values.root_module, child_modules) and a
/// raw version-4 state (resources[].instances[]), which is what `terraform state pull` prints and
/// what sits in a backend.
class StateReader {
 public:
  StateReader(Rules& rules, StateBuffer& input, std::function<void(std::uint64_t)> progress)
      : rules_(rules), input_(input), progress_(std::move(progress)) {}

  // --- nlohmann::json_sax interface ---
  bool null() { return scalar(); }
  bool boolean(bool v) {
    if (skip_ == 0 && !frames_.empty() && frames_.back() == Role::Values && values_.back().top &&
        key_ == "internal") {
      current_.internal = current_.internal || v;
    }
    if (skip_ == 0 && v && !frames_.empty() && frames_.back() == Role::Sensitive) {
      auto path = sensitive_path_;
      path.push_back(key_);
      mark_sensitive(path);
    }
    return scalar();
  }
  bool number_integer(std::int64_t v) { return number(std::to_string(v)); }
  bool number_unsigned(std::uint64_t v) { return number(std::to_string(v)); }
  bool number_float(double, const std::string&) { return scalar(true); }
  bool binary(nlohmann::json::binary_t&) { return scalar(); }
  bool key(std::string& k) {
    if (skip_ == 0) key_.assign(k);
    return true;
  }
  bool string(std::string& s) {
    if (skip_ > 0) return true;
    if (frames_.empty()) return not_state("the document is a string");
    switch (frames_.back()) {
      case Role::Root:
        if (key_ == "format_version") return check_format(s);
        return true;
      case Role::Resource:
        return resource_field(s);
      case Role::RawResource:
        return raw_field(s);
      case Role::RawInstance:
        if (key_ == "index_key") index_ = "[\"" + s + "\"]";
        return true;
      case Role::Values:
        return value_string(s);
      case Role::SensitiveStep:
        if (key_ == "value") step_.push_back(s);
        return true;
      case Role::SensitiveIndex:
        if (key_ == "value") step_.push_back(s);
        return true;
      case Role::DependsOn:
        current_.depends_on.push_back(s);
        return true;
      default:
        return true;
    }
  }
  bool start_object(std::size_t) { return open(false); }
  bool start_array(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& e) {
    const auto parsed = import_detail::json_error_of(e.what());
    fail(parsed.message, input_.offset());
    error_line_ = parsed.line;
    error_column_ = parsed.column;
    return false;
  }

  // --- results ---
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::uint64_t error_offset() const { return error_offset_; }
  /// Where the parser stopped, when the error is the JSON's (0 otherwise).
  [[nodiscard]] std::uint32_t error_line() const { return error_line_; }
  [[nodiscard]] std::uint32_t error_column() const { return error_column_; }
  [[nodiscard]] bool saw_format() const { return saw_format_; }
  [[nodiscard]] bool saw_values() const { return saw_values_; }
  [[nodiscard]] bool is_plan() const { return plan_; }
  /// The raw state's "version" (0 when the file has none).
  [[nodiscard]] std::int64_t raw_version() const { return raw_version_; }
  [[nodiscard]] bool saw_raw_resources() const { return saw_raw_resources_; }
  [[nodiscard]] bool saw_v3_modules() const { return saw_v3_modules_; }
  [[nodiscard]] StateFormat format() const {
    if (saw_format_ && saw_values_) return StateFormat::ShowJson;
    if (!saw_format_ && raw_version_ == 4) return StateFormat::Raw;
    return StateFormat::Unknown;
  }
  std::vector<Resource>& resources() { return resources_; }
  [[nodiscard]] const std::vector<std::string>& providers() const { return providers_; }
  [[nodiscard]] const std::map<std::string, std::uint64_t>& unknown_types() const {
    return unknown_;
  }
  [[nodiscard]] std::uint64_t data_sources() const { return data_sources_; }
  [[nodiscard]] std::uint64_t left_out() const { return left_out_; }
  [[nodiscard]] std::uint64_t total() const { return total_; }
  /// Whether a resource with this configuration address (hashed) was read and left out.
  [[nodiscard]] bool was_dropped(std::uint64_t config) {
    if (!dropped_sorted_) {
      std::sort(dropped_.begin(), dropped_.end());
      dropped_sorted_ = true;
    }
    return std::binary_search(dropped_.begin(), dropped_.end(), config);
  }
  /// Whether a raw state lists this configuration address (hashed) with no instance (count = 0).
  [[nodiscard]] bool had_no_instance(std::uint64_t config) const {
    return empty_.count(config) > 0;
  }
  /// The references of a resource kept.
  [[nodiscard]] std::pair<const std::uint64_t*, const std::uint64_t*> refs(
      const Resource& r) const {
    const auto* first = refs_.data() + r.refs_begin;
    return {first, first + r.refs_count};
  }
  /// Sizes the tables for a state of this many bytes (about one resource per 500 bytes).
  void expect_bytes(std::uint64_t bytes) {
    const auto resources =
        static_cast<std::size_t>(std::min<std::uint64_t>(bytes / 500, 4'000'000));
    identities_.reserve(resources * 2);
    resources_.reserve(resources);
  }
  /// Every module (configuration address) a resource was read from, kept or not, for depends_on
  /// on a whole module.
  [[nodiscard]] const std::set<std::string>& modules_seen() const { return modules_seen_; }
  /// A module's configuration address by index ("" for the root module).
  [[nodiscard]] const std::string& module_name(std::uint32_t index) const {
    return modules_[index];
  }
  /// Identity values (reference_attributes) → the kept resource they name; ambiguous ones removed.
  [[nodiscard]] const std::unordered_map<std::uint64_t, std::uint32_t>& identities() const {
    return identities_;
  }

 private:
  enum class Role {
    Root,
    TopValues,
    Module,
    Modules,
    Resources,
    Resource,
    Values,
    DependsOn,
    RawResources,
    RawResource,
    RawInstances,
    RawInstance,
    Sensitive,       ///< show -json's sensitive_values: the values' shape, true where sensitive
    SensitivePaths,  ///< a raw state's sensitive_attributes: paths of steps
    SensitivePath,
    SensitiveStep,
    SensitiveIndex
  };
  /// The frame of a resource's values: whether its strings are secret or tags, and the key it is
  /// under.
  struct ValueFrame {
    bool secret = false;
    bool tags = false;
    bool top = false;  ///< the values object itself
    bool array = false;
    bool flat = false;  ///< a raw state's attributes_flat ("tags.Name" = "...")
    std::string key;    ///< the key it is the value of (for an array: its elements' key)
  };
  /// A raw resource's fields, which its instances share.
  struct RawHeader {
    std::string module, mode, type, name, provider;
    std::uint64_t offset = 0;
  };
  /// An instance read, waiting for its resource's fields (which may follow the instances).
  struct Pending {
    Resource resource;
    std::string index;
    std::vector<std::uint64_t> identities;
  };
  static constexpr std::uint32_t kAmbiguous = UINT32_MAX;

  bool scalar(bool number = false) {
    if (skip_ > 0) return true;
    if (frames_.empty()) return not_state("the document is a single value");
    if (frames_.back() == Role::Root && key_ == "format_version" && number) {
      return not_state("format_version is a number, not a string such as \"1.0\"");
    }
    return true;
  }

  bool number(const std::string& text) {
    if (skip_ > 0 || frames_.empty()) return scalar(true);
    if (frames_.back() == Role::Root && key_ == "version") {
      raw_version_ = text.size() > 6 ? 999999 : std::stoll(text);
      return true;
    }
    if (frames_.back() == Role::RawInstance && key_ == "index_key") index_ = "[" + text + "]";
    return scalar(true);
  }

  bool not_state(const std::string& why) {
    fail("not Terraform state: " + why, input_.offset());
    return false;
  }

  void fail(std::string message, std::uint64_t offset) {
    if (!error_.empty()) return;
    error_ = std::move(message);
    error_offset_ = offset;
  }

  bool check_format(const std::string& v) {
    saw_format_ = true;
    // 0.1 (Terraform 0.12), 0.2 (0.15 to 1.0) and 1.x (1.0 on) share the shape read here.
    if (v.rfind("1.", 0) != 0 && v != "0.1" && v != "0.2") {
      fail("format_version \"" + (v.size() > 16 ? v.substr(0, 16) + "…" : v) +
               "\" is not one attestplan reads (Terraform's JSON output formats 0.1, 0.2 and 1.x)",
           input_.offset());
      return false;
    }
    return true;
  }

  bool open(bool array) {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    if (frames_.empty()) {
      if (array)
        return not_state("the document is an array, not an object with format_version and values");
      frames_.push_back(Role::Root);
      return true;
    }
    const Role parent = frames_.back();
    auto push = [&](Role r) {
      frames_.push_back(r);
      return true;
    };
    switch (parent) {
      case Role::Root:
        if (!array && key_ == "values") {
          saw_values_ = true;
          return push(Role::TopValues);
        }
        if (key_ == "planned_values") plan_ = true;
        if (array && key_ == "resources") {
          saw_raw_resources_ = true;
          return push(Role::RawResources);
        }
        if (array && key_ == "modules") saw_v3_modules_ = true;
        break;
      case Role::TopValues:
        if (!array && key_ == "root_module") return push(Role::Module);
        break;
      case Role::Module:
        if (array && key_ == "resources") return push(Role::Resources);
        if (array && key_ == "child_modules") return push(Role::Modules);
        break;
      case Role::Modules:
        if (!array) return push(Role::Module);
        break;
      case Role::Resources:
        if (!array) {
          start_instance();
          mode_.clear();
          provider_.clear();
          return push(Role::Resource);
        }
        break;
      case Role::Resource:
        if (!array && key_ == "values") return push_values(false);
        if (array && key_ == "depends_on") return push(Role::DependsOn);
        if (!array && key_ == "sensitive_values") {
          sensitive_path_.clear();
          return push(Role::Sensitive);
        }
        break;
      case Role::RawResources:
        if (!array) {
          header_ = RawHeader{};
          header_.offset = input_.offset();
          pending_.clear();
          return push(Role::RawResource);
        }
        break;
      case Role::RawResource:
        if (array && key_ == "instances") return push(Role::RawInstances);
        break;
      case Role::RawInstances:
        if (!array) {
          start_instance();
          index_.clear();
          return push(Role::RawInstance);
        }
        break;
      case Role::RawInstance:
        if (!array && key_ == "attributes") return push_values(false);
        if (!array && key_ == "attributes_flat") return push_values(true);
        if (array && (key_ == "dependencies" || key_ == "depends_on")) return push(Role::DependsOn);
        if (array && key_ == "sensitive_attributes") return push(Role::SensitivePaths);
        break;  // private and the rest are not read
      case Role::Values: {
        const auto& outer = values_.back();
        const std::string& k = outer.array ? outer.key : key_;
        ValueFrame f;
        f.secret = outer.secret || rules_.is_secret(k);
        f.tags = outer.top && !array && (k == "tags" || k == "tags_all" || k == "labels");
        f.array = array;
        f.key = k;
        values_.push_back(std::move(f));
        return push(Role::Values);
      }
      case Role::Sensitive:
        // Deeper in the values' shape: the path so far (an array's elements share its key).
        sensitive_path_.push_back(key_);
        return push(Role::Sensitive);
      case Role::SensitivePaths:
        if (array) {
          step_.clear();
          return push(Role::SensitivePath);
        }
        break;
      case Role::SensitivePath:
        if (!array) return push(Role::SensitiveStep);
        break;
      case Role::SensitiveStep:
        if (!array && key_ == "value") return push(Role::SensitiveIndex);
        break;
      case Role::SensitiveIndex:
      case Role::DependsOn:
        break;
    }
    ++skip_;
    return true;
  }

  /// A path of the values marked sensitive: a resource's tags, whole or one by one, are then not
  /// read.
  void mark_sensitive(const std::vector<std::string>& path) {
    if (path.empty()) return;
    if (path[0] != "tags" && path[0] != "tags_all" && path[0] != "labels") return;
    if (path.size() == 1) {
      current_.sensitive_tags = true;
    } else {
      current_.sensitive_tag_keys.push_back(path[1]);
    }
  }

  bool push_values(bool flat) {
    values_.clear();
    values_.push_back(ValueFrame{false, false, true, false, flat, {}});
    frames_.push_back(Role::Values);
    return true;
  }

  void start_instance() {
    current_ = Resource{};
    current_.refs_begin = refs_.size();
    current_.offset = input_.offset();
    identities_of_current_.clear();
  }

  bool close() {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    const Role r = frames_.back();
    frames_.pop_back();
    switch (r) {
      case Role::Values:
        values_.pop_back();
        return true;
      case Role::Sensitive:
        // The frame opened at sensitive_values itself pushed no key.
        if (!frames_.empty() && frames_.back() == Role::Sensitive && !sensitive_path_.empty())
          sensitive_path_.pop_back();
        return true;
      case Role::SensitivePath:
        mark_sensitive(step_);
        step_.clear();
        return true;
      case Role::Resource:
        current_.refs_count = static_cast<std::uint32_t>(refs_.size() - current_.refs_begin);
        return finish(std::move(current_), mode_, provider_, identities_of_current_);
      case Role::RawInstance:
        current_.refs_count = static_cast<std::uint32_t>(refs_.size() - current_.refs_begin);
        pending_.push_back(
            {std::move(current_), std::move(index_), std::move(identities_of_current_)});
        identities_of_current_.clear();
        return true;
      case Role::RawResource:
        return finish_raw();
      default:
        return true;
    }
  }

  // Strings are copied out of the parser's, not moved: moving would take its buffer, and the parser
  // would grow a new one character by character for the next string.
  bool resource_field(const std::string& v) {
    if (key_ == "address")
      current_.address = v;
    else if (key_ == "type")
      current_.type = v;
    else if (key_ == "name")
      current_.name = v;
    else if (key_ == "mode")
      mode_ = v;
    else if (key_ == "provider_name")
      provider_ = v;
    return true;
  }

  bool raw_field(const std::string& v) {
    if (key_ == "module")
      header_.module = v;
    else if (key_ == "mode")
      header_.mode = v;
    else if (key_ == "type")
      header_.type = v;
    else if (key_ == "name")
      header_.name = v;
    else if (key_ == "provider")
      header_.provider = provider_of_raw(v);
    return true;
  }

  bool value_string(std::string& v) {
    const auto& frame = values_.back();
    const std::string& key = frame.array ? frame.key : key_;
    if (frame.secret || rules_.is_secret(key)) return true;
    if (frame.flat && key.rfind("tags.", 0) == 0) {  // attributes_flat: "tags.Name" is the Name tag
      tag(key.substr(5), v);
      return true;
    }
    if (frame.tags) {
      tag(key, v);
      return true;
    }
    if (frame.top && key == "load_balancing_scheme" && v.rfind("INTERNAL", 0) == 0)
      current_.internal = true;
    if (frame.top &&
        std::find(rules_.reference_attributes.begin(), rules_.reference_attributes.end(), key) !=
            rules_.reference_attributes.end() &&
        v.size() >= 3) {
      identities_of_current_.push_back(hash_of(v));
    }
    const auto held = [&] { return refs_.size() - current_.refs_begin; };
    if (held() >= kMaxReferencesPerResource || v.size() < 3) return true;
    refs_.push_back(hash_of(v));
    // ARNs inside a longer text (a policy document) name resources too.
    for (std::size_t at = v.find("arn:", 1);
         at != std::string::npos && held() < kMaxReferencesPerResource;
         at = v.find("arn:", at + 4)) {
      std::size_t end = at;
      while (end < v.size() && v[end] != '"' && v[end] != ',' && v[end] != ' ' && v[end] != ']' &&
             v[end] != '}' && v[end] != '\n') {
        ++end;
      }
      const std::string_view token{v.data() + at, end - at};
      if (token.find('*') == std::string_view::npos) refs_.push_back(hash_of(token));
    }
    return true;
  }

  void tag(const std::string& key, const std::string& v) {
    const auto is = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), key) != names.end();
    };
    if (is(rules_.component_tags))
      current_.component_tag = v;
    else if (is(rules_.classification_tags))
      current_.classification_tag = v;
    else if (key == "Name")
      current_.name_tag = v;
  }

  /// A raw resource's instances, once its fields are known: each gets its address, then is kept or
  /// left out as a show -json resource is. A resource with no instance (count = 0) is remembered,
  /// so a dependency on it is understood.
  bool finish_raw() {
    const auto& h = header_;
    if (h.type.empty() || h.name.empty()) {
      fail(std::string{"a resource has no "} + (h.type.empty() ? "type" : "name") +
               "; a state file gives mode, type, name and provider for every resource",
           h.offset);
      return false;
    }
    const std::string base = (h.module.empty() ? "" : h.module + ".") +
                             (h.mode == "data" ? "data." : "") + h.type + "." + h.name;
    if (pending_.empty()) {
      empty_.insert(hash_of(config_address(base)));
      return true;
    }
    for (auto& p : pending_) {
      p.resource.address = base + p.index;
      p.resource.type = h.type;
      p.resource.name = h.name;
      if (!finish(std::move(p.resource), h.mode, h.provider, p.identities)) return false;
    }
    pending_.clear();
    return true;
  }

  bool finish(Resource&& r, const std::string& mode, const std::string& provider,
              const std::vector<std::uint64_t>& ids) {
    ++total_;
    // Tags the state marks sensitive are not read: their values stay out of the overlay.
    if (r.sensitive_tags || !r.sensitive_tag_keys.empty()) {
      const auto marked = [&](const std::vector<std::string>& keys) {
        return r.sensitive_tags || std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
                 return std::find(r.sensitive_tag_keys.begin(), r.sensitive_tag_keys.end(), k) !=
                        r.sensitive_tag_keys.end();
               });
      };
      if (marked(rules_.component_tags)) r.component_tag.clear();
      if (marked(rules_.classification_tags)) r.classification_tag.clear();
      if (marked({"Name"})) r.name_tag.clear();
    }
    if (progress_ && total_ % 65536 == 0) progress_(total_);
    if (r.address.empty() || r.type.empty() || r.name.empty()) {
      const char* missing = r.address.empty() ? "address" : r.type.empty() ? "type" : "name";
      fail(std::string{"a resource has no "} + missing +
               (r.address.empty() ? "" : " ('" + r.address + "')") +
               "; terraform show -json writes address, mode, type and name for every resource",
           r.offset);
      return false;
    }
    // Resources of a module come together: look each module up once, not once per resource.
    const auto module = module_of(r.address);
    if (module != last_module_text_) {
      last_module_text_.assign(module);
      auto config = config_address(module);
      const auto [it, inserted] =
          module_index_.emplace(config, static_cast<std::uint32_t>(modules_.size()));
      if (inserted) {
        modules_seen_.insert(config);
        modules_.push_back(std::move(config));
      }
      last_module_ = it->second;
    }
    r.module = last_module_;
    const auto dropped = [&] {
      dropped_.push_back(hash_of(config_address(r.address)));
      // Its references are the last read (a raw resource's instances are all kept or all left out).
      if (r.refs_begin < refs_.size()) refs_.resize(r.refs_begin);
      ++left_out_;
      return true;
    };
    if (mode == "data") {
      ++data_sources_;
      return dropped();
    }
    const int rule = rules_.match(r.type);
    if (rule < 0) {
      ++unknown_[r.type];
      return dropped();
    }
    if (rules_.rules[static_cast<std::size_t>(rule)].kind == RuleKind::Ignore) return dropped();
    r.rule = rule;
    // Providers by name: a state of 100,000 distinct ones looks each up once.
    const auto [p, added] =
        provider_index_.emplace(provider, static_cast<std::uint32_t>(providers_.size()));
    if (added) providers_.push_back(provider);
    r.provider = p->second;
    const auto index = static_cast<std::uint32_t>(resources_.size());
    for (const auto h : ids) {
      const auto [it, inserted] = identities_.emplace(h, index);
      if (!inserted && it->second != index) it->second = kAmbiguous;
    }
    resources_.push_back(std::move(r));
    return true;
  }

  Rules& rules_;
  StateBuffer& input_;
  std::function<void(std::uint64_t)> progress_;
  std::vector<Role> frames_;
  std::vector<ValueFrame> values_;
  std::size_t skip_ = 0;  ///< depth inside a part of the document that is not read
  std::string key_;
  std::string mode_, provider_;
  Resource current_;
  std::string index_;  ///< the raw instance's key, as an address suffix ("[0]", "[\"eu\"]")
  std::vector<std::string> sensitive_path_;  ///< where in sensitive_values the reader is
  std::vector<std::string> step_;            ///< a sensitive_attributes path's steps read so far
  RawHeader header_;
  std::vector<Pending> pending_;
  std::vector<std::uint64_t> identities_of_current_;
  std::vector<Resource> resources_;
  std::vector<std::string> providers_;
  std::unordered_map<std::string, std::uint32_t> provider_index_;
  std::unordered_map<std::uint64_t, std::uint32_t> identities_;
  std::vector<std::uint64_t>
      dropped_;  ///< configuration addresses left out, hashed (sorted when first asked)
  bool dropped_sorted_ = false;
  std::unordered_set<std::uint64_t> empty_;  ///< configuration addresses with no instance, hashed
  std::vector<std::uint64_t> refs_;
  std::set<std::string> modules_seen_;
  std::vector<std::string> modules_{std::string{}};
  std::unordered_map<std::string, std::uint32_t> module_index_{{std::string{}, 0}};
  std::uint32_t last_module_ = 0;
  std::string last_module_text_;
  std::map<std::string, std::uint64_t> unknown_;
  std::uint64_t data_sources_ = 0, left_out_ = 0, total_ = 0;
  std::string error_;
  std::uint64_t error_offset_ = 0;
  std::uint32_t error_line_ = 0, error_column_ = 0;
  std::int64_t raw_version_ = 0;
  bool saw_format_ = false, saw_values_ = false, plan_ = false;
  bool saw_raw_resources_ = false, saw_v3_modules_ = false;
};

/// Builds the overlay from the resources read: components by grouping, platforms, the network,
/// subservice organizations by provider, and edges from references and depends_on.
class OverlayBuilder {
 public:
  OverlayBuilder(const Rules& rules, StateReader& state, GroupBy group_by, const std::string& file,
                 Diagnostics& diags)
      : rules_(rules), state_(state), group_by_(group_by), file_(file), diags_(diags) {}

  std::optional<Overlay> build() {
    auto& resources = state_.resources();
    vendors_.resize(state_.providers().size(), nullptr);
    for (std::size_t i = 0; i < vendors_.size(); ++i) {
      vendors_[i] = VendorLibrary::builtin().for_provider(state_.providers()[i]);
    }
    // Subservice ids are taken first, so no component can take one.
    for (const auto* v : vendors_) {
      if (v) taken_.insert(v->id);
    }
    plan_groups(resources);
    component_of_.assign(resources.size(), kNone);
    for (std::size_t i = 0; i < resources.size(); ++i) place(i);
    for (std::size_t i = 0; i < resources.size(); ++i) {
      if (!link(i)) return std::nullopt;
    }
    note_unresolved();
    finish_descriptions();
    Overlay o;
    o.tool = "terraform";
    o.input = file_;
    for (auto& c : comps_) o.components.push_back(std::move(c.out));
    for (const auto* v : used_vendors_) o.subservices.push_back({v->id, v->id, v->name});
    return o;
  }

 private:
  static constexpr std::size_t kNone = SIZE_MAX;

  struct Comp {
    ImportedComponent out;
    bool hosts = false;
    bool network = false;
    std::vector<std::size_t> members;  ///< resources in it
    std::set<std::string> runs_on_seen, uses_seen, accesses_seen;
  };

  const Rule& rule_of(const Resource& r) const {
    return rules_.rules[static_cast<std::size_t>(r.rule)];
  }

  static ComponentKind component_kind(RuleKind k) {
    switch (k) {
      case RuleKind::Data:
        return ComponentKind::Data;
      case RuleKind::Software:
        return ComponentKind::Software;
      case RuleKind::People:
        return ComponentKind::People;
      default:
        return ComponentKind::Infrastructure;
    }
  }

  /// The kinds found in each module (for ids: a module of one kind is named after the module).
  void plan_groups(const std::vector<Resource>& resources) {
    for (const auto& r : resources) {
      const auto k = rule_of(r).kind;
      if (k == RuleKind::Data || k == RuleKind::Software || k == RuleKind::Infrastructure) {
        module_kinds_[r.module].insert(static_cast<int>(k));  // by module index
      }
    }
  }

  /// A resource's id, from its type and name alone, so that no other resource can change it:
  /// "aws_db_instance.customers" → "customers-db-instance", "azurerm_mysql_server.main" →
  /// "main-mysql-server"; a name that already says its type keeps just the name
  /// ("aws_vpc.main_vpc").
  static std::string resource_id(std::string_view type, std::string_view name) {
    const auto underscore = type.find('_');
    const auto own =
        slug_of(underscore == std::string_view::npos ? type : type.substr(underscore + 1));
    auto id = slug_of(name);
    if (id == own ||
        (id.size() > own.size() && id.compare(id.size() - own.size(), own.size(), own) == 0 &&
         id[id.size() - own.size() - 1] == '-')) {
      return id;
    }
    return id + "-" + own;
  }

  std::string unique_id(std::string id, std::string_view type_hint) {
    if (id.empty()) id = "resource";
    id = import_detail::capped_id(std::move(id));
    if (taken_.insert(id).second) return id;
    if (!type_hint.empty()) {
      auto with_type = import_detail::capped_id(id + "-" + slug_of(type_hint));
      if (taken_.insert(with_type).second) return with_type;
    }
    // Each base remembers where its numbers stand: many namesakes cost a step each.
    auto& next = next_number_[id];
    for (next = std::max<std::size_t>(next, 2);; ++next) {
      auto candidate = import_detail::capped_id(id + "-" + std::to_string(next));
      if (taken_.insert(candidate).second) return candidate;
    }
  }

  std::size_t new_comp(std::string id, std::string name, ComponentKind kind,
                       std::string_view type_hint) {
    Comp c;
    c.out.id = unique_id(std::move(id), type_hint);
    c.out.name = std::move(name);
    c.out.kind = kind;
    comps_.push_back(std::move(c));
    return comps_.size() - 1;
  }

  void provide(Comp& c, const Resource& r) {
    const auto* v = vendors_[r.provider];
    if (!v || !c.out.provided_by.empty()) return;
    c.out.provided_by = v->id;
    if (std::find(used_vendors_.begin(), used_vendors_.end(), v) == used_vendors_.end())
      used_vendors_.push_back(v);
  }

  void place(std::size_t i) {
    const auto& r = state_.resources()[i];
    const auto& rule = rule_of(r);
    if (rule.kind == RuleKind::Attach) return;
    if (rule.kind == RuleKind::Network) {
      const auto* v = vendors_[r.provider];
      const std::string key = v ? v->id : "";
      auto [it, inserted] = networks_.emplace(key, kNone);
      if (inserted) {
        it->second = new_comp(v ? v->id + "-network" : "network",
                              v ? "Network (" + v->name + ")" : "Network",
                              ComponentKind::Infrastructure, "");
        comps_[it->second].network = true;
      }
      add_member(it->second, i);
      return;
    }
    std::size_t c = kNone;
    const auto kind = component_kind(rule.kind);
    if (rule.kind == RuleKind::People) {
      auto [it, inserted] = groups_.emplace("people:" + config_address(r.address), kNone);
      if (inserted)
        it->second =
            new_comp(slug_of(r.name), r.name_tag.empty() ? r.address : r.name_tag, kind, r.type);
      c = it->second;
    } else if (group_by_ != GroupBy::Resource && !r.component_tag.empty()) {
      const auto key = "tag:" + r.component_tag;
      auto [it, inserted] = groups_.emplace(key, kNone);
      if (inserted) it->second = new_comp(slug_of(r.component_tag), r.component_tag, kind, "");
      c = it->second;
      // A tagged group takes the weightiest kind among its resources: data, software,
      // infrastructure.
      auto& k = comps_[c].out.kind;
      if (kind == ComponentKind::Data ||
          (kind == ComponentKind::Software && k == ComponentKind::Infrastructure)) {
        k = kind;
      }
    } else if (group_by_ == GroupBy::Module && r.module != 0) {
      // One component per module and kind: the module's id goes to its weightiest kind (data,
      // software, infrastructure), the others take a suffix; what the module holds decides, never
      // the order of the file.
      const auto& module = state_.module_name(r.module);
      const auto key = "module:" + module + "|" + std::to_string(static_cast<int>(rule.kind));
      auto [it, inserted] = groups_.emplace(key, kNone);
      if (inserted) {
        const auto& kinds = module_kinds_[r.module];
        const int lead = kinds.count(static_cast<int>(RuleKind::Data))
                             ? static_cast<int>(RuleKind::Data)
                         : kinds.count(static_cast<int>(RuleKind::Software))
                             ? static_cast<int>(RuleKind::Software)
                             : static_cast<int>(RuleKind::Infrastructure);
        std::string id = module_id(module);
        if (static_cast<int>(rule.kind) != lead)
          id += rule.kind == RuleKind::Infrastructure ? "-infra"
                : rule.kind == RuleKind::Software     ? "-software"
                                                      : "-data";
        it->second = new_comp(id, module, kind, "");
      }
      c = it->second;
    } else {
      // One component per resource as configured: its count or for_each instances are one system.
      const auto config = config_address(r.address);
      auto [it, inserted] = groups_.emplace("resource:" + config, kNone);
      if (inserted) {
        std::string id = resource_id(r.type, r.name);
        if (r.module != 0) {
          // "module.database.aws_kms_key.database" → "database-kms-key", not
          // "database-database-kms-key".
          const auto m = module_id(state_.module_name(r.module));
          const auto n = slug_of(r.name);
          const bool said =
              m == n || (m.size() > n.size() && m.compare(m.size() - n.size(), n.size(), n) == 0 &&
                         m[m.size() - n.size() - 1] == '-');
          id = said && id.rfind(n, 0) == 0 ? m + id.substr(n.size()) : m + "-" + id;
        }
        it->second = new_comp(id, r.name_tag.empty() ? config : r.name_tag, kind, r.type);
      }
      c = it->second;
    }
    add_member(c, i);
    auto& comp = comps_[c];
    comp.hosts = comp.hosts || rule.hosts;
    comp.out.internet_facing = comp.out.internet_facing || (rule.internet_facing && !r.internal);
    if (kind == ComponentKind::Infrastructure) provide(comp, r);
    if (kind == ComponentKind::Data && !r.classification_tag.empty()) {
      for (const auto& cl : split_list(r.classification_tag)) {
        if (std::find(comp.out.classification.begin(), comp.out.classification.end(), cl) ==
            comp.out.classification.end()) {
          comp.out.classification.push_back(cl);
        }
      }
    }
    if (!rule.platform.empty()) {
      auto [it, inserted] = platforms_.emplace(rule.platform, kNone);
      if (inserted) {
        it->second = new_comp(rule.platform, rule.platform_name, ComponentKind::Infrastructure, "");
        comps_[it->second].hosts = true;
        comps_[it->second].out.source = "platform of " + r.type;
      }
      provide(comps_[it->second], r);
      edge(c, it->second);
    }
  }

  static std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (const char ch : text) {
      if (ch == ',' || ch == '|' || ch == ' ') {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += ch;
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
  }

  void add_member(std::size_t c, std::size_t i) {
    comps_[c].members.push_back(i);
    component_of_[i] = c;
  }

  /// An edge between two components, typed by what they are.
  void edge(std::size_t from, std::size_t to) {
    if (from == to || from == kNone || to == kNone) return;
    auto& a = comps_[from];
    if (a.network) return;  // the collapsed network is used; what its parts name is not followed
    const auto& b = comps_[to];
    if (b.out.kind == ComponentKind::People) return;
    const auto& id = b.out.id;
    if (a.out.kind == ComponentKind::People) {
      if (a.accesses_seen.insert(id).second) a.out.accesses.push_back(id);
    } else if (b.hosts &&
               (a.out.kind == ComponentKind::Software || a.out.kind == ComponentKind::Data)) {
      if (a.runs_on_seen.insert(id).second) a.out.runs_on.push_back(id);
    } else {
      if (a.uses_seen.insert(id).second) a.out.uses.push_back(id);
    }
  }

  /// The components a resource refers to, through its values and its depends_on; false (with an
  /// error) for a depends_on that names nothing in the state.
  bool link(std::size_t i) {
    const auto& r = state_.resources()[i];
    const auto& ids = state_.identities();
    std::vector<std::size_t> targets;
    const auto [first_ref, last_ref] = state_.refs(r);
    for (const auto* p = first_ref; p != last_ref; ++p) {
      const auto h = *p;
      const auto it = ids.find(h);
      if (it == ids.end() || it->second == UINT32_MAX || it->second == i) continue;
      targets.push_back(component_of_[it->second]);
    }
    for (const auto& dep : r.depends_on) {
      if (resolve_dependency(dep, targets)) continue;
      auto config = config_address(dep);
      if (unresolved_.count(config)) continue;
      if (unresolved_.size() < kMaxUnresolvedShown) {
        unresolved_.emplace(std::move(config), r.address);
      } else {
        ++unresolved_more_;
      }
    }
    std::size_t from = component_of_[i];
    if (rule_of(r).kind == RuleKind::Attach) {
      // A helper's references go to the people group it names.
      const auto owner = std::find_if(targets.begin(), targets.end(), [&](std::size_t t) {
        return t != kNone && comps_[t].out.kind == ComponentKind::People;
      });
      if (owner == targets.end()) return true;
      from = *owner;
    }
    for (const auto t : targets) edge(from, t);
    return true;
  }

  /// The components a depends_on or dependencies entry names. Terraform writes configuration
  /// addresses there ("aws_instance.web", "module.app.aws_x.y", or a whole "module.app"), never an
  /// instance's key, so they are matched against every instance of that resource or module.
  /// False when nothing in the state is it: a resource with no instance (count = 0, an empty
  /// for_each) or one no longer there; the caller notes it.
  bool resolve_dependency(const std::string& dep, std::vector<std::size_t>& targets) {
    const auto config = config_address(dep);
    const auto h = hash_of(config);
    if (const auto it = by_address().find(h); it != by_address().end()) {
      for (const auto idx : it->second) targets.push_back(component_of_[idx]);
      return true;
    }
    if (state_.was_dropped(h)) return true;
    if (config.rfind("module.", 0) == 0) {
      const auto& mods = by_module();
      bool found = false;
      for (auto it = mods.lower_bound(config); it != mods.end() && it->first.rfind(config, 0) == 0;
           ++it) {
        const auto rest = std::string_view{it->first}.substr(config.size());
        if (!rest.empty() && rest.front() != '.') continue;
        found = true;
        for (const auto idx : it->second) targets.push_back(component_of_[idx]);
      }
      if (found) return true;
      // A module of only data sources and helpers leaves nothing kept, and is no error.
      const auto& seen = state_.modules_seen();
      for (auto it = seen.lower_bound(config); it != seen.end() && it->rfind(config, 0) == 0;
           ++it) {
        if (it->size() == config.size() || (*it)[config.size()] == '.') return true;
      }
    }
    return false;
  }

  /// One note for the dependencies that name nothing in the state.
  void note_unresolved() {
    if (unresolved_.empty()) return;
    std::string list;
    for (const auto& [dep, from] : unresolved_)
      list += (list.empty() ? "" : "; ") + dep + " (from " + from + ")";
    const auto n = unresolved_.size() + unresolved_more_;
    diags_.note(std::to_string(n) + " dependenc" + (n == 1 ? "y names" : "ies name") +
                    " a resource with no instance in the state, and " + (n == 1 ? "was" : "were") +
                    " ignored: " + list +
                    (unresolved_more_ ? "; and " + std::to_string(unresolved_more_) + " more" : ""),
                SourceLocation{file_},
                "a resource with count = 0 or an empty for_each has no instance; one removed since "
                "leaves its name "
                "behind until the next apply");
  }

  /// Configuration addresses (hashed) → the instances kept of each.
  const std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>& by_address() {
    if (!address_index_) {
      address_index_.emplace();
      const auto& rs = state_.resources();
      for (std::uint32_t i = 0; i < rs.size(); ++i)
        (*address_index_)[hash_of(config_address(rs[i].address))].push_back(i);
    }
    return *address_index_;
  }

  const std::map<std::string, std::vector<std::uint32_t>>& by_module() {
    if (!module_index_) {
      module_index_.emplace();
      const auto& rs = state_.resources();
      for (std::uint32_t i = 0; i < rs.size(); ++i) {
        if (rs[i].module != 0) (*module_index_)[state_.module_name(rs[i].module)].push_back(i);
      }
    }
    return *module_index_;
  }

  void finish_descriptions() {
    const auto& rs = state_.resources();
    for (auto& c : comps_) {
      // Only infrastructure is the vendor's: a group that became software or data is the
      // organization's own.
      if (c.out.kind != ComponentKind::Infrastructure) c.out.provided_by.clear();
      if (c.members.empty()) continue;
      std::map<std::string, std::size_t> types;
      for (const auto i : c.members) ++types[rs[i].type];
      if (c.members.size() == 1) {
        const auto& only = rs[c.members.front()];
        c.out.source = only.address;
        if (!only.name_tag.empty()) c.out.name = only.name_tag;
        continue;
      }
      std::string d = std::to_string(c.members.size()) + " resources: ";
      std::size_t shown = 0;
      for (const auto& [type, n] : types) {
        if (shown++ == 6) {
          d += ", …";
          break;
        }
        d += (shown > 1 ? ", " : "") + type + (n > 1 ? " ×" + std::to_string(n) : "");
      }
      c.out.description = d;
      std::string src;
      for (std::size_t k = 0; k < c.members.size() && k < 3; ++k)
        src += (k ? ", " : "") + rs[c.members[k]].address;
      if (c.members.size() > 3) src += " and " + std::to_string(c.members.size() - 3) + " more";
      c.out.source = src;
    }
  }

  const Rules& rules_;
  StateReader& state_;
  GroupBy group_by_;
  const std::string& file_;
  Diagnostics& diags_;
  std::vector<const VendorDefaults*> vendors_;  ///< by provider index
  std::vector<const VendorDefaults*> used_vendors_;
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, std::size_t> next_number_;
  std::vector<Comp> comps_;
  std::vector<std::size_t> component_of_;
  std::unordered_map<std::uint32_t, std::set<int>> module_kinds_;
  std::unordered_map<std::string, std::size_t> groups_, platforms_, networks_;
  std::optional<std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>> address_index_;
  static constexpr std::size_t kMaxUnresolvedShown = 10;
  std::map<std::string, std::string> unresolved_;  ///< dependency → the first resource naming it
  std::uint64_t unresolved_more_ = 0;
  std::optional<std::map<std::string, std::vector<std::uint32_t>>> module_index_;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

ImportResult import_terraform(const std::filesystem::path& state, const TerraformOptions& options) {
  ImportResult result;
  auto& diags = result.diagnostics;
  auto rules = read_rules(options.rules, diags);
  if (!rules) return result;

  // "-": the state piped into standard input (terraform show -json | attestplan import terraform
  // -).
  const bool piped = state == "-";
  const std::string file = piped ? std::string{"<stdin>"} : state.string();
  struct stat st {};
  std::unique_ptr<std::FILE, FileCloser> f;
  if (!piped) {
    if (::stat(state.c_str(), &st) != 0) {
      diags.error("cannot open '" + file + "': " + std::strerror(errno), SourceLocation{file},
                  "give the file terraform show -json wrote, or - to read standard input");
      return result;
    }
    if (!S_ISREG(st.st_mode)) {
      diags.error("'" + file + "' is not a regular file", SourceLocation{file},
                  "write the state to a file first, or pipe it into standard input with -");
      return result;
    }
    f.reset(std::fopen(state.c_str(), "rb"));
    if (!f) {
      diags.error("cannot open '" + file + "': " + std::strerror(errno), SourceLocation{file});
      return result;
    }
  }
  std::FILE* in = piped ? stdin : f.get();
  StateBuffer input(in);
  std::istream stream(&input);
  StateReader reader(*rules, input, options.progress);
  if (!piped) reader.expect_bytes(static_cast<std::uint64_t>(st.st_size));
  // A piped state cannot be read again to count lines: its places are the parser's, or the file's.
  const auto at = [&](std::uint64_t offset) {
    return piped ? SourceLocation{file} : SourceLocation{file, line_at(state, offset), 0};
  };
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(stream, &reader);
  } catch (const nlohmann::json::exception& e) {
    const auto parsed = import_detail::json_error_of(e.what());
    diags.error(
        "not Terraform state: " + parsed.message,
        parsed.line ? SourceLocation{file, parsed.line, parsed.column} : at(input.offset()));
    return result;
  }
  if (input.failed()) {
    diags.error("cannot read '" + file + "': " + std::strerror(errno), SourceLocation{file});
    return result;
  }
  if (!ok || !reader.error().empty()) {
    const bool syntax = reader.error().find("syntax error") != std::string::npos ||
                        reader.error().find("parse error") != std::string::npos;
    diags.error(syntax ? "not Terraform state: the file is not JSON (" + reader.error() + ")"
                       : reader.error(),
                reader.error_line()
                    ? SourceLocation{file, reader.error_line(), reader.error_column()}
                    : at(reader.error_offset()),
                syntax ? "attestplan reads what terraform show -json prints" : "");
    return result;
  }
  if (reader.is_plan() && !reader.saw_values()) {
    diags.error("this is a Terraform plan, not state (it has planned_values)",
                SourceLocation{file, 1, 1},
                "import the state: terraform show -json > state.json (without a plan file)");
    return result;
  }
  if (reader.format() == StateFormat::Unknown && !reader.saw_format()) {
    const auto version = reader.raw_version();
    if (version == 3 || (version == 0 && reader.saw_v3_modules())) {
      diags.error(
          "a state file of version 3 (Terraform 0.11 or older): attestplan reads version 4 and "
          "what "
          "terraform show -json prints",
          SourceLocation{file, 1, 1},
          "let Terraform 0.12 or later rewrite it (terraform init, then terraform apply "
          "-refresh-only), "
          "then import the new state or terraform show -json");
    } else if (version != 0) {
      diags.error("a state file of version " + std::to_string(version) +
                      ", which attestplan does not read (it reads version 4, Terraform 0.12 on, "
                      "and what terraform "
                      "show -json prints)",
                  SourceLocation{file, 1, 1}, "import what terraform show -json prints for it");
    } else {
      diags.error(
          "not Terraform state: it has neither format_version (terraform show -json) nor version "
          "(a state "
          "file)",
          SourceLocation{file, 1, 1},
          "attestplan reads what terraform show -json prints, or a state file (terraform state "
          "pull)");
    }
    return result;
  }
  if (!reader.unknown_types().empty()) {
    std::uint64_t n = 0;
    std::string list;
    std::size_t shown = 0;
    for (const auto& [type, count] : reader.unknown_types()) {
      n += count;
      if (shown++ < 20)
        list += (list.empty() ? "" : ", ") + type + " (" + std::to_string(count) + ")";
    }
    if (reader.unknown_types().size() > 20)
      list += ", and " + std::to_string(reader.unknown_types().size() - 20) + " more types";
    diags.warning(std::to_string(n) + " resource(s) of " +
                      std::to_string(reader.unknown_types().size()) +
                      " type(s) no rule knows were left out: " + list,
                  SourceLocation{file},
                  "add a [[rule]] for them to a copy of the rules and pass it with --rules FILE");
  }
  if (reader.resources().empty()) {
    diags.warning("the state holds no resource the rules turn into a component",
                  SourceLocation{file});
  }
  OverlayBuilder builder(*rules, reader, options.group_by, file, diags);
  auto overlay = builder.build();
  if (!overlay || diags.has_errors()) return result;
  overlay->summary.push_back(std::to_string(reader.total()) + " resources read: " +
                             std::to_string(reader.resources().size()) + " kept, " +
                             std::to_string(reader.data_sources()) + " data sources and " +
                             std::to_string(reader.left_out() - reader.data_sources()) +
                             " helpers or unknown types left out.");
  result.overlay = std::move(overlay);
  return result;
}

}  // namespace attestplan

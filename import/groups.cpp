// import groups: an identity provider's groups (Okta, Google Workspace) into people components that
// access the systems their groups are assigned to. The file shape is docs/import.md's "Group
// exports".
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "attestplan/data.hpp"
#include "attestplan/import.hpp"
#include "ids.hpp"
#include "json_error.hpp"

namespace attestplan {

namespace {

using nlohmann::json;

class GroupsReader {
 public:
  GroupsReader(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  std::optional<Overlay> read(const json& doc) {
    const json* groups = nullptr;
    const json* assignments = nullptr;
    if (doc.is_array()) {
      groups = &doc;  // a bare /api/v1/groups response
    } else if (doc.is_object()) {
      if (doc.contains("groups")) groups = &doc["groups"];
      if (doc.contains("assignments")) assignments = &doc["assignments"];
    }
    if (!groups || !groups->is_array()) {
      error("/groups", "the file has no groups array",
            "an Okta export is {\"groups\": [...], \"assignments\": [...]}; a Google Workspace one "
            "is "
            "{\"groups\": [{\"email\", \"name\", \"accesses\", \"members\"}]} (docs/import.md)");
      return std::nullopt;
    }
    // Okta pages its lists: an export that keeps each page as it came ([[...], [...]]) is read as
    // one.
    json flattened;
    if (!groups->empty() && (*groups)[0].is_array()) {
      flattened = json::array();
      for (std::size_t k = 0; k < groups->size(); ++k) {
        if (!(*groups)[k].is_array()) {
          error("/groups/" + std::to_string(k),
                "a page of groups is not an array, though the first one is");
          return std::nullopt;
        }
        for (const auto& g : (*groups)[k]) flattened.push_back(g);
      }
      groups = &flattened;
    }
    if (groups->empty()) {
      error("/groups", "the groups array is empty");
      return std::nullopt;
    }
    const bool okta = (*groups)[0].is_object() && (*groups)[0].contains("profile");
    const bool google = (*groups)[0].is_object() &&
                        ((*groups)[0].contains("members") || (*groups)[0].contains("email"));
    if (!okta && !google) {
      error("/groups/0",
            "the first group is neither an Okta group (id, type, profile.name) nor a Google "
            "Workspace group (email, name, members)");
      return std::nullopt;
    }
    Overlay o;
    o.tool = okta ? "groups (Okta)" : "groups (Google Workspace)";
    group_count_ = groups->size();
    o.input = file_;
    for (std::size_t i = 0; i < groups->size(); ++i) {
      const auto ptr = "/groups/" + std::to_string(i);
      if (okta) {
        read_okta_group((*groups)[i], ptr);
      } else {
        read_google_group((*groups)[i], ptr);
      }
    }
    if (okta) {
      if (!assignments) {
        diags_.warning(
            "the export has no assignments: its groups access nothing, so none is in scope",
            SourceLocation{file_},
            "add each app's /api/v1/apps/{id}/groups response under assignments "
            "(docs/import.md)");
      } else if (!assignments->is_array()) {
        error("/assignments", "assignments is not an array");
      } else {
        for (std::size_t i = 0; i < assignments->size(); ++i) {
          read_assignment((*assignments)[i], "/assignments/" + std::to_string(i));
        }
      }
    }
    if (!missing_.empty()) {
      const auto n = missing_.size() + missing_more_;
      std::string list;
      for (std::size_t k = 0; k < missing_.size(); ++k)
        list += (k ? ", " : "") + missing_[k] + " (" + missing_at_[k] + ")";
      if (missing_more_) list += ", and " + std::to_string(missing_more_) + " more";
      diags_.warning(std::to_string(n) + " group(s) assigned to applications are not among the " +
                         std::to_string(group_count_) +
                         " groups exported, so their access is left out: " + list,
                     SourceLocation{file_},
                     "the group list looks cut short: export every page of GET /api/v1/groups "
                     "(follow the Link "
                     "header's next) and import again");
    }
    if (diags_.has_errors()) return std::nullopt;
    std::size_t in = 0;
    for (auto& p : people_) {
      in += !p.accesses.empty();
      o.components.push_back(std::move(p));
    }
    o.summary.push_back(std::to_string(o.components.size()) + " groups read, " +
                        std::to_string(in) + " with access to a component.");
    return o;
  }

 private:
  void error(const std::string& pointer, const std::string& message, const std::string& hint = {}) {
    diags_.error(message + " (at " + pointer + ")", SourceLocation{file_}, hint);
  }

  const std::string* text_at(const json& obj, const char* key, const std::string& ptr,
                             bool required) {
    if (!obj.is_object() || !obj.contains(key)) {
      if (required) error(ptr, std::string{"missing '"} + key + "'");
      return nullptr;
    }
    const auto& v = obj[key];
    if (v.is_null() && !required) return nullptr;  // Okta writes null for an unset description
    if (!v.is_string()) {
      error(ptr + "/" + key, std::string{"'"} + key + "' is not a string");
      return nullptr;
    }
    return v.get_ptr<const std::string*>();
  }

  /// The id, or the id with the next free number: each base remembers where its numbers stand,
  /// so that 40,000 names that slug alike cost one step each, not a walk past all before them.
  std::string unique(std::string id) {
    if (id.empty()) id = "group";
    id = import_detail::capped_id(std::move(id));
    if (taken_.insert(id).second) return id;
    auto& n = next_number_[id];
    for (n = std::max<std::size_t>(n, 2);; ++n) {
      auto c = import_detail::capped_id(id + "-" + std::to_string(n));
      if (taken_.insert(c).second) return c;
    }
  }

  void read_okta_group(const json& g, const std::string& ptr) {
    if (!g.is_object()) {
      error(ptr, "a group is not an object");
      return;
    }
    const auto* id = text_at(g, "id", ptr, true);
    const json* profile = g.contains("profile") ? &g["profile"] : nullptr;
    if (!profile || !profile->is_object()) {
      error(ptr, "missing 'profile' (an Okta group's name is profile.name)");
      return;
    }
    const auto* name = text_at(*profile, "name", ptr + "/profile", true);
    if (!id || !name) return;
    ImportedComponent c;
    c.id = unique(slug_of(*name));
    c.name = *name;
    c.kind = ComponentKind::People;
    if (const auto* d = text_at(*profile, "description", ptr + "/profile", false))
      c.description = *d;
    if (const auto* type = text_at(g, "type", ptr, false); type && *type == "BUILT_IN") {
      c.description +=
          (c.description.empty() ? "" : " ") + std::string{"(Okta's built-in group: every user)"};
    }
    if (g.contains("_embedded") && g["_embedded"].is_object() && g["_embedded"].contains("stats")) {
      const auto& stats = g["_embedded"]["stats"];
      if (stats.is_object() && stats.contains("usersCount") &&
          stats["usersCount"].is_number_integer()) {
        const auto n = stats["usersCount"].get<std::int64_t>();
        if (n >= 0 && n <= 10'000'000) c.headcount = static_cast<int>(n);
      }
    }
    c.source = "okta group " + *id;
    if (!by_group_id_.emplace(*id, people_.size()).second) {
      error(ptr + "/id", "group id '" + *id + "' is listed twice");
      return;
    }
    people_.push_back(std::move(c));
  }

  void read_assignment(const json& a, const std::string& ptr) {
    if (!a.is_object()) {
      error(ptr, "an assignment is not an object");
      return;
    }
    std::string component;
    if (const auto* c = text_at(a, "component", ptr, false)) {
      component = *c;
    } else if (a.contains("app") && a["app"].is_object()) {
      if (const auto* label = text_at(a["app"], "label", ptr + "/app", false))
        component = slug_of(*label);
    }
    if (component.empty()) {
      error(ptr, "the assignment names no component",
            "give \"component\": the id of the model's component the app is (or the app's label)");
      return;
    }
    if (!a.contains("groups") || !a["groups"].is_array()) {
      error(ptr, "missing 'groups': the app's /api/v1/apps/{id}/groups response");
      return;
    }
    const auto& groups = a["groups"];
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const auto gptr = ptr + "/groups/" + std::to_string(i);
      const auto* gid = text_at(groups[i], "id", gptr, true);
      if (!gid) continue;
      const auto it = by_group_id_.find(*gid);
      if (it == by_group_id_.end()) {
        // A group list cut short (Okta pages its lists) leaves assigned groups out: what is missing
        // is reported, once, and the rest imports.
        if (missing_.size() < kMaxMissingShown &&
            std::find(missing_.begin(), missing_.end(), *gid) == missing_.end()) {
          missing_.push_back(*gid);
          missing_at_.push_back(gptr);
        } else if (std::find(missing_.begin(), missing_.end(), *gid) == missing_.end()) {
          ++missing_more_;
        }
        continue;
      }
      auto& acc = people_[it->second].accesses;
      if (std::find(acc.begin(), acc.end(), component) == acc.end()) acc.push_back(component);
    }
  }

  void read_google_group(const json& g, const std::string& ptr) {
    if (!g.is_object()) {
      error(ptr, "a group is not an object");
      return;
    }
    const auto* email = text_at(g, "email", ptr, true);
    if (!email) return;
    const auto* name = text_at(g, "name", ptr, false);
    ImportedComponent c;
    const std::string local = email->substr(0, email->find('@'));
    c.id = unique(slug_of(name ? *name : local));
    c.name = name ? *name : *email;
    c.kind = ComponentKind::People;
    c.source = "google group " + *email;
    const json* members = nullptr;
    if (g.contains("members")) {
      const auto& m = g["members"];
      members = m.is_object() && m.contains("members") ? &m["members"]
                                                       : &m;  // members.list, or its array
      if (m.is_object() && !m.contains("members"))
        members = nullptr;  // an empty group: members.list omits it
    }
    if (members && !members->is_array()) {
      error(ptr + "/members", "members is not members.list's response nor an array of members");
      return;
    }
    int users = 0, nested = 0;
    std::map<std::string, int> roles;
    if (members) {
      for (std::size_t i = 0; i < members->size(); ++i) {
        const auto mptr = ptr + "/members/" + std::to_string(i);
        const auto* type = text_at((*members)[i], "type", mptr, true);
        if (!type) continue;
        if (*type == "USER")
          ++users;
        else if (*type == "GROUP")
          ++nested;
        if (const auto* role = text_at((*members)[i], "role", mptr, false)) ++roles[*role];
      }
      c.headcount = users;
    }
    std::string d;
    for (const auto& [role, n] : roles)
      d += (d.empty() ? "" : ", ") + std::to_string(n) + " " + role;
    if (nested)
      d += (d.empty() ? "" : ", ") + std::to_string(nested) + " nested group(s) not expanded";
    c.description = d;
    if (g.contains("accesses")) {
      const auto& acc = g["accesses"];
      if (!acc.is_array()) {
        error(ptr + "/accesses", "accesses is not an array of component ids");
        return;
      }
      for (std::size_t i = 0; i < acc.size(); ++i) {
        if (!acc[i].is_string() || acc[i].get_ref<const std::string&>().empty()) {
          error(ptr + "/accesses/" + std::to_string(i), "an access is not a component id");
          continue;
        }
        c.accesses.push_back(acc[i].get<std::string>());
      }
    }
    people_.push_back(std::move(c));
  }

  static constexpr std::size_t kMaxMissingShown = 10;
  std::vector<std::string> missing_, missing_at_;  ///< assigned groups not exported, and where
  std::size_t missing_more_ = 0, group_count_ = 0;
  const std::string& file_;
  Diagnostics& diags_;
  std::vector<ImportedComponent> people_;
  std::unordered_map<std::string, std::size_t> by_group_id_;
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, std::size_t> next_number_;
};

}  // namespace

ImportResult import_groups(const std::filesystem::path& path,
                           const std::vector<std::filesystem::path>& more_pages) {
  ImportResult result;
  // Each file parsed on its own, so that a problem names its file; then the pages are one export.
  json doc;
  std::string name;
  std::vector<std::filesystem::path> files{path};
  files.insert(files.end(), more_pages.begin(), more_pages.end());
  for (const auto& p : files) {
    const auto file = p == "-" ? read_standard_input("<stdin>", result.diagnostics)
                               : read_text_file(p, result.diagnostics);
    if (!file) return result;
    json page;
    try {
      page = json::parse(file->text);
    } catch (const json::parse_error& e) {
      const auto parsed = import_detail::json_error_of(e.what());
      result.diagnostics.error("not a group export: the file is not JSON (" + parsed.message + ")",
                               SourceLocation{file->source_name, parsed.line, parsed.column},
                               "export Okta's /api/v1/groups or Google Workspace's members.list as "
                               "JSON (docs/import.md)");
      return result;
    }
    if (name.empty()) {
      name = file->source_name;
      doc = std::move(page);
      continue;
    }
    // A further page: its groups and assignments join the first file's.
    if (!doc.is_object() || !page.is_object()) {
      result.diagnostics.error("a page of several is not an object with groups",
                               SourceLocation{file->source_name},
                               "give each page as {\"groups\": [...], \"assignments\": [...]}");
      return result;
    }
    for (const char* key : {"groups", "assignments"}) {
      if (!page.contains(key)) continue;
      if (!page[key].is_array() || (doc.contains(key) && !doc[key].is_array())) {
        result.diagnostics.error(std::string{"'"} + key + "' is not an array",
                                 SourceLocation{file->source_name});
        return result;
      }
      auto& into = doc[key];
      if (into.is_null()) into = json::array();
      // A page kept as Okta returned it ([[...]]) is flattened when read; here the lists are
      // joined.
      for (auto& item : page[key]) into.push_back(std::move(item));
    }
  }
  const auto shown =
      files.size() > 1 ? name + " and " + std::to_string(files.size() - 1) + " more page(s)" : name;
  GroupsReader reader(shown, result.diagnostics);
  result.overlay = reader.read(doc);
  if (result.diagnostics.has_errors()) result.overlay.reset();
  return result;
}

}  // namespace attestplan

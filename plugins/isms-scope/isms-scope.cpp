// isms-scope: the scope of an ISO/IEC 27001 certification: the Statement of Applicability. Each
// Annex A control of models/iso27001/annex-a.toml applies, or is excluded with the reason, as the
// boundary says (premises of the organization's own, software it builds, suppliers, personal data,
// ...). It serves certification reports only (its descriptor's report_types).
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "annex_a.hpp"
#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/toml_reader.hpp"

namespace {

using namespace attestplan;
using isms_scope::AnnexA;

/// What the boundary holds that decides which Annex A controls apply, and the reason each fact
/// gives when it is absent.
struct Facts {
  std::map<std::string, bool, std::less<>> holds;  ///< by the library's `applies` words
  std::map<std::string, std::string, std::less<>> why_not;
};

Facts facts_of(const Context& ctx, bool outsourced_development) {
  const auto& b = ctx.boundary;
  const auto& model = ctx.model;
  Facts f;
  const auto set = [&](const char* word, bool holds, std::string why_not) {
    f.holds[word] = holds;
    f.why_not[word] = std::move(why_not);
  };
  set("always", true, "");
  set("people",
      !b.in_scope_components(ComponentKind::People).empty() || model.organization.employees > 0,
      "the scope holds no people");
  set("premises", !b.in_scope_components(ComponentKind::Facility).empty(),
      "the scope holds no premises of the organization's own: the buildings its systems run in "
      "are its providers'");
  set("suppliers", !b.subservices.empty(), "the scope reaches no supplier");
  bool cloud = false, development = false, personal = false;
  for (const auto* n : b.in_scope_components(ComponentKind::Infrastructure)) {
    const auto* c = model.find_component(n->id);
    cloud = cloud || (c && c->provided_by);
  }
  for (const auto* n : b.in_scope_components(ComponentKind::Software)) {
    const auto* c = model.find_component(n->id);
    development = development || (c && !c->provided_by && !c->role);
  }
  for (const auto* n : b.in_scope_components(ComponentKind::Data)) {
    const auto* c = model.find_component(n->id);
    personal = personal || (c && holds_personal_data(*c));
  }
  set("cloud", cloud, "no provider runs infrastructure in the scope");
  set("development", development,
      "the scope holds no software the organization builds (its software is its suppliers')");
  set("personal-data", personal, "no data store in scope holds personal data");
  set("infrastructure", !b.in_scope_components(ComponentKind::Infrastructure).empty(),
      "the scope holds no infrastructure (no network of its own to secure)");
  set("outsourced-development", outsourced_development,
      "no supplier develops software for the organization ([plugins.isms-scope] "
      "outsourced_development)");
  return f;
}

class IsmsScope final : public ScopePlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    library_ = plugin_data::builtin_or_override(ctx, "annex-a", isms_scope::kBuiltinAnnexA, diags,
                                                &isms_scope::parse_annex_a);
    outsourced_ = false;
    if (!options) return;
    TableReader r(*options, "[plugins.isms-scope]", ctx.model.source_name, diags);
    outsourced_ = r.boolean("outsourced_development").value_or(false);
    r.check_unknown_keys();
  }

  void run(const Context& ctx, ScopeWriter& out) override {
    if (!library_) throw std::runtime_error("no Annex A library was configured");
    auto& scope = out.result();
    scope.ran = true;
    const auto facts = facts_of(ctx, outsourced_);
    std::map<std::string, std::vector<std::string>> excluded;  // reason word → control ids
    for (const auto& c : library_->controls) {
      if (!facts.holds.at(c.applies)) {
        excluded[c.applies].push_back(c.id);
        continue;
      }
      ScopedControl sc;
      sc.id = c.id;
      sc.title = c.name;
      sc.area = c.area;
      sc.criteria = {c.id};
      sc.frequency = Frequency::Annual;
      sc.evidence = "The ISMS's records for the control, as the Statement of Applicability says";
      sc.why = c.applies == "always" ? "applies to every ISMS" : "the scope holds what it needs";
      scope.criteria.push_back(c.id);
      scope.controls.push_back(std::move(sc));
    }
    std::size_t n_excluded = 0;
    for (const auto& [word, ids] : excluded) {
      n_excluded += ids.size();
      out.add_finding({Severity::Note, "soa-excluded",
                       cat("Statement of Applicability: ", join(ids), " (",
                           std::to_string(ids.size()), ") excluded: ", facts.why_not.at(word)),
                       ctx.model.engagement.where});
    }
    const std::string counts = cat(std::to_string(scope.controls.size()), " of ",
                                   std::to_string(library_->controls.size()), " applicable, ",
                                   std::to_string(n_excluded), " excluded");
    scope.criteria_count = out.add(
        {.id = "isms-scope.applicable",
         .kind = "criteria",
         .group = "scope",
         .label = "Annex A controls applicable",
         .rule = cat(library_->edition, " Annex A: ", counts,
                     ", each as the boundary says (judgement; the organization's Statement of "
                     "Applicability decides); ",
                     library_->source),
         .value = Range::exactly(static_cast<double>(scope.controls.size())),
         .unit = unit::kCount});
    scope.control_count =
        out.add({.id = "isms-scope.controls",
                 .kind = "controls",
                 .group = "scope",
                 .label = "Annex A controls the body audits",
                 .rule = "the applicable ones, with the ISMS's clauses 4 to 10, which always apply",
                 .value = Range::exactly(static_cast<double>(scope.controls.size())),
                 .unit = unit::kCount});
    const auto& words = words_of(ctx.model.engagement.report);
    scope.signer = words.signer;
  }

 private:
  static std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
  }

  std::shared_ptr<const AnnexA> library_;
  bool outsourced_ = false;
};

// What the plugin declares of itself (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
report_types = ["certification"]

[[data]]
key = "annex-a"
label = "Annex A library"
builtin = "iso27001/annex-a.toml"
help = "ISO/IEC 27001 Annex A controls and when each applies, replacing the built-in ones"

[[option]]
key = "outsourced_development"
type = "boolean"
default = "false"
help = "A supplier develops software for the organization: A.8.30 applies."
)toml";

}  // namespace

ATTESTPLAN_PLUGIN(IsmsScope, "isms-scope", "1.0.0",
                  "ISO/IEC 27001 certification: the Statement of Applicability, each Annex A "
                  "control applicable or excluded as the boundary says",
                  kDescriptor)

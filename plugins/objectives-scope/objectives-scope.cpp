// objectives-scope: the scope of a SOC 1 or ISAE 3402 report, whose criteria are the control
// objectives management states rather than the Trust Services Criteria. The model selects
// objectives from the library (models/soc1/objectives.toml) by set or one by one, takes some out
// and adds its own; each objective brings the controls the auditor tests and the user entities'
// part (CUECs). It serves reports on control objectives only (its descriptor's subjects).
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/plugin_data.hpp"
#include "attestplan/scope_signer.hpp"
#include "attestplan/toml_reader.hpp"
#include "library.hpp"

namespace {

using namespace attestplan;
using objectives_scope::Library;
using objectives_scope::Objective;

constexpr const char* kPlugin = "[plugins.objectives-scope]";

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

class ObjectivesScope final : public ScopePlugin {
 public:
  void configure(const toml::table* options, const Context& ctx, Diagnostics& diags) override {
    library_ =
        plugin_data::builtin_or_override(ctx, "objectives", objectives_scope::kBuiltinObjectives,
                                         diags, &objectives_scope::parse_library);
    sets_.clear();
    chosen_.clear();
    excluded_.clear();
    own_.clear();
    sets_given_ = false;
    if (!options || !library_) return;
    TableReader r(*options, kPlugin, ctx.model.source_name, diags);
    const auto& file = ctx.model.source_name;
    bool no_sets = false;  // sets = []
    if (r.has("sets")) {
      sets_given_ = true;
      const auto known = library_->sets();
      const auto named = r.string_array("sets");
      no_sets = named.empty();
      for (const auto& s : named) {
        if (std::find(known.begin(), known.end(), s) == known.end()) {
          r.bad_word("sets", s, known);
        } else {
          sets_.push_back(s);
        }
      }
    }
    std::vector<std::string> ids;
    for (const auto& o : library_->objectives) ids.push_back(o.id);
    for (const char* key : {"objectives", "exclude"}) {
      if (!r.has(key)) continue;
      auto& into = std::string_view{key} == "objectives" ? chosen_ : excluded_;
      for (const auto& id : r.string_array(key)) {
        if (!library_->find(id)) {
          r.bad_word(key, id, ids);
        } else {
          into.push_back(id);
        }
      }
    }
    if (const auto* own = r.table_array("objective")) {
      for (const auto& node : *own) {
        const auto* t = node.as_table();
        if (!t) continue;
        TableReader o(*t, std::string{kPlugin} + " objective", file, diags);
        Objective obj;
        obj.where = o.where();
        obj.id = o.identifier("id", true).value_or("");
        if (library_->find(obj.id))
          diags.error("objective '" + obj.id +
                          "' is the library's: choose it with objectives, or give yours another id",
                      o.where("id"));
        obj.set = "own";
        obj.title = o.string("title", true).value_or("");
        obj.relevance = o.string("relevance").value_or("management's own objective");
        obj.cuecs = o.string_array("cuecs");
        objectives_scope::read_controls(*t, file, diags, obj);
        o.check_unknown_keys({"control"});
        own_.push_back(std::move(obj));
      }
    }
    // sets = [] with nothing else: a report on no objective, which no one can sign.
    if (no_sets && chosen_.empty() && own_.empty()) {
      diags.error(
          "no control objective is in scope: sets is empty and the model names no "
          "objective of the library or of its own",
          r.where("sets"),
          "sets = [\"itgc\", \"payroll\"] (or \"payments\"), objectives = [...], or "
          "[[plugins.objectives-scope.objective]]");
    }
    r.check_unknown_keys();
  }

  void run(const Context& ctx, ScopeWriter& out) override {
    if (!library_) throw std::runtime_error("no control-objectives library was configured");
    auto& scope = out.result();
    scope.ran = true;
    const bool premises = !ctx.boundary.in_scope_components(ComponentKind::Facility).empty();
    // The library's objectives the model chose: by set (IT general controls when it names
    // neither sets nor objectives), or one by one; less those it takes out.
    const std::vector<std::string> sets =
        sets_given_ || !chosen_.empty() ? sets_ : std::vector<std::string>{"itgc"};
    std::vector<const Objective*> in;
    std::vector<std::string> not_premises;
    for (const auto& o : library_->objectives) {
      const bool picked = std::find(sets.begin(), sets.end(), o.set) != sets.end() ||
                          std::find(chosen_.begin(), chosen_.end(), o.id) != chosen_.end();
      if (!picked) continue;
      if (std::find(excluded_.begin(), excluded_.end(), o.id) != excluded_.end()) {
        out.add_finding({Severity::Note, "objective-excluded",
                         "control objective " + o.id + " (" + o.title +
                             ") is taken out by the model ([plugins.objectives-scope] exclude): "
                             "management's description says why, and the user entities' "
                             "auditors judge whether they need it",
                         ctx.model.engagement.where});
        continue;
      }
      if (o.applies == "premises" && !premises) {
        not_premises.push_back(o.id);
        continue;
      }
      in.push_back(&o);
    }
    for (const auto& o : own_) in.push_back(&o);
    if (!not_premises.empty()) {
      out.add_finding({Severity::Note, "objective-not-applicable",
                       joined(not_premises) +
                           ": the scope holds no premises of the organization's own (its systems "
                           "run at its providers, whose reports cover them)",
                       ctx.model.engagement.where});
    }
    const bool business =
        std::any_of(in.begin(), in.end(), [](const Objective* o) { return o->set != "itgc"; });
    if (!business) {
      out.add_finding({Severity::Warning, "no-business-objectives",
                       "the scope holds IT general control objectives only: a SOC 1 report "
                       "usually also states the transaction-processing objectives the user "
                       "entities' auditors rely on (sets = [\"payroll\"], [\"payments\"], or "
                       "objectives of management's own)",
                       ctx.model.engagement.where});
    }
    for (const auto* o : in) {
      scope.criteria.push_back(o->id);
      for (std::size_t k = 0; k < o->controls.size(); ++k) {
        const auto& c = o->controls[k];
        ScopedControl sc;
        sc.id = cat(o->id, "-", std::to_string(k + 1));
        sc.title = c.title;
        sc.area = c.area;
        sc.criteria = {o->id};
        sc.frequency = c.frequency;
        sc.automated = c.automated;
        sc.population = c.population;
        sc.evidence = "Evidence that the control operated as management's description states";
        sc.evidence_category = "control objective " + o->id;
        sc.why = "control objective " + o->id + ": it bears on " + o->relevance;
        scope.controls.push_back(std::move(sc));
      }
      for (const auto& cuec : o->cuecs) {
        if (std::find(scope.cuecs.begin(), scope.cuecs.end(), cuec) == scope.cuecs.end())
          scope.cuecs.push_back(cuec);
      }
    }
    // The gap list: the control areas of the scope's controls that do not operate yet.
    for (const char* area : kControlAreas) {
      const auto m = maturity_of(ctx.model.organization, area);
      const bool used = std::any_of(scope.controls.begin(), scope.controls.end(),
                                    [&](const ScopedControl& c) { return c.area == area; });
      if (used && m != Maturity::Operating) scope.areas_not_operating.emplace_back(area, m);
    }
    std::map<std::string, int> per_set;
    for (const auto* o : in) per_set[o->set]++;
    std::string breakdown;
    for (const auto& [set, n] : per_set)
      breakdown += (breakdown.empty() ? "" : ", ") + std::to_string(n) + " " + set;
    scope.criteria_count = out.add(
        {.id = "objectives-scope.objectives",
         .kind = "criteria",
         .group = "scope",
         .label = "Control objectives",
         .rule = cat("the objectives the model chose (", breakdown.empty() ? "none" : breakdown,
                     "), as management states them in its description; ", library_->file, ": ",
                     library_->source),
         .value = Range::exactly(static_cast<double>(in.size())),
         .unit = unit::kCount});
    scope.control_count = out.add(
        {.id = "objectives-scope.controls",
         .kind = "controls",
         .group = "scope",
         .label = "Controls the auditor tests",
         .rule = "the controls the chosen objectives bring (judgement: management's own replace "
                 "them)",
         .value = Range::exactly(static_cast<double>(scope.controls.size())),
         .unit = unit::kCount});
    state_signer(ctx, out);
  }

 private:
  std::shared_ptr<const Library> library_;
  std::vector<std::string> sets_, chosen_, excluded_;
  std::vector<Objective> own_;
  bool sets_given_ = false;
};

// What the plugin declares of itself (plugin.hpp, descriptor).
constexpr const char* kDescriptor = R"toml(
subjects = ["control-objectives"]

[[data]]
key = "objectives"
label = "control-objectives library"
builtin = "soc1/objectives.toml"
help = "Control objectives (SOC 1, ISAE 3402) replacing the built-in library"

[[option]]
key = "sets"
type = "array of set names"
default = "`[\"itgc\"]` when no objective is named"
help = "The library's sets in scope: `itgc` (IT general controls), `payroll`, `payments`."

[[option]]
key = "objectives"
type = "array of objective ids"
default = "`[]`"
help = "Objectives of the library in scope one by one, beside the sets."

[[option]]
key = "exclude"
type = "array of objective ids"
default = "`[]`"
help = "Objectives of the chosen sets taken out (each a finding)."

[[option]]
key = "objective"
type = "array of tables"
default = "none"
help = "Management's own objectives: `id`, `title`, `relevance`, `cuecs` and `[[...control]]` (`title`, `area`, `frequency`, `nature`, `population`)."

)toml";

}  // namespace

ATTESTPLAN_PLUGIN(ObjectivesScope, "objectives-scope", "1.0.0",
                  "SOC 1 and ISAE 3402: control objectives chosen from a library, their controls "
                  "and the user entities' part",
                  kDescriptor)

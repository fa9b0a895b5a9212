// Scope drift: two models' boundaries and estimates compared (drift.hpp).
#include "attestplan/drift.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace attestplan {

namespace {

struct Placed {
  Verdict verdict = Verdict::OutOfScope;
  const Component* component = nullptr;
};

/// Each component's verdict and model entry, by id.
std::unordered_map<std::string_view, Placed> placement(const Model& model, const Boundary& b) {
  std::unordered_map<std::string_view, Placed> out;
  for (const auto& c : model.components) out[c.id].component = &c;
  for (const auto& n : b.nodes) {
    if (n.node != NodeKind::Component) continue;
    if (const auto it = out.find(n.id); it != out.end()) it->second.verdict = n.verdict;
  }
  return out;
}

/// In-scope components of `model` that depend on each excluded one (not through people's access).
std::unordered_map<std::string, std::vector<std::string>> excluded_dependents(
    const Model& model, const std::unordered_map<std::string_view, Placed>& placed) {
  std::unordered_map<std::string, std::vector<std::string>> out;
  const auto excluded = [&](const std::string& id) {
    const auto it = placed.find(id);
    return it != placed.end() && it->second.verdict == Verdict::Excluded;
  };
  for (const auto& c : model.components) {
    const auto it = placed.find(c.id);
    if (it == placed.end() || it->second.verdict != Verdict::InScope) continue;
    for (const auto* refs : {&c.uses, &c.runs_on, &c.stores, &c.flows_to}) {
      for (const auto& r : *refs) {
        if (!excluded(r.id)) continue;
        auto& by = out[r.id];
        if (std::find(by.begin(), by.end(), c.id) == by.end()) by.push_back(c.id);
      }
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

using Placement = std::unordered_map<std::string_view, Placed>;

/// Whether the component is in the boundary of the placement.
bool in_scope(const Placement& m, std::string_view id) {
  const auto it = m.find(id);
  return it != m.end() && it->second.verdict == Verdict::InScope;
}

/// Entered and re-kinded, in the current model's order.
void compare_components(DriftReport& r, const Model& current, const Placement& was,
                        const Placement& now) {
  for (const auto& c : current.components) {
    const auto old = was.find(c.id);
    const Component* prior = old == was.end() ? nullptr : old->second.component;
    if (prior && prior->kind != c.kind) {
      r.rekinded.push_back({c.id, c.name, c.kind, prior->kind, c.source, "re-kinded"});
    }
    if (!in_scope(now, c.id)) continue;
    if (!in_scope(was, c.id)) {
      r.entered.push_back(
          {c.id, c.name, c.kind, std::nullopt, c.source, prior ? "now reached" : "new"});
    }
    if (holds_personal_data(c) && !(in_scope(was, c.id) && prior && holds_personal_data(*prior))) {
      r.personal_data.push_back({c.id, c.name, c.kind, std::nullopt, c.source,
                                 prior ? "now personal data in scope" : "new"});
    }
  }
}

/// New entry points from the internet in front of in-scope systems, and new data stores outside
/// the boundary: neither enters the boundary, and both are what an auditor asks about.
void compare_exposure(DriftReport& r, const Model& current, const Placement& was,
                      const Placement& now) {
  for (const auto& c : current.components) {
    const auto old = was.find(c.id);
    const Component* prior = old == was.end() ? nullptr : old->second.component;
    if (c.internet_facing && !(prior && prior->internet_facing)) {
      std::vector<std::string> behind;
      for (const auto* refs : {&c.uses, &c.flows_to, &c.runs_on}) {
        for (const auto& ref : *refs) {
          if (in_scope(now, ref.id) &&
              std::find(behind.begin(), behind.end(), ref.id) == behind.end())
            behind.push_back(ref.id);
        }
      }
      if (in_scope(now, c.id) || !behind.empty()) {
        r.entry_points.push_back(
            {c.id, c.name, c.kind, std::nullopt, c.source,
             behind.empty() ? std::string{"in scope"} : "in front of " + join(behind)});
      }
    }
    if (c.kind == ComponentKind::Data && !prior && !in_scope(now, c.id)) {
      const auto it = now.find(c.id);
      r.data_outside.push_back({c.id, c.name, c.kind, std::nullopt, c.source,
                                it != now.end() && it->second.verdict == Verdict::Excluded
                                    ? "new, excluded"
                                    : "new, outside the boundary"});
    }
  }
}

/// Components removed that the current model still names, and those that left.
void compare_removals(DriftReport& r, const Model& baseline, const Placement& was,
                      const Placement& now, const std::vector<DroppedReference>& still_named) {
  for (const auto& d : still_named) {
    const auto it = was.find(d.id);
    if (it == was.end() || !it->second.component) continue;
    const auto& c = *it->second.component;
    if (std::any_of(r.still_named.begin(), r.still_named.end(),
                    [&](const ComponentDrift& x) { return x.id == c.id; }))
      continue;
    r.still_named.push_back({c.id, c.name, c.kind, std::nullopt, c.source,
                             "removed, still named in " + d.key + " of " + d.owner});
  }
  // Left, in the baseline's order.
  for (const auto& c : baseline.components) {
    if (!in_scope(was, c.id) || in_scope(now, c.id)) continue;
    // A removal the model still names is reported once, as that.
    if (std::any_of(r.still_named.begin(), r.still_named.end(),
                    [&](const ComponentDrift& x) { return x.id == c.id; }))
      continue;
    const auto it = now.find(c.id);
    const char* how = it == now.end()                           ? "removed"
                      : it->second.verdict == Verdict::Excluded ? "now excluded"
                                                                : "no longer reached";
    r.left.push_back({c.id, c.name, c.kind, std::nullopt, c.source, how});
  }
}

/// Subservice organizations the boundary reaches.
void compare_providers(DriftReport& r, const Boundary& before, const Boundary& after) {
  const auto reached = [](const Boundary& b, std::string_view id) {
    return std::any_of(b.subservices.begin(), b.subservices.end(),
                       [&](const SubserviceInScope& s) { return s.id == id; });
  };
  for (const auto& s : after.subservices) {
    if (!reached(before, s.id))
      r.new_providers.push_back({s.id, s.name, s.method, s.reached_via, s.csocs});
  }
  for (const auto& s : before.subservices) {
    if (!reached(after, s.id))
      r.removed_providers.push_back({s.id, s.name, s.method, s.reached_via, {}});
  }
}

/// Excluded components in-scope ones now depend on, that nothing in scope depended on before.
void compare_excluded_dependents(DriftReport& r, const Model& baseline, const Model& current,
                                 const Placement& was, const Placement& now) {
  const auto before_refs = excluded_dependents(baseline, was);
  const auto after_refs = excluded_dependents(current, now);
  for (const auto& c : current.components) {
    const auto it = after_refs.find(c.id);
    if (it == after_refs.end()) continue;
    std::vector<std::string> fresh;
    const auto old = before_refs.find(c.id);
    for (const auto& by : it->second) {
      if (old == before_refs.end() ||
          std::find(old->second.begin(), old->second.end(), by) == old->second.end()) {
        fresh.push_back(by);
      }
    }
    if (!fresh.empty()) r.excluded_referenced.push_back({c.id, std::move(fresh)});
  }
}

/// The estimates' figures, from their typed results, and the stages that failed.
void compare_figures(DriftReport& r, const EstimateResult& before, const Model& current,
                     const EstimateResult& after) {
  const auto& e0 = before.estimate;
  const auto& e1 = after.estimate;
  const bool scope = e0.stage_ok(Stage::Scope) && e1.stage_ok(Stage::Scope);
  const bool effort = e0.stage_ok(Stage::Effort) && e1.stage_ok(Stage::Effort);
  const bool cost =
      e0.stage_ok(Stage::Cost) && e1.stage_ok(Stage::Cost) && e0.cost.currency == e1.cost.currency;
  auto figure = [&](const char* metric, const std::string& unit, const Figure& f0, const Figure& f1,
                    bool available) {
    FigureDrift d{metric,    unit,      f0.value.likely, f1.value.likely,
                  f0.spread, f1.spread, std::nullopt,    available};
    if (available && before.runs && after.runs) {
      const auto a = runs_of(e0, *before.runs, f0), b = runs_of(e1, *after.runs, f1);
      if (!a.empty() && a.size() == b.size()) {
        std::vector<double> diff(a.size());
        for (std::size_t k = 0; k < a.size(); ++k) diff[k] = b[k] - a[k];
        d.change = percentiles(diff);
      }
    }
    r.figures.push_back(std::move(d));
  };
  figure("controls", "count", e0.scope.control_count, e1.scope.control_count, scope);
  figure("samples", "count", e0.effort.samples, e1.effort.samples, effort);
  figure("auditor hours", "hours", e0.effort.auditor_hours, e1.effort.auditor_hours, effort);
  figure("fee", e1.cost.currency, e0.cost.fee, e1.cost.fee, cost);
  for (const auto* e : {&e0, &e1}) {
    for (const auto& s : e->stages) {
      if (s.status != StageStatus::Ok) {
        r.failures.push_back(std::string{e == &e0 ? "baseline: " : "current: "} + s.message);
      }
    }
  }
  if (e0.stage_ok(Stage::Cost) && e1.stage_ok(Stage::Cost) &&
      e0.cost.currency != e1.cost.currency) {
    r.findings.push_back({Severity::Note, "currency-differs",
                          "the baseline's fee is in " + e0.cost.currency +
                              " and the current one in " + e1.cost.currency +
                              ", so the fee is not compared",
                          current.engagement.where});
  }
}

/// What the description discloses (judgement: the changes that alter what the report covers).
void disclosure_findings(DriftReport& r, const Model& current, const Placement& was,
                         const Placement& now, const std::vector<DroppedReference>& still_named) {
  const auto where_now = [&](const std::string& id) {
    const auto it = now.find(id);
    return it != now.end() && it->second.component ? it->second.component->where
                                                   : SourceLocation{current.source_name};
  };
  for (const auto& p : r.new_providers) {
    r.findings.push_back(
        {Severity::Warning, "new-subservice-organization",
         "'" + p.id + "' (" + p.name + ") now provides in-scope " + join(p.provides) +
             ": the description names it, its method (" + to_string(p.method) +
             ") and the controls expected of it (CSOCs); vendor monitoring (CC9.2) covers it",
         current.find_subservice(p.id) ? current.find_subservice(p.id)->where : SourceLocation{}});
  }
  for (const auto& c : r.entry_points) {
    r.findings.push_back(
        {Severity::Warning, "new-entry-point",
         "'" + c.id + "' (" + c.name + ") is a new internet entry point, " + c.how +
             ": a significant change to the system; the boundary protection controls (CC6.6) "
             "cover it, and the description names it",
         where_now(c.id)});
  }
  for (const auto& c : r.data_outside) {
    r.findings.push_back(
        {Severity::Warning, "new-data-store",
         "'" + c.id + "' (" + c.name + ") is a new data store (" + c.how +
             "): is it in scope? If it holds the service's data, a service or system should use it",
         where_now(c.id)});
  }
  for (const auto& c : r.still_named) {
    const auto d = std::find_if(still_named.begin(), still_named.end(),
                                [&](const DroppedReference& x) { return x.id == c.id; });
    r.findings.push_back({Severity::Warning, "removed-still-named",
                          "'" + c.id + "' (" + to_string(c.kind) +
                              ") is gone from the current model, which still names it (" +
                              c.how.substr(9) +
                              "): a significant change the description discloses; remove the "
                              "reference once the removal is confirmed",
                          d != still_named.end() ? d->where : SourceLocation{current.source_name}});
  }
  for (const auto& c : r.personal_data) {
    r.findings.push_back(
        {Severity::Warning, "new-personal-data-store",
         "'" + c.id + "' holds personal data in scope (" + c.how +
             "): a significant change to the system; check the Privacy and Confidentiality "
             "commitments that cover it",
         where_now(c.id)});
  }
  for (const auto& c : r.entered) {
    r.findings.push_back({Severity::Note, "significant-change",
                          "'" + c.id + "' (" + to_string(c.kind) + ") entered the boundary (" +
                              c.how + "): the description of the period discloses it",
                          where_now(c.id)});
  }
  for (const auto& c : r.left) {
    r.findings.push_back({Severity::Note, "significant-change",
                          "'" + c.id + "' (" + to_string(c.kind) + ") left the boundary (" + c.how +
                              "): the description of the period discloses it",
                          was.at(c.id).component->where});
  }
  for (const auto& c : r.rekinded) {
    r.findings.push_back({Severity::Note, "component-rekinded",
                          "'" + c.id + "' was " + to_string(*c.was) + " and is now " +
                              to_string(c.kind) + ": the controls that apply to it change",
                          where_now(c.id)});
  }
  for (const auto& x : r.excluded_referenced) {
    r.findings.push_back({Severity::Warning, "excluded-dependency",
                          "'" + x.id + "' is excluded, but in-scope " + join(x.referenced_by) +
                              " now depend on it: justify the exclusion or bring it into scope",
                          where_now(x.id)});
  }
}

}  // namespace

bool DriftReport::unchanged() const {
  const bool same_figures = std::all_of(
      figures.begin(), figures.end(), [](const FigureDrift& f) { return f.baseline == f.current; });
  return entered.empty() && left.empty() && rekinded.empty() && personal_data.empty() &&
         entry_points.empty() && data_outside.empty() && still_named.empty() &&
         new_providers.empty() && removed_providers.empty() && excluded_referenced.empty() &&
         same_figures;
}

DriftReport compute_drift(const Model& baseline, const EstimateResult& before, const Model& current,
                          const EstimateResult& after,
                          const std::vector<DroppedReference>& still_named) {
  DriftReport r;
  r.baseline = baseline.source_name;
  r.current = current.source_name;
  const auto was = placement(baseline, before.boundary);
  const auto now = placement(current, after.boundary);
  // The components, the subservice organizations and the exclusions, then the figures; the
  // findings last, from what the steps found, in their order.
  compare_components(r, current, was, now);
  compare_exposure(r, current, was, now);
  compare_removals(r, baseline, was, now, still_named);
  compare_providers(r, before.boundary, after.boundary);
  compare_excluded_dependents(r, baseline, current, was, now);
  compare_figures(r, before, current, after);
  disclosure_findings(r, current, was, now, still_named);
  return r;
}

}  // namespace attestplan

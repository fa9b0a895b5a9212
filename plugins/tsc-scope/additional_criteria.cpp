// Reading and checking a file of additional criteria (additional_criteria.hpp).
#include "additional_criteria.hpp"

#include <algorithm>
#include <set>

#include "attestplan/toml_reader.hpp"
#include "library.hpp"

namespace tsc_scope {

using namespace attestplan;

const CriteriaSet* AdditionalCriteriaFile::find(std::string_view set) const {
  const auto it =
      std::find_if(sets.begin(), sets.end(), [&](const CriteriaSet& s) { return s.id == set; });
  return it == sets.end() ? nullptr : &*it;
}

std::optional<AdditionalCriteriaFile> parse_additional_criteria(const DataFile& file,
                                                                Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "additional-criteria file", diags);
  if (!root) return std::nullopt;
  AdditionalCriteriaFile out;
  out.file = file.source_name;
  TableReader top(*root, "the additional-criteria file", file.source_name, diags);
  if (!top.format_version("attestplan-additional-criteria", 1)) return std::nullopt;
  out.name = top.string("name", true).value_or("");
  out.source = top.string("source", true).value_or("");
  static const toml::array kNone;
  const auto* sets = top.table_array("set");
  if (!sets || sets->empty()) diags.error("the file has no [[set]]", top.where());
  for (const auto& node : sets ? *sets : kNone) {
    const auto* t = node.as_table();
    if (!t) continue;
    TableReader r(*t, "[[set]]", file.source_name, diags);
    CriteriaSet s;
    s.id = r.identifier("id", true).value_or("");
    if (!s.id.empty() && out.find(s.id))
      diags.error("set '" + s.id + "' is listed twice", r.where("id"));
    s.name = r.string("name", true).value_or("");
    s.regulation = r.string("regulation").value_or(s.name);
    s.protects = r.string("protects").value_or("");
    if (!s.protects.empty()) {
      const auto& known = known_classifications();
      if (std::find(known.begin(), known.end(), s.protects) == known.end())
        r.bad_word("protects", s.protects, known);
    }
    r.check_unknown_keys();
    out.sets.push_back(std::move(s));
  }
  std::set<std::pair<std::string, std::string>> seen;
  const auto* requirements = top.table_array("requirement");
  for (const auto& node : requirements ? *requirements : kNone) {
    const auto* t = node.as_table();
    if (!t) continue;
    TableReader r(*t, "[[requirement]]", file.source_name, diags);
    Requirement q;
    q.set = r.identifier("set", true).value_or("");
    q.id = r.string("id", true).value_or("");
    r.set_context("[[requirement]] '" + q.id + "'");
    if (!q.set.empty() && !out.find(q.set)) {
      std::vector<std::string> known;
      for (const auto& s : out.sets) known.push_back(s.id);
      r.bad_word("set", q.set, known);
    }
    if (!q.id.empty() && !seen.insert({q.set, q.id}).second)
      diags.error("requirement '" + q.id + "' of set '" + q.set + "' is listed twice",
                  r.where("id"));
    q.title = r.string("title", true).value_or("");
    q.kind = r.string("kind").value_or("");
    if (!q.kind.empty() && q.kind != "required" && q.kind != "addressable")
      r.bad_word("kind", q.kind, {"required", "addressable"});
    q.criteria = r.ref_array("criteria");
    q.area = r.string("area", true).value_or("");
    if (!q.area.empty() && std::none_of(std::begin(kControlAreas), std::end(kControlAreas),
                                        [&](const char* area) { return q.area == area; })) {
      diags.error("area '" + q.area +
                      "' is not a control area (governance, people, access, change, operations, "
                      "vendors, physical, data)",
                  r.where("area"));
    }
    q.frequency = r.word("frequency", &parse_frequency, names_of_frequency(), true)
                      .value_or(Frequency::Annual);
    q.population = r.string("population").value_or("");
    if (q.frequency == Frequency::EventDriven && q.population.empty())
      diags.error(
          "an event-driven requirement names the population its control samples from "
          "(population)",
          r.where("frequency"));
    q.applies = r.string("applies").value_or("always");
    if (q.applies != "always" && q.applies != "clearinghouse")
      r.bad_word("applies", q.applies, {"always", "clearinghouse"});
    r.check_unknown_keys();
    out.requirements.push_back(std::move(q));
  }
  for (const auto& s : out.sets) {
    if (std::none_of(out.requirements.begin(), out.requirements.end(),
                     [&](const Requirement& q) { return q.set == s.id; }))
      diags.error("set '" + s.id + "' has no [[requirement]]", top.where());
  }
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return out;
}

void check_criteria(const AdditionalCriteriaFile& subject, const CriteriaCatalog& catalog,
                    Diagnostics& diags) {
  for (const auto& q : subject.requirements)
    check_criterion_refs(q.criteria, "requirement '" + q.id + "'", catalog, diags);
}

}  // namespace tsc_scope

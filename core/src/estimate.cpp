// Estimate: the ledger's bookkeeping (adding, finding, summing lines).
#include "attestplan/estimate.hpp"

#include <algorithm>

#include "attestplan/plugin.hpp"

namespace attestplan {

Plugin::~Plugin() = default;

const char* to_string(Stage s) {
  switch (s) {
    case Stage::Scope: return "scope";
    case Stage::Effort: return "effort";
    case Stage::Cost: return "cost";
    case Stage::Timing: return "timing";
  }
  return "?";
}

const LedgerLine& Estimate::add(LedgerLine line) {
  lines.push_back(std::move(line));
  return lines.back();
}

const LedgerLine* Estimate::find(std::string_view id) const {
  // Ids are unique, so the direction does not change the answer; lines are mostly looked up by
  // the stages and totals written after them, so searching from the end finds them sooner.
  const auto it = std::find_if(lines.rbegin(), lines.rend(),
                               [&](const LedgerLine& l) { return l.id == id; });
  return it == lines.rend() ? nullptr : &*it;
}

std::vector<const LedgerLine*> Estimate::of_kind(std::string_view kind, std::string_view group) const {
  std::vector<const LedgerLine*> out;
  for (const auto& l : lines) {
    if (l.kind == kind && (group.empty() || l.group == group)) out.push_back(&l);
  }
  return out;
}

Range Estimate::sum(std::string_view kind, std::string_view group, std::vector<std::string>* from) const {
  Range total;
  for (const auto& l : lines) {
    if (l.kind != kind || (!group.empty() && l.group != group)) continue;
    total += l.value;
    if (from) from->push_back(l.id);
  }
  return total;
}

bool Estimate::stage_ok(Stage s) const {
  return std::any_of(stages.begin(), stages.end(),
                     [&](const StageRun& r) { return r.stage == s && r.status == "ok"; });
}

}  // namespace attestplan

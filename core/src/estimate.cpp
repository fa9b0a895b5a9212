// Estimate: names of its enums, and finding lines and milestones.
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

const char* to_string(StageStatus v) {
  switch (v) {
    case StageStatus::Ok: return "ok";
    case StageStatus::Failed: return "failed";
    case StageStatus::Missing: return "missing";
  }
  return "?";
}

const char* to_string(Combine c) {
  switch (c) {
    case Combine::Own: return "own";
    case Combine::Sum: return "sum";
    case Combine::Product: return "product";
  }
  return "?";
}

const char* to_string(RenewalVerdict v) {
  switch (v) {
    case RenewalVerdict::Met: return "met";
    case RenewalVerdict::AtRisk: return "at risk";
    case RenewalVerdict::Missed: return "missed";
  }
  return "?";
}

const Milestone* TimingResult::milestone(std::string_view id) const {
  const auto it = std::find_if(milestones.begin(), milestones.end(), [&](const Milestone& m) { return m.id == id; });
  return it == milestones.end() ? nullptr : &*it;
}

std::optional<std::pair<Date, Date>> TimingResult::planned_window() const {
  auto planned = [](const Milestone& m) { return m.spread ? Date::from_serial(m.spread->p50) : m.likely; };
  if (const auto* as_of = milestone(kAsOfDate)) return std::pair{planned(*as_of), planned(*as_of)};
  const auto* start = milestone("window-start");
  const auto* end = milestone("window-end");
  if (start && end) return std::pair{planned(*start), planned(*end)};
  if (window) return std::pair{window->start, window->end};
  return std::nullopt;
}

const LedgerLine* Estimate::find(std::string_view id) const {
  const auto it = std::find_if(lines.begin(), lines.end(), [&](const LedgerLine& l) { return l.id == id; });
  return it == lines.end() ? nullptr : &*it;
}

bool Estimate::stage_ok(Stage s) const {
  return std::any_of(stages.begin(), stages.end(),
                     [&](const StageRun& r) { return r.stage == s && r.status == StageStatus::Ok; });
}

}  // namespace attestplan

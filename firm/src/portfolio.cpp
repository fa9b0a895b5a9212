// The portfolio (portfolio.hpp): the models priced in parallel, their staff hours placed by week.
#include "attestplan/portfolio.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <mutex>
#include <thread>

#include "attestplan/loader.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/profile.hpp"

namespace attestplan {

namespace {

namespace fs = std::filesystem;

/// The Monday on or before `d` (1970-01-01 was a Thursday).
Date monday_of(Date d) {
  const long serial = static_cast<long>(d.serial());
  const long weekday = ((serial + 3) % 7 + 7) % 7;  // 0 = Monday
  return d.plus_days(-weekday);
}

/// One model priced: the row, and where its hours go on the calendar.
std::pair<PortfolioEngagement, PlacedHours> price_one(const PluginHost& host,
                                                      const CriteriaCatalog& catalog,
                                                      const fs::path& file,
                                                      const PortfolioOptions& options,
                                                      Diagnostics& diags) {
  PortfolioEngagement e;
  PlacedHours placed;
  e.file = file.string();
  e.name = file.stem().string();
  auto loaded = load_model_file(file, catalog);
  diags.append(loaded.diagnostics);
  if (!loaded.model) {
    e.error = "the model does not load";
    return {e, placed};
  }
  const Model& model = *loaded.model;
  if (!model.organization.name.empty()) e.name = model.organization.name;
  e.report = display_name(model.engagement.report);
  EstimateRequest req{model, catalog, options.data_files};
  req.sensitivity = false;
  apply_profile(host, req);
  const auto r = run_estimate(host, req);
  diags.append(r.diagnostics);
  if (!r.configured) {
    e.error = "the model's plugin options do not configure";
    return {e, placed};
  }
  const auto& est = r.estimate;
  for (const auto& s : est.stages) {
    if (s.status != StageStatus::Ok && e.error.empty()) e.error = s.message;
  }
  if (!e.error.empty()) return {e, placed};
  e.ok = true;
  e.hours = est.effort.auditor_hours.spread.value_or(Percentiles{});
  e.fee = est.cost.fee.spread.value_or(Percentiles{});
  e.currency = est.cost.currency;
  if (const auto* m = est.timing.milestone(kReportInHand)) {
    e.report_date = m->spread ? Date::from_serial(m->spread->p50) : m->likely;
  }
  for (const auto& c : est.timing.renewals) {
    if (!c.chance) continue;
    const double miss = 1 - *c.chance;
    e.risk = e.risk ? std::max(*e.risk, miss) : miss;
  }
  double level_total = 0;
  for (const auto& l : est.cost.levels) level_total += l.hours.value.likely;
  const double auditor = est.effort.auditor_hours.value.likely;
  for (const auto& l : est.cost.levels) {
    // Each level's share of the auditor's hours (the rate card's staffing mix).
    const double h = level_total > 0 ? auditor * l.hours.value.likely / level_total : 0;
    e.level_hours[l.level] = h;
  }
  placed.level_hours = e.level_hours;
  // Each audit stage's share of the hours, placed where the calendar does that work: planning in
  // the planning phase; walkthroughs at the first fieldwork visit; testing split over the visits
  // as the calendar shares it out (interim visits inside a Type 2 window, the final one after it);
  // reporting in the final fieldwork and report phase.
  auto share_of = [&](std::size_t stage) {
    return auditor > 0 ? est.effort.stage_hours[stage].value.likely / auditor : 0.0;
  };
  const auto* plan = est.timing.phase(PhaseRole::Planning);
  const auto* field = est.timing.phase(PhaseRole::Reporting);
  const auto& visits = est.timing.fieldwork;
  if (field) {
    double to_final = share_of(3);
    if (plan) {
      placed.phases.emplace_back(plan->start, plan->end, share_of(0));
    } else {
      to_final += share_of(0);
    }
    if (visits.empty()) {
      to_final += share_of(1) + share_of(2);
    } else {
      const auto& first = visits.front();
      placed.phases.emplace_back(first.start, first.end, share_of(1));
      for (const auto& v : visits) {
        if (&v == &visits.back()) {  // the final visit (the contract puts it last)
          to_final += share_of(2) * v.testing_share;
        } else {
          placed.phases.emplace_back(v.start, v.end, share_of(2) * v.testing_share);
        }
      }
    }
    placed.phases.emplace_back(field->start, field->end, to_final);
  }
  return {e, placed};
}

}  // namespace

std::vector<fs::path> portfolio_inputs(const fs::path& input, Diagnostics& diags) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_directory(input, ec)) {
    // What looks like a model but is not read is said, once each: a dangling link, a FIFO or a
    // device, a model named in capitals (.TOML).
    std::vector<std::string> passed;
    for (const auto& entry : fs::directory_iterator(input, ec)) {
      auto ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (ext != ".toml") continue;
      std::error_code type_ec;
      if (entry.path().extension() == ".toml" && entry.is_regular_file(type_ec)) {
        out.push_back(entry.path());
        continue;
      }
      const auto name = entry.path().filename().string();
      const char* why = entry.path().extension() != ".toml"
                            ? "its extension is not lower-case .toml"
                        : entry.is_symlink(type_ec) ? "a link to nothing that can be read"
                                                    : "not a regular file";
      passed.push_back(name + " (" + why + ")");
    }
    if (ec) diags.error("cannot list the folder: " + ec.message(), {input.string()});
    std::sort(passed.begin(), passed.end());
    for (const auto& p : passed) {
      diags.warning("left out of the portfolio: " + p, {input.string()},
                    "a portfolio reads the folder's regular files named *.toml");
    }
    std::sort(out.begin(), out.end());
    if (out.empty() && !ec) diags.error("the folder holds no .toml model", {input.string()});
    return out;
  }
  const auto list = read_text_file(input, diags);
  if (!list) return out;
  const fs::path base = input.has_parent_path() ? input.parent_path() : fs::path{"."};
  std::size_t start = 0;
  std::uint32_t line = 0;
  while (start < list->text.size()) {
    auto end = list->text.find('\n', start);
    if (end == std::string::npos) end = list->text.size();
    std::string entry = list->text.substr(start, end - start);
    ++line;
    start = end + 1;
    if (!entry.empty() && entry.back() == '\r') entry.pop_back();
    const auto a = entry.find_first_not_of(" \t");
    if (a == std::string::npos || entry[a] == '#') continue;
    entry = entry.substr(a, entry.find_last_not_of(" \t") - a + 1);
    const fs::path p{entry};
    out.push_back(p.is_absolute() ? p : base / p);
    if (!fs::exists(out.back(), ec)) {
      diags.error("no model file '" + entry + "'",
                  {list->source_name, line, static_cast<std::uint32_t>(a + 1)});
    }
  }
  if (out.empty()) diags.error("the list names no model", {list->source_name});
  return out;
}

StaffLoad staff_load(const std::vector<PlacedHours>& engagements,
                     const std::map<std::string, double>& capacity) {
  StaffLoad load;
  load.capacity = capacity;
  std::optional<Date> first, last;
  for (const auto& e : engagements) {
    for (const auto& [level, h] : e.level_hours) {
      if (std::find(load.levels.begin(), load.levels.end(), level) == load.levels.end())
        load.levels.push_back(level);
    }
    for (const auto& [from, to, share] : e.phases) {
      if (share <= 0) continue;
      first = first ? std::min(*first, monday_of(from)) : monday_of(from);
      last = last ? std::max(*last, monday_of(to)) : monday_of(to);
    }
  }
  if (!first) return load;
  for (Date w = *first; w <= *last; w = w.plus_days(7)) load.weeks.push_back(w);
  load.hours.assign(load.weeks.size(), std::vector<double>(load.levels.size(), 0.0));
  load.engagements.assign(load.weeks.size(), {});
  for (std::size_t k = 0; k < engagements.size(); ++k) {
    const auto& e = engagements[k];
    for (const auto& [from, to, share] : e.phases) {
      if (share <= 0) continue;
      const double days = static_cast<double>(from.days_until(to) + 1);
      // Evenly over the phase's days, each week taking its days' part.
      for (Date d = from; d <= to; d = d.plus_days(1)) {
        const auto week = static_cast<std::size_t>(first->days_until(monday_of(d)) / 7);
        for (std::size_t l = 0; l < load.levels.size(); ++l) {
          const auto it = e.level_hours.find(load.levels[l]);
          if (it != e.level_hours.end()) load.hours[week][l] += it->second * share / days;
        }
        auto& who = load.engagements[week];
        if (who.empty() || who.back() != k) who.push_back(k);
      }
    }
  }
  load.over.assign(load.weeks.size(), false);
  for (std::size_t w = 0; w < load.weeks.size(); ++w) {
    for (std::size_t l = 0; l < load.levels.size(); ++l) {
      const auto cap = capacity.find(load.levels[l]);
      if (cap != capacity.end() && load.hours[w][l] > cap->second + 1e-9) load.over[w] = true;
    }
  }
  return load;
}

Portfolio price_portfolio(const PluginHost& host, const CriteriaCatalog& catalog,
                          const std::vector<fs::path>& models, const PortfolioOptions& options,
                          Diagnostics& diags) {
  Portfolio out;
  out.engagements.resize(models.size());
  std::vector<PlacedHours> placed(models.size());
  std::vector<Diagnostics> each(models.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex ticking;
  auto work = [&] {
    for (std::size_t k = next++; k < models.size(); k = next++) {
      if (stop) {
        out.engagements[k].file = models[k].string();
        out.engagements[k].name = models[k].stem().string();
        out.engagements[k].error = "not priced: the run was stopped before it reached this model";
        continue;
      }
      auto [e, p] = price_one(host, catalog, models[k], options, each[k]);
      out.engagements[k] = std::move(e);
      placed[k] = std::move(p);
      std::lock_guard lock(ticking);
      ++out.reached;
      if (options.progress && !options.progress(out.reached, models.size())) stop = true;
    }
  };
  unsigned n =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, models.size()));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < n; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& d : each) diags.append(d);  // in input order, whatever order they ran in
  for (const auto& e : out.engagements) out.failed += e.ok ? 0 : 1;
  out.stopped = stop && out.reached < models.size();  // told to stop after the last: done
  out.load = staff_load(placed, options.capacity);
  return out;
}

}  // namespace attestplan

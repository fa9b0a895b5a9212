// Reading and checking a sampling policy.
#include "policy.hpp"

#include <algorithm>
#include <cctype>

#include "attestplan/toml_reader.hpp"

namespace sampling_effort {

using namespace attestplan;

namespace {

/// [frequency.*]: the samples for each window length, for every sampled frequency; each of them
/// is needed.
void read_frequencies(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* freq = top.table("frequency")) {
    for (const auto& [key, node] : *freq) {
      const std::string name{key.str()};
      const auto f = parse_frequency(name);
      if (!f || *f == Frequency::EventDriven || *f == Frequency::Continuous || !node.is_table()) {
        diags.error("[frequency." + name + "] is not a sampled frequency",
                    location_of(key.source(), file.source_name),
                    "annual, semi-annual, quarterly, monthly, weekly, daily or multiple-daily");
        continue;
      }
      TableReader r(*node.as_table(), "[frequency." + name + "]", file.source_name, diags);
      FrequencyRow row;
      row.per_year = r.number("per_year", 0.01, 100000, true).value_or(1);
      row.source = r.string("source", true).value_or("");
      if (const auto* samples = r.table("samples")) {
        TableReader s(*samples, r.context() + " samples", file.source_name, diags);
        for (const auto& [mkey, mnode] : *samples) {
          const std::string months{mkey.str()};
          const bool ok = !months.empty() && months.size() <= 2 &&
                          std::all_of(months.begin(), months.end(), ::isdigit);
          const int m = ok ? std::stoi(months) : 0;
          if (m < 1 || m > 12) {
            diags.error("sample row '" + months + "' must be a window length in months (1-12)",
                        location_of(mkey.source(), file.source_name));
            s.range(months);
            continue;
          }
          if (auto v = s.range(months)) row.samples[m] = *v;
        }
        s.check_unknown_keys();
      }
      if (row.samples.empty()) diags.error(r.context() + " has no samples", r.where());
      r.check_unknown_keys();
      p.frequency[*f] = std::move(row);
    }
  }
  for (auto f : {Frequency::Annual, Frequency::Quarterly, Frequency::Monthly, Frequency::Weekly,
                 Frequency::Daily, Frequency::MultipleDaily, Frequency::SemiAnnual}) {
    if (!p.frequency.count(f)) {
      diags.error(std::string{"the sampling policy has no [frequency."} + to_string(f) + "]",
                  top.where());
    }
  }
}

/// [event_driven]: a population's sample, a share of a small one, a band's for a large one.
void read_event_driven(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* t = top.table("event_driven")) {
    TableReader r(*t, "[event_driven]", file.source_name, diags);
    p.low_share = r.number("low_share", 0, 1, true).value_or(0.1);
    p.low_min = r.number("low_min", 0, 1000, true).value_or(3);
    p.low_max = r.number("low_max", 1, 1000, true).value_or(30);
    p.high_above = r.number("high_above", 1, 1000, true).value_or(29);
    p.event_source = r.string("source", true).value_or("");
    if (const auto* arr = t->get_as<toml::array>("high_table")) {
      for (const auto& band : *arr) {
        const auto* pair = band.as_array();
        if (pair && pair->size() == 2 && pair->get(0)->is_number() && pair->get(1)->is_number()) {
          p.high_table.emplace_back(pair->get(0)->value<double>().value_or(0),
                                    pair->get(1)->value<double>().value_or(0));
        } else {
          diags.error("high_table bands must be [largest N, sample]",
                      location_of(band.source(), file.source_name));
        }
      }
    }
    r.check_unknown_keys({"high_table"});
  }
}

/// [population.*]: how each population of events is counted from the organization.
void read_populations(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* pops = top.table("population")) {
    for (const auto& [key, node] : *pops) {
      const std::string name{key.str()};
      if (!node.is_table()) {
        diags.error("[population." + name + "] must be a table",
                    location_of(key.source(), file.source_name));
        continue;
      }
      TableReader r(*node.as_table(), "[population." + name + "]", file.source_name, diags);
      PopulationRule rule;
      const std::vector<std::string> bases{"employees",       "turnover", "per-employee",
                                           "per-engineer",    "fixed",    "per-site",
                                           "share-of-changes"};
      rule.basis = r.string("basis", true).value_or("fixed");
      if (std::find(bases.begin(), bases.end(), rule.basis) == bases.end()) {
        r.bad_word("basis", rule.basis, bases);
      }
      rule.label = r.string("label").value_or(name);
      rule.per_year = r.number("per_year", 0, 1e7).value_or(0);
      rule.min_per_year = r.number("min_per_year", 0, 1e7).value_or(0);
      rule.share = r.number("share", 0, 1).value_or(0);
      if (const auto* cad = r.table("per_year_by_cadence")) {
        for (const auto& [ck, cv] : *cad) {
          rule.per_year_by_cadence[std::string{ck.str()}] = cv.value<double>().value_or(0);
        }
      }
      r.check_unknown_keys();
      p.populations[name] = std::move(rule);
    }
  }
}

/// [effort], which a policy must have: the auditor's hours per piece of work, the factors on
/// them, and the work each category of the criteria adds.
void read_effort(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* t = top.table("effort")) {
    TableReader r(*t, "[effort]", file.source_name, diags);
    p.effort_source = r.string("source", true).value_or("");
    for (const char* k : {"planning_base",
                          "planning_per_category",
                          "planning_per_subservice",
                          "walkthrough_per_control",
                          "criterion_mapping",
                          "system_description",
                          "per_system",
                          "per_site",
                          "test_per_control",
                          "test_per_manual_sample",
                          "test_per_automated_configuration",
                          "type1_test_per_control",
                          "population_completeness",
                          "exceptions_share_of_testing",
                          "reporting",
                          "type1_reporting",
                          "quality_review",
                          "inclusive_coordination",
                          "inclusive_per_site",
                          "first_year_factor",
                          "recurring_share"}) {
      p.effort[k] = r.range(k, true).value_or(Range{});
    }
    // Optional, for policy files written before them: the inclusive method's travel, planning and
    // description.
    for (const char* k : {"inclusive_site_travel", "inclusive_planning", "inclusive_description"}) {
      p.effort[k] = r.range(k).value_or(Range{});
    }
    // Optional, for policy files written before it: without it, a later year's test design and
    // report draft are rolled forward at the same share as its walkthroughs.
    p.effort["rolled_forward_share"] =
        r.range("rolled_forward_share").value_or(p.effort["recurring_share"]);
    p.systems_at_full_rate =
        static_cast<double>(r.integer("systems_at_full_rate", 1, 100000, true).value_or(20));
    p.beyond_share = r.number("beyond_share", 0, 1, true).value_or(0.25);
    p.systems_per_configuration =
        static_cast<double>(r.integer("systems_per_configuration", 1, 1000, true).value_or(4));
    p.max_configurations =
        static_cast<double>(r.integer("max_configurations", 1, 1000, true).value_or(8));
    p.maturity_factor = r.ranges_by_maturity("maturity_factor");
    if (const auto* cats = r.table("category")) {
      for (const auto& [key, node] : *cats) {
        const std::string name{key.str()};
        const auto category = parse_category(name);
        if (!category) {
          r.bad_word("category", name, names_of_category(),
                     location_of(key.source(), file.source_name));
          continue;
        }
        if (!node.is_table()) {
          diags.error("[effort.category." + name + "] must be a table",
                      location_of(key.source(), file.source_name));
          continue;
        }
        TableReader c(*node.as_table(), "[effort.category." + name + "]", file.source_name, diags);
        CategoryWork work;
        work.label = c.string("label", true).value_or(name);
        work.hours = c.range("hours", true).value_or(Range{});
        c.check_unknown_keys();
        p.category_work[*category] = std::move(work);
      }
    }
    r.check_unknown_keys();
  } else {
    diags.error("the sampling policy has no [effort] table", top.where());
  }
}

/// [inclusive]: an inclusive vendor's staff, its site visits and the populations that stand for
/// its own.
void read_inclusive(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* t = top.table("inclusive")) {
    TableReader r(*t, "[inclusive]", file.source_name, diags);
    p.inclusive.source = r.string("source", true).value_or("");
    p.inclusive.provider_staff =
        static_cast<double>(r.integer("provider_staff", 1, 1000000, true).value_or(10));
    p.inclusive.site_visits =
        static_cast<double>(r.integer("site_visits", 0, 100, true).value_or(1));
    if (const auto* pops = r.table("populations")) {
      for (const auto& [key, node] : *pops) {
        const std::string from{key.str()};
        const auto to = node.value<std::string>();
        if (!to) {
          diags.error("[inclusive] populations." + from + " must name a population",
                      location_of(node.source(), file.source_name));
        } else if (!p.populations.count(from) || !p.populations.count(*to)) {
          diags.error("[inclusive] populations." + from + " = \"" + *to +
                          "\": both must be [population.*] tables of the policy",
                      location_of(node.source(), file.source_name));
        } else {
          p.inclusive.populations[from] = *to;
        }
      }
    }
    r.check_unknown_keys();
  }
}

/// [size], which a policy must have: audit days by headcount.
void read_size(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* t = top.table("size")) {
    TableReader r(*t, "[size]", file.source_name, diags);
    p.size_source = r.string("source", true).value_or("");
    p.beyond_step_days = r.number("beyond_step_days", 0, 100).value_or(p.beyond_step_days);
    p.beyond_band_growth = r.number("beyond_band_growth", 1.01, 10).value_or(p.beyond_band_growth);
    p.size_reference_days = r.number("reference_days", 0.1, 1000, true).value_or(1);
    if (const auto* arr = t->get_as<toml::array>("days")) {
      double last = -1;
      for (const auto& band : *arr) {
        const auto* pair = band.as_array();
        if (pair && pair->size() == 2 && pair->get(0)->is_number() && pair->get(1)->is_number() &&
            pair->get(0)->value<double>().value_or(0) > last &&
            pair->get(1)->value<double>().value_or(0) > 0) {
          last = pair->get(0)->value<double>().value_or(0);
          p.size_days.emplace_back(last, pair->get(1)->value<double>().value_or(0));
        } else {
          diags.error(
              "days bands must be [largest headcount, audit days], headcounts rising and days "
              "above 0",
              location_of(band.source(), file.source_name));
        }
      }
      if (p.size_days.empty()) diags.error("[size] days lists no band", r.where("days"));
    } else {
      diags.error("[size] needs days = [[largest headcount, audit days], ...]", r.where());
    }
    r.check_unknown_keys({"days"});
  } else {
    diags.error("the sampling policy has no [size] table", top.where());
  }
}

/// [client], which a policy must have: the client's hours.
void read_client(TableReader& top, const DataFile& file, Diagnostics& diags, Policy& p) {
  if (const auto* t = top.table("client")) {
    TableReader r(*t, "[client]", file.source_name, diags);
    p.client_source = r.string("source", true).value_or("");
    for (const char* k : {"evidence_per_sample", "walkthrough_per_control"}) {
      p.client[k] = r.range(k, true).value_or(Range{});
    }
    p.readiness = r.ranges_by_maturity("readiness");
    r.check_unknown_keys();
  } else {
    diags.error("the sampling policy has no [client] table", top.where());
  }
}

}  // namespace

std::optional<Policy> parse_policy(const DataFile& file, Diagnostics& diags) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "sampling policy", diags);
  if (!root) return std::nullopt;
  Policy p;
  TableReader top(*root, "the sampling policy", file.source_name, diags);
  if (!top.format_version("attestplan-sampling", 1)) return std::nullopt;
  p.name = top.string("policy", true).value_or("");
  top.string("title");
  read_frequencies(top, file, diags, p);
  if (const auto* t = top.table("automated")) {
    TableReader r(*t, "[automated]", file.source_name, diags);
    p.automated = r.range("samples", true).value_or(Range::exactly(1));
    p.automated_source = r.string("source", true).value_or("");
    r.check_unknown_keys();
  }
  if (const auto* t = top.table("type1")) {
    TableReader r(*t, "[type1]", file.source_name, diags);
    p.type1 = r.range("samples", true).value_or(Range::exactly(1));
    p.type1_source = r.string("source", true).value_or("");
    r.check_unknown_keys();
  }
  read_event_driven(top, file, diags, p);
  read_populations(top, file, diags, p);
  read_effort(top, file, diags, p);
  read_inclusive(top, file, diags, p);
  if (const auto* t = top.table("strata")) {
    TableReader r(*t, "[strata]", file.source_name, diags);
    p.strata_source = r.string("source", true).value_or("");
    p.systems_per_process =
        static_cast<double>(r.integer("systems_per_process", 1, 100000, true).value_or(5));
    p.max_default_strata =
        static_cast<double>(r.integer("max_default_strata", 1, 100000, true).value_or(20));
    r.check_unknown_keys();
  }
  read_size(top, file, diags, p);
  read_client(top, file, diags, p);
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return p;
}

}  // namespace sampling_effort

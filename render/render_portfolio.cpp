// The portfolio (render_firm.hpp): table, CSV, JSON, and the staff load as an SVG heat map.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "attestplan/format.hpp"
#include "attestplan/render.hpp"
#include "attestplan/render_firm.hpp"

namespace attestplan {

namespace {

std::string whole(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string risk_text(const std::optional<double>& r) {
  if (!r) return "no renewal";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", *r * 100);
  return buf;
}

}  // namespace

std::string render_portfolio_table(const Portfolio& p, std::size_t width) {
  std::string out = "Portfolio: " + std::to_string(p.engagements.size()) + " engagement(s)";
  if (p.failed) out += ", " + std::to_string(p.failed) + " not priced";
  out += "\n\n";
  TextTable t({"ENGAGEMENT", "REPORT", "HOURS P10 / P50 / P90", "FEE P10 / P50 / P90",
               "REPORT IN HAND (P50)", "RISK OF MISSING RENEWAL"});
  for (const auto& e : p.engagements) {
    if (!e.ok) {
      t.add_row({e.name, "not priced: " + e.error, "", "", "", ""});
      continue;
    }
    t.add_row({e.name, e.report,
               whole(e.hours.p10) + " / " + whole(e.hours.p50) + " / " + whole(e.hours.p90),
               e.currency + " " + format_money(e.fee.p10) + " / " + format_money(e.fee.p50) +
                   " / " + format_money(e.fee.p90),
               e.report_date ? e.report_date->to_string() : "", risk_text(e.risk)});
  }
  out += t.render("  ", width) + "\n";
  const auto& load = p.load;
  std::size_t over = static_cast<std::size_t>(std::count(load.over.begin(), load.over.end(), true));
  out += "Staff load by week (auditor hours, likely plan)";
  if (!load.capacity.empty()) {
    out += "; capacity:";
    for (const auto& [level, h] : load.capacity) out += " " + level + " " + whole(h);
    out += "; " + std::to_string(over) + " week(s) over capacity, marked !";
  } else {
    out += "; no [capacity] in the profile, so no week is flagged";
  }
  out += "\n";
  std::vector<std::string> headers{"WEEK"};
  for (const auto& l : load.levels) headers.push_back(l);
  headers.push_back("TOTAL");
  headers.push_back("ENGAGEMENTS");
  TextTable w(headers);
  for (std::size_t k = 0; k < load.weeks.size(); ++k) {
    double total = 0;
    for (const double h : load.hours[k]) total += h;
    if (total <= 0) continue;
    std::vector<std::string> row{load.weeks[k].to_string() + (load.over[k] ? " !" : "")};
    for (std::size_t l = 0; l < load.levels.size(); ++l) {
      std::string cell = whole(load.hours[k][l]);
      const auto cap = load.capacity.find(load.levels[l]);
      if (cap != load.capacity.end() && load.hours[k][l] > cap->second + 1e-9) cell += " !";
      row.push_back(cell);
    }
    row.push_back(whole(total));
    row.push_back(std::to_string(load.engagements[k].size()));
    w.add_row(std::move(row));
  }
  out += w.render("  ", width);
  return fit_lines(out, width);
}

std::string render_portfolio_csv(const Portfolio& p) {
  std::string out =
      "file,engagement,report,hours_p10,hours_p50,hours_p90,currency,fee_p10,fee_p50,fee_p90,"
      "report_in_hand_p50,risk_of_missing_renewal,error\n";
  for (const auto& e : p.engagements) {
    char nums[256] = "";
    if (e.ok) {
      std::snprintf(nums, sizeof nums, "%.1f,%.1f,%.1f,%s,%.0f,%.0f,%.0f", e.hours.p10, e.hours.p50,
                    e.hours.p90, e.currency.c_str(), e.fee.p10, e.fee.p50, e.fee.p90);
    } else {
      std::snprintf(nums, sizeof nums, ",,,,,,");
    }
    char risk[32] = "";
    if (e.risk) std::snprintf(risk, sizeof risk, "%.3f", *e.risk);
    out += csv_field(e.file) + "," + csv_field(e.name) + "," + csv_field(e.report) + "," + nums +
           "," + (e.report_date ? e.report_date->to_string() : "") + "," + risk + "," +
           csv_field(e.error) + "\n";
  }
  return out;
}

std::string render_portfolio_json(const Portfolio& p) {
  nlohmann::json out;
  out["schema_version"] = kJsonSchemaVersion;
  auto& rows = out["engagements"] = nlohmann::json::array();
  for (const auto& e : p.engagements) {
    nlohmann::json j = {{"file", e.file}, {"name", e.name}, {"priced", e.ok}};
    if (!e.ok) {
      j["error"] = e.error;
    } else {
      j["report"] = e.report;
      j["hours"] = {{"p10", e.hours.p10}, {"p50", e.hours.p50}, {"p90", e.hours.p90}};
      j["fee"] = {
          {"p10", e.fee.p10}, {"p50", e.fee.p50}, {"p90", e.fee.p90}, {"currency", e.currency}};
      j["report_in_hand_p50"] =
          e.report_date ? nlohmann::json(e.report_date->to_string()) : nlohmann::json();
      j["risk_of_missing_renewal"] = e.risk ? nlohmann::json(*e.risk) : nlohmann::json();
      j["level_hours"] = e.level_hours;
    }
    rows.push_back(std::move(j));
  }
  auto& load = out["staff_load"];
  load["levels"] = p.load.levels;
  load["capacity"] = p.load.capacity;
  auto& weeks = load["weeks"] = nlohmann::json::array();
  for (std::size_t k = 0; k < p.load.weeks.size(); ++k) {
    nlohmann::json hours = nlohmann::json::object();
    for (std::size_t l = 0; l < p.load.levels.size(); ++l)
      hours[p.load.levels[l]] = p.load.hours[k][l];
    weeks.push_back({{"week", p.load.weeks[k].to_string()},
                     {"hours", std::move(hours)},
                     {"engagements", p.load.engagements[k]},
                     {"over_capacity", static_cast<bool>(p.load.over[k])}});
  }
  out["failed"] = p.failed;
  return out.dump(2) + "\n";
}

std::string render_staff_load_svg(const StaffLoad& load) {
  constexpr int kCell = 14, kLeft = 90, kTop = 30, kLegend = 40;
  const int width = kLeft + static_cast<int>(load.weeks.size()) * kCell + 20;
  const int height = kTop + static_cast<int>(load.levels.size()) * kCell + kLegend;
  double peak = 0;
  for (const auto& week : load.hours) {
    for (const double h : week) peak = std::max(peak, h);
  }
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) +
                    "\" font-family=\"sans-serif\" font-size=\"10\" role=\"img\">\n";
  out += "<title>Staff load by week and level (auditor hours)</title>\n";
  for (std::size_t l = 0; l < load.levels.size(); ++l) {
    out += "<text x=\"4\" y=\"" + std::to_string(kTop + static_cast<int>(l) * kCell + 10) + "\">" +
           escape_html(load.levels[l]) + "</text>\n";
  }
  for (std::size_t w = 0; w < load.weeks.size(); ++w) {
    const int x = kLeft + static_cast<int>(w) * kCell;
    if (w % 4 == 0) {
      out += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(kTop - 6) +
             "\" font-size=\"8\">" + load.weeks[w].to_string().substr(2) + "</text>\n";
    }
    for (std::size_t l = 0; l < load.levels.size(); ++l) {
      const double h = load.hours[w][l];
      const double shade = peak > 0 ? h / peak : 0;
      const int light = static_cast<int>(std::lround(255 - shade * 200));
      const auto cap = load.capacity.find(load.levels[l]);
      const bool over = cap != load.capacity.end() && h > cap->second + 1e-9;
      char rect[320];
      std::snprintf(rect, sizeof rect,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    "fill=\"rgb(%d,%d,255)\"%s><title>%s %s: %.0f h%s</title></rect>\n",
                    x, kTop + static_cast<int>(l) * kCell, kCell - 1, kCell - 1, light, light,
                    over ? " stroke=\"#d00\" stroke-width=\"2\" class=\"over\"" : "",
                    load.weeks[w].to_string().c_str(), escape_html(load.levels[l]).c_str(), h,
                    over ? " (over capacity)" : "");
      out += rect;
    }
  }
  out += "<text x=\"4\" y=\"" + std::to_string(height - 12) + "\">Darker: more hours (peak " +
         whole(peak) + " h a week). Red outline: over the profile's [capacity].</text>\n</svg>\n";
  return out;
}

}  // namespace attestplan

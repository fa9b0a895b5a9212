// Writes N varied engagement models into a folder, for `attestplan portfolio` at a firm's scale:
// the models calibrate builds from summary columns (summary_model_toml), with shapes drawn from a
// fixed seed and start dates spread over a year so that fieldwork collides in some weeks.
// Usage: attestplan-gen-portfolio N DIR
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "attestplan/calibration.hpp"
#include "attestplan/date.hpp"

int main(int argc, char** argv) {
  using namespace attestplan;
  if (argc != 3) {
    std::fprintf(stderr, "usage: attestplan-gen-portfolio N DIR\n");
    return 2;
  }
  const long n = std::strtol(argv[1], nullptr, 10);
  const std::filesystem::path dir{argv[2]};
  std::filesystem::create_directories(dir);
  std::mt19937_64 rng(500);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Category optional[] = {Category::Availability, Category::Confidentiality,
                               Category::ProcessingIntegrity, Category::Privacy};
  const Maturity maturities[] = {Maturity::None, Maturity::Partial, Maturity::Documented,
                                 Maturity::Operating};
  const auto first_start = *Date::parse("2027-01-04");
  for (long i = 0; i < n; ++i) {
    EngagementSummary s;
    s.id = "Client " + std::to_string(i + 1);
    s.report =
        pick(0, 3) == 0 ? Report{"soc2", ReportType::Type1} : Report{"soc2", ReportType::Type2};
    s.months = pick(0, 1) ? 6 : 12;
    s.categories = {Category::Security};
    for (const auto c : optional) {
      if (pick(0, 2) == 0) s.categories.push_back(c);
    }
    s.employees = pick(10, 800);
    s.systems = pick(2, 40);
    s.vendors = std::min(s.systems, pick(0, 4));
    s.first_year = pick(0, 1) == 0;
    s.maturity = maturities[pick(0, 3)];
    std::string text = summary_model_toml(s);
    const std::string start = "start = \"2027-01-04\"";
    const auto at = text.find(start);
    const auto date = first_start.plus_days(7L * pick(0, 51)).to_string();
    text.replace(at, start.size(),
                 "start = \"" + date + "\"\nrenewal_dates = [\"" +
                     first_start.plus_days(7L * pick(40, 90)).to_string() + "\"]");
    char name[32];
    std::snprintf(name, sizeof name, "client-%04ld.toml", i + 1);
    std::ofstream(dir / name, std::ios::binary) << text;
  }
  return 0;
}

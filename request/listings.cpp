// The request layer's listings (request.hpp): the criteria catalog, the plugins and diagnostics
// as the CLI and the server write them, the built-in examples listed, and the files a firm command
// reads besides its input.
#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attestplan/calibration.hpp"
#include "attestplan/data.hpp"
#include "attestplan/portfolio.hpp"
#include "attestplan/profile.hpp"
#include "attestplan/render.hpp"
#include "attestplan/request.hpp"
#include "attestplan/vendors.hpp"

namespace attestplan {

namespace {

/// The first sentence of a model's opening comment: what `attestplan examples` says of it.
std::string example_summary(std::string_view text) {
  // The opening comment, up to the end of its first sentence.
  std::string comment;
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos + 1, end - pos - 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    comment += (comment.empty() ? "" : " ") + std::string{line};
    pos = end + 1;
  }
  const auto stop = comment.find(". ");
  return stop == std::string::npos ? comment : comment.substr(0, stop + 1);
}

}  // namespace

// The CLI and the server name a profile by the request layer's constant; the firm layer reads it
// by its own. They are one name.
static_assert(kProfileDataFile == kProfileOverride);

std::string criteria_output(const CriteriaCatalog& catalog, Format format, std::size_t width) {
  return format == Format::Json ? render_criteria_json(catalog)
                                : render_criteria_table(catalog, width);
}

std::string vendors_output(Format format, std::string_view today, std::size_t width) {
  const auto& library = VendorLibrary::builtin();
  if (format == Format::OscalComponents)
    return render_oscal_vendor_library(library, CriteriaCatalog::builtin(), today,
                                       ATTESTPLAN_VERSION);
  TextTable t({"ID", "NAME", "REPORT", "METHOD", "REPORTS EVERY", "COVERS"});
  for (const auto& v : library.all()) {
    std::string covers;
    for (const auto& c : v.covers) covers += (covers.empty() ? "" : ", ") + c;
    t.add_row({v.id, v.name, to_string(v.report), to_string(v.method),
               std::to_string(v.report_cycle_months) + " months", covers});
  }
  return "The vendor library: what a [[subservice]] with vendor = \"ID\" takes by default "
         "(docs/sources.md, \"Vendor library\")\n" +
         t.render("  ", width);
}

std::string plugins_output(const PluginHost& host, const PluginSearch& search, Format format,
                           std::size_t width) {
  switch (format) {
    case Format::Json:
      return render_plugins_json(host, search);
    case Format::Markdown:
      return render_plugins_markdown(host);
    default:
      return render_plugins_table(host, search, width);
  }
}

std::string examples_output(std::size_t width) {
  std::vector<std::pair<std::string, std::string>> found;
  std::size_t widest = 0;
  for (const auto& n : embedded_data_names()) {
    if (n.rfind("examples/", 0) != 0) continue;
    found.emplace_back(n.substr(9, n.size() - 9 - 5),
                       example_summary(embedded_data(n).value_or("")));
    widest = std::max(widest, found.back().first.size());
  }
  std::string out = "Built-in example models:\n";
  for (const auto& [example, summary] : found) {
    out += "  " + example + std::string(widest - example.size() + 2, ' ') + summary + "\n";
  }
  out += "\nUse one as builtin:examples/NAME.toml (attestplan estimate builtin:examples/" +
         (found.empty() ? std::string{"NAME"} : found.front().first) +
         ".toml), or start your own from it: attestplan examples NAME -o my-model.toml\n";
  return fit_lines(out, width);
}

std::string proposal_content_security_policy() { return kContentSecurityPolicy; }

std::string diagnostics_json(const Diagnostics& diags) { return render_diagnostics_json(diags); }

std::vector<std::filesystem::path> history_model_files(const DataFile& history,
                                                       const std::filesystem::path& base_dir) {
  Diagnostics quiet;  // a malformed history is reported when Engine::calibrate reads it to fit
  std::vector<std::filesystem::path> files;
  for (const auto& cell : history_model_cells(history, quiet))
    files.push_back(base_dir / cell.model);
  return files;
}

std::vector<std::filesystem::path> portfolio_models(const std::filesystem::path& input,
                                                    Diagnostics& diags) {
  return portfolio_inputs(input, diags);
}

}  // namespace attestplan

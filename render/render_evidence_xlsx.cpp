// The evidence request list as an XLSX workbook (libxlsxwriter): what clients and auditors pass
// around. The same rows as the CSV; numbers as numbers; the header frozen with a filter; the status
// a drop-down a client keeps up to date.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

#include "attestplan/render.hpp"

namespace attestplan {

namespace {

/// The statuses a request moves through, offered as the status column's drop-down.
const char* kStatuses[] = {"open", "requested", "received", "accepted", "exception", nullptr};

/// Columns written as numbers when they hold one, and as dates.
/// A cell's text as Excel holds it: at most 32,767 characters (libxlsxwriter writes nothing for a
/// longer one). A longer text is cut on a character boundary and says so, and where the whole is.
std::string fitting_cell(const std::string& text) {
  constexpr std::size_t kMax = 32767;
  if (text.size() <= kMax) return text;
  const std::string tail = " … [cut here: the whole text is in the CSV list, evidence -f csv]";
  std::size_t cut = kMax - tail.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a character
  return text.substr(0, cut) + tail;
}

bool numeric_column(const std::string& name) {
  return name == "population_count" || name == "samples";
}
bool date_column(const std::string& name) {
  return name == "period_start" || name == "period_end" || name == "due";
}

double column_width(const std::string& name) {
  if (name == "control" || name == "evidence") return 48;
  if (name == "evidence_category" || name == "owner_role" || name == "performed_by" ||
      name == "visit")
    return 20;
  if (name == "criteria" || name == "control_id") return 22;
  if (name == "period_start" || name == "period_end") return 11;
  if (name == "due") return 14;
  return 12;
}

/// A file in the temporary folder that is removed when this goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "attestplan-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot make a temporary file for the workbook");
    ::close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::string render_evidence_xlsx(const Model& model, const EstimateResult& result,
                                 EvidenceCopy copy, const Combination* combined) {
  const auto rows = evidence_rows(model, result, copy, combined);
  const TempFile file;
  lxw_workbook* book = workbook_new(file.path().c_str());
  if (!book) throw std::runtime_error("libxlsxwriter could not start a workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Evidence requests");
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bg_color(header, 0xDBEAFE);
  lxw_format* wrap = workbook_add_format(book);
  format_set_text_wrap(wrap);
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  std::vector<std::string> names;
  for (const auto& c : evidence_columns(copy)) names.emplace_back(c.key);
  // A combined engagement's list has the reports each request serves after the criteria.
  if (!rows.empty() && rows.front().size() > names.size())
    names.insert(names.begin() + 4, "reports");
  const auto columns = static_cast<lxw_col_t>(names.size());
  for (lxw_col_t c = 0; c < columns; ++c) {
    worksheet_set_column(sheet, c, c, column_width(names[c]),
                         names[c] == "control" || names[c] == "evidence" ? wrap : nullptr);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r);
    for (lxw_col_t c = 0; c < columns && c < rows[r].size(); ++c) {
      const auto& cell = rows[r][c];
      if (r == 0) {
        worksheet_write_string(sheet, row, c, cell.c_str(), header);
      } else if (numeric_column(names[c]) && !cell.empty()) {
        worksheet_write_number(sheet, row, c, std::strtod(cell.c_str(), nullptr), nullptr);
      } else if (const auto d = date_column(names[c]) ? Date::parse(cell) : std::nullopt) {
        // A real date, so the client can sort and filter by it.
        const auto ymd = d->ymd();
        lxw_datetime when{static_cast<int>(ymd.year()),
                          static_cast<int>(static_cast<unsigned>(ymd.month())),
                          static_cast<int>(static_cast<unsigned>(ymd.day())),
                          0,
                          0,
                          0.0};
        worksheet_write_datetime(sheet, row, c, &when, date);
      } else if (!cell.empty()) {
        worksheet_write_string(sheet, row, c, fitting_cell(cell).c_str(), nullptr);
      }
    }
  }
  worksheet_freeze_panes(sheet, 1, 0);
  // Print setup: landscape, every column on one page's width, the header on every page.
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, 0, 0);
  // The printed header names the organization (an ampersand doubled, as Excel's header codes use
  // it) and marks the firm's working copy, which states the samples, as internal. At most 60 bytes
  // of the name, cut on a character boundary: the header's codes have a length limit.
  std::string_view name = model.organization.name;
  if (name.size() > 60) {
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name = name.substr(0, cut);
  }
  std::string org;
  for (const char ch : name) org += ch == '&' ? std::string{"&&"} : std::string(1, ch);
  const std::string print_header =
      "&L&\"-,Bold\"Evidence requests: " + org +
      (copy == EvidenceCopy::Internal
           ? "&C&\"-,Bold\"INTERNAL: the firm's working copy, not for the client"
           : "") +
      "&RPage &P of &N";
  worksheet_set_header(sheet, print_header.c_str());
  const auto last_row = static_cast<lxw_row_t>(rows.size() - 1);
  worksheet_autofilter(sheet, 0, 0, last_row, static_cast<lxw_col_t>(columns - 1));
  for (lxw_col_t c = 0; c < columns; ++c) {
    if (names[c] != "status" || last_row == 0) continue;
    lxw_data_validation status{};
    status.validate = LXW_VALIDATION_TYPE_LIST;
    status.value_list =
        const_cast<char**>(kStatuses);  // read only; the C API's type lacks the const
    worksheet_data_validation_range(sheet, 1, c, last_row, c, &status);
  }
  if (const lxw_error err = workbook_close(book); err != LXW_NO_ERROR) {
    throw std::runtime_error(std::string{"libxlsxwriter could not write the workbook: "} +
                             lxw_strerror(err));
  }
  std::ifstream in(file.path(), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace attestplan

// import csv: an asset register (CISO Assistant's asset columns plus attestplan's own) into a model
// overlay, every problem named by file and line.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "attestplan/data.hpp"
#include "attestplan/import.hpp"
#include "attestplan/vendors.hpp"

namespace attestplan {

namespace {

/// The columns read: CISO Assistant's asset fields (its data wizard's names; `name` is the one it
/// requires) and attestplan's own, each optional but `name`.
const std::vector<std::string> kColumns{"ref_id",        "name",           "description", "type",
                                        "parent_assets", "kind",           "uses",        "runs_on",
                                        "provided_by",   "classification", "owner",       "site"};

/// A header as a column name: CISO Assistant's CSV export labels its columns ("Ref ID", "Parent
/// assets"), its wizard template and CLI samples name them (`ref_id`, `parent_assets`); both are
/// read, case and spaces aside.
std::string column_of(std::string_view header) {
  std::string key;
  for (const char ch : header) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c))
      key += static_cast<char>(std::tolower(c));
    else if (!key.empty() && key.back() != '_')
      key += '_';
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  static const std::map<std::string, std::string, std::less<>> kSynonyms{
      {"refid", "ref_id"},
      {"reference_id", "ref_id"},
      {"ref", "ref_id"},
      {"parent_asset", "parent_assets"},
      {"parents", "parent_assets"},
      {"asset_type", "type"},
      {"runs_on_assets", "runs_on"},
      {"provider", "provided_by"},
      {"classifications", "classification"}};
  if (const auto it = kSynonyms.find(key); it != kSynonyms.end()) return it->second;
  return key;
}

/// The delimiter of a register: the one of ',', ';' and tab that the header row holds most of,
/// outside quotes (a spreadsheet in a locale with a decimal comma saves with ';').
char delimiter_of(std::string_view text) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (const char ch : text) {
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == '\n') break;
    commas += ch == ',';
    semicolons += ch == ';';
    tabs += ch == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

/// UTF-16 text with its byte-order mark (Excel's "Unicode text") as UTF-8; nullopt when the text
/// has no UTF-16 mark. An unpaired surrogate becomes U+FFFD.
std::optional<std::string> from_utf16(std::string_view bytes) {
  if (bytes.size() < 2) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
  const bool little = b0 == 0xFF && b1 == 0xFE, big = b0 == 0xFE && b1 == 0xFF;
  if (!little && !big) return std::nullopt;
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[i]),
               hi = static_cast<unsigned char>(bytes[i + 1]);
    return little ? (hi << 8 | lo) : (lo << 8 | hi);
  };
  auto put = [&](std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    std::uint32_t u = unit(i);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < bytes.size()) {
      const auto next = unit(i + 2);
      if (next >= 0xDC00 && next < 0xE000) {
        put(0x10000 + ((u - 0xD800) << 10) + (next - 0xDC00));
        i += 2;
        continue;
      }
    }
    put(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  return out;
}

struct Record {
  std::vector<std::string> fields;
  std::uint32_t line = 0;  ///< where the record starts
};

/// Splits RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. Returns
/// false with an error for a quote left open.
bool split_records(std::string_view text, char delimiter, const std::string& file,
                   std::vector<Record>& out, Diagnostics& diags) {
  std::uint32_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    Record r;
    r.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      if (i < text.size() && text[i] == '"') {
        const auto opened = line;
        ++i;
        for (;;) {
          if (i >= text.size()) {
            diags.error("a quoted field opened on this line is never closed",
                        SourceLocation{file, opened, 0},
                        "a quote inside a quoted field is written twice (\"\")");
            return false;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
      }
      while (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
        field += text[i++];
      r.fields.push_back(std::move(field));
      field.clear();
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == delimiter) {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = r.fields.size() == 1 && r.fields[0].empty();
    if (!blank) out.push_back(std::move(r));
  }
  return true;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string{s};
}

/// A list cell: values separated by ',' or '|' (CISO Assistant accepts both), or line breaks.
std::vector<std::string> list_of(std::string_view cell) {
  std::vector<std::string> out;
  std::string cur;
  for (const char ch : cell) {
    if (ch == ',' || ch == '|' || ch == '\n' || ch == '\r') {
      if (auto t = trim(cur); !t.empty()) out.push_back(std::move(t));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (auto t = trim(cur); !t.empty()) out.push_back(std::move(t));
  return out;
}

/// The register's header row: the columns attestplan reads, where they are. nullopt when a column
/// is missing or named twice (said at line 1); the columns not read are noted once.
struct Header {
  std::map<std::string, std::size_t> column;
  std::size_t width = 0;  ///< fields a row has
  /// The trimmed value of column `col` in `r` ("" when the register has no such column).
  [[nodiscard]] std::string cell(const Record& r, const std::string& col) const {
    const auto it = column.find(col);
    return it == column.end() ? std::string{} : trim(r.fields[it->second]);
  }
};

std::optional<Header> read_header(const Record& head, const std::string& name, Diagnostics& diags) {
  Header out;
  auto& column = out.column;
  std::vector<std::string> unread;
  for (std::size_t i = 0; i < head.fields.size(); ++i) {
    const auto h = trim(head.fields[i]);
    if (h.empty()) continue;
    const auto key = column_of(h);
    if (std::find(kColumns.begin(), kColumns.end(), key) == kColumns.end()) {
      unread.push_back(h);
    } else if (!column.emplace(key, i).second) {
      diags.error("two columns are '" + key + "' ('" + h + "' and another)",
                  SourceLocation{name, 1, 0}, "keep one of them");
    }
  }
  if (!column.count("name")) {
    diags.error(
        "missing column 'name' in the header", SourceLocation{name, 1, 0},
        "an asset register has CISO Assistant's columns (name, and ref_id, description, type, "
        "parent_assets as it "
        "has them) and may add kind, uses, runs_on, provided_by, classification, owner, site");
    return std::nullopt;
  }
  if (diags.has_errors()) return std::nullopt;
  if (!unread.empty()) {
    // Said once, so that a column that matters is not dropped without a word.
    diags.note(std::to_string(unread.size()) +
                   " column(s) attestplan does not read: " + join_names(unread),
               SourceLocation{name, 1, 0},
               "the columns read: ref_id, name, description, type, parent_assets, kind, uses, "
               "runs_on, provided_by, "
               "classification, owner, site");
  }
  out.width = head.fields.size();
  return out;
}

/// A row of the register with what it says of the others (uses, runs on, parent assets), its
/// line and its own key (ref_id, else name).
struct Row {
  ImportedComponent c;
  std::uint32_t line;
  std::string ref;
  std::vector<std::string> uses, runs_on, parents;
};

/// One asset row; nullopt when it is wrong (said at its line). `ids` holds the ids given so far
/// (with their lines); a vendor it names is added to `vendors` once.
std::optional<Row> read_row(const Record& rec, const Header& header, const std::string& name,
                            std::unordered_map<std::string, std::uint32_t>& ids,
                            std::vector<ImportedSubservice>& vendors, Diagnostics& diags) {
  const auto& lib = VendorLibrary::builtin();
  const SourceLocation at{name, rec.line, 0};
  if (rec.fields.size() != header.width) {
    diags.error("this row has " + std::to_string(rec.fields.size()) + " fields, and the header " +
                    std::to_string(header.width),
                at, "quote a value that holds a comma: \"a, b\"");
    return std::nullopt;
  }
  Row row;
  row.line = rec.line;
  auto& c = row.c;
  c.name = header.cell(rec, "name");
  if (c.name.empty()) {
    diags.error("the row has no name", at, "CISO Assistant requires a name for every asset");
    return std::nullopt;
  }
  const auto ref = header.cell(rec, "ref_id");
  c.id = slug_of(ref.empty() ? c.name : ref);
  if (c.id.empty()) {
    diags.error(
        "'" + (ref.empty() ? c.name : ref) + "' gives no usable id (it needs a letter or digit)",
        at);
    return std::nullopt;
  }
  if (c.id.size() > 128) {
    diags.error(std::string{ref.empty() ? "the name" : "ref_id"} + " gives an id of " +
                    std::to_string(c.id.size()) + " characters, and an id has at most 128",
                at, "give the row a shorter ref_id");
    return std::nullopt;
  }
  if (const auto [it, inserted] = ids.emplace(c.id, rec.line); !inserted) {
    diags.error(
        "id '" + c.id + "' is also the id of the asset on line " + std::to_string(it->second), at,
        "ref_id values (or names, when ref_id is empty) must differ");
    return std::nullopt;
  }
  c.description = header.cell(rec, "description");
  if (const auto owner = header.cell(rec, "owner"); !owner.empty()) {
    c.description += (c.description.empty() ? "" : " ") + std::string{"(owner: "} + owner + ")";
  }
  // CISO Assistant writes the type as PR or SP, or in words (Primary, Support, Supporting); an
  // asset without one is supporting, as it takes it.
  std::string type = header.cell(rec, "type");
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  bool primary = false;
  if (type == "pr" || type == "primary") {
    primary = true;
  } else if (!(type.empty() || type == "sp" || type == "support" || type == "supporting")) {
    diags.error(
        "type '" + header.cell(rec, "type") + "' is neither PR (primary) nor SP (supporting)", at,
        "CISO Assistant's asset types are PR (Primary) and SP (Support)");
    return std::nullopt;
  }
  if (const auto kind = header.cell(rec, "kind"); !kind.empty()) {
    if (const auto parsed = parse_component_kind(kind)) {
      c.kind = *parsed;
    } else {
      const auto guess = diags.suggest(kind, names_of_component_kind());
      diags.error("kind '" + kind + "' is not a component kind", at,
                  guess.empty() ? "infrastructure, software, data, people, procedure or facility"
                                : "did you mean '" + guess + "'?");
      return std::nullopt;
    }
  } else {
    // Without a kind: a primary asset is information (data), a supporting one software
    // (judgement).
    c.kind = primary ? ComponentKind::Data : ComponentKind::Software;
  }
  c.site = header.cell(rec, "site");
  if (c.kind == ComponentKind::Facility && !parse_site(c.site)) {
    diags.error("facility '" + c.id + "' needs a site: office, data-centre or colocation", at);
    return std::nullopt;
  }
  if (c.kind != ComponentKind::Facility && !c.site.empty()) {
    diags.error("site applies to facility rows, and '" + c.id + "' is " + to_string(c.kind), at);
    return std::nullopt;
  }
  bool bad = false;
  for (const auto& cl : list_of(header.cell(rec, "classification"))) {
    const auto& known = known_classifications();
    if (std::find(known.begin(), known.end(), cl) == known.end()) {
      const auto guess = diags.suggest(cl, known);
      diags.error("classification '" + cl + "' is not one attestplan knows", at,
                  guess.empty() ? "" : "did you mean '" + guess + "'?");
      bad = true;
    } else {
      c.classification.push_back(cl);
    }
  }
  if (const auto vendor = header.cell(rec, "provided_by"); !vendor.empty()) {
    const auto* v = lib.find(slug_of(vendor));
    const auto vid = v ? v->id : slug_of(vendor);
    if (vid.empty() || vid.size() > 128) {
      diags.error(
          "provided_by '" + vendor + "' gives no usable vendor id (letters or digits, at most 128)",
          at);
      return std::nullopt;
    }
    c.provided_by = vid;
    if (std::none_of(vendors.begin(), vendors.end(),
                     [&](const ImportedSubservice& s) { return s.id == vid; })) {
      vendors.push_back({vid, v ? v->id : "", vendor});
    }
  }
  if (bad) return std::nullopt;
  row.ref = ref;
  row.uses = list_of(header.cell(rec, "uses"));
  row.runs_on = list_of(header.cell(rec, "runs_on"));
  row.parents = list_of(header.cell(rec, "parent_assets"));
  c.source = name + ":" + std::to_string(rec.line) + (ref.empty() ? "" : " (" + ref + ")");
  return row;
}

}  // namespace

ImportResult import_csv(const std::filesystem::path& csv) {
  ImportResult result;
  auto& diags = result.diagnostics;
  auto file = csv == "-" ? read_standard_input("<stdin>", diags) : read_text_file(csv, diags);
  if (!file) return result;
  const std::string& name = file->source_name;
  if (auto utf8 = from_utf16(file->text)) file->text = std::move(*utf8);  // Excel's "Unicode text"
  if (const auto bad = first_invalid_utf8(file->text); bad != std::string_view::npos) {
    const auto line = static_cast<std::uint32_t>(
        1 + std::count(file->text.begin(), file->text.begin() + static_cast<std::ptrdiff_t>(bad),
                       '\n'));
    diags.error("the register is not UTF-8 text (byte " + std::to_string(bad) + ")",
                SourceLocation{name, line, 0}, "save the spreadsheet as CSV UTF-8");
    return result;
  }
  std::vector<Record> records;
  std::string_view text = file->text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    text.remove_prefix(3);  // a spreadsheet's byte-order mark
  if (!split_records(text, delimiter_of(text), name, records, diags)) return result;
  if (records.empty()) {
    diags.error(
        "the register is empty: no header row", SourceLocation{name, 1, 0},
        "the first row names the columns: ref_id, name, description, type, parent_assets, ...");
    return result;
  }
  const auto header = read_header(records[0], name, diags);
  if (!header) return result;
  std::vector<Row> rows;
  std::unordered_map<std::string, std::size_t> by_key;  // ref_id and name → row
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<ImportedSubservice> vendors;
  for (std::size_t k = 1; k < records.size(); ++k) {
    auto row = read_row(records[k], *header, name, ids, vendors, diags);
    if (!row) continue;
    by_key.emplace(row->ref.empty() ? row->c.name : row->ref, rows.size());
    by_key.emplace(row->c.name, rows.size());
    rows.push_back(std::move(*row));
  }
  // References name other rows, by ref_id (or by name).
  const auto resolve = [&](const Row& row, const std::string& what,
                           const std::string& ref) -> std::optional<std::size_t> {
    auto it = by_key.find(ref);
    if (it == by_key.end()) {
      const auto sl = slug_of(ref);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].c.id == sl) return i;
      }
      diags.error(
          what + " of '" + row.c.id + "' names '" + ref + "', which is no asset of the register",
          SourceLocation{name, row.line, 0},
          "name another row by its ref_id (or its name when it has none)");
      return std::nullopt;
    }
    return it->second;
  };
  std::set<std::pair<std::size_t, std::size_t>> parent_edges;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& row = rows[i];
    for (const auto& u : row.uses) {
      if (const auto t = resolve(row, "uses", u); t && *t != i) row.c.uses.push_back(rows[*t].c.id);
    }
    for (const auto& u : row.runs_on) {
      if (const auto t = resolve(row, "runs_on", u); t && *t != i)
        row.c.runs_on.push_back(rows[*t].c.id);
    }
    for (const auto& p : row.parents) {
      if (const auto t = resolve(row, "parent_assets", p); t && *t != i)
        parent_edges.emplace(*t, i);
    }
  }
  // A parent asset relies on its supporting assets: the parent uses the child.
  for (const auto& [parent, child] : parent_edges) {
    auto& uses = rows[parent].c.uses;
    const auto& id = rows[child].c.id;
    if (std::find(uses.begin(), uses.end(), id) == uses.end()) {
      if (rows[parent].c.kind == ComponentKind::People) {
        rows[parent].c.accesses.push_back(id);
      } else {
        uses.push_back(id);
      }
    }
  }
  for (auto& row : rows) {
    if (row.c.kind == ComponentKind::People && !row.c.uses.empty()) {
      // People reach systems through accesses; their uses are what they access.
      for (auto& u : row.c.uses) row.c.accesses.push_back(std::move(u));
      row.c.uses.clear();
    }
  }
  // A vendor becomes a subservice organization with its own id, which no asset may have.
  for (const auto& v : vendors) {
    if (const auto it = ids.find(v.id); it != ids.end()) {
      diags.error("provided_by names '" + v.name + "', whose id '" + v.id +
                      "' is also the id of the asset on line " + std::to_string(it->second),
                  SourceLocation{name, it->second, 0},
                  "give the asset another ref_id, or name the vendor differently");
    }
  }
  if (diags.has_errors()) return result;
  Overlay o;
  o.tool = "csv";
  o.input = name;
  for (auto& row : rows) o.components.push_back(std::move(row.c));
  // A library vendor takes the library's name; the register's spelling was for the messages.
  for (auto& v : vendors)
    if (!v.vendor.empty()) v.name.clear();
  o.subservices = std::move(vendors);
  o.summary.push_back(std::to_string(o.components.size()) + " assets read.");
  result.overlay = std::move(o);
  return result;
}

}  // namespace attestplan

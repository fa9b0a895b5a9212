// TextTable: column-aligned plain text, measured in UTF-8 code points so "→" and "ø" align;
// figures right-aligned; fitted to a terminal's width by wrapping text columns, or one block per
// row when even that does not fit.
#include <algorithm>

#include "attestplan/render.hpp"

namespace attestplan {

namespace {

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// The byte offset at which `count` code points of `s` end (s.size() when it has fewer).
std::size_t offset_of(std::string_view s, std::size_t count) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if (!continuation_byte(s[i])) {
      if (seen == count) return i;
      ++seen;
    }
  }
  return s.size();
}

/// `text` in lines of at most `first` code points, then `rest`, broken at spaces; a word longer
/// than its line is broken inside. Always at least one line.
std::vector<std::string> wrap(std::string_view text, std::size_t first, std::size_t rest) {
  std::vector<std::string> lines{std::string{}};
  auto room = [&] { return std::max<std::size_t>(1, lines.size() == 1 ? first : rest); };
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    const auto end = std::min(text.find(' ', pos), text.size());
    std::string_view word = text.substr(pos, end - pos);
    pos = end;
    while (!word.empty()) {
      auto& line = lines.back();
      const std::size_t used = display_width(line);
      const std::size_t need = display_width(word) + (line.empty() ? 0 : 1);
      if (used + need <= room()) {
        if (!line.empty()) line += ' ';
        line += word;
        word = {};
      } else if (line.empty()) {
        // A word longer than a whole line: break it.
        const auto cut = offset_of(word, room());
        line += word.substr(0, cut);
        word.remove_prefix(cut);
        lines.emplace_back();
      } else {
        lines.emplace_back();
      }
    }
  }
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// A number as the renderers write one: optional sign, digits with "," and ".", optional "%".
bool is_number(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty() || !is_digit(s.front())) return false;
  if (s.back() == '%') {
    s.remove_suffix(1);
    if (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_digit(c) || c == ',' || c == '.'; });
}

}  // namespace

std::size_t display_width(std::string_view s) {
  // Count code points: every byte that is not a UTF-8 continuation byte starts one.
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !continuation_byte(c); }));
}

bool is_figure(std::string_view cell) {
  // An optional range after the figure: " (849,000–1,079,700)" with an en dash or a hyphen.
  if (const auto open = cell.find(" ("); open != std::string_view::npos && cell.back() == ')') {
    const auto range = cell.substr(open + 2, cell.size() - open - 3);
    const std::string_view dash = "\xE2\x80\x93";
    const auto cut = range.find(dash);
    if (cut == std::string_view::npos) return false;
    if (!is_number(range.substr(0, cut)) || !is_number(range.substr(cut + dash.size())))
      return false;
    cell = cell.substr(0, open);
  }
  return is_number(cell);
}

std::string fit_lines(std::string_view text, std::size_t width) {
  if (width == 0) return std::string{text};
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    const bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    const auto line = text.substr(pos, end - pos);
    pos = newline ? end + 1 : end;
    if (display_width(line) <= width) {
      out += line;
    } else {
      const auto indent = std::min(line.find_first_not_of(' '), line.size());
      // Continuations two further in, unless that leaves too little room to read.
      const auto hanging = indent + 2 + 20 <= width ? indent + 2 : indent;
      const auto first_room = width > indent ? width - indent : 1;
      const auto rest_room = width > hanging ? width - hanging : 1;
      const auto pieces = wrap(line.substr(indent), first_room, rest_room);
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i) out += '\n';
        out.append(i ? hanging : indent, ' ');
        out += pieces[i];
      }
    }
    if (newline) out += '\n';
  }
  return out;
}

TextTable::TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::render(std::string_view indent, std::size_t width) const {
  const std::size_t n = headers_.size();
  std::vector<std::size_t> widths(n, 0);
  std::vector<bool> right(n, !rows_.empty());
  for (std::size_t c = 0; c < n; ++c) {
    widths[c] = display_width(headers_[c]);
    bool any_figure = false;
    for (const auto& row : rows_) {
      widths[c] = std::max(widths[c], display_width(row[c]));
      // A dash or an empty cell stands for "none" in a column of figures.
      if (row[c].empty() || row[c] == "-" || row[c] == "\xE2\x80\x94") continue;
      if (is_figure(row[c])) {
        any_figure = true;
      } else {
        right[c] = false;
      }
    }
    right[c] = right[c] && any_figure;
  }
  std::size_t total = display_width(indent) + (n > 1 ? 2 * (n - 1) : 0);
  for (auto w : widths) total += w;

  // Too wide: narrow the widest text column, a column at a time, down to a readable floor.
  if (width > 0 && total > width) {
    std::vector<std::size_t> floor(n);
    for (std::size_t c = 0; c < n; ++c)
      floor[c] = right[c] ? widths[c] : std::min(widths[c], std::size_t{12});
    while (total > width) {
      std::size_t widest = n;
      for (std::size_t c = 0; c < n; ++c) {
        if (widths[c] > floor[c] && (widest == n || widths[c] > widths[widest])) widest = c;
      }
      if (widest == n) break;
      --widths[widest];
      --total;
    }
  }

  std::string out;
  if (width > 0 && total > width) {
    // Still too wide: one block per row, the first cell as its title, then "HEADER  value" lines.
    std::size_t label = 0;
    for (std::size_t c = 1; c < n; ++c) label = std::max(label, display_width(headers_[c]));
    const std::size_t lead = display_width(indent);
    const std::size_t prefix = lead + 2 + label + 2;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      if (r) out += '\n';
      const auto& row = rows_[r];
      for (const auto& piece :
           wrap(row[0], width > lead ? width - lead : 1, width > lead + 2 ? width - lead - 2 : 1)) {
        out += std::string{indent} + piece + "\n";
      }
      for (std::size_t c = 1; c < n; ++c) {
        if (row[c].empty()) continue;
        const auto room = width > prefix ? width - prefix : 1;
        const auto pieces = wrap(row[c], room, room);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
          std::string text{indent};
          text += "  ";
          if (i == 0) {
            text += headers_[c];
            text.append(label - display_width(headers_[c]) + 2, ' ');
          } else {
            text.append(label + 2, ' ');
          }
          out += text + pieces[i] + "\n";
        }
      }
    }
    return out;
  }

  auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> pieces(n);
    std::size_t height = 1;
    for (std::size_t c = 0; c < n; ++c) {
      pieces[c] = display_width(cells[c]) <= widths[c] ? std::vector<std::string>{cells[c]}
                                                       : wrap(cells[c], widths[c], widths[c]);
      height = std::max(height, pieces[c].size());
    }
    for (std::size_t k = 0; k < height; ++k) {
      std::string text{indent};
      for (std::size_t c = 0; c < n; ++c) {
        const std::string& piece = k < pieces[c].size() ? pieces[c][k] : std::string{};
        const auto pad = widths[c] - std::min(widths[c], display_width(piece));
        if (right[c]) {
          text.append(pad, ' ');
          text += piece;
        } else {
          text += piece;
          text.append(pad, ' ');
        }
        if (c + 1 < n) text += "  ";
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text + "\n";
    }
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
  return out;
}

}  // namespace attestplan

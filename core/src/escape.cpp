// Escaping per output context (escape.hpp).
#include "attestplan/escape.hpp"

#include <cstdio>

namespace attestplan {

namespace {

bool is_c0_or_del(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// Whether `s` is a plain number a spreadsheet may read as one: an optional sign, digits, at most
/// one decimal point, grouping commas, and an optional trailing percent sign.
bool plain_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digit = false, point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !point) {
      point = true;
    } else if (c == ',' && digit) {
      continue;
    } else if (c == '%' && i + 1 == s.size() && digit) {
      return true;
    } else {
      return false;
    }
  }
  return digit;
}

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string css_string(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == ' ' || c == '.' || c == ',' || c == '-' || c == '_' || c == ':' ||
                      c == '/' || c == '(' || c == ')';
    if (safe || c >= 0x80) {
      out += ch;
    } else if (is_c0_or_del(c)) {
      out += ' ';
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%x ", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out + "\"";
}

std::string terminal_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_c0_or_del(c) && c != '\n' && c != '\t') continue;
    // U+0080..U+009F are C2 80..C2 9F in UTF-8.
    if (c == 0xc2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string escape_markdown(std::string_view s) {
  const auto text = terminal_text(s);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|':
      case '\\':
      case '*':
      case '_':
      case '<':
      case '>':
      case '`':
      case '[':
      case ']':
      case '#':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view s) {
  std::string cell;
  const bool formula =
      !s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') &&
      !plain_number(s);
  if (formula) cell += '\'';
  cell += s;
  if (!formula && cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  out.reserve(cell.size() + 2);
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace attestplan

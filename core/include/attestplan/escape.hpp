// Escaping for every context a model or firm string lands in: HTML text and attributes, CSS
// strings, Markdown, CSV cells and a terminal. One place, so each renderer uses the rule of its
// context instead of a copy that misses a character (a form feed in a CSS string, say).
#pragma once

#include <string>
#include <string_view>

#include "attestplan/export.hpp"

namespace attestplan {

/// HTML text or a quoted attribute value: & < > " ' become character references.
ATTESTPLAN_API std::string escape_html(std::string_view s);

/// A complete, quoted CSS string literal ("..."). Every ASCII character other than letters,
/// digits, space and `.,-_:/()` is written as a hex escape (`\22 `), so no quote, backslash, form
/// feed or newline can end the string; other control characters become spaces. Non-ASCII text
/// (UTF-8) is kept as it is: it cannot end a CSS string.
ATTESTPLAN_API std::string css_string(std::string_view s);

/// Text for a terminal or a document read in one: C0 controls other than tab and newline, DEL and
/// the C1 controls (U+0080–U+009F, which include CSI) are removed, so a model string cannot move
/// the cursor, change colours, ring the bell or hide text.
ATTESTPLAN_API std::string terminal_text(std::string_view s);

/// Markdown text: characters with a meaning in Markdown (| \ * _ < > ` [ ] #) are escaped, so model
/// strings never become markup; a newline becomes a space so a table row stays one line; terminal
/// controls are removed as by terminal_text (Markdown is often read in a terminal).
ATTESTPLAN_API std::string escape_markdown(std::string_view s);

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
/// spreadsheet would evaluate — it begins with =, +, -, @, tab or carriage return and is not a
/// plain number — is neutralised by a leading single quote, as OWASP's CSV-injection rule says.
ATTESTPLAN_API std::string csv_field(std::string_view s);

}  // namespace attestplan

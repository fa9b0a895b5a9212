// Printing an HTML document to PDF with headless Chromium: the proposal as PDF, for the CLI
// (`proposal -o x.pdf`) and the server (`POST /api/proposal?format=pdf`) alike (request.cpp).
#pragma once

#include <optional>
#include <string>

namespace attestplan {

/// The Chromium to print with: $ATTESTPLAN_CHROMIUM when set, else /usr/bin/chromium, else
/// chromium or chromium-browser on PATH; nullopt when none is there.
std::optional<std::string> find_chromium();

/// Prints `html` to PDF bytes with headless Chromium's print-to-PDF (A4 and page numbers come from
/// the document's own @page rules; Chromium's header and footer are off). On failure returns
/// nullopt and says why in `error`.
std::optional<std::string> print_to_pdf(const std::string& chromium, const std::string& html,
                                        std::string& error);

}  // namespace attestplan

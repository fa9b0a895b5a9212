// What the terminal the output goes to can take: its width, and whether to use colour.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace attestplan::cli {

/// The columns to fit tables to on file descriptor `fd`: $COLUMNS when it is a positive whole
/// number, else the terminal's width when `fd` is a terminal, else 0 (no limit: a pipe or a file
/// takes the lines whole).
std::size_t output_width(int fd);

/// Whether to colour what goes to `fd`: only on a terminal, never with NO_COLOR set to anything
/// but the empty string (no-color.org), nor with TERM=dumb.
bool colour_wanted(int fd);

/// `text` with each severity word coloured where it opens a finding or a message ("  warning [",
/// "error:", "file:1:2: error:"): error red, warning yellow, note cyan. Nothing else changes.
std::string colour_severities(std::string_view text);

}  // namespace attestplan::cli

// Parsing TOML text into a table with every syntax problem turned into a located diagnostic,
// after checking that the text is text at all (not empty, no NUL bytes).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "attestplan/diagnostics.hpp"

namespace attestplan::detail {

/// `what` names the expected content in messages ("model", "criteria catalog").
std::optional<toml::table> parse_toml(std::string_view text, const std::string& source_name,
                                      std::string_view what, Diagnostics& diags);

}  // namespace attestplan::detail

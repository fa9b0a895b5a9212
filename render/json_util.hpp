// Shared JSON conversions for the renderers (nlohmann-json stays inside the core's sources).
#pragma once

#include <nlohmann/json.hpp>

#include "attestplan/boundary.hpp"
#include "attestplan/diagnostics.hpp"

namespace attestplan::detail {

inline nlohmann::json location_json(const SourceLocation& where) {
  nlohmann::json j = {{"file", where.file.str()}};
  if (where.line > 0) {
    j["line"] = where.line;
    j["column"] = where.column;
  }
  return j;
}

inline nlohmann::json finding_json(const Finding& f) {
  nlohmann::json j = {{"severity", to_string(f.severity)},
                      {"code", f.code},
                      {"message", f.message},
                      {"where", location_json(f.where)}};
  if (f.role != FindingRole::Other) j["role"] = to_string(f.role);
  if (!f.subject.empty()) j["subject"] = f.subject;
  return j;
}

}  // namespace attestplan::detail

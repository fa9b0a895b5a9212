// Ids an importer makes: at most 128 characters, as the model reader takes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace attestplan::import_detail {

/// A longer id (a module chain many deep, a group's long name) keeps its start and a digest of the
/// whole, so that it stays what it is and stays apart from its neighbours; the same on every run.
inline std::string capped_id(std::string id) {
  constexpr std::size_t kMax = 128;
  if (id.size() <= kMax) return id;
  static const char* kHex = "0123456789abcdef";
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const unsigned char ch : id) h = (h ^ ch) * 1099511628211ULL;
  std::string digest;
  for (int k = 0; k < 12; ++k) digest += kHex[(h >> (k * 4)) & 15];
  return id.substr(0, kMax - digest.size() - 1) + "-" + digest;
}

/// Whether `id` is one the model reader takes: letters, digits, '-', '_' and '.', starting with a
/// letter or digit, at most 128 characters (TableReader::identifier).
inline bool is_model_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  if (!ok(id[0]) || id[0] == '-' || id[0] == '_' || id[0] == '.') return false;
  for (const char c : id)
    if (!ok(c)) return false;
  return true;
}

}  // namespace attestplan::import_detail

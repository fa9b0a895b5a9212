// Ids an importer makes: at most 128 characters, as the model reader takes them.
#pragma once

#include <cstdint>
#include <string>

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

}  // namespace attestplan::import_detail

// Reading a firm file (firm.hpp): every key checked against the format, each problem located.
#include "attestplan/firm.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

const std::vector<std::string>& names_of_payment_milestone() {
  static const std::vector<std::string> names{"planning", "interim-fieldwork", "final-fieldwork",
                                              "report"};
  return names;
}

std::optional<PaymentMilestone> parse_payment_milestone(std::string_view s) {
  if (s == "planning") return PaymentMilestone::Planning;
  if (s == "interim-fieldwork") return PaymentMilestone::InterimFieldwork;
  if (s == "final-fieldwork") return PaymentMilestone::FinalFieldwork;
  if (s == "report") return PaymentMilestone::Report;
  return std::nullopt;
}

namespace {

/// A logo larger than this is refused: it is inlined into every proposal.
constexpr std::uintmax_t kMaxLogoBytes = 512 * 1024;

std::optional<FirmRole> parse_role(std::string_view s) {
  if (s == "auditor") return FirmRole::Auditor;
  if (s == "consultant") return FirmRole::Consultant;
  return std::nullopt;
}

std::optional<FeeBasis> parse_basis(std::string_view s) {
  if (s == "fixed") return FeeBasis::Fixed;
  if (s == "not-to-exceed") return FeeBasis::NotToExceed;
  return std::nullopt;
}

std::string base64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16u) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8u) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18u) & 63u];
    out += kAlphabet[(n >> 12u) & 63u];
    out += kAlphabet[(n >> 6u) & 63u];
    out += kAlphabet[n & 63u];
  }
  if (const auto rest = bytes.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16u;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8u;
    out += kAlphabet[(n >> 18u) & 63u];
    out += kAlphabet[(n >> 12u) & 63u];
    out += rest == 2 ? kAlphabet[(n >> 6u) & 63u] : '=';
    out += '=';
  }
  return out;
}

/// The logo file as a data: URI, its type told by its first bytes (not its name).
std::optional<std::string> read_logo(const std::filesystem::path& path, const SourceLocation& where,
                                     Diagnostics& diags) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    diags.error("logo: cannot open '" + path.string() + "'", where,
                "a path relative to the firm file");
    return std::nullopt;
  }
  if (std::filesystem::file_size(path, ec) > kMaxLogoBytes) {
    diags.error("logo: '" + path.string() + "' is larger than 512 KiB", where,
                "use a smaller image");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::string type;
  if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0) {
    type = "image/png";
  } else if (bytes.rfind("\xff\xd8\xff", 0) == 0) {
    type = "image/jpeg";
  } else if (bytes.find("<svg") != std::string::npos && bytes.find('\0') == std::string::npos) {
    type = "image/svg+xml";
  } else {
    diags.error("logo: '" + path.string() + "' is not an SVG, PNG or JPEG image", where);
    return std::nullopt;
  }
  // As an <img> source the image cannot run script or load anything: an SVG's own script is inert.
  return "data:" + type + ";base64," + base64(bytes);
}

FirmPerson read_person(TableReader& top, std::string_view key, bool need_title) {
  FirmPerson p;
  const auto* table = top.table(key);
  if (!table) {
    top.diags().error("the firm file has no [" + std::string{key} + "] table", top.where(),
                      need_title ? "name and title of who signs" : "name, email and phone");
    return p;
  }
  TableReader r(*table, "[" + std::string{key} + "]", top.file(), top.diags());
  p.name = r.string("name", true).value_or("");
  p.title = r.string("title", need_title).value_or("");
  p.email = r.string("email").value_or("");
  p.phone = r.string("phone").value_or("");
  r.check_unknown_keys();
  return p;
}

}  // namespace

const char* to_string(FirmRole r) { return r == FirmRole::Auditor ? "auditor" : "consultant"; }
const char* to_string(FeeBasis b) { return b == FeeBasis::Fixed ? "fixed" : "not-to-exceed"; }

std::optional<Firm> parse_firm(const DataFile& file, const std::filesystem::path& dir,
                               Diagnostics& diags, const std::vector<DataFileDecl>& data) {
  const auto errors = diags.error_count();
  auto root = parse_toml(file.text, file.source_name, "firm file", diags);
  if (!root) return std::nullopt;
  Firm f;
  f.source = file.source_name;
  TableReader top(*root, "the firm file", file.source_name, diags);
  if (!top.format_version("attestplan-firm", 1)) return std::nullopt;
  f.name = top.string("name", true).value_or("");
  f.address = top.string_array("address");
  if (auto country =
          top.country("country", "e.g. \"US\" for a US CPA firm, \"DK\" for a Danish one")) {
    f.country = *country;
    f.country_where = top.where("country");
  }
  // The files a firm file names lie inside its folder: a firm file (the server's are the
  // workspace's) reads nothing from elsewhere on the machine.
  auto inside = [&](const char* key,
                    const std::string& text) -> std::optional<std::filesystem::path> {
    const std::filesystem::path rel{text};
    const bool ok = !rel.empty() && rel.is_relative() && !rel.has_root_name() &&
                    std::none_of(rel.begin(), rel.end(),
                                 [](const std::filesystem::path& part) { return part == ".."; });
    if (!ok) {
      diags.error(
          std::string{key} + ": '" + text + "' is not a path inside the firm file's folder",
          top.where(key),
          "put the file beside the firm file (or in a folder below it) and name it relative to it");
      return std::nullopt;
    }
    return dir / rel;
  };
  if (const auto logo = top.string("logo")) {
    if (const auto path = inside("logo", *logo)) {
      if (auto uri = read_logo(*path, top.where("logo"), diags)) f.logo_data_uri = std::move(*uri);
    }
  }
  // The firm's own files: one for each data file a plugin declares, and its profile.
  std::vector<std::pair<std::string, std::string>> files;  // key, what it is
  for (const auto& d : data) files.emplace_back(d.key, d.label.empty() ? d.key : d.label);
  files.emplace_back("profile", "calibrated profile (attestplan calibrate)");
  for (const auto& [key, what] : files) {
    if (const auto name = top.string(key)) {
      if (auto path = inside(key.c_str(), *name)) {
        if (!std::filesystem::is_regular_file(*path)) {
          diags.error(key + ": cannot open '" + path->string() + "'", top.where(key),
                      "a path relative to the firm file: its " + what);
        } else if (key == "profile") {
          f.profile = std::move(*path);
        } else {
          f.data_files[key] = std::move(*path);
        }
      }
    }
  }
  const std::vector<std::string> roles{"auditor", "consultant"};
  if (const auto* node = root->get("role"); node && node->is_array()) {
    // Both roles for one client: allowed to be written, but the firm is told it may not do both.
    std::vector<FirmRole> claimed;
    for (const auto& word : top.string_array("role")) {
      if (const auto r = parse_role(word)) {
        claimed.push_back(*r);
      } else {
        top.bad_word("role", word, roles);
      }
    }
    if (claimed.empty()) {
      diags.error("role in the firm file lists no role", top.where("role"),
                  "auditor or consultant");
    } else {
      f.role = claimed.front();
      for (auto r : claimed) f.claims_both_roles = f.claims_both_roles || r != f.role;
    }
    if (f.claims_both_roles) {
      diags.warning(
          "independence: the firm file claims both roles, auditor and consultant, for one client; "
          "an auditor may assess a client's readiness if management keeps its responsibilities, "
          "but "
          "helping to design or implement its controls, or drafting its system description, "
          "impairs "
          "independence (AICPA Code, ET 1.295; IESBA Code, Part 4B for ISAE)",
          top.where("role"),
          "the proposal prices the " + std::string{to_string(f.role)} +
              "'s work only; another firm must do the other");
    }
  } else {
    f.role = top.word<FirmRole>("role", parse_role, roles, true).value_or(FirmRole::Auditor);
  }
  f.fee_basis = top.word<FeeBasis>("fee_basis", parse_basis, {"fixed", "not-to-exceed"})
                    .value_or(FeeBasis::Fixed);
  if (const auto p = top.integer("fee_percentile", 50, 99)) f.fee_percentile = static_cast<int>(*p);
  f.validity_days = static_cast<int>(top.integer("validity_days", 1, 365).value_or(30));
  f.transfer_basis = top.string("transfer_basis").value_or("");
  f.isae_basis = top.word<std::string>("isae_basis",
                                       [](std::string_view w) -> std::optional<std::string> {
                                         if (w == "iesba" || w == "aicpa-equivalent")
                                           return std::string{w};
                                         return std::nullopt;
                                       },
                                       {"iesba", "aicpa-equivalent"})
                     .value_or("");
  f.isae_with_attestation_standards =
      top.boolean("isae_with_attestation_standards").value_or(false);
  f.contact = read_person(top, "contact", false);
  f.signer = read_person(top, "signer", true);
  if (const auto* payments = top.table_array("payment")) {
    double total = 0;
    for (const auto& node : *payments) {
      const auto* t = node.as_table();
      if (!t) continue;
      TableReader r(*t, "[[payment]]", file.source_name, diags);
      Instalment i;
      i.at = r.word("at", &parse_payment_milestone, names_of_payment_milestone())
                 .value_or(PaymentMilestone::None);
      // Words of the firm's own, or the milestone's (the letter names it): one of the two.
      i.when = r.string("when", i.at == PaymentMilestone::None).value_or("");
      i.share = r.number("share", 0.01, 1, true).value_or(0);
      total += i.share;
      r.check_unknown_keys();
      f.payment.push_back(std::move(i));
    }
    if (!f.payment.empty() && std::abs(total - 1.0) > 1e-9) {
      diags.error(
          "the shares of [[payment]] add up to " + std::to_string(total).substr(0, 5) + ", not 1",
          top.where("payment"), "e.g. 0.3 on acceptance, 0.4 at fieldwork, 0.3 on the report");
    }
  }
  f.terms = top.string_array("terms");
  f.assumptions = top.string_array("assumptions");
  top.check_unknown_keys();
  if (diags.error_count() > errors) return std::nullopt;
  return f;
}

}  // namespace attestplan

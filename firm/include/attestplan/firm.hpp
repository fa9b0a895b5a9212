// The firm that sends a proposal (`--firm firm.toml`): who it is, how to reach it, who signs,
// whether it audits or prepares the client (independence), how it bills, its terms and assumptions.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attestplan/data.hpp"
#include "attestplan/descriptor.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// What the firm does for this client. The firm that prepares a client for an audit (readiness)
/// cannot be the firm that audits it: the AICPA's independence rules (and IESBA's for ISAE) forbid
/// auditing one's own work.
enum class FirmRole { Auditor, Consultant };
ATTESTPLAN_API const char* to_string(FirmRole r);  ///< "auditor", "consultant"

/// How the proposal states its fee: a fixed fee, or a not-to-exceed ceiling billed by the hour.
enum class FeeBasis { Fixed, NotToExceed };
ATTESTPLAN_API const char* to_string(FeeBasis b);  ///< "fixed", "not-to-exceed"

struct FirmPerson {
  std::string name;
  std::string title;
  std::string email;
  std::string phone;
};

/// One instalment of the payment schedule: when it is invoiced and its share of the fee.
/// The plan's milestone an instalment is tied to, whose planned date the letter gives beside it.
enum class PaymentMilestone { None, Planning, InterimFieldwork, FinalFieldwork, Report };

struct Instalment {
  std::string when;
  double share = 0;  ///< 0 < share <= 1; the shares add up to 1
  PaymentMilestone at =
      PaymentMilestone::None;  ///< `at = "final-fieldwork"`: the date is the plan's
};

ATTESTPLAN_API std::optional<PaymentMilestone> parse_payment_milestone(std::string_view s);
ATTESTPLAN_API const std::vector<std::string>& names_of_payment_milestone();

struct Firm {
  std::string name;
  std::vector<std::string> address;  ///< lines
  /// Where the firm is (ISO 3166 alpha-2), when the file says: an auditor's country decides the
  /// VAT on its invoice, so it replaces the model's auditor_country in the proposal.
  std::string country;
  SourceLocation country_where;
  /// The logo as a data: URI (SVG, PNG or JPEG read from the file the firm file names), or "".
  std::string logo_data_uri;
  FirmPerson contact;
  FirmPerson signer;
  FirmRole role = FirmRole::Auditor;
  /// The firm file also claims the other role for this client: an independence conflict (warned).
  bool claims_both_roles = false;
  FeeBasis fee_basis = FeeBasis::Fixed;
  std::optional<int> fee_percentile;  ///< 50..99: the percentile of the simulated fee it quotes
  int validity_days = 30;             ///< how long the proposal stands
  /// For a firm outside the EEA (or the UK) and a client in it: the one mechanism the personal data
  /// in the evidence is transferred to the firm on (GDPR Chapter V), as its counsel has agreed it.
  std::string transfer_basis;
  /// How a firm outside the IESBA's direct reach meets ISAE 3000 (Revised) para. 3 (`isae_basis`):
  /// "iesba" (it applies the IESBA Code and ISQM 1 themselves) or "aicpa-equivalent" (it has
  /// concluded, and documented, that the AICPA Code and SQMS No. 1 are at least as demanding); ""
  /// when the file does not say, and a US firm's ISAE letter is then a draft.
  std::string isae_basis;
  /// A US CPA firm's ISAE engagement performed under the AICPA's attestation standards too
  /// (`isae_with_attestation_standards`, AT-C 105 and AT-C 205: the Compliance With Standards
  /// Rule).
  bool isae_with_attestation_standards = false;
  std::vector<Instalment> payment;
  std::vector<std::string> terms;
  std::vector<std::string> assumptions;
  /// The firm's own data files for the plugins (its rate card: `rates = "..."`), by the keys the
  /// plugins declare, and its calibrated profile (`profile`): paths inside the firm file's folder,
  /// which its proposals are priced with unless the command line's or the request's say otherwise.
  std::map<std::string, std::filesystem::path> data_files;
  std::optional<std::filesystem::path> profile;
  std::string source;  ///< the file it came from
};

/// Reads a firm file. `dir` is the folder its `logo` path is taken from. Problems go to `diags`
/// with file:line:col; an independence conflict (both roles) is a warning, not an error.
/// `data` are the data files the plugins declare: a firm file may name its own for each.
ATTESTPLAN_API std::optional<Firm> parse_firm(const DataFile& file,
                                              const std::filesystem::path& dir, Diagnostics& diags,
                                              const std::vector<DataFileDecl>& data = {});

}  // namespace attestplan

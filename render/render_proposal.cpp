// The proposal a firm sends: a letter on its letterhead with the scope in the client's words, the
// fee (fixed or not-to-exceed, read at the firm's percentile) and the options, the timeline, the
// client's part, the assumptions and what would change the fee, the terms and an acceptance block.
// Names, never ids; no traces of how the estimate was made. One self-contained HTML file (inline
// CSS, no script) that prints on A4 with page numbers (CSS @page margin boxes), or Markdown.
#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "attestplan/escape.hpp"
#include "attestplan/evidence.hpp"
#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/render.hpp"

namespace attestplan {

namespace {

std::string h(const std::string& s) { return escape_html(s); }

/// The basis as the client's document carries it in its metadata: attestplan's version and the
/// digest of the whole basis only. The inputs, the seed and the percentile are the firm's; the memo
/// lists them with the same digest, so a sent letter is matched to its memo and recomputed.
/// The quote's reference in a client's copy: the digest the memo lists, without the tool's name or
/// version (the memo has both).
std::string basis_line(const QuoteBasis& b) { return "basis sha256:" + b.digest; }

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

/// A framework's phrase with `when` where it marks "{when}" (the AICPA puts the period before "in
/// accordance with the description criteria"), else after it.
std::string during(std::string phrase, const std::string& when) {
  constexpr std::string_view kMark = "{when}";
  if (const auto at = phrase.find(kMark); at != std::string::npos)
    return phrase.replace(at, kMark.size(), when);
  return phrase + when;
}

/// "22 March 2027": a date a reader does not have to decode.
std::string long_date(Date d) {
  const auto ymd = d.ymd();
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ",
                 const std::string& last = " and ") {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += i + 1 == v.size() ? last : sep;
    out += v[i];
  }
  return out;
}

const char* kind_words(ComponentKind k) {
  switch (k) {
    case ComponentKind::Software:
      return "Software";
    case ComponentKind::Data:
      return "Data";
    case ComponentKind::Infrastructure:
      return "Infrastructure";
    case ComponentKind::People:
      return "People";
    case ComponentKind::Procedure:
      return "Procedures";
    case ComponentKind::Facility:
      return "Premises";
  }
  return "Other";
}

/// Days between the last day a proposal stands and the start of the work it prices (judgement).
/// Working days an auditor needs between acceptance and planning, holiday seasons not counted
/// (judgement).
constexpr int kAcceptanceLeadWorkingDays = 10;

/// A milestone's planned (P50) and latest (P90) dates.
// The plan's dates are its likely ones, as the window and the as-of date the letter names are; the
// second column is the date nine simulated cases in ten are done by (P90), not a promise.
/// The date a milestone is planned for: the middle of the simulated runs (P50), else its likely
/// date. Whether Processing Integrity is among the categories in scope.
bool processing_integrity(const Estimate& e) {
  return std::any_of(e.scope.categories.begin(), e.scope.categories.end(), [](const auto& c) {
    return c.in_scope && c.category == Category::ProcessingIntegrity;
  });
}

/// Whether the firm also certifies the system: a combined engagement performed by one firm with
/// a certification among its reports.
bool certifies_too(const Model& m) {
  const auto& e = m.engagement;
  return e.one_firm.value_or(false) &&
         std::any_of(e.combined_with.begin(), e.combined_with.end(),
                     [](const Report& r) { return is_certification(r); });
}

/// Whether the customers' financial-statement auditors may rely on the service, so that they ask
/// for a report on controls over financial reporting (SOC 1, ISAE 3402) rather than this one: a
/// service the model says feeds their financial statements, Processing Integrity in scope, or
/// in-scope data the model classifies as financial or transactions.
bool financial_reporting_question(const Model& m, const EstimateResult& r) {
  // A report on control objectives (SOC 1, ISAE 3402) is that report.
  if (!cites_trust_services_criteria(m.engagement.report)) return false;
  if (processing_integrity(r.estimate)) return true;
  if (std::any_of(m.services.begin(), m.services.end(),
                  [](const Service& s) { return s.financial_reporting; }))
    return true;
  for (std::size_t k = 0; k < m.components.size(); ++k) {
    const auto& c = m.components[k];
    if (c.kind != ComponentKind::Data || !r.boundary.component_in_scope(k)) continue;
    for (const auto& cl : c.classification) {
      if (cl == "financial" || cl == "transactions") return true;
    }
  }
  return false;
}

Date planned(const Milestone& m) { return m.spread ? Date::from_serial(m.spread->p50) : m.likely; }

/// The window (a Type 1: its as-of date twice) on the same planned dates as the timeline and the
/// evidence list (TimingResult::planned_window).
std::optional<std::pair<Date, Date>> planned_window(const Estimate& e) {
  return e.timing.planned_window();
}
Date latest(const Milestone& m) { return m.spread ? Date::from_serial(m.spread->p90) : m.high; }

/// What the document says, gathered once for HTML and Markdown: every sentence in the client's
/// words.
struct Letter {
  std::string firm_name;
  std::vector<std::string> firm_lines;  ///< address, then contact
  std::string title;
  std::string draft;  ///< why the letter is a draft and not yet an offer (empty: it is one)
  std::string client;
  /// Under the client's name: "Attn. <contact>" when the model names one, then the postal address
  /// (or the location when the model gives none).
  std::vector<std::string> client_lines;
  std::string date, valid_until;
  std::string
      replan;  ///< "If you accept after …, we will re-plan the dates …" ("" when the dates hold)
  std::string validity_reason;  ///< ", the last working day … before planning starts on …" when not
                                ///< the firm's days
  std::string valid_until_plain;  ///< the date alone, for a sentence
  /// For the partner: how the validity was set, when it is not simply the firm's days.
  std::string validity_note;
  std::string opening;
  std::vector<std::pair<std::string, std::string>> summary;  ///< label, value
  std::string scope;
  std::vector<std::pair<std::string, std::string>> system;  ///< kind, names
  std::string vendors, outside;
  std::vector<std::string> excluded;  ///< excluded components in-scope ones depend on, in sentences
  std::string fee_sentence, vat_sentence;
  bool fee_excludes_vat = true;  ///< say "excl. VAT" beside the fee
  /// A combined engagement: the sentence before the table of each report's fee apart, what
  /// performing them together saves and the fee for all of them; the sentences after it.
  std::string combined_intro;
  std::vector<std::vector<std::string>> combined;  ///< report, apart, together
  std::vector<std::string> combined_notes;
  std::string audit_apart;  ///< consultant: the auditor's fee, apart
  std::vector<std::string> option_headers;
  std::vector<std::vector<std::string>> options;
  std::vector<std::vector<std::string>> payments;  ///< when, share, amount
  std::string not_included;
  std::vector<std::vector<std::string>> timeline;  ///< milestone, planned, latest
  std::vector<std::string> renewals;
  std::vector<std::string> responsibilities;
  std::string cuec_intro;  ///< the sentence before the CUECs, by who sends the letter
  std::vector<std::string> cuecs;
  std::vector<std::string> assumptions;
  std::vector<std::string> fee_changes;
  std::string fee_changes_intro = "The fee would change with:";
  std::vector<std::string> terms;
  std::string signer_name, signer_title;
  std::string footer;
};

/// How the proposal becomes an engagement: a reply, then the engagement letter both sign, which
/// governs the work (the proposal carries no client signature, so it is no second contract).
std::string next_steps(const Letter& L) {
  if (!L.draft.empty())
    return "This draft is not for acceptance: it becomes an offer once what the note above says is "
           "settled.";
  return "If you wish us to go ahead, tell us by " + L.valid_until_plain +
         ". We then send our engagement letter, which sets out the terms of the engagement and "
         "governs the work; "
         "we both sign it before planning starts.";
}

/// Whether the buyer's country has VAT, read off the audit invoice's case (the rate card knows the
/// rates; the case carries what the proposal needs); nullopt when the card could not tell.
std::optional<bool> buyer_has_vat(VatCase audit) {
  switch (audit) {
    case VatCase::Domestic:
    case VatCase::ReverseCharge:
      return true;
    case VatCase::NoVat:
    case VatCase::OutsideScope:
      return false;
    case VatCase::Unknown:
      break;
  }
  return std::nullopt;
}

/// The VAT case of a consultant's own invoice: the estimate prices the audit (another firm's
/// invoice), so the consultant's case is read from where it is against the buyer. A cross-border
/// invoice to a business with VAT is reverse-charged (EU VAT Directive art. 44, 196); to a business
/// outside any VAT area no VAT is charged.
VatCase consultant_vat_case(VatCase audit, const std::string& consultant_country,
                            const std::string& buyer) {
  const auto has = buyer_has_vat(audit);
  if (!has) return VatCase::Unknown;
  const bool same = consultant_country.empty() || buyer.empty() || consultant_country == buyer;
  if (*has) return same ? VatCase::Domestic : VatCase::ReverseCharge;
  return same ? VatCase::NoVat : VatCase::OutsideScope;
}

/// Where the GDPR applies to an organization's personal data: the EU's member states and the other
/// EEA states that took it into the EEA Agreement (IS, LI, NO); the United Kingdom keeps its own
/// copy, the UK GDPR.
bool in_eea(const std::string& country) {
  static const std::set<std::string> kEea{
      "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
      "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"};
  return kEea.count(country) != 0;
}

/// A country's English short name for a sentence ("Germany"), for the states the GDPR covers; the
/// code itself for any other.
std::string country_name(const std::string& code) {
  static const std::map<std::string, std::string> kNames{{"AT", "Austria"},
                                                         {"BE", "Belgium"},
                                                         {"BG", "Bulgaria"},
                                                         {"HR", "Croatia"},
                                                         {"CY", "Cyprus"},
                                                         {"CZ", "Czechia"},
                                                         {"DK", "Denmark"},
                                                         {"EE", "Estonia"},
                                                         {"FI", "Finland"},
                                                         {"FR", "France"},
                                                         {"DE", "Germany"},
                                                         {"GR", "Greece"},
                                                         {"HU", "Hungary"},
                                                         {"IE", "Ireland"},
                                                         {"IT", "Italy"},
                                                         {"LV", "Latvia"},
                                                         {"LT", "Lithuania"},
                                                         {"LU", "Luxembourg"},
                                                         {"MT", "Malta"},
                                                         {"NL", "the Netherlands"},
                                                         {"PL", "Poland"},
                                                         {"PT", "Portugal"},
                                                         {"RO", "Romania"},
                                                         {"SK", "Slovakia"},
                                                         {"SI", "Slovenia"},
                                                         {"ES", "Spain"},
                                                         {"SE", "Sweden"},
                                                         {"IS", "Iceland"},
                                                         {"LI", "Liechtenstein"},
                                                         {"NO", "Norway"},
                                                         {"GB", "the United Kingdom"}};
  const auto it = kNames.find(code);
  return it == kNames.end() ? code : it->second;
}

/// Whether the personal data in a client's evidence leaves the GDPR's area (the EEA, or the UK for
/// the UK GDPR) when it goes to a firm in `firm`: then the transfer needs a basis (GDPR Chapter V).
bool leaves_gdpr_area(const std::string& client, const std::string& firm) {
  const bool under = client == "GB" || in_eea(client);
  return under && !firm.empty() && firm != client && !in_eea(firm) &&
         !(client == "GB" && firm == "GB");
}

/// What the personal data in a client's evidence is about, for the letter's term: staff listings
/// and access records always; customers' records too when Processing Integrity is tested on data
/// the model classifies as personal (the request list asks for them masked).
struct EvidenceData {
  std::string client;  ///< the client's country
  std::vector<std::string>
      staff_abroad;  ///< where else its staff work (organization.staff_countries)
  bool customer_records = false;
  bool customer_personal_data =
      false;  ///< in-scope data classified personal: its customers' records
};

EvidenceData evidence_data(const Model& m, const EstimateResult& r) {
  EvidenceData d;
  d.client = country_of(m.organization);
  for (const auto& c : m.organization.staff_countries) {
    if (c != d.client) d.staff_abroad.push_back(c);
  }
  for (std::size_t k = 0; k < m.components.size(); ++k) {
    if (r.boundary.component_in_scope(k) && holds_personal_data(m.components[k]))
      d.customer_personal_data = true;
  }
  if (processing_integrity(r.estimate)) {
    for (std::size_t k = 0; k < m.components.size() && !d.customer_records; ++k) {
      const auto& c = m.components[k];
      if (c.kind != ComponentKind::Data || !r.boundary.component_in_scope(k)) continue;
      const auto has = [&](std::string_view w) {
        return std::find(c.classification.begin(), c.classification.end(), w) !=
               c.classification.end();
      };
      d.customer_records =
          (has("personal") || has("cardholder")) && (has("transactions") || has("financial"));
    }
  }
  return d;
}

/// The letter's term on the personal data in the evidence, for a client under the GDPR or the UK
/// GDPR, or with staff where it applies ("" otherwise): the firm processes it for the engagement
/// only; a firm outside the area the data may flow to freely needs a transfer mechanism (GDPR
/// Chapter V: an adequacy decision or the Commission's standard contractual clauses; in the UK the
/// adequacy regulations or the international data transfer agreement), which the engagement letter
/// sets out.
std::string personal_data_term(const EvidenceData& d, const std::string& firm, bool consultant,
                               const std::string& transfer_basis) {
  const auto under_gdpr = [](const std::string& c) { return c == "GB" || in_eea(c); };
  // A consultant established in the EEA (or the UK) is under the GDPR for what it processes
  // wherever its client is (GDPR art. 3(1)): its term is in every letter it sends.
  const bool client_under = under_gdpr(d.client);
  const bool consultant_under = consultant && under_gdpr(firm);
  // A client outside the area with staff inside it (a remote team): their records are in the
  // evidence, and the term covers them.
  std::vector<std::string> staff_under;
  for (const auto& c : d.staff_abroad) {
    if (under_gdpr(c)) staff_under.push_back(country_name(c));
  }
  if (!client_under && !consultant_under && staff_under.empty()) return {};
  const bool uk = client_under       ? d.client == "GB"
                  : consultant_under ? firm == "GB"
                                     : staff_under.front() == country_name("GB");
  const std::string law = uk ? "the UK GDPR" : "the GDPR";
  const bool staff_only = !client_under && !consultant_under;
  const std::string what =
      std::string{"personal data (staff listings, access records"} +
      (d.customer_records ? "; customer records in the processing evidence, masked as the request "
                            "list sets out"
                          : "") +
      ")" + (staff_only ? " about your staff" : "");
  // An auditor decides how it keeps its working papers: it processes the evidence as a controller
  // of its own, and keeps it as long as its legal and professional duties require.
  std::string t =
      consultant
          ? "The records you share with us include " + what +
                ", which we process on your behalf as "
                "your processor, only for this engagement, under the data processing agreement (" +
                std::string{uk ? "UK GDPR" : "GDPR"} + " art. 28) annexed to our engagement letter."
          : "The evidence includes " + what + ", which we process " +
                (staff_only ? std::string{"as an independent controller"}
                 : under_gdpr(firm)
                     ? "under " + law + " as an independent controller"
                     : "in accordance with " + law + " as an independent controller") +
                ", for this engagement and to meet our legal and professional duties to keep its "
                "records.";
  // A processor in the area working for a controller outside it sends the records back across the
  // border: that transfer rests on the Commission's clauses for processor to controller (Module 4).
  if (consultant && consultant_under && !client_under) {
    t += " Returning the records to you, outside " + std::string{uk ? "the UK" : "the EEA"} +
         ", rests on " +
         (uk ? "the international data transfer agreement"
             : "the European Commission's standard contractual clauses "
               "(processor to controller, Module 4)") +
         ", in that agreement.";
  }
  // Records the client holds for its customers are theirs to allow: they are masked before they go.
  if (d.customer_personal_data) {
    t += " Where the evidence would show personal data you hold for your customers, you mask it "
         "before you send it, so that "
         "you disclose it only as they allow.";
  }
  // The transfer to a firm outside the area: one mechanism, the firm's (agreed with its counsel);
  // never an either/or the client cannot rely on.
  const bool abroad =
      staff_only ? !firm.empty() && !under_gdpr(firm) : leaves_gdpr_area(d.client, firm);
  const std::string basis = transfer_basis.empty()
                                ? "our engagement letter sets out the one basis the transfer to us "
                                  "rests on (" +
                                      std::string{uk ? "UK GDPR" : "GDPR"} + " Chapter V)"
                                : "the transfer to us rests on " + transfer_basis;
  const std::string where = uk ? "outside the UK and the EEA" : "outside the EEA";
  if (staff_only) {
    // All its staff's records are in the evidence; whether the law of the area reaches those who
    // work there is the client's legal question, not the letter's to settle.
    const std::string transfer = "its transfer to us, " + where + ", ";
    const std::string rests = transfer_basis.empty()
                                  ? "our engagement letter sets out the one basis " + transfer +
                                        "rests on (" + std::string{uk ? "UK GDPR" : "GDPR"} +
                                        " Chapter V)"
                                  : transfer + "rests on " + transfer_basis;
    // Whether it does (through the staff in the area) is the client's question for its counsel.
    t += abroad ? " Where " + law + " applies to personal data you send us, " + rests + "."
                : " Where " + law + " applies to that data, we process it in accordance with it.";
  } else if (abroad) {
    t += " We are " + where + ": " + basis + ".";
  }
  return t;
}

/// The independence rules a firm is bound by for this report: the framework's, and for a US CPA
/// firm the AICPA Code as well whatever standard the report follows (an ISAE 3000 engagement adds
/// the IESBA Code: ISAE 3000 (Revised) para. 20).
std::string independence_codes(const FrameworkWords& words, const Firm* firm) {
  // A US CPA firm's ISAE 3000 engagement: its own code, the AICPA's, applies to it; the IESBA Code
  // too when the firm applies it directly (isae_basis = "iesba"), as section 1 says; else the firm
  // relies on the AICPA Code being at least as demanding.
  const bool us_firm = firm && firm->country == "US";
  if (!us_firm || words.independence.find("AICPA") != std::string::npos) return words.independence;
  return firm->isae_basis == "iesba"
             ? "the AICPA Code of Professional Conduct (ET 1.295, nonattest services) and " +
                   words.independence + ", which both apply to us"
             : "the AICPA Code of Professional Conduct (ET 1.295, nonattest services)";
}

/// "90 controls that you operate, and 18 that Vigil Managed Security ApS operates, which you
/// arrange for it to provide": an inclusive vendor's controls are its own, not the client's.
std::string controls_by_performer(const Estimate& e, const Model& m, bool arranged = true) {
  std::map<std::string, int> by;  // performer id ("" the organization) → controls
  for (const auto& c : e.scope.controls) by[c.performed_by]++;
  const int own = by[""];
  if (by.size() == 1) return std::to_string(own) + " controls";
  const auto vendors = subservices_by_id(m.subservices);
  std::vector<std::string> theirs;
  for (const auto& [who, n] : by) {
    if (who.empty()) continue;
    const auto it = vendors.find(who);
    const std::string name =
        it != vendors.end() && !it->second->name.empty() ? it->second->name : who;
    theirs.push_back(std::to_string(n) + " that " + name + " operates");
  }
  return std::to_string(own) + " controls that you operate, and " + join(theirs) +
         (arranged ? std::string{", which you arrange for "} +
                         (theirs.size() == 1 ? "it" : "each") + " to provide"
                   : std::string{});
}

/// The planned date of the plan's milestone an instalment is tied to: the start of planning, of the
/// first interim fieldwork (the start of the final one where there is none), of the final fieldwork
/// after the window, or the report in hand.
std::optional<Date> milestone_date(const Estimate& e, PaymentMilestone at) {
  auto milestone = [&](std::string_view id) -> std::optional<Date> {
    for (const auto& ms : e.timing.milestones) {
      if (ms.id == id) return planned(ms);
    }
    return std::nullopt;
  };
  switch (at) {
    case PaymentMilestone::None:
      return std::nullopt;
    case PaymentMilestone::Planning:
      return milestone(kStart);
    case PaymentMilestone::InterimFieldwork:
      if (const auto* p = e.timing.phase(PhaseRole::Fieldwork)) return p->start;
      [[fallthrough]];
    case PaymentMilestone::FinalFieldwork:
      // The final visit (a Type 1's only one), as the evidence list plans it.
      if (!e.timing.fieldwork.empty()) return e.timing.fieldwork.back().start;
      if (const auto* p = e.timing.phase(PhaseRole::Reporting)) return p->start;
      return std::nullopt;
    case PaymentMilestone::Report:
      return milestone(kReportInHand);
  }
  return std::nullopt;
}

/// How the letter names a milestone the firm file gives without words: "At the start of final
/// fieldwork" only where there is interim fieldwork before it.
std::string milestone_words(const Estimate& e, PaymentMilestone at) {
  const bool interim = e.timing.fieldwork.size() > 1;  // visits before the final one
  switch (at) {
    case PaymentMilestone::Planning:
      return "When planning starts";
    case PaymentMilestone::InterimFieldwork:
      return interim ? "At the start of interim fieldwork" : "At the start of fieldwork";
    case PaymentMilestone::FinalFieldwork:
      return interim ? "At the start of final fieldwork" : "At the start of fieldwork";
    case PaymentMilestone::Report:
      return "On delivery of the report";
    case PaymentMilestone::None:
      break;
  }
  return "";
}

/// "NordColo Data Centres'", "Equinix's".
std::string possessive(const std::string& name) {
  return !name.empty() && name.back() == 's' ? name + "'" : name + "'s";
}

std::string percent_share(double share) { return format_number(share * 100, 1) + " %"; }

/// How long a proposal stands, and what the letter says of it.
struct Validity {
  Date valid_until;
  std::string
      replan;  ///< the re-plan clause, when acceptance may come too late for the plan's dates
  std::string
      reason;  ///< ", the last working day … before planning starts on …" when not the firm's days
  std::string
      note;  ///< for the partner's memo: how the validity was set, when not simply the firm's days
};

Validity validity_of(const ProposalDocument& doc, Date today, bool consultant) {
  const auto& m = doc.model;
  const auto& e = doc.result.estimate;
  const Firm* firm = doc.firm;
  const std::string client_country = country_of(m.organization);
  Validity v;
  // A proposal stands for the firm's validity days. It does not lapse in a holiday season (when no
  // one can accept it): then it stands to the first working day after. Accepted less than two weeks
  // before planning starts, its dates no longer hold, and it says so: an auditor needs about two
  // weeks between acceptance and planning for its acceptance procedures and the engagement letter
  // (judgement); a consultant's own work starts with its readiness phase.
  Date valid_until = today.plus_days(firm ? firm->validity_days : 30);
  if (const auto season = holiday_season(valid_until, client_country)) {
    valid_until = season->second.plus_days(1).working_day(client_country);
  } else if (valid_until.working_day_before(client_country) > today) {
    valid_until = valid_until.working_day_before(client_country);
  }
  // A consultant's work starts with the plan: its scoping is the plan's first phase, then the
  // readiness assessment.
  std::optional<Date> work_starts = m.engagement.start;
  // Never past the day the work is planned to start: accepted then, nothing of the letter's plan
  // holds. It ends on the last working day before, out of any holiday season.
  bool capped = false;
  if (work_starts && *work_starts > today && valid_until >= *work_starts) {
    Date d = work_starts->plus_days(-1);
    while (d > today && (!d.is_working_day(client_country) || holiday_season(d, client_country)))
      d = d.plus_days(-1);
    if (d > today) {
      valid_until = d;
      capped = true;
    }
  }
  std::string replan;
  // The last day to accept on the plan's dates: ten working days before the work starts, the
  // holiday seasons not counted (no acceptance procedures run over Christmas).
  std::optional<Date> last;
  if (work_starts) {
    Date d = *work_starts;
    for (int left = kAcceptanceLeadWorkingDays; left > 0;) {
      d = d.plus_days(-1);
      if (d.is_working_day(client_country) && !holiday_season(d, client_country)) --left;
    }
    last = d;
  }
  if (last && valid_until > *last) {
    const std::string starts = consultant ? "our work starts" : "planning starts";
    // What a later start does: the fee stands, the dates move with it, and a renewal may not wait.
    std::string effect =
        consultant
            ? " Our fee stands; our work, and the audit after it, start later by the time lost"
            : " The fee stands, but the report comes later by about the time lost";
    effect += e.timing.renewals.empty()
                  ? "."
                  : ", which your customer's renewal on " +
                        long_date(e.timing.renewals.front().renewal) + " may not allow.";
    replan = (*last > today ? "If you accept after " + long_date(*last) +
                                  ", we will re-plan the dates from your acceptance."
                            : "The dates assume " + starts + " on " + long_date(*work_starts) +
                                  "; we will re-plan them from your acceptance.") +
             effect;
  }
  // Shorter or longer than the firm's days, the terms say why.
  if (capped) {
    bool season_between = false;
    for (Date d = valid_until.plus_days(1); d < *work_starts && !season_between;
         d = d.plus_days(1)) {
      season_between = holiday_season(d, client_country).has_value();
    }
    v.reason = std::string{", the last working day "} +
               (season_between ? "outside the holiday period " : "") + "before " +
               (consultant ? "our work starts" : "planning starts") + " on " +
               long_date(*work_starts);
  } else if (valid_until > today.plus_days(firm ? firm->validity_days : 30)) {
    v.reason = ", moved past the holiday period";
  }
  if (!replan.empty() || valid_until != today.plus_days(firm ? firm->validity_days : 30)) {
    const int days = firm ? firm->validity_days : 30;
    v.note =
        "Validity: to " + long_date(valid_until) +
        (capped ? ", the firm's " + std::to_string(days) + " days cut to before " +
                      (consultant ? "our work starts" : "planning starts")
         : valid_until > today.plus_days(days)
             ? ", the firm's " + std::to_string(days) + " days moved out of the holiday season"
             : ", the firm's " + std::to_string(days) + " days") +
        (replan.empty() ? "."
                        : "; later than ten working days before, the letter re-plans the dates.");
  }
  v.valid_until = valid_until;
  v.replan = replan;
  return v;
}

/// What every part of the letter and of the memo reads: the document, and what is worked out once
/// from it.
struct ProposalFacts {
  const ProposalDocument& doc;
  const Model& model;
  const EstimateResult& result;
  const ProposalPricing& pricing;
  const Firm* firm;
  bool consultant;     ///< a readiness consultant's letter, not the auditor's
  std::string cur;     ///< the currency the fee is quoted in
  std::string report;  ///< "SOC 2 Type 2"
  const FrameworkWords& words;
  std::string engagement;  ///< "SOC 2 Type 2 examination"
  std::string client_country;
  std::string independence;  ///< the rules the firm's independence is held to (independence_codes)
  std::vector<std::string> carved, inclusive;  ///< the subservice organizations' names, by method

  std::string money(double v) const { return cur + " " + format_money(v); }
  /// An indication, not a quote: an amount rounded to two significant figures.
  std::string rough(double v) const {
    const double step = v >= 100000 ? 10000 : v >= 10000 ? 1000 : 100;
    return money(std::round(v / step) * step);
  }
};

ProposalFacts facts_of(const ProposalDocument& doc) {
  const auto& m = doc.model;
  const auto& p = doc.pricing;
  const std::string report = display_name(m.engagement.report);
  const auto& words = words_of(m.engagement.report);
  ProposalFacts f{doc,
                  m,
                  doc.result,
                  p,
                  doc.firm,
                  p.role == FirmRole::Consultant,
                  p.currency.empty() ? doc.result.estimate.cost.currency : p.currency,
                  report,
                  words,
                  report + " " + words.engagement,
                  country_of(m.organization),
                  independence_codes(words, doc.firm),
                  {},
                  {}};
  for (const auto& s : doc.result.boundary.subservices) {
    (s.method == SubserviceMethod::CarveOut ? f.carved : f.inclusive).push_back(s.name);
  }
  return f;
}

/// The letterhead, the addressee, the date and how long the proposal stands, whether it is a
/// draft, the title and the opening.
void write_letterhead(const ProposalFacts& f, Letter& L) {
  const auto& doc = f.doc;
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const std::string& report = f.report;
  const std::string& engagement = f.engagement;
  L.firm_name = firm ? firm->name : "";
  if (firm) {
    L.firm_lines = firm->address;
    std::vector<std::string> contact;
    for (const auto* s : {&firm->contact.name, &firm->contact.email, &firm->contact.phone}) {
      if (!s->empty()) contact.push_back(*s);
    }
    if (!contact.empty()) L.firm_lines.push_back(join(contact, " · ", " · "));
  }
  L.client = m.organization.name;
  if (!m.organization.contact.empty()) L.client_lines.push_back("Attn. " + m.organization.contact);
  if (!m.organization.address.empty()) {
    L.client_lines.insert(L.client_lines.end(), m.organization.address.begin(),
                          m.organization.address.end());
  } else if (!m.organization.location.empty()) {
    L.client_lines.push_back(m.organization.location);
  }
  const auto today = Date::parse(doc.prepared_on).value_or(Date::today());
  L.date = long_date(today);
  const auto validity = validity_of(doc, today, consultant);
  L.valid_until = long_date(validity.valid_until);
  L.replan = validity.replan;
  L.validity_reason = validity.reason;
  L.validity_note = validity.note;
  L.valid_until_plain = L.valid_until;
  // Priced on the illustrative card, the fee is no firm's: the letter says it is a draft.
  if (e.cost.illustrative_rates) {
    L.draft = "Draft: the fee is priced with illustrative rates, not " +
              (L.firm_name.empty() ? std::string{"the firm's"} : L.firm_name + "'s") +
              " own, and is not an offer until it is re-priced.";
  }
  // A US firm's ISAE 3000 letter states how the firm meets the standard's ethics and quality
  // management requirements: only what its firm file records, else the letter is a draft.
  // (A report that stands in for another framework's, from a firm where that framework's firms
  // sign.)
  const auto& standing_in = words_of(m.engagement.report).accepted_for;
  const bool isae_letter = !standing_in.empty() && firm &&
                           !framework_words(standing_in).signer_country.empty() &&
                           firm->country == framework_words(standing_in).signer_country;
  if (!consultant && isae_letter && firm->isae_basis.empty()) {
    L.draft += std::string{L.draft.empty() ? "Draft:" : ""} +
               " The firm file does not record how the firm meets ISAE 3000 (Revised)'s ethics and "
               "quality management "
               "requirements (isae_basis): section 1's standards paragraph is to be confirmed "
               "before the letter is sent.";
  }
  L.title = consultant
                ? "Proposal: readiness for " + std::string{article_for(report)} + " " + engagement
                : "Proposal: " + engagement;
  // A SOC 2+ says so in its title: the additional criteria are part of what is proposed.
  for (const auto& a : f.result.estimate.scope.additional) {
    L.title += (&a == &f.result.estimate.scope.additional.front() ? ", with the " : " and the ") +
               a.name + " as additional criteria";
  }
  L.opening = "Thank you for asking " + (L.firm_name.empty() ? std::string{"us"} : L.firm_name) +
              " for a proposal " +
              (consultant ? "to prepare " + m.organization.name + " for its " + engagement
                          : "for " + m.organization.name + "'s " + engagement) +
              ". This letter sets out what we will do, what it costs, when it will be done and "
              "what we need from you.";
}

/// What the scope paragraph says the work covers: the services, the categories in scope, the
/// period (or the date) and what the controls are tested for.
struct ScopeTerms {
  std::vector<std::string> services, categories;
  std::string period;
  std::string what_tested;
};

ScopeTerms scope_terms(const ProposalFacts& f) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  ScopeTerms t;
  for (const auto& s : m.services) t.services.push_back(s.name.empty() ? s.id : s.name);
  for (const auto& c : e.scope.categories) {
    if (c.in_scope) t.categories.push_back(display_name(c.category));
  }
  if (const auto w = planned_window(e)) {
    // The period (or date) is management's to choose and is agreed with us: the letter gives the
    // planned one, which the timeline below may move.
    // A period the model fixes (window_start) is stated as fixed; a renewal's continues the last.
    const std::string months =
        std::to_string(m.engagement.observation_months.value_or(kDefaultObservationMonths));
    t.period =
        is_type2(m.engagement.report)
            ? (m.engagement.window_start
                   ? "throughout the " + months + "-month period from " + long_date(w->first) +
                         " to " + long_date(w->second) + ""
                   : "throughout a " + months +
                         "-month period to be agreed with management, currently planned as " +
                         long_date(w->first) + " to " + long_date(w->second))
            : "as of a date to be agreed with management, currently planned as " +
                  long_date(w->first);
  }
  t.what_tested = is_type2(m.engagement.report) ? f.words.type2_subject : f.words.type1_subject;
  return t;
}

/// A consultant's scope: the readiness work, and the audit it prepares for as another firm's.
void write_readiness_scope(const ProposalFacts& f, const ScopeTerms& s, Letter& L) {
  const auto& m = f.model;
  const auto& r = f.result;
  const auto& words = f.words;
  const std::string& independence = f.independence;
  const auto& [services, categories, period, what_tested] = s;
  L.scope = "We will prepare " + m.organization.name + " for the " + words.engagement + " of its " +
            join(services) +
            " by an independent audit firm: assess how ready the controls are against the Trust "
            "Services Criteria for " +
            join(categories) +
            ", recommend how to close the gaps, and organise the evidence the auditor will ask "
            "for, so that the auditor can report on whether its controls " +
            what_tested + " " + period + ". The " + words.engagement +
            " and its report are a separate engagement of that firm. Designing or implementing "
            "controls, "
            "or drafting the system description, is work an auditor may not do for a client it "
            "audits under " +
            independence + ", so the firm that reports must be independent of this work.";
  // The customers' financial-statement auditors may want another report: the client asks them.
  if (financial_reporting_question(m, r)) {
    L.scope +=
        " As your service bears on your customers' financial reporting, ask them whether their "
        "auditors also "
        "need a report on controls relevant to it (" +
        words.financial_report + ").";
  }
}

/// An auditor's scope: the opinion's subject in the framework's words, the standards the work
/// follows and what the report is not.
/// A SOC 2+'s further criteria, in a sentence each (empty without them, else ending in a space).
std::string additional_criteria_words(const Estimate& e) {
  std::string out;
  for (const auto& a : e.scope.additional) {
    out += cat(
        "Beside them, the report covers the requirements of the ", a.name, " (", a.regulation,
        ") as additional criteria: ", std::to_string(a.requirements), " requirements, ",
        std::to_string(a.with_criteria),
        " of them tested with the controls for the criteria they relate to and ",
        std::to_string(a.own_controls),
        " with controls of their own. Management's description states how its controls "
        "meet each requirement, and our opinion addresses them with the criteria" +
            (a.addressable
                 ? cat("; for each of the ", std::to_string(a.addressable),
                       " addressable specifications, the description states what management "
                       "implemented: the specification, an equivalent alternative measure, or, "
                       "where neither is reasonable and appropriate, its documented reasons")
                 : std::string{}) +
            ". The report is not a legal determination that you comply with the " + a.name + ". ");
  }
  return out;
}

void write_examination_scope(const ProposalFacts& f, const ScopeTerms& s, Letter& L) {
  const auto& m = f.model;
  const auto& r = f.result;
  const auto& e = f.result.estimate;
  const Firm* firm = f.firm;
  const std::string& report = f.report;
  const auto& words = f.words;
  const auto& [services, categories, period, what_tested] = s;
  const bool us_firm = firm && firm->country == "US";
  // The opinion's subject in the framework's words (AT-C 205; ISAE 3000), conditioned, as the
  // opinion is, on the complementary controls the description assumes of vendors and customers.
  const bool carved_out = std::any_of(
      r.boundary.subservices.begin(), r.boundary.subservices.end(),
      [](const SubserviceInScope& v) { return v.method == SubserviceMethod::CarveOut; });
  const bool user_controls = !(e.scope.ran ? e.scope.cuecs : r.boundary.cuecs).empty();
  const std::string complementary =
      carved_out || user_controls
          ? std::string{", provided that the complementary controls the description assumes of "} +
                (carved_out && user_controls ? "the subservice organizations and of the customers"
                 : carved_out                ? "the subservice organizations"
                                             : "the customers") +
                " operated effectively" +
                (is_type2(m.engagement.report) ? " throughout the period" : " as of that date")
          : std::string{};
  // A Type 2 speaks of the description throughout the period and of the controls over it; a Type
  // 1 of both as of one date, which it names first.
  const bool type2 = is_type2(m.engagement.report);
  // On the Trust Services Criteria, the controls serve the service commitments and system
  // requirements; on control objectives (AT-C 320, ISAE 3402) the subject already names them.
  const std::string criteria_clause =
      cites_trust_services_criteria(m.engagement.report)
          ? ", to provide reasonable assurance that " + m.organization.name +
                "'s service commitments and system requirements " +
                (type2 ? "were achieved" : "would be achieved") +
                " based on the trust services criteria relevant to " + join(categories) +
                (type2 ? "" : ", if those controls operated effectively as of that date")
          : std::string{};
  L.scope =
      "We will " + words.scope_verb + " whether" +
      (type2 || period.empty() ? "" : ", " + period + ",") + " the description of " +
      m.organization.name + "'s " + join(services) + " " +
      during(words.description_test, type2 ? " throughout the period" : "") +
      ", and whether the controls stated in it " + what_tested +
      (type2 ? " " + period : std::string{}) + criteria_clause + complementary + ", and issue " +
      article_for(report) + " " + report + " report" +
      (e.scope.additional.empty() ? std::string{}
                                  : " that also covers the additional criteria set out below") +
      ". We will perform it under " + words.standards +
      // ISAE 3000 (Revised) para. 3: the practitioner is subject to the IESBA Code (or
      // requirements at least as demanding) and to ISQM 1 (or the like).
      // A US CPA firm meets them through the AICPA Code and SQMS No. 1, which the standard
      // accepts as at least as demanding; the report is the ISAE 3000 one, not a SOC 2 report.
      (!iesba_ethics(m.engagement.report) ? std::string{}
       : us_firm
           ? (firm->isae_with_attestation_standards
                  ? std::string{", and under the AICPA's attestation standards (AT-C 105 and "
                                "AT-C 205)"}
                  : std::string{}) +
                 (firm->isae_basis == "iesba" ? ". We comply with the independence and other "
                                                "ethical requirements of the IESBA Code "
                                                "(Parts 1, 3 and 4B) and of the AICPA Code of "
                                                "Professional Conduct, which also applies to "
                                                "us, and apply ISQM 1"
                                              : ". We comply with the independence and other "
                                                "ethical requirements of the AICPA Code of "
                                                "Professional Conduct and apply the AICPA's "
                                                "Statement on Quality Management Standards No. "
                                                "1, which we have concluded are at least as "
                                                "demanding as the IESBA Code and ISQM 1 (ISAE "
                                                "3000 (Revised), paragraph 3)") +
                 ". The report will be " + std::string{article_for(report)} + " " + report +
                 " report using the Trust Services Criteria" +
                 (firm->isae_with_attestation_standards ? "" : "; it is not a SOC 2 report")
           : ", in compliance with the IESBA Code and under a system of quality management that "
             "meets ISQM 1 "
             "(or requirements at least as demanding)") +
      ". " + words.criteria + " " + additional_criteria_words(r.estimate) + words.restricted_use +
      " " + words.opinion_caveat;
  // Processing of transactions (settlement, billing, payroll) may matter to the customers'
  // financial statements: their auditors then ask for a report on controls over financial
  // reporting, which this one is not.
  if (financial_reporting_question(m, r)) {
    // Performed under the AICPA's standards as well, its counterpart is the SOC 1 too.
    const bool with_at_c = us_firm && firm->isae_with_attestation_standards &&
                           words.financial_report.find("AT-C") == std::string::npos;
    L.scope +=
        " This report is not a report on controls relevant to your customers' financial "
        "reporting (" +
        words.financial_report + (with_at_c ? " or a SOC 1 report under AT-C 320" : "") +
        "): if their auditors rely on this service for it, they will ask for such a report, "
        "which we can "
        "propose separately.";
  }
}

/// Section 1's opening paragraph: the scope, in the client's words.
void write_scope(const ProposalFacts& f, Letter& L) {
  const auto terms = scope_terms(f);
  if (f.consultant) {
    write_readiness_scope(f, terms, L);
  } else {
    write_examination_scope(f, terms, L);
  }
}

/// The system in scope: its components' names, by kind.
void write_system(const ProposalFacts& f, Letter& L) {
  const auto& r = f.result;
  std::map<ComponentKind, std::vector<std::string>> by_kind;
  for (const auto& n : r.boundary.nodes) {
    if (n.node == NodeKind::Component && n.kind && n.verdict == Verdict::InScope)
      by_kind[*n.kind].push_back(n.name);
  }
  // Names with commas of their own ("Colocation cage, Ballerup") are listed with semicolons.
  for (auto& [kind, names] : by_kind) {
    const bool commas = std::any_of(names.begin(), names.end(), [](const std::string& n) {
      return n.find(',') != std::string::npos;
    });
    L.system.emplace_back(kind_words(kind),
                          commas ? join(names, "; ", "; ") : join(names, ", ", ", "));
  }
}

/// The subservice organizations: what the work tests of a carved-out one's and an inclusive
/// one's controls.
void write_vendors(const ProposalFacts& f, Letter& L) {
  const auto& r = f.result;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  const auto& words = f.words;
  const auto& carved = f.carved;
  const auto& inclusive = f.inclusive;
  if (!carved.empty()) {
    // What is not tested is the vendor's own controls; how the client configures and monitors what
    // it uses of them is its own control, and tested.
    const bool one = carved.size() == 1;
    L.vendors =
        join(carved) + (one ? " is a subservice organization" : " are subservice organizations") +
        ": the system description names " + (one ? "it" : "them") +
        " and the controls you expect of " + (one ? "it" : "them") +
        " (complementary subservice organization controls). " +
        (consultant
             // A consultant tests nothing: the auditor does, and the readiness review covers the
             // client's part.
             ? std::string{"Your auditor will not test "} + (one ? "its" : "their") +
                   " controls (the carve-out method); it will test how you configure and use " +
                   (one ? "it" : "them") + " and how you monitor " +
                   (one ? "it, with its" : "them, with their") +
                   " own reports, and our readiness review covers those controls of yours."
             : std::string{"We do not test "} + (one ? "its" : "their") +
                   " controls (the carve-out method); we do test how you configure and use " +
                   (one ? "it" : "them") + ", and how you monitor " +
                   (one ? "it, with its" : "them, with their") + " own reports.");
  }
  if (!inclusive.empty()) {
    // Whether the work includes site visits, whose travel and lodging are billed at cost beside the
    // fee (their own ledger line, as the firm's terms have it).
    const bool visits = r.estimate.effort.site_visits.value.high > 0;
    const auto* travel_item = e.cost.item(CostRole::VendorSiteTravel);
    const auto* travel = travel_item ? e.find(travel_item->line) : nullptr;
    L.vendors +=
        (L.vendors.empty() ? "" : " ") + std::string{"The controls of "} + join(inclusive) +
        " are tested as part of this " + words.engagement +
        " (the inclusive method): " + (inclusive.size() == 1 ? "it" : "each") +
        " will need to describe its controls for the system description, give its own written "
        "assertion "
        "and representation letter, and give us access to test its controls" +
        (visits
             ? std::string{" at its sites: we visit each site it runs for you once. The fee "
                           "excludes the travel and lodging of "
                           "those visits"} +
                   (travel && !consultant
                        ? ". We estimate them at about " +
                              f.money(travel->spread ? travel->spread->p50 : travel->value.likely) +
                              "; we agree them with you before booking and bill them at cost."
                        : ", which are billed at cost.")
             : std::string{"."});
  }
}

/// The vendors paragraph ends: an inclusive vendor's agreement, a precondition of the engagement
/// asked for before the engagement letter.
void write_inclusive_precondition(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& r = f.result;
  const auto& e = f.result.estimate;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const auto& inclusive = f.inclusive;
  // An inclusive vendor's part is a precondition of the engagement (AT-C 105 and ISAE 3000 on
  // preconditions), not an assumption of the fee: its agreement is asked for before the period.
  if (!inclusive.empty() && !consultant) {
    // Established before the engagement is accepted: the engagement letter is signed before
    // planning starts, so the agreement is wanted a week before that.
    std::optional<Date> by;
    if (const auto* start = e.timing.milestone(kStart)) {
      by = planned(*start).plus_days(-7).working_day_before(country_of(m.organization));
    }
    L.vendors += " Before we sign the engagement letter" +
                 (by ? " (by " + long_date(*by) + ")" : std::string{}) + ", " + join(inclusive) +
                 "'s management must agree in writing to give that description, assertion and "
                 "representation letter and that access, and we confirm our independence of " +
                 (inclusive.size() == 1 ? "it" : "each") +
                 ". Without that agreement we propose the carve-out method "
                 "for " +
                 (inclusive.size() == 1 ? "it" : "them") + " instead";
    // Carved out, a vendor with no report of its own leaves the client's monitoring of it without
    // independent assurance: the fallback is not like for like, and the letter says what it means.
    std::vector<std::string> unreported;
    for (const auto& v : r.boundary.subservices) {
      if (v.method == SubserviceMethod::Inclusive && v.report == VendorReport::None)
        unreported.push_back(v.name);
    }
    L.vendors += unreported.empty()
                     ? "."
                     : ": as " + join(unreported) + (unreported.size() == 1 ? " has" : " have") +
                           " no assurance report of " + (unreported.size() == 1 ? "its" : "their") +
                           " own, you would then need other evidence of how you monitor " +
                           (unreported.size() == 1 ? "it" : "them") +
                           " (its service reports, your reviews of them, your right to audit), the "
                           "system description "
                           "would name the controls you expect of " +
                           (unreported.size() == 1 ? "it" : "them") +
                           ", and we would re-scope and re-price before the engagement letter.";
    // Its own staff's data goes to us too: from the EEA (or the UK) to a firm outside it, on the
    // same transfer terms as the client's.
    const auto client = country_of(m.organization);
    const std::string firm_at = firm ? firm->country : m.engagement.auditor_country;
    if (!consultant && leaves_gdpr_area(client, firm_at)) {
      L.vendors += std::string{" As "} + (inclusive.size() == 1 ? "it" : "each") +
                   " will give us personal data about its own staff, " +
                   (inclusive.size() == 1 ? "it signs" : "each signs") +
                   " the same transfer terms with us before it does.";
    }
  }
}

/// The components outside the scope, and those excluded although in-scope ones depend on them.
void write_excluded(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& r = f.result;
  const bool consultant = f.consultant;
  // A component the model excludes although in-scope ones depend on it is no plain "outside": its
  // exclusion and the flow to it are disclosed, and whether it is appropriate is a planning
  // question.
  std::vector<std::string> plain;
  for (const auto& n : r.boundary.nodes) {
    if (n.node != NodeKind::Component || !n.kind || n.verdict == Verdict::InScope) continue;
    // Who depends on it (uses, runs on, stores in it) and who sends data to it (flows_to): the
    // letter says which, as the model does.
    std::vector<std::string> dependents, senders;
    if (n.verdict == Verdict::Excluded) {
      for (const auto& c : m.components) {
        const auto at = r.boundary.component_index(c.id);
        if (!at || !r.boundary.component_in_scope(*at)) continue;
        const std::string who = c.name.empty() ? c.id : c.name;
        auto names = [&](const std::vector<Ref>& refs) {
          return std::any_of(refs.begin(), refs.end(), [&](const Ref& x) { return x.id == n.id; });
        };
        if ((names(c.uses) || names(c.runs_on) || names(c.stores)) &&
            std::find(dependents.begin(), dependents.end(), who) == dependents.end()) {
          dependents.push_back(who);
        } else if (names(c.flows_to) &&
                   std::find(senders.begin(), senders.end(), who) == senders.end()) {
          senders.push_back(who);
        }
      }
    }
    if (dependents.empty() && senders.empty()) {
      plain.push_back(n.name);
    } else {
      std::vector<std::string> links;
      if (!dependents.empty())
        links.push_back(join(dependents) + (dependents.size() == 1 ? " depends on" : " depend on"));
      if (!senders.empty())
        links.push_back(join(senders) + (senders.size() == 1 ? " sends data to" : " send data to"));
      L.excluded.push_back(
          "You have chosen to exclude " + n.name + ", which " + join(links, "; ", ", and which ") +
          ": your system description will need to disclose the exclusion and that link, and " +
          (consultant
               ? std::string{"the auditor will consider whether the exclusion is appropriate; if "
                             "it is "
                             "not, the scope of the audit changes."}
               : std::string{
                     "we will consider in planning whether the exclusion is appropriate; if it "
                     "is not, the scope and the fee change."}));
    }
  }
  if (!plain.empty()) L.outside = "Outside the scope: " + join(plain) + ".";
}

/// Section 2: the fee, and the VAT on it.
void write_fee(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const std::string work = consultant ? " for the readiness work" : "";
  // VAT words per case, for whoever sends the invoice: none where neither party has VAT, an export
  // where the buyer is outside any VAT area, the reverse charge only inside its rule.
  const VatCase invoice = consultant
                              ? consultant_vat_case(e.cost.vat_case, firm ? firm->country : "",
                                                    country_of(m.organization))
                              : e.cost.vat_case;
  const bool vat_free = invoice == VatCase::NoVat || invoice == VatCase::OutsideScope;
  L.fee_excludes_vat = !vat_free;
  const std::string vat_clause = vat_free ? "." : ", excluding VAT.";
  L.fee_sentence = p.basis == FeeBasis::Fixed
                       ? "Our fee" + work + " is " + f.money(p.fee.quoted) +
                             ", fixed on the assumptions set out below" + vat_clause
                       : "Our fee" + work + " is billed for the hours worked and will not exceed " +
                             f.money(p.fee.quoted) + vat_clause;
  switch (invoice) {
    case VatCase::Domestic: {
      // The rate and the amount on the fee quoted, where the estimate priced the VAT (the
      // auditor's).
      const double rate = !consultant && e.cost.vat && e.cost.fee.value.likely > 0
                              ? e.cost.vat->value.likely / e.cost.fee.value.likely
                              : 0.0;
      L.vat_sentence =
          rate > 0 ? "VAT at " + format_number(std::round(rate * 1000) / 10) + " % (" +
                         f.money(p.fee.quoted * rate) + " on that fee) is added to the invoice."
          : firm && !firm->country.empty() ? "VAT at " + country_name(firm->country) +
                                                 "'s standard rate is invoiced in addition."
                                           : "VAT is invoiced in addition.";
      break;
    }
    case VatCase::ReverseCharge:
      L.vat_sentence =
          "No VAT is added to our invoices: under the reverse charge you account for the VAT "
          "yourself, on our "
          "fee and on the travel we bill at cost.";
      break;
    case VatCase::OutsideScope:
      L.vat_sentence =
          consultant ? "No VAT is charged: our services to your business are outside the scope of "
                       "our country's "
                       "VAT (place of supply where the business is: EU VAT Directive art. 44)."
                     : "No VAT is charged: the service is supplied to a business outside our VAT "
                       "area (an export of services).";
      break;
    case VatCase::NoVat:
    case VatCase::Unknown:
      break;
  }
  // A buyer that cannot deduct (all or part of) the VAT it pays or self-assesses bears it: say so
  // where VAT arises, so the budget holds it (EU VAT Directive art. 168, 173).
  const bool vat_arises = invoice == VatCase::Domestic || invoice == VatCase::ReverseCharge;
  if (vat_arises && m.organization.vat_recovery_share < 1.0) {
    // Whether it can deduct is its own tax position, not ours to state or record.
    L.vat_sentence +=
        " Whether you can deduct that VAT depends on your own VAT position; what you cannot deduct "
        "is a cost "
        "to you on top of the fee.";
  }
}

/// A combined engagement's fees: each report the firm performs, apart and performed together, at
/// the letter's percentile (each report's fee less its own savings, run by run); what performing
/// them together saves; the totals. Each amount as the letter prints it (to the hundred), so the
/// lines add up. A certification another body performs is named, not priced.
void write_combined(const ProposalFacts& f, Letter& L) {
  const auto* c = f.doc.combination;
  if (!c || c->reports.size() < 2 || !c->error.empty()) return;
  const double q = f.pricing.percentile / 100.0;
  std::vector<const CombinedReport*> ours, theirs;
  for (const auto& r : c->reports)
    (c->one_firm || !is_certification(r.report) ? ours : theirs).push_back(&r);
  auto shown = [](double v) { return std::round(v / 100.0) * 100.0; };
  auto names = [](const std::vector<const CombinedReport*>& rs, std::size_t from) {
    std::string out;
    for (std::size_t k = from; k < rs.size(); ++k)
      out += (k == from            ? "the "
              : k + 1 == rs.size() ? " and the "
                                   : ", the ") +
             display_name(rs[k]->report);
    return out;
  };
  if (ours.size() > 1) {
    double apart_total = 0, together_total = 0;
    bool tested_once = false, certification_tests = false;
    for (const auto* r : ours) {
      const std::string id = to_string(r->report);
      std::vector<double> runs = r->fee_runs;
      double saved_likely = 0;
      for (const auto& s : c->savings) {
        if (s.report != id) continue;
        saved_likely += s.fee.likely;
        if (s.stage == 2) {
          tested_once = true;
          certification_tests = certification_tests || is_certification(r->report);
        }
        if (s.fee_runs.size() != runs.size()) runs.clear();
        for (std::size_t k = 0; k < runs.size(); ++k) runs[k] -= s.fee_runs[k];
      }
      const double likely = r->result.estimate.cost.fee.value.likely;
      const double apart = shown(r->fee_runs.empty() ? likely : quantile(r->fee_runs, q));
      const double together = shown(runs.empty() ? likely - saved_likely : quantile(runs, q));
      apart_total += apart;
      together_total += together;
      L.combined.push_back({display_name(r->report), f.money(apart), f.money(together)});
    }
    L.combined_intro =
        "We propose this " + f.engagement + " together with " + names(ours, 1) +
        ", on the same system: " +
        (tested_once ? "a control they rely on is tested once, for " +
                           std::string{ours.size() == 2 ? "both" : "all of them"} +
                           (certification_tests ? ", our certification auditors testing with "
                                                  "our attest team in the same weeks"
                                                : "")
                     : std::string{"their planning and the documentation of the controls they "
                                   "share are done once (their tests are not shared)"}) +
        ". Each report's fee apart and performed together, on the same assumptions as the fee "
        "above:";
    L.combined.push_back(
        {ours.size() == 2 ? "Both" : "All of them", f.money(apart_total), f.money(together_total)});
    L.combined_notes.push_back(
        "Performing them together saves " + f.money(apart_total - together_total) +
        ". The fee in the sentence above is for the " + f.report +
        " performed alone, which the rest of this letter describes; each report has its own "
        "engagement letter, which sets out its scope, timing and terms, and its fee performed "
        "together as above.");
  }
  if (!theirs.empty()) {
    L.combined_notes.push_back(
        "The " + names(theirs, 0).substr(4) +
        " is not ours to perform: an accredited certification body performs it, may not have "
        "advised on the management system it certifies (ISO/IEC 17021-1, 5.2), and quotes its "
        "own fee, which is not included here. With your consent, the evidence both rely on can "
        "be given to it as it is given to us, so that you gather it once.");
  }
}

/// Section 2 goes on: the audit apart (a consultant's), the options, the instalments and what the
/// fee does not include.
void write_options(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const std::string& cur = f.cur;
  const std::string& independence = f.independence;
  if (consultant && p.audit && p.audit->runs > 0) {
    L.audit_apart =
        "Not part of our fee — the audit itself, by an independent audit firm, for your budget: "
        "roughly " +
        f.rough(p.audit->spread.p10) + " to " + f.rough(p.audit->spread.p90) +
        " (most likely about " + f.rough(p.audit->spread.p50) + ")" +
        (buyer_has_vat(e.cost.vat_case) == false ? "" : ", excluding VAT") +
        ". Indicative only: our estimate of the audit at illustrative market rates, before the "
        "auditor's "
        "travel; the audit firm will quote its own fee.";
  }
  L.option_headers = {"Option", "What it covers", consultant ? "Our fee" : "Fee"};
  if (consultant) L.option_headers.emplace_back("Audit, separate (estimate)");
  for (const auto& t : p.tiers) {
    std::vector<std::string> row{t.title, t.what, f.money(t.fee.quoted)};
    if (consultant) row.push_back(t.audit ? "about " + f.rough(t.audit->spread.p50) : "");
    L.options.push_back(std::move(row));
  }
  if (firm) {
    // Each instalment its share of the fee to the unit (so equal shares are equal amounts), the
    // last one taking what rounding left, so that the instalments add up to the fee quoted above.
    const double fee = std::round(p.fee.quoted / 100.0) * 100.0;
    double billed = 0;
    for (std::size_t k = 0; k < firm->payment.size(); ++k) {
      const auto& i = firm->payment[k];
      const double amount =
          k + 1 == firm->payment.size() ? fee - billed : std::round(fee * i.share);
      billed += amount;
      // Billed for the hours worked, an instalment is a ceiling, not an amount due.
      const auto date = milestone_date(e, i.at);
      L.payments.push_back({(i.when.empty() ? milestone_words(e, i.at) : i.when) +
                                (date ? " (planned " + long_date(*date) + ")" : ""),
                            percent_share(i.share),
                            (p.basis == FeeBasis::NotToExceed ? "up to " : "") + cur + " " +
                                format_grouped(amount)});
    }
  }
  L.not_included =
      consultant
          ? "Not included: the audit itself (above); fixing the gaps found, which is your team's "
            "work "
            "unless agreed separately; penetration testing; compliance tooling."
          : "Not included: penetration testing; compliance tooling; bridge letters, which your "
            "vendors "
            "provide. " +
                // A first audit may want a readiness assessment first; a renewal, other advice.
                // A firm whose certification arm certifies the same system offers neither: that
                // would be management-system consultancy (ISO/IEC 17021-1, 5.2).
                std::string{
                    certifies_too(m)
                        ? "We offer no readiness or advisory work on the system: our certification "
                          "arm certifies your management system, and may not have advised on it "
                          "(ISO/IEC 17021-1, 5.2)"
                    : m.organization.first_audit
                        ? "We can assess your readiness (a gap assessment with recommendations) "
                          "under a separate letter in which management keeps its responsibilities"
                        : "Other advisory work would be under a separate letter, subject to our "
                          "independence assessment, in which management keeps its "
                          "responsibilities"} +
                "; we do not design or implement your controls, write your policies or draft your "
                "system description, which would impair our independence as your auditor under " +
                independence + ".";
  // A category the system suggests and the report leaves out is said, so that customers do not
  // assume it: Privacy where the system holds personal data, another where the commitments name it.
  std::vector<std::string> left_out, because;
  for (const auto& c : e.scope.categories) {
    if (consultant || !c.suggested || c.in_scope) continue;
    left_out.push_back(display_name(c.category));
    const std::string why = c.category == Category::Privacy ? "the personal data your system holds"
                                                            : "your service's commitments";
    if (std::find(because.begin(), because.end(), why) == because.end()) because.push_back(why);
  }
  if (!left_out.empty()) {
    L.not_included += " The report does not cover the " + join(left_out, ", ", " or ") +
                      " criteria, although " + join(because, ", ", " and ") + " touch on them" +
                      "; we can add them if your customers ask for them.";
  }
}

/// Section 3: the milestones, planned and allowing for delays.
void write_timeline(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  const std::string& client_country = f.client_country;
  // Timeline. A consultant's letter shows its own work first (the readiness assessment and the
  // review of the remediation, on the plan's dates), then the audit's dates as the auditor's.
  // In date order: the start, the consultant's work, then the milestones after it.
  std::vector<std::vector<std::string>> ours;
  if (consultant) {
    for (const auto& ph : e.timing.phases) {
      const char* what =
          ph.role == PhaseRole::Readiness     ? "Scoping and readiness assessment (our work)"
          : ph.role == PhaseRole::Remediation ? "Remediation (your team's work; we review)"
                                              : nullptr;
      // A phase runs over whole weeks: it is shown from a working day to a working day. The
      // readiness work begins with the plan's scoping, so it is shown from the plan's start.
      const auto* begins = e.timing.milestone(kStart);
      const Date from = ph.role == PhaseRole::Readiness && begins ? planned(*begins) : ph.start;
      if (what) {
        ours.push_back({what,
                        long_date(from.working_day(client_country)) + " to " +
                            long_date(ph.end.working_day_before(client_country)),
                        "—"});
      }
    }
  }
  // The report's words, not the planner's: its period, not an observation window; the next cycle is
  // the two-year option's (a staged plan's Type 2 is part of this proposal).
  auto client_words = [&](const Milestone& ms) {
    std::string label = ms.label;
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"Observation window", "Period covered by the report"},
          {"-month window ends", "-month period ends"}}) {
      if (const auto at = label.find(from); at != std::string::npos)
        label.replace(at, from.size(), to);
    }
    if (!consultant && !m.engagement.then_type2_months && is_next_cycle(ms.id))
      label += " (two-year option)";
    return label;
  };
  std::pair<Date, Date> period_delayed;  // this period's end, planned and allowing for delays
  for (const auto& ms : e.timing.milestones) {
    // A consultant's work starts with its readiness assessment: the plan's start (the audit's
    // planning) is the auditor's, and the letter's first row is its own start.
    // A consultant's letter offers no next cycle: its rows would be the auditor's second year.
    if (consultant && !m.engagement.then_type2_months && is_next_cycle(ms.id)) continue;
    if (consultant && ms.id == kStart) {
      L.timeline.push_back(
          {"Our work starts", long_date(planned(ms).working_day(client_country)), "—"});
      L.timeline.insert(L.timeline.end(), ours.begin(), ours.end());
      ours.clear();
      continue;
    }
    const bool auditors = consultant && ms.id != "ready";
    // A date something is in hand by falls on a working day, the delayed one too; a period's ends
    // are calendar days.
    const bool by_date = ms.id == kStart || ms.id == kReportInHand || ms.id == kNextReportInHand;
    Date delayed = by_date ? latest(ms).working_day(client_country) : latest(ms);
    // A period delayed is the same period later: its end follows its delayed start by its months
    // (the next cycle's starts the day after this one ends).
    if (ms.id == kWindowEnd || ms.id == kNextWindowEnd) {
      if (const auto* begins = e.timing.milestone(kWindowStart)) {
        const bool next = ms.id == kNextWindowEnd;
        const Date from = next ? period_delayed.first.plus_days(1) : planned(*begins);
        const Date from_delayed = next ? period_delayed.second.plus_days(1) : latest(*begins);
        const Date to = planned(ms);
        int months = 0;
        while (months < 120 && from.plus_months(months + 1).plus_days(-1) <= to) ++months;
        delayed = from.plus_months(months).plus_days(-1) == to
                      ? from_delayed.plus_months(months).plus_days(-1)
                      : from_delayed.plus_days(from.days_until(to));
        if (!next) period_delayed = {to, delayed};
      }
    }
    L.timeline.push_back(
        {auditors ? client_words(ms) + " (your auditor's, indicative)" : client_words(ms),
         long_date(planned(ms)), long_date(delayed)});
    if (ms.id == kStart) {
      L.timeline.insert(L.timeline.end(), ours.begin(), ours.end());
      ours.clear();
    }
  }
  L.timeline.insert(L.timeline.end(), ours.begin(),
                    ours.end());  // a plan without a start milestone
}

/// Section 3 goes on: whether the report is in hand for each of the customers' renewals.
void write_renewals(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  // A Type 2 period the model fixes (window_start), on the plan's dates.
  std::optional<std::pair<Date, Date>> fixed_window;
  if (is_type2(m.engagement.report) && m.engagement.window_start) fixed_window = planned_window(e);
  for (const auto& c : e.timing.renewals) {
    // The lead time before the renewal is our planning margin, not the customer's term; a
    // consultant does not issue the report, so it speaks of the auditor's.
    const long lead = c.needed_by.days_until(c.renewal);
    const auto* report_ms = e.timing.milestone(kReportInHand);
    const long slack = report_ms ? planned(*report_ms).days_until(c.needed_by) : c.slack_days;
    // The lead is ours: the time we leave the customer to review the report before it renews.
    const std::string margin = lead > 0
                                   ? " (" + std::to_string(lead) + (lead == 1 ? " day" : " days") +
                                         " before it, to leave your customer time to review it)"
                                   : "";
    std::string s = "For your customer's renewal on " + long_date(c.renewal) + ", " +
                    (consultant ? std::string{"the auditor's report should be in hand by "}
                                : std::string{"we aim to have the report in hand by "}) +
                    long_date(c.needed_by) + margin + ": ";
    if (slack >= 0 && report_ms && c.verdict == RenewalVerdict::Met) {
      // Met: when it is planned, the margin, and what would lose it.
      const std::string days = std::to_string(slack) + (slack == 1 ? " day" : " days");
      // A consultant neither issues the report nor sets its date: it gives its estimate, leaves the
      // date to the auditor, and answers for its own part only.
      L.renewals.push_back(
          s +
          (consultant ? "on our estimate the auditor's report could be in hand on " +
                            long_date(planned(*report_ms)) + ", " + days +
                            " earlier still; the date is your auditor's to confirm."
                      : "the plan has it in hand on " + long_date(planned(*report_ms)) + ", " +
                            days + " earlier still.") +
          (fixed_window
               // A period the model fixes does not move: a control late to start is a deviation, or
               // the description says when it began; only the evidence and the reporting can delay
               // the report.
               ? " Your period is fixed at " + long_date(fixed_window->first) + " to " +
                     long_date(fixed_window->second) +
                     ": the controls must operate from its first day. One that starts later is "
                     "disclosed in the "
                     "report, and our conclusion on the criteria it addresses may be modified; the "
                     "report date does not "
                     "move. A delay of more than " +
                     days + " in the evidence or the reporting would put the renewal at risk; "
               : " A delay of more than " + days +
                     (m.organization.first_audit ? " in readiness, remediation or the evidence"
                                                 : " in the evidence or the reporting") +
                     " would put it at risk; ") +
          (consultant ? "we will tell you at once if readiness or remediation slips."
                      : "we will tell you at once if the plan slips."));
      continue;
    }
    if (c.wrong_report) {
      // Not a question of dates: a report as of one date is not what the customer holds or asks
      // for.
      L.renewals.push_back("For your customer's renewal on " + long_date(c.renewal) + ", " +
                           (m.organization.first_audit
                                ? std::string{"your customer asks for a Type 2 report, which this "
                                              "engagement does not give."}
                                : std::string{"your customers hold a report over a period from "
                                              "your last report. A Type 1 report speaks to "
                                              "the design of the controls as of one date: it does "
                                              "not continue that coverage, and will not "
                                              "serve that renewal. We recommend a Type 2 report "
                                              "whose period follows on from your last "
                                              "one."}));
      continue;
    }
    s += slack >= 0 ? "the planned dates have it " + std::to_string(slack) +
                          (slack == 1 ? " day" : " days") + " before then"
                    : "the planned dates miss that by " + std::to_string(-slack) +
                          (slack == -1 ? " day" : " days");
    // Missed by more than a month: not a question of margin; say what would meet it.
    const bool far = slack < -31;
    s += c.verdict == RenewalVerdict::Met ? "."
         : far ? ", so this report cannot be in hand for that renewal: to meet it, consider " +
                     std::string{is_type2(m.engagement.report)
                                     ? "a Type 1 report first or a shorter period (see the options)"
                                     : "starting sooner"} +
                     ", or agree a later date with your customer."
               : ", with too little margin for delays in readiness or fieldwork: we recommend "
                 "agreeing the "
                 "date with your customer, or starting sooner.";
    L.renewals.push_back(std::move(s));
  }
}

/// Section 4: the evidence the client provides and its team's time.
void write_client_part(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& r = f.result;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  const auto& words = f.words;
  // The client's part. The documents we plan from are due as the request list has them: in the
  // first week of planning, or after a holiday season that falls in it.
  const auto due = planning_documents_due(m, r);
  const std::string planning_docs_due =
      due ? "by " + long_date(*due) : std::string{"at the start of planning"};
  std::map<std::string, int> by_category;
  for (const auto& c : e.scope.controls) by_category[c.evidence_category]++;
  std::vector<std::string> kinds;
  for (const auto& [cat, n] : by_category) kinds.push_back(cat + " (" + std::to_string(n) + ")");
  // A consultant gathers the evidence with the client for the auditor, who asks for it.
  L.responsibilities.push_back(
      consultant
          ? "Gather with us the evidence an auditor typically asks for, for " +
                std::to_string(e.scope.controls.size()) + " controls: " + join(kinds, ", ", ", ") +
                ". We give you a preliminary evidence list when our "
                "work starts, and reconcile it with your auditor's own request list."
          : std::string{"Provide the evidence on the request list we agree with you at planning, "
                        "drawn from the "
                        "controls in your system description, by its due dates: "} +
                (is_type2(m.engagement.report)
                     ? "the documents we plan from " + planning_docs_due +
                           ", the draft system description before the period starts, each period's "
                           "listings and "
                           "records after it, then the items we select from them."
                     : "the documents we plan from, then each control's evidence as of " +
                           (planned_window(e)
                                ? long_date(planned_window(e)->first) + " (the as-of date)."
                                : std::string{"the as-of date."})));
  if (e.effort.client_hours.spread) {
    // Readiness before a first audit is the client's own work (or a consultant's with it), not the
    // examination's: the two are said apart.
    const double all = e.effort.client_hours.spread->p50;
    double readiness = e.effort.readiness.line.empty() ? 0.0
                       : e.effort.readiness.spread     ? e.effort.readiness.spread->p50
                                                       : e.effort.readiness.value.likely;
    // Said to the nearest ten: the P50 of the whole less the P50 of readiness is not the sum of the
    // estimate's own lines' medians, and the client plans its time in round figures.
    const auto tens = [](double v) { return std::round(v / 10.0) * 10.0; };
    const double audit = tens(std::max(0.0, all - readiness));
    readiness = tens(readiness);
    if (readiness <= 0) {
      L.responsibilities.push_back("Your team's time: about " + format_grouped(audit) +
                                   " hours over the engagement.");
    } else if (consultant) {
      L.responsibilities.push_back(
          "Your team's time: about " + format_grouped(readiness) +
          " hours on the readiness work with us, and about " + format_grouped(audit) +
          " hours later for the audit itself (evidence and walkthroughs).");
    } else {
      L.responsibilities.push_back(
          "Your team's time: about " + format_grouped(audit) + " hours for the " +
          words.engagement +
          " (evidence and walkthroughs). Getting ready before it, writing policies and closing "
          "gaps, is your own work, about " +
          format_grouped(readiness) + " hours on our estimate.");
    }
  }
}

/// Section 4 goes on: when the yearly controls must run.
void write_yearly_controls(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  // A yearly control tested in a window shorter than a year must run inside it; a Type 1's must
  // have run once by the as-of date to be in place.
  const bool type1 = !is_type2(m.engagement.report);
  if (type1 || m.engagement.observation_months.value_or(kDefaultObservationMonths) < 12) {
    // The examples a client plans around first: the risk assessment, continuity and recovery tests,
    // the penetration test, the policy review, training.
    static const std::vector<std::string_view> kFirst{"RISK-", "AV-",  "BCP-",
                                                      "MON-",  "COM-", "HR-"};
    const auto rank = [&](const ScopedControl& c) {
      const auto it = std::find_if(kFirst.begin(), kFirst.end(), [&](std::string_view prefix) {
        return c.id.rfind(prefix, 0) == 0;
      });
      return static_cast<std::size_t>(it - kFirst.begin());
    };
    std::vector<const ScopedControl*> annual;
    for (const auto& c : e.scope.controls) {
      // Every yearly control the organization performs (the evidence list asks for each).
      if (c.frequency == Frequency::Annual && c.performed_by.empty()) {
        annual.push_back(&c);
      }
    }
    std::stable_sort(annual.begin(), annual.end(),
                     [&](const auto* a, const auto* b) { return rank(*a) < rank(*b); });
    std::vector<std::string> yearly;
    for (std::size_t k = 0; k < annual.size() && k < 4; ++k) {
      std::string t = annual[k]->title;
      if (!t.empty()) t[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
      yearly.push_back(t);
    }
    const std::size_t count = annual.size();
    const auto w = planned_window(e);
    if (w && count > 0 && !consultant) {
      // The auditor names no controls of its own: which ones run yearly is the description's.
      L.responsibilities.push_back(
          type1
              ? "Controls in your description that run once a year must have run by the as-of "
                "date, " +
                    long_date(w->first) +
                    ", for us to find them in place; we confirm their timing with you at planning."
              : "Controls in your description that run once a year must operate within the period, "
                "between " +
                    long_date(w->first) + " and " + long_date(w->second) +
                    ", for us to test them; we confirm their timing with you at planning.");
    } else if (w && count > 0 && type1) {
      L.responsibilities.push_back("Perform each of the " + std::to_string(count) +
                                   " yearly controls at least once by the " + "as-of date, " +
                                   long_date(w->first) + ", so that " +
                                   (consultant ? "your auditor finds them" : "we find them") +
                                   " in place (for example: " + join(yearly, "; ", "; ") + ").");
    } else if (w && count > 0) {
      L.responsibilities.push_back("Hold the " + std::to_string(count) +
                                   " yearly controls inside the period, between " +
                                   long_date(w->first) + " and " + long_date(w->second) +
                                   ", so that they can be tested in " +
                                   (consultant ? "your auditor's report" : "this report") +
                                   " (for example: " + join(yearly, "; ", "; ") + ").");
    }
  }
}

/// Section 4 goes on: what management gives and keeps, and the vendors' reports it obtains.
void write_management_part(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const bool consultant = f.consultant;
  const auto& carved = f.carved;
  // The description, assertion and representations are what management gives its auditor; a
  // readiness consultant helps prepare for them but receives none.
  if (!consultant) {
    L.responsibilities.push_back(
        "Management's written description of the system, its assertion, and its representations at "
        "the end.");
  }
  if (!consultant) {
    L.responsibilities.push_back(
        "Management's responsibilities stay with you: designing, implementing and operating the "
        "controls, and preparing the system description and the assertion. We report on them; "
        "we do not take them on.");
    // A renewal's period should continue the last report's: the client confirms it.
    if (!m.organization.first_audit && is_type2(m.engagement.report)) {
      L.responsibilities.push_back(
          "Confirm that the period follows on from the period of your last report, so that your "
          "customers' coverage has no gap.");
    }
  }
  if (!carved.empty()) {
    const bool type2 = is_type2(m.engagement.report);
    L.responsibilities.push_back(
        "Obtain the current reports of " + join(carved) +
        (consultant ? ", as the auditor will ask for them."
         : type2    ? ", and bridge letters where a report's period ends before the end of ours. "
                      "Where that gap is longer "
                      "than about three months, keep other evidence of how you monitor the vendor "
                      "(its status and incident "
                      "notices, your contract and reviews of it), which we will inspect."
                 : ", and bridge letters where a report's period ends before the as-of date. Where "
                   "that gap is longer "
                   "than about three months, keep other evidence of how you monitor the vendor "
                   "(its status and incident "
                   "notices, your contract and reviews of it), which we will inspect."));
  }
}

/// Section 4 goes on: the controls the customers are expected to operate.
void write_cuecs(const ProposalFacts& f, Letter& L) {
  const auto& r = f.result;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  L.cuecs = e.scope.ran ? e.scope.cuecs : r.boundary.cuecs;
  // The controls customers are expected to run are management's to describe, not the auditor's: a
  // consultant suggests typical ones, the auditor names none.
  L.cuec_intro =
      consultant
          ? "Your system description will need to name the controls your customers are expected to "
            "operate "
            "(complementary user entity controls). For a service like yours they typically include:"
          : "Your system description will need to name the controls your customers are expected to "
            "operate "
            "(complementary user entity controls).";
  if (!consultant && !L.cuecs.empty()) {
    L.cuecs.clear();
    L.responsibilities.push_back(L.cuec_intro);
  }
  // Listed under "they typically include": each without its "Customers ", as a sentence of its own.
  for (auto& c : L.cuecs) {
    for (std::size_t at; (at = c.find("the organization")) != std::string::npos;)
      c.replace(at, 16, "you");
    if (c.rfind("Customers ", 0) == 0) c = c.substr(10);
    if (!c.empty()) c[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(c[0])));
  }
}

/// Section 5: the assumptions the fee rests on: the firm's own, the prior-year file, the
/// acceptance of the report and of the engagement, and the control set's size.
void write_assumptions(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const auto& words = f.words;
  if (firm) L.assumptions = firm->assumptions;
  // A renewal priced on our own prior-year file says so: a successor auditor has none to roll
  // forward.
  if (!consultant && !m.organization.first_audit) {
    L.assumptions.push_back(
        m.organization.new_auditor
            ? "We will read your last report and its system description, and design our tests "
              "afresh: the fee prices this first year with us as such. With your permission, we "
              "will "
              "communicate with your previous auditor before we accept the engagement."
            : "As the auditor of your last report, we roll forward our work from it: the fee "
              "assumes that file.");
  }
  // An ISAE 3000 report from a firm abroad: those who rely on it must take it, which the client
  // confirms. (A framework any country's auditor may report under, such as ISAE 3000.)
  const bool isae_report = words.signer_country.empty();
  const std::string firm_country = firm ? firm->country : m.engagement.auditor_country;
  if (!consultant && isae_report && !firm_country.empty() &&
      firm_country != country_of(m.organization)) {
    // A supervised client may be required by law to obtain such a report from an auditor approved
    // in its own country: then the firm cannot issue it for that purpose.
    L.assumptions.push_back(
        "You confirm before you accept that your customers and any bank or authority that relies "
        "on the "
        "report accept an ISAE 3000 report issued by a firm outside your country. Before we accept "
        "the "
        "engagement, we confirm with our counsel that no law or supervisory requirement calls for "
        "an "
        "auditor approved in your country to issue it; if one does, we cannot issue it for that "
        "purpose.");
  }
  // No year is committed before the firm has accepted it (AT-C 105; the AICPA Code): this one, and
  // under the two-year agreement the second too.
  if (!consultant) {
    const bool two_years = std::any_of(p.tiers.begin(), p.tiers.end(),
                                       [](const ProposalTier& t) { return t.id == "two-year"; });
    L.assumptions.push_back(
        std::string{
            "This engagement is subject to our acceptance procedures, including confirming our "
            "independence, before the engagement letter is signed"} +
        (two_years
             ? "; under the two-year agreement, the second report is subject to our continuance "
               "procedures and to an engagement letter for that year."
             : "."));
  }
  // The size of the control set the fee rests on: the description's, as the planning estimated it.
  if (!consultant) {
    L.assumptions.push_back("The fee assumes a system description of about " +
                            controls_by_performer(e, m, false) +
                            ", as we plan for a system like yours.");
  }
}

/// Section 5 goes on: the populations a Type 2's testing rests on.
void write_populations(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  if (!consultant && is_type2(m.engagement.report)) {
    // The populations the fee rests on, stated, so that a change to them can be agreed against
    // them. By who performs the controls: the organization's, then each inclusive vendor's (its
    // testing is priced in the fee too).
    std::map<std::string, std::map<std::string, double>> populations;
    for (std::size_t i = 0; i < e.scope.controls.size() && i < e.effort.controls.size(); ++i) {
      const auto& c = e.scope.controls[i];
      const auto& pop = e.effort.controls[i].population;
      if (c.frequency != Frequency::EventDriven || c.population.empty() || !pop) continue;
      auto& v = populations[c.performed_by][c.population];
      v = std::max(v, pop->value.likely);
    }
    auto said = [](const std::map<std::string, double>& of) {
      std::vector<std::string> counts;
      for (const auto& [name, v] : of) {
        std::string spoken = name;
        std::replace(spoken.begin(), spoken.end(), '-', ' ');
        // The populations are named in the plural ("incidents"): one is "1 incident".
        if (std::round(v) == 1 && !spoken.empty() && spoken.back() == 's') spoken.pop_back();
        counts.push_back(format_grouped(std::round(v)) + " " + spoken);
      }
      return join(counts, ", ", " and ");
    };
    std::vector<std::string> theirs;
    const auto vendors = subservices_by_id(m.subservices);
    for (const auto& [who, of] : populations) {
      if (who.empty()) continue;
      const auto it = vendors.find(who);
      theirs.push_back((it != vendors.end() && !it->second->name.empty() ? it->second->name : who) +
                       ", " + said(of));
    }
    std::vector<std::string> counts{said(populations[""])};
    L.assumptions.push_back(
        "The fee assumes about " + counts.front() + " in the period" +
        (theirs.empty() ? std::string{} : " (and at " + join(theirs, "; ", "; and at ") + ")") +
        ", estimated from " + format_grouped(m.organization.employees) + " employees and " +
        format_grouped(m.organization.engineers) + " engineers; the real counts set the testing.");
  }
}

/// Section 5 goes on: the visit to the premises, and its travel billed at cost.
void write_premises_visit(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const bool consultant = f.consultant;
  // The auditor abroad inspects the premises once: the trip is billed at cost beside the fee (its
  // own ledger line), estimated here so the client can plan for it.
  const auto* premises_item = e.cost.item(CostRole::PremisesTravel);
  if (const auto* visit = premises_item ? e.find(premises_item->line) : nullptr;
      visit && !consultant) {
    std::vector<std::string> premises;  // the ledger lists them with "; " between
    for (const auto& in : visit->inputs) {
      if (in.first != "premises") continue;
      for (std::size_t at = 0; at <= in.second.size();) {
        const auto end = std::min(in.second.find("; ", at), in.second.size());
        premises.push_back(in.second.substr(at, end - at));
        at = end + 2;
      }
    }
    // A name with a comma in it ("Colocation cage, Ballerup") is listed with semicolons.
    const bool commas = std::any_of(premises.begin(), premises.end(), [](const std::string& n) {
      return n.find(',') != std::string::npos;
    });
    // One visit planned, not a limit on the procedures: the auditor may need another.
    // Premises at a carved-out provider's site: the visit inspects the client's own controls there
    // (who may enter its space, what it retires from it), not the provider's over the site.
    std::vector<std::string> hosts;
    const auto vendors = subservices_by_id(m.subservices);
    for (const auto& c : m.components) {
      if (c.kind != ComponentKind::Facility || !c.provided_by) continue;
      if (std::find(premises.begin(), premises.end(), c.name) == premises.end()) continue;
      const auto it = vendors.find(c.provided_by->id);
      if (it == vendors.end() || it->second->method != SubserviceMethod::CarveOut) continue;
      const auto& name = it->second->name.empty() ? it->second->id : it->second->name;
      if (std::find(hosts.begin(), hosts.end(), name) == hosts.end()) hosts.push_back(name);
    }
    L.assumptions.push_back(
        (commas ? "We plan one visit to inspect your own physical controls at these premises: " +
                      join(premises, "; ", "; ") + "."
                : "We plan one visit to inspect your own physical controls at " + join(premises) +
                      ".") +
        (hosts.empty()
             ? std::string{}
             : " At " + possessive(join(hosts)) +
                   " site, that means who may enter your space "
                   "and what you retire from it; " +
                   possessive(join(hosts)) +
                   " own controls "
                   "over the site stay carved out, and you arrange our escorted access with " +
                   (hosts.size() == 1 ? std::string{"it"} : std::string{"them"}) + ".") +
        " The fee excludes the travel and lodging of that trip. We estimate them at about " +
        f.money(visit->spread ? visit->spread->p50 : visit->value.likely) +
        "; we agree them with you before booking and bill them at cost.");
  }
}

/// Section 5 goes on: what the testing assumes of its results, and illustrative rates.
void write_testing_assumptions(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  const auto& words = f.words;
  // What the testing assumes of its results, never of the opinion: the opinion is not promised.
  if (!consultant) {
    // A Type 1 evaluates design and implementation as of a date: no samples, no deviations.
    L.assumptions.push_back(
        is_type2(m.engagement.report)
            ? "The fee assumes that " + words.deviations +
                  ", if any, do not require extending our tests beyond the samples planned."
            : std::string{
                  "The fee assumes that we can evaluate the design and implementation of each "
                  "control with a walkthrough and inspection as of the date, and one round of "
                  "revisions to the description."});
  }
  if (e.cost.illustrative_rates && !firm) {
    L.assumptions.push_back("Hourly rates are illustrative until replaced by the firm's own.");
  }
}

/// Section 5 ends: what would change the fee.
void write_fee_changes(const ProposalFacts& f, Letter& L) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const bool consultant = f.consultant;
  if (consultant && p.basis == FeeBasis::NotToExceed) {
    L.fee_changes_intro =
        "The cap covers the work above. If it grows, for instance with what follows, we tell you "
        "before "
        "reaching the cap and agree any increase in writing:";
  }
  if (!consultant && is_type2(m.engagement.report)) {
    L.fee_changes.push_back(
        "Populations larger than those assumed above: more new hires, leavers, changes or "
        "incidents "
        "mean more testing.");
  } else if (consultant && !e.scope.areas_not_operating.empty()) {
    L.fee_changes.push_back(
        "How much of the control set is still to be designed: the readiness work grows with it.");
  }
  L.fee_changes.push_back(
      cites_trust_services_criteria(m.engagement.report)
          ? "A change of scope: another category of the criteria, another service, or a system "
            "added."
          : "A change of scope: another control objective, another service, or a system added.");
  // Never tied to what the testing finds (a contingent fee, AICPA ET 1.510): additional procedures,
  // agreed before they are done.
  L.fee_changes.push_back(
      consultant
          ? "Gaps that take more than one round of review to close."
          : std::string{"Additional procedures we judge necessary (for example "} +
                (is_type2(m.engagement.report) ? "extended testing after deviations"
                                               : "where a control is not in place as of the date") +
                "): we tell you why before we perform them, and bill them at our standard "
                "rates; whether we perform them does not depend on agreeing their fee.");
}

/// Section 6 and the end: the terms, the signer and the footer.
void write_terms(const ProposalFacts& f, Letter& L) {
  const auto& doc = f.doc;
  const auto& m = f.model;
  const auto& r = f.result;
  const Firm* firm = f.firm;
  const bool consultant = f.consultant;
  if (firm) L.terms = firm->terms;
  if (const auto term = personal_data_term(evidence_data(m, r),
                                           firm ? firm->country : m.engagement.auditor_country,
                                           consultant, firm ? firm->transfer_basis : std::string{});
      !term.empty()) {
    L.terms.push_back(term);
  }
  L.signer_name = firm ? firm->signer.name : "";
  L.signer_title = firm ? firm->signer.title : "";
  // The reference ties a printed letter to its pricing memo (which lists the whole digest).
  L.footer = (L.firm_name.empty() ? std::string{} : L.firm_name + " · ") + "Proposal for " +
             m.organization.name + " · " + L.date +
             (doc.basis ? " · Ref. " + doc.basis->digest.substr(0, 12) : std::string{});
}

/// The letter, part by part in the order it reads: section 1 (scope), 2 (fee and options), 3
/// (timeline), 4 (the client's part), 5 (assumptions) and 6 (terms).
Letter letter_of(const ProposalDocument& doc) {
  const auto f = facts_of(doc);
  Letter L;
  write_letterhead(f, L);
  write_scope(f, L);
  write_system(f, L);
  write_vendors(f, L);
  write_inclusive_precondition(f, L);
  write_excluded(f, L);
  write_fee(f, L);
  write_combined(f, L);
  write_options(f, L);
  write_timeline(f, L);
  write_renewals(f, L);
  write_client_part(f, L);
  write_yearly_controls(f, L);
  write_management_part(f, L);
  write_cuecs(f, L);
  write_assumptions(f, L);
  write_populations(f, L);
  write_premises_visit(f, L);
  write_testing_assumptions(f, L);
  write_fee_changes(f, L);
  write_terms(f, L);
  return L;
}

const char* kCss = R"css(
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #1e3a8a; --soft: #eff6ff; }
* { box-sizing: border-box; }
body { font: 9.4pt/1.38 "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
header.letterhead { display: flex; justify-content: space-between; align-items: flex-start;
       border-bottom: 2px solid var(--accent); padding-bottom: .5rem; margin-bottom: .8rem; }
header.letterhead img { max-height: 48px; max-width: 200px; }
header.letterhead .firm { text-align: right; font-size: 8.5pt; color: var(--muted); }
header.letterhead .firm b { color: var(--accent); font-size: 11pt; display: block; }
.meta { display: flex; justify-content: space-between; gap: 1rem; font-size: 9pt; margin-bottom: .4rem; }
.meta .to { flex: 1; }
h1 { font-size: 16pt; margin: .3rem 0 .4rem; color: var(--accent); }
h2 { font-size: 11.5pt; margin: .8rem 0 .3rem; padding-bottom: .15rem; border-bottom: 1px solid var(--line);
     break-after: avoid; }
p { margin: .3rem 0; }
.nw, td.date { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .5rem; font-size: 9pt; }
th, td { text-align: left; padding: .2rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
table.keep { break-inside: avoid; }
.summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; margin: .6rem 0; }
.summary div { background: var(--soft); border-radius: 5px; padding: .4rem .6rem; break-inside: avoid; }
.summary b { display: block; font-size: 11.5pt; }
.summary span { color: var(--muted); font-size: 8.5pt; }
.note { color: var(--muted); font-size: 8.5pt; }
.apart { border-left: 3px solid #f59e0b; background: #fffbeb; padding: .35rem .6rem; margin: .4rem 0; }
dl.system { display: grid; grid-template-columns: 7.5rem 1fr; gap: .1rem .6rem; margin: .3rem 0; }
dl.system dt { font-weight: 600; } dl.system dd { margin: 0; }
ul { margin: .2rem 0 .4rem 1.1rem; padding: 0; } li { margin: .1rem 0; }
.accept { display: grid; grid-template-columns: 2fr 1fr; gap: 1.5rem; margin-top: .6rem; break-inside: avoid; }
.accept div { break-inside: avoid; }
.sig { border-bottom: 1px solid var(--ink); height: 1.8rem; margin-bottom: .15rem; }
.accept .label { color: var(--muted); font-size: 8pt; margin-bottom: .5rem; }
@page { size: A4; margin: 14mm 15mm 16mm;
  @bottom-left { content: var(--footer, ""); font: 7.5pt Helvetica, Arial, sans-serif; color: #6b7280; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt Helvetica, Arial, sans-serif; color: #6b7280; } }
@media print { body { margin: 0; max-width: none; padding: 0; } }
)css";

}  // namespace

std::string render_proposal_html(const ProposalDocument& doc) {
  const auto L = letter_of(doc);
  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // The document fetches nothing: whatever a model string could smuggle in, the page may load no
  // script, font, frame or remote image, and no file: URL (the logo is a data: URI).
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
       std::string{kContentSecurityPolicy} + "\">\n";
  // What the quote was based on, for the firm's records: metadata, not the letter's text.
  if (doc.basis) o += "<meta name=\"quote-basis\" content=\"" + h(basis_line(*doc.basis)) + "\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<title>" + h(L.title + " — " + doc.model.organization.name) + "</title>\n";
  // The footer text goes in through @page's content: a custom property is not inherited there, so
  // the rule is written out with the text itself.
  std::string css = kCss;
  const std::string var = "var(--footer, \"\")";
  css.replace(css.find(var), var.size(), css_string(L.footer));
  o += "<style>" + css + "</style>\n</head>\n<body>\n";

  o += "<header class=\"letterhead\"><div>";
  if (doc.firm && !doc.firm->logo_data_uri.empty()) {
    o += "<img src=\"" + h(doc.firm->logo_data_uri) + "\" alt=\"" + h(L.firm_name) + "\">";
  }
  o += "</div><div class=\"firm\">";
  if (!L.firm_name.empty()) o += "<b>" + h(L.firm_name) + "</b>";
  for (const auto& line : L.firm_lines) o += h(line) + "<br>";
  o += "</div></header>\n";
  o += "<div class=\"meta\"><div class=\"to\">To: <b>" + h(L.client) + "</b>";
  for (const auto& line : L.client_lines) o += "<br>" + h(line);
  o += "</div><div>" + h(L.date) + " · valid until " + h(L.valid_until) + "</div></div>\n";
  if (!L.draft.empty()) o += "<p class=\"apart\"><b>" + h(L.draft) + "</b></p>\n";
  o += "<h1>" + h(L.title) + "</h1>\n<p>" + h(L.opening) + "</p>\n";

  const auto& e = doc.result.estimate;
  o += "<div class=\"summary\">\n";
  o += std::string{"<div><span>"} +
       (doc.pricing.basis == FeeBasis::Fixed ? "Fixed fee" : "Fee, not to exceed") +
       (L.fee_excludes_vat ? " (excl. VAT)" : "") + "</span><b class=\"nw\">" +
       h(doc.pricing.currency + " " + format_money(doc.pricing.fee.quoted)) + "</b></div>\n";
  if (const auto* ms = e.timing.milestone(kReportInHand)) {
    // A consultant's letter gives the auditor's date as an indication, the auditor's to confirm.
    o += std::string{"<div><span>"} +
         (doc.pricing.role == FirmRole::Consultant ? "Auditor's report, indicative"
                                                   : "Report in hand, planned") +
         "</span><b class=\"nw\">" + h(long_date(planned(*ms))) + "</b></div>\n";
  }
  if (const auto w = planned_window(e)) {
    o += is_type2(doc.model.engagement.report)
             ? "<div><span>Observation period</span><b class=\"nw\">" + h(long_date(w->first)) +
                   " –</b><b class=\"nw\">" + h(long_date(w->second)) + "</b></div>\n"
             : "<div><span>As of</span><b class=\"nw\">" + h(long_date(w->first)) + "</b></div>\n";
  }
  o += "</div>\n";

  o += "<h2>1. Scope</h2>\n<p>" + h(L.scope) + "</p>\n<dl class=\"system\">\n";
  for (const auto& [kind, names] : L.system)
    o += "<dt>" + h(kind) + "</dt><dd>" + h(names) + "</dd>\n";
  o += "</dl>\n";
  if (!L.vendors.empty()) o += "<p>" + h(L.vendors) + "</p>\n";
  if (!L.outside.empty()) o += "<p class=\"note\">" + h(L.outside) + "</p>\n";
  for (const auto& x : L.excluded) o += "<p>" + h(x) + "</p>\n";

  o += "<h2>2. Fee and options</h2>\n<p><b>" + h(L.fee_sentence) + "</b>" +
       (L.vat_sentence.empty() ? "" : " " + h(L.vat_sentence)) + "</p>\n";
  if (!L.audit_apart.empty()) o += "<p class=\"apart\">" + h(L.audit_apart) + "</p>\n";
  if (!L.combined.empty()) {
    if (!L.combined_intro.empty()) o += "<p>" + h(L.combined_intro) + "</p>\n";
    o += "<table class=\"options keep\"><tr><th>Report</th><th class=\"num\">Apart</th><th "
         "class=\"num\">Together</th></tr>\n";
    for (std::size_t i = 0; i < L.combined.size(); ++i) {
      const bool total = i + 1 == L.combined.size();
      o += "<tr>";
      for (std::size_t k = 0; k < L.combined[i].size(); ++k) {
        o += std::string{k ? "<td class=\"num\">" : "<td>"} + (total ? "<b>" : "") +
             h(L.combined[i][k]) + (total ? "</b>" : "") + "</td>";
      }
      o += "</tr>\n";
    }
    o += "</table>\n";
  }
  for (const auto& n : L.combined_notes) o += "<p>" + h(n) + "</p>\n";
  if (!L.options.empty()) {
    o += "<table class=\"options keep\"><tr>";
    for (std::size_t i = 0; i < L.option_headers.size(); ++i) {
      o += std::string{i >= 2 ? "<th class=\"num\">" : "<th>"} + h(L.option_headers[i]) + "</th>";
    }
    o += "</tr>\n";
    for (const auto& row : L.options) {
      o += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i)
        o += std::string{i >= 2 ? "<td class=\"num\">" : "<td>"} + h(row[i]) + "</td>";
      o += "</tr>\n";
    }
    o += "</table>\n";
  }
  if (!L.payments.empty()) {
    o += "<p><b>Payment.</b> ";
    std::vector<std::string> parts;
    for (const auto& row : L.payments)
      parts.push_back(h(row[0]) + ": " + h(row[1]) + " (<span class=\"nw\">" + h(row[2]) +
                      "</span>)");
    o += join(parts, "; ", "; ") + ".</p>\n";
  }
  o += "<p class=\"note\">" + h(L.not_included) + "</p>\n";

  o += "<h2>3. Timeline</h2>\n<table "
       "class=\"keep\"><tr><th>Milestone</th><th>Planned</th><th>Allowing for delays</th></tr>\n";
  for (const auto& row : L.timeline) {
    o += "<tr><td>" + h(row[0]) + "</td><td class=\"date\">" + h(row[1]) +
         "</td><td class=\"date\">" + h(row[2]) + "</td></tr>\n";
  }
  o += "</table>\n";
  for (const auto& s : L.renewals) o += "<p>" + h(s) + "</p>\n";

  o += "<h2>4. What we need from you</h2>\n<ul>\n";
  for (const auto& s : L.responsibilities) o += "<li>" + h(s) + "</li>\n";
  o += "</ul>\n";
  if (!L.cuecs.empty()) {
    o += "<p>" + h(L.cuec_intro) + "</p>\n<ul>\n";
    for (const auto& c : L.cuecs) o += "<li>" + h(c) + "</li>\n";
    o += "</ul>\n";
  }

  o += "<h2>5. Assumptions, and what would change the fee</h2>\n<ul>\n";
  for (const auto& s : L.assumptions) o += "<li>" + h(s) + "</li>\n";
  o += "</ul>\n<p>" + h(L.fee_changes_intro) + "</p>\n<ul>\n";
  for (const auto& s : L.fee_changes) o += "<li>" + h(s) + "</li>\n";
  o += "</ul>\n";

  o += "<h2>6. Terms</h2>\n<ul>\n";
  for (const auto& s : L.terms) o += "<li>" + h(s) + "</li>\n";
  o += "<li>This proposal is valid until " + h(L.valid_until) + h(L.validity_reason) + "." +
       (L.replan.empty() ? "" : " " + h(L.replan)) + "</li>\n</ul>\n";

  o += "<h2>7. Next steps</h2>\n<p>" + h(next_steps(L)) + "</p>\n<div class=\"accept\">\n";
  o += "<div><b>For " + h(L.firm_name.empty() ? std::string{"the firm"} : L.firm_name) +
       "</b><div class=\"sig\"></div>";
  o += "<div class=\"label\">" +
       h(L.signer_name.empty() ? std::string{"Name and title"}
                               : L.signer_name + ", " + L.signer_title) +
       "</div></div>\n<div><b>&#160;</b><div class=\"sig\"></div><div "
       "class=\"label\">Date</div></div>\n</div>\n";
  o += "</body>\n</html>\n";
  // A date in words stays on one line in print ("21 September 2027" never splits).
  static const std::regex date(
      R"((\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}))");
  const auto body = o.find("<body>");
  return o.substr(0, body) +
         std::regex_replace(o.substr(body), date, "<span class=\"nw\">$1</span>");
}

std::string render_proposal_markdown(const ProposalDocument& doc) {
  const auto L = letter_of(doc);
  auto md = [](const std::string& s) { return escape_markdown(s); };
  std::string o;
  if (!L.firm_name.empty()) {
    o += "**" + md(L.firm_name) + "**";
    for (const auto& line : L.firm_lines) o += "  \n" + md(line);
    o += "\n\n";
  }
  o += "To: **" + md(L.client) + "**  \n";
  for (const auto& line : L.client_lines) o += md(line) + "  \n";
  o += "\n" + md(L.date) + " · valid until " + md(L.valid_until) + "\n\n";
  if (!L.draft.empty()) o += "**" + md(L.draft) + "**\n\n";
  o += "# " + md(L.title) + "\n\n" + md(L.opening) + "\n\n## 1. Scope\n\n" + md(L.scope) + "\n\n";
  for (const auto& [kind, names] : L.system) o += "- **" + md(kind) + ":** " + md(names) + "\n";
  if (!L.vendors.empty()) o += "\n" + md(L.vendors) + "\n";
  if (!L.outside.empty()) o += "\n" + md(L.outside) + "\n";
  for (const auto& x : L.excluded) o += "\n" + md(x) + "\n";
  o += "\n## 2. Fee and options\n\n**" + md(L.fee_sentence) + "**" +
       (L.vat_sentence.empty() ? "" : " " + md(L.vat_sentence)) + "\n\n";
  if (!L.audit_apart.empty()) o += "> " + md(L.audit_apart) + "\n\n";
  if (!L.combined.empty()) {
    if (!L.combined_intro.empty()) o += md(L.combined_intro) + "\n\n";
    o += markdown_table({"Report", "Apart", "Together"}, L.combined) + "\n";
  }
  for (const auto& n : L.combined_notes) o += md(n) + "\n\n";
  if (!L.options.empty()) o += markdown_table(L.option_headers, L.options) + "\n";
  if (!L.payments.empty()) o += markdown_table({"Payment", "Share", "Amount"}, L.payments) + "\n";
  o += md(L.not_included) + "\n\n## 3. Timeline\n\n" +
       markdown_table({"Milestone", "Planned", "Allowing for delays"}, L.timeline) + "\n";
  for (const auto& s : L.renewals) o += md(s) + "\n\n";
  o += "## 4. What we need from you\n\n";
  for (const auto& s : L.responsibilities) o += "- " + md(s) + "\n";
  if (!L.cuecs.empty()) {
    o += "\n" + md(L.cuec_intro) + "\n\n";
    for (const auto& c : L.cuecs) o += "- " + md(c) + "\n";
  }
  o += "\n## 5. Assumptions, and what would change the fee\n\n";
  for (const auto& s : L.assumptions) o += "- " + md(s) + "\n";
  o += "\n" + md(L.fee_changes_intro) + "\n\n";
  for (const auto& s : L.fee_changes) o += "- " + md(s) + "\n";
  o += "\n## 6. Terms\n\n";
  for (const auto& s : L.terms) o += "- " + md(s) + "\n";
  o += "- This proposal is valid until " + md(L.valid_until) + md(L.validity_reason) + "." +
       (L.replan.empty() ? "" : " " + md(L.replan)) + "\n\n## 7. Next steps\n\n" +
       md(next_steps(L)) + "\n\n";
  o += "For " + md(L.firm_name.empty() ? std::string{"the firm"} : L.firm_name) +
       ": ____________________  \n" +
       md(L.signer_name.empty() ? std::string{"Name and title"}
                                : L.signer_name + ", " + L.signer_title) +
       "  Date: __________\n";
  if (doc.basis) {
    // An HTML comment: kept with the file, not shown when the Markdown is rendered.
    std::string line = basis_line(*doc.basis);
    for (std::size_t at = line.find("--"); at != std::string::npos; at = line.find("--", at))
      line.replace(at, 2, "- -");
    o += "\n<!-- quote-basis: " + terminal_text(line) + " -->\n";
  }
  return o;
}

namespace {

/// What the memo says, gathered once for HTML and Markdown.
struct Memo {
  std::string title, client, engagement, prepared;
  std::vector<std::pair<std::string, std::string>> quote;  ///< label, value
  std::vector<std::string> option_headers;
  std::vector<std::vector<std::string>> options;
  std::vector<std::vector<std::string>> drivers;  ///< what, fee at its P10, fee at its P90
  std::vector<std::string> notes;                 ///< renewals' chances, findings
  std::vector<std::vector<std::string>> basis;    ///< what, value
};

std::string ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

/// What the partner settles before the letter is sent: its validity, its addressee, the rates
/// and the hours it is priced on.
void write_memo_checks(const ProposalFacts& f, Memo& o) {
  const auto& doc = f.doc;
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const auto today = Date::parse(doc.prepared_on).value_or(Date::today());
  const auto note = validity_of(doc, today, p.role == FirmRole::Consultant).note;
  if (!note.empty()) o.notes.push_back(note);
  // A letter goes to a person at an address: the model may not say whom.
  if (m.organization.contact.empty() || m.organization.address.empty()) {
    o.notes.push_back(std::string{"Addressee: the model gives no "} +
                      (m.organization.contact.empty() && m.organization.address.empty()
                           ? "contact or postal address"
                       : m.organization.contact.empty() ? "contact"
                                                        : "postal address") +
                      " ([organization] contact, address): add them before the letter is sent.");
  }
  if (e.cost.illustrative_rates) {
    o.notes.push_back(
        "Priced with attestplan's ILLUSTRATIVE rate card, not the firm's rates: re-price with " +
        (e.cost.rates_key.empty() ? std::string{"the firm's own card"}
                                  : "--" + e.cost.rates_key + " FILE") +
        " before sending.");
  }
  // The hours rest on judgement parameters unless a profile calibrated them to the firm's history:
  // the partner pricing on them should know it, whatever the rates.
  const bool calibrated =
      doc.basis && std::any_of(doc.basis->inputs.begin(), doc.basis->inputs.end(),
                               [](const QuoteBasis::Input& in) { return in.role == "profile"; });
  if (!calibrated) {
    o.notes.push_back(
        "Hours rest on attestplan's judgement parameters, not on this firm's history: calibrate "
        "them with "
        "attestplan calibrate and name the profile in the firm file (profile = \"...\") or price "
        "with --profile.");
  }
}

/// The quote: the fee, the percentile it is read at, its spread and the hours under it.
void write_memo_quote(const ProposalFacts& f, Memo& o) {
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const std::string basis = p.basis == FeeBasis::Fixed ? "Fixed fee" : "Fee, not to exceed";
  o.quote.emplace_back(basis + " quoted (excl. VAT)", f.money(p.fee.quoted));
  if (p.fee.runs > 0) {
    o.quote.emplace_back("Read at", "the " + ordinal(p.percentile) + " percentile (P" +
                                        std::to_string(p.percentile) + ") of " +
                                        format_grouped(static_cast<double>(p.fee.runs)) +
                                        " simulated runs");
    o.quote.emplace_back("Fee P10 / P50 / P90", f.money(p.fee.spread.p10) + " / " +
                                                    f.money(p.fee.spread.p50) + " / " +
                                                    f.money(p.fee.spread.p90));
    // From the figures as the memo shows them (rounded to 100), so its own arithmetic checks.
    const double quoted = std::round(p.fee.quoted / 100.0) * 100.0,
                 median = std::round(p.fee.spread.p50 / 100.0) * 100.0;
    if (median > 0) {
      o.quote.emplace_back("Quoted over the median", format_number((quoted / median - 1) * 100, 1) +
                                                         " % (" + f.money(quoted - median) + ")");
    }
  } else {
    o.quote.emplace_back("Read at", "the likely value: the estimate was not simulated");
  }
  const bool consultant = p.role == FirmRole::Consultant;
  auto hours = [](const Percentiles& s) {
    return format_grouped(s.p10) + " / " + format_grouped(s.p50) + " / " + format_grouped(s.p90);
  };
  // A consultant's fee rests on the client's readiness hours, of which it does a share; the
  // auditor's hours are the audit's, apart.
  if (const auto& s = consultant ? e.effort.readiness.spread : e.effort.auditor_hours.spread) {
    o.quote.emplace_back(consultant ? "The client's readiness hours P10 / P50 / P90 (we do a share)"
                                    : "Auditor hours P10 / P50 / P90",
                         hours(*s));
  }
  if (p.audit && p.audit->runs > 0) {
    const auto& a = e.effort.auditor_hours.spread;
    o.quote.emplace_back("The audit, apart (another firm)",
                         "about " + f.money(p.audit->spread.p50) + " at P50" +
                             (a ? ", " + format_grouped(a->p50) + " auditor hours" : ""));
  }
}

/// The options, and what moves the fee most.
void write_memo_options(const ProposalFacts& f, Memo& o) {
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const bool consultant = f.consultant;
  o.option_headers = {"Option", "Quoted", "P50", "P90"};
  for (const auto& t : p.tiers) {
    o.options.push_back({t.title, f.money(t.fee.quoted),
                         t.fee.runs ? f.money(t.fee.spread.p50) : "",
                         t.fee.runs ? f.money(t.fee.spread.p90) : ""});
  }
  for (const auto& s : e.sensitivity) {
    if (s.target != (consultant ? "readiness" : "fee")) continue;
    std::size_t shown = 0;
    for (const auto& w : s.swings) {
      if (shown == 5 || w.label.empty()) continue;
      ++shown;
      o.drivers.push_back({w.label, f.money(w.at_p10), f.money(w.at_p90)});
    }
  }
}

/// The renewals' chances, and the estimate's findings.
void write_memo_renewals_and_findings(const ProposalFacts& f, Memo& o) {
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  for (const auto& c : e.timing.renewals) {
    if (c.chance) {
      o.notes.push_back("Renewal " + long_date(c.renewal) + ": the report is in hand by " +
                        long_date(c.needed_by) + " in " +
                        format_number(std::round(*c.chance * 100)) + " % of the runs (" +
                        to_string(c.verdict) + ").");
    }
  }
  std::vector<std::string>
      bridged;  // vendors whose reports leave a gap in the period: a letter each
  for (const auto& finding : e.findings) {
    if (finding.severity == Severity::Warning || finding.severity == Severity::Error) {
      o.notes.push_back(std::string{"Finding ("} + to_string(finding.severity) +
                        "): " + finding.message);
    } else if (finding.role == FindingRole::BridgeLetter) {
      const auto* vendor = m.find_subservice(finding.subject);
      bridged.push_back(vendor ? vendor->name + " (" + vendor->id + ")" : finding.subject);
    }
  }
  if (!bridged.empty()) {
    o.notes.push_back("Bridge letters: " + join(bridged, ", ", " and ") + " report short of " +
                      (is_type2(m.engagement.report) ? "the period's end" : "the as-of date") +
                      "; obtain a letter for each gap and test the client's monitoring "
                      "of the vendor (CC9.2). The estimate's findings give each gap.");
  }
}

/// An auditor's checks on the report asked for and on the prior-year file its hours build on.
void write_memo_report_and_prior_file(const ProposalFacts& f, Memo& o) {
  const auto& doc = f.doc;
  const auto& m = f.model;
  const auto& e = f.result.estimate;
  const auto& p = f.pricing;
  const auto& words = f.words;
  // The partner's acceptance checks: who signs, that no prohibited service goes with it, and that
  // this is the report the client's customers need.
  if (p.role == FirmRole::Auditor && financial_reporting_question(m, doc.result)) {
    o.notes.push_back(
        std::string{"Report type: "} +
        (processing_integrity(e) ? "Processing Integrity is in scope"
                                 : "the service feeds its customers' financial statements") +
        ". Ask whether the customers' auditors rely on it for financial reporting: if so they "
        "need " +
        words.financial_report + ", a separate engagement (the letter says this is not one).");
  }
  // A renewal's hours build on a prior-year file: whose, and what has none, is the partner's to
  // confirm.
  if (p.role == FirmRole::Auditor && !m.organization.first_audit) {
    if (m.organization.new_auditor) {
      o.notes.push_back(m.organization.new_auditor_stated
                            ? "Prior file: none. The client renews with us as a new auditor: test "
                              "design, walkthroughs, "
                              "the description review and the report are priced as first-year work."
                            : "Prior file: none. The model does not say that we issued the last "
                              "report, so first-year work "
                              "is priced; if we did, set new_auditor = false in [organization] and "
                              "re-price. If not, "
                              "contact the previous auditor with the client's permission, as the "
                              "firm's policy expects "
                              "(see also the IESBA Code, section 320).");
    } else {
      int fresh = 0;
      for (const auto& c : e.scope.controls)
        fresh += without_prior_file(m.organization, c).has_value();
      o.notes.push_back(
          "Prior file: the fee assumes we issued the last report and roll its file forward (test "
          "design, "
          "walkthroughs, description, report) for the " +
          std::to_string(e.scope.controls.size() - fresh) + " controls that already operated; " +
          std::to_string(fresh) + " (new this year, or an inclusive vendor's) are planned afresh.");
    }
  }
}

/// An auditor's acceptance checks: who signs, its independence and ethics, the transfer of
/// personal data, the period's continuity and whether the report is accepted where it is used.
void write_memo_acceptance(const ProposalFacts& f, Memo& o) {
  const auto& doc = f.doc;
  const auto& m = f.model;
  const auto& p = f.pricing;
  const auto& words = f.words;
  if (p.role == FirmRole::Auditor) {
    const auto signer = signer_country(m);
    const auto& report_words = words_of(m.engagement.report);
    o.notes.push_back(
        "Signer's country: " + (signer.empty() ? std::string{"not given"} : signer) +
        (!report_words.signer_country.empty() && signer != report_words.signer_country &&
                 !signer.empty()
             ? cat(" for ", article_for(report_words.name), " ", report_words.name,
                   " report, which ", report_words.who_signs_short,
                   " issues: confirm that the firm may sign it before sending.")
             : std::string{"."}) +
        // The model names none: estimate, run alone, prices another signer than this letter.
        (doc.signer_from_firm
             ? " The model names no auditor country: attestplan estimate alone prices a signer "
               "in " +
                   doc.model_signer +
                   ". File the estimate made with --firm, which has "
                   "this memo's fee and VAT."
             : std::string{}));
    const std::string codes = independence_codes(words, doc.firm);  // the codes the letter cites
    std::vector<std::string> inclusive;
    for (const auto& s : doc.result.boundary.subservices) {
      if (s.method == SubserviceMethod::Inclusive) inclusive.push_back(s.name);
    }
    o.notes.push_back(
        "Independence: confirm that no one in the firm designs or implements this client's "
        "controls, "
        "writes its policies or drafts its system description (" +
        codes + ")" +
        (inclusive.empty()
             ? std::string{"."}
             : "; and consider independence in respect of " + join(inclusive, ", ", " and ") +
                   ", whose controls we test and whose management gives us an assertion "
                   "(inclusive method)."));
    // A US firm's ISAE letter says its own code and quality standard are at least as demanding as
    // the IESBA Code and ISQM 1: the partner confirms the firm has documented that.
    const bool isae_report = iesba_ethics(m.engagement.report);
    if (isae_report && doc.firm && doc.firm->country == "US") {
      const auto& ethics = doc.firm->isae_basis;
      o.notes.push_back(
          ethics.empty()
              ? "Ethics: the firm file does not say how the firm meets ISAE 3000 (Revised) para. 3 "
                "(isae_basis = "
                "\"iesba\" or \"aicpa-equivalent\"): the letter is a draft until it does."
          : ethics == "aicpa-equivalent"
              ? "Ethics: the letter states the firm's conclusion that the AICPA Code and SQMS No. "
                "1 are at least "
                "as demanding as the IESBA Code and ISQM 1: keep that documented conclusion on "
                "file."
              : "Ethics: the letter says the firm applies the IESBA Code and ISQM 1 as well as the "
                "AICPA Code.");
    }
    // Personal data sent abroad on the SCCs: the exporter and the firm assess the transfer first.
    const bool staff_in_area =
        std::any_of(m.organization.staff_countries.begin(), m.organization.staff_countries.end(),
                    [](const std::string& c) { return c == "GB" || in_eea(c); });
    if (doc.firm && (leaves_gdpr_area(country_of(m.organization), doc.firm->country) ||
                     (staff_in_area && !doc.firm->country.empty() && doc.firm->country != "GB" &&
                      !in_eea(doc.firm->country)))) {
      o.notes.push_back(
          "Transfer: document the transfer impact assessment before personal data is sent.");
    }
    // A renewal's period continues the last one's: a gap is a stretch no report covers.
    if (!m.organization.first_audit) {
      o.notes.push_back(
          is_type2(m.engagement.report)
              ? "Continuity: confirm that the period starts the day after the last report's ended."
              : "Continuity: a renewing client's customers hold a report over a period; this Type "
                "1 does "
                "not continue it, and the letter says so.");
    }
    // An ISAE report from a firm abroad: whether those who rely on it take it is the client's to
    // ask.
    const auto client = country_of(m.organization);
    const bool isae =
        report_words.signer_country.empty();  // any country's auditor may report under it
    if (isae && !signer.empty() && !client.empty() && signer != client) {
      o.notes.push_back(
          "Acceptance: confirm that the client's customers, banks and regulator accept an ISAE "
          "3000 report "
          "from a firm outside " +
          client +
          ", and with counsel that no law or supervisory requirement "
          "calls for an auditor approved in " +
          client + ".");
    }
    // The letter names one transfer basis only when the firm file gives it.
    if (doc.firm && leaves_gdpr_area(client, doc.firm->country) &&
        doc.firm->transfer_basis.empty()) {
      o.notes.push_back(
          "Data transfer: the client's evidence holds personal data and we are outside the EEA; "
          "the letter "
          "leaves the transfer's basis to the engagement letter. Set transfer_basis in the firm "
          "file, as "
          "agreed with counsel.");
    }
  }
}

/// The basis to reproduce the quote.
void write_memo_basis(const ProposalFacts& f, Memo& o) {
  const auto& doc = f.doc;
  if (const auto* b = doc.basis) {
    o.basis.push_back({"attestplan", b->version});
    for (const auto& in : b->inputs)
      o.basis.push_back({in.role, in.name + " · sha256 " + in.sha256});
    if (!b->plugins.empty()) o.basis.push_back({"plugins", join(b->plugins, "; ", "; ")});
    if (!b->overrides.empty())
      o.basis.push_back({"set beside the model", join(b->overrides, "; ", "; ")});
    o.basis.push_back(
        {"seed · runs · percentile", std::to_string(b->seed) + " · " +
                                         format_grouped(static_cast<double>(b->runs)) + " · P" +
                                         std::to_string(b->percentile)});
    if (!b->command.empty()) o.basis.push_back({"to reproduce", b->command});
    o.basis.push_back({"basis digest (in the letter's metadata)", b->digest});
  }
}

/// The memo, part by part in the order it reads.
Memo memo_of(const ProposalDocument& doc) {
  const auto f = facts_of(doc);
  const auto& m = doc.model;
  Memo o;
  o.title = "Pricing memo — internal, not for the client";
  write_memo_checks(f, o);
  o.client = m.organization.name;
  o.engagement = std::string{display_name(m.engagement.report)} + " " + f.words.engagement +
                 (f.consultant ? " (our readiness work)" : "");
  o.prepared = long_date(Date::parse(doc.prepared_on).value_or(Date::today()));
  write_memo_quote(f, o);
  write_memo_options(f, o);
  write_memo_renewals_and_findings(f, o);
  write_memo_report_and_prior_file(f, o);
  write_memo_acceptance(f, o);
  write_memo_basis(f, o);
  return o;
}

}  // namespace

std::string render_pricing_memo_html(const ProposalDocument& doc) {
  const auto M = memo_of(doc);
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
       std::string{kContentSecurityPolicy} + "\">\n";
  // One dense page: the partner reads it beside the letter.
  o += "<title>" + h(M.title + " — " + M.client) + "</title>\n<style>" + std::string{kCss} +
       "body { font-size: 7.7pt; line-height: 1.35; margin: 0 auto; } h1 { font-size: 12pt; "
       "margin: 0 0 .15rem; }"
       " h2 { font-size: 9.5pt; margin: .45rem 0 .15rem; } table { font-size: 7.5pt; margin: .1rem "
       "0 .25rem; }"
       " th, td { padding: .08rem .35rem; } td.num { text-align: right; } td.basis { font-size: "
       "6.3pt; word-break: break-all; }"
       " table.basis { width: 100%; } table.basis th { width: 6.5rem; font-size: 7pt; }"
       " ul { margin: .1rem 0 .2rem 1rem; } li { margin: 0; }</style>\n</head>\n<body>\n";
  o += "<h1>" + h(M.title) + "</h1>\n<p><b>" + h(M.client) + "</b> · " + h(M.engagement) + " · " +
       h(M.prepared) + "</p>\n";
  o += "<h2>The quote</h2>\n<table class=\"keep\">\n";
  for (const auto& [k, v] : M.quote) o += "<tr><th>" + h(k) + "</th><td>" + h(v) + "</td></tr>\n";
  o += "</table>\n";
  if (!M.options.empty()) {
    o += "<h2>Options</h2>\n<table class=\"keep\"><tr>";
    for (const auto& c : M.option_headers) o += "<th>" + h(c) + "</th>";
    o += "</tr>\n";
    for (const auto& r : M.options) {
      o += "<tr>";
      for (std::size_t i = 0; i < r.size(); ++i)
        o += std::string{i ? "<td class=\"num\">" : "<td>"} + h(r[i]) + "</td>";
      o += "</tr>\n";
    }
    o += "</table>\n";
  }
  if (!M.drivers.empty()) {
    o += "<h2>What moves the fee most</h2>\n<table class=\"keep\"><tr><th>Input</th><th>Fee at its "
         "P10</th><th>Fee at its P90</th></tr>\n";
    for (const auto& r : M.drivers) {
      o += "<tr><td>" + h(r[0]) + "</td><td class=\"num\">" + h(r[1]) + "</td><td class=\"num\">" +
           h(r[2]) + "</td></tr>\n";
    }
    o += "</table>\n";
  }
  if (!M.notes.empty()) {
    o += "<h2>Renewals and findings</h2>\n<ul>\n";
    for (const auto& n : M.notes) o += "<li>" + h(n) + "</li>\n";
    o += "</ul>\n";
  }
  if (!M.basis.empty()) {
    o += "<h2>Basis, to reproduce this quote</h2>\n<table class=\"keep basis\">\n";
    for (const auto& r : M.basis)
      o += "<tr><th>" + h(r[0]) + "</th><td class=\"basis\">" + h(r[1]) + "</td></tr>\n";
    o += "</table>\n";
  }
  o += "</body>\n</html>\n";
  return o;
}

std::string render_pricing_memo_markdown(const ProposalDocument& doc) {
  const auto M = memo_of(doc);
  auto md = [](const std::string& s) { return escape_markdown(s); };
  std::string o = "# " + md(M.title) + "\n\n**" + md(M.client) + "** · " + md(M.engagement) +
                  " · " + md(M.prepared) + "\n\n";
  std::vector<std::vector<std::string>> quote;
  for (const auto& [k, v] : M.quote) quote.push_back({k, v});
  o += "## The quote\n\n" + markdown_table({"", ""}, quote) + "\n";
  if (!M.options.empty())
    o += "## Options\n\n" + markdown_table(M.option_headers, M.options) + "\n";
  if (!M.drivers.empty()) {
    o += "## What moves the fee most\n\n" +
         markdown_table({"Input", "Fee at its P10", "Fee at its P90"}, M.drivers) + "\n";
  }
  if (!M.notes.empty()) {
    o += "## Renewals and findings\n\n";
    for (const auto& n : M.notes) o += "- " + md(n) + "\n";
    o += "\n";
  }
  if (!M.basis.empty())
    o += "## Basis, to reproduce this quote\n\n" + markdown_table({"", ""}, M.basis) + "\n";
  return o;
}

}  // namespace attestplan

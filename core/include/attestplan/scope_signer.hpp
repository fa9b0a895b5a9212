// Who may sign a report, as a scope plugin states it (part of the plugin SDK, header-only): the
// framework's sentence (models/frameworks/frameworks.toml), with the auditor's country where its
// rules decide, and a finding where the model's auditor is in a country whose firms do not sign
// the framework's reports.
#pragma once

#include <string>

#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/plugin.hpp"
#include "attestplan/view.hpp"

namespace attestplan {

/// Fills the scope's `signer`, and adds the signer findings (signer-not-licensed, signer).
inline void state_signer(const Context& ctx, ScopeWriter& out) {
  const auto report = ctx.model.engagement.report;
  const auto& e = ctx.model.engagement;
  const auto& w = words_of(report);
  if (!w.signer_country.empty()) {
    // Only a firm in one country may sign (SOC 2: a US CPA firm); a firm elsewhere offers another
    // framework's report on the same criteria.
    out.result().signer = w.signer;
    const auto buyer = country_of(ctx.model.organization);
    const std::string a_report = std::string{article_for(w.name)} + " " + w.name + " report";
    const auto& alt = framework_words(w.instead.empty() ? w.id : w.instead);
    const std::string instead = to_string(Report{alt.id, report.type});
    const std::string alt_standard = alt.standard.empty() ? alt.name : alt.standard;
    if (!e.auditor_country.empty() && e.auditor_country != w.signer_country) {
      // The auditor is named elsewhere (the model, or the firm file of a proposal).
      out.add_finding({Severity::Warning, "signer-not-licensed",
                       a_report + " is issued by " + w.who_signs + ", and the auditor here is in " +
                           e.auditor_country + ": confirm that it may sign one, or which " +
                           w.signer_title + " will, or plan " + article_for(alt_standard) + " " +
                           alt_standard + " report on the same criteria (report = \"" + instead +
                           "\") if the customers accept one in its place (" + w.signer_source + ")",
                       e.where, FindingRole::Signer});
    } else if (e.auditor_country.empty() && !buyer.empty() && buyer != w.signer_country) {
      out.add_finding(
          {Severity::Note, "signer",
           a_report + " is issued by " + w.who_signs + "; an auditor in " + buyer +
               " that is not one issues " + article_for(alt_standard) + " " + alt_standard +
               " report on the same criteria instead (report = \"" + instead +
               "\"), which a customer that accepts one can use in its place: confirm that "
               "with the customer whose renewal drives the date (" +
               w.signer_source + ")",
           e.where});
    }
  } else {
    // Who may sign follows the auditor's own country's rules.
    const auto country = signer_country(ctx.model);
    std::string sentence = w.signer;
    const std::string where =
        country.empty() ? std::string{"its own country"} : "its own country (" + country + ")";
    if (const auto at = sentence.find("{country}"); at != std::string::npos)
      sentence.replace(at, 9, where);
    out.result().signer = sentence;
  }
}

}  // namespace attestplan

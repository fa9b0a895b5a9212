// Tests for the proposal a firm sends (firm file, prices at a percentile, the letter in client
// words) and for the evidence request list as a working document (requests by when samples can
// exist).
#include "attestplan/proposal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "attestplan/evidence.hpp"
#include "attestplan/firm.hpp"
#include "attestplan/format.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/render.hpp"
#include "attestplan/request.hpp"
#include "attestplan/simulation.hpp"

namespace attestplan {

namespace {

const std::string kSource = ATTESTPLAN_SOURCE_DIR;

PluginSearch defaults_only() {
  PluginSearch s;
  s.use_environment = false;
  return s;
}

const PluginHost& host() {
  static const PluginHost h(defaults_only());
  return h;
}

Model example(const std::string& name, const std::string& from = "", const std::string& to = "") {
  Diagnostics diags;
  auto text = *read_text_file(kSource + "/models/examples/" + name + ".toml", diags);
  if (!from.empty()) text.text.replace(text.text.find(from), from.size(), to);
  auto r = load_model_text(text.text, name + ".toml", CriteriaCatalog::builtin());
  EXPECT_TRUE(r.model);
  return std::move(*r.model);
}

EstimateResult estimate_with_runs(const Model& m) {
  EstimateRequest req{m, CriteriaCatalog::builtin(), {}};
  req.keep_runs = true;
  return run_estimate(host(), req);
}

std::optional<Firm> firm_from(const std::string& text, Diagnostics& diags,
                              const std::string& name = "firm.toml") {
  return parse_firm(DataFile{text, name}, kSource + "/examples/firms", diags);
}

Firm example_firm(const std::string& name) {
  Diagnostics diags;
  auto file = read_text_file(kSource + "/examples/firms/" + name + ".toml", diags);
  EXPECT_TRUE(file);
  auto f = parse_firm(*file, kSource + "/examples/firms", diags);
  EXPECT_TRUE(f) << (diags.empty() ? "" : diags.items()[0].message);
  return *f;
}

/// The model's ids a client must never read: every service, component, subservice and scenario
/// id that is not also a word of a name or description the model gives (a component called
/// "worker" may be named "Payroll export worker"), matched as a whole token.
std::vector<std::string> ids_to_hide(const Model& m) {
  std::string names;
  for (const auto& s : m.services) names += " " + s.name + " " + s.description;
  for (const auto& c : m.components) names += " " + c.name + " " + c.description;
  for (const auto& s : m.subservices) names += " " + s.name;
  names += " " + m.organization.name;
  std::vector<std::string> ids;
  auto consider = [&](const std::string& id) {
    if (!std::regex_search(names, std::regex("(^|[^A-Za-z0-9-])" + id + "($|[^A-Za-z0-9-])")))
      ids.push_back(id);
  };
  for (const auto& s : m.services) consider(s.id);
  for (const auto& c : m.components) consider(c.id);
  for (const auto& s : m.subservices) consider(s.id);
  for (const auto& s : m.scenarios) consider(s.id);
  return ids;
}

std::string text_of_html(const std::string& html) {
  std::string body = html.substr(html.find("<body>"));
  body = std::regex_replace(body, std::regex("<[^>]*>"), " ");
  return std::regex_replace(body, std::regex(R"(\s+)"), " ");
}

}  // namespace

TEST(Quantile, TheProposalFeeIsTheP80OfTheEstimatesOwnRuns) {
  const auto model = example("hr-saas");
  const auto r = estimate_with_runs(model);
  ASSERT_TRUE(r.runs);
  const auto runs = runs_of(r.estimate, *r.runs, r.estimate.cost.fee);
  ASSERT_EQ(runs.size(), r.estimate.simulation.draws);
  EstimateRequest base{model, CriteriaCatalog::builtin(), {}};
  const auto p = price_proposal(host(), base, r, FirmRole::Auditor, FeeBasis::Fixed, 80);
  EXPECT_DOUBLE_EQ(p.fee.quoted, quantile(runs, 0.8));
  EXPECT_GT(p.fee.quoted, r.estimate.cost.fee.spread->p50);
  EXPECT_LT(p.fee.quoted, r.estimate.cost.fee.spread->p90);
  EXPECT_EQ(p.fee.spread, *r.estimate.cost.fee.spread);
  const auto p90 = price_proposal(host(), base, r, FirmRole::Auditor, FeeBasis::Fixed, 90);
  EXPECT_DOUBLE_EQ(p90.fee.quoted, r.estimate.cost.fee.spread->p90);
}

TEST(ProposalPricing, OffersTypeOneThenTypeTwoAndATwoYearBundleWithTheRecurringYearPriced) {
  const auto model = example("hr-saas");
  const auto r = estimate_with_runs(model);
  EstimateRequest base{model, CriteriaCatalog::builtin(), {}};
  const auto p = price_proposal(host(), base, r, FirmRole::Auditor, FeeBasis::Fixed, 80);
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.tiers.size(), 3u);
  EXPECT_EQ(p.tiers[0].id, "type1");
  EXPECT_EQ(p.tiers[1].id, "type1-then-type2");
  EXPECT_EQ(p.tiers[2].id, "two-year");
  // A Type 1 costs less than the Type 2 after it adds; the recurring year costs less than year one.
  EXPECT_LT(p.tiers[0].fee.quoted, p.tiers[1].fee.quoted);
  ASSERT_FALSE(r.estimate.cost.next_fee.parts.empty());
  EXPECT_LT(r.estimate.cost.next_fee.value.likely, r.estimate.cost.fee.value.likely);
  EXPECT_GT(p.tiers[2].fee.quoted, p.fee.quoted);
  EXPECT_LT(p.tiers[2].fee.quoted, 2 * p.fee.quoted);
  const auto year_two = runs_of(r.estimate, *r.runs, r.estimate.cost.next_fee);
  auto both = runs_of(r.estimate, *r.runs, r.estimate.cost.fee);
  for (std::size_t k = 0; k < both.size(); ++k) both[k] += year_two[k];
  EXPECT_DOUBLE_EQ(p.tiers[2].fee.quoted, quantile(both, 0.8));
}

TEST(ProposalPricing, AfterATypeOneBothOptionsPriceTheTypeTwoAsTheEstimatesYearTwo) {
  // A startup's Type 1 (review 10: the two-year option priced year two about 16 % above the
  // estimate's own year two). The two-year bundle is this Type 1 and the estimate's year two, run
  // by run; the "Type 1, then Type 2" option is the staged estimate's Type 1 and its Type 2, on the
  // same basis, so the 12-month bundle never comes out below the 6-month one.
  const auto model = example("startup-type1");
  const auto r = estimate_with_runs(model);
  EstimateRequest base{model, CriteriaCatalog::builtin(), {}};
  const auto p = price_proposal(host(), base, r, FirmRole::Auditor, FeeBasis::Fixed, 80);
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.tiers.size(), 3u);
  ASSERT_EQ(p.tiers[1].id, "type1-then-type2");
  ASSERT_EQ(p.tiers[2].id, "two-year");
  EXPECT_GT(p.tiers[2].fee.quoted, p.tiers[1].fee.quoted);
  auto two_years = runs_of(r.estimate, *r.runs, r.estimate.cost.fee);
  const auto year_two = runs_of(r.estimate, *r.runs, r.estimate.cost.next_fee);
  for (std::size_t k = 0; k < two_years.size(); ++k) two_years[k] += year_two[k];
  EXPECT_DOUBLE_EQ(p.tiers[2].fee.quoted, quantile(two_years, 0.8));
  EXPECT_NE(p.tiers[2].what.find("over the 12 months that follow it"), std::string::npos)
      << p.tiers[2].what;
  // The staged option is what a model with type1_first estimates: its Type 1 and its year two.
  ScenarioSpec staged;
  staged.staged_type2_months = 6;
  const auto s = estimate_scenario(host(), base, staged);
  ASSERT_TRUE(s.error.empty()) << s.error;
  auto both = runs_of(s.first->estimate, *s.first->runs, s.first->estimate.cost.fee);
  const auto then = runs_of(s.first->estimate, *s.first->runs, s.first->estimate.cost.next_fee);
  for (std::size_t k = 0; k < both.size(); ++k) both[k] += then[k];
  EXPECT_DOUBLE_EQ(p.tiers[1].fee.quoted, quantile(both, 0.8));
  EXPECT_EQ(s.first->estimate.timing.milestone("next-report") != nullptr, true);
}

TEST(ProposalPricing, AConsultantPricesTheReadinessWorkAndShowsTheAuditApart) {
  const auto model = example("hr-saas");
  const auto r = estimate_with_runs(model);
  ASSERT_FALSE(r.estimate.cost.readiness_fee.line.empty());
  EstimateRequest base{model, CriteriaCatalog::builtin(), {}};
  const auto p = price_proposal(host(), base, r, FirmRole::Consultant, FeeBasis::NotToExceed, 80);
  EXPECT_DOUBLE_EQ(p.fee.quoted,
                   quantile(runs_of(r.estimate, *r.runs, r.estimate.cost.readiness_fee), 0.8));
  ASSERT_TRUE(p.audit);
  EXPECT_DOUBLE_EQ(p.audit->quoted,
                   quantile(runs_of(r.estimate, *r.runs, r.estimate.cost.fee), 0.8));
  ASSERT_EQ(p.tiers.size(), 2u);  // readiness does not recur: no two-year bundle
  for (const auto& t : p.tiers) EXPECT_TRUE(t.audit) << t.id;

  const Firm consultant = example_firm("example-consultant");
  const ProposalDocument doc{model, r, p, &consultant, "2026-12-01"};
  const auto text = text_of_html(render_proposal_html(doc));
  EXPECT_NE(
      text.find(
          "Our fee for the readiness work is billed for the hours worked and will not exceed DKK " +
          format_money(p.fee.quoted)),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("Not part of our fee"), std::string::npos);
  // The audit's median, rounded to 10,000 as an indication.
  EXPECT_NE(text.find("most likely about DKK " +
                      format_money(std::round(p.audit->spread.p50 / 10000) * 10000)),
            std::string::npos)
      << text;
  // Independence as the standards put it: the consultant helps build the controls, so it cannot
  // be the auditor; nothing says that any readiness work by an auditor is forbidden.
  EXPECT_EQ(text.find("cannot also audit"), std::string::npos);
  EXPECT_NE(text.find("the AICPA Code of Professional Conduct (ET 1.295, nonattest services)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Designing or implementing controls, or drafting the system description"),
            std::string::npos)
      << text;
}

TEST(ProposalLetter, AFirmsStringsCannotBreakOutOfThePageOrItsFooter) {
  const auto model = example("startup-type1");
  const auto r = estimate_with_runs(model);
  const ProposalPricing pricing;
  Diagnostics diags;
  const auto firm = firm_from(
      "name = \"Evil\\\" } body { display: none } </style><script>x()</script>\"\n"
      "role = \"auditor\"\n[contact]\nname = \"<b>A</b>\"\n[signer]\nname = \"B\"\ntitle = \"P\"\n",
      diags);
  ASSERT_TRUE(firm) << (diags.empty() ? "" : diags.items()[0].message);
  const auto html = render_proposal_html({model, r, pricing, &*firm, "2026-12-01"});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>A</b>"), std::string::npos);
  EXPECT_EQ(html.find("</style>"), html.rfind("</style>")) << "one style element, closed once";
  // In the footer's CSS string every quote, brace and angle bracket is a hex escape (escape.hpp).
  EXPECT_NE(html.find("content: \"Evil\\22  \\7d  body \\7b  display: none \\7d  \\3c /style\\3e "
                      "\\3c script\\3e x()"
                      "\\3c /script\\3e "),
            std::string::npos)
      << html.substr(0, 4000);
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
            std::string::npos);
}

TEST(FirmFile, ReadsEveryFieldOfTheExample) {
  const auto f = example_firm("example-auditor");
  EXPECT_EQ(f.name, "Harbor & Lane CPAs LLP");
  EXPECT_EQ(f.role, FirmRole::Auditor);
  EXPECT_FALSE(f.claims_both_roles);
  EXPECT_EQ(f.fee_basis, FeeBasis::Fixed);
  EXPECT_EQ(f.fee_percentile, 80);
  EXPECT_EQ(f.validity_days, 30);
  EXPECT_EQ(f.signer.name, "Robert Lane");
  EXPECT_EQ(f.contact.email, "dana.whitfield@harborlane.example");
  ASSERT_EQ(f.payment.size(), 3u);
  EXPECT_EQ(f.payment[0].at, PaymentMilestone::None);
  EXPECT_EQ(f.payment[1].at, PaymentMilestone::FinalFieldwork);
  EXPECT_EQ(f.payment[2].at, PaymentMilestone::Report);
  EXPECT_EQ(f.terms.size(), 2u);
  EXPECT_NE(f.transfer_basis.find("standard contractual clauses"), std::string::npos);
  EXPECT_EQ(f.logo_data_uri.rfind("data:image/svg+xml;base64,", 0), 0u);
  EXPECT_EQ(f.country, "US");
}

TEST(FirmFile, MistakesAreReportedWithTheirPlace) {
  Diagnostics diags;
  const auto f = firm_from(
      "name = \"X\"\nrol = \"auditor\"\n[contact]\nname = \"A\"\n[signer]\nname = \"B\"\ntitle = "
      "\"P\"\n"
      "[[payment]]\nwhen = \"now\"\nshare = 0.5\n",
      diags);
  EXPECT_FALSE(f);
  std::string all;
  for (const auto& d : diags.items()) all += format_diagnostic(d);
  EXPECT_NE(all.find("firm.toml:2:1: error: unknown key 'rol'"), std::string::npos) << all;
  EXPECT_NE(all.find("did you mean 'role'?"), std::string::npos) << all;
  EXPECT_NE(all.find("add up to 0.5"), std::string::npos) << all;

  Diagnostics bad_word;
  EXPECT_FALSE(
      firm_from("name = \"X\"\nrole = \"auditr\"\n[contact]\nname = \"A\"\n[signer]\nname = "
                "\"B\"\ntitle = \"P\"\n",
                bad_word));
  EXPECT_NE(format_diagnostic(bad_word.items().at(0)).find("firm.toml:2:"), std::string::npos)
      << format_diagnostic(bad_word.items().at(0));

  Diagnostics at;
  EXPECT_FALSE(
      firm_from("name = \"X\"\n[contact]\nname = \"A\"\n[signer]\nname = \"B\"\ntitle = \"P\"\n"
                "[[payment]]\nwhen = \"now\"\nat = \"fieldwrk\"\nshare = 1.0\n",
                at));
  ASSERT_FALSE(at.items().empty());
  EXPECT_NE(format_diagnostic(at.items().at(0)).find("firm.toml:9:6: error: 'at' in [[payment]]"),
            std::string::npos)
      << format_diagnostic(at.items().at(0));

  Diagnostics country;
  EXPECT_FALSE(
      firm_from("name = \"X\"\ncountry = \"USA\"\n[contact]\nname = \"A\"\n[signer]\nname = "
                "\"B\"\ntitle = \"P\"\n",
                country));
  EXPECT_NE(format_diagnostic(country.items().at(0)).find("firm.toml:2:"), std::string::npos)
      << format_diagnostic(country.items().at(0));
  EXPECT_NE(format_diagnostic(country.items().at(0)).find("'USA' is not a 2-letter ISO 3166 code"),
            std::string::npos);

  Diagnostics logo;
  EXPECT_FALSE(
      firm_from("name = \"X\"\nrole = \"auditor\"\nlogo = "
                "\"example-auditor.toml\"\n[contact]\nname = \"A\"\n[signer]\n"
                "name = \"B\"\ntitle = \"P\"\n",
                logo));
  EXPECT_NE(format_diagnostic(logo.items().at(0)).find("is not an SVG, PNG or JPEG image"),
            std::string::npos);
  // A logo outside the firm file's folder is not read (the server's firm files are the
  // workspace's).
  for (const char* outside :
       {"/usr/share/pixmaps/debian-logo.png", "../firms/harbor-lane-logo.svg", "a/../../x.svg"}) {
    Diagnostics away;
    EXPECT_FALSE(
        firm_from(std::string{"name = \"X\"\nrole = \"auditor\"\nlogo = \""} + outside +
                      "\"\n[contact]\nname = \"A\"\n[signer]\nname = \"B\"\ntitle = \"P\"\n",
                  away))
        << outside;
    ASSERT_FALSE(away.items().empty()) << outside;
    EXPECT_NE(
        format_diagnostic(away.items().at(0)).find("is not a path inside the firm file's folder"),
        std::string::npos)
        << format_diagnostic(away.items().at(0));
    EXPECT_NE(format_diagnostic(away.items().at(0)).find("firm.toml:3:"), std::string::npos);
  }
}

TEST(FirmFile, ClaimingBothRolesForOneClientGivesAnIndependenceWarning) {
  Diagnostics diags;
  const auto f = firm_from(
      "name = \"X\"\nrole = [\"consultant\", \"auditor\"]\n[contact]\nname = \"A\"\n[signer]\n"
      "name = \"B\"\ntitle = \"P\"\n",
      diags);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->claims_both_roles);
  EXPECT_EQ(f->role, FirmRole::Consultant);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].severity, Severity::Warning);
  EXPECT_NE(diags.items()[0].message.find("independence"), std::string::npos);
  EXPECT_EQ(diags.items()[0].location.line, 2u);
}

TEST(ProposalLetter, SpeaksTheClientsWordsWithNoIdTraceOrJargon) {
  const Engine engine(defaults_only(), CriteriaCatalog::builtin());
  Diagnostics diags;
  Request req;
  req.output = Output::Proposal;
  req.format = Format::Html;
  req.model_text = read_text_file(kSource + "/models/examples/hr-saas.toml", diags)->text;
  req.model_name = "hr-saas.toml";
  req.firm = read_text_file(kSource + "/examples/firms/example-auditor.toml", diags);
  req.firm_dir = kSource + "/examples/firms";
  req.today = "2026-12-01";
  const auto res = engine.handle(req);
  ASSERT_EQ(res.outcome, Outcome::Ok)
      << (res.diagnostics.empty() ? "" : res.diagnostics.items()[0].message);
  const auto text = text_of_html(res.body);
  const auto model = example("hr-saas");
  for (const auto& id : ids_to_hide(model)) {
    EXPECT_FALSE(
        std::regex_search(text, std::regex("(^|[^A-Za-z0-9-])" + id + "($|[^A-Za-z0-9-])")))
        << id;
  }
  for (const char* jargon : {"reached from", "§", "the model", "soc2-type2", "carve-out)", "CC6.",
                             "P50", "ledger", "attestplan"}) {
    EXPECT_EQ(text.find(jargon), std::string::npos) << jargon;
  }
  // Names the client knows, the letterhead, the options, the acceptance block.
  for (const char* words :
       {"Fjord HR platform", "Core API", "Amazon Web Services", "Harbor &amp; Lane CPAs LLP",
        "Type 1 only", "Two-year agreement", "Next steps", "Robert Lane, Partner, CPA",
        "valid until 23 December 2026", "If you accept after 10 December 2026",
        "we will re-plan the dates from your acceptance.", "On signing the engagement letter: 30 %",
        "Attn. Mette Lund, Chief Executive Officer", "Vesterbrogade 12, 1620 København V"}) {
    EXPECT_NE(text.find(words), std::string::npos) << words;
  }
  // Dates in words, and kept on one line when printed; page numbers in the page margin.
  EXPECT_EQ(std::regex_search(text, std::regex(R"(\d{4}-\d{2}-\d{2})")), false);
  EXPECT_NE(res.body.find("counter(page)"), std::string::npos);
  EXPECT_NE(res.body.find(".nw, td.date { white-space: nowrap; }"), std::string::npos);
  const std::string body = res.body.substr(res.body.find("<body>"));
  const std::regex in_words(
      R"(\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4})");
  int dates = 0;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), in_words);
       it != std::sregex_iterator(); ++it, ++dates) {
    const auto before = body.substr(0, static_cast<std::size_t>(it->position()));
    EXPECT_TRUE(before.ends_with("class=\"nw\">") || before.ends_with("class=\"date\">"))
        << it->str();
  }
  EXPECT_GT(dates, 15);
}

TEST(Roles, TheDocumentsGoByTheContractsRolesNotByAPluginsIdsOrWords) {
  // A timing plugin names its phases and visits as it likes, and writes its findings in its own
  // words: the letter, the memo and the consultant's letter read the roles, the visits' order and
  // the findings' subjects, so renaming every id and rewording the bridge-letter findings changes
  // nothing in them.
  for (const char* name : {"payments-fintech", "hr-saas"}) {
    const auto model = example(name);
    const auto r = estimate_with_runs(model);
    ASSERT_TRUE(std::any_of(r.estimate.findings.begin(), r.estimate.findings.end(),
                            [](const Finding& f) { return f.role == FindingRole::BridgeLetter; }))
        << name;
    auto renamed = r;
    auto& t = renamed.estimate.timing;
    int n = 0;
    for (auto& ph : t.phases) ph.id = "phase-" + std::to_string(++n);
    for (auto& v : t.fieldwork) v.id = "visit-" + std::to_string(++n);
    for (auto& f : renamed.estimate.findings) {
      if (f.role == FindingRole::BridgeLetter) f.message = "a gap in the vendor's reports";
    }
    EstimateRequest base{model, CriteriaCatalog::builtin(), {}};
    for (const auto role : {FirmRole::Auditor, FirmRole::Consultant}) {
      if (role == FirmRole::Consultant && r.estimate.cost.readiness_fee.line.empty()) continue;
      const auto p = price_proposal(host(), base, r, role, FeeBasis::Fixed, 80);
      const Firm firm =
          example_firm(role == FirmRole::Auditor ? "example-auditor" : "example-consultant");
      const ProposalDocument before{model, r, p, &firm, "2026-12-01"};
      const ProposalDocument after{model, renamed, p, &firm, "2026-12-01"};
      EXPECT_EQ(render_proposal_html(before), render_proposal_html(after)) << name;
      if (role == FirmRole::Auditor) {
        const auto memo = render_pricing_memo_markdown(after);
        EXPECT_EQ(render_pricing_memo_markdown(before), memo) << name;
        // The memo names each vendor a bridge letter is for from the model, by the subject.
        EXPECT_NE(memo.find("Bridge letters: "), std::string::npos) << memo;
      }
    }
  }
}

TEST(ProposalLetter, TheInstalmentsAddUpToTheFeeQuoted) {
  // Each instalment is rounded as the fee is; the last takes the remainder (30 % + 40 % + 30 % of a
  // fee rounded to 100 used to miss it by 100).
  const Engine engine(defaults_only(), CriteriaCatalog::builtin());
  const auto amount = [](const std::string& s) {
    std::string digits;
    for (char c : s) {
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    return std::stod(digits);
  };
  for (const char* name : {"hr-saas", "payments-fintech", "startup-type1"}) {
    Diagnostics diags;
    Request req;
    req.output = Output::Proposal;
    req.format = Format::Markdown;
    req.model_text = read_text_file(kSource + "/models/examples/" + name + ".toml", diags)->text;
    req.model_name = std::string{name} + ".toml";
    req.firm = read_text_file(kSource + "/examples/firms/example-auditor.toml", diags);
    req.firm_dir = kSource + "/examples/firms";
    req.today = "2026-12-01";
    const auto res = engine.handle(req);
    ASSERT_EQ(res.outcome, Outcome::Ok) << name;
    std::smatch fee;
    ASSERT_TRUE(std::regex_search(res.body, fee, std::regex(R"(\| Payment \| Share \| Amount \|)")))
        << name;
    double sum = 0;
    int rows = 0;
    const std::regex row(R"(\n\| [^|\n]+ \| (\d+) % \| ([A-Z]{3} [0-9,]+) \|)");
    std::map<std::string, std::set<double>> by_share;  // equal shares are equal amounts
    for (auto it = std::sregex_iterator(res.body.begin() + fee.position(), res.body.end(), row);
         it != std::sregex_iterator(); ++it) {
      sum += amount((*it)[2].str());
      by_share[(*it)[1].str()].insert(amount((*it)[2].str()));
      ++rows;
    }
    for (const auto& [share, amounts] : by_share) {
      EXPECT_LE(amounts.size(), 2u) << name << " " << share << " %";
      if (amounts.size() == 2) {
        EXPECT_LE(*amounts.rbegin() - *amounts.begin(), 1.0)
            << name << ": only the last takes the rounding";
      }
    }
    EXPECT_GE(rows, 2) << name;
    // The fee quoted: the first money figure after "fixed fee" or "not to exceed".
    std::smatch quoted;
    ASSERT_TRUE(std::regex_search(
        res.body, quoted,
        std::regex(R"((Our fee is|not to exceed)[^0-9]*?([A-Z]{3} [0-9,]+))", std::regex::icase)))
        << name;
    EXPECT_EQ(sum, amount(quoted[2].str())) << name << ": " << quoted[0].str();
  }
}

TEST(ProposalLetter, AFeePercentileOutsideFiftyToNinetyNineIsRefusedNamingTheFlag) {
  const Engine engine(defaults_only(), CriteriaCatalog::builtin());
  Diagnostics diags;
  Request req;
  req.output = Output::Proposal;
  req.format = Format::Markdown;
  req.model_text = read_text_file(kSource + "/models/examples/hr-saas.toml", diags)->text;
  req.model_name = "hr-saas.toml";
  for (const char* bad : {"100", "49", "8o", ""}) {
    req.fee_percentile = bad;
    const auto res = engine.handle(req);
    EXPECT_EQ(res.outcome, Outcome::InvalidRequest) << bad;
    ASSERT_FALSE(res.diagnostics.empty());
    EXPECT_EQ(res.diagnostics.items()[0].message.rfind("--fee-percentile: ", 0), 0u);
  }
}

TEST(EvidenceRequests, DueDatesFollowWhenEachSampleCanExist) {
  const auto model = example("hr-saas");
  const auto r = estimate_with_runs(model);
  const auto& window = *r.estimate.timing.window;
  const auto requests = plan_evidence_requests(model, r);
  ASSERT_GT(requests.size(), r.estimate.scope.controls.size());
  std::map<std::size_t, double> samples;
  std::set<std::string> due_dates;
  bool saw_quarterly = false, saw_annual = false;
  std::map<std::string, const EvidenceRequest*> by_id;
  for (const auto& q : requests) by_id[q.id] = &q;
  for (const auto& q : requests) {
    if (q.document || q.listing) continue;  // documents, listings: below
    const auto& c = r.estimate.scope.controls[q.control];
    samples[q.control] += q.samples;
    due_dates.insert(q.due.to_string());
    EXPECT_TRUE(q.due.is_weekday());
    if (!q.selected) {
      // Two weeks after the period, on a working day.
      EXPECT_EQ(q.due, q.period_end.plus_days(kEvidenceLeadDays).working_day());
    } else if (!q.from_listing.empty()) {
      // Items selected from the period's listing: due after it, and it serves this control.
      const auto* l = by_id.at(q.from_listing);
      ASSERT_TRUE(l->listing);
      EXPECT_GT(q.due, l->due) << c.id;
      EXPECT_EQ(l->period_start, q.period_start);
      EXPECT_EQ(l->period_end, q.period_end);
      EXPECT_NE(std::find(l->listing->controls.begin(), l->listing->controls.end(), q.control),
                l->listing->controls.end());
    }
    EXPECT_GE(q.period_start, window.start);
    EXPECT_LE(q.period_end, window.end);
    if (c.frequency == Frequency::Quarterly) {
      // A quarter of the window: its evidence falls due after the quarter ends.
      saw_quarterly = true;
      EXPECT_EQ(q.period_start.plus_months(3).plus_days(-1), q.period_end) << c.id;
      EXPECT_GT(q.due, q.period_end);
    }
    if (c.frequency == Frequency::Annual) {
      saw_annual = true;
      EXPECT_GT(q.due, window.end) << c.id;  // it occurs once, somewhere in the window
    }
  }
  EXPECT_TRUE(saw_quarterly);
  EXPECT_TRUE(saw_annual);
  EXPECT_GE(due_dates.size(), 4u) << "due dates are spread, not two for all";
  for (std::size_t i = 0; i < r.estimate.scope.controls.size(); ++i) {
    EXPECT_DOUBLE_EQ(samples[i], std::round(r.estimate.effort.controls[i].samples.value.likely))
        << i;
  }
  // Every period of the window is asked for, whatever the samples: a monthly control in a 6-month
  // window has six requests though the auditor samples 2 to 3 of them; the firm's working copy
  // shares the samples out evenly over the months (review 14: never all on the first).
  for (std::size_t i = 0; i < r.estimate.scope.controls.size(); ++i) {
    if (r.estimate.scope.controls[i].frequency != Frequency::Monthly) continue;
    std::vector<const EvidenceRequest*> mine;
    for (const auto& e : requests) {
      if (e.control == i) mine.push_back(&e);
    }
    ASSERT_EQ(mine.size(), 6u) << r.estimate.scope.controls[i].id;
    double total = 0, most = 0, least = 1e9;
    for (const auto* q : mine) {
      total += q->samples;
      most = std::max(most, q->samples);
      least = std::min(least, q->samples);
    }
    EXPECT_EQ(total, std::round(r.estimate.effort.controls[i].samples.value.likely))
        << r.estimate.scope.controls[i].id;
    EXPECT_LE(most - least, 1) << r.estimate.scope.controls[i].id;
    EXPECT_GT(total, 0);
  }
  // A population is listed once per period whatever the controls selecting from it: the new hires
  // serve the background checks, the confidentiality agreements and the joiners' access.
  std::map<std::pair<std::string, Date>, int> listed;
  for (const auto& q : requests) {
    if (!q.listing) continue;
    EXPECT_EQ(++listed[std::make_pair(q.listing->key, q.period_start)], 1) << q.listing->key;
    EXPECT_EQ(q.due, q.period_end.plus_days(kEvidenceLeadDays).working_day());
  }
  const auto hires = std::find_if(requests.begin(), requests.end(), [](const EvidenceRequest& q) {
    return q.listing && q.listing->key == "hires";
  });
  ASSERT_NE(hires, requests.end());
  EXPECT_GE(hires->listing->controls.size(), 3u);
  EXPECT_EQ(hires->parts, 2) << "an interim and a final listing";
  // Infrastructure changes and security events are populations of their own.
  for (const char* own : {"infrastructure-changes", "security-events"}) {
    EXPECT_NE(
        std::find_if(requests.begin(), requests.end(),
                     [&](const EvidenceRequest& q) { return q.listing && q.listing->key == own; }),
        requests.end())
        << own;
  }
  // The documents the auditor plans from are wanted by the period's start.
  std::set<std::string> planning;
  for (const auto& q : requests) {
    if (q.document && q.document->category == "planning documents") {
      planning.insert(q.document->title);
      EXPECT_LE(q.due, window.start);
    }
  }
  for (const char* t : {"Policies and procedures", "Organisation chart", "Risk assessment",
                        "Systems and data flows"}) {
    EXPECT_TRUE(planning.count(t)) << t;
  }
  // A 6-month window has two quarters: a quarterly review gets one request in each.
  const auto q = std::find_if(requests.begin(), requests.end(), [&](const EvidenceRequest& e) {
    return r.estimate.scope.controls[e.control].frequency == Frequency::Quarterly && e.parts == 2;
  });
  ASSERT_NE(q, requests.end());
  EXPECT_EQ(q->period_start, window.start);
  EXPECT_EQ((q + 1)->period_start, window.start.plus_months(3));
}

TEST(EvidenceRequests, ATypeOneAsksForEachControlAtItsDate) {
  const auto model = example("startup-type1");
  const auto r = estimate_with_runs(model);
  const auto requests = plan_evidence_requests(model, r);
  // The planning documents, a listing of each population the controls select from (review 20: the
  // auditor selects the instance, never the client), one request per control, then management's
  // description, assertion and representation letter.
  std::vector<std::string> documents;
  std::size_t listings = 0;
  for (const auto& q : requests) {
    if (q.document) documents.push_back(q.document->title);
    if (q.listing) ++listings;
  }
  EXPECT_GT(listings, 0u);
  ASSERT_EQ(requests.size(), r.estimate.scope.controls.size() + documents.size() + listings);
  EXPECT_EQ(documents,
            (std::vector<std::string>{"Policies and procedures", "Organisation chart",
                                      "Risk assessment", "Systems and data flows",
                                      "Subservice organizations", "System description, in draft",
                                      "Management's written assertion", "Representation letter"}));
  // The as-of date the proposal names (the milestone's P50), not the likely plan's.
  const auto planned = r.estimate.timing.planned_window();
  ASSERT_TRUE(planned);
  for (const auto& q : requests) {
    if (q.listing) {
      // From when the controls are in place (no earlier than the plan has them) to the as-of date.
      EXPECT_LE(q.period_start,
                planned->first);  // never before the controls are in place (review 23)
      EXPECT_EQ(q.period_end, planned->first);
      continue;
    }
    EXPECT_EQ(q.period_start, planned->first);
    if (!q.document && !q.selected) {
      EXPECT_EQ(q.due, planned->first.plus_days(kEvidenceLeadDays).working_day());
    } else if (q.document && q.document->category == "planning documents") {
      EXPECT_LE(q.due, planned->first);
    }
    // A control on a population: its instance is selected from the listing, by the auditor.
    if (!q.document) {
      const auto& c = r.estimate.scope.controls[q.control];
      EXPECT_EQ(q.selected, !c.population.empty()) << c.id;
      EXPECT_EQ(q.from_listing.empty(), c.population.empty()) << c.id;
    }
  }
  const auto rows = evidence_rows(model, r);
  const auto& header = rows.front();
  EXPECT_EQ(std::count(header.begin(), header.end(), "samples_line"), 0);
  EXPECT_EQ(std::count(header.begin(), header.end(), "Assignee"), 1);
  EXPECT_EQ(std::count(header.begin(), header.end(), "Status"), 1);
  EXPECT_EQ(rows.size(), requests.size() + 1);
}

}  // namespace attestplan

namespace attestplan {

TEST(Timing, AReportIsDeliveredOnAWorkingDayInEveryPercentile) {
  for (const char* name : {"startup-type1", "hr-saas", "payments-fintech"}) {
    const auto r = estimate_with_runs(example(name));
    for (const char* id : {kReportInHand, kNextReportInHand}) {
      const auto* m = r.estimate.timing.milestone(id);
      if (!m) continue;
      ASSERT_TRUE(m->spread) << name << " " << id;
      for (const double d : {m->spread->p10, m->spread->p50, m->spread->p90}) {
        EXPECT_TRUE(Date::from_serial(d).is_weekday())
            << name << " " << id << " " << Date::from_serial(d).to_string();
      }
    }
  }
}

}  // namespace attestplan

namespace attestplan {

TEST(EvidenceRequests, NothingIsDueAndNoVisitStartsOnTheOrganizationsPublicHolidays) {
  // Copenhagen: Easter, Ascension, Whit Monday and Christmas fall inside some of these windows.
  std::size_t checked = 0;
  for (int shift = 0; shift < 7; ++shift)
    for (int months = 3; months <= 12; months += 3) {
      auto model = example("hr-saas");
      model.engagement.observation_months = months;
      model.engagement.window_start = Date{2027, 3, 22}.plus_days(shift);
      const auto r = estimate_with_runs(model);
      for (const auto& q : plan_evidence_requests(model, r)) {
        EXPECT_TRUE(q.due.is_working_day("DK"))
            << months << " months from +" << shift << ": " << q.id << " due " << q.due.to_string()
            << " (" << public_holiday(q.due, "DK").value_or("weekend") << ")";
        ++checked;
      }
      for (const auto& v : r.estimate.timing.fieldwork) {
        EXPECT_TRUE(v.start.is_working_day("DK"))
            << months << " months: " << v.label << " " << v.start.to_string();
        // An interim visit avoids Christmas and the Danish summer weeks.
        if (v.id != "final") {
          for (long k = 0; k < 5; ++k)
            EXPECT_FALSE(holiday_season(v.start.plus_days(k), "DK"))
                << v.label << " " << v.start.to_string();
        }
      }
      if (const auto* m = r.estimate.timing.milestone(kReportInHand); m && m->spread) {
        EXPECT_TRUE(Date::from_serial(m->spread->p50).is_working_day("DK"));
      }
    }
  EXPECT_GT(checked, 1000u);
}

}  // namespace attestplan

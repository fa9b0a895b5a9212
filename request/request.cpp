// The request layer (request.hpp): load the model, apply the overrides, compute what the output
// needs, render it.
#include "attestplan/request.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <semaphore>
#include <unordered_set>

#include "attestplan/calibration.hpp"
#include "attestplan/combined.hpp"
#include "attestplan/compare.hpp"
#include "attestplan/drift.hpp"
#include "attestplan/format.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/pdf.hpp"
#include "attestplan/pipeline.hpp"
#include "attestplan/portfolio.hpp"
#include "attestplan/profile.hpp"
#include "attestplan/proposal.hpp"
#include "attestplan/render.hpp"
#include "attestplan/render_firm.hpp"

namespace attestplan {

const char* to_string(Output v) {
  switch (v) {
    case Output::Boundary:
      return "boundary";
    case Output::Estimate:
      return "estimate";
    case Output::Plan:
      return "plan";
    case Output::Evidence:
      return "evidence";
    case Output::Proposal:
      return "proposal";
    case Output::Compare:
      return "compare";
    case Output::Oscal:
      return "oscal";
  }
  return "?";
}

namespace {

/// SHA-256 of `bytes`, lower-case hex.
std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    return "unavailable";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

/// What a proposal's quote rests on: every input by name and content hash, the seed, the runs and
/// the percentile (render.hpp: QuoteBasis).
QuoteBasis quote_basis(const Request& req, const PluginHost& host, const Model& model,
                       const std::map<std::string, std::filesystem::path>& data_files,
                       const EstimateResult& result, const ProposalPricing& pricing,
                       Date letter_date, const Combination* combination = nullptr) {
  QuoteBasis b;
  b.version = ATTESTPLAN_VERSION;
  b.inputs.push_back({"model", req.model_name, sha256_hex(req.model_text)});
  if (req.firm)
    b.inputs.push_back({"firm file", req.firm->source_name, sha256_hex(req.firm->text)});
  // The plugins' data files (each the user's, else its built-in), then the core's own.
  // In the order of the command's flags: those that price first.
  std::vector<std::pair<std::string, std::string>> data;
  // Those the plugins serving this report's type and subject read: a quote rests on nothing else.
  // A letter that prices a combined engagement rests on its other reports' too.
  std::vector<Report> reports{model.engagement.report};
  if (combination) {
    for (std::size_t k = 1; k < combination->reports.size(); ++k)
      reports.push_back(combination->reports[k].report);
  }
  std::vector<DataFileDecl> declared;
  for (const auto& report : reports) {
    for (auto& d : host.data_files(report.type, words_of(report).subject)) {
      const bool listed = std::any_of(declared.begin(), declared.end(),
                                      [&](const DataFileDecl& x) { return x.key == d.key; });
      if (!listed) declared.push_back(std::move(d));
    }
  }
  std::stable_partition(declared.begin(), declared.end(),
                        [](const DataFileDecl& d) { return d.money; });
  for (const auto& d : declared) {
    // One read only on request (a SOC 2+'s additional criteria) counts where it was asked for.
    if (d.on_request && !data_files.count(d.key) && !model.find_plugin_options(d.plugin)) continue;
    data.emplace_back(d.key, d.builtin);
  }
  data.emplace_back("simulation", "simulation/default.toml");
  data.emplace_back(std::string{kProfileOverride}, "");
  // The overlap tables the combination's savings are worked from.
  if (combination) {
    std::vector<std::string> tables;
    for (const auto& o : combination->overlaps) {
      const std::string prefix = "builtin:";
      const auto path = o.file.rfind(prefix, 0) == 0 ? o.file.substr(prefix.size()) : o.file;
      if (std::find(tables.begin(), tables.end(), path) == tables.end()) tables.push_back(path);
    }
    for (const auto& t : tables) data.emplace_back("overlap", t);
  }
  for (const auto& [name, builtin] : data) {
    const auto it = data_files.find(name);
    if (it != data_files.end()) {
      Diagnostics ignored;
      const auto file = load_data_file(it->second, "", ignored);
      b.inputs.push_back({name, it->second.string(), file ? sha256_hex(file->text) : "unreadable"});
    } else if (!builtin.empty()) {
      if (const auto text = embedded_data(builtin)) {
        b.inputs.push_back({name, "builtin:" + builtin, sha256_hex(*text)});
      }
    }
  }
  for (const auto& s : result.estimate.stages) {
    if (!s.plugin.empty()) b.plugins.push_back(std::string{to_string(s.stage)} + ": " + s.plugin);
  }
  const auto& o = req.overrides;
  for (const auto& [name, value] :
       {std::pair{"report", &o.report}, std::pair{"months", &o.months},
        std::pair{"currency", &o.currency}, std::pair{"auditor country", &o.auditor_country}}) {
    if (*value) b.overrides.push_back(std::string{name} + " " + **value);
  }
  b.seed = result.estimate.simulation.seed;
  b.runs = result.estimate.simulation.draws;
  b.percentile = pricing.percentile;
  if (!req.reproduce_command.empty()) {
    // The letter's date too: its validity and the dates it re-plans from run from it.
    b.command = req.reproduce_command + " --seed " + std::to_string(b.seed) + " --fee-percentile " +
                std::to_string(b.percentile) + " --date " + letter_date.to_string() +
                (req.memo ? " --memo" : "");
  }
  std::string whole = "attestplan " + b.version + "\nseed " + std::to_string(b.seed) + "\nruns " +
                      std::to_string(b.runs) + "\npercentile " + std::to_string(b.percentile) +
                      "\ndate " + letter_date.to_string() + "\n";
  // Contents, not names: the same inputs give the same reference wherever their files lie (the
  // CLI's path, the server's workspace name); the memo lists the names beside.
  for (const auto& in : b.inputs) whole += in.role + " " + in.sha256 + "\n";
  for (const auto& p : b.plugins) whole += "plugin " + p + "\n";
  for (const auto& setting : b.overrides) whole += "override " + setting + "\n";
  b.digest = sha256_hex(whole);
  return b;
}

constexpr std::pair<Format, const char*> kFormatNames[] = {
    {Format::Table, "table"},
    {Format::Json, "json"},
    {Format::Csv, "csv"},
    {Format::Markdown, "markdown"},
    {Format::Dot, "dot"},
    {Format::Svg, "svg"},
    {Format::Ics, "ics"},
    {Format::Html, "html"},
    {Format::Xlsx, "xlsx"},
    {Format::Pdf, "pdf"},
    {Format::OscalSsp, "oscal-ssp"},
    {Format::OscalAp, "oscal-ap"},
    {Format::OscalComponents, "oscal-components"}};

const char* content_type(Format f) {
  switch (f) {
    case Format::Table:
      return "text/plain; charset=utf-8";
    case Format::Json:
      return "application/json";
    case Format::Csv:
      return "text/csv; charset=utf-8";
    case Format::Markdown:
      return "text/markdown; charset=utf-8";
    case Format::Dot:
      return "text/vnd.graphviz";
    case Format::Svg:
      return "image/svg+xml";
    case Format::Ics:
      return "text/calendar; charset=utf-8";
    case Format::Html:
      return "text/html; charset=utf-8";
    case Format::Xlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case Format::Pdf:
      return "application/pdf";
    case Format::OscalSsp:
    case Format::OscalAp:
    case Format::OscalComponents:
      return "application/json";
  }
  return "application/octet-stream";
}

/// At most this many proposals print at once (each a Chromium of its own: hundreds of MB and a
/// core); a print waits up to kPrintWait for its turn.
constexpr std::ptrdiff_t kConcurrentPrints = 2;
constexpr auto kPrintWait = std::chrono::seconds(60);

/// `html` as PDF bytes, printed when one of the kConcurrentPrints turns is free; `why` otherwise.
/// `phase` hears whether it waits for a turn, and when it prints.
template <class Phase>
std::optional<std::string> print_bounded(const std::string& html, const Phase& phase,
                                         std::string& why) {
  static std::counting_semaphore<kConcurrentPrints> turns(kConcurrentPrints);
  if (!turns.try_acquire()) {
    phase("waiting while other proposals print");
    if (!turns.try_acquire_for(kPrintWait)) {
      why = "other proposals have been printing for " + std::to_string(kPrintWait.count()) +
            " s; try again";
      return std::nullopt;
    }
  }
  phase("printing to PDF");
  const auto chromium = find_chromium();
  std::optional<std::string> bytes;
  if (!chromium) {
    why = "Chromium is not installed";
  } else {
    bytes = print_to_pdf(*chromium, html, why);
  }
  turns.release();
  return bytes;
}

/// Applies the overrides to the model; problems go to `diags`, each naming its override.
void apply_overrides(const Overrides& o, const std::string& prefix, Model& model,
                     Diagnostics& diags) {
  if (o.report) {
    if (const auto kind = parse_report(*o.report)) {
      model.engagement.report = *kind;
    } else {
      diags.error(prefix + "report: unknown report kind '" + *o.report + "'", {},
                  names_of_report_text());
    }
  }
  if (o.months) {
    int months = 0;
    const auto& text = *o.months;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), months);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      diags.error(prefix + "months: '" + text + "' is not a whole number of months", {}, "3 to 12");
    } else if (months < 3 || months > 12) {
      diags.error(prefix + "months: " + text + " is outside 3..12", {});
    } else if (is_certification(model.engagement.report)) {
      diags.error(prefix + "months applies to a Type 2 report, and this one is " +
                      display_name(model.engagement.report),
                  {}, "a certification has no period of operation to report on");
    } else if (!is_type2(model.engagement.report)) {
      diags.error(prefix + "months applies to a Type 2 report, and this one is " +
                      std::string{display_name(model.engagement.report)},
                  {}, "add " + prefix + "report " + to_string(type2_of(model.engagement.report)));
    } else {
      model.engagement.observation_months = months;
    }
  }
  // An ISO code: `length` capital letters (US, DKK).
  auto is_code = [](const std::string& c, std::size_t length) {
    return c.size() == length &&
           std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  };
  if (o.auditor_country) {
    const auto& c = *o.auditor_country;
    if (!is_code(c, 2)) {
      diags.error(
          prefix + "auditor-country: '" + c + "' is not a 2-letter ISO 3166 code such as US or DK",
          {});
    } else {
      model.engagement.auditor_country = c;
    }
  }
  if (o.currency) {
    const auto& c = *o.currency;
    if (!is_code(c, 3)) {
      diags.error(prefix + "currency: '" + c + "' is not a 3-letter ISO 4217 code such as USD", {});
    } else {
      model.engagement.currency = c;
    }
  }
}

/// The boundary as `boundary` shows it. Where vendor reports are checked against the audit window,
/// the window is the one the estimate's timeline plans (the timing stage), and so are the
/// bridge-letter findings: `boundary` and `estimate` give the same gap in days for a vendor. The
/// boundary comes from that same run, so it is resolved once. When the timing stage cannot plan
/// (its options have errors, it fails), the boundary keeps the window assumed from the planning
/// start and says so.
Boundary planned_boundary(const PluginHost& host, const Model& model,
                          const CriteriaCatalog& catalog,
                          const std::map<std::string, std::filesystem::path>& data_files) {
  if (!checks_vendor_coverage(model)) return resolve_boundary(model, catalog);
  EstimateRequest plan{model, catalog, data_files};
  // Simulated: the window is drawn on the planned (P50) dates the documents name
  // (plan_on_planned_dates); the sensitivity is not needed.
  plan.sensitivity = false;
  apply_profile(host, plan);
  return run_estimate(host, plan).boundary;
}

/// Whether `href` can stand as a URI reference in an OSCAL link: not empty, at most 2,048
/// characters, none of them white space, a control character or one RFC 3986 never allows.
bool is_uri_reference(std::string_view href) {
  if (href.empty() || href.size() > 2048) return false;
  return std::none_of(href.begin(), href.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F ||
           std::string_view{"\"<>\\^`{|}"}.find(c) != std::string_view::npos;
  });
}

/// The estimate's failed stages, in words.
void note_failures(const EstimateResult& r, Response& out) {
  for (const auto& s : r.estimate.stages) {
    if (s.status != StageStatus::Ok) out.failures.push_back(s.message);
  }
  if (!out.failures.empty()) out.outcome = Outcome::PluginFailure;
  out.findings = r.estimate.findings;
}

std::string render_estimate_output(const Request& req, const Model& model, const EstimateResult& r,
                                   const CriteriaCatalog& catalog, Response& out,
                                   const Combination* combined) {
  switch (req.output) {
    case Output::Estimate:
      switch (req.format) {
        case Format::Json:
          return render_estimate_json(model, r, combined);
        case Format::Csv:
          return render_estimate_csv(r);
        case Format::Markdown:
          return render_estimate_markdown(model, r, req.explain) +
                 (combined ? render_combined_markdown(*combined) : std::string{});
        default:
          return render_estimate_table(model, r, req.explain, req.width) +
                 (combined ? render_combined_table(*combined, req.explain, req.width)
                           : std::string{});
      }
    case Output::Plan:
      if (!r.estimate.timing.ran) {
        out.failures.push_back("the timing stage did not run, so there is no calendar");
        out.outcome = Outcome::PluginFailure;
        return {};
      }
      if (req.format == Format::Ics) return render_plan_ics(model, r, req.stamp_utc);
      if (req.format == Format::Json) return render_estimate_json(model, r);
      return render_plan_table(model, r, req.width);
    case Output::Evidence:
      if (!r.estimate.scope.ran) {
        out.failures.push_back(
            "the scope stage did not run, so there are no controls to request evidence for");
        out.outcome = Outcome::PluginFailure;
        return {};
      }
      if (req.format == Format::Xlsx) {
        try {
          return render_evidence_xlsx(
              model, r, req.internal ? EvidenceCopy::Internal : EvidenceCopy::Client, combined);
        } catch (const std::runtime_error& e) {
          out.failures.push_back(e.what());
          out.outcome = Outcome::PluginFailure;
          return {};
        }
      }
      return render_evidence_csv(
          model, r, req.internal ? EvidenceCopy::Internal : EvidenceCopy::Client, combined);
    case Output::Oscal:
      return render_oscal(req.format == Format::OscalAp ? OscalDocument::AssessmentPlan
                          : req.format == Format::OscalComponents
                              ? OscalDocument::ComponentDefinition
                              : OscalDocument::SystemSecurityPlan,
                          model, r, catalog, req.today, ATTESTPLAN_VERSION, req.oscal_ssp_href);
    default:
      return {};
  }
}

/// Loads the request's model and applies its overrides; on a problem, sets `out`'s outcome and
/// diagnostics and returns nothing.
std::optional<Model> load_for(const Request& req, const CriteriaCatalog& catalog, Response& out) {
  if (req.progress) req.progress("loading the model");
  auto loaded =
      load_model_text(req.model_text, req.model_name, catalog, LoadOptions{req.include_dir});
  out.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.model) {
    out.outcome = Outcome::InvalidModel;
    return std::nullopt;
  }
  // The output is written over none of the files the model includes (the model itself, and the
  // data files, the caller checked before reading them).
  if (req.output_path) {
    for (const auto& included : loaded.model->included_files) {
      std::error_code ec;
      if (std::filesystem::equivalent(*req.output_path, included, ec)) {
        out.diagnostics.error(req.override_prefix + "output " + req.output_path->string() +
                                  ": would overwrite '" + included + "', which the model includes",
                              {}, "write the output to another file");
        out.outcome = Outcome::InvalidRequest;
        return std::nullopt;
      }
    }
  }
  Diagnostics overrides;
  apply_overrides(req.overrides, req.override_prefix, *loaded.model, overrides);
  if (overrides.has_errors()) {
    out.diagnostics.append(overrides);
    out.outcome = Outcome::InvalidRequest;
    return std::nullopt;
  }
  return std::move(loaded.model);
}

/// The request's seed override, checked; false (with the outcome set) when it is not a number.
bool seed_of(const Request& req, Response& out, std::optional<std::uint64_t>& seed) {
  const auto& text = req.overrides.seed;
  if (!text) return true;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() ||
      value > static_cast<std::uint64_t>(INT64_MAX)) {
    out.diagnostics.error(
        req.override_prefix + "seed: '" + *text + "' is not a whole number from 0 to 2^63-1", {});
    out.outcome = Outcome::InvalidRequest;
    return false;
  }
  seed = value;
  return true;
}

// Who signs, when the auditor's firm file is given: the firm itself, on the basis it reports under.
// The scope stage speaks of any auditor; a US CPA firm that applies ISAE 3000 (Revised) says which
// standards it applies with it, as its proposal does.
std::optional<std::string> firm_signer(const Firm& firm, const Report& report) {
  // A report that stands in for another framework's (ISAE 3000 for SOC 2), from a firm in the
  // country where only that framework's firms sign (a US CPA firm).
  const auto& w = words_of(report);
  if (firm.role != FirmRole::Auditor || w.accepted_for.empty()) return std::nullopt;
  const auto& home = framework_words(w.accepted_for);
  if (home.signer_country.empty() || firm.country != home.signer_country) return std::nullopt;
  return cat(
      firm.name, ", a ", home.signer_country, " ", home.signer_title, ", applying ", w.standard,
      firm.isae_with_attestation_standards ? cat(" together with ", home.standards) : std::string{},
      "; the report uses the Trust Services Criteria",
      firm.isae_with_attestation_standards
          ? std::string{}
          : cat(" and is not ", article_for(home.name), " ", home.name, " report"),
      ", and a customer that asks for ", home.name,
      " may accept it in its place: confirm that with the customer");
}

/// Marks a response abandoned (nothing in it is to be used).
Response& abandon(Response& out) {
  out.outcome = Outcome::Abandoned;
  out.body.clear();
  return out;
}

/// The first estimate of a request, taken into its response: the firm's own words for who signs,
/// and the estimate's diagnostics. False, with the response's outcome set, when the model could not
/// be estimated or the request was abandoned meanwhile.
bool took_estimate(EstimateResult& result, const Firm* firm, const Model& model, Response& out) {
  if (firm) {
    if (auto signer = firm_signer(*firm, model.engagement.report))
      result.estimate.scope.signer = std::move(*signer);
  }
  out.diagnostics.append(result.diagnostics);
  if (!result.configured) {
    out.outcome = Outcome::InvalidModel;
    return false;
  }
  if (result.abandoned) {
    abandon(out);
    return false;
  }
  return true;
}

}  // namespace

const char* to_string(Format v) {
  for (const auto& [f, name] : kFormatNames) {
    if (f == v) return name;
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view s) {
  for (const auto& [f, name] : kFormatNames) {
    if (s == name) return f;
  }
  return std::nullopt;
}

const std::vector<Format>& formats_of(Output output) {
  static const std::vector<Format> boundary{Format::Table, Format::Json, Format::Dot, Format::Svg};
  static const std::vector<Format> estimate{Format::Table, Format::Json, Format::Csv,
                                            Format::Markdown};
  static const std::vector<Format> plan{Format::Table, Format::Json, Format::Ics};
  static const std::vector<Format> evidence{Format::Csv, Format::Xlsx};
  static const std::vector<Format> proposal{Format::Html, Format::Markdown, Format::Pdf};
  static const std::vector<Format> oscal{Format::OscalSsp, Format::OscalAp,
                                         Format::OscalComponents};
  switch (output) {
    case Output::Boundary:
      return boundary;
    case Output::Plan:
      return plan;
    case Output::Evidence:
      return evidence;
    case Output::Proposal:
      return proposal;
    case Output::Oscal:
      return oscal;
    case Output::Estimate:
    case Output::Compare:
      return estimate;
  }
  return estimate;
}

Engine::Engine(const PluginSearch& search, const CriteriaCatalog& catalog)
    : host_(search), catalog_(catalog) {}

LoadResult Engine::validate(std::string_view model_text, const std::string& model_name,
                            const LoadOptions& options) const {
  auto loaded = load_model_text(model_text, model_name, catalog_, options);
  if (!loaded.model) return loaded;
  // Only the plugins' configuration is checked: no ranges needed.
  EstimateRequest check{*loaded.model, catalog_, {}};
  check.simulate = false;
  const auto configured = run_estimate(host_, check);
  loaded.diagnostics.append(configured.diagnostics);
  if (!configured.configured || configured.diagnostics.has_errors()) loaded.model.reset();
  return loaded;
}

namespace {

/// What a firm file (--firm, firm=NAME) and a proposal's options make of a request: the data the
/// estimate reads (the overrides, and the firm's own rate card and profile where --rates and
/// --profile name none), the fee percentile and the letter's date; the model priced for the firm
/// (its country's VAT, no plan signed elsewhere, a renewal it is silent on priced as a new
/// auditor's).
struct FirmContext {
  std::optional<Firm> firm;
  std::map<std::string, std::filesystem::path> data_files;
  bool signer_from_firm = false;
  std::string model_signer;
  int percentile = kDefaultFeePercentile;
  std::optional<Date> letter_date;
};

/// The firm context of `req` for `model` (changed as above); nullopt when the firm file, the
/// percentile or the date is wrong (InvalidRequest, the diagnostics in `out`).
std::optional<FirmContext> firm_context(const PluginHost& host, const Request& req, Model& model,
                                        Response& out) {
  FirmContext c;
  c.data_files = req.overrides.data_files;
  auto& firm = c.firm;
  auto& data_files = c.data_files;
  auto& percentile = c.percentile;
  auto& letter_date = c.letter_date;
  // A firm file prices a proposal, and an estimate, plan or comparison made for one (--firm).
  if (req.output == Output::Proposal || req.firm) {
    Diagnostics firm_diags;
    if (req.firm) {
      firm = parse_firm(*req.firm, req.firm_dir, firm_diags, host.data_files());
      if (firm && firm->fee_percentile) percentile = *firm->fee_percentile;
      // The firm's own files, where the request names none of its own.
      if (firm) data_files.insert(firm->data_files.begin(), firm->data_files.end());
      if (firm && firm->profile) data_files.emplace(kProfileOverride, *firm->profile);
    }
    if (const auto& text = req.fee_percentile) {
      int value = 0;
      const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
      if (ec != std::errc{} || end != text->data() + text->size() || value < 50 || value > 99) {
        firm_diags.error(req.override_prefix + "fee-percentile: '" + *text +
                             "' is not a whole number from 50 to 99",
                         {}, "80 quotes a fee the work stays within in four cases of five");
      } else {
        percentile = value;
      }
    }
    if (const auto& text = req.letter_date) {
      if (const auto d = Date::parse(*text)) {
        letter_date = *d;
      } else {
        firm_diags.error(req.override_prefix + "date: '" + *text + "' is not a date (YYYY-MM-DD)",
                         {}, "the date the letter is sent, e.g. 2027-01-04");
      }
    }
    // An auditor's proposal is the firm's invoice: its country decides the VAT on it.
    if (firm && firm->role == FirmRole::Auditor && !firm->country.empty()) {
      auto& country = model.engagement.auditor_country;
      // The model alone: its auditor_country, else the default (a US CPA firm for SOC 2).
      c.model_signer = signer_country(model);
      c.signer_from_firm = country.empty() && firm->country != c.model_signer;
      if (!country.empty() && country != firm->country) {
        firm_diags.warning("the firm file's country " + firm->country +
                               " differs from the model's auditor_country " + country +
                               "; the firm invoices, so its VAT follows " + firm->country,
                           firm->country_where,
                           "set auditor_country = \"" + firm->country + "\" in the model to agree");
      }
      country = firm->country;
      // Priced for this firm, a comparison has no plan signed by another firm in another country
      // (said where a comparison is written; the other outputs have no scenario to leave out).
      auto& plans = model.scenarios;
      for (auto it = plans.begin(); it != plans.end();) {
        if (it->auditor_country && *it->auditor_country != firm->country) {
          if (req.output == Output::Compare || req.output == Output::Proposal)
            firm_diags.warning("scenario '" + it->id + "' (" + it->label +
                                   ") names an auditor in " + *it->auditor_country +
                                   ": priced for " + firm->name + " (" + firm->country +
                                   "), the comparison leaves it out",
                               it->where, "compare without --firm to see it");
          it = plans.erase(it);
        } else {
          ++it;
        }
      }
    }
    out.diagnostics.append(firm_diags);
    if (firm_diags.has_errors()) {
      out.outcome = Outcome::InvalidRequest;
      return std::nullopt;
    }
    // An auditor's proposal is written to win the work: a renewal the model is silent on is priced
    // as a new auditor's, not on a prior-year file the firm may not hold.
    auto& org = model.organization;
    if ((!firm || firm->role == FirmRole::Auditor) && !org.first_audit && !org.new_auditor_stated)
      org.new_auditor = true;
  }
  return c;
}

/// Tells the request's listener, if it has one, what the engine is doing now.
struct Progress {
  const Request& req;
  void operator()(std::string_view name) const {
    if (req.progress) req.progress(name);
  }
};

/// Whether `req` asks for a format its output is not written in, or for a PDF with no Chromium to
/// print it: then `out` says so (InvalidRequest).
bool format_refused(const Request& req, Response& out) {
  const auto& allowed = formats_of(req.output);
  if (std::find(allowed.begin(), allowed.end(), req.format) == allowed.end()) {
    std::string names;
    for (auto f : allowed) names += (names.empty() ? "" : ", ") + std::string{to_string(f)};
    out.diagnostics.error(req.override_prefix + "format: " + to_string(req.output) +
                              " is not written as " + to_string(req.format),
                          {}, "one of " + names);
    out.outcome = Outcome::InvalidRequest;
    return true;
  }

  // A PDF needs Chromium: said before any work.
  if (req.format == Format::Pdf && !find_chromium()) {
    out.diagnostics.error(
        req.override_prefix + "format: writing a PDF needs Chromium, which is not installed" +
            (std::getenv("ATTESTPLAN_CHROMIUM") ? std::string{" at $ATTESTPLAN_CHROMIUM"}
                                                : std::string{}),
        {}, "install the Debian package chromium, or write HTML and print it from a browser");
    out.outcome = Outcome::InvalidRequest;
    return true;
  }
  return false;
}

/// The boundary, written as `req` asks.
void write_boundary(const PluginHost& host, const CriteriaCatalog& catalog, const Request& req,
                    const Model& model, Response& out) {
  const Progress phase{req};
  phase("resolving the boundary");
  const auto boundary = planned_boundary(host, model, catalog, req.overrides.data_files);
  phase("writing");
  switch (req.format) {
    case Format::Json:
      if (req.stream) {
        render_boundary_json(model, boundary, *req.stream);
        out.streamed = true;
      } else {
        out.body = render_boundary_json(model, boundary);
      }
      break;
    case Format::Dot:
      out.body = boundary_to_dot(model, boundary);
      break;
    case Format::Svg:
      try {
        out.body = boundary_to_svg(model, boundary);
      } catch (const std::runtime_error& e) {
        out.failures.push_back(e.what());
        out.outcome = Outcome::PluginFailure;
      }
      break;
    default:
      out.body = render_boundary_table(model, boundary, req.width);
  }
}

/// A combined engagement's other reports, each estimated beside `result` (the same draws, the
/// same boundary, the same firm profile) with what the combination saves; nothing for a model of
/// one report. A report that cannot be estimated is the response's failure.
std::optional<Combination> combined_reports(const PluginHost& host, const EstimateRequest& estimate,
                                            const EstimateResult& result, Response& out) {
  if (estimate.model.engagement.combined_with.empty()) return std::nullopt;
  auto with = estimate;
  with.boundary = &result.boundary;
  apply_profile(host, with);
  auto combination = combine_reports(host, with, result);
  if (!combination.error.empty()) {
    out.failures.push_back(combination.error);
    out.outcome = Outcome::PluginFailure;
  }
  return combination;
}

/// Whether the firm cannot send this proposal: an auditor's letter for a report its country's firms
/// do not sign, or a consultant's with no readiness work priced. Then `out` says why
/// (InvalidRequest).
bool proposal_refused(const Request& req, const Model& model, const std::optional<Firm>& firm,
                      FirmRole role, const EstimateResult& result, Response& out) {
  // A SOC 2 report is issued by a CPA firm under AT-C 205: an auditor's letter from a firm
  // elsewhere would offer what it may not sign.
  const auto report = model.engagement.report;
  const auto& words = words_of(report);
  // The letter and the memo speak a practitioner's report on controls (its scope, opinion,
  // Type 1 and Type 2 options and management's assertion): a certification body's quote is not
  // that letter, and is not written from it.
  if (is_certification(report)) {
    out.diagnostics.error(
        cat("the proposal is a practitioner's letter for a report on controls, and ",
            display_name(report),
            " is a certification: attestplan does not write a certification body's quote"),
        model.engagement.where,
        "attestplan estimate gives its audit days, the fee of each audit and of the three-year "
        "cycle, and plan its calendar; evidence lists the documents and records the audits ask "
        "for");
    out.outcome = Outcome::InvalidRequest;
    return true;
  }
  if (firm && role == FirmRole::Auditor && !words.signer_country.empty() &&
      !firm->country.empty() && firm->country != words.signer_country) {
    // (A framework that names a signer country names what a firm elsewhere offers instead.)
    const Report instead{words.instead.empty() ? report.framework : words.instead, report.type};
    out.diagnostics.error(
        req.override_prefix + cat("firm: ", article_for(words.name), " ", words.name,
                                  " report is issued by ", words.who_signs,
                                  ", and this firm file is in ", firm->country),
        firm->country_where,
        cat("give the file of the licensed ", words.signer_title, " that will sign (country = \"",
            words.signer_country, "\" for a ", words.signer_country, " one), or propose ",
            article_for(framework_words(words.instead).standard), " ",
            framework_words(words.instead).standard, " report on the same criteria: --report ",
            to_string(instead)));
    out.outcome = Outcome::InvalidRequest;
    return true;
  }
  if (role == FirmRole::Consultant && result.estimate.cost.readiness_fee.line.empty()) {
    const bool renewing = !model.organization.first_audit;
    std::string cost_plugin;  // the plugin that priced the cost stage, whose option it is
    for (const auto& s : result.estimate.stages) {
      if (s.stage == Stage::Cost) cost_plugin = s.plugin;
    }
    out.diagnostics.error(
        req.override_prefix +
            "firm: a consultant's proposal prices the readiness work, and this "
            "estimate has none: " +
            (renewing
                 ? std::string{"the organization is renewing (first_audit = false): readiness is "
                               "priced before a first audit only, and the remediation the plan "
                               "shows for its areas below operating is its own team's work"}
                 : std::string{"readiness is priced for a first audit from maturity none or "
                               "partial"}),
        {},
        renewing ? "a consultant's proposal is for a first audit; for other work, write the letter "
                   "by hand"
                 : "set include_readiness = true under [plugins." + cost_plugin + "] in the model");
    out.outcome = Outcome::InvalidRequest;
    return true;
  }
  return false;
}

/// The proposal (or its pricing memo) for the estimate `result`: the options priced at the firm's
/// percentile, what stops the letter from going out as it is, and the document as `req` asks.
void write_proposal(const PluginHost& host, const Request& req, const Model& model,
                    const EstimateRequest& estimate, const EstimateResult& result,
                    FirmContext& context, Response& out) {
  const Progress phase{req};
  const auto& firm = context.firm;
  const auto& data_files = context.data_files;
  const auto percentile = context.percentile;
  auto& letter_date = context.letter_date;
  note_failures(result, out);
  if (out.outcome == Outcome::PluginFailure) return;
  const FirmRole role = firm ? firm->role : FirmRole::Auditor;
  if (proposal_refused(req, model, firm, role, result, out)) return;
  phase("pricing the options");
  auto options = estimate;
  options.boundary = &result.boundary;  // the tiers change the engagement only
  const auto pricing = price_proposal(host, options, result, role,
                                      firm ? firm->fee_basis : FeeBasis::Fixed, percentile);
  for (const auto& p : pricing.problems) out.warnings.push_back("an option is left out: " + p);
  // What stops the letter from going out as it is goes to the one who sends it, not only to the
  // memo.
  for (const auto& f : result.estimate.findings) {
    if (f.role == FindingRole::Signer) out.warnings.push_back(f.message);
  }
  if (const auto& cost = result.estimate.cost; cost.illustrative_rates) {
    out.warnings.push_back(
        "the fee is priced with attestplan's illustrative rate card, not a firm's rates: give "
        "your own" +
        (cost.rates_key.empty()
             ? std::string{}
             : " with --" + cost.rates_key + " FILE, or name it in the firm file (" +
                   cost.rates_key + " = \"...\"),") +
        " before the proposal is sent");
  }
  phase("writing");
  // A letter goes out on a working day: dated today, or the next one in the firm's country.
  if (!letter_date) {
    const auto today = Date::parse(req.today).value_or(Date::today());
    letter_date = today.working_day(
        firm && !firm->country.empty() ? firm->country : country_of(model.organization));
  }
  // A letter for a combined engagement prices the reports together (the memo stays the first's).
  std::optional<Combination> combination;
  if (!req.memo && role == FirmRole::Auditor) {
    if (!model.engagement.combined_with.empty()) phase("estimating the reports combined with it");
    combination = combined_reports(host, estimate, result, out);
    if (out.outcome == Outcome::PluginFailure) return;
  }
  const auto basis = quote_basis(req, host, model, data_files, result, pricing, *letter_date,
                                 combination ? &*combination : nullptr);
  const ProposalDocument doc{model,
                             result,
                             pricing,
                             firm ? &*firm : nullptr,
                             letter_date->to_string(),
                             &basis,
                             context.signer_from_firm,
                             context.model_signer,
                             combination ? &*combination : nullptr};
  if (req.memo) {
    out.body = req.format == Format::Markdown ? render_pricing_memo_markdown(doc)
                                              : render_pricing_memo_html(doc);
  } else {
    out.body =
        req.format == Format::Markdown ? render_proposal_markdown(doc) : render_proposal_html(doc);
  }
  if (req.format == Format::Pdf) {
    std::string why;
    auto bytes = print_bounded(out.body, phase, why);
    if (!bytes) {
      out.body.clear();
      out.diagnostics.error(
          req.override_prefix + "format: cannot print the proposal to PDF: " + why, {},
          "write HTML (format html) and print it from a browser");
      out.outcome = Outcome::InvalidRequest;
      return;
    }
    out.body = std::move(*bytes);
  }
}

/// The comparison of the scenarios `req` names (all the model's when it names none), the estimate
/// `result` its as-modelled row.
void write_comparison(const PluginHost& host, const Request& req, const Model& model,
                      const EstimateRequest& estimate, const EstimateResult& result,
                      Response& out) {
  const Progress phase{req};
  std::vector<std::string> unknown;
  phase("comparing the scenarios");
  auto scenarios = estimate;
  scenarios.boundary = &result.boundary;  // resolved once, for the estimate above
  const auto cmp = compare_scenarios(host, scenarios, req.scenarios, unknown, &result);
  if (!unknown.empty()) {
    // The scenarios this model has: with- or without- each optional category as it stands.
    std::vector<Category> in_scope;
    for (const auto& c : result.estimate.scope.categories) {
      if (c.in_scope) in_scope.push_back(c.category);
    }
    std::vector<std::string> ids;
    for (const auto& s : default_scenarios(model, in_scope)) ids.push_back(s.id);
    std::string known;
    for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
    for (const auto& id : unknown) {
      const auto guess = nearest(id, ids);
      out.diagnostics.error(req.override_prefix + "scenario: no scenario '" + id + "'", {},
                            (guess.empty() ? std::string{} : "did you mean '" + guess + "'? ") +
                                "this model's: " + known);
    }
    out.outcome = Outcome::InvalidRequest;
    return;
  }
  if (cmp.abandoned) {
    abandon(out);
    return;
  }
  phase("writing");
  switch (req.format) {
    case Format::Json:
      out.body = render_compare_json(model, cmp);
      break;
    case Format::Csv:
      out.body = render_compare_csv(cmp);
      break;
    case Format::Markdown:
      out.body = render_compare_markdown(model, cmp);
      break;
    default:
      out.body = render_compare_table(model, cmp, req.width);
  }
  for (const auto& s : cmp.scenarios) {
    if (s.status != ScenarioStatus::Ok) out.failures.push_back(s.spec.id + ": " + s.error);
  }
  if (!out.failures.empty()) out.outcome = Outcome::PluginFailure;
}

}  // namespace

Response Engine::handle(const Request& req) const {
  Response out;
  out.content_type = content_type(req.format);
  if (format_refused(req, out)) return out;
  if (req.output == Output::Oscal && !is_uri_reference(req.oscal_ssp_href)) {
    out.diagnostics.error(req.override_prefix + "ssp: '" + req.oscal_ssp_href.substr(0, 80) +
                              "' is not a file name or URL an OSCAL link can hold",
                          {}, "give the SSP's file name (ssp.json) or its URL, without spaces");
    out.outcome = Outcome::InvalidRequest;
    return out;
  }
  const Progress phase{req};
  auto loaded = load_for(req, catalog_, out);
  if (!loaded) return out;
  Model model = std::move(*loaded);

  if (req.output == Output::Boundary) {
    write_boundary(host_, catalog_, req, model, out);
    return out;
  }

  std::optional<std::uint64_t> seed;
  if (!seed_of(req, out, seed)) return out;
  auto context = firm_context(host_, req, model, out);
  if (!context) return out;
  const auto& firm = context->firm;
  const auto& data_files = context->data_files;
  EstimateRequest estimate{model, catalog_, data_files, seed};
  estimate.abandoned = req.abandoned;
  SharedDraws draws;  // the estimate, and the scenarios or options after it, draw each input once
  estimate.draws = &draws;
  // Every output runs the estimate first: for compare it checks the model's plugin options once,
  // with their locations, before any scenario runs, and is the as-modelled row.
  phase("resolving the boundary and estimating");
  auto first = estimate;
  // A proposal reads its fee off the runs at the percentile; a comparison adds plans run by run.
  // A combined engagement adds its reports' fees run by run too.
  // An estimate prices a combined engagement's reports; an evidence list tags each request with
  // the reports it serves.
  const bool combined = (req.output == Output::Estimate || req.output == Output::Evidence) &&
                        !model.engagement.combined_with.empty();
  // An auditor's letter prices the reports together.
  const bool letter =
      req.output == Output::Proposal && !req.memo && (!firm || firm->role == FirmRole::Auditor);
  if (req.output == Output::Evidence && combined) {
    out.diagnostics.warning(
        std::string{"combined_with: the evidence list is the "} +
            display_name(model.engagement.report) +
            "'s, each request tagged with the other reports it also serves; what only the others "
            "need is not listed",
        model.engagement.combined_where);
  }
  if (!combined && !letter && !model.engagement.combined_with.empty()) {
    out.diagnostics.warning(
        std::string{"combined_with: this output is of "} + display_name(model.engagement.report) +
            " alone; the combined engagement's fees and savings are the estimate's",
        model.engagement.combined_where, "attestplan estimate MODEL (--explain: each saving)");
  }
  first.keep_runs = req.output == Output::Proposal || req.output == Output::Compare || combined;
  first.sensitivity = req.output != Output::Compare;   // a comparison shows no tornado,
  first.every_figure = req.output != Output::Compare;  // nor a plan's breakdown
  apply_profile(host_, first);
  auto result = run_estimate(host_, first);
  if (!took_estimate(result, firm ? &*firm : nullptr, model, out)) return out;
  if (req.output == Output::Proposal) {
    write_proposal(host_, req, model, estimate, result, *context, out);
    return out;
  }
  if (req.output != Output::Compare) {
    note_failures(result, out);
    if (combined) phase("estimating the reports combined with it");
    const auto combination =
        combined ? combined_reports(host_, estimate, result, out) : std::nullopt;
    phase("writing");
    out.body = render_estimate_output(req, model, result, catalog_, out,
                                      combination ? &*combination : nullptr);
    return out;
  }

  write_comparison(host_, req, model, estimate, result, out);
  return out;
}

Response Engine::analyse(const Request& req) const {
  Response out;
  out.content_type = content_type(Format::Json);
  const auto phase = [&](std::string_view name) {
    if (req.progress) req.progress(name);
  };
  auto loaded = load_for(req, catalog_, out);
  if (!loaded) return out;
  Model& model = *loaded;
  std::optional<std::uint64_t> seed;
  if (!seed_of(req, out, seed)) return out;
  // Priced as the proposal of the same firm file is: its rate card, profile and country.
  const auto context = firm_context(host_, req, model, out);
  if (!context) return out;

  phase("resolving the boundary and estimating");
  EstimateRequest estimate{model, catalog_, context->data_files, seed};
  estimate.abandoned = req.abandoned;
  SharedDraws draws;  // the estimate and every scenario draw each input once
  estimate.draws = &draws;
  auto with_runs = estimate;
  with_runs.keep_runs = true;  // it is also the comparison's as-modelled row
  apply_profile(host_, with_runs);
  auto result = run_estimate(host_, with_runs);
  if (!took_estimate(result, context->firm ? &*context->firm : nullptr, model, out)) return out;
  note_failures(result, out);

  phase("comparing the scenarios");
  auto scenarios = estimate;
  scenarios.boundary = &result.boundary;  // the one boundary of this request
  std::vector<std::string> unknown;
  const auto cmp = compare_scenarios(host_, scenarios, req.scenarios, unknown, &result);
  if (!unknown.empty()) {
    for (const auto& id : unknown)
      out.diagnostics.error(req.override_prefix + "scenario: no scenario '" + id + "'", {});
    out.outcome = Outcome::InvalidRequest;
    return out;
  }
  if (cmp.abandoned) return abandon(out);
  for (const auto& s : cmp.scenarios) {
    if (s.status != ScenarioStatus::Ok) out.failures.push_back(s.spec.id + ": " + s.error);
  }
  if (!out.failures.empty()) out.outcome = Outcome::PluginFailure;

  if (!model.engagement.combined_with.empty()) phase("estimating the reports combined with it");
  const auto combination = combined_reports(host_, estimate, result, out);

  phase("writing");
  out.body = "{\"estimate\":" +
             render_estimate_json(model, result, combination ? &*combination : nullptr) +
             ",\"boundary\":" + render_boundary_json(model, result.boundary) +
             ",\"compare\":" + render_compare_json(model, cmp) + "}";
  return out;
}

Response Engine::portfolio(const PortfolioRequest& req) const {
  Response out;
  out.content_type = content_type(req.format);
  if (req.format != Format::Table && req.format != Format::Json && req.format != Format::Csv &&
      req.format != Format::Svg) {
    out.diagnostics.error(
        std::string{"--format: portfolio is not written as "} + to_string(req.format), {},
        "one of table, json, csv, svg");
    out.outcome = Outcome::InvalidRequest;
    return out;
  }
  PortfolioOptions options;
  options.threads = req.threads;
  options.data_files = req.data_files;
  if (const auto it = req.data_files.find("profile"); it != req.data_files.end()) {
    Diagnostics diags;
    const auto text = load_data_file(it->second, "", diags);
    const auto profile = text ? parse_profile(*text, diags, host_.parameter_names()) : std::nullopt;
    out.diagnostics.append(diags);
    if (!profile) {
      out.outcome = Outcome::InvalidRequest;
      return out;
    }
    options.capacity = profile->capacity;
  }
  options.progress = req.progress;
  const auto priced = price_portfolio(host_, catalog_, req.models, options, out.diagnostics);
  if (priced.stopped) {
    out.diagnostics.error("the portfolio was stopped with " + std::to_string(priced.reached) +
                              " of " + std::to_string(req.models.size()) + " engagements priced",
                          {}, "price fewer engagements at once, or allow the run more time");
    out.outcome = Outcome::Abandoned;
    return out;
  }
  for (const auto& [level, hours] : options.capacity) {
    const auto& levels = priced.load.levels;
    if (!levels.empty() && std::find(levels.begin(), levels.end(), level) == levels.end()) {
      out.warnings.push_back("[capacity] names level '" + level +
                             "', which no engagement's rate card staffs");
    }
  }
  if (req.heatmap || req.format == Format::Svg) out.heatmap = render_staff_load_svg(priced.load);
  switch (req.format) {
    case Format::Json:
      out.body = render_portfolio_json(priced);
      break;
    case Format::Csv:
      out.body = render_portfolio_csv(priced);
      break;
    case Format::Svg:
      out.body = out.heatmap;
      break;
    default:
      out.body = render_portfolio_table(priced, req.width);
  }
  if (priced.failed > 0) out.outcome = Outcome::InvalidModel;
  return out;
}

Response Engine::calibrate(const CalibrateRequest& req) const {
  Response out;
  out.content_type = content_type(req.format);
  if (req.format != Format::Table && req.format != Format::Json) {
    out.diagnostics.error(
        std::string{"--format: calibrate is not written as "} + to_string(req.format), {},
        "table or json");
    out.outcome = Outcome::InvalidRequest;
    return out;
  }
  // Confined to the base folder (the server's workspace): a row names a model there by its file
  // name, never a path, checked before any file is read.
  if (req.models_in_base_dir_only) {
    static const std::regex kFileName{"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\.toml"};
    for (const auto& cell : history_model_cells(req.history, out.diagnostics)) {
      if (!std::regex_match(cell.model, kFileName)) {
        out.diagnostics.error(
            "model: '" + cell.model + "' is not the file name of a model in the workspace",
            cell.where, "name a model saved in the workspace, e.g. fjord.toml");
      }
    }
    if (out.diagnostics.has_errors()) {
      out.outcome = Outcome::InvalidRequest;
      return out;
    }
  }
  const auto history = read_history(req.history, req.base_dir, catalog_, out.diagnostics);
  if (!history) {
    out.outcome = Outcome::InvalidModel;
    return out;
  }
  CalibrationOptions options;
  options.min_rows = req.min_rows;
  options.data_files = req.data_files;
  bool stopped = false;
  if (req.progress) {
    options.progress = [&](std::size_t done, std::size_t total) {
      return !(stopped = !req.progress(done, total));
    };
  }
  const auto report = attestplan::calibrate(host_, catalog_, *history, options, out.diagnostics);
  if (!report) {
    out.outcome = stopped ? Outcome::Abandoned : Outcome::InvalidModel;
    return out;
  }
  if (history->rows_skipped > 0 || report->rows_skipped > history->rows_skipped) {
    out.notes.push_back(std::to_string(report->rows_skipped) + " of " +
                        std::to_string(report->rows_read) + " row(s) skipped");
  }
  if (req.profile) {
    // A profile that would change nothing is refused: a firm that "calibrated" must not price as
    // before believing otherwise. The report still shows why.
    if (const auto why = profile_changes_nothing(*report)) {
      out.profile_refused = *why;
    } else {
      auto profile = profile_of(*report);
      if (req.firm_name) profile.name = *req.firm_name;
      out.profile = profile_toml(profile, host_.parameter_names());
    }
  }
  out.body = req.format == Format::Json ? render_calibration_json(*report)
                                        : render_calibration_table(*report, req.width);
  return out;
}

Response Engine::drift(const DriftRequest& req) const {
  Response out;
  out.content_type = content_type(req.format);
  if (req.format != Format::Table && req.format != Format::Json && req.format != Format::Markdown) {
    out.diagnostics.error(std::string{"--format: drift is not written as "} + to_string(req.format),
                          {}, "one of table, json, markdown");
    out.outcome = Outcome::InvalidRequest;
    return out;
  }
  auto before_model = load_model_text(req.baseline_text, req.baseline_name, catalog_,
                                      LoadOptions{req.baseline_include_dir});
  // The current model may still name what the baseline had and an import has since removed: that
  // is the change to report, not an error that stops the comparison.
  std::unordered_set<std::string> had;
  if (before_model.model) {
    for (const auto& c : before_model.model->components) had.insert(c.id);
  }
  LoadOptions current_options{req.current_include_dir};
  current_options.removed_ids = &had;
  auto after_model = load_model_text(req.current_text, req.current_name, catalog_, current_options);
  out.diagnostics.append(before_model.diagnostics);
  out.diagnostics.append(after_model.diagnostics);
  if (!before_model.model || !after_model.model) {
    out.outcome = Outcome::InvalidModel;
    return out;
  }
  // Both keep their runs: the change's range is their run-by-run difference.
  const auto estimate = [&](const Model& model) {
    EstimateRequest r{model, catalog_, req.data_files, {}, true, false};
    apply_profile(host_, r);
    return run_estimate(host_, r);
  };
  const auto before = estimate(*before_model.model);
  const auto after = estimate(*after_model.model);
  out.diagnostics.append(before.diagnostics);
  out.diagnostics.append(after.diagnostics);
  if (!before.configured || !after.configured) {
    out.outcome = Outcome::InvalidModel;
    return out;
  }
  const auto report = compute_drift(*before_model.model, before, *after_model.model, after,
                                    after_model.dropped_references);
  out.failures = report.failures;
  if (!out.failures.empty()) out.outcome = Outcome::PluginFailure;
  out.findings = report.findings;
  switch (req.format) {
    case Format::Json:
      out.body = render_drift_json(report);
      break;
    case Format::Markdown:
      out.body = render_drift_markdown(report);
      break;
    default:
      out.body = render_drift_table(report, req.width);
  }
  return out;
}

}  // namespace attestplan

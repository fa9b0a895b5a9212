// The proposal in a real browser: headless Chromium opens it, prints it to PDF and renders it to
// PNG, and the PNG is checked not to be blank. Model strings with markup come out escaped.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <png.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "attestplan/format.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/simulation.hpp"
#include "loopback.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

using attestplan::testing::slurp;

fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-web-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

int sh(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Chromium as the machine notes say to start it here: headless, no sandbox as root, no
/// background networking (the network is closed), a fresh profile.
std::string chromium(const std::string& args) {
  return "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic "
         "--no-first-run --disable-background-networking --disable-component-update --disable-sync "
         "--user-data-dir='" +
         (scratch() / "profile").string() + "' " + args + " >/dev/null 2>&1";
}

/// Decodes a PNG and returns (share of non-white pixels, number of distinct colours).
std::pair<double, std::size_t> ink(const fs::path& file) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, file.c_str())) return {0, 0};
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return {0, 0};
  std::size_t inked = 0;
  std::set<unsigned> colours;
  for (std::size_t i = 0; i + 2 < pixels.size(); i += 3) {
    const unsigned rgb = (pixels[i] << 16u) | (pixels[i + 1] << 8u) | pixels[i + 2];
    if (rgb != 0xFFFFFFu) ++inked;
    if (colours.size() < 1000) colours.insert(rgb);
  }
  return {static_cast<double>(inked) / static_cast<double>(pixels.size() / 3), colours.size()};
}

/// A command's standard output.
std::string output_of(const std::string& cmd) {
  const auto out = scratch() / "cmd.out";
  if (sh(cmd + " >'" + out.string() + "'") != 0) return {};
  return slurp(out);
}

}  // namespace

TEST(ProposalPdf, HrSaasIsAtMostThreePagesNumberedWithNoModelIdAndTheP80Fee) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is installed by scripts/install-deps";
  ASSERT_TRUE(fs::exists("/usr/bin/pdftotext"))
      << "poppler-utils is installed by scripts/install-deps";
  const std::string source = ATTESTPLAN_SOURCE_DIR;
  const auto pdf = scratch() / "hr-saas-proposal.pdf";
  ASSERT_EQ(
      sh("cd '" + source + "' && '" + ATTESTPLAN_BIN +
         "' proposal models/examples/hr-saas.toml --firm examples/firms/example-auditor.toml -o '" +
         pdf.string() + "'"),
      0);
  ASSERT_EQ(slurp(pdf).rfind("%PDF-", 0), 0u) << "-o x.pdf writes a PDF, not HTML";
  std::smatch m;
  const auto info = output_of("pdfinfo '" + pdf.string() + "'");
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))"))) << info;
  const int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 1);
  EXPECT_LE(pages, 3) << "the HR SaaS proposal fits on three A4 pages";
  const auto text = output_of("pdftotext '" + pdf.string() + "' -");
  for (int p = 1; p <= pages; ++p) {
    EXPECT_NE(text.find("Page " + std::to_string(p) + " of " + std::to_string(pages)),
              std::string::npos)
        << p;
  }
  // No id of the model in the text: those that are not also words of the names it gives.
  attestplan::Diagnostics diags;
  const auto file = attestplan::read_text_file(source + "/models/examples/hr-saas.toml", diags);
  ASSERT_TRUE(file);
  const auto loaded = attestplan::load_model_text(file->text, "hr-saas.toml",
                                                  attestplan::CriteriaCatalog::builtin());
  ASSERT_TRUE(loaded.model);
  const auto& model = *loaded.model;
  std::string names = model.organization.name;
  for (const auto& x : model.services) names += " " + x.name + " " + x.description;
  for (const auto& x : model.components) names += " " + x.name + " " + x.description;
  for (const auto& x : model.subservices) names += " " + x.name;
  std::vector<std::string> ids;
  for (const auto& x : model.services) ids.push_back(x.id);
  for (const auto& x : model.components) ids.push_back(x.id);
  for (const auto& x : model.subservices) ids.push_back(x.id);
  for (const auto& x : model.scenarios) ids.push_back(x.id);
  for (const auto& id : ids) {
    const std::regex token("(^|[^A-Za-z0-9-])" + id + "($|[^A-Za-z0-9-])");
    if (std::regex_search(names, token))
      continue;  // also a word of a name ("worker" in "Payroll export worker")
    EXPECT_FALSE(std::regex_search(text, token)) << id;
  }
  for (const char* trace : {"reached from", "§", "the model", "soc2-type2"})
    EXPECT_EQ(text.find(trace), std::string::npos) << trace;
  EXPECT_FALSE(std::regex_search(text, std::regex(R"(\d{4}-\d{2}-\d{2})")))
      << "dates are written in words";
  // The fixed fee is the P80 of the estimate's simulated fee (the same runs, the same seed).
  attestplan::PluginSearch search;
  search.use_environment = false;
  const attestplan::PluginHost host(search);
  attestplan::EstimateRequest req{model, attestplan::CriteriaCatalog::builtin(), {}};
  req.keep_runs = true;
  const auto r = attestplan::run_estimate(host, req);
  ASSERT_TRUE(r.runs);
  const double p80 =
      attestplan::quantile(attestplan::runs_of(r.estimate, *r.runs, r.estimate.cost.fee), 0.8);
  EXPECT_NE(text.find("DKK " + attestplan::format_money(p80)), std::string::npos)
      << attestplan::format_money(p80) << "\n"
      << text;
  // Page one as a picture, beside the PDF (docs/proposal-page1.png is a copy of it).
  EXPECT_EQ(sh("pdftoppm -png -r 70 -f 1 -l 1 -singlefile '" + pdf.string() + "' '" +
               (scratch() / "page1").string() + "'"),
            0);
  const auto [share, colours] = ink(scratch() / "page1.png");
  EXPECT_GT(share, 0.03);
}

TEST(ProposalInBrowser, PrintsToPdfAndRendersAPageThatIsNotBlank) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is installed by scripts/install-deps";
  const auto html = scratch() / "proposal.html";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + ATTESTPLAN_SOURCE_DIR +
               "/models/examples/hr-saas.toml' -o '" + html.string() + "'"),
            0);
  const auto pdf = scratch() / "proposal.pdf";
  const auto png = scratch() / "proposal.png";
  ASSERT_EQ(sh(chromium("--no-pdf-header-footer --print-to-pdf='" + pdf.string() + "' 'file://" +
                        html.string() + "'")),
            0);
  const auto pdf_bytes = slurp(pdf);
  EXPECT_EQ(pdf_bytes.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf_bytes.size(), 20000u);
  ASSERT_EQ(sh(chromium("--window-size=1280,1600 --screenshot='" + png.string() + "' 'file://" +
                        html.string() + "'")),
            0);
  const auto [share, colours] = ink(png);
  EXPECT_GT(share, 0.03) << "the rendered page is (nearly) blank";
  EXPECT_GT(colours, 20u) << "the rendered page has almost no colours: text and diagram missing?";
}

TEST(ProposalInBrowser, ModelStringsAreEscaped) {
  const auto model = scratch() / "hostile.toml";
  {
    std::ofstream out(model);
    std::string text =
        slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/startup-type1.toml");
    const std::string from = "name = \"Tally Notes Inc.\"";
    text.replace(text.find(from), from.size(),
                 "name = \"Evil <script>alert('x')</script> & \\\"Co\\\"\"");
    const std::string svc = "name = \"Tally Notes (meeting-notes SaaS)\"";
    text.replace(text.find(svc), svc.size(), "name = \"<img src=x onerror=alert(1)>\"");
    out << text;
  }
  const auto html = scratch() / "hostile.html";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + model.string() + "' -o '" +
               html.string() + "'"),
            0);
  const auto page = slurp(html);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("Evil &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // The Markdown form escapes markup too.
  const auto md = scratch() / "hostile.md";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + model.string() + "' -o '" +
               md.string() + "'"),
            0);
  auto text = slurp(md);
  EXPECT_NE(text.find("\\<script\\>"), std::string::npos);
  // The quote's basis is an HTML comment at the end: metadata, with no "--" of a name inside.
  const auto basis = text.find("\n<!-- quote-basis: ");
  ASSERT_NE(basis, std::string::npos);
  EXPECT_EQ(text.find("--", basis + 8), text.rfind(" -->") + 1);
  text.resize(basis);
  for (std::size_t at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
    EXPECT_TRUE(at > 0 && text[at - 1] == '\\') << "unescaped '<' at " << at;
  }
}

namespace {

/// A loopback listener that counts the connections anyone makes to it, until stopped.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) > 0) {
          const int c = ::accept(fd_, nullptr, nullptr);
          if (c >= 0) {
            ++connections_;
            ::close(c);
          }
        }
      }
    });
  }
  ~Listener() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

/// `text` with the first `from` replaced by `to` (the test fails if `from` is missing).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST(ProposalPdf, HostileStringsFetchNothingEmbedNoLocalFileAndShowTheRealFee) {
  // A consultant prints proposals from clients' models: no string in a model or firm file may make
  // the printed document fetch a URL, embed a local file or change what it says. Every payload
  // below tries to leave its context (a form feed or quote ends a CSS string; markup ends HTML
  // text) and fetch from a local listener or embed a local image.
  ASSERT_TRUE(fs::exists("/usr/bin/pdftotext") && fs::exists("/usr/bin/pdfimages"));
  Listener listener;
  ASSERT_GT(listener.port(), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(listener.port());
  const auto secret = scratch() / "secret.png";
  fs::copy_file(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/proposal-page1.png", secret,
                fs::copy_options::overwrite_existing);
  // TOML basic strings: \f is a form feed, \" a quote, \\ a backslash. The forged fee is written
  // with a CSS escape (\31 is "1"), so it reads "DKK 1.00" only if the CSS runs.
  const std::vector<std::string> payloads{
      "Acme\\f\\\"}} * { display: none !important } html { background: url(" + url +
          "/bg) } .summary b::after { content: \\\"DKK \\\\31 .00\\\" } x { x: \\\"",
      "Acme\\\"; background: url(file://" + secret.string() + "); } body { background-image: url(" +
          url + "/bg) } x { x: \\\"",
      "Acme\\\\\\\"; } @import url(" + url + "/import); x{ \\n",
      "</style><link rel=stylesheet href=" + url + "/link><img src=" + url +
          "/img><img src=file://" + secret.string() + ">",
      "<iframe src=" + url + "/frame></iframe><object data=file://" + secret.string() +
          "></object>",
  };
  const auto model_text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");
  const auto firm_text =
      slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "examples/firms/example-auditor.toml");
  fs::copy_file(fs::path{ATTESTPLAN_SOURCE_DIR} / "examples/firms/harbor-lane-logo.svg",
                scratch() / "harbor-lane-logo.svg", fs::copy_options::overwrite_existing);
  auto images_in = [](const fs::path& pdf) {
    const auto list = output_of("pdfimages -list '" + pdf.string() + "'");
    return std::count(list.begin(), list.end(), '\n');
  };
  std::optional<long> clean_images;
  for (std::size_t i = 0; i <= payloads.size(); ++i) {
    // Run 0 is the clean document to compare with; then each payload in the organisation's name,
    // the firm's name and the service's name at once.
    const bool clean = i == 0;
    const std::string p = clean ? "" : payloads[i - 1];
    const auto model = scratch() / ("hostile-" + std::to_string(i) + ".toml");
    const auto firm = scratch() / ("hostile-firm-" + std::to_string(i) + ".toml");
    std::ofstream(model) << (clean ? model_text
                                   : replaced(replaced(model_text, "name = \"Fjord People ApS\"",
                                                       "name = \"Fjord " + p + "\""),
                                              "name = \"Fjord HR platform\"",
                                              "name = \"HR " + p + "\""));
    std::ofstream(firm) << (clean ? firm_text
                                  : replaced(firm_text, "name = \"Harbor & Lane CPAs LLP\"",
                                             "name = \"Harbor " + p + "\""));
    const auto html = scratch() / ("hostile-" + std::to_string(i) + ".html");
    const auto pdf = scratch() / ("hostile-" + std::to_string(i) + ".pdf");
    const auto cmd = std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + model.string() +
                     "' --firm '" + firm.string() + "'";
    ASSERT_EQ(sh(cmd + " -o '" + html.string() + "'"), 0) << p;
    ASSERT_EQ(sh(cmd + " -o '" + pdf.string() + "'"), 0) << p;
    // The real fee, as the HTML states it, is in the printed text, and no forged one is.
    std::smatch fee;
    const auto page = slurp(html);
    ASSERT_TRUE(std::regex_search(
        page, fee, std::regex{"\\(excl\\. VAT\\)</span><b class=\"nw\">([^<]+)</b>"}));
    const auto text = output_of("pdftotext '" + pdf.string() + "' -");
    EXPECT_NE(text.find(fee[1].str()), std::string::npos)
        << "payload " << i << ": the fee is not shown";
    EXPECT_EQ(text.find("DKK 1.00"), std::string::npos) << "payload " << i;
    // Nothing embedded beyond what the clean document has (the letterhead's logo).
    const auto images = images_in(pdf);
    if (clean) {
      clean_images = images;
    } else {
      EXPECT_EQ(images, *clean_images) << "payload " << i << " embedded an image";
    }
    EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
  }
  EXPECT_EQ(listener.connections(), 0) << "the printed document fetched from the network";
}

TEST(ProposalPdf, ThePricingMemoIsOnePageForEachExample) {
  // The partner reads it beside the letter: one page, the basis to reproduce the quote included.
  for (const char* name : {"hr-saas", "payments-fintech", "startup-type1"}) {
    const auto pdf = scratch() / (std::string{name} + "-memo.pdf");
    ASSERT_EQ(sh(std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + ATTESTPLAN_BIN +
                 "' proposal models/examples/" + name +
                 ".toml --firm examples/firms/example-auditor.toml --memo -o '" + pdf.string() +
                 "' 2>/dev/null"),
              0)
        << name;
    const auto info = output_of("pdfinfo '" + pdf.string() + "'");
    EXPECT_NE(info.find("Pages:           1\n"), std::string::npos) << name << "\n" << info;
    const auto text = output_of("pdftotext '" + pdf.string() + "' -");
    EXPECT_NE(text.find("Basis, to reproduce this quote"), std::string::npos) << name;
  }
}

namespace {

/// The processes whose command line mentions `needle`.
std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const auto name = e.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::ifstream in(e.path() / "cmdline", std::ios::binary);
    const std::string cmdline{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (cmdline.find(needle) != std::string::npos)
      found.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return found;
}

}  // namespace

TEST(ProposalPdf, APrintKilledWithSigkillLeavesNoBrowserAndTheNextPrintRemovesItsPage) {
  const auto out = scratch() / "killed.pdf";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string model = std::string{ATTESTPLAN_SOURCE_DIR} + "/models/examples/hr-saas.toml";
    ::execl(ATTESTPLAN_BIN, ATTESTPLAN_BIN, "proposal", "-q", model.c_str(), "-o", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the browser to be printing the page (its profile is in the print's folder).
  const std::string folder_mark = "attestplan-pdf-" + std::to_string(pid) + "-";
  bool printing = false;
  for (int i = 0; i < 6000 && !printing; ++i) {
    printing = !processes_mentioning(folder_mark).empty();
    if (!printing) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(printing) << "Chromium never started";
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // Chromium dies with attestplan (parent-death signal; its helpers follow their browser).
  std::vector<pid_t> left;
  for (int i = 0; i < 200; ++i) {
    left = processes_mentioning(folder_mark);
    if (left.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(left.empty()) << left.size() << " browser process(es) outlived the killed print";
  EXPECT_FALSE(fs::exists(out));
  // The client's page may still be in the temporary folder: the next print removes it.
  ASSERT_EQ(sh(std::string{ATTESTPLAN_BIN} + " proposal -q '" + ATTESTPLAN_SOURCE_DIR +
               "/models/examples/hr-saas.toml' -o '" + (scratch() / "next.pdf").string() +
               "' 2>/dev/null"),
            0);
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
    EXPECT_NE(e.path().filename().string().rfind(folder_mark, 0), 0u) << e.path();
  }
}

namespace {

/// One HTTP request to 127.0.0.1:port, Connection: close; the whole response (head and body).
std::string http(int port, const std::string& method, const std::string& target,
                 const std::string& body, const std::vector<std::string>& headers = {}) {
  const int fd = attestplan::testing::connect_loopback(port);
  if (fd < 0) return {};
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                    "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  req += "\r\n" + body;
  for (std::size_t sent = 0; sent < req.size();) {
    const auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

/// `attestplan serve` on a free port with `workspace`, its stdout in `log`; the port once it is
/// listening (0 when it did not say so within 10 s) in `port`. The process's id.
pid_t start_server(const fs::path& workspace, const fs::path& log, int& port) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::execl(ATTESTPLAN_BIN, ATTESTPLAN_BIN, "serve", "--port", "0", "--workspace",
            workspace.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    std::smatch m;
    const auto text = slurp(log);
    if (std::regex_search(text, m, std::regex{R"(127\.0\.0\.1:(\d+))"}))
      port = std::stoi(m[1]);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pid;
}

}  // namespace

TEST(ProposalPdf, TheServerPrintsTheSamePdfTextAsTheCliForTheSameModelAndFirmFile) {
  const std::string source = ATTESTPLAN_SOURCE_DIR;
  // The CLI's PDF.
  const auto cli_pdf = scratch() / "cli-proposal.pdf";
  ASSERT_EQ(
      sh("cd '" + source + "' && '" + ATTESTPLAN_BIN +
         "' proposal -q models/examples/hr-saas.toml " +
         "--firm examples/firms/example-auditor.toml -o '" + cli_pdf.string() + "' 2>/dev/null"),
      0);
  // The server's, with the firm file (and its logo) saved in the workspace.
  const auto workspace = scratch() / "pdf-workspace";
  fs::remove_all(workspace);
  fs::create_directories(workspace);
  fs::copy_file(source + "/examples/firms/harbor-lane-logo.svg",
                workspace / "harbor-lane-logo.svg");
  int port = 0;
  const pid_t pid = start_server(workspace, scratch() / "serve.log", port);
  ASSERT_GT(port, 0);
  const auto saved =
      http(port, "PUT", "/api/models/harbor",
           slurp(source + "/examples/firms/example-auditor.toml"), {"If-None-Match: *"});
  EXPECT_EQ(saved.substr(0, 12), "HTTP/1.1 201") << saved;
  const auto answer =
      http(port, "POST", "/api/proposal?format=pdf&firm=harbor&name=hr-saas",
           slurp(source + "/models/examples/hr-saas.toml"), {"Content-Type: application/toml"});
  const auto missing = http(port, "POST", "/api/proposal?format=pdf&firm=nobody",
                            slurp(source + "/models/examples/hr-saas.toml"));
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  ASSERT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << answer.substr(0, 400);
  EXPECT_NE(answer.find("Content-Type: application/pdf"), std::string::npos);
  EXPECT_NE(answer.find("filename=\"proposal.pdf\""), std::string::npos);
  const auto body = answer.substr(answer.find("\r\n\r\n") + 4);
  ASSERT_EQ(body.rfind("%PDF-", 0), 0u);
  const auto server_pdf = scratch() / "server-proposal.pdf";
  std::ofstream(server_pdf, std::ios::binary) << body;
  const auto cli_text = output_of("pdftotext '" + cli_pdf.string() + "' -");
  const auto server_text = output_of("pdftotext '" + server_pdf.string() + "' -");
  ASSERT_FALSE(cli_text.empty());
  EXPECT_EQ(server_text, cli_text);
  EXPECT_NE(server_text.find("Harbor & Lane"), std::string::npos)
      << "the firm's letter, not an unsigned page";
  EXPECT_EQ(missing.substr(0, 12), "HTTP/1.1 404") << missing.substr(0, 200);
}

TEST(ProposalPdf, AtMostTwoProposalsPrintAtOnceAndAThirdSaysItWaits) {
  // Each print is a Chromium of its own (hundreds of MB): two at once, a third waits for a turn and
  // says so under its progress token. Deterministic: the test hook holds the two prints at each
  // step (the token starts with "print-") until their progress is asked; the test walks each into
  // its print, where it keeps its turn, and sees the third wait.
  const std::string source = ATTESTPLAN_SOURCE_DIR;
  const auto workspace = scratch() / "bound-workspace";
  fs::remove_all(workspace);
  fs::create_directories(workspace);
  ::setenv("ATTESTPLAN_TEST_HOLD_RUN", "print-", 1);
  int port = 0;
  const pid_t pid = start_server(workspace, scratch() / "bound.log", port);
  ::unsetenv("ATTESTPLAN_TEST_HOLD_RUN");
  ASSERT_GT(port, 0);
  const auto model = slurp(source + "/models/examples/startup-type1.toml");
  auto phase_of = [&](const std::string& run) {
    const auto answer = http(port, "GET", "/api/progress/" + run, "");
    std::smatch found;
    return std::regex_search(answer, found, std::regex{R"re("phase": "([^"]*)")re"})
               ? found[1].str()
               : std::string{};
  };
  // Asks until the run is in `phase` (each ask lets a held run take one step).
  auto walk_to = [&](const std::string& run, const std::string& phase) {
    for (int i = 0; i < 2000; ++i) {
      if (phase_of(run) == phase) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  };
  std::vector<std::string> answers(3);
  std::vector<std::thread> prints;
  const std::vector<std::string> tokens{"print-a", "print-b", "wait-c"};
  for (std::size_t i = 0; i < 2; ++i) {
    prints.emplace_back([&, i] {
      answers[i] = http(port, "POST", "/api/proposal?format=pdf&progress=" + tokens[i], model,
                        {"Content-Type: application/toml"});
    });
    EXPECT_TRUE(walk_to(tokens[i], "printing to PDF")) << tokens[i];
  }
  prints.emplace_back([&] {
    answers[2] = http(port, "POST", "/api/proposal?format=pdf&progress=wait-c", model,
                      {"Content-Type: application/toml"});
  });
  EXPECT_TRUE(walk_to("wait-c", "waiting while other proposals print"));
  // Let the two go on: the third then prints too.
  for (const auto* run : {"print-a", "print-b"}) {
    for (int i = 0; i < 2000 && !phase_of(run).empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& t : prints) t.join();
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  for (const auto& a : answers) EXPECT_EQ(a.substr(0, 12), "HTTP/1.1 200") << a.substr(0, 300);
}

// Tests against a running `attestplan serve`: the gate (chunked bodies, foreign Host, oversized
// bodies, missing lengths, encodings, ranges, tokens), workspace safety (names, ETag conflicts,
// atomic saves), security headers, the OpenAPI document against the routes, and the API's answers.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "loopback.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

using attestplan::testing::slurp;

/// A server process on a free port, stopped when the object goes.
class Server {
 public:
  explicit Server(std::vector<std::string> extra = {}, fs::path workspace = {}) {
    keep_workspace_ = !workspace.empty();
    workspace_ = keep_workspace_ ? workspace
                                 : fs::temp_directory_path() /
                                       ("attestplan-serve-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter_++));
    if (!keep_workspace_) fs::remove_all(workspace_);
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      std::vector<std::string> args{ATTESTPLAN_BIN,     "serve", "--port", "0", "--workspace",
                                    workspace_.string()};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(ATTESTPLAN_BIN, argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    char line[512] = {};
    if (std::fgets(line, sizeof line, out_)) {
      std::smatch m;
      const std::string s = line;
      if (std::regex_search(s, m, std::regex{R"(http://(?:127\.0\.0\.1|\[::1\]):(\d+)/)"}))
        port_ = std::stoi(m[1]);
    }
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (out_) std::fclose(out_);
    std::error_code ec;
    if (!keep_workspace_) fs::remove_all(workspace_, ec);
  }
  /// Ends the server as a crash or `kill -9` would: no handler runs.
  void kill_hard() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  pid_t pid() const { return pid_; }
  /// The process ended and was waited for elsewhere: nothing to stop.
  void forget() { pid_ = -1; }
  /// The next line the server prints (the token mode's sign-in link follows the first).
  std::string next_line() {
    char line[512] = {};
    return std::fgets(line, sizeof line, out_) ? line : "";
  }
  int port() const { return port_; }
  const fs::path& workspace() const { return workspace_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  fs::path workspace_;
  bool keep_workspace_ = false;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

/// Sends raw bytes and reads the whole response (requests say Connection: close).
Response raw(int port, const std::string& request, std::size_t send_limit = std::string::npos,
             long timeout_s = 10) {
  Response r;
  const int fd = attestplan::testing::connect_loopback(port);
  if (fd < 0) return r;
  timeval tv{timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const auto n = std::min(send_limit, request.size());
  std::size_t sent = 0;
  while (sent < n) {
    const auto k = ::send(fd, request.data() + sent, n - sent, MSG_NOSIGNAL);
    if (k <= 0) break;
    sent += static_cast<std::size_t>(k);
  }
  std::string data;
  char buf[65536];
  for (;;) {
    const auto k = ::recv(fd, buf, sizeof buf, 0);
    if (k <= 0) break;
    data.append(buf, static_cast<std::size_t>(k));
  }
  ::close(fd);
  const auto head_end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return r;
  r.status = std::stoi(data.substr(9, 3));
  std::istringstream head(data.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  while (std::getline(head, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r')) value.pop_back();
    r.headers[name] = value;
  }
  r.body = data.substr(head_end + 4);
  return r;
}

/// What a shell command prints on standard output (the CLI's answer, to compare with the API's).
std::string output_of(const std::string& command) {
  FILE* p = ::popen(command.c_str(), "r");
  std::string out;
  if (!p) return out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

Response request(const Server& s, const std::string& method, const std::string& path,
                 const std::string& body = {}, const std::vector<std::string>& headers = {},
                 long timeout_s = 10) {
  std::string req =
      method + " " + path + " HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  if (method == "POST" || method == "PUT")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return raw(s.port(), req + "\r\n" + body, std::string::npos, timeout_s);
}

const std::string kModel = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/hr-saas.toml");

}  // namespace

TEST(Server, StartsOnLoopbackAndAnswers) {
  Server s;
  ASSERT_GT(s.port(), 0);
  const auto r = request(s, "GET", "/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"ok\""), std::string::npos);
}

TEST(Server, RefusesChunkedBodies) {
  Server s;
  const auto r =
      raw(s.port(),
          "POST /api/validate HTTP/1.1\r\nHost: " + s.host() +
              "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 501);
}

TEST(Server, RefusesAForeignHostHeader) {
  Server s;
  const auto r =
      raw(s.port(), "GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 421);
  const auto no_host = raw(s.port(), "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(no_host.status, 421);
}

TEST(Server, TenMegabyteBodyGets413) {
  Server s;
  const std::string body(10 * 1024 * 1024, 'x');
  const auto r =
      raw(s.port(), "PUT /api/models/big HTTP/1.1\r\nHost: " + s.host() +
                        "\r\nIf-None-Match: *\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(fs::exists(s.workspace() / "big.toml"));
}

TEST(Server, MaxBodyFlagSetsTheLimitAModelMustFitIn) {
  Server s({"--max-body", "8192"});
  ASSERT_LT(kModel.size(), 8192u);
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel).status, 200);
  const auto padded = kModel + "# " + std::string(8192 - kModel.size(), 'x') + "\n";
  EXPECT_EQ(request(s, "POST", "/api/validate", padded).status, 413);
}

TEST(Server, DefaultBodyLimitTakesAThreeMegabyteModel) {
  // A 10,000-component model with names and descriptions is about 2 MB (the default is 4 MiB).
  Server s;
  const auto big = kModel + "# " + std::string(3'000'000, 'x') + "\n";
  const auto r = request(s, "POST", "/api/validate", big);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_NE(r.body.find("\"valid\": true"), std::string::npos) << r.body.substr(0, 500);
}

TEST(Server, RefusesMissingLengthEncodingsAndRanges) {
  Server s;
  EXPECT_EQ(raw(s.port(), "POST /api/validate HTTP/1.1\r\nHost: " + s.host() +
                              "\r\nConnection: close\r\n\r\n")
                .status,
            411);
  EXPECT_EQ(request(s, "POST", "/api/validate", "x", {"Content-Encoding: gzip"}).status, 415);
  EXPECT_EQ(request(s, "GET", "/app.js", "", {"Range: bytes=0-10,5-20"}).status, 416);
}

TEST(Server, ModelNamesCannotEscapeTheWorkspace) {
  Server s;
  for (const char* path : {"/api/models/..%2F..%2Fetc%2Fpasswd", "/api/models/../evil",
                           "/api/models/.hidden", "/api/models/a%00b"}) {
    const auto r = request(s, "PUT", path, kModel, {"If-None-Match: *"});
    EXPECT_EQ(r.status, 400) << path;
  }
  EXPECT_EQ(request(s, "GET", "/api/models/..%2Fsecret").status, 400);
  EXPECT_TRUE(fs::is_empty(s.workspace()));
}

TEST(Server, StaleSaveGets409AndTheFirstSaveStaysIntact) {
  Server s;
  auto created = request(s, "PUT", "/api/models/fjord", kModel, {"If-None-Match: *"});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto etag = created.headers["etag"];
  ASSERT_FALSE(etag.empty());
  const std::string first = kModel + "\n# first editor's change\n";
  const std::string second = kModel + "\n# second editor's change\n";
  auto a = request(s, "PUT", "/api/models/fjord", first, {"If-Match: " + etag});
  EXPECT_EQ(a.status, 200) << a.body;
  const auto b = request(s, "PUT", "/api/models/fjord", second, {"If-Match: " + etag});
  EXPECT_EQ(b.status, 409) << b.body;
  EXPECT_EQ(slurp(s.workspace() / "fjord.toml"), first);
  // No temporary file is left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.workspace())) ++files;
  EXPECT_EQ(files, 1u);
  // Creating over an existing model without its ETag is refused too.
  EXPECT_EQ(request(s, "PUT", "/api/models/fjord", second, {"If-None-Match: *"}).status, 428);
  auto got = request(s, "GET", "/api/models/fjord");
  EXPECT_EQ(got.body, first);
  EXPECT_EQ(got.headers["etag"], a.headers["etag"]);
  EXPECT_EQ(request(s, "DELETE", "/api/models/fjord", "", {"If-Match: " + etag}).status, 409);
  EXPECT_EQ(
      request(s, "DELETE", "/api/models/fjord", "", {"If-Match: " + a.headers["etag"]}).status,
      204);
  EXPECT_FALSE(fs::exists(s.workspace() / "fjord.toml"));
}

TEST(Server, EveryResponseCarriesSecurityHeaders) {
  Server s;
  for (const char* path : {"/", "/app.js", "/api/health", "/api/nope"}) {
    auto r = request(s, "GET", path);
    const auto csp = r.headers["content-security-policy"];
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path;
  }
  // The page itself has no inline script for the CSP to allow.
  const auto page = request(s, "GET", "/").body;
  EXPECT_EQ(std::regex_search(page, std::regex{"<script(?![^>]*\\bsrc=)"}), false);
}

TEST(Server, AProposalPreviewIsTheLetterUnderItsOwnPolicyAndNeverTheMemo) {
  Server s;
  // The UI posts the model as a form field to a new tab: the letter, shown (not an attachment),
  // under the letter's own policy, which allows its inline styles and nothing else, never framed.
  std::string form = "model=";
  for (unsigned char c : kModel) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    form += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string{hex};
  }
  const std::vector<std::string> form_type{"Content-Type: application/x-www-form-urlencoded"};
  auto r = request(s, "POST", "/api/proposal?preview=true&name=fjord", form, form_type);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<title>Proposal: SOC 2 Type 2 examination"), std::string::npos);
  EXPECT_EQ(r.headers.count("content-disposition"), 0u);
  const auto csp = r.headers["content-security-policy"];
  EXPECT_NE(csp.find("default-src 'none'; style-src 'unsafe-inline'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("script-src"), std::string::npos) << csp;
  // The partner's memo is never previewed; a form is taken only for a preview.
  EXPECT_EQ(request(s, "POST", "/api/proposal?preview=true&memo=true", form, form_type).status,
            400);
  EXPECT_EQ(request(s, "POST", "/api/estimate", form, form_type).status, 415);
  // Everything else keeps the app's policy.
  auto plain = request(s, "POST", "/api/proposal", kModel);
  EXPECT_NE(plain.headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
}

TEST(Server, TokenIsRequiredOffLoopbackAndEnforcedWhenGiven) {
  const std::string cmd =
      std::string{"'"} + ATTESTPLAN_BIN + "' serve --bind 0.0.0.0 --port 0 >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  Server s({"--token", "s3cret"});
  EXPECT_EQ(request(s, "GET", "/api/health").status, 401);
  EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer wrong"}).status, 401);
  EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer s3cret"}).status, 200);
}

TEST(Server, TheVendorLibraryIsServedForTheForm) {
  Server s;
  const auto r = request(s, "GET", "/api/vendors");
  ASSERT_EQ(r.status, 200);
  const auto list = nlohmann::json::parse(r.body);
  ASSERT_TRUE(list.is_array());
  const auto aws = std::find_if(list.begin(), list.end(),
                                [](const nlohmann::json& v) { return v["id"] == "aws"; });
  ASSERT_NE(aws, list.end());
  EXPECT_EQ((*aws)["name"], "Amazon Web Services");
  EXPECT_EQ((*aws)["method"], "carve-out");
  EXPECT_EQ((*aws)["covers"], nlohmann::json::array({"CC6.4", "CC6.5", "A1.2"}));
}

TEST(Server, OpenApiDocumentsExactlyTheRoutes) {
  Server s;
  const auto doc = nlohmann::json::parse(request(s, "GET", "/api/openapi.json").body);
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert(m + " " + path);
    }
  }
  FILE* p = ::popen((std::string{"'"} + ATTESTPLAN_BIN + "' serve --routes").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::set<std::string> routes;
  char line[256];
  while (std::fgets(line, sizeof line, p)) {
    std::string l = line;
    while (!l.empty() && l.back() == '\n') l.pop_back();
    routes.insert(l);
  }
  ::pclose(p);
  EXPECT_EQ(documented, routes);
  // And each documented route answers (not 404) on the running server.
  for (const auto& r : routes) {
    const auto space = r.find(' ');
    std::string method = r.substr(0, space), path = r.substr(space + 1);
    path = std::regex_replace(path, std::regex{"\\{name\\}"}, "hr-saas");
    const auto res = request(s, method, path,
                             method == "PUT"    ? kModel
                             : method == "POST" ? kModel
                                                : "",
                             method == "PUT" ? std::vector<std::string>{"If-None-Match: *"}
                                             : std::vector<std::string>{});
    EXPECT_EQ(res.body.find("no such route"), std::string::npos) << r;
    EXPECT_NE(res.status, 0) << r;
  }
}

TEST(Server, TheWorkspaceListingSaysWhatEachFileIs) {
  // One workspace holds models and the firm's own files: the listing says which is which, so each
  // list in the UI offers its own kind (a rate card is no model to open, a model no firm to send).
  Server s;
  const auto put = [&](const std::string& name, const std::string& text) {
    ASSERT_EQ(request(s, "PUT", "/api/models/" + name, text, {"If-None-Match: *"}).status, 201)
        << name;
  };
  put("a-model", kModel);
  put("b-rates", request(s, "GET", "/api/templates/rates").body);
  put("c-firm", request(s, "GET", "/api/templates/firm-auditor").body);
  put("d-profile", slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/examples/truth-profile.toml"));
  put("e-broken", "[organization\nname = ");
  const auto list = nlohmann::json::parse(request(s, "GET", "/api/models").body);
  std::map<std::string, std::string> kinds;
  for (const auto& f : list) kinds[f["name"]] = f["kind"];
  EXPECT_EQ(kinds, (std::map<std::string, std::string>{{"a-model", "model"},
                                                       {"b-rates", "rates"},
                                                       {"c-firm", "firm"},
                                                       {"d-profile", "profile"},
                                                       {"e-broken", "model"}}));
}

TEST(Server, TheReportsOfferedAndNamedComeFromTheFrameworksTable) {
  // One table names the reports (framework × type): the API lists it for the UI, and every report
  // parameter the API document describes offers exactly those.
  Server s;
  const auto frameworks = nlohmann::json::parse(request(s, "GET", "/api/frameworks").body);
  std::vector<std::string> ids;
  std::map<std::string, std::string> names;
  for (const auto& f : frameworks) {
    for (const auto& r : f["reports"]) {
      ids.push_back(r["id"]);
      names[r["id"]] = r["name"];
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "soc2-type1", "soc2-type2", "isae3000-type1", "isae3000-type2", "soc1-type1",
                     "soc1-type2", "isae3402-type1", "isae3402-type2", "iso27001-certification"}));
  EXPECT_EQ(names["isae3000-type2"], "ISAE 3000 Type 2");
  const auto doc = nlohmann::json::parse(request(s, "GET", "/api/openapi.json").body);
  int described = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        if (p["name"] != "report" || !p["schema"].contains("enum")) continue;
        EXPECT_EQ(p["schema"]["enum"].get<std::vector<std::string>>(), ids)
            << method << " " << path;
        ++described;
      }
    }
  }
  EXPECT_GE(described, 6);
}

// The UI reads these shapes: the document says them, and the server answers them (every property
// the schema lists is in the answer; simulated figures carry their P10, P50 and P90).
TEST(Server, OpenApiDescribesTheEstimateAndComparisonItServes) {
  Server s;
  const auto doc = nlohmann::json::parse(request(s, "GET", "/api/openapi.json").body);
  const auto& schemas = doc["components"]["schemas"];
  for (const char* path : {"/api/estimate", "/api/compare"}) {
    const auto& params = doc["paths"][path]["post"]["parameters"];
    EXPECT_TRUE(std::any_of(params.begin(), params.end(), [](const auto& p) {
      return p["name"] == "seed";
    })) << path;
  }
  const auto estimate =
      nlohmann::json::parse(request(s, "POST", "/api/estimate?seed=7", kModel).body);
  for (const auto& [key, _] : schemas["Estimate"]["properties"].items())
    EXPECT_TRUE(estimate.contains(key)) << key;
  EXPECT_EQ(estimate["simulation"]["seed"], 7);
  for (const char* k : {"likely", "p10", "p50", "p90"}) {
    EXPECT_TRUE(estimate["summary"]["fee"]["value"].contains(k)) << k;
    EXPECT_TRUE(estimate["summary"]["report_in_hand"]["value"].contains(k)) << k;
  }
  for (const auto& [key, _] : schemas["Renewal"]["properties"].items()) {
    EXPECT_TRUE(estimate["timing"]["renewals"][0].contains(key)) << key;
  }
  for (const auto& [key, _] : schemas["Sensitivity"]["properties"].items()) {
    EXPECT_TRUE(estimate["sensitivity"][0].contains(key)) << key;
  }
  const auto cmp = nlohmann::json::parse(request(s, "POST", "/api/compare", kModel).body);
  for (const auto& [key, _] : schemas["Comparison"]["properties"].items())
    EXPECT_TRUE(cmp.contains(key)) << key;
  for (const auto& [key, _] :
       schemas["Comparison"]["properties"]["recommendation"]["properties"].items()) {
    EXPECT_TRUE(cmp["recommendation"].contains(key)) << key;
  }
  for (const char* k :
       {"id", "label", "first_report", "renewals", "year_one", "two_years", "auditor_hours"}) {
    EXPECT_TRUE(cmp["scenarios"][0].contains(k)) << k;
  }
  EXPECT_TRUE(cmp["scenarios"][0]["renewals"][0].contains("chance"));
  EXPECT_TRUE(cmp["scenarios"][0]["year_one"].contains("p50"));
}

TEST(Server, EstimateMatchesTheCliAndBadModelsGetLocatedDiagnostics) {
  Server s;
  const auto r = request(s, "POST", "/api/estimate", kModel);
  ASSERT_EQ(r.status, 200);
  const auto api = nlohmann::json::parse(r.body);
  const auto cli = output_of(std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" +
                             ATTESTPLAN_BIN + "' estimate -f json models/examples/hr-saas.toml");
  EXPECT_EQ(api["summary"], nlohmann::json::parse(cli)["summary"]);
  const auto type1 =
      nlohmann::json::parse(request(s, "POST", "/api/estimate?report=soc2-type1", kModel).body);
  EXPECT_LT(type1["summary"]["auditor_hours"]["value"]["likely"].get<double>(),
            api["summary"]["auditor_hours"]["value"]["likely"].get<double>());
  const auto bad = request(s, "POST", "/api/estimate?name=mine",
                           "schema = \"attestplan/1\"\n[organization]\nnmae = 1\n");
  EXPECT_EQ(bad.status, 422);
  const auto diags = nlohmann::json::parse(bad.body)["diagnostics"];
  const auto typo = std::find_if(diags.begin(), diags.end(), [](const nlohmann::json& d) {
    return d["message"].get<std::string>().find("unknown key 'nmae'") != std::string::npos;
  });
  ASSERT_NE(typo, diags.end()) << diags.dump();
  EXPECT_EQ((*typo)["file"], "mine.toml");
  EXPECT_EQ((*typo)["line"], 3);
  EXPECT_EQ((*typo)["hint"], "did you mean 'name'?");
  const auto svg = request(s, "POST", "/api/boundary?format=svg", kModel);
  EXPECT_EQ(svg.status, 200);
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
}

TEST(Server, StopsOnSigtermEvenRightAfterItStarts) {
  // A SIGTERM as soon as the server says it serves, before any request reached its back end: it
  // stops within seconds (a back end not yet running could not be stopped, and the server hung).
  for (int i = 0; i < 20; ++i) {
    Server s;
    ASSERT_GT(s.port(), 0);
    ::kill(s.pid(), SIGTERM);
    int status = 0;
    pid_t done = 0;
    for (int waited = 0; waited < 500 && done == 0; ++waited) {
      done = ::waitpid(s.pid(), &status, WNOHANG);
      if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(done, s.pid()) << "round " << i << ": still running 5 s after SIGTERM";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << i;
    s.forget();
  }
}

TEST(Server, OneKeystrokeIsOneRequestGivingWhatTheThreeEndpointsGive) {
  Server s;
  const auto all = request(s, "POST", "/api/analysis?name=hr&seed=7", kModel);
  ASSERT_EQ(all.status, 200) << all.body.substr(0, 300);
  const auto doc = nlohmann::json::parse(all.body);
  for (const char* part : {"estimate", "boundary", "compare"}) {
    const auto alone = request(s, "POST", std::string{"/api/"} + part + "?name=hr&seed=7", kModel);
    ASSERT_EQ(alone.status, 200) << part;
    EXPECT_EQ(doc.at(part), nlohmann::json::parse(alone.body)) << part;
  }
  // A bad model is 422 with located diagnostics, as from the other endpoints.
  const auto bad = request(s, "POST", "/api/analysis?name=mine",
                           "schema = \"attestplan/1\"\n[organization]\nnmae = 1\n");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(request(s, "POST", "/api/analysis?session=../x", kModel).status, 400);
}

TEST(Server, AKeystrokeOnACombinedEngagementPricesEveryReport) {
  // The UI's one request per edit carries the combination, as `estimate` does: each report's fee,
  // each saving and the combined fee.
  Server s;
  const auto model =
      slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/saas-soc2-iso27001.toml");
  const auto all = request(s, "POST", "/api/analysis?name=lumen&seed=7", model);
  ASSERT_EQ(all.status, 200) << all.body.substr(0, 300);
  const auto doc = nlohmann::json::parse(all.body);
  const auto& combined = doc.at("estimate").at("combined");
  ASSERT_EQ(combined.at("reports").size(), 2u);
  EXPECT_FALSE(combined.at("savings").empty());
  EXPECT_LT(combined.at("combined_fee").at("p50").get<double>(),
            combined.at("separate_fee").at("p50").get<double>());
  const auto alone = request(s, "POST", "/api/estimate?name=lumen&seed=7", model);
  ASSERT_EQ(alone.status, 200);
  EXPECT_EQ(doc.at("estimate"), nlohmann::json::parse(alone.body));
}

TEST(Server, TheLiveFiguresArePricedAsTheFirmsProposalIs) {
  // The figures the UI shows after each edit take the workspace's rate card, profile and firm file
  // (rates=, profile=, firm=), as the documents do: the summary's fee is the proposal's, not the
  // illustrative card's.
  Server s;
  auto card = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/rates/default.toml");
  card.replace(card.find("partner = 400"), 13, "partner = 900");
  ASSERT_EQ(request(s, "PUT", "/api/models/our-card", card, {"If-None-Match: *"}).status, 201);
  auto firm = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "examples/firms/example-auditor.toml");
  firm.insert(firm.find("role = "), "rates = \"our-card.toml\"\n");
  firm.replace(firm.find("logo = "), 4, "# logo");
  ASSERT_EQ(request(s, "PUT", "/api/models/harbor", firm, {"If-None-Match: *"}).status, 201);
  const auto fee = [](const nlohmann::json& estimate) {
    return estimate.at("summary").at("fee").at("value").at("p50").get<double>();
  };
  for (const std::string query : {"firm=harbor", "rates=our-card"}) {
    const auto live = request(s, "POST", "/api/analysis?name=hr&seed=7&" + query, kModel);
    ASSERT_EQ(live.status, 200) << query << ": " << live.body.substr(0, 300);
    const auto doc = nlohmann::json::parse(live.body);
    for (const char* part : {"estimate", "compare"}) {
      const auto alone =
          request(s, "POST", std::string{"/api/"} + part + "?name=hr&seed=7&" + query, kModel);
      ASSERT_EQ(alone.status, 200) << part << " " << query << ": " << alone.body.substr(0, 300);
      EXPECT_EQ(doc.at(part), nlohmann::json::parse(alone.body)) << part << " with " << query;
    }
    const auto plain =
        nlohmann::json::parse(request(s, "POST", "/api/analysis?name=hr&seed=7", kModel).body);
    EXPECT_GT(fee(doc.at("estimate")), fee(plain.at("estimate")))
        << query << ": the firm's dearer partner";
  }
  EXPECT_EQ(request(s, "POST", "/api/analysis?firm=nobody", kModel).status, 404);
}

TEST(Server, ANewerRequestOfTheSameSessionAbandonsTheWorkOfTheOlderOne) {
  // The server stops the work of a request once a newer one of the same editor session arrives,
  // rather than finish what nobody will read. Deterministic, not a race with the clock: the test
  // hook holds the session's first request before any work, says so on stdout, and lets it go on
  // only when the newer request has arrived; its first check for abandonment then stops it.
  ::setenv("ATTESTPLAN_TEST_HOLD_SESSION", "tab-1", 1);
  Server s;
  ::unsetenv("ATTESTPLAN_TEST_HOLD_SESSION");
  Response first;
  std::thread older([&] { first = request(s, "POST", "/api/analysis?session=tab-1", kModel); });
  EXPECT_NE(s.next_line().find("test hold: the first request of session tab-1"), std::string::npos);
  const auto newer = request(s, "POST", "/api/analysis?session=tab-1", kModel);
  older.join();
  EXPECT_EQ(newer.status, 200);
  EXPECT_EQ(first.status, 409) << first.body.substr(0, 200);
  EXPECT_NE(first.body.find("superseded"), std::string::npos);
  // Another session's request is not touched by this one's.
  Response other;
  std::thread third([&] { other = request(s, "POST", "/api/estimate?session=tab-2", kModel); });
  EXPECT_EQ(request(s, "POST", "/api/estimate?session=tab-3", kModel).status, 200);
  third.join();
  EXPECT_EQ(other.status, 200);
}

TEST(Server, TheApiAndTheCliGiveTheSameBytesForTheSameModelAndOverrides) {
  // One request layer behind both: the same model (under the same name), overrides and format give
  // byte-identical output, --currency included (the server used to ignore it).
  Server s;
  const auto dir =
      fs::temp_directory_path() / ("attestplan-same-bytes-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "hr-saas.toml", std::ios::binary) << kModel;
  struct Case {
    std::string command, query;
  };
  const std::vector<Case> cases{
      {"estimate -f json --currency USD", "/api/estimate?name=hr-saas&format=json&currency=USD"},
      {"estimate -f markdown --currency USD",
       "/api/estimate?name=hr-saas&format=markdown&currency=USD"},
      {"estimate -f csv --currency EUR --months 12",
       "/api/estimate?name=hr-saas&format=csv&currency=EUR&months=12"},
      {"evidence --report soc2-type1", "/api/evidence?name=hr-saas&report=soc2-type1"},
      {"compare -f json --currency USD", "/api/compare?name=hr-saas&currency=USD"},
      {"boundary -f json", "/api/boundary?name=hr-saas"},
      {"oscal", "/api/oscal?name=hr-saas"},
      {"oscal -f oscal-ap --months 9", "/api/oscal?name=hr-saas&format=oscal-ap&months=9"},
      {"oscal -f oscal-components", "/api/oscal?name=hr-saas&format=oscal-components"},
  };
  // The vendor library as an OSCAL component definition, from GET /api/vendors.
  const auto library = request(s, "GET", "/api/vendors?format=oscal-components", "");
  EXPECT_EQ(library.status, 200);
  EXPECT_EQ(library.body,
            output_of("'" + std::string{ATTESTPLAN_BIN} + "' catalog vendors -f oscal-components"));
  for (const auto& c : cases) {
    const auto cli = output_of("cd '" + dir.string() + "' && '" + ATTESTPLAN_BIN + "' " +
                               c.command + " hr-saas.toml");
    const auto api = request(s, "POST", c.query, kModel);
    EXPECT_EQ(api.status, 200) << c.query;
    ASSERT_FALSE(cli.empty()) << c.command;
    EXPECT_TRUE(api.body == cli) << c.command << " and " << c.query << " differ";
  }
  EXPECT_NE(request(s, "POST", "/api/estimate?name=hr-saas&format=json&currency=USD", kModel)
                .body.find("\"currency\": \"USD\""),
            std::string::npos);
  fs::remove_all(dir);
}

TEST(Server, APortfolioOfTheWorkspacesModelsIsTheClisPortfolio) {
  // A firm prices its engagements from the same place it edits them: the workspace's models named,
  // through the request layer the CLI's portfolio uses, so the two give the same bytes.
  Server s;
  const auto startup =
      slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/startup-type1.toml");
  ASSERT_EQ(request(s, "PUT", "/api/models/a-hr", kModel, {"If-None-Match: *"}).status, 201);
  ASSERT_EQ(request(s, "PUT", "/api/models/b-startup", startup, {"If-None-Match: *"}).status, 201);
  const auto csv = request(s, "POST", "/api/portfolio?model=a-hr&model=b-startup&format=csv", "");
  ASSERT_EQ(csv.status, 200) << csv.body;
  const auto cli = output_of("'" + std::string{ATTESTPLAN_BIN} + "' portfolio '" +
                             s.workspace().string() + "' -f csv");
  ASSERT_FALSE(cli.empty());
  EXPECT_EQ(csv.body, cli);
  const auto js = nlohmann::json::parse(
      request(s, "POST", "/api/portfolio?model=a-hr&model=b-startup", "").body);
  ASSERT_EQ(js["engagements"].size(), 2u) << js.dump();
  EXPECT_EQ(js["engagements"][0]["name"], "Fjord People ApS");
  const auto svg = request(s, "POST", "/api/portfolio?model=a-hr&format=svg", "");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.body.rfind("<svg", 0), 0u) << svg.body.substr(0, 80);
  // The page's one run: the rows and the same heat map together.
  const auto both =
      nlohmann::json::parse(request(s, "POST", "/api/portfolio?model=a-hr&heatmap=true", "").body);
  EXPECT_EQ(both["heatmap"], svg.body);
  EXPECT_EQ(both["engagements"].size(), 1u);
  EXPECT_FALSE(js.contains("heatmap"));
  // Named wrongly: a clear 400 or 404, nothing run.
  EXPECT_EQ(request(s, "POST", "/api/portfolio", "").status, 400);
  EXPECT_EQ(request(s, "POST", "/api/portfolio?model=nobody", "").status, 404);
  EXPECT_EQ(request(s, "POST", "/api/portfolio?model=../etc", "").status, 400);
  EXPECT_EQ(request(s, "POST", "/api/portfolio?model=a-hr&format=pdf", "").status, 400);
  // A file that is no model is a failed row, with its diagnostics; the others are priced.
  ASSERT_EQ(
      request(s, "PUT", "/api/models/c-broken", "[organization]\nname = 3\n", {"If-None-Match: *"})
          .status,
      201);
  const auto mixed = request(s, "POST", "/api/portfolio?model=a-hr&model=c-broken", "");
  EXPECT_EQ(mixed.status, 422);
  const auto m = nlohmann::json::parse(mixed.body);
  EXPECT_FALSE(m["diagnostics"].empty());
  EXPECT_EQ(m["engagements"].size(), 2u);
}

TEST(Server, ACalibrationOfAHistoryIsTheClisAndSavesItsProfileInTheWorkspace) {
  // The firm's history fitted from the same place it prices: the same bytes as the CLI's calibrate,
  // and the profile saved in the workspace, where the portfolio and --profile find it.
  Server s;
  // The example history's first 12 engagements: enough to fit (10 at least), quick under the
  // sanitizers.
  const auto whole = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/examples/firm-history.csv");
  std::size_t cut = 0;
  for (int line = 0; line < 13; ++line) cut = whole.find('\n', cut) + 1;
  const auto csv = whole.substr(0, cut);
  const auto dir =
      fs::temp_directory_path() / ("attestplan-calibrate-api-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto history = dir / "history.csv";
  std::ofstream(history, std::ios::binary) << csv;
  constexpr long kFit = 180;  // seconds: a fit runs an estimate per engagement
  const auto api = request(s, "POST", "/api/calibrate", csv, {"Content-Type: text/csv"}, kFit);
  ASSERT_EQ(api.status, 200) << api.body;
  // The same file, under the name the API gives a body ("history.csv"), through the CLI.
  const auto cli = output_of("cd '" + dir.string() + "' && '" + std::string{ATTESTPLAN_BIN} +
                             "' calibrate history.csv -f json");
  fs::remove_all(dir);
  ASSERT_FALSE(cli.empty());
  EXPECT_EQ(api.body, cli);
  const auto saved = request(s, "POST", "/api/calibrate?save_profile=our-profile&name=Harbor", csv,
                             {"Content-Type: text/csv"}, kFit);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_NE(slurp(s.workspace() / "our-profile.toml").find("Harbor"), std::string::npos);
  // Never over an existing file; a history naming a file outside the workspace is refused unread.
  EXPECT_EQ(request(s, "POST", "/api/calibrate?save_profile=our-profile", csv,
                    {"Content-Type: text/csv"}, kFit)
                .status,
            409);
  const std::string outside =
      "id,model,planning_hours,documentation_hours,testing_hours,reporting_hours\n"
      "a,../../etc/passwd.toml,1,1,1,1\n";
  const auto refused = request(s, "POST", "/api/calibrate", outside, {"Content-Type: text/csv"});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("is not the file name of a model in the workspace"),
            std::string::npos)
      << refused.body;
  // Too few rows: 422 with the located reason.
  const auto few = request(s, "POST", "/api/calibrate", csv.substr(0, csv.find("client-04")),
                           {"Content-Type: text/csv"}, kFit);
  EXPECT_EQ(few.status, 422) << few.body;
  EXPECT_EQ(request(s, "POST", "/api/calibrate?format=pdf", csv, {"Content-Type: text/csv"}).status,
            400);
}

namespace {

/// Saves `n` copies of the startup example in the workspace (m0, m1, ...); the query parameters
/// naming them all ("&model=m0&model=m1...").
std::string save_startups(const Server& s, int n) {
  const auto startup =
      slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/startup-type1.toml");
  std::string models;
  for (int i = 0; i < n; ++i) {
    const auto name = "m" + std::to_string(i);
    EXPECT_EQ(request(s, "PUT", "/api/models/" + name, startup, {"If-None-Match: *"}).status, 201);
    models += "&model=" + name;
  }
  return models;
}

/// Asks how far the run under `token` is until it is done (404), letting a held run go on step by
/// step; the answers seen, in order.
std::vector<nlohmann::json> follow_run(const Server& s, const std::string& token) {
  std::vector<nlohmann::json> seen;
  for (int i = 0; i < 10000; ++i) {
    const auto r = request(s, "GET", "/api/progress/" + token);
    if (r.status != 200) break;
    seen.push_back(nlohmann::json::parse(r.body));
  }
  return seen;
}

}  // namespace

TEST(Server, ALongRunShowsHowFarItIsUnderItsProgressToken) {
  // A portfolio takes seconds per ten engagements: the page asks how far it is. Deterministic: the
  // test hook holds the watched run as it enters a phase (its first engagement priced) until its
  // progress is asked (once to see, once to go on).
  ::setenv("ATTESTPLAN_TEST_HOLD_RUN", "run-", 1);
  Server s;
  ::unsetenv("ATTESTPLAN_TEST_HOLD_RUN");
  const std::string query = "/api/portfolio?format=csv&progress=run-7" + save_startups(s, 3);
  Response priced;
  std::thread run([&] { priced = request(s, "POST", query, ""); });
  EXPECT_NE(s.next_line().find(
                "test hold: the run watched under run-7 waits in 'pricing the engagements'"),
            std::string::npos);
  const auto seen = follow_run(s, "run-7");
  run.join();
  EXPECT_EQ(priced.status, 200) << priced.body.substr(0, 200);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front()["done"], 1);  // where it was held
  for (const auto& p : seen) {
    EXPECT_EQ(p["phase"], "pricing the engagements");
    EXPECT_EQ(p["total"], 3);
    EXPECT_GE(p["done"].get<int>(), 1);
    EXPECT_LE(p["done"].get<int>(), 3);
    EXPECT_GE(p["seconds"].get<double>(), 0.0);
  }
  // Done: forgotten. A token that is no token: 400, nothing run.
  EXPECT_EQ(request(s, "GET", "/api/progress/run-7").status, 404);
  EXPECT_EQ(request(s, "GET", "/api/progress/a%20b").status, 400);
  EXPECT_EQ(request(s, "POST", "/api/portfolio?model=m0&progress=../x", "").status, 400);
  EXPECT_EQ(
      request(s, "POST", "/api/calibrate?progress=a%20b", "x", {"Content-Type: text/csv"}).status,
      400);
}

TEST(Server, APortfolioOrACalibrationThatRunsTooLongIsStoppedSayingHowFarItGot) {
  // A long run is bounded in time (serve --long-run-limit): past it, 503 with how far it got, and
  // the server is free for the next. The test hook sets the limit to 0 ms: each run stops after
  // its first unit of work, whatever the machine's speed.
  ::setenv("ATTESTPLAN_TEST_LONG_RUN_LIMIT_MS", "0", 1);
  Server s;
  ::unsetenv("ATTESTPLAN_TEST_LONG_RUN_LIMIT_MS");
  constexpr int kModels = 40;  // more than the machine's cores: some are never reached
  const std::string query = "/api/portfolio?format=csv" + save_startups(s, kModels);
  const auto stopped = request(s, "POST", query, "");
  EXPECT_EQ(stopped.status, 503) << stopped.body.substr(0, 300);
  EXPECT_NE(stopped.body.find("the portfolio was stopped with"), std::string::npos)
      << stopped.body.substr(0, 300);
  EXPECT_NE(stopped.body.find("of 40 engagements priced after 0 s"), std::string::npos)
      << stopped.body.substr(0, 300);
  EXPECT_NE(stopped.body.find("serve --long-run-limit"), std::string::npos);
  // The one-at-a-time turn was given back: a single model is done in its first unit.
  EXPECT_EQ(request(s, "POST", "/api/portfolio?format=csv&model=m0", "").status, 200);
  const auto whole = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/examples/firm-history.csv");
  const auto fit = request(s, "POST", "/api/calibrate", whole, {"Content-Type: text/csv"}, 120);
  EXPECT_EQ(fit.status, 503) << fit.body.substr(0, 300);
  EXPECT_NE(fit.body.find("the calibration was stopped before its fit was done, with"),
            std::string::npos)
      << fit.body.substr(0, 300);
}

TEST(Server, PortfoliosAndCalibrationsRunOneAtATime) {
  // A second portfolio (calibration) while one runs is refused at once with 429, not queued behind
  // it: held by the test hook, the first is certainly running when the second arrives.
  ::setenv("ATTESTPLAN_TEST_HOLD_RUN", "first", 1);
  Server s;
  ::unsetenv("ATTESTPLAN_TEST_HOLD_RUN");
  save_startups(s, 2);
  Response first;
  std::thread run([&] {
    first = request(s, "POST", "/api/portfolio?format=csv&model=m0&model=m1&progress=first-p", "");
  });
  EXPECT_NE(s.next_line().find("test hold: the run watched under first-p"), std::string::npos);
  const auto second = request(s, "POST", "/api/portfolio?format=csv&model=m0", "");
  EXPECT_EQ(second.status, 429) << second.body.substr(0, 200);
  EXPECT_NE(second.body.find("another portfolio is being priced"), std::string::npos);
  follow_run(s, "first-p");
  run.join();
  EXPECT_EQ(first.status, 200);

  // The history's first 12 engagements, as the calibration test's.
  const auto whole = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "docs/examples/firm-history.csv");
  std::size_t cut = 0;
  for (int line = 0; line < 13; ++line) cut = whole.find('\n', cut) + 1;
  const auto csv = whole.substr(0, cut);
  Response fitted;
  std::thread fit([&] {
    fitted =
        request(s, "POST", "/api/calibrate?progress=first-c", csv, {"Content-Type: text/csv"}, 180);
  });
  EXPECT_NE(s.next_line().find("test hold: the run watched under first-c"), std::string::npos);
  const auto again = request(s, "POST", "/api/calibrate", csv, {"Content-Type: text/csv"});
  EXPECT_EQ(again.status, 429) << again.body.substr(0, 200);
  const auto steps = follow_run(s, "first-c");
  fit.join();
  EXPECT_EQ(fitted.status, 200) << fitted.body.substr(0, 200);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front()["phase"], "fitting the history (estimates run)");
  EXPECT_EQ(steps.front()["done"], 1);
  EXPECT_FALSE(steps.front().contains("total"));  // a fit runs as many estimates as it needs
}

// ---- Hostile clients (issue 13): cross-origin requests, slow and greedy clients, token mode,
// invalid UTF-8, deletes without a version, interrupted saves. ----

namespace {

/// A connected socket to [::1]:port, or -1.
int connect_loopback6(int port) {
  const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in6 addr{};
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons(static_cast<std::uint16_t>(port));
  addr.sin6_addr = in6addr_loopback;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Sends `request` on `fd` and reads the response's status line ("" when none came in `seconds`).
std::string send_and_read(int fd, const std::string& request, int seconds = 10) {
  timeval tv{seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string data;
  char buf[4096];
  for (;;) {
    const auto k = ::recv(fd, buf, sizeof buf, 0);
    if (k <= 0) break;
    data.append(buf, static_cast<std::size_t>(k));
  }
  ::close(fd);
  return data;
}

std::size_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

}  // namespace

TEST(ServerHostile, AForeignOriginGets403AndRunsNothing) {
  Server s;
  const std::string evil = "Origin: http://evil.example";
  auto r = request(s, "POST", "/api/estimate", kModel, {evil, "Content-Type: text/plain"});
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("cross-origin requests are refused"), std::string::npos) << r.body;
  EXPECT_EQ(r.headers.count("access-control-allow-origin"), 0u);
  EXPECT_EQ(request(s, "PUT", "/api/models/planted", kModel, {evil, "If-None-Match: *"}).status,
            403);
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel, {"Origin: null"}).status, 403);
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel, {"Sec-Fetch-Site: cross-site"}).status,
            403);
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel, {"Sec-Fetch-Site: same-site"}).status, 403);
  EXPECT_EQ(request(s, "GET", "/api/models", "", {"Sec-Fetch-Site: cross-site"}).status, 403);
  EXPECT_FALSE(fs::exists(s.workspace() / "planted.toml"));
  // A preflight from elsewhere is refused; this server's own pages never need one.
  r = request(s, "OPTIONS", "/api/models/x", "", {evil, "Access-Control-Request-Method: PUT"});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.headers.count("access-control-allow-origin"), 0u);
  r = request(s, "OPTIONS", "/api/models/x", "", {"Origin: http://" + s.host()});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers.count("access-control-allow-origin"), 0u);
  // The same origin works as before, and a link from elsewhere still opens the page.
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel,
                    {"Origin: http://" + s.host(), "Sec-Fetch-Site: same-origin"})
                .status,
            200);
  EXPECT_EQ(request(s, "GET", "/", "", {"Sec-Fetch-Site: cross-site"}).status, 200);
  EXPECT_EQ(request(s, "PUT", "/api/models/mine", kModel,
                    {"Origin: http://" + s.host(), "If-None-Match: *"})
                .status,
            201);
}

TEST(ServerHostile, AMoneyFigureNear2To63Gets422NotACrash) {
  Server s;
  const auto r =
      request(s, "POST", "/api/estimate",
              kModel + "\n[plugins.rate-card-cost]\ninternal_hourly = [1e19, 1e19, 1e19]\n",
              {"Content-Type: text/plain"});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("none above 1e9"), std::string::npos) << r.body;
  EXPECT_EQ(request(s, "GET", "/api/health").status, 200);
}

TEST(ServerHostile, AnIpv6BindAnswersToItsBracketedHost) {
  Server s({"--bind", "::1"});
  ASSERT_GT(s.port(), 0);
  const auto port = std::to_string(s.port());
  const int fd = connect_loopback6(s.port());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(send_and_read(fd, "GET /api/health HTTP/1.1\r\nHost: [::1]:" + port +
                                  "\r\nConnection: close\r\n\r\n")
                .substr(0, 12),
            "HTTP/1.1 200");
  EXPECT_EQ(send_and_read(connect_loopback6(s.port()),
                          "GET /api/health HTTP/1.1\r\nHost: evil.example:" + port +
                              "\r\nConnection: close\r\n\r\n")
                .substr(0, 12),
            "HTTP/1.1 421");
}

TEST(ServerHostile, AWildcardBindWithATokenAnswersToTheMachinesOwnNamesAndRefusesOthers) {
  // --bind 0.0.0.0 with a token: a client reaches it by the machine's name or an address of it (it
  // used to get 421 for every Host); a name that is not the machine's is still refused.
  Server s({"--bind", "0.0.0.0", "--token", "s3cret"});
  ASSERT_GT(s.port(), 0);
  const auto port = std::to_string(s.port());
  EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer s3cret"}).status, 200);
  char name[256] = {};
  ASSERT_EQ(::gethostname(name, sizeof name - 1), 0);
  const std::string auth = "Authorization: Bearer s3cret\r\n";
  EXPECT_EQ(send_and_read(attestplan::testing::connect_loopback(s.port()),
                          "GET /api/health HTTP/1.1\r\nHost: " + std::string{name} + ":" + port +
                              "\r\n" + auth + "Connection: close\r\n\r\n")
                .substr(0, 12),
            "HTTP/1.1 200");
  EXPECT_EQ(send_and_read(attestplan::testing::connect_loopback(s.port()),
                          "GET /api/health HTTP/1.1\r\nHost: evil.example:" + port + "\r\n" + auth +
                              "Connection: close\r\n\r\n")
                .substr(0, 12),
            "HTTP/1.1 421");
}

TEST(ServerHostile, HeaderLinesAreCountedAndAFloodKeepsMemoryBounded) {
  Server s;
  std::string head = "GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n";
  for (int i = 0; i < 50; ++i) head += "X-Ok-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw(s.port(), head + "\r\n").status, 200);
  for (int i = 50; i < 150; ++i) head += "X-Ok-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw(s.port(), head + "\r\n").status, 431);
  // Millions of header lines (40 MB): refused early, and the server's memory stays small.
  const int fd = attestplan::testing::connect_loopback(s.port());
  ASSERT_GE(fd, 0);
  std::string flood = "GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\n";
  std::string lines;
  for (int i = 0; i < 65536; ++i) lines += "X: y\r\n";
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::send(fd, flood.data(), flood.size(), MSG_NOSIGNAL);
  std::size_t sent = 0;
  while (sent < 40u * 1024 * 1024) {
    const auto k = ::send(fd, lines.data(), lines.size(), MSG_NOSIGNAL);
    if (k <= 0) break;
    sent += static_cast<std::size_t>(k);
  }
  ::close(fd);
  EXPECT_LT(rss_kib(s.pid()), 200u * 1024) << "sent " << sent << " bytes of headers";
  EXPECT_EQ(request(s, "GET", "/api/health").status, 200);
}

TEST(ServerHostile, SlowAndIdleClientsDoNotStarveTheHealthProbe) {
  Server s;
  // 500 idle connections, held open.
  std::vector<int> idle;
  for (int i = 0; i < 500; ++i) {
    const int fd = attestplan::testing::connect_loopback(s.port());
    if (fd >= 0) idle.push_back(fd);
  }
  EXPECT_EQ(idle.size(), 500u);
  // 8 clients trickling one header line at a time, more than the server has threads (4).
  std::vector<int> slow;
  for (int i = 0; i < 8; ++i) {
    const int fd = attestplan::testing::connect_loopback(s.port());
    ASSERT_GE(fd, 0);
    const std::string start = "GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\n";
    ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  for (int round = 0; round < 4; ++round) {
    for (int fd : slow) ::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
    // The probe: answered within 1 s (the bound of this test, not a measurement of speed).
    const int fd = attestplan::testing::connect_loopback(s.port());
    ASSERT_GE(fd, 0);
    const auto answer = send_and_read(
        fd, "GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n\r\n", 1);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << "round " << round;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  for (int fd : idle) ::close(fd);
  for (int fd : slow) ::close(fd);
}

TEST(ServerHostile, TokenModeRefusesAnEmptyTokenReadsFileOrEnvironmentAndSignsInABrowser) {
  const std::string bin = std::string{"'"} + ATTESTPLAN_BIN + "' serve --port 0 ";
  EXPECT_EQ(WEXITSTATUS(std::system((bin + "--token '' >/dev/null 2>&1").c_str())), 2);
  EXPECT_EQ(
      WEXITSTATUS(std::system(("ATTESTPLAN_TOKEN= " + bin + ">/dev/null 2>&1 </dev/null").c_str())),
      2);
  const auto empty =
      fs::temp_directory_path() / ("attestplan-empty-token-" + std::to_string(::getpid()));
  std::ofstream(empty) << "\n";
  EXPECT_EQ(WEXITSTATUS(std::system(
                (bin + "--token-file '" + empty.string() + "' >/dev/null 2>&1").c_str())),
            2);

  const std::string secret = "a-long-random-token-0123456789";
  std::ofstream(empty) << secret << "\n";
  {
    Server s({"--token-file", empty.string()});
    EXPECT_EQ(request(s, "GET", "/api/health").status, 401);
    EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer " + secret}).status,
              200);
  }
  fs::remove(empty);
  ::setenv("ATTESTPLAN_TOKEN", secret.c_str(), 1);
  Server env_server;
  ::unsetenv("ATTESTPLAN_TOKEN");
  EXPECT_EQ(
      request(env_server, "GET", "/api/health", "", {"Authorization: Bearer " + secret}).status,
      200);

  Server s({"--token", secret});
  // The token is gone from the command line other users can read.
  EXPECT_EQ(slurp("/proc/" + std::to_string(s.pid()) + "/cmdline").find(secret), std::string::npos);
  // The browser's way in: a one-time link sets an HttpOnly, SameSite=Strict session cookie.
  const auto link = s.next_line();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(link, m, std::regex{R"(/login\?code=([0-9a-f]+))"})) << link;
  auto r = request(s, "GET", "/login?code=" + std::string{m[1]});
  EXPECT_EQ(r.status, 303);
  const auto cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  const auto session = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(request(s, "GET", "/", "", {"Cookie: " + session}).status, 200);
  EXPECT_EQ(request(s, "POST", "/api/validate", kModel, {"Cookie: other=1; " + session}).status,
            200);
  EXPECT_EQ(request(s, "GET", "/", "", {"Cookie: attestplan_session=forged"}).status, 401);
  // Once only.
  EXPECT_EQ(request(s, "GET", "/login?code=" + std::string{m[1]}).status, 403);
}

TEST(ServerHostile, InvalidUtf8Gets400WithItsPlace) {
  Server s;
  auto r = request(s, "POST", "/api/estimate",
                   "schema = \"attestplan/1\"\n[organization]\nname = \"Fj\xf8rd\"\n");
  EXPECT_EQ(r.status, 400) << r.body;
  const auto body = nlohmann::json::parse(r.body);  // valid JSON, whatever the input
  EXPECT_EQ(body["diagnostics"][0]["line"], 3);
  EXPECT_EQ(body["diagnostics"][0]["column"], 11);
  EXPECT_EQ(
      request(s, "PUT", "/api/models/latin1", "name = \"\xff\"\n", {"If-None-Match: *"}).status,
      400);
  EXPECT_FALSE(fs::exists(s.workspace() / "latin1.toml"));
  EXPECT_EQ(request(s, "POST", "/api/estimate?currency=%FF", kModel).status, 400);
}

TEST(ServerHostile, DeleteNeedsIfMatch) {
  Server s;
  ASSERT_EQ(request(s, "PUT", "/api/models/keep", kModel, {"If-None-Match: *"}).status, 201);
  EXPECT_EQ(request(s, "DELETE", "/api/models/keep").status, 428);
  EXPECT_TRUE(fs::exists(s.workspace() / "keep.toml"));
  EXPECT_EQ(request(s, "DELETE", "/api/models/keep", "", {"If-Match: *"}).status, 204);
}

TEST(ServerHostile, SavesKilledAtRandomMomentsLoseNothingAcknowledged) {
  const auto ws = fs::temp_directory_path() / ("attestplan-kill9-" + std::to_string(::getpid()));
  fs::remove_all(ws);
  fs::create_directories(ws);
  std::string committed = kModel;
  std::ofstream(ws / "m.toml", std::ios::binary) << committed;
  std::mt19937 rng(13);
  // The moments to kill at span twice what a save takes on this build (a sanitizer build is
  // slower), so that some saves are killed before their acknowledgement and some after.
  long save_us = 0;
  {
    Server s({}, ws);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(request(s, "PUT", "/api/models/m", committed, {"If-Match: *"}).status, 200);
    save_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
  }
  const auto span_us = static_cast<unsigned long>(std::max(2000L, 2 * save_us));
  // Stale temporaries from before: gone once the server starts.
  std::ofstream(ws / ".m.toml.tmp-Zq81Lx") << "half a save";
  std::string pending;
  bool acknowledged = false;
  int acks = 0, acks_after = 0;
  for (int i = 0; i <= 200; ++i) {
    Server s({}, ws);
    ASSERT_GT(s.port(), 0) << "start " << i;
    for (const auto& e : fs::directory_iterator(ws)) {
      EXPECT_EQ(e.path().filename(), "m.toml") << "left after the start of round " << i;
    }
    const auto now = slurp(ws / "m.toml");
    if (acknowledged) {
      EXPECT_EQ(now, pending) << "an acknowledged save was lost in round " << i;
    } else if (i > 0) {
      EXPECT_TRUE(now == committed || now == pending) << "a half-written model in round " << i;
    }
    committed = now;
    if (i == 200) break;
    // A new version of a random size (up to ~600 KB), saved while the server is killed.
    pending =
        kModel + "\n# round " + std::to_string(i) + "\n" + std::string(rng() % 600000, '#') + "\n";
    acknowledged = false;
    std::thread save([&] {
      acknowledged = request(s, "PUT", "/api/models/m", pending, {"If-Match: *"}).status == 200;
    });
    // Every fourth round is killed just after its acknowledgement (the moment a lost write would
    // show), whatever the machine's speed; the others at a random moment within the span.
    const bool after_ack = i % 4 == 3;
    if (after_ack) {
      save.join();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % span_us));
    }
    s.kill_hard();
    if (!after_ack) save.join();
    (after_ack ? acks_after : acks) += acknowledged;
  }
  // Both kinds of moment were hit: before the acknowledgement and after it.
  EXPECT_EQ(acks_after, 50) << "a save takes " << save_us << " us";
  EXPECT_LT(acks, 150) << "a save takes " << save_us << " us";
  fs::remove_all(ws);
}

namespace {

/// The socket inodes a process holds open.
std::set<std::string> socket_inodes(pid_t pid) {
  std::set<std::string> inodes;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const auto target = fs::read_symlink(e.path(), ec).string();
    if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
  }
  return inodes;
}

/// The local ports of the listening TCP sockets (IPv4 and IPv6) among `inodes`.
std::vector<int> listening_tcp_ports(const std::set<std::string>& inodes) {
  std::vector<int> ports;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
      f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
      if (state == "0A" && inodes.count(inode))
        ports.push_back(std::stoi(local.substr(local.find(':') + 1), nullptr, 16));
    }
  }
  return ports;
}

/// The paths of the listening Unix sockets among `inodes` (flags __SO_ACCEPTCON). A connection the
/// back end accepted shows its listener's path as well, and may still be closing after a request:
/// counting those made this test depend on timing.
std::vector<std::string> unix_socket_paths(const std::set<std::string>& inodes) {
  std::vector<std::string> paths;
  std::ifstream in("/proc/net/unix");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string num, refs, protocol, flags, type, st, inode, path;
    f >> num >> refs >> protocol >> flags >> type >> st >> inode >> path;
    if (!path.empty() && inodes.count(inode) && flags == "00010000") paths.push_back(path);
  }
  return paths;
}

}  // namespace

TEST(ServerHostile, TheBackEndHasNoPortOfItsOwnOnlyASocketInAPrivateFolder) {
  Server s;
  ASSERT_EQ(request(s, "GET", "/api/health").status, 200);
  const auto inodes = socket_inodes(s.pid());
  // One TCP listener: the front's. cpp-httplib, which cannot bound a client's headers or pace,
  // is reached by no other process.
  EXPECT_EQ(listening_tcp_ports(inodes), std::vector<int>{s.port()});
  const auto paths = unix_socket_paths(inodes);
  ASSERT_EQ(paths.size(), 1u);
  const auto folder = fs::path{paths.front()}.parent_path();
  EXPECT_EQ(fs::status(folder).permissions() & fs::perms::all, fs::perms::owner_all) << folder;
  // Stopped, the server leaves no folder behind.
  s.kill_hard();
  Server next;  // a killed server's folder is removed by the next one
  ASSERT_EQ(request(next, "GET", "/api/health").status, 200);
  EXPECT_FALSE(fs::exists(folder)) << folder;
}

TEST(ServerHostile, ABodyMethodWithoutLengthGets411AtOnceAndABodilessDeleteIsAnswered) {
  Server s;
  for (const std::string method : {"PATCH", "POST", "PUT"}) {
    // Without the front's check, cpp-httplib waits for a body until the client closes, holding
    // a worker for as long as the client likes (this connection is never closed by the test).
    const int fd = attestplan::testing::connect_loopback(s.port());
    ASSERT_GE(fd, 0);
    const auto answer =
        send_and_read(fd, method + " /api/models/x HTTP/1.1\r\nHost: " + s.host() + "\r\n\r\n", 30);
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 411") << method << ": " << answer;
  }
  ASSERT_EQ(request(s, "PUT", "/api/models/keep", kModel, {"If-None-Match: *"}).status, 201);
  // A DELETE has no body: the front says so to cpp-httplib (Content-Length: 0), which answers at
  // once instead of reading until the client closes. The client here keeps its side open.
  const int fd = attestplan::testing::connect_loopback(s.port());
  ASSERT_GE(fd, 0);
  const auto answer = send_and_read(
      fd, "DELETE /api/models/keep HTTP/1.1\r\nHost: " + s.host() + "\r\nIf-Match: *\r\n\r\n", 30);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 204") << answer;
  EXPECT_FALSE(fs::exists(s.workspace() / "keep.toml"));
}

namespace {

/// Bodies that once cost the server seconds to minutes each (did-you-mean over every id, unknown
/// excluded controls, a dense Graphviz layout, inclusive vendors and scenarios by the thousand):
/// each is the request line's target and the body.
std::vector<std::pair<std::string, std::string>> denial_of_service_bodies() {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string head =
      "schema = \"attestplan/1\"\n[organization]\nname = \"Dos\"\nemployees = 50\nengineers = 10\n"
      "[engagement]\nreport = \"soc2-type2\"\nobservation_months = 6\nstart = \"2027-01-04\"\n";
  {  // 8,000 components and a service naming 8,000 ids one edit away from them
    std::string uses, components;
    for (int i = 0; i < 8000; ++i) {
      uses += (i ? ", \"" : "\"") + std::string{"componant-"} + std::to_string(i) + "\"";
      components +=
          "[[component]]\nid = \"component-" + std::to_string(i) + "\"\nkind = \"software\"\n";
    }
    out.emplace_back("/api/validate",
                     head + "[[service]]\nid = \"svc\"\nuses = [" + uses + "]\n" + components);
  }
  {  // 44,000 unknown excluded controls
    std::string ids;
    for (int i = 0; i < 44000; ++i)
      ids += (i ? ", \"" : "\"") + std::string{"XX-"} + std::to_string(i) + "\"";
    out.emplace_back(
        "/api/estimate",
        head +
            "[[service]]\nid = \"svc\"\nuses = [\"app\"]\n[[component]]\nid = \"app\"\n"
            "kind = \"software\"\n[plugins.tsc-scope]\nexclude_controls = [" +
            ids + "]\n");
  }
  {  // 150 components, each using every other: 22,350 edges for Graphviz
    std::string components, all;
    for (int i = 0; i < 150; ++i)
      all += (i ? ", \"" : "\"") + std::string{"c"} + std::to_string(i) + "\"";
    for (int i = 0; i < 150; ++i) {
      components += "[[component]]\nid = \"c" + std::to_string(i) +
                    "\"\nkind = \"software\"\nuses = [" + all + "]\n";
    }
    out.emplace_back("/api/boundary?format=svg",
                     head + "[[service]]\nid = \"svc\"\nuses = [" + all + "]\n" + components);
  }
  {  // 5,000 inclusive vendors, each providing a component the service uses
    std::string uses, tables;
    for (int i = 0; i < 5000; ++i) {
      const auto n = std::to_string(i);
      uses += (i ? ", \"c" : "\"c") + n + "\"";
      tables += "[[subservice]]\nid = \"v" + n +
                "\"\nmethod = \"inclusive\"\nreport = \"none\"\n[[component]]\nid = \"c" + n +
                "\"\nkind = \"software\"\nprovided_by = \"v" + n + "\"\n";
    }
    out.emplace_back("/api/estimate",
                     head + "[[service]]\nid = \"svc\"\nuses = [" + uses + "]\n" + tables);
  }
  {  // 20,000 scenarios
    std::string tables;
    for (int i = 0; i < 20000; ++i)
      tables += "[[scenario]]\nid = \"s" + std::to_string(i) + "\"\nobservation_months = 6\n";
    out.emplace_back(
        "/api/compare",
        head +
            "[[service]]\nid = \"svc\"\nuses = [\"app\"]\n[[component]]\nid = \"app\"\n"
            "kind = \"software\"\n" +
            tables);
  }
  return out;
}

}  // namespace

TEST(ServerHostile, WithEachCostlyBodySentFiveAtATimeTheHealthProbeAnswersWithinOneSecond) {
  Server s;
  for (const auto& [target, body] : denial_of_service_bodies()) {
    ASSERT_LT(body.size(), 4u * 1024 * 1024) << target;
    std::atomic<int> done{0};
    std::vector<std::thread> senders;
    std::vector<int> statuses(5, 0);
    for (int i = 0; i < 5; ++i) {
      senders.emplace_back([&, i] {
        statuses[static_cast<std::size_t>(i)] = request(s, "POST", target, body).status;
        ++done;
      });
    }
    // The probe, every 100 ms while the five are in the server: each answer within 1 s (the
    // acceptance's bound; reads have workers of their own, so it holds however long the five take).
    int probes = 0;
    while (done.load() < 5 || probes == 0) {
      const int fd = attestplan::testing::connect_loopback(s.port());
      ASSERT_GE(fd, 0);
      const auto answer = send_and_read(
          fd, "GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n\r\n", 1);
      EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << target << ", probe " << probes;
      ++probes;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& t : senders) t.join();
    for (int status : statuses)
      EXPECT_TRUE(status == 200 || status == 422 || status == 503) << target << ": " << status;
  }
}

TEST(ServerSpeed, TheUisFilesGoCompressedOnceWithAnETagAndTheApiIsNeverCompressed) {
  Server s;
  // The UI's script: gzip made at build time, an ETag, revalidated on every load.
  const auto js = request(s, "GET", "/app.js", "", {"Accept-Encoding: gzip, deflate, br"});
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.headers.at("content-encoding"), "gzip");
  ASSERT_GE(js.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(js.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(js.body[1]), 0x8b);
  EXPECT_EQ(js.headers.at("cache-control"), "no-cache");
  ASSERT_TRUE(js.headers.count("etag"));
  const auto etag = js.headers.at("etag");
  // A browser that does not take gzip gets the text, with the same ETag.
  const auto plain = request(s, "GET", "/app.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_GT(plain.body.size(), js.body.size() * 2);
  EXPECT_EQ(plain.headers.at("etag"), etag);
  // Nor one that says gzip with a weight of zero.
  EXPECT_EQ(request(s, "GET", "/app.js", "", {"Accept-Encoding: gzip;q=0, br"})
                .headers.count("content-encoding"),
            0u);
  // A reload that has it: 304, no body.
  const auto again =
      request(s, "GET", "/app.js", "", {"If-None-Match: " + etag, "Accept-Encoding: gzip"});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  // The graph library, a file of its own (loaded after the first figures), goes the same way.
  const auto graph_js = request(s, "GET", "/graph.js", "", {"Accept-Encoding: gzip"});
  ASSERT_EQ(graph_js.status, 200);
  EXPECT_EQ(graph_js.headers.at("content-encoding"), "gzip");
  EXPECT_EQ(graph_js.headers.at("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(
      request(s, "GET", "/graph.js", "", {"If-None-Match: " + graph_js.headers.at("etag")}).status,
      304);
  EXPECT_EQ(plain.body.find("The Cytoscape Consortium"), std::string::npos)
      << "the page's script holds no graph library";
  EXPECT_NE(request(s, "GET", "/graph.js").body.find("The Cytoscape Consortium"),
            std::string::npos);
  // The API answers uncompressed whatever the browser offers: brotli at its default level cost
  // hundreds of milliseconds a keystroke.
  for (const char* offer : {"Accept-Encoding: gzip, deflate, br", "accept-encoding: br"}) {
    const auto est = request(s, "POST", "/api/analysis", kModel, {offer});
    ASSERT_EQ(est.status, 200) << offer;
    EXPECT_EQ(est.headers.count("content-encoding"), 0u) << offer;
    EXPECT_EQ(est.body.front(), '{') << offer;
  }
}

TEST(Server, ANewModelIsTheStarterModelInitWritesFromTheSameAnswers) {
  // The web UI's "New model" asks init's questions in a form: the server writes the model through
  // the same function, so the two give the same text (but for the day it is written).
  Server s;
  const auto r = request(
      s, "POST",
      "/api/"
      "starter?name=Acme%20Ltd&report=soc2-type1&employees=40&engineers=12&cloud=gcp&currency=EUR",
      "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.at("content-type"), "application/toml");
  const auto cli = output_of(
      "'" + std::string{ATTESTPLAN_BIN} +
      "' init --no-input --name 'Acme Ltd' --report soc2-type1 --employees 40 --engineers 12 "
      "--cloud gcp --currency EUR -o -");
  ASSERT_FALSE(cli.empty());
  EXPECT_EQ(r.body, cli);
  EXPECT_NE(r.body.find("name = \"Acme Ltd\""), std::string::npos);
  EXPECT_NE(r.body.find("vendor = \"gcp\""), std::string::npos);
  // It validates as it stands: the validate endpoint takes it.
  EXPECT_EQ(request(s, "POST", "/api/validate", r.body).status, 200);
  // Defaults for what is not asked; a small organization's engineers are its headcount.
  const auto small = request(s, "POST", "/api/starter?employees=3", "");
  ASSERT_EQ(small.status, 200) << small.body;
  EXPECT_NE(small.body.find("name = \"Example Company\""), std::string::npos);
  EXPECT_NE(small.body.find("engineers = 3 "), std::string::npos) << small.body;
  // A wrong answer names its parameter.
  const auto bad = request(s, "POST", "/api/starter?employees=0", "");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("employees: '0' is outside 1..1000000"), std::string::npos) << bad.body;
  const auto more = request(s, "POST", "/api/starter?employees=5&engineers=9", "");
  EXPECT_EQ(more.status, 400);
  EXPECT_NE(more.body.find("engineers: 9 is more than the 5 employees"), std::string::npos)
      << more.body;
  EXPECT_EQ(request(s, "POST", "/api/starter?cloud=moon", "").status, 400);
  // Nothing is saved.
  EXPECT_EQ(nlohmann::json::parse(request(s, "GET", "/api/models").body).size(), 0u);
}

TEST(Server, TheFirmsOwnFilesStartFromTemplatesAndPriceAnyViewFromTheWorkspace) {
  // The firm area: a rate card and firm files start from the server's templates, are saved in the
  // workspace, and price every view (rates=NAME, firm=NAME), as --rates and --firm do.
  Server s;
  const auto rates = request(s, "GET", "/api/templates/rates", "");
  ASSERT_EQ(rates.status, 200) << rates.body;
  EXPECT_EQ(rates.headers.at("content-type"), "application/toml");
  EXPECT_EQ(rates.body, slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/rates/default.toml"));
  ASSERT_EQ(request(s, "PUT", "/api/models/our-rates", rates.body, {"If-None-Match: *"}).status,
            201);
  const auto plain = request(s, "POST", "/api/estimate?format=json&seed=7", kModel);
  const auto priced =
      request(s, "POST", "/api/estimate?format=json&seed=7&rates=our-rates", kModel);
  ASSERT_EQ(priced.status, 200) << priced.body;
  const auto fee = nlohmann::json::parse(priced.body)["summary"]["fee"]["value"];
  ASSERT_TRUE(fee.is_object()) << priced.body.substr(0, 300);
  EXPECT_GT(fee["p50"].get<double>(), 0);
  EXPECT_EQ(fee, nlohmann::json::parse(plain.body)["summary"]["fee"]["value"]);
  // A card of its own: another hourly rate prices another fee.
  auto dearer = rates.body;
  const auto at = dearer.find("partner = ");
  ASSERT_NE(at, std::string::npos);
  dearer.replace(at, dearer.find('\n', at) - at, "partner = 900");
  ASSERT_EQ(request(s, "PUT", "/api/models/dear-rates", dearer, {"If-None-Match: *"}).status, 201);
  const auto dear = request(s, "POST", "/api/estimate?format=json&seed=7&rates=dear-rates", kModel);
  ASSERT_EQ(dear.status, 200) << dear.body.substr(0, 300);
  EXPECT_GT(nlohmann::json::parse(dear.body)["summary"]["fee"]["value"]["p50"].get<double>(),
            fee["p50"].get<double>());
  // A rate card with an error is located in its own file.
  auto broken = rates.body;
  broken.insert(0, "currency = 12\n");
  ASSERT_EQ(request(s, "PUT", "/api/models/bad-rates", broken, {"If-None-Match: *"}).status, 201);
  const auto bad = request(s, "POST", "/api/estimate?rates=bad-rates", kModel);
  EXPECT_NE(bad.status, 200);
  EXPECT_NE(bad.body.find("bad-rates.toml"), std::string::npos) << bad.body;
  EXPECT_EQ(request(s, "POST", "/api/estimate?rates=nobody", kModel).status, 404);
  EXPECT_EQ(request(s, "POST", "/api/estimate?rates=../x", kModel).status, 400);
  // The firm files: saved from their templates, they write the letter under their names.
  for (const auto& [name, says] :
       {std::pair<std::string, std::string>{"firm-auditor", "Your Audit Firm LLP"},
        {"firm-consultant", "Your Consultancy Ltd"}}) {
    const auto firm = request(s, "GET", "/api/templates/" + name, "");
    ASSERT_EQ(firm.status, 200) << name;
    ASSERT_EQ(request(s, "PUT", "/api/models/our-" + name, firm.body, {"If-None-Match: *"}).status,
              201);
    const auto letter =
        request(s, "POST", "/api/proposal?format=markdown&firm=our-" + name, kModel);
    ASSERT_EQ(letter.status, 200) << name << letter.body.substr(0, 400);
    EXPECT_NE(letter.body.find("**" + says + "**"), std::string::npos) << name;
  }
  EXPECT_EQ(request(s, "GET", "/api/templates/nothing", "").status, 404);
}

// Tests against a running `attestplan serve`: the gate (chunked bodies, foreign Host, oversized
// bodies, missing lengths, encodings, ranges, tokens), workspace safety (names, ETag conflicts,
// atomic saves), security headers, the OpenAPI document against the routes, and the API's answers.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "loopback.hpp"
#include "test_util.hpp"
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

using attestplan::testing::slurp;

/// A server process on a free port, stopped when the object goes.
class Server {
 public:
  explicit Server(std::vector<std::string> extra = {}) {
    workspace_ = fs::temp_directory_path() / ("attestplan-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(workspace_);
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      std::vector<std::string> args{ATTESTPLAN_BIN, "serve", "--port", "0", "--workspace", workspace_.string()};
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
      if (std::regex_search(s, m, std::regex{R"(http://127\.0\.0\.1:(\d+)/)"})) port_ = std::stoi(m[1]);
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
    fs::remove_all(workspace_, ec);
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
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

/// Sends raw bytes and reads the whole response (requests say Connection: close).
Response raw(int port, const std::string& request, std::size_t send_limit = std::string::npos) {
  Response r;
  const int fd = attestplan::testing::connect_loopback(port);
  if (fd < 0) return r;
  timeval tv{10, 0};
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

Response request(const Server& s, const std::string& method, const std::string& path, const std::string& body = {},
                 const std::vector<std::string>& headers = {}) {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  if (method == "POST" || method == "PUT") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return raw(s.port(), req + "\r\n" + body);
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
  const auto r = raw(s.port(), "POST /api/validate HTTP/1.1\r\nHost: " + s.host() +
                                   "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 501);
}

TEST(Server, RefusesAForeignHostHeader) {
  Server s;
  const auto r = raw(s.port(), "GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 421);
  const auto no_host = raw(s.port(), "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(no_host.status, 421);
}

TEST(Server, TenMegabyteBodyGets413) {
  Server s;
  const std::string body(10 * 1024 * 1024, 'x');
  const auto r = raw(s.port(), "PUT /api/models/big HTTP/1.1\r\nHost: " + s.host() +
                                   "\r\nIf-None-Match: *\r\nContent-Length: " + std::to_string(body.size()) +
                                   "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(fs::exists(s.workspace() / "big.toml"));
}

TEST(Server, RefusesMissingLengthEncodingsAndRanges) {
  Server s;
  EXPECT_EQ(raw(s.port(), "POST /api/validate HTTP/1.1\r\nHost: " + s.host() + "\r\nConnection: close\r\n\r\n").status, 411);
  EXPECT_EQ(request(s, "POST", "/api/validate", "x", {"Content-Encoding: gzip"}).status, 415);
  EXPECT_EQ(request(s, "GET", "/app.js", "", {"Range: bytes=0-10,5-20"}).status, 416);
}

TEST(Server, ModelNamesCannotEscapeTheWorkspace) {
  Server s;
  for (const char* path : {"/api/models/..%2F..%2Fetc%2Fpasswd", "/api/models/../evil", "/api/models/.hidden",
                           "/api/models/a%00b"}) {
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
  EXPECT_EQ(request(s, "DELETE", "/api/models/fjord", "", {"If-Match: " + a.headers["etag"]}).status, 204);
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

TEST(Server, TokenIsRequiredOffLoopbackAndEnforcedWhenGiven) {
  const std::string cmd = std::string{"'"} + ATTESTPLAN_BIN + "' serve --bind 0.0.0.0 --port 0 >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  Server s({"--token", "s3cret"});
  EXPECT_EQ(request(s, "GET", "/api/health").status, 401);
  EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer wrong"}).status, 401);
  EXPECT_EQ(request(s, "GET", "/api/health", "", {"Authorization: Bearer s3cret"}).status, 200);
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
    const auto res = request(s, method, path, method == "PUT" ? kModel : method == "POST" ? kModel : "",
                             method == "PUT" ? std::vector<std::string>{"If-None-Match: *"} : std::vector<std::string>{});
    EXPECT_EQ(res.body.find("no such route"), std::string::npos) << r;
    EXPECT_NE(res.status, 0) << r;
  }
}

TEST(Server, EstimateMatchesTheCliAndBadModelsGetLocatedDiagnostics) {
  Server s;
  const auto r = request(s, "POST", "/api/estimate", kModel);
  ASSERT_EQ(r.status, 200);
  const auto api = nlohmann::json::parse(r.body);
  FILE* p = ::popen((std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && '" + ATTESTPLAN_BIN +
                     "' estimate -f json models/examples/hr-saas.toml").c_str(), "r");
  std::string cli;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) cli.append(buf, n);
  ::pclose(p);
  EXPECT_EQ(api["summary"], nlohmann::json::parse(cli)["summary"]);
  const auto type1 = nlohmann::json::parse(request(s, "POST", "/api/estimate?report=soc2-type1", kModel).body);
  EXPECT_LT(type1["summary"]["auditor_hours"]["value"]["likely"].get<double>(),
            api["summary"]["auditor_hours"]["value"]["likely"].get<double>());
  const auto bad = request(s, "POST", "/api/estimate?name=mine", "schema = \"attestplan/1\"\n[organization]\nnmae = 1\n");
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

TEST(Server, TheApiAndTheCliGiveTheSameBytesForTheSameModelAndOverrides) {
  // One request layer behind both: the same model (under the same name), overrides and format give
  // byte-identical output, --currency included (the server used to ignore it).
  Server s;
  const auto dir = fs::temp_directory_path() / ("attestplan-same-bytes-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "hr-saas.toml", std::ios::binary) << kModel;
  struct Case {
    std::string command, query;
  };
  const std::vector<Case> cases{
      {"estimate -f json --currency USD", "/api/estimate?name=hr-saas&format=json&currency=USD"},
      {"estimate -f markdown --currency USD", "/api/estimate?name=hr-saas&format=markdown&currency=USD"},
      {"estimate -f csv --currency EUR --months 12", "/api/estimate?name=hr-saas&format=csv&currency=EUR&months=12"},
      {"evidence --report soc2-type1", "/api/evidence?name=hr-saas&report=soc2-type1"},
      {"compare -f json --currency USD", "/api/compare?name=hr-saas&currency=USD"},
      {"boundary -f json", "/api/boundary?name=hr-saas"},
  };
  for (const auto& c : cases) {
    FILE* p = ::popen(("cd '" + dir.string() + "' && '" + ATTESTPLAN_BIN + "' " + c.command + " hr-saas.toml").c_str(), "r");
    std::string cli;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) cli.append(buf, n);
    ::pclose(p);
    const auto api = request(s, "POST", c.query, kModel);
    EXPECT_EQ(api.status, 200) << c.query;
    ASSERT_FALSE(cli.empty()) << c.command;
    EXPECT_TRUE(api.body == cli) << c.command << " and " << c.query << " differ";
  }
  EXPECT_NE(request(s, "POST", "/api/estimate?name=hr-saas&format=json&currency=USD", kModel).body.find("\"currency\": \"USD\""),
            std::string::npos);
  fs::remove_all(dir);
}

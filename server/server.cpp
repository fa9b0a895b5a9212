// The HTTP server: a JSON API under /api/ and the embedded UI. Connections reach our front first
// (front.cpp: each request read whole within a deadline and limits, a bounded queue refusing with
// 503), then cpp-httplib 0.11.4 on a private loopback port for routing and responses, behind the
// gate the engineering notes call for (foreign Host and Origin, chunked bodies, missing lengths,
// encodings and ranges refused before routing; a token for any non-loopback bind; security headers
// on every response).
#include "server.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <spdlog/logger.h>
#include <sys/resource.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <semaphore>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "attestplan/boundary.hpp"
#include "attestplan/data.hpp"
#include "attestplan/frameworks.hpp"
#include "attestplan/loader.hpp"
#include "attestplan/log.hpp"
#include "attestplan/plugin_host.hpp"
#include "attestplan/request.hpp"
#include "attestplan/starter.hpp"
#include "attestplan/toml_reader.hpp"
#include "attestplan/vendors.hpp"
#include "front.hpp"
#include "web_assets.hpp"

namespace attestplan::server {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// A thread pool whose queue is bounded: when it is full the accept loop waits, so a flood of
/// connections backs up in the kernel's listen queue instead of in our memory.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queue) : max_queue_(max_queue) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return stopping_ || queue_.size() < max_queue_; });
    if (stopping_) return;
    queue_.push_back(std::move(fn));
    ready_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        fn = std::move(queue_.front());
        queue_.pop_front();
        room_.notify_one();
      }
      fn();
    }
  }
  std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

/// One documented route: the same table registers the handlers and answers --routes, and the
/// tests compare it with web/openapi.json.
struct Route {
  const char* method;
  const char* path;  ///< OpenAPI style: /api/models/{name}
};

const std::vector<Route> kRoutes{
    {"GET", "/"},
    {"GET", "/app.js"},
    {"GET", "/graph.js"},
    {"GET", "/app.css"},
    {"GET", "/api/openapi.json"},
    {"GET", "/api/health"},
    {"GET", "/api/catalog/criteria"},
    {"GET", "/api/plugins"},
    {"GET", "/api/vendors"},
    {"GET", "/api/frameworks"},
    {"GET", "/api/examples"},
    {"GET", "/api/examples/{name}"},
    {"GET", "/api/models"},
    {"GET", "/api/models/{name}"},
    {"PUT", "/api/models/{name}"},
    {"DELETE", "/api/models/{name}"},
    {"POST", "/api/validate"},
    {"POST", "/api/boundary"},
    {"POST", "/api/estimate"},
    {"POST", "/api/compare"},
    {"POST", "/api/analysis"},
    {"POST", "/api/plan"},
    {"POST", "/api/proposal"},
    {"POST", "/api/evidence"},
    {"POST", "/api/oscal"},
    {"POST", "/api/portfolio"},
    {"POST", "/api/calibrate"},
    {"POST", "/api/starter"},
    {"GET", "/api/templates/{name}"},
    {"GET", "/api/progress/{token}"},
};

const std::regex kModelName{"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"};

std::string etag_of(const std::string& text) {
  // FNV-1a over the content: cheap, stable, and changes whenever the file does.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(2), "application/json");
}

/// A JSON object (`body`, not empty) with "diagnostics" added as the request layer writes them.
void send_json(httplib::Response& res, int status, const json& body, const Diagnostics& diags) {
  std::string text = body.dump(2);
  text.resize(text.size() - 2);  // the newline and the closing brace after the last member
  res.status = status;
  res.set_content(text + ",\n  \"diagnostics\": " + diagnostics_json(diags) + "}\n",
                  "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message,
                const Diagnostics* diags = nullptr) {
  if (diags) return send_json(res, status, {{"error", message}}, *diags);
  send_json(res, status, {{"error", message}});
}

/// The newest request of each editor session (the web UI sends `session=ID` with its requests):
/// work for an older one is abandoned when a newer one arrives, since its answer would only be
/// thrown away. Bounded: past kMaxSessions the oldest session is forgotten (its requests then run
/// to the end, as without a session).
class Sessions {
 public:
  static constexpr std::size_t kMaxSessions = 4096;
  /// Records a new request of `session`: its generation.
  std::uint64_t begin(const std::string& session) {
    std::lock_guard lock(mutex_);
    auto [it, added] = latest_.try_emplace(session, 0);
    if (added) {
      order_.push_back(session);
      if (order_.size() > kMaxSessions) {
        latest_.erase(order_.front());
        order_.pop_front();
      }
    }
    const auto generation = ++it->second;
    arrived_.notify_all();
    return generation;
  }
  /// Waits until a newer request of `session` than `generation` has arrived, or `limit` passed.
  void wait_until_superseded(const std::string& session, std::uint64_t generation,
                             std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, limit, [&] {
      const auto it = latest_.find(session);
      return it == latest_.end() || it->second != generation;
    });
  }
  /// Whether a newer request of `session` than `generation` has arrived.
  bool superseded(const std::string& session, std::uint64_t generation) const {
    std::lock_guard lock(mutex_);
    const auto it = latest_.find(session);
    return it != latest_.end() && it->second != generation;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::unordered_map<std::string, std::uint64_t> latest_;
  std::deque<std::string> order_;
};

const std::regex kSessionId{"[A-Za-z0-9_-]{1,64}"};

/// The long runs under way (a portfolio, a calibration, a proposal printed to PDF), by the token
/// their client chose (progress=TOKEN), for GET /api/progress/{token}: the phase, the units done
/// and in all, and the seconds so far. A run is forgotten when it ends. At most kMaxWatched at
/// once: beyond, or under a token already watched, a run goes unwatched (it is not refused).
class LongRuns {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxWatched = 64;

  /// Watches one run for as long as it lives (a token of "" watches nothing).
  class Watch {
   public:
    Watch(LongRuns& runs, std::string token) : runs_(runs) {
      if (token.empty()) return;
      std::lock_guard lock(runs_.mutex_);
      if (runs_.states_.size() >= kMaxWatched || runs_.states_.count(token)) return;
      runs_.states_[token] = State{"starting", 0, 0, Clock::now(), 0};
      token_ = std::move(token);
    }
    ~Watch() {
      if (token_.empty()) return;
      std::lock_guard lock(runs_.mutex_);
      runs_.states_.erase(token_);
    }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    /// The run is in `name` (without units counted).
    void phase(std::string_view name) { count(name, 0, 0); }
    /// The run is in `name`, `done` units of `total` (0: not known).
    void count(std::string_view name, std::size_t done, std::size_t total) {
      if (token_.empty()) return;
      std::unique_lock lock(runs_.mutex_);
      auto& st = runs_.states_[token_];
      st.phase = name;
      st.done = done;
      st.total = total;
      if (!runs_.hold_.empty() && token_.rfind(runs_.hold_, 0) == 0 && name != held_in_) {
        if (held_in_.empty()) {  // once: a test reads it, and its pipe is not drained
          std::cout << "test hold: the run watched under " << token_ << " waits in '" << name
                    << "' until its progress is asked" << std::endl;
        }
        held_in_ = name;
        const auto asks = st.asks;
        runs_.asked_.wait_for(lock, std::chrono::seconds(30), [&] { return st.asks >= asks + 2; });
      }
    }

   private:
    LongRuns& runs_;
    std::string token_;
    std::string held_in_;  ///< the phase the test hook last held the run in
  };

  /// Tests only (ServeOptions::hold_run): a run watched under a token that starts with `hold`
  /// waits as it enters each phase (at its first unit of work, for a phase that counts them) until
  /// its progress has been asked twice since (at most 30 s): a test sees it there with one ask, and
  /// lets it go on with the next.
  explicit LongRuns(std::string hold) : hold_(std::move(hold)) {}

  /// The run's state as GET /api/progress answers it; nullopt when no run is watched under `token`.
  std::optional<json> state(const std::string& token) {
    std::lock_guard lock(mutex_);
    const auto it = states_.find(token);
    if (it == states_.end()) return std::nullopt;
    auto& st = it->second;
    ++st.asks;
    asked_.notify_all();
    json out{
        {"phase", st.phase},
        {"seconds",
         std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - st.started).count() /
             1000.0}};
    if (st.done > 0 || st.total > 0) out["done"] = st.done;
    if (st.total > 0) out["total"] = st.total;
    return out;
  }

 private:
  struct State {
    std::string phase;
    std::size_t done = 0, total = 0;
    Clock::time_point started;
    std::size_t asks = 0;  ///< how often its progress was asked (GET /api/progress)
  };
  std::mutex mutex_;
  std::condition_variable asked_;
  std::map<std::string, State> states_;
  std::string hold_;
};

/// A ProgressTick for a run bounded by `limit`: it tells `watch` how far the run is (as `what`,
/// "12 of 40 engagements priced") and says stop once the run has taken longer than `limit`.
ProgressTick bounded_tick(LongRuns::Watch& watch, std::string what,
                          std::chrono::milliseconds limit) {
  const auto deadline = LongRuns::Clock::now() + limit;
  return [&watch, what = std::move(what), deadline](std::size_t done, std::size_t total) {
    watch.count(what, done, total);
    return LongRuns::Clock::now() < deadline;
  };
}

class Api {
 public:
  explicit Api(const ServeOptions& options)
      : workspace_(options.workspace),
        hold_session_(options.hold_first_request_of_session),
        long_run_limit_(options.long_run_limit),
        long_runs_(options.hold_run),
        engine_(
            [&] {
              PluginSearch s;
              for (const auto& d : options.plugin_dirs) s.dirs.emplace_back(d);
              return s;
            }(),
            CriteriaCatalog::builtin()) {}

  void install(httplib::Server& svr) {
    for (const auto& r : kRoutes) {
      // {name} takes anything up to the end, so "../x" reaches the handler and is refused with 400.
      const std::string pattern =
          std::regex_replace(std::string{r.path}, std::regex{"\\{[a-z]+\\}"}, "(.+)");
      auto handler = [this, r](const httplib::Request& req, httplib::Response& res) {
        dispatch(r, req, res);
      };
      const std::string m = r.method;
      if (m == "GET") svr.Get(pattern, handler);
      if (m == "PUT") svr.Put(pattern, handler);
      if (m == "POST") svr.Post(pattern, handler);
      if (m == "DELETE") svr.Delete(pattern, handler);
    }
  }

 private:
  void dispatch(const Route& r, const httplib::Request& req, httplib::Response& res) {
    const std::string path = r.path, method = r.method;
    try {
      if (refuse_invalid_utf8(req, res)) return;
      if (method == "GET" && path == "/")
        return asset(req, res, "index.html", "text/html; charset=utf-8");
      if (path == "/app.js") return asset(req, res, "app.js", "text/javascript; charset=utf-8");
      if (path == "/graph.js") return asset(req, res, "graph.js", "text/javascript; charset=utf-8");
      if (path == "/app.css") return asset(req, res, "app.css", "text/css; charset=utf-8");
      if (path == "/api/openapi.json") return asset(req, res, "openapi.json", "application/json");
      if (path == "/api/health") return send_json(res, 200, {{"status", "ok"}});
      if (path == "/api/catalog/criteria") {
        res.set_content(criteria_output(CriteriaCatalog::builtin(), Format::Json),
                        "application/json");
        return;
      }
      if (path == "/api/vendors" && req.get_param_value("format") == "oscal-components") {
        res.set_content(vendors_output(Format::OscalComponents, Date::today().to_string()),
                        "application/json");
        res.set_header("Content-Disposition", "attachment; filename=\"vendors-oscal.json\"");
        return;
      }
      if (path == "/api/vendors") {
        // The vendor library a [[subservice]] names with vendor = "ID": what the form offers.
        auto list = nlohmann::json::array();
        for (const auto& v : VendorLibrary::builtin().all()) {
          list.push_back({{"id", v.id},
                          {"name", v.name},
                          {"report", to_string(v.report)},
                          {"method", to_string(v.method)},
                          {"covers", v.covers}});
        }
        res.set_content(list.dump() + "\n", "application/json");
        return;
      }
      if (path == "/api/frameworks") {
        // The frameworks in use and the reports each offers (framework × type), with the names the
        // documents give them: what the UI offers and names.
        auto list = nlohmann::json::array();
        for (const auto& f : FrameworkLibrary::active().all()) {
          auto reports = nlohmann::json::array();
          for (const auto type : f.types) {
            const Report report{f.id, type};
            reports.push_back({{"id", to_string(report)},
                               {"name", display_name(report)},
                               {"type", to_string(type)}});
          }
          list.push_back({{"id", f.id}, {"name", f.name}, {"reports", reports}});
        }
        res.set_content(list.dump() + "\n", "application/json");
        return;
      }
      if (path == "/api/plugins") {
        res.set_content(plugins_output(engine_.host(), PluginSearch{}, Format::Json),
                        "application/json");
        return;
      }
      if (path == "/api/examples") return list_examples(res);
      if (path == "/api/examples/{name}") return get_example(req.matches[1], res);
      if (path == "/api/models") return list_models(res);
      if (path == "/api/models/{name}") {
        const std::string name = req.matches[1];
        if (!std::regex_match(name, kModelName)) {
          return send_error(
              res, 400,
              "model names are 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (method == "GET") return get_model(name, res);
        if (method == "PUT") return put_model(name, req, res);
        return delete_model(name, req, res);
      }
      if (path == "/api/portfolio") return portfolio(req, res);
      if (path == "/api/calibrate") return calibrate(req, res);
      if (path == "/api/starter") return starter(req, res);
      if (path == "/api/templates/{name}") return get_template(req.matches[1], res);
      if (path == "/api/progress/{token}") {
        if (!std::regex_match(std::string{req.matches[1]}, kSessionId)) {
          return send_error(res, 400, "progress: 1-64 letters, digits, '-' or '_'");
        }
        const auto st = long_runs_.state(req.matches[1]);
        if (!st)
          return send_error(res, 404, "no run under way under this token (not started, or done)");
        res.set_header("Cache-Control", "no-store");
        return send_json(res, 200, *st);
      }
      return compute(path, req, res);
    } catch (const std::exception& e) {
      attestplan::logger().error("{} {}: {}", method, req.path, e.what());
      send_error(res, 500, "internal error");
    }
  }

  /// Every text a request carries (its body, its path and query values) must be UTF-8: it ends up
  /// in files, JSON and HTML. 400, naming the place: the line and column in the body, or the
  /// parameter.
  static bool refuse_invalid_utf8(const httplib::Request& req, httplib::Response& res) {
    if (const auto bad = first_invalid_utf8(req.body); bad != std::string_view::npos) {
      std::uint32_t line = 1, col = 1;
      for (std::size_t i = 0; i < bad; ++i) {
        if (req.body[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      Diagnostics diags;
      diags.error("the body is not valid UTF-8 (at byte offset " + std::to_string(bad) + ")",
                  SourceLocation{"body", line, col}, "send the model as UTF-8 text");
      send_error(res, 400, "the body is not valid UTF-8", &diags);
      return true;
    }
    if (first_invalid_utf8(req.path) != std::string_view::npos) {
      send_error(res, 400, "the path is not valid UTF-8");
      return true;
    }
    for (const auto& [name, value] : req.params) {
      if (first_invalid_utf8(name) != std::string_view::npos ||
          first_invalid_utf8(value) != std::string_view::npos) {
        send_json(res, 400,
                  {{"error", "a query parameter is not valid UTF-8"},
                   {"parameter", first_invalid_utf8(name) == std::string_view::npos ? name : "?"}});
        return true;
      }
    }
    return false;
  }

  /// A file of the UI: compressed at build time (gzip) for a browser that takes it, with its ETag
  /// (a reload that has it gets 304 and no body) and Cache-Control: no-cache (always asked again,
  /// so a new build is never hidden behind a stale copy). The front has renamed the client's
  /// Accept-Encoding (X-Client-Accept-Encoding): cpp-httplib compresses nothing itself.
  static void asset(const httplib::Request& req, httplib::Response& res, const std::string& name,
                    const char* type) {
    for (const auto& f : web::files()) {
      if (f.name != name) continue;
      res.set_header("ETag", std::string{f.etag});
      res.set_header("Cache-Control", "no-cache");
      res.set_header("Vary", "Accept-Encoding");
      if (req.get_header_value("If-None-Match") == f.etag) {
        res.status = 304;
        return;
      }
      if (accepts_gzip(req.get_header_value(kClientAcceptEncoding))) {
        res.set_header("Content-Encoding", "gzip");
        res.set_content(std::string{f.gzip}, type);
      } else {
        res.set_content(std::string{f.text}, type);
      }
      return;
    }
    send_error(res, 404, "no such asset");
  }

  /// Whether an Accept-Encoding value admits gzip (a "gzip" token without q=0).
  static bool accepts_gzip(const std::string& value) {
    std::size_t at = 0;
    while (at < value.size()) {
      const auto end = std::min(value.find(',', at), value.size());
      std::string item = value.substr(at, end - at);
      at = end + 1;
      item.erase(0, item.find_first_not_of(" \t"));
      const auto semi = item.find(';');
      std::string token = item.substr(0, semi);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
      for (auto& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (token != "gzip" && token != "*") continue;
      // "q=0" (or 0.0, 0.000) refuses it; any other weight, or none, accepts it.
      const auto q = semi == std::string::npos ? std::string::npos : item.find("q=", semi);
      if (q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0) return true;
    }
    return false;
  }

  static void list_examples(httplib::Response& res) {
    json out = json::array();
    for (const auto& n : embedded_data_names()) {
      if (n.rfind("examples/", 0) != 0) continue;
      // What it is: the comment it opens with, its lines joined ("Fjord People ApS: a Copenhagen
      // ...").
      std::istringstream text{std::string{embedded_data(n).value_or("")}};
      std::string description;
      for (std::string line; std::getline(text, line) && line.rfind("# ", 0) == 0;) {
        description += (description.empty() ? "" : " ") + line.substr(2);
      }
      out.push_back({{"name", n.substr(9, n.size() - 9 - 5)},
                     {"read_only", true},
                     {"description", description}});
    }
    send_json(res, 200, out);
  }

  static void get_example(const std::string& name, httplib::Response& res) {
    const auto text = std::regex_match(name, kModelName)
                          ? embedded_data("examples/" + name + ".toml")
                          : std::nullopt;
    if (!text) return send_error(res, 404, "no built-in example '" + name + "'");
    res.set_header("ETag", etag_of(std::string{*text}));
    res.set_content(std::string{*text}, "application/toml");
  }

  fs::path file_of(const std::string& name) const { return workspace_ / (name + ".toml"); }

  std::optional<std::string> read(const fs::path& p) const {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  /// What a workspace file is, from its top-level keys: "profile" or "firm" by its schema line
  /// (attestplan-profile/N, attestplan-firm/N), a plugin's data file by its key (the table its
  /// descriptor names as its marker: a rate card's [rates]), "firm" (a role or a [signer]), else
  /// "model" (a model, or a file that does not read as TOML yet: the editor is where it is
  /// mended). The UI offers each where it belongs.
  std::string kind_of_file(const std::string& text) const {
    Diagnostics ignored;
    const auto table = parse_toml(text, "file.toml", "file", ignored);
    if (!table) return "model";
    if (const auto schema = (*table)["schema"].value<std::string>()) {
      if (schema->rfind("attestplan-profile/", 0) == 0) return "profile";
      if (schema->rfind("attestplan-firm/", 0) == 0) return "firm";
    }
    for (const auto& d : engine_.host().data_files()) {
      if (!d.marker.empty() && table->contains(d.marker) && (*table)[d.marker].is_table())
        return d.key;
    }
    if (table->contains("role") || table->contains("signer")) return "firm";
    return "model";
  }

  /// The workspace files a request may name for the estimate's data: each plugin's data file by
  /// its key (rates=NAME), and the firm's profile (profile=NAME), as the CLI's --KEY and --profile.
  [[nodiscard]] std::vector<std::string> data_params() const {
    std::vector<std::string> keys;
    for (const auto& d : engine_.host().data_files()) keys.push_back(d.key);
    keys.emplace_back(kProfileDataFile);
    return keys;
  }

  void list_models(httplib::Response& res) {
    std::lock_guard lock(workspace_mutex_);
    json out = json::array();
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(workspace_, ec)) {
      const auto stem = e.path().stem().string();
      if (e.path().extension() != ".toml" || !std::regex_match(stem, kModelName)) continue;
      const auto text = read(e.path()).value_or("");
      out.push_back({{"name", stem},
                     {"etag", etag_of(text)},
                     {"bytes", text.size()},
                     {"kind", kind_of_file(text)}});
    }
    std::sort(out.begin(), out.end(),
              [](const json& a, const json& b) { return a["name"] < b["name"]; });
    send_json(res, 200, out);
  }

  void get_model(const std::string& name, httplib::Response& res) {
    std::lock_guard lock(workspace_mutex_);
    const auto text = read(file_of(name));
    if (!text) return send_error(res, 404, "no model '" + name + "' in the workspace");
    res.set_header("ETag", etag_of(*text));
    res.set_content(*text, "application/toml");
  }

  /// Optimistic concurrency: an existing model is replaced only with the ETag the client read
  /// (If-Match); a new one only with If-None-Match: *. Anything else is a conflict (409).
  void put_model(const std::string& name, const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(workspace_mutex_);
    const auto path = file_of(name);
    const auto current = read(path);
    const auto if_match = req.get_header_value("If-Match");
    const auto if_none = req.get_header_value("If-None-Match");
    if (current) {
      if (if_match.empty())
        return send_error(res, 428, "saving over an existing model needs If-Match with its ETag");
      if (if_match != etag_of(*current) && if_match != "*") {
        return send_json(
            res, 409,
            {{"error", "the model changed since you loaded it"}, {"etag", etag_of(*current)}});
      }
    } else if (!if_match.empty() && if_match != "*") {
      return send_json(res, 409, {{"error", "the model was deleted since you loaded it"}});
    } else if (if_match.empty() && if_none != "*") {
      return send_error(res, 428, "creating a model needs If-None-Match: *");
    }
    std::error_code ec;
    fs::create_directories(workspace_, ec);
    Diagnostics write_diags;
    if (!write_file_atomically(path, req.body, write_diags)) {
      return send_error(res, 500, "could not save the model", &write_diags);
    }
    const auto check = load_model_text(req.body, name + ".toml", CriteriaCatalog::builtin());
    res.set_header("ETag", etag_of(req.body));
    send_json(res, current ? 200 : 201,
              {{"name", name}, {"etag", etag_of(req.body)}, {"valid", check.model.has_value()}},
              check.diagnostics);
  }

  void delete_model(const std::string& name, const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(workspace_mutex_);
    const auto path = file_of(name);
    const auto current = read(path);
    if (!current) return send_error(res, 404, "no model '" + name + "' in the workspace");
    const auto if_match = req.get_header_value("If-Match");
    if (if_match.empty())
      return send_error(res, 428, "deleting a model needs If-Match with its ETag (or *)");
    if (if_match != "*" && if_match != etag_of(*current)) {
      return send_json(
          res, 409,
          {{"error", "the model changed since you loaded it"}, {"etag", etag_of(*current)}});
    }
    std::error_code ec;
    fs::remove(path, ec);
    res.status = 204;
  }

  /// The POST endpoints: the body is the model's TOML; query parameters override like CLI flags
  /// (report, months, currency, format, explain, scenario), through the same request layer.
  /// POST /api/portfolio: the workspace's models named (model=NAME, repeated), priced with its rate
  /// card and profile (rates=NAME, profile=NAME) through the request layer, as the CLI's portfolio.
  /// A long run: at most kMaxPortfolioModels, one portfolio at a time (429 while one runs).
  void portfolio(const httplib::Request& req, httplib::Response& res) {
    static constexpr std::size_t kMaxPortfolioModels = 100;
    PortfolioRequest r;
    r.format = Format::Json;
    if (req.has_param("format")) {
      const auto f = parse_format(req.get_param_value("format"));
      if (!f || (*f != Format::Json && *f != Format::Csv && *f != Format::Svg)) {
        return send_error(res, 400, "format: json, csv or svg");
      }
      r.format = *f;
    }
    // With the rows, the staff heat map (SVG) in the JSON's "heatmap": one run for a page that
    // shows both.
    r.heatmap = r.format == Format::Json && req.get_param_value("heatmap") == "true";
    const auto count = req.get_param_value_count("model");
    if (count == 0)
      return send_error(
          res, 400, "model: name at least one model saved in the workspace (model=NAME, repeated)");
    if (count > kMaxPortfolioModels) {
      return send_error(
          res, 400,
          "model: at most " + std::to_string(kMaxPortfolioModels) + " models in one portfolio");
    }
    auto workspace_file = [&](const std::string& param,
                              const std::string& name) -> std::optional<fs::path> {
      if (!std::regex_match(name, kModelName)) {
        send_error(res, 400, param + ": a workspace name (letters, digits, -, _)");
        return std::nullopt;
      }
      if (!fs::is_regular_file(file_of(name))) {
        send_error(res, 404, param + ": no file '" + name + "' in the workspace");
        return std::nullopt;
      }
      return file_of(name);
    };
    for (std::size_t i = 0; i < count; ++i) {
      const auto file = workspace_file("model", req.get_param_value("model", i));
      if (!file) return;
      r.models.push_back(*file);
    }
    for (const auto& name : data_params()) {
      if (!req.has_param(name)) continue;
      const auto file = workspace_file(name.c_str(), req.get_param_value(name));
      if (!file) return;
      r.data_files[name] = *file;
    }
    const auto token = progress_token(req, res);
    if (!token) return;
    static std::counting_semaphore<1> turn(1);
    if (!turn.try_acquire())
      return send_error(res, 429, "another portfolio is being priced; try again when it is done");
    LongRuns::Watch watch(long_runs_, *token);
    r.progress = bounded_tick(watch, "pricing the engagements", long_run_limit_);
    const auto out = engine_.portfolio(r);
    turn.release();
    if (out.outcome == Outcome::Abandoned)
      return send_error(res, 503, stopped_message(out), &out.diagnostics);
    if (out.outcome == Outcome::InvalidRequest) {
      return send_error(
          res, 400,
          out.diagnostics.items().empty() ? "bad request" : out.diagnostics.items().front().message,
          &out.diagnostics);
    }
    const int status = out.outcome == Outcome::InvalidModel ? 422 : 200;
    if (r.format == Format::Json) {
      auto body = json::parse(out.body);
      if (r.heatmap) body["heatmap"] = out.heatmap;
      return send_json(res, status, body, out.diagnostics);
    }
    res.status = status;
    res.set_content(out.body, out.content_type);
  }

  /// The progress=TOKEN a long run is watched under ("" when none); nullopt after a 400 when the
  /// token is malformed.
  static std::optional<std::string> progress_token(const httplib::Request& req,
                                                   httplib::Response& res) {
    if (!req.has_param("progress")) return std::string{};
    auto token = req.get_param_value("progress");
    if (!std::regex_match(token, kSessionId)) {
      send_error(res, 400, "progress: 1-64 letters, digits, '-' or '_'");
      return std::nullopt;
    }
    return token;
  }

  /// Why a long run was stopped, and what to do: its own error, and the limit.
  std::string stopped_message(const Response& out) const {
    const auto& items = out.diagnostics.items();
    return (items.empty() ? std::string{"the run was stopped"} : items.front().message) +
           " after " + std::to_string(long_run_limit_.count() / 1000) +
           " s, the server's limit for a long run (serve --long-run-limit)";
  }

  /// GET /api/templates/{name}: a starting point for the firm's own files, to save in the workspace
  /// and edit: each plugin data file the workspace tells apart, by its key (`rates`: the built-in
  /// rate card), and `firm-auditor` and `firm-consultant` (firm files).
  void get_template(const std::string& name, httplib::Response& res) const {
    std::vector<std::pair<std::string, std::string>> templates;
    for (const auto& d : engine_.host().data_files()) {
      if (!d.marker.empty()) templates.emplace_back(d.key, d.builtin);
    }
    templates.emplace_back("firm-auditor", "firms/auditor.toml");
    templates.emplace_back("firm-consultant", "firms/consultant.toml");
    std::string names;
    for (const auto& [key, path] : templates) {
      if (key == name) {
        if (const auto text = embedded_data(path))
          return res.set_content(std::string{*text}, "application/toml");
      }
      names += (names.empty() ? "" : ", ") + key;
    }
    send_error(res, 404, "no template '" + name + "' (" + names + ")");
  }

  /// POST /api/starter: the starter model `attestplan init` writes, from the same answers as query
  /// parameters (each optional, with init's defaults); 400 naming the first wrong one. Nothing is
  /// saved: the UI puts the model in its editor, to be saved under a name of the user's choice.
  void starter(const httplib::Request& req, httplib::Response& res) {
    StarterAnswers a;
    std::string* fields[] = {&a.name, &a.report, &a.employees, &a.engineers, &a.cloud, &a.currency};
    const auto& keys = starter_questions();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (req.has_param(keys[i])) *fields[i] = req.get_param_value(keys[i]);
    }
    // As init: a small organization's engineers default to its headcount.
    if (!req.has_param("engineers") && starter_problem("employees", a.employees).empty()) {
      a.engineers = std::to_string(std::min(8L, std::stol(a.employees)));
    }
    if (const auto problems = starter_problems(a); !problems.empty()) {
      return send_error(res, 400, problems.front().first + ": " + problems.front().second);
    }
    const auto text = starter_model(a, Date::today().to_string());
    if (const auto checked = engine_.validate(text, "starter.toml"); !checked.model) {
      return send_error(res, 500, "internal error: the starter model does not validate",
                        &checked.diagnostics);
    }
    res.set_content(text, "application/toml");
  }

  /// POST /api/calibrate: the body is a history CSV whose rows name models saved in the workspace
  /// (by file name) or summarise past engagements; the report as the CLI's calibrate writes it.
  /// save_profile=NAME also saves the firm profile in the workspace (201, Location), never over an
  /// existing file (409), and refused (422) when it would change nothing. One at a time (429).
  void calibrate(const httplib::Request& req, httplib::Response& res) {
    CalibrateRequest r;
    r.format = Format::Json;
    if (req.has_param("format")) {
      const auto f = parse_format(req.get_param_value("format"));
      if (!f || (*f != Format::Json && *f != Format::Table))
        return send_error(res, 400, "format: json or table");
      r.format = *f;
    }
    if (req.has_param("min_rows")) {
      const auto text = req.get_param_value("min_rows");
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > 100000) {
        return send_error(res, 400, "min_rows: a whole number from 1 to 100000");
      }
      r.min_rows = n;
    }
    std::optional<std::string> save;
    if (req.has_param("save_profile")) {
      save = req.get_param_value("save_profile");
      if (!std::regex_match(*save, kModelName))
        return send_error(res, 400, "save_profile: a workspace name (letters, digits, -, _)");
      r.profile = true;
    }
    if (req.has_param("name")) r.firm_name = req.get_param_value("name");
    r.history = DataFile{req.body, "history.csv"};
    r.base_dir = workspace_;
    r.models_in_base_dir_only = true;
    const auto token = progress_token(req, res);
    if (!token) return;
    static std::counting_semaphore<1> turn(1);
    if (!turn.try_acquire())
      return send_error(res, 429, "another calibration is running; try again when it is done");
    LongRuns::Watch watch(long_runs_, *token);
    r.progress = bounded_tick(watch, "fitting the history (estimates run)", long_run_limit_);
    const auto out = engine_.calibrate(r);
    turn.release();
    if (out.outcome == Outcome::Abandoned)
      return send_error(res, 503, stopped_message(out), &out.diagnostics);
    if (out.outcome == Outcome::InvalidRequest) {
      return send_error(
          res, 400,
          out.diagnostics.items().empty() ? "bad request" : out.diagnostics.items().front().message,
          &out.diagnostics);
    }
    if (out.outcome != Outcome::Ok)
      return send_error(res, 422, "the history cannot be fitted", &out.diagnostics);
    if (save) {
      if (!out.profile_refused.empty())
        return send_error(res, 422, "no profile saved: " + out.profile_refused);
      std::lock_guard lock(workspace_mutex_);
      if (fs::exists(file_of(*save)))
        return send_error(res, 409, "save_profile: '" + *save + "' exists in the workspace");
      std::error_code ec;
      fs::create_directories(workspace_, ec);
      Diagnostics write;
      if (!write_file_atomically(file_of(*save), out.profile, write)) {
        return send_error(res, 500, "could not save the profile", &write);
      }
      res.status = 201;
      res.set_header("Location", "/api/models/" + *save);
    }
    res.set_content(out.body, out.content_type);
  }

  void compute(const std::string& path, const httplib::Request& req, httplib::Response& res) {
    const std::string source =
        req.has_param("name") ? req.get_param_value("name") + ".toml" : "model.toml";
    if (path == "/api/validate") {
      const auto loaded = engine_.validate(req.body, source);
      return send_json(res, 200, {{"valid", loaded.model.has_value()}}, loaded.diagnostics);
    }
    static const std::map<std::string, Output> kOutputs{
        {"/api/boundary", Output::Boundary}, {"/api/estimate", Output::Estimate},
        {"/api/compare", Output::Compare},   {"/api/plan", Output::Plan},
        {"/api/evidence", Output::Evidence}, {"/api/proposal", Output::Proposal},
        {"/api/analysis", Output::Estimate}, {"/api/oscal", Output::Oscal}};
    Request r;
    r.output = kOutputs.at(path);
    if (req.has_param("session")) {
      const auto session = req.get_param_value("session");
      if (!std::regex_match(session, kSessionId)) {
        return send_error(res, 400, "session: 1-64 letters, digits, '-' or '_'");
      }
      const auto generation = sessions_.begin(session);
      r.abandoned = [this, session, generation] {
        return sessions_.superseded(session, generation);
      };
      if (generation == 1 && session == hold_session_) {
        std::cout << "test hold: the first request of session " << session
                  << " waits for a newer one" << std::endl;
        sessions_.wait_until_superseded(session, generation, std::chrono::seconds(30));
      }
    }
    r.override_prefix = "";
    // A proposal previewed in a tab of its own: the page posts a form (the model in a `model`
    // field) to a new tab, where the letter is shown under its own policy rather than the app's.
    const bool preview = path == "/api/proposal" && req.get_param_value("preview") == "true";
    const bool form =
        req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
    if (form && !preview)
      return send_error(res, 415,
                        "the body is the model's TOML (a form is taken only for preview=true)");
    if (preview && !form)
      return send_error(res, 400, "preview=true takes the model as a form field 'model'");
    r.model_text = preview ? req.get_param_value("model") : req.body;
    r.model_name = source;
    // The API answers JSON unless asked otherwise, where the output has a JSON form.
    const auto& formats = formats_of(r.output);
    const bool has_json = std::find(formats.begin(), formats.end(), Format::Json) != formats.end();
    r.format = has_json ? Format::Json : formats.front();
    if (req.has_param("format")) {
      const auto f = parse_format(req.get_param_value("format"));
      if (!f)
        return send_error(res, 400,
                          "format: unknown format '" + req.get_param_value("format") + "'");
      r.format = *f;
    }
    auto param = [&](const char* name) -> std::optional<std::string> {
      if (!req.has_param(name)) return std::nullopt;
      return req.get_param_value(name);
    };
    r.overrides.report = param("report");
    r.overrides.months = param("months");
    r.overrides.seed = param("seed");
    r.overrides.currency = param("currency");
    r.overrides.auditor_country = param("auditor_country");
    r.explain = param("explain").value_or("") == "true";
    r.memo = param("memo").value_or("") == "true";
    r.fee_percentile = param("fee_percentile");
    // The firm that sends the proposal: a firm file saved in the workspace (firm=NAME), as the
    // CLI's --firm; its logo path is taken from the workspace.
    if (const auto firm = param("firm")) {
      if (!std::regex_match(*firm, kModelName))
        return send_error(res, 400, "firm: a workspace name (letters, digits, -, _)");
      const auto text = read(file_of(*firm));
      if (!text) return send_error(res, 404, "firm: no file '" + *firm + "' in the workspace");
      r.firm = DataFile{*text, *firm + ".toml"};
      r.firm_dir = workspace_;
    }
    // The firm's own data files and profile, saved in the workspace (rates=NAME, profile=NAME),
    // as the CLI's --KEY and --profile.
    for (const auto& name : data_params()) {
      const auto file = param(name.c_str());
      if (!file) continue;
      if (!std::regex_match(*file, kModelName))
        return send_error(res, 400, name + ": a workspace name (letters, digits, -, _)");
      if (!fs::is_regular_file(file_of(*file)))
        return send_error(res, 404, name + ": no file '" + *file + "' in the workspace");
      r.overrides.data_files[name] = file_of(*file);
    }
    r.internal = param("internal").value_or("") == "true";
    if (const auto ssp = param("ssp")) r.oscal_ssp_href = *ssp;
    for (std::size_t i = 0; i < req.get_param_value_count("scenario"); ++i) {
      r.scenarios.push_back(req.get_param_value("scenario", i));
    }
    r.today = Date::today().to_string();
    r.stamp_utc = r.today.substr(0, 4) + r.today.substr(5, 2) + r.today.substr(8, 2) + "T000000Z";
    // A proposal printed to PDF takes seconds: its phases are watched under progress=TOKEN.
    const auto token = progress_token(req, res);
    if (!token) return;
    LongRuns::Watch watch(long_runs_, r.format == Format::Pdf ? *token : std::string{});
    if (r.format == Format::Pdf)
      r.progress = [&watch](std::string_view phase) { watch.phase(phase); };
    const auto out = path == "/api/analysis" ? engine_.analyse(r) : engine_.handle(r);
    switch (out.outcome) {
      case Outcome::Abandoned:
        return send_error(
            res, 409,
            "superseded: a newer request of this session arrived before this one was done");
      case Outcome::InvalidModel:
        return send_error(res, 422, "the model has errors", &out.diagnostics);
      case Outcome::InvalidRequest:
        return send_error(res, 400,
                          out.diagnostics.items().empty() ? "bad request"
                                                          : out.diagnostics.items().front().message,
                          &out.diagnostics);
      case Outcome::PluginFailure:
        if (out.body.empty())
          return send_json(res, 500, {{"error", "a plugin failed"}, {"failures", out.failures}});
        res.status = 500;
        break;
      case Outcome::Ok:
        break;
    }
    if (r.output == Output::Evidence) {
      res.set_header("Content-Disposition", r.format == Format::Xlsx
                                                ? "attachment; filename=\"evidence.xlsx\""
                                                : "attachment; filename=\"evidence.csv\"");
    }
    if (r.output == Output::Oscal) {
      res.set_header("Content-Disposition",
                     std::string{"attachment; filename=\""} + to_string(r.format) + ".json\"");
    }
    if (r.output == Output::Proposal && r.format == Format::Html && !preview) {
      res.set_header("Content-Disposition", "attachment; filename=\"proposal.html\"");
    }
    if (preview) {
      if (r.memo || r.format != Format::Html)
        return send_error(res, 400, "preview=true shows the client's letter, in HTML");
      // The letter's own policy (inline styles, data: images, nothing fetched), never framed.
      res.set_header("Content-Security-Policy",
                     proposal_content_security_policy() + "; frame-ancestors 'none'");
    }
    if (r.output == Output::Proposal && r.format == Format::Pdf) {
      res.set_header("Content-Disposition", std::string{"attachment; filename=\""} +
                                                (r.memo ? "pricing-memo" : "proposal") + ".pdf\"");
    }
    res.set_content(out.body, out.content_type);
  }

  fs::path workspace_;
  std::string hold_session_;                  ///< ServeOptions::hold_first_request_of_session
  std::chrono::milliseconds long_run_limit_;  ///< ServeOptions::long_run_limit
  LongRuns long_runs_;
  std::mutex workspace_mutex_;
  Engine engine_;
  Sessions sessions_;
};

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

/// How the bound address reads in a URL and a Host header: an IPv6 literal in brackets.
std::string url_host(const std::string& bind) {
  return bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
}

/// Whether the bind is every address of the machine.
bool is_wildcard(const std::string& bind) {
  return bind == "0.0.0.0" || bind == "::" || bind == "[::]";
}

/// The machine's own names and addresses: its host name and every interface's address (IPv6 in
/// brackets), the names a client on the network reaches it by.
std::vector<std::string> machine_hosts() {
  std::vector<std::string> out;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') out.emplace_back(name);
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (const ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr) continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (a->ifa_addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) out.emplace_back(text);
      } else if (a->ifa_addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
        if (::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text))
          out.push_back(std::string{"["} + text + "]");
      }
    }
    ::freeifaddrs(list);
  }
  return out;
}

/// The Host headers this server answers to: the bound address and port; for a loopback bind the
/// loopback names a browser uses; for a wildcard bind (0.0.0.0, ::) the machine's own names and
/// addresses. Anything else (a DNS-rebinding name) is refused.
std::vector<std::string> own_hosts(const std::string& bind, int port) {
  const std::string p = ":" + std::to_string(port);
  std::vector<std::string> hosts;
  if (!is_wildcard(bind)) hosts.push_back(url_host(bind) + p);
  if (is_loopback(bind) || is_wildcard(bind)) {
    for (const char* h : {"localhost", "127.0.0.1", "[::1]"}) hosts.push_back(h + p);
  }
  if (is_wildcard(bind)) {
    for (const auto& h : machine_hosts()) {
      if (std::find(hosts.begin(), hosts.end(), h + p) == hosts.end()) hosts.push_back(h + p);
    }
  }
  return hosts;
}

/// Comparison whose time does not depend on where the strings differ.
bool same_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i % std::max<std::size_t>(b.size(), 1)]);
  return diff == 0 && !b.empty();
}

std::string random_hex(std::size_t bytes) {
  std::random_device rd;  // the kernel's random source on Linux
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = rd() & 0xFFu;
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

/// The value of cookie `name` in a Cookie header, or "".
std::string cookie_value(const std::string& header, const std::string& name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const auto end = std::min(header.find(';', pos), header.size());
    const auto pair = header.substr(pos, end - pos);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    pos = end;
  }
  return {};
}

/// The token mode's browser sign-in: a one-time code printed at start; /login?code=CODE sets a
/// session cookie (HttpOnly, SameSite=Strict) that stands for the token from then on.
struct BrowserLogin {
  std::string code = random_hex(16);
  std::string session = random_hex(32);
  std::atomic<bool> used{false};
};

Front* g_front = nullptr;

extern "C" void on_signal(int) {
  if (g_front) g_front->stop();
}

/// Whether the options can serve: a token where the address is not loopback, a folder for the
/// workspace, a token that is not empty. Says why not on stderr.
bool options_usable(const ServeOptions& options) {
  if (!is_loopback(options.bind) && !options.token) {
    std::cerr << "error: --bind " << options.bind
              << " is not a loopback address: give --token, which "
              << "every request must then carry (Authorization: Bearer TOKEN)\n";
    return false;
  }
  std::error_code ec;
  fs::create_directories(options.workspace, ec);
  if (ec || !fs::is_directory(options.workspace)) {
    std::cerr << "error: --workspace: cannot use '" << options.workspace << "': " << ec.message()
              << "\n";
    return false;
  }

  if (options.token && options.token->empty()) {
    std::cerr << "error: --token: the token is empty\n";
    return false;
  }
  return true;
}

/// The back end's threads, body limit, timeouts and connections.
void configure_backend(httplib::Server& svr, const ServeOptions& options, std::size_t threads) {
  // A thread for each of the front's relays at once (its workers for computations and for reads):
  // a request the front hands on never waits here.
  const std::size_t backend_threads =
      std::max<std::size_t>(threads, 2) + FrontLimits{}.read_workers;
  svr.new_task_queue = [backend_threads] {
    return new BoundedPool(backend_threads, backend_threads * 8);
  };
  svr.set_payload_max_length(options.max_body);
  svr.set_read_timeout(10);
  svr.set_write_timeout(10);
  // One request per connection: the front reads each request whole and relays one at a time.
  svr.set_keep_alive_max_count(1);
  svr.set_tcp_nodelay(true);  // small responses go out at once (no Nagle delay with delayed ACKs)
}

/// The gate: runs before the body is read (engineering notes, cpp-httplib 0.11.4).
void install_gate(httplib::Server& svr, const std::vector<std::string>& hosts,
                  const std::optional<std::string>& token,
                  const std::shared_ptr<BrowserLogin>& login) {
  svr.set_pre_routing_handler([hosts, token, login](const httplib::Request& req,
                                                    httplib::Response& res) {
    auto refuse = [&](int status, const std::string& why) {
      send_error(res, status, why);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    };
    const std::string host = req.get_header_value("Host");
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) {
      return refuse(421, "this server answers only to " + hosts.front());
    }
    // Cross-origin requests: a page elsewhere may send simple requests (a text/plain POST needs no
    // preflight); the browser says where they come from, and only this server's own pages may
    // change or compute anything, or read the API.
    const std::string origin = req.get_header_value("Origin");
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    const bool foreign_origin = !origin.empty() && origin != "http://" + host;
    const bool foreign_site = !site.empty() && site != "same-origin" && site != "none";
    const bool reads_only = req.method == "GET" || req.method == "HEAD";
    const bool api = req.path.rfind("/api/", 0) == 0;
    if ((foreign_origin || foreign_site) && (!reads_only || api)) {
      return refuse(
          403,
          "cross-origin requests are refused: this server answers only its own pages (Origin " +
              (origin.empty() ? std::string{"not given"} : origin) + ", Sec-Fetch-Site " +
              (site.empty() ? std::string{"not given"} : site) + ")");
    }
    if (req.method == "OPTIONS") {
      // A same-origin page never needs a preflight; answer without any Access-Control-Allow-*.
      res.status = 204;
      res.set_header("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Transfer-Encoding"))
      return refuse(501, "chunked or encoded transfers are not accepted");
    if (req.has_header("Content-Encoding"))
      return refuse(415, "compressed bodies are not accepted");
    if (req.has_header("Range")) return refuse(416, "range requests are not supported");
    const bool has_body_method = req.method == "POST" || req.method == "PUT";
    if (has_body_method && !req.has_header("Content-Length"))
      return refuse(411, "a body needs Content-Length");
    if (token) {
      if (req.method == "GET" && req.path == "/login") {
        if (!req.has_param("code") || !same_secret(req.get_param_value("code"), login->code) ||
            login->used.exchange(true)) {
          return refuse(
              403,
              "this sign-in link is wrong or was used already; restart the server for a new one, "
              "or send Authorization: Bearer TOKEN");
        }
        res.status = 303;
        res.set_header("Location", "/");
        res.set_header("Set-Cookie", "attestplan_session=" + login->session +
                                         "; Path=/; HttpOnly; SameSite=Strict");
        return httplib::Server::HandlerResponse::Handled;
      }
      const auto auth = req.get_header_value("Authorization");
      const bool bearer = auth.rfind("Bearer ", 0) == 0 && same_secret(auth.substr(7), *token);
      const bool cookie = same_secret(
          cookie_value(req.get_header_value("Cookie"), "attestplan_session"), login->session);
      if (!bearer && !cookie) return refuse(401, "missing or wrong token");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

/// The headers every response carries, and the body of an error no route wrote.
void install_response_headers(httplib::Server& svr) {
  svr.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // The app's policy, unless the response is a document with its own (a proposal's preview).
    if (!res.has_header("Content-Security-Policy")) {
      res.set_header(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
          "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    // Nothing leaves for another site; a same-origin form post (the proposal's preview) keeps its
    // Origin, which "no-referrer" would turn into "null" and the origin check refuse.
    res.set_header("Referrer-Policy", "same-origin");
    if (req.path.rfind("/api/", 0) == 0) res.set_header("Cache-Control", "no-store");
  });
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      send_error(res, res.status,
                 res.status == 404   ? "no such route"
                 : res.status == 413 ? "body too large"
                                     : "request refused");
    }
  });
}

/// The front's limits: the options', and no more connections than the descriptors allow.
FrontLimits front_limits(const ServeOptions& options, std::size_t threads) {
  FrontLimits limits;
  limits.max_body = options.max_body;
  limits.workers = std::max<std::size_t>(threads, 2);
  limits.max_queue = threads * 16;
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    limits.max_connections = std::min<std::size_t>(
        limits.max_connections,
        files.rlim_cur > 64 ? static_cast<std::size_t>(files.rlim_cur) - 64 : 16);
  }
  return limits;
}
}  // namespace

std::optional<std::size_t> parse_max_body(std::string_view text, std::string& error) {
  std::size_t bytes = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  const bool whole = ec == std::errc{} && end == text.data() + text.size();
  if (!whole || bytes < kMinMaxBody || bytes > kMaxMaxBody) {
    error = "--max-body: '" + std::string{text} + "' is not a number of bytes from " +
            std::to_string(kMinMaxBody) + " to " + std::to_string(kMaxMaxBody) +
            " (1 KiB to 1 GiB); the default is " + std::to_string(kDefaultMaxBody) + " (4 MiB)";
    return std::nullopt;
  }
  return bytes;
}

int serve(const ServeOptions& options) {
  if (options.print_routes) {
    for (const auto& r : kRoutes) std::cout << r.method << " " << r.path << "\n";
    return 0;
  }
  if (!options_usable(options)) return 2;
  // A token mode's workspace may hold temporary files of saves a crash interrupted: they are not
  // models, and nothing else writes here.
  if (const auto stale = remove_stale_temporaries(options.workspace); stale > 0) {
    attestplan::logger().info("removed {} temporary file(s) of interrupted saves", stale);
  }

  // Descriptors for the front's connections: the soft limit up to the hard one.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }

  int port = options.port;
  std::string listen_error;
  const int listen_fd = listen_on(options.bind, port, listen_error);
  if (listen_fd < 0) {
    std::cerr << "error: cannot listen on " << options.bind << ":" << options.port << ": "
              << listen_error << "\n";
    return 2;
  }

  httplib::Server svr;
  const std::size_t threads = static_cast<std::size_t>(std::max(1, options.threads));
  configure_backend(svr, options, threads);

  const std::string bind = options.bind;
  const auto token = options.token;
  const auto hosts = own_hosts(bind, port);
  auto login = std::make_shared<BrowserLogin>();
  install_gate(svr, hosts, token, login);
  install_response_headers(svr);

  Api api(options);
  api.install(svr);

  // cpp-httplib listens on a Unix socket in a private folder (0700): only the front connects to
  // it; no other process, and nothing on the network, reaches the back end past the front's limits.
  const PrivateTempDir backend_dir("attestplan-serve-backend-", sizeof(sockaddr_un::sun_path) - 16);
  const std::string backend_socket = (backend_dir.path() / "back.sock").string();
  svr.set_address_family(AF_UNIX);
  if (backend_dir.path().empty() || !svr.bind_to_port(backend_socket, 80)) {
    ::close(listen_fd);
    std::cerr << "error: cannot make the server's private socket in the temporary folder\n";
    return 2;
  }
  std::thread backend([&svr] { svr.listen_after_bind(); });
  // cpp-httplib 0.11.4's stop() does nothing until the back end runs: a SIGTERM that came before
  // would leave it listening and this process waiting for it at the join below, for ever (seen as
  // a test hanging under load). So nothing is served, and no signal handled, before it runs.
  for (int waited_ms = 0; !svr.is_running(); ++waited_ms) {
    if (waited_ms == 10'000) {
      ::close(listen_fd);
      std::cerr << "error: the server's back end did not start within 10 s\n";
      std::_Exit(2);  // the back end's thread may still start: nothing can join it safely
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  const FrontLimits limits = front_limits(options, threads);
  Front front(listen_fd, backend_socket, limits);
  // Stopping is possible from here on (a signal before run() wakes it at once): only then does the
  // server say it serves.
  g_front = &front;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // A wildcard bind is reached at any of the machine's addresses: say the loopback one.
  const std::string base = "http://" +
                           (is_wildcard(bind) ? std::string{"127.0.0.1"} : url_host(bind)) + ":" +
                           std::to_string(port) + "/";
  std::cout << "attestplan serving " << base << " (workspace "
            << fs::absolute(options.workspace).string() << "; Ctrl-C stops)" << std::endl;
  if (token) {
    std::cout << "sign in a browser once with " << base << "login?code=" << login->code
              << " (API clients send Authorization: Bearer TOKEN)" << std::endl;
  }
  front.run();
  g_front = nullptr;
  svr.stop();
  backend.join();
  std::cout << "attestplan stopped" << std::endl;
  return 0;
}

}  // namespace attestplan::server

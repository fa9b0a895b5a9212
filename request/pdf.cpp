// print_to_pdf (pdf.hpp): the HTML in a private temporary folder, Chromium run on it headless with
// a fresh profile and no network chatter, bounded in time, and the PDF read back and checked.
#include "attestplan/pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <thread>
#include <vector>

#include "attestplan/data.hpp"

namespace attestplan {

namespace {

namespace fs = std::filesystem;

constexpr auto kPrintTimeout = std::chrono::seconds(120);

bool executable(const fs::path& p) {
  return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p);
}

/// The print folder's name starts with this: a killed print's folder is removed by the next one
/// (the page in it is the client's proposal).
constexpr std::string_view kTempPrefix = "attestplan-pdf-";

}  // namespace

std::optional<std::string> find_chromium() {
  if (const char* env = std::getenv("ATTESTPLAN_CHROMIUM"); env && *env) {
    return executable(env) ? std::optional<std::string>{env} : std::nullopt;
  }
  if (executable("/usr/bin/chromium")) return "/usr/bin/chromium";
  if (const char* path = std::getenv("PATH")) {
    std::string dirs = path;
    for (std::size_t at = 0; at <= dirs.size();) {
      const auto end = std::min(dirs.find(':', at), dirs.size());
      const fs::path dir = dirs.substr(at, end - at);
      for (const char* name : {"chromium", "chromium-browser"}) {
        if (!dir.empty() && executable(dir / name)) return (dir / name).string();
      }
      at = end + 1;
    }
  }
  return std::nullopt;
}

std::optional<std::string> print_to_pdf(const std::string& chromium, const std::string& html,
                                        std::string& error) {
  const PrivateTempDir dir(kTempPrefix);
  if (dir.path().empty()) {
    error = "cannot make a temporary folder to print in";
    return std::nullopt;
  }
  const auto page = dir.path() / "proposal.html";
  const auto pdf = dir.path() / "proposal.pdf";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out.flush()) {
      error = "cannot write the page to print in " + dir.path().string();
      return std::nullopt;
    }
  }
  std::vector<std::string> args{
      chromium, "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      // No network: every request goes to a proxy nobody serves, loopback
      // included (the page's own policy already forbids any fetch).
      "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
      "--host-resolver-rules=MAP * ~NOTFOUND",
      "--user-data-dir=" + (dir.path() / "profile").string(), "--no-pdf-header-footer",
      "--print-to-pdf=" + pdf.string(), "file://" + page.string()};
  // Chromium refuses to run as root with its sandbox on.
  if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = "cannot start " + chromium;
    return std::nullopt;
  }
  if (pid == 0) {
    // Chromium's chatter is not ours to show: its output goes nowhere.
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::setpgid(0, 0);
    // The browser dies with us: a killed print leaves no Chromium behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + kPrintTimeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) {
      error = "lost track of " + chromium;
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      error = chromium + " did not finish printing within 120 s";
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The browser's helpers (its own process group) go with it.
  ::kill(-pid, SIGKILL);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = chromium + " failed to print (exit " +
            std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    return std::nullopt;
  }
  std::ifstream in(pdf, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.rfind("%PDF-", 0) != 0) {
    error = chromium + " wrote no PDF";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace attestplan

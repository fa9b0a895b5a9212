// Benchmark of attestplan import terraform against its floor: nlohmann's SAX parse of the same file
// with a handler that does nothing (through nlohmann's FILE* adapter and its istream adapter), then
// the whole command (`attestplan -q import terraform STATE -o OUT`) as a child process, with its
// wall time and peak resident memory (wait4's ru_maxrss). Usage: attestplan-bench-import STATE
// [RUNS]
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

/// A SAX handler that accepts everything: what parsing alone costs.
struct NullSax {
  std::size_t events = 0;
  bool null() { return ++events, true; }
  bool boolean(bool) { return ++events, true; }
  bool number_integer(std::int64_t) { return ++events, true; }
  bool number_unsigned(std::uint64_t) { return ++events, true; }
  bool number_float(double, const std::string&) { return ++events, true; }
  bool string(std::string&) { return ++events, true; }
  bool binary(nlohmann::json::binary_t&) { return ++events, true; }
  bool start_object(std::size_t) { return ++events, true; }
  bool key(std::string&) { return ++events, true; }
  bool end_object() { return ++events, true; }
  bool start_array(std::size_t) { return ++events, true; }
  bool end_array() { return ++events, true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) {
    return false;
  }
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// User and system CPU seconds of this process so far.
double cpu_seconds() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: attestplan-bench-import STATE [RUNS]\n");
    return 2;
  }
  const std::string state = argv[1];
  const int runs = argc == 3 ? std::max(1, std::atoi(argv[2])) : 1;
  struct stat st {};
  if (::stat(state.c_str(), &st) != 0) {
    std::perror(state.c_str());
    return 2;
  }
  const auto bin = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "attestplan";
  const auto out = std::filesystem::temp_directory_path() /
                   ("attestplan-bench-import-" + std::to_string(::getpid()) + ".toml");

  std::vector<double> file_floor, stream_floor, import_time, stream_cpu, import_cpu;
  long peak_kib = 0;
  std::size_t events = 0;
  for (int r = 0; r < runs; ++r) {
    {
      NullSax sax;
      std::FILE* f = std::fopen(state.c_str(), "rb");
      const auto t = Clock::now();
      const bool ok = nlohmann::json::sax_parse(f, &sax);
      file_floor.push_back(seconds_since(t));
      std::fclose(f);
      if (!ok) {
        std::fprintf(stderr, "%s: not JSON\n", state.c_str());
        return 2;
      }
      events = sax.events;
    }
    {
      NullSax sax;
      std::ifstream in(state, std::ios::binary);
      const auto t = Clock::now();
      const double c = cpu_seconds();
      nlohmann::json::sax_parse(in, &sax);
      stream_cpu.push_back(cpu_seconds() - c);
      stream_floor.push_back(seconds_since(t));
    }
    {
      const std::string b = bin.string(), o = out.string();
      std::vector<char*> args{const_cast<char*>(b.c_str()),     const_cast<char*>("-q"),
                              const_cast<char*>("import"),      const_cast<char*>("terraform"),
                              const_cast<char*>(state.c_str()), const_cast<char*>("-o"),
                              const_cast<char*>(o.c_str()),     nullptr};
      pid_t pid = 0;
      const auto t = Clock::now();
      if (posix_spawn(&pid, b.c_str(), nullptr, nullptr, args.data(), environ) != 0) {
        std::perror(b.c_str());
        return 2;
      }
      int status = 0;
      struct rusage ru {};
      ::wait4(pid, &status, 0, &ru);
      import_time.push_back(seconds_since(t));
      import_cpu.push_back(static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
      peak_kib = std::max(peak_kib, ru.ru_maxrss);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "attestplan import failed (status %d)\n", status);
        return 1;
      }
    }
  }
  std::error_code ec;
  const auto overlay_bytes = std::filesystem::file_size(out, ec);
  std::filesystem::remove(out, ec);
  const double floor = std::min(median(file_floor), median(stream_floor));
  // Wall time moves with the machine's load; CPU time (user + system) much less, so both are shown.
  std::printf(
      "| state bytes | SAX events | SAX, FILE* | SAX, istream (CPU) | import, whole command (CPU) "
      "| "
      "import / fastest SAX, wall | import / istream SAX, CPU | peak RSS | overlay bytes |\n"
      "|---|---|---|---|---|---|---|---|---|\n");
  std::printf(
      "| %lld | %zu | %.2f s | %.2f s (%.2f s) | %.2f s (%.2f s) | %.2f× | %.2f× | %.0f MiB | %llu "
      "|\n",
      static_cast<long long>(st.st_size), events, median(file_floor), median(stream_floor),
      median(stream_cpu), median(import_time), median(import_cpu), median(import_time) / floor,
      median(import_cpu) / median(stream_cpu), static_cast<double>(peak_kib) / 1024.0,
      static_cast<unsigned long long>(overlay_bytes));
  return 0;
}

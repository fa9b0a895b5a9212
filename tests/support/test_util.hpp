// Small helpers shared by the test programs.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace attestplan::testing {

/// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// What a command printed and how it exited.
struct RunResult {
  int code = -1;  ///< the exit status; -1 when it did not exit normally
  std::string out;
  std::string err;
};

/// Runs `binary args` from the source folder through the shell, `prefix` before it (e.g.
/// "COLUMNS=80" or "env -u NO_COLOR"), standard input from /dev/null and standard output and
/// error to files in `scratch` (so neither is a terminal).
inline RunResult run_in_source(const std::filesystem::path& scratch, const std::string& binary,
                               const std::string& args, const std::string& prefix = "") {
  const auto out = scratch / "stdout", err = scratch / "stderr";
  const std::string cmd = std::string{"cd '"} + ATTESTPLAN_SOURCE_DIR + "' && " + prefix + " '" +
                          binary + "' " + args + " >'" + out.string() + "' 2>'" + err.string() +
                          "' </dev/null";
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

/// This test process's scratch folder: attestplan-WHAT-PID in the temporary directory, made on
/// first use (creating it again is harmless).
inline std::filesystem::path process_scratch_dir(const std::string& what) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("attestplan-" + what + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace attestplan::testing

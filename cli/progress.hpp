// A progress line on stderr for long runs: the phase under way and the time so far, redrawn in
// place, only on a terminal and only once a run has lasted long enough to be waited for.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace attestplan::cli {

class Progress {
 public:
  /// Whether a progress line may be shown: stderr is a terminal and the user did not ask for quiet
  /// (piped or redirected, stderr gets only messages).
  static bool wanted(bool quiet);

  /// Shows nothing at all unless `enabled`.
  explicit Progress(bool enabled);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  /// Stops and clears the line, so messages after it start on a clean line.
  ~Progress();

  /// The phase now under way ("loading the model", ...).
  void phase(std::string_view name);
  /// Stops showing progress and clears the line (before output goes to the same terminal).
  void stop();

 private:
  /// How long a run goes before its progress shows, and how often the line is redrawn.
  static constexpr std::chrono::milliseconds kDelay{500}, kInterval{200};
  void run();
  void clear_locked();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string phase_;
  bool stopping_ = false;
  bool shown_ = false;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::thread ticker_;  ///< started last, after everything it reads
};

}  // namespace attestplan::cli

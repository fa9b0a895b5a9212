// The progress line (progress.hpp).
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace attestplan::cli {

bool Progress::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled) {
  if (enabled) ticker_ = std::thread([this] { run(); });
}

Progress::~Progress() { stop(); }

void Progress::phase(std::string_view name) {
  const std::lock_guard lock(mutex_);
  phase_ = name;
}

void Progress::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    clear_locked();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void Progress::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, kInterval, [this] { return stopping_; })) {
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    if (elapsed < kDelay || phase_.empty()) continue;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    // Carriage return and erase-line: the line is redrawn in place, never scrolled.
    std::fprintf(stderr, "\r\033[Kattestplan: %s... %.1f s", phase_.c_str(), seconds);
    std::fflush(stderr);
    shown_ = true;
  }
}

void Progress::clear_locked() {
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace attestplan::cli

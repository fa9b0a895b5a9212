// The command's logger (logging.hpp).
#include "logging.hpp"

#include <mutex>
#include <string>
#include <utility>

#include <spdlog/sinks/sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace attestplan::cli {
namespace {

constexpr const char* kPattern = "%^%l%$: %v";

/// Stands in for spdlog's coloured stderr sink until a message arrives, then makes it and passes
/// everything on. Thread-safe as the sink it stands for: the server logs from its worker threads.
class DeferredStderrSink final : public spdlog::sinks::sink {
 public:
  void log(const spdlog::details::log_msg& msg) override { real().log(msg); }

  void flush() override {
    std::lock_guard lock(mutex_);
    if (real_) real_->flush();
  }

  void set_pattern(const std::string& pattern) override {
    std::lock_guard lock(mutex_);
    pattern_ = pattern;
    formatter_.reset();
    if (real_) real_->set_pattern(pattern);
  }

  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    std::lock_guard lock(mutex_);
    if (real_) {
      real_->set_formatter(std::move(formatter));
    } else {
      formatter_ = std::move(formatter);
    }
  }

 private:
  spdlog::sinks::sink& real() {
    std::lock_guard lock(mutex_);
    if (!real_) {
      real_ = std::make_unique<spdlog::sinks::stderr_color_sink_mt>();
      if (formatter_) {
        real_->set_formatter(std::move(formatter_));
      } else {
        real_->set_pattern(pattern_);
      }
    }
    return *real_;
  }

  std::mutex mutex_;
  std::string pattern_ = kPattern;
  std::unique_ptr<spdlog::formatter> formatter_;
  std::unique_ptr<spdlog::sinks::sink> real_;
};

}  // namespace

std::shared_ptr<spdlog::logger> make_stderr_logger() {
  return std::make_shared<spdlog::logger>("attestplan", std::make_shared<DeferredStderrSink>());
}

}  // namespace attestplan::cli

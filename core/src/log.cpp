// The core's logger (log.hpp).
#include "attestplan/log.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <utility>

namespace attestplan {
namespace {

std::shared_ptr<spdlog::logger>& owner() {
  static std::shared_ptr<spdlog::logger> logger;
  return logger;
}
std::atomic<spdlog::logger*> g_logger{nullptr};

}  // namespace

spdlog::logger& logger() {
  if (auto* l = g_logger.load(std::memory_order_acquire)) return *l;
  return *spdlog::default_logger_raw();
}

void set_logger(std::shared_ptr<spdlog::logger> logger) {
  owner() = std::move(logger);
  g_logger.store(owner().get(), std::memory_order_release);
}

}  // namespace attestplan

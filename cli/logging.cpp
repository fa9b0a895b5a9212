// The command's logger (logging.hpp).
#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace attestplan::cli {

std::shared_ptr<spdlog::logger> make_stderr_logger() {
  auto logger = std::make_shared<spdlog::logger>(
      "attestplan", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_pattern("%^%l%$: %v");
  return logger;
}

}  // namespace attestplan::cli

// The command's logger: spdlog to stderr, its level name coloured on a terminal.
#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace attestplan::cli {

/// A logger named "attestplan" writing "LEVEL: message" lines to stderr, the level name coloured
/// on a terminal. The core logs through it once set (attestplan::set_logger).
std::shared_ptr<spdlog::logger> make_stderr_logger();

}  // namespace attestplan::cli

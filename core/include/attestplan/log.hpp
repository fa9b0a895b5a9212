// Where the core's log lines go. The commands choose the logger (cli/logging.cpp: stderr, the level
// set by --verbose/--quiet); the core writes to it without going through spdlog's registry of named
// loggers, which a one-shot command then never builds.
#pragma once

#include <memory>

#include "attestplan/export.hpp"

namespace spdlog {
class logger;
}  // namespace spdlog

namespace attestplan {

/// The logger set by set_logger, or spdlog's default logger when none was set.
ATTESTPLAN_API spdlog::logger& logger();

/// Sets the logger; called once, at start-up, before any thread logs.
ATTESTPLAN_API void set_logger(std::shared_ptr<spdlog::logger> logger);

}  // namespace attestplan

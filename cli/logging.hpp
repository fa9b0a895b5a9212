// The command's logger: spdlog to stderr, its level name coloured on a terminal.
#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace attestplan::cli {

/// A logger named "attestplan" writing "LEVEL: message" lines to stderr. Its sink is spdlog's
/// coloured stderr sink, made when the first message reaches it: at the default level most
/// commands write none, and making that sink and compiling its pattern is a measurable part of a
/// one-shot command's time (bench/README.md).
std::shared_ptr<spdlog::logger> make_stderr_logger();

}  // namespace attestplan::cli

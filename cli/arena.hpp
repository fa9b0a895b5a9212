// Allocation for the one-shot commands (estimate, plan, evidence, proposal, compare): a region that
// is never given back and dies with the process, like a compiler's. See arena.cpp.
#pragma once

namespace attestplan::cli {

/// From now on, operator new takes memory from the command's region (falling back to malloc when
/// it is used up) and operator delete of that memory does nothing. Call once, from the main thread,
/// only in a process that ends when the command has written its result.
void use_command_arena();

}  // namespace attestplan::cli

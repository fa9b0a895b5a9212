// Symbol visibility for the public SDK: the core builds with hidden visibility and exports these.
#pragma once

#if defined(_WIN32)
#error "attestplan targets ELF platforms (Debian); Windows export rules are not defined"
#endif

/// Marks a declaration as part of libattestplan-core's exported interface.
#define ATTESTPLAN_API __attribute__((visibility("default")))

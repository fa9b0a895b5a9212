// The command arena. An estimate makes some 13,000 small allocations (ledger lines, labels, rule
// texts) and the command then ends the process without tearing anything down (main's finish()), so
// freeing them one by one is wasted work. Allocation is a pointer bump in a region reserved at
// once; the region is advised for transparent huge pages, so the kernel can back it with a few
// large pages instead of a page fault per 4 KiB. Memory from before the switch, or beyond the
// region, comes from malloc and goes back to free as usual.
//
// Sanitizer builds keep the standard allocator: the sanitizers replace operator new themselves.
#include "arena.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ATTESTPLAN_NO_ARENA 1
#endif

#ifndef ATTESTPLAN_NO_ARENA
namespace {

constexpr std::size_t kRegionBytes = std::size_t{16} << 20;  // the HR SaaS estimate uses ~1 MiB
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

char* g_begin = nullptr;
char* g_end = nullptr;
std::atomic<char*> g_next{nullptr};

bool in_region(void* p) {
  return g_begin != nullptr && static_cast<char*>(p) >= g_begin && static_cast<char*>(p) < g_end;
}

void* allocate(std::size_t n) {
  if (g_begin != nullptr) {
    const std::size_t size = (n + kAlign - 1) & ~(kAlign - 1);
    char* at = g_next.load(std::memory_order_relaxed);
    while (at + size <= g_end) {
      if (g_next.compare_exchange_weak(at, at + size, std::memory_order_relaxed)) return at;
    }
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void release(void* p) noexcept {
  if (p == nullptr || in_region(p)) return;
  std::free(p);
}

}  // namespace
#endif

namespace attestplan::cli {

void use_command_arena() {
#ifndef ATTESTPLAN_NO_ARENA
  if (g_begin != nullptr) return;
  // Reserve one huge page more than needed, so the region can start on a huge-page boundary.
  void* raw = mmap(nullptr, kRegionBytes + kHugePage, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) return;  // keep using malloc
  const auto start = (reinterpret_cast<std::uintptr_t>(raw) + kHugePage - 1) & ~(kHugePage - 1);
  char* begin = reinterpret_cast<char*>(start);
  madvise(begin, kRegionBytes, MADV_HUGEPAGE);  // advice only: 4 KiB pages if refused
  g_end = begin + kRegionBytes;
  g_next.store(begin, std::memory_order_relaxed);
  g_begin = begin;
#endif
}

}  // namespace attestplan::cli

#ifndef ATTESTPLAN_NO_ARENA
void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
#endif

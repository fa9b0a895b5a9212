// Fixture: the right ABI number but another toolchain; C++ objects could not cross, so refuse it.
#include <cstdio>
#include <cstdlib>

#include "attestplan/plugin.hpp"

// Code that would run if the library were loaded: it leaves a mark where the test says. The host
// reads the info record from the file and refuses the library without loading it, so no mark.
__attribute__((constructor)) static void leave_a_mark() {
  if (const char* path = std::getenv("ATTESTPLAN_FIXTURE_MARK")) {
    if (FILE* f = std::fopen(path, "w")) std::fclose(f);
  }
}

extern "C" BOOST_SYMBOL_EXPORT const attestplan::PluginInfoRecord attestplan_plugin_info = {
    ATTESTPLAN_PLUGIN_ABI,        "old-compiler-cost", "1.0.0", "gcc-4/cxx11abi-0/boost-105800", 2,
    "built with an old toolchain"};

extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() { return nullptr; }

// Fixture: a plugin that claims another plugin ABI; the host must refuse it before calling it.
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
    999, "future-scope", "9.0.0", ATTESTPLAN_TOOLCHAIN_ID, 0, "built for plugin ABI 999"};

// Never called: the ABI check comes first. Returning nullptr would fail loudly if it were.
extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() { return nullptr; }

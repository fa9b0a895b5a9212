// Fixture: a plugin that claims another plugin ABI; the host must refuse it before calling it.
#include "attestplan/plugin.hpp"

extern "C" BOOST_SYMBOL_EXPORT const attestplan::PluginInfoRecord attestplan_plugin_info = {
    999, "future-scope", "9.0.0", ATTESTPLAN_TOOLCHAIN_ID, 0, "built for plugin ABI 999"};

// Never called: the ABI check comes first. Returning nullptr would fail loudly if it were.
extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() { return nullptr; }

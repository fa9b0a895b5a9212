// Fixture: the right ABI number but another toolchain; C++ objects could not cross, so refuse it.
#include "attestplan/plugin.hpp"

extern "C" BOOST_SYMBOL_EXPORT const attestplan::PluginInfoRecord attestplan_plugin_info = {
    ATTESTPLAN_PLUGIN_ABI, "old-compiler-cost", "1.0.0", "gcc-4/cxx11abi-0/boost-105800", 2,
    "built with an old toolchain"};

extern "C" BOOST_SYMBOL_EXPORT attestplan::Plugin* attestplan_plugin_create() { return nullptr; }

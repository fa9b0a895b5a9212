// Fixture: a shared library with no attestplan entry symbols at all.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int not_an_attestplan_plugin() { return 42; }

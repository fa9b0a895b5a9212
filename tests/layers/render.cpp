// A renderer's header, which only the request layer includes: the CLI and the server cannot.
#include "attestplan/render.hpp"

// A firm-layer header, which only the request layer includes: the CLI and the server cannot.
#include "attestplan/portfolio.hpp"

// The request layer's header, which the CLI and the server include: this compiles.
#include "attestplan/request.hpp"

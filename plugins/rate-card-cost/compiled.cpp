// The built-in rate card as the build compiled it (see card.hpp).
#include "card.hpp"

#include "rate_card.inc"

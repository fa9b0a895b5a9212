// The built-in sampling policy as the build compiled it (see policy.hpp).
#include "policy.hpp"

#include "sampling_policy.inc"

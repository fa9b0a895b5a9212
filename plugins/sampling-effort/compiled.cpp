// The built-in sampling policy as the build compiled it (see policy.hpp).
#include "policy.hpp"

#include "sampling_policy.inc"

namespace sampling_effort {

const Policy& builtin_policy() {
  static const Policy policy = make_builtin_policy();
  return policy;
}

}  // namespace sampling_effort

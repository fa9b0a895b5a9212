// Build tool: compiles the built-in sampling policy into the plugin (see common/embed_main.hpp).
#include "common/embed_main.hpp"
#include "policy.hpp"

int main(int argc, char** argv) {
  return attestplan::emit::embed_main<sampling_effort::Policy>(
      argc, argv, "sampling-effort-embed-policy", &sampling_effort::parse_policy,
      [](const sampling_effort::Policy& p, const char*) {
        return sampling_effort::compile_policy(p, "models/" + std::string{sampling_effort::kBuiltinPolicy});
      });
}

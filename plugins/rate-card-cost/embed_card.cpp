// Build tool: compiles the built-in rate card into the plugin (see common/embed_main.hpp).
#include "card.hpp"
#include "common/embed_main.hpp"

int main(int argc, char** argv) {
  return attestplan::emit::embed_main<rate_card_cost::Card>(
      argc, argv, "rate-card-cost-embed-card", &rate_card_cost::parse_card,
      [](const rate_card_cost::Card& c, const char*) { return rate_card_cost::compile_card(c); });
}

// The built-in rate card as the build compiled it (see card.hpp).
#include "card.hpp"

#include "rate_card.inc"

namespace rate_card_cost {

const Card& builtin_card() {
  static const Card card = make_builtin_card();
  return card;
}

}  // namespace rate_card_cost

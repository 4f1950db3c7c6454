#pragma once

namespace scarwise::domain {

// The ingredient dictionary of the protocol (ingredients.yaml). Filled in by the
// ingredient checker work.
struct IngredientDictionary {};

}  // namespace scarwise::domain

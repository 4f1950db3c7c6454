#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

domain::IngredientDictionary LoadIngredients(const Node&, const domain::AftercareProtocol&) { return {}; }

}  // namespace scarwise::protocol

#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/ingredients/product_check.hpp"
#include "protocol/section_loaders.hpp"
#include "protocol/yaml_reader.hpp"

namespace scarwise::testing {

// The default protocol's aftercare timings and ingredient dictionary, loaded once.
struct IngredientProtocol {
  domain::AftercareProtocol aftercare;
  domain::IngredientDictionary dictionary;
  std::vector<protocol::Problem> problems;  // must stay empty
};

inline const IngredientProtocol& DefaultIngredientProtocol() {
  static const IngredientProtocol loaded = [] {
    IngredientProtocol p;
    const std::filesystem::path dir = SCARWISE_SOURCE_DIR "/protocol/default";
    if (const auto after = protocol::LoadFile(dir, "aftercare.yaml", &p.problems)) {
      p.aftercare = protocol::LoadAftercare(*after);
    }
    if (const auto ing = protocol::LoadFile(dir, "ingredients.yaml", &p.problems)) {
      p.dictionary = protocol::LoadIngredients(*ing, p.aftercare);
    }
    return p;
  }();
  return loaded;
}

inline domain::ProductCheck Check(std::string_view text, int day = 0,
                                  domain::ProductType type = domain::ProductType::kOther) {
  const IngredientProtocol& p = DefaultIngredientProtocol();
  return domain::CheckProduct(p.dictionary, p.aftercare, domain::ProductCheckRequest{text, day, type});
}

// The first day an aftercare item is fine, from the default protocol.
inline int OkDayOf(std::string_view code) {
  const domain::AftercareItem* item = DefaultIngredientProtocol().aftercare.Find(code);
  return item == nullptr ? -1 : domain::OkFromDay(item->allowed_after);
}

}  // namespace scarwise::testing

// Fuzz target for the INCI parser and product checker: any bytes, several days and
// product types. Must never crash or trip ASan/UBSan. The default protocol is loaded once;
// a protocol that fails to load aborts, since every input would then test nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/ingredients/product_check.hpp"
#include "protocol/section_loaders.hpp"
#include "protocol/yaml_reader.hpp"

namespace {

struct Loaded {
  scarwise::domain::AftercareProtocol aftercare;
  scarwise::domain::IngredientDictionary dictionary;
};

const Loaded& Protocol() {
  static const Loaded loaded = [] {
    Loaded l;
    std::vector<scarwise::protocol::Problem> problems;
    const std::filesystem::path dir = SCARWISE_SOURCE_DIR "/protocol/default";
    const auto after = scarwise::protocol::LoadFile(dir, "aftercare.yaml", &problems);
    if (after) l.aftercare = scarwise::protocol::LoadAftercare(*after);
    const auto ing = scarwise::protocol::LoadFile(dir, "ingredients.yaml", &problems);
    if (ing) l.dictionary = scarwise::protocol::LoadIngredients(*ing, l.aftercare);
    if (!problems.empty()) std::abort();
    return l;
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using scarwise::domain::ProductType;
  const Loaded& p = Protocol();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ProductType types[] = {ProductType::kOther, ProductType::kScrub, ProductType::kSunscreen};
  const int days[] = {0, 7, 3};
  for (size_t i = 0; i < 3; ++i) {
    const auto check = scarwise::domain::CheckProduct(p.dictionary, p.aftercare, {text, days[i], types[i]});
    // Invariants of every result.
    int max_day = 0;
    for (const auto& f : check.findings) max_day = f.ok_from_day > max_day ? f.ok_from_day : max_day;
    if (max_day != check.ok_from_day || check.avoid != (check.ok_from_day > days[i])) std::abort();
  }
  return 0;
}

#include "domain/ingredients/product_check.hpp"

namespace scarwise::domain {

std::string_view ProductTypeName(ProductType) { return "other"; }
std::optional<ProductType> ProductTypeFromName(std::string_view) { return ProductType::kOther; }
std::string_view FlagCategoryName(FlagCategory) { return "other_irritant"; }
std::string_view SeverityName(Severity) { return "high"; }

ProductCheck CheckProduct(const IngredientDictionary&, const AftercareProtocol&, const ProductCheckRequest&) {
  return {};
}

}  // namespace scarwise::domain

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"

namespace scarwise::domain {

enum class ProductType {
  kCleanser, kToner, kSerum, kMoisturizer, kSunscreen, kMakeup, kMask, kScrub, kPeel, kTreatment, kOther,
};
std::string_view ProductTypeName(ProductType type);
std::optional<ProductType> ProductTypeFromName(std::string_view name);

// The flags a product can raise (REFERENCE.md part 2, section 1).
enum class FlagCategory { kDryingAlcohol, kRetinoid, kChemicalExfoliant, kPhysicalExfoliant, kOtherIrritant, kMakeup };
std::string_view FlagCategoryName(FlagCategory category);

// kHigh: above the "1 % line" (or an active that counts at any level); kTrace: below it.
enum class Severity { kHigh, kTrace };
std::string_view SeverityName(Severity severity);

struct ProductCheckRequest {
  std::string_view inci_text;  // as pasted by the patient, any layout
  int day = 0;                 // whole days since the session; 0 = the first 24 hours
  ProductType product_type = ProductType::kOther;
};

struct IngredientFinding {
  std::string ingredient;  // as it appears in the list (cleaned)
  FlagCategory category = FlagCategory::kOtherIrritant;
  Severity severity = Severity::kHigh;
  int ok_from_day = 0;     // first day this ingredient is fine, from the aftercare timings
  std::string reason;
};

struct ProductCheck {
  bool avoid = false;                     // verdict on request.day
  std::vector<FlagCategory> categories;   // distinct, in FlagCategory order
  std::vector<IngredientFinding> findings;
  int ok_from_day = 0;                    // first day the whole product is fine
  std::vector<std::string> ingredients;   // the parsed list, in label order
  std::vector<std::string> notes;         // soft cautions and parser remarks
};

// Reads a pasted ingredient list and judges it for the given day after a session.
ProductCheck CheckProduct(const IngredientDictionary& dictionary, const AftercareProtocol& aftercare,
                          const ProductCheckRequest& request);

}  // namespace scarwise::domain

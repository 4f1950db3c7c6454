#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/ingredients/product_categories.hpp"

namespace scarwise::domain {

struct ProductCheckRequest {
  std::string_view inci_text;  // as pasted by the patient, any layout
  int day = 0;                 // whole days since the session; 0 = the first 24 hours
  ProductType product_type = ProductType::kOther;
};

struct IngredientFinding {
  std::string ingredient;  // as it appears in the list (cleaned)
  FlagCategory category = FlagCategory::kOtherIrritant;
  Severity severity = Severity::kHigh;
  int ok_from_day = 0;  // first day this ingredient is fine, from the aftercare timings
  std::string reason;
  std::string wait;  // the aftercare item code that sets ok_from_day ("retinoid_rx")
};

struct ProductCheck {
  bool avoid = false;                    // verdict on request.day
  std::vector<FlagCategory> categories;  // distinct, in FlagCategory order
  std::vector<IngredientFinding> findings;
  int ok_from_day = 0;                   // first day the whole product is fine
  std::vector<std::string> ingredients;  // the parsed list, in label order
  std::vector<std::string> notes;        // soft cautions and parser remarks
};

// Reads a pasted ingredient list and judges it for the given day after a session.
//
// Every finding names the ingredient as written on the label, its category, its severity
// (trace when listed below the 1 % line), the first day it is fine (OkFromDay of the
// aftercare item its dictionary group waits for) and a plain-language reason. The verdict
// is "avoid" when any finding is not yet fine on `request.day`. Never fails: text that is
// not an ingredient list yields an empty list and a note. Work is bounded by the
// dictionary's parsing limits, whatever the size of `request.inci_text`.
ProductCheck CheckProduct(const IngredientDictionary& dictionary, const AftercareProtocol& aftercare,
                          const ProductCheckRequest& request);

}  // namespace scarwise::domain

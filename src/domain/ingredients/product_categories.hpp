#pragma once

#include <optional>
#include <string_view>

namespace scarwise::domain {

// What the patient says the product is (`--product-type`). Context rules of the ingredient
// dictionary use it: silica is an abrasive in a scrub but a filler in a sunscreen.
enum class ProductType {
  kCleanser,
  kToner,
  kSerum,
  kMoisturizer,
  kSunscreen,
  kMakeup,
  kMask,
  kScrub,
  kPeel,
  kTreatment,
  kOther,
};
// "cleanser", "toner", ... "other"; ProductTypeFromName accepts exactly these names.
std::string_view ProductTypeName(ProductType type);
std::optional<ProductType> ProductTypeFromName(std::string_view name);

// The flags a product can raise (REFERENCE.md part 2, section 1).
enum class FlagCategory { kDryingAlcohol, kRetinoid, kChemicalExfoliant, kPhysicalExfoliant, kOtherIrritant, kMakeup };
// "drying_alcohol", "retinoid", "chemical_exfoliant", "physical_exfoliant", "other_irritant", "makeup".
std::string_view FlagCategoryName(FlagCategory category);
std::optional<FlagCategory> FlagCategoryFromName(std::string_view name);

// kHigh: above the "1 % line" (or an active that counts at any level); kTrace: below it.
enum class Severity { kHigh, kTrace };
// "high" or "trace".
std::string_view SeverityName(Severity severity);

}  // namespace scarwise::domain

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "domain/assessment/goodman_baron.hpp"
#include "domain/consultation.hpp"

namespace scarwise::domain {

// The vocabulary that protocol rules may test. Adding a fact is a code change (it must be
// computed from a consultation); what is tested and the thresholds are protocol data.
enum class Fact : uint8_t {
  kAgeYears,
  kFitzpatrick,
  kActiveAcne,
  kActiveInfectionInArea,
  kActiveColdSore,
  kColdSoreHistory,
  kKeloidTendency,
  kPregnant,
  kBreastfeeding,
  kAnticoagulants,
  kBleedingDisorder,
  kImmunosuppressed,
  kSkinCancerInArea,
  kSunburnInArea,
  kInflammatorySkinDiseaseInArea,
  kUncontrolledDiabetes,
  kTopicalAnestheticAllergy,
  kIsotretinoin,
  kIsotretinoinStoppedMonthsAgo,
  kRadiationToAreaMonthsAgo,
  kFillerOrLaserMonthsAgo,
  kQualitativeGrade,
  kGoodmanBaronQuantitative,
  kAllScars,
  kAtrophicScars,
  kDeepScars,
  kRaisedScars,
  kKeloidAreaCm2,
  kIcePickShare,
  kRollingShare,
  kBoxcarShare,
  kDeepAtrophicShare,
  kRaisedShare,
  kCount_,
};
inline constexpr size_t kFactCount = static_cast<size_t>(Fact::kCount_);

enum class FactKind { kBoolean, kNumber, kText };

// Wire name of a fact ("fitzpatrick", "ice_pick_share"), its kind, and whether a number is
// in months (so a "below N months" rule can say when it stops applying).
std::string_view FactName(Fact fact);
std::optional<Fact> FactFromName(std::string_view name);
FactKind KindOf(Fact fact);
bool IsMonthsAgo(Fact fact);

// A fact's value; std::monostate means "not applicable" (e.g. never had radiation),
// which satisfies no comparison.
using FactValue = std::variant<std::monostate, bool, double, std::string_view>;

class FactSet {
 public:
  const FactValue& operator[](Fact fact) const { return values_[static_cast<size_t>(fact)]; }
  void Set(Fact fact, FactValue value) { values_[static_cast<size_t>(fact)] = value; }

 private:
  std::array<FactValue, kFactCount> values_{};
};

// Shares are fractions 0..1 of atrophic scars (raised share: of all counted scars); 0 when
// there is nothing to divide by.
FactSet ComputeFacts(const Consultation& consultation, const ScoringProtocol& scoring, int quantitative_score);

std::string_view AcneActivityName(AcneActivity activity);

}  // namespace scarwise::domain

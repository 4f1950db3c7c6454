#include "domain/rules/facts.hpp"

namespace scarwise::domain {
namespace {

struct FactInfo {
  std::string_view name;
  FactKind kind;
  bool months_ago = false;
};

constexpr std::array<FactInfo, kFactCount> kFacts = {{
    {"age_years", FactKind::kNumber},
    {"fitzpatrick", FactKind::kNumber},
    {"active_acne", FactKind::kText},
    {"active_infection_in_area", FactKind::kBoolean},
    {"active_cold_sore", FactKind::kBoolean},
    {"cold_sore_history", FactKind::kBoolean},
    {"keloid_tendency", FactKind::kBoolean},
    {"pregnant", FactKind::kBoolean},
    {"breastfeeding", FactKind::kBoolean},
    {"anticoagulants", FactKind::kBoolean},
    {"bleeding_disorder", FactKind::kBoolean},
    {"immunosuppressed", FactKind::kBoolean},
    {"skin_cancer_in_area", FactKind::kBoolean},
    {"sunburn_in_area", FactKind::kBoolean},
    {"inflammatory_skin_disease_in_area", FactKind::kBoolean},
    {"uncontrolled_diabetes", FactKind::kBoolean},
    {"topical_anesthetic_allergy", FactKind::kBoolean},
    {"isotretinoin", FactKind::kText},
    {"isotretinoin_stopped_months_ago", FactKind::kNumber, true},
    {"radiation_to_area_months_ago", FactKind::kNumber, true},
    {"filler_or_laser_months_ago", FactKind::kNumber, true},
    {"qualitative_grade", FactKind::kNumber},
    {"goodman_baron_quantitative", FactKind::kNumber},
    {"all_scars", FactKind::kNumber},
    {"atrophic_scars", FactKind::kNumber},
    {"deep_scars", FactKind::kNumber},
    {"raised_scars", FactKind::kNumber},
    {"keloid_area_cm2", FactKind::kNumber},
    {"ice_pick_share", FactKind::kNumber},
    {"rolling_share", FactKind::kNumber},
    {"boxcar_share", FactKind::kNumber},
    {"deep_atrophic_share", FactKind::kNumber},
    {"raised_share", FactKind::kNumber},
}};

double Share(int part, int whole) {
  return whole > 0 ? static_cast<double>(part) / whole : 0.0;
}

FactValue MonthsOrNone(const std::optional<double>& months) {
  return months ? FactValue{*months} : FactValue{};
}

}  // namespace

std::string_view FactName(Fact fact) {
  return kFacts[static_cast<size_t>(fact)].name;
}
FactKind KindOf(Fact fact) {
  return kFacts[static_cast<size_t>(fact)].kind;
}
bool IsMonthsAgo(Fact fact) {
  return kFacts[static_cast<size_t>(fact)].months_ago;
}

std::optional<Fact> FactFromName(std::string_view name) {
  for (size_t i = 0; i < kFacts.size(); ++i) {
    if (kFacts[i].name == name) return static_cast<Fact>(i);
  }
  return std::nullopt;
}

std::string_view AcneActivityName(AcneActivity activity) {
  switch (activity) {
    case AcneActivity::kNone:
      return "none";
    case AcneActivity::kMild:
      return "mild";
    case AcneActivity::kModerate:
      return "moderate";
    case AcneActivity::kSevere:
      return "severe";
  }
  return "none";
}

FactSet ComputeFacts(const Consultation& consultation, const ScoringProtocol& scoring, int quantitative_score) {
  const MedicalHistory& h = consultation.history;
  const InventoryTotals totals = TotalInventory(scoring, consultation.assessment);
  FactSet facts;
  facts.Set(Fact::kAgeYears,
            static_cast<double>(WholeYearsBetween(consultation.patient.birth_date, consultation.assessment.date)));
  facts.Set(Fact::kFitzpatrick, static_cast<double>(consultation.patient.fitzpatrick));
  facts.Set(Fact::kActiveAcne, AcneActivityName(h.active_acne));
  facts.Set(Fact::kActiveInfectionInArea, h.active_infection_in_area);
  facts.Set(Fact::kActiveColdSore, h.active_cold_sore);
  facts.Set(Fact::kColdSoreHistory, h.cold_sore_history);
  facts.Set(Fact::kKeloidTendency, h.keloid_tendency);
  facts.Set(Fact::kPregnant, h.pregnant);
  facts.Set(Fact::kBreastfeeding, h.breastfeeding);
  facts.Set(Fact::kAnticoagulants, h.anticoagulants);
  facts.Set(Fact::kBleedingDisorder, h.bleeding_disorder);
  facts.Set(Fact::kImmunosuppressed, h.immunosuppressed);
  facts.Set(Fact::kSkinCancerInArea, h.skin_cancer_in_area);
  facts.Set(Fact::kSunburnInArea, h.sunburn_in_area);
  facts.Set(Fact::kInflammatorySkinDiseaseInArea, h.inflammatory_skin_disease_in_area);
  facts.Set(Fact::kUncontrolledDiabetes, h.uncontrolled_diabetes);
  facts.Set(Fact::kTopicalAnestheticAllergy, h.topical_anesthetic_allergy);
  using Status = IsotretinoinHistory::Status;
  facts.Set(Fact::kIsotretinoin, h.isotretinoin.status == Status::kNever     ? "never"
                                 : h.isotretinoin.status == Status::kCurrent ? "current"
                                                                             : "stopped");
  if (h.isotretinoin.status == Status::kStopped) {
    facts.Set(Fact::kIsotretinoinStoppedMonthsAgo, h.isotretinoin.stopped_months_ago);
  }
  facts.Set(Fact::kRadiationToAreaMonthsAgo, MonthsOrNone(h.radiation_to_area_months_ago));
  facts.Set(Fact::kFillerOrLaserMonthsAgo, MonthsOrNone(h.filler_or_laser_months_ago));
  facts.Set(Fact::kQualitativeGrade, static_cast<double>(consultation.assessment.qualitative_grade));
  facts.Set(Fact::kGoodmanBaronQuantitative, static_cast<double>(quantitative_score));
  facts.Set(Fact::kAllScars, static_cast<double>(totals.all));
  facts.Set(Fact::kAtrophicScars, static_cast<double>(totals.atrophic));
  facts.Set(Fact::kDeepScars, static_cast<double>(totals.deep));
  facts.Set(Fact::kRaisedScars, static_cast<double>(totals.raised));
  facts.Set(Fact::kKeloidAreaCm2, totals.keloid_area_cm2);
  const auto& by = totals.by_type;
  facts.Set(Fact::kIcePickShare, Share(by[Index(ScarType::kIcePick)], totals.atrophic));
  facts.Set(Fact::kRollingShare, Share(by[Index(ScarType::kRolling)], totals.atrophic));
  facts.Set(Fact::kBoxcarShare,
            Share(by[Index(ScarType::kBoxcarShallow)] + by[Index(ScarType::kBoxcarDeep)], totals.atrophic));
  // Deep atrophic scars: deep types that are also atrophic.
  int deep_atrophic = 0;
  for (ScarType type : kAllScarTypes) {
    const ScarTypeScoring& s = scoring.scar_types[Index(type)];
    if (s.deep && s.kind == ScarKind::kAtrophic) deep_atrophic += by[Index(type)];
  }
  facts.Set(Fact::kDeepAtrophicShare, Share(deep_atrophic, totals.atrophic));
  facts.Set(Fact::kRaisedShare, Share(totals.raised, totals.all));
  return facts;
}

}  // namespace scarwise::domain

#pragma once

#include <optional>

#include "common/civil_time.hpp"
#include "domain/assessment/scar_inventory.hpp"

namespace scarwise::domain {

enum class AcneActivity { kNone, kMild, kModerate, kSevere };

struct IsotretinoinHistory {
  enum class Status { kNever, kCurrent, kStopped };
  Status status = Status::kNever;
  double stopped_months_ago = 0;  // meaningful only when status == kStopped
};

// The screening questions. Every one must be answered: there are no defaults.
struct MedicalHistory {
  AcneActivity active_acne = AcneActivity::kNone;
  bool active_infection_in_area = false;
  bool active_cold_sore = false;
  bool cold_sore_history = false;
  bool keloid_tendency = false;
  bool pregnant = false;
  bool breastfeeding = false;
  bool anticoagulants = false;
  bool bleeding_disorder = false;
  bool immunosuppressed = false;
  bool skin_cancer_in_area = false;
  bool sunburn_in_area = false;
  bool inflammatory_skin_disease_in_area = false;
  bool uncontrolled_diabetes = false;
  bool topical_anesthetic_allergy = false;
  IsotretinoinHistory isotretinoin;
  std::optional<double> radiation_to_area_months_ago;  // nullopt: never
  std::optional<double> filler_or_laser_months_ago;    // nullopt: never
};

struct PatientProfile {
  Date birth_date{};
  int fitzpatrick = 1;  // Fitzpatrick skin type I-VI as 1-6
};

// What a clinician records at a consultation (or re-screening before a session).
struct Consultation {
  PatientProfile patient;
  MedicalHistory history;
  ScarAssessment assessment;
};

}  // namespace scarwise::domain

#pragma once

#include <string>

#include "domain/aftercare/aftercare.hpp"
#include "domain/assessment/goodman_baron.hpp"
#include "domain/consent/consent.hpp"
#include "domain/guide/faq.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/photos/photo_views.hpp"
#include "domain/planning/treatment_plan.hpp"
#include "domain/recovery/recovery.hpp"
#include "domain/screening/screening.hpp"

namespace scarwise::domain {

struct ProtocolId {
  std::string name;
  std::string version;
};

// A clinic's whole clinical protocol, loaded from its folder of YAML files. Every plan
// records the ProtocolId it was made with.
struct Protocol {
  ProtocolId id;
  ScoringProtocol scoring;
  ScreeningProtocol screening;
  PlanningProtocol planning;
  AftercareProtocol aftercare;
  RecoveryProtocol recovery;
  IngredientDictionary ingredients;
  FaqProtocol faq;
  ConsentProtocol consent;
  PhotoProtocol photos;
};

}  // namespace scarwise::domain

#pragma once

// Test support: the default protocol's sections, loaded from protocol/default/ exactly as
// the product loads them, and a consultation builder that screens clean.

#include <string>

#include "domain/consultation.hpp"
#include "domain/protocol.hpp"

namespace scarwise::testing {

inline constexpr const char* kDefaultProtocolDir = SCARWISE_SOURCE_DIR "/protocol/default";

// The sections of the default protocol (each loaded once; fails the test on a problem).
const domain::ScoringProtocol& DefaultScoring();
const domain::ScreeningProtocol& DefaultScreening();
const domain::PlanningProtocol& DefaultPlanning();
const domain::AftercareProtocol& DefaultAftercare();
const domain::RecoveryProtocol& DefaultRecovery();

// The default protocol without its ingredient dictionary (loading the dictionary costs
// seconds in a sanitizer build): for tests that score, screen and plan but never check a
// product. FullDefaultProtocol() has everything.
const domain::Protocol& ClinicalProtocol();
const domain::Protocol& FullDefaultProtocol();

// A consultation with every screening question answered with no concern (see
// domain::UnremarkableHistory), Fitzpatrick II, grade 2 and
// a few shallow scars on the left cheek: it screens `proceed`.
domain::Consultation CleanConsultation();

// Sets the counts of one zone (adding the zone if absent).
void SetCounts(domain::Consultation& c, domain::FacialZone zone, int macular, int ice_pick, int boxcar_shallow,
               int boxcar_deep, int rolling, int papular, double keloid_area_cm2 = 0);

Date Day(int y, unsigned m, unsigned d);

}  // namespace scarwise::testing

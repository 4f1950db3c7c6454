#include "support/test_protocol.hpp"

#include <gtest/gtest.h>

#include "protocol/protocol_loader.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::testing {
namespace {

template <typename Section, typename Loader>
Section LoadSection(const char* file, Loader loader) {
  std::vector<protocol::Problem> problems;
  const auto root = protocol::LoadFile(kDefaultProtocolDir, file, &problems);
  Section section{};
  if (root) section = loader(*root);
  for (const auto& p : problems) ADD_FAILURE() << p.ToString();
  return section;
}

}  // namespace

const domain::ScoringProtocol& DefaultScoring() {
  static const auto s = LoadSection<domain::ScoringProtocol>("scoring.yaml", protocol::LoadScoring);
  return s;
}
const domain::ScreeningProtocol& DefaultScreening() {
  static const auto s = LoadSection<domain::ScreeningProtocol>("screening.yaml", protocol::LoadScreening);
  return s;
}
const domain::PlanningProtocol& DefaultPlanning() {
  static const auto s = [] {
    auto planning = LoadSection<domain::PlanningProtocol>("planning.yaml", [](const protocol::Node& root) {
      return protocol::LoadPlanning(root, domain::FactVocabulary(DefaultScreening().questions));
    });
    planning.outcome = LoadSection<domain::OutcomeModel>("outcome.yaml", protocol::LoadOutcome);
    return planning;
  }();
  return s;
}
const domain::AftercareProtocol& DefaultAftercare() {
  static const auto s = LoadSection<domain::AftercareProtocol>("aftercare.yaml", protocol::LoadAftercare);
  return s;
}

const domain::RecoveryProtocol& DefaultRecovery() {
  static const auto s = LoadSection<domain::RecoveryProtocol>(
      "recovery.yaml", [](const protocol::Node& root) { return protocol::LoadRecovery(root, DefaultAftercare()); });
  return s;
}

const domain::Protocol& ClinicalProtocol() {
  static const domain::Protocol protocol = [] {
    domain::Protocol p;
    std::vector<protocol::Problem> problems;
    if (const auto root = protocol::LoadFile(kDefaultProtocolDir, "protocol.yaml", &problems)) {
      p.id = {root->Text("name"), root->Text("version")};
    }
    p.scoring = DefaultScoring();
    p.screening = DefaultScreening();
    p.planning = DefaultPlanning();
    p.aftercare = DefaultAftercare();
    p.recovery = DefaultRecovery();
    for (const auto& problem : problems) ADD_FAILURE() << problem.ToString();
    return p;
  }();
  return protocol;
}

const domain::Protocol& FullDefaultProtocol() {
  static const domain::Protocol protocol = [] {
    auto load = protocol::LoadProtocol(kDefaultProtocolDir);
    for (const auto& problem : load.problems) ADD_FAILURE() << problem.ToString();
    return std::move(load.protocol);
  }();
  return protocol;
}

Date Day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}};
}

void SetCounts(domain::Consultation& c, domain::FacialZone zone, int macular, int ice_pick, int boxcar_shallow,
               int boxcar_deep, int rolling, int papular, double keloid_area_cm2) {
  domain::ZoneInventory* target = nullptr;
  for (auto& z : c.assessment.zones) {
    if (z.zone == zone) target = &z;
  }
  if (target == nullptr) {
    c.assessment.zones.push_back({zone, {}, 0});
    target = &c.assessment.zones.back();
  }
  target->counts = {macular, ice_pick, boxcar_shallow, boxcar_deep, rolling, papular};
  target->keloid_area_cm2 = keloid_area_cm2;
}

domain::Consultation CleanConsultation() {
  domain::Consultation c;
  c.patient = {Day(1994, 3, 12), 2};
  c.assessment.date = Day(2026, 11, 23);
  c.assessment.qualitative_grade = 2;
  c.history = domain::UnremarkableHistory(DefaultScreening().questions);
  SetCounts(c, domain::FacialZone::kCheekLeft, 1, 0, 4, 0, 3, 0);
  return c;
}

}  // namespace scarwise::testing

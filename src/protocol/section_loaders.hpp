#pragma once

#include "domain/protocol.hpp"
#include "protocol/yaml_reader.hpp"

namespace scarwise::protocol {

// One loader per protocol file; each reads its file's root node, reports every problem
// into the node's problem list and returns what it could read.
domain::ScoringProtocol LoadScoring(const Node& root);
// Screening rules test the computed facts and the facts of the file's own questions.
domain::ScreeningProtocol LoadScreening(const Node& root);
// Planning rules test the facts of `facts` (the computed ones and the screening questions').
domain::PlanningProtocol LoadPlanning(const Node& root, const domain::FactVocabulary& facts);
domain::AftercareProtocol LoadAftercare(const Node& root);
// outcome.yaml: the fitted outcome model and the progress settings (optional file).
domain::OutcomeModel LoadOutcome(const Node& root);
// Recovery rules name aftercare items (the sunscreen and makeup breaches), checked here.
domain::RecoveryProtocol LoadRecovery(const Node& root, const domain::AftercareProtocol& aftercare);
domain::FaqProtocol LoadFaq(const Node& root);
domain::PhotoProtocol LoadPhotos(const Node& root);
// consent/consent.yaml names the texts; each is read from consent/<purpose>.yaml in `dir`.
domain::ConsentProtocol LoadConsent(const std::filesystem::path& dir, std::vector<Problem>* problems);
// Ingredient waits name aftercare items, so the aftercare protocol is loaded first.
domain::IngredientDictionary LoadIngredients(const Node& root, const domain::AftercareProtocol& aftercare);

// A rule condition (see domain/rules/condition.hpp for the forms) over `facts`.
domain::Condition ReadCondition(const Node& node, const domain::FactVocabulary& facts);

}  // namespace scarwise::protocol

#pragma once

#include "domain/protocol.hpp"
#include "protocol/yaml_reader.hpp"

namespace scarwise::protocol {

// One loader per protocol file; each reads its file's root node, reports every problem
// into the node's problem list and returns what it could read.
domain::ScoringProtocol LoadScoring(const Node& root);
domain::ScreeningProtocol LoadScreening(const Node& root);
domain::PlanningProtocol LoadPlanning(const Node& root);
domain::AftercareProtocol LoadAftercare(const Node& root);
domain::RecoveryProtocol LoadRecovery(const Node& root);
domain::FaqProtocol LoadFaq(const Node& root);
// Ingredient waits name aftercare items, so the aftercare protocol is loaded first.
domain::IngredientDictionary LoadIngredients(const Node& root, const domain::AftercareProtocol& aftercare);

// A rule condition (see domain/rules/condition.hpp for the forms).
domain::Condition ReadCondition(const Node& node);

}  // namespace scarwise::protocol

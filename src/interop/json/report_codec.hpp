#pragma once

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/civil_time.hpp"
#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/product_check.hpp"
#include "domain/protocol.hpp"
#include "domain/review.hpp"

namespace scarwise::interop {

// The JSON shapes of the CLI contract (and of the API responses built on them).

// {decision, reasons, precautions, rescreen_after, scores, plan, protocol}
nlohmann::json EncodeReview(const domain::ConsultationReview& review, const domain::ProtocolId& protocol);

// {goodman_baron_quantitative, goodman_baron_qualitative, quantitative_breakdown}: the
// "scores" member of EncodeReview.
nlohmann::json EncodeScores(const domain::QuantitativeScore& score, int qualitative_grade);

// {session_end, at, items: [{code, title, allowed_from, status, advice, source, ...}]}
nlohmann::json EncodeAftercare(const std::vector<domain::AftercareStatus>& timeline, const Timestamp& session_end,
                               const Timestamp& at);

// {sessions, interval_days, session_minutes, numbing_minutes, zones, expected,
// recommendations, explanation, bounds}: the "plan" member of EncodeReview.
nlohmann::json EncodePlan(const domain::TreatmentPlan& plan);

// {verdict, day, product_type, categories, findings, ok_from_day, ingredients, notes}
nlohmann::json EncodeProductCheck(const domain::ProductCheck& check, int day, domain::ProductType type);

}  // namespace scarwise::interop

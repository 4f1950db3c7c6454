#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/consultation.hpp"
#include "domain/screening/questions.hpp"

namespace scarwise::interop {

// Decodes a consultation document ({"patient", "history", "assessment"}; the shape of
// `scarwise plan --input`). Strict: every screening question of the protocol (`questions`)
// must be answered, every count given. An unanswered question is kUnprocessable naming it
// ("history.pregnant"); unknown keys (a question the protocol does not ask), wrong types,
// unknown zones, negative counts and out-of-range values are kInvalidArgument errors whose
// `field` is the dotted path ("history.keloid_tendency", "assessment.zones[1].counts.rolling").
Result<domain::Consultation> DecodeConsultation(const nlohmann::json& document,
                                                const std::vector<domain::ScreeningQuestion>& questions);

// The two halves on their own, as the API receives them (POST .../screenings takes the
// history, POST .../assessments the assessment). Errors name fields under `path`
// ("" for top level, "history" inside a consultation).
Result<domain::MedicalHistory> DecodeMedicalHistory(const nlohmann::json& history, const std::string& path,
                                                    const std::vector<domain::ScreeningQuestion>& questions);
Result<domain::ScarAssessment> DecodeScarAssessment(const nlohmann::json& assessment, const std::string& path);

// A history as it was recorded, read back: the answers to the protocol's current
// questions that it has (a question added since is unanswered; a key the protocol no
// longer asks is ignored). See domain::UnansweredQuestions.
Result<domain::MedicalHistory> DecodeRecordedHistory(const nlohmann::json& history,
                                                     const std::vector<domain::ScreeningQuestion>& questions);
// The history in the API's shape (the inverse of DecodeMedicalHistory).
nlohmann::json EncodeMedicalHistory(const domain::MedicalHistory& history);

// Parses `text` as JSON first; malformed JSON is an error on field "(input)".
Result<domain::Consultation> DecodeConsultationText(std::string_view text,
                                                    const std::vector<domain::ScreeningQuestion>& questions);

}  // namespace scarwise::interop

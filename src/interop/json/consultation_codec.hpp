#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/consultation.hpp"

namespace scarwise::interop {

// Decodes a consultation document ({"patient", "history", "assessment"}; the shape of
// `scarwise plan --input`). Strict: every screening question must be answered, every
// count given; unknown keys, wrong types, unknown zones, negative counts and out-of-range
// values are kInvalidArgument errors whose `field` is the dotted path
// ("history.keloid_tendency", "assessment.zones[1].counts.rolling").
Result<domain::Consultation> DecodeConsultation(const nlohmann::json& document);

// The two halves on their own, as the API receives them (POST .../screenings takes the
// history, POST .../assessments the assessment). Errors name fields under `path`
// ("" for top level, "history" inside a consultation).
Result<domain::MedicalHistory> DecodeMedicalHistory(const nlohmann::json& history, const std::string& path);
Result<domain::ScarAssessment> DecodeScarAssessment(const nlohmann::json& assessment, const std::string& path);

// Parses `text` as JSON first; malformed JSON is an error on field "(input)".
Result<domain::Consultation> DecodeConsultationText(std::string_view text);

}  // namespace scarwise::interop

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/planning/treatment_plan.hpp"
#include "domain/screening/screening.hpp"

namespace scarwise::interop {

// Decodes a clinician's change to a proposed plan: {"sessions": int, "interval_days": int,
// "zones": [{"zone": name, "needle_depth_mm": number}]}, each member optional; unknown
// members are refused. Errors name the field ("zones[1].needle_depth_mm"). Whether the values
// are within the protocol's bounds is the domain's check (domain::AdjustPlan).
Result<domain::PlanAdjustment> DecodePlanAdjustment(const nlohmann::json& body);

// What a precaution asks to record, as the API and the stored review say it:
// {"fields": [{"key", "type", "label"}], "source", "unverified"}.
nlohmann::json EncodeRecording(const domain::PrecautionRecording& recording);

// A precaution a stored review names (its `precautions`), with what must be recorded for it
// as it was when the review was made (absent in a review stored before precautions were
// recorded).
struct ReviewPrecaution {
  std::string code;
  std::string message;
  std::string action;
  std::optional<domain::PrecautionRecording> record;
};
Result<std::vector<ReviewPrecaution>> PrecautionsOfReviewDocument(std::string_view document);

// A precaution's record as a client sends it: {"code": text, "details": {FIELD: value}}.
// Unknown members are refused naming them.
struct PrecautionEntry {
  std::string code;
  std::string details_json;  // the details object as sent (checked by CheckPrecautionDetails)
};
Result<PrecautionEntry> DecodePrecautionEntry(const nlohmann::json& body);

// Checks a precaution's details against what must be recorded: every field present (text:
// non-empty, at most 2000 characters; date: YYYY-MM-DD; confirm: true), nothing else.
// kInvalidArgument naming "details.FIELD". Returns the details as stored (compact JSON, in
// the protocol's fields only).
Result<std::string> CheckPrecautionDetails(std::string_view details_json, const domain::PrecautionRecording& recording);

}  // namespace scarwise::interop

#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/recovery/recovery.hpp"

namespace scarwise::interop {

// Decodes a daily check-in: {"day_after_session": 0-365, "redness": 0-3, "swelling": 0-3,
// "pain": 0-10, "warning_signs": [keys of `signs`], "products_applied": text (optional, at most
// 20,000 bytes), "sunscreen_used": bool, "makeup_used": bool}. Unknown members, wrong types,
// unknown signs and out-of-range numbers are kInvalidArgument naming the field.
Result<domain::CheckIn> DecodeCheckIn(const nlohmann::json& body, const std::vector<domain::WarningSign>& signs);

// The {"note": text or null} body of a triage step (acknowledge, resolve): "" without a note.
Result<std::string> DecodeTriageNote(const nlohmann::json& body);

}  // namespace scarwise::interop

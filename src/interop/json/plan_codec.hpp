#pragma once

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/planning/treatment_plan.hpp"

namespace scarwise::interop {

// Decodes a clinician's change to a proposed plan: {"sessions": int, "interval_days": int,
// "zones": [{"zone": name, "needle_depth_mm": number}]}, each member optional; unknown
// members are refused. Errors name the field ("zones[1].needle_depth_mm"). Whether the values
// are within the protocol's bounds is the domain's check (domain::AdjustPlan).
Result<domain::PlanAdjustment> DecodePlanAdjustment(const nlohmann::json& body);

}  // namespace scarwise::interop

#pragma once

// Precautions as steps someone records (issue 19 §2): what a plan's precautions ask to be
// recorded, what has been, and the refusal that names each one still missing. Shared by
// plan approval (records_service.cpp) and charting (session_day_service.cpp).

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/protocol.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// One precaution a plan must have recorded: the screening's finding, what its record asks
// for, and the record once made.
struct PlanPrecaution {
  std::string code;
  std::string message;
  std::string action;
  domain::PrecautionRecording record;
  std::optional<storage::PrecautionRecord> recorded;
};

// The precautions of `plan` (its review's, with what they asked to record when it was made;
// for a review stored before precautions were recorded, the protocol's), then those of
// `also` (a pre-session screening's) that the plan does not name, each with its record.
Result<std::vector<PlanPrecaution>> PrecautionsOf(storage::Transaction& tx, const domain::Protocol& protocol,
                                                  const storage::PlanRecord& plan,
                                                  const std::vector<domain::ScreeningFinding>& also = {});

// What must be recorded for precaution `code` of `plan`: the plan's, else the protocol's.
// kInvalidArgument (field "code") when neither knows such a precaution.
Result<domain::PrecautionRecording> RecordingFor(const domain::Protocol& protocol, const storage::PlanRecord& plan,
                                                 const std::string& code);

// kUnprocessable (field "precautions") naming each precaution of `precautions` that is not
// recorded, and what it asks for; `before` says what waits ("approving the plan").
Result<void> RequireRecorded(const std::vector<PlanPrecaution>& precautions, const std::string& before);

}  // namespace scarwise::service

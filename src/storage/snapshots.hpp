#pragma once

// The JSON snapshots kept in record history (NewHistoryEntry::snapshot_json): the whole
// record after a change, with stable key names, so that "who changed what, when" can be
// answered by comparing consecutive versions. Compact JSON, keys in the order written here.

#include <string>

#include "storage/records.hpp"

namespace scarwise::storage {

// {"id":1,"given_name":..,"family_name":..,"birth_date":"YYYY-MM-DD","sex":"female",
//  "email":..,"phone":..,"fitzpatrick":3,"created_at":UNIX,"updated_at":UNIX,"version":2}
std::string PatientSnapshotJson(const PatientRecord& patient);

// {"id":..,"patient_id":..,"assessment_id":..,"screening_id":..,"status":"approved",
//  "protocol_name":..,"protocol_version":..,"created_by":..,"created_at":..,
//  "approved_by":..|null,"approved_at":..|null,"updated_at":..,"version":..,
//  "proposal_json":"<the proposal document as a JSON string: storage keeps it opaque>"}
std::string PlanSnapshotJson(const PlanRecord& plan);

}  // namespace scarwise::storage

#pragma once

#include <nlohmann/json_fwd.hpp>

#include "common/json_text.hpp"
#include "common/result.hpp"
#include "domain/patient.hpp"

namespace scarwise::interop {

// Decodes a new patient: given_name, family_name, birth_date (YYYY-MM-DD, not after
// `today`) and fitzpatrick (1-6) are required; sex (female|male|other|unknown, absent:
// unknown), email and phone are optional. Unknown keys, wrong types and bad values are
// kInvalidArgument naming the field.
Result<domain::PatientDetails> DecodeNewPatient(const nlohmann::json& body, Date today);

// Applies a partial update (PATCH) to `current`: only the keys present change, each
// validated as above; null clears an optional field.
Result<domain::PatientDetails> DecodePatientChanges(const nlohmann::json& body, domain::PatientDetails current,
                                                    Date today);

// Writes the members given_name, family_name, birth_date, sex, email, phone, fitzpatrick
// (email and phone null when empty) into the object `out` is writing.
void WritePatientDetails(JsonText& out, const domain::PatientDetails& patient);

}  // namespace scarwise::interop

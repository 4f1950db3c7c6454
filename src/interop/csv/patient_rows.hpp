#pragma once

// Patients in CSV: the columns the export writes and the import reads, and the rows of an
// import file checked column by column with the API's own rules (interop/json/patient_codec).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_time.hpp"
#include "common/result.hpp"
#include "domain/patient.hpp"

namespace scarwise::interop::csv {

// given_name, family_name, birth_date and fitzpatrick are required; sex, email and phone may
// be empty. The export writes `id` first (the import ignores it, and created_at/updated_at).
inline constexpr std::array<std::string_view, 7> kPatientColumns = {"given_name", "family_name", "birth_date", "sex",
                                                                    "email",      "phone",       "fitzpatrick"};

// A problem of one cell (or of a whole row when `column` is empty), by its line in the file.
struct RowProblem {
  int64_t line = 0;
  std::string column;
  std::string message;
};

struct PatientRow {
  int64_t line = 0;
  std::optional<domain::PatientDetails> details;  // set exactly when the row has no problem
  std::vector<RowProblem> problems;
};

// Every data row of an import file, each with all its problems. A cell that starts with an
// apostrophe before = + - @ (a formula the export neutralised) is read without it. kInvalidArgument for a file
// that cannot be read as patients: not CSV, no header, a required column missing, a column
// named twice (its field names the line, its message the column).
Result<std::vector<PatientRow>> ReadPatientRows(std::string_view text, Date today);

}  // namespace scarwise::interop::csv

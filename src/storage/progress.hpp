#pragma once

// Progress: the re-assessments recorded at sessions and follow-up visits (issue 21).
// Reached through Transaction::Progress() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

struct NewReassessment {
  Id patient_id = 0;
  Id plan_id = 0;  // the approved plan whose course it measures
  Id recorded_by = 0;
  Instant recorded_at{};
  std::string visit;      // "session" | "follow_up"
  int after_session = 0;  // sessions done before it
  std::string input_json;
  std::string result_json;
};

struct ReassessmentRecord {
  Id id = 0;
  NewReassessment reassessment;
};

class ProgressRepository {
 public:
  virtual ~ProgressRepository() = default;

  // kNotFound when the patient, plan or recording user does not exist; kInvalidArgument for
  // an unknown visit.
  virtual Result<Id> CreateReassessment(const NewReassessment& reassessment) = 0;
  // A patient's re-assessments, oldest first.
  virtual Result<std::vector<ReassessmentRecord>> ListReassessments(Id patient_id) = 0;
  // The re-assessments of a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<ReassessmentRecord>> ListReassessmentsOf(const PatientIds& patients) = 0;
  // The ids of the patients with at least one re-assessment, ascending (the behind list).
  virtual Result<std::vector<Id>> PatientsWithReassessments() = 0;
};

}  // namespace scarwise::storage

#pragma once

// Assessments and screenings (kNotFound when patient or creator does not exist).
// Reached through Transaction::Evaluations() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class EvaluationRepository {
 public:
  virtual ~EvaluationRepository() = default;

  virtual Result<Id> CreateAssessment(const NewAssessment& assessment) = 0;
  virtual Result<AssessmentRecord> FindAssessment(Id id) = 0;
  // The newest (highest id) assessment of a patient; kNotFound when there is none.
  virtual Result<AssessmentRecord> LatestAssessment(Id patient_id) = 0;
  // All assessments of a patient, oldest first.
  virtual Result<std::vector<AssessmentRecord>> ListAssessments(Id patient_id) = 0;
  virtual Result<Id> CreateScreening(const NewScreening& screening) = 0;
  virtual Result<ScreeningRecord> FindScreening(Id id) = 0;
  virtual Result<ScreeningRecord> LatestScreening(Id patient_id) = 0;
  virtual Result<std::vector<ScreeningRecord>> ListScreenings(Id patient_id) = 0;
  // The same lists for a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<AssessmentRecord>> ListAssessmentsOf(const PatientIds& patients) = 0;
  virtual Result<std::vector<ScreeningRecord>> ListScreeningsOf(const PatientIds& patients) = 0;
};

}  // namespace scarwise::storage

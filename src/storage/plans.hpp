#pragma once

// Treatment plans: proposed, then approved.
// Reached through Transaction::Plans() (storage/store.hpp), whose rules on errors and
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

class PlanRepository {
 public:
  virtual ~PlanRepository() = default;

  // A proposed plan at version 1. kNotFound when the patient, creator, assessment or
  // screening does not exist or the assessment or screening belongs to another patient.
  virtual Result<Id> Create(const NewPlan& plan) = 0;
  virtual Result<PlanRecord> Find(Id id) = 0;
  // All plans of a patient, oldest first.
  virtual Result<std::vector<PlanRecord>> List(Id patient_id) = 0;
  // The plans of a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<PlanRecord>> ListOf(const PatientIds& patients) = 0;
  // Approves a proposed plan at `expected_version`; returns it at its new version.
  // kNotFound: no such plan; kFailedPrecondition (field "version"): stale version;
  // kConflict: the plan is already approved; kNotFound: no such approving user.
  virtual Result<PlanRecord> Approve(Id id, int64_t expected_version, Id approved_by, Instant approved_at) = 0;
  // Replaces the proposal of a proposed plan at `expected_version` (a clinician's
  // adjustment); returns it at its new version. Errors as for ApprovePlan.
  virtual Result<PlanRecord> ReviseProposal(Id id, int64_t expected_version, std::string_view proposal_json,
                                            Instant updated_at) = 0;
  // Plans in one status, in id order, `limit` (1-1000) after the id `after_id`.
  virtual Result<std::vector<PlanRecord>> ListByStatus(PlanStatus status, int limit, Id after_id) = 0;
};

}  // namespace scarwise::storage

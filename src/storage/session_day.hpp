#pragma once

// Session day: charted treatment sessions and their amendments.
// Reached through Transaction::SessionDay() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class SessionDayRepository {
 public:
  virtual ~SessionDayRepository() = default;

  // kAlreadyExists (field "session_number") when the plan's session is already charted;
  // kNotFound when the patient, plan, screening or user does not exist.
  virtual Result<Id> CreateSession(const NewTreatmentSession& session) = 0;
  virtual Result<TreatmentSessionRecord> FindSession(Id id) = 0;
  // A patient's charted sessions, oldest first.
  virtual Result<std::vector<TreatmentSessionRecord>> ListSessions(Id patient_id) = 0;
  // Sessions that ended at or after `since`, oldest first (the missed check-in sweep).
  virtual Result<std::vector<TreatmentSessionRecord>> ListSessionsEndedSince(Instant since) = 0;
  // kNotFound when the session or user does not exist.
  virtual Result<Id> AppendAmendment(const NewSessionAmendment& amendment) = 0;
  // A session's amendments, oldest first.
  virtual Result<std::vector<SessionAmendmentRecord>> ListAmendments(Id session_id) = 0;
  // A page of patients (PatientIds): their charted sessions, by patient, oldest first; and
  // how many amendments each of their sessions has (sessions without any are left out).
  virtual Result<std::vector<TreatmentSessionRecord>> ListSessionsOf(const PatientIds& patients) = 0;
  virtual Result<std::map<Id, int64_t>> CountAmendmentsOf(const PatientIds& patients) = 0;
};

}  // namespace scarwise::storage

#pragma once

// Patients: their details, versioned.
// Reached through Transaction::Patients() (storage/store.hpp), whose rules on errors and
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

class PatientRepository {
 public:
  virtual ~PatientRepository() = default;

  // A new patient at version 1.
  virtual Result<Id> Create(const NewPatient& patient) = 0;
  virtual Result<PatientRecord> Find(Id id) = 0;
  // Reads the patients of `ids` (any that exist) in one statement, and Find answers them from
  // what it read for the rest of this transaction, except one that this transaction then
  // writes: for a batch of reads that would each be a round trip to the database.
  virtual Result<void> Preload(std::span<const Id> ids) = 0;
  // See PatientQuery for order, search and cursors.
  virtual Result<PatientPage> List(const PatientQuery& query) = 0;
  // Replaces the details when the record is still at `expected_version`, and returns the
  // record at its new version (expected_version + 1). kNotFound when there is no such
  // patient; kFailedPrecondition (field "version") when the version is stale. Of two
  // concurrent updates naming the same version exactly one succeeds.
  virtual Result<PatientRecord> Update(Id id, int64_t expected_version, const domain::PatientDetails& details,
                                       Instant updated_at) = 0;
};

}  // namespace scarwise::storage

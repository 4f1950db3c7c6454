#pragma once

// Record history: every version of a versioned record (patients, plans), as a snapshot.
// Reached through Transaction::History() (storage/store.hpp), whose rules on errors and
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

class HistoryRepository {
 public:
  virtual ~HistoryRepository() = default;

  // kAlreadyExists (field "version") when that version of the record is already recorded.
  virtual Result<Id> Append(const NewHistoryEntry& entry) = 0;
  // Every recorded version of one record, oldest first (empty when none).
  virtual Result<std::vector<HistoryRecord>> List(std::string_view entity, Id entity_id) = 0;
};

}  // namespace scarwise::storage

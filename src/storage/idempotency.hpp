#pragma once

// Idempotency keys: the stored outcome of a write, replayed for a retried request.
// Reached through Transaction::Idempotency() (storage/store.hpp), whose rules on errors and
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

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;

  // The stored outcome for (user_id, key); kNotFound when the key is new.
  virtual Result<IdempotencyRecord> Find(Id user_id, std::string_view key) = 0;
  // kAlreadyExists (field "idempotency_key") when (user_id, key) is already stored: a
  // concurrent retry won; roll back and answer with what FindIdempotency returns.
  virtual Result<void> Save(const IdempotencyRecord& record) = 0;
  // Deletes keys created before `before`; returns how many.
  virtual Result<int64_t> DeleteBefore(Instant before) = 0;
};

}  // namespace scarwise::storage

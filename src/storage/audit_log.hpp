#pragma once

// The audit log: append-only, chained by HMAC under the store's audit key.
// Reached through Transaction::AuditLog() (storage/store.hpp), whose rules on errors and
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

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;

  // Appends an entry after the current last one and returns it with its seq and hashes.
  // Appends are serialised across transactions (a row lock held until commit), so append
  // audit entries as the last writes of a unit of work. kFailedPrecondition when the store
  // was opened without an audit key (StoreOptions::audit_keys).
  virtual Result<AuditRecord> Append(const NewAuditEntry& entry) = 0;
  // Appends `entries` in order, as consecutive entries: one head update for all of them.
  virtual Result<void> AppendAll(std::span<const NewAuditEntry> entries) = 0;
  // Adds up to `max_entries` entries past the last indexed one to the index of each record's
  // audit trail and returns how many it covered (0: up to date). ListAudit by record also
  // reads the entries not indexed yet, so this only keeps that query fast; appending an
  // entry never waits for it.
  virtual Result<int64_t> IndexTrail(int64_t max_entries) = 0;
  virtual Result<AuditPage> List(const AuditQuery& query) = 0;
  // Walks the whole chain from seq 1: every seq present once, in order, each prev_hash equal
  // to the previous hash, each hash recomputed from its fields, and the last entry equal to
  // the recorded head (so deleting the newest entries is noticed too). Entries written
  // before keying (a plain SHA-256 prefix) verify only as a prefix: from the first entry
  // whose hash is an HMAC under one of the audit keys, every later entry must be one too,
  // and a non-empty chain must end in a keyed entry (a chain rewritten with plain SHA-256
  // is broken). Reads in pages: the log may be large. A broken chain is a successful call
  // with intact == false; kFailedPrecondition when the store has no audit key.
  virtual Result<AuditVerification> Verify() = 0;
};

}  // namespace scarwise::storage

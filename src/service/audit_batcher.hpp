#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// Group commit for the audit entries of reads. A read changes no record, but it must not be
// answered before its audit entry is durable: Append() queues the entry and returns once a
// transaction holding it has committed (or with that transaction's error). The first caller
// that finds no commit under way leads: it writes everything queued so far in one
// transaction while later callers queue behind it, and the next waiting caller leads the
// next one. So N concurrent reads cost one commit (one fsync) instead of N, with no thread
// of its own to hand work to. Writes do not use it: their audit entry is part of their own
// transaction.
class AuditBatcher {
 public:
  explicit AuditBatcher(storage::Store& store) : store_(store) {}
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Blocks until the entry is committed. Thread-safe.
  Result<void> Append(storage::NewAuditEntry entry);

 private:
  struct Pending {
    storage::NewAuditEntry entry;
    std::optional<Result<void>> result;
    std::condition_variable wake;  // signalled when `result` is set or this caller should lead
  };
  // Appends the batch in one transaction and commits it.
  Result<void> Write(const std::deque<std::shared_ptr<Pending>>& batch);

  storage::Store& store_;
  std::mutex mutex_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool writing_ = false;  // a leader is writing a batch
};

}  // namespace scarwise::service

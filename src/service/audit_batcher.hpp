#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// Group commit for the audit entries of reads. A read changes no record, but it must not be
// answered before its audit entry is durable: Append() queues the entry and returns once a
// transaction holding it has committed (or with that transaction's error). One background
// thread writes whatever has queued in one transaction, so N concurrent reads cost one
// commit (one fsync) instead of N. Writes do not use it: their audit entry is part of their
// own transaction.
class AuditBatcher {
 public:
  explicit AuditBatcher(storage::Store& store);
  ~AuditBatcher();
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Blocks until the entry is committed. Thread-safe.
  Result<void> Append(storage::NewAuditEntry entry);

 private:
  struct Pending {
    storage::NewAuditEntry entry;
    std::optional<Result<void>> result;
  };
  void Run();

  storage::Store& store_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable written_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace scarwise::service

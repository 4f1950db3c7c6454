#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// Group commit for the audit entries of reads. A read changes no record, but its answer must
// not leave before its audit entry is durable. The batcher's committing thread writes
// everything queued so far in one transaction and commits it (one fsync for the whole
// batch); entries queued meanwhile go into the next batch. A second thread then tells each
// entry's caller the outcome, so telling (which sends HTTP answers) overlaps the next
// commit. A busy server thus pays one commit for many reads, and no request thread waits
// for the disk: an HTTP answer is sent from the commit's completion (see AuditHold). Writes
// do not use it: their audit entry is part of their own transaction.
//
// With `index_when_idle`, the committing thread also keeps the index of each record's audit
// trail (storage IndexAuditTrail) up to date, in small transactions, whenever no entry has
// been queued for that long: indexing never competes with a busy server for the write lock,
// and a query by record reads whatever is not indexed yet directly.
class AuditBatcher {
 public:
  // Told once, on the batcher's telling thread, the outcome of the commit that held the
  // entry. Keep it short: later entries' callers wait behind it.
  using Committed = std::function<void(Result<void>)>;

  explicit AuditBatcher(storage::Store& store, std::optional<std::chrono::milliseconds> index_when_idle = std::nullopt);
  ~AuditBatcher();  // commits what is queued and tells its callers, then stops its threads
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Queues the entry and returns at once. Thread-safe.
  void Enqueue(storage::NewAuditEntry entry, Committed committed);
  // Queues the entry and blocks until its batch has committed (or failed). Thread-safe.
  Result<void> Append(storage::NewAuditEntry entry);

 private:
  struct Pending {
    storage::NewAuditEntry entry;
    Committed committed;
  };
  struct Written {
    Result<void> outcome;
    std::vector<Pending> batch;
  };
  void CommitBatches();  // the committing thread
  void TellCallers();    // the telling thread
  // Appends the batch's entries (moved out of it) in one transaction and commits it.
  Result<void> Write(std::vector<Pending>& batch);

  storage::Store& store_;
  const std::optional<std::chrono::milliseconds> index_when_idle_;
  std::mutex mutex_;
  std::condition_variable queued_;  // an entry was queued, or stopping_
  std::vector<Pending> queue_;
  std::condition_variable written_;  // a batch was written, or committed_all_
  std::vector<Written> written_batches_;
  bool stopping_ = false;       // no more entries are coming
  bool committed_all_ = false;  // ... and the committing thread has written the last ones
  std::thread committer_;       // the threads last: they start once everything above exists
  std::thread teller_;
};

// One transaction of storage's IndexAuditTrail: indexes up to `max_entries` more entries of
// the audit log by record and returns how many (fewer than asked: the index is up to date).
Result<int64_t> IndexAuditTrail(storage::Store& store, int64_t max_entries);

// The audit entries one answer waits for. An audited read made for a request that carries a
// hold queues its entry (with Expect() as its callback) and returns its value at once;
// whoever answers the request then calls Release() exactly once, after the last Expect(),
// with what to do when every expected entry is durable. `then` runs once: at once when
// nothing is outstanding, else on the batcher's thread after the last commit; it gets the
// first failure if any entry's commit failed (the answer must then not be sent).
class AuditHold : public std::enable_shared_from_this<AuditHold> {
 public:
  AuditBatcher::Committed Expect();
  void Release(std::function<void(Result<void>)> then);

 private:
  void Settle(Result<void> outcome);

  std::mutex mutex_;
  int outstanding_ = 0;
  std::optional<Error> failure_;
  std::function<void(Result<void>)> then_;  // set by Release, cleared when run
};

}  // namespace scarwise::service

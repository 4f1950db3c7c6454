#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// What the group commit's batches came to lately: for readiness (/readyz) and metrics. A
// batch failed when its commit failed (the database unreachable, the disk full, the file
// system read-only) or when a unit of it failed with kUnavailable (the database failing
// beneath the unit); its cause is the error's cause (Error::cause), else its code's name.
struct CommitHealth {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> last_failure;
  std::optional<Clock::time_point> last_success;
  std::string last_cause;                             // of the latest failure
  std::map<std::string, uint64_t> failures_by_cause;  // since start

  // Whether commits are failing at `now`: the latest batch failed, less than `window` ago.
  // Without a later batch the answer turns false after `window` by itself, so that a
  // server whose database came back is sent work again (and finds out).
  bool Failing(Clock::time_point now, Clock::duration window) const;
};

// Group commit: one thread writes for the whole service, so that many requests share one
// commit (one fsync) and no request thread queues for the database's write lock.
//
// Two kinds of work are queued: units of work (a write use case: its records and its audit
// entry) and the audit entries of reads (a read changes no record, but its answer must not
// leave before its audit entry is durable). The committing thread takes everything queued
// so far, runs each unit in a savepoint of one transaction (storage Transaction::Nested: a
// failing unit undoes only itself), appends the reads' entries after them, and commits;
// work queued meanwhile goes into the next batch. A second thread then tells each caller
// the outcome, so telling (which sends HTTP answers) overlaps the next commit. A caller is
// told success only once its batch is durable; a unit that failed is told its own error.
//
// With `index_when_idle`, the committing thread also keeps the index of each record's audit
// trail (storage IndexAuditTrail) up to date, in small transactions, whenever nothing has
// been queued for that long: indexing never competes with a busy server, and a query by
// record reads whatever is not indexed yet directly.

class GroupCommit {
 public:
  // Told once, on the telling thread, the outcome of the work. Keep it short: later
  // callers wait behind it.
  using Committed = std::function<void(Result<void>)>;
  // A unit of work. It runs on the committing thread and must use only the transaction it
  // is given: beginning another read-write transaction, or waiting for this GroupCommit,
  // would wait for itself.
  using Unit = std::function<Result<void>(storage::Transaction&)>;

  explicit GroupCommit(storage::Store& store, std::optional<std::chrono::milliseconds> index_when_idle = std::nullopt);
  ~GroupCommit();  // commits what is queued and tells its callers, then stops its threads
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Queues a read's audit entry and returns at once. Thread-safe.
  void Enqueue(storage::NewAuditEntry entry, Committed committed);
  // Queues a read's audit entry and blocks until its batch has committed (or failed).
  // kInternal when called from a unit.
  Result<void> Append(storage::NewAuditEntry entry);
  // Queues a unit of work and blocks until its batch has committed: its own error when the
  // unit failed, the batch's when the commit did. kInternal when called from a unit.
  Result<void> Run(Unit unit);

  // Where a submitted unit's audit entry is of a patient (entity "patient"), the batch reads
  // that patient for all such units in one statement before running them (storage
  // PatientRepository::Preload), so that on PostgreSQL a unit's read of its patient costs no
  // round trip of its own.
  //
  // Queues a unit of work and returns at once; `committed` is told what Run would return.
  // With `entry`, the entry is appended behind the unit in the same batch when the unit
  // succeeds (an audited read made on the committing connection, whose page cache no
  // other connection's commit empties). Thread-safe.
  void Submit(Unit unit, std::optional<storage::NewAuditEntry> entry, Committed committed);
  // Submit for a unit that only reads (an audited read): it runs without a savepoint
  // (storage Transaction::NestedRead). Thread-safe.
  void SubmitRead(Unit read, storage::NewAuditEntry entry, Committed committed);

  // A snapshot of the outcomes of the batches so far. Thread-safe.
  CommitHealth Health() const;

 private:
  struct Pending {
    Unit unit;                                    // a unit of work, and/or
    std::optional<storage::NewAuditEntry> entry;  // a read's audit entry (behind a unit: if it succeeded)
    Committed committed;
    Result<void> outcome;    // the unit's own outcome, once it ran
    bool read_only = false;  // the unit only reads (Transaction::NestedRead)
  };
  struct Written {
    Result<void> outcome;
    std::vector<Pending> batch;
  };
  void Queue(Pending pending);
  // Queues and blocks until told; kInternal on the committing thread (it would wait for
  // itself).
  Result<void> QueueAndWait(Pending pending);
  void CommitBatches();  // the committing thread
  void TellCallers();    // the telling thread
  // Runs the batch's units and appends its audit entries (moved out of it) in one
  // transaction and commits it.
  Result<void> Write(std::vector<Pending>& batch);
  // Records a written batch's outcome in health_.
  void Note(const std::vector<Pending>& batch, const Result<void>& outcome);

  storage::Store& store_;
  const std::optional<std::chrono::milliseconds> index_when_idle_;
  std::mutex mutex_;
  std::condition_variable queued_;  // work was queued, or stopping_
  std::vector<Pending> queue_;
  std::condition_variable written_;  // a batch was written, or committed_all_
  std::vector<Written> written_batches_;
  mutable std::mutex health_mutex_;
  CommitHealth health_;
  bool stopping_ = false;       // no more work is coming
  bool committed_all_ = false;  // ... and the committing thread has written the last of it
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
// nothing is outstanding, else on the telling thread after the last commit; it gets the
// first failure if any entry's commit failed (the answer must then not be sent).
class AuditHold : public std::enable_shared_from_this<AuditHold> {
 public:
  GroupCommit::Committed Expect();
  void Release(std::function<void(Result<void>)> then);

 private:
  void Settle(Result<void> outcome);

  std::mutex mutex_;
  int outstanding_ = 0;
  std::optional<Error> failure_;
  std::function<void(Result<void>)> then_;  // set by Release, cleared when run
};

}  // namespace scarwise::service

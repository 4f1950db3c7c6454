#include "service/group_commit.hpp"

#include <future>

#include <pthread.h>

namespace scarwise::service {

namespace {

// Entries per indexing transaction (each holds the write lock for about a millisecond), and
// the pause after one: indexing takes the write lock a small share of the time.
constexpr int64_t kIndexedPerTransaction = 500;
constexpr std::chrono::milliseconds kPauseBetweenIndexing{20};

}  // namespace

GroupCommit::GroupCommit(storage::Store& store, std::optional<std::chrono::milliseconds> index_when_idle)
    : store_(store),
      index_when_idle_(index_when_idle),
      committer_([this] { CommitBatches(); }),
      teller_([this] { TellCallers(); }) {}

GroupCommit::~GroupCommit() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  committer_.join();
  teller_.join();
}

void GroupCommit::Queue(Pending pending) {
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(std::move(pending));
  }
  queued_.notify_one();
}

void GroupCommit::Enqueue(storage::NewAuditEntry entry, Committed committed) {
  Queue(Pending{nullptr, std::move(entry), std::move(committed), {}, false});
}

Result<void> GroupCommit::Append(storage::NewAuditEntry entry) {
  return QueueAndWait(Pending{nullptr, std::move(entry), nullptr, {}, false});
}

Result<void> GroupCommit::Run(Unit unit) {
  return QueueAndWait(Pending{std::move(unit), std::nullopt, nullptr, {}, false});
}

void GroupCommit::Submit(Unit unit, std::optional<storage::NewAuditEntry> entry, Committed committed) {
  Queue(Pending{std::move(unit), std::move(entry), std::move(committed), {}, false});
}

void GroupCommit::SubmitRead(Unit read, storage::NewAuditEntry entry, Committed committed) {
  Queue(Pending{std::move(read), std::move(entry), std::move(committed), {}, true});
}

Result<void> GroupCommit::QueueAndWait(Pending pending) {
  if (std::this_thread::get_id() == committer_.get_id()) {
    return Unexpected(Internal("a unit of work waited for the group commit it runs in"));
  }
  auto outcome = std::make_shared<std::promise<Result<void>>>();
  auto told = outcome->get_future();
  pending.committed = [outcome](Result<void> result) { outcome->set_value(std::move(result)); };
  Queue(std::move(pending));
  return told.get();
}

void GroupCommit::CommitBatches() {
  pthread_setname_np(pthread_self(), "group-commit");  // as ps, top and perf show it
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto work = [this] { return stopping_ || !queue_.empty(); };
    if (!index_when_idle_) {
      queued_.wait(lock, work);
    } else if (!queued_.wait_for(lock, *index_when_idle_, work)) {
      // Idle: index the audit trail a small transaction at a time, pausing between them so
      // that other writers (the command line) get the write lock, and stopping once work is
      // queued.
      for (;;) {
        lock.unlock();
        auto indexed = IndexAuditTrail(store_, kIndexedPerTransaction);
        lock.lock();
        if (!indexed || *indexed < kIndexedPerTransaction) break;  // up to date, or retried when next idle
        if (queued_.wait_for(lock, kPauseBetweenIndexing, work)) break;
      }
      continue;
    }
    if (queue_.empty()) break;  // stopping, and everything queued is written
    std::vector<Pending> batch;
    batch.swap(queue_);
    lock.unlock();
    Result<void> outcome = Write(batch);
    Note(batch, outcome);
    lock.lock();
    written_batches_.push_back(Written{std::move(outcome), std::move(batch)});
    written_.notify_one();
  }
  committed_all_ = true;
  written_.notify_one();
}

void GroupCommit::TellCallers() {
  pthread_setname_np(pthread_self(), "commit-tell");
  std::unique_lock lock(mutex_);
  for (;;) {
    written_.wait(lock, [this] { return committed_all_ || !written_batches_.empty(); });
    if (written_batches_.empty()) return;  // the committer has stopped and everyone is told
    std::vector<Written> told;
    told.swap(written_batches_);
    lock.unlock();
    for (const Written& written : told) {
      for (const Pending& pending : written.batch) {
        pending.committed(pending.outcome ? written.outcome : pending.outcome);
      }
    }
    lock.lock();
  }
}

Result<void> GroupCommit::Write(std::vector<Pending>& batch) {
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  // The patients the batch's units are of, in one statement (see Submit).
  std::vector<storage::Id> patients;
  for (const Pending& pending : batch) {
    if (pending.unit && pending.entry && pending.entry->entity == "patient" && pending.entry->entity_id) {
      patients.push_back(*pending.entry->entity_id);
    }
  }
  Result<void> written = patients.empty() ? Result<void>{} : tx->Patients().Preload(patients);
  if (written) {
    std::vector<storage::NewAuditEntry> entries;
    for (Pending& pending : batch) {
      if (pending.unit) pending.outcome = pending.read_only ? tx->NestedRead(pending.unit) : tx->Nested(pending.unit);
      if (pending.entry && pending.outcome) entries.push_back(std::move(*pending.entry));
    }
    if (!entries.empty()) written = tx->AuditLog().AppendAll(entries);
  }
  if (written) written = tx->Commit();
  // A transaction aborted under the batch (a unit's rollback failed) refuses the rest as
  // unusable; to the callers that is the database failing, not a stale record of theirs.
  if (!written && written.error().code == ErrorCode::kFailedPrecondition) {
    return Unexpected(Unavailable("the record store is unavailable; try again"));
  }
  return written;
}

bool CommitHealth::Failing(Clock::time_point now, Clock::duration window) const {
  if (!last_failure) return false;
  if (last_success && *last_success > *last_failure) return false;
  return now - *last_failure < window;
}

CommitHealth GroupCommit::Health() const {
  const std::lock_guard lock(health_mutex_);
  return health_;
}

void GroupCommit::Note(const std::vector<Pending>& batch, const Result<void>& outcome) {
  const Error* failure = outcome ? nullptr : &outcome.error();
  for (const Pending& pending : batch) {
    if (failure == nullptr && !pending.outcome && pending.outcome.error().code == ErrorCode::kUnavailable) {
      failure = &pending.outcome.error();
    }
  }
  const auto now = CommitHealth::Clock::now();
  const std::lock_guard lock(health_mutex_);
  if (failure == nullptr) {
    health_.last_success = now;
    return;
  }
  health_.last_failure = now;
  health_.last_cause = failure->cause.empty() ? std::string(ErrorCodeName(failure->code)) : failure->cause;
  ++health_.failures_by_cause[health_.last_cause];
}

Result<int64_t> IndexAuditTrail(storage::Store& store, int64_t max_entries) {
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store.Begin());
  auto indexed = tx->AuditLog().IndexTrail(max_entries);
  if (!indexed) return indexed;
  SCARWISE_RETURN_IF_ERROR(tx->Commit());
  return indexed;
}

GroupCommit::Committed AuditHold::Expect() {
  {
    const std::lock_guard lock(mutex_);
    ++outstanding_;
  }
  return [self = shared_from_this()](Result<void> outcome) { self->Settle(std::move(outcome)); };
}

void AuditHold::Release(std::function<void(Result<void>)> then) {
  std::unique_lock lock(mutex_);
  if (outstanding_ > 0) {
    then_ = std::move(then);
    return;
  }
  const std::optional<Error> failure = failure_;
  lock.unlock();
  then(failure ? Result<void>(Unexpected(*failure)) : Result<void>{});
}

void AuditHold::Settle(Result<void> outcome) {
  std::unique_lock lock(mutex_);
  if (!outcome && !failure_) failure_ = outcome.error();
  if (--outstanding_ > 0 || !then_) return;
  auto then = std::move(then_);
  then_ = nullptr;
  const std::optional<Error> failure = failure_;
  lock.unlock();
  then(failure ? Result<void>(Unexpected(*failure)) : Result<void>{});
}

}  // namespace scarwise::service

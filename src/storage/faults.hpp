#pragma once

// Fault injection, done by the unit of work that every storage call passes through: a
// FaultPlan given in StoreOptions::faults makes the Nth call fail with kUnavailable, as if
// the database went away at that moment, or every read-write Begin fail while an outage is
// set. Production stores have none.
//
//   auto faults = std::make_shared<FaultPlan>();
//   options.faults = faults;                     // when opening the store
//   for (int n = 1;; ++n) {
//     faults->FailCall(n);
//     auto result = RunUseCase(store);           // Begin, calls, Commit
//     const bool fired = faults->Fired();
//     faults->FailCall(0);
//     if (!fired) break;                         // n is past the last call: all calls ran
//     CheckNoPartialState(store);                // all of the use case, or none of it
//   }
//
// Every call counts: Store::Begin, each repository call and Transaction::Commit. A failing
// call does not reach the database; as with a real kUnavailable the transaction (inside
// Transaction::Nested: the unit) is aborted, and its later calls return kFailedPrecondition
// without counting.

#include <mutex>
#include <optional>

#include "common/error.hpp"
#include "storage/store.hpp"

namespace scarwise::storage {

class FaultPlan {
 public:
  // The error every injected call failure returns.
  static Error Injected() { return Unavailable("injected fault: the record store is unavailable"); }

  // Fails the `n`th call from now (1: the next one); 0: none. Restarts the count.
  void FailCall(int n) {
    const std::lock_guard lock(mutex_);
    fail_at_ = n;
    calls_ = 0;
  }
  // While set, every read-write Begin fails with `error` (e.g. kUnavailable with cause
  // "disk_full"); read-only ones go through. nullopt ends it. It does not count as a call.
  void SetWriteOutage(std::optional<Error> error) {
    const std::lock_guard lock(mutex_);
    outage_ = std::move(error);
  }

  // Calls counted since FailCall (including the failed one).
  int Calls() const {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  // Whether the injected call failure happened.
  bool Fired() const {
    const std::lock_guard lock(mutex_);
    return fail_at_ > 0 && calls_ >= fail_at_;
  }

  // For the unit of work: the outage a Begin in `mode` meets, if any.
  std::optional<Error> Outage(TransactionMode mode) const {
    const std::lock_guard lock(mutex_);
    if (mode == TransactionMode::kReadWrite) return outage_;
    return std::nullopt;
  }
  // For the unit of work: counts one call; the error it must fail with, if it is the one.
  std::optional<Error> Call() {
    const std::lock_guard lock(mutex_);
    if (++calls_ == fail_at_) return Injected();
    return std::nullopt;
  }

 private:
  mutable std::mutex mutex_;
  int fail_at_ = 0;
  int calls_ = 0;
  std::optional<Error> outage_;
};

}  // namespace scarwise::storage

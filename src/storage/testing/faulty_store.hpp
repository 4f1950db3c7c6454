#pragma once

// Fault injection for tests of units of work: a Store decorator that makes the Nth storage
// call fail with kUnavailable, as if the database went away at that moment.
//
//   for (int n = 1;; ++n) {
//     FaultyStore store(real_store, n);
//     auto result = RunUseCase(store);          // Begin, writes, Commit through `store`
//     if (!store.Fired()) break;                // n is past the last call: all calls ran
//     CheckNoPartialState(real_store);          // all of the use case, or none of it
//   }
//
// Every call counts: Store::Begin, each Transaction method and Transaction::Commit, across
// all transactions begun through this decorator. The failing call does not reach the real
// store (a failing Commit leaves the transaction uncommitted, so it is rolled back when
// destroyed). As with a real kUnavailable, the transaction that saw the failure is aborted:
// its later calls return kFailedPrecondition and do not count. Other transactions, and new
// ones, go through normally.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "storage/store.hpp"

namespace scarwise::storage::testing {

class FaultyStore final : public Store {
 public:
  // `inner` must outlive this store; `fail_at` counts from 1 (0: never fail).
  FaultyStore(Store& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode = TransactionMode::kReadWrite) override;
  std::string_view BackendName() const override { return inner_.BackendName(); }

  // Storage calls made so far (including the failed one).
  int Calls() const { return calls_.load(); }
  // Whether the injected failure happened.
  bool Fired() const { return fail_at_ > 0 && calls_.load() >= fail_at_; }

  // An outage of writes (a full disk, a read-only file system): while set, every read-write
  // transaction fails to begin with `error` (e.g. kUnavailable with cause "disk_full");
  // read-only ones go through. nullopt ends it. It does not count as a call.
  void SetWriteOutage(std::optional<Error> error) {
    const std::lock_guard lock(outage_mutex_);
    outage_ = std::move(error);
  }

  // Counts one call; true when this call is the one that must fail.
  bool NextCallFails() { return ++calls_ == fail_at_; }

 private:
  Store& inner_;
  int fail_at_;
  std::atomic<int> calls_{0};
  mutable std::mutex outage_mutex_;
  std::optional<Error> outage_;
};

// The error every injected failure returns.
Error InjectedFault();

}  // namespace scarwise::storage::testing

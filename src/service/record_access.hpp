#pragma once

// The machinery every use case shares, whatever part of the clinic it serves (records,
// scheduling, session day): who asks, authorisation with audited refusals, writes as units
// of work with their audit entry inside them, and audited reads - both through the group
// commit.
// Services hold a RecordAccess& (one per store, owned by AccountsService) and stay thin.
//
// The one rule for how a use case touches the store. Ask two questions: does it change a
// record (a write), and does it show patient data (an audited read)? Then its route decides
// whether it waits or answers later (http: Router::Add or Router::AddLater).
//
//   the use case                   | entry point                 | its audit entry            | the caller
//   -------------------------------+-----------------------------+----------------------------+-----------------------
//   changes records (create, edit, | Write(work)                 | Audit(tx, ...) inside      | waits on an API write
//   status change, sign-in)        |                             | `work`: durable with it    | thread until durable
//   changes records on a hot route | Permitted, then             | passed beside `work`,      | returns at once; `then`
//   (recording an assessment)      | WriteThen(work, entry, then)| appended behind it         | answers when durable
//   reads patient data             | ReadPatientRecords (Permit, | queued after the read      | answer held by the
//                                  | then ReadThenAudit)         | (Request::audit_hold)      | AuditHold until durable
//   reads patient data on a hot    | Permitted, then             | in the next batch, behind  | returns at once; `then`
//   route (reading a patient)      | ReadThen(read, then)        | the read, run there        | answers when durable
//   reads no patient data (clinic  | Permit, then a read-only    | none (a refusal is         | answers at once
//   calendar, resources, FAQ)      | store().Begin(kReadOnly)    | audited by Permit)         |
//
// - A refusal is always audited (Permit / Permitted), whichever row the use case is in.
// - A create that takes an Idempotency-Key checks EarlierCreation and calls RememberCreation
//   inside the same `work`, so the record and the key are durable together.
// - `work` and ReadThen's `read` run on the committing thread: only `tx`, no audited read,
//   no waiting; scoring and document building happen before, in the caller.
// - Without an event loop (tests, the command line) the "answers later" rows are awaited
//   with Await; the "held" row blocks in ReadThenAudit when the request has no audit hold.

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "service/access_policy.hpp"
#include "service/group_commit.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// The request a use case serves: who asks (absent: not signed in), the request id that ties
// the audit entry to the server log, and how its audited reads wait for their audit entries.
struct Request {
  Request(std::optional<Actor> who, std::string id, std::shared_ptr<AuditHold> hold = nullptr)
      : actor(std::move(who)), request_id(std::move(id)), audit_hold(std::move(hold)) {}

  std::optional<Actor> actor;
  std::string request_id;
  // Present: an audited read queues its audit entry here and returns at once, and whoever
  // answers must hold the answer until the hold releases (the HTTP API does). Absent: the
  // read itself blocks until its audit entry is durable.
  std::shared_ptr<AuditHold> audit_hold;
};

// An Idempotency-Key sent with a POST. A retry with the same key and body gets the record
// created the first time instead of a second one; the same key with another body is
// kConflict (field "Idempotency-Key").
struct IdempotencyKey {
  std::string key;
  std::string path;
  std::string body;  // the request's body as sent; only its SHA-256 is stored
};

inline Error Unauthenticated(std::string message = "sign in first") {
  return ::scarwise::Unauthenticated(std::move(message));
}

// An audit entry for `request` (outcome "ok" unless told otherwise).
storage::NewAuditEntry AuditEntry(const Request& request, storage::Instant at, std::string_view action,
                                  std::string entity, std::optional<storage::Id> entity_id, std::string outcome = "ok");

// For a creating write a client may retry: inside its unit of work, before creating. The id
// the user's first request with this key created (answer the retry with that record), nullopt for a
// first request (or no key), kConflict (field "Idempotency-Key") when the key came with a
// different request.
Result<std::optional<storage::Id>> EarlierCreation(storage::Transaction& tx, storage::Id user_id,
                                                   const std::optional<IdempotencyKey>& key);
// Remembers, in the same unit of work, that the request with `key` created `id` (nothing
// without a key).
Result<void> RememberCreation(storage::Transaction& tx, storage::Id user_id, const std::optional<IdempotencyKey>& key,
                              storage::Id id, storage::Instant at);

// Appends the audit entry of a write to the write's own transaction.
Result<void> Audit(storage::Transaction& tx, const Request& request, storage::Instant at, Action action,
                   std::string entity, std::optional<storage::Id> entity_id);

// What is told the outcome of work that finishes later, on the group commit's telling
// thread: keep it short (encode and send an answer), later callers wait behind it.
template <typename T>
using Then = std::function<void(Result<T>)>;

// Blocks until the work that `start` begins tells its outcome: for callers without an event
// loop (tests, the command line). Never from inside a unit of work (it would wait for itself).
template <typename T>
Result<T> Await(const std::function<void(Then<T>)>& start) {
  std::promise<Result<T>> told;
  auto outcome = told.get_future();
  start([&told](Result<T> result) { told.set_value(std::move(result)); });
  return outcome.get();
}

class RecordAccess {
 public:
  // `index_audit_trail_when_idle`: see GroupCommit (the server sets it; tests need not).
  RecordAccess(storage::Store& store, const Clock& clock,
               std::optional<std::chrono::milliseconds> index_audit_trail_when_idle = std::nullopt);

  storage::Store& store() { return store_; }
  storage::Instant Now() const { return clock_.Now(); }
  // The outcomes of the group commit's batches so far (GroupCommit::Health).
  CommitHealth Commits() const { return group_commit_->Health(); }

  // kOk when the actor may; otherwise the refusal (kUnauthenticated without an actor,
  // kPermissionDenied, or kNotFound for a patient reaching another patient), audited.
  Result<void> Permit(const Request& request, Action action, std::optional<storage::Id> patient_id = std::nullopt);

  // Runs `work(tx)` as one unit of work in the group commit and returns its value once it
  // is durable; on any error nothing of it is kept. `work` runs on the committing thread:
  // it must use only `tx` (no other transaction, no audited read), and should leave what
  // needs no database (building documents, scoring) to its caller.
  template <typename T, typename Work>
  Result<T> Write(Work&& work) {
    std::optional<Result<T>> result;
    Result<void> committed = group_commit_->Run([&](storage::Transaction& tx) -> Result<void> {
      result.emplace(work(tx));
      if (!*result) return Unexpected(result->error());
      return {};
    });
    if (!committed) return Unexpected(committed.error());
    return std::move(*result);
  }

  // Permit's decision without waiting, for use cases that answer later: true when the actor
  // may; otherwise false, and `then` (moved from) is told the refusal once its audit entry
  // is durable.
  template <typename T>
  bool Permitted(const Request& request, Action action, std::optional<storage::Id> patient_id, Then<T>& then) {
    auto refusal = Refuse(request, action, patient_id);
    if (!refusal) return true;
    if (!refusal->entry) {
      then(Unexpected(refusal->error));
      return false;
    }
    group_commit_->Enqueue(std::move(*refusal->entry),
                           [error = refusal->error, then = std::move(then)](Result<void> audited) {
                             then(Unexpected(audited ? error : audited.error()));
                           });
    return false;
  }

  // Write's contract, without waiting: queues `work(tx)` with its audit entry (appended behind
  // it in the same transaction when it succeeds) and returns at once; `then` is told its
  // value once it is durable, or its error. `work` owns what it uses (it runs later). With an
  // entry of one patient, `work` finds that patient read with its batch's others in one
  // statement (GroupCommit::Submit).
  template <typename T, typename Work>
  void WriteThen(Work work, storage::NewAuditEntry entry, Then<T> then) {
    auto value = std::make_shared<std::optional<T>>();
    group_commit_->Submit(Keeping<T>(std::move(work), value), std::move(entry), Telling<T>(value, std::move(then)));
  }

  // An audited read without waiting: `then` is told `read(tx)`'s value once the read's
  // audit entry is durable, or its error (a failed read is not audited, as in
  // ReadThenAudit). `read` runs in the group commit's next batch on the committing connection
  // (without a savepoint: it must only read) with its entry appended behind it; a read of
  // one patient (entity "patient") finds that patient read with the batch's others in one
  // statement (GroupCommit::Submit), so that on PostgreSQL it costs no round trip of its
  // own. `read` owns what it uses.
  template <typename T, typename Read>
  void ReadThen(const Request& request, Action action, std::string entity, std::optional<storage::Id> entity_id,
                Read read, Then<T> then) {
    auto value = std::make_shared<std::optional<T>>();
    group_commit_->SubmitRead(Keeping<T>(std::move(read), value),
                              AuditEntry(request, Now(), ActionName(action), std::move(entity), entity_id),
                              Telling<T>(value, std::move(then)));
  }

  // Runs `read(tx)` in a read-only transaction, then records the read in the audit log
  // through the group commit: the value is returned once its audit entry is
  // durable, or at once with the entry expected by the request's audit hold.
  template <typename T, typename Read>
  Result<T> ReadThenAudit(const Request& request, Action action, std::string entity,
                          std::optional<storage::Id> entity_id, Read read) {
    std::optional<T> value;
    {
      SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
      auto result = read(*tx);
      if (!result) return result;
      value = std::move(*result);
    }
    auto entry = AuditEntry(request, Now(), ActionName(action), std::move(entity), entity_id);
    if (request.audit_hold) {
      group_commit_->Enqueue(std::move(entry), request.audit_hold->Expect());
    } else
      SCARWISE_RETURN_IF_ERROR(group_commit_->Append(std::move(entry)));
    return std::move(*value);
  }

  // Permit, then ReadThenAudit with entity "patient": the common shape of a read of one
  // patient's records.
  template <typename T, typename Read>
  Result<T> ReadPatientRecords(const Request& request, Action action, storage::Id patient_id, Read read) {
    SCARWISE_RETURN_IF_ERROR(Permit(request, action, patient_id));
    return ReadThenAudit<T>(request, action, "patient", patient_id, std::move(read));
  }

 private:
  struct Refusal {
    Error error;
    std::optional<storage::NewAuditEntry> entry;  // none without an actor: it names no one
  };
  // Why the request may not do `action` (on the patient's records), or nullopt: it may.
  std::optional<Refusal> Refuse(const Request& request, Action action, std::optional<storage::Id> patient_id);

  // A unit of work that keeps `work`'s value in `value`, for Telling.
  template <typename T, typename Work>
  static GroupCommit::Unit Keeping(Work work, std::shared_ptr<std::optional<T>> value) {
    return [work = std::move(work), value = std::move(value)](storage::Transaction& tx) mutable -> Result<void> {
      SCARWISE_ASSIGN_OR_RETURN(auto result, work(tx));
      value->emplace(std::move(result));
      return {};
    };
  }
  // Tells `then` the value kept, or the unit's or the batch's error.
  template <typename T>
  static GroupCommit::Committed Telling(std::shared_ptr<std::optional<T>> value, Then<T> then) {
    return [value = std::move(value), then = std::move(then)](Result<void> outcome) {
      if (!outcome) return then(Unexpected(std::move(outcome).error()));
      then(std::move(**value));
    };
  }

  storage::Store& store_;
  const Clock& clock_;
  std::unique_ptr<GroupCommit> group_commit_;  // every write, and the audit entries of reads
};

}  // namespace scarwise::service

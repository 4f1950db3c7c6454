#pragma once

// The persistence port: a Store hands out Transactions (units of work); every read and
// write of records goes through a Transaction and becomes visible to others, all of it or
// none of it, when Commit() succeeds.
//
// Errors are values; nothing here throws. The codes:
// - kNotFound: the record does not exist (or a referenced record does not exist on insert).
// - kAlreadyExists: a uniqueness rule was broken (the `field` names it: "email",
//   "patient_id", "token_hash", "idempotency_key", "version").
// - kFailedPrecondition: `expected_version` is stale (the record changed since it was read:
//   HTTP 412), or the transaction can no longer be used (committed or aborted).
// - kConflict: the record is in a state that forbids the change (approving an approved plan).
// - kInvalidArgument: a value the schema rejects (an unknown role, a limit out of range).
// - kUnavailable: the database cannot be reached, is busy past the busy timeout, or
//   aborted the transaction to resolve contention (deadlock, serialization): retry the
//   whole unit of work.
// - kInternal: anything else.
// Messages are safe to show to a client; the database's own text goes only to the
// StoreOptions::log sink, without the statement's values.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/accounts.hpp"
#include "storage/audit_log.hpp"
#include "storage/calendar_feeds.hpp"
#include "storage/consents.hpp"
#include "storage/evaluations.hpp"
#include "storage/history.hpp"
#include "storage/idempotency.hpp"
#include "storage/leases.hpp"
#include "storage/outbox.hpp"
#include "storage/patients.hpp"
#include "storage/photos.hpp"
#include "storage/plans.hpp"
#include "storage/progress.hpp"
#include "storage/records.hpp"
#include "storage/recovery.hpp"
#include "storage/safety.hpp"
#include "storage/scheduling.hpp"
#include "storage/session_day.hpp"
#include "storage/sessions.hpp"
#include "storage/two_factor.hpp"

namespace scarwise::storage {

class FaultPlan;

// Read-write transactions take the database's write lock at the start on SQLite (BEGIN
// IMMEDIATE: writers queue for up to the busy timeout instead of deadlocking later).
// Read-only transactions run beside writers and see committed records only: on SQLite one
// snapshot for the whole transaction, on PostgreSQL each statement its own (READ COMMITTED,
// as a BEGIN READ ONLY gave too; the statements run in autocommit, see
// Dialect::ReadsNeedNoTransaction). Do not write in one: neither backend checks. A backup
// reads one snapshot on both (storage/backup.hpp).
enum class TransactionMode { kReadWrite, kReadOnly };

// One unit of work on one database connection. Use it from one thread at a time. It is
// rolled back when destroyed unless Commit() succeeded. The Store must outlive it.
//
// A failed Create*/Append*/Save* call, and any call that fails with kUnavailable or
// kInternal, aborts the transaction: it is rolled back at once (its locks are released) and
// later calls return kFailedPrecondition. (PostgreSQL aborts a transaction on a failed
// statement; SQLite follows the same rule here so that both backends behave alike.) Other
// errors - kNotFound from a lookup, update or revocation, kFailedPrecondition for a stale
// version, kConflict, kInvalidArgument for a bad limit or cursor - leave it usable. Start a
// new transaction to go on after an abort.
//
// On SQLite one read-write transaction runs at a time: Begin() waits (up to the busy
// timeout) while another is open, so never hold one while beginning another on the same
// thread.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // ---- the repositories, one per aggregate (each in its own header) ----
  // Each lives as long as the transaction; every call on it is a call of this transaction.
  virtual AccountRepository& Accounts() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual TwoFactorRepository& TwoFactor() = 0;
  virtual PatientRepository& Patients() = 0;
  virtual HistoryRepository& History() = 0;
  virtual EvaluationRepository& Evaluations() = 0;
  virtual PlanRepository& Plans() = 0;
  virtual IdempotencyRepository& Idempotency() = 0;
  virtual AuditRepository& AuditLog() = 0;
  virtual RecoveryRepository& Recovery() = 0;
  virtual SessionDayRepository& SessionDay() = 0;
  virtual SchedulingRepository& Scheduling() = 0;
  virtual CalendarFeedRepository& CalendarFeeds() = 0;
  virtual OutboxRepository& Outbox() = 0;
  virtual LeaseRepository& Leases() = 0;
  virtual ProgressRepository& Progress() = 0;
  virtual SafetyRepository& Safety() = 0;
  virtual ConsentRepository& Consents() = 0;
  virtual PhotoRepository& Photos() = 0;

  // ---- nested units of work (group commit) ----
  // Runs `unit` on this transaction inside a savepoint, so that many small units share one
  // commit. When `unit` returns an error, or one of its calls fails in a way that would
  // abort the transaction (see above), only the unit's writes are undone and the
  // transaction goes on with the next unit; the unit's later calls return
  // kFailedPrecondition. Returns what `unit` returned, or kUnavailable when this
  // transaction can no longer run units (it was aborted, or undoing a unit failed: every
  // unit in it is lost - retry them). Units do not nest, and Commit() inside one is
  // kFailedPrecondition.
  virtual Result<void> Nested(const std::function<Result<void>(Transaction&)>& unit) = 0;
  // Runs `unit`, which only reads, on this transaction without a savepoint: it writes
  // nothing, so it has nothing to undo, and on PostgreSQL a savepoint costs two round trips
  // (SAVEPOINT, RELEASE) against its one SELECT. A value it returns (a read's kNotFound) leaves
  // the transaction as it was; a call that fails in a way that aborts the transaction (the
  // database failing beneath it) aborts it whole, as a failed commit would: every unit in it
  // is lost (kUnavailable, here and from Commit). Commit() and Nested() inside it are
  // kFailedPrecondition.
  virtual Result<void> NestedRead(const std::function<Result<void>(Transaction&)>& unit) = 0;

  // Makes every write of this transaction durable and visible (on SQLite: the WAL is synced
  // before Commit returns). On error nothing was committed. Calls after Commit() return
  // kFailedPrecondition.
  virtual Result<void> Commit() = 0;
};

// What a store reports about failures that are not the caller's fault (kUnavailable,
// kInternal): the operation, the backend's error code and its first message line, never the
// statement's bound values. Patient data must not reach logs.
struct StorageLogEvent {
  std::string operation;  // "UpdatePatient", "Begin", "Commit", "Migrate", ...
  ErrorCode code = ErrorCode::kInternal;
  std::string backend_code;  // SQLSTATE on PostgreSQL, the SQLite result code
  std::string detail;
};

struct StoreOptions {
  // Connections kept open; at most this many transactions run at once, others wait in
  // Begin() for up to `busy_timeout` and then get kUnavailable.
  int max_connections = 8;
  // How long a statement or Begin() waits for a lock or a connection before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  // Receives unexpected failures; by default they are written as one line to stderr.
  std::function<void(const StorageLogEvent&)> log;
  // The audit log's HMAC keys (storage/audit_key.hpp), each kAuditKeyBytes raw bytes, oldest
  // first: the last one keys new entries, earlier ones (rotated out) only verify old ones.
  // Kept outside the database, so that whoever can edit the database cannot re-key the log.
  // Empty: audit entries can be neither appended nor verified.
  std::vector<std::string> audit_keys;
  // Faults to inject (storage/faults.hpp): tests make the Nth call fail, or every write
  // transaction while an outage is set. Null: none (production).
  std::shared_ptr<FaultPlan> faults;
};

// One Store per database. Thread-safe: any thread may call Begin().
class Store {
 public:
  virtual ~Store() = default;
  // A new transaction on a pooled connection. kUnavailable when the database cannot be
  // reached or every connection stays busy for the busy timeout.
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode = TransactionMode::kReadWrite) = 0;
  // "sqlite" or "postgresql".
  virtual std::string_view BackendName() const = 0;
};

// The database URL forms:
//   sqlite:PATH                     a SQLite file (created if missing, with mode 0600 like its
//                                   -wal and -shm files), e.g. sqlite:./scarwise.db
//   postgresql://USER@HOST:PORT/DB  (or postgres://...) a libpq URI
//   postgresql:CONNINFO             a libpq conninfo, e.g. postgresql:host=/tmp port=5432 dbname=x
//   host=... dbname=...             a bare libpq conninfo (contains '=')
// Anything else is kInvalidArgument (field "db"). ":memory:" is refused: pooled connections
// would each see their own empty database.
inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:./scarwise.db";

// Opens a store and applies pending migrations first (safe when several servers start at
// once). kUnavailable when the database cannot be reached; kFailedPrecondition when the
// database has a newer schema than this program knows.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options = {});

// Applies pending migrations and returns the schema version the database is at afterwards.
// Idempotent. This is `scarwise migrate --db URL`.
Result<int> Migrate(std::string_view url);

// The schema version this program creates and expects.
int LatestSchemaVersion();

}  // namespace scarwise::storage

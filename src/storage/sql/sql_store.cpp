// The storage port over SOCI, shared by the SQLite and PostgreSQL backends: the store, its
// transactions (a unit of work and the repositories made on it as they are asked for), and
// the migration runner. Each aggregate's SQL lives in its own file beside this one.
#include <soci/soci.h>

#include <algorithm>
#include <utility>

#include "storage/sql/dialect.hpp"
#include "storage/sql/repositories.hpp"

namespace scarwise::storage::sql {
namespace {

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> connection,
                 std::unique_lock<std::timed_mutex> writer_turn, Opening opening)
      : uow_(std::move(pool), std::move(connection), std::move(writer_turn), opening) {}

  AccountRepository& Accounts() override { return Lazy(accounts_, NewSqlAccounts); }
  SessionRepository& Sessions() override { return Lazy(sessions_, NewSqlSessions); }
  TwoFactorRepository& TwoFactor() override { return Lazy(two_factor_, NewSqlTwoFactor); }
  PatientRepository& Patients() override { return Lazy(patients_, NewSqlPatients); }
  HistoryRepository& History() override { return Lazy(history_, NewSqlHistory); }
  EvaluationRepository& Evaluations() override { return Lazy(evaluations_, NewSqlEvaluations); }
  PlanRepository& Plans() override { return Lazy(plans_, NewSqlPlans); }
  IdempotencyRepository& Idempotency() override { return Lazy(idempotency_, NewSqlIdempotency); }
  AuditRepository& AuditLog() override { return Lazy(audit_log_, NewSqlAuditLog); }
  RecoveryRepository& Recovery() override { return Lazy(recovery_, NewSqlRecovery); }
  SessionDayRepository& SessionDay() override { return Lazy(session_day_, NewSqlSessionDay); }
  SchedulingRepository& Scheduling() override { return Lazy(scheduling_, NewSqlScheduling); }
  CalendarFeedRepository& CalendarFeeds() override { return Lazy(calendar_feeds_, NewSqlCalendarFeeds); }
  OutboxRepository& Outbox() override { return Lazy(outbox_, NewSqlOutbox); }
  LeaseRepository& Leases() override { return Lazy(leases_, NewSqlLeases); }
  ProgressRepository& Progress() override { return Lazy(progress_, NewSqlProgress); }
  SafetyRepository& Safety() override { return Lazy(safety_, NewSqlSafety); }
  ConsentRepository& Consents() override { return Lazy(consents_, NewSqlConsents); }
  PhotoRepository& Photos() override { return Lazy(photos_, NewSqlPhotos); }

  Result<void> Nested(const std::function<Result<void>(Transaction&)>& unit) override {
    return uow_.Nested([&] { return unit(*this); });
  }
  Result<void> NestedRead(const std::function<Result<void>(Transaction&)>& unit) override {
    return uow_.NestedRead([&] { return unit(*this); });
  }
  Result<void> Commit() override { return uow_.Commit(); }

 private:
  template <typename Repository>
  Repository& Lazy(std::unique_ptr<Repository>& slot, std::unique_ptr<Repository> (*make)(UnitOfWork&)) {
    if (!slot) slot = make(uow_);
    return *slot;
  }

  UnitOfWork uow_;  // declared first: the repositories refer to it, and go first
  std::unique_ptr<AccountRepository> accounts_;
  std::unique_ptr<SessionRepository> sessions_;
  std::unique_ptr<TwoFactorRepository> two_factor_;
  std::unique_ptr<PatientRepository> patients_;
  std::unique_ptr<HistoryRepository> history_;
  std::unique_ptr<EvaluationRepository> evaluations_;
  std::unique_ptr<PlanRepository> plans_;
  std::unique_ptr<IdempotencyRepository> idempotency_;
  std::unique_ptr<AuditRepository> audit_log_;
  std::unique_ptr<RecoveryRepository> recovery_;
  std::unique_ptr<SessionDayRepository> session_day_;
  std::unique_ptr<SchedulingRepository> scheduling_;
  std::unique_ptr<CalendarFeedRepository> calendar_feeds_;
  std::unique_ptr<OutboxRepository> outbox_;
  std::unique_ptr<LeaseRepository> leases_;
  std::unique_ptr<ProgressRepository> progress_;
  std::unique_ptr<SafetyRepository> safety_;
  std::unique_ptr<ConsentRepository> consents_;
  std::unique_ptr<PhotoRepository> photos_;
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::shared_ptr<ConnectionPool> state) : state_(std::move(state)) {}

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    // A pooled connection may have died with the server; try once more on a fresh one.
    if (FaultPlan* faults = state_->faults()) {
      if (std::optional<Error> outage = faults->Outage(mode)) return Unexpected(std::move(*outage));
      if (std::optional<Error> fault = faults->Call()) return Unexpected(std::move(*fault));
    }
    if (mode == TransactionMode::kReadOnly && state_->dialect().ReadsNeedNoTransaction()) {
      bool fresh = false;
      SCARWISE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, state_->Acquire(fresh));
      return std::unique_ptr<Transaction>(std::make_unique<SqlTransaction>(
          state_, std::move(connection), std::unique_lock<std::timed_mutex>(), Opening{false, !fresh}));
    }
    std::unique_lock<std::timed_mutex> writer_turn;
    if (mode == TransactionMode::kReadWrite) {
      SCARWISE_ASSIGN_OR_RETURN(writer_turn, state_->EnterWriters());
    }
    for (int attempt = 0;; ++attempt) {
      bool fresh = false;
      SCARWISE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, state_->Acquire(fresh));
      try {
        TransactionStatements& hot = connection->Prepared<TransactionStatements>(state_->dialect());
        (mode == TransactionMode::kReadOnly ? hot.begin_read : hot.begin_write).Execute();
        return std::unique_ptr<Transaction>(std::make_unique<SqlTransaction>(
            state_, std::move(connection), std::move(writer_turn), Opening{true, !fresh}));
      } catch (const std::exception& e) {
        Error error = state_->Fail("Begin", e);
        state_->Release(std::move(connection), false);
        // A pooled connection lost with the server: its idle siblings were lost with it, so the
        // one retry (nothing was written yet) opens a fresh connection.
        if (!fresh && error.code == ErrorCode::kUnavailable) state_->DiscardIdle();
        if (fresh || attempt > 0 || error.code != ErrorCode::kUnavailable) return Unexpected(std::move(error));
      }
    }
  }

  std::string_view BackendName() const override { return state_->dialect().Name(); }

 private:
  std::shared_ptr<ConnectionPool> state_;
};

Error MigrationError(const Dialect& dialect, const std::exception& e) {
  Failure failure = dialect.Classify(e);
  DefaultLog(StorageLogEvent{"Migrate", failure.code, failure.backend_code, failure.detail});
  const ErrorCode code = failure.code == ErrorCode::kUnavailable ? ErrorCode::kUnavailable : ErrorCode::kInternal;
  if (code == ErrorCode::kUnavailable) return Unavailable(ClientMessage(code, ""));
  return Internal("the database schema could not be brought up to date");
}

// The database could not be reached when opening it: for the operator starting the server
// or running a database command, kUnavailable (field "db") with what was tried and the
// driver's reason, which each dialect's Connect words without a password.
Error ConnectError(const Dialect& dialect, const std::exception& e) {
  Failure failure = dialect.Classify(e);
  if (failure.code != ErrorCode::kUnavailable) return MigrationError(dialect, e);
  DefaultLog(StorageLogEvent{"Connect", failure.code, failure.backend_code, failure.detail});
  return Unavailable("db", "cannot reach the database: " + failure.detail);
}

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

}  // namespace

std::string FirstLine(std::string_view message) {
  const size_t end = message.find('\n');
  std::string line(message.substr(0, end));
  if (line.size() > 300) line.resize(300);
  return line;
}

Result<int> MigrateTo(const Dialect& dialect, int target_version) {
  const std::vector<Migration>& migrations = dialect.Migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  std::unique_ptr<soci::session> sql;
  try {
    sql = dialect.Connect();
  } catch (const std::exception& e) {
    return Unexpected(ConnectError(dialect, e));
  }
  // Up to date already (the usual start-up): no write lock needed.
  try {
    int current = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(current);
    if (current >= std::min(target_version, latest) && current <= latest) return current;
  } catch (const std::exception&) {  // no schema_migrations table yet: migrate below
  }
  try {
    *sql << dialect.BeginStatement(TransactionMode::kReadWrite);
    if (const std::string lock = dialect.MigrationLockStatement(); !lock.empty()) *sql << lock;
    *sql << kCreateSchemaMigrations;
    int current = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(current);
    if (current > latest) {
      *sql << "ROLLBACK";
      return Unexpected(FailedPrecondition("db", "the database schema (version " + std::to_string(current) +
                                                     ") is newer than this program (version " + std::to_string(latest) +
                                                     ")"));
    }
    for (const Migration& migration : migrations) {
      if (migration.version <= current || migration.version > target_version) continue;
      for (std::string_view statement : migration.statements) *sql << std::string(statement);
      const std::string name(migration.name);
      *sql << "INSERT INTO schema_migrations (version, name) VALUES (:version, :name)", soci::use(migration.version),
          soci::use(name);
      current = migration.version;
    }
    *sql << "COMMIT";
    return current;
  } catch (const std::exception& e) {
    Error error = MigrationError(dialect, e);
    try {
      *sql << "ROLLBACK";
    } catch (const std::exception&) {  // the connection is closed below either way
    }
    return Unexpected(std::move(error));
  }
}

Result<int> SchemaVersion(const Dialect& dialect) {
  std::unique_ptr<soci::session> sql;
  try {
    sql = dialect.Connect();
  } catch (const std::exception& e) {
    return Unexpected(ConnectError(dialect, e));
  }
  try {
    int version = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(version);
    return version;
  } catch (const std::exception& e) {
    Failure failure = dialect.Classify(e);
    if (failure.code == ErrorCode::kUnavailable) return Unexpected(MigrationError(dialect, e));
    return 0;  // no schema_migrations table: nothing was ever migrated
  }
}

Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Dialect> dialect, StoreOptions options) {
  SCARWISE_RETURN_IF_ERROR(MigrateTo(*dialect, dialect->Migrations().back().version));
  auto state = std::make_shared<ConnectionPool>(std::move(dialect), std::move(options));
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(state)));
}

}  // namespace scarwise::storage::sql

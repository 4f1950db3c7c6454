// The PostgreSQL backend: connection set-up and the classification of SQLSTATEs. The only
// translation unit with soci-postgresql.h (and so libpq-fe.h).
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "storage/sql/dialect.hpp"

namespace scarwise::storage::sql {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Five digits or upper-case letters, as the server sends them (soci reports a missing one
// as blanks or NULs).
bool IsSqlState(std::string_view state) {
  if (state.size() != 5) return false;
  for (char c : state) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

ErrorCode CodeForSqlState(std::string_view state) {
  if (state == "23505") return ErrorCode::kAlreadyExists;           // unique_violation
  if (state == "23503") return ErrorCode::kNotFound;                // foreign_key_violation
  if (state == "P0001") return ErrorCode::kPermissionDenied;        // raise_exception (append-only audit)
  if (StartsWith(state, "23")) return ErrorCode::kInvalidArgument;  // check, not null, ...
  if (StartsWith(state, "22")) return ErrorCode::kInvalidArgument;  // data exception
  if (state == "25006") return ErrorCode::kInvalidArgument;         // a write in a read-only transaction
  if (StartsWith(state, "08")) return ErrorCode::kUnavailable;      // connection exception
  if (StartsWith(state, "40")) return ErrorCode::kUnavailable;      // serialization failure, deadlock
  if (StartsWith(state, "53")) return ErrorCode::kUnavailable;      // insufficient resources
  if (StartsWith(state, "57")) return ErrorCode::kUnavailable;      // operator intervention, shutdown
  if (state == "55P03") return ErrorCode::kUnavailable;             // lock_not_available (lock_timeout)
  return ErrorCode::kInternal;
}

class PostgresDialect final : public Dialect {
 public:
  PostgresDialect(std::string conninfo, const StoreOptions& options)
      : conninfo_(std::move(conninfo)), busy_timeout_ms_(options.busy_timeout.count()) {}

  std::string_view Name() const override { return "postgresql"; }

  std::unique_ptr<soci::session> Connect() const override {
    auto session = std::make_unique<soci::session>(soci::postgresql, conninfo_);
    // A row lock held by a stuck transaction makes others fail with kUnavailable instead of
    // waiting for ever.
    *session << "SET lock_timeout = " + std::to_string(busy_timeout_ms_);
    *session << "SET client_encoding = 'UTF8'";
    return session;
  }

  const std::vector<Migration>& Migrations() const override { return PostgresMigrations(); }

  // READ COMMITTED is enough: versions are checked by conditional UPDATEs (row locks),
  // uniqueness by constraints, and the audit chain by its head row's lock.
  bool SingleWriter() const override { return false; }
  std::string BeginStatement(TransactionMode mode) const override {
    return mode == TransactionMode::kReadWrite ? "BEGIN" : "BEGIN READ ONLY";
  }
  std::string BeginSnapshotStatement() const override { return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"; }
  // Servers starting together against one database migrate one after the other.
  std::string MigrationLockStatement() const override { return "SELECT pg_advisory_xact_lock(7305862113)"; }

  std::vector<std::string> AfterRestoreStatements(const TableSpec& table) const override {
    if (!table.has_identity_id) return {};
    const std::string name(table.name);
    return {"SELECT setval(pg_get_serial_sequence('" + name + "', 'id'), COALESCE((SELECT MAX(id) FROM " + name +
            "), 0) + 1, false)"};
  }

  Failure Classify(const std::exception& error) const override {
    Failure failure;
    failure.detail = FirstLine(error.what());
    if (const auto* pg_error = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
      failure.backend_code = pg_error->sqlstate();
      failure.detail = FirstLine(pg_error->get_error_message());
      // No SQLSTATE: libpq itself failed, not the server (the connection was lost, e.g. the
      // server was killed or restarted). The request may succeed on a new connection.
      const bool blank = !IsSqlState(failure.backend_code) || failure.backend_code == "00000";
      if (blank) failure.backend_code.clear();
      failure.code = blank ? ErrorCode::kUnavailable : CodeForSqlState(failure.backend_code);
      return failure;
    }
    if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error)) {
      failure.detail = FirstLine(soci_error->get_error_message());
      // Errors without a SQLSTATE come from the connection itself (server gone, refused).
      const bool connection = soci_error->get_error_category() == soci::soci_error::connection_error ||
                              failure.detail.find("connection") != std::string::npos ||
                              failure.detail.find("server") != std::string::npos;
      failure.code = connection ? ErrorCode::kUnavailable : ErrorCode::kInternal;
    }
    return failure;
  }

 private:
  std::string conninfo_;
  int64_t busy_timeout_ms_;
};

}  // namespace

std::unique_ptr<Dialect> MakePostgresDialect(std::string location, const StoreOptions& options) {
  return std::make_unique<PostgresDialect>(std::move(location), options);
}

}  // namespace scarwise::storage::sql

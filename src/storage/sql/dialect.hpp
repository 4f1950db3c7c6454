#pragma once

// What differs between the SQL backends, behind one SOCI-based implementation of the
// storage port (sql_store.cpp). Each backend's translation unit includes its own SOCI
// header (soci-sqlite3.h cannot share a translation unit with other sqlite code). Internal.

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/result.hpp"
#include "storage/sql/migration.hpp"
#include "storage/store.hpp"

namespace soci {
class session;
}

namespace scarwise::storage::sql {

// A database failure, classified.
struct Failure {
  ErrorCode code = ErrorCode::kInternal;
  std::string backend_code;  // SQLSTATE or SQLite result code; "" when unknown
  std::string detail;        // the first line of the driver's message (no bound values)
  // What failed beneath a kUnavailable or kInternal (Error::cause): "disk_full", "read_only",
  // "io_error", "busy"; "" when nothing more precise than the code is known.
  std::string cause;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view Name() const = 0;  // "sqlite" | "postgresql"
  // A new connection, configured (pragmas, timeouts). Throws on failure; a failure to reach
  // the database is classified kUnavailable, and its detail names what was tried and the
  // driver's reason, never a password (it is shown to the operator by ConnectError).
  virtual std::unique_ptr<soci::session> Connect() const = 0;
  virtual const std::vector<Migration>& Migrations() const = 0;

  // True when the database runs one write transaction at a time (SQLite): the store then
  // queues its own writers in process.
  virtual bool SingleWriter() const = 0;
  // True when a read-only transaction's BEGIN ... ROLLBACK would add only round trips: under
  // PostgreSQL's READ COMMITTED each statement reads its own snapshot, inside a transaction
  // block or not, so a read-only unit of work runs its statements in autocommit (a
  // one-statement read: one round trip instead of three). False on SQLite, whose deferred
  // transaction reads one WAL snapshot across its statements.
  virtual bool ReadsNeedNoTransaction() const = 0;
  virtual std::string BeginStatement(TransactionMode mode) const = 0;
  // Read-only and one consistent snapshot across statements (for backups).
  virtual std::string BeginSnapshotStatement() const = 0;
  // Run first inside the migration transaction so that concurrent migrators queue; "" if the
  // BEGIN already serialises them.
  virtual std::string MigrationLockStatement() const = 0;
  // Appended to a SELECT whose rows the transaction claims, so that concurrent claimers take
  // different rows instead of waiting for each other (" FOR UPDATE SKIP LOCKED"); "" where
  // one writer at a time makes every claim exclusive anyway.
  virtual std::string_view SkipLockedClause() const = 0;
  // A FROM item that reads a JSON array of objects named `parameter` as rows of `table`
  // (each object's members named after its columns), so that a batch of rows goes in as one
  // statement whatever its size; "" where one statement per row costs nothing but the
  // statement (SQLite, in process), so that bound values are kept.
  virtual std::string RowsFromJson(std::string_view table, std::string_view parameter) const = 0;
  // A condition true where `column` is one of the ids of the JSON array named `parameter`
  // ("[4,8,15]"), planned as an index lookup per id whatever the table's statistics say.
  virtual std::string InJsonIds(std::string_view column, std::string_view parameter) const = 0;
  // Statements that make a table's generated ids continue after the largest restored id.
  virtual std::vector<std::string> AfterRestoreStatements(const TableSpec& table) const = 0;
  // Classifies what a statement threw (soci_error and its backend subclasses).
  virtual Failure Classify(const std::exception& error) const = 0;
};

// The backends. `location` is the SQLite file path or the libpq conninfo / URI. A
// PostgreSQL location is parsed by libpq itself (both forms; a URI's parts are
// percent-decoded) and handed to SOCI as keywords: kInvalidArgument (field "db", libpq's
// reason, never the password) when libpq cannot parse it.
std::unique_ptr<Dialect> MakeSqliteDialect(std::string location, const StoreOptions& options);
Result<std::unique_ptr<Dialect>> MakePostgresDialect(const std::string& location, const StoreOptions& options);

// The dialect for a database URL (see OpenStore), or kInvalidArgument (field "db").
Result<std::unique_ptr<Dialect>> DialectForUrl(std::string_view url, const StoreOptions& options);

// The SQL implementation of the port over a dialect; applies pending migrations first.
Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Dialect> dialect, StoreOptions options);

// Brings the schema to `target_version` (at most the dialect's latest) and returns the
// version the database is at (which may be higher than the target, never lower).
Result<int> MigrateTo(const Dialect& dialect, int target_version);
// The schema version of the database (0: no migrations yet).
Result<int> SchemaVersion(const Dialect& dialect);

// The first line of a message, at most 300 bytes.
std::string FirstLine(std::string_view message);

}  // namespace scarwise::storage::sql

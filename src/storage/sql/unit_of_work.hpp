#pragma once

// The unit of work under every Transaction: one pooled connection inside BEGIN ... COMMIT,
// or, for a read-only transaction where the dialect says a BEGIN would add only round trips
// (Dialect::ReadsNeedNoTransaction: PostgreSQL), its statements one by one in autocommit.
// Every repository call runs through Run(), which refuses calls after the transaction
// ended, turns what a statement threw into an Error, aborts the transaction as store.hpp
// says, and injects the faults of StoreOptions::faults (storage/faults.hpp).
#include <functional>
#include <memory>
#include <mutex>

#include "storage/faults.hpp"
#include "storage/sql/connection_pool.hpp"
#include "storage/sql/statement.hpp"

namespace scarwise::storage::sql {

// How a failed call leaves the transaction: failed writes and database exceptions abort it.
enum class CallKind { kRead, kInsert };

// The statements every transaction runs, prepared once per connection.
struct TransactionStatements {
  TransactionStatements(soci::session& sql, const Dialect& dialect);
  Stmt begin_read;
  Stmt begin_write;
  Stmt commit;
  Stmt rollback;
  Stmt savepoint;  // the unit of work of Transaction::Nested
  Stmt release_savepoint;
  Stmt rollback_to_savepoint;
};

// How a unit of work starts on its connection.
struct Opening {
  // BEGIN was run (false: a read-only unit in autocommit, see Dialect::ReadsNeedNoTransaction).
  bool begun = true;
  // The connection came from the pool rather than being opened for this unit. An autocommit
  // read that finds such a connection lost with the server (kUnavailable on its first call:
  // nothing ran yet) runs that call once more on a fresh connection, as Begin does for BEGIN.
  bool pooled = false;
};

class UnitOfWork {
 public:
  UnitOfWork(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> connection,
             std::unique_lock<std::timed_mutex> writer_turn, Opening opening);
  ~UnitOfWork();
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;

  soci::session& Sql() { return *connection_->sql; }
  const Dialect& dialect() const { return pool_->dialect(); }
  // This connection's prepared statement set of type T (see Connection::Prepared).
  template <typename T>
  T& Prepared() {
    return connection_->Prepared<T>(pool_->dialect());
  }
  const std::vector<std::string>& audit_keys() const { return pool_->audit_keys(); }

  // Runs one repository call named `operation` (the name logged on failure).
  template <typename T, typename Body>
  Result<T> Run(const char* operation, CallKind kind, Body&& body) {
    if (status_ != Status::kOpen || unit_aborted_) return Unexpected(Unusable());
    if (FaultPlan* faults = pool_->faults()) {
      if (std::optional<Error> fault = faults->Call()) {
        Abort();
        return Unexpected(std::move(*fault));
      }
    }
    for (;;) {
      try {
        Result<T> result = body();
        may_reconnect_ = false;
        if (!result && kind == CallKind::kInsert) Abort();
        return result;
      } catch (const std::exception& e) {
        Error error = pool_->Fail(operation, e);
        if (Reconnected(error)) continue;
        Abort();
        return Unexpected(std::move(error));
      }
    }
  }

  // Transaction::Nested: runs `unit` inside a savepoint.
  Result<void> Nested(const std::function<Result<void>()>& unit);
  // Transaction::NestedRead: runs `unit`, which only reads, without a savepoint.
  Result<void> NestedRead(const std::function<Result<void>()>& unit);
  // Transaction::Commit.
  Result<void> Commit();

 private:
  enum class Status { kOpen, kCommitted, kAborted };

  static Error Unusable();
  // After the first call of an autocommit read failed with `error`: true when the lost pooled
  // connection was replaced by a fresh one, so that the call can run again (see Opening).
  bool Reconnected(const Error& error);
  // Runs BEGIN on an autocommit read that needs a transaction block after all (a savepoint).
  void BeginNow();
  static Error LostUnits();
  TransactionStatements& Statements() { return Prepared<TransactionStatements>(); }
  // Ends the transaction at once, so that its locks (SQLite's write lock, PostgreSQL's row
  // locks) are not held until the caller lets go of the object. Inside a unit of work only
  // the unit ends (rolled back to its savepoint), unless that fails too.
  void Abort();
  void RollBack();

  std::shared_ptr<ConnectionPool> pool_;
  std::unique_ptr<Connection> connection_;
  std::unique_lock<std::timed_mutex> writer_turn_;  // held until the end on a single-writer database
  Status status_ = Status::kOpen;
  bool in_unit_ = false;       // inside Nested()
  bool in_read_unit_ = false;  // inside NestedRead()
  bool unit_aborted_ = false;  // ... and a call in that unit aborted it
  bool healthy_ = true;
  bool begun_;          // inside BEGIN ... (false: autocommit reads)
  bool may_reconnect_;  // see Opening::pooled; cleared by the first call
};

}  // namespace scarwise::storage::sql

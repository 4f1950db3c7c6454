#pragma once

// The unit of work under every Transaction: one pooled connection inside BEGIN ... COMMIT.
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

class UnitOfWork {
 public:
  UnitOfWork(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> connection,
             std::unique_lock<std::timed_mutex> writer_turn);
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
    try {
      Result<T> result = body();
      if (!result && kind == CallKind::kInsert) Abort();
      return result;
    } catch (const std::exception& e) {
      Error error = pool_->Fail(operation, e);
      Abort();
      return Unexpected(std::move(error));
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
};

}  // namespace scarwise::storage::sql

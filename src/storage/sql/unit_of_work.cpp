#include "storage/sql/unit_of_work.hpp"

#include <utility>

namespace scarwise::storage::sql {

TransactionStatements::TransactionStatements(soci::session& sql, const Dialect& dialect)
    : begin_read(sql),
      begin_write(sql),
      commit(sql),
      rollback(sql),
      savepoint(sql),
      release_savepoint(sql),
      rollback_to_savepoint(sql) {
  begin_read.PrepareKept(dialect.BeginStatement(TransactionMode::kReadOnly));
  begin_write.PrepareKept(dialect.BeginStatement(TransactionMode::kReadWrite));
  commit.PrepareKept("COMMIT");
  rollback.PrepareKept("ROLLBACK");
  savepoint.PrepareKept("SAVEPOINT unit");
  release_savepoint.PrepareKept("RELEASE SAVEPOINT unit");
  rollback_to_savepoint.PrepareKept("ROLLBACK TO SAVEPOINT unit");
}

UnitOfWork::UnitOfWork(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> connection,
                       std::unique_lock<std::timed_mutex> writer_turn, Opening opening)
    : pool_(std::move(pool)),
      connection_(std::move(connection)),
      writer_turn_(std::move(writer_turn)),
      begun_(opening.begun),
      may_reconnect_(!opening.begun && opening.pooled) {}

UnitOfWork::~UnitOfWork() {
  if (status_ == Status::kOpen) RollBack();
  if (connection_) pool_->Release(std::move(connection_), healthy_);
}

bool UnitOfWork::Reconnected(const Error& error) {
  if (!std::exchange(may_reconnect_, false) || error.code != ErrorCode::kUnavailable) return false;
  // Its idle siblings were lost with the server too.
  pool_->Release(std::move(connection_), false);
  pool_->DiscardIdle();
  bool fresh = false;
  Result<std::unique_ptr<Connection>> connection = pool_->Acquire(fresh);
  if (!connection) return false;
  connection_ = std::move(*connection);
  return true;
}

void UnitOfWork::BeginNow() {
  Statements().begin_read.Execute();
  begun_ = true;
}

Error UnitOfWork::Unusable() {
  return FailedPrecondition("the transaction is no longer usable; start a new one");
}

Error UnitOfWork::LostUnits() {
  return Unavailable(ClientMessage(ErrorCode::kUnavailable, ""));
}

Result<void> UnitOfWork::Nested(const std::function<Result<void>()>& unit) {
  if (in_unit_ || in_read_unit_) return Unexpected(FailedPrecondition("units of work do not nest"));
  if (status_ != Status::kOpen) return Unexpected(LostUnits());
  try {
    if (!begun_) BeginNow();
    Statements().savepoint.Execute();
  } catch (const std::exception& e) {
    pool_->Fail("Savepoint", e);
    Abort();
    return Unexpected(LostUnits());
  }
  in_unit_ = true;
  unit_aborted_ = false;
  Result<void> result = unit();
  in_unit_ = false;
  if (std::exchange(unit_aborted_, false)) {  // rolled back to the savepoint already
    if (status_ != Status::kOpen) return Unexpected(LostUnits());
    return result ? Result<void>(Unexpected(Unusable())) : result;
  }
  try {
    if (!result) Statements().rollback_to_savepoint.Execute();
    Statements().release_savepoint.Execute();
  } catch (const std::exception& e) {
    pool_->Fail("Savepoint", e);
    Abort();
    return Unexpected(LostUnits());
  }
  return result;
}

Result<void> UnitOfWork::NestedRead(const std::function<Result<void>()>& unit) {
  if (in_unit_ || in_read_unit_) return Unexpected(FailedPrecondition("units of work do not nest"));
  if (status_ != Status::kOpen) return Unexpected(LostUnits());
  in_read_unit_ = true;
  Result<void> result = unit();
  in_read_unit_ = false;
  if (status_ != Status::kOpen) return Unexpected(LostUnits());  // the database failed beneath it
  return result;
}

Result<void> UnitOfWork::Commit() {
  if (status_ != Status::kOpen || in_unit_ || in_read_unit_) return Unexpected(Unusable());
  if (FaultPlan* faults = pool_->faults()) {
    if (std::optional<Error> fault = faults->Call()) {
      Abort();
      return Unexpected(std::move(*fault));
    }
  }
  try {
    if (begun_) Statements().commit.Execute();
    status_ = Status::kCommitted;
    if (writer_turn_.owns_lock()) writer_turn_.unlock();
    return {};
  } catch (const std::exception& e) {
    Error error = pool_->Fail("Commit", e);
    Abort();
    return Unexpected(std::move(error));
  }
}

void UnitOfWork::Abort() {
  if (in_unit_ && !unit_aborted_) {
    unit_aborted_ = true;
    try {
      Statements().rollback_to_savepoint.Execute();
      Statements().release_savepoint.Execute();
      return;
    } catch (const std::exception& e) {
      pool_->Fail("Savepoint", e);
    }
  }
  RollBack();
  status_ = Status::kAborted;
  if (writer_turn_.owns_lock()) writer_turn_.unlock();
}

void UnitOfWork::RollBack() {
  if (!begun_) return;  // autocommit reads: nothing to roll back
  try {
    Statements().rollback.Execute();
  } catch (const std::exception&) {
    // SQLite may have rolled back already (a failed COMMIT); otherwise the connection is
    // in an unknown state. Either way: close it rather than reuse it.
    healthy_ = false;
  }
}

}  // namespace scarwise::storage::sql

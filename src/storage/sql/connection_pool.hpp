#pragma once

// The connections of one store and what its transactions share: the dialect, the options,
// a pool of open connections, the in-process writer queue of a single-writer database, and
// the one place where what a statement threw becomes an Error.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "storage/sql/dialect.hpp"
#include "storage/store.hpp"

namespace scarwise::storage::sql {

// One open connection and the statements prepared on it for reuse (a one-shot statement
// costs about twice as much on both backends).
struct Connection {
  std::unique_ptr<soci::session> sql;
  // Prepared statement sets by type, made on first use: each is constructed as
  // T(soci::session&, const Dialect&) and never moves. Declared after `sql`: destroyed first.
  std::unordered_map<std::type_index, std::shared_ptr<void>> prepared;

  template <typename T>
  T& Prepared(const Dialect& dialect) {
    std::shared_ptr<void>& slot = prepared[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>(*sql, dialect);
    return *static_cast<T*>(slot.get());
  }
};

// What a client may be told about a database failure.
std::string ClientMessage(ErrorCode code, std::string_view field);

class ConnectionPool {
 public:
  ConnectionPool(std::unique_ptr<Dialect> dialect, StoreOptions options);

  const Dialect& dialect() const { return *dialect_; }
  // The audit keys, oldest first (StoreOptions::audit_keys); empty: none configured.
  const std::vector<std::string>& audit_keys() const { return options_.audit_keys; }
  // The faults to inject (StoreOptions::faults); null: none.
  FaultPlan* faults() const { return options_.faults.get(); }

  // Queues the read-write transactions of this process for a single-writer database
  // (SQLite) in a lock that wakes the next writer as soon as one ends, instead of letting
  // them poll SQLite's busy handler (which sleeps in growing steps and gives long tails).
  // An empty lock where the database takes concurrent writers; kUnavailable after waiting
  // busy_timeout.
  Result<std::unique_lock<std::timed_mutex>> EnterWriters();

  // A connection from the pool, a new one if the pool may grow, or kUnavailable after
  // waiting busy_timeout for one to come back. `fresh` says whether it was just opened.
  Result<std::unique_ptr<Connection>> Acquire(bool& fresh);
  // Gives a connection back; an unhealthy one is closed and a new one opened when needed.
  void Release(std::unique_ptr<Connection> connection, bool healthy);
  // Closes every idle connection (a new one is opened when next needed).
  void DiscardIdle();

  // Turns what a statement threw into an Error and logs unexpected failures.
  Error Fail(const char* operation, const std::exception& error);
  void Log(const StorageLogEvent& event);

 private:
  std::unique_ptr<Dialect> dialect_;
  StoreOptions options_;
  std::mutex mutex_;
  std::timed_mutex writers_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

void DefaultLog(const StorageLogEvent& event);

}  // namespace scarwise::storage::sql

// The connection pool and the failure mapping shared by every statement.
#include "storage/sql/connection_pool.hpp"

#include <soci/soci.h>

#include <cstdio>

namespace scarwise::storage::sql {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The input field a constraint guards, from the constraint or column names that both
// SQLite's and PostgreSQL's messages carry.
std::string FieldForConstraint(std::string_view detail) {
  if (Contains(detail, "email_key")) return "email";
  if (Contains(detail, "users_patient_id") || Contains(detail, "users.patient_id")) return "patient_id";
  if (Contains(detail, "token_hash")) return "token_hash";
  if (Contains(detail, "idempotency_keys")) return "idempotency_key";
  if (Contains(detail, "record_history")) return "version";
  if (Contains(detail, "users_role")) return "role";
  if (Contains(detail, "patients_sex")) return "sex";
  if (Contains(detail, "patients_fitzpatrick")) return "fitzpatrick";
  if (Contains(detail, "plans_status")) return "status";
  if (Contains(detail, "alerts_missed_check_in") || Contains(detail, "alerts.session_id")) return "missed_day";
  if (Contains(detail, "treatment_sessions_number") || Contains(detail, "treatment_sessions.session_number")) {
    return "session_number";
  }
  if (Contains(detail, "resource_slots")) return "slot";
  if (Contains(detail, "appointments_booked_session") || Contains(detail, "appointments.session_number")) {
    return "session_booked";
  }
  if (Contains(detail, "resources_kind") || Contains(detail, "appointments_kind")) return "kind";
  if (Contains(detail, "outbox_messages")) return "dedupe_key";
  if (Contains(detail, "appointments_status")) return "status";
  if (Contains(detail, "assessment")) return "assessment_id";
  if (Contains(detail, "screening")) return "screening_id";
  return "";
}

// What a client may be told about a database failure.
}  // namespace

std::string ClientMessage(ErrorCode code, std::string_view field) {
  switch (code) {
    case ErrorCode::kAlreadyExists:
      if (field == "email") return "an account with this email already exists";
      if (field == "patient_id") return "this patient already has a portal account";
      if (field == "idempotency_key") return "this idempotency key has already been used";
      if (field == "version") return "this version of the record is already recorded";
      if (field == "session_number") return "this session of the plan is already charted";
      if (field == "session_booked") return "this session of the plan already has a booked appointment";
      if (field == "slot") return "that time is already taken for this practitioner, room or device";
      return "the record already exists";
    case ErrorCode::kNotFound:
      return "a record that this one refers to does not exist";
    case ErrorCode::kInvalidArgument:
      return "a value is not allowed here";
    case ErrorCode::kPermissionDenied:
      return "the audit log can only be appended to";
    case ErrorCode::kUnavailable:
      return "the record store is unavailable; try again";
    default:
      return "the record store failed";
  }
}

void DefaultLog(const StorageLogEvent& event) {
  std::fprintf(stderr, "storage: %s failed: %s [%s] %s\n", event.operation.c_str(),
               std::string(ErrorCodeName(event.code)).c_str(), event.backend_code.c_str(), event.detail.c_str());
}

ConnectionPool::ConnectionPool(std::unique_ptr<Dialect> dialect, StoreOptions options)
    : dialect_(std::move(dialect)), options_(std::move(options)) {
  if (!options_.log) options_.log = DefaultLog;
  if (options_.max_connections < 1) options_.max_connections = 1;
}

Result<std::unique_lock<std::timed_mutex>> ConnectionPool::EnterWriters() {
  if (!dialect_->SingleWriter()) return std::unique_lock<std::timed_mutex>();
  std::unique_lock gate(writers_, options_.busy_timeout);
  if (!gate.owns_lock()) {
    Log(StorageLogEvent{"Begin", ErrorCode::kUnavailable, "", "another writer held the database too long"});
    return Unexpected(Unavailable(ClientMessage(ErrorCode::kUnavailable, "")));
  }
  return gate;
}

// A connection from the pool, a new one if the pool may grow, or kUnavailable after
// waiting busy_timeout for one to come back. `fresh` says whether it was just opened.
Result<std::unique_ptr<Connection>> ConnectionPool::Acquire(bool& fresh) {
  {
    std::unique_lock lock(mutex_);
    const bool ready = returned_.wait_for(lock, options_.busy_timeout,
                                          [&] { return !idle_.empty() || open_ < options_.max_connections; });
    if (!ready) {
      Log(StorageLogEvent{"Begin", ErrorCode::kUnavailable, "", "no free connection"});
      return Unexpected(Unavailable(ClientMessage(ErrorCode::kUnavailable, "")));
    }
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      fresh = false;
      return connection;
    }
    ++open_;
  }
  fresh = true;
  try {
    auto connection = std::make_unique<Connection>();
    connection->sql = dialect_->Connect();
    return connection;
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    returned_.notify_one();
    Failure failure = dialect_->Classify(e);
    Log(StorageLogEvent{"Connect", ErrorCode::kUnavailable, failure.backend_code, failure.detail});
    return Unexpected(Unavailable(ClientMessage(ErrorCode::kUnavailable, "")));
  }
}

// Gives a connection back; an unhealthy one is closed and a new one opened when needed.
void ConnectionPool::Release(std::unique_ptr<Connection> connection, bool healthy) {
  {
    std::lock_guard lock(mutex_);
    if (healthy) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  connection.reset();  // closes an unhealthy connection outside the lock
  returned_.notify_one();
}

// Closes every idle connection (a new one is opened when next needed).
void ConnectionPool::DiscardIdle() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
    open_ -= static_cast<int>(idle.size());
  }
  idle.clear();  // closes them outside the lock
  returned_.notify_all();
}

// Turns what a statement threw into an Error and logs unexpected failures.
Error ConnectionPool::Fail(const char* operation, const std::exception& error) {
  Failure failure = dialect_->Classify(error);
  if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) {
    Log(StorageLogEvent{operation, failure.code, failure.backend_code, failure.detail});
  }
  std::string field = FieldForConstraint(failure.detail);
  if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) field.clear();
  std::string message = ClientMessage(failure.code, field);
  Error made{failure.code, std::move(message), std::move(field)};
  if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) {
    made.cause = failure.cause.empty() ? std::string(ErrorCodeName(failure.code)) : failure.cause;
  }
  if (failure.code == ErrorCode::kAlreadyExists && made.field == "slot") made.cause = std::string(kSlotTaken);
  return made;
}

void ConnectionPool::Log(const StorageLogEvent& event) {
  try {
    options_.log(event);
  } catch (...) {  // a failing log sink must not turn into a storage failure
  }
}

}  // namespace scarwise::storage::sql

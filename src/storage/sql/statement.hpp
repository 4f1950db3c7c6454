#pragma once

// Statements for the aggregates' SQL: a statement whose bindings are added one by one, and
// the generic reads every aggregate uses. A row struct names its columns (kColumns), binds
// them (Bind) and turns them into a record (ToRecord, a record or a Result of one):
//
//   struct PatientRow {
//     static constexpr const char* kColumns = "id, given_name, ...";
//     void Bind(Stmt& st);
//     Result<PatientRecord> ToRecord() const;
//   };
//   SelectOne<PatientRow>(sql, "FROM patients WHERE id = :id", "patient", Param("id", key));
//   SelectAll<PatientRow>(sql, "FROM patients ORDER BY id", Param(...), ...);
//
// SQL here is written once for both dialects (`:name` placeholders, INSERT ... RETURNING,
// row-value comparisons); what differs lives behind sql::Dialect.
#include <soci/soci.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/enum_names.hpp"
#include "common/error.hpp"
#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage::sql {

inline constexpr int kMaxPageSize = 1000;

// A statement whose bindings are added one by one, then prepared. Bound variables must
// outlive it.
class Stmt {
 public:
  explicit Stmt(soci::session& sql) : st_(sql) {}
  template <typename T>
  Stmt& Into(T& value) {
    st_.exchange(soci::into(value));
    return *this;
  }
  template <typename T>
  Stmt& Into(T& value, soci::indicator& indicator) {
    st_.exchange(soci::into(value, indicator));
    return *this;
  }
  template <typename T>
  Stmt& Use(const T& value, const std::string& name) {
    st_.exchange(soci::use(value, name));
    return *this;
  }
  template <typename T>
  Stmt& Use(const T& value, soci::indicator& indicator, const std::string& name) {
    st_.exchange(soci::use(value, indicator, name));
    return *this;
  }
  // Prepares a statement made for one call (most of them). On PostgreSQL it then goes to the
  // server with its parameters in one round trip (PQexecParams), where a named prepared
  // statement costs three (PREPARE, EXECUTE, and DEALLOCATE when it goes).
  Stmt& Prepare(const std::string& query) { return PrepareAs(query, soci::details::st_one_time_query); }
  // Prepares a statement kept for reuse (the statement sets of UnitOfWork::Prepared): on
  // PostgreSQL a named prepared statement, parsed and planned once per connection.
  Stmt& PrepareKept(const std::string& query) { return PrepareAs(query, soci::details::st_repeatable_query); }
  // Runs it; true when a first row was fetched into the Into variables.
  bool Execute() { return st_.execute(true); }
  // Runs it for Fetch() to read rows one by one.
  void Start() { st_.execute(false); }
  bool Fetch() { return st_.fetch(); }
  // Steps past the last row. SQLite keeps a statement that has not run to completion
  // "active", holding its read snapshot even after COMMIT; statements kept for reuse must
  // be finished after each use (read the row first: this may touch the Into variables).
  void Finish() {
    while (st_.fetch()) {
    }
  }
  int64_t AffectedRows() { return st_.get_affected_rows(); }

 private:
  Stmt& PrepareAs(const std::string& query, soci::details::statement_type type) {
    st_.alloc();
    st_.prepare(query, type);
    st_.define_and_bind();
    return *this;
  }

  soci::statement st_;
};

inline int64_t Seconds(Instant at) {
  return at.time_since_epoch().count();
}
inline Instant FromSeconds(int64_t seconds) {
  return Instant(std::chrono::seconds(seconds));
}
// A status or kind column read back as its enum. The database's CHECK constraints allow only
// the table's names, so an unknown one is a broken database: it throws, and the unit of work
// answers kInternal rather than guess a value.
template <typename E>
E Stored(std::string_view name) {
  if (const std::optional<E> value = FromName<E>(name)) return *value;
  throw std::runtime_error("unknown stored value '" + std::string(name) + "'");
}

// A nullable column's value and indicator, from an optional.
inline soci::indicator IndicatorOf(bool present) {
  return present ? soci::i_ok : soci::i_null;
}

inline Result<void> CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return Unexpected(InvalidArgument("limit", "must be between 1 and " + std::to_string(kMaxPageSize)));
  }
  return {};
}

// kNotFound for a record that is not there ("no such patient").
inline Error NoSuch(std::string_view what) {
  return NotFound("no such " + std::string(what));
}
// kFailedPrecondition (field "version"): the record changed since it was read.
inline Error Stale() {
  return FailedPrecondition("version", "the record has changed since it was read");
}

// A value bound by name for the length of one call.
template <typename T>
struct Bound {
  const T& value;
  const char* name;
};
template <typename T>
Bound<T> Param(const char* name, const T& value) {
  return Bound<T>{value, name};
}

namespace detail {
template <typename T>
struct Unwrap {
  using type = T;
};
template <typename T>
struct Unwrap<Result<T>> {
  using type = T;
};
template <typename Row>
using RecordOf = typename Unwrap<std::remove_cvref_t<decltype(std::declval<const Row&>().ToRecord())>>::type;
}  // namespace detail

// "SELECT <Row::kColumns> <rest>" with `params` bound: the first row's record, or
// kNotFound ("no such <what>") when there is none.
template <typename Row, typename... P>
Result<detail::RecordOf<Row>> SelectOne(soci::session& sql, std::string_view rest, std::string_view what,
                                        const Bound<P>&... params) {
  Row row;
  Stmt st(sql);
  row.Bind(st);
  (st.Use(params.value, params.name), ...);
  st.Prepare(std::string("SELECT ") + Row::kColumns + " " + std::string(rest));
  if (!st.Execute()) return Unexpected(NoSuch(what));
  return row.ToRecord();
}

// "SELECT <Row::kColumns> <rest>" with `params` bound: every row's record, in order.
template <typename Row, typename... P>
Result<std::vector<detail::RecordOf<Row>>> SelectAll(soci::session& sql, std::string_view rest,
                                                     const Bound<P>&... params) {
  Row row;
  Stmt st(sql);
  row.Bind(st);
  (st.Use(params.value, params.name), ...);
  st.Prepare(std::string("SELECT ") + Row::kColumns + " " + std::string(rest));
  std::vector<detail::RecordOf<Row>> records;
  st.Start();
  while (st.Fetch()) {
    Result<detail::RecordOf<Row>> record = row.ToRecord();
    if (!record) return Unexpected(std::move(record).error());
    records.push_back(std::move(*record));
  }
  return records;
}

}  // namespace scarwise::storage::sql

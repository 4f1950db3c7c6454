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

// `text` with every occurrence of `secret` replaced by "***" (nothing when `secret` is empty).
std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

// The password as written in a location that libpq could not parse, to keep it out of
// libpq's reason: a URI's user info after ':' or the value of a "password=" keyword.
std::string WrittenPassword(const std::string& location) {
  if (const auto scheme = location.find("://"); scheme != std::string::npos) {
    const std::string authority = location.substr(scheme + 3, location.find_first_of("/?", scheme + 3) - scheme - 3);
    const auto at = authority.rfind('@');
    const auto colon = authority.find(':');
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      return authority.substr(colon + 1, at - colon - 1);
    return "";
  }
  const auto key = location.find("password");
  if (key == std::string::npos) return "";
  const auto equals = location.find('=', key);
  if (equals == std::string::npos) return "";
  const auto value = location.find_first_not_of(" '", equals + 1);
  if (value == std::string::npos) return "";
  return location.substr(value, location.find_first_of(" '", value) - value);
}

// A location parsed by libpq: the keyword string SOCI gets, and the parts an error names.
struct Conninfo {
  std::string keywords;  // key='value' ... (quotes and backslashes escaped)
  std::string host, port, dbname, user, password;
};

Result<Conninfo> ParseConninfo(const std::string& location) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(location.c_str(), &error);
  if (options == nullptr) {
    const std::string reason = error != nullptr ? FirstLine(error) : "out of memory";
    if (error != nullptr) PQfreemem(error);
    return Unexpected(
        InvalidArgument("db",
                        "is not a PostgreSQL URL (postgresql://USER@HOST:PORT/DB) or libpq keyword string "
                        "(host=H port=P user=U dbname=D): " +
                            Redact(reason, WrittenPassword(location))));
  }
  Conninfo out;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string key = option->keyword, value = option->val;
    std::string quoted;
    for (char c : value) {
      if (c == '\\' || c == '\'') quoted += '\\';
      quoted += c;
    }
    out.keywords += (out.keywords.empty() ? "" : " ") + key + "='" + quoted + "'";
    if (key == "host") out.host = value;
    if (key == "hostaddr" && out.host.empty()) out.host = value;
    if (key == "port") out.port = value;
    if (key == "dbname") out.dbname = value;
    if (key == "user") out.user = value;
    if (key == "password") out.password = value;
  }
  PQconninfoFree(options);
  return out;
}

// "database "test" on host 127.0.0.1 port 5432 as user scarwise", with libpq's defaults
// said as such where the location left a part out.
std::string Describe(const Conninfo& c) {
  return "database \"" + (c.dbname.empty() ? "(the user's name)" : c.dbname) + "\" on host " +
         (c.host.empty() ? "(the default socket)" : c.host) + " port " + (c.port.empty() ? "5432" : c.port) +
         " as user " + (c.user.empty() ? "(the login name)" : c.user);
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

// What failed beneath, for Error::cause; "" when the code says enough.
std::string CauseForSqlState(std::string_view state) {
  if (state == "53100") return "disk_full";
  if (state == "25006") return "read_only";  // e.g. a standby after a failover
  if (StartsWith(state, "58")) return "io_error";
  if (StartsWith(state, "40") || state == "55P03") return "busy";
  if (StartsWith(state, "08") || StartsWith(state, "57") || StartsWith(state, "53")) return "unavailable";
  return "";
}

class PostgresDialect final : public Dialect {
 public:
  PostgresDialect(Conninfo conninfo, const StoreOptions& options)
      : conninfo_(std::move(conninfo)), busy_timeout_ms_(options.busy_timeout.count()) {}

  std::string_view Name() const override { return "postgresql"; }

  std::unique_ptr<soci::session> Connect() const override {
    std::unique_ptr<soci::session> session;
    try {
      session = std::make_unique<soci::session>(soci::postgresql, conninfo_.keywords);
    } catch (const soci::soci_error& e) {
      // SOCI's message is "Cannot establish connection to the database.\n" and libpq's
      // reason over one or more lines: one line naming what was tried, and why not.
      std::string reason(e.get_error_message());
      if (StartsWith(reason, "Cannot establish connection to the database.")) reason.erase(0, 45);
      std::string line;
      for (char c : reason) {
        if (c == '\n' || c == '\t') {
          if (!line.empty() && line.back() != ' ') line += line.back() == ';' ? " " : "; ";
        } else {
          line += c;
        }
      }
      while (!line.empty() && (line.back() == ' ' || line.back() == ';')) line.pop_back();
      while (!line.empty() && (line.front() == ' ' || line.front() == ';')) line.erase(0, 1);
      throw soci::soci_error("no connection to PostgreSQL " + Describe(conninfo_) + ": " +
                             Redact(line, conninfo_.password));
    }
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
  bool ReadsNeedNoTransaction() const override { return true; }
  std::string BeginStatement(TransactionMode mode) const override {
    return mode == TransactionMode::kReadWrite ? "BEGIN" : "BEGIN READ ONLY";
  }
  std::string BeginSnapshotStatement() const override { return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"; }
  // Servers starting together against one database migrate one after the other.
  std::string MigrationLockStatement() const override { return "SELECT pg_advisory_xact_lock(7305862113)"; }
  std::string_view SkipLockedClause() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::string RowsFromJson(std::string_view table, std::string_view parameter) const override {
    return "json_populate_recordset(NULL::" + std::string(table) + ", CAST(:" + std::string(parameter) + " AS json))";
  }
  // ARRAY(...) is computed before the scan, so the ids reach the index as one array even in a
  // generic plan; `IN (SELECT ...)` may be planned as a hash join over the whole table.
  std::string InJsonIds(std::string_view column, std::string_view parameter) const override {
    return std::string(column) +
           " = ANY(ARRAY(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(:" + std::string(parameter) +
           " AS json))))";
  }

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
      failure.cause = blank ? "unavailable" : CauseForSqlState(failure.backend_code);
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
  Conninfo conninfo_;
  int64_t busy_timeout_ms_;
};

}  // namespace

Result<std::unique_ptr<Dialect>> MakePostgresDialect(const std::string& location, const StoreOptions& options) {
  SCARWISE_ASSIGN_OR_RETURN(auto conninfo, ParseConninfo(location));
  return std::unique_ptr<Dialect>(std::make_unique<PostgresDialect>(std::move(conninfo), options));
}

}  // namespace scarwise::storage::sql

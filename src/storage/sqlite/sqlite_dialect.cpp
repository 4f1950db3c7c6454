// The SQLite backend: connection set-up for durability and concurrency, and the
// classification of SQLite's result codes. The only translation unit with soci-sqlite3.h.
#include <fcntl.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/sql/dialect.hpp"

namespace scarwise::storage::sql {
namespace {

// SQLite primary result codes (sqlite3.h cannot be included beside soci-sqlite3.h).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoError = 10;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Creates the database file at `path`, empty and readable and writable by its owner only
// (0600, whatever the umask), when it does not exist yet. SQLite gives the -wal and -shm
// files it creates beside it the database file's mode, so records never land in a file
// that other local users can read. An existing file keeps the mode its operator gave it.
// Failures (a missing folder, no permission) are left for SQLite to report on open.
void CreateOwnerOnly(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) return;
  (void)::fchmod(fd, S_IRUSR | S_IWUSR);
  ::close(fd);
}

class SqliteDialect final : public Dialect {
 public:
  SqliteDialect(std::string path, const StoreOptions& options)
      : path_(std::move(path)), busy_timeout_ms_(options.busy_timeout.count()) {}

  std::string_view Name() const override { return "sqlite"; }

  std::unique_ptr<soci::session> Connect() const override {
    CreateOwnerOnly(path_);
    // Quotes let the path hold spaces; SOCI's connection-string parser unquotes them.
    auto session = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path_ + "\"");
    // Wait for locks instead of failing at once.
    *session << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms_);
    // WAL: readers do not block the writer; with synchronous=FULL every commit is synced to
    // the WAL before it returns, so an acknowledged write survives kill -9 and power loss.
    std::string mode;
    *session << "PRAGMA journal_mode = WAL", soci::into(mode);
    *session << "PRAGMA synchronous = FULL";
    *session << "PRAGMA foreign_keys = ON";
    return session;
  }

  const std::vector<Migration>& Migrations() const override { return SqliteMigrations(); }

  // Writers take the write lock at BEGIN (IMMEDIATE), so two writers never both hold read
  // locks and then deadlock upgrading; the second waits up to busy_timeout.
  bool SingleWriter() const override { return true; }
  bool ReadsNeedNoTransaction() const override { return false; }
  std::string BeginStatement(TransactionMode mode) const override {
    return mode == TransactionMode::kReadWrite ? "BEGIN IMMEDIATE" : "BEGIN";
  }
  // In WAL mode a deferred transaction reads one snapshot from its first read on.
  std::string BeginSnapshotStatement() const override { return "BEGIN"; }
  std::string MigrationLockStatement() const override { return ""; }
  std::string_view SkipLockedClause() const override { return ""; }
  std::string RowsFromJson(std::string_view, std::string_view) const override { return ""; }
  std::string InJsonIds(std::string_view column, std::string_view parameter) const override {
    return std::string(column) + " IN (SELECT value FROM json_each(:" + std::string(parameter) + "))";
  }
  std::vector<std::string> AfterRestoreStatements(const TableSpec&) const override { return {}; }

  Failure Classify(const std::exception& error) const override {
    Failure failure;
    failure.detail = FirstLine(error.what());
    const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&error);
    if (sqlite_error == nullptr) {
      const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error);
      if (soci_error != nullptr) {
        failure.detail = FirstLine(soci_error->get_error_message());
        if (soci_error->get_error_category() == soci::soci_error::connection_error) {
          failure.code = ErrorCode::kUnavailable;
        }
      }
      return failure;
    }
    const int result = sqlite_error->result() & 0xff;
    failure.backend_code = std::to_string(result);
    failure.detail = FirstLine(sqlite_error->get_error_message());
    const std::string_view detail = failure.detail;
    switch (result) {
      case kSqliteBusy:
      case kSqliteLocked:
      case kSqliteIoError:
      case kSqliteFull:
      case kSqliteCantOpen:
      case kSqliteReadOnly:
        failure.code = ErrorCode::kUnavailable;
        failure.cause = result == kSqliteFull       ? "disk_full"
                        : result == kSqliteReadOnly ? "read_only"
                        : result == kSqliteIoError  ? "io_error"
                        : result == kSqliteCantOpen ? "unavailable"
                                                    : "busy";
        break;
      case kSqliteConstraint:
        if (Contains(detail, "UNIQUE") || Contains(detail, "PRIMARY KEY")) {
          failure.code = ErrorCode::kAlreadyExists;
        } else if (Contains(detail, "FOREIGN KEY")) {
          failure.code = ErrorCode::kNotFound;
        } else if (Contains(detail, "append-only")) {
          failure.code = ErrorCode::kPermissionDenied;
        } else {
          failure.code = ErrorCode::kInvalidArgument;
        }
        break;
      default:
        failure.code = ErrorCode::kInternal;
    }
    return failure;
  }

 private:
  std::string path_;
  int64_t busy_timeout_ms_;
};

}  // namespace

std::unique_ptr<Dialect> MakeSqliteDialect(std::string location, const StoreOptions& options) {
  return std::make_unique<SqliteDialect>(std::move(location), options);
}

}  // namespace scarwise::storage::sql

// The database file and the database's own integrity check (storage/database_file.hpp).
#include "storage/database_file.hpp"

#include <filesystem>
#include <fstream>

#include <soci/soci.h>

#include "common/unicode_text.hpp"
#include "storage/sql/dialect.hpp"

namespace scarwise::storage {
namespace {

// The file path of a sqlite: URL; "" for any other URL.
std::string SqlitePath(std::string_view url) {
  if (url.substr(0, 7) != "sqlite:") return "";
  std::string path(url.substr(7));
  if (path.rfind("//", 0) == 0) path.erase(0, 2);  // as DialectForUrl reads it
  return path;
}

Error NotADatabase(const std::string& path) {
  return FailedPrecondition("db", Printable(path, 200) + " is not a SQLite database");
}

}  // namespace

Result<DatabaseFile> InspectDatabaseFile(std::string_view url) {
  SCARWISE_RETURN_IF_ERROR(sql::DialectForUrl(url, StoreOptions{}));
  const std::string path = SqlitePath(url);
  if (path.empty()) return DatabaseFile::kNotAFile;
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) return DatabaseFile::kMissing;
  if (!std::filesystem::is_regular_file(status)) return Unexpected(NotADatabase(path));
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Unexpected(NotADatabase(path));
  if (size == 0) return DatabaseFile::kEmpty;
  // Every SQLite database begins with this 16-byte header string (sqlite.org/fileformat.html).
  static constexpr char kHeader[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
  char header[16] = {};
  std::ifstream file(path, std::ios::binary);
  if (!file.read(header, sizeof header) || !std::equal(std::begin(header), std::end(header), std::begin(kHeader))) {
    return Unexpected(NotADatabase(path));
  }
  return DatabaseFile::kSqlite;
}

Result<void> CheckDatabaseFile(std::string_view url, bool create) {
  SCARWISE_ASSIGN_OR_RETURN(auto file, InspectDatabaseFile(url));
  if (file == DatabaseFile::kEmpty && !create) {
    return Unexpected(
        FailedPrecondition("db", Printable(SqlitePath(url), 200) +
                                     " is an empty file, not a clinic database; to make a new database in it, "
                                     "start the server with --create (or run scarwise migrate)"));
  }
  return {};
}

Result<std::vector<std::string>> CheckIntegrity(std::string_view url, bool quick) {
  SCARWISE_ASSIGN_OR_RETURN(auto file, InspectDatabaseFile(url));
  if (file == DatabaseFile::kMissing) {
    return Unexpected(NotFound("db", Printable(SqlitePath(url), 200) + " does not exist"));
  }
  if (file == DatabaseFile::kEmpty) return Unexpected(NotADatabase(SqlitePath(url)));
  SCARWISE_ASSIGN_OR_RETURN(auto dialect, sql::DialectForUrl(url, StoreOptions{}));
  std::unique_ptr<soci::session> sql;
  try {
    sql = dialect->Connect();
  } catch (const std::exception& e) {
    const sql::Failure failure = dialect->Classify(e);
    return Unexpected(Error{failure.code == ErrorCode::kInternal ? ErrorCode::kUnavailable : failure.code,
                            "cannot open the database: " + Printable(failure.detail, 300), "db"});
  }
  std::vector<std::string> problems;
  try {
    if (dialect->Name() == "sqlite") {
      soci::rowset<std::string> rows = sql->prepare << (quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
      for (const std::string& row : rows) {
        if (row != "ok") problems.push_back(Printable(row, 300));
      }
      return problems;
    }
    int one = 0;
    *sql << "SELECT 1", soci::into(one);
    int amcheck = 0;
    *sql << "SELECT COUNT(*) FROM pg_extension WHERE extname = 'amcheck'", soci::into(amcheck);
    if (amcheck > 0) {
      soci::rowset<std::string> indexes = sql->prepare
                                          << "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                             " JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree'"
                                             " AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname";
      const std::vector<std::string> names(indexes.begin(), indexes.end());
      for (const std::string& name : names) {
        try {
          *sql << "SELECT bt_index_check(:name::regclass)", soci::use(name);
        } catch (const std::exception& e) {
          problems.push_back("index " + name + ": " + Printable(sql::FirstLine(e.what()), 300));
        }
      }
    }
    return problems;
  } catch (const std::exception& e) {
    const sql::Failure failure = dialect->Classify(e);
    if (failure.code == ErrorCode::kUnavailable) {
      return Unexpected(Unavailable("db", "cannot reach the database: " + Printable(failure.detail, 300)));
    }
    // SQLite reports a damaged file by failing the check itself ("database disk image is
    // malformed", "file is not a database").
    problems.push_back(Printable(failure.detail, 300));
    return problems;
  }
}

}  // namespace scarwise::storage

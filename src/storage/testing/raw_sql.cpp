// Test-only: built into scarwise_storage_testing, never into the application.
#include "storage/testing/raw_sql.hpp"

#include <soci/soci.h>

#include "storage/sql/dialect.hpp"

namespace scarwise::storage::testing {

Result<void> ExecuteRawSql(std::string_view url, std::string_view statement) {
  SCARWISE_ASSIGN_OR_RETURN(const std::unique_ptr<sql::Dialect> dialect, sql::DialectForUrl(url, StoreOptions{}));
  try {
    auto session = dialect->Connect();
    *session << "BEGIN";
    *session << std::string(statement);
    *session << "COMMIT";
    return {};
  } catch (const std::exception& e) {
    const sql::Failure failure = dialect->Classify(e);
    return Unexpected(Error{failure.code, failure.detail, ""});
  }
}

Result<int64_t> CountRows(std::string_view url, std::string_view table, std::string_view where) {
  SCARWISE_ASSIGN_OR_RETURN(const std::unique_ptr<sql::Dialect> dialect, sql::DialectForUrl(url, StoreOptions{}));
  try {
    auto session = dialect->Connect();
    long long count = 0;
    std::string query = "SELECT COUNT(*) FROM " + std::string(table);
    if (!where.empty()) query += " WHERE " + std::string(where);
    *session << query, soci::into(count);
    return static_cast<int64_t>(count);
  } catch (const std::exception& e) {
    const sql::Failure failure = dialect->Classify(e);
    return Unexpected(Error{failure.code, failure.detail, ""});
  }
}

}  // namespace scarwise::storage::testing

// Choosing a backend from a database URL; the entry points of storage/store.hpp.
#include "storage/sql/dialect.hpp"

namespace scarwise::storage {
namespace sql {

Result<std::unique_ptr<Dialect>> DialectForUrl(std::string_view url, const StoreOptions& options) {
  auto starts_with = [&](std::string_view prefix) { return url.substr(0, prefix.size()) == prefix; };
  if (starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.rfind("//", 0) == 0) path.erase(0, 2);  // sqlite://PATH, as some tools write it
    if (path.empty() || path == ":memory:" || path.find('"') != std::string::npos) {
      return Unexpected(InvalidArgument("db", "sqlite: needs a file path (an in-memory database is not supported)"));
    }
    return MakeSqliteDialect(std::move(path), options);
  }
  if (starts_with("postgresql://") || starts_with("postgres://")) return MakePostgresDialect(std::string(url), options);
  if (starts_with("postgresql:")) return MakePostgresDialect(std::string(url.substr(11)), options);
  if (url.find('=') != std::string_view::npos) return MakePostgresDialect(std::string(url), options);
  return Unexpected(InvalidArgument("db", "use sqlite:PATH, postgresql://... or a libpq conninfo"));
}

}  // namespace sql

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options) {
  SCARWISE_ASSIGN_OR_RETURN(auto dialect, sql::DialectForUrl(url, options));
  return sql::OpenSqlStore(std::move(dialect), std::move(options));
}

Result<int> Migrate(std::string_view url) {
  SCARWISE_ASSIGN_OR_RETURN(auto dialect, sql::DialectForUrl(url, StoreOptions{}));
  return sql::MigrateTo(*dialect, LatestSchemaVersion());
}

int LatestSchemaVersion() {
  return sql::SqliteMigrations().back().version;
}

}  // namespace scarwise::storage

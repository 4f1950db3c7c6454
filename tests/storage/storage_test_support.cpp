#include "storage_test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "storage/testing/raw_sql.hpp"
#include "storage/testing/test_audit_key.hpp"

namespace scarwise::storage::test {

std::vector<std::string> SqliteBackends() {
  return {kSqlite};
}
std::vector<std::string> PostgresBackends() {
  if (!PostgresRequested()) return {};
  return {kPostgres};
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "scarwise-storage-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string NewDatabaseUrl(const std::string& backend, const TempDir& dir) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  if (backend == kSqlite) return "sqlite:" + (dir.path() / ("records-" + std::to_string(n) + ".db")).string();
  const char* base = std::getenv("SCARWISE_TEST_POSTGRES");
  if (base == nullptr || *base == '\0') {
    ADD_FAILURE() << "SCARWISE_TEST_POSTGRES is not set: run the PostgreSQL tests through "
                     "scripts/with-postgres.sh (ctest -L postgres does)";
    return "";
  }
  const std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(n);
  auto created = testing::ExecuteRawSql(base, "CREATE SCHEMA " + schema);
  if (!created) {
    ADD_FAILURE() << "cannot create schema " << schema << ": " << created.error().message;
    return "";
  }
  return std::string(base) + " options='-c search_path=" + schema + "'";
}

void BackendTest::SetUp() {
  url_ = NewDatabaseUrl(GetParam(), dir_);
  ASSERT_FALSE(url_.empty());
  Reopen();
}

void BackendTest::Reopen() {
  store_.reset();
  auto store = OpenStore(url_, testing::TestStoreOptions());
  ASSERT_TRUE(store) << store.error().message;
  store_ = std::move(*store);
}

std::unique_ptr<Transaction> BackendTest::Begin() {
  auto tx = store_->Begin();
  EXPECT_TRUE(tx) << tx.error().message;
  return tx ? std::move(*tx) : nullptr;
}

Instant At(int64_t seconds) {
  return Instant(std::chrono::seconds(1'772'355'600 + seconds));
}

domain::PatientDetails SamplePatient(std::string given, std::string family) {
  domain::PatientDetails details;
  details.given_name = std::move(given);
  details.family_name = std::move(family);
  details.birth_date = std::chrono::sys_days(std::chrono::year(1990) / 4 / 12);
  details.sex = domain::Sex::kFemale;
  details.email = "ana@example.org";
  details.phone = "+49 30 1234567";
  details.fitzpatrick = 3;
  return details;
}

}  // namespace scarwise::storage::test

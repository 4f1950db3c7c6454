#pragma once

// Backends for the storage contract suite: every test gets a new, empty database on the
// backend named by its parameter ("sqlite": a file in a fresh temporary directory;
// "postgres": a fresh schema in the private cluster of scripts/with-postgres.sh, found
// through SCARWISE_TEST_POSTGRES).

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/store.hpp"

namespace scarwise::storage::test {

inline constexpr const char* kSqlite = "sqlite";
inline constexpr const char* kPostgres = "postgres";

// Whether main() decided to instantiate the PostgreSQL variants (see storage_test_main.cpp).
bool PostgresRequested();
// The backends to instantiate the contract suites with: {"sqlite"} or {"postgres"}.
std::vector<std::string> SqliteBackends();
std::vector<std::string> PostgresBackends();

// A scratch directory removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The URL of a new, empty database on `backend`; fails the test (ADD_FAILURE) and returns ""
// when the backend cannot be reached or is not configured.
std::string NewDatabaseUrl(const std::string& backend, const TempDir& dir);

// Fixture: a new database and a store opened on it.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  // Reopens the store on the same database (the old one is closed first).
  void Reopen();
  // A read-write transaction. On SQLite one runs at a time: end (reset) the previous one first.
  std::unique_ptr<Transaction> Begin();
  bool IsPostgres() const { return GetParam() == kPostgres; }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

// The instant 2026-03-01T09:00:00Z plus `seconds`.
Instant At(int64_t seconds = 0);

domain::PatientDetails SamplePatient(std::string given = "Ana", std::string family = "Lima");

}  // namespace scarwise::storage::test

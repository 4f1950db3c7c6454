// The storage tests' main: decides whether the PostgreSQL variants exist in this run.
//
// They are instantiated when SCARWISE_TEST_POSTGRES is set (scripts/with-postgres.sh sets
// it) or when the filter asks for them (--gtest_filter=*Postgres*): then a missing variable
// fails every PostgreSQL test instead of silently running none. Test discovery at build
// time (--gtest_list_tests without such a filter) never lists them, even inside the
// script, so the `unit` label never holds them; the `postgres` CTest entry runs them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

#include "storage_test_support.hpp"

namespace scarwise::storage::test {
namespace {
bool postgres_requested = false;
}
bool PostgresRequested() {
  return postgres_requested;
}
}  // namespace scarwise::storage::test

int main(int argc, char** argv) {
  const char* conninfo = std::getenv("SCARWISE_TEST_POSTGRES");
  bool requested = conninfo != nullptr && *conninfo != '\0';
  bool filtered = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--gtest_list_tests") requested = false;
    if (arg.rfind("--gtest_filter=", 0) == 0 && arg.find("Postgres") != std::string_view::npos) filtered = true;
  }
  requested = requested || filtered;
  scarwise::storage::test::postgres_requested = requested;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

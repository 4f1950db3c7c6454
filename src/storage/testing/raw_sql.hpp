#pragma once

// Test-only access to the database beneath the port, to play the part of someone who edits
// the tables directly (tamper with the audit log, break a row) and check that the store
// notices. Never used by the application: built into scarwise_storage_testing only.

#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace scarwise::storage::testing {

// Runs one SQL statement outside any Store, in its own transaction, on the database at
// `url`. Errors carry the database's message (these are tests, not clients).
Result<void> ExecuteRawSql(std::string_view url, std::string_view statement);

// The number of rows in `table` (a name of the schema; not quoted, not checked), of those
// matching `where` (an SQL condition) when it is not empty.
Result<int64_t> CountRows(std::string_view url, std::string_view table, std::string_view where = "");

}  // namespace scarwise::storage::testing

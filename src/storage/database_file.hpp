#pragma once

// The database file itself, before and beside the store: what `serve` checks at start-up
// and what `scarwise check` reports (docs/operations.md, "Database files").

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace scarwise::storage {

// What a SQLite URL's file is. PostgreSQL URLs are not files: kNotAFile.
enum class DatabaseFile { kNotAFile, kMissing, kEmpty, kSqlite };

// Looks at the file of a sqlite: URL without opening it as a database. kInvalidArgument
// (field "db") when the URL is malformed; kFailedPrecondition (field "db") "PATH is not a
// SQLite database" when the file holds something else (its first bytes are not SQLite's
// header), and when it cannot be read.
Result<DatabaseFile> InspectDatabaseFile(std::string_view url);

// For a command about to open `url`: a missing file is fine (it is created), an empty one
// only when `create` (a zero-length file is what a failed first start or a mistake leaves
// behind, never a clinic's records): kFailedPrecondition (field "db") otherwise.
Result<void> CheckDatabaseFile(std::string_view url, bool create);

// The database's own check of its pages and indexes: on SQLite `PRAGMA integrity_check`
// (`quick` : `PRAGMA quick_check`, which skips matching the indexes to the tables), on
// PostgreSQL that it answers and, when the amcheck extension is installed, bt_index_check
// of every B-tree index of the schema. Returns the problems found, none when intact;
// kUnavailable when the database cannot be reached. Never creates a SQLite file: a missing
// one is kNotFound (field "db").
Result<std::vector<std::string>> CheckIntegrity(std::string_view url, bool quick);

}  // namespace scarwise::storage

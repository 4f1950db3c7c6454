#pragma once

// Backup and restore as a portable logical dump, so that a backup taken from SQLite can be
// restored into PostgreSQL (a clinic that outgrows the embedded database) and back.
//
// File format (UTF-8 JSON lines, one JSON value per line):
//   {"format":"scarwise-backup","format_version":1,"schema_version":N}
//   {"table":"patients","columns":["id","given_name",...]}
//   [1,"Ana",...]                       one line per row, values in column order
//   ...                                 (next table header, its rows, ...)
//   {"end":true,"tables":T,"rows":R}    written last: a file without it is incomplete
// Values are JSON integers (64-bit), strings or null. Every table of the schema is written,
// parents before children, rows in primary-key order; the schema_migrations table is not
// (the header's schema_version says which migrations the data belongs to).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise::storage {

struct BackupSummary {
  int schema_version = 0;
  std::map<std::string, int64_t> rows_per_table;  // every table, including empty ones
  int64_t total_rows = 0;
};

// Writes a consistent snapshot of the database at `url` (readable while a server is
// writing: one read-only snapshot transaction) to `out`. The file appears complete or not at
// all: it is written beside `out`, synced, and renamed over it. It is readable and writable
// by its owner only (mode 0600), whatever the umask. Does not migrate: a database
// whose schema is older or newer than this program's is kFailedPrecondition ("run scarwise
// migrate"). kUnavailable when the database cannot be reached; kInternal when the file cannot
// be written (the message names the path).
Result<BackupSummary> Backup(std::string_view url, const std::filesystem::path& out);

// Loads a backup into the database at `url`, which must hold no records (a new file or an
// empty PostgreSQL database; migrated or not): otherwise kFailedPrecondition and nothing is
// changed. The database is first migrated to the backup's schema version, the rows are
// loaded in one transaction (all or nothing), id sequences continue after the restored ids,
// and then the remaining migrations run. kInvalidArgument (field "backup", the message naming
// the line) for a malformed, truncated or unknown-format file; kFailedPrecondition for a
// backup newer than this program.
Result<BackupSummary> Restore(std::string_view url, const std::filesystem::path& in);

}  // namespace scarwise::storage

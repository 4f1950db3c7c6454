// Backup and restore as JSON lines (format in storage/backup.hpp), and the test-only raw SQL
// entry point. Both work on one connection outside any Store.
#include <fcntl.h>
#include <soci/soci.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "common/json_text.hpp"
#include "storage/backup.hpp"
#include "storage/sql/dialect.hpp"
#include "storage/sql/json_line.hpp"

namespace scarwise::storage {
namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "scarwise-backup";

Error DatabaseError(const sql::Dialect& dialect, const char* operation, const std::exception& e) {
  const sql::Failure failure = dialect.Classify(e);
  std::fprintf(stderr, "storage: %s failed: [%s] %s\n", operation, failure.backend_code.c_str(),
               failure.detail.c_str());
  if (failure.code == ErrorCode::kUnavailable) {
    return Unavailable("the record store is unavailable; try again");
  }
  return Internal(std::string(operation) + " failed in the database");
}

// One row's values, bound to a statement by column (into for reading, use for writing).
// The vectors are sized once so that bound addresses stay put.
struct RowBuffer {
  explicit RowBuffer(const std::vector<std::string_view>& names, const sql::TableSpec& table)
      : integers(names.size()),
        texts(names.size()),
        indicators(names.size(), soci::i_ok),
        integer(names.size()),
        bytes(names.size()) {
    for (size_t i = 0; i < names.size(); ++i) {
      for (const sql::ColumnSpec& column : table.columns) {
        if (column.name == names[i]) integer[i] = column.integer, bytes[i] = column.bytes;
      }
    }
  }
  void BindInto(soci::statement& st) {
    for (size_t i = 0; i < integer.size(); ++i) {
      if (integer[i]) {
        st.exchange(soci::into(integers[i], indicators[i]));
      } else {
        st.exchange(soci::into(texts[i], indicators[i]));
      }
    }
  }
  void BindUse(soci::statement& st) {
    for (size_t i = 0; i < integer.size(); ++i) {
      const std::string name = "c" + std::to_string(i);
      if (integer[i]) {
        st.exchange(soci::use(integers[i], indicators[i], name));
      } else {
        st.exchange(soci::use(texts[i], indicators[i], name));
      }
    }
  }
  std::string ToJsonLine() const {
    std::string line = "[";
    for (size_t i = 0; i < integer.size(); ++i) {
      if (i > 0) line += ',';
      if (indicators[i] == soci::i_null) {
        line += "null";
      } else if (integer[i]) {
        line += std::to_string(integers[i]);
      } else {
        line += JsonQuote(texts[i]);
      }
    }
    line += "]\n";
    return line;
  }
  // False when a value does not fit its column.
  bool FromJson(const sql::JsonValue& row) {
    if (row.kind != sql::JsonValue::Kind::kArray || row.items.size() != integer.size()) return false;
    for (size_t i = 0; i < integer.size(); ++i) {
      const sql::JsonValue& value = row.items[i];
      indicators[i] = soci::i_ok;
      if (value.kind == sql::JsonValue::Kind::kNull) {
        indicators[i] = soci::i_null;
        integers[i] = 0;
        texts[i].clear();
      } else if (integer[i] && value.kind == sql::JsonValue::Kind::kInteger) {
        integers[i] = value.integer;
      } else if (!integer[i] && value.kind == sql::JsonValue::Kind::kString) {
        texts[i] = value.text;
      } else {
        return false;
      }
    }
    return true;
  }

  std::vector<long long> integers;
  std::vector<std::string> texts;
  std::vector<soci::indicator> indicators;
  std::vector<bool> integer;
  std::vector<bool> bytes;  // binary columns: hex text in the file (and in texts)
};

bool IsSqlite(const sql::Dialect& dialect) {
  return dialect.Name() == "sqlite";
}

// How a backup reads column `name`: binary as hex text.
std::string SelectExpression(const sql::Dialect& dialect, std::string_view name, bool bytes) {
  if (!bytes) return std::string(name);
  return IsSqlite(dialect) ? "lower(hex(" + std::string(name) + "))" : "encode(" + std::string(name) + ", 'hex')";
}

// How a restore writes placeholder `placeholder` of a binary column: PostgreSQL decodes the
// hex; SQLite (3.40 has no unhex) is given the bytes, which HexToBytes makes first.
std::string InsertExpression(const sql::Dialect& dialect, const std::string& placeholder, bool bytes) {
  if (!bytes) return placeholder;
  return IsSqlite(dialect) ? "CAST(" + placeholder + " AS BLOB)" : "decode(" + placeholder + ", 'hex')";
}

// False when `hex` is not an even number of hex digits.
bool HexToBytes(std::string& text) {
  if (text.size() % 2 != 0) return false;
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(text.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    const int high = digit(text[2 * i]), low = digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<char>(high * 16 + low);
  }
  text = std::move(out);
  return true;
}

std::vector<std::string_view> ColumnNames(const sql::TableSpec& table) {
  std::vector<std::string_view> names;
  for (const sql::ColumnSpec& column : table.columns) names.push_back(column.name);
  return names;
}

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// A file written completely or not at all: a temporary beside the target, synced, renamed.
// The temporary, and so the file, is readable and writable by its owner only (0600, whatever
// the umask and whatever mode an earlier file of that name had): a backup holds every record.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    temp_ = target_;
    temp_ += ".partial";
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) return;
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0 || (file_ = ::fdopen(fd, "wb")) == nullptr) ::close(fd);
  }
  ~AtomicFile() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_) {
      std::error_code ignored;
      std::filesystem::remove(temp_, ignored);
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return file_ != nullptr && !failed_; }
  void Write(std::string_view text) {
    if (file_ != nullptr && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
  }
  bool Commit() {
    if (!ok() || std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) return false;
    if (std::fclose(file_) != 0) {
      file_ = nullptr;
      return false;
    }
    file_ = nullptr;
    std::error_code error;
    std::filesystem::rename(temp_, target_, error);
    if (error) return false;
    committed_ = true;
    // Make the rename itself durable.
    std::filesystem::path dir = target_.parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
    return true;
  }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  bool committed_ = false;
};

Error BadBackup(int64_t line_number, std::string_view what) {
  return InvalidArgument("backup", "line " + std::to_string(line_number) + ": " + std::string(what));
}

}  // namespace

Result<BackupSummary> Backup(std::string_view url, const std::filesystem::path& out) {
  SCARWISE_ASSIGN_OR_RETURN(const std::unique_ptr<sql::Dialect> dialect_owner, sql::DialectForUrl(url, StoreOptions{}));
  const sql::Dialect& dialect = *dialect_owner;
  SCARWISE_ASSIGN_OR_RETURN(const int version, sql::SchemaVersion(dialect));
  if (version != LatestSchemaVersion()) {
    return Unexpected(FailedPrecondition("db", "the database is at schema version " + std::to_string(version) +
                                                   ", this program at " + std::to_string(LatestSchemaVersion()) +
                                                   ": run scarwise migrate first"));
  }
  AtomicFile file(out);
  if (!file.ok()) return Unexpected(Internal("out", "cannot write " + out.string()));

  BackupSummary summary;
  summary.schema_version = version;
  file.Write(std::string("{\"format\":\"") + kFormatName + "\",\"format_version\":" + std::to_string(kFormatVersion) +
             ",\"schema_version\":" + std::to_string(version) + "}\n");
  try {
    auto session = dialect.Connect();
    *session << dialect.BeginSnapshotStatement();
    for (const sql::TableSpec& table : sql::BackupTables()) {
      const std::vector<std::string_view> names = ColumnNames(table);
      std::string header = "{\"table\":" + JsonQuote(table.name) + ",\"columns\":[";
      for (size_t i = 0; i < names.size(); ++i) header += (i > 0 ? "," : "") + JsonQuote(names[i]);
      file.Write(header + "]}\n");
      RowBuffer row(names, table);
      soci::statement st(*session);
      row.BindInto(st);
      st.alloc();
      std::string selected;
      for (size_t i = 0; i < names.size(); ++i) {
        selected += (i > 0 ? ", " : "") + SelectExpression(dialect, names[i], row.bytes[i]);
      }
      st.prepare("SELECT " + selected + " FROM " + std::string(table.name) + " ORDER BY " +
                 std::string(table.order_by));
      st.define_and_bind();
      st.execute(false);
      int64_t rows = 0;
      while (st.fetch()) {
        file.Write(row.ToJsonLine());
        ++rows;
      }
      summary.rows_per_table[std::string(table.name)] = rows;
      summary.total_rows += rows;
    }
    *session << "COMMIT";
  } catch (const std::exception& e) {
    return Unexpected(DatabaseError(dialect, "backup", e));
  }
  file.Write("{\"end\":true,\"tables\":" + std::to_string(sql::BackupTables().size()) +
             ",\"rows\":" + std::to_string(summary.total_rows) + "}\n");
  if (!file.Commit()) return Unexpected(Internal("out", "cannot write " + out.string()));
  return summary;
}

Result<BackupSummary> Restore(std::string_view url, const std::filesystem::path& in) {
  std::ifstream file(in, std::ios::binary);
  if (!file) return Unexpected(InvalidArgument("backup", "cannot read " + in.string()));
  std::string line;
  int64_t line_number = 1;
  if (!std::getline(file, line)) return Unexpected(BadBackup(1, "the file is empty"));
  const auto header = sql::ParseJsonLine(line);
  const sql::JsonValue* format = header ? header->Find("format") : nullptr;
  const sql::JsonValue* format_version = header ? header->Find("format_version") : nullptr;
  const sql::JsonValue* schema_version = header ? header->Find("schema_version") : nullptr;
  if (format == nullptr || format->text != kFormatName || format_version == nullptr ||
      format_version->integer != kFormatVersion || schema_version == nullptr ||
      schema_version->kind != sql::JsonValue::Kind::kInteger || schema_version->integer < 1) {
    return Unexpected(BadBackup(1, "not a Scarwise backup (format version 1)"));
  }
  if (schema_version->integer > LatestSchemaVersion()) {
    return Unexpected(FailedPrecondition("the backup is from a newer version of Scarwise"));
  }
  const int backup_version = static_cast<int>(schema_version->integer);

  SCARWISE_ASSIGN_OR_RETURN(const std::unique_ptr<sql::Dialect> dialect_owner, sql::DialectForUrl(url, StoreOptions{}));
  const sql::Dialect& dialect = *dialect_owner;
  SCARWISE_ASSIGN_OR_RETURN(const int migrated, sql::MigrateTo(dialect, backup_version));
  if (migrated != backup_version) {
    return Unexpected(
        FailedPrecondition("the database is at a newer schema than the backup; restore into a new database"));
  }

  BackupSummary summary;
  summary.schema_version = backup_version;
  try {
    auto session = dialect.Connect();
    *session << dialect.BeginStatement(TransactionMode::kReadWrite);
    for (const sql::TableSpec& table : sql::BackupTables(backup_version)) {
      if (table.name == "audit_head") continue;  // holds the migration's genesis row
      long long count = 0;
      *session << "SELECT COUNT(*) FROM " + std::string(table.name), soci::into(count);
      if (count != 0) {
        *session << "ROLLBACK";
        return Unexpected(
            FailedPrecondition("db", "the database already holds records; restore only into an empty database"));
      }
    }
    *session << "DELETE FROM audit_head";

    std::unique_ptr<RowBuffer> row;
    std::unique_ptr<soci::statement> insert;
    const sql::TableSpec* table = nullptr;
    int64_t table_rows = 0;
    bool ended = false;
    auto finish_table = [&] {
      if (table != nullptr) {
        summary.rows_per_table[std::string(table->name)] = table_rows;
        for (const std::string& statement : dialect.AfterRestoreStatements(*table)) *session << statement;
      }
    };
    while (std::getline(file, line)) {
      ++line_number;
      if (ended) return Unexpected(BadBackup(line_number, "text after the end line"));
      const auto value = sql::ParseJsonLine(line);
      if (!value) return Unexpected(BadBackup(line_number, "not valid JSON"));
      if (value->kind == sql::JsonValue::Kind::kArray) {
        if (insert == nullptr) return Unexpected(BadBackup(line_number, "a row before any table"));
        if (!row->FromJson(*value)) return Unexpected(BadBackup(line_number, "the row does not fit the table"));
        for (size_t i = 0; i < row->bytes.size(); ++i) {
          if (!row->bytes[i] || row->indicators[i] == soci::i_null) continue;
          if (IsSqlite(dialect) ? !HexToBytes(row->texts[i])
                                : row->texts[i].find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
            return Unexpected(BadBackup(line_number, "a binary value is not hex"));
          }
        }
        insert->execute(true);
        ++table_rows;
        ++summary.total_rows;
        continue;
      }
      if (const sql::JsonValue* end = value->Find("end"); end != nullptr) {
        const sql::JsonValue* rows = value->Find("rows");
        if (rows == nullptr || rows->integer != summary.total_rows) {
          return Unexpected(BadBackup(line_number, "the row count does not match the end line"));
        }
        ended = true;
        continue;
      }
      const sql::JsonValue* name = value->Find("table");
      const sql::JsonValue* columns = value->Find("columns");
      if (name == nullptr || columns == nullptr || columns->kind != sql::JsonValue::Kind::kArray) {
        return Unexpected(BadBackup(line_number, "expected a table header, a row or the end line"));
      }
      finish_table();
      table = sql::FindBackupTable(name->text, backup_version);
      if (table == nullptr) return Unexpected(BadBackup(line_number, "unknown table " + name->text));
      std::vector<std::string_view> names;
      for (const sql::JsonValue& column : columns->items) {
        bool known = false;
        for (const sql::ColumnSpec& spec : table->columns) known = known || spec.name == column.text;
        if (!known) return Unexpected(BadBackup(line_number, "unknown column " + column.text));
        names.push_back(column.text);
      }
      row = std::make_unique<RowBuffer>(names, *table);
      insert = std::make_unique<soci::statement>(*session);
      row->BindUse(*insert);
      std::string placeholders;
      for (size_t i = 0; i < names.size(); ++i) {
        placeholders += (i > 0 ? ", " : "") + InsertExpression(dialect, ":c" + std::to_string(i), row->bytes[i]);
      }
      insert->alloc();
      insert->prepare("INSERT INTO " + std::string(table->name) + " (" + JoinNames(names) + ") VALUES (" +
                      placeholders + ")");
      insert->define_and_bind();
      table_rows = 0;
    }
    finish_table();
    insert.reset();
    if (!ended) return Unexpected(BadBackup(line_number, "the file ends before its end line (truncated)"));
    *session << "COMMIT";
  } catch (const std::exception& e) {
    const sql::Failure failure = dialect.Classify(e);
    if (failure.code != ErrorCode::kUnavailable && failure.code != ErrorCode::kInternal) {
      return Unexpected(BadBackup(line_number, "the database rejected the row (" + failure.detail + ")"));
    }
    return Unexpected(DatabaseError(dialect, "restore", e));
  }
  SCARWISE_RETURN_IF_ERROR(sql::MigrateTo(dialect, LatestSchemaVersion()));
  return summary;
}

}  // namespace scarwise::storage

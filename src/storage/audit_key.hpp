#pragma once

// The audit log's HMAC keys (storage/audit_chain.hpp): where they come from and the file
// that holds them. A key is kept outside the database, so that whoever can edit the
// database cannot rewrite the log and make it verify again.
//
// A key file holds one key per line, 64 hex digits (32 bytes), oldest first; blank lines
// and lines starting with '#' are ignored. The last key keys new entries; earlier lines
// are keys rotated out, kept to verify the entries written under them (docs/security.md).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class Transaction;

inline constexpr size_t kAuditKeyBytes = 32;

// The keys in a key file's text, as raw bytes, oldest first. kInvalidArgument (field
// `field`) when a line is not 64 hex digits or there is no key at all.
Result<std::vector<std::string>> ParseAuditKeys(std::string_view text, const std::string& field);

// The keys in the file at `path`. kNotFound when there is no such file; kInvalidArgument
// (field "audit-key-file") when it cannot be read or holds no valid key.
Result<std::vector<std::string>> ReadAuditKeyFile(const std::filesystem::path& path);

// Writes a new file at `path` with one random key, readable by its owner only (0600), and
// returns the keys it then holds. The file appears whole or not at all (written aside and
// linked into place): when another process created it first, its keys are returned.
// kUnavailable when it cannot be written.
Result<std::vector<std::string>> CreateAuditKeyFile(const std::filesystem::path& path);

// The key file kept beside a SQLite database ("PATH.audit-key" for sqlite:PATH); nothing for
// PostgreSQL, whose servers must be given a key.
std::optional<std::filesystem::path> AuditKeyFileBeside(std::string_view db_url);

// Where a command may look for the key, in this order: --audit-key-file, $SCARWISE_AUDIT_KEY
// (the key file's text itself, e.g. one line of 64 hex digits), $SCARWISE_AUDIT_KEY_FILE, and
// last the file beside a SQLite database.
struct AuditKeySettings {
  std::string key_file;      // --audit-key-file; "" when not given
  std::string env_key;       // $SCARWISE_AUDIT_KEY
  std::string env_key_file;  // $SCARWISE_AUDIT_KEY_FILE
};

struct ResolvedAuditKeys {
  std::vector<std::string> keys;  // raw, oldest first
  std::string source;             // where they came from, in words (no key material)
  bool created = false;           // a new key file was written beside the SQLite database
};

// The keys for the database at `db_url`. When none is configured and there is no file beside
// a SQLite database, `create_beside_sqlite` creates that file; otherwise (and always for
// PostgreSQL) kFailedPrecondition (field "audit-key-file") says how to configure one.
Result<ResolvedAuditKeys> ResolveAuditKeys(std::string_view db_url, const AuditKeySettings& settings,
                                           bool create_beside_sqlite);

// ---- the exported head ----
// `scarwise audit head` prints the head of a verified chain, to be kept away from the
// database (a printout, another machine). Its hash is a MAC under the audit key, so nobody
// without the key can make a chain end there after rewriting or truncating it.
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};

// "SEQ HASH\n", e.g. "1042 3fa2...".
std::string FormatAuditHead(const AuditHead& head);
// The head in that form; kInvalidArgument (field "head") otherwise.
Result<AuditHead> ParseAuditHead(std::string_view text);

// VerifyAudit, and then that the chain still reaches `exported`: its entry `exported.seq`
// exists and carries exported.hash. A chain cut short (the newest entries deleted and the
// head row moved back) or rewritten since the export is intact == false.
Result<AuditVerification> VerifyAuditAgainstHead(Transaction& tx, const AuditHead& exported);

}  // namespace scarwise::storage

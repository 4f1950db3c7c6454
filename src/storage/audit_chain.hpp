#pragma once

// The audit log's tamper evidence, as pure functions so that anyone holding the audit key
// can re-check a chain (from a backup file, for instance) without this program's database
// code.
//
//   hash(entry) = hex(HMAC-SHA-256(key, prev_hash || CanonicalAuditFields(entry)))
//
// where prev_hash is the previous entry's hash in hex (kGenesisHash for seq 1) and key is
// the audit key (storage/audit_key.hpp), kept outside the database: whoever can edit the
// database but not read the key cannot write an entry that verifies. Entries written before
// schema version 7 carry the unkeyed form, hex(SHA-256(prev_hash || fields)) (AuditEntryHash);
// the first keyed entry's MAC covers their last hash, so they cannot be changed either. The
// canonical form length-prefixes every field ("<byte count>:<bytes>;"), so no choice of
// field contents can make two different entries serialise alike.

#include <string>
#include <string_view>

#include "storage/records.hpp"

namespace scarwise::storage {

// 64 zeros: the prev_hash of the first entry.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 of `data` as 64 lower-case hex digits (libsodium's crypto_hash_sha256).
std::string Sha256Hex(std::string_view data);

// The fields that the hash covers, in this order: seq, at (Unix seconds), actor_user_id
// ("" when none), actor_role, action, entity, entity_id ("" when none), request_id, outcome.
std::string CanonicalAuditFields(const AuditRecord& entry);

// The unkeyed hash of an entry written before keying, given its prev_hash and fields
// (entry.hash is ignored).
std::string AuditEntryHash(const AuditRecord& entry);

// The keyed hash an entry must carry, given its prev_hash and fields (entry.hash is
// ignored): 64 lower-case hex digits. `key` is the raw key, kAuditKeyBytes long.
std::string AuditEntryMac(const AuditRecord& entry, std::string_view key);

}  // namespace scarwise::storage

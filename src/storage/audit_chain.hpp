#pragma once

// The audit log's tamper evidence, as pure functions so that anyone can re-check a chain
// (from a backup file, for instance) without this program's database code.
//
//   hash(entry) = hex(SHA-256(prev_hash || CanonicalAuditFields(entry)))
//
// where prev_hash is the previous entry's hash in hex (kGenesisHash for seq 1). The
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

// The hash an entry must carry, given its prev_hash and fields (entry.hash is ignored).
std::string AuditEntryHash(const AuditRecord& entry);

}  // namespace scarwise::storage

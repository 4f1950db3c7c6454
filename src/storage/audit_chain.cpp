#include "storage/audit_chain.hpp"

#include <sodium.h>

#include <array>

namespace scarwise::storage {
namespace {

void AppendField(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

std::string OptionalId(const std::optional<Id>& id) {
  return id ? std::to_string(*id) : std::string();
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  // crypto_hash_sha256 needs no sodium_init(): it uses no randomness and no CPU dispatch.
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0f];
  }
  return hex;
}

std::string CanonicalAuditFields(const AuditRecord& entry) {
  std::string out;
  AppendField(out, std::to_string(entry.seq));
  AppendField(out, std::to_string(entry.at.time_since_epoch().count()));
  AppendField(out, OptionalId(entry.actor_user_id));
  AppendField(out, entry.actor_role);
  AppendField(out, entry.action);
  AppendField(out, entry.entity);
  AppendField(out, OptionalId(entry.entity_id));
  AppendField(out, entry.request_id);
  AppendField(out, entry.outcome);
  return out;
}

std::string AuditEntryHash(const AuditRecord& entry) {
  return Sha256Hex(entry.prev_hash + CanonicalAuditFields(entry));
}

}  // namespace scarwise::storage

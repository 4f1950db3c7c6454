#include "storage/audit_chain.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <span>

namespace scarwise::storage {
namespace {

void AppendField(std::string& out, std::string_view value) {
  std::array<char, 20> length{};
  const char* end = std::to_chars(length.data(), length.data() + length.size(), value.size()).ptr;
  out.append(length.data(), static_cast<size_t>(end - length.data()));
  out += ':';
  out += value;
  out += ';';
}

// An integer field, or an empty one for an absent id.
void AppendNumber(std::string& out, std::optional<int64_t> value) {
  std::array<char, 20> digits{};
  const char* end = value ? std::to_chars(digits.data(), digits.data() + digits.size(), *value).ptr : digits.data();
  AppendField(out, std::string_view(digits.data(), static_cast<size_t>(end - digits.data())));
}

// Appends the canonical fields to `out` (see CanonicalAuditFields).
void AppendCanonical(std::string& out, const AuditRecord& entry) {
  AppendNumber(out, entry.seq);
  AppendNumber(out, entry.at.time_since_epoch().count());
  AppendNumber(out, entry.actor_user_id);
  AppendField(out, entry.actor_role);
  AppendField(out, entry.action);
  AppendField(out, entry.entity);
  AppendNumber(out, entry.entity_id);
  AppendField(out, entry.request_id);
  AppendField(out, entry.outcome);
}

std::string Hex(std::span<const unsigned char> digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0f];
  }
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  // crypto_hash_sha256 needs no sodium_init(): it uses no randomness and no CPU dispatch.
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(digest);
}

std::string CanonicalAuditFields(const AuditRecord& entry) {
  std::string out;
  out.reserve(160);
  AppendCanonical(out, entry);
  return out;
}

std::string AuditEntryHash(const AuditRecord& entry) {
  std::string text;
  text.reserve(224);
  text += entry.prev_hash;
  AppendCanonical(text, entry);
  return Sha256Hex(text);
}

std::string AuditEntryMac(const AuditRecord& entry, std::string_view key) {
  // HMAC-SHA-256 takes a key of any length; a key of another length than kAuditKeyBytes
  // never reaches here (ParseAuditKeys refuses it).
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  const auto update = [&state](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  update(entry.prev_hash);
  std::string fields;
  fields.reserve(160);
  AppendCanonical(fields, entry);
  update(fields);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return Hex(mac);
}

}  // namespace scarwise::storage

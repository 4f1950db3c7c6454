#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise::service {

// Password rules: 10 to 256 characters (length beats composition rules; NIST SP 800-63B).
Result<void> CheckPasswordStrength(std::string_view password, std::string_view field);

// argon2id (libsodium, INTERACTIVE limits: ~55 ms and 64 MiB per call). At most
// `kMaxConcurrentHashes` hashes run at once so a burst of logins cannot exhaust memory;
// callers beyond that wait. The result is a self-describing "$argon2id$..." string.
inline constexpr int kMaxConcurrentHashes = 2;
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& stored_hash, std::string_view password);

// A new random session token (32 bytes, URL-safe base64, 43 characters). Only its hash is
// ever stored.
std::string NewSessionToken();

// SHA-256 of a token, hex: what the database keeps instead of the token.
std::string TokenHash(std::string_view token);

}  // namespace scarwise::service

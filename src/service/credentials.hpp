#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise::service {

// Password rules (NIST SP 800-63B: length and a blocklist beat composition rules): valid
// UTF-8 of 10 to 256 characters, counted as Unicode code points ("ééééé" is 5 characters,
// not 10 bytes), and not one of the 10,000 most common passwords in any letter case
// (service/common_passwords.hpp). kInvalidArgument naming `field` and the rule otherwise.
Result<void> CheckPasswordStrength(std::string_view password, std::string_view field);

// argon2id (libsodium, INTERACTIVE limits: ~55 ms and 64 MiB per call). At most
// `kMaxConcurrentHashes` hashes run at once so a burst of logins cannot exhaust memory;
// callers beyond that wait. The result is a self-describing "$argon2id$..." string.
inline constexpr int kMaxConcurrentHashes = 2;
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& stored_hash, std::string_view password);

// The argon2id cost of NEW hashes, process-wide. kInteractive (libsodium's INTERACTIVE
// limits, above) is the default and the only cost a server or the CLI ever uses. kMinimal
// (libsodium's OPSLIMIT_MIN / MEMLIMIT_MIN: microseconds, not 55 ms) is for test processes
// only, which create and sign in many accounts; they set it through
// tests/support/minimal_password_cost.cpp. The contract:
// - set it before the first hash (at static initialisation, or in a test that restores it);
// - verification always reads the cost from the stored hash ("$argon2id$v=19$m=...,t=...,p=1$"),
//   so hashes made at either cost keep verifying whatever cost is set later;
// - DummyPasswordHash is made with whatever cost is set at its first call, once per process.
enum class PasswordCost { kInteractive, kMinimal };
void SetPasswordCost(PasswordCost cost);
PasswordCost CurrentPasswordCost();

// The argon2id hash of a random password that nobody knows, made on the first call (once
// per process, thread-safe). Sign-in verifies against it when no account has the e-mail
// address, so an unknown address costs the same argon2id work, and so the same time, as a
// known one with a wrong password. AccountsService makes it when it starts, so that not even
// the first unknown address costs an extra hash.
const std::string& DummyPasswordHash();

// The argon2id work this process has done: hashes computed (HashPassword) and hashes
// verified (VerifyPassword). Counts only; for tests that show two paths do the same work.
struct PasswordWork {
  uint64_t hashes = 0;
  uint64_t verifications = 0;
};
PasswordWork PasswordWorkDone();

// A new random session token (32 bytes, URL-safe base64, 43 characters). Only its hash is
// ever stored.
std::string NewSessionToken();

// SHA-256 of a token, hex: what the database keeps instead of the token.
std::string TokenHash(std::string_view token);
// SHA-256 of any bytes, lowercase hex (a consent's shown text, a photograph).
inline std::string Sha256Hex(std::string_view bytes) {
  return TokenHash(bytes);
}

}  // namespace scarwise::service

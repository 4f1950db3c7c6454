#pragma once

// The pieces of staff two-factor sign-in that need no database: time-based one-time codes
// (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, as every authenticator app
// expects; liboath), the enrolment's otpauth:// URI and its QR code (libqrencode, drawn as
// SVG), and one-time recovery codes. Both libraries stay private to this file's .cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace scarwise::service {

inline constexpr int kTotpDigits = 6;
inline constexpr int kTotpStepSeconds = 30;
// Codes of the steps before and after the current one are accepted too (a phone's clock
// a little off, a code typed as it changed).
inline constexpr int kTotpWindowSteps = 1;
inline constexpr int kRecoveryCodeCount = 10;

// A new random TOTP secret: 20 bytes (160 bits, RFC 4226's recommended length) from
// libsodium's randombytes, as unpadded RFC 4648 base32 (32 characters), the form
// authenticator apps take and the form it is stored in.
std::string NewTotpSecret();

// The RFC 4648 base32 of `bytes`, without padding.
std::string Base32(std::string_view bytes);

// The TOTP time step of an instant: floor(unix seconds / 30).
int64_t TotpStep(std::chrono::sys_seconds at);

// The `digits`-digit TOTP code of `raw_secret` (the secret's bytes, not base32) for the
// time step `step` (HMAC-SHA1). Empty only when liboath fails, which it does not for a
// non-empty secret and 6 to 8 digits.
std::string TotpCode(std::string_view raw_secret, int64_t step, int digits = kTotpDigits);

// The time step whose code `code` is, among the steps within kTotpWindowSteps of `now`'s;
// nullopt when `code` is not exactly `digits` ASCII digits, `secret_base32` is not base32,
// or no step in the window has that code. Comparisons take constant time.
std::optional<int64_t> MatchTotp(std::string_view secret_base32, std::string_view code, std::chrono::sys_seconds now,
                                 int digits = kTotpDigits);

// The otpauth:// URI an authenticator app reads (Google Authenticator's key URI format):
// otpauth://totp/Scarwise:EMAIL?secret=S&issuer=Scarwise&digits=6&period=30, with the
// e-mail address percent-encoded.
std::string OtpauthUri(std::string_view email, std::string_view secret_base32);

// The QR code of `text` (error correction level M) as a standalone SVG document: one
// black path on a white square with a 4-module quiet zone, 4 user units per module.
// Empty when libqrencode fails (the text is too long for a QR code, or out of memory).
std::string QrSvg(std::string_view text);

// kRecoveryCodeCount new recovery codes, each 16 characters of Crockford's base32 (80
// random bits from libsodium) written as four groups of four: "7k2m-q9xd-4hnp-e8wr".
std::vector<std::string> NewRecoveryCodes();

// What a recovery code is stored as: the SHA-256 (hex) of its normalised form (lower case,
// without '-' and spaces, with i/l read as 1 and o as 0), so that "7K2M Q9XD 4HNP E8WR"
// matches too. SHA-256 suffices where argon2id serves passwords: an 80-bit random code cannot
// be found from its hash by guessing, and a sign-in tries one hash lookup instead of ten
// argon2id computations.
std::string RecoveryCodeHash(std::string_view code);

// True when `code` looks like a TOTP code (kTotpDigits ASCII digits) rather than a recovery
// code.
bool IsTotpCode(std::string_view code);

}  // namespace scarwise::service

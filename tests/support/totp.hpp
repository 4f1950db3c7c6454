#pragma once

// The code an authenticator app shows: RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6
// digits) computed with liboath straight from the base32 secret the server handed out, so
// that tests do not check the server's codes with the server's own code. Link
// PkgConfig::OATH to use it.

#include <chrono>
#include <cstdlib>
#include <string>

#include <liboath/oath.h>

namespace scarwise::testing {

inline std::string AuthenticatorCode(const std::string& secret_base32, std::chrono::sys_seconds at) {
  static const int ready = oath_init();
  (void)ready;
  std::string padded = secret_base32;
  while (padded.size() % 8 != 0) padded.push_back('=');
  char* raw = nullptr;
  size_t length = 0;
  if (oath_base32_decode(padded.data(), padded.size(), &raw, &length) != OATH_OK) return "";
  char code[7] = {};
  const int generated =
      oath_totp_generate(raw, length, static_cast<time_t>(at.time_since_epoch().count()), 30, 0, 6, code);
  std::free(raw);
  return generated == OATH_OK ? std::string(code) : "";
}

}  // namespace scarwise::testing

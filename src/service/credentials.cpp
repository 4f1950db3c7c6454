#include "service/credentials.hpp"

#include <condition_variable>
#include <mutex>

#include <sodium.h>

namespace scarwise::service {
namespace {

// Initialises libsodium once (thread-safe; sodium_init may be called repeatedly).
void EnsureSodium() {
  static const int ready = sodium_init();
  (void)ready;
}

// Bounds the number of concurrent argon2id computations.
class HashGate {
 public:
  void Enter() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return running_ < kMaxConcurrentHashes; });
    ++running_;
  }
  void Leave() {
    {
      const std::lock_guard lock(mutex_);
      --running_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int running_ = 0;
};

HashGate& Gate() {
  static HashGate gate;
  return gate;
}

struct GateEntry {
  GateEntry() { Gate().Enter(); }
  ~GateEntry() { Gate().Leave(); }
  GateEntry(const GateEntry&) = delete;
  GateEntry& operator=(const GateEntry&) = delete;
};

}  // namespace

Result<void> CheckPasswordStrength(std::string_view password, std::string_view field) {
  if (password.size() < 10) return Unexpected(InvalidArgument(std::string(field), "must be at least 10 characters"));
  if (password.size() > 256) return Unexpected(InvalidArgument(std::string(field), "must be at most 256 characters"));
  return {};
}

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  const GateEntry gate;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unexpected(Error{ErrorCode::kUnavailable, "out of memory while hashing a password", ""});
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& stored_hash, std::string_view password) {
  EnsureSodium();
  const GateEntry gate;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewSessionToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string TokenHash(std::string_view token) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace scarwise::service

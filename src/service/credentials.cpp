#include "service/credentials.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <unordered_set>

#include <sodium.h>

#include "common/unicode_text.hpp"
#include "service/common_passwords.hpp"

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

std::atomic<uint64_t> g_hashes{0};
std::atomic<uint64_t> g_verifications{0};
std::atomic<PasswordCost> g_cost{PasswordCost::kInteractive};

struct GateEntry {
  GateEntry() { Gate().Enter(); }
  ~GateEntry() { Gate().Leave(); }
  GateEntry(const GateEntry&) = delete;
  GateEntry& operator=(const GateEntry&) = delete;
};

// Whether `password`, in lower case, is on the common password list (built once).
bool Common(std::string_view password) {
  static const std::unordered_set<std::string_view> kCommon = [] {
    std::unordered_set<std::string_view> set;
    const std::string_view list = CommonPasswordList();
    for (size_t start = 0, end; start < list.size(); start = end + 1) {
      end = list.find('\n', start);
      if (end == std::string_view::npos) end = list.size();
      if (end > start) set.insert(list.substr(start, end - start));
    }
    return set;
  }();
  std::string lower(password);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return kCommon.contains(lower);
}

}  // namespace

Result<void> CheckPasswordStrength(std::string_view password, std::string_view field) {
  const auto characters = CountCodePoints(password);
  if (!characters) return Unexpected(InvalidArgument(std::string(field), "must be valid UTF-8 text"));
  if (*characters < 10) return Unexpected(InvalidArgument(std::string(field), "must be at least 10 characters"));
  if (*characters > 256) return Unexpected(InvalidArgument(std::string(field), "must be at most 256 characters"));
  if (Common(password)) {
    return Unexpected(
        InvalidArgument(std::string(field), "is one of the 10,000 most common passwords; choose another"));
  }
  return {};
}

void SetPasswordCost(PasswordCost cost) {
  g_cost = cost;
}

PasswordCost CurrentPasswordCost() {
  return g_cost.load();
}

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  const bool minimal = g_cost.load() == PasswordCost::kMinimal;
  const unsigned long long ops = minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const size_t memory = minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  char out[crypto_pwhash_STRBYTES];
  const GateEntry gate;
  ++g_hashes;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, memory, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unexpected(Unavailable("out of memory while hashing a password"));
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& stored_hash, std::string_view password) {
  EnsureSodium();
  const GateEntry gate;
  ++g_verifications;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string kHash = [] {
    auto hash = HashPassword(NewSessionToken());
    // Without memory for one hash the server cannot sign anyone in either; a bug-level stop.
    if (!hash) throw std::runtime_error("cannot make the dummy password hash: " + hash.error().message);
    return std::move(*hash);
  }();
  return kHash;
}

PasswordWork PasswordWorkDone() {
  return {g_hashes.load(), g_verifications.load()};
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

#pragma once

// Remembers recently authenticated sessions for a few seconds, so that the requests of one
// signed-in client cost one database lookup per `ttl` instead of one each. Logging out on
// this server forgets the session at once; a session revoked elsewhere (another server
// instance, a password change) or expiring is honoured here for at most `ttl` longer. The
// cache holds token hashes, never tokens. Thread-safe.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "service/access_policy.hpp"

namespace scarwise::service {

class SessionCache {
 public:
  // `capacity` bounds memory: when full, the cache is emptied and refills from the database.
  SessionCache(std::chrono::seconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

  // The actor of a session seen less than `ttl` before `now`.
  std::optional<Actor> Find(const std::string& token_hash, std::chrono::sys_seconds now);
  void Remember(const std::string& token_hash, const Actor& actor, std::chrono::sys_seconds now);
  void Forget(const std::string& token_hash);
  // Forgets every session of the user (their account was disabled).
  void ForgetUser(int64_t user_id);
  // Forgets every session (the clinic's sign-in policy changed what an actor may do).
  void ForgetAll();

 private:
  struct Entry {
    Actor actor;
    std::chrono::sys_seconds until;
  };
  const std::chrono::seconds ttl_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace scarwise::service

#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace scarwise::service {

// Slows down password guessing: after `max_failures` failed logins for one key (the
// e-mail address, lower-cased) within `window`, further attempts are refused until the
// window has passed since the first of them. Thread-safe; in memory, so each server
// instance counts on its own (documented in docs/security.md).
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, std::chrono::seconds window) : max_failures_(max_failures), window_(window) {}

  // False when the key is locked out at `now`.
  bool Allows(const std::string& key, std::chrono::sys_seconds now);
  void RecordFailure(const std::string& key, std::chrono::sys_seconds now);
  void RecordSuccess(const std::string& key);

 private:
  struct Failures {
    std::chrono::sys_seconds first;
    int count = 0;
  };
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, Failures> failures_;
};

}  // namespace scarwise::service

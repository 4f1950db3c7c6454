#include "service/login_throttle.hpp"

namespace scarwise::service {

bool LoginThrottle::Allows(const std::string& key, std::chrono::sys_seconds now) {
  const std::lock_guard lock(mutex_);
  const auto it = failures_.find(key);
  if (it == failures_.end()) return true;
  if (now - it->second.first >= window_) {
    failures_.erase(it);
    return true;
  }
  return it->second.count < max_failures_;
}

void LoginThrottle::RecordFailure(const std::string& key, std::chrono::sys_seconds now) {
  const std::lock_guard lock(mutex_);
  Failures& f = failures_[key];
  if (f.count == 0 || now - f.first >= window_) f = Failures{now, 0};
  ++f.count;
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under a spraying attack
}

void LoginThrottle::RecordSuccess(const std::string& key) {
  const std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace scarwise::service

#include "service/session_cache.hpp"

namespace scarwise::service {

std::optional<Actor> SessionCache::Find(const std::string& token_hash, std::chrono::sys_seconds now) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.until) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.actor;
}

void SessionCache::Remember(const std::string& token_hash, const Actor& actor, std::chrono::sys_seconds now) {
  if (ttl_.count() <= 0) return;
  const std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(token_hash, Entry{actor, now + ttl_});
}

void SessionCache::Forget(const std::string& token_hash) {
  const std::lock_guard lock(mutex_);
  entries_.erase(token_hash);
}

void SessionCache::ForgetUser(int64_t user_id) {
  const std::lock_guard lock(mutex_);
  std::erase_if(entries_, [user_id](const auto& entry) { return entry.second.actor.user_id == user_id; });
}

void SessionCache::ForgetAll() {
  const std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace scarwise::service

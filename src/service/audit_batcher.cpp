#include "service/audit_batcher.hpp"

namespace scarwise::service {

Result<void> AuditBatcher::Append(storage::NewAuditEntry entry) {
  auto pending = std::make_shared<Pending>(Pending{std::move(entry), std::nullopt});
  std::unique_lock lock(mutex_);
  queue_.push_back(pending);
  while (!pending->result) {
    if (writing_) {
      written_.wait(lock);
      continue;
    }
    writing_ = true;
    std::deque<std::shared_ptr<Pending>> batch;
    batch.swap(queue_);
    lock.unlock();
    const Result<void> outcome = Write(batch);
    lock.lock();
    for (const auto& written : batch) written->result = outcome;
    writing_ = false;
    written_.notify_all();
  }
  return *pending->result;
}

Result<void> AuditBatcher::Write(const std::deque<std::shared_ptr<Pending>>& batch) {
  auto tx = store_.Begin();
  if (!tx) return Unexpected(tx.error());
  for (const auto& pending : batch) {
    if (auto appended = (*tx)->AppendAudit(pending->entry); !appended) return Unexpected(appended.error());
  }
  return (*tx)->Commit();
}

}  // namespace scarwise::service

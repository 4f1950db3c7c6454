#include "service/audit_batcher.hpp"

namespace scarwise::service {

Result<void> AuditBatcher::Append(storage::NewAuditEntry entry) {
  auto pending = std::make_shared<Pending>();
  pending->entry = std::move(entry);
  std::unique_lock lock(mutex_);
  queue_.push_back(pending);
  while (!pending->result) {
    if (writing_) {
      pending->wake.wait(lock);
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
    // Wake exactly who has something to do: the callers just written, and the first caller
    // queued meanwhile, which leads the next batch.
    if (!queue_.empty()) queue_.front()->wake.notify_one();
    lock.unlock();
    for (const auto& written : batch) written->wake.notify_one();
    lock.lock();
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

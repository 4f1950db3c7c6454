#include "service/audit_batcher.hpp"

#include <vector>

namespace scarwise::service {

AuditBatcher::AuditBatcher(storage::Store& store) : store_(store), writer_([this] { Run(); }) {}

AuditBatcher::~AuditBatcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  writer_.join();
}

Result<void> AuditBatcher::Append(storage::NewAuditEntry entry) {
  auto pending = std::make_shared<Pending>(Pending{std::move(entry), std::nullopt});
  std::unique_lock lock(mutex_);
  queue_.push_back(pending);
  queued_.notify_one();
  written_.wait(lock, [&] { return pending->result.has_value(); });
  return *pending->result;
}

void AuditBatcher::Run() {
  for (;;) {
    std::vector<std::shared_ptr<Pending>> batch;
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      batch.assign(queue_.begin(), queue_.end());
      queue_.clear();
    }
    Result<void> outcome;
    auto tx = store_.Begin();
    if (!tx) {
      outcome = Unexpected(tx.error());
    } else {
      for (const auto& pending : batch) {
        if (auto appended = (*tx)->AppendAudit(pending->entry); !appended) {
          outcome = Unexpected(appended.error());
          break;
        }
      }
      if (outcome) outcome = (*tx)->Commit();
    }
    {
      const std::lock_guard lock(mutex_);
      for (const auto& pending : batch) pending->result = outcome;
    }
    written_.notify_all();
  }
}

}  // namespace scarwise::service

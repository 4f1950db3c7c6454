#pragma once

// The outbox: messages to send, tried until sent or failed.
// Reached through Transaction::Outbox() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;

  // kAlreadyExists (field "dedupe_key") when a message with that key was enqueued before:
  // the caller treats it as done.
  virtual Result<Id> Enqueue(const NewOutboxMessage& message) = 0;
  // Claims for `claimant` until `claimed_until` the pending messages whose next attempt is
  // due at `now` and that no unexpired claim holds, at most `limit`, and returns them: the
  // priority lane first (clinic alerts, portal invitations, delivery-failure notices:
  // IsPriorityMessage), then the rest, each oldest due first. Servers claiming at once get
  // different messages (PostgreSQL: SKIP LOCKED; SQLite: one writer at a time); a claim that
  // runs out (its server died) leaves the message to the next claimer. Takes effect with the
  // transaction's commit.
  virtual Result<std::vector<OutboxRecord>> Claim(Instant now, int limit, std::string_view claimant,
                                                  Instant claimed_until) = 0;
  // The appointment's reminders still pending (any version) are skipped, with `reason` as
  // their last error: the appointment was moved, cancelled or missed. Returns how many.
  virtual Result<int> SkipPendingReminders(Id appointment_id, const std::string& reason) = 0;
  // Records an attempt's outcome and ends the claim: kNotFound for an unknown message,
  // kConflict (field "claimed_by") when `claimant` no longer holds its claim.
  virtual Result<void> Step(Id id, std::string_view claimant, const OutboxStep& step) = 0;
  // A failed message is tried again: pending, no attempts, next attempt `now`, no error;
  // kNotFound for an unknown message, kConflict (field "status") unless it is failed.
  virtual Result<OutboxRecord> Retry(Id id, Instant now) = 0;
  // Messages newest first, optionally of one status, `limit` (1-1000) before the id `before`.
  virtual Result<std::vector<OutboxRecord>> List(std::optional<DeliveryStatus> status, int limit, Id before) = 0;
};

}  // namespace scarwise::storage

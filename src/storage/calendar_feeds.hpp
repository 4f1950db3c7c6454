#pragma once

// Calendar feeds: secret iCal links of a patient or practitioner.
// Reached through Transaction::CalendarFeeds() (storage/store.hpp), whose rules on errors and
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

class CalendarFeedRepository {
 public:
  virtual ~CalendarFeedRepository() = default;

  // kAlreadyExists (field "token_hash") for a duplicate; kNotFound for an unknown owner.
  virtual Result<Id> Create(const NewCalendarFeed& feed) = 0;
  // The feed with this token hash, revoked or not.
  virtual Result<CalendarFeedRecord> Find(std::string_view token_hash) = 0;
  // A patient's feeds that are not revoked, oldest first.
  virtual Result<std::vector<CalendarFeedRecord>> List(Id patient_id) = 0;
  // Revokes one feed of a patient at `at`; kNotFound when the patient has no such live feed.
  virtual Result<void> Revoke(Id patient_id, Id feed_id, Instant at) = 0;
  // Revokes every live feed of a patient; returns how many.
  virtual Result<int64_t> RevokeAll(Id patient_id, Instant at) = 0;
  // Records a fetch of a live feed at `now` unless one was recorded after `not_before`
  // (the rate limit: of two servers racing, one wins). False: refused, nothing changed.
  virtual Result<bool> ClaimFetch(Id feed_id, Instant now, Instant not_before) = 0;
};

}  // namespace scarwise::storage

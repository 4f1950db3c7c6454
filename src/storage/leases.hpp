#pragma once

// Leases on periodic jobs, so that servers sharing one database run a job once per period
// between them (docs/deployment.md, "Several servers").
// Reached through Transaction::Leases() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <string_view>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class LeaseRepository {
 public:
  virtual ~LeaseRepository() = default;

  // Takes the lease on `job` for `holder` until `until` when nobody holds it at `now` (never
  // taken, or the last lease ran out, also one of `holder`'s own): true when taken, false
  // when another lease still runs. Takes effect with the transaction's commit; two servers
  // trying at once both commit only if one of them was refused.
  virtual Result<bool> Take(std::string_view job, std::string_view holder, Instant now, Instant until) = 0;
};

}  // namespace scarwise::storage

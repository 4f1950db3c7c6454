// The session cache spares the database a lookup per request without keeping a signed-out
// or stale session alive longer than promised.

#include "service/session_cache.hpp"

#include <gtest/gtest.h>

namespace scarwise::service {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

const Actor kClinician{7, Role::kClinician, std::nullopt};
const sys_seconds kT0{seconds(1'800'000'000)};

TEST(SessionCache, RemembersASessionForItsTimeToLiveAndNoLonger) {
  const struct {
    const char* name;
    seconds after;
    bool known;
  } rows[] = {
      {"at once", seconds(0), true},
      {"one second before the end", seconds(4), true},
      {"at the end", seconds(5), false},
      {"long after", seconds(3600), false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    SessionCache fresh(seconds(5), 100);
    fresh.Remember("hash", kClinician, kT0);
    const auto found = fresh.Find("hash", kT0 + row.after);
    EXPECT_EQ(found.has_value(), row.known);
    if (found) {
      EXPECT_EQ(found->user_id, kClinician.user_id);
    }
  }
}

TEST(SessionCache, ForgetsASignedOutSessionAtOnce) {
  SessionCache cache(seconds(5), 100);
  cache.Remember("hash", kClinician, kT0);
  cache.Forget("hash");
  EXPECT_FALSE(cache.Find("hash", kT0));
}

TEST(SessionCache, StaysWithinItsCapacity) {
  SessionCache cache(seconds(5), 2);
  cache.Remember("a", kClinician, kT0);
  cache.Remember("b", kClinician, kT0);
  cache.Remember("c", kClinician, kT0);  // full: starts over
  EXPECT_FALSE(cache.Find("a", kT0));
  EXPECT_TRUE(cache.Find("c", kT0));
}

TEST(SessionCache, ATimeToLiveOfZeroTurnsItOff) {
  SessionCache cache(seconds(0), 100);
  cache.Remember("hash", kClinician, kT0);
  EXPECT_FALSE(cache.Find("hash", kT0));
}

}  // namespace
}  // namespace scarwise::service

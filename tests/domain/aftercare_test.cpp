// Aftercare offsets of the default protocol, exact from the end of the session.
#include <gtest/gtest.h>

#include "domain/aftercare/aftercare.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

using std::chrono::hours;
using testing::DefaultAftercare;

Timestamp At(const char* iso) {
  return *ParseTimestamp(iso, "t");
}

TEST(Aftercare, OffsetsFromTheSessionEnd) {
  const struct {
    const char* code;
    int hours;
    int ok_from_day;
  } rows[] = {
      {"gentle_cleanser", 0, 0},
      {"hydrating_serum", 0, 0},
      {"sunscreen", 0, 0},
      {"makeup", 24, 1},
      {"sun_exposure", 24, 1},
      {"exercise_sweating", 48, 2},
      {"drying_alcohol", 72, 3},
      {"fragrance", 72, 3},
      {"cooling_agents", 72, 3},
      {"retinoid_otc", 168, 7},
      {"chemical_exfoliant", 168, 7},
      {"soft_particle_scrub", 168, 7},
      {"vitamin_c", 168, 7},
      {"benzoyl_peroxide", 168, 7},
      {"other_actives", 168, 7},
      {"retinoid_rx", 240, 10},
      {"physical_exfoliant", 336, 14},
      {"strong_peel", 336, 14},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.code);
    const AftercareItem* item = DefaultAftercare().Find(row.code);
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->allowed_after, hours{row.hours});
    EXPECT_EQ(OkFromDay(item->allowed_after), row.ok_from_day);
    EXPECT_FALSE(item->source.citation.empty());
  }
  EXPECT_EQ(DefaultAftercare().items.size(), std::size(rows));
}

TEST(Aftercare, StatusAtTheBoundaryIsExactToTheSecond) {
  const Timestamp end = At("2026-10-01T15:30:00+02:00");
  const auto status_of = [&](const char* at, const char* code) {
    for (const auto& s : AftercareTimeline(DefaultAftercare(), end, At(at))) {
      if (s.item->code == code) return s;
    }
    ADD_FAILURE() << code;
    return AftercareStatus{};
  };
  EXPECT_FALSE(status_of("2026-10-02T15:29:59+02:00", "makeup").allowed);
  EXPECT_TRUE(status_of("2026-10-02T15:30:00+02:00", "makeup").allowed);
  EXPECT_TRUE(status_of("2026-10-02T13:30:00Z", "makeup").allowed);  // same instant, another offset
  EXPECT_EQ(FormatTimestamp(status_of("2026-10-01T16:00:00+02:00", "retinoid_rx").allowed_from),
            "2026-10-11T15:30:00+02:00");
  EXPECT_TRUE(status_of("2026-10-01T15:30:00+02:00", "gentle_cleanser").allowed);
  const auto sunscreen = status_of("2026-10-01T16:00:00+02:00", "sunscreen");
  ASSERT_TRUE(sunscreen.keep_up_until.has_value());
  EXPECT_EQ(FormatTimestamp(*sunscreen.keep_up_until), "2026-10-08T15:30:00+02:00");
}

TEST(Aftercare, DurationsAreExactAcrossADaylightSavingChange) {
  // 72 h after 2026-10-23 15:00 +02:00 (CEST) is 2026-10-26 14:00 +01:00 (CET) local time;
  // the offset given is kept, so the answer is the exact instant in the caller's offset.
  const Timestamp end = At("2026-10-23T15:00:00+02:00");
  for (const auto& s : AftercareTimeline(DefaultAftercare(), end, end)) {
    if (s.item->code == "drying_alcohol") {
      EXPECT_EQ(s.allowed_from.utc - end.utc, hours{72});
      EXPECT_EQ(FormatTimestamp(s.allowed_from), "2026-10-26T15:00:00+02:00");
    }
  }
}

}  // namespace
}  // namespace scarwise::domain

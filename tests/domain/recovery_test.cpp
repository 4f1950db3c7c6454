// The alerts a daily check-in raises under the default protocol's recovery rules: every
// rule seen triggered and not triggered, at its day boundaries. A clinician can read each
// row as "on day D, the patient reports ... -> the clinic sees ...".
#include <gtest/gtest.h>

#include "domain/recovery/recovery.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

// Codes of the alerts, most urgent first, as "urgency:code".
std::vector<std::string> Alerts(const CheckIn& check_in) {
  const Protocol& p = testing::FullDefaultProtocol();
  std::vector<std::string> out;
  for (const RecoveryAlert& alert : AssessCheckIn(p.recovery, p.aftercare, p.ingredients, check_in)) {
    out.push_back(std::string(UrgencyName(alert.urgency)) + ":" + alert.code);
  }
  return out;
}

// A calm check-in: sunscreen on, no makeup, nothing applied, mild redness.
CheckIn Calm(int day) {
  CheckIn c;
  c.day_after_session = day;
  c.redness = 1;
  c.swelling = 1;
  c.pain = 2;
  c.sunscreen_used = true;
  return c;
}

using List = std::vector<std::string>;

TEST(Recovery, WarningSignsRaiseAlertsOfTheirUrgency) {
  const struct {
    WarningSign sign;
    const char* expected;
  } rows[] = {
      {WarningSign::kPus, "urgent:possible_infection"},
      {WarningSign::kSpreadingRedness, "urgent:possible_infection_spreading"},
      {WarningSign::kFever, "urgent:possible_infection_fever"},
      {WarningSign::kBlistersOrColdSore, "urgent:possible_herpes"},
      {WarningSign::kItchyLumps, "soon:possible_granuloma"},
      {WarningSign::kDarkPatches, "soon:possible_pih"},
      {WarningSign::kTrackMarks, "soon:possible_track_marks"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(WarningSignName(row.sign)));
    CheckIn c = Calm(2);
    c.warning_signs = {row.sign};
    EXPECT_EQ(Alerts(c), List{row.expected});
  }
  EXPECT_EQ(Alerts(Calm(2)), List{}) << "no sign, no alert";
}

TEST(Recovery, RednessAndSwellingAreExpectedUntilDay3AndFlaggedAfter) {
  const struct {
    const char* name;
    int day, redness, swelling;
    List expected;
  } rows[] = {
      {"severe redness on the day of the session: expected", 0, 3, 3, {}},
      {"moderate redness on day 3: still the usual course", 3, 2, 1, {}},
      {"moderate redness on day 4: longer than usual", 4, 2, 1, {"soon:persistent_redness"}},
      {"mild redness on day 4: settling", 4, 1, 1, {}},
      {"moderate swelling on day 4", 4, 1, 2, {"soon:persistent_swelling"}},
      {"both severe on day 10", 10, 3, 3, {"soon:persistent_redness", "soon:persistent_swelling"}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CheckIn c = Calm(row.day);
    c.redness = row.redness;
    c.swelling = row.swelling;
    EXPECT_EQ(Alerts(c), row.expected);
  }
}

TEST(Recovery, AftercareBreachesAreRoutineAlerts) {
  const struct {
    const char* name;
    int day;
    bool makeup, sunscreen;
    const char* products;
    List expected;
  } rows[] = {
      {"makeup on the day of the session", 0, true, true, "", {"routine:makeup_too_early"}},
      {"makeup on day 1 (24 h passed)", 1, true, true, "", {}},
      {"no sunscreen on day 0", 0, false, false, "", {"routine:no_sunscreen"}},
      {"no sunscreen on day 6 (asked for 7 days)", 6, false, false, "", {"routine:no_sunscreen"}},
      {"no sunscreen on day 7", 7, false, false, "", {}},
      {"a retinol serum on day 1",
       1,
       false,
       true,
       "Aqua, Glycerin, Retinol, Phenoxyethanol",
       {"routine:active_too_early"}},
      {"a bland moisturiser on day 1", 1, false, true, "Aqua, Glycerin, Squalane, Ceramide NP, Phenoxyethanol", {}},
      {"a retinol serum on day 30", 30, false, true, "Aqua, Glycerin, Retinol, Phenoxyethanol", {}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CheckIn c = Calm(row.day);
    c.makeup_used = row.makeup;
    c.sunscreen_used = row.sunscreen;
    c.products_applied = row.products;
    EXPECT_EQ(Alerts(c), row.expected);
  }
}

TEST(Recovery, TheMostUrgentComesFirstAndEachAlertSaysWhyAndFromWhere) {
  CheckIn c = Calm(5);
  c.redness = 3;
  c.makeup_used = true;
  c.sunscreen_used = false;
  c.warning_signs = {WarningSign::kItchyLumps, WarningSign::kPus};
  c.products_applied = "Aqua, Ascorbic Acid, Glycerin";
  EXPECT_EQ(Alerts(c), (List{"urgent:possible_infection", "soon:possible_granuloma", "soon:persistent_redness",
                             "routine:active_too_early", "routine:no_sunscreen"}))
      << "makeup is fine on day 5; vitamin C is not yet";
  const Protocol& p = testing::FullDefaultProtocol();
  for (const RecoveryAlert& alert : AssessCheckIn(p.recovery, p.aftercare, p.ingredients, c)) {
    SCOPED_TRACE(alert.code);
    EXPECT_FALSE(alert.message.empty());
    EXPECT_FALSE(alert.source.citation.empty());
  }
}

}  // namespace
}  // namespace scarwise::domain

namespace scarwise::domain {
namespace {

TEST(Recovery, ADayThatEndsWithoutACheckInIsMissedOnceItIsOver) {
  const MissedCheckInRule& rule = testing::FullDefaultProtocol().recovery.missed_check_ins;
  ASSERT_EQ(rule.through_day, 3);
  const Timestamp end{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours(9),
                      std::chrono::minutes(60)};
  const auto after = [&](int hours) { return end.utc + std::chrono::hours(hours); };
  const struct {
    const char* name;
    int hours_after;
    std::vector<int> reported;
    std::vector<int> missed;
  } rows[] = {
      {"day 0 still running", 23, {}, {}},
      {"day 0 just over, no check-in", 24, {}, {0}},
      {"day 0 over, checked in", 24, {0}, {}},
      {"two days over, day 0 reported", 49, {0}, {1}},
      {"five days over, days 0 and 2 reported", 120, {0, 2}, {1, 3}},
      {"a month later, nothing reported: only the expected days", 720, {}, {0, 1, 2, 3}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(MissedCheckInDays(rule, end, after(row.hours_after), row.reported), row.missed);
  }
}

}  // namespace
}  // namespace scarwise::domain

// The alerts a daily check-in raises under the default protocol's recovery rules: every
// rule seen triggered and not triggered, at its day boundaries. A clinician can read each
// row as "on day D, the patient reports ... -> the clinic sees ...".
#include <gtest/gtest.h>

#include "domain/recovery/recovery.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

// Codes of the alerts, most urgent first, as "urgency:code" (a Fitzpatrick II patient unless
// the context says otherwise).
std::vector<std::string> Alerts(const CheckIn& check_in, CheckInContext context = {std::nullopt, 2}) {
  const Protocol& p = testing::FullDefaultProtocol();
  std::vector<std::string> out;
  for (const RecoveryAlert& alert : AssessCheckIn(p.recovery, p.aftercare, p.ingredients, check_in, context)) {
    out.push_back(std::string(NameOf(alert.urgency)) + ":" + alert.code);
  }
  return out;
}

// A calm check-in: sunscreen on, no makeup, nothing applied, mild redness and swelling in
// the first days, none from day 4.
CheckIn Calm(int day) {
  CheckIn c;
  c.day_after_session = day;
  c.redness = day < 4 ? 1 : 0;
  c.swelling = day < 4 ? 1 : 0;
  c.pain = 2;
  c.sunscreen_used = true;
  return c;
}

using List = std::vector<std::string>;

TEST(Recovery, WarningSignsRaiseAlertsOfTheirUrgency) {
  const struct {
    std::string sign;
    const char* expected;
  } rows[] = {
      {"swelling_face_lips_eyes", "emergency:possible_allergic_reaction"},
      {"hives", "emergency:possible_allergic_reaction"},
      {"trouble_breathing", "emergency:possible_allergic_reaction"},
      {"pus", "urgent:possible_infection"},
      {"spreading_redness", "urgent:possible_infection_spreading"},
      {"fever", "urgent:possible_infection_fever"},
      {"blisters_or_cold_sore", "urgent:possible_herpes"},
      {"itchy_lumps", "soon:possible_granuloma"},
      {"dark_patches", "soon:possible_pih"},
      {"light_patches", "soon:possible_hypopigmentation"},
      {"track_marks", "soon:possible_track_marks"},
      {"acne_flare_or_milia", "routine:acne_flare_or_milia"},
  };
  EXPECT_EQ(std::size(rows), testing::FullDefaultProtocol().recovery.signs.size()) << "every sign has a row";
  for (const auto& row : rows) {
    SCOPED_TRACE(row.sign);
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
      {"both severe on day 10",
       10,
       3,
       3,
       {"soon:persistent_redness", "soon:persistent_swelling", "soon:not_healed_by_day_7",
        "soon:not_healed_by_day_7_swelling"}},
      {"mild redness on day 6: still within the week", 6, 1, 0, {}},
      {"mild redness on day 7: not healed by day 7", 7, 1, 0, {"soon:not_healed_by_day_7"}},
      {"mild swelling on day 7", 7, 0, 1, {"soon:not_healed_by_day_7_swelling"}},
      {"calm skin on day 7", 7, 0, 0, {}},
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
    // Adherence (issue 21) counts the same breaches: a check-in without one followed the aftercare.
    const Protocol& p = testing::FullDefaultProtocol();
    EXPECT_EQ(FollowedAftercare(p.recovery, p.aftercare, p.ingredients, c, 2), row.expected.empty());
  }
}

TEST(Recovery, TheMostUrgentComesFirstAndEachAlertSaysWhyAndFromWhere) {
  CheckIn c = Calm(5);
  c.redness = 3;
  c.makeup_used = true;
  c.sunscreen_used = false;
  c.warning_signs = {"itchy_lumps", "pus"};
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

TEST(Recovery, AnAllergicReactionIsAnEmergencyAndThePatientIsToldToCallForHelp) {
  CheckIn c = Calm(1);
  c.warning_signs = {"hives", "swelling_face_lips_eyes", "pus"};
  EXPECT_EQ(Alerts(c), (List{"emergency:possible_allergic_reaction", "urgent:possible_infection"}))
      << "one alert for the reaction, whichever of its signs were reported, first";
  const Protocol& p = testing::FullDefaultProtocol();
  const auto alerts = AssessCheckIn(p.recovery, p.aftercare, p.ingredients, c, {std::nullopt, 2});
  EXPECT_NE(alerts[0].message.find("Hives"), std::string::npos) << alerts[0].message;
  const PatientAdvice* advice = p.recovery.AdviceFor(alerts[0].urgency);
  ASSERT_NE(advice, nullptr);
  EXPECT_NE(advice->tell_patient.find("emergency services"), std::string::npos);
  for (Urgency u : {Urgency::kEmergency, Urgency::kUrgent, Urgency::kSoon, Urgency::kRoutine}) {
    EXPECT_NE(p.recovery.AdviceFor(u), nullptr) << NameOf(u);
  }
}

TEST(Recovery, PainAtOrAboveTheThresholdIsUrgent) {
  const struct {
    int pain;
    List expected;
  } rows[] = {{6, {}}, {7, {"urgent:severe_pain"}}, {10, {"urgent:severe_pain"}}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.pain);
    CheckIn c = Calm(0);
    c.pain = row.pain;
    EXPECT_EQ(Alerts(c), row.expected);
  }
}

TEST(Recovery, RisingRednessSwellingOrPainAfterDay1IsUrgent) {
  const struct {
    const char* name;
    int before_day, before_redness, before_swelling, before_pain;
    int day, redness, swelling, pain;
    List expected;
  } rows[] = {
      {"settling: lower than yesterday", 1, 2, 2, 3, 2, 1, 1, 2, {}},
      {"the same as yesterday", 2, 1, 1, 2, 3, 1, 1, 2, {}},
      {"day 0 to day 1: the usual peak", 0, 1, 1, 2, 1, 2, 2, 3, {}},
      {"redness rises from day 1 to day 2", 1, 1, 1, 2, 2, 2, 1, 2, {"urgent:rising_symptoms"}},
      {"swelling rises from day 2 to day 3", 2, 1, 0, 1, 3, 1, 1, 1, {"urgent:rising_symptoms"}},
      {"pain rises from day 3 to day 7", 3, 0, 0, 1, 7, 0, 0, 3, {"urgent:rising_symptoms"}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CheckIn before = Calm(row.before_day);
    before.redness = row.before_redness;
    before.swelling = row.before_swelling;
    before.pain = row.before_pain;
    CheckIn now = Calm(row.day);
    now.redness = row.redness;
    now.swelling = row.swelling;
    now.pain = row.pain;
    List alerts = Alerts(now, {before, 2});
    std::erase_if(alerts, [](const std::string& a) { return a.find("rising") == std::string::npos; });
    EXPECT_EQ(alerts, row.expected);
  }
  CheckIn now = Calm(2);
  now.redness = 3;
  EXPECT_EQ(Alerts(now, {std::nullopt, 2}), List{}) << "no previous check-in: nothing to compare";
}

TEST(Recovery, SunscreenIsAskedForLongerInDarkerSkinTypes) {
  const struct {
    const char* name;
    int fitzpatrick, day;
    List expected;
  } rows[] = {
      {"type II, day 6", 2, 6, {"routine:no_sunscreen"}},
      {"type II, day 7: done", 2, 7, {}},
      {"type III, day 7: done", 3, 7, {}},
      {"type IV, day 7: still asked", 4, 7, {"routine:no_sunscreen"}},
      {"type VI, day 13: still asked", 6, 13, {"routine:no_sunscreen"}},
      {"type VI, day 14: done", 6, 14, {}},
      {"skin type unknown: the longest", 0, 13, {"routine:no_sunscreen"}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CheckIn c = Calm(row.day);
    c.sunscreen_used = false;
    EXPECT_EQ(Alerts(c, {std::nullopt, row.fitzpatrick}), row.expected);
  }
}

}  // namespace
}  // namespace scarwise::domain

namespace scarwise::domain {
namespace {

TEST(Recovery, ADayThatEndsWithoutACheckInIsMissedOnceItIsOver) {
  const MissedCheckInRule& rule = testing::FullDefaultProtocol().recovery.missed_check_ins;
  ASSERT_EQ(rule.days, (std::vector<int>{0, 1, 2, 3, 7, 14}));
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
      {"day 6 over: no check-in expected on days 4-6", 168, {0, 1, 2, 3}, {}},
      {"day 7 over without its check-in", 192, {0, 1, 2, 3}, {7}},
      {"day 14 over, day 7 reported", 360, {0, 1, 2, 3, 7}, {14}},
      {"a month later, nothing reported: only the expected days", 720, {}, {0, 1, 2, 3, 7, 14}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(MissedCheckInDays(rule, end, after(row.hours_after), row.reported), row.missed);
  }
}

}  // namespace
}  // namespace scarwise::domain

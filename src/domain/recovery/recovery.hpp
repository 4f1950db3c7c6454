#pragma once

// Recovery after a session: what a patient's daily check-in says about the skin's course,
// judged against the protocol's recovery rules (recovery.yaml) and the aftercare timeline.
// The result is a list of alerts for the clinic, each naming its rule and source. It flags;
// the clinician decides.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/recovery/urgency.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// What the patient reports on a day after the session (0 = the day of the session).
struct CheckIn {
  int day_after_session = 0;               // 0-365
  int redness = 0;                         // 0 none - 3 severe
  int swelling = 0;                        // 0 none - 3 severe
  int pain = 0;                            // 0-10
  std::vector<std::string> warning_signs;  // keys of the protocol's signs
  std::string products_applied;            // free text, an ingredient list or product names
  bool sunscreen_used = false;
  bool makeup_used = false;
};

struct ExpectedCourse {
  int peak_from_day = 0;
  int peak_to_day = 0;
  int settled_by_day = 0;
  std::string advice;
  Source source;
};

// A sign a patient can report at a check-in, in their words (recovery.yaml `signs`).
struct WarningSign {
  std::string key;      // "pus", "trouble_breathing"
  std::string patient;  // the sign in the patient's words, for the check-in form and the handout
};

// An alert rule over reported signs: reporting any of `signs` raises it once.
struct WarningSignRule {
  std::vector<std::string> signs;  // keys of RecoveryProtocol::signs
  std::string code;
  Urgency urgency = Urgency::kUrgent;
  std::string message;  // for the clinician
  Source source;
};

// Pain of at least `at_least` (0-10) on any day.
struct PainRule {
  int at_least = 0;
  std::string code;
  Urgency urgency = Urgency::kUrgent;
  std::string message;
  Source source;
};

// Redness, swelling or pain higher than at the previous check-in after the same session,
// on a day later than `after_day`: the skin is getting worse instead of settling.
struct RisingRule {
  int after_day = 0;
  std::string code;
  Urgency urgency = Urgency::kUrgent;
  std::string message;
  Source source;
};

// What the patient is told at once when a check-in raises an alert of this urgency (the
// most urgent alert decides), e.g. to call emergency services.
struct PatientAdvice {
  Urgency urgency = Urgency::kRoutine;
  std::string tell_patient;
  Source source;
};

// Redness or swelling of at least `at_least` on a day later than `after_day`.
enum class Measure { kRedness, kSwelling };
struct PersistenceRule {
  Measure measure = Measure::kRedness;
  std::string code;
  int at_least = 0;
  int after_day = 0;
  Urgency urgency = Urgency::kSoon;
  std::string message;
  Source source;
};

// Aftercare breaches, judged with the aftercare timeline: makeup before the item `item`
// (makeup) allows it; a product with an ingredient to avoid on that day (the product
// checker); no sunscreen while the item `item` (sunscreen) asks for it, for the patient's
// skin type. The loader checks that the named item exists.
enum class Breach { kMakeupTooEarly, kActiveTooEarly, kNoSunscreen };
struct BreachRule {
  Breach breach = Breach::kMakeupTooEarly;
  std::string item;  // the aftercare item judged (makeup, sunscreen); empty for active_too_early
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;
  Source source;
};

// The check-in schedule: a check-in is expected on each of `days` after a session (0 = the
// day of the session); a reminder is e-mailed at the start of each day from day 1 on.
struct MissedCheckInRule {
  std::vector<int> days;         // ascending
  std::string reminder_subject;  // "{day}" is replaced by the day
  std::string reminder_body;
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;
  Source source;
};

// recovery.yaml.
// A kind of adverse event the clinic's register records (issue 19 §4), with the clinician's
// label and the alert codes it is the likely kind for (an alert raised as an adverse event is
// prefilled with it).
struct AdverseEventType {
  std::string code;
  std::string label;
  std::vector<std::string> from_alerts;
};

struct RecoveryProtocol {
  ExpectedCourse expected;
  std::string after_session_note;  // introduces the signs in the after-session e-mail
  std::vector<WarningSign> signs;
  std::vector<WarningSignRule> warning_signs;
  std::optional<PainRule> pain;
  std::optional<RisingRule> rising;
  std::vector<PersistenceRule> persisting;
  std::vector<BreachRule> breaches;
  MissedCheckInRule missed_check_ins;
  std::vector<PatientAdvice> advice;  // one per urgency
  std::vector<AdverseEventType> adverse_event_types;
  Source adverse_events_source;

  const WarningSign* FindSign(std::string_view key) const;
  // The advice for `urgency`; nullptr if the protocol has none.
  const PatientAdvice* AdviceFor(Urgency urgency) const;
  // The adverse-event type `code`, or the first whose from_alerts names `alert_code`; nullptr if none.
  const AdverseEventType* FindAdverseEventType(std::string_view code) const;
  const AdverseEventType* AdverseEventTypeForAlert(std::string_view alert_code) const;
};

struct RecoveryAlert {
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;  // the rule's message, with the check-in's details where they help
  Source source;
};

// What the check-in is judged with beyond itself: the previous check-in after the same
// session (for the rising rule) and the patient's Fitzpatrick type (for how long sunscreen
// is asked for; 0 when unknown: the longest).
struct CheckInContext {
  std::optional<CheckIn> previous;
  int fitzpatrick = 0;
};

// The alerts a check-in raises, most urgent first (rules in protocol order within an
// urgency). No alert: the recovery looks as expected.
std::vector<RecoveryAlert> AssessCheckIn(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                                         const IngredientDictionary& ingredients, const CheckIn& check_in,
                                         const CheckInContext& context = {});

// Whether the check-in broke none of the protocol's aftercare rules (`breaches`: makeup too
// early, a product to avoid, no sunscreen while it is asked for): what adherence counts.
bool FollowedAftercare(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                       const IngredientDictionary& ingredients, const CheckIn& check_in, int fitzpatrick);

// The days after a session (0 = its first 24 hours) that are over at `now` and had no
// check-in, among the days the rule expects one. `reported_days` are the days of the
// check-ins sent since the session.
std::vector<int> MissedCheckInDays(const MissedCheckInRule& rule, const Timestamp& session_end,
                                   std::chrono::sys_seconds now, const std::vector<int>& reported_days);

}  // namespace scarwise::domain

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
#include "domain/source.hpp"

namespace scarwise::domain {

enum class WarningSign { kPus, kSpreadingRedness, kFever, kBlistersOrColdSore, kItchyLumps, kDarkPatches, kTrackMarks };
inline constexpr WarningSign kAllWarningSigns[] = {
    WarningSign::kPus,        WarningSign::kSpreadingRedness, WarningSign::kFever,     WarningSign::kBlistersOrColdSore,
    WarningSign::kItchyLumps, WarningSign::kDarkPatches,      WarningSign::kTrackMarks};
std::string_view WarningSignName(WarningSign sign);  // "pus", "spreading_redness", ...
std::optional<WarningSign> WarningSignFromName(std::string_view name);

// How soon the clinic should act: today, within days, at the next contact.
enum class Urgency { kUrgent, kSoon, kRoutine };
std::string_view UrgencyName(Urgency urgency);  // "urgent" | "soon" | "routine"
std::optional<Urgency> UrgencyFromName(std::string_view name);

// What the patient reports on a day after the session (0 = the day of the session).
struct CheckIn {
  int day_after_session = 0;  // 0-365
  int redness = 0;            // 0 none - 3 severe
  int swelling = 0;           // 0 none - 3 severe
  int pain = 0;               // 0-10
  std::vector<WarningSign> warning_signs;
  std::string products_applied;  // free text, an ingredient list or product names
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

// A reported warning sign raises an alert.
struct WarningSignRule {
  WarningSign sign = WarningSign::kPus;
  std::string tell_patient;  // the sign in the patient's words, for the handout
  std::string code;
  Urgency urgency = Urgency::kUrgent;
  std::string message;
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

// Aftercare breaches, judged with the aftercare timeline: makeup before the `makeup` item
// allows it; a product with an ingredient to avoid on that day (the product checker); no
// sunscreen while the `sunscreen` item asks for it.
enum class Breach { kMakeupTooEarly, kActiveTooEarly, kNoSunscreen };
struct BreachRule {
  Breach breach = Breach::kMakeupTooEarly;
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;
  Source source;
};

// A check-in is expected on each day 0..through_day after a session.
struct MissedCheckInRule {
  int through_day = 0;
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;
  Source source;
};

// recovery.yaml.
struct RecoveryProtocol {
  ExpectedCourse expected;
  std::vector<WarningSignRule> warning_signs;
  std::vector<PersistenceRule> persisting;
  std::vector<BreachRule> breaches;
  MissedCheckInRule missed_check_ins;
};

struct RecoveryAlert {
  std::string code;
  Urgency urgency = Urgency::kRoutine;
  std::string message;  // the rule's message, with the check-in's details where they help
  Source source;
};

// The alerts a check-in raises, most urgent first (rules in protocol order within an
// urgency). No alert: the recovery looks as expected.
std::vector<RecoveryAlert> AssessCheckIn(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                                         const IngredientDictionary& ingredients, const CheckIn& check_in);

// The days after a session (0 = its first 24 hours) that are over at `now` and had no
// check-in, among the days the rule expects one. `reported_days` are the days of the
// check-ins sent since the session.
std::vector<int> MissedCheckInDays(const MissedCheckInRule& rule, const Timestamp& session_end,
                                   std::chrono::sys_seconds now, const std::vector<int>& reported_days);

}  // namespace scarwise::domain

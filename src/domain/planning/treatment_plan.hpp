#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

#include "domain/assessment/goodman_baron.hpp"
#include "domain/outcome/outcome_model.hpp"
#include "domain/rules/condition.hpp"
#include "domain/screening/screening.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// Days between consecutive sessions: allowed window [min, max], aimed at `target`.
struct IntervalDays {
  int min = 0;
  int target = 0;
  int max = 0;
};

// Adds `add` sessions when `when` holds ("deep_scar_mix": ice pick + deep boxcar >= 50 %).
struct SessionAdjustment {
  std::string code;
  Condition when;
  int add = 0;
  std::string message;
  Source source;
};

// A recommendation shown with the plan when `when` holds ("consider_tca_cross").
struct RecommendationRule {
  std::string code;
  Condition when;
  std::string message;
  Source source;
};

// In a zone with at least `min_deep_scars` deep scars, the needle goes `add_mm` deeper,
// never beyond `max_mm`.
struct DeepScarDepthRule {
  int min_deep_scars = 0;
  double add_mm = 0;
  double max_mm = 0;
  Source source;
};

// The needle depths a clinician may choose when adjusting a proposed plan.
struct DepthRange {
  double min_mm = 0;
  double max_mm = 0;
  Source source;
};

// planning.yaml: everything the plan proposal is made from.
// How exported records (the FHIR export) name the course and its parts, in the clinic's
// words (planning.yaml `record_words`); wording only. {sessions} and {number} are
// placeholders.
struct RecordWords {
  std::string course;     // the approved plan: "... course, {sessions} sessions"
  std::string session;    // one planned or booked session: "... session {number}"
  std::string procedure;  // a charted session's procedure
  std::string condition;  // the condition the course treats
  std::string cartridge;  // the needle cartridge a session used
};

struct PlanningProtocol {
  std::array<int, 5> sessions_by_grade{};  // index = qualitative grade 1-4
  Source sessions_source;
  int min_sessions = 0;
  int max_sessions = 0;
  std::vector<SessionAdjustment> session_adjustments;
  IntervalDays interval;
  std::string interval_reason;  // why sessions are spaced, shown with the interval
  Source interval_source;
  int needling_minutes = 0;   // the whole procedure, as booked
  std::string needling_note;  // the procedure's length in words, shown with the plan
  // What the patient is told before each session (the appointment reminder); see
  // PreSessionAdvice for its placeholders.
  std::string pre_session_advice;
  Source needling_source;
  int numbing_minutes = 0;
  Source numbing_source;
  int turnover_minutes = 0;  // room and device made ready for the next patient
  Source turnover_source;
  std::array<double, kFacialZoneCount> depth_mm{};
  Source depth_source;
  DeepScarDepthRule deep_scar_depth;
  DepthRange depth_range;
  std::vector<ImprovementBand> expected_improvement;  // one per session number, ascending (no outcome model)
  std::string expected_note;                          // how to read the band, shown with the plan
  Source expected_source;
  std::vector<RecommendationRule> recommendations;
  // outcome.yaml: when loaded, the expected improvement is this model's prediction for the
  // patient instead of the fixed bands above.
  OutcomeModel outcome;
  FactWording fact_wording;  // how the plan's reasons say each fact its rules test
  RecordWords record_words;  // how exported records name the course and its parts
};

struct ZoneSetting {
  FacialZone zone = FacialZone::kForehead;
  double needle_depth_mm = 0;
  int deep_scars = 0;
};

struct Recommendation {
  std::string code;
  std::string message;
  Source source;
  std::string because;  // why it applies to this patient, in words (empty in a plan stored before)
};

// One plain-language reason for a choice in the plan, with where it comes from.
struct Explanation {
  std::string text;
  Source source;
};

// What the clinician may change in a proposal: sessions within [min_sessions,
// max_sessions], the target interval within the window, a zone's depth within the range.
struct PlanBounds {
  int min_sessions = 0;
  int max_sessions = 0;
  double min_depth_mm = 0;
  double max_depth_mm = 0;
};

struct TreatmentPlan {
  int sessions = 0;
  IntervalDays interval;
  int session_minutes = 0;  // needling time of one session
  int numbing_minutes = 0;  // topical anaesthetic before it
  std::vector<ZoneSetting> zones;
  std::vector<ImprovementBand> expected;  // one row per planned session
  std::vector<Recommendation> recommendations;
  std::vector<Explanation> explanation;
  PlanBounds bounds;
  // Days of skin priming before session 1 (the longest a precaution asks; 0: none). The
  // first session is booked no sooner than this many days after the plan's approval.
  int priming_days = 0;
};

// A clinician's change to a proposal: each value absent keeps the proposal's.
struct PlanAdjustment {
  std::optional<int> sessions;
  std::optional<int> interval_target_days;
  std::vector<std::pair<FacialZone, double>> depths_mm;  // zones of the plan only
};

// The planning's pre-session advice with {numbing_minutes} and {procedure_minutes} filled in.
std::string PreSessionAdvice(const PlanningProtocol& planning);

// Proposes the plan for an assessment. Zones are those of the inventory with at least one
// scar (all inventoried zones if none has any), in inventory order. The plan modifiers of
// the screening's `precautions` apply last: a depth cap lowers every zone above it (the
// deep-scar rule included) and the clinician's maximum.
TreatmentPlan ProposePlan(const PlanningProtocol& planning, const ScoringProtocol& scoring,
                          const ScarAssessment& assessment, const FactSet& facts,
                          const std::vector<ScreeningFinding>& precautions = {});

// The proposal with the clinician's changes, each explained as the clinician's choice
// (with the protocol's bound as its source); the expected improvement follows the new
// number of sessions (and, with the outcome model and the patient's `inputs`, the new
// interval). kInvalidArgument naming the field ("sessions", "interval_days",
// "zones[i].needle_depth_mm" with i the index in `adjustment.depths_mm`) when a value is
// outside the protocol's bounds or names a zone the plan does not treat.
Result<TreatmentPlan> AdjustPlan(const PlanningProtocol& planning, TreatmentPlan plan, const PlanAdjustment& adjustment,
                                 const std::optional<PredictionInputs>& inputs = std::nullopt);

}  // namespace scarwise::domain

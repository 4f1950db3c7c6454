#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/source.hpp"

namespace scarwise::domain {

class FactSet;

// Cumulative improvement expected after a given session, as a low/mid/high band (percent:
// the 10th, 50th and 90th percentiles of the G&B quantitative reduction).
struct ImprovementBand {
  int after_session = 0;
  double low_pct = 0;
  double mid_pct = 0;
  double high_pct = 0;
};

// A multiplier on the effect of needling and the spread (sd of its log) it adds.
struct OutcomeFactor {
  double factor = 1;
  double log_sd = 0;
};

// The atrophic scar types the model tells apart (deep and shallow boxcar count as boxcar).
enum class MixType { kIcePick, kBoxcar, kRolling };
inline constexpr size_t kMixTypeCount = 3;

// The explanation's wording (outcome.yaml `explain`); {share}, {grade}, {score},
// {sessions}, {days}, {count} and {direction} are filled in.
struct OutcomeWording {
  std::string ice_pick_heavy, rolling_heavy, boxcar_heavy, severe_grade, mild_grade, score_outside_trials,
      sessions_outside_trials, interval_away, low_adherence, typical, updated, faster, slower;
  double heavy_share = 0.5;
  Source source;
};

// A suggestion shown with a "behind" course (outcome.yaml `behind.suggestions`).
struct BehindSuggestion {
  std::string code;
  std::string message;
  Source source;
};

// When a course counts as behind and what the clinician and the patient are told.
struct BehindRule {
  int from_session = 0;  // never flagged after fewer sessions than this
  Source source;
  std::string reason;  // {observed}, {low}, {session} filled in
  std::vector<BehindSuggestion> suggestions;
  std::string patient_on_track, patient_behind, patient_ahead, patient_too_early;
};

// The follow-up visit booked with a series.
struct FollowUpRule {
  int min_days_after_last_session = 0;
  int minutes = 0;
  std::string label;         // what calendars, reminders and the portal call it ("Follow-up visit")
  std::string patient_note;  // what happens at the visit, in the patient's words
  Source source;
};

// ECCA (Echelle d'Evaluation Clinique des Cicatrices d'Acne): each item's weight times a
// frequency grade 0..max_frequency, summed (REFERENCE.md a3).
struct EccaItem {
  std::string code;
  std::string description;
  int weight = 0;
};
struct EccaScale {
  std::vector<EccaItem> items;
  int max_frequency = 3;
  Source source;
};

// outcome.yaml: the fitted outcome model (scripts/fit_outcome_model.py) and the clinic's
// settings for progress. `loaded` is false when the protocol has no outcome.yaml (the
// planning's fixed bands are used then).
struct OutcomeModel {
  bool loaded = false;
  double baseline_points = 0;  // trials' typical G&B quantitative baseline
  double sham_mean_pct = 0;
  double sham_sd_pct = 0;
  Source sham_source;
  double effect_mean_pct = 0;  // beyond sham, after `reference_sessions`, typical patient
  double effect_se_pct = 0;
  double between_study_sd_pct = 0;
  int reference_sessions = 3;
  Source effect_source;
  double patient_cv = 0;
  Source spread_source;
  double measurement_sd_points = 0;
  Source measurement_source;
  double rate_per_session = 0;
  std::vector<int> sessions_with_data;
  double sessions_extrapolation_log_sd = 0;
  Source sessions_source;
  std::array<double, kMixTypeCount> reference_shares{};
  std::array<OutcomeFactor, kMixTypeCount> scar_types{};
  Source mix_source;
  std::array<OutcomeFactor, 5> grade{};  // index = qualitative grade 1-4
  Source grade_source;
  double score_trial_min = 0, score_trial_max = 0, score_log_sd_per_point = 0;
  Source score_source;
  OutcomeFactor fitzpatrick;
  Source fitzpatrick_source;
  int interval_reference_days = 28;
  double interval_log_sd_per_week = 0;
  Source interval_source;
  double adherence_log_sd_at_none = 0;
  Source adherence_source;
  double follow_up_maturation = 1;
  OutcomeWording wording;
  BehindRule behind;
  FollowUpRule follow_up;
  EccaScale ecca;
};

// What the prediction depends on, for one patient and plan.
struct PredictionInputs {
  int grade = 3;                               // Goodman & Baron qualitative 1-4
  double quantitative_score = 0;               // baseline G&B quantitative points
  std::array<double, kMixTypeCount> shares{};  // of the atrophic scars
  int fitzpatrick = 1;
  int interval_days = 28;
  double adherence = 1;  // share of aftercare followed, 0..1 (1 until check-ins say otherwise)
};

// The grade, score, scar mix and skin type from a consultation's facts (ComputeFacts).
PredictionInputs PredictionInputsFrom(const FactSet& facts, int interval_days);

// Aftercare adherence during a course (issue 21 §2): the check-ins that broke no aftercare rule
// (sunscreen, products to avoid, makeup: FollowedAftercare) and the sessions kept, against
// every check-in and every session due so far (a no-show is a skipped session).
struct AdherenceCounts {
  int check_ins = 0;
  int check_ins_followed = 0;
  int sessions_kept = 0;
  int sessions_skipped = 0;
};

// The share of aftercare followed, 0..1: (check-ins followed + sessions kept) over (check-ins
// + sessions kept + skipped); 1 while there is nothing to judge.
double AdherenceShare(const AdherenceCounts& counts);

// The patient's belief about their own (sham part, response factor), a 2-D normal:
// reduction(n) = sham + response * effect(n).
struct ResponseBelief {
  double sham_mean = 0;
  double response_mean = 1;
  double var_sham = 0;
  double var_response = 0;
  double cov = 0;
  int observations = 0;
};

// An observed G&B quantitative reduction (in % of baseline) after `after_session` sessions.
struct ProgressObservation {
  int after_session = 0;
  double improvement_pct = 0;
};

// The prior belief for this patient: the trials' average response, with every uncertainty
// the inputs carry (the trials' own, the factors', sparse data).
ResponseBelief PriorBelief(const OutcomeModel& model, const PredictionInputs& inputs);

// The expected reduction after `after_session` sessions (10th/50th/90th percentiles).
ImprovementBand PredictBand(const OutcomeModel& model, const PredictionInputs& inputs, const ResponseBelief& belief,
                            int after_session);

// One band per session 1..sessions.
std::vector<ImprovementBand> PredictCourse(const OutcomeModel& model, const PredictionInputs& inputs,
                                           const ResponseBelief& belief, int sessions);

// Conditions the belief on observed reductions (a conjugate normal update; each observation's
// noise is the measurement spread of a change in score, in % of this patient's baseline).
ResponseBelief UpdateBelief(const OutcomeModel& model, const PredictionInputs& inputs, ResponseBelief belief,
                            const std::vector<ProgressObservation>& observations);

// "ice pick scars are 60 % of the atrophic scars: lower expected response; ..." naming what
// moved the prediction away from the trials' average (the wording is the protocol's).
std::string ExplainPrediction(const OutcomeModel& model, const PredictionInputs& inputs, int sessions,
                              const ResponseBelief& belief);

// Whether a course is behind: the latest observation below the low edge of the band the
// plan predicted for that session (the prior belief), from the protocol's first session on
// which an effect is expected (`behind.from_session`), never before.
struct BehindCheck {
  bool behind = false;
  bool evaluated = false;  // false before the protocol's `from_session`
  int after_session = 0;
  double observed_pct = 0;
  double low_pct = 0;
  std::string reason;  // the protocol's reason, filled in (empty unless behind)
};

BehindCheck CheckBehind(const OutcomeModel& model, const PredictionInputs& inputs, const ResponseBelief& prior_belief,
                        const std::vector<ProgressObservation>& observations);

// The ECCA total of frequency grades given item by item (one per item of the scale, each
// 0..max_frequency; the caller validates).
int EccaTotal(const EccaScale& scale, const std::vector<int>& frequencies);

// The reduction of the G&B quantitative score from `baseline` to `now`, in % of baseline;
// nullopt when the baseline is 0 (nothing to reduce).
std::optional<double> ImprovementPct(int baseline, int now);

// Where a course stands: the plan's band (prior), the band conditioned on the observations,
// the behind check, and what the patient is told (the protocol's words).
enum class CourseStatus { kTooEarly, kOnTrack, kBehind, kAhead };
std::string_view CourseStatusName(CourseStatus status);  // too_early | on_track | behind | ahead

struct CourseProgress {
  std::vector<ImprovementBand> planned;  // the plan's prediction, sessions 1..sessions
  std::vector<ImprovementBand> updated;  // conditioned on the patient's own observations
  ResponseBelief belief;
  BehindCheck behind;
  CourseStatus status = CourseStatus::kTooEarly;
  std::string patient_message;
  std::string explanation;  // what moved the updated prediction
};

CourseProgress AssessProgress(const OutcomeModel& model, const PredictionInputs& inputs, int sessions,
                              const std::vector<ProgressObservation>& observations);

}  // namespace scarwise::domain

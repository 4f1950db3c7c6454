#include "domain/outcome/outcome_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "domain/outcome/reassessment.hpp"
#include "domain/planning/treatment_plan.hpp"
#include "domain/rules/facts.hpp"

namespace scarwise::domain {
namespace {

constexpr double kZ80 = 1.2815515655446004;  // the 90th percentile of the standard normal

double Number(const FactSet& facts, std::string_view name, double otherwise) {
  const FactValue& v = facts[name];
  if (const double* d = std::get_if<double>(&v)) return *d;
  return otherwise;
}

size_t Index(MixType type) {
  return static_cast<size_t>(type);
}

// g(n): the share of the reference course's effect reached after n sessions.
double SessionsCurve(const OutcomeModel& m, int n) {
  const double k = m.rate_per_session;
  if (k <= 0) return static_cast<double>(n) / std::max(1, m.reference_sessions);
  return (1 - std::exp(-k * n)) / (1 - std::exp(-k * m.reference_sessions));
}

// Sessions away from the nearest count some trial arm used.
int SessionsAway(const OutcomeModel& m, int n) {
  int away = m.sessions_with_data.empty() ? 0 : 1 << 20;
  for (int s : m.sessions_with_data) away = std::min(away, std::abs(n - s));
  return away;
}

double SumOfShares(const PredictionInputs& in) {
  return in.shares[0] + in.shares[1] + in.shares[2];
}

// The scar mix's multiplier (relative to the trials' reference mix) and the sd of its log.
OutcomeFactor MixFactor(const OutcomeModel& m, const PredictionInputs& in) {
  double ref = 0;
  for (size_t t = 0; t < kMixTypeCount; ++t) ref += m.reference_shares[t] * m.scar_types[t].factor;
  const double total = SumOfShares(in);
  if (total <= 0 || ref <= 0) return {};  // no atrophic scars counted: the trials' average
  double own = 0;
  for (size_t t = 0; t < kMixTypeCount; ++t) own += in.shares[t] / total * m.scar_types[t].factor;
  if (own <= 0) return {};
  double log_sd = 0;
  for (size_t t = 0; t < kMixTypeCount; ++t) {
    const double c_own = in.shares[t] / total * m.scar_types[t].factor / own;
    const double c_ref = m.reference_shares[t] * m.scar_types[t].factor / ref;
    log_sd += std::abs(c_own - c_ref) * m.scar_types[t].log_sd;
  }
  return {own / ref, log_sd};
}

double ScoreAway(const OutcomeModel& m, double score) {
  if (score < m.score_trial_min) return m.score_trial_min - score;
  if (score > m.score_trial_max) return score - m.score_trial_max;
  return 0;
}

int Grade(const PredictionInputs& in) {
  return std::clamp(in.grade, 1, 4);
}

// Effect of needling beyond sham after n sessions for this patient at response factor 1.
double Effect(const OutcomeModel& m, const PredictionInputs& in, int n) {
  return m.effect_mean_pct * SessionsCurve(m, n) * MixFactor(m, in).factor *
         m.grade[static_cast<size_t>(Grade(in))].factor * m.fitzpatrick.factor;
}

// Noise of one observed reduction: a change between two ratings, in % of the baseline.
double ObservationVariance(const OutcomeModel& m, const PredictionInputs& in) {
  const double baseline = std::max(in.quantitative_score, 1.0);
  const double sd = 100.0 * std::sqrt(2.0) * m.measurement_sd_points / baseline;
  return sd * sd;
}

double ExtrapolationVariance(const OutcomeModel& m, int n, double effect) {
  const double log_sd = SessionsAway(m, n) * m.sessions_extrapolation_log_sd;
  return effect * effect * log_sd * log_sd;
}

std::string Percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

std::string Fill(std::string text, std::string_view key, const std::string& value) {
  const std::string token = "{" + std::string(key) + "}";
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

PredictionInputs PredictionInputsFrom(const FactSet& facts, int interval_days) {
  PredictionInputs in;
  in.grade = static_cast<int>(Number(facts, "qualitative_grade", 3));
  in.quantitative_score = Number(facts, "goodman_baron_quantitative", 0);
  in.shares[Index(MixType::kIcePick)] = Number(facts, "ice_pick_share", 0);
  in.shares[Index(MixType::kBoxcar)] = Number(facts, "boxcar_share", 0);
  in.shares[Index(MixType::kRolling)] = Number(facts, "rolling_share", 0);
  in.fitzpatrick = static_cast<int>(Number(facts, "fitzpatrick", 1));
  in.interval_days = interval_days;
  return in;
}

ResponseBelief PriorBelief(const OutcomeModel& m, const PredictionInputs& in) {
  ResponseBelief belief;
  belief.sham_mean = m.sham_mean_pct;
  belief.var_sham = m.sham_sd_pct * m.sham_sd_pct;
  const OutcomeFactor mix = MixFactor(m, in);
  const double grade = m.grade[static_cast<size_t>(Grade(in))].log_sd;
  const double score = ScoreAway(m, in.quantitative_score) * m.score_log_sd_per_point;
  const double interval = std::abs(in.interval_days - m.interval_reference_days) / 7.0 * m.interval_log_sd_per_week;
  const double adherence = (1 - std::clamp(in.adherence, 0.0, 1.0)) * m.adherence_log_sd_at_none;
  const double pooled = m.effect_mean_pct > 0
                            ? (m.effect_se_pct * m.effect_se_pct + m.between_study_sd_pct * m.between_study_sd_pct) /
                                  (m.effect_mean_pct * m.effect_mean_pct)
                            : 0;
  belief.var_response = m.patient_cv * m.patient_cv + mix.log_sd * mix.log_sd + grade * grade + score * score +
                        m.fitzpatrick.log_sd * m.fitzpatrick.log_sd + interval * interval + adherence * adherence +
                        pooled;
  return belief;
}

ImprovementBand PredictBand(const OutcomeModel& m, const PredictionInputs& in, const ResponseBelief& b,
                            int after_session) {
  const double effect = Effect(m, in, after_session);
  const double mid = b.sham_mean + b.response_mean * effect;
  const double var = b.var_sham + effect * effect * b.var_response + 2 * effect * b.cov +
                     ExtrapolationVariance(m, after_session, effect);
  const double sd = std::sqrt(std::max(var, 0.0));
  const auto round1 = [](double v) { return std::round(std::clamp(v, 0.0, 100.0) * 10) / 10; };
  return {after_session, round1(mid - kZ80 * sd), round1(mid), round1(mid + kZ80 * sd)};
}

std::vector<ImprovementBand> PredictCourse(const OutcomeModel& m, const PredictionInputs& in,
                                           const ResponseBelief& belief, int sessions) {
  std::vector<ImprovementBand> bands;
  bands.reserve(static_cast<size_t>(std::max(sessions, 0)));
  for (int n = 1; n <= sessions; ++n) bands.push_back(PredictBand(m, in, belief, n));
  return bands;
}

ResponseBelief UpdateBelief(const OutcomeModel& m, const PredictionInputs& in, ResponseBelief b,
                            const std::vector<ProgressObservation>& observations) {
  const double noise = ObservationVariance(m, in);
  for (const ProgressObservation& o : observations) {
    if (o.after_session < 1) continue;
    // y = sham + response x effect + noise: a Kalman step on (sham, response).
    const double e = Effect(m, in, o.after_session);
    const double r = noise + ExtrapolationVariance(m, o.after_session, e);
    const double sh0 = b.var_sham + e * b.cov;      // (Sigma h)[0]
    const double sh1 = b.cov + e * b.var_response;  // (Sigma h)[1]
    const double s = sh0 + e * sh1 + r;             // h' Sigma h + r
    const double innovation = o.improvement_pct - (b.sham_mean + e * b.response_mean);
    b.sham_mean += sh0 / s * innovation;
    b.response_mean += sh1 / s * innovation;
    b.var_sham -= sh0 * sh0 / s;
    b.var_response -= sh1 * sh1 / s;
    b.cov -= sh0 * sh1 / s;
    ++b.observations;
  }
  return b;
}

std::string ExplainPrediction(const OutcomeModel& m, const PredictionInputs& in, int sessions,
                              const ResponseBelief& belief) {
  const OutcomeWording& w = m.wording;
  std::vector<std::string> parts;
  const double total = SumOfShares(in);
  if (total > 0) {
    const struct {
      MixType type;
      const std::string* text;
    } heavy[] = {{MixType::kIcePick, &w.ice_pick_heavy},
                 {MixType::kBoxcar, &w.boxcar_heavy},
                 {MixType::kRolling, &w.rolling_heavy}};
    for (const auto& h : heavy) {
      const double share = in.shares[Index(h.type)] / total;
      if (share >= w.heavy_share) parts.push_back(Fill(*h.text, "share", Percent(share)));
    }
  }
  const int grade = Grade(in);
  if (m.grade[static_cast<size_t>(grade)].factor < 1) {
    parts.push_back(Fill(w.severe_grade, "grade", std::to_string(grade)));
  } else if (m.grade[static_cast<size_t>(grade)].log_sd > 0) {
    parts.push_back(Fill(w.mild_grade, "grade", std::to_string(grade)));
  }
  if (ScoreAway(m, in.quantitative_score) > 0) {
    parts.push_back(Fill(w.score_outside_trials, "score", OneDecimal(in.quantitative_score)));
  }
  if (SessionsAway(m, sessions) > 0)
    parts.push_back(Fill(w.sessions_outside_trials, "sessions", std::to_string(sessions)));
  if (std::abs(in.interval_days - m.interval_reference_days) >= 7) {
    parts.push_back(Fill(w.interval_away, "days", std::to_string(in.interval_days)));
  }
  if (in.adherence < 1) parts.push_back(Fill(w.low_adherence, "share", Percent(in.adherence)));
  if (belief.observations > 0) {
    parts.push_back(Fill(Fill(w.updated, "count", std::to_string(belief.observations)), "direction",
                         belief.response_mean >= 1 ? w.faster : w.slower));
  }
  if (parts.empty()) return w.typical;
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : "; ") + p;
  return text;
}

BehindCheck CheckBehind(const OutcomeModel& m, const PredictionInputs& in, const ResponseBelief& prior_belief,
                        const std::vector<ProgressObservation>& observations) {
  BehindCheck check;
  const ProgressObservation* latest = nullptr;
  for (const ProgressObservation& o : observations) {
    if (!latest || o.after_session >= latest->after_session) latest = &o;
  }
  if (!latest) return check;
  check.after_session = latest->after_session;
  check.observed_pct = latest->improvement_pct;
  if (latest->after_session < std::max(m.behind.from_session, 2)) return check;  // never after session 1
  check.evaluated = true;
  check.low_pct = PredictBand(m, in, prior_belief, latest->after_session).low_pct;
  check.behind = latest->improvement_pct < check.low_pct;
  if (check.behind) {
    check.reason =
        Fill(Fill(Fill(m.behind.reason, "observed", OneDecimal(check.observed_pct)), "low", OneDecimal(check.low_pct)),
             "session", std::to_string(check.after_session));
  }
  return check;
}

int EccaTotal(const EccaScale& scale, const std::vector<int>& frequencies) {
  int total = 0;
  for (size_t i = 0; i < scale.items.size() && i < frequencies.size(); ++i) {
    total += scale.items[i].weight * frequencies[i];
  }
  return total;
}

double AdherenceShare(const AdherenceCounts& c) {
  const int judged = c.check_ins + c.sessions_kept + c.sessions_skipped;
  if (judged <= 0) return 1;
  return std::clamp(static_cast<double>(c.check_ins_followed + c.sessions_kept) / judged, 0.0, 1.0);
}

std::optional<double> ImprovementPct(int baseline, int now) {
  if (baseline <= 0) return std::nullopt;
  return std::round(1000.0 * (baseline - now) / baseline) / 10;
}

std::string_view CourseStatusName(CourseStatus status) {
  switch (status) {
    case CourseStatus::kTooEarly:
      return "too_early";
    case CourseStatus::kOnTrack:
      return "on_track";
    case CourseStatus::kBehind:
      return "behind";
    case CourseStatus::kAhead:
      return "ahead";
  }
  return "too_early";
}

CourseProgress AssessProgress(const OutcomeModel& m, const PredictionInputs& in, int sessions,
                              const std::vector<ProgressObservation>& observations) {
  CourseProgress progress;
  const ResponseBelief prior = PriorBelief(m, in);
  progress.planned = PredictCourse(m, in, prior, sessions);
  progress.belief = UpdateBelief(m, in, prior, observations);
  progress.updated = PredictCourse(m, in, progress.belief, sessions);
  progress.behind = CheckBehind(m, in, prior, observations);
  progress.explanation = ExplainPrediction(m, in, sessions, progress.belief);
  if (!progress.behind.evaluated) {
    progress.status = CourseStatus::kTooEarly;
    progress.patient_message = m.behind.patient_too_early;
  } else if (progress.behind.behind) {
    progress.status = CourseStatus::kBehind;
    progress.patient_message = m.behind.patient_behind;
  } else if (progress.behind.observed_pct > PredictBand(m, in, prior, progress.behind.after_session).high_pct) {
    progress.status = CourseStatus::kAhead;
    progress.patient_message = m.behind.patient_ahead;
  } else {
    progress.status = CourseStatus::kOnTrack;
    progress.patient_message = m.behind.patient_on_track;
  }
  return progress;
}

}  // namespace scarwise::domain

namespace scarwise::domain {

std::string_view ReassessmentVisitName(ReassessmentVisit visit) {
  return visit == ReassessmentVisit::kFollowUp ? "follow_up" : "session";
}

std::optional<ReassessmentVisit> ReassessmentVisitFromName(std::string_view name) {
  if (name == "session") return ReassessmentVisit::kSession;
  if (name == "follow_up") return ReassessmentVisit::kFollowUp;
  return std::nullopt;
}

}  // namespace scarwise::domain

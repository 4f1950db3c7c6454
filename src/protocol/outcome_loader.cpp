#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

domain::OutcomeFactor ReadFactor(const Node& node) {
  return {node.Number("factor", 0.01, 10), node.Number("log_sd", 0, 3)};
}

// `arms` must name at least one arm where a parameter says it comes from trials.
void ReadArms(const Node& node, bool required) {
  if (!node.Has("arms")) {
    if (required) node.Report("arms", "required: the trial arms this value comes from");
    return;
  }
  node.TextList("arms");
}

}  // namespace

domain::OutcomeModel LoadOutcome(const Node& root) {
  domain::OutcomeModel m;
  m.loaded = true;
  root.AllowOnly({"fitted_from", "baseline_points", "sham", "effect", "spread", "measurement", "sessions", "scar_mix",
                  "grade", "quantitative_score", "fitzpatrick", "interval", "adherence", "follow_up_maturation",
                  "explain", "behind", "follow_up", "ecca"});
  const Node fitted = root.Child("fitted_from");
  fitted.AllowOnly({"file", "sha256", "arms"});
  fitted.Text("file");
  ReadArms(fitted, true);

  const Node baseline = root.Child("baseline_points");
  baseline.AllowOnly({"value", "source", "unverified"});
  m.baseline_points = baseline.Number("value", 1, 100);
  baseline.ReadSource();

  const Node sham = root.Child("sham");
  sham.AllowOnly({"mean_pct", "sd_pct", "arms", "source", "unverified"});
  m.sham_mean_pct = sham.Number("mean_pct", -50, 50);
  m.sham_sd_pct = sham.Number("sd_pct", 0, 50);
  ReadArms(sham, false);
  m.sham_source = sham.ReadSource();

  const Node effect = root.Child("effect");
  effect.AllowOnly(
      {"mean_pct", "se_pct", "between_study_sd_pct", "reference_sessions", "arms", "source", "unverified"});
  m.effect_mean_pct = effect.Number("mean_pct", 0, 100);
  m.effect_se_pct = effect.Number("se_pct", 0, 100);
  m.between_study_sd_pct = effect.Number("between_study_sd_pct", 0, 100);
  m.reference_sessions = effect.Integer("reference_sessions", 1, 20);
  ReadArms(effect, true);
  m.effect_source = effect.ReadSource();

  const Node spread = root.Child("spread");
  spread.AllowOnly({"patient_cv", "arms", "source", "unverified"});
  m.patient_cv = spread.Number("patient_cv", 0, 5);
  ReadArms(spread, true);
  m.spread_source = spread.ReadSource();

  const Node measurement = root.Child("measurement");
  measurement.AllowOnly({"sd_points", "source", "unverified"});
  m.measurement_sd_points = measurement.Number("sd_points", 0.01, 20);
  m.measurement_source = measurement.ReadSource();

  const Node sessions = root.Child("sessions");
  sessions.AllowOnly({"rate_per_session", "with_data", "extrapolation_log_sd", "source", "unverified"});
  m.rate_per_session = sessions.Number("rate_per_session", 0, 5);
  for (const Node& n : sessions.Items("with_data")) m.sessions_with_data.push_back(n.AsInteger(1, 20));
  m.sessions_extrapolation_log_sd = sessions.Number("extrapolation_log_sd", 0, 3);
  m.sessions_source = sessions.ReadSource();

  const Node mix = root.Child("scar_mix");
  mix.AllowOnly({"reference_shares", "reference_source", "types", "source", "unverified"});
  const Node shares = mix.Child("reference_shares");
  shares.AllowOnly({"ice_pick", "boxcar", "rolling"});
  const Node types = mix.Child("types");
  types.AllowOnly({"ice_pick", "boxcar", "rolling"});
  const std::pair<const char*, domain::MixType> names[] = {{"ice_pick", domain::MixType::kIcePick},
                                                           {"boxcar", domain::MixType::kBoxcar},
                                                           {"rolling", domain::MixType::kRolling}};
  double share_sum = 0;
  for (const auto& [name, type] : names) {
    const size_t i = static_cast<size_t>(type);
    m.reference_shares[i] = shares.Number(name, 0, 1);
    share_sum += m.reference_shares[i];
    const Node t = types.Child(name);
    t.AllowOnly({"relative", "log_sd", "arms"});
    m.scar_types[i] = {t.Number("relative", 0.01, 10), t.Number("log_sd", 0, 3)};
    ReadArms(t, true);
  }
  if (share_sum < 0.99 || share_sum > 1.01) shares.Report("must add up to 1");
  mix.Text("reference_source");
  m.mix_source = mix.ReadSource();

  const Node grade = root.Child("grade");
  grade.AllowOnly({"factors", "arms", "source", "unverified"});
  std::set<int> grades;
  for (const auto& [key, node] : grade.Entries("factors")) {
    node.AllowOnly({"factor", "log_sd"});
    const int g = key.size() == 1 && key[0] >= '1' && key[0] <= '4' ? key[0] - '0' : 0;
    if (g == 0) {
      grade.Report("factors", "keys must be the grades 1 to 4, not '" + key + "'");
      continue;
    }
    grades.insert(g);
    m.grade[static_cast<size_t>(g)] = ReadFactor(node);
  }
  if (grades.size() != 4) grade.Report("factors", "needs a factor for each grade 1 to 4");
  ReadArms(grade, true);
  m.grade_source = grade.ReadSource();

  const Node score = root.Child("quantitative_score");
  score.AllowOnly({"trial_range", "log_sd_per_point_outside", "source", "unverified"});
  const Node range = score.Child("trial_range");
  range.AllowOnly({"min", "max"});
  m.score_trial_min = range.Number("min", 0, 200);
  m.score_trial_max = range.Number("max", 0, 200);
  if (m.score_trial_min > m.score_trial_max) range.Report("must satisfy min <= max");
  m.score_log_sd_per_point = score.Number("log_sd_per_point_outside", 0, 1);
  m.score_source = score.ReadSource();

  const Node fitz = root.Child("fitzpatrick");
  fitz.AllowOnly({"factor", "log_sd", "arms", "source", "unverified"});
  m.fitzpatrick = ReadFactor(fitz);
  ReadArms(fitz, true);
  m.fitzpatrick_source = fitz.ReadSource();

  const Node interval = root.Child("interval");
  interval.AllowOnly({"reference_days", "log_sd_per_week_away", "source", "unverified"});
  m.interval_reference_days = interval.Integer("reference_days", 1, 365);
  m.interval_log_sd_per_week = interval.Number("log_sd_per_week_away", 0, 1);
  m.interval_source = interval.ReadSource();

  const Node adherence = root.Child("adherence");
  adherence.AllowOnly({"log_sd_at_none", "source", "unverified"});
  m.adherence_log_sd_at_none = adherence.Number("log_sd_at_none", 0, 3);
  m.adherence_source = adherence.ReadSource();

  const Node maturation = root.Child("follow_up_maturation");
  maturation.AllowOnly({"factor", "arms", "source", "unverified"});
  m.follow_up_maturation = maturation.Number("factor", 0.1, 10);
  ReadArms(maturation, true);
  maturation.ReadSource();

  const Node explain = root.Child("explain");
  explain.AllowOnly({"ice_pick_heavy", "rolling_heavy", "boxcar_heavy", "severe_grade", "mild_grade",
                     "score_outside_trials", "sessions_outside_trials", "interval_away", "low_adherence", "typical",
                     "updated", "faster", "slower", "heavy_share", "source", "unverified"});
  domain::OutcomeWording& w = m.wording;
  w.ice_pick_heavy = explain.Text("ice_pick_heavy");
  w.rolling_heavy = explain.Text("rolling_heavy");
  w.boxcar_heavy = explain.Text("boxcar_heavy");
  w.severe_grade = explain.Text("severe_grade");
  w.mild_grade = explain.Text("mild_grade");
  w.score_outside_trials = explain.Text("score_outside_trials");
  w.sessions_outside_trials = explain.Text("sessions_outside_trials");
  w.interval_away = explain.Text("interval_away");
  w.low_adherence = explain.Text("low_adherence");
  w.typical = explain.Text("typical");
  w.updated = explain.Text("updated");
  w.faster = explain.Text("faster");
  w.slower = explain.Text("slower");
  w.heavy_share = explain.Number("heavy_share", 0.01, 1);
  w.source = explain.ReadSource();

  const Node behind = root.Child("behind");
  behind.AllowOnly({"from_session", "source", "unverified", "reason", "suggestions", "patient"});
  // Never after session 1: one session cannot show whether needling works.
  m.behind.from_session = behind.Integer("from_session", 2, 20);
  m.behind.source = behind.ReadSource();
  m.behind.reason = behind.Text("reason");
  std::set<std::string> codes;
  for (const Node& item : behind.Items("suggestions")) {
    item.AllowOnly({"code", "message", "source", "unverified"});
    domain::BehindSuggestion s{item.Text("code"), item.Text("message"), item.ReadSource()};
    if (!s.code.empty() && !codes.insert(s.code).second) item.Report("code", "duplicate suggestion code");
    m.behind.suggestions.push_back(std::move(s));
  }
  const Node patient = behind.Child("patient");
  patient.AllowOnly({"too_early", "on_track", "ahead", "behind"});
  m.behind.patient_too_early = patient.Text("too_early");
  m.behind.patient_on_track = patient.Text("on_track");
  m.behind.patient_ahead = patient.Text("ahead");
  m.behind.patient_behind = patient.Text("behind");

  const Node follow_up = root.Child("follow_up");
  follow_up.AllowOnly({"min_days_after_last_session", "minutes", "label", "patient_note", "source", "unverified"});
  // "At least 3 months after the last session" (issue 21): a clinic may wait longer, not less.
  m.follow_up.min_days_after_last_session = follow_up.Integer("min_days_after_last_session", 90, 730);
  m.follow_up.minutes = follow_up.Integer("minutes", 5, 240);
  m.follow_up.label = follow_up.Text("label");
  m.follow_up.patient_note = follow_up.Text("patient_note");
  m.follow_up.source = follow_up.ReadSource();

  const Node ecca = root.Child("ecca");
  ecca.AllowOnly({"max_frequency", "items", "source", "unverified"});
  m.ecca.max_frequency = ecca.Integer("max_frequency", 1, 10);
  std::set<std::string> ecca_codes;
  for (const Node& item : ecca.Items("items")) {
    item.AllowOnly({"code", "description", "weight"});
    domain::EccaItem e{item.Text("code"), item.Text("description"), item.Integer("weight", 0, 1000)};
    if (!e.code.empty() && !ecca_codes.insert(e.code).second) item.Report("code", "duplicate ECCA item");
    m.ecca.items.push_back(std::move(e));
  }
  m.ecca.source = ecca.ReadSource();
  return m;
}

}  // namespace scarwise::protocol

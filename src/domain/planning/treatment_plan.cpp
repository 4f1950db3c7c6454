#include "domain/planning/treatment_plan.hpp"

#include <algorithm>
#include <cstdio>

namespace scarwise::domain {
namespace {

// "1.5 mm", "2.0 mm", "0.25 mm": hundredths only where they matter.
std::string Mm(double mm) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", mm);
  std::string text = buf;
  if (text.back() == '0') text.pop_back();
  return text + " mm";
}

void ReplaceAll(std::string& text, std::string_view from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The expected improvement for `plan.sessions`: the outcome model's prediction for the
// patient when there is one (with its explanation, replacing an earlier one), the fixed
// bands otherwise.
void SetExpected(const PlanningProtocol& planning, TreatmentPlan& plan, const std::optional<PredictionInputs>& inputs) {
  plan.expected.clear();
  if (planning.outcome.loaded && inputs) {
    PredictionInputs in = *inputs;
    in.interval_days = plan.interval.target;
    const ResponseBelief prior = PriorBelief(planning.outcome, in);
    plan.expected = PredictCourse(planning.outcome, in, prior, plan.sessions);
    Explanation why{ExplainPrediction(planning.outcome, in, plan.sessions, prior), planning.outcome.wording.source};
    const auto earlier = std::find_if(plan.explanation.begin(), plan.explanation.end(), [&](const Explanation& e) {
      return e.source.citation == planning.outcome.wording.source.citation;
    });
    if (earlier != plan.explanation.end()) {
      *earlier = std::move(why);
    } else {
      plan.explanation.push_back(std::move(why));
    }
    return;
  }
  for (const ImprovementBand& band : planning.expected_improvement) {
    if (band.after_session <= plan.sessions) plan.expected.push_back(band);
  }
}

}  // namespace

std::string PreSessionAdvice(const PlanningProtocol& planning) {
  std::string text = planning.pre_session_advice;
  ReplaceAll(text, "{numbing_minutes}", std::to_string(planning.numbing_minutes));
  ReplaceAll(text, "{procedure_minutes}", std::to_string(planning.needling_minutes));
  return text;
}

TreatmentPlan ProposePlan(const PlanningProtocol& planning, const ScoringProtocol& scoring,
                          const ScarAssessment& assessment, const FactSet& facts,
                          const std::vector<ScreeningFinding>& precautions) {
  TreatmentPlan plan;
  plan.bounds = {planning.min_sessions, planning.max_sessions, planning.depth_range.min_mm,
                 planning.depth_range.max_mm};
  const int grade = assessment.qualitative_grade;

  plan.sessions = planning.sessions_by_grade[static_cast<size_t>(grade)];
  plan.explanation.push_back({"Goodman & Baron grade " + std::to_string(grade) + ": " + std::to_string(plan.sessions) +
                                  " sessions as the starting point.",
                              planning.sessions_source});
  for (const SessionAdjustment& adjustment : planning.session_adjustments) {
    if (!Holds(adjustment.when, facts)) continue;
    const int before = plan.sessions;
    plan.sessions = std::clamp(plan.sessions + adjustment.add, planning.min_sessions, planning.max_sessions);
    std::string text =
        adjustment.message + " (" + ExplainPlainly(adjustment.when, facts, planning.fact_wording) + "): ";
    text += plan.sessions == before
                ? "already at the maximum of " + std::to_string(planning.max_sessions) + " sessions."
                : std::to_string(before) + " -> " + std::to_string(plan.sessions) + " sessions.";
    plan.explanation.push_back({std::move(text), adjustment.source});
  }

  plan.interval = planning.interval;
  plan.explanation.push_back({"Sessions " + std::to_string(plan.interval.target) + " days apart, never fewer than " +
                                  std::to_string(plan.interval.min) + " or more than " +
                                  std::to_string(plan.interval.max) + " days: " + planning.interval_reason,
                              planning.interval_source});
  plan.session_minutes = planning.needling_minutes;
  plan.numbing_minutes = planning.numbing_minutes;
  plan.explanation.push_back({planning.needling_note, planning.needling_source});

  bool any_scarred = false;
  for (const ZoneInventory& zone : assessment.zones) {
    for (ScarType type : kAllScarTypes) any_scarred = any_scarred || zone.Count(type) > 0;
  }
  for (const ZoneInventory& zone : assessment.zones) {
    int scars = 0;
    for (ScarType type : kAllScarTypes) scars += zone.Count(type);
    if (any_scarred && scars == 0) continue;
    ZoneSetting setting{zone.zone, planning.depth_mm[Index(zone.zone)], DeepScars(scoring, zone)};
    const std::string name(ZoneName(zone.zone));
    const DeepScarDepthRule& deep = planning.deep_scar_depth;
    if (setting.deep_scars >= deep.min_deep_scars && setting.needle_depth_mm < deep.max_mm) {
      const double base = setting.needle_depth_mm;
      setting.needle_depth_mm = std::min(base + deep.add_mm, deep.max_mm);
      plan.explanation.push_back({name + ": " + std::to_string(setting.deep_scars) + " deep scars (at least " +
                                      std::to_string(deep.min_deep_scars) + "), so " + Mm(base) + " + " +
                                      Mm(deep.add_mm) + " = " + Mm(setting.needle_depth_mm) + " (maximum " +
                                      Mm(deep.max_mm) + ").",
                                  deep.source});
    } else {
      plan.explanation.push_back(
          {name + ": needle depth " + Mm(setting.needle_depth_mm) + " for this zone.", planning.depth_source});
    }
    plan.zones.push_back(setting);
  }

  for (const ScreeningFinding& precaution : precautions) {
    if (!precaution.plan_modifiers || !precaution.plan_modifiers->priming_days) continue;
    const int primed_days = *precaution.plan_modifiers->priming_days;
    if (primed_days <= plan.priming_days) continue;
    plan.priming_days = primed_days;
    plan.explanation.push_back({"Skin priming for " + std::to_string(primed_days) +
                                    " days before session 1 (precaution '" + precaution.code +
                                    "'): " + precaution.action + " The first session is booked " +
                                    std::to_string(primed_days) + " days after the plan's approval at the earliest.",
                                precaution.plan_modifiers->source});
  }
  for (const ScreeningFinding& precaution : precautions) {
    if (!precaution.plan_modifiers || !precaution.plan_modifiers->max_needle_depth_mm) continue;
    const double cap = *precaution.plan_modifiers->max_needle_depth_mm;
    plan.bounds.max_depth_mm = std::min(plan.bounds.max_depth_mm, cap);
    plan.bounds.min_depth_mm = std::min(plan.bounds.min_depth_mm, cap);
    for (ZoneSetting& setting : plan.zones) {
      if (setting.needle_depth_mm <= cap) continue;
      plan.explanation.push_back({std::string(ZoneName(setting.zone)) + ": " + Mm(setting.needle_depth_mm) + " -> " +
                                      Mm(cap) + ", the most the precaution '" + precaution.code + "' allows.",
                                  precaution.plan_modifiers->source});
      setting.needle_depth_mm = cap;
    }
  }

  plan.explanation.push_back({planning.expected_note, planning.expected_source});
  SetExpected(planning, plan, PredictionInputsFrom(facts, plan.interval.target));

  for (const RecommendationRule& rule : planning.recommendations) {
    if (!Holds(rule.when, facts)) continue;
    // Said once, as a recommendation with its reason (not again among the explanations).
    plan.recommendations.push_back(
        {rule.code, rule.message, rule.source, ExplainPlainly(rule.when, facts, planning.fact_wording)});
  }
  return plan;
}

Result<TreatmentPlan> AdjustPlan(const PlanningProtocol& planning, TreatmentPlan plan, const PlanAdjustment& adjustment,
                                 const std::optional<PredictionInputs>& inputs) {
  bool predict_again = false;
  if (adjustment.sessions) {
    const int sessions = *adjustment.sessions;
    if (sessions < planning.min_sessions || sessions > planning.max_sessions) {
      return Unexpected(InvalidArgument("sessions", "must be from " + std::to_string(planning.min_sessions) + " to " +
                                                        std::to_string(planning.max_sessions)));
    }
    if (sessions != plan.sessions) {
      plan.explanation.push_back({"Adjusted by the clinician: " + std::to_string(plan.sessions) + " -> " +
                                      std::to_string(sessions) + " sessions (the protocol allows " +
                                      std::to_string(planning.min_sessions) + " to " +
                                      std::to_string(planning.max_sessions) + ").",
                                  planning.sessions_source});
      plan.sessions = sessions;
      predict_again = true;
    }
  }
  if (adjustment.interval_target_days) {
    const int target = *adjustment.interval_target_days;
    if (target < plan.interval.min || target > plan.interval.max) {
      return Unexpected(InvalidArgument("interval_days", "must be from " + std::to_string(plan.interval.min) + " to " +
                                                             std::to_string(plan.interval.max) + " days"));
    }
    if (target != plan.interval.target) {
      plan.explanation.push_back({"Adjusted by the clinician: sessions " + std::to_string(target) +
                                      " days apart (the window stays " + std::to_string(plan.interval.min) + " to " +
                                      std::to_string(plan.interval.max) + " days).",
                                  planning.interval_source});
      plan.interval.target = target;
      predict_again = predict_again || (planning.outcome.loaded && inputs);
    }
  }
  for (size_t i = 0; i < adjustment.depths_mm.size(); ++i) {
    const auto [zone, mm] = adjustment.depths_mm[i];
    const std::string field = "zones[" + std::to_string(i) + "].needle_depth_mm";
    const auto setting = std::find_if(plan.zones.begin(), plan.zones.end(),
                                      [zone = zone](const ZoneSetting& z) { return z.zone == zone; });
    if (setting == plan.zones.end()) {
      return Unexpected(InvalidArgument("zones[" + std::to_string(i) + "].zone", "is not a zone of this plan"));
    }
    DepthRange range = planning.depth_range;
    if (plan.bounds.max_depth_mm > 0 && plan.bounds.max_depth_mm < range.max_mm) {
      range.max_mm = plan.bounds.max_depth_mm;  // a precaution's cap
      range.min_mm = std::min(range.min_mm, range.max_mm);
    }
    if (!(mm >= range.min_mm && mm <= range.max_mm)) {
      return Unexpected(InvalidArgument(field, "must be from " + Mm(range.min_mm) + " to " + Mm(range.max_mm)));
    }
    if (mm != setting->needle_depth_mm) {
      plan.explanation.push_back({"Adjusted by the clinician: " + std::string(ZoneName(zone)) + " " +
                                      Mm(setting->needle_depth_mm) + " -> " + Mm(mm) + " (the protocol allows " +
                                      Mm(range.min_mm) + " to " + Mm(range.max_mm) + ").",
                                  range.source});
      setting->needle_depth_mm = mm;
    }
  }
  if (predict_again) SetExpected(planning, plan, inputs);
  return plan;
}

}  // namespace scarwise::domain

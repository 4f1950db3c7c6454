#include "domain/planning/treatment_plan.hpp"

#include <algorithm>
#include <cstdio>

namespace scarwise::domain {
namespace {

std::string Mm(double mm) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f mm", mm);
  return buf;
}

}  // namespace

TreatmentPlan ProposePlan(const PlanningProtocol& planning, const ScoringProtocol& scoring,
                          const ScarAssessment& assessment, const FactSet& facts) {
  TreatmentPlan plan;
  const int grade = assessment.qualitative_grade;

  plan.sessions = planning.sessions_by_grade[static_cast<size_t>(grade)];
  plan.explanation.push_back({"Goodman & Baron grade " + std::to_string(grade) + ": " + std::to_string(plan.sessions) +
                                  " sessions as the starting point.",
                              planning.sessions_source});
  for (const SessionAdjustment& adjustment : planning.session_adjustments) {
    if (!Holds(adjustment.when, facts)) continue;
    const int before = plan.sessions;
    plan.sessions = std::clamp(plan.sessions + adjustment.add, planning.min_sessions, planning.max_sessions);
    std::string text = adjustment.message + " (" + Explain(adjustment.when, facts) + "): ";
    text += plan.sessions == before
                ? "already at the maximum of " + std::to_string(planning.max_sessions) + " sessions."
                : std::to_string(before) + " -> " + std::to_string(plan.sessions) + " sessions.";
    plan.explanation.push_back({std::move(text), adjustment.source});
  }

  plan.interval = planning.interval;
  plan.explanation.push_back({"Sessions " + std::to_string(plan.interval.target) + " days apart, never fewer than " +
                                  std::to_string(plan.interval.min) + " or more than " +
                                  std::to_string(plan.interval.max) + " days: collagen remodelling needs the time.",
                              planning.interval_source});
  plan.session_minutes = planning.needling_minutes;
  plan.numbing_minutes = planning.numbing_minutes;
  plan.explanation.push_back({"About " + std::to_string(plan.session_minutes) + " minutes of needling after " +
                                  std::to_string(plan.numbing_minutes) + " minutes of topical numbing.",
                              planning.needling_source});

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

  for (const ImprovementBand& band : planning.expected_improvement) {
    if (band.after_session <= plan.sessions) plan.expected.push_back(band);
  }
  plan.explanation.push_back(
      {"Expected improvement is a band, not a promise: results depend on scar type, "
       "severity, skin type and aftercare, and keep improving for 3-6 months after the "
       "last session.",
       planning.expected_source});

  for (const RecommendationRule& rule : planning.recommendations) {
    if (!Holds(rule.when, facts)) continue;
    plan.recommendations.push_back({rule.code, rule.message, rule.source});
    plan.explanation.push_back({rule.message + " (" + Explain(rule.when, facts) + ").", rule.source});
  }
  return plan;
}

}  // namespace scarwise::domain

#include "interop/json/report_codec.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "interop/json/plan_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

json EncodeFinding(const domain::ScreeningFinding& f) {
  json out = {{"code", f.code},
              {"decision", domain::DecisionName(f.decision)},
              {"message", f.message},
              {"action", f.action},
              {"because", f.because},
              {"source", f.source.citation},
              {"unverified", f.source.unverified}};
  if (f.clinician_must_confirm) out["clinician_must_confirm"] = true;
  if (f.plan_modifiers) {
    json modifiers = {{"source", f.plan_modifiers->source.citation},
                      {"unverified", f.plan_modifiers->source.unverified}};
    if (f.plan_modifiers->max_needle_depth_mm)
      modifiers["max_needle_depth_mm"] = *f.plan_modifiers->max_needle_depth_mm;
    if (f.plan_modifiers->priming_days) modifiers["priming_days"] = *f.plan_modifiers->priming_days;
    out["plan_modifiers"] = std::move(modifiers);
  }
  if (f.record) out["record"] = EncodeRecording(*f.record);
  return out;
}

// Depths are set to hundredths of a millimetre at most: print 1.5, not 1.5000000000000002.
double Hundredths(double mm) {
  return std::round(mm * 100.0) / 100.0;
}

}  // namespace

json EncodePlan(const domain::TreatmentPlan& plan) {
  json zones = json::array();
  for (const auto& z : plan.zones) {
    zones.push_back({{"zone", domain::ZoneName(z.zone)},
                     {"needle_depth_mm", Hundredths(z.needle_depth_mm)},
                     {"deep_scars", z.deep_scars}});
  }
  json expected = json::array();
  for (const auto& e : plan.expected) {
    expected.push_back({{"after_session", e.after_session},
                        {"improvement_pct", {{"low", e.low_pct}, {"mid", e.mid_pct}, {"high", e.high_pct}}}});
  }
  json recommendations = json::array();
  for (const auto& r : plan.recommendations) {
    recommendations.push_back(
        {{"code", r.code}, {"message", r.message}, {"source", r.source.citation}, {"because", r.because}});
  }
  json explanation = json::array();
  for (const auto& e : plan.explanation) {
    explanation.push_back({{"text", e.text}, {"source", e.source.citation}, {"unverified", e.source.unverified}});
  }
  return {{"sessions", plan.sessions},
          {"priming_days", plan.priming_days},
          {"interval_days", {{"min", plan.interval.min}, {"target", plan.interval.target}, {"max", plan.interval.max}}},
          {"session_minutes", plan.session_minutes},
          {"numbing_minutes", plan.numbing_minutes},
          {"zones", zones},
          {"expected", expected},
          {"recommendations", recommendations},
          {"explanation", explanation},
          {"bounds",
           {{"sessions", {{"min", plan.bounds.min_sessions}, {"max", plan.bounds.max_sessions}}},
            {"interval_days", {{"min", plan.interval.min}, {"max", plan.interval.max}}},
            {"needle_depth_mm", {{"min", plan.bounds.min_depth_mm}, {"max", plan.bounds.max_depth_mm}}}}}};
}

json EncodeScores(const domain::QuantitativeScore& score, int qualitative_grade) {
  json categories = json::array();
  for (const auto& c : score.categories) {
    categories.push_back(
        {{"category", c.code}, {"lesions", c.lesions}, {"multiplier", c.multiplier}, {"points", c.points}});
  }
  return {{"goodman_baron_quantitative", score.total},
          {"goodman_baron_qualitative", qualitative_grade},
          {"quantitative_breakdown", {{"categories", categories}, {"keloid_points", score.keloid_points}}}};
}

json EncodeReview(const domain::ConsultationReview& review, const domain::ProtocolId& protocol) {
  json reasons = json::array();
  for (const auto& f : review.screening.reasons) reasons.push_back(EncodeFinding(f));
  json precautions = json::array();
  for (const auto& f : review.screening.precautions) precautions.push_back(EncodeFinding(f));
  return {{"decision", domain::DecisionName(review.screening.decision)},
          {"reasons", reasons},
          {"precautions", precautions},
          {"rescreen_after",
           review.screening.rescreen_after ? json(FormatDate(*review.screening.rescreen_after)) : json(nullptr)},
          {"scores", EncodeScores(review.quantitative, review.qualitative_grade)},
          {"plan", review.plan ? EncodePlan(*review.plan) : json(nullptr)},
          {"protocol", {{"name", protocol.name}, {"version", protocol.version}}}};
}

json EncodeAftercare(const std::vector<domain::AftercareStatus>& timeline, const Timestamp& session_end,
                     const Timestamp& at) {
  json items = json::array();
  for (const auto& s : timeline) {
    json item = {{"code", s.item->code},
                 {"title", s.item->title},
                 {"allowed_from", FormatTimestamp(s.allowed_from)},
                 {"status", s.allowed ? "allowed" : "wait"},
                 {"advice", s.item->advice},
                 {"source", s.item->source.citation},
                 {"unverified", s.item->source.unverified}};
    if (s.keep_up_until) item["keep_up_until"] = FormatTimestamp(*s.keep_up_until);
    items.push_back(std::move(item));
  }
  return {{"session_end", FormatTimestamp(session_end)}, {"at", FormatTimestamp(at)}, {"items", items}};
}

json EncodeProductCheck(const domain::ProductCheck& check, int day, domain::ProductType type) {
  json categories = json::array();
  for (auto c : check.categories) categories.push_back(domain::FlagCategoryName(c));
  json findings = json::array();
  for (const auto& f : check.findings) {
    findings.push_back({{"ingredient", f.ingredient},
                        {"category", domain::FlagCategoryName(f.category)},
                        {"severity", domain::SeverityName(f.severity)},
                        {"ok_from_day", f.ok_from_day},
                        {"reason", f.reason}});
  }
  return {{"verdict", check.avoid ? "avoid" : "ok"},
          {"day", day},
          {"product_type", domain::ProductTypeName(type)},
          {"categories", categories},
          {"findings", findings},
          {"ok_from_day", check.ok_from_day},
          {"ingredients", check.ingredients},
          {"notes", check.notes}};
}

}  // namespace scarwise::interop

#include "interop/json/record_documents.hpp"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "domain/rules/facts.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/json_parse.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<json> Parse(std::string_view text) {
  return ParseJson(text, "(body)");
}

}  // namespace

// EncodeScores(score, grade).dump(), written directly: every assessment recorded writes one.
std::string AssessmentResultDocument(const domain::QuantitativeScore& score, int qualitative_grade) {
  JsonText out;
  out.BeginObject().Key("goodman_baron_qualitative").Int(qualitative_grade);
  out.Key("goodman_baron_quantitative").Int(score.total);
  out.Key("quantitative_breakdown").BeginObject().Key("categories").BeginArray();
  for (const domain::CategoryScore& c : score.categories) {
    out.BeginObject().Key("category").String(c.code).Key("lesions").Int(c.lesions);
    out.Key("multiplier").Int(c.multiplier).Key("points").Int(c.points).EndObject();
  }
  out.EndArray().Key("keloid_points").Int(score.keloid_points).EndObject();
  return std::move(out.EndObject()).Take();
}

std::string ScreeningResultDocument(const domain::ScreeningOutcome& outcome, const domain::ProtocolId& protocol) {
  domain::ConsultationReview review;
  review.screening = outcome;
  const json full = EncodeReview(review, protocol);
  return json{{"decision", full["decision"]},
              {"reasons", full["reasons"]},
              {"precautions", full["precautions"]},
              {"rescreen_after", full["rescreen_after"]},
              {"protocol", full["protocol"]}}
      .dump();
}

std::string ReviewDocument(const domain::ConsultationReview& review, const domain::ProtocolId& protocol) {
  return EncodeReview(review, protocol).dump();
}

Result<domain::TreatmentPlan> PlanFromReviewDocument(std::string_view text) {
  SCARWISE_ASSIGN_OR_RETURN(auto doc, Parse(text));
  const Error unreadable = InvalidArgument("plan", "the stored plan is unreadable");
  try {
    const json& p = doc.at("plan");
    domain::TreatmentPlan plan;
    plan.sessions = p.at("sessions").get<int>();
    const json& interval = p.at("interval_days");
    plan.interval = {interval.at("min").get<int>(), interval.at("target").get<int>(), interval.at("max").get<int>()};
    plan.session_minutes = p.at("session_minutes").get<int>();
    plan.numbing_minutes = p.at("numbing_minutes").get<int>();
    plan.priming_days = p.value("priming_days", 0);  // absent in a plan proposed before priming was planned
    for (const json& z : p.at("zones")) {
      const auto zone = domain::ZoneFromName(z.at("zone").get<std::string>());
      if (!zone) return Unexpected(unreadable);
      plan.zones.push_back({*zone, z.at("needle_depth_mm").get<double>(), z.at("deep_scars").get<int>()});
    }
    for (const json& e : p.at("expected")) {
      const json& pct = e.at("improvement_pct");
      plan.expected.push_back({e.at("after_session").get<int>(), pct.at("low").get<double>(),
                               pct.at("mid").get<double>(), pct.at("high").get<double>()});
    }
    for (const json& r : p.at("recommendations")) {
      plan.recommendations.push_back({r.at("code").get<std::string>(),
                                      r.at("message").get<std::string>(),
                                      {r.at("source").get<std::string>(), false},
                                      r.value("because", std::string())});
    }
    for (const json& e : p.at("explanation")) {
      plan.explanation.push_back(
          {e.at("text").get<std::string>(), {e.at("source").get<std::string>(), e.at("unverified").get<bool>()}});
    }
    if (!p.contains("bounds")) return plan;  // proposed before plans carried their bounds
    const json& bounds = p.at("bounds");
    plan.bounds = {bounds.at("sessions").at("min").get<int>(), bounds.at("sessions").at("max").get<int>(),
                   bounds.at("needle_depth_mm").at("min").get<double>(),
                   bounds.at("needle_depth_mm").at("max").get<double>()};
    return plan;
  } catch (const json::exception&) {
    return Unexpected(unreadable);
  }
}

Result<std::string> ReviewDocumentWithPlan(std::string_view text, const domain::TreatmentPlan& plan) {
  auto doc = Parse(text);
  if (!doc || !doc->is_object()) return Unexpected(InvalidArgument("plan", "the stored plan is unreadable"));
  (*doc)["plan"] = EncodePlan(plan);
  return doc->dump();
}

std::string ScarAssessmentDocument(const domain::ScarAssessment& assessment) {
  // The scar types by name, as a JSON object orders its keys.
  static const std::vector<domain::ScarType> kByName = [] {
    std::vector<domain::ScarType> types(domain::kAllScarTypes.begin(), domain::kAllScarTypes.end());
    std::sort(types.begin(), types.end(),
              [](domain::ScarType a, domain::ScarType b) { return domain::ScarTypeName(a) < domain::ScarTypeName(b); });
    return types;
  }();
  JsonText out;
  out.BeginObject().Key("date").String(FormatDate(assessment.date));
  out.Key("qualitative_grade").Int(assessment.qualitative_grade).Key("zones").BeginArray();
  for (const domain::ZoneInventory& zone : assessment.zones) {
    out.BeginObject().Key("counts").BeginObject();
    for (domain::ScarType type : kByName) out.Key(domain::ScarTypeName(type)).Int(zone.Count(type));
    out.EndObject().Key("keloid_area_cm2").Raw(json(zone.keloid_area_cm2).dump());  // nlohmann's number format
    out.Key("zone").String(domain::ZoneName(zone.zone)).EndObject();
  }
  return std::move(out.EndArray().EndObject()).Take();
}

std::string MedicalHistoryDocument(const domain::MedicalHistory& h) {
  return EncodeMedicalHistory(h).dump();
}

Result<domain::ScarAssessment> ScarAssessmentFromDocument(std::string_view text) {
  SCARWISE_ASSIGN_OR_RETURN(auto doc, Parse(text));
  return DecodeScarAssessment(doc, "");
}

Result<domain::MedicalHistory> MedicalHistoryFromDocument(std::string_view text,
                                                          const std::vector<domain::ScreeningQuestion>& questions) {
  SCARWISE_ASSIGN_OR_RETURN(const json doc, Parse(text));
  return DecodeRecordedHistory(doc, questions);
}

std::string ProductCheckDocument(const domain::ProductCheck& check, int day, domain::ProductType type) {
  return EncodeProductCheck(check, day, type).dump();
}

}  // namespace scarwise::interop

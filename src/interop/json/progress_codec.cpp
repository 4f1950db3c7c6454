#include "interop/json/progress_codec.hpp"

#include <nlohmann/json.hpp>

#include "interop/json/consultation_codec.hpp"
#include "interop/json/json_parse.hpp"
#include "interop/json/record_documents.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<int> IntegerIn(const json& value, const std::string& field, int min, int max) {
  if (!value.is_number_integer()) return Unexpected(InvalidArgument(field, "must be a whole number"));
  const auto v = value.get<int64_t>();
  if (v < min || v > max) {
    return Unexpected(InvalidArgument(field, "must be from " + std::to_string(min) + " to " + std::to_string(max)));
  }
  return static_cast<int>(v);
}

Result<std::optional<int>> OptionalRating(const json& ratings, const char* key) {
  if (!ratings.contains(key) || ratings.at(key).is_null()) return std::optional<int>{};
  SCARWISE_ASSIGN_OR_RETURN(const int v, IntegerIn(ratings.at(key), std::string("patient_rating.") + key, 0, 10));
  return std::optional<int>{v};
}

}  // namespace

Result<domain::Reassessment> DecodeReassessment(const json& body, const domain::EccaScale& ecca) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be an object"));
  SCARWISE_RETURN_IF_ERROR(
      OnlyKnownMembers(body, "", {"visit", "after_session", "assessment", "ecca", "patient_rating"}));
  domain::Reassessment r;
  if (!body.contains("visit") || !body.at("visit").is_string()) {
    return Unexpected(InvalidArgument("visit", "required: session or follow_up"));
  }
  const auto visit = domain::ReassessmentVisitFromName(body.at("visit").get<std::string>());
  if (!visit) return Unexpected(InvalidArgument("visit", "must be session or follow_up"));
  r.visit = *visit;
  if (!body.contains("after_session")) return Unexpected(InvalidArgument("after_session", "required"));
  SCARWISE_ASSIGN_OR_RETURN(r.after_session, IntegerIn(body.at("after_session"), "after_session", 0, 50));
  if (!body.contains("assessment")) return Unexpected(InvalidArgument("assessment", "required"));
  SCARWISE_ASSIGN_OR_RETURN(r.assessment, DecodeScarAssessment(body.at("assessment"), "assessment"));
  if (body.contains("ecca") && !body.at("ecca").is_null()) {
    const json& e = body.at("ecca");
    if (!e.is_object()) return Unexpected(InvalidArgument("ecca", "must be an object of frequency grades"));
    std::vector<std::string_view> known;
    for (const domain::EccaItem& item : ecca.items) known.push_back(item.code);
    SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(e, "ecca", std::span<const std::string_view>(known)));
    std::vector<int> grades;
    for (const domain::EccaItem& item : ecca.items) {
      const std::string field = "ecca." + item.code;
      if (!e.contains(item.code)) return Unexpected(InvalidArgument(field, "required: every item of the scale"));
      SCARWISE_ASSIGN_OR_RETURN(const int g, IntegerIn(e.at(item.code), field, 0, ecca.max_frequency));
      grades.push_back(g);
    }
    r.ecca = std::move(grades);
  }
  if (body.contains("patient_rating") && !body.at("patient_rating").is_null()) {
    const json& p = body.at("patient_rating");
    if (!p.is_object()) return Unexpected(InvalidArgument("patient_rating", "must be an object"));
    SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(p, "patient_rating", {"improvement", "satisfaction"}));
    SCARWISE_ASSIGN_OR_RETURN(r.patient_improvement, OptionalRating(p, "improvement"));
    SCARWISE_ASSIGN_OR_RETURN(r.patient_satisfaction, OptionalRating(p, "satisfaction"));
  }
  return r;
}

std::string ReassessmentInputDocument(const domain::Reassessment& r, const domain::EccaScale& ecca) {
  json out = {{"visit", domain::ReassessmentVisitName(r.visit)},
              {"after_session", r.after_session},
              {"assessment", json::parse(ScarAssessmentDocument(r.assessment))}};
  if (r.ecca) {
    json e = json::object();
    for (size_t i = 0; i < ecca.items.size() && i < r.ecca->size(); ++i) e[ecca.items[i].code] = (*r.ecca)[i];
    out["ecca"] = e;
  }
  json rating = json::object();
  if (r.patient_improvement) rating["improvement"] = *r.patient_improvement;
  if (r.patient_satisfaction) rating["satisfaction"] = *r.patient_satisfaction;
  if (!rating.empty()) out["patient_rating"] = rating;
  return out.dump();
}

Result<domain::Reassessment> ReassessmentFromDocument(std::string_view text, const domain::EccaScale& ecca) {
  SCARWISE_ASSIGN_OR_RETURN(const json doc, ParseJson(text, "reassessment"));
  return DecodeReassessment(doc, ecca);
}

std::string ReassessmentScoresDocument(const ReassessmentScores& s) {
  return json{{"goodman_baron_quantitative", s.quantitative},
              {"goodman_baron_qualitative", s.qualitative_grade},
              {"ecca_total", s.ecca_total ? json(*s.ecca_total) : json(nullptr)},
              {"improvement_pct", s.improvement_pct ? json(*s.improvement_pct) : json(nullptr)}}
      .dump();
}

Result<ReassessmentScores> ReassessmentScoresFromDocument(std::string_view text) {
  SCARWISE_ASSIGN_OR_RETURN(const json doc, ParseJson(text, "reassessment"));
  try {
    ReassessmentScores s;
    s.quantitative = doc.at("goodman_baron_quantitative").get<int>();
    s.qualitative_grade = doc.at("goodman_baron_qualitative").get<int>();
    if (!doc.at("ecca_total").is_null()) s.ecca_total = doc.at("ecca_total").get<int>();
    if (!doc.at("improvement_pct").is_null()) s.improvement_pct = doc.at("improvement_pct").get<double>();
    return s;
  } catch (const json::exception&) {
    return Unexpected(InvalidArgument("reassessment", "the stored re-assessment is unreadable"));
  }
}

}  // namespace scarwise::interop

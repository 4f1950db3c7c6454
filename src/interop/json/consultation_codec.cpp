#include "interop/json/consultation_codec.hpp"

#include <cmath>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "common/unicode_text.hpp"
#include "interop/json/json_parse.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

// Limits that catch typing mistakes, not clinical rules.
constexpr int kMaxLesionsPerType = 10000;
constexpr double kMaxKeloidAreaCm2 = 1000;
constexpr double kMaxMonthsAgo = 1200;

std::string At(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Reports the first key of `object` that is not allowed.
Result<void> OnlyKeys(const json& object, const std::string& path, std::initializer_list<std::string_view> keys) {
  if (!object.is_object()) return Unexpected(InvalidArgument(path.empty() ? "(input)" : path, "must be an object"));
  return OnlyKnownMembers(object, path, keys);
}

Result<const json*> Required(const json& object, const std::string& path, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end()) return Unexpected(InvalidArgument(At(path, key), "required"));
  return &*it;
}

Result<int> Integer(const json& value, const std::string& field, int min, int max) {
  if (!value.is_number_integer()) return Unexpected(InvalidArgument(field, "must be a whole number"));
  const auto n = value.get<long long>();
  if (n < min || n > max) {
    return Unexpected(InvalidArgument(field, "must be from " + std::to_string(min) + " to " + std::to_string(max)));
  }
  return static_cast<int>(n);
}

Result<double> Number(const json& value, const std::string& field, double min, double max) {
  if (!value.is_number()) return Unexpected(InvalidArgument(field, "must be a number"));
  const double n = value.get<double>();
  if (!std::isfinite(n) || n < min || n > max) {
    return Unexpected(InvalidArgument(field, "must be a number from " + std::to_string(static_cast<int>(min)) + " to " +
                                                 std::to_string(static_cast<int>(max))));
  }
  return n;
}

Result<std::string> Text(const json& object, const std::string& path, std::string_view key) {
  SCARWISE_ASSIGN_OR_RETURN(auto v, Required(object, path, key));
  if (!v->is_string()) return Unexpected(InvalidArgument(At(path, key), "must be a string"));
  return v->get<std::string>();
}

Result<domain::PatientProfile> DecodePatient(const json& doc) {
  const std::string path = "patient";
  SCARWISE_ASSIGN_OR_RETURN(auto object, Required(doc, "", path));
  const json& p = *object;
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(p, path, {"birth_date", "fitzpatrick"}));
  domain::PatientProfile patient;
  SCARWISE_ASSIGN_OR_RETURN(auto birth, Text(p, path, "birth_date"));
  SCARWISE_ASSIGN_OR_RETURN(auto date, ParseDate(birth, "patient.birth_date"));
  patient.birth_date = date;
  SCARWISE_ASSIGN_OR_RETURN(auto fitz, Required(p, path, "fitzpatrick"));
  SCARWISE_ASSIGN_OR_RETURN(auto type, Integer(*fitz, "patient.fitzpatrick", 1, 6));
  patient.fitzpatrick = type;
  return patient;
}

}  // namespace

namespace {

// One answer, by the question's type. Wrong types are kInvalidArgument naming the field.
Result<domain::Answer> DecodeAnswer(const domain::ScreeningQuestion& q, const json& v, const std::string& field) {
  using domain::QuestionType;
  switch (q.type) {
    case QuestionType::kYesNo:
      if (!v.is_boolean()) return Unexpected(InvalidArgument(field, "must be true or false"));
      return domain::Answer{v.get<bool>()};
    case QuestionType::kChoice: {
      std::string list;
      for (const std::string& option : q.options) list += (list.empty() ? "" : ", ") + option;
      if (!v.is_string()) return Unexpected(InvalidArgument(field, "must be one of " + list));
      const std::string text = v.get<std::string>();
      for (const std::string& option : q.options) {
        if (option == text) return domain::Answer{text};
      }
      return Unexpected(InvalidArgument(field, "must be one of " + list));
    }
    case QuestionType::kMonthsAgo:
    case QuestionType::kWeeksAgo: {
      if (v.is_null()) return domain::Answer{std::optional<double>{}};
      const double max = q.type == QuestionType::kMonthsAgo ? kMaxMonthsAgo : kMaxMonthsAgo * 52 / 12;
      SCARWISE_ASSIGN_OR_RETURN(const double n, Number(v, field, 0, max));
      return domain::Answer{std::optional<double>{n}};
    }
    case QuestionType::kCourse: {
      using Status = domain::CourseAnswer::Status;
      if (v.is_string() && v.get<std::string>() == "never") return domain::Answer{domain::CourseAnswer{}};
      if (v.is_string() && v.get<std::string>() == "current") {
        return domain::Answer{domain::CourseAnswer{Status::kCurrent, 0}};
      }
      if (v.is_object()) {
        SCARWISE_RETURN_IF_ERROR(OnlyKeys(v, field, {"stopped_months_ago"}));
        SCARWISE_ASSIGN_OR_RETURN(const json* months, Required(v, field, "stopped_months_ago"));
        SCARWISE_ASSIGN_OR_RETURN(const double n, Number(*months, field + ".stopped_months_ago", 0, kMaxMonthsAgo));
        return domain::Answer{domain::CourseAnswer{Status::kStopped, n}};
      }
      return Unexpected(InvalidArgument(field, "must be \"never\", \"current\" or {\"stopped_months_ago\": N}"));
    }
  }
  return Unexpected(InvalidArgument(field, "unknown question type"));
}

}  // namespace

Result<domain::MedicalHistory> DecodeMedicalHistory(const json& h, const std::string& path,
                                                    const std::vector<domain::ScreeningQuestion>& questions) {
  std::vector<std::string_view> keys;
  keys.reserve(questions.size());
  for (const domain::ScreeningQuestion& q : questions) keys.push_back(q.key);
  if (!h.is_object()) return Unexpected(InvalidArgument(path.empty() ? "(input)" : path, "must be an object"));
  SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(h, path, keys));
  domain::MedicalHistory history;
  for (const domain::ScreeningQuestion& q : questions) {
    const auto it = h.find(q.key);
    if (it == h.end()) {
      return Unexpected(Unprocessable(At(path, q.key), "required: every screening question must be answered"));
    }
    SCARWISE_ASSIGN_OR_RETURN(domain::Answer answer, DecodeAnswer(q, *it, At(path, q.key)));
    history.Set(q.key, std::move(answer));
  }
  return history;
}

Result<domain::MedicalHistory> DecodeRecordedHistory(const json& h,
                                                     const std::vector<domain::ScreeningQuestion>& questions) {
  if (!h.is_object()) return Unexpected(InvalidArgument("(input)", "must be an object"));
  domain::MedicalHistory history;
  for (const domain::ScreeningQuestion& q : questions) {
    const auto it = h.find(q.key);
    if (it == h.end()) continue;
    auto answer = DecodeAnswer(q, *it, q.key);
    if (!answer) continue;  // the question changed type since: unanswered, as a new question is
    history.Set(q.key, std::move(*answer));
  }
  return history;
}

json EncodeMedicalHistory(const domain::MedicalHistory& history) {
  json out = json::object();
  for (const auto& [key, answer] : history.answers) {
    if (const bool* b = std::get_if<bool>(&answer)) {
      out[key] = *b;
    } else if (const std::string* s = std::get_if<std::string>(&answer)) {
      out[key] = *s;
    } else if (const auto* n = std::get_if<std::optional<double>>(&answer)) {
      out[key] = *n ? json(**n) : json(nullptr);
    } else if (const auto* c = std::get_if<domain::CourseAnswer>(&answer)) {
      using Status = domain::CourseAnswer::Status;
      out[key] = c->status == Status::kNever     ? json("never")
                 : c->status == Status::kCurrent ? json("current")
                                                 : json{{"stopped_months_ago", c->stopped_months_ago}};
    }
  }
  return out;
}

namespace {

Result<domain::ZoneInventory> DecodeZone(const json& z, const std::string& path) {
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(z, path, {"zone", "counts", "keloid_area_cm2"}));
  domain::ZoneInventory zone;
  SCARWISE_ASSIGN_OR_RETURN(auto name, Text(z, path, "zone"));
  const auto parsed = domain::ZoneFromName(name);
  if (!parsed) {
    return Unexpected(InvalidArgument(
        path + ".zone", "unknown zone '" + Printable(name) +
                            "' (one of forehead, temple_left, temple_right, nose, cheek_left, cheek_right, "
                            "perioral, chin, jaw_left, jaw_right)"));
  }
  zone.zone = *parsed;
  SCARWISE_ASSIGN_OR_RETURN(auto counts, Required(z, path, "counts"));
  const std::string counts_path = path + ".counts";
  SCARWISE_RETURN_IF_ERROR(
      OnlyKeys(*counts, counts_path, {"macular", "ice_pick", "boxcar_shallow", "boxcar_deep", "rolling", "papular"}));
  for (domain::ScarType type : domain::kAllScarTypes) {
    SCARWISE_ASSIGN_OR_RETURN(auto v, Required(*counts, counts_path, domain::ScarTypeName(type)));
    SCARWISE_ASSIGN_OR_RETURN(auto n, Integer(*v, At(counts_path, domain::ScarTypeName(type)), 0, kMaxLesionsPerType));
    zone.counts[domain::Index(type)] = n;
  }
  SCARWISE_ASSIGN_OR_RETURN(auto area, Required(z, path, "keloid_area_cm2"));
  SCARWISE_ASSIGN_OR_RETURN(auto cm2, Number(*area, path + ".keloid_area_cm2", 0, kMaxKeloidAreaCm2));
  zone.keloid_area_cm2 = cm2;
  return zone;
}

}  // namespace

Result<domain::ScarAssessment> DecodeScarAssessment(const json& a, const std::string& path) {
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(a, path, {"date", "qualitative_grade", "zones"}));
  domain::ScarAssessment assessment;
  SCARWISE_ASSIGN_OR_RETURN(auto date_text, Text(a, path, "date"));
  SCARWISE_ASSIGN_OR_RETURN(auto date, ParseDate(date_text, At(path, "date")));
  assessment.date = date;
  SCARWISE_ASSIGN_OR_RETURN(auto grade, Required(a, path, "qualitative_grade"));
  SCARWISE_ASSIGN_OR_RETURN(auto g, Integer(*grade, At(path, "qualitative_grade"), 1, 4));
  assessment.qualitative_grade = g;
  SCARWISE_ASSIGN_OR_RETURN(auto zones, Required(a, path, "zones"));
  if (!zones->is_array()) return Unexpected(InvalidArgument(At(path, "zones"), "must be a list"));
  if (zones->empty()) return Unexpected(InvalidArgument(At(path, "zones"), "must list at least one zone"));
  std::array<bool, domain::kFacialZoneCount> seen{};
  size_t i = 0;
  for (const json& z : *zones) {
    const std::string zone_path = At(path, "zones") + "[" + std::to_string(i++) + "]";
    SCARWISE_ASSIGN_OR_RETURN(auto zone, DecodeZone(z, zone_path));
    if (seen[domain::Index(zone.zone)]) return Unexpected(InvalidArgument(zone_path + ".zone", "zone listed twice"));
    seen[domain::Index(zone.zone)] = true;
    assessment.zones.push_back(zone);
  }
  return assessment;
}

Result<domain::Consultation> DecodeConsultation(const json& document,
                                                const std::vector<domain::ScreeningQuestion>& questions) {
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(document, "", {"patient", "history", "assessment"}));
  domain::Consultation consultation;
  SCARWISE_ASSIGN_OR_RETURN(auto patient, DecodePatient(document));
  consultation.patient = patient;
  SCARWISE_ASSIGN_OR_RETURN(auto history_object, Required(document, "", "history"));
  SCARWISE_ASSIGN_OR_RETURN(auto history, DecodeMedicalHistory(*history_object, "history", questions));
  consultation.history = history;
  SCARWISE_ASSIGN_OR_RETURN(auto assessment_object, Required(document, "", "assessment"));
  SCARWISE_ASSIGN_OR_RETURN(auto assessment, DecodeScarAssessment(*assessment_object, "assessment"));
  consultation.assessment = std::move(assessment);
  if (consultation.assessment.date < consultation.patient.birth_date) {
    return Unexpected(InvalidArgument("assessment.date", "is before patient.birth_date"));
  }
  return consultation;
}

Result<domain::Consultation> DecodeConsultationText(std::string_view text,
                                                    const std::vector<domain::ScreeningQuestion>& questions) {
  SCARWISE_ASSIGN_OR_RETURN(auto document, ParseJson(text, "(input)"));
  return DecodeConsultation(document, questions);
}

}  // namespace scarwise::interop

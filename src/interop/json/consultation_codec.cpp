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

Unexpected Bad(std::string field, std::string message) {
  return Unexpected(InvalidArgument(std::move(field), std::move(message)));
}

// Reports the first key of `object` that is not allowed.
Result<void> OnlyKeys(const json& object, const std::string& path, std::initializer_list<std::string_view> keys) {
  if (!object.is_object()) return Bad(path.empty() ? "(input)" : path, "must be an object");
  return OnlyKnownMembers(object, path, keys);
}

Result<const json*> Required(const json& object, const std::string& path, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end()) return Bad(At(path, key), "required");
  return &*it;
}

Result<int> Integer(const json& value, const std::string& field, int min, int max) {
  if (!value.is_number_integer()) return Bad(field, "must be a whole number");
  const auto n = value.get<long long>();
  if (n < min || n > max) {
    return Bad(field, "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int>(n);
}

Result<double> Number(const json& value, const std::string& field, double min, double max) {
  if (!value.is_number()) return Bad(field, "must be a number");
  const double n = value.get<double>();
  if (!std::isfinite(n) || n < min || n > max) {
    return Bad(field, "must be a number from " + std::to_string(static_cast<int>(min)) + " to " +
                          std::to_string(static_cast<int>(max)));
  }
  return n;
}

Result<std::string> Text(const json& object, const std::string& path, std::string_view key) {
  auto v = Required(object, path, key);
  if (!v) return Unexpected(std::move(v).error());
  if (!(*v)->is_string()) return Bad(At(path, key), "must be a string");
  return (*v)->get<std::string>();
}

Result<domain::PatientProfile> DecodePatient(const json& doc) {
  const std::string path = "patient";
  auto object = Required(doc, "", path);
  if (!object) return Unexpected(std::move(object).error());
  const json& p = **object;
  if (auto ok = OnlyKeys(p, path, {"birth_date", "fitzpatrick"}); !ok) return Unexpected(ok.error());
  domain::PatientProfile patient;
  auto birth = Text(p, path, "birth_date");
  if (!birth) return Unexpected(std::move(birth).error());
  auto date = ParseDate(*birth, "patient.birth_date");
  if (!date) return Unexpected(std::move(date).error());
  patient.birth_date = *date;
  auto fitz = Required(p, path, "fitzpatrick");
  if (!fitz) return Unexpected(std::move(fitz).error());
  auto type = Integer(**fitz, "patient.fitzpatrick", 1, 6);
  if (!type) return Unexpected(std::move(type).error());
  patient.fitzpatrick = *type;
  return patient;
}

}  // namespace

namespace {

// One answer, by the question's type. Wrong types are kInvalidArgument naming the field.
Result<domain::Answer> DecodeAnswer(const domain::ScreeningQuestion& q, const json& v, const std::string& field) {
  using domain::QuestionType;
  switch (q.type) {
    case QuestionType::kYesNo:
      if (!v.is_boolean()) return Bad(field, "must be true or false");
      return domain::Answer{v.get<bool>()};
    case QuestionType::kChoice: {
      std::string list;
      for (const std::string& option : q.options) list += (list.empty() ? "" : ", ") + option;
      if (!v.is_string()) return Bad(field, "must be one of " + list);
      const std::string text = v.get<std::string>();
      for (const std::string& option : q.options) {
        if (option == text) return domain::Answer{text};
      }
      return Bad(field, "must be one of " + list);
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
      return Bad(field, "must be \"never\", \"current\" or {\"stopped_months_ago\": N}");
    }
  }
  return Bad(field, "unknown question type");
}

}  // namespace

Result<domain::MedicalHistory> DecodeMedicalHistory(const json& h, const std::string& path,
                                                    const std::vector<domain::ScreeningQuestion>& questions) {
  std::vector<std::string_view> keys;
  keys.reserve(questions.size());
  for (const domain::ScreeningQuestion& q : questions) keys.push_back(q.key);
  if (!h.is_object()) return Bad(path.empty() ? "(input)" : path, "must be an object");
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
  if (!h.is_object()) return Bad("(input)", "must be an object");
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
  if (auto ok = OnlyKeys(z, path, {"zone", "counts", "keloid_area_cm2"}); !ok) return Unexpected(ok.error());
  domain::ZoneInventory zone;
  auto name = Text(z, path, "zone");
  if (!name) return Unexpected(std::move(name).error());
  const auto parsed = domain::ZoneFromName(*name);
  if (!parsed) {
    return Bad(path + ".zone", "unknown zone '" + Printable(*name) +
                                   "' (one of forehead, temple_left, temple_right, nose, cheek_left, cheek_right, "
                                   "perioral, chin, jaw_left, jaw_right)");
  }
  zone.zone = *parsed;
  auto counts = Required(z, path, "counts");
  if (!counts) return Unexpected(std::move(counts).error());
  const std::string counts_path = path + ".counts";
  if (auto ok = OnlyKeys(**counts, counts_path,
                         {"macular", "ice_pick", "boxcar_shallow", "boxcar_deep", "rolling", "papular"});
      !ok) {
    return Unexpected(ok.error());
  }
  for (domain::ScarType type : domain::kAllScarTypes) {
    auto v = Required(**counts, counts_path, domain::ScarTypeName(type));
    if (!v) return Unexpected(std::move(v).error());
    auto n = Integer(**v, At(counts_path, domain::ScarTypeName(type)), 0, kMaxLesionsPerType);
    if (!n) return Unexpected(std::move(n).error());
    zone.counts[domain::Index(type)] = *n;
  }
  auto area = Required(z, path, "keloid_area_cm2");
  if (!area) return Unexpected(std::move(area).error());
  auto cm2 = Number(**area, path + ".keloid_area_cm2", 0, kMaxKeloidAreaCm2);
  if (!cm2) return Unexpected(std::move(cm2).error());
  zone.keloid_area_cm2 = *cm2;
  return zone;
}

}  // namespace

Result<domain::ScarAssessment> DecodeScarAssessment(const json& a, const std::string& path) {
  if (auto ok = OnlyKeys(a, path, {"date", "qualitative_grade", "zones"}); !ok) return Unexpected(ok.error());
  domain::ScarAssessment assessment;
  auto date_text = Text(a, path, "date");
  if (!date_text) return Unexpected(std::move(date_text).error());
  auto date = ParseDate(*date_text, At(path, "date"));
  if (!date) return Unexpected(std::move(date).error());
  assessment.date = *date;
  auto grade = Required(a, path, "qualitative_grade");
  if (!grade) return Unexpected(std::move(grade).error());
  auto g = Integer(**grade, At(path, "qualitative_grade"), 1, 4);
  if (!g) return Unexpected(std::move(g).error());
  assessment.qualitative_grade = *g;
  auto zones = Required(a, path, "zones");
  if (!zones) return Unexpected(std::move(zones).error());
  if (!(*zones)->is_array()) return Bad(At(path, "zones"), "must be a list");
  if ((*zones)->empty()) return Bad(At(path, "zones"), "must list at least one zone");
  std::array<bool, domain::kFacialZoneCount> seen{};
  size_t i = 0;
  for (const json& z : **zones) {
    const std::string zone_path = At(path, "zones") + "[" + std::to_string(i++) + "]";
    auto zone = DecodeZone(z, zone_path);
    if (!zone) return Unexpected(std::move(zone).error());
    if (seen[domain::Index(zone->zone)]) return Bad(zone_path + ".zone", "zone listed twice");
    seen[domain::Index(zone->zone)] = true;
    assessment.zones.push_back(*zone);
  }
  return assessment;
}

Result<domain::Consultation> DecodeConsultation(const json& document,
                                                const std::vector<domain::ScreeningQuestion>& questions) {
  if (auto ok = OnlyKeys(document, "", {"patient", "history", "assessment"}); !ok) return Unexpected(ok.error());
  domain::Consultation consultation;
  auto patient = DecodePatient(document);
  if (!patient) return Unexpected(std::move(patient).error());
  consultation.patient = *patient;
  auto history_object = Required(document, "", "history");
  if (!history_object) return Unexpected(std::move(history_object).error());
  auto history = DecodeMedicalHistory(**history_object, "history", questions);
  if (!history) return Unexpected(std::move(history).error());
  consultation.history = *history;
  auto assessment_object = Required(document, "", "assessment");
  if (!assessment_object) return Unexpected(std::move(assessment_object).error());
  auto assessment = DecodeScarAssessment(**assessment_object, "assessment");
  if (!assessment) return Unexpected(std::move(assessment).error());
  consultation.assessment = std::move(*assessment);
  if (consultation.assessment.date < consultation.patient.birth_date) {
    return Bad("assessment.date", "is before patient.birth_date");
  }
  return consultation;
}

Result<domain::Consultation> DecodeConsultationText(std::string_view text,
                                                    const std::vector<domain::ScreeningQuestion>& questions) {
  auto document = ParseJson(text, "(input)");
  if (!document) return Unexpected(std::move(document).error());
  return DecodeConsultation(*document, questions);
}

}  // namespace scarwise::interop

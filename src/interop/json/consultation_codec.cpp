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

Result<bool> Boolean(const json& object, const std::string& path, std::string_view key) {
  auto v = Required(object, path, key);
  if (!v) return Unexpected(std::move(v).error());
  if (!(*v)->is_boolean()) return Bad(At(path, key), "must be true or false");
  return (*v)->get<bool>();
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

// null (never) or a number of months >= 0.
Result<std::optional<double>> MonthsAgo(const json& object, const std::string& path, std::string_view key) {
  auto v = Required(object, path, key);
  if (!v) return Unexpected(std::move(v).error());
  if ((*v)->is_null()) return std::optional<double>{};
  auto n = Number(**v, At(path, key), 0, kMaxMonthsAgo);
  if (!n) return Unexpected(std::move(n).error());
  return std::optional<double>{*n};
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

Result<domain::MedicalHistory> DecodeMedicalHistory(const json& h, const std::string& path) {
  if (auto ok = OnlyKeys(
          h, path,
          {"active_acne", "active_infection_in_area", "active_cold_sore", "cold_sore_history", "keloid_tendency",
           "pregnant", "breastfeeding", "anticoagulants", "bleeding_disorder", "immunosuppressed",
           "skin_cancer_in_area", "sunburn_in_area", "inflammatory_skin_disease_in_area", "uncontrolled_diabetes",
           "topical_anesthetic_allergy", "isotretinoin", "radiation_to_area_months_ago", "filler_or_laser_months_ago"});
      !ok) {
    return Unexpected(ok.error());
  }
  domain::MedicalHistory history;
  auto acne = Text(h, path, "active_acne");
  if (!acne) return Unexpected(std::move(acne).error());
  if (*acne == "none")
    history.active_acne = domain::AcneActivity::kNone;
  else if (*acne == "mild")
    history.active_acne = domain::AcneActivity::kMild;
  else if (*acne == "moderate")
    history.active_acne = domain::AcneActivity::kModerate;
  else if (*acne == "severe")
    history.active_acne = domain::AcneActivity::kSevere;
  else
    return Bad(At(path, "active_acne"), "must be one of none, mild, moderate, severe");

  const std::pair<std::string_view, bool domain::MedicalHistory::*> flags[] = {
      {"active_infection_in_area", &domain::MedicalHistory::active_infection_in_area},
      {"active_cold_sore", &domain::MedicalHistory::active_cold_sore},
      {"cold_sore_history", &domain::MedicalHistory::cold_sore_history},
      {"keloid_tendency", &domain::MedicalHistory::keloid_tendency},
      {"pregnant", &domain::MedicalHistory::pregnant},
      {"breastfeeding", &domain::MedicalHistory::breastfeeding},
      {"anticoagulants", &domain::MedicalHistory::anticoagulants},
      {"bleeding_disorder", &domain::MedicalHistory::bleeding_disorder},
      {"immunosuppressed", &domain::MedicalHistory::immunosuppressed},
      {"skin_cancer_in_area", &domain::MedicalHistory::skin_cancer_in_area},
      {"sunburn_in_area", &domain::MedicalHistory::sunburn_in_area},
      {"inflammatory_skin_disease_in_area", &domain::MedicalHistory::inflammatory_skin_disease_in_area},
      {"uncontrolled_diabetes", &domain::MedicalHistory::uncontrolled_diabetes},
      {"topical_anesthetic_allergy", &domain::MedicalHistory::topical_anesthetic_allergy},
  };
  for (const auto& [key, member] : flags) {
    auto v = Boolean(h, path, key);
    if (!v) return Unexpected(std::move(v).error());
    history.*member = *v;
  }

  auto iso = Required(h, path, "isotretinoin");
  if (!iso) return Unexpected(std::move(iso).error());
  using Status = domain::IsotretinoinHistory::Status;
  const json& i = **iso;
  const std::string iso_field = At(path, "isotretinoin");
  if (i.is_string() && i.get<std::string>() == "never") {
    history.isotretinoin.status = Status::kNever;
  } else if (i.is_string() && i.get<std::string>() == "current") {
    history.isotretinoin.status = Status::kCurrent;
  } else if (i.is_object()) {
    if (auto ok = OnlyKeys(i, iso_field, {"stopped_months_ago"}); !ok) return Unexpected(ok.error());
    auto months = Required(i, iso_field, "stopped_months_ago");
    if (!months) return Unexpected(std::move(months).error());
    auto n = Number(**months, iso_field + ".stopped_months_ago", 0, kMaxMonthsAgo);
    if (!n) return Unexpected(std::move(n).error());
    history.isotretinoin = {Status::kStopped, *n};
  } else {
    return Bad(iso_field, "must be \"never\", \"current\" or {\"stopped_months_ago\": N}");
  }

  auto radiation = MonthsAgo(h, path, "radiation_to_area_months_ago");
  if (!radiation) return Unexpected(std::move(radiation).error());
  history.radiation_to_area_months_ago = *radiation;
  auto filler = MonthsAgo(h, path, "filler_or_laser_months_ago");
  if (!filler) return Unexpected(std::move(filler).error());
  history.filler_or_laser_months_ago = *filler;
  return history;
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

Result<domain::Consultation> DecodeConsultation(const json& document) {
  if (auto ok = OnlyKeys(document, "", {"patient", "history", "assessment"}); !ok) return Unexpected(ok.error());
  domain::Consultation consultation;
  auto patient = DecodePatient(document);
  if (!patient) return Unexpected(std::move(patient).error());
  consultation.patient = *patient;
  auto history_object = Required(document, "", "history");
  if (!history_object) return Unexpected(std::move(history_object).error());
  auto history = DecodeMedicalHistory(**history_object, "history");
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

Result<domain::Consultation> DecodeConsultationText(std::string_view text) {
  auto document = ParseJson(text, "(input)");
  if (!document) return Unexpected(std::move(document).error());
  return DecodeConsultation(*document);
}

}  // namespace scarwise::interop

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

Result<bool> Boolean(const json& object, const std::string& path, std::string_view key) {
  SCARWISE_ASSIGN_OR_RETURN(auto v, Required(object, path, key));
  if (!v->is_boolean()) return Unexpected(InvalidArgument(At(path, key), "must be true or false"));
  return v->get<bool>();
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

// null (never) or a number of months >= 0.
Result<std::optional<double>> MonthsAgo(const json& object, const std::string& path, std::string_view key) {
  SCARWISE_ASSIGN_OR_RETURN(auto v, Required(object, path, key));
  if (v->is_null()) return std::optional<double>{};
  SCARWISE_ASSIGN_OR_RETURN(auto n, Number(*v, At(path, key), 0, kMaxMonthsAgo));
  return std::optional<double>{n};
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

Result<domain::MedicalHistory> DecodeMedicalHistory(const json& h, const std::string& path) {
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(
      h, path,
      {"active_acne", "active_infection_in_area", "active_cold_sore", "cold_sore_history", "keloid_tendency",
       "pregnant", "breastfeeding", "anticoagulants", "bleeding_disorder", "immunosuppressed", "skin_cancer_in_area",
       "sunburn_in_area", "inflammatory_skin_disease_in_area", "uncontrolled_diabetes", "topical_anesthetic_allergy",
       "isotretinoin", "radiation_to_area_months_ago", "filler_or_laser_months_ago"}));
  domain::MedicalHistory history;
  SCARWISE_ASSIGN_OR_RETURN(auto acne, Text(h, path, "active_acne"));
  if (acne == "none")
    history.active_acne = domain::AcneActivity::kNone;
  else if (acne == "mild")
    history.active_acne = domain::AcneActivity::kMild;
  else if (acne == "moderate")
    history.active_acne = domain::AcneActivity::kModerate;
  else if (acne == "severe")
    history.active_acne = domain::AcneActivity::kSevere;
  else
    return Unexpected(InvalidArgument(At(path, "active_acne"), "must be one of none, mild, moderate, severe"));

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
    SCARWISE_ASSIGN_OR_RETURN(auto v, Boolean(h, path, key));
    history.*member = v;
  }

  SCARWISE_ASSIGN_OR_RETURN(auto iso, Required(h, path, "isotretinoin"));
  using Status = domain::IsotretinoinHistory::Status;
  const json& i = *iso;
  const std::string iso_field = At(path, "isotretinoin");
  if (i.is_string() && i.get<std::string>() == "never") {
    history.isotretinoin.status = Status::kNever;
  } else if (i.is_string() && i.get<std::string>() == "current") {
    history.isotretinoin.status = Status::kCurrent;
  } else if (i.is_object()) {
    SCARWISE_RETURN_IF_ERROR(OnlyKeys(i, iso_field, {"stopped_months_ago"}));
    SCARWISE_ASSIGN_OR_RETURN(auto months, Required(i, iso_field, "stopped_months_ago"));
    SCARWISE_ASSIGN_OR_RETURN(auto n, Number(*months, iso_field + ".stopped_months_ago", 0, kMaxMonthsAgo));
    history.isotretinoin = {Status::kStopped, n};
  } else {
    return Unexpected(InvalidArgument(iso_field, "must be \"never\", \"current\" or {\"stopped_months_ago\": N}"));
  }

  SCARWISE_ASSIGN_OR_RETURN(auto radiation, MonthsAgo(h, path, "radiation_to_area_months_ago"));
  history.radiation_to_area_months_ago = radiation;
  SCARWISE_ASSIGN_OR_RETURN(auto filler, MonthsAgo(h, path, "filler_or_laser_months_ago"));
  history.filler_or_laser_months_ago = filler;
  return history;
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

Result<domain::Consultation> DecodeConsultation(const json& document) {
  SCARWISE_RETURN_IF_ERROR(OnlyKeys(document, "", {"patient", "history", "assessment"}));
  domain::Consultation consultation;
  SCARWISE_ASSIGN_OR_RETURN(auto patient, DecodePatient(document));
  consultation.patient = patient;
  SCARWISE_ASSIGN_OR_RETURN(auto history_object, Required(document, "", "history"));
  SCARWISE_ASSIGN_OR_RETURN(auto history, DecodeMedicalHistory(*history_object, "history"));
  consultation.history = history;
  SCARWISE_ASSIGN_OR_RETURN(auto assessment_object, Required(document, "", "assessment"));
  SCARWISE_ASSIGN_OR_RETURN(auto assessment, DecodeScarAssessment(*assessment_object, "assessment"));
  consultation.assessment = std::move(assessment);
  if (consultation.assessment.date < consultation.patient.birth_date) {
    return Unexpected(InvalidArgument("assessment.date", "is before patient.birth_date"));
  }
  return consultation;
}

Result<domain::Consultation> DecodeConsultationText(std::string_view text) {
  SCARWISE_ASSIGN_OR_RETURN(auto document, ParseJson(text, "(input)"));
  return DecodeConsultation(document);
}

}  // namespace scarwise::interop

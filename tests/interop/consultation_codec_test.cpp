// The consultation decoder accepts the CLI contract's shape and refuses bad input with an
// error that names the field and the reason: no crash, no silent default.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interop/json/consultation_codec.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

const std::vector<domain::ScreeningQuestion>& Questions() {
  return testing::DefaultScreening().questions;
}

Result<domain::Consultation> DecodeConsultation(const json& doc) {
  return interop::DecodeConsultation(doc, Questions());
}

json Valid() {
  return json::parse(R"({"patient": {"birth_date": "1996-05-14", "fitzpatrick": 4},
    "history": {"active_acne": "mild", "active_infection_in_area": false, "active_cold_sore": false,
      "cold_sore_history": true, "keloid_tendency": false, "pregnant": false, "breastfeeding": false,
      "anticoagulants": false, "bleeding_disorder": false, "immunosuppressed": false,
      "skin_cancer_in_area": false, "sunburn_in_area": false, "inflammatory_skin_disease_in_area": false,
      "uncontrolled_diabetes": false, "topical_anesthetic_allergy": false,
      "isotretinoin": {"stopped_months_ago": 3}, "radiation_to_area_months_ago": null,
      "filler_or_laser_months_ago": 8, "antiplatelets_or_nsaids": false, "blood_thinning_supplements": false,
      "metal_allergy": false, "photosensitivity_disorder": false, "koebnerising_disease": "stable",
      "tattoo_or_pmu_in_area": false, "open_wound_in_area": false, "recent_tanning": false,
      "peel_or_toxin_weeks_ago": 3, "realistic_expectations": true},
    "assessment": {"date": "2026-11-23", "qualitative_grade": 3,
      "zones": [{"zone": "cheek_left", "counts": {"macular": 0, "ice_pick": 2, "boxcar_shallow": 4,
        "boxcar_deep": 1, "rolling": 6, "papular": 0}, "keloid_area_cm2": 0}]}})");
}

TEST(ConsultationDecoder, DecodesTheContractShape) {
  const auto c = DecodeConsultation(Valid());
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->patient.fitzpatrick, 4);
  const domain::MedicalHistory& h = c->history;
  EXPECT_EQ(h.answers.size(), Questions().size()) << "every question answered";
  EXPECT_EQ(std::get<std::string>(*h.Find("active_acne")), "mild");
  EXPECT_TRUE(std::get<bool>(*h.Find("cold_sore_history")));
  EXPECT_EQ(std::get<domain::CourseAnswer>(*h.Find("isotretinoin")),
            (domain::CourseAnswer{domain::CourseAnswer::Status::kStopped, 3}));
  EXPECT_FALSE(std::get<std::optional<double>>(*h.Find("radiation_to_area_months_ago")).has_value());
  EXPECT_EQ(std::get<std::optional<double>>(*h.Find("filler_or_laser_months_ago")), 8);
  EXPECT_EQ(std::get<std::optional<double>>(*h.Find("peel_or_toxin_weeks_ago")), 3);
  EXPECT_EQ(std::get<std::string>(*h.Find("koebnerising_disease")), "stable");
  EXPECT_TRUE(std::get<bool>(*h.Find("realistic_expectations")));
  ASSERT_EQ(c->assessment.zones.size(), 1u);
  EXPECT_EQ(c->assessment.zones[0].zone, domain::FacialZone::kCheekLeft);
  EXPECT_EQ(c->assessment.zones[0].Count(domain::ScarType::kRolling), 6);
}

TEST(ConsultationDecoder, RefusesBadInputNamingTheField) {
  const struct {
    const char* name;
    void (*change)(json&);
    const char* field;
    const char* reason;
  } rows[] = {
      {"string for a yes/no", [](json& j) { j["history"]["pregnant"] = "no"; }, "history.pregnant",
       "must be true or false"},
      {"null for a yes/no", [](json& j) { j["history"]["anticoagulants"] = nullptr; }, "history.anticoagulants",
       "must be true or false"},
      {"Fitzpatrick 7", [](json& j) { j["patient"]["fitzpatrick"] = 7; }, "patient.fitzpatrick", "must be from 1 to 6"},
      {"Fitzpatrick 0", [](json& j) { j["patient"]["fitzpatrick"] = 0; }, "patient.fitzpatrick", "must be from 1 to 6"},
      {"Fitzpatrick 2.5", [](json& j) { j["patient"]["fitzpatrick"] = 2.5; }, "patient.fitzpatrick",
       "must be a whole number"},
      {"Fitzpatrick as text", [](json& j) { j["patient"]["fitzpatrick"] = "IV"; }, "patient.fitzpatrick",
       "must be a whole number"},
      {"unknown acne level", [](json& j) { j["history"]["active_acne"] = "some"; }, "history.active_acne",
       "must be one of"},
      {"bad isotretinoin", [](json& j) { j["history"]["isotretinoin"] = "stopped"; }, "history.isotretinoin",
       "must be"},
      {"negative isotretinoin months",
       [](json& j) {
         j["history"]["isotretinoin"] = {{"stopped_months_ago", -1}};
       },
       "history.isotretinoin.stopped_months_ago", "must be a number"},
      {"unknown Koebner state", [](json& j) { j["history"]["koebnerising_disease"] = "flaring"; },
       "history.koebnerising_disease", "must be one of none, stable, active"},
      {"negative weeks since a peel", [](json& j) { j["history"]["peel_or_toxin_weeks_ago"] = -1; },
       "history.peel_or_toxin_weeks_ago", "must be a number"},
      {"a question the protocol does not ask", [](json& j) { j["history"]["gold_threads"] = false; },
       "history.gold_threads", "unknown field"},
      {"unknown zone", [](json& j) { j["assessment"]["zones"][0]["zone"] = "cheeks"; }, "assessment.zones[0].zone",
       "unknown zone 'cheeks'"},
      {"negative count", [](json& j) { j["assessment"]["zones"][0]["counts"]["rolling"] = -1; },
       "assessment.zones[0].counts.rolling", "must be from 0"},
      {"missing count", [](json& j) { j["assessment"]["zones"][0]["counts"].erase("papular"); },
       "assessment.zones[0].counts.papular", "required"},
      {"unknown scar type", [](json& j) { j["assessment"]["zones"][0]["counts"]["keloid"] = 1; },
       "assessment.zones[0].counts.keloid", "unknown field"},
      {"negative keloid area", [](json& j) { j["assessment"]["zones"][0]["keloid_area_cm2"] = -2; },
       "assessment.zones[0].keloid_area_cm2", "must be a number"},
      {"zone twice", [](json& j) { j["assessment"]["zones"].push_back(j["assessment"]["zones"][0]); },
       "assessment.zones[1].zone", "zone listed twice"},
      {"no zones", [](json& j) { j["assessment"]["zones"] = json::array(); }, "assessment.zones", "at least one zone"},
      {"grade 5", [](json& j) { j["assessment"]["qualitative_grade"] = 5; }, "assessment.qualitative_grade",
       "must be from 1 to 4"},
      {"impossible date", [](json& j) { j["assessment"]["date"] = "2026-02-30"; }, "assessment.date",
       "not a real calendar date"},
      {"assessed before birth", [](json& j) { j["assessment"]["date"] = "1990-01-01"; }, "assessment.date",
       "before patient.birth_date"},
      {"typo in a key", [](json& j) { j["history"]["pregnat"] = false; }, "history.pregnat", "unknown field"},
      {"missing section", [](json& j) { j.erase("history"); }, "history", "required"},
      {"not an object", [](json& j) { j = json::array(); }, "(input)", "must be an object"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    json doc = Valid();
    row.change(doc);
    const auto c = DecodeConsultation(doc);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, row.field);
    EXPECT_NE(c.error().message.find(row.reason), std::string::npos) << c.error().message;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  }
}

// Every question of the protocol must be answered: a missing one is 422 (exit 2 in the CLI)
// naming history.<key>, whichever question it is.
TEST(ConsultationDecoder, EveryUnansweredQuestionIsUnprocessableNamingIt) {
  for (const domain::ScreeningQuestion& q : Questions()) {
    SCOPED_TRACE(q.key);
    json doc = Valid();
    doc["history"].erase(q.key);
    const auto c = DecodeConsultation(doc);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, "history." + q.key);
    EXPECT_EQ(c.error().code, ErrorCode::kUnprocessable);
    EXPECT_NE(c.error().message.find("required"), std::string::npos);
  }
}

// A recorded history is read back with the answers it has: a question added since is
// unanswered (the plan then asks for a new screening), a key no longer asked is ignored.
TEST(ConsultationDecoder, ARecordedHistoryIsReadWithTheAnswersItHas) {
  json old = Valid()["history"];
  old.erase("realistic_expectations");
  old["retired_question"] = true;
  const auto h = DecodeRecordedHistory(old, Questions());
  ASSERT_TRUE(h) << h.error().ToString();
  EXPECT_EQ(domain::UnansweredQuestions(Questions(), *h), std::vector<std::string>{"realistic_expectations"});
  EXPECT_EQ(h->Find("retired_question"), nullptr);
  EXPECT_EQ(EncodeMedicalHistory(*h).size(), Questions().size() - 1);
}

TEST(ConsultationDecoder, MalformedJson) {
  for (const char* text : {"", "{", "not json", "{\"patient\": }", "\xff\xfe"}) {
    SCOPED_TRACE(text);
    const auto c = DecodeConsultationText(text, Questions());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, "(input)");
  }
}

}  // namespace
}  // namespace scarwise::interop

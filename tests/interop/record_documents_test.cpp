// The stored assessment documents are written with JsonText; these are the bytes the
// nlohmann encoders wrote before, so old and new records read and compare alike.
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interop/json/record_documents.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

TEST(RecordDocuments, StoredAssessmentDocumentsAreTheBytesNlohmannWrote) {
  domain::ScarAssessment assessment;
  assessment.date = *ParseDate("2026-11-20", "date");
  assessment.qualitative_grade = 3;
  assessment.zones.push_back({domain::FacialZone::kCheekLeft, {1, 0, 3, 2, 4, 0}, 0});
  assessment.zones.push_back({domain::FacialZone::kForehead, {0, 5, 0, 0, 0, 1}, 1.5});
  json zones = json::array();
  for (const domain::ZoneInventory& zone : assessment.zones) {
    json counts = json::object();
    for (domain::ScarType type : domain::kAllScarTypes) counts[std::string(ScarTypeName(type))] = zone.Count(type);
    zones.push_back({{"zone", ZoneName(zone.zone)}, {"counts", counts}, {"keloid_area_cm2", zone.keloid_area_cm2}});
  }
  EXPECT_EQ(ScarAssessmentDocument(assessment),
            json({{"date", "2026-11-20"}, {"qualitative_grade", 3}, {"zones", zones}}).dump());

  domain::QuantitativeScore score;
  score.total = 23;
  score.keloid_points = 6;
  score.categories = {{"macular_mild", 3, 1, 3}, {"moderate", 12, 2, 12}, {"severe", 2, 3, 2}};
  EXPECT_EQ(AssessmentResultDocument(score, 3), EncodeScores(score, 3).dump());
}

}  // namespace
}  // namespace scarwise::interop

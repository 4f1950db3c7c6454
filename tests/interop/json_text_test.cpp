// JsonText writes what nlohmann::json::dump writes for the same values, so documents written
// by either read back the same (and, with keys in ascending order, are the same bytes).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interop/json/json_text.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

TEST(JsonText, StringsAreEscapedAsNlohmannEscapesThem) {
  const std::string rows[] = {
      "",
      "Ada",
      "Béatrice Ørsted 山田 🙂",
      "say \"hi\"",
      "back\\slash",
      "line\nbreak\r\ttab\b\f",
      std::string("nul\0byte", 8),
      "\x01\x1f\x7f",
      "</script>",
  };
  for (const std::string& text : rows) {
    SCOPED_TRACE(text);
    JsonText out;
    out.String(text);
    EXPECT_EQ(std::move(out).Take(), json(text).dump());
  }
}

TEST(JsonText, NumbersAreWrittenAsNlohmannWritesThem) {
  for (const int64_t n : {int64_t{0}, int64_t{-1}, int64_t{42}, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max()}) {
    JsonText out;
    out.Int(n);
    EXPECT_EQ(std::move(out).Take(), json(n).dump()) << n;
  }
  for (const double d : {0.0, 2.0, 1.5, 0.1, -3.25, 1e20, 1e-7, 12.345678901234567, std::nan("")}) {
    JsonText out;
    out.Double(d);
    EXPECT_EQ(std::move(out).Take(), json(d).dump()) << d;
  }
}

TEST(JsonText, NestedDocumentsAreTheSameBytesAsNlohmannsWithKeysInOrder) {
  JsonText out;
  out.BeginObject()
      .Key("a")
      .BeginArray()
      .Int(1)
      .BeginObject()
      .Key("x")
      .Null()
      .Key("y")
      .Bool(true)
      .EndObject()
      .BeginArray()
      .EndArray()
      .String("s")
      .EndArray()
      .Key("b")
      .BeginObject()
      .EndObject()
      .Key("c")
      .Raw(R"({"kept":"verbatim"})")
      .Key("d")
      .Bool(false)
      .EndObject();
  const json expected = {{"a", {1, {{"x", nullptr}, {"y", true}}, json::array(), "s"}},
                         {"b", json::object()},
                         {"c", {{"kept", "verbatim"}}},
                         {"d", false}};
  EXPECT_EQ(std::move(out).Take(), expected.dump());
}

// The stored assessment documents are written with JsonText; these are the bytes the
// nlohmann encoders wrote before, so old and new records read and compare alike.
TEST(JsonText, StoredAssessmentDocumentsAreTheBytesNlohmannWrote) {
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

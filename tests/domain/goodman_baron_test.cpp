// The Goodman & Baron quantitative score of the default protocol at its band edges.
#include <gtest/gtest.h>

#include "domain/assessment/goodman_baron.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

using testing::DefaultScoring;

ScarAssessment OneZone(int macular, int ice_pick, int boxcar_shallow, int boxcar_deep, int rolling, int papular,
                       double keloid_cm2 = 0) {
  ScarAssessment a;
  a.qualitative_grade = 2;
  a.zones.push_back(
      {FacialZone::kCheekRight, {macular, ice_pick, boxcar_shallow, boxcar_deep, rolling, papular}, keloid_cm2});
  return a;
}

struct Row {
  const char* name;
  ScarAssessment assessment;
  int expected;
};

TEST(GoodmanBaronQuantitative, PointsByCategoryAndCountBand) {
  const Row rows[] = {
      {"no scars", OneZone(0, 0, 0, 0, 0, 0), 0},
      {"1 macular: A x1", OneZone(1, 0, 0, 0, 0, 0), 1},
      {"10 macular: still the first band", OneZone(10, 0, 0, 0, 0, 0), 1},
      {"11 macular: second band", OneZone(11, 0, 0, 0, 0, 0), 2},
      {"20 macular: second band", OneZone(20, 0, 0, 0, 0, 0), 2},
      {"21 macular: third band", OneZone(21, 0, 0, 0, 0, 0), 3},
      {"5 shallow boxcar + 5 rolling = 10 B: 2", OneZone(0, 0, 5, 0, 5, 0), 2},
      {"6 shallow boxcar + 5 rolling = 11 B: 4", OneZone(0, 0, 6, 0, 5, 0), 4},
      {"25 B: 6", OneZone(0, 0, 10, 0, 15, 0), 6},
      {"1 ice pick: C 3", OneZone(0, 1, 0, 0, 0, 0), 3},
      {"11 ice pick + deep boxcar: C 6", OneZone(0, 6, 0, 5, 0, 0), 6},
      {"21 C: 9", OneZone(0, 11, 0, 10, 0, 0), 9},
      {"3 papular: D 2", OneZone(0, 0, 0, 0, 0, 3), 2},
      {"all categories, first band", OneZone(1, 1, 1, 0, 0, 1), 1 + 2 + 3 + 2},
      {"keloid 0.5 cm2", OneZone(0, 0, 0, 0, 0, 0, 0.5), 6},
      {"keloid 4.9 cm2", OneZone(0, 0, 0, 0, 0, 0, 4.9), 6},
      {"keloid 5 cm2", OneZone(0, 0, 0, 0, 0, 0, 5.0), 12},
      {"keloid 20 cm2", OneZone(0, 0, 0, 0, 0, 0, 20.0), 12},
      {"keloid 20.5 cm2", OneZone(0, 0, 0, 0, 0, 0, 20.5), 18},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ScoreQuantitative(DefaultScoring(), row.assessment).total, row.expected);
  }
}

TEST(GoodmanBaronQuantitative, CountsAreSummedOverAllZones) {
  ScarAssessment a = OneZone(0, 0, 6, 0, 0, 0);
  a.zones.push_back({FacialZone::kForehead, {0, 0, 5, 0, 0, 0}, 0});  // 11 B over the face
  const QuantitativeScore s = ScoreQuantitative(DefaultScoring(), a);
  EXPECT_EQ(s.total, 4);
  ASSERT_EQ(s.categories.size(), 4u);
  EXPECT_EQ(s.categories[1].code, "B");
  EXPECT_EQ(s.categories[1].lesions, 11);
  EXPECT_EQ(s.categories[1].multiplier, 2);
}

}  // namespace
}  // namespace scarwise::domain

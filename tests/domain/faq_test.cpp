// The patients' questions are answered with the protocol's own numbers, so the FAQ never
// disagrees with the plan, the aftercare or the recovery rules.
#include <gtest/gtest.h>

#include "domain/guide/faq.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

std::string Answer(const std::vector<FaqEntry>& entries, const std::string& code) {
  for (const FaqEntry& entry : entries) {
    if (entry.code == code) return entry.answer;
  }
  ADD_FAILURE() << "no question " << code;
  return "";
}

TEST(Faq, AnswersTheSeedsQuestionsFromTheProtocol) {
  const Protocol& p = testing::FullDefaultProtocol();
  const auto faq = AnswerFaq(p.faq, p.planning, p.aftercare, p.recovery, 5);
  ASSERT_EQ(faq.size(), 4u);
  const struct {
    const char* code;
    const char* says;
  } rows[] = {
      {"how_many_sessions", "Usually 3 to 6 sessions, 4 to 6 weeks apart."},
      {"can_it_worsen_scars", "settle by about day 3"},
      {"safe_for_my_skin_type", "Fitzpatrick V."},
      {"what_to_avoid_afterwards", "No makeup for 24 hours and no direct sun for 24 hours"},
      {"what_to_avoid_afterwards", "prescription retinoids from day 10"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.code);
    EXPECT_NE(Answer(faq, row.code).find(row.says), std::string::npos) << Answer(faq, row.code);
  }
  for (const FaqEntry& entry : faq) {
    SCOPED_TRACE(entry.code);
    EXPECT_EQ(entry.answer.find('{'), std::string::npos) << "every placeholder filled";
    EXPECT_FALSE(entry.source.citation.empty());
  }
}

TEST(Faq, FollowsTheProtocolWhenAClinicChangesIt) {
  const Protocol& p = testing::FullDefaultProtocol();
  PlanningProtocol planning = p.planning;
  planning.min_sessions = 4;
  planning.interval.max = 56;
  const auto faq = AnswerFaq(p.faq, planning, p.aftercare, p.recovery, std::nullopt);
  EXPECT_NE(Answer(faq, "how_many_sessions").find("Usually 4 to 6 sessions, 4 to 8 weeks apart."), std::string::npos);
  EXPECT_NE(Answer(faq, "safe_for_my_skin_type").find("(your recorded type)"), std::string::npos);
}

}  // namespace
}  // namespace scarwise::domain

#include <gtest/gtest.h>

#include "http/router.hpp"

namespace scarwise::http {
namespace {

HttpResponse Named(const char* name) {
  return HttpResponse{200, "text/plain", name, {}};
}

TEST(Router, MatchesSegmentsAndPrefersLiterals) {
  Router router;
  router.Add("GET", "/api/v1/patients", [](const HttpRequest&, const PathParams&) { return Named("list"); });
  router.Add("GET", "/api/v1/patients/{id}", [](const HttpRequest&, const PathParams&) { return Named("read"); });
  router.Add("GET", "/api/v1/patients/{id}/calendar.ics",
             [](const HttpRequest&, const PathParams&) { return Named("ics"); });
  router.Add("GET", "/api/v1/patients/search", [](const HttpRequest&, const PathParams&) { return Named("search"); });
  router.Add("POST", "/api/v1/patients/{id}/assessments",
             [](const HttpRequest&, const PathParams&) { return Named("assess"); });

  const struct {
    const char* method;
    const char* path;
    const char* handler;  // nullptr: no match
    const char* id;
    bool path_known;
  } rows[] = {
      {"GET", "/api/v1/patients", "list", "", false},
      {"GET", "/api/v1/patients/", "list", "", false},
      {"GET", "/api/v1/patients/42", "read", "42", false},
      {"GET", "/api/v1/patients/search", "search", "", false},
      {"GET", "/api/v1/patients/42/calendar.ics", "ics", "42", false},
      {"POST", "/api/v1/patients/7/assessments", "assess", "7", false},
      {"GET", "/api/v1/patients/7/assessments", nullptr, "", true},
      {"GET", "/api/v1/nothing", nullptr, "", false},
      {"GET", "/api/v1/patients/42/extra/segments", nullptr, "", false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.method) + " " + row.path);
    const Router::Match m = router.Find(row.method, row.path);
    if (row.handler == nullptr) {
      EXPECT_EQ(m.handler, nullptr);
      EXPECT_EQ(m.path_known, row.path_known);
      continue;
    }
    ASSERT_NE(m.handler, nullptr);
    EXPECT_EQ((*m.handler)(HttpRequest{}, m.params).body, row.handler);
    if (*row.id != '\0') {
      EXPECT_EQ(m.params.at("id"), row.id);
    }
  }
}

TEST(Router, ARouteThatAnswersLaterIsFoundAsSuch) {
  Router router;
  router.AddLater("GET", "/api/v1/patients/{id}", [](const HttpRequest&, const PathParams& params, Respond respond) {
    respond(Named(params.at("id").c_str()));
  });
  router.Add("PATCH", "/api/v1/patients/{id}", [](const HttpRequest&, const PathParams&) { return Named("update"); });

  const Router::Match read = router.Find("GET", "/api/v1/patients/42");
  EXPECT_EQ(read.handler, nullptr);
  ASSERT_NE(read.later, nullptr);
  std::string answered;
  (*read.later)(HttpRequest{}, read.params, [&](HttpResponse response) { answered = response.body; });
  EXPECT_EQ(answered, "42");

  const Router::Match update = router.Find("PATCH", "/api/v1/patients/42");
  EXPECT_EQ(update.later, nullptr);
  ASSERT_NE(update.handler, nullptr);

  const Router::Match other = router.Find("DELETE", "/api/v1/patients/42");
  EXPECT_EQ(other.handler, nullptr);
  EXPECT_EQ(other.later, nullptr);
  EXPECT_TRUE(other.path_known) << "-> 405, whichever kind the path's routes are";
}

}  // namespace
}  // namespace scarwise::http

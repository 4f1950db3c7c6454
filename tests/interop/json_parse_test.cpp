// The nesting guard in front of every JSON text the server reads.
#include "interop/json/json_parse.hpp"

#include <string>

#include <gtest/gtest.h>

namespace scarwise::interop {
namespace {

TEST(JsonParse, NestingIsCountedOnTheRawTextOutsideStrings) {
  struct Case {
    std::string text;
    int limit;
    bool deeper;
  };
  const Case cases[] = {
      {"{}", 1, false},
      {"[[]]", 1, true},
      {R"({"a": [1, {"b": 2}]})", 3, false},
      {R"({"a": [1, {"b": 2}]})", 2, true},
      {R"({"note": "[[[[[[[[[[["})", 1, false},      // brackets inside a string do not count
      {R"({"note": "a \"[[[[ quoted"})", 1, false},  // nor after an escaped quote
      {R"(["\\", [[]]])", 2, true},                  // an escaped backslash ends before the quote
      {std::string(64, '[') + std::string(64, ']'), kMaxJsonNesting, false},
      {std::string(65, '{'), kMaxJsonNesting, true},
      {"[]]]]][[", 1, false},  // unbalanced text: its depth never exceeds 1
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NestsDeeperThan(c.text, c.limit), c.deeper) << c.text << " limit " << c.limit;
  }
}

TEST(JsonParse, TooDeepIsRefusedNamingTheFieldAndTheLimit) {
  const auto deep = ParseJson(std::string(1000000, '['), "(body)");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().field, "(body)");
  EXPECT_EQ(deep.error().message, "nests deeper than 64 levels of arrays and objects");
  const auto broken = ParseJson("{\"a\":", "(input)");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().field, "(input)");
  EXPECT_EQ(broken.error().message, "is not valid JSON");
  const auto fine = ParseJson(R"({"a": [[["[[[["]]]})", "(body)");
  ASSERT_TRUE(fine);
  EXPECT_EQ((*fine)["a"][0][0][0], "[[[[");
}

}  // namespace
}  // namespace scarwise::interop

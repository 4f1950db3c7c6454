// JsonText writes what nlohmann::json::dump writes for the same values, so documents written
// by either read back the same (and, with keys in ascending order, are the same bytes).
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

namespace scarwise {
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
    EXPECT_EQ(JsonQuote(text), json(text).dump());
  }
}

TEST(JsonText, IntegersAreWrittenAsNlohmannWritesThem) {
  for (const int64_t n : {int64_t{0}, int64_t{-1}, int64_t{42}, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max()}) {
    JsonText out;
    out.Int(n);
    EXPECT_EQ(std::move(out).Take(), json(n).dump()) << n;
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

}  // namespace
}  // namespace scarwise

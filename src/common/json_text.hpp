#pragma once

// JSON text written straight into a string, value by value: for the answers, stored
// documents, record snapshots and backup lines on the busiest paths, where building a
// nlohmann::json first costs several times the text. Strings are escaped and integers written
// exactly as nlohmann::json::dump writes them (UTF-8 kept as is), so a document reads back the
// same whichever of the two wrote it; a writer that also puts each object's keys in ascending
// order (as nlohmann's objects are) writes the same bytes. A decimal number is written by the
// caller (nlohmann's number format, which this layer does not see) and passed to Raw.
//
//   JsonText out;
//   out.BeginObject().Key("id").Int(7).Key("name").String("Ada").EndObject();
//   std::string text = std::move(out).Take();  // {"id":7,"name":"Ada"}

#include <cstdint>
#include <string>
#include <string_view>

namespace scarwise {

class JsonText {
 public:
  JsonText& BeginObject();
  JsonText& EndObject();
  JsonText& BeginArray();
  JsonText& EndArray();
  // An object's member name; the member's value is whatever is written next.
  JsonText& Key(std::string_view key);
  JsonText& String(std::string_view value);
  JsonText& Int(int64_t value);
  JsonText& Bool(bool value);
  JsonText& Null();
  // A value that is JSON text already (a stored document, a formatted number), copied verbatim.
  JsonText& Raw(std::string_view json);

  std::string Take() && { return std::move(out_); }

 private:
  void BeforeValue();  // the comma between an array's elements or an object's members

  std::string out_;
  bool after_value_ = false;  // a value (or member) was just written at this level
};

// Appends the JSON string literal for `text`: quoted, escaped as JsonText escapes.
void AppendJsonString(std::string& out, std::string_view text);

// The JSON string literal for `text`.
std::string JsonQuote(std::string_view text);

}  // namespace scarwise

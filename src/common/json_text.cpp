#include "common/json_text.hpp"

#include <charconv>

namespace scarwise {

void JsonText::BeforeValue() {
  if (after_value_) out_.push_back(',');
  after_value_ = true;
}

JsonText& JsonText::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  after_value_ = false;
  return *this;
}

JsonText& JsonText::EndObject() {
  out_.push_back('}');
  after_value_ = true;
  return *this;
}

JsonText& JsonText::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  after_value_ = false;
  return *this;
}

JsonText& JsonText::EndArray() {
  out_.push_back(']');
  after_value_ = true;
  return *this;
}

JsonText& JsonText::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_.push_back(':');
  after_value_ = false;  // the member's value follows without a comma
  return *this;
}

JsonText& JsonText::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
  return *this;
}

JsonText& JsonText::Int(int64_t value) {
  BeforeValue();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  return *this;
}

JsonText& JsonText::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonText& JsonText::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonText& JsonText::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
  return *this;
}

// As nlohmann::json::dump escapes: the two-character escapes it knows, \u00xx (lower-case
// hex) for the other control characters, everything else (UTF-8 included) as it is.
void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xF]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string JsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  AppendJsonString(out, text);
  return out;
}

}  // namespace scarwise

#include "interop/json/patient_codec.hpp"

#include <nlohmann/json.hpp>

#include "common/unicode_text.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

constexpr size_t kMaxNameBytes = 200;

Result<std::string> Name(const json& v, const char* field) {
  if (!v.is_string()) return Unexpected(InvalidArgument(field, "must be a string"));
  std::string s = v.get<std::string>();
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Unexpected(InvalidArgument(field, "must not be empty"));
  s = s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
  if (s.size() > kMaxNameBytes) return Unexpected(InvalidArgument(field, "is too long (at most 200 bytes)"));
  SCARWISE_RETURN_IF_ERROR(CheckDisplayText(s, field));
  return s;
}

Result<std::string> Email(const json& v) {
  if (v.is_null()) return std::string();
  if (!v.is_string()) return Unexpected(InvalidArgument("email", "must be a string or null"));
  const std::string s = v.get<std::string>();
  SCARWISE_RETURN_IF_ERROR(CheckDisplayText(s, "email"));
  const auto at = s.find('@');
  if (s.size() > 254 || at == std::string::npos || at == 0 || at + 1 == s.size() ||
      s.find('@', at + 1) != std::string::npos || s.find_first_of(" \t\r\n<>,;") != std::string::npos ||
      s.find('.', at) == std::string::npos) {
    return Unexpected(InvalidArgument("email", "is not an e-mail address"));
  }
  return s;
}

Result<std::string> Phone(const json& v) {
  if (v.is_null()) return std::string();
  if (!v.is_string()) return Unexpected(InvalidArgument("phone", "must be a string or null"));
  const std::string s = v.get<std::string>();
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (std::string_view(" +()-./").find(c) == std::string_view::npos) {
      return Unexpected(InvalidArgument("phone", "may contain only digits, spaces and + ( ) - . /"));
    }
  }
  if (digits < 5 || s.size() > 32)
    return Unexpected(InvalidArgument("phone", "must have 5 to 32 characters with at least 5 digits"));
  return s;
}

// Applies one key of the body to `p`.
Result<void> Apply(const std::string& key, const json& v, domain::PatientDetails& p, Date today) {
  if (key == "given_name" || key == "family_name") {
    SCARWISE_ASSIGN_OR_RETURN(auto name, Name(v, key == "given_name" ? "given_name" : "family_name"));
    (key == "given_name" ? p.given_name : p.family_name) = name;
  } else if (key == "birth_date") {
    if (!v.is_string()) return Unexpected(InvalidArgument("birth_date", "must be a date written YYYY-MM-DD"));
    SCARWISE_ASSIGN_OR_RETURN(auto date, ParseDate(v.get<std::string>(), "birth_date"));
    if (date > today) return Unexpected(InvalidArgument("birth_date", "is in the future"));
    p.birth_date = date;
  } else if (key == "sex") {
    const auto sex = v.is_string() ? domain::SexFromName(v.get<std::string>()) : std::nullopt;
    if (!sex) return Unexpected(InvalidArgument("sex", "must be one of female, male, other, unknown"));
    p.sex = *sex;
  } else if (key == "email") {
    SCARWISE_ASSIGN_OR_RETURN(auto email, Email(v));
    p.email = email;
  } else if (key == "phone") {
    SCARWISE_ASSIGN_OR_RETURN(auto phone, Phone(v));
    p.phone = phone;
  } else if (key == "fitzpatrick") {
    if (!v.is_number_integer()) return Unexpected(InvalidArgument("fitzpatrick", "must be a whole number from 1 to 6"));
    const auto type = v.get<long long>();
    if (type < 1 || type > 6) return Unexpected(InvalidArgument("fitzpatrick", "must be a whole number from 1 to 6"));
    p.fitzpatrick = static_cast<int>(type);
  } else {
    return Unexpected(InvalidArgument(Printable(key), "unknown field"));
  }
  return {};
}

}  // namespace

Result<domain::PatientDetails> DecodeNewPatient(const json& body, Date today) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const char* required : {"given_name", "family_name", "birth_date", "fitzpatrick"}) {
    if (!body.contains(required)) return Unexpected(InvalidArgument(required, "required"));
  }
  return DecodePatientChanges(body, domain::PatientDetails{}, today);
}

Result<domain::PatientDetails> DecodePatientChanges(const json& body, domain::PatientDetails current, Date today) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& item : body.items()) {
    SCARWISE_RETURN_IF_ERROR(Apply(item.key(), item.value(), current, today));
  }
  return current;
}

void WritePatientDetails(JsonText& out, const domain::PatientDetails& p) {
  out.Key("given_name").String(p.given_name).Key("family_name").String(p.family_name);
  out.Key("birth_date").String(FormatDate(p.birth_date)).Key("sex").String(domain::SexName(p.sex));
  out.Key("email");
  p.email.empty() ? out.Null() : out.String(p.email);
  out.Key("phone");
  p.phone.empty() ? out.Null() : out.String(p.phone);
  out.Key("fitzpatrick").Int(p.fitzpatrick);
}

}  // namespace scarwise::interop

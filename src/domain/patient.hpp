#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/civil_time.hpp"

namespace scarwise::domain {

enum class Sex { kFemale, kMale, kOther, kUnknown };
std::string_view SexName(Sex sex);
std::optional<Sex> SexFromName(std::string_view name);

// A patient's demographic record as the clinic keeps it. Names are UTF-8, as written.
struct PatientDetails {
  std::string given_name;
  std::string family_name;
  Date birth_date{};
  Sex sex = Sex::kUnknown;  // kUnknown: not recorded
  std::string email;        // empty: none
  std::string phone;        // empty: none
  int fitzpatrick = 1;      // Fitzpatrick skin type I-VI as 1-6
};

}  // namespace scarwise::domain

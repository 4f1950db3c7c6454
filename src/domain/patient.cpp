#include "domain/patient.hpp"

namespace scarwise::domain {

std::string_view SexName(Sex sex) {
  switch (sex) {
    case Sex::kFemale:
      return "female";
    case Sex::kMale:
      return "male";
    case Sex::kOther:
      return "other";
    case Sex::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<Sex> SexFromName(std::string_view name) {
  for (Sex sex : {Sex::kFemale, Sex::kMale, Sex::kOther, Sex::kUnknown}) {
    if (SexName(sex) == name) return sex;
  }
  return std::nullopt;
}

}  // namespace scarwise::domain

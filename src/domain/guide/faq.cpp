#include "domain/guide/faq.hpp"

#include <chrono>
#include <map>

namespace scarwise::domain {
namespace {

std::string Hours(const AftercareProtocol& aftercare, std::string_view code) {
  const AftercareItem* item = aftercare.Find(code);
  if (item == nullptr) return "?";
  return std::to_string(std::chrono::duration_cast<std::chrono::hours>(item->allowed_after).count());
}

std::string Day(const AftercareProtocol& aftercare, std::string_view code) {
  const AftercareItem* item = aftercare.Find(code);
  return item == nullptr ? "?" : std::to_string(OkFromDay(item->allowed_after));
}

std::string Roman(int type) {
  static const char* const kRoman[] = {"?", "I", "II", "III", "IV", "V", "VI"};
  return type >= 1 && type <= 6 ? kRoman[type] : "?";
}

// Whole weeks, rounded to the nearest: 28 days -> 4, 42 -> 6.
std::string Weeks(int days) {
  return std::to_string((days + 3) / 7);
}

}  // namespace

const std::vector<std::string_view>& FaqPlaceholders() {
  static const std::vector<std::string_view> kNames = {"sessions_min",       "sessions_max", "interval_min_weeks",
                                                       "interval_max_weeks", "makeup_hours", "sun_hours",
                                                       "settled_by_day",     "retinoid_day", "fitzpatrick"};
  return kNames;
}

std::vector<FaqEntry> AnswerFaq(const FaqProtocol& faq, const PlanningProtocol& planning,
                                const AftercareProtocol& aftercare, const RecoveryProtocol& recovery,
                                std::optional<int> fitzpatrick) {
  const std::map<std::string, std::string, std::less<>> values = {
      {"sessions_min", std::to_string(planning.min_sessions)},
      {"sessions_max", std::to_string(planning.max_sessions)},
      {"interval_min_weeks", Weeks(planning.interval.min)},
      {"interval_max_weeks", Weeks(planning.interval.max)},
      {"makeup_hours", Hours(aftercare, "makeup")},
      {"sun_hours", Hours(aftercare, "sun_exposure")},
      {"settled_by_day", std::to_string(recovery.expected.settled_by_day)},
      {"retinoid_day", Day(aftercare, "retinoid_rx")},
      {"fitzpatrick", fitzpatrick ? Roman(*fitzpatrick) : "(your recorded type)"},
  };
  std::vector<FaqEntry> answered = faq.entries;
  for (FaqEntry& entry : answered) {
    std::string filled;
    const std::string& text = entry.answer;
    for (size_t pos = 0; pos < text.size();) {
      const size_t open = text.find('{', pos);
      const size_t close = open == std::string::npos ? open : text.find('}', open);
      if (close == std::string::npos) {
        filled += text.substr(pos);
        break;
      }
      const auto value = values.find(std::string_view(text).substr(open + 1, close - open - 1));
      filled += text.substr(pos, open - pos);
      filled += value != values.end() ? value->second : text.substr(open, close - open + 1);
      pos = close + 1;
    }
    entry.answer = std::move(filled);
  }
  return answered;
}

}  // namespace scarwise::domain

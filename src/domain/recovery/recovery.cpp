#include "domain/recovery/recovery.hpp"

#include <algorithm>
#include <array>

#include "domain/ingredients/product_check.hpp"

namespace scarwise::domain {
namespace {

constexpr std::array<std::string_view, 7> kSignNames = {
    "pus", "spreading_redness", "fever", "blisters_or_cold_sore", "itchy_lumps", "dark_patches", "track_marks"};
constexpr std::array<std::string_view, 3> kUrgencyNames = {"urgent", "soon", "routine"};

bool Reported(const CheckIn& check_in, WarningSign sign) {
  return std::find(check_in.warning_signs.begin(), check_in.warning_signs.end(), sign) != check_in.warning_signs.end();
}

// Whether a breach rule applies to the check-in; the detail to add to the message, if any.
std::optional<std::string> Breached(const BreachRule& rule, const AftercareProtocol& aftercare,
                                    const IngredientDictionary& ingredients, const CheckIn& c) {
  switch (rule.breach) {
    case Breach::kMakeupTooEarly: {
      const AftercareItem* makeup = aftercare.Find("makeup");
      if (makeup == nullptr || !c.makeup_used) return std::nullopt;
      const int from = OkFromDay(makeup->allowed_after);
      if (c.day_after_session >= from) return std::nullopt;
      return "Makeup is fine from day " + std::to_string(from) + "; this was day " +
             std::to_string(c.day_after_session) + ".";
    }
    case Breach::kActiveTooEarly: {
      if (c.products_applied.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
      const ProductCheck check = CheckProduct(ingredients, aftercare, {c.products_applied, c.day_after_session});
      if (!check.avoid) return std::nullopt;
      std::string names;
      for (const IngredientFinding& finding : check.findings) {
        if (finding.ok_from_day <= c.day_after_session) continue;
        if (!names.empty()) names += ", ";
        names += finding.ingredient + " (fine from day " + std::to_string(finding.ok_from_day) + ")";
      }
      return "On day " + std::to_string(c.day_after_session) + ": " + names + ".";
    }
    case Breach::kNoSunscreen: {
      const AftercareItem* sunscreen = aftercare.Find("sunscreen");
      if (sunscreen == nullptr || !sunscreen->keep_up_for || c.sunscreen_used) return std::nullopt;
      // Asked for from the session until keep_up_for has passed: days 0 .. N-1 for N days.
      const auto days = std::chrono::duration_cast<std::chrono::hours>(*sunscreen->keep_up_for).count() / 24;
      if (c.day_after_session >= days) return std::nullopt;
      return "The aftercare asks for it every day until day " + std::to_string(days - 1) + ".";
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view WarningSignName(WarningSign sign) {
  return kSignNames[static_cast<size_t>(sign)];
}

std::optional<WarningSign> WarningSignFromName(std::string_view name) {
  for (WarningSign sign : kAllWarningSigns) {
    if (WarningSignName(sign) == name) return sign;
  }
  return std::nullopt;
}

std::string_view UrgencyName(Urgency urgency) {
  return kUrgencyNames[static_cast<size_t>(urgency)];
}

std::optional<Urgency> UrgencyFromName(std::string_view name) {
  for (Urgency urgency : {Urgency::kUrgent, Urgency::kSoon, Urgency::kRoutine}) {
    if (UrgencyName(urgency) == name) return urgency;
  }
  return std::nullopt;
}

std::vector<RecoveryAlert> AssessCheckIn(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                                         const IngredientDictionary& ingredients, const CheckIn& check_in) {
  std::vector<RecoveryAlert> alerts;
  for (const WarningSignRule& rule : recovery.warning_signs) {
    if (Reported(check_in, rule.sign)) alerts.push_back({rule.code, rule.urgency, rule.message, rule.source});
  }
  for (const PersistenceRule& rule : recovery.persisting) {
    const int level = rule.measure == Measure::kRedness ? check_in.redness : check_in.swelling;
    if (check_in.day_after_session <= rule.after_day || level < rule.at_least) continue;
    alerts.push_back({rule.code, rule.urgency,
                      rule.message + " Reported " + std::to_string(level) + " of 3 on day " +
                          std::to_string(check_in.day_after_session) + ".",
                      rule.source});
  }
  for (const BreachRule& rule : recovery.breaches) {
    if (auto detail = Breached(rule, aftercare, ingredients, check_in)) {
      alerts.push_back({rule.code, rule.urgency, rule.message + " " + *detail, rule.source});
    }
  }
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const RecoveryAlert& a, const RecoveryAlert& b) { return a.urgency < b.urgency; });
  return alerts;
}

std::vector<int> MissedCheckInDays(const MissedCheckInRule& rule, const Timestamp& session_end,
                                   std::chrono::sys_seconds now, const std::vector<int>& reported_days) {
  std::vector<int> missed;
  for (int day = 0; day <= rule.through_day; ++day) {
    const bool over = now >= session_end.utc + std::chrono::hours(24) * (day + 1);
    if (!over) break;
    if (std::find(reported_days.begin(), reported_days.end(), day) == reported_days.end()) missed.push_back(day);
  }
  return missed;
}

}  // namespace scarwise::domain

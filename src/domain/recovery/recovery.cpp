#include "domain/recovery/recovery.hpp"

#include <algorithm>
#include <array>

#include "domain/ingredients/product_check.hpp"

namespace scarwise::domain {
namespace {

bool Reported(const CheckIn& check_in, const std::string& sign) {
  return std::find(check_in.warning_signs.begin(), check_in.warning_signs.end(), sign) != check_in.warning_signs.end();
}

// Whether a breach rule applies to the check-in; the detail to add to the message, if any.
std::optional<std::string> Breached(const BreachRule& rule, const AftercareProtocol& aftercare,
                                    const IngredientDictionary& ingredients, const CheckIn& c, int fitzpatrick) {
  switch (rule.breach) {
    case Breach::kMakeupTooEarly: {
      const AftercareItem* makeup = aftercare.Find(rule.item);
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
      const AftercareItem* sunscreen = aftercare.Find(rule.item);
      if (sunscreen == nullptr || c.sunscreen_used) return std::nullopt;
      const auto keep = KeepUpFor(*sunscreen, fitzpatrick);
      if (!keep) return std::nullopt;
      // Asked for from the session until keep_up_for has passed: days 0 .. N-1 for N days.
      const auto days = std::chrono::duration_cast<std::chrono::hours>(*keep).count() / 24;
      if (c.day_after_session >= days) return std::nullopt;
      return "The aftercare asks for it every day until day " + std::to_string(days - 1) + ".";
    }
  }
  return std::nullopt;
}

// "redness 1 -> 2" for each measure that rose since the previous check-in.
std::string Rises(const CheckIn& before, const CheckIn& now) {
  std::string out;
  const auto add = [&](const char* name, int a, int b) {
    if (b <= a) return;
    if (!out.empty()) out += ", ";
    out += std::string(name) + " " + std::to_string(a) + " -> " + std::to_string(b);
  };
  add("redness", before.redness, now.redness);
  add("swelling", before.swelling, now.swelling);
  add("pain", before.pain, now.pain);
  return out;
}

}  // namespace

const WarningSign* RecoveryProtocol::FindSign(std::string_view key) const {
  for (const WarningSign& sign : signs) {
    if (sign.key == key) return &sign;
  }
  return nullptr;
}

const PatientAdvice* RecoveryProtocol::AdviceFor(Urgency urgency) const {
  for (const PatientAdvice& a : advice) {
    if (a.urgency == urgency) return &a;
  }
  return nullptr;
}

std::vector<RecoveryAlert> AssessCheckIn(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                                         const IngredientDictionary& ingredients, const CheckIn& check_in,
                                         const CheckInContext& context) {
  std::vector<RecoveryAlert> alerts;
  for (const WarningSignRule& rule : recovery.warning_signs) {
    std::string reported;
    for (const std::string& sign : rule.signs) {
      if (!Reported(check_in, sign)) continue;
      const WarningSign* known = recovery.FindSign(sign);
      if (!reported.empty()) reported += "; ";
      reported += known != nullptr ? known->patient : sign;
    }
    if (reported.empty()) continue;
    // A rule over several signs says which were reported.
    const std::string detail = rule.signs.size() > 1 ? " Reported: " + reported + "." : "";
    alerts.push_back({rule.code, rule.urgency, rule.message + detail, rule.source});
  }
  if (recovery.pain && check_in.pain >= recovery.pain->at_least) {
    const PainRule& rule = *recovery.pain;
    alerts.push_back({rule.code, rule.urgency,
                      rule.message + " Reported " + std::to_string(check_in.pain) + " of 10 on day " +
                          std::to_string(check_in.day_after_session) + ".",
                      rule.source});
  }
  if (recovery.rising && context.previous && check_in.day_after_session > recovery.rising->after_day &&
      context.previous->day_after_session < check_in.day_after_session) {
    const std::string rises = Rises(*context.previous, check_in);
    if (!rises.empty()) {
      const RisingRule& rule = *recovery.rising;
      alerts.push_back({rule.code, rule.urgency,
                        rule.message + " Day " + std::to_string(context.previous->day_after_session) + " to day " +
                            std::to_string(check_in.day_after_session) + ": " + rises + ".",
                        rule.source});
    }
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
    if (auto detail = Breached(rule, aftercare, ingredients, check_in, context.fitzpatrick)) {
      alerts.push_back({rule.code, rule.urgency, rule.message + " " + *detail, rule.source});
    }
  }
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const RecoveryAlert& a, const RecoveryAlert& b) { return a.urgency < b.urgency; });
  return alerts;
}

bool FollowedAftercare(const RecoveryProtocol& recovery, const AftercareProtocol& aftercare,
                       const IngredientDictionary& ingredients, const CheckIn& check_in, int fitzpatrick) {
  for (const BreachRule& rule : recovery.breaches) {
    if (Breached(rule, aftercare, ingredients, check_in, fitzpatrick)) return false;
  }
  return true;
}

std::vector<int> MissedCheckInDays(const MissedCheckInRule& rule, const Timestamp& session_end,
                                   std::chrono::sys_seconds now, const std::vector<int>& reported_days) {
  std::vector<int> missed;
  for (int day : rule.days) {
    const bool over = now >= session_end.utc + std::chrono::hours(24) * (day + 1);
    if (!over) break;
    if (std::find(reported_days.begin(), reported_days.end(), day) == reported_days.end()) missed.push_back(day);
  }
  return missed;
}

const AdverseEventType* RecoveryProtocol::FindAdverseEventType(std::string_view code) const {
  for (const AdverseEventType& t : adverse_event_types) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

const AdverseEventType* RecoveryProtocol::AdverseEventTypeForAlert(std::string_view alert_code) const {
  for (const AdverseEventType& t : adverse_event_types) {
    for (const std::string& from : t.from_alerts) {
      if (from == alert_code) return &t;
    }
  }
  return nullptr;
}

}  // namespace scarwise::domain

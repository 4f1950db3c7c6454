#include "domain/aftercare/aftercare.hpp"

#include <algorithm>

namespace scarwise::domain {

const AftercareItem* AftercareProtocol::Find(std::string_view code) const {
  for (const AftercareItem& item : items) {
    if (item.code == code) return &item;
  }
  return nullptr;
}

std::vector<AftercareStatus> AftercareTimeline(const AftercareProtocol& protocol, const Timestamp& session_end,
                                               const Timestamp& at) {
  std::vector<AftercareStatus> timeline;
  timeline.reserve(protocol.items.size());
  for (const AftercareItem& item : protocol.items) {
    AftercareStatus status;
    status.item = &item;
    status.allowed_from = ShiftedBy(session_end, item.allowed_after);
    status.allowed = at.utc >= status.allowed_from.utc;
    if (item.keep_up_for) status.keep_up_until = ShiftedBy(status.allowed_from, *item.keep_up_for);
    timeline.push_back(status);
  }
  return timeline;
}

std::optional<std::chrono::minutes> KeepUpFor(const AftercareItem& item, int fitzpatrick) {
  if (!item.keep_up_for) return std::nullopt;
  std::chrono::minutes keep = *item.keep_up_for;
  for (const KeepUpBySkinType& by : item.keep_up_by_skin_type) {
    if (fitzpatrick == 0) {
      keep = std::max(keep, by.keep_up_for);
    } else if (fitzpatrick >= by.from_fitzpatrick) {
      keep = by.keep_up_for;
    }
  }
  return keep;
}

int OkFromDay(std::chrono::minutes allowed_after) {
  const auto day = std::chrono::hours{24};
  if (allowed_after <= std::chrono::minutes{0}) return 0;
  return static_cast<int>((allowed_after + day - std::chrono::minutes{1}) / day);
}

}  // namespace scarwise::domain

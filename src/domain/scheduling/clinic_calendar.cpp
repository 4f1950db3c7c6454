#include "domain/scheduling/clinic_calendar.hpp"

namespace scarwise::domain {

int WeekdayIndex(Date day) {
  return static_cast<int>(std::chrono::weekday(day).iso_encoding()) - 1;
}

Result<void> CheckWeeklyHours(const WeeklyHours& hours, const std::string& field) {
  using std::chrono::minutes;
  for (size_t d = 0; d < 7; ++d) {
    minutes previous_end{-1};
    for (size_t i = 0; i < hours[d].size(); ++i) {
      const TimeSpan& span = hours[d][i];
      const std::string where = field + "." + kWeekdayNames[d] + "[" + std::to_string(i) + "]";
      if (span.from.count() % kCellMinutes != 0 || span.to.count() % kCellMinutes != 0) {
        return Unexpected(InvalidArgument(where, "times must be on the quarter hour (:00, :15, :30, :45)"));
      }
      if (span.from < minutes(0) || span.to > minutes(24 * 60) || span.from >= span.to) {
        return Unexpected(InvalidArgument(where, "must start before it ends, within the day"));
      }
      if (span.from < previous_end) {
        return Unexpected(InvalidArgument(where, "overlaps the span before it or is out of order"));
      }
      previous_end = span.to;
    }
  }
  return {};
}

DayCells CellsOf(std::chrono::minutes start, std::chrono::minutes end) {
  DayCells cells;
  const int first = static_cast<int>(start.count()) / kCellMinutes;
  const int last = (static_cast<int>(end.count()) + kCellMinutes - 1) / kCellMinutes;
  for (int i = std::max(first, 0); i < std::min(last, kCellsPerDay); ++i) cells.set(static_cast<size_t>(i));
  return cells;
}

std::uint64_t Occupancy::Key(ResourceId resource, Date day) {
  return (static_cast<std::uint64_t>(resource) << 32) ^ static_cast<std::uint32_t>(day.time_since_epoch().count());
}

void Occupancy::Take(ResourceId resource, const LocalSlot& slot) {
  taken_[Key(resource, slot.day)] |= CellsOf(slot.start, slot.end);
}

void Occupancy::Release(ResourceId resource, const LocalSlot& slot) {
  auto it = taken_.find(Key(resource, slot.day));
  if (it != taken_.end()) it->second &= ~CellsOf(slot.start, slot.end);
}

DayCells Occupancy::Taken(ResourceId resource, Date day) const {
  auto it = taken_.find(Key(resource, day));
  return it == taken_.end() ? DayCells{} : it->second;
}

}  // namespace scarwise::domain

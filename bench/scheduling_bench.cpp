// Series scheduling on a generated busy clinic (issue 4's benchmark): 10 practitioners,
// 6 rooms, 4 devices, six months already booked to 80 % of the devices' open hours (the
// binding resource), closed dates and a week's absence per practitioner.
//
// Measures, on that calendar:
//   1. the series preview (5 alternatives for a 6-session plan): p50 / p99 over 2,000 calls;
//   2. booking 2,000 new series one after another (each sees the ones before it);
//   3. how often a naive "same weekday and time every 4 weeks" booking fails, and ours.
//
//   build/release/bench/scheduling_bench [seed]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "domain/scheduling/series_scheduler.hpp"

namespace {

using namespace scarwise;
using namespace scarwise::domain;
using std::chrono::days;
using std::chrono::minutes;

constexpr minutes kSlot{90};
constexpr IntervalDays kWindow{28, 28, 42};
const Date kStart = std::chrono::sys_days(std::chrono::year(2027) / 1 / 4);  // a Monday
constexpr int kHorizonDays = 182;

struct Clinic {
  ClinicCalendar calendar;
  Occupancy taken;
  std::vector<ResourceId> practitioners;
};

// Books 80 % of each device's open time with 90-minute sessions, each given a free
// practitioner and room, at random free starts.
Clinic Generate(std::mt19937& random) {
  Clinic c;
  WeeklyHours open;
  for (size_t d = 0; d < 5; ++d) open[d] = {{minutes(8 * 60), minutes(18 * 60)}};
  open[5] = {{minutes(9 * 60), minutes(13 * 60)}};
  c.calendar.opening_hours = open;
  for (int offset : {0, 88, 91, 140, 150}) c.calendar.closed_dates.push_back(kStart + days(offset));
  for (ResourceId p = 1; p <= 10; ++p) {
    WeeklyHours hours;
    for (size_t d = 0; d < 5; ++d) {
      if ((static_cast<int>(d) + static_cast<int>(p)) % 5 != 0) hours[d] = open[d];  // four days a week
    }
    if (p % 2 == 0) hours[5] = open[5];
    const Date away = kStart + days(std::uniform_int_distribution<int>(0, kHorizonDays)(random));
    c.calendar.practitioners.push_back({p, hours, {{away, away + days(6)}}});
    c.practitioners.push_back(p);
  }
  for (ResourceId r = 101; r <= 106; ++r) c.calendar.rooms.push_back(r);
  for (ResourceId d = 201; d <= 204; ++d) c.calendar.devices.push_back(d);

  for (int offset = 0; offset < kHorizonDays; ++offset) {
    const Date day = kStart + days(offset);
    const auto& spans = open[static_cast<size_t>(WeekdayIndex(day))];
    if (spans.empty()) continue;
    const int first = static_cast<int>(spans[0].from.count()) / kCellMinutes;
    const int last = static_cast<int>(spans[0].to.count()) / kCellMinutes - 6;
    for (ResourceId device : c.calendar.devices) {
      const int target = (last - first + 6) * 8 / 10;  // cells to book: 80 % of the open ones
      int booked = 0;
      for (int attempt = 0; attempt < 200 && booked + 6 <= target; ++attempt) {
        const int start = std::uniform_int_distribution<int>(first, last)(random);
        const LocalSlot slot{day, minutes(start * kCellMinutes), minutes(start * kCellMinutes) + kSlot};
        const DayCells cells = CellsOf(slot.start, slot.end);
        if ((c.taken.Taken(device, day) & cells).any()) continue;
        auto pick = [&](const std::vector<ResourceId>& ids) -> ResourceId {
          for (ResourceId id : ids) {
            if ((c.taken.Taken(id, day) & cells).none()) return id;
          }
          return 0;
        };
        std::vector<ResourceId> working;
        for (const auto& p : c.calendar.practitioners) {
          if (!p.working_hours[static_cast<size_t>(WeekdayIndex(day))].empty()) working.push_back(p.id);
        }
        const ResourceId practitioner = pick(working), room = pick(c.calendar.rooms);
        if (practitioner == 0 || room == 0) continue;
        for (ResourceId r : {device, practitioner, room}) c.taken.Take(r, slot);
        booked += 6;
      }
    }
  }
  return c;
}

// A 6-session plan whose first session may be from a random day of the first `spread` days.
SeriesRequest Request(std::mt19937& random, int spread = 60) {
  SeriesRequest r;
  r.window = kWindow;
  r.slot_length = kSlot;
  r.sessions = 6;
  r.earliest = kStart + days(std::uniform_int_distribution<int>(0, spread)(random));
  return r;
}

// The naive booking, as a recurring-appointment tool does it at its best: some free slot in
// the first six weeks from `earliest` whose weekday and time are also free every 28 days
// after it for the whole course (any practitioner, room and device). True when one exists.
bool NaiveBooks(const ClinicCalendar& calendar, const Occupancy& taken, const SeriesRequest& r) {
  for (int offset = 0; offset < 42; ++offset) {
    const Date day = r.earliest + days(offset);
    for (int cell = 0; cell < kCellsPerDay; ++cell) {
      bool all_free = true;
      for (int n = 0; n < r.sessions && all_free; ++n) {
        const LocalSlot slot{day + days(28 * n), minutes(cell * kCellMinutes), minutes(cell * kCellMinutes) + kSlot};
        all_free = std::holds_alternative<PlacedSession>(PlaceAt(calendar, taken, n + 1, slot, std::nullopt));
      }
      if (all_free) return true;
    }
  }
  return false;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned seed = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 20261204u;
  std::mt19937 random(seed);
  const auto generated_at = std::chrono::steady_clock::now();
  Clinic clinic = Generate(random);
  const double generate_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - generated_at).count();

  // The naive booking on the same clinic with nothing booked yet: it works there.
  int naive_failed_when_empty = 0;
  for (int i = 0; i < 200; ++i)
    naive_failed_when_empty += NaiveBooks(clinic.calendar, Occupancy{}, Request(random)) ? 0 : 1;

  // 1. Preview latency and 3. failure rates, on the fixed 80 % calendar.
  std::vector<double> preview_ms;
  int ours_failed = 0, naive_failed = 0;
  constexpr int kRequests = 2000;
  for (int i = 0; i < kRequests; ++i) {
    const SeriesRequest request = Request(random);
    const auto t0 = std::chrono::steady_clock::now();
    const SeriesProposal proposal = ProposeSeries(clinic.calendar, clinic.taken, request);
    preview_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (proposal.options.empty()) ++ours_failed;
    if (!NaiveBooks(clinic.calendar, clinic.taken, request)) ++naive_failed;
  }

  // 2. Booking 2,000 series one after another, each taking its slots (first sessions spread
  // over a year: the six booked months are nearly full, the months after them are not).
  int booked = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kRequests; ++i) {
    SeriesRequest request = Request(random, 365);
    request.alternatives = 1;
    const SeriesProposal proposal = ProposeSeries(clinic.calendar, clinic.taken, request);
    if (proposal.options.empty()) continue;
    for (const PlacedSession& s : proposal.options.front().sessions) {
      for (ResourceId r : {s.practitioner, s.room, s.device}) clinic.taken.Take(r, s.slot);
    }
    ++booked;
  }
  const double booking_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("calendar generated in %.1f ms (seed %u)\n", generate_ms, seed);
  std::printf("preview, 5 alternatives of a 6-session series: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d calls)\n",
              Percentile(preview_ms, 0.5), Percentile(preview_ms, 0.99), Percentile(preview_ms, 1.0), kRequests);
  std::printf("booking %d series one after another: %.2f s in total (%d booked, %d found no series)\n", kRequests,
              booking_s, booked, kRequests - booked);
  std::printf("on the same clinic with nothing booked: naive fails %d of 200\n", naive_failed_when_empty);
  std::printf(
      "on the 80 %% calendar: naive same-weekday-and-time every 28 days fails %.1f %% (%d of %d); "
      "the series scheduler fails %.1f %% (%d)\n",
      100.0 * naive_failed / kRequests, naive_failed, kRequests, 100.0 * ours_failed / kRequests, ours_failed);
  return 0;
}

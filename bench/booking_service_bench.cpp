// Series booking through the service on a real SQLite file (issue 4's benchmark, end to
// end below HTTP): the generated busy clinic of scheduling_bench (10 practitioners, 6 rooms,
// 4 pens, six months booked to 80 % of the pens' hours), then 2,000 approved 6-session plans
// booked one after another with SchedulingService::BookSeries: each reads the clinic and the
// booked appointments of its horizon, runs the scheduler, and writes its appointments, their
// quarter-hour claims, their reminders and the audit entry in one durable transaction.
//
//   build/release/bench/booking_service_bench [plans] [database-file]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "common/clock.hpp"
#include "protocol/protocol_loader.hpp"
#include "service/accounts_service.hpp"
#include "service/records_service.hpp"
#include "service/scheduling_service.hpp"
#include "storage/testing/test_audit_key.hpp"

namespace {

using namespace scarwise;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

class FixedClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override { return now; }
  std::chrono::sys_seconds now = ParseTimestamp("2027-01-01T12:00:00+01:00", "now")->utc;
};

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

void Must(Result<void> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().ToString().c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int plans = argc > 1 ? std::atoi(argv[1]) : 2000;
  const std::string file = argc > 2 ? argv[2] : "/tmp/scarwise-booking-bench.db";
  std::filesystem::remove(file);
  std::filesystem::remove(file + "-wal");
  std::filesystem::remove(file + "-shm");
  auto load = protocol::LoadProtocol(std::string(SCARWISE_SOURCE_DIR) + "/protocol/default");
  if (!load.problems.empty()) return 1;
  auto store = Must(storage::OpenStore("sqlite:" + file, storage::testing::TestStoreOptions()), "open");
  FixedClock clock;
  service::AccountsService accounts(*store, clock);
  service::RecordsService records(accounts.access(), load.protocol, clock);
  service::SchedulingService scheduling(accounts.access(), load.protocol);
  const auto admin_user =
      Must(accounts.CreateStaffUser({std::nullopt, "bench"}, {"admin@bench.test", "A", "admin", "admin password 1"}),
           "admin");
  const service::Request admin{service::Actor{admin_user.id, service::Role::kAdmin, std::nullopt}, "bench"};
  const auto doc_user =
      Must(accounts.CreateStaffUser(admin, {"doc@bench.test", "D", "clinician", "doctor password"}), "doctor");
  const service::Request doctor{service::Actor{doc_user.id, service::Role::kClinician, std::nullopt}, "bench"};

  // The clinic.
  domain::WeeklyHours open;
  for (size_t d = 0; d < 5; ++d) open[d] = {{hours(8), hours(18)}};
  open[5] = {{hours(9), hours(13)}};
  Must(scheduling.SaveClinicCalendar(admin, {"Europe/Amsterdam", open, {}, 0}, std::nullopt), "calendar");
  std::vector<storage::Id> practitioners, rooms, devices;
  for (int p = 1; p <= 10; ++p) {
    domain::WeeklyHours hours_of = {};
    for (size_t d = 0; d < 5; ++d) {
      if ((static_cast<int>(d) + p) % 5 != 0) hours_of[d] = open[d];
    }
    if (p % 2 == 0) hours_of[5] = open[5];
    practitioners.push_back(Must(scheduling.AddResource(admin, {"practitioner",
                                                                "P" + std::to_string(p),
                                                                std::nullopt,
                                                                interop::EncodePractitionerSchedule({hours_of, {}}),
                                                                {}}),
                                 "practitioner")
                                .id);
  }
  for (int r = 1; r <= 6; ++r) {
    rooms.push_back(
        Must(scheduling.AddResource(admin, {"room", "R" + std::to_string(r), std::nullopt, "{}", {}}), "room").id);
  }
  for (int d = 1; d <= 4; ++d) {
    devices.push_back(
        Must(scheduling.AddResource(admin, {"device", "D" + std::to_string(d), std::nullopt, "{}", {}}), "pen").id);
  }

  // One approved plan, reused as the template of every plan (same proposal document).
  auto patient = [&](int n) {
    return Must(records.CreatePatient(doctor, {"P" + std::to_string(n), "Bench", *ParseDate("1990-01-01", "d"),
                                               domain::Sex::kFemale, "p" + std::to_string(n) + "@bench.test", "", 3}),
                "patient")
        .id;
  };
  domain::ScarAssessment a;
  a.date = *ParseDate("2027-01-01", "d");
  a.qualitative_grade = 4;
  a.zones.push_back({domain::FacialZone::kCheekRight, {0, 6, 3, 6, 8, 0}, 0});
  const storage::Id first = patient(0);
  Must(records.RecordAssessment(doctor, first, a), "assessment");
  Must(records.RecordScreening(doctor, first, domain::UnremarkableHistory(records.protocol().screening.questions)),
       "screening");
  const auto proposal = Must(records.ProposePlan(doctor, first), "plan");

  // Six months booked to 80 % of the pens' hours, as one filler plan's many "sessions".
  std::mt19937 random(20261204);
  const TimeZone zone = *TimeZone::Named("Europe/Amsterdam", "z");
  const Date start = *ParseDate("2027-01-04", "d");
  int filler_sessions = 0;
  {
    auto tx = Must(store->Begin(), "begin");
    domain::Occupancy taken;
    for (int offset = 0; offset < 182; ++offset) {
      const Date day = start + days(offset);
      const auto& spans = open[static_cast<size_t>(domain::WeekdayIndex(day))];
      if (spans.empty()) continue;
      const int first_cell = static_cast<int>(spans[0].from.count()) / 15,
                last_cell = static_cast<int>(spans[0].to.count()) / 15 - 6;
      for (storage::Id device : devices) {
        int booked = 0;
        for (int attempt = 0; attempt < 200 && booked + 6 <= (last_cell - first_cell + 6) * 8 / 10; ++attempt) {
          const int cell = std::uniform_int_distribution<int>(first_cell, last_cell)(random);
          const domain::LocalSlot slot{day, minutes(cell * 15), minutes(cell * 15 + 90)};
          const auto cells = domain::CellsOf(slot.start, slot.end);
          if ((taken.Taken(device, day) & cells).any()) continue;
          auto free_of = [&](const std::vector<storage::Id>& ids) -> storage::Id {
            for (storage::Id id : ids) {
              if ((taken.Taken(id, day) & cells).none()) return id;
            }
            return 0;
          };
          const storage::Id p = free_of(practitioners), r = free_of(rooms);
          if (p == 0 || r == 0) continue;
          for (storage::Id id : {device, p, r}) taken.Take(id, slot);
          Must(
              tx->Scheduling().CreateAppointment({proposal.id, first, ++filler_sessions, zone.ToUtc({day, slot.start}),
                                                  zone.ToUtc({day, slot.end}), p, r, device, doc_user.id, clock.Now()}),
              "filler");
          booked += 6;
        }
      }
    }
    Must(tx->Commit(), "commit filler");
  }

  // The plans to book: each patient with a copy of the template's assessment, screening
  // and proposal, approved.
  std::vector<storage::Id> to_book;
  {
    auto tx = Must(store->Begin(), "begin");
    const auto plan = Must(tx->Plans().Find(proposal.id), "find plan");
    const auto assessment = Must(tx->Evaluations().LatestAssessment(first), "assessment");
    const auto screening = Must(tx->Evaluations().LatestScreening(first), "screening");
    for (int n = 1; n <= plans; ++n) {
      const storage::Id id =
          Must(tx->Patients().Create({{"P" + std::to_string(n), "Bench", *ParseDate("1990-01-01", "d"),
                                       domain::Sex::kFemale, "p@bench.test", "", 3},
                                      clock.Now()}),
               "patient");
      const storage::Id a_id = Must(tx->Evaluations().CreateAssessment(
                                        {id, doc_user.id, clock.Now(), assessment.input_json, assessment.result_json}),
                                    "assessment");
      const storage::Id s_id = Must(tx->Evaluations().CreateScreening(
                                        {id, doc_user.id, clock.Now(), screening.input_json, screening.result_json}),
                                    "screening");
      const storage::Id plan_id = Must(tx->Plans().Create({id, a_id, s_id, plan.proposal_json, plan.protocol_name,
                                                           plan.protocol_version, doc_user.id, clock.Now()}),
                                       "plan");
      Must(tx->Plans().Approve(plan_id, 1, doc_user.id, clock.Now()), "approve");
      to_book.push_back(plan_id);
    }
    Must(tx->Commit(), "commit plans");
  }
  std::printf("clinic: %d sessions already booked over 6 months; %d approved 6-session plans to book\n",
              filler_sessions, plans);

  int booked = 0;
  std::vector<double> ms;
  const auto t0 = std::chrono::steady_clock::now();
  for (storage::Id plan_id : to_book) {
    interop::BookingRequest request;
    request.earliest = start + days(std::uniform_int_distribution<int>(0, 365)(random));
    const auto t = std::chrono::steady_clock::now();
    auto result = scheduling.BookSeries(doctor, plan_id, request);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    if (result) {
      ++booked;
    } else if (result.error().code != ErrorCode::kConflict) {
      std::fprintf(stderr, "booking failed: %s\n", result.error().ToString().c_str());
      return 1;
    }
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(ms.begin(), ms.end());
  std::printf("booked %d of %d series one after another in %.2f s (per booking p50 %.1f ms, p99 %.1f ms)\n", booked,
              plans, total, ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  std::filesystem::remove(file);
  std::filesystem::remove(file + "-wal");
  std::filesystem::remove(file + "-shm");
  return 0;
}

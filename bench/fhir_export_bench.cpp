// Whole-clinic FHIR export (docs/benchmarks.md, issue 24): N patients with full courses - an
// assessment of three zones, a consultation and three pre-session screenings, an approved
// plan of three sessions, three appointments, three charted sessions and six check-ins -
// written straight through storage, then `RecordsService::ExportClinicFhir` timed with its
// NDJSON written to a folder, as `scarwise export fhir --all` writes it.
// With SAFETY=1 (the default) each course also has a signed treatment consent, a precaution
// recorded for the plan and a photograph, and every tenth patient an adverse event: the
// records issues 19 and 22 added to the export.
//   fhir_export_bench [PATIENTS=2000] [DB=/tmp/scarwise-fhir-bench.db] [OUT=/tmp/scarwise-fhir-bench] [SAFETY=1]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <sys/resource.h>

#include "common/clock.hpp"
#include "domain/review.hpp"
#include "domain/screening/questions.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/session_codec.hpp"
#include "protocol/protocol_loader.hpp"
#include "service/accounts_service.hpp"
#include "service/records_service.hpp"
#include "storage/testing/test_audit_key.hpp"

using namespace scarwise;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

class FixedClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override {
    return std::chrono::sys_seconds(std::chrono::seconds(1'795'000'000));
  }
};

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", what, result.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*result);
}

void Must(Result<void> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", what, result.error().ToString().c_str());
    std::exit(1);
  }
}

// CPU seconds (user + system) this process has used: on a loaded machine the wall clock
// says how busy the machine was, this what the export costs.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  const int patients = argc > 1 ? std::atoi(argv[1]) : 2000;
  const std::string file = argc > 2 ? argv[2] : "/tmp/scarwise-fhir-bench.db";
  const std::string out = argc > 3 ? argv[3] : "/tmp/scarwise-fhir-bench";
  const bool safety = argc > 4 ? std::atoi(argv[4]) != 0 : true;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  auto load = protocol::LoadProtocol(std::string(SCARWISE_SOURCE_DIR) + "/protocol/default");
  if (!load.problems.empty()) return 1;
  const domain::Protocol& protocol = load.protocol;
  auto store = Must(storage::OpenStore("sqlite:" + file, storage::testing::TestStoreOptions()), "open");
  FixedClock clock;
  service::AccountsService accounts(*store, clock);
  service::RecordsService records(accounts.access(), protocol, clock);
  const auto doctor = Must(
      accounts.CreateStaffUser({std::nullopt, "bench"}, {"doc@bench.test", "Dr Bench", "clinician", "doctor password"}),
      "doctor");

  // The documents every course shares (their shapes are the API's).
  domain::Consultation consultation;
  consultation.patient = {*ParseDate("1990-01-01", "d"), 3};
  consultation.history = domain::UnremarkableHistory(protocol.screening.questions);
  consultation.assessment.date = *ParseDate("2026-10-01", "d");
  consultation.assessment.qualitative_grade = 3;
  for (domain::FacialZone zone :
       {domain::FacialZone::kCheekLeft, domain::FacialZone::kCheekRight, domain::FacialZone::kForehead}) {
    consultation.assessment.zones.push_back({zone, {2, 4, 6, 3, 5, 0}, 0});
  }
  const domain::ConsultationReview review = domain::ReviewConsultation(protocol, consultation);
  const std::string assessment_doc = interop::ScarAssessmentDocument(consultation.assessment);
  const std::string score_doc = interop::AssessmentResultDocument(review.quantitative, 3);
  const std::string history_doc = interop::MedicalHistoryDocument(consultation.history);
  const std::string screening_doc = interop::ScreeningResultDocument(review.screening, protocol.id);
  const std::string plan_doc = interop::ReviewDocument(review, protocol.id);

  const auto seed_started = std::chrono::steady_clock::now();
  const auto t0 = std::chrono::sys_seconds(std::chrono::seconds(1'800'000'000));
  {
    auto tx = Must(store->Begin(), "begin");
    auto& scheduling = tx->Scheduling();
    const auto resource = [&](const char* kind, const char* name) {
      return Must(scheduling.CreateResource({kind, name, std::nullopt, "{}", t0}), "resource");
    };
    std::map<int, storage::Id> practitioner, room, device;
    for (int r = 0; r < 8; ++r) {
      practitioner[r] = resource("practitioner", "Practitioner");
      room[r] = resource("room", "Room");
      device[r] = resource("device", "Pen");
    }
    for (int i = 0; i < patients; ++i) {
      const domain::PatientDetails details{"Given" + std::to_string(i),
                                           "Family",
                                           *ParseDate("1990-05-05", "d"),
                                           domain::Sex::kFemale,
                                           "p" + std::to_string(i) + "@bench.test",
                                           "",
                                           3};
      const storage::Id patient = Must(tx->Patients().Create({details, t0}), "patient");
      const storage::Id assessment =
          Must(tx->Evaluations().CreateAssessment({patient, doctor.id, t0, assessment_doc, score_doc}), "assessment");
      const storage::Id screening =
          Must(tx->Evaluations().CreateScreening({patient, doctor.id, t0, history_doc, screening_doc}), "screening");
      const storage::Id plan = Must(tx->Plans().Create({patient, assessment, screening, plan_doc, protocol.id.name,
                                                        protocol.id.version, doctor.id, t0}),
                                    "plan");
      if (safety) {
        Must(tx->Safety().RecordPrecaution({plan, "antiviral_prophylaxis",
                                            R"({"drug":"Valaciclovir 500 mg","started_on":"2027-01-01"})", doctor.id,
                                            t0}),
             "precaution");
        Must(tx->Consents().Create({patient, "treatment", "2026.12", std::string(1500, 'x'), std::string(64, 'a'),
                                    "patient", details.given_name + " Family", std::nullopt, "typed", "", t0,
                                    doctor.id}),
             "consent");
        Must(tx->Photos().Create({patient, "frontal", 0, "photos_record", "image/jpeg", std::string(64, 'b'), 1200,
                                  1600, 3, "{}", doctor.id, t0},
                                 {{"original", "abc"}}),
             "photo");
      }
      Must(tx->Plans().Approve(plan, 1, doctor.id, t0), "approve");
      const int lane = i % 8;
      const auto slot = t0 + hours(24) * (i / 8 / 8) + minutes(60) * (i / 8 % 8);
      for (int s = 1; s <= 3; ++s) {
        const auto starts = slot + hours(24) * 100 * (s - 1);  // no two patients share a pen's hour
        const storage::Id appointment =
            Must(scheduling.CreateAppointment({plan, patient, s, starts, starts + minutes(45), practitioner[lane],
                                               room[lane], device[lane], doctor.id, t0}),
                 "appointment");
        const storage::Id pre = Must(
            tx->Evaluations().CreateScreening({patient, doctor.id, starts, history_doc, screening_doc}), "pre-session");
        domain::SessionChart chart;
        chart.started_at = {starts, minutes(60)};
        chart.ended_at = {starts + minutes(40), minutes(60)};
        chart.device = "Pen";
        chart.cartridge_lot = "LOT-" + std::to_string(i);
        chart.numbing_product = "Numbing cream";
        chart.numbing_minutes = 45;
        for (const auto& z : consultation.assessment.zones) chart.zones.push_back({z.zone, 1.5, 3});
        chart.endpoint = "pinpoint bleeding";
        const storage::Id session =
            Must(tx->SessionDay().CreateSession({patient, plan, s, appointment, pre, doctor.id, starts + minutes(45),
                                                 starts + minutes(40), 60, interop::SessionChartDocument(chart)}),
                 "session");
        if (safety && s == 1 && i % 10 == 0) {
          Must(tx->Safety().CreateAdverseEvent({patient, "pih", "mild", "2027-01-10", session, chart.cartridge_lot,
                                                std::nullopt, "Sun protection", "ongoing", "", "", doctor.id,
                                                starts + hours(72)}),
               "adverse event");
        }
        Must(scheduling.CloseAppointment(appointment, "completed", starts + minutes(45)), "complete");
        for (int day : {1, 3}) {
          Must(tx->Recovery().CreateCheckIn(
                   {patient, doctor.id, starts + hours(24) * day, day, 1, 1, 1, "", "Aqua", true, false}),
               "check-in");
        }
      }
    }
    Must(tx->Commit(), "commit");
  }
  const double seeded = std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_started).count();

  std::map<std::string, std::ofstream> files;
  int64_t resources = 0;
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = CpuSeconds();
  const int64_t exported = Must(
      records.ExportClinicFhir({std::nullopt, "bench"},
                               [&](const std::vector<interop::fhir::Resource>& batch) -> Result<void> {
                                 for (const auto& r : batch) {
                                   auto f = files.find(r.type);
                                   if (f == files.end()) {
                                     f = files.emplace(r.type, std::ofstream(out + "/" + r.type + ".ndjson")).first;
                                   }
                                   f->second << r.json << '\n';
                                   ++resources;
                                 }
                                 return {};
                               }),
      "export");
  for (auto& [type, f] : files) f.flush();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double cpu = CpuSeconds() - cpu_started;
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out)) bytes += entry.file_size();
  std::printf("seeded %d patients with full courses in %.1f s\n", patients, seeded);
  std::printf("exported %lld patients, %lld resources, %.1f MB of NDJSON in %.2f s (%.0f patients/s), %.2f s of CPU\n",
              static_cast<long long>(exported), static_cast<long long>(resources), static_cast<double>(bytes) / 1e6,
              took, static_cast<double>(exported) / took, cpu);
  return took < 10.0 ? 0 : 1;
}

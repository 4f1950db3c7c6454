// The exports of the demo clinic - every patient's FHIR Bundle, the whole clinic as FHIR Bulk
// Data resources, the CSV lists - and the patient import from CSV. With SCARWISE_FHIR_OUT set, the Bundles and NDJSON
// files are written there for the validation against the official definitions (tests/interop/validate_fhir.sh).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/demo_clinic.hpp"
#include "service/records_service.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class FixedClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override {
    return std::chrono::sys_seconds(std::chrono::seconds(1'795'000'000));
  }
};

class FhirExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("scarwise-fhir-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = storage::OpenStore("sqlite:" + (dir_ / "demo.db").string(), storage::testing::TestStoreOptions());
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::make_unique<AccountsService>(*store_, clock_);
    records_ = std::make_unique<RecordsService>(accounts_->access(), scarwise::testing::FullDefaultProtocol(), clock_);
    consent_ = std::make_unique<ConsentService>(accounts_->access(), scarwise::testing::FullDefaultProtocol());
    auto logins = SeedDemoClinic(*accounts_, *records_, *consent_);
    ASSERT_TRUE(logins) << logins.error().ToString();
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    ASSERT_TRUE(tx);
    for (const DemoLogin& login : *logins) {
      if (login.role != "admin") continue;
      auto admin = (*tx)->Accounts().FindUserByEmail(login.email);
      ASSERT_TRUE(admin);
      admin_id_ = admin->id;
    }
    storage::PatientQuery query;
    query.limit = 1000;
    auto page = (*tx)->Patients().List(query);
    ASSERT_TRUE(page);
    for (const auto& p : page->items) patients_.push_back(p.id);
  }
  void TearDown() override {
    records_.reset();
    accounts_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  Request Admin() const { return {Actor{admin_id_, Role::kAdmin, std::nullopt}, "t"}; }

  fs::path dir_;
  FixedClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AccountsService> accounts_;
  std::unique_ptr<RecordsService> records_;
  std::unique_ptr<ConsentService> consent_;
  int64_t admin_id_ = 0;
  std::vector<int64_t> patients_;
};

const char* OutDir() {
  return std::getenv("SCARWISE_FHIR_OUT");
}

TEST_F(FhirExportTest, EveryDemoPatientLeavesAsABundleWhoseReferencesResolve) {
  ASSERT_EQ(patients_.size(), 20u);
  std::map<std::string, int> kinds;
  for (int64_t id : patients_) {
    auto bundle = records_->FhirBundle(Admin(), id);
    ASSERT_TRUE(bundle) << bundle.error().ToString();
    if (OutDir()) std::ofstream(fs::path(OutDir()) / ("demo-patient-" + std::to_string(id) + ".json")) << *bundle;
    const json doc = json::parse(*bundle);
    EXPECT_EQ(doc["resourceType"], "Bundle");
    EXPECT_EQ(doc["type"], "collection");
    std::set<std::string> urls;
    for (const json& entry : doc["entry"]) urls.insert(entry["fullUrl"].get<std::string>());
    EXPECT_EQ(urls.size(), doc["entry"].size()) << "one fullUrl per entry";
    int patients = 0;
    for (const json& entry : doc["entry"]) {
      const json& resource = entry["resource"];
      ++kinds[resource["resourceType"].get<std::string>()];
      if (resource["resourceType"] == "Patient") {
        ++patients;
        EXPECT_EQ(resource["id"], std::to_string(id));
      }
      for (const char* field : {"subject", "author", "recorder"}) {
        if (resource.contains(field) && resource[field].contains("reference")) {
          EXPECT_EQ(urls.count(resource[field]["reference"].get<std::string>()), 1u) << resource.dump();
        }
      }
    }
    EXPECT_EQ(patients, 1);
  }
  // The demo clinic's stages: registered, assessed, screened, planned, approved, booked.
  for (const char* kind : {"Observation", "Condition", "QuestionnaireResponse", "Questionnaire", "CarePlan",
                           "Appointment", "Provenance", "Practitioner", "Location", "Device"}) {
    EXPECT_GT(kinds[kind], 0) << kind;
  }
}

TEST_F(FhirExportTest, TheWholeClinicLeavesAsBulkDataWithEachSharedResourceOnce) {
  std::map<std::string, std::vector<std::string>> lines;  // type -> NDJSON lines
  std::vector<std::pair<int64_t, int64_t>> progress;
  auto exported = records_->ExportClinicFhir(
      {std::nullopt, "cli"},
      [&](const std::vector<interop::fhir::Resource>& resources) -> Result<void> {
        for (const auto& r : resources) lines[r.type].push_back(r.json);
        return {};
      },
      [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(exported) << exported.error().ToString();
  EXPECT_EQ(*exported, 20);
  ASSERT_EQ(progress.size(), 20u);
  EXPECT_EQ(progress.back(), std::make_pair(int64_t{20}, int64_t{20}));
  EXPECT_EQ(lines["Patient"].size(), 20u);
  EXPECT_EQ(lines["Questionnaire"].size(), 1u);
  std::set<std::string> ids;
  for (const auto& [type, of_type] : lines) {
    for (const std::string& line : of_type) {
      const json resource = json::parse(line);
      EXPECT_TRUE(ids.insert(type + "/" + resource["id"].get<std::string>()).second) << type << resource["id"];
      EXPECT_EQ(line.find('\n'), std::string::npos);
    }
  }
  if (OutDir()) {
    for (const auto& [type, of_type] : lines) {
      std::ofstream out(fs::path(OutDir()) / ("demo-clinic-" + type + ".ndjson"));
      for (const std::string& line : of_type) out << line << "\n";
    }
  }
  // A staff member may export the clinic only as an admin or a clinician.
  auto coordinator =
      accounts_->CreateStaffUser({std::nullopt, "t"}, {"desk@x.test", "Desk", "coordinator", "desk password 1"});
  ASSERT_TRUE(coordinator);
  auto refused = records_->ExportClinicFhir({Actor{coordinator->id, Role::kCoordinator, std::nullopt}, "t"},
                                            [](const auto&) -> Result<void> { return {}; });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
}

using CsvExchangeTest = FhirExportTest;

// A patients file of `rows` valid rows (distinct names and e-mails).
std::string PatientsFile(int rows) {
  std::string text = "given_name,family_name,birth_date,sex,email,phone,fitzpatrick\r\n";
  for (int i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    text += "Given" + n + ",Family" + n + ",1980-01-" + (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) +
            ",female,p" + n + "@import.test,+31 20 555 " + n + "," + std::to_string(1 + i % 6) + "\r\n";
  }
  return text;
}

// Replaces line `line` (1 = the header) of `text`.
std::string WithLine(const std::string& text, int line, const std::string& replacement) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find("\r\n", start) + 2;
  const size_t end = text.find("\r\n", start);
  return text.substr(0, start) + replacement + text.substr(end);
}

TEST_F(CsvExchangeTest, TenThousandRowsWithThreeBadOnesAreReportedByLineAndImportedOnlyWhenChosen) {
  std::string file = PatientsFile(10000);
  file = WithLine(file, 18, "Bad,Date,1980-02-30,female,bad18@import.test,,2");
  file = WithLine(file, 5002, "Bad,Type,1980-02-01,female,bad5002@import.test,,7");
  file = WithLine(file, 9999, ",NoName,1980-02-01,female,bad9999@import.test,,2");
  auto dry = records_->ImportPatients(Admin(), file, RecordsService::ImportMode::kDryRun);
  ASSERT_TRUE(dry) << dry.error().ToString();
  EXPECT_EQ(dry->rows, 10000);
  EXPECT_EQ(dry->valid, 9997);
  ASSERT_EQ(dry->problems.size(), 3u);
  EXPECT_EQ(dry->problems[0].line, 18);
  EXPECT_EQ(dry->problems[0].column, "birth_date");
  EXPECT_EQ(dry->problems[1].line, 5002);
  EXPECT_EQ(dry->problems[1].column, "fitzpatrick");
  EXPECT_EQ(dry->problems[2].line, 9999);
  EXPECT_EQ(dry->problems[2].column, "given_name");
  EXPECT_FALSE(dry->written);
  // Not every row is valid: nothing is written unless the admin chooses the valid rows.
  auto refused = records_->ImportPatients(Admin(), file, RecordsService::ImportMode::kAllValid);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->written);
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  ASSERT_TRUE(tx);
  storage::PatientQuery all;
  all.limit = 1000;
  EXPECT_EQ((*tx)->Patients().List(all)->items.size(), 20u);
  tx->reset();
  auto imported = records_->ImportPatients(Admin(), file, RecordsService::ImportMode::kValidRows);
  ASSERT_TRUE(imported) << imported.error().ToString();
  EXPECT_TRUE(imported->written);
  EXPECT_EQ(imported->created.size(), 9997u);
  // Imported again: every row is a duplicate now, and none is created twice.
  auto again = records_->ImportPatients(Admin(), file, RecordsService::ImportMode::kValidRows);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->duplicates.size(), 9997u);
  EXPECT_TRUE(again->created.empty());
  // Every patient created is audited.
  auto audit = records_->ReadAudit(Admin(), {.after_seq = 0,
                                             .limit = 1000,
                                             .actor_user_id = admin_id_,
                                             .entity = "patient",
                                             .entity_id = imported->created.front()});
  ASSERT_TRUE(audit);
  bool audited = false;
  for (const auto& e : audit->items) audited = audited || e.action == "patient.import";
  EXPECT_TRUE(audited);
}

TEST_F(CsvExchangeTest, DuplicatesByNameAndBirthDateOrByEmailAreReportedNotCreated) {
  const std::string file =
      "given_name,family_name,birth_date,sex,email,phone,fitzpatrick\n"
      "Ann,Smith,1970-05-05,female,ann@a.test,,2\n"
      "ANN,smith,1970-05-05,female,other@a.test,,2\n"
      "Bob,Jones,1971-06-06,male,ANN@a.test,,3\n"
      "Cy,Young,1972-07-07,male,,,4\n";
  auto report = records_->ImportPatients(Admin(), file, RecordsService::ImportMode::kAllValid);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->written);
  EXPECT_EQ(report->created.size(), 2u);
  ASSERT_EQ(report->duplicates.size(), 2u);
  EXPECT_EQ(report->duplicates[0].line, 3);
  EXPECT_EQ(report->duplicates[0].reason, "same name and birth date as line 2");
  EXPECT_EQ(report->duplicates[1].line, 4);
  EXPECT_EQ(report->duplicates[1].reason, "same e-mail as line 2");
  auto clinician = accounts_->CreateStaffUser({std::nullopt, "t"}, {"c@x.test", "C", "clinician", "clinician pw 12"});
  ASSERT_TRUE(clinician);
  auto refused = records_->ImportPatients({Actor{clinician->id, Role::kClinician, std::nullopt}, "t"}, file,
                                          RecordsService::ImportMode::kDryRun);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(CsvExchangeTest, ListsLeaveAsCsvWithFormulasNeutralised) {
  auto patient = records_->CreatePatient(
      Admin(), {"=HYPERLINK(\"x\")", "O'Brien, Jr", *ParseDate("1990-01-01", "d"), domain::Sex::kMale, "", "", 2});
  ASSERT_TRUE(patient) << patient.error().ToString();
  auto csv = records_->PatientsCsv(Admin());
  ASSERT_TRUE(csv) << csv.error().ToString();
  EXPECT_EQ(csv->rfind("id,given_name,family_name,birth_date,sex,email,phone,fitzpatrick,created_at,updated_at\r\n", 0),
            0u);
  EXPECT_NE(csv->find(std::to_string(patient->id) + ",\"'=HYPERLINK(\"\"x\"\")\",\"O'Brien, Jr\",1990-01-01,male"),
            std::string::npos)
      << *csv;
  EXPECT_EQ(std::count(csv->begin(), csv->end(), '\n'), 22) << "header + 21 patients";
  // The export reads back as an import file: every patient is a duplicate.
  auto back = records_->ImportPatients(Admin(), *csv, RecordsService::ImportMode::kDryRun);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_TRUE(back->problems.empty());
  EXPECT_EQ(back->duplicates.size(), 21u);

  const auto from = storage::Instant(*ParseDate("2020-01-01", "d"));
  const auto to = storage::Instant(*ParseDate("2030-01-01", "d"));
  auto appointments = records_->AppointmentsCsv(Admin(), from, to);
  ASSERT_TRUE(appointments) << appointments.error().ToString();
  EXPECT_EQ(appointments->rfind("id,patient_id,patient,plan_id,session_number,starts_at,ends_at,status,", 0), 0u);
  EXPECT_GT(std::count(appointments->begin(), appointments->end(), '\n'), 1) << "the demo's booked series";
  auto sessions = records_->SessionsCsv(Admin(), from, to);
  ASSERT_TRUE(sessions);
  EXPECT_EQ(sessions->rfind("id,patient_id,patient,plan_id,session_number,started_at,ended_at,device,", 0), 0u);
  auto audit = records_->AuditCsv(Admin());
  ASSERT_TRUE(audit);
  EXPECT_NE(audit->find(",patient.create,patient,"), std::string::npos);
  auto clinician = accounts_->CreateStaffUser({std::nullopt, "t"}, {"c@x.test", "C", "clinician", "clinician pw 12"});
  ASSERT_TRUE(clinician);
  const Request doctor{Actor{clinician->id, Role::kClinician, std::nullopt}, "t"};
  EXPECT_TRUE(records_->PatientsCsv(doctor));
  EXPECT_EQ(records_->AuditCsv(doctor).error().code, ErrorCode::kPermissionDenied) << "the audit log: admin only";
}
}  // namespace
}  // namespace scarwise::service

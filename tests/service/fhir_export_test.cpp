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

#include "common/base64.hpp"
#include "interop/json/progress_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/demo_clinic.hpp"
#include "service/records_service.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_dir.hpp"
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
    dir_ = scarwise::testing::TestDirectory("fhir");
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

  // What the demo does not record: an adverse event after a charted session, a photograph,
  // and a withdrawn consent (of the first patient with a charted session). Its id.
  int64_t AddSafetyPhotoAndWithdrawal() {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx);
    if (!tx) return 0;
    storage::Id patient = 0;
    std::optional<storage::Id> session;
    for (int64_t id : patients_) {
      auto sessions = (*tx)->SessionDay().ListSessions(id);
      EXPECT_TRUE(sessions);
      if (sessions && !sessions->empty()) {
        patient = id;
        session = sessions->front().id;
        break;
      }
    }
    if (patient == 0) patient = patients_.front();
    const auto at = clock_.Now();
    EXPECT_TRUE((*tx)->Safety().CreateAdverseEvent({patient, "infection", "moderate", "2026-11-20", session, "LOT-1",
                                                    std::nullopt, "Oral antibiotics", "resolved_with_sequelae",
                                                    "2026-11-30", "=cmd|' /C calc'!A0", admin_id_, at}));
    EXPECT_TRUE((*tx)->Safety().CreateAdverseEvent(
        {patient, "pih", "mild", "", std::nullopt, "", std::nullopt, "", "ongoing", "", "", admin_id_, at}));
    EXPECT_TRUE((*tx)->Photos().Create({patient, "frontal", 0, "photos_record", "", "image/jpeg", std::string(64, 'a'),
                                        1200, 1600, 3, "{}", admin_id_, at},
                                       {{"original", "abc"}}));
    // A re-assessment after the first session, with the ECCA score and the patient's ratings.
    const domain::Protocol& protocol = scarwise::testing::FullDefaultProtocol();
    const auto plans = (*tx)->Plans().List(patient);
    EXPECT_TRUE(plans);
    for (const auto& plan : *plans) {
      if (plan.status != storage::PlanStatus::kApproved) continue;
      auto baseline = (*tx)->Evaluations().FindAssessment(plan.assessment_id);
      EXPECT_TRUE(baseline);
      auto assessment = interop::ScarAssessmentFromDocument(baseline->input_json);
      EXPECT_TRUE(assessment);
      domain::Reassessment r{domain::ReassessmentVisit::kSession, 1, *assessment, std::nullopt, 6, 8};
      r.ecca = std::vector<int>(protocol.planning.outcome.ecca.items.size(), 1);
      const interop::ReassessmentScores scores{20, 3, 35, 12.5};
      EXPECT_TRUE(
          (*tx)->Progress().CreateReassessment({patient, plan.id, admin_id_, at, "session", 1,
                                                interop::ReassessmentInputDocument(r, protocol.planning.outcome.ecca),
                                                interop::ReassessmentScoresDocument(scores)}));
    }
    auto withdrawn = (*tx)->Consents().Withdraw(patient, "photos_record", admin_id_, at);
    EXPECT_TRUE(withdrawn);
    EXPECT_TRUE((*tx)->Commit());
    return patient;
  }

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

// The records issue 19 and 22 added: adverse events, consents, photographs, the precautions
// recorded for a plan; read back from the Bundle as recorded.
TEST_F(FhirExportTest, AdverseEventsConsentsPhotosAndRecordedPrecautionsLeaveAsRecorded) {
  const int64_t id = AddSafetyPhotoAndWithdrawal();
  auto bundle = records_->FhirBundle(Admin(), id);
  ASSERT_TRUE(bundle) << bundle.error().ToString();
  if (OutDir()) std::ofstream(fs::path(OutDir()) / "demo-safety-photo-consent.json") << *bundle;
  const json doc = json::parse(*bundle);
  std::map<std::string, std::string> urls;  // fullUrl -> "Type/id"
  std::map<std::string, std::vector<json>> by_type;
  for (const json& entry : doc["entry"]) {
    const json& r = entry["resource"];
    urls[entry["fullUrl"].get<std::string>()] = r["resourceType"].get<std::string>() + "/" + r["id"].get<std::string>();
    by_type[r["resourceType"].get<std::string>()].push_back(r);
  }
  const auto extension = [](const json& resource, const std::string& name) -> json {
    for (const json& e : resource.value("extension", json::array())) {
      if (e["url"] == name || e["url"] == "https://scarwise.org/fhir/StructureDefinition/" + name) return e;
    }
    return json();
  };
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  ASSERT_TRUE(tx);

  // Adverse events: kind (the protocol's label), severity, outcome, the suspected session.
  auto events = (*tx)->Safety().ListAdverseEvents(id, 100, 0);
  ASSERT_TRUE(events);
  ASSERT_EQ(by_type["AdverseEvent"].size(), events->size());
  ASSERT_EQ(events->size(), 2u);
  const json& infection = by_type["AdverseEvent"][0];
  const storage::NewAdverseEvent& recorded = events->back().event;  // the older one
  EXPECT_EQ(infection["actuality"], "actual");
  EXPECT_EQ(infection["event"]["coding"][0]["code"], recorded.type);
  EXPECT_EQ(infection["event"]["text"],
            scarwise::testing::FullDefaultProtocol().recovery.FindAdverseEventType("infection")->label);
  EXPECT_EQ(infection["severity"]["coding"][0]["code"], "moderate");
  EXPECT_EQ(infection["outcome"]["coding"][0]["code"], "resolvedWithSequelae");
  EXPECT_EQ(infection["date"], recorded.onset_on);
  EXPECT_EQ(extension(infection, "adverse-event-treatment")["valueString"], recorded.treatment);
  EXPECT_EQ(extension(infection, "resolved-on")["valueDate"], recorded.resolved_on);
  EXPECT_EQ(extension(infection, "cartridge-lot")["valueString"], recorded.lot);
  ASSERT_TRUE(recorded.session_id);
  EXPECT_EQ(urls[infection["suspectEntity"][0]["instance"]["reference"].get<std::string>()],
            "Procedure/session-" + std::to_string(*recorded.session_id));
  EXPECT_EQ(by_type["AdverseEvent"][1]["outcome"]["coding"][0]["code"], "ongoing");
  EXPECT_FALSE(by_type["AdverseEvent"][1].contains("date")) << "onset not known";

  // Consents: each signed one with the words shown; the withdrawn one inactive.
  auto consents = (*tx)->Consents().List(id);
  ASSERT_TRUE(consents);
  ASSERT_EQ(by_type["Consent"].size(), consents->size());
  ASSERT_FALSE(consents->empty());
  int withdrawn = 0;
  for (const json& c : by_type["Consent"]) {
    const std::string consent_id = c["id"].get<std::string>();
    const auto record = std::find_if(consents->begin(), consents->end(),
                                     [&](const auto& r) { return "consent-" + std::to_string(r.id) == consent_id; });
    ASSERT_NE(record, consents->end()) << consent_id;
    EXPECT_EQ(c["category"][0]["coding"][0]["code"], record->consent.purpose);
    EXPECT_EQ(*Base64Decode(c["sourceAttachment"]["data"].get<std::string>()), record->consent.shown_text);
    EXPECT_EQ(extension(c, "text-sha256")["valueString"], record->consent.text_sha256);
    EXPECT_EQ(c["status"], record->withdrawn_at ? "inactive" : "active");
    EXPECT_EQ(urls[c["patient"]["reference"].get<std::string>()], "Patient/" + std::to_string(id));
    if (record->withdrawn_at) ++withdrawn;
  }
  EXPECT_EQ(withdrawn, 1);

  // The photograph's record (its bytes stay in Scarwise).
  ASSERT_EQ(by_type["Media"].size(), 1u);
  const json& media = by_type["Media"][0];
  EXPECT_EQ(media["view"]["coding"][0]["code"], "frontal");
  EXPECT_EQ(media["width"], 1200);
  EXPECT_EQ(media["height"], 1600);
  EXPECT_EQ(media["content"]["contentType"], "image/jpeg");
  EXPECT_EQ(extension(media, "sha256")["valueString"], std::string(64, 'a'));
  EXPECT_EQ(extension(media, "visit")["valueInteger"], 0);

  // The re-assessment: its scores, the ECCA score, the patient's ratings, on the plan.
  auto reassessments = (*tx)->Progress().ListReassessments(id);
  ASSERT_TRUE(reassessments);
  ASSERT_FALSE(reassessments->empty());  // the demo's own (Ada after session 1), then this test's
  std::map<std::string, json> observations;
  for (const json& o : by_type["Observation"]) observations[o["id"].get<std::string>()] = o;
  const std::string r = "reassessment-" + std::to_string(reassessments->back().id);
  ASSERT_TRUE(observations.count(r + "-quantitative"));
  EXPECT_EQ(observations[r + "-quantitative"]["valueInteger"], 20);
  EXPECT_EQ(observations[r + "-quantitative"]["component"][0]["valueQuantity"]["value"], 12.5);
  EXPECT_EQ(observations[r + "-qualitative"]["valueInteger"], 3);
  EXPECT_EQ(observations[r + "-ecca"]["valueInteger"], 35);
  EXPECT_EQ(observations[r + "-patient-rating"]["component"].size(), 2u);
  EXPECT_EQ(urls[observations[r + "-ecca"]["basedOn"][0]["reference"].get<std::string>()],
            "CarePlan/plan-" + std::to_string(reassessments->front().reassessment.plan_id));

  // The precautions recorded for the plan, field by field.
  auto plans = (*tx)->Plans().List(id);
  ASSERT_TRUE(plans);
  size_t precautions = 0;
  for (const auto& plan : *plans) {
    auto recorded_precautions = (*tx)->Safety().ListPrecautions(plan.id);
    ASSERT_TRUE(recorded_precautions);
    precautions += recorded_precautions->size();
  }
  size_t exported = 0;
  for (const json& plan : by_type["CarePlan"]) {
    for (const json& e : plan.value("extension", json::array())) {
      if (e["url"] != "https://scarwise.org/fhir/StructureDefinition/recorded-precaution") continue;
      ++exported;
      EXPECT_FALSE(extension(e, "code").is_null());
      EXPECT_FALSE(extension(e, "by").is_null());
      EXPECT_FALSE(extension(e, "field").is_null());
    }
  }
  EXPECT_EQ(exported, precautions);
}

// Every demo patient with recorded precautions shows them in the CarePlan.
TEST_F(FhirExportTest, TheDemoClinicsRecordedPrecautionsAreInItsCarePlans) {
  size_t recorded = 0, exported = 0;
  for (int64_t id : patients_) {
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    ASSERT_TRUE(tx);
    const auto plans = (*tx)->Plans().List(id);
    ASSERT_TRUE(plans);
    for (const auto& plan : *plans) recorded += (*tx)->Safety().ListPrecautions(plan.id)->size();
    tx->reset();
    auto bundle = records_->FhirBundle(Admin(), id);
    ASSERT_TRUE(bundle);
    size_t at = 0;
    while ((at = bundle->find("StructureDefinition/recorded-precaution\"", at)) != std::string::npos) {
      ++exported;
      ++at;
    }
  }
  EXPECT_GT(recorded, 0u) << "the demo records the precautions of its approved plans";
  EXPECT_EQ(exported, recorded);
}

TEST_F(FhirExportTest, TheWholeClinicLeavesAsBulkDataWithEachSharedResourceOnce) {
  AddSafetyPhotoAndWithdrawal();
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
  EXPECT_EQ(lines["AdverseEvent"].size(), 2u);
  EXPECT_EQ(lines["Media"].size(), 1u);
  EXPECT_FALSE(lines["Consent"].empty());
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

  // The adverse-event register, oldest first, with the protocol's label; a note that looks
  // like a formula neutralised.
  const int64_t harmed = AddSafetyPhotoAndWithdrawal();
  auto events = records_->AdverseEventsCsv(Admin());
  ASSERT_TRUE(events) << events.error().ToString();
  EXPECT_EQ(events->rfind("id,patient_id,patient,type,type_label,severity,onset_on,session_id,lot,treatment,outcome,"
                          "resolved_on,notes,recorded_by,recorded_at,updated_at\r\n",
                          0),
            0u)
      << *events;
  EXPECT_EQ(std::count(events->begin(), events->end(), '\n'), 3) << "header + 2 events";
  const std::string infection_label =
      scarwise::testing::FullDefaultProtocol().recovery.FindAdverseEventType("infection")->label;
  EXPECT_LT(events->find("," + std::to_string(harmed) + ","), events->find(",pih,")) << "oldest first";
  EXPECT_NE(events->find(",infection," + infection_label + ",moderate,2026-11-20,"), std::string::npos) << *events;
  EXPECT_NE(events->find(",'=cmd|' /C calc'!A0,"), std::string::npos) << *events;

  // One row per course (each approved plan): baseline, sessions charted, adverse events.
  auto outcomes = records_->OutcomesCsv(Admin());
  ASSERT_TRUE(outcomes) << outcomes.error().ToString();
  EXPECT_EQ(outcomes->rfind("patient_id,patient,plan_id,sessions_planned,sessions_charted,baseline_date,"
                            "baseline_quantitative,baseline_grade,reassessments,latest_reassessed_at,"
                            "latest_quantitative,latest_grade,latest_ecca,latest_improvement_pct,status,"
                            "adverse_events\r\n",
                            0),
            0u)
      << *outcomes;
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  ASSERT_TRUE(tx);
  size_t courses = 0;
  for (int64_t id : patients_) {
    const auto plans = (*tx)->Plans().List(id);
    ASSERT_TRUE(plans);
    for (const auto& plan : *plans) {
      if (plan.status == storage::PlanStatus::kApproved) {
        ++courses;
        break;
      }
    }
  }
  tx->reset();
  EXPECT_GT(courses, 0u);
  EXPECT_EQ(static_cast<size_t>(std::count(outcomes->begin(), outcomes->end(), '\n')), courses + 1) << *outcomes;
  std::string harmed_row = outcomes->substr(outcomes->find("\n" + std::to_string(harmed) + ",") + 1);
  harmed_row = harmed_row.substr(0, harmed_row.find("\r\n"));
  EXPECT_EQ(harmed_row.substr(harmed_row.rfind(',') + 1), "2") << harmed_row;
  auto clinician = accounts_->CreateStaffUser({std::nullopt, "t"}, {"c@x.test", "C", "clinician", "clinician pw 12"});
  ASSERT_TRUE(clinician);
  const Request doctor{Actor{clinician->id, Role::kClinician, std::nullopt}, "t"};
  EXPECT_TRUE(records_->PatientsCsv(doctor));
  EXPECT_EQ(records_->AuditCsv(doctor).error().code, ErrorCode::kPermissionDenied) << "the audit log: admin only";
  EXPECT_TRUE(records_->AdverseEventsCsv(doctor));
  EXPECT_TRUE(records_->OutcomesCsv(doctor));
  auto desk = accounts_->CreateStaffUser({std::nullopt, "t"}, {"d@x.test", "D", "coordinator", "coordinator pw 12"});
  ASSERT_TRUE(desk);
  const Request front_desk{Actor{desk->id, Role::kCoordinator, std::nullopt}, "t"};
  EXPECT_EQ(records_->AdverseEventsCsv(front_desk).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(records_->OutcomesCsv(front_desk).error().code, ErrorCode::kPermissionDenied);
}
}  // namespace
}  // namespace scarwise::service

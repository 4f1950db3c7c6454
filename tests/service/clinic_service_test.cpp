// The records use cases on a real SQLite database: sign-in, patient records with history
// and optimistic concurrency, the clinical flow to an approved plan, patient isolation,
// the audit trail, and "nothing half-done" under injected storage faults.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <gtest/gtest.h>

#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/credentials.hpp"
#include "service/outbox.hpp"
#include "service/records_service.hpp"
#include "service/scheduling_service.hpp"
#include "service/session_day_service.hpp"
#include "storage/testing/faulty_store.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_dir.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::service {
namespace {

namespace fs = std::filesystem;

class FakeClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override { return now; }
  std::chrono::sys_seconds now{std::chrono::seconds(1'795'000'000)};  // 2026-11-19
};

const domain::Protocol& DefaultProtocol() {
  return scarwise::testing::ClinicalProtocol();
}

domain::PatientDetails Patient(const char* given, const char* email = "") {
  return {given, "Testperson", *ParseDate("1994-03-17", "d"), domain::Sex::kFemale, email, "", 3};
}

domain::ScarAssessment Assessment(int grade, std::array<int, 6> counts) {
  domain::ScarAssessment a;
  a.date = *ParseDate("2026-11-19", "d");
  a.qualitative_grade = grade;
  a.zones.push_back({domain::FacialZone::kCheekRight, counts, 0});
  return a;
}

class ClinicServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scarwise::testing::TestDirectory("service");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = storage::OpenStore("sqlite:" + (dir_ / "test.db").string(), storage::testing::TestStoreOptions());
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::make_unique<AccountsService>(*store_, clock_);
    records_ = std::make_unique<RecordsService>(accounts_->access(), DefaultProtocol(), clock_);
    auto admin =
        accounts_->CreateStaffUser({std::nullopt, "t"}, {"admin@x.test", "Admin", "admin", "admin password 1"});
    ASSERT_TRUE(admin) << admin.error().ToString();
    admin_ = Actor{admin->id, Role::kAdmin, std::nullopt};
    auto doc = accounts_->CreateStaffUser({admin_, "t"}, {"doc@x.test", "Doc", "clinician", "clinician pass 1"});
    ASSERT_TRUE(doc) << doc.error().ToString();
    doctor_ = Actor{doc->id, Role::kClinician, std::nullopt};
    auto desk = accounts_->CreateStaffUser({admin_, "t"}, {"desk@x.test", "Desk", "coordinator", "coordinator pass"});
    ASSERT_TRUE(desk);
    desk_ = Actor{desk->id, Role::kCoordinator, std::nullopt};
  }
  void TearDown() override {
    records_.reset();
    accounts_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Request As(const Actor& actor) const { return {actor, "req-1"}; }

  // Opens a patient's portal account as the clinic and the patient do: the coordinator
  // invites, the patient chooses the password from the link in the mail.
  void OpenPortal(storage::Id patient_id, const std::string& email, const std::string& password) {
    auto invitation = accounts_->InvitePatient(As(desk_), patient_id, email);
    ASSERT_TRUE(invitation) << invitation.error().ToString();
    auto accepted = accounts_->AcceptInvitation(invitation->token, password, "r");
    ASSERT_TRUE(accepted) << accepted.error().ToString();
  }
  // The mails queued to `email`, newest first.
  std::vector<storage::OutboxRecord> MailsTo(const std::string& email) {
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    EXPECT_TRUE(tx);
    std::vector<storage::OutboxRecord> out;
    auto messages = (*tx)->Outbox().List(std::nullopt, 1000, 0);
    for (auto& m : *messages) {
      if (m.message.recipient == email) out.push_back(std::move(m));
    }
    return out;
  }

  // Counts rows of each kind that a use case may write.
  struct Counts {
    size_t patients = 0;
    int64_t audit = 0;
    size_t history = 0;
    size_t plans = 0;
  };
  Counts Count(storage::Id patient_id = 1) {
    Counts c;
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    EXPECT_TRUE(tx);
    c.patients = (*tx)->Patients().List({"", 1000, ""})->items.size();
    c.audit = (*tx)->AuditLog().Verify()->entries_checked;
    c.history = (*tx)->History().List("patient", patient_id)->size();
    c.plans = (*tx)->Plans().List(patient_id)->size();
    return c;
  }

  fs::path dir_;
  FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AccountsService> accounts_;
  std::unique_ptr<RecordsService> records_;
  Actor admin_, doctor_, desk_;
};

TEST_F(ClinicServiceTest, SignInWithTheRightPasswordOnly) {
  auto signed_in = accounts_->Login("DOC@x.test", "clinician pass 1", "r1");
  ASSERT_TRUE(signed_in) << signed_in.error().ToString();
  auto actor = accounts_->Authenticate(signed_in->token);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->role, Role::kClinician);
  EXPECT_EQ(accounts_->Login("doc@x.test", "wrong password!", "r2").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Login("nobody@x.test", "clinician pass 1", "r3").error().code, ErrorCode::kUnauthenticated);
  ASSERT_TRUE(accounts_->Logout(signed_in->token, "r4"));
  EXPECT_EQ(accounts_->Authenticate(signed_in->token).error().code, ErrorCode::kUnauthenticated);
}

// Sign-in is no oracle of which e-mail addresses have accounts: an unknown address gets the
// answer a known one with a wrong password gets, after the same argon2id work (counted, not
// timed: one verification each, and no extra hash on the unknown path, not even the first).
TEST_F(ClinicServiceTest, SignInAnswersAnUnknownAddressLikeAKnownOneAfterTheSameWork) {
  AccountsService fresh(*store_, clock_);
  ASSERT_TRUE(fresh.SetUserDisabled(As(admin_), desk_.user_id, true));
  const struct {
    const char* name;
    const char* email;
    const char* password;
  } rows[] = {
      {"unknown address", "nobody@x.test", "clinician pass 1"},
      {"known address, wrong password", "doc@x.test", "wrong password!"},
      {"another unknown address", "someone.else@x.test", "wrong password!"},
      {"disabled account, right password", "desk@x.test", "coordinator pass"},
  };
  std::optional<Error> first;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const PasswordWork before = PasswordWorkDone();
    auto refused = fresh.Login(row.email, row.password, "r");
    const PasswordWork after = PasswordWorkDone();
    ASSERT_FALSE(refused);
    EXPECT_EQ(after.verifications - before.verifications, 1u) << "one argon2id verification";
    EXPECT_EQ(after.hashes - before.hashes, 0u) << "no hash computed on the way";
    if (!first) first = refused.error();
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(refused.error().message, first->message);
    EXPECT_EQ(refused.error().field, first->field);
  }
  EXPECT_EQ(first->message, "wrong email or password");
}

TEST_F(ClinicServiceTest, SessionsExpire) {
  auto signed_in = accounts_->Login("doc@x.test", "clinician pass 1", "r1");
  ASSERT_TRUE(signed_in);
  clock_.now += std::chrono::hours(13);
  EXPECT_EQ(accounts_->Authenticate(signed_in->token).error().code, ErrorCode::kUnauthenticated);
}

// Security issue 17, item 5: five wrong passwords used to lock an account for 15 minutes from
// anywhere, so anyone could lock the clinic out. Now only the (account, address) pair that
// failed waits, and only for a while.
TEST_F(ClinicServiceTest, FailedSignInsSlowDownOnlyTheAddressTheyCameFrom) {
  const std::string attacker = "203.0.113.7";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts_->Login("doc@x.test", "guess number " + std::to_string(i), "r", attacker).error().code,
              ErrorCode::kUnauthenticated);
    clock_.now += std::chrono::minutes(1);
  }
  clock_.now -= std::chrono::minutes(1);  // right after the fifth failure
  const auto throttled = accounts_->Login("doc@x.test", "clinician pass 1", "r", attacker);
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(throttled.error().retry_after_seconds, 4) << "1 s after the third failure, doubling: 4 s after the fifth";

  EXPECT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r", "198.51.100.1"))
      << "the clinician at the desk still signs in";
  EXPECT_TRUE(accounts_->Login("DOC@x.test", "clinician pass 1", "r", "")) << "so does one with no known address";

  // Another server on the same database throttles the pair alike: the state is in the database.
  AccountsService other_server(*store_, clock_);
  EXPECT_EQ(other_server.Login("doc@x.test", "clinician pass 1", "r", attacker).error().code,
            ErrorCode::kResourceExhausted);

  clock_.now += std::chrono::seconds(4);
  EXPECT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r", attacker)) << "the wait is over";
  EXPECT_FALSE(accounts_->Login("doc@x.test", "one more wrong guess", "r", attacker));
  EXPECT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r", attacker)) << "a success started afresh";
}

TEST_F(ClinicServiceTest, SignInDelaysDoubleFromOneSecondUpToACap) {
  EXPECT_EQ(accounts_->LoginDelay(2), std::chrono::seconds(0));
  EXPECT_EQ(accounts_->LoginDelay(3), std::chrono::seconds(1));
  EXPECT_EQ(accounts_->LoginDelay(4), std::chrono::seconds(2));
  EXPECT_EQ(accounts_->LoginDelay(6), std::chrono::seconds(8));
  EXPECT_EQ(accounts_->LoginDelay(13), std::chrono::minutes(15)) << "1024 s, capped";
  EXPECT_EQ(accounts_->LoginDelay(1'000'000), std::chrono::minutes(15));
}

TEST_F(ClinicServiceTest, ABurstOfThrottledSignInsIsAuditedOnce) {
  const std::string attacker = "203.0.113.7";
  for (int i = 0; i < 3; ++i)
    ASSERT_FALSE(accounts_->Login("doc@x.test", "wrong guess " + std::to_string(i), "r", attacker));
  const int64_t before = Count().audit;
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(accounts_->Login("doc@x.test", "wrong guess", "r", attacker).error().code, ErrorCode::kResourceExhausted);
  }
  EXPECT_EQ(Count().audit, before + 1) << "one entry for the burst, not one per attempt";
  clock_.now += std::chrono::seconds(1);
  ASSERT_EQ(accounts_->Login("doc@x.test", "wrong again", "r", attacker).error().code, ErrorCode::kUnauthenticated);
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(accounts_->Login("doc@x.test", "wrong guess", "r", attacker));
  EXPECT_EQ(Count().audit, before + 3) << "the failure, and one entry for the next burst";
}

TEST_F(ClinicServiceTest, HousekeepingForgetsQuietSignInFailures) {
  ASSERT_FALSE(accounts_->Login("doc@x.test", "wrong guess", "r", "203.0.113.7"));
  clock_.now += std::chrono::hours(25);
  auto forgotten = accounts_->ForgetExpired();
  ASSERT_TRUE(forgotten);
  EXPECT_EQ(forgotten->login_failures, 1);
}

TEST_F(ClinicServiceTest, StaffAccountsNeedAnAdminAndAValidRole) {
  EXPECT_EQ(accounts_->CreateStaffUser(As(doctor_), {"a@x.test", "A", "clinician", "long enough pw"}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->CreateStaffUser(As(admin_), {"a@x.test", "A", "patient", "long enough pw"}).error().field,
            "role");
  EXPECT_EQ(accounts_->CreateStaffUser(As(admin_), {"a@x.test", "A", "clinician", "short"}).error().field, "password");
  EXPECT_EQ(accounts_->CreateStaffUser(As(admin_), {"Doc@X.test", "A", "clinician", "long enough pw"}).error().code,
            ErrorCode::kAlreadyExists);
}

TEST_F(ClinicServiceTest, PatientUpdatesKeepHistoryAndRefuseStaleVersions) {
  auto created = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_EQ(created->version, 1);
  const auto set_phone = [](const domain::PatientDetails& d) -> Result<domain::PatientDetails> {
    auto out = d;
    out.phone = "+31 20 555 0100";
    return out;
  };
  auto updated = records_->UpdatePatient(As(doctor_), created->id, 1, set_phone);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  const auto stale = records_->UpdatePatient(As(desk_), created->id, 1, set_phone);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count(created->id).history, 2u);
}

TEST_F(ClinicServiceTest, IdempotentCreateReturnsTheSameRecord) {
  const IdempotencyKey key{"k-1", "/api/v1/patients", "{\"given_name\":\"Ada\"}"};
  auto first = records_->CreatePatient(As(desk_), Patient("Ada"), key);
  auto again = records_->CreatePatient(As(desk_), Patient("Ada"), key);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->id, again->id);
  EXPECT_EQ(Count().patients, 1u);
  const auto other = records_->CreatePatient(As(desk_), Patient("Bea"), IdempotencyKey{"k-1", "/api/v1/patients", "x"});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
}

TEST_F(ClinicServiceTest, ExpiredSessionsAndOldIdempotencyKeysAreForgotten) {
  const IdempotencyKey key{"k-1", "/api/v1/patients", "{\"given_name\":\"Ada\"}"};
  auto first = records_->CreatePatient(As(desk_), Patient("Ada"), key);
  ASSERT_TRUE(first);
  ASSERT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r1"));
  auto nothing_yet = accounts_->ForgetExpired();
  ASSERT_TRUE(nothing_yet) << nothing_yet.error().ToString();
  EXPECT_EQ(nothing_yet->sessions, 0);
  EXPECT_EQ(nothing_yet->idempotency_keys, 0);
  EXPECT_EQ(records_->CreatePatient(As(desk_), Patient("Ada"), key)->id, first->id) << "still a retry after 0 days";

  clock_.now += std::chrono::days(8);
  auto forgotten = accounts_->ForgetExpired();
  ASSERT_TRUE(forgotten) << forgotten.error().ToString();
  EXPECT_EQ(forgotten->sessions, 1) << "the 12-hour sign-in ended a week ago";
  EXPECT_EQ(forgotten->idempotency_keys, 1);
  auto later = records_->CreatePatient(As(desk_), Patient("Ada"), key);
  ASSERT_TRUE(later);
  EXPECT_NE(later->id, first->id) << "a week later the key is a new request's";
}

TEST_F(ClinicServiceTest, FromConsultationToApprovedPlan) {
  auto patient = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(patient);
  EXPECT_EQ(records_->RecordScreening(As(doctor_), patient->id, {}).error().code, ErrorCode::kConflict)
      << "the assessment comes first";
  auto assessment = records_->RecordAssessment(As(doctor_), patient->id, Assessment(3, {0, 2, 4, 1, 6, 0}));
  ASSERT_TRUE(assessment) << assessment.error().ToString();
  EXPECT_EQ(assessment->score.total, 2 + 3);  // 10 B scars (2 x1) + 3 C scars (3 x1)
  domain::MedicalHistory history = domain::UnremarkableHistory(DefaultProtocol().screening.questions);
  history.Set("cold_sore_history", true);
  auto screening = records_->RecordScreening(As(doctor_), patient->id, history);
  ASSERT_TRUE(screening) << screening.error().ToString();
  EXPECT_EQ(screening->review.screening.decision, domain::Decision::kProceedWithPrecautions);
  EXPECT_EQ(records_->ProposePlan(As(desk_), patient->id).error().code, ErrorCode::kPermissionDenied)
      << "the front desk does not propose plans";
  auto plan = records_->ProposePlan(As(doctor_), patient->id);
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->status, storage::PlanStatus::kProposed);
  EXPECT_EQ(plan->protocol_version, DefaultProtocol().id.version);
  EXPECT_NE(plan->proposal_json.find("\"sessions\":4"), std::string::npos) << plan->proposal_json;
  EXPECT_EQ(records_->ApprovePlan(As(desk_), plan->id, std::nullopt).error().code, ErrorCode::kPermissionDenied);
  // Without the patient's treatment consent the plan is not approved (issue 22).
  const auto unconsented = records_->ApprovePlan(As(doctor_), plan->id, plan->version);
  ASSERT_FALSE(unconsented);
  EXPECT_EQ(unconsented.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(unconsented.error().field, "consent");
  EXPECT_NE(unconsented.error().message.find("treatment"), std::string::npos) << unconsented.error().message;
  ConsentService consent(accounts_->access(), scarwise::testing::FullDefaultProtocol());
  const auto texts = consent.Texts(As(doctor_));
  ASSERT_TRUE(texts);
  const ShownConsentText& treatment = texts->front();
  ASSERT_EQ(treatment.text->purpose, domain::ConsentPurpose::kTreatment);
  const auto signed_consent =
      consent.Sign(As(doctor_), patient->id,
                   {domain::ConsentPurpose::kTreatment, treatment.text->version, treatment.sha256,
                    domain::ConsentSigner::kPatient, "Ada Patient", std::nullopt, "M 1 1 L 20 20", false});
  ASSERT_TRUE(signed_consent) << signed_consent.error().ToString();
  EXPECT_EQ(records_->ApprovePlan(As(doctor_), plan->id, plan->version + 1).error().code,
            ErrorCode::kFailedPrecondition);
  // The cold-sore precaution is recorded first (issue 19 §2): refused, then accepted.
  const auto unrecorded = records_->ApprovePlan(As(doctor_), plan->id, plan->version);
  ASSERT_FALSE(unrecorded);
  EXPECT_EQ(unrecorded.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(unrecorded.error().field, "precautions");
  EXPECT_NE(unrecorded.error().message.find("antiviral_prophylaxis (drug, started_on)"), std::string::npos)
      << unrecorded.error().message;
  EXPECT_EQ(records_->RecordPrecaution(As(desk_), plan->id, "antiviral_prophylaxis", "{}").error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(records_->RecordPrecaution(As(doctor_), plan->id, "antiviral_prophylaxis",
                                         R"({"drug": "aciclovir 400 mg", "started_on": "2026-11-18"})"));
  auto approved = records_->ApprovePlan(As(doctor_), plan->id, plan->version);
  ASSERT_TRUE(approved) << approved.error().ToString();
  EXPECT_EQ(approved->status, storage::PlanStatus::kApproved);
  EXPECT_EQ(approved->approved_by, doctor_.user_id);
  EXPECT_EQ(records_->ApprovePlan(As(doctor_), plan->id, std::nullopt).error().code, ErrorCode::kConflict);
}

TEST_F(ClinicServiceTest, NoPlanForADeferredPatient) {
  auto patient = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(records_->RecordAssessment(As(doctor_), patient->id, Assessment(2, {0, 0, 4, 0, 3, 0})));
  domain::MedicalHistory history = domain::UnremarkableHistory(DefaultProtocol().screening.questions);
  history.Set("pregnant", true);
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient->id, history));
  const auto plan = records_->ProposePlan(As(doctor_), patient->id);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
  EXPECT_NE(plan.error().message.find("defer"), std::string::npos);
}

TEST_F(ClinicServiceTest, APatientSeesOnlyTheirOwnRecords) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  auto bea = records_->CreatePatient(As(desk_), Patient("Bea"));
  ASSERT_TRUE(ada && bea);
  OpenPortal(ada->id, "ada@mail.test", "ada's long password");
  auto signed_in = accounts_->Login("ada@mail.test", "ada's long password", "r");
  ASSERT_TRUE(signed_in);
  const Actor ada_actor = *accounts_->Authenticate(signed_in->token);
  EXPECT_TRUE(records_->ReadPatient(As(ada_actor), ada->id));
  EXPECT_EQ(records_->ReadPatient(As(ada_actor), bea->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(records_->ListPatients(As(ada_actor), {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(records_->ListPlans(As(ada_actor), bea->id).error().code, ErrorCode::kNotFound);
}

TEST_F(ClinicServiceTest, EveryReadAndWriteOfPatientDataIsAudited) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(records_->ReadPatient(As(doctor_), ada->id));
  ASSERT_TRUE(records_->ReadPatient(As(doctor_), ada->id));
  auto page = records_->ReadAudit(As(admin_), {0, 1000, std::nullopt, "patient", ada->id});
  ASSERT_TRUE(page) << page.error().ToString();
  std::vector<std::string> actions;
  for (const auto& entry : page->items) actions.push_back(entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"patient.create", "patient.read", "patient.read"}));
  EXPECT_EQ(page->items.back().actor_user_id, doctor_.user_id);
  EXPECT_EQ(page->items.back().request_id, "req-1");
  EXPECT_EQ(records_->ReadAudit(As(doctor_), {}).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(ClinicServiceTest, RefusedReadsAndWritesAreAuditedAsRefusals) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  auto bea = records_->CreatePatient(As(desk_), Patient("Bea"));
  ASSERT_TRUE(ada && bea);
  OpenPortal(ada->id, "ada@mail.test", "ada's long password");
  const Actor ada_actor =
      *accounts_->Authenticate(accounts_->Login("ada@mail.test", "ada's long password", "r")->token);
  EXPECT_EQ(records_->ReadPatient(As(ada_actor), bea->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(records_->RecordAssessment(As(desk_), bea->id, Assessment(2, {0, 0, 4, 0, 3, 0})).error().code,
            ErrorCode::kPermissionDenied);
  auto page = records_->ReadAudit(As(admin_), {0, 1000, std::nullopt, "patient", bea->id});
  ASSERT_TRUE(page) << page.error().ToString();
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& entry : page->items) entries.emplace_back(entry.action, entry.outcome);
  EXPECT_EQ(entries,
            (std::vector<std::pair<std::string, std::string>>{
                {"patient.create", "ok"}, {"patient.read", "not_found"}, {"assessment.create", "permission_denied"}}));
}

TEST_F(ClinicServiceTest, ConcurrentReadsAreEachAuditedOnceThroughTheGroupCommit) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(ada);
  std::atomic<int> ok{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 10; ++i) ok += records_->ReadPatient(As(doctor_), ada->id).has_value() ? 1 : 0;
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(ok.load(), 80);
  auto page = records_->ReadAudit(As(admin_), {0, 1000, std::nullopt, "patient", ada->id});
  ASSERT_TRUE(page);
  int reads = 0;
  for (const auto& entry : page->items) reads += entry.action == "patient.read" ? 1 : 0;
  EXPECT_EQ(reads, 80);
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  EXPECT_TRUE((*tx)->AuditLog().Verify()->intact);
}

// Fail the Nth storage call for N = 1, 2, ... through a use case: each time, either the
// whole use case happened or none of it did.
TEST_F(ClinicServiceTest, AFailedStorageCallLeavesNoPartialState) {
  for (int n = 1; n < 12; ++n) {
    SCOPED_TRACE("storage call " + std::to_string(n) + " fails");
    const Counts before = Count();
    auto faults = std::make_shared<storage::FaultPlan>();
    faults->FailCall(n);
    auto faulty = storage::testing::OpenFaultyStore("sqlite:" + (dir_ / "test.db").string(), faults);
    AccountsService flaky_accounts(*faulty, clock_);
    RecordsService flaky(flaky_accounts.access(), DefaultProtocol(), clock_);
    const auto created = flaky.CreatePatient(As(desk_), Patient("Ada"));
    const Counts after = Count(created ? created->id : 1);
    if (created) {
      EXPECT_EQ(after.patients, before.patients + 1);
      EXPECT_EQ(after.history, 1u);
      EXPECT_EQ(after.audit, before.audit + 1);
    } else {
      EXPECT_TRUE(faults->Fired());
      EXPECT_EQ(after.patients, before.patients);
      EXPECT_EQ(after.audit, before.audit);
    }
    if (!faults->Fired()) break;  // the use case made fewer than n calls: all cases covered
  }
}

TEST_F(ClinicServiceTest, AFailedStorageCallNeverLeavesAHalfProposedPlan) {
  auto patient = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(records_->RecordAssessment(As(doctor_), patient->id, Assessment(2, {0, 0, 4, 0, 3, 0})));
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient->id,
                                        domain::UnremarkableHistory(DefaultProtocol().screening.questions)));
  for (int n = 1; n < 20; ++n) {
    SCOPED_TRACE("storage call " + std::to_string(n) + " fails");
    const Counts before = Count(patient->id);
    auto faults = std::make_shared<storage::FaultPlan>();
    faults->FailCall(n);
    auto faulty = storage::testing::OpenFaultyStore("sqlite:" + (dir_ / "test.db").string(), faults);
    AccountsService flaky_accounts(*faulty, clock_);
    RecordsService flaky(flaky_accounts.access(), DefaultProtocol(), clock_);
    const auto plan = flaky.ProposePlan(As(doctor_), patient->id);
    const Counts after = Count(patient->id);
    if (plan) {
      EXPECT_EQ(after.plans, before.plans + 1);
      EXPECT_EQ(after.audit, before.audit + 1);
    } else {
      EXPECT_TRUE(faults->Fired());
      EXPECT_EQ(after.plans, before.plans);
      EXPECT_EQ(after.audit, before.audit);
    }
    if (!faults->Fired()) break;
  }
}

// A coordinator could once create a portal account with a password of their choosing and
// read the patient's whole record as the patient. Now the account is opened by a link to the
// patient's own address, and only the patient chooses the password.
TEST_F(ClinicServiceTest, APortalAccountIsOpenedOnlyByTheInvitationMailedToThePatient) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  ASSERT_TRUE(ada);
  // Not to an address of the coordinator's choosing.
  const auto elsewhere = accounts_->InvitePatient(As(desk_), ada->id, "desk-alias@x.test");
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().field, "email");
  auto invitation = accounts_->InvitePatient(As(desk_), ada->id, "ADA@mail.test");
  ASSERT_TRUE(invitation) << invitation.error().ToString();
  EXPECT_EQ(invitation->account.role, domain::Role::kPatient);
  EXPECT_EQ(invitation->account.patient_id, ada->id);
  // The link went to the patient, through the outbox; it carries the token.
  const auto mails = MailsTo("ada@mail.test");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].message.kind, "portal_invitation");
  EXPECT_NE(mails[0].message.body.find("/invitation#token=" + invitation->token), std::string::npos);
  // Once the mail has left, the outbox no longer keeps the link: only its hash remains.
  std::vector<OutgoingMessage> sent;
  Outbox outbox(accounts_->access(), [&sent](const OutgoingMessage& m) -> Result<void> {
    sent.push_back(m);
    return {};
  });
  ASSERT_TRUE(outbox.DeliverDue());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].body.find("#token=" + invitation->token), std::string::npos);
  EXPECT_EQ(MailsTo("ada@mail.test")[0].message.body.find(invitation->token), std::string::npos);
  // Nobody can sign in before the patient chose a password (not with an empty one either).
  EXPECT_EQ(accounts_->Login("ada@mail.test", "", "r").error().code, ErrorCode::kUnauthenticated);
  // A weak password is refused and the link still works; the patient then signs in.
  EXPECT_EQ(accounts_->AcceptInvitation(invitation->token, "short", "r").error().field, "password");
  ASSERT_TRUE(accounts_->AcceptInvitation(invitation->token, "ada's own long password", "r"));
  auto signed_in = accounts_->Login("ada@mail.test", "ada's own long password", "r");
  ASSERT_TRUE(signed_in);
  // The link works once.
  const auto again = accounts_->AcceptInvitation(invitation->token, "someone else's password", "r");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().field, "token");
  EXPECT_TRUE(accounts_->Login("ada@mail.test", "ada's own long password", "r"));
  // The database keeps only the token's hash.
  std::ifstream db(dir_ / "test.db", std::ios::binary), wal(dir_ / "test.db-wal", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  bytes.append((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find(TokenHash(invitation->token)), std::string::npos);
}

TEST_F(ClinicServiceTest, InvitingAgainRevokesTheOldLinkTheOldSessionsAndTheOldPassword) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  ASSERT_TRUE(ada);
  auto first = accounts_->InvitePatient(As(desk_), ada->id, "ada@mail.test");
  ASSERT_TRUE(first);
  auto unused = accounts_->InvitePatient(As(doctor_), ada->id, "ada@mail.test");
  ASSERT_TRUE(unused);
  // The first link was replaced by the second.
  EXPECT_EQ(accounts_->AcceptInvitation(first->token, "ada's own long password", "r").error().field, "token");
  ASSERT_TRUE(accounts_->AcceptInvitation(unused->token, "ada's own long password", "r"));
  auto session = accounts_->Login("ada@mail.test", "ada's own long password", "r");
  ASSERT_TRUE(session);
  // A reset: the old session and the old password end at once.
  auto reset = accounts_->InvitePatient(As(desk_), ada->id, "ada@mail.test");
  ASSERT_TRUE(reset);
  EXPECT_EQ(accounts_->Authenticate(session->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Login("ada@mail.test", "ada's own long password", "r").error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(MailsTo("ada@mail.test").size(), 3u);
  // Disabling the account revokes its open link too.
  ASSERT_TRUE(accounts_->SetUserDisabled(As(admin_), reset->account.id, true));
  ASSERT_TRUE(accounts_->SetUserDisabled(As(admin_), reset->account.id, false));
  EXPECT_EQ(accounts_->AcceptInvitation(reset->token, "a new long password", "r").error().field, "token");
}

TEST_F(ClinicServiceTest, AnInvitationLinkExpires) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  auto invitation = accounts_->InvitePatient(As(desk_), ada->id, "ada@mail.test");
  ASSERT_TRUE(invitation);
  clock_.now += std::chrono::days(7) + std::chrono::seconds(1);
  const auto late = accounts_->AcceptInvitation(invitation->token, "ada's own long password", "r");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.error().field, "token");
  EXPECT_EQ(late.error().message,
            accounts_->AcceptInvitation("an unknown token", "ada's own long password", "r").error().message)
      << "an expired and an unknown link get the same answer";
  // A patient without an e-mail address on their record cannot be invited at all.
  auto bea = records_->CreatePatient(As(desk_), Patient("Bea"));
  EXPECT_EQ(accounts_->InvitePatient(As(desk_), bea->id, "bea@mail.test").error().field, "email");
  // Patients cannot invite (nor open accounts for) anyone.
  EXPECT_EQ(
      accounts_->InvitePatient(As(Actor{invitation->account.id, Role::kPatient, ada->id}), ada->id, "ada@mail.test")
          .error()
          .code,
      ErrorCode::kPermissionDenied);
}

// A screening recorded before the protocol asked a question cannot clear the patient for a
// plan: the clinician screens again.
TEST_F(ClinicServiceTest, AScreeningThatPredatesAQuestionCannotProposeAPlan) {
  auto patient = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(records_->RecordAssessment(As(doctor_), patient->id, Assessment(2, {0, 0, 4, 0, 3, 0})));
  domain::MedicalHistory old = domain::UnremarkableHistory(DefaultProtocol().screening.questions);
  old.answers.erase("metal_allergy");
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient->id, old));
  const auto refused = records_->ProposePlan(As(doctor_), patient->id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("metal_allergy"), std::string::npos) << refused.error().message;
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient->id,
                                        domain::UnremarkableHistory(DefaultProtocol().screening.questions)));
  EXPECT_TRUE(records_->ProposePlan(As(doctor_), patient->id));
}

// A precaution's depth cap stays with the plan through the clinician's adjustments.
TEST_F(ClinicServiceTest, ADepthCapSurvivesAnAdjustment) {
  auto patient = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(records_->RecordAssessment(As(doctor_), patient->id, Assessment(2, {0, 0, 4, 0, 3, 0})));
  domain::MedicalHistory history = domain::UnremarkableHistory(DefaultProtocol().screening.questions);
  history.Set("anticoagulants", true);
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient->id, history));
  auto plan = records_->ProposePlan(As(doctor_), patient->id);
  ASSERT_TRUE(plan) << plan.error().ToString();
  domain::PlanAdjustment fewer;
  fewer.sessions = 4;
  auto adjusted = records_->AdjustPlan(As(doctor_), plan->id, plan->version, fewer);
  ASSERT_TRUE(adjusted) << adjusted.error().ToString();
  domain::PlanAdjustment deeper;
  deeper.depths_mm = {{domain::FacialZone::kCheekRight, 1.5}};
  const auto refused = records_->AdjustPlan(As(doctor_), plan->id, adjusted->version, deeper);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "zones[0].needle_depth_mm");
}

// Issue 19 §3: the glide applied while needling runs through the product checker for the day
// of the session: a non-sterile glide and every irritant in it are flagged.
TEST(SessionDayGlide, ANonSterileOrIrritantGlideIsFlagged) {
  const domain::Protocol& protocol = scarwise::testing::FullDefaultProtocol();
  const struct {
    const char* name;
    const char* inci;
    bool sterile;
    std::vector<std::string> codes;
  } rows[] = {
      {"sterile hyaluronic acid", "Aqua, Sodium Hyaluronate", true, {}},
      {"non-sterile", "Aqua, Sodium Hyaluronate", false, {"not_sterile"}},
      {"sterile with a retinoid", "Aqua, Glycerin, Retinol", true, {"retinoid"}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    domain::SessionChart chart;
    chart.glide = domain::Glide{"glide", row.inci, row.sterile, {}};
    const domain::SessionChart kept = WithGlideChecked(chart, protocol);
    std::vector<std::string> codes;
    for (const auto& f : kept.glide->flags) codes.push_back(f.code);
    EXPECT_EQ(codes, row.codes);
  }
  domain::SessionChart without;
  EXPECT_FALSE(WithGlideChecked(without, protocol).glide) << "no glide recorded, nothing flagged";
}

// Issue 20 (14): a signed-in user changes their password with the current one; every other
// session of the account ends, the caller gets a new one, and the change is audited.
TEST_F(ClinicServiceTest, ChangingThePasswordNeedsTheCurrentOneAndEndsTheOtherSessions) {
  auto here = accounts_->Login("doc@x.test", "clinician pass 1", "r1");
  auto elsewhere = accounts_->Login("doc@x.test", "clinician pass 1", "r2");
  ASSERT_TRUE(here && elsewhere);
  const int64_t audit_before = Count().audit;
  EXPECT_EQ(accounts_->ChangePassword(As(doctor_), "not my password", "a brand new passphrase").error().field,
            "current_password");
  EXPECT_EQ(accounts_->ChangePassword(As(doctor_), "clinician pass 1", "short").error().field, "new_password");
  EXPECT_EQ(accounts_->ChangePassword({std::nullopt, "r"}, "clinician pass 1", "a brand new passphrase").error().code,
            ErrorCode::kUnauthenticated);
  auto changed = accounts_->ChangePassword(As(doctor_), "clinician pass 1", "a brand new passphrase");
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_FALSE(accounts_->Authenticate(here->token)) << "the old sessions end";
  EXPECT_FALSE(accounts_->Authenticate(elsewhere->token));
  EXPECT_TRUE(accounts_->Authenticate(changed->token)) << "the caller goes on with a new session";
  EXPECT_EQ(accounts_->Login("doc@x.test", "clinician pass 1", "r").error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->Login("doc@x.test", "a brand new passphrase", "r"));
  EXPECT_GT(Count().audit, audit_before);
}

// Issue 20 (14): staff see whether a patient has a portal account and in what state.
TEST_F(ClinicServiceTest, APatientsPortalAccountStateIsKnownBeforeInvitingAgain) {
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada", "ada@mail.test"));
  ASSERT_TRUE(ada);
  auto none = accounts_->PortalAccount(As(desk_), ada->id);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_FALSE(*none);
  ASSERT_TRUE(accounts_->InvitePatient(As(desk_), ada->id, "ada@mail.test"));
  auto invited = accounts_->PortalAccount(As(desk_), ada->id);
  ASSERT_TRUE(invited && *invited);
  EXPECT_TRUE(AwaitsInvitation(**invited));
  OpenPortal(ada->id, "ada@mail.test", "ada's own long password");
  auto active = accounts_->PortalAccount(As(desk_), ada->id);
  ASSERT_TRUE(active && *active);
  EXPECT_FALSE(AwaitsInvitation(**active));
  EXPECT_EQ(accounts_->PortalAccount(As(desk_), 999).error().code, ErrorCode::kNotFound);
}

// Issue 20 (11): the dashboard in one read, every patient (not 50), even before the clinic's
// calendar is saved (nothing booked yet), with the plan in force; coordinators get no alerts.
TEST_F(ClinicServiceTest, TheDashboardListsEveryPatientInOneReadWithThePlanInForce) {
  for (int i = 0; i < 60; ++i)
    ASSERT_TRUE(records_->CreatePatient(As(desk_), Patient(("P" + std::to_string(i)).c_str())));
  auto ada = records_->CreatePatient(As(desk_), Patient("Ada"));
  ASSERT_TRUE(ada);
  ASSERT_TRUE(records_->RecordAssessment(As(doctor_), ada->id, Assessment(2, {1, 0, 4, 0, 3, 0})));
  ASSERT_TRUE(records_->RecordScreening(As(doctor_), ada->id,
                                        domain::UnremarkableHistory(DefaultProtocol().screening.questions)));
  auto plan = records_->ProposePlan(As(doctor_), ada->id);
  ASSERT_TRUE(plan) << plan.error().ToString();
  SchedulingService scheduling(accounts_->access(), DefaultProtocol());
  auto summary = scheduling.Dashboard(As(doctor_), {*ParseDate("2026-11-19", "d"), 1000, ""});
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->patients.size(), 61u);
  EXPECT_TRUE(summary->sessions.empty());
  EXPECT_TRUE(summary->next_cursor.empty());
  ASSERT_TRUE(summary->open_alerts);
  const auto row = std::find_if(summary->patients.begin(), summary->patients.end(),
                                [&](const DashboardPatient& p) { return p.patient.id == ada->id; });
  ASSERT_NE(row, summary->patients.end());
  EXPECT_EQ(row->plan_id, plan->id);
  EXPECT_EQ(row->plan_status, "proposed");
  EXPECT_FALSE(row->series_booked);
  EXPECT_FALSE(row->next_session);
  // Pages by cursor; the front desk gets no alert counts.
  auto first = scheduling.Dashboard(As(desk_), {*ParseDate("2026-11-19", "d"), 50, ""});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->patients.size(), 50u);
  EXPECT_FALSE(first->open_alerts);
  auto second = scheduling.Dashboard(As(desk_), {*ParseDate("2026-11-19", "d"), 50, first->next_cursor});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->patients.size(), 11u);
  EXPECT_EQ(scheduling.Dashboard(As(desk_), {*ParseDate("2026-11-19", "d"), 0, ""}).error().field, "limit");
}

}  // namespace
}  // namespace scarwise::service

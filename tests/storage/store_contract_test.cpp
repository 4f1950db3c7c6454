// The storage contract: what the service layer may rely on, whichever database a clinic
// runs. Every test runs on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "storage/snapshots.hpp"
#include "storage/testing/faulty_store.hpp"
#include "storage/testing/raw_sql.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "storage/text.hpp"
#include "storage_test_support.hpp"

namespace scarwise::storage::test {
namespace {

using Contract = BackendTest;

Id AddUser(Transaction& tx, const std::string& email, domain::Role role = domain::Role::kClinician,
           std::optional<Id> patient_id = std::nullopt) {
  auto id = tx.Accounts().CreateUser(NewUser{email, "Dr " + email, role, "$argon2id$v=19$stub", patient_id, At()});
  EXPECT_TRUE(id) << id.error().message;
  return id ? *id : 0;
}

Id AddPatient(Transaction& tx, const std::string& given = "Ana", const std::string& family = "Lima") {
  auto id = tx.Patients().Create(NewPatient{SamplePatient(given, family), At()});
  EXPECT_TRUE(id) << id.error().message;
  return id ? *id : 0;
}

// ---- users and portal accounts -----------------------------------------------------------

TEST_P(Contract, StaffUserRoundTripsAndEmailIsFoundIgnoringCase) {
  auto tx = Begin();
  const Id id = AddUser(*tx, "Clara.Mendes@Clinic.example");
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto by_id = tx->Accounts().FindUser(id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->email, "Clara.Mendes@Clinic.example") << "case kept as written";
  EXPECT_EQ(by_id->role, domain::Role::kClinician);
  EXPECT_EQ(by_id->password_hash, "$argon2id$v=19$stub");
  EXPECT_EQ(by_id->created_at, At());
  EXPECT_FALSE(by_id->patient_id);
  EXPECT_FALSE(by_id->disabled);
  auto by_email = tx->Accounts().FindUserByEmail("clara.mendes@CLINIC.example");
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->id, id);
  EXPECT_EQ(tx->Accounts().FindUserByEmail("nobody@clinic.example").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Accounts().FindUser(id + 100).error().code, ErrorCode::kNotFound);
}

TEST_P(Contract, DuplicateEmailIgnoringCaseIsAlreadyExists) {
  auto tx = Begin();
  AddUser(*tx, "admin@clinic.example", domain::Role::kAdmin);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto again = tx->Accounts().CreateUser(
      NewUser{"ADMIN@clinic.example", "Other", domain::Role::kCoordinator, "h", std::nullopt, At()});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "email");
  EXPECT_EQ(again.error().message.find("ADMIN"), std::string::npos) << "no values in messages";
}

TEST_P(Contract, PortalAccountIsBoundToOnePatient) {
  auto tx = Begin();
  const Id patient = AddPatient(*tx);
  const Id portal = AddUser(*tx, "ana@example.org", domain::Role::kPatient, patient);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto account = tx->Accounts().FindPortalAccount(patient);
  ASSERT_TRUE(account);
  EXPECT_EQ(account->id, portal);
  EXPECT_EQ(account->patient_id, patient);
  EXPECT_EQ(account->role, domain::Role::kPatient);
  auto second =
      tx->Accounts().CreateUser(NewUser{"ana2@example.org", "Ana", domain::Role::kPatient, "h", patient, At()});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(second.error().field, "patient_id");
}

TEST_P(Contract, RolesAndPatientBindingAreChecked) {
  struct Case {
    const char* name;
    domain::Role role;
    bool with_patient;
    ErrorCode expected;
  };
  const Case cases[] = {
      {"patient role without a patient", domain::Role::kPatient, false, ErrorCode::kInvalidArgument},
      {"staff bound to a patient", domain::Role::kCoordinator, true, ErrorCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto tx = Begin();
    const Id patient = AddPatient(*tx);
    std::optional<Id> patient_id;
    if (c.with_patient) patient_id = patient;
    auto created = tx->Accounts().CreateUser(NewUser{"x@clinic.example", "X", c.role, "h", patient_id, At()});
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, c.expected);
  }
  auto tx = Begin();
  auto dangling = tx->Accounts().CreateUser(NewUser{"p@example.org", "P", domain::Role::kPatient, "h", Id{4242}, At()});
  ASSERT_FALSE(dangling);
  EXPECT_EQ(dangling.error().code, ErrorCode::kNotFound) << "portal account for a patient that does not exist";
}

TEST_P(Contract, UsersCanBeListedDisabledAndGivenNewPasswords) {
  auto tx = Begin();
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddUser(*tx, "staff" + std::to_string(i) + "@clinic.example"));
  ASSERT_TRUE(tx->Accounts().SetUserDisabled(ids[1], true));
  ASSERT_TRUE(tx->Accounts().SetPasswordHash(ids[2], "$argon2id$new"));
  EXPECT_EQ(tx->Accounts().SetUserDisabled(9999, true).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto first = tx->Accounts().ListUsers(3, 0);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 3u);
  auto rest = tx->Accounts().ListUsers(3, first->back().id);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ(rest->back().id, ids[4]);
  EXPECT_TRUE(tx->Accounts().FindUser(ids[1])->disabled);
  EXPECT_EQ(tx->Accounts().FindUser(ids[2])->password_hash, "$argon2id$new");
  EXPECT_EQ(tx->Accounts().ListUsers(0, 0).error().code, ErrorCode::kInvalidArgument);
}

// ---- sessions ----------------------------------------------------------------------------

TEST_P(Contract, OnlyALiveSessionOfAnEnabledUserAuthenticates) {
  auto tx = Begin();
  const Id user = AddUser(*tx, "c@clinic.example");
  const Id other = AddUser(*tx, "d@clinic.example");
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"live", user, At(), At(3600)}));
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"revoked", user, At(), At(3600)}));
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"of-disabled", other, At(), At(3600)}));
  ASSERT_TRUE(tx->Sessions().Revoke("revoked"));
  ASSERT_TRUE(tx->Accounts().SetUserDisabled(other, true));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto who = tx->Sessions().Authenticate("live", At(60));
  ASSERT_TRUE(who);
  EXPECT_EQ(who->id, user);
  EXPECT_EQ(tx->Sessions().Authenticate("live", At(3600)).error().code, ErrorCode::kNotFound)
      << "expired at expires_at";
  EXPECT_EQ(tx->Sessions().Authenticate("revoked", At(60)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Sessions().Authenticate("of-disabled", At(60)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Sessions().Authenticate("unknown", At(60)).error().code, ErrorCode::kNotFound);
  tx.reset();
  EXPECT_EQ(*testing::CountRows(url_, "sessions",
                                "token_hash = 'revoked' AND revoked = 1 AND expires_at = " +
                                    std::to_string(At(3600).time_since_epoch().count())),
            1)
      << "a revoked session is kept, as it was";
}

TEST_P(Contract, SessionsAreUniqueRevocableAndExpire) {
  auto tx = Begin();
  const Id user = AddUser(*tx, "c@clinic.example");
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"a", user, At(), At(100)}));
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"b", user, At(), At(200)}));
  ASSERT_TRUE(tx->Sessions().Create(NewSession{"c", user, At(), At(300)}));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto duplicate = tx->Sessions().Create(NewSession{"a", user, At(), At(100)});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "token_hash");

  tx.reset();
  tx = Begin();
  EXPECT_EQ(*tx->Sessions().RevokeAllOfUser(user), 3);
  EXPECT_EQ(*tx->Sessions().DeleteExpired(At(200)), 2) << "a and b have expired at 200";
  EXPECT_EQ(tx->Sessions().Revoke("a").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  EXPECT_EQ(*testing::CountRows(url_, "sessions", "token_hash = 'c'"), 1);
  EXPECT_EQ(*testing::CountRows(url_, "sessions", "token_hash IN ('a', 'b')"), 0);
}

// ---- patients ----------------------------------------------------------------------------

TEST_P(Contract, PatientRoundTripsEveryField) {
  domain::PatientDetails details = SamplePatient("Zoë", "Ñúñez-Ørsted");
  details.sex = domain::Sex::kOther;
  details.fitzpatrick = 6;
  details.email = "";
  auto tx = Begin();
  auto id = tx->Patients().Create(NewPatient{details, At(5)});
  ASSERT_TRUE(id);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto found = tx->Patients().Find(*id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->details.given_name, "Zoë");
  EXPECT_EQ(found->details.family_name, "Ñúñez-Ørsted");
  EXPECT_EQ(found->details.birth_date, details.birth_date);
  EXPECT_EQ(found->details.sex, domain::Sex::kOther);
  EXPECT_EQ(found->details.email, "");
  EXPECT_EQ(found->details.phone, "+49 30 1234567");
  EXPECT_EQ(found->details.fitzpatrick, 6);
  EXPECT_EQ(found->created_at, At(5));
  EXPECT_EQ(found->updated_at, At(5));
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(tx->Patients().Find(*id + 1).error().code, ErrorCode::kNotFound);
}

TEST_P(Contract, FitzpatrickOutsideOneToSixIsRejected) {
  domain::PatientDetails details = SamplePatient();
  details.fitzpatrick = 7;
  auto tx = Begin();
  auto id = tx->Patients().Create(NewPatient{details, At()});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(id.error().field, "fitzpatrick");
}

TEST_P(Contract, UpdateNeedsTheCurrentVersion) {
  auto tx = Begin();
  const Id id = AddPatient(*tx);
  ASSERT_TRUE(tx->Commit());

  domain::PatientDetails changed = SamplePatient("Ana", "Lima-Souza");
  changed.fitzpatrick = 4;
  tx.reset();
  tx = Begin();
  auto updated = tx->Patients().Update(id, 1, changed, At(60));
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->details.family_name, "Lima-Souza");
  EXPECT_EQ(updated->updated_at, At(60));
  EXPECT_EQ(updated->created_at, At());

  auto stale = tx->Patients().Update(id, 1, SamplePatient("Overwritten"), At(61));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stale.error().field, "version");
  auto missing = tx->Patients().Update(id + 50, 1, changed, At(61));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit()) << "a stale version or a missing record leaves the transaction usable";

  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Patients().Find(id)->details.given_name, "Ana");
  EXPECT_EQ(tx->Patients().Find(id)->version, 2);
}

// A batch of reads finds its patients read in one statement (the group commit preloads them);
// a patient the same transaction then changes is read as changed, never as preloaded.
TEST_P(Contract, PreloadedPatientsAreFoundAsTheyAreUntilTheTransactionChangesThem) {
  auto tx = Begin();
  const Id ana = AddPatient(*tx);
  const Id bea = AddPatient(*tx);
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  const std::vector<Id> wanted = {bea, ana, bea, ana + 1000};
  ASSERT_TRUE(tx->Patients().Preload(wanted)) << "repeated and unknown ids are no error";
  auto found = tx->Patients().Find(ana);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->details.family_name, "Lima");

  auto updated = tx->Patients().Update(ana, 1, SamplePatient("Ana", "Lima-Souza"), At(60));
  ASSERT_TRUE(updated) << updated.error().message;
  found = tx->Patients().Find(ana);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->details.family_name, "Lima-Souza");
  EXPECT_EQ(tx->Patients().Find(bea)->id, bea);
  auto unknown = tx->Patients().Find(ana + 1000);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, TwoConcurrentUpdatesOfTheSameVersionExactlyOneWins) {
  auto tx = Begin();
  const Id id = AddPatient(*tx);
  ASSERT_TRUE(tx->Commit());
  tx.reset();

  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int64_t version = 1 + round;
    std::vector<Result<PatientRecord>> results;
    std::mutex results_mutex;
    std::vector<std::thread> writers;
    for (int writer = 0; writer < 2; ++writer) {
      writers.emplace_back([&, writer] {
        auto wtx = store_->Begin();
        ASSERT_TRUE(wtx) << wtx.error().message;
        auto result =
            (*wtx)->Patients().Update(id, version, SamplePatient("Writer" + std::to_string(writer)), At(round));
        if (result) {
          auto committed = (*wtx)->Commit();
          if (!committed) result = Unexpected(committed.error());
        }
        std::lock_guard lock(results_mutex);
        results.push_back(std::move(result));
      });
    }
    for (auto& w : writers) w.join();
    ASSERT_EQ(results.size(), 2u);
    const int wins =
        static_cast<int>(std::count_if(results.begin(), results.end(), [](auto& r) { return r.has_value(); }));
    EXPECT_EQ(wins, 1);
    for (const auto& r : results) {
      if (!r) {
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().message;
      }
    }
    auto check = Begin();
    EXPECT_EQ(check->Patients().Find(id)->version, version + 1);
  }
}

TEST_P(Contract, PatientListPagesAreStableWithoutDuplicatesOrGaps) {
  auto tx = Begin();
  const char* families[] = {"Zimmer", "abbott", "Müller", "Mueller", "Lima", "lima", "Ávila", "Baker", "Costa"};
  std::set<Id> all;
  for (int i = 0; i < 23; ++i) {
    all.insert(AddPatient(*tx, "Given" + std::to_string(i % 4), families[i % 9]));
  }
  ASSERT_TRUE(tx->Commit());

  std::vector<PatientRecord> seen;
  std::string cursor;
  int pages = 0;
  do {
    tx.reset();
    tx = Begin();
    auto page = tx->Patients().List(PatientQuery{"", 5, cursor});
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_LE(page->items.size(), 5u);
    for (auto& p : page->items) seen.push_back(p);
    cursor = page->next_cursor;
    if (pages == 1) {  // a patient registered between pages does not shift the later pages
      ASSERT_TRUE(tx->Patients().Create(NewPatient{SamplePatient("Late", "Aaron"), At()}));
      ASSERT_TRUE(tx->Commit());
    }
    ++pages;
  } while (!cursor.empty() && pages < 20);

  EXPECT_EQ(pages, 5);
  std::set<Id> ids;
  for (const auto& p : seen) ids.insert(p.id);
  EXPECT_EQ(ids.size(), seen.size()) << "no patient twice";
  EXPECT_EQ(ids, all) << "every patient once (the late one sorts before the cursor)";
  auto key = [](const PatientRecord& p) {
    return std::make_tuple(FoldCase(p.details.family_name), FoldCase(p.details.given_name), p.id);
  };
  for (size_t i = 1; i < seen.size(); ++i) {
    SCOPED_TRACE(seen[i - 1].details.family_name + " then " + seen[i].details.family_name);
    EXPECT_LT(key(seen[i - 1]), key(seen[i])) << "family name, given name, id";
  }
  EXPECT_EQ(seen.front().details.family_name, "abbott") << "case-insensitive order";
}

TEST_P(Contract, PatientSearchIsCaseInsensitiveOverNamesEmailAndPhone) {
  auto tx = Begin();
  const Id muller = AddPatient(*tx, "Jörg", "Müller");
  const Id avila = AddPatient(*tx, "Élodie", "Ávila");
  const Id lima = AddPatient(*tx, "Ana", "Lima");
  domain::PatientDetails percent = SamplePatient("Per", "100%Cotton");
  percent.email = "per@percent.example";
  auto percent_id = tx->Patients().Create(NewPatient{percent, At()});
  ASSERT_TRUE(percent_id);
  ASSERT_TRUE(tx->Commit());

  struct Case {
    const char* text;
    std::set<Id> expected;
  };
  const Case cases[] = {
      {"MÜLLER", {muller}},
      {"élodie", {avila}},
      {"ÁVI", {avila}},
      {"lima", {lima}},
      {"%", {*percent_id}},
      {"0%c", {*percent_id}},
      {"_", {}},
      {"percent.example", {*percent_id}},
      {"1234567", {muller, avila, lima, *percent_id}},
      {"nobody", {}},
  };
  tx.reset();
  tx = Begin();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto page = tx->Patients().List(PatientQuery{c.text, 50, ""});
    ASSERT_TRUE(page);
    std::set<Id> found;
    for (const auto& p : page->items) found.insert(p.id);
    EXPECT_EQ(found, c.expected);
  }
  EXPECT_EQ(tx->Patients().List(PatientQuery{"", 0, ""}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tx->Patients().List(PatientQuery{"", 1001, ""}).error().code, ErrorCode::kInvalidArgument);
  auto bad_cursor = tx->Patients().List(PatientQuery{"", 10, "not-a-cursor"});
  ASSERT_FALSE(bad_cursor);
  EXPECT_EQ(bad_cursor.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_cursor.error().field, "cursor");
}

// ---- assessments, screenings, plans ------------------------------------------------------

TEST_P(Contract, AssessmentsAndScreeningsAreKeptVerbatimPerPatient) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id other = AddPatient(*tx, "Bea", "Other");
  const std::string input = R"({"zones":[{"zone":"left_cheek","rolling":4}],"note":"ünïcödé \"quoted\""})";
  auto a1 = tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(1), input, R"({"score":12})"});
  auto a2 = tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(2), "{}", R"({"score":8})"});
  auto s1 = tx->Evaluations().CreateScreening(
      NewScreening{patient, clinician, At(3), R"({"pregnant":false})", R"({"ok":true})"});
  ASSERT_TRUE(a1 && a2 && s1);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto found = tx->Evaluations().FindAssessment(*a1);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->input_json, input);
  EXPECT_EQ(found->result_json, R"({"score":12})");
  EXPECT_EQ(found->patient_id, patient);
  EXPECT_EQ(found->created_by, clinician);
  EXPECT_EQ(found->created_at, At(1));
  EXPECT_EQ(tx->Evaluations().LatestAssessment(patient)->id, *a2);
  EXPECT_EQ(tx->Evaluations().ListAssessments(patient)->size(), 2u);
  EXPECT_EQ(tx->Evaluations().LatestScreening(patient)->id, *s1);
  EXPECT_EQ(tx->Evaluations().FindScreening(*s1)->result_json, R"({"ok":true})");
  EXPECT_EQ(tx->Evaluations().LatestAssessment(other).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(tx->Evaluations().ListScreenings(other)->empty());
  EXPECT_EQ(tx->Evaluations().FindScreening(*s1 + 10).error().code, ErrorCode::kNotFound);
  auto orphan = tx->Evaluations().CreateAssessment(NewAssessment{patient + 100, clinician, At(), "{}", "{}"});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
}

TEST_P(Contract, PlansAreProposedThenApprovedOnceWithTheCurrentVersion) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id assessment = *tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(), "{}", "{}"});
  const Id screening = *tx->Evaluations().CreateScreening(NewScreening{patient, clinician, At(), "{}", "{}"});
  auto plan_id = tx->Plans().Create(
      NewPlan{patient, assessment, screening, R"({"sessions":4})", "default", "2026.1", clinician, At(10)});
  ASSERT_TRUE(plan_id) << plan_id.error().message;
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto plan = tx->Plans().Find(*plan_id);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->status, PlanStatus::kProposed);
  EXPECT_EQ(plan->version, 1);
  EXPECT_EQ(plan->protocol_version, "2026.1");
  EXPECT_FALSE(plan->approved_by);
  EXPECT_FALSE(plan->approved_at);
  EXPECT_EQ(tx->Plans().List(patient)->back().id, *plan_id);

  auto stale = tx->Plans().Approve(*plan_id, 7, clinician, At(20));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  auto approved = tx->Plans().Approve(*plan_id, 1, clinician, At(20));
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->status, PlanStatus::kApproved);
  EXPECT_EQ(approved->approved_by, clinician);
  EXPECT_EQ(approved->approved_at, At(20));
  EXPECT_EQ(approved->updated_at, At(20));
  EXPECT_EQ(approved->version, 2);
  auto twice = tx->Plans().Approve(*plan_id, 2, clinician, At(30));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(tx->Plans().Approve(*plan_id + 9, 1, clinician, At(30)).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Plans().List(patient)->size(), 1u);
  EXPECT_EQ(tx->Plans().Find(*plan_id)->status, PlanStatus::kApproved);
}

TEST_P(Contract, AProposalIsRevisedOnlyWhileProposedAndAtTheCurrentVersion) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id assessment = *tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(), "{}", "{}"});
  const Id screening = *tx->Evaluations().CreateScreening(NewScreening{patient, clinician, At(), "{}", "{}"});
  const Id first = *tx->Plans().Create(
      NewPlan{patient, assessment, screening, R"({"sessions":4})", "default", "2026.1", clinician, At(10)});
  const Id second = *tx->Plans().Create(
      NewPlan{patient, assessment, screening, R"({"sessions":3})", "default", "2026.1", clinician, At(11)});
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Plans().ReviseProposal(first, 2, R"({"sessions":5})", At(20)).error().code,
            ErrorCode::kFailedPrecondition);
  auto revised = tx->Plans().ReviseProposal(first, 1, R"({"sessions":5})", At(20));
  ASSERT_TRUE(revised) << revised.error().message;
  EXPECT_EQ(revised->proposal_json, R"({"sessions":5})");
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(revised->updated_at, At(20));
  EXPECT_EQ(revised->status, PlanStatus::kProposed);
  ASSERT_TRUE(tx->Plans().Approve(first, 2, clinician, At(30)));
  EXPECT_EQ(tx->Plans().ReviseProposal(first, 3, "{}", At(40)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(tx->Plans().ReviseProposal(second + 9, 1, "{}", At(40)).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto proposed = tx->Plans().ListByStatus(PlanStatus::kProposed, 10, 0);
  ASSERT_TRUE(proposed);
  ASSERT_EQ(proposed->size(), 1u);
  EXPECT_EQ(proposed->front().id, second);
  auto approved = tx->Plans().ListByStatus(PlanStatus::kApproved, 10, 0);
  ASSERT_EQ(approved->size(), 1u);
  EXPECT_EQ(approved->front().id, first);
  EXPECT_TRUE(tx->Plans().ListByStatus(PlanStatus::kApproved, 10, first)->empty()) << "after the last one";
  EXPECT_EQ(tx->Plans().ListByStatus(PlanStatus::kApproved, 0, 0).error().code, ErrorCode::kInvalidArgument);
}

// Issue 19 §2: a plan's precautions are recorded once each, with who and when.
TEST_P(Contract, APlansPrecautionIsRecordedOnceWithWhoAndWhen) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id assessment = *tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(), "{}", "{}"});
  const Id screening = *tx->Evaluations().CreateScreening(NewScreening{patient, clinician, At(), "{}", "{}"});
  const Id plan = *tx->Plans().Create(NewPlan{patient, assessment, screening, "{}", "default", "1", clinician, At(1)});
  auto first = tx->Safety().RecordPrecaution(
      NewPrecautionRecord{plan, "antiviral_prophylaxis", R"({"drug":"valaciclovir"})", clinician, At(5)});
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(tx->Safety().RecordPrecaution(NewPrecautionRecord{plan, "pigmentation_risk", "{}", clinician, At(6)}));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto listed = tx->Safety().ListPrecautions(plan);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, *first);
  EXPECT_EQ((*listed)[0].record.code, "antiviral_prophylaxis");
  EXPECT_EQ((*listed)[0].record.details_json, R"({"drug":"valaciclovir"})");
  EXPECT_EQ((*listed)[0].record.recorded_by, clinician);
  EXPECT_EQ((*listed)[0].record.recorded_at, At(5));
  EXPECT_TRUE(tx->Safety().ListPrecautions(plan + 9)->empty());
  EXPECT_EQ(tx->Safety()
                .RecordPrecaution(NewPrecautionRecord{plan, "antiviral_prophylaxis", "{}", clinician, At(7)})
                .error()
                .code,
            ErrorCode::kAlreadyExists);
  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Safety().RecordPrecaution(NewPrecautionRecord{plan + 9, "x", "{}", clinician, At(7)}).error().code,
            ErrorCode::kNotFound);
}

// Migration 019: sessions charted before 015 (no session_lots row) are recalled by the lot
// their chart names, and by a lot an amendment corrected it to; not as catalogued. Migration
// 020 runs on a database that has photos. Simulated by taking both back out of a database.
TEST_P(Contract, SessionsChartedBeforeLotsWereLinkedAreRecalledByTheirChartsLot) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id assessment = *tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(), "{}", "{}"});
  const Id screening = *tx->Evaluations().CreateScreening(NewScreening{patient, clinician, At(), "{}", "{}"});
  const Id plan = *tx->Plans().Create(NewPlan{patient, assessment, screening, "{}", "default", "1", clinician, At(1)});
  const auto chart = [](const std::string& lot) {
    return R"({"device":"Dermapen 4","cartridge_lot":")" + lot + R"(","zones":[],"notes":"ü"})";
  };
  const Id old_one = *tx->SessionDay().CreateSession(
      NewTreatmentSession{patient, plan, 1, std::nullopt, screening, clinician, At(10), At(10), 60, chart("OLD-1")});
  const Id corrected = *tx->SessionDay().CreateSession(
      NewTreatmentSession{patient, plan, 2, std::nullopt, screening, clinician, At(20), At(20), 60, chart("TYPO")});
  ASSERT_TRUE(tx->SessionDay().AppendAmendment(
      NewSessionAmendment{corrected, clinician, At(21), "lot mistyped", R"({"cartridge_lot":"OLD-1"})"}));
  ASSERT_TRUE(tx->SessionDay().AppendAmendment(
      NewSessionAmendment{corrected, clinician, At(22), "notes", R"({"notes":"more"})"}));
  const Id linked = *tx->SessionDay().CreateSession(
      NewTreatmentSession{patient, plan, 3, std::nullopt, screening, clinician, At(30), At(30), 60, chart("NEW-2")});
  ASSERT_TRUE(tx->Safety().LinkSessionLot(linked, "Dermapen 4", "NEW-2", std::nullopt));
  NewPhoto photo;
  photo.patient_id = patient;
  photo.view = "frontal";
  photo.purposes = "photos_record,photos_teaching";
  photo.content_type = "image/jpeg";
  photo.sha256 = std::string(64, 'a');
  photo.width = photo.height = 10;
  photo.stored_bytes = 3;
  photo.alignment_json = "{}";
  photo.uploaded_by = clinician;
  photo.uploaded_at = At(5);
  const Id photo_id = *tx->Photos().Create(photo, {{kPhotoOriginal, "abc"}});
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  store_.reset();
  // Back to schema 018 (021, 020 and 019 undone): the first two sessions were charted before
  // lots were linked.
  for (const std::string& statement :
       {std::string("DROP INDEX appointments_booked_session"), std::string("ALTER TABLE appointments DROP COLUMN kind"),
        std::string("CREATE UNIQUE INDEX appointments_booked_session ON appointments (plan_id, session_number)"
                    " WHERE status = 'booked'"),
        "DELETE FROM session_lots WHERE session_id <> " + std::to_string(linked),
        std::string("ALTER TABLE photos DROP COLUMN withdrawn_purposes"),
        std::string("DELETE FROM schema_migrations WHERE version >= 19")}) {
    ASSERT_TRUE(testing::ExecuteRawSql(url_, statement)) << statement;
  }
  Reopen();
  tx = Begin();
  auto recalled = tx->Safety().SessionsWithLot("OLD-1", 100, 0);
  ASSERT_TRUE(recalled) << recalled.error().message;
  ASSERT_EQ(recalled->size(), 2u);
  EXPECT_EQ((*recalled)[0].id, old_one);
  EXPECT_EQ((*recalled)[0].device, "Dermapen 4");
  EXPECT_FALSE((*recalled)[0].device_lot_id) << "the catalogue did not exist then";
  EXPECT_EQ((*recalled)[1].id, corrected) << "the lot an amendment corrected it to";
  EXPECT_EQ((*recalled)[1].device, "Dermapen 4") << "the chart's device";
  EXPECT_EQ(tx->Safety().SessionsWithLot("TYPO", 100, 0)->size(), 1u) << "the chart's own lot stays recalled too";
  EXPECT_EQ(tx->Safety().LotsOfSession(linked)->size(), 1u) << "a linked session is not linked twice";
  const auto kept = tx->Photos().Find(patient, photo_id);
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(kept->photo.purposes, "photos_record,photos_teaching");
  EXPECT_EQ(kept->photo.withdrawn_purposes, "");
  // A withdrawn purpose moves from one list to the other, once.
  auto changed = tx->Photos().WithdrawPurpose(patient, "photos_teaching");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, std::vector<Id>{photo_id});
  EXPECT_TRUE(tx->Photos().WithdrawPurpose(patient, "photos_teaching")->empty());
  EXPECT_EQ(tx->Photos().Find(patient, photo_id)->photo.purposes, "photos_record");
  EXPECT_EQ(tx->Photos().Find(patient, photo_id)->photo.withdrawn_purposes, "photos_teaching");
}

// Migration 011: an emergency is stored as its own urgency, above urgent; nothing unknown is.
TEST_P(Contract, AnEmergencyAlertIsStoredAsItsOwnTier) {
  auto tx = Begin();
  const Id ana = AddPatient(*tx);
  auto emergency =
      tx->Recovery().CreateAlert(NewAlert{ana, std::nullopt, domain::Urgency::kEmergency, "possible_allergic_reaction",
                                          "EMERGENCY", "REF", At(101), std::nullopt, std::nullopt});
  ASSERT_TRUE(emergency) << emergency.error().message;
  ASSERT_TRUE(tx->Recovery().CreateAlert(NewAlert{ana, std::nullopt, domain::Urgency::kUrgent, "possible_infection",
                                                  "Pus", "REF", At(102), std::nullopt, std::nullopt}));
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto listed = tx->Recovery().ListAlerts({std::nullopt, domain::Urgency::kEmergency, std::nullopt, 100, 0});
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, *emergency);
  EXPECT_EQ(listed->front().alert.urgency, domain::Urgency::kEmergency);
}

TEST_P(Contract, CheckInsAndTheirAlertsAreKeptAndTriagedOnce) {
  auto tx = Begin();
  const Id nurse = AddUser(*tx, "n@clinic.example");
  const Id ana = AddPatient(*tx);
  const Id bo = AddPatient(*tx, "Bo", "Berg");
  auto check_in = tx->Recovery().CreateCheckIn(
      NewCheckIn{ana, nurse, At(100), 2, 1, 1, 3, "pus,fever", "Aqua, Retinol", true, false});
  ASSERT_TRUE(check_in) << check_in.error().message;
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  EXPECT_EQ(
      tx->Recovery().CreateCheckIn(NewCheckIn{ana + 99, nurse, At(100), 2, 1, 1, 3, "", "", true, false}).error().code,
      ErrorCode::kNotFound);

  tx.reset();
  tx = Begin();
  const Id urgent = *tx->Recovery().CreateAlert(NewAlert{ana, *check_in, domain::Urgency::kUrgent, "possible_infection",
                                                         "Pus", "REF", At(101), std::nullopt, std::nullopt});
  const Id routine = *tx->Recovery().CreateAlert(NewAlert{ana, std::nullopt, domain::Urgency::kRoutine, "no_sunscreen",
                                                          "No SPF", "REF", At(102), std::nullopt, std::nullopt});
  const Id other = *tx->Recovery().CreateAlert(NewAlert{bo, std::nullopt, domain::Urgency::kSoon, "possible_pih",
                                                        "Dark", "REF", At(103), std::nullopt, std::nullopt});
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto list = tx->Recovery().ListCheckIns(ana);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().check_in.warning_signs, "pus,fever");
  EXPECT_EQ(list->front().check_in.products_applied, "Aqua, Retinol");
  EXPECT_TRUE(list->front().check_in.sunscreen_used);
  EXPECT_TRUE(tx->Recovery().ListCheckIns(bo)->empty());

  auto all = tx->Recovery().ListAlerts({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().id, other) << "newest first";
  EXPECT_EQ(tx->Recovery().ListAlerts({std::nullopt, domain::Urgency::kUrgent, std::nullopt, 100, 0})->size(), 1u);
  EXPECT_EQ(tx->Recovery().ListAlerts({std::nullopt, std::nullopt, ana, 100, 0})->size(), 2u);
  EXPECT_EQ(tx->Recovery().ListAlerts({std::nullopt, std::nullopt, std::nullopt, 1, other})->front().id, routine)
      << "the page after `other`";

  auto acknowledged = tx->Recovery().AcknowledgeAlert(urgent, {nurse, At(110), "called her"});
  ASSERT_TRUE(acknowledged) << acknowledged.error().message;
  EXPECT_EQ(acknowledged->status, domain::AlertStatus::kAcknowledged);
  ASSERT_TRUE(acknowledged->acknowledged);
  EXPECT_EQ(acknowledged->acknowledged->note, "called her");
  EXPECT_EQ(acknowledged->alert.check_in_id, *check_in);
  EXPECT_EQ(tx->Recovery().AcknowledgeAlert(urgent, {nurse, At(111), ""}).error().code, ErrorCode::kConflict);
  auto resolved = tx->Recovery().ResolveAlert(urgent, {nurse, At(120), "antibiotics started"});
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->status, domain::AlertStatus::kResolved);
  EXPECT_EQ(resolved->resolved->at, At(120));
  EXPECT_EQ(resolved->acknowledged->at, At(110)) << "the acknowledgement is kept";
  EXPECT_EQ(tx->Recovery().ResolveAlert(urgent, {nurse, At(121), ""}).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(tx->Recovery().ResolveAlert(routine, {nurse, At(122), "reminded"})) << "open alerts resolve directly";
  EXPECT_EQ(tx->Recovery().ResolveAlert(other + 50, {nurse, At(122), ""}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Recovery().ListAlerts({domain::AlertStatus::kOpen, std::nullopt, std::nullopt, 100, 0})->size(), 1u);
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, AChartedSessionIsNeverChangedOnlyAmended) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id patient = AddPatient(*tx);
  const Id assessment = *tx->Evaluations().CreateAssessment(NewAssessment{patient, clinician, At(), "{}", "{}"});
  const Id screening = *tx->Evaluations().CreateScreening(NewScreening{patient, clinician, At(), "{}", "{}"});
  const Id plan = *tx->Plans().Create(NewPlan{patient, assessment, screening, "{}", "default", "1", clinician, At(1)});
  const NewTreatmentSession first{patient,   plan,   1,     std::nullopt, screening,
                                  clinician, At(10), At(9), 60,           R"({"cartridge_lot":"A1"})"};
  auto id = tx->SessionDay().CreateSession(first);
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(
      tx->SessionDay().AppendAmendment(NewSessionAmendment{*id, clinician, At(11), "lot typo", R"({"lot":"A2"})"}));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto twice = tx->SessionDay().CreateSession(first);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().field, "session_number");
  tx.reset();

  EXPECT_FALSE(testing::ExecuteRawSql(url_, "UPDATE treatment_sessions SET chart_json = '{}'"));
  EXPECT_FALSE(testing::ExecuteRawSql(url_, "DELETE FROM treatment_sessions"));
  EXPECT_FALSE(testing::ExecuteRawSql(url_, "UPDATE session_amendments SET reason = 'x'"));
  tx = Begin();
  auto sessions = tx->SessionDay().ListSessions(patient);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ(sessions->front().session.chart_json, R"({"cartridge_lot":"A1"})");
  EXPECT_EQ(sessions->front().session.end_offset_minutes, 60);
  EXPECT_EQ(sessions->front().session.ended_at, At(9));
  auto amendments = tx->SessionDay().ListAmendments(*id);
  ASSERT_EQ(amendments->size(), 1u);
  EXPECT_EQ(amendments->front().amendment.reason, "lot typo");
}

TEST_P(Contract, APlanCannotUseAnotherPatientsAssessment) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id ana = AddPatient(*tx);
  const Id bea = AddPatient(*tx, "Bea", "Souza");
  const Id anas_assessment = *tx->Evaluations().CreateAssessment(NewAssessment{ana, clinician, At(), "{}", "{}"});
  const Id beas_screening = *tx->Evaluations().CreateScreening(NewScreening{bea, clinician, At(), "{}", "{}"});
  const Id beas_assessment = *tx->Evaluations().CreateAssessment(NewAssessment{bea, clinician, At(), "{}", "{}"});
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto mixed = tx->Plans().Create(NewPlan{bea, anas_assessment, beas_screening, "{}", "default", "1", clinician, At()});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kNotFound);
  tx.reset();
  tx = Begin();
  EXPECT_TRUE(tx->Plans().Create(NewPlan{bea, beas_assessment, beas_screening, "{}", "default", "1", clinician, At()}));
}

// ---- history -----------------------------------------------------------------------------

TEST_P(Contract, EveryVersionOfARecordIsKeptWithWhoAndWhen) {
  auto tx = Begin();
  const Id clinician = AddUser(*tx, "c@clinic.example");
  const Id id = AddPatient(*tx);
  auto created = tx->Patients().Find(id);
  ASSERT_TRUE(tx->History().Append(NewHistoryEntry{"patient", id, 1, clinician, At(), PatientSnapshotJson(*created)}));
  auto updated = tx->Patients().Update(id, 1, SamplePatient("Ana", "Lima-Souza"), At(60));
  ASSERT_TRUE(updated);
  ASSERT_TRUE(
      tx->History().Append(NewHistoryEntry{"patient", id, 2, clinician, At(60), PatientSnapshotJson(*updated)}));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto history = tx->History().List("patient", id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[1].version, 2);
  EXPECT_EQ((*history)[1].changed_by, clinician);
  EXPECT_EQ((*history)[1].changed_at, At(60));
  EXPECT_NE((*history)[1].snapshot_json.find("\"family_name\":\"Lima-Souza\""), std::string::npos);
  EXPECT_NE((*history)[1].snapshot_json.find("\"version\":2"), std::string::npos);
  EXPECT_TRUE(tx->History().List("plan", id)->empty());

  auto again = tx->History().Append(NewHistoryEntry{"patient", id, 2, std::nullopt, At(61), "{}"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "version");
}

// ---- idempotency -------------------------------------------------------------------------

TEST_P(Contract, AnIdempotencyKeyIsStoredOncePerUser) {
  auto tx = Begin();
  const Id alice = AddUser(*tx, "a@clinic.example");
  const Id bob = AddUser(*tx, "b@clinic.example");
  const IdempotencyRecord saved{alice, "key-1", "POST", "/api/v1/patients", "hash", 201, 7, At(5)};
  ASSERT_TRUE(tx->Idempotency().Save(saved));
  ASSERT_TRUE(tx->Idempotency().Save(IdempotencyRecord{bob, "key-1", "POST", "/api/v1/patients", "h", 201, 8, At()}))
      << "keys are per user";
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto found = tx->Idempotency().Find(alice, "key-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status_code, 201);
  EXPECT_EQ(found->created_id, 7);
  EXPECT_EQ(found->path, "/api/v1/patients");
  EXPECT_EQ(found->request_hash, "hash");
  EXPECT_EQ(found->created_at, At(5));
  EXPECT_EQ(tx->Idempotency().Find(alice, "key-2").error().code, ErrorCode::kNotFound);
  auto duplicate = tx->Idempotency().Save(saved);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "idempotency_key");

  tx.reset();
  tx = Begin();
  EXPECT_EQ(*tx->Idempotency().DeleteBefore(At(1)), 1) << "bob's key is older";
  EXPECT_TRUE(tx->Idempotency().Find(alice, "key-1"));
}

// ---- transactions ------------------------------------------------------------------------

TEST_P(Contract, NothingOfAnUncommittedTransactionRemains) {
  {
    auto tx = Begin();
    AddPatient(*tx);
    AddUser(*tx, "c@clinic.example");
  }
  auto tx = Begin();
  EXPECT_TRUE(tx->Patients().List(PatientQuery{})->items.empty());
  EXPECT_TRUE(tx->Accounts().ListUsers(10, 0)->empty());
}

// ---- scheduling ----------------------------------------------------------------------------

// A plan with three resources (practitioner, room, device) to book it on.
struct Bookable {
  Id coordinator = 0, patient = 0, plan = 0, practitioner = 0, room = 0, device = 0;
};

Bookable AddBookable(Transaction& tx, const std::string& email = "desk@clinic.example") {
  Bookable b;
  b.coordinator = AddUser(tx, email, domain::Role::kCoordinator);
  b.patient = AddPatient(tx);
  const Id assessment = *tx.Evaluations().CreateAssessment(NewAssessment{b.patient, b.coordinator, At(), "{}", "{}"});
  const Id screening = *tx.Evaluations().CreateScreening(NewScreening{b.patient, b.coordinator, At(), "{}", "{}"});
  b.plan = *tx.Plans().Create(NewPlan{b.patient, assessment, screening, "{}", "default", "1", b.coordinator, At(1)});
  b.practitioner = *tx.Scheduling().CreateResource(
      NewResource{domain::ResourceKind::kPractitioner, "Dr Vos", std::nullopt, "{}", At()});
  b.room =
      *tx.Scheduling().CreateResource(NewResource{domain::ResourceKind::kRoom, "Room 1", std::nullopt, "{}", At()});
  b.device =
      *tx.Scheduling().CreateResource(NewResource{domain::ResourceKind::kDevice, "Pen A", std::nullopt, "{}", At()});
  return b;
}

NewAppointment Appointment(const Bookable& b, int session, int64_t start_seconds, int minutes = 90) {
  return NewAppointment{b.plan,         b.patient, session,  At(start_seconds), At(start_seconds + minutes * 60),
                        b.practitioner, b.room,    b.device, b.coordinator,     At()};
}

TEST_P(Contract, ClinicSettingsAreSavedWithOptimisticVersions) {
  auto tx = Begin();
  EXPECT_EQ(tx->Scheduling().FindClinicSettings().error().code, ErrorCode::kNotFound);
  ClinicSettingsRecord settings{"Europe/Amsterdam", R"({"mon":[["09:00","17:00"]]})", R"(["2026-12-25"])", At(), 0};
  auto saved = tx->Scheduling().SaveClinicSettings(settings, 0);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(tx->Scheduling().SaveClinicSettings(settings, 0).error().code, ErrorCode::kFailedPrecondition)
      << "saved once already";
  settings.time_zone = "Europe/Lisbon";
  ASSERT_TRUE(tx->Scheduling().SaveClinicSettings(settings, 1));
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto found = tx->Scheduling().FindClinicSettings();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->time_zone, "Europe/Lisbon");
  EXPECT_EQ(found->closed_dates_json, R"(["2026-12-25"])");
  EXPECT_EQ(found->version, 2);
}

TEST_P(Contract, ATwoFactorCodeOrRecoveryCodeIsUsedOnce) {
  auto tx = Begin();
  const Id doc = AddUser(*tx, "doc@clinic.example");
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->TwoFactor().Find(doc).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->TwoFactor().Save({doc + 100, "SECRET", false, 0, At()}).error().code, ErrorCode::kNotFound)
      << "no such user (and the transaction is aborted)";
  tx.reset();
  tx = Begin();
  ASSERT_TRUE(tx->TwoFactor().Save({doc, "PENDING", false, 0, At()}));
  EXPECT_EQ(tx->TwoFactor().UseStep(doc, 5).error().code, ErrorCode::kNotFound) << "pending: no code is accepted";
  ASSERT_TRUE(tx->TwoFactor().Save({doc, "SECRET", true, 10, At(1)})) << "replaces the pending enrolment";
  const std::vector<std::string> hashes = {"hash-a", "hash-b"};
  ASSERT_TRUE(tx->TwoFactor().ReplaceRecoveryCodes(doc, hashes, At(1)));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  auto found = tx->TwoFactor().Find(doc);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->secret, "SECRET");
  EXPECT_TRUE(found->enabled);
  EXPECT_EQ(found->last_step, 10);
  EXPECT_EQ(found->updated_at, At(1));
  EXPECT_EQ(tx->TwoFactor().UseStep(doc, 10).error().code, ErrorCode::kConflict) << "the step of the confirming code";
  ASSERT_TRUE(tx->TwoFactor().UseStep(doc, 11));
  const auto replay = tx->TwoFactor().UseStep(doc, 11);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ErrorCode::kConflict);
  EXPECT_EQ(replay.error().field, "code");
  EXPECT_EQ(tx->TwoFactor().UseStep(doc, 9).error().code, ErrorCode::kConflict) << "an older step either";
  EXPECT_EQ(*tx->TwoFactor().CountRecoveryCodes(doc), 2);
  ASSERT_TRUE(tx->TwoFactor().UseRecoveryCode(doc, "hash-b", At(2)));
  EXPECT_EQ(tx->TwoFactor().UseRecoveryCode(doc, "hash-b", At(3)).error().code, ErrorCode::kNotFound) << "used";
  EXPECT_EQ(tx->TwoFactor().UseRecoveryCode(doc, "hash-c", At(3)).error().code, ErrorCode::kNotFound) << "never issued";
  EXPECT_EQ(*tx->TwoFactor().CountRecoveryCodes(doc), 1);
  ASSERT_TRUE(tx->TwoFactor().Delete(doc));
  EXPECT_EQ(tx->TwoFactor().Find(doc).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*tx->TwoFactor().CountRecoveryCodes(doc), 0) << "its recovery codes go with it";
  ASSERT_TRUE(tx->TwoFactor().Delete(doc)) << "nothing to delete is fine";
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, TheSignInPolicyIsOffUntilSaved) {
  auto tx = Begin();
  const Id admin = AddUser(*tx, "admin@clinic.example", domain::Role::kAdmin);
  auto fresh = tx->TwoFactor().FindSecuritySettings();
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->require_two_factor_for_staff);
  EXPECT_FALSE(fresh->updated_by);
  ASSERT_TRUE(tx->TwoFactor().SaveSecuritySettings({true, At(5), admin}));
  ASSERT_TRUE(tx->TwoFactor().SaveSecuritySettings({true, At(6), std::nullopt})) << "saved again: one row";
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto saved = tx->TwoFactor().FindSecuritySettings();
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->require_two_factor_for_staff);
  EXPECT_EQ(saved->updated_at, At(6));
  EXPECT_FALSE(saved->updated_by);
}

TEST_P(Contract, AResourceIsNeverBookedTwiceForTheSameQuarterHour) {
  auto tx = Begin();
  const Bookable b = AddBookable(*tx);
  auto first = tx->Scheduling().CreateAppointment(Appointment(b, 1, 0));
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(tx->Commit());

  // Another plan's session overlapping the last quarter hour of the first one.
  tx.reset();
  tx = Begin();
  const Bookable other = AddBookable(*tx, "desk2@clinic.example");
  NewAppointment overlapping = Appointment(other, 1, 75 * 60);
  overlapping.practitioner_id = b.practitioner;  // same practitioner, other room and device
  auto clash = tx->Scheduling().CreateAppointment(overlapping);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(clash.error().field, "slot");

  tx.reset();
  tx = Begin();
  auto again = tx->Scheduling().CreateAppointment(Appointment(b, 1, 86400));
  ASSERT_FALSE(again) << "session 1 of the plan is booked already";
  EXPECT_EQ(again.error().field, "session_booked");

  // Right after the first one is fine; cancelling frees the time for someone else.
  tx.reset();
  tx = Begin();
  ASSERT_TRUE(tx->Scheduling().CreateAppointment(Appointment(b, 2, 90 * 60)));
  auto cancelled = tx->Scheduling().CloseAppointment(*first, domain::AppointmentStatus::kCancelled, At(5));
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, domain::AppointmentStatus::kCancelled);
  EXPECT_EQ(cancelled->sequence, 1);
  EXPECT_EQ(tx->Scheduling().CloseAppointment(*first, domain::AppointmentStatus::kNoShow, At(6)).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  const Bookable third = AddBookable(*tx, "desk3@clinic.example");
  NewAppointment freed = Appointment(third, 1, 0);
  freed.practitioner_id = b.practitioner;
  freed.room_id = b.room;
  freed.device_id = b.device;
  EXPECT_TRUE(tx->Scheduling().CreateAppointment(freed)) << "the cancelled appointment's time is free again";
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, TwoBookingsRacingForOnePractitionerExactlyOneCommits) {
  auto tx = Begin();
  const Bookable first = AddBookable(*tx);
  Bookable second = AddBookable(*tx, "desk2@clinic.example");
  second.practitioner = first.practitioner;  // the same practitioner, their own room and pen
  ASSERT_TRUE(tx->Commit());
  tx.reset();

  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int64_t start = 86400 * (round + 1);
    std::vector<Result<void>> results;
    std::mutex results_mutex;
    std::vector<std::thread> desks;
    for (const Bookable* desk : {&first, static_cast<const Bookable*>(&second)}) {
      desks.emplace_back([&, desk] {
        Result<void> outcome = [&]() -> Result<void> {
          auto wtx = store_->Begin();
          if (!wtx) return Unexpected(wtx.error());
          // 30 minutes apart: they overlap for an hour.
          auto id = (*wtx)->Scheduling().CreateAppointment(
              Appointment(*desk, round + 1, start + (desk == &first ? 0 : 1800)));
          if (!id) return Unexpected(id.error());
          std::this_thread::sleep_for(std::chrono::milliseconds(50));  // hold the claim while the other tries
          return (*wtx)->Commit();
        }();
        std::lock_guard lock(results_mutex);
        results.push_back(std::move(outcome));
      });
    }
    for (auto& d : desks) d.join();
    const int wins =
        static_cast<int>(std::count_if(results.begin(), results.end(), [](auto& r) { return r.has_value(); }));
    EXPECT_EQ(wins, 1) << "never both";
    for (const auto& r : results) {
      if (!r) {
        EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists) << r.error().message;
        EXPECT_EQ(r.error().field, "slot");
      }
    }
  }
}

TEST_P(Contract, AMovedAppointmentTakesItsQuarterHoursAlongAndCountsTheChange) {
  auto tx = Begin();
  const Bookable b = AddBookable(*tx);
  const Id id = *tx->Scheduling().CreateAppointment(Appointment(b, 1, 0));
  auto moved = tx->Scheduling().MoveAppointment(
      id, AppointmentMove{At(86400), At(86400 + 5400), b.practitioner, b.room, b.device}, At(7));
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->appointment.starts_at, At(86400));
  EXPECT_EQ(moved->sequence, 1);
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  const Bookable other = AddBookable(*tx, "desk2@clinic.example");
  NewAppointment at_old_time = Appointment(other, 1, 0);
  at_old_time.practitioner_id = b.practitioner;
  EXPECT_TRUE(tx->Scheduling().CreateAppointment(at_old_time)) << "the old time is free";
  NewAppointment at_new_time = Appointment(other, 2, 86400);
  at_new_time.room_id = b.room;
  auto clash = tx->Scheduling().CreateAppointment(at_new_time);
  ASSERT_FALSE(clash) << "the new time is taken";
  EXPECT_EQ(clash.error().field, "slot");
}

TEST_P(Contract, AppointmentsAreListedByTimeWithFilters) {
  auto tx = Begin();
  const Bookable b = AddBookable(*tx);
  const Id late = *tx->Scheduling().CreateAppointment(Appointment(b, 2, 86400 * 28));
  const Id early = *tx->Scheduling().CreateAppointment(Appointment(b, 1, 0));
  ASSERT_TRUE(tx->Scheduling().CloseAppointment(late, domain::AppointmentStatus::kCancelled, At(1)));
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  AppointmentQuery all;
  auto listed = tx->Scheduling().ListAppointments(all);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, early);
  EXPECT_EQ((*listed)[1].status, domain::AppointmentStatus::kCancelled);
  AppointmentQuery booked;
  booked.booked_only = true;
  booked.practitioner_id = b.practitioner;
  EXPECT_EQ(tx->Scheduling().ListAppointments(booked)->size(), 1u);
  AppointmentQuery window;
  window.from = At(86400);
  window.to = At(86400 * 30);
  window.patient_id = b.patient;
  ASSERT_EQ(tx->Scheduling().ListAppointments(window)->size(), 1u);
  EXPECT_EQ(tx->Scheduling().ListAppointments(window)->front().id, late);
  AppointmentQuery other_room;
  other_room.room_id = b.room + 100;
  EXPECT_TRUE(tx->Scheduling().ListAppointments(other_room)->empty());
}

// Issue 21: a follow-up visit is an appointment of its own kind, numbered after the plan's last
// session; a plan has one booked per kind and number, and the list filters by kind.
TEST_P(Contract, AFollowUpVisitIsItsOwnKindBesideTheLastSession) {
  auto tx = Begin();
  const Bookable b = AddBookable(*tx);
  const Id session = *tx->Scheduling().CreateAppointment(Appointment(b, 3, 0));
  NewAppointment visit = Appointment(b, 3, 86400 * 91);
  visit.kind = AppointmentKind::kFollowUp;
  auto follow_up = tx->Scheduling().CreateAppointment(visit);
  ASSERT_TRUE(follow_up) << follow_up.error().message << " (session 3 and its follow-up may both be booked)";
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Scheduling().FindAppointment(*follow_up)->appointment.kind, AppointmentKind::kFollowUp);
  EXPECT_EQ(tx->Scheduling().FindAppointment(session)->appointment.kind, AppointmentKind::kSession);
  AppointmentQuery follow_ups;
  follow_ups.plan_id = b.plan;
  follow_ups.kind = AppointmentKind::kFollowUp;
  auto listed = tx->Scheduling().ListAppointments(follow_ups);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, *follow_up);
  follow_ups.kind = AppointmentKind::kSession;
  ASSERT_EQ(tx->Scheduling().ListAppointments(follow_ups)->size(), 1u);
  EXPECT_EQ(tx->Scheduling().ListAppointments(follow_ups)->front().id, session);
  tx.reset();
  tx = Begin();
  NewAppointment second = Appointment(b, 3, 86400 * 120);
  second.kind = AppointmentKind::kFollowUp;
  auto again = tx->Scheduling().CreateAppointment(second);
  ASSERT_FALSE(again) << "one booked follow-up visit per plan";
  EXPECT_EQ(again.error().field, "session_booked");
  tx.reset();
  tx = Begin();
  ASSERT_TRUE(tx->Scheduling().CloseAppointment(*follow_up, domain::AppointmentStatus::kCancelled, At(5)));
  EXPECT_TRUE(tx->Scheduling().CreateAppointment(second)) << "once cancelled, another may be booked";
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, OutboxMessagesAreEnqueuedOnceAndComeDueInOrder) {
  auto tx = Begin();
  const Id patient = AddPatient(*tx);
  NewOutboxMessage later{"appointment_reminder", "a@x.test", "Later",   "b",     patient,
                         std::nullopt,           0,          "k-later", At(200), At(0)};
  NewOutboxMessage sooner = later;
  sooner.subject = "Sooner";
  sooner.dedupe_key = "k-sooner";
  sooner.due_at = At(100);
  const Id later_id = *tx->Outbox().Enqueue(later);
  const Id sooner_id = *tx->Outbox().Enqueue(sooner);
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto again = tx->Outbox().Enqueue(later);
  ASSERT_FALSE(again) << "the same key twice";
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "dedupe_key");
  tx.reset();
  tx = Begin();
  EXPECT_TRUE(tx->Outbox().Claim(At(99), 10, "server-a", At(159))->empty());
  auto due = tx->Outbox().Claim(At(300), 10, "server-a", At(360));
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, sooner_id);
  EXPECT_EQ((*due)[0].message.patient_id, patient);
  ASSERT_TRUE(tx->Outbox().Step(
      sooner_id, "server-a",
      OutboxStep{DeliveryStatus::kPending, 1, At(400), "connection refused", std::nullopt, std::nullopt}));
  ASSERT_TRUE(tx->Outbox().Step(later_id, "server-a",
                                OutboxStep{DeliveryStatus::kSent, 1, At(300), "", At(300), std::nullopt}));
  EXPECT_TRUE(tx->Outbox().Claim(At(300), 10, "server-a", At(360))->empty()) << "one retries later, one is sent";
  auto listed = tx->Outbox().List(DeliveryStatus::kPending, 10, 0);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().attempts, 1);
  EXPECT_EQ(listed->front().last_error, "connection refused");
  EXPECT_EQ(tx->Outbox().List(std::nullopt, 10, 0)->size(), 2u);
  EXPECT_EQ(tx->Outbox()
                .Step(later_id + 100, "server-a", OutboxStep{DeliveryStatus::kSent, 1, At(1), "", At(1), std::nullopt})
                .error()
                .code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, AlertsAndInvitationsComeDueBeforeRemindersAndFailedMessagesCanBeRetried) {
  auto tx = Begin();
  const Id patient = AddPatient(*tx);
  NewOutboxMessage reminder{"check_in_reminder", "a@x.test", "Day 1",    "b",     patient,
                            std::nullopt,        0,          "k-remind", At(100), At(0)};
  NewOutboxMessage alert = reminder;
  alert.kind = "clinic_alert";
  alert.dedupe_key = "k-alert";
  alert.due_at = At(200);
  NewOutboxMessage invitation = reminder;
  invitation.kind = "portal_invitation";
  invitation.dedupe_key = "k-invite";
  invitation.due_at = At(150);
  const Id reminder_id = *tx->Outbox().Enqueue(reminder);
  const Id alert_id = *tx->Outbox().Enqueue(alert);
  const Id invitation_id = *tx->Outbox().Enqueue(invitation);
  auto one = tx->Outbox().Claim(At(300), 1, "server-a", At(360));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().id, invitation_id) << "a backlog of reminders never fills the batch before an alert";
  auto rest = tx->Outbox().Claim(At(300), 10, "server-b", At(360));
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 2u) << "what server-a claimed is not claimed again";
  EXPECT_EQ((*rest)[0].id, alert_id) << "the priority lane first, oldest due first";
  EXPECT_EQ((*rest)[1].id, reminder_id);

  auto pending = tx->Outbox().Retry(reminder_id, At(300));
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, ErrorCode::kConflict) << "only a failed message";
  EXPECT_EQ(pending.error().field, "status");
  EXPECT_EQ(tx->Outbox().Retry(reminder_id + 100, At(300)).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(
      tx->Outbox().Step(reminder_id, "server-b",
                        OutboxStep{DeliveryStatus::kFailed, 8, At(999), "timed out", std::nullopt, std::nullopt}));
  auto retried = tx->Outbox().Retry(reminder_id, At(400));
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_EQ(retried->status, DeliveryStatus::kPending);
  EXPECT_EQ(retried->attempts, 0);
  EXPECT_EQ(retried->next_attempt_at, At(400));
  EXPECT_EQ(retried->last_error, "");
  EXPECT_EQ(tx->Outbox().Claim(At(400), 10, "server-c", At(460))->size(), 3u)
      << "the retried message and the two whose claims ran out at 360";
  ASSERT_TRUE(tx->Commit());
}

// Servers sharing one database: a message is claimed by one server at a time, a claim that
// runs out passes to another server, and the server that lost its claim cannot record an
// outcome over the new one.
TEST_P(Contract, OutboxClaimsKeepServersOffEachOthersMessages) {
  auto tx = Begin();
  const Id patient = AddPatient(*tx);
  NewOutboxMessage first{"clinic_alert", "dr@x.test", "Alert", "b", patient, std::nullopt, 0, "k-1", At(100), At(0)};
  NewOutboxMessage second = first;
  second.dedupe_key = "k-2";
  const Id first_id = *tx->Outbox().Enqueue(first);
  const Id second_id = *tx->Outbox().Enqueue(second);
  ASSERT_TRUE(tx->Commit());

  if (IsPostgres()) {  // two transactions claiming at once take different messages
    auto a = Begin();
    auto b = Begin();
    auto claimed_a = a->Outbox().Claim(At(100), 1, "server-a", At(400));
    auto claimed_b = b->Outbox().Claim(At(100), 1, "server-b", At(400));
    ASSERT_TRUE(claimed_a && claimed_b);
    ASSERT_EQ(claimed_a->size(), 1u);
    ASSERT_EQ(claimed_b->size(), 1u) << "SKIP LOCKED: b does not wait for a's row";
    EXPECT_NE(claimed_a->front().id, claimed_b->front().id);
    ASSERT_TRUE(a->Commit());
    ASSERT_TRUE(b->Commit());
  } else {
    tx = Begin();
    ASSERT_EQ(tx->Outbox().Claim(At(100), 1, "server-a", At(400))->size(), 1u);
    ASSERT_EQ(tx->Outbox().Claim(At(100), 1, "server-b", At(400))->size(), 1u);
    ASSERT_TRUE(tx->Commit());
  }
  tx = Begin();
  EXPECT_TRUE(tx->Outbox().Claim(At(399), 10, "server-c", At(500))->empty()) << "both claims still run";
  auto taken_over = tx->Outbox().Claim(At(400), 10, "server-c", At(700));
  ASSERT_EQ(taken_over->size(), 2u) << "claims that ran out (their servers died) pass on";
  const OutboxStep sent{DeliveryStatus::kSent, 1, At(410), "", At(410), std::nullopt};
  auto late = tx->Outbox().Step(first_id, "server-a", sent);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(late.error().field, "claimed_by");
  ASSERT_TRUE(tx->Outbox().Step(first_id, "server-c", sent));
  ASSERT_TRUE(tx->Outbox().Step(second_id, "server-c", sent));
  EXPECT_TRUE(tx->Outbox().Claim(At(9999), 10, "server-a", At(9999))->empty()) << "sent once";
  ASSERT_TRUE(tx->Commit());
}

// A periodic job's lease: one holder until it runs out, then whoever asks first.
TEST_P(Contract, AJobLeaseHasOneHolderUntilItRunsOut) {
  auto tx = Begin();
  EXPECT_TRUE(*tx->Leases().Take("housekeeping", "server-a", At(0), At(3600)));
  EXPECT_FALSE(*tx->Leases().Take("housekeeping", "server-b", At(10), At(3610)));
  EXPECT_FALSE(*tx->Leases().Take("housekeeping", "server-a", At(20), At(3620))) << "not twice in one period";
  EXPECT_TRUE(*tx->Leases().Take("backup", "server-b", At(20), At(3620))) << "each job has its own lease";
  ASSERT_TRUE(tx->Commit());
  tx = Begin();
  EXPECT_FALSE(*tx->Leases().Take("housekeeping", "server-b", At(3599), At(7199)));
  EXPECT_TRUE(*tx->Leases().Take("housekeeping", "server-b", At(3600), At(7200))) << "the lease ran out";
  EXPECT_FALSE(*tx->Leases().Take("housekeeping", "server-a", At(3700), At(7300)));
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, AFailedWriteAbortsTheTransaction) {
  auto tx = Begin();
  AddUser(*tx, "c@clinic.example");
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  AddPatient(*tx);
  ASSERT_FALSE(
      tx->Accounts().CreateUser(NewUser{"C@clinic.example", "C", domain::Role::kAdmin, "h", std::nullopt, At()}));
  auto after = tx->Accounts().FindUser(1);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(tx->Commit().error().code, ErrorCode::kFailedPrecondition);
  tx.reset();
  tx = Begin();
  EXPECT_TRUE(tx->Patients().List(PatientQuery{})->items.empty()) << "the patient went with the aborted transaction";
  ASSERT_TRUE(tx->Commit());
  EXPECT_EQ(tx->Commit().error().code, ErrorCode::kFailedPrecondition) << "no second commit";
}

TEST_P(Contract, AFailedUnitOfWorkUndoesOnlyItselfAndTheTransactionGoesOn) {
  auto tx = Begin();
  AddUser(*tx, "c@clinic.example");
  ASSERT_TRUE(tx->Commit());
  tx.reset();

  tx = Begin();
  Id kept_before = 0, kept_after = 0;
  ASSERT_TRUE(tx->Nested([&](Transaction& unit) -> Result<void> {
    kept_before = AddPatient(unit, "Ana");
    return {};
  }));
  // A unit that wrote, then gave up: its patient is undone.
  auto refused = tx->Nested([&](Transaction& unit) -> Result<void> {
    AddPatient(unit, "Bea");
    return Unexpected(Error{ErrorCode::kConflict, "changed its mind", ""});
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << "the unit's own error comes back";
  // A unit whose write failed: the failure aborts the unit, not the transaction.
  auto failed = tx->Nested([&](Transaction& unit) -> Result<void> {
    AddPatient(unit, "Cleo");
    auto duplicate =
        unit.Accounts().CreateUser(NewUser{"C@clinic.example", "C", domain::Role::kAdmin, "h", std::nullopt, At()});
    EXPECT_FALSE(duplicate);
    auto later = unit.Accounts().FindUser(1);
    EXPECT_EQ(later.error().code, ErrorCode::kFailedPrecondition) << "the aborted unit takes no more calls";
    EXPECT_EQ(unit.Commit().error().code, ErrorCode::kFailedPrecondition);
    return Unexpected(duplicate.error());
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(tx->Nested([&](Transaction& unit) -> Result<void> {
    kept_after = AddPatient(unit, "Dora");
    EXPECT_EQ(unit.Commit().error().code, ErrorCode::kFailedPrecondition) << "a unit does not commit";
    auto nested = unit.Nested([](Transaction&) -> Result<void> { return {}; });
    EXPECT_EQ(nested.error().code, ErrorCode::kFailedPrecondition) << "units do not nest";
    return {};
  }));
  ASSERT_TRUE(tx->Commit());
  tx.reset();

  tx = Begin();
  std::vector<std::string> names;
  const PatientPage page = *tx->Patients().List(PatientQuery{});
  for (const PatientRecord& p : page.items) names.push_back(p.details.given_name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Ana", "Dora"}));
  EXPECT_TRUE(tx->Patients().Find(kept_before));
  EXPECT_TRUE(tx->Patients().Find(kept_after));
}

// Audited reads run in the group commit's batch without a savepoint (issue 23: on PostgreSQL
// a savepoint is two round trips around a one-statement read).
TEST_P(Contract, AReadUnitSeesTheBatchAndLeavesTheTransactionAsItWas) {
  auto tx = Begin();
  Id ana = 0;
  ASSERT_TRUE(tx->Nested([&](Transaction& unit) -> Result<void> {
    ana = AddPatient(unit, "Ana");
    return {};
  }));
  std::string seen;
  ASSERT_TRUE(tx->NestedRead([&](Transaction& unit) -> Result<void> {
    SCARWISE_ASSIGN_OR_RETURN(auto patient, unit.Patients().Find(ana));
    seen = patient.details.given_name;
    EXPECT_EQ(unit.Commit().error().code, ErrorCode::kFailedPrecondition) << "a read unit does not commit";
    EXPECT_EQ(unit.Nested([](Transaction&) -> Result<void> { return {}; }).error().code, ErrorCode::kFailedPrecondition)
        << "units do not nest";
    return {};
  }));
  EXPECT_EQ(seen, "Ana") << "a read sees the writes before it in the batch";
  auto missing = tx->NestedRead([&](Transaction& unit) -> Result<void> {
    SCARWISE_RETURN_IF_ERROR(unit.Patients().Find(ana + 1000));
    return {};
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << "the read's own answer";
  ASSERT_TRUE(tx->Nested([&](Transaction& unit) -> Result<void> {
    AddPatient(unit, "Bea");
    return {};
  })) << "the transaction goes on after a read that found nothing";
  ASSERT_TRUE(tx->Commit());
  auto lost = tx->NestedRead([](Transaction&) -> Result<void> { return {}; });
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << "a committed transaction runs no units";
  tx.reset();
  tx = Begin();
  EXPECT_EQ(tx->Patients().List(PatientQuery{})->items.size(), 2u);
}

TEST_P(Contract, AnAbortedTransactionRunsNoMoreUnits) {
  auto tx = Begin();
  AddPatient(*tx);
  ASSERT_TRUE(tx->Commit());
  auto lost = tx->Nested([](Transaction&) -> Result<void> { return {}; });
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << "a committed transaction runs no units";
}

TEST_P(Contract, ReadOnlyTransactionsSeeCommittedRecords) {
  auto tx = Begin();
  const Id id = AddPatient(*tx);
  ASSERT_TRUE(tx->Commit());
  auto reader = store_->Begin(TransactionMode::kReadOnly);
  ASSERT_TRUE(reader);
  EXPECT_TRUE((*reader)->Patients().Find(id));
  EXPECT_TRUE((*reader)->Commit());
}

TEST_P(Contract, RecordsSurviveClosingAndReopeningTheStore) {
  auto tx = Begin();
  const Id id = AddPatient(*tx, "Persisted", "Record");
  ASSERT_TRUE(tx->AuditLog().Append(NewAuditEntry{At(), 1, "admin", "patient.create", "patient", id, "req-1", "ok"}));
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  Reopen();
  Reopen();  // migrations run again on an up-to-date database: nothing changes

  tx.reset();
  tx = Begin();
  auto found = tx->Patients().Find(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->details.given_name, "Persisted");
  EXPECT_TRUE(tx->AuditLog().Verify()->intact);
  EXPECT_EQ(tx->AuditLog().Verify()->entries_checked, 1);
  auto version = Migrate(url_);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, LatestSchemaVersion());
}

TEST_P(Contract, BeginIsUnavailableWhenEveryConnectionStaysBusy) {
  std::vector<StorageLogEvent> logged;
  StoreOptions options = testing::TestStoreOptions();
  options.max_connections = 1;
  options.busy_timeout = std::chrono::milliseconds(200);
  options.log = [&](const StorageLogEvent& event) { logged.push_back(event); };
  auto small = OpenStore(url_, options);
  ASSERT_TRUE(small);
  auto held = (*small)->Begin(TransactionMode::kReadOnly);
  ASSERT_TRUE(held);
  auto second = (*small)->Begin(TransactionMode::kReadOnly);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].operation, "Begin");
  held->reset();
  EXPECT_TRUE((*small)->Begin(TransactionMode::kReadOnly)) << "the connection came back to the pool";
}

// ---- fault injection ---------------------------------------------------------------------

// Registers a patient the way the service will: the record, its first history entry and the
// audit entry, in one unit of work.
Result<Id> RegisterPatient(Store& store, int attempt) {
  auto tx = store.Begin();
  if (!tx) return Unexpected(tx.error());
  auto id = (*tx)->Patients().Create(NewPatient{SamplePatient("Attempt" + std::to_string(attempt)), At()});
  if (!id) return id;
  auto record = (*tx)->Patients().Find(*id);
  if (!record) return Unexpected(record.error());
  auto history =
      (*tx)->History().Append(NewHistoryEntry{"patient", *id, 1, std::nullopt, At(), PatientSnapshotJson(*record)});
  if (!history) return Unexpected(history.error());
  auto audit =
      (*tx)->AuditLog().Append(NewAuditEntry{At(), std::nullopt, "", "patient.create", "patient", *id, "r", "ok"});
  if (!audit) return Unexpected(audit.error());
  if (auto committed = (*tx)->Commit(); !committed) return Unexpected(committed.error());
  return *id;
}

TEST_P(Contract, FailingAnyStorageCallLeavesAllOrNothingOfAUnitOfWork) {
  int64_t expected = 0;
  int n = 1;
  for (;; ++n) {
    SCOPED_TRACE("storage call " + std::to_string(n) + " fails");
    auto faults = std::make_shared<FaultPlan>();
    faults->FailCall(n);
    auto faulty = testing::OpenFaultyStore(url_, faults);
    auto result = RegisterPatient(*faulty, n);
    if (faults->Fired()) {
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    } else {
      ASSERT_TRUE(result) << result.error().message;
      ++expected;
    }
    const auto patients = testing::CountRows(url_, "patients");
    const auto history = testing::CountRows(url_, "record_history");
    const auto audit = testing::CountRows(url_, "audit_log");
    ASSERT_TRUE(patients && history && audit);
    EXPECT_EQ(*patients, expected);
    EXPECT_EQ(*history, expected);
    EXPECT_EQ(*audit, expected);
    if (!faults->Fired()) break;
  }
  EXPECT_EQ(n, 7) << "Begin, CreatePatient, FindPatient, AppendHistory, AppendAudit, Commit: then no fault";
  auto tx = Begin();
  EXPECT_TRUE(tx->AuditLog().Verify()->intact);
}

// ---- calendar feeds and sign-in failures (security issue 17) ------------------------------

TEST_P(Contract, CalendarFeedsAreListedRevokedAndFetchedAtMostOncePerInterval) {
  auto tx = Begin();
  const Id admin = AddUser(*tx, "admin@clinic.example", domain::Role::kAdmin);
  const Id ana = AddPatient(*tx);
  const Id bea = AddPatient(*tx, "Bea");
  const Id first = *tx->CalendarFeeds().Create(NewCalendarFeed{"hash-1", ana, std::nullopt, admin, At(1)});
  const Id second = *tx->CalendarFeeds().Create(NewCalendarFeed{"hash-2", ana, std::nullopt, admin, At(2)});
  ASSERT_TRUE(tx->CalendarFeeds().Create(NewCalendarFeed{"hash-3", bea, std::nullopt, admin, At(3)}));
  auto feeds = tx->CalendarFeeds().List(ana);
  ASSERT_TRUE(feeds);
  ASSERT_EQ(feeds->size(), 2u);
  EXPECT_EQ((*feeds)[0].id, first);
  EXPECT_FALSE((*feeds)[0].revoked_at);

  EXPECT_TRUE(*tx->CalendarFeeds().ClaimFetch(first, At(100), At(40)));
  EXPECT_FALSE(*tx->CalendarFeeds().ClaimFetch(first, At(130), At(70))) << "fetched 30 s ago, the interval is 60 s";
  EXPECT_TRUE(*tx->CalendarFeeds().ClaimFetch(first, At(160), At(100)));

  EXPECT_EQ(tx->CalendarFeeds().Revoke(bea, first, At(200)).error().code, ErrorCode::kNotFound)
      << "only the patient's own feed";
  ASSERT_TRUE(tx->CalendarFeeds().Revoke(ana, first, At(200)));
  EXPECT_EQ(tx->CalendarFeeds().Revoke(ana, first, At(201)).error().code, ErrorCode::kNotFound) << "revoked already";
  EXPECT_EQ(tx->CalendarFeeds().Find("hash-1")->revoked_at, At(200));
  EXPECT_FALSE(*tx->CalendarFeeds().ClaimFetch(first, At(500), At(440))) << "a revoked feed is never fetched";
  EXPECT_EQ(tx->CalendarFeeds().List(ana)->size(), 1u);
  EXPECT_EQ(*tx->CalendarFeeds().RevokeAll(ana, At(300)), 1);
  EXPECT_TRUE(tx->CalendarFeeds().List(ana)->empty());
  EXPECT_EQ(tx->CalendarFeeds().Find("hash-2")->revoked_at, At(300));
  EXPECT_EQ(tx->CalendarFeeds().List(bea)->size(), 1u);
  ASSERT_TRUE(tx->Commit());
  (void)second;
}

TEST_P(Contract, SignInFailuresAreCountedPerAddressAndForgotten) {
  auto tx = Begin();
  EXPECT_EQ(tx->Sessions().FindLoginFailures("ana@example.org", "203.0.113.7").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Sessions().RecordLoginFailure("ana@example.org", "203.0.113.7", At(1))->failures, 1);
  EXPECT_EQ(tx->Sessions().RecordLoginFailure("ana@example.org", "203.0.113.7", At(2))->failures, 2);
  EXPECT_EQ(tx->Sessions().RecordLoginFailure("ana@example.org", "198.51.100.1", At(3))->failures, 1)
      << "another address";
  EXPECT_TRUE(*tx->Sessions().MarkLoginRefusalAudited("ana@example.org", "203.0.113.7"));
  EXPECT_FALSE(*tx->Sessions().MarkLoginRefusalAudited("ana@example.org", "203.0.113.7")) << "once per burst";
  auto found = tx->Sessions().FindLoginFailures("ana@example.org", "203.0.113.7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->failures, 2);
  EXPECT_EQ(found->last_failure_at, At(2));
  EXPECT_TRUE(found->refusal_audited);
  ASSERT_TRUE(tx->Sessions().RecordLoginFailure("ana@example.org", "203.0.113.7", At(4)));
  EXPECT_FALSE(tx->Sessions().FindLoginFailures("ana@example.org", "203.0.113.7")->refusal_audited) << "a new burst";
  ASSERT_TRUE(tx->Sessions().ClearLoginFailures("ana@example.org", "203.0.113.7"));
  EXPECT_EQ(tx->Sessions().FindLoginFailures("ana@example.org", "203.0.113.7").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*tx->Sessions().DeleteLoginFailuresBefore(At(10)), 1);
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Contract, SignInFailuresCountedByTwoServersAtOnceAreAllCounted) {
  constexpr int kThreads = 4;
  constexpr int kEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        for (int attempt = 0; attempt < 50; ++attempt) {  // contention aborts are retried, as the service does
          auto tx = store_->Begin();
          if (tx && (*tx)->Sessions().RecordLoginFailure("ana@example.org", "203.0.113.7", At(i)) && (*tx)->Commit())
            break;
          if (attempt == 49) ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = Begin();
  EXPECT_EQ(tx->Sessions().FindLoginFailures("ana@example.org", "203.0.113.7")->failures, kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Contract, ::testing::ValuesIn(SqliteBackends()));
INSTANTIATE_TEST_SUITE_P(Postgres, Contract, ::testing::ValuesIn(PostgresBackends()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Contract);

}  // namespace
}  // namespace scarwise::storage::test

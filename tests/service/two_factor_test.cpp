// Staff two-factor sign-in on a real SQLite database: RFC 6238 codes, enrolment confirmed
// with the code an authenticator app would show (computed here with liboath), sign-in that
// asks for a code only after the password, codes that work once, recovery codes that work
// once, and the clinic's policy that holds un-enrolled staff to enrolment.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "service/accounts_service.hpp"
#include "service/records_service.hpp"
#include "service/two_factor.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_dir.hpp"
#include "support/test_protocol.hpp"
#include "support/totp.hpp"

namespace scarwise::service {
namespace {

namespace fs = std::filesystem;
using scarwise::testing::AuthenticatorCode;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// ---- codes ---------------------------------------------------------------------------------

TEST(Totp, MatchesTheTestVectorsOfRfc6238) {
  // RFC 6238 appendix B, HMAC-SHA1: the ASCII secret "12345678901234567890", 8 digits.
  const std::string secret = Base32("12345678901234567890");
  EXPECT_EQ(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  const struct {
    int64_t unix_time;
    const char* code;
  } kVectors[] = {{59, "94287082"}, {1111111109, "07081804"}, {1234567890, "89005924"}, {2000000000, "69279037"}};
  for (const auto& v : kVectors) {
    SCOPED_TRACE(v.unix_time);
    const auto step = MatchTotp(secret, v.code, sys_seconds(seconds(v.unix_time)), 8);
    ASSERT_TRUE(step) << "the RFC's code is accepted at its own time";
    EXPECT_EQ(*step, v.unix_time / 30);
  }
  EXPECT_FALSE(MatchTotp(secret, "94287083", sys_seconds(seconds(59)), 8)) << "one digit off";
}

TEST(Totp, AcceptsOneStepEitherSideAndNoMore) {
  const std::string secret = NewTotpSecret();
  EXPECT_EQ(secret.size(), 32u) << "20 random bytes in base32";
  const sys_seconds now(seconds(1'795'000'000));
  const std::string code = AuthenticatorCode(secret, now);
  ASSERT_EQ(code.size(), 6u);
  const struct {
    const char* name;
    seconds checked_later;
    bool accepted;
  } kCases[] = {{"same step", seconds(0), true},
                {"typed as it changed (next step)", seconds(30), true},
                {"phone a step ahead (previous step)", seconds(-30), true},
                {"two steps later", seconds(60), false},
                {"two steps earlier", seconds(-60), false}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(MatchTotp(secret, code, now + c.checked_later).has_value(), c.accepted);
  }
  for (const char* bad : {"", "12345", "1234567", "12345a", " 123456"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(MatchTotp(secret, bad, now));
  }
}

TEST(Totp, TheEnrolmentUriAndQrCodeCarryTheSecret) {
  const std::string uri = OtpauthUri("dr.vos+1@clinic.example", "ABCDEFGH");
  EXPECT_EQ(uri,
            "otpauth://totp/Scarwise:dr.vos%2B1@clinic.example?secret=ABCDEFGH&issuer=Scarwise&digits=6&period=30");
  const std::string svg = QrSvg(uri);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("<path fill=\"#000\" d=\"M"), std::string::npos) << "dark modules are drawn";
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(RecoveryCodes, AreTenDistinctHighEntropyCodesMatchedAsTypedAnyway) {
  const std::vector<std::string> codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  for (const std::string& code : codes) {
    SCOPED_TRACE(code);
    ASSERT_EQ(code.size(), 19u) << "four groups of four";
    EXPECT_FALSE(IsTotpCode(code));
  }
  EXPECT_EQ(RecoveryCodeHash("7k2m-q9xd-4hnp-e8wr"), RecoveryCodeHash("7K2M Q9XD 4HNP E8WR"));
  EXPECT_EQ(RecoveryCodeHash("0000-1111-aaaa-bbbb"), RecoveryCodeHash("oooo-iiii-aaaa-bbbb")) << "read aloud";
  EXPECT_NE(RecoveryCodeHash(codes[0]), RecoveryCodeHash(codes[1]));
  EXPECT_EQ(RecoveryCodeHash(codes[0]).size(), 64u) << "hex SHA-256, never the code";
}

// ---- the use cases -------------------------------------------------------------------------

class FakeClock final : public Clock {
 public:
  sys_seconds Now() const override { return now; }
  sys_seconds now{seconds(1'795'000'005)};  // 5 s into a TOTP step
};

class TwoFactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scarwise::testing::TestDirectory("2fa");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = storage::OpenStore("sqlite:" + (dir_ / "test.db").string(), storage::testing::TestStoreOptions());
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::make_unique<AccountsService>(*store_, clock_);
    records_ = std::make_unique<RecordsService>(accounts_->access(), scarwise::testing::ClinicalProtocol(), clock_);
    auto admin =
        accounts_->CreateStaffUser({std::nullopt, "t"}, {"admin@x.test", "Admin", "admin", "admin password 1"});
    ASSERT_TRUE(admin) << admin.error().ToString();
    admin_ = Actor{admin->id, Role::kAdmin, std::nullopt};
    auto doc = accounts_->CreateStaffUser({admin_, "t"}, {"doc@x.test", "Doc", "clinician", "clinician pass 1"});
    ASSERT_TRUE(doc);
    doctor_ = Actor{doc->id, Role::kClinician, std::nullopt};
  }
  void TearDown() override {
    records_.reset();
    accounts_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  Request As(const Actor& actor) const { return {actor, "req-2fa"}; }
  // Enrols the doctor: the secret and the recovery codes.
  std::pair<std::string, std::vector<std::string>> EnrolDoctor() {
    auto enrolment = accounts_->StartTwoFactor(As(doctor_));
    EXPECT_TRUE(enrolment) << enrolment.error().ToString();
    if (!enrolment) return {};
    auto codes = accounts_->ConfirmTwoFactor(As(doctor_), AuthenticatorCode(enrolment->secret_base32, clock_.now));
    EXPECT_TRUE(codes) << codes.error().ToString();
    return {enrolment->secret_base32, codes ? *codes : std::vector<std::string>{}};
  }
  std::vector<std::string> AuditActions() {
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    EXPECT_TRUE(tx);
    storage::AuditQuery query;
    query.limit = 1000;
    auto page = (*tx)->AuditLog().List(query);
    EXPECT_TRUE(page);
    std::vector<std::string> actions;
    for (const auto& entry : page->items) actions.push_back(entry.action + ":" + entry.outcome);
    return actions;
  }
  static bool Has(const std::vector<std::string>& actions, const std::string& wanted) {
    return std::find(actions.begin(), actions.end(), wanted) != actions.end();
  }

  fs::path dir_;
  FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AccountsService> accounts_;
  std::unique_ptr<RecordsService> records_;
  Actor admin_, doctor_;
};

TEST_F(TwoFactorTest, EnrolmentIsConfirmedWithTheAppsCurrentCodeAndGivesRecoveryCodesOnce) {
  auto enrolment = accounts_->StartTwoFactor(As(doctor_));
  ASSERT_TRUE(enrolment) << enrolment.error().ToString();
  EXPECT_EQ(enrolment->otpauth_uri, "otpauth://totp/Scarwise:doc@x.test?secret=" + enrolment->secret_base32 +
                                        "&issuer=Scarwise&digits=6&period=30");
  EXPECT_NE(enrolment->qr_svg.find("<svg"), std::string::npos);
  EXPECT_TRUE(accounts_->TwoFactor(As(doctor_))->pending);
  EXPECT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r")) << "pending: sign-in needs no code yet";

  const auto wrong = accounts_->ConfirmTwoFactor(As(doctor_), "000000");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong.error().field, "code");
  EXPECT_EQ(accounts_->ConfirmTwoFactor(As(doctor_), "12345").error().field, "code");

  auto codes = accounts_->ConfirmTwoFactor(As(doctor_), AuthenticatorCode(enrolment->secret_base32, clock_.now));
  ASSERT_TRUE(codes) << codes.error().ToString();
  EXPECT_EQ(codes->size(), 10u);
  const auto status = accounts_->TwoFactor(As(doctor_));
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->enabled);
  EXPECT_FALSE(status->pending);
  EXPECT_EQ(status->recovery_codes_left, 10);
  EXPECT_EQ(accounts_->StartTwoFactor(As(doctor_)).error().field, "two_factor") << "on: no second enrolment";

  const auto actions = AuditActions();
  EXPECT_TRUE(Has(actions, "two_factor.enrol:ok"));
  EXPECT_TRUE(Has(actions, "two_factor.confirm:ok"));
}

TEST_F(TwoFactorTest, SignInAsksForTheCodeOnlyAfterTheRightPasswordAndEachCodeWorksOnce) {
  const auto [secret, recovery] = EnrolDoctor();
  ASSERT_EQ(recovery.size(), 10u);

  const auto wrong_password = accounts_->Login("doc@x.test", "not the password", "r");
  ASSERT_FALSE(wrong_password);
  EXPECT_EQ(wrong_password.error().field, "") << "a wrong password does not learn that a code is needed";

  const auto no_code = accounts_->Login("doc@x.test", "clinician pass 1", "r");
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(no_code.error().field, "code");
  EXPECT_NE(no_code.error().message.find("6-digit code"), std::string::npos);

  const auto wrong_code = accounts_->Login("doc@x.test", "clinician pass 1", "r", "", "000000");
  ASSERT_FALSE(wrong_code);
  EXPECT_EQ(wrong_code.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong_code.error().field, "code");

  const auto confirming =
      accounts_->Login("doc@x.test", "clinician pass 1", "r", "", AuthenticatorCode(secret, clock_.now));
  ASSERT_FALSE(confirming) << "the code that confirmed the enrolment does not sign in too";
  EXPECT_EQ(confirming.error().field, "code");

  clock_.now += seconds(30);
  const std::string next = AuthenticatorCode(secret, clock_.now);
  auto signed_in = accounts_->Login("doc@x.test", "clinician pass 1", "r", "", next);
  ASSERT_TRUE(signed_in) << signed_in.error().ToString();
  EXPECT_TRUE(accounts_->Authenticate(signed_in->token));
  const auto replayed = accounts_->Login("doc@x.test", "clinician pass 1", "r", "", next);
  ASSERT_FALSE(replayed) << "a code seen on the way in cannot be replayed";
  EXPECT_EQ(replayed.error().field, "code");

  ASSERT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r", "", recovery[3]));
  EXPECT_EQ(accounts_->TwoFactor(As(doctor_))->recovery_codes_left, 9);
  const auto again = accounts_->Login("doc@x.test", "clinician pass 1", "r", "", recovery[3]);
  ASSERT_FALSE(again) << "a recovery code works once";
  EXPECT_EQ(again.error().field, "code");

  const auto actions = AuditActions();
  EXPECT_TRUE(Has(actions, "auth.login:code_required"));
  EXPECT_TRUE(Has(actions, "auth.login:wrong_two_factor_code"));
  EXPECT_TRUE(Has(actions, "two_factor.recovery_code_used:ok"));
}

TEST_F(TwoFactorTest, WrongCodesCountAsFailedSignIns) {
  EnrolDoctor();
  // Two wrong passwords and a wrong code: three failures of the pair, so even the right
  // password with the right code now waits (the sign-in throttle).
  EXPECT_FALSE(accounts_->Login("doc@x.test", "wrong password 1", "r"));
  EXPECT_FALSE(accounts_->Login("doc@x.test", "wrong password 2", "r"));
  EXPECT_EQ(accounts_->Login("doc@x.test", "clinician pass 1", "r", "", "111111").error().field, "code");
  const auto throttled = accounts_->Login("doc@x.test", "clinician pass 1", "r", "", "222222");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, ErrorCode::kResourceExhausted);
}

TEST_F(TwoFactorTest, TurningItOffNeedsACurrentCodeAndIsRefusedWhileTheClinicRequiresIt) {
  const auto [secret, recovery] = EnrolDoctor();
  EXPECT_EQ(accounts_->DisableTwoFactor(As(doctor_), std::nullopt).error().field, "code");
  EXPECT_EQ(accounts_->DisableTwoFactor(As(doctor_), "999999").error().field, "code");

  ASSERT_TRUE(accounts_->SetSecuritySettings(As(admin_), true));
  clock_.now += seconds(30);
  const auto required = accounts_->DisableTwoFactor(As(doctor_), AuthenticatorCode(secret, clock_.now));
  ASSERT_FALSE(required);
  EXPECT_EQ(required.error().code, ErrorCode::kConflict);
  EXPECT_EQ(required.error().field, "two_factor");

  ASSERT_TRUE(accounts_->SetSecuritySettings(As(admin_), false));
  ASSERT_TRUE(accounts_->DisableTwoFactor(As(doctor_), AuthenticatorCode(secret, clock_.now)));
  EXPECT_FALSE(accounts_->TwoFactor(As(doctor_))->enabled);
  EXPECT_EQ(accounts_->TwoFactor(As(doctor_))->recovery_codes_left, 0);
  EXPECT_TRUE(accounts_->Login("doc@x.test", "clinician pass 1", "r")) << "off: the password alone signs in";
  EXPECT_TRUE(Has(AuditActions(), "two_factor.disable:ok"));
}

TEST_F(TwoFactorTest, TheClinicsRequirementHoldsUnenrolledStaffToEnrolmentUntilTheyEnrol) {
  auto before = accounts_->SecuritySettings(As(admin_));
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->require_two_factor_for_staff) << "off in a new database";
  auto doctor_session = accounts_->Login("doc@x.test", "clinician pass 1", "r");
  ASSERT_TRUE(doctor_session);
  EXPECT_FALSE(accounts_->Authenticate(doctor_session->token)->must_enrol_two_factor);

  EXPECT_EQ(accounts_->SetSecuritySettings(As(doctor_), true).error().code, ErrorCode::kPermissionDenied)
      << "an admin's setting";
  ASSERT_TRUE(accounts_->SetSecuritySettings(As(admin_), true));
  EXPECT_TRUE(accounts_->SecuritySettings(As(admin_))->require_two_factor_for_staff);
  EXPECT_TRUE(Has(AuditActions(), "security.require_two_factor:ok"));

  auto actor = accounts_->Authenticate(doctor_session->token);
  ASSERT_TRUE(actor) << "an un-enrolled account still signs in, to enrol";
  EXPECT_TRUE(actor->must_enrol_two_factor) << "at once: the policy change empties the session cache";

  EnrolDoctor();
  actor = accounts_->Authenticate(doctor_session->token);
  ASSERT_TRUE(actor);
  EXPECT_FALSE(actor->must_enrol_two_factor) << "enrolled: no longer held";
}

TEST_F(TwoFactorTest, IsForStaffAccounts) {
  auto patient = records_->CreatePatient(
      As(doctor_), {"Ada", "Testperson", *ParseDate("1994-03-17", "d"), domain::Sex::kFemale, "ada@mail.test", "", 3});
  ASSERT_TRUE(patient);
  auto invitation = accounts_->InvitePatient(As(doctor_), patient->id, "ada@mail.test");
  ASSERT_TRUE(invitation);
  auto account = accounts_->AcceptInvitation(invitation->token, "ada long password", "r");
  ASSERT_TRUE(account);
  const Actor ada{account->id, Role::kPatient, patient->id};
  EXPECT_EQ(accounts_->StartTwoFactor(As(ada)).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(accounts_->SetSecuritySettings(As(admin_), true));
  auto session = accounts_->Login("ada@mail.test", "ada long password", "r");
  ASSERT_TRUE(session);
  EXPECT_FALSE(accounts_->Authenticate(session->token)->must_enrol_two_factor) << "the requirement is for staff";
}

}  // namespace
}  // namespace scarwise::service

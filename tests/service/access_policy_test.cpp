// Who may do what: the whole role x action matrix, and patient isolation.
#include <gtest/gtest.h>

#include <set>
#include <string_view>

#include "service/access_policy.hpp"
#include "storage/records.hpp"

namespace scarwise::service {
namespace {

TEST(AccessPolicy, StaffRolesByAction) {
  // A, C, K, P = admin, clinician, coordinator (front desk), patient (own record)
  const struct {
    Action action;
    const char* allowed;  // which of "ACKP" may
  } rows[] = {
      {Action::kUserCreate, "A"},
      {Action::kAuditRead, "A"},
      {Action::kPatientList, "ACK"},
      {Action::kPatientCreate, "ACK"},
      {Action::kPatientRead, "ACKP"},
      {Action::kPatientUpdate, "ACK"},
      {Action::kPortalAccountCreate, "ACK"},
      {Action::kAssessmentCreate, "C"},
      {Action::kAssessmentRead, "ACP"},
      {Action::kScreeningCreate, "C"},
      {Action::kScreeningRead, "ACP"},
      {Action::kPlanPropose, "C"},
      {Action::kPlanRead, "ACKP"},
      {Action::kPlanApprove, "C"},
      {Action::kProductCheck, "ACKP"},
      {Action::kHistoryRead, "AC"},
      {Action::kPlanAdjust, "C"},
      {Action::kCheckInCreate, "CKP"},
      {Action::kCheckInRead, "ACP"},
      {Action::kAlertRead, "AC"},
      {Action::kAlertTriage, "C"},
      {Action::kSessionChart, "C"},
      {Action::kSessionRead, "ACP"},
      {Action::kClinicConfigure, "A"},
      {Action::kClinicRead, "ACK"},
      {Action::kBookingCreate, "ACK"},
      {Action::kAppointmentRead, "ACKP"},
      {Action::kAppointmentChange, "ACK"},
      {Action::kOutboxRead, "ACK"},
      {Action::kUserList, "A"},
      {Action::kUserDisable, "A"},
      {Action::kUserEnable, "A"},
      {Action::kCalendarFeedRevoke, "ACKP"},
      {Action::kOutboxRetry, "ACK"},
      {Action::kReassessmentCreate, "C"},
      {Action::kProgressRead, "ACP"},
      {Action::kProgressList, "AC"},
      {Action::kPrecautionRecord, "C"},
      {Action::kDeviceLotConfigure, "A"},
      {Action::kDeviceLotRead, "AC"},
      {Action::kLotRecall, "AC"},
      {Action::kAdverseEventCreate, "C"},
      {Action::kAdverseEventRead, "AC"},
      {Action::kAdverseEventUpdate, "C"},
      {Action::kSessionDeviation, "C"},
      {Action::kConsentSign, "CP"},
      {Action::kConsentRead, "ACP"},
      {Action::kConsentWithdraw, "CP"},
      {Action::kPhotoUpload, "C"},
      {Action::kPhotoRead, "CP"},
      {Action::kPhotoPurposeWithdrawn, "CP"},
      {Action::kRecordExport, "ACP"},
      {Action::kClinicExport, "AC"},
      {Action::kPatientImport, "A"},
      {Action::kUserRoleChange, "A"},
  };
  const struct {
    char letter;
    Role role;
  } roles[] = {{'A', Role::kAdmin}, {'C', Role::kClinician}, {'K', Role::kCoordinator}, {'P', Role::kPatient}};
  for (const auto& row : rows) {
    for (const auto& r : roles) {
      SCOPED_TRACE(std::string(ActionName(row.action)) + " by " + std::string(NameOf(r.role)));
      const Actor actor{1, r.role, r.role == Role::kPatient ? std::optional<int64_t>(7) : std::nullopt};
      const bool expected = std::string(row.allowed).find(r.letter) != std::string::npos;
      const auto result = Authorize(actor, row.action, 7);
      EXPECT_EQ(result.has_value(), expected);
      if (!expected) {
        EXPECT_EQ(result.error().code, ErrorCode::kPermissionDenied);
      }
    }
  }
  EXPECT_EQ(std::size(rows), 55u) << "every Action has a row";
}

TEST(AccessPolicy, APatientNeverLearnsAboutAnotherPatient) {
  const Actor patient{1, Role::kPatient, 7};
  for (Action action : {Action::kPatientRead, Action::kPlanRead, Action::kAssessmentRead, Action::kPatientUpdate,
                        Action::kPlanApprove}) {
    SCOPED_TRACE(std::string(ActionName(action)));
    const auto result = Authorize(patient, action, 8);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  }
  EXPECT_TRUE(Authorize(patient, Action::kPatientRead, 7));
  EXPECT_EQ(Authorize(patient, Action::kPatientList).error().code, ErrorCode::kPermissionDenied);
}

// Each status and kind has one name per value, and reads back from it; anything else is no
// value at all (the API answers 400 and the database's CHECK refuses it).
template <typename E>
void ExpectNamesReadBack(size_t values) {
  std::set<std::string_view> names;
  for (const Named<E>& entry : NamesOf(E{})) {
    EXPECT_FALSE(entry.name.empty());
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " named twice";
    EXPECT_EQ(NameOf(entry.value), entry.name);
    EXPECT_EQ(FromName<E>(entry.name), entry.value);
  }
  EXPECT_EQ(names.size(), values);
  EXPECT_FALSE(FromName<E>("superuser"));
  EXPECT_FALSE(FromName<E>(""));
}

TEST(EnumNames, EveryStatusAndKindReadsBackFromItsName) {
  ExpectNamesReadBack<Role>(4);
  ExpectNamesReadBack<domain::Urgency>(4);
  ExpectNamesReadBack<domain::AlertStatus>(3);
  ExpectNamesReadBack<domain::AppointmentStatus>(4);
  ExpectNamesReadBack<domain::ResourceKind>(3);
  ExpectNamesReadBack<storage::DeliveryStatus>(4);
  ExpectNamesReadBack<storage::PlanStatus>(2);
  ExpectNamesReadBack<storage::AppointmentKind>(2);
}

}  // namespace
}  // namespace scarwise::service

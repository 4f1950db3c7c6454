#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "domain/role.hpp"

namespace scarwise::service {

using domain::Role;  // named by NameOf / FromName<Role> (domain/role.hpp)

// Who is asking. A patient actor carries the one patient record it may see.
struct Actor {
  int64_t user_id = 0;
  Role role = Role::kPatient;
  std::optional<int64_t> patient_id;
  // A staff account the clinic requires two-factor sign-in of that has not enrolled: the
  // API answers only its own account, enrolment and sign-out (see http::Authenticate).
  bool must_enrol_two_factor = false;
};

// What can be done to records. Staff permissions are by role; a patient may only read its
// own records and use the patient-facing services.
enum class Action {
  kUserCreate,
  kAuditRead,
  kPatientList,
  kPatientCreate,
  kPatientRead,
  kPatientUpdate,
  kPortalAccountCreate,
  kAssessmentCreate,
  kAssessmentRead,
  kScreeningCreate,
  kScreeningRead,
  kPlanPropose,
  kPlanRead,
  kPlanApprove,
  kProductCheck,
  kHistoryRead,
  kPlanAdjust,
  kCheckInCreate,
  kCheckInRead,
  kAlertRead,
  kAlertTriage,
  kSessionChart,
  kSessionRead,
  kClinicConfigure,
  kClinicRead,
  kBookingCreate,
  kAppointmentRead,
  kAppointmentChange,
  kOutboxRead,
  kUserList,
  kUserDisable,
  kUserEnable,
  kCalendarFeedRevoke,
  kOutboxRetry,
  kReassessmentCreate,
  kProgressRead,
  kProgressList,
  kPrecautionRecord,
  kDeviceLotConfigure,
  kDeviceLotRead,
  kLotRecall,
  kAdverseEventCreate,
  kAdverseEventRead,
  kAdverseEventUpdate,
  kSessionDeviation,
  kConsentSign,
  kConsentRead,
  kConsentWithdraw,
  kPhotoUpload,
  kPhotoRead,
  kPhotoPurposeWithdrawn,  // a withdrawn consent takes its purpose off the photos taken for it
  kRecordExport,           // a patient's whole course as FHIR (the patient: their own)
  kClinicExport,           // CSV lists and the whole-clinic FHIR export
  kPatientImport,          // patients from a CSV file
  kUserRoleChange,         // a staff account's role
};
std::string_view ActionName(Action action);  // "patient.read", for the audit log

// kOk, or kPermissionDenied for a staff role that may not; for a patient actor, anything
// about another patient is kNotFound (a patient must not learn that the record exists).
// `patient_id` is the patient whose record is touched, when there is one.
Result<void> Authorize(const Actor& actor, Action action, std::optional<int64_t> patient_id = std::nullopt);

}  // namespace scarwise::service

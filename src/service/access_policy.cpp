#include "service/access_policy.hpp"

#include <array>

namespace scarwise::service {
namespace {

struct Permission {
  Action action;
  std::string_view name;
  // admin, clinician, coordinator, patient (own records only)
  std::array<bool, 4> allowed;
};

// The access matrix. Changing a row changes who may do what: keep it reviewed.
// Coordinators (the front desk) book and remind: they never read the clinical record -
// assessments, screenings, charted sessions, check-ins, alerts, the record's history - and
// see plans only in their booking view (http/records_routes.cpp, EncodePlan).
constexpr std::array<Permission, 55> kMatrix = {{
    {Action::kUserCreate, "user.create", {true, false, false, false}},
    {Action::kAuditRead, "audit.read", {true, false, false, false}},
    {Action::kPatientList, "patient.list", {true, true, true, false}},
    {Action::kPatientCreate, "patient.create", {true, true, true, false}},
    {Action::kPatientRead, "patient.read", {true, true, true, true}},
    {Action::kPatientUpdate, "patient.update", {true, true, true, false}},
    {Action::kPortalAccountCreate, "portal_account.create", {true, true, true, false}},
    {Action::kAssessmentCreate, "assessment.create", {false, true, false, false}},
    {Action::kAssessmentRead, "assessment.read", {true, true, false, true}},
    {Action::kScreeningCreate, "screening.create", {false, true, false, false}},
    {Action::kScreeningRead, "screening.read", {true, true, false, true}},
    {Action::kPlanPropose, "plan.propose", {false, true, false, false}},
    {Action::kPlanRead, "plan.read", {true, true, true, true}},
    {Action::kPlanApprove, "plan.approve", {false, true, false, false}},
    {Action::kProductCheck, "product_check.create", {true, true, true, true}},
    {Action::kHistoryRead, "history.read", {true, true, false, false}},
    {Action::kPlanAdjust, "plan.adjust", {false, true, false, false}},
    {Action::kCheckInCreate, "check_in.create", {false, true, true, true}},
    {Action::kCheckInRead, "check_in.read", {true, true, false, true}},
    {Action::kAlertRead, "alert.read", {true, true, false, false}},
    {Action::kAlertTriage, "alert.triage", {false, true, false, false}},
    {Action::kSessionChart, "session.chart", {false, true, false, false}},
    {Action::kSessionRead, "session.read", {true, true, false, true}},
    {Action::kClinicConfigure, "clinic.configure", {true, false, false, false}},
    {Action::kClinicRead, "clinic.read", {true, true, true, false}},
    {Action::kBookingCreate, "booking.create", {true, true, true, false}},
    {Action::kAppointmentRead, "appointment.read", {true, true, true, true}},
    {Action::kAppointmentChange, "appointment.change", {true, true, true, false}},
    {Action::kOutboxRead, "outbox.read", {true, true, true, false}},
    {Action::kUserList, "user.list", {true, false, false, false}},
    {Action::kUserDisable, "user.disable", {true, false, false, false}},
    {Action::kUserEnable, "user.enable", {true, false, false, false}},
    {Action::kCalendarFeedRevoke, "calendar_feed.revoke", {true, true, true, true}},
    {Action::kOutboxRetry, "outbox.retry", {true, true, true, false}},
    {Action::kReassessmentCreate, "reassessment.create", {false, true, false, false}},
    {Action::kProgressRead, "progress.read", {true, true, false, true}},
    {Action::kProgressList, "progress.list", {true, true, false, false}},
    // clinical safety: precautions recorded, the cartridge catalogue, recalls, adverse events
    {Action::kPrecautionRecord, "precaution.record", {false, true, false, false}},
    {Action::kDeviceLotConfigure, "device_lot.configure", {true, false, false, false}},
    {Action::kDeviceLotRead, "device_lot.read", {true, true, false, false}},
    {Action::kLotRecall, "lot.recall", {true, true, false, false}},
    {Action::kAdverseEventCreate, "adverse_event.create", {false, true, false, false}},
    {Action::kAdverseEventRead, "adverse_event.read", {true, true, false, false}},
    {Action::kAdverseEventUpdate, "adverse_event.update", {false, true, false, false}},
    // a session charted outside the plan (interval, depth), with the clinician's reason
    {Action::kSessionDeviation, "session.deviation", {false, true, false, false}},
    // Consent is signed by the patient: in the portal, or on the clinic's tablet that a
    // clinician hands over (the clinician's session records it). Withdrawal the same way.
    {Action::kConsentSign, "consent.sign", {false, true, false, true}},
    {Action::kConsentRead, "consent.read", {true, true, false, true}},
    {Action::kConsentWithdraw, "consent.withdraw", {false, true, false, true}},
    // Photographs are clinical record: the treating clinician and the patient, no one else.
    {Action::kPhotoUpload, "photo.upload", {false, true, false, false}},
    {Action::kPhotoRead, "photo.read", {false, true, false, true}},
    {Action::kPhotoPurposeWithdrawn, "photo.purpose_withdrawn", {false, true, false, true}},
    {Action::kRecordExport, "record.export", {true, true, false, true}},
    {Action::kClinicExport, "clinic.export", {true, true, false, false}},
    {Action::kPatientImport, "patient.import", {true, false, false, false}},
    {Action::kUserRoleChange, "user.role_change", {true, false, false, false}},
}};

// The matrix is in Action order; tests/service/access_policy_test.cpp checks it.
const Permission& Find(Action action) {
  return kMatrix[static_cast<size_t>(action)];
}

}  // namespace

std::string_view ActionName(Action action) {
  return Find(action).name;
}

Result<void> Authorize(const Actor& actor, Action action, std::optional<int64_t> patient_id) {
  const Permission& permission = Find(action);
  const bool allowed = permission.allowed[static_cast<size_t>(actor.role)];
  if (actor.role == Role::kPatient) {
    const bool own = !patient_id || (actor.patient_id && *actor.patient_id == *patient_id);
    if (!own) return Unexpected(NotFound("no such patient"));
    if (!allowed) {
      // Listing every patient is a staff action: say so plainly.
      return Unexpected(PermissionDenied("a patient account may not do this"));
    }
    return {};
  }
  if (!allowed) {
    return Unexpected(
        PermissionDenied("the " + std::string(NameOf(actor.role)) + " role may not " + std::string(permission.name)));
  }
  return {};
}

}  // namespace scarwise::service

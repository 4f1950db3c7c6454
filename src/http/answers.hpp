#pragma once

// The JSON of what the services answer: their records (storage types) and outcomes (service
// types), one encoder per shape, for the route files. They live here, beside the routes, and
// not in interop/json: interop sees only domain and common types (docs/architecture.md), so
// the codecs of domain values are in interop/json and these call them.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/guide/faq.hpp"
#include "http/http_types.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/outbox.hpp"
#include "service/photo_service.hpp"
#include "service/records_service.hpp"
#include "service/recovery_service.hpp"
#include "service/scheduling_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::http {

// ---- what each role may see ----
// A patient's own read carries patient wording only: never where a rule comes from
// ("source"), whether it is verified ("unverified"), the clinician's reasoning ("because",
// a plan's "explanation") or notes ("notes", an amendment's "reason"). Staff reads are
// unchanged. Removed at every depth of `doc`.
nlohmann::json ForRole(nlohmann::json doc, service::Role role);
// The same, for a request (its actor's role; an anonymous request is treated as a patient's).
nlohmann::json ForReader(nlohmann::json doc, const service::Request& who);

// ---- accounts ----
nlohmann::json EncodeUser(const storage::UserRecord& u);
nlohmann::json EncodeSecurity(const storage::SecuritySettingsRecord& s);
nlohmann::json EncodeTwoFactorStatus(const service::TwoFactorStatus& s);
nlohmann::json EncodeTwoFactorEnrolment(const service::TwoFactorEnrolment& e);

// ---- records ----
// A patient's answer: the record, its version as the ETag.
HttpResponse PatientResponse(int status, const storage::PatientRecord& p);
// A page of patients: {items, next_cursor}.
std::string PatientPageJson(const storage::PatientPage& page);
nlohmann::json EncodeEvaluation(const storage::EvaluationRecord& e);
// EncodeEvaluation's JSON text with the two documents spliced in verbatim, for a record the
// server has just written: they are the JSON it made, so parsing them back is wasted work.
std::string NewEvaluationJson(const storage::EvaluationRecord& e);
// A plan as the caller's role may see it. Coordinators (the front desk) get what booking the
// series needs - its status, sessions, interval window and session length - never the
// scores, screening, depths, expected improvement or the records it was made from.
nlohmann::json EncodePlan(const storage::PlanRecord& p, service::Role role);
nlohmann::json EncodePlans(const std::vector<storage::PlanRecord>& plans, service::Role role);
nlohmann::json EncodeHistory(const storage::HistoryRecord& h);
nlohmann::json EncodeAudit(const storage::AuditRecord& a);

// ---- recovery and the patients' questions ----
nlohmann::json EncodeCheckIn(const storage::CheckInRecord& r);
nlohmann::json EncodeAlert(const storage::AlertRecord& r);
// An alert as the patient who raised it sees it: that the clinic was told and how urgently,
// never the staff's wording, rule or source.
nlohmann::json EncodeAlertForPatient(const storage::AlertRecord& r);
// An adverse event of the register: {id, patient_id, type, severity, onset_on, session_id,
// lot, alert_id, treatment, outcome, resolved_on, notes, recorded_by, recorded_at, updated_at,
// version} (absent values null). The one shape of the register's lists, for reuse (exports).
nlohmann::json EncodeAdverseEvent(const storage::AdverseEventRecord& r);
nlohmann::json EncodeFaq(const domain::FaqEntry& entry);
// ---- consent ----
nlohmann::json EncodeConsentText(const service::ShownConsentText& text);
nlohmann::json EncodeConsent(const storage::ConsentRecord& record);
// ---- photographs ----
nlohmann::json EncodePhoto(const service::PhotoListing& photo);

// ---- session day ----
nlohmann::json EncodeAmendment(const storage::SessionAmendmentRecord& r);
nlohmann::json EncodeChartedSession(const service::ChartedSession& charted);
nlohmann::json EncodeProductCheckRecord(const storage::ProductCheckRecord& r);

// ---- scheduling ----
nlohmann::json EncodeScheduledSession(const service::ScheduledSession& s);
nlohmann::json EncodeScheduledSessions(const std::vector<service::ScheduledSession>& sessions);
nlohmann::json EncodeClinicCalendar(const service::ClinicCalendarSettings& c);
nlohmann::json EncodeResource(const storage::ResourceRecord& r);
nlohmann::json EncodeReflow(const service::ReflowOutcome& o);
nlohmann::json EncodeAlternatives(const std::vector<service::SeriesAlternative>& alternatives);
nlohmann::json EncodePractitionerUpdate(const service::SchedulingService::PractitionerUpdate& updated);
nlohmann::json EncodeCalendarFeed(const storage::CalendarFeedRecord& f);

// ---- outbox ----
nlohmann::json EncodeOutboxMessage(const storage::OutboxRecord& r);

// ---- progress ----
// The course as the API shows it. A patient sees their progress against the band and the
// protocol's words for them, not the clinician's reason and suggestions.
nlohmann::json EncodeCourse(const service::CourseProgressView& view, const domain::OutcomeModel& model,
                            bool for_patient);

}  // namespace scarwise::http

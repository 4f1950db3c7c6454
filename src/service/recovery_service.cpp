#include "service/recovery_service.hpp"

#include <algorithm>
#include <map>

#include "service/clinic_identity.hpp"
#include "service/outbox.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

std::string SignNames(const std::vector<std::string>& signs) {
  std::string names;
  for (const std::string& sign : signs) {
    if (!names.empty()) names += ",";
    names += sign;
  }
  return names;
}

// The check-in before `day_after_session` since the patient's latest charted session.
Result<std::optional<domain::CheckIn>> PreviousCheckIn(Transaction& tx, Id patient_id, int day_after_session) {
  SCARWISE_ASSIGN_OR_RETURN(const auto sessions, tx.SessionDay().ListSessions(patient_id));
  storage::Instant since{};
  for (const auto& s : sessions) since = std::max(since, s.session.ended_at);
  SCARWISE_ASSIGN_OR_RETURN(const auto check_ins, tx.Recovery().ListCheckIns(patient_id));
  std::optional<domain::CheckIn> previous;
  for (const storage::CheckInRecord& r : check_ins) {
    const storage::NewCheckIn& c = r.check_in;
    if (c.recorded_at < since || c.day_after_session >= day_after_session) continue;
    if (previous && previous->day_after_session > c.day_after_session) continue;
    previous = domain::CheckIn{c.day_after_session, c.redness, c.swelling, c.pain, {}, "", false, false};
  }
  return previous;
}

// What an earlier request recorded as check-in `id`: the check-in and the alerts it raised, in
// the order they were raised.
Result<CheckInOutcome> RecordedCheckIn(Transaction& tx, Id patient_id, Id id) {
  SCARWISE_ASSIGN_OR_RETURN(auto check_ins, tx.Recovery().ListCheckIns(patient_id));
  const auto found =
      std::find_if(check_ins.begin(), check_ins.end(), [id](const storage::CheckInRecord& c) { return c.id == id; });
  if (found == check_ins.end()) return Unexpected(NotFound("no such check-in"));
  storage::AlertQuery query;
  query.patient_id = patient_id;
  query.limit = 1000;
  SCARWISE_ASSIGN_OR_RETURN(auto alerts, tx.Recovery().ListAlerts(query));
  CheckInOutcome outcome{*found, {}, std::nullopt};
  for (storage::AlertRecord& alert : alerts) {
    if (alert.alert.check_in_id == id || alert.last_check_in_id == id) outcome.alerts.push_back(std::move(alert));
  }
  std::sort(outcome.alerts.begin(), outcome.alerts.end(),
            [](const storage::AlertRecord& a, const storage::AlertRecord& b) { return a.id < b.id; });
  return outcome;
}

// The patient's unresolved alerts raised by check-ins since their latest charted session (all
// of them before the first session): the signs the clinic already knows of.
Result<std::vector<storage::AlertRecord>> UnresolvedSigns(Transaction& tx, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient_id));
  storage::Instant since{};
  for (const auto& s : sessions) since = std::max(since, s.session.ended_at);
  storage::AlertQuery query;
  query.patient_id = patient_id;
  query.limit = 1000;
  SCARWISE_ASSIGN_OR_RETURN(auto alerts, tx.Recovery().ListAlerts(query));
  std::vector<storage::AlertRecord> out;
  for (storage::AlertRecord& a : alerts) {
    if (a.status != domain::AlertStatus::kResolved && a.alert.check_in_id && a.alert.created_at >= since)
      out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<CheckInOutcome> RecoveryService::RecordCheckIn(const Request& request, Id patient_id,
                                                      const domain::CheckIn& check_in,
                                                      const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kCheckInCreate, patient_id));
  const storage::Instant now = access_.Now();
  std::vector<domain::RecoveryAlert> alerts;
  auto recorded = access_.Write<CheckInOutcome>([&](Transaction& tx) -> Result<CheckInOutcome> {
    SCARWISE_ASSIGN_OR_RETURN(const auto patient, tx.Patients().Find(patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto previous, PreviousCheckIn(tx, patient_id, check_in.day_after_session));
    alerts = domain::AssessCheckIn(protocol_.recovery, protocol_.aftercare, protocol_.ingredients, check_in,
                                   {std::move(previous), patient.details.fitzpatrick});
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) return RecordedCheckIn(tx, patient_id, *earlier);
    const storage::NewCheckIn row{patient_id,
                                  request.actor->user_id,
                                  now,
                                  check_in.day_after_session,
                                  check_in.redness,
                                  check_in.swelling,
                                  check_in.pain,
                                  SignNames(check_in.warning_signs),
                                  check_in.products_applied,
                                  check_in.sunscreen_used,
                                  check_in.makeup_used};
    SCARWISE_ASSIGN_OR_RETURN(const Id id, tx.Recovery().CreateCheckIn(row));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    CheckInOutcome outcome{{id, row}, {}, std::nullopt};
    SCARWISE_ASSIGN_OR_RETURN(auto unresolved, UnresolvedSigns(tx, patient_id));
    for (const domain::RecoveryAlert& alert : alerts) {
      // A sign already alerted since the last session and not yet resolved is appended to
      // that alert: the clinic is told once, however often the patient checks in.
      const auto open = std::find_if(unresolved.begin(), unresolved.end(),
                                     [&](const storage::AlertRecord& a) { return a.alert.code == alert.code; });
      if (open != unresolved.end()) {
        SCARWISE_ASSIGN_OR_RETURN(auto repeated, tx.Recovery().RepeatAlert(open->id, id, now));
        outcome.alerts.push_back(std::move(repeated));
        continue;
      }
      const storage::NewAlert raised{
          patient_id, id,           alert.urgency, alert.code, alert.message, alert.source.citation,
          now,        std::nullopt, std::nullopt};
      SCARWISE_ASSIGN_OR_RETURN(auto alert_id, tx.Recovery().CreateAlert(raised));
      SCARWISE_RETURN_IF_ERROR(TellCliniciansOfAlert(tx, alert_id, raised, now));
      SCARWISE_ASSIGN_OR_RETURN(auto stored, tx.Recovery().FindAlert(alert_id));
      outcome.alerts.push_back(std::move(stored));
    }
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kCheckInCreate, "patient", patient_id));
    return outcome;
  });
  if (recorded && !alerts.empty()) {
    if (const domain::PatientAdvice* advice = protocol_.recovery.AdviceFor(alerts.front().urgency)) {
      recorded->advice = *advice;
      // The protocol's words name the clinic's number ({clinic_phone}): the one the admin saved.
      SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
      SCARWISE_ASSIGN_OR_RETURN(const ClinicIdentity clinic, LoadClinicIdentity(*tx));
      recorded->advice->tell_patient = WithClinicPhone(recorded->advice->tell_patient, clinic.phone);
    }
  }
  return recorded;
}

Result<std::vector<storage::CheckInRecord>> RecoveryService::ListCheckIns(const Request& request, Id patient_id) {
  return access_.ReadPatientRecords<std::vector<storage::CheckInRecord>>(
      request, Action::kCheckInRead, patient_id, [&](Transaction& tx) -> Result<std::vector<storage::CheckInRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        return tx.Recovery().ListCheckIns(patient_id);
      });
}

Result<void> RecoveryService::RaiseMissedCheckIns(const Request& request) {
  const domain::MissedCheckInRule& rule = protocol_.recovery.missed_check_ins;
  const storage::Instant now = access_.Now();
  const auto window = std::chrono::hours(24) * ((rule.days.empty() ? 0 : rule.days.back()) + 2);
  return access_.Write<void>([&](Transaction& tx) -> Result<void> {
    SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessionsEndedSince(now - window));
    for (const storage::TreatmentSessionRecord& charted : sessions) {
      const storage::NewTreatmentSession& session = charted.session;
      SCARWISE_ASSIGN_OR_RETURN(auto check_ins, tx.Recovery().ListCheckIns(session.patient_id));
      std::vector<int> reported;
      for (const auto& c : check_ins) {
        if (c.check_in.recorded_at >= session.ended_at) reported.push_back(c.check_in.day_after_session);
      }
      const Timestamp end{session.ended_at, std::chrono::minutes(session.end_offset_minutes)};
      const std::vector<int> missed = domain::MissedCheckInDays(rule, end, now, reported);
      if (missed.empty()) continue;
      SCARWISE_ASSIGN_OR_RETURN(auto alerted,
                                tx.Recovery().ListAlerts({std::nullopt, std::nullopt, session.patient_id, 1000, 0}));
      for (int day : missed) {
        const bool known = std::any_of(alerted.begin(), alerted.end(), [&](const storage::AlertRecord& a) {
          return a.alert.session_id == charted.id && a.alert.missed_day == day;
        });
        if (known) continue;
        const storage::NewAlert raised{session.patient_id,
                                       std::nullopt,
                                       rule.urgency,
                                       rule.code,
                                       rule.message + " (day " + std::to_string(day) + ")",
                                       rule.source.citation,
                                       now,
                                       charted.id,
                                       day};
        SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Recovery().CreateAlert(raised));
        SCARWISE_RETURN_IF_ERROR(TellCliniciansOfAlert(tx, id, raised, now));
        SCARWISE_RETURN_IF_ERROR(
            tx.AuditLog().Append(AuditEntry(request, now, "alert.raise", "patient", session.patient_id)));
      }
    }
    return {};
  });
}

Result<std::vector<storage::AlertRecord>> RecoveryService::ListAlerts(const Request& request,
                                                                      const storage::AlertQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAlertRead));
  // Days that ended without a check-in become alerts the moment the clinic looks. A
  // concurrent sweep may win the race for the same day (kAlreadyExists): nothing is lost.
  if (auto raised = RaiseMissedCheckIns(request); !raised && raised.error().code != ErrorCode::kAlreadyExists) {
    return Unexpected(raised.error());
  }
  return access_.ReadThenAudit<std::vector<storage::AlertRecord>>(
      request, Action::kAlertRead, "alert", std::nullopt,
      [&](Transaction& tx) { return tx.Recovery().ListAlerts(query); });
}

Result<std::vector<AlertView>> RecoveryService::ListAlertViews(const Request& request,
                                                               const storage::AlertQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAlertRead));
  if (auto raised = RaiseMissedCheckIns(request); !raised && raised.error().code != ErrorCode::kAlreadyExists) {
    return Unexpected(raised.error());
  }
  return access_.ReadThenAudit<std::vector<AlertView>>(
      request, Action::kAlertRead, "alert", std::nullopt, [&](Transaction& tx) -> Result<std::vector<AlertView>> {
        SCARWISE_ASSIGN_OR_RETURN(auto alerts, tx.Recovery().ListAlerts(query));
        std::map<Id, storage::PatientRecord> patients;
        std::map<Id, std::vector<storage::TreatmentSessionRecord>> sessions;
        std::map<Id, std::string> users;
        const auto user_name = [&](const std::optional<storage::AlertStep>& step) -> Result<std::string> {
          if (!step) return std::string();
          if (auto known = users.find(step->by); known != users.end()) return known->second;
          SCARWISE_ASSIGN_OR_RETURN(const auto user, tx.Accounts().FindUser(step->by));
          return users[step->by] = user.name;
        };
        std::vector<AlertView> out;
        for (storage::AlertRecord& alert : alerts) {
          const Id patient_id = alert.alert.patient_id;
          if (!patients.contains(patient_id)) {
            SCARWISE_ASSIGN_OR_RETURN(patients[patient_id], tx.Patients().Find(patient_id));
            SCARWISE_ASSIGN_OR_RETURN(sessions[patient_id], tx.SessionDay().ListSessions(patient_id));
          }
          AlertView view;
          view.patient_name = patients[patient_id].details.given_name + " " + patients[patient_id].details.family_name;
          view.patient_phone = patients[patient_id].details.phone;
          for (const storage::TreatmentSessionRecord& s : sessions[patient_id]) {
            const bool its_own = alert.alert.session_id && *alert.alert.session_id == s.id;
            const bool before = !alert.alert.session_id && s.session.ended_at <= alert.alert.created_at &&
                                (!view.session || s.session.ended_at > view.session->session.ended_at);
            if (its_own || before) view.session = s;
          }
          SCARWISE_ASSIGN_OR_RETURN(view.acknowledged_by_name, user_name(alert.acknowledged));
          SCARWISE_ASSIGN_OR_RETURN(view.resolved_by_name, user_name(alert.resolved));
          view.alert = std::move(alert);
          out.push_back(std::move(view));
        }
        return out;
      });
}

Result<storage::AlertRecord> RecoveryService::AcknowledgeAlert(const Request& request, Id alert_id,
                                                               const std::string& note) {
  return Triage(request, alert_id, note, &storage::RecoveryRepository::AcknowledgeAlert);
}

Result<storage::AlertRecord> RecoveryService::ResolveAlert(const Request& request, Id alert_id,
                                                           const std::string& note) {
  return Triage(request, alert_id, note, &storage::RecoveryRepository::ResolveAlert);
}

Result<storage::AlertRecord> RecoveryService::Triage(const Request& request, Id alert_id, const std::string& note,
                                                     Step step) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAlertTriage));
  if (note.size() > 2000) return Unexpected(InvalidArgument("note", "is too long (at most 2000 bytes)"));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::AlertRecord>([&](Transaction& tx) -> Result<storage::AlertRecord> {
    SCARWISE_ASSIGN_OR_RETURN(storage::AlertRecord moved,
                              (tx.Recovery().*step)(alert_id, {request.actor->user_id, now, note}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAlertTriage, "patient", moved.alert.patient_id));
    return moved;
  });
}

}  // namespace scarwise::service

// SessionDayService (service/session_day_service.hpp), clinical safety (issue 19 §3, §4): the
// clinic's cartridge catalogue, lot recalls and the adverse-event register.
#include <algorithm>

#include "service/session_day_service.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

bool OneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

Result<void> CheckDate(const std::string& text, const std::string& field) {
  if (text.empty()) return {};
  SCARWISE_RETURN_IF_ERROR(ParseDate(text, field));
  return {};
}

std::string Day(storage::Instant at) {
  return FormatDate(std::chrono::floor<std::chrono::days>(at));
}

// The event `draft` describes, checked against the protocol's types (field errors named as
// the request names them).
Result<storage::NewAdverseEvent> CheckedEvent(Transaction& tx, const domain::Protocol& protocol, Id patient_id,
                                              const AdverseEventDraft& draft) {
  storage::NewAdverseEvent e;
  e.patient_id = patient_id;
  e.type = draft.type.value_or("");
  if (e.type.empty()) return Unexpected(InvalidArgument("type", "required: the kind of adverse event"));
  if (!protocol.recovery.FindAdverseEventType(e.type)) {
    std::string known;
    for (const auto& t : protocol.recovery.adverse_event_types) known += (known.empty() ? "" : ", ") + t.code;
    return Unexpected(InvalidArgument("type", "must be one of the protocol's adverse events: " + known));
  }
  e.severity = draft.severity.value_or("");
  if (!OneOf(e.severity, {"mild", "moderate", "severe"})) {
    return Unexpected(InvalidArgument("severity", "must be mild, moderate or severe"));
  }
  e.onset_on = draft.onset_on.value_or("");
  if (e.onset_on.empty()) return Unexpected(InvalidArgument("onset_on", "required: the day it began (YYYY-MM-DD)"));
  SCARWISE_RETURN_IF_ERROR(CheckDate(e.onset_on, "onset_on"));
  e.outcome = draft.outcome.value_or("ongoing");
  if (!OneOf(e.outcome, {"ongoing", "resolved", "resolved_with_sequelae", "unknown"})) {
    return Unexpected(InvalidArgument("outcome", "must be ongoing, resolved, resolved_with_sequelae or unknown"));
  }
  e.resolved_on = draft.resolved_on.value_or("");
  SCARWISE_RETURN_IF_ERROR(CheckDate(e.resolved_on, "resolved_on"));
  const bool resolved = e.outcome == "resolved" || e.outcome == "resolved_with_sequelae";
  if (resolved && e.resolved_on.empty()) {
    return Unexpected(InvalidArgument("resolved_on", "required when the outcome is " + e.outcome));
  }
  if (!resolved && !e.resolved_on.empty()) {
    return Unexpected(InvalidArgument("resolved_on", "only a resolved event has a resolved date"));
  }
  if (!e.resolved_on.empty() && e.resolved_on < e.onset_on) {
    return Unexpected(InvalidArgument("resolved_on", "is before the onset (" + e.onset_on + ")"));
  }
  e.session_id = draft.session_id;
  e.lot = draft.lot.value_or("");
  if (e.session_id) {
    auto session = tx.SessionDay().FindSession(*e.session_id);
    if (!session || session->session.patient_id != patient_id) {
      return Unexpected(InvalidArgument("session_id", "is not a charted session of this patient"));
    }
    if (e.lot.empty()) {
      SCARWISE_ASSIGN_OR_RETURN(auto lots, tx.Safety().LotsOfSession(*e.session_id));
      if (!lots.empty()) e.lot = lots.front().lot;
    }
  }
  e.treatment = draft.treatment.value_or("");
  e.notes = draft.notes.value_or("");
  for (const auto& [text, field] :
       {std::pair{&e.lot, "lot"}, std::pair{&e.treatment, "treatment"}, std::pair{&e.notes, "notes"}}) {
    if (text->size() > 4000) return Unexpected(InvalidArgument(field, "is longer than 4000 characters"));
  }
  return e;
}

}  // namespace

Result<storage::DeviceLotRecord> SessionDayService::AddDeviceLot(const Request& request, const std::string& device,
                                                                 const std::string& lot,
                                                                 const std::string& expires_on) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kDeviceLotConfigure));
  for (const auto& [text, field] : {std::pair{&device, "device"}, std::pair{&lot, "lot"}}) {
    if (text->find_first_not_of(" \t\r\n") == std::string::npos || text->size() > 200) {
      return Unexpected(InvalidArgument(field, "required: 1 to 200 characters"));
    }
  }
  SCARWISE_RETURN_IF_ERROR(CheckDate(expires_on, "expires_on"));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::DeviceLotRecord>([&](Transaction& tx) -> Result<storage::DeviceLotRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto lots, tx.Safety().ListDeviceLots());
    for (const auto& l : lots) {
      if (l.lot.device == device && l.lot.lot == lot) {
        return Unexpected(AlreadyExists("lot", "this lot of " + device + " is in the catalogue already"));
      }
    }
    const storage::NewDeviceLot added{device, lot, expires_on, request.actor->user_id, now};
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Safety().CreateDeviceLot(added));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kDeviceLotConfigure, "device_lot", id));
    return storage::DeviceLotRecord{id, added};
  });
}

Result<std::vector<storage::DeviceLotRecord>> SessionDayService::DeviceLots(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kDeviceLotRead));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  return tx->Safety().ListDeviceLots();
}

Result<std::vector<storage::SessionLotRecord>> SessionDayService::SessionsWithLot(const Request& request,
                                                                                  const std::string& lot, int limit,
                                                                                  Id after) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kLotRecall));
  return access_.ReadThenAudit<std::vector<storage::SessionLotRecord>>(
      request, Action::kLotRecall, "lot", std::nullopt,
      [&](Transaction& tx) { return tx.Safety().SessionsWithLot(lot, limit, after); });
}

Result<storage::AdverseEventRecord> SessionDayService::RecordAdverseEvent(const Request& request, Id patient_id,
                                                                          const AdverseEventDraft& draft) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAdverseEventCreate, patient_id));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::AdverseEventRecord>([&](Transaction& tx) -> Result<storage::AdverseEventRecord> {
    SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto event, CheckedEvent(tx, protocol_, patient_id, draft));
    event.recorded_by = request.actor->user_id;
    event.recorded_at = now;
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Safety().CreateAdverseEvent(event));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAdverseEventCreate, "adverse_event", id));
    return storage::AdverseEventRecord{id, event, now, 1};
  });
}

Result<storage::AdverseEventRecord> SessionDayService::RecordAdverseEventFromAlert(const Request& request, Id alert_id,
                                                                                   const AdverseEventDraft& draft) {
  std::optional<Id> patient_id;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto alert, tx->Recovery().FindAlert(alert_id));
    patient_id = alert.alert.patient_id;
  }
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAdverseEventCreate, patient_id));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::AdverseEventRecord>([&](Transaction& tx) -> Result<storage::AdverseEventRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto alert, tx.Recovery().FindAlert(alert_id));
    AdverseEventDraft filled = draft;
    if (!filled.type) {
      const domain::AdverseEventType* type = protocol_.recovery.AdverseEventTypeForAlert(alert.alert.code);
      if (type) filled.type = type->code;
    }
    if (!filled.onset_on) filled.onset_on = Day(alert.alert.created_at);
    if (!filled.session_id) {
      filled.session_id = alert.alert.session_id;
      if (!filled.session_id) {  // the patient's last session before the alert
        SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(alert.alert.patient_id));
        for (const auto& s : sessions) {
          if (s.session.ended_at <= alert.alert.created_at) filled.session_id = s.id;
        }
      }
    }
    SCARWISE_ASSIGN_OR_RETURN(auto event, CheckedEvent(tx, protocol_, alert.alert.patient_id, filled));
    event.alert_id = alert_id;
    event.recorded_by = request.actor->user_id;
    event.recorded_at = now;
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Safety().CreateAdverseEvent(event));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAdverseEventCreate, "adverse_event", id));
    return storage::AdverseEventRecord{id, event, now, 1};
  });
}

Result<std::vector<storage::AdverseEventRecord>> SessionDayService::ListAdverseEvents(const Request& request,
                                                                                      std::optional<Id> patient_id,
                                                                                      int limit, Id before) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAdverseEventRead, patient_id));
  return access_.ReadThenAudit<std::vector<storage::AdverseEventRecord>>(
      request, Action::kAdverseEventRead, patient_id ? "patient" : "adverse_event", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::AdverseEventRecord>> {
        if (patient_id) SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(*patient_id));
        return tx.Safety().ListAdverseEvents(patient_id, limit, before);
      });
}

Result<storage::AdverseEventRecord> SessionDayService::UpdateAdverseEvent(const Request& request, Id event_id,
                                                                          int64_t expected_version,
                                                                          const AdverseEventDraft& change) {
  std::optional<Id> patient_id;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto event, tx->Safety().FindAdverseEvent(event_id));
    patient_id = event.event.patient_id;
  }
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAdverseEventUpdate, patient_id));
  if (change.type || change.severity || change.onset_on || change.lot || change.session_id) {
    return Unexpected(InvalidArgument(change.type       ? "type"
                                      : change.severity ? "severity"
                                      : change.onset_on ? "onset_on"
                                      : change.lot      ? "lot"
                                                        : "session_id",
                                      "is kept as recorded: only treatment, outcome, resolved_on and notes change"));
  }
  const storage::Instant now = access_.Now();
  return access_.Write<storage::AdverseEventRecord>([&](Transaction& tx) -> Result<storage::AdverseEventRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto current, tx.Safety().FindAdverseEvent(event_id));
    if (current.version != expected_version) {
      return Unexpected(FailedPrecondition("If-Match",
                                           "the adverse event was changed by someone else; reload it "
                                           "(version " +
                                               std::to_string(current.version) + ")"));
    }
    AdverseEventDraft merged{current.event.type,
                             current.event.severity,
                             current.event.onset_on,
                             current.event.lot,
                             change.treatment ? change.treatment : current.event.treatment,
                             change.outcome ? change.outcome : current.event.outcome,
                             change.resolved_on ? change.resolved_on : current.event.resolved_on,
                             change.notes ? change.notes : current.event.notes,
                             current.event.session_id};
    if (change.outcome && !change.resolved_on && (*change.outcome == "ongoing" || *change.outcome == "unknown")) {
      merged.resolved_on = "";
    }
    SCARWISE_ASSIGN_OR_RETURN(auto checked, CheckedEvent(tx, protocol_, current.event.patient_id, merged));
    const storage::AdverseEventUpdate update{checked.treatment, checked.outcome, checked.resolved_on, checked.notes};
    SCARWISE_ASSIGN_OR_RETURN(auto updated, tx.Safety().UpdateAdverseEvent(event_id, expected_version, update, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAdverseEventUpdate, "adverse_event", event_id));
    return updated;
  });
}

}  // namespace scarwise::service

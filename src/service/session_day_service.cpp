#include "service/session_day_service.hpp"

#include <algorithm>

#include "common/time_zone.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/session_codec.hpp"
#include "interop/pdf/handout.hpp"
#include "service/outbox.hpp"
#include "service/scheduling_service.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

Error NoSessionYet() {
  return Conflict("no session has been charted for this patient yet");
}

// The patient's approved plan (the newest), or kConflict.
Result<storage::PlanRecord> ApprovedPlan(Transaction& tx, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto plans, tx.Plans().List(patient_id));
  for (auto it = plans.rbegin(); it != plans.rend(); ++it) {
    if (it->status == storage::PlanStatus::kApproved) return *it;
  }
  return Unexpected(Conflict("the patient has no approved plan"));
}

// A charted session with its amendments, as stored.
// CheckChartTiming against the plan being charted: the date of the consultation it was made
// from, the end of its previous charted session and its minimum interval.
Result<void> CheckTiming(Transaction& tx, const domain::SessionChart& chart, const storage::PlanRecord& plan,
                         const domain::TreatmentPlan& proposal,
                         const std::vector<storage::TreatmentSessionRecord>& charted, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto assessment, tx.Evaluations().FindAssessment(plan.assessment_id));
  auto consulted = interop::ScarAssessmentFromDocument(assessment.input_json);
  if (!consulted) return Unexpected(Internal("a stored assessment is unreadable"));
  domain::ChartTiming timing{consulted->date, std::nullopt, proposal.interval.min, now, proposal.interval.max};
  for (const storage::TreatmentSessionRecord& s : charted) {
    if (s.session.plan_id != plan.id) continue;
    const Timestamp ended{s.session.ended_at, std::chrono::minutes(s.session.end_offset_minutes)};
    if (!timing.previous || ended.utc > timing.previous->utc) timing.previous = ended;
  }
  return domain::CheckChartTiming(chart, timing);
}

// A session booked for a later day cannot be charted as done yet: "today" is the clinic's day.
Result<void> BookedForToday(Transaction& tx, storage::Instant starts_at, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZoneIfSetUp(tx));
  if (!zone) return {};  // no calendar yet: no clinic day to compare with
  const Date booked = zone->ToLocal(starts_at).day;
  if (booked > zone->ToLocal(now).day) {
    return Unexpected(Conflict("appointment", "the session is booked for " + FormatDate(booked) + " (" + zone->name() +
                                                  "): chart it as done on that day"));
  }
  return {};
}

// The catalogue's entry for the chart's device and lot: nullopt while the clinic keeps no
// catalogue (any lot is charted as written); otherwise the lot must be in it and not expired
// on the day of the session (kUnprocessable, field "cartridge_lot").
Result<std::optional<Id>> CataloguedLot(Transaction& tx, const domain::SessionChart& chart) {
  SCARWISE_ASSIGN_OR_RETURN(auto lots, tx.Safety().ListDeviceLots());
  if (lots.empty()) return std::optional<Id>();
  for (const storage::DeviceLotRecord& l : lots) {
    if (l.lot.device != chart.device || l.lot.lot != chart.cartridge_lot) continue;
    const Date day = std::chrono::floor<std::chrono::days>(chart.started_at.utc + chart.started_at.offset);
    if (!l.lot.expires_on.empty() && FormatDate(day) > l.lot.expires_on) {
      return Unexpected(Unprocessable(
          "cartridge_lot", "lot " + chart.cartridge_lot + " of " + chart.device + " expired on " + l.lot.expires_on));
    }
    return std::optional<Id>(l.id);
  }
  return Unexpected(Unprocessable("cartridge_lot", "lot " + chart.cartridge_lot + " of " + chart.device +
                                                       " is not in the clinic's cartridge catalogue"));
}

Result<ChartedSession> WithAmendments(Transaction& tx, storage::TreatmentSessionRecord session) {
  SCARWISE_ASSIGN_OR_RETURN(auto amendments, tx.SessionDay().ListAmendments(session.id));
  return ChartedSession{std::move(session), std::move(amendments)};
}

Timestamp SessionEnd(const storage::NewTreatmentSession& session) {
  return Timestamp{session.ended_at, std::chrono::minutes(session.end_offset_minutes)};
}

// The patient's booked appointments after `after`, as the handout lists them ("Session 2:
// Mon 1 Mar 2027, 09:00" in the clinic's time); none before the clinic's calendar is set up.
Result<std::vector<std::string>> NextAppointments(Transaction& tx, Id patient_id, storage::Instant after,
                                                  const std::string& follow_up_label) {
  std::vector<std::string> out;
  SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZoneIfSetUp(tx));
  if (!zone) return out;
  storage::AppointmentQuery query;
  query.patient_id = patient_id;
  query.from = after;
  query.booked_only = true;
  SCARWISE_ASSIGN_OR_RETURN(auto booked, tx.Scheduling().ListAppointments(query));
  for (const auto& a : booked) {
    const bool follow_up = a.appointment.kind == storage::AppointmentKind::kFollowUp;
    out.push_back((follow_up ? follow_up_label : "Session " + std::to_string(a.appointment.session_number)) + ": " +
                  interop::HandoutTime(zone->Stamp(a.appointment.starts_at)));
  }
  return out;
}

}  // namespace

domain::SessionChart WithGlideChecked(domain::SessionChart chart, const domain::Protocol& protocol) {
  if (!chart.glide) return chart;
  domain::Glide& glide = *chart.glide;
  glide.flags.clear();
  if (!glide.sterile) glide.flags.push_back({"not_sterile", "", ""});
  const domain::ProductCheck check =
      domain::CheckProduct(protocol.ingredients, protocol.aftercare, {glide.inci, 0, domain::ProductType::kSerum});
  for (const domain::IngredientFinding& f : check.findings) {
    if (f.ok_from_day <= 0) continue;  // fine on the day of the session
    glide.flags.push_back({std::string(domain::FlagCategoryName(f.category)), f.ingredient, f.reason});
  }
  return chart;
}

Result<Id> SessionDayService::AppointmentPatient(Id appointment_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx->Scheduling().FindAppointment(appointment_id));
  return appointment.appointment.patient_id;
}

Result<ChartedSession> SessionDayService::ChartAppointment(const Request& request, Id appointment_id,
                                                           const domain::MedicalHistory& history,
                                                           const domain::SessionChart& chart,
                                                           const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kSessionChart));
  SCARWISE_ASSIGN_OR_RETURN(auto patient, AppointmentPatient(appointment_id));
  return ChartSession(request, patient, history, chart, appointment_id, idempotency);
}

Result<SessionDayService::PreSessionCheck> SessionDayService::CheckBeforeSession(
    const Request& request, Id appointment_id, const domain::MedicalHistory& history,
    const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kScreeningCreate));
  SCARWISE_ASSIGN_OR_RETURN(auto patient, AppointmentPatient(appointment_id));
  SCARWISE_ASSIGN_OR_RETURN(auto screening, clinic_.RecordScreening(request, patient, history, idempotency));
  const domain::Decision decision = screening.review.screening.decision;
  const bool may_proceed = decision != domain::Decision::kDefer && decision != domain::Decision::kNotSuitable;
  return PreSessionCheck{std::move(screening), may_proceed};
}

Result<ChartedSession> SessionDayService::ChartSession(const Request& request, Id patient_id,
                                                       const domain::MedicalHistory& history,
                                                       const domain::SessionChart& chart,
                                                       std::optional<Id> appointment_id,
                                                       const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kSessionChart, patient_id));
  SCARWISE_RETURN_IF_ERROR(domain::CheckChart(chart, protocol_.planning));
  // A retry of a request that charted its session is not screened again.
  bool retry = false;
  if (idempotency) {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(*tx, request.actor->user_id, idempotency));
    retry = earlier.has_value();
  }
  // The pre-session screening is a clinical record of its own, kept whatever it decides.
  std::optional<Id> screening_id;
  std::vector<domain::ScreeningFinding> session_precautions;
  if (!retry) {
    SCARWISE_ASSIGN_OR_RETURN(auto screening, clinic_.RecordScreening(request, patient_id, history));
    const domain::ScreeningOutcome& outcome = screening.review.screening;
    if (outcome.decision == domain::Decision::kDefer || outcome.decision == domain::Decision::kNotSuitable) {
      std::string reasons;
      for (const auto& reason : outcome.reasons) reasons += (reasons.empty() ? "" : "; ") + reason.message;
      return Unexpected(Conflict("screening", "the pre-session screening decided '" +
                                                  std::string(domain::DecisionName(outcome.decision)) +
                                                  "': " + reasons + " - the session cannot be charted"));
    }
    screening_id = screening.record.id;
    session_precautions = outcome.precautions;
  }
  const storage::Instant now = access_.Now();
  return access_.Write<ChartedSession>([&](Transaction& tx) -> Result<ChartedSession> {
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kSessionChart, "patient", patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) {
      SCARWISE_ASSIGN_OR_RETURN(auto session, tx.SessionDay().FindSession(*earlier));
      return WithAmendments(tx, std::move(session));
    }
    if (!screening_id) {  // the first request's key expired between the check above and now
      return Unexpected(Unavailable("Idempotency-Key", "the earlier request with this key has expired: send it again"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto plan, ApprovedPlan(tx, patient_id));
    auto proposal = interop::PlanFromReviewDocument(plan.proposal_json);
    if (!proposal) return Unexpected(Internal("stored plan is unreadable"));
    // Every precaution of the plan and of today's screening is recorded before a session.
    SCARWISE_ASSIGN_OR_RETURN(auto precautions, PrecautionsOf(tx, protocol_, plan, session_precautions));
    SCARWISE_RETURN_IF_ERROR(RequireRecorded(precautions, "charting the session"));
    SCARWISE_ASSIGN_OR_RETURN(auto charted, tx.SessionDay().ListSessions(patient_id));
    int done = 0;
    for (const auto& s : charted) done += s.session.plan_id == plan.id ? 1 : 0;
    if (done >= proposal->sessions) {
      return Unexpected(Conflict("all " + std::to_string(proposal->sessions) + " sessions of the plan are charted"));
    }
    std::optional<storage::Instant> booked_at;
    if (appointment_id) {
      SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(*appointment_id));
      const storage::NewAppointment& a = appointment.appointment;
      booked_at = a.starts_at;
      if (a.kind == storage::AppointmentKind::kFollowUp) {
        return Unexpected(Conflict(
            "appointment", "this is the follow-up visit, not a needling session: record a re-assessment at it"));
      }
      if (a.patient_id != patient_id || a.plan_id != plan.id || a.session_number != done + 1 ||
          appointment.status != domain::AppointmentStatus::kBooked) {
        return Unexpected(Error{
            ErrorCode::kConflict,
            "this appointment is not the patient's next session to chart (session " + std::to_string(done + 1) + ")",
            "appointment"});
      }
    }
    SCARWISE_RETURN_IF_ERROR(CheckTiming(tx, chart, plan, *proposal, charted, now));
    if (booked_at) SCARWISE_RETURN_IF_ERROR(BookedForToday(tx, *booked_at, now));
    // Charting checks what was approved: deeper than the plan needs the clinician's reason.
    SCARWISE_RETURN_IF_ERROR(domain::CheckChartAgainstPlan(chart, *proposal));
    SCARWISE_ASSIGN_OR_RETURN(auto catalogued, CataloguedLot(tx, chart));
    const domain::SessionChart kept = WithGlideChecked(chart, protocol_);
    const storage::NewTreatmentSession session{patient_id,
                                               plan.id,
                                               done + 1,
                                               appointment_id,
                                               *screening_id,
                                               request.actor->user_id,
                                               now,
                                               chart.ended_at.utc,
                                               static_cast<int>(chart.ended_at.offset.count()),
                                               interop::SessionChartDocument(kept)};
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.SessionDay().CreateSession(session));
    SCARWISE_RETURN_IF_ERROR(tx.Safety().LinkSessionLot(id, chart.device, chart.cartridge_lot, catalogued));
    if (!chart.early_reason.empty() || !chart.late_reason.empty() || !chart.depth_reason.empty()) {
      SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kSessionDeviation, "session", id));
    }
    if (appointment_id) {
      SCARWISE_RETURN_IF_ERROR(
          tx.Scheduling().CloseAppointment(*appointment_id, domain::AppointmentStatus::kCompleted, now));
    }
    SCARWISE_RETURN_IF_ERROR(RemindAfterSession(tx, protocol_, patient_id, id, chart.ended_at, now));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    return ChartedSession{{id, session}, {}};
  });
}

Result<std::vector<ChartedSession>> SessionDayService::ListSessions(const Request& request, Id patient_id) {
  return access_.ReadPatientRecords<std::vector<ChartedSession>>(
      request, Action::kSessionRead, patient_id, [&](Transaction& tx) -> Result<std::vector<ChartedSession>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient_id));
        std::vector<ChartedSession> out;
        for (auto& session : sessions) {
          SCARWISE_ASSIGN_OR_RETURN(auto charted, WithAmendments(tx, std::move(session)));
          out.push_back(std::move(charted));
        }
        return out;
      });
}

Result<domain::SessionChart> SessionDayService::Draft(const Request& request, Id patient_id) {
  return access_.ReadPatientRecords<domain::SessionChart>(
      request, Action::kSessionChart, patient_id, [&](Transaction& tx) -> Result<domain::SessionChart> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient_id));
        if (!sessions.empty()) return interop::SessionChartFromDocument(sessions.back().session.chart_json);
        SCARWISE_ASSIGN_OR_RETURN(auto plan, ApprovedPlan(tx, patient_id));
        auto proposal = interop::PlanFromReviewDocument(plan.proposal_json);
        if (!proposal) return Unexpected(Internal("stored plan is unreadable"));
        domain::SessionChart draft;
        draft.numbing_minutes = proposal->numbing_minutes;
        for (const auto& zone : proposal->zones) draft.zones.push_back({zone.zone, zone.needle_depth_mm, 1});
        return draft;
      });
}

Result<storage::SessionAmendmentRecord> SessionDayService::AmendSession(
    const Request& request, Id session_id, const std::string& reason, const std::string& changes_json,
    const std::optional<IdempotencyKey>& idempotency) {
  if (!request.actor) return Unexpected(Unauthenticated());
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > 2000) {
    return Unexpected(InvalidArgument("reason", "say why the chart is corrected (1 to 2000 characters)"));
  }
  std::optional<Id> patient_id;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto session, tx->SessionDay().FindSession(session_id));
    patient_id = session.session.patient_id;
  }
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kSessionChart, patient_id));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::SessionAmendmentRecord>(
      [&](Transaction& tx) -> Result<storage::SessionAmendmentRecord> {
        SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kSessionChart, "patient", patient_id));
        SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
        if (earlier) {
          SCARWISE_ASSIGN_OR_RETURN(auto amendments, tx.SessionDay().ListAmendments(session_id));
          for (auto& made : amendments) {
            if (made.id == *earlier) return std::move(made);
          }
          return Unexpected(NotFound("the amendment this key made is gone"));
        }
        const storage::NewSessionAmendment amendment{session_id, request.actor->user_id, now, reason, changes_json};
        SCARWISE_ASSIGN_OR_RETURN(auto id, tx.SessionDay().AppendAmendment(amendment));
        // A corrected lot is recalled too (the chart's own stays: it may have been right).
        if (const auto corrected = interop::LotCorrectionOf(changes_json)) {
          SCARWISE_ASSIGN_OR_RETURN(auto session, tx.SessionDay().FindSession(session_id));
          std::string device = corrected->device;
          if (device.empty()) {
            auto chart = interop::SessionChartFromDocument(session.session.chart_json);
            if (chart) device = chart->device;
          }
          SCARWISE_RETURN_IF_ERROR(tx.Safety().LinkSessionLot(session_id, device, corrected->lot, std::nullopt));
        }
        SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
        return storage::SessionAmendmentRecord{id, amendment};
      });
}

Result<Timestamp> SessionDayService::LastSessionEnd(const Request& request, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto sessions,
                            access_.ReadPatientRecords<std::vector<storage::TreatmentSessionRecord>>(
                                request, Action::kSessionRead, patient_id,
                                [&](Transaction& tx) -> Result<std::vector<storage::TreatmentSessionRecord>> {
                                  SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
                                  return tx.SessionDay().ListSessions(patient_id);
                                }));
  if (sessions.empty()) return Unexpected(NoSessionYet());
  return SessionEnd(sessions.back().session);
}

Result<AftercareNow> SessionDayService::Aftercare(const Request& request, Id patient_id, std::optional<Timestamp> at) {
  SCARWISE_ASSIGN_OR_RETURN(auto end, LastSessionEnd(request, patient_id));
  const Timestamp when = at.value_or(Timestamp{access_.Now(), end.offset});
  return AftercareNow{end, when, domain::AftercareTimeline(protocol_.aftercare, end, when)};
}

Result<int> SessionDayService::DayAfterLastSession(const Request& request, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto end, LastSessionEnd(request, patient_id));
  const auto since = access_.Now() - end.utc;
  if (since < std::chrono::seconds(0)) return 0;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since).count() / 24);
}

Result<std::string> SessionDayService::HandoutPdf(const Request& request, Id patient_id,
                                                  std::optional<int> session_number) {
  struct Found {
    storage::PatientRecord patient;
    storage::TreatmentSessionRecord session;
    std::vector<std::string> next_appointments;  // booked after the session, in the clinic's time
    ClinicIdentity clinic;
  };
  auto found = access_.ReadPatientRecords<Found>(
      request, Action::kSessionRead, patient_id, [&](Transaction& tx) -> Result<Found> {
        SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
        SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient_id));
        if (sessions.empty()) return Unexpected(NoSessionYet());
        Found handout{patient, sessions.back(), {}, {}};
        SCARWISE_ASSIGN_OR_RETURN(handout.clinic, LoadClinicIdentity(tx));
        if (session_number) {
          auto it = std::find_if(sessions.begin(), sessions.end(),
                                 [&](const auto& s) { return s.session.session_number == *session_number; });
          if (it == sessions.end()) {
            return Unexpected(NotFound("session", "no such charted session"));
          }
          handout.session = *it;
        }
        SCARWISE_ASSIGN_OR_RETURN(auto next, NextAppointments(tx, patient_id, handout.session.session.ended_at,
                                                              protocol_.planning.outcome.follow_up.label));
        handout.next_appointments = std::move(next);
        return handout;
      });
  if (!found) return Unexpected(std::move(found).error());
  const auto& details = found->patient.details;
  // The clinic's own name and contact details once an admin has saved them.
  const ClinicIdentity& clinic = found->clinic;
  std::string contact;
  for (const std::string* part : {&clinic.address, &clinic.phone, &clinic.email}) {
    if (!part->empty()) contact += (contact.empty() ? "" : " \u00b7 ") + *part;
  }
  // Every time on the clinic's clock, said once.
  Timestamp session_end = SessionEnd(found->session.session);
  if (auto zone = TimeZone::Named(clinic.time_zone, "time_zone"); zone && !clinic.time_zone.empty()) {
    session_end = zone->Stamp(session_end.utc);
  }
  interop::Handout handout = interop::AftercareHandout(
      protocol_.aftercare, protocol_.recovery, session_end, found->session.session.session_number,
      details.given_name + " " + details.family_name, clinic.name.empty() ? contact_.name : clinic.name,
      contact.empty() ? contact_.contact : contact);
  handout.next_appointments = std::move(found->next_appointments);
  handout.time_zone = clinic.time_zone;
  return interop::RenderHandoutPdf(handout);
}

Result<ProductAnswer> SessionDayService::CheckProduct(const Request& request, const ProductQuestion& question) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kProductCheck, question.patient_id));
  ProductAnswer answer{{}, question.day.value_or(0), question.type, std::nullopt};
  if (question.patient_id && !question.day) {
    SCARWISE_ASSIGN_OR_RETURN(auto since, DayAfterLastSession(request, *question.patient_id));
    answer.day = since;
  }
  answer.check =
      domain::CheckProduct(protocol_.ingredients, protocol_.aftercare, {question.inci, answer.day, question.type});
  if (!question.patient_id) return answer;
  const storage::Instant now = access_.Now();
  const auto store_check = [&](Transaction& tx) -> Result<Id> {
    SCARWISE_ASSIGN_OR_RETURN(
        auto stored,
        tx.Recovery().CreateProductCheck({*question.patient_id, request.actor->user_id, now, answer.day,
                                          std::string(domain::ProductTypeName(question.type)), question.inci,
                                          interop::ProductCheckDocument(answer.check, answer.day, question.type)}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kProductCheck, "patient", *question.patient_id));
    return stored;
  };
  SCARWISE_ASSIGN_OR_RETURN(auto id, access_.Write<Id>(store_check));
  answer.id = id;
  return answer;
}

Result<std::vector<storage::ProductCheckRecord>> SessionDayService::ProductChecks(const Request& request,
                                                                                  Id patient_id) {
  return access_.ReadPatientRecords<std::vector<storage::ProductCheckRecord>>(
      request, Action::kProductCheck, patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::ProductCheckRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        return tx.Recovery().ListProductChecks(patient_id, 1000);
      });
}

}  // namespace scarwise::service

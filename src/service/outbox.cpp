#include "service/outbox.hpp"

#include <algorithm>
#include <atomic>
#include <deque>

#include "service/clinic_identity.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

constexpr std::chrono::hours kReminderLead{48};

const char* const kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

// "Tuesday 2 March 2027, 09:00" for a local date and time.
std::string Spoken(const LocalTime& local) {
  const std::chrono::year_month_day ymd{local.day};
  const auto weekday = std::chrono::weekday(local.day).iso_encoding() - 1;
  const auto minutes = local.time.count();
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return std::string(kWeekdays[weekday]) + " " + std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year())) + ", " +
         time;
}

std::string Spoken(const Timestamp& at) {
  const auto local = at.utc + at.offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  return Spoken(LocalTime{Date(day.time_since_epoch()), std::chrono::duration_cast<std::chrono::minutes>(local - day)});
}

// A portal invitation carries a link that works once: its token is kept (hashed) only with the
// invitation, and in the outbox only until the message has left or been given up.
constexpr const char* kInvitationKind = "portal_invitation";
constexpr const char* kLinkRemoved = "#token=(removed once sent)";
// What the clinic's admins and clinicians get when a message is given up.
constexpr const char* kFailureKind = "delivery_failure";

std::string WithoutLink(std::string body) {
  const auto at = body.find("#token=");
  if (at == std::string::npos) return body;
  const auto end = body.find_first_of(" \n", at);
  return body.replace(at, (end == std::string::npos ? body.size() : end) - at, kLinkRemoved);
}

// The clinic's signature under a message to a patient ("" before an admin saved its details).
Result<std::string> Signature(Transaction& tx) {
  SCARWISE_ASSIGN_OR_RETURN(const ClinicIdentity clinic, LoadClinicIdentity(tx));
  if (clinic.name.empty()) return std::string();
  std::string out = "\n\n-- \n" + clinic.name;
  for (const std::string* part : {&clinic.address, &clinic.phone, &clinic.email}) {
    if (!part->empty()) out += "\n" + *part;
  }
  return out;
}

// The clinic's time zone, when its calendar is saved: every time in a message is on its clock.
Result<std::optional<TimeZone>> MessageZone(Transaction& tx) {
  SCARWISE_ASSIGN_OR_RETURN(const ClinicIdentity clinic, LoadClinicIdentity(tx));
  if (clinic.time_zone.empty()) return std::optional<TimeZone>();
  auto zone = TimeZone::Named(clinic.time_zone, "time_zone");
  if (!zone) return std::optional<TimeZone>();
  return std::optional<TimeZone>(*zone);
}

Result<void> Enqueue(Transaction& tx, storage::NewOutboxMessage message) {
  if (message.recipient.empty()) return {};
  SCARWISE_RETURN_IF_ERROR(tx.Outbox().Enqueue(message));
  return {};
}

// A message given up after its last attempt: every admin and clinician hears of it through
// the priority lane (no patient name: the message number, its kind and the record number).
// A notice that fails itself raises no further notice.
Result<void> NoticeUndelivered(Transaction& tx, const storage::OutboxRecord& record, const std::string& error,
                               storage::Instant now) {
  const storage::NewOutboxMessage& m = record.message;
  if (m.kind == kFailureKind) return {};
  SCARWISE_ASSIGN_OR_RETURN(auto users, tx.Accounts().ListUsers(1000, 0));
  const std::string id = std::to_string(record.id);
  const std::string about = m.patient_id ? " for patient record " + std::to_string(*m.patient_id) : "";
  for (const storage::UserRecord& user : users) {
    if ((user.role != domain::Role::kAdmin && user.role != domain::Role::kClinician) || user.disabled) continue;
    if (auto sent = Enqueue(
            tx,
            {kFailureKind, user.email, "[not delivered] message " + id + about,
             "Message " + id + " (" + m.kind + ")" + about + " could not be delivered after " +
                 std::to_string(record.attempts + 1) + " attempts.\n\nLast error: " + error +
                 "\n\nOpen Scarwise > Messages: reach the patient another way, check the address, then retry it.",
             std::nullopt, std::nullopt, 0,
             "undelivered:" + id + ":" + std::to_string(now.time_since_epoch().count()) + ":" + std::to_string(user.id),
             now, now});
        !sent) {
      return sent;
    }
  }
  return {};
}

}  // namespace

bool IsPriorityMessage(const std::string& kind) {
  return kind == "clinic_alert" || kind == kInvitationKind || kind == kFailureKind;
}

// ---- delivery ----

Result<DeliveryPass> Outbox::DeliverDue() {
  DeliveryPass pass;
  std::deque<storage::OutboxRecord> priority, routine;
  const storage::Instant now = access_.Now();
  SCARWISE_ASSIGN_OR_RETURN(auto claimed, access_.Write<std::vector<storage::OutboxRecord>>([&](Transaction& tx) {
    return tx.Outbox().Claim(now, options_.batch, options_.claimant, now + options_.claim_for);
  }));
  for (storage::OutboxRecord& record : claimed) {
    (IsPriorityMessage(record.message.kind) ? priority : routine).push_back(std::move(record));
  }
  std::mutex lock;  // guards the queues, `pass` and `first_error`
  std::optional<Error> first_error;
  // Worker 0 is the priority lane when there are several; each takes the next message.
  auto work = [&](bool priority_only) {
    for (;;) {
      storage::OutboxRecord record;
      {
        std::lock_guard guard(lock);
        if (first_error) return;
        std::deque<storage::OutboxRecord>& queue = !priority.empty() || priority_only ? priority : routine;
        if (queue.empty()) return;
        record = std::move(queue.front());
        queue.pop_front();
      }
      if (auto done = DeliverOne(record, pass, lock); !done) {
        std::lock_guard guard(lock);
        if (!first_error) first_error = done.error();
      }
    }
  };
  const size_t queued = std::max<size_t>(1, priority.size() + routine.size());
  const size_t workers = std::min(static_cast<size_t>(std::clamp(options_.workers, 1, 16)), queued);
  if (workers == 1) {
    work(false);
  } else {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < workers; ++i) threads.emplace_back(work, i == 0);
  }
  if (first_error) return Unexpected(*first_error);
  return pass;
}

Result<void> Outbox::DeliverOne(const storage::OutboxRecord& record, DeliveryPass& pass, std::mutex& pass_lock) {
  const storage::NewOutboxMessage& m = record.message;
  const storage::Instant now = access_.Now();
  storage::OutboxStep step{storage::DeliveryStatus::kSent, record.attempts + 1, now, "", now, std::nullopt};
  bool still_relevant = true;
  if (m.appointment_id) {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx->Scheduling().FindAppointment(*m.appointment_id));
    still_relevant =
        appointment.status == domain::AppointmentStatus::kBooked && appointment.sequence == m.appointment_sequence;
  }
  storage::Instant decided = now;
  int DeliveryPass::*counter = &DeliveryPass::sent;
  if (!still_relevant) {
    step = {storage::DeliveryStatus::kSkipped, record.attempts, now,
            "the appointment changed since",   std::nullopt,    std::nullopt};
    counter = &DeliveryPass::skipped;
  } else if (auto sent = send_({m.recipient, m.subject, m.body}); !sent) {
    decided = access_.Now();
    const int attempts = record.attempts + 1;
    const auto delay = std::min(options_.longest_retry, options_.first_retry * (1 << std::min(attempts - 1, 20)));
    const bool give_up = attempts >= options_.max_attempts;
    step = {give_up ? storage::DeliveryStatus::kFailed : storage::DeliveryStatus::kPending,
            attempts,
            decided + delay,
            sent.error().message,
            std::nullopt,
            std::nullopt};
    counter = give_up ? &DeliveryPass::failed : &DeliveryPass::retried;
  } else {
    step.sent_at = step.next_attempt_at = access_.Now();
  }
  if (m.kind == kInvitationKind && step.status != storage::DeliveryStatus::kPending) step.body = WithoutLink(m.body);
  const auto record_step = [&](Transaction& tx) -> Result<void> {
    SCARWISE_RETURN_IF_ERROR(tx.Outbox().Step(record.id, options_.claimant, step));
    if (step.status == storage::DeliveryStatus::kFailed) return NoticeUndelivered(tx, record, step.last_error, decided);
    return {};
  };
  SCARWISE_RETURN_IF_ERROR(access_.Write<void>(record_step));
  std::lock_guard guard(pass_lock);
  ++(pass.*counter);
  return {};
}

Result<storage::OutboxRecord> Outbox::Retry(const Request& request, Id id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kOutboxRetry));
  const storage::Instant now = access_.Now();
  return access_.Write<storage::OutboxRecord>([&](Transaction& tx) -> Result<storage::OutboxRecord> {
    auto retried = tx.Outbox().Retry(id, now);
    if (!retried) return retried;
    if (retried->message.kind == kInvitationKind && retried->message.body.find(kLinkRemoved) != std::string::npos) {
      return Unexpected(Conflict("kind",
                                 "the invitation's link was removed when it was given up: send a new invitation from "
                                 "the patient's page"));
    }
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kOutboxRetry, "outbox_message", id));
    return retried;
  });
}

Result<std::vector<storage::OutboxRecord>> Outbox::List(const Request& request,
                                                        std::optional<storage::DeliveryStatus> status, int limit,
                                                        Id before) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kOutboxRead));
  return access_.ReadThenAudit<std::vector<storage::OutboxRecord>>(
      request, Action::kOutboxRead, "outbox", std::nullopt,
      [&](Transaction& tx) { return tx.Outbox().List(status, limit, before); });
}

// ---- what goes into the outbox ----

Result<void> RemindOfAppointment(Transaction& tx, const TimeZone& zone, const storage::AppointmentRecord& appointment,
                                 const domain::PlanningProtocol& planning, storage::Instant now) {
  const storage::NewAppointment& a = appointment.appointment;
  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(a.patient_id));
  const std::string when = Spoken(zone.ToLocal(a.starts_at));
  SCARWISE_ASSIGN_OR_RETURN(const std::string signature, Signature(tx));
  std::string subject = "Reminder: your microneedling session on " + when;
  std::string body = "Your microneedling session " + std::to_string(a.session_number) + " is on " + when + " (" +
                     zone.name() + " time).\n\n" + domain::PreSessionAdvice(planning) + signature;
  if (a.kind == storage::AppointmentKind::kFollowUp) {  // its own words: no numbing, no needling
    const domain::FollowUpRule& visit = planning.outcome.follow_up;
    subject = "Reminder: " + visit.label + " on " + when;
    body = visit.label + ": " + when + " (" + zone.name() + " time).\n\n" + visit.patient_note + "\n" + signature;
  }
  return Enqueue(tx, {"appointment_reminder", patient.details.email, std::move(subject), std::move(body), a.patient_id,
                      appointment.id, appointment.sequence,
                      "appointment:" + std::to_string(appointment.id) + ":" + std::to_string(appointment.sequence),
                      std::max(now, a.starts_at - kReminderLead), now});
}

Result<void> WithdrawAppointmentReminders(Transaction& tx, Id appointment_id, const std::string& reason) {
  SCARWISE_RETURN_IF_ERROR(tx.Outbox().SkipPendingReminders(appointment_id, reason));
  return {};
}

Result<void> RemindAfterSession(Transaction& tx, const domain::Protocol& protocol, Id patient_id, Id session_id,
                                const Timestamp& session_end, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
  const std::string& email = patient.details.email;
  // On the clinic's clock, labelled once.
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<TimeZone> zone, MessageZone(tx));
  const Timestamp end = zone ? zone->Stamp(session_end.utc) : session_end;
  std::string body = "Your session ended " + Spoken(end) + (zone ? " (" + zone->name() + " time)" : std::string()) +
                     ". What you may do again, and from when:\n\n";
  for (const domain::AftercareStatus& s : domain::AftercareTimeline(protocol.aftercare, end, end)) {
    body += "- " + s.item->title + ": " + (s.allowed ? "now" : "from " + Spoken(s.allowed_from)) + "\n";
  }
  // What to expect and when to call, from the protocol's recovery rules.
  body += "\n" + protocol.recovery.expected.advice + "\n\n" + protocol.recovery.after_session_note + "\n";
  for (const domain::WarningSign& sign : protocol.recovery.signs) body += "- " + sign.patient + "\n";
  SCARWISE_ASSIGN_OR_RETURN(const std::string signature, Signature(tx));
  body += signature;
  const std::string key = "session:" + std::to_string(session_id);
  if (auto sent = Enqueue(tx, {"aftercare_reminder", email, "Your aftercare after today's session", body, patient_id,
                               std::nullopt, 0, key + ":aftercare", now, now});
      !sent) {
    return sent;
  }
  const domain::MissedCheckInRule& schedule = protocol.recovery.missed_check_ins;
  for (int day : schedule.days) {
    if (day == 0) continue;  // the day of the session: the aftercare e-mail above asks for it
    const auto due = session_end.utc + std::chrono::hours(24 * day);
    std::string subject = schedule.reminder_subject;
    if (const size_t at = subject.find("{day}"); at != std::string::npos) subject.replace(at, 5, std::to_string(day));
    if (auto sent = Enqueue(tx, {"check_in_reminder", email, subject, schedule.reminder_body, patient_id, std::nullopt,
                                 0, key + ":check-in:" + std::to_string(day), due, now});
        !sent) {
      return sent;
    }
  }
  return {};
}

Result<void> InviteToPortal(Transaction& tx, const std::string& recipient, const storage::UserRecord& account,
                            Id invitation_id, const std::string& link, storage::Instant expires_at,
                            storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<TimeZone> zone, MessageZone(tx));
  const auto expires = std::chrono::floor<std::chrono::seconds>(expires_at);
  const Timestamp until = zone ? zone->Stamp(expires) : Timestamp{expires, std::chrono::minutes{0}};
  const std::string clock = zone ? zone->name() + " time" : "UTC";
  SCARWISE_ASSIGN_OR_RETURN(const std::string signature, Signature(tx));
  return Enqueue(tx, {kInvitationKind, recipient, "Your patient portal: choose your password",
                      "Dear " + account.name + ",\n\nYour clinic has opened a patient portal account for you. " +
                          "Choose your password here:\n\n" + link + "\n\nThen sign in with " + account.email +
                          ". The link works once, until " + Spoken(until) + " (" + clock +
                          "). Nobody at the clinic knows or chooses your password. If you did not expect " +
                          "this message, ignore it and tell the clinic." + signature,
                      account.patient_id, std::nullopt, 0, "invitation:" + std::to_string(invitation_id), now, now});
}

Result<void> TellCliniciansOfAlert(Transaction& tx, Id alert_id, const storage::NewAlert& alert, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto users, tx.Accounts().ListUsers(1000, 0));
  for (const storage::UserRecord& user : users) {
    if (user.role != domain::Role::kClinician || user.disabled) continue;
    if (auto sent = Enqueue(tx, {"clinic_alert", user.email,
                                 "[" + std::string(NameOf(alert.urgency)) + "] alert for patient record " +
                                     std::to_string(alert.patient_id),
                                 alert.message + "\n\nRule: " + alert.code + " (" + alert.source +
                                     ").\nOpen Scarwise to acknowledge and resolve it.",
                                 alert.patient_id, std::nullopt, 0,
                                 "alert:" + std::to_string(alert_id) + ":" + std::to_string(user.id), now, now});
        !sent) {
      return sent;
    }
  }
  return {};
}

}  // namespace scarwise::service

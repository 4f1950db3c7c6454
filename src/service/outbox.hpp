#pragma once

// The outbox: messages to patients and staff (appointment reminders, aftercare and check-in
// reminders, alerts) are written in the same transaction as the change that causes them,
// then delivered by a worker. Nothing acknowledged is lost: a message leaves the table's
// "pending" state only after the sender accepted it (so a crash in between sends it again:
// at least once), failed attempts are retried with doubling delays, and staff can see every
// message and its state.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "common/time_zone.hpp"
#include "domain/protocol.hpp"
#include "service/fleet.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

struct OutgoingMessage {
  std::string to;
  std::string subject;
  std::string body;
};

// Hands one message to a mail server, a file, a log...; an error means "not delivered".
using SendMessage = std::function<Result<void>(const OutgoingMessage&)>;

struct OutboxOptions {
  int max_attempts = 8;                  // then the message is marked failed
  std::chrono::seconds first_retry{60};  // doubled after each failed attempt
  std::chrono::seconds longest_retry{6 * 3600};
  int batch = 50;  // messages per pass
  // Messages sent at once (1-16). With more than one, the first worker is the priority lane:
  // it takes only clinic alerts, portal invitations and delivery-failure notices, so a mail
  // server stuck on reminders never holds them; the others take priority messages first.
  int workers = 4;
  // Servers sharing one database claim the messages they send (storage/outbox.hpp) for
  // `claim_for`, longer than the slowest attempt (the SMTP client's connect and reply
  // timeouts): a message whose server died is sent by another once the claim runs out.
  std::chrono::seconds claim_for{300};
  std::string claimant = InstanceName();  // this server among those sharing the database
};

// The priority lane: clinic alerts, portal invitations and delivery-failure notices leave
// before reminders (DueMessages lists them first) and have a worker of their own.
bool IsPriorityMessage(const std::string& kind);

struct DeliveryPass {
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int skipped = 0;
};

class Outbox {
 public:
  Outbox(RecordAccess& access, SendMessage send, OutboxOptions options = {})
      : access_(access), send_(std::move(send)), options_(options) {}

  // Claims the messages due now and sends them. An appointment reminder whose appointment was since moved,
  // cancelled or held is skipped (the new version has its own reminder).
  Result<DeliveryPass> DeliverDue();
  // Staff who may read the outbox: a failed message is tried again at once (pending, its
  // attempts reset), audited. kNotFound for an unknown message, kConflict (field "status")
  // unless it is failed, and (field "kind") for a portal invitation whose link was removed
  // (send a new invitation instead).
  Result<storage::OutboxRecord> Retry(const Request& request, storage::Id id);
  // Staff: messages newest first, optionally of one status, `limit` (1-1000) before `before`.
  Result<std::vector<storage::OutboxRecord>> List(const Request& request, std::optional<storage::DeliveryStatus> status,
                                                  int limit, storage::Id before);

 private:
  // Sends one due message and records the outcome (and, when it is given up, the notices
  // to the clinic's admins and clinicians).
  Result<void> DeliverOne(const storage::OutboxRecord& record, DeliveryPass& pass, std::mutex& pass_lock);

  RecordAccess& access_;
  SendMessage send_;
  OutboxOptions options_;
};

// ---- what goes into the outbox (each call writes in the caller's transaction) ----

// The reminder of a booked appointment, due 48 hours before it (at once when it is
// sooner), to the patient's e-mail (none when the patient has no e-mail).
Result<void> RemindOfAppointment(storage::Transaction& tx, const TimeZone& zone,
                                 const storage::AppointmentRecord& appointment,
                                 const domain::PlanningProtocol& planning, storage::Instant now);
// An appointment moved, cancelled or missed: its reminders still pending are skipped at
// once (`reason` is what staff see on each), in the caller's transaction, before the new
// version's reminder is queued.
Result<void> WithdrawAppointmentReminders(storage::Transaction& tx, storage::Id appointment_id,
                                          const std::string& reason);
// After a charted session: what becomes allowed when (due at once), and a check-in
// reminder on each of the first days the protocol expects check-ins.
Result<void> RemindAfterSession(storage::Transaction& tx, const domain::Protocol& protocol, storage::Id patient_id,
                                storage::Id session_id, const Timestamp& session_end, storage::Instant now);
// A portal invitation, due at once, to `recipient` (the address on the patient's record):
// the single-use link by which they choose the password of `account`, and when it stops
// working.
Result<void> InviteToPortal(storage::Transaction& tx, const std::string& recipient, const storage::UserRecord& account,
                            storage::Id invitation_id, const std::string& link, storage::Instant expires_at,
                            storage::Instant now);
// An alert, to every clinician's e-mail. No patient name: the patient's record number.
Result<void> TellCliniciansOfAlert(storage::Transaction& tx, storage::Id alert_id, const storage::NewAlert& alert,
                                   storage::Instant now);

}  // namespace scarwise::service

// The SQL of Outbox (storage/outbox.hpp): its rows and statements.
#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <span>
#include <utility>

#include "storage/audit_chain.hpp"
#include "storage/sql/repositories.hpp"
#include "storage/text.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr const char* kOutboxColumns =
    "id, kind, recipient, subject, body, patient_id, appointment_id, appointment_sequence, dedupe_key, due_at,"
    " created_at, status, attempts, next_attempt_at, last_error, sent_at";

struct OutboxRow {
  static constexpr const char* kColumns = kOutboxColumns;

  int64_t id = 0;
  std::string kind, recipient, subject, body;
  int64_t patient_id = 0, appointment_id = 0;
  soci::indicator patient_ind = soci::i_null, appointment_ind = soci::i_null;
  int appointment_sequence = 0;
  std::string dedupe_key;
  int64_t due_at = 0, created_at = 0;
  std::string status;
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  int64_t sent_at = 0;
  soci::indicator sent_ind = soci::i_null;

  void Bind(Stmt& st) {
    st.Into(id).Into(kind).Into(recipient).Into(subject).Into(body).Into(patient_id, patient_ind);
    st.Into(appointment_id, appointment_ind).Into(appointment_sequence).Into(dedupe_key).Into(due_at);
    st.Into(created_at).Into(status).Into(attempts).Into(next_attempt_at).Into(last_error).Into(sent_at, sent_ind);
  }
  OutboxRecord ToRecord() const {
    OutboxRecord r;
    r.id = id;
    r.message = {kind,
                 recipient,
                 subject,
                 body,
                 std::nullopt,
                 std::nullopt,
                 appointment_sequence,
                 dedupe_key,
                 FromSeconds(due_at),
                 FromSeconds(created_at)};
    if (patient_ind == soci::i_ok) r.message.patient_id = patient_id;
    if (appointment_ind == soci::i_ok) r.message.appointment_id = appointment_id;
    r.status = Stored<DeliveryStatus>(status);
    r.attempts = attempts;
    r.next_attempt_at = FromSeconds(next_attempt_at);
    r.last_error = last_error;
    if (sent_ind == soci::i_ok) r.sent_at = FromSeconds(sent_at);
    return r;
  }
};

class SqlOutbox final : public OutboxRepository {
 public:
  explicit SqlOutbox(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Enqueue(const NewOutboxMessage& m) override {
    return uow_.Run<Id>("EnqueueMessage", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = m.patient_id.value_or(0), appointment = m.appointment_id.value_or(0),
                    due = Seconds(m.due_at), at = Seconds(m.created_at);
      soci::indicator patient_ind = m.patient_id ? soci::i_ok : soci::i_null;
      soci::indicator appointment_ind = m.appointment_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(m.kind, "kind").Use(m.recipient, "recipient").Use(m.subject, "subject").Use(m.body, "body");
      st.Use(patient, patient_ind, "patient").Use(appointment, appointment_ind, "appointment");
      st.Use(m.appointment_sequence, "sequence").Use(m.dedupe_key, "dedupe").Use(due, "due").Use(due, "due2");
      st.Use(at, "at");
      st.Prepare(
          "INSERT INTO outbox_messages (kind, recipient, subject, body, patient_id, appointment_id,"
          " appointment_sequence, dedupe_key, due_at, created_at, status, attempts, next_attempt_at, last_error)"
          " VALUES (:kind, :recipient, :subject, :body, :patient, :appointment, :sequence, :dedupe, :due, :at,"
          " 'pending', 0, :due2, '') RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<OutboxRecord>> Claim(Instant now, int limit, std::string_view claimant,
                                          Instant claimed_until) override {
    return uow_.Run<std::vector<OutboxRecord>>(
        "ClaimMessages", CallKind::kRead, [&]() -> Result<std::vector<OutboxRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const int64_t at = Seconds(now), until = Seconds(claimed_until);
          SCARWISE_ASSIGN_OR_RETURN(
              auto due, SelectAll<OutboxRow>(uow_.Sql(),
                                             "FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= :now"
                                             " AND claimed_until <= :now2 ORDER BY CASE WHEN kind IN ('clinic_alert',"
                                             " 'portal_invitation', 'delivery_failure') THEN 0 ELSE 1 END,"
                                             " next_attempt_at, id LIMIT :limit" +
                                                 std::string(uow_.dialect().SkipLockedClause()),
                                             Param("now", at), Param("now2", at), Param("limit", limit)));
          const std::string holder(claimant);
          for (const OutboxRecord& record : due) {
            const int64_t key = record.id;
            Stmt st(uow_.Sql());
            st.Use(holder, "holder").Use(until, "until").Use(key, "id");
            st.Prepare("UPDATE outbox_messages SET claimed_by = :holder, claimed_until = :until WHERE id = :id");
            st.Execute();
          }
          return due;
        });
  }

  Result<int> SkipPendingReminders(Id appointment_id, const std::string& reason) override {
    return uow_.Run<int>("SkipPendingReminders", CallKind::kRead, [&]() -> Result<int> {
      const int64_t appointment = appointment_id;
      Stmt st(uow_.Sql());
      st.Use(reason, "reason").Use(appointment, "appointment");
      st.Prepare(
          "UPDATE outbox_messages SET status = 'skipped', last_error = :reason"
          " WHERE appointment_id = :appointment AND status = 'pending'");
      st.Execute();
      return static_cast<int>(st.AffectedRows());
    });
  }

  Result<void> Step(Id id, std::string_view claimant, const OutboxStep& step) override {
    return uow_.Run<void>("StepMessage", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = id, next = Seconds(step.next_attempt_at), sent = step.sent_at ? Seconds(*step.sent_at) : 0;
      soci::indicator sent_ind = step.sent_at ? soci::i_ok : soci::i_null;
      const std::string body = step.body.value_or("");
      soci::indicator body_ind = step.body ? soci::i_ok : soci::i_null;
      const std::string status(NameOf(step.status));
      Stmt st(uow_.Sql());
      st.Use(status, "status").Use(step.attempts, "attempts").Use(next, "next").Use(step.last_error, "error");
      const std::string holder(claimant);
      st.Use(sent, sent_ind, "sent").Use(body, body_ind, "body").Use(key, "id").Use(holder, "holder");
      st.Prepare(
          "UPDATE outbox_messages SET status = :status, attempts = :attempts, next_attempt_at = :next,"
          " last_error = :error, sent_at = :sent, body = COALESCE(:body, body), claimed_by = '', claimed_until = 0"
          " WHERE id = :id AND claimed_by = :holder");
      st.Execute();
      if (st.AffectedRows() > 0) return {};
      SCARWISE_RETURN_IF_ERROR(
          SelectOne<OutboxRow>(uow_.Sql(), "FROM outbox_messages WHERE id = :id", "message", Param("id", key)));
      return Unexpected(Conflict("claimed_by", "the message is no longer claimed by this server: its claim ran out"));
    });
  }

  Result<OutboxRecord> Retry(Id id, Instant now) override {
    return uow_.Run<OutboxRecord>("RetryMessage", CallKind::kRead, [&]() -> Result<OutboxRecord> {
      const int64_t key = id, next = Seconds(now);
      bool retried = false;
      {
        Stmt st(uow_.Sql());
        st.Use(next, "next").Use(key, "id");
        st.Prepare(
            "UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = :next, last_error = '',"
            " claimed_by = '', claimed_until = 0 WHERE id = :id AND status = 'failed'");
        st.Execute();
        retried = st.AffectedRows() > 0;
      }
      OutboxRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(key, "id");
      st.Prepare(std::string("SELECT ") + kOutboxColumns + " FROM outbox_messages WHERE id = :id");
      if (!st.Execute()) return Unexpected(NoSuch("message"));
      OutboxRecord record = row.ToRecord();
      if (!retried) {
        return Unexpected(Conflict("status", "only a message that could not be delivered can be retried"));
      }
      return record;
    });
  }

  Result<std::vector<OutboxRecord>> List(std::optional<DeliveryStatus> status, int limit, Id before) override {
    return uow_.Run<std::vector<OutboxRecord>>(
        "ListMessages", CallKind::kRead, [&]() -> Result<std::vector<OutboxRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const std::string wanted(status ? NameOf(*status) : "");
          const int64_t below = before > 0 ? before : std::numeric_limits<int64_t>::max();
          return SelectAll<OutboxRow>(uow_.Sql(),
                                      "FROM outbox_messages WHERE (:status = '' OR status = :status2) AND id < :before "
                                      "ORDER BY id DESC LIMIT :limit",
                                      Param("status", wanted), Param("status2", wanted), Param("before", below),
                                      Param("limit", limit));
        });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<OutboxRepository> NewSqlOutbox(UnitOfWork& uow) {
  return std::make_unique<SqlOutbox>(uow);
}

}  // namespace scarwise::storage::sql

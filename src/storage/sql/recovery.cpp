// The SQL of Recovery (storage/recovery.hpp): its rows and statements.
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

constexpr const char* kCheckInColumns =
    "id, patient_id, recorded_by, recorded_at, day_after_session, redness, swelling, pain, warning_signs, "
    "products_applied, sunscreen_used, makeup_used";

struct CheckInRow {
  static constexpr const char* kColumns = kCheckInColumns;

  int64_t id = 0, patient_id = 0, recorded_by = 0, recorded_at = 0;
  int day_after_session = 0, redness = 0, swelling = 0, pain = 0;
  std::string warning_signs, products_applied;
  int sunscreen_used = 0, makeup_used = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(recorded_by).Into(recorded_at).Into(day_after_session).Into(redness);
    st.Into(swelling).Into(pain).Into(warning_signs).Into(products_applied).Into(sunscreen_used).Into(makeup_used);
  }
  CheckInRecord ToRecord() const {
    return CheckInRecord{id,
                         {patient_id, recorded_by, FromSeconds(recorded_at), day_after_session, redness, swelling, pain,
                          warning_signs, products_applied, sunscreen_used != 0, makeup_used != 0}};
  }
};

constexpr const char* kAlertColumns =
    "id, patient_id, check_in_id, urgency, code, message, source, status, created_at, acknowledged_by, "
    "acknowledged_at, acknowledged_note, resolved_by, resolved_at, resolved_note, session_id, missed_day, repeats, "
    "last_check_in_id, last_seen_at";

struct AlertRow {
  static constexpr const char* kColumns = kAlertColumns;

  int64_t id = 0, patient_id = 0;
  int64_t check_in_id = 0;
  soci::indicator check_in_ind = soci::i_null;
  std::string urgency, code, message, source, status;
  int64_t created_at = 0;
  int64_t ack_by = 0, ack_at = 0;
  std::string ack_note;
  soci::indicator ack_by_ind = soci::i_null, ack_at_ind = soci::i_null, ack_note_ind = soci::i_null;
  int64_t res_by = 0, res_at = 0;
  std::string res_note;
  soci::indicator res_by_ind = soci::i_null, res_at_ind = soci::i_null, res_note_ind = soci::i_null;
  int64_t session_id = 0;
  int missed_day = 0;
  soci::indicator session_ind = soci::i_null, missed_day_ind = soci::i_null;
  int repeats = 0;
  int64_t last_check_in_id = 0, last_seen_at = 0;
  soci::indicator last_check_in_ind = soci::i_null, last_seen_ind = soci::i_null;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(check_in_id, check_in_ind).Into(urgency).Into(code).Into(message).Into(source);
    st.Into(status).Into(created_at).Into(ack_by, ack_by_ind).Into(ack_at, ack_at_ind).Into(ack_note, ack_note_ind);
    st.Into(res_by, res_by_ind).Into(res_at, res_at_ind).Into(res_note, res_note_ind);
    st.Into(session_id, session_ind).Into(missed_day, missed_day_ind).Into(repeats);
    st.Into(last_check_in_id, last_check_in_ind).Into(last_seen_at, last_seen_ind);
  }
  AlertRecord ToRecord() const {
    AlertRecord record;
    record.id = id;
    record.alert = {patient_id,  std::nullopt, Stored<domain::Urgency>(urgency), code,
                    message,     source,       FromSeconds(created_at),          std::nullopt,
                    std::nullopt};
    if (check_in_ind == soci::i_ok) record.alert.check_in_id = check_in_id;
    if (session_ind == soci::i_ok) record.alert.session_id = session_id;
    if (missed_day_ind == soci::i_ok) record.alert.missed_day = missed_day;
    record.status = Stored<domain::AlertStatus>(status);
    if (ack_by_ind == soci::i_ok && ack_at_ind == soci::i_ok) {
      record.acknowledged = AlertStep{ack_by, FromSeconds(ack_at), ack_note_ind == soci::i_ok ? ack_note : ""};
    }
    if (res_by_ind == soci::i_ok && res_at_ind == soci::i_ok) {
      record.resolved = AlertStep{res_by, FromSeconds(res_at), res_note_ind == soci::i_ok ? res_note : ""};
    }
    record.repeats = repeats;
    if (last_check_in_ind == soci::i_ok) record.last_check_in_id = last_check_in_id;
    if (last_seen_ind == soci::i_ok) record.last_seen_at = FromSeconds(last_seen_at);
    return record;
  }
};

class SqlRecovery final : public RecoveryRepository {
 public:
  explicit SqlRecovery(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> CreateCheckIn(const NewCheckIn& c) override {
    return uow_.Run<Id>("CreateCheckIn", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = c.patient_id, by = c.recorded_by, at = Seconds(c.recorded_at);
      const int sunscreen = c.sunscreen_used ? 1 : 0, makeup = c.makeup_used ? 1 : 0;
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(by, "by").Use(at, "at").Use(c.day_after_session, "day");
      st.Use(c.redness, "redness").Use(c.swelling, "swelling").Use(c.pain, "pain").Use(c.warning_signs, "signs");
      st.Use(c.products_applied, "products").Use(sunscreen, "sunscreen").Use(makeup, "makeup");
      st.Prepare(
          "INSERT INTO check_ins (patient_id, recorded_by, recorded_at, day_after_session, redness, swelling, pain,"
          " warning_signs, products_applied, sunscreen_used, makeup_used) VALUES (:patient, :by, :at, :day,"
          " :redness, :swelling, :pain, :signs, :products, :sunscreen, :makeup) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<CheckInRecord>> ListCheckIns(Id patient_id) override {
    return uow_.Run<std::vector<CheckInRecord>>(
        "ListCheckIns", CallKind::kRead, [&]() -> Result<std::vector<CheckInRecord>> {
          const int64_t key = patient_id;
          return SelectAll<CheckInRow>(uow_.Sql(), "FROM check_ins WHERE patient_id = :key ORDER BY id",
                                       Param("key", key));
        });
  }

  Result<Id> CreateAlert(const NewAlert& a) override {
    return uow_.Run<Id>("CreateAlert", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = a.patient_id, check_in = a.check_in_id.value_or(0), at = Seconds(a.created_at);
      soci::indicator check_in_ind = a.check_in_id ? soci::i_ok : soci::i_null;
      const int64_t session = a.session_id.value_or(0);
      const int missed_day = a.missed_day.value_or(0);
      soci::indicator session_ind = a.session_id ? soci::i_ok : soci::i_null;
      soci::indicator missed_day_ind = a.missed_day ? soci::i_ok : soci::i_null;
      const std::string urgency(NameOf(a.urgency));
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(check_in, check_in_ind, "check_in").Use(urgency, "urgency");
      st.Use(a.code, "code").Use(a.message, "message").Use(a.source, "source").Use(at, "at");
      st.Use(session, session_ind, "session").Use(missed_day, missed_day_ind, "missed_day");
      st.Prepare(
          "INSERT INTO alerts (patient_id, check_in_id, urgency, code, message, source, status, created_at, session_id,"
          " missed_day) VALUES (:patient, :check_in, :urgency, :code, :message, :source, 'open', :at, :session,"
          " :missed_day) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<AlertRecord> FindAlert(Id id) override {
    return uow_.Run<AlertRecord>("FindAlert", CallKind::kRead, [&] { return QueryAlert(id); });
  }

  Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) override {
    return uow_.Run<std::vector<AlertRecord>>("ListAlerts", CallKind::kRead, [&]() -> Result<std::vector<AlertRecord>> {
      SCARWISE_RETURN_IF_ERROR(CheckLimit(query.limit));
      // Absent filters match everything: "(:x = '' OR column = :x)" keeps one prepared shape.
      const int64_t patient = query.patient_id.value_or(0), any_patient = query.patient_id ? 0 : 1;
      const int64_t before = query.before_id > 0 ? query.before_id : std::numeric_limits<int64_t>::max();
      const std::string status(query.status ? NameOf(*query.status) : ""),
          urgency(query.urgency ? NameOf(*query.urgency) : "");
      return SelectAll<AlertRow>(
          uow_.Sql(),
          "FROM alerts WHERE (:status = '' OR status = :status2) AND (:urgency = '' OR urgency = :urgency2) AND "
          "(:any_patient = 1 OR patient_id = :patient) AND id < :before ORDER BY id DESC LIMIT :limit",
          Param("status", status), Param("status2", status), Param("urgency", urgency), Param("urgency2", urgency),
          Param("any_patient", any_patient), Param("patient", patient), Param("before", before),
          Param("limit", query.limit));
    });
  }

  Result<AlertRecord> RepeatAlert(Id id, Id check_in_id, Instant at) override {
    return uow_.Run<AlertRecord>("RepeatAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      const int64_t key = id, check_in = check_in_id, seen = Seconds(at);
      Stmt st(uow_.Sql());
      st.Use(check_in, "check_in").Use(seen, "at").Use(key, "id");
      st.Prepare(
          "UPDATE alerts SET repeats = repeats + 1, last_check_in_id = :check_in, last_seen_at = :at"
          " WHERE id = :id AND status <> 'resolved'");
      st.Execute();
      if (st.AffectedRows() == 0) {
        auto current = QueryAlert(id);
        if (!current) return current;
        return Unexpected(Conflict("status", "the alert is already resolved"));
      }
      return QueryAlert(id);
    });
  }

  Result<AlertRecord> AcknowledgeAlert(Id id, const AlertStep& step) override {
    return uow_.Run<AlertRecord>("AcknowledgeAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      return StepAlert(id, step,
                       "UPDATE alerts SET status = 'acknowledged', acknowledged_by = :by, acknowledged_at = :at,"
                       " acknowledged_note = :note WHERE id = :id AND status = 'open'",
                       "the alert is not open");
    });
  }

  Result<AlertRecord> ResolveAlert(Id id, const AlertStep& step) override {
    return uow_.Run<AlertRecord>("ResolveAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      return StepAlert(id, step,
                       "UPDATE alerts SET status = 'resolved', resolved_by = :by, resolved_at = :at,"
                       " resolved_note = :note WHERE id = :id AND status <> 'resolved'",
                       "the alert is already resolved");
    });
  }

  Result<Id> CreateProductCheck(const NewProductCheck& c) override {
    return uow_.Run<Id>("CreateProductCheck", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = c.patient_id, by = c.checked_by, at = Seconds(c.checked_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(by, "by").Use(at, "at").Use(c.day_after_session, "day");
      st.Use(c.product_type, "type").Use(c.inci, "inci").Use(c.result_json, "result");
      st.Prepare(
          "INSERT INTO product_checks (patient_id, checked_by, checked_at, day_after_session, product_type, inci,"
          " result_json) VALUES (:patient, :by, :at, :day, :type, :inci, :result) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<ProductCheckRecord>> ListProductChecks(Id patient_id, int limit) override {
    return uow_.Run<std::vector<ProductCheckRecord>>(
        "ListProductChecks", CallKind::kRead, [&]() -> Result<std::vector<ProductCheckRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const int64_t key = patient_id;
          ProductCheckRecord row;
          int64_t at = 0;
          Stmt st(uow_.Sql());
          st.Into(row.id).Into(row.check.patient_id).Into(row.check.checked_by).Into(at);
          st.Into(row.check.day_after_session).Into(row.check.product_type).Into(row.check.inci);
          st.Into(row.check.result_json).Use(key, "key").Use(limit, "limit");
          st.Prepare(
              "SELECT id, patient_id, checked_by, checked_at, day_after_session, product_type, inci, result_json"
              " FROM product_checks WHERE patient_id = :key ORDER BY id DESC LIMIT :limit");
          std::vector<ProductCheckRecord> out;
          st.Start();
          while (st.Fetch()) {
            row.check.checked_at = FromSeconds(at);
            out.push_back(row);
          }
          return out;
        });
  }

 private:
  Result<AlertRecord> QueryAlert(Id id) {
    const int64_t key = id;
    return SelectOne<AlertRow>(uow_.Sql(), "FROM alerts WHERE id = :key", "alert", Param("key", key));
  }

  // Moves an alert one step (the UPDATE binds :by, :at, :note, :id and names the states it
  // may start from); kNotFound or kConflict (field "status") when it cannot move.
  Result<AlertRecord> StepAlert(Id id, const AlertStep& step, const char* update, const char* conflict) {
    const int64_t key = id, by = step.by, at = Seconds(step.at);
    Stmt st(uow_.Sql());
    st.Use(by, "by").Use(at, "at").Use(step.note, "note").Use(key, "id").Prepare(update);
    st.Execute();
    auto current = QueryAlert(id);
    if (!current || st.AffectedRows() == 1) return current;
    return Unexpected(Conflict("status", conflict));
  }

  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<RecoveryRepository> NewSqlRecovery(UnitOfWork& uow) {
  return std::make_unique<SqlRecovery>(uow);
}

}  // namespace scarwise::storage::sql

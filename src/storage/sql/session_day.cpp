// The SQL of SessionDay (storage/session_day.hpp): its rows and statements.
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

constexpr const char* kTreatmentSessionColumns =
    "id, patient_id, plan_id, session_number, appointment_id, screening_id, charted_by, charted_at, ended_at, "
    "end_offset_minutes, chart_json";

struct TreatmentSessionRow {
  static constexpr const char* kColumns = kTreatmentSessionColumns;

  int64_t id = 0, patient_id = 0, plan_id = 0;
  int session_number = 0;
  int64_t appointment_id = 0;
  soci::indicator appointment_ind = soci::i_null;
  int64_t screening_id = 0, charted_by = 0, charted_at = 0, ended_at = 0;
  int end_offset_minutes = 0;
  std::string chart_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(plan_id).Into(session_number).Into(appointment_id, appointment_ind);
    st.Into(screening_id).Into(charted_by).Into(charted_at).Into(ended_at).Into(end_offset_minutes).Into(chart_json);
  }
  TreatmentSessionRecord ToRecord() const {
    TreatmentSessionRecord record{id,
                                  {patient_id, plan_id, session_number, std::nullopt, screening_id, charted_by,
                                   FromSeconds(charted_at), FromSeconds(ended_at), end_offset_minutes, chart_json}};
    if (appointment_ind == soci::i_ok) record.session.appointment_id = appointment_id;
    return record;
  }
};

constexpr const char* kAmendmentColumns = "id, session_id, amended_by, amended_at, reason, changes_json";

struct AmendmentRow {
  static constexpr const char* kColumns = kAmendmentColumns;

  int64_t id = 0, session_id = 0, amended_by = 0, amended_at = 0;
  std::string reason, changes_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(session_id).Into(amended_by).Into(amended_at).Into(reason).Into(changes_json);
  }
  SessionAmendmentRecord ToRecord() const {
    return SessionAmendmentRecord{id, {session_id, amended_by, FromSeconds(amended_at), reason, changes_json}};
  }
};

class SqlSessionDay final : public SessionDayRepository {
 public:
  explicit SqlSessionDay(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> CreateSession(const NewTreatmentSession& t) override {
    return uow_.Run<Id>("CreateTreatmentSession", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = t.patient_id, plan = t.plan_id, appointment = t.appointment_id.value_or(0);
      soci::indicator appointment_ind = t.appointment_id ? soci::i_ok : soci::i_null;
      const int64_t screening = t.screening_id, by = t.charted_by, at = Seconds(t.charted_at),
                    ended = Seconds(t.ended_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(plan, "plan").Use(t.session_number, "number");
      st.Use(appointment, appointment_ind, "appointment").Use(screening, "screening").Use(by, "by").Use(at, "at");
      st.Use(ended, "ended").Use(t.end_offset_minutes, "offset").Use(t.chart_json, "chart");
      st.Prepare(
          "INSERT INTO treatment_sessions (patient_id, plan_id, session_number, appointment_id, screening_id,"
          " charted_by, charted_at, ended_at, end_offset_minutes, chart_json) VALUES (:patient, :plan, :number,"
          " :appointment, :screening, :by, :at, :ended, :offset, :chart) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<TreatmentSessionRecord> FindSession(Id id) override {
    return uow_.Run<TreatmentSessionRecord>(
        "FindTreatmentSession", CallKind::kRead, [&]() -> Result<TreatmentSessionRecord> {
          const int64_t key = id;
          return SelectOne<TreatmentSessionRow>(uow_.Sql(), "FROM treatment_sessions WHERE id = :key", "session",
                                                Param("key", key));
        });
  }

  Result<std::vector<TreatmentSessionRecord>> ListSessions(Id patient_id) override {
    return uow_.Run<std::vector<TreatmentSessionRecord>>(
        "ListTreatmentSessions", CallKind::kRead, [&]() -> Result<std::vector<TreatmentSessionRecord>> {
          const int64_t key = patient_id;
          return SelectAll<TreatmentSessionRow>(
              uow_.Sql(), "FROM treatment_sessions WHERE patient_id = :key ORDER BY id", Param("key", key));
        });
  }

  Result<std::vector<TreatmentSessionRecord>> ListSessionsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<TreatmentSessionRecord>>(
        "ListTreatmentSessionsOf", CallKind::kRead, [&]() -> Result<std::vector<TreatmentSessionRecord>> {
          const int64_t first = patients.first, last = patients.last;
          return SelectAll<TreatmentSessionRow>(
              uow_.Sql(), "FROM treatment_sessions WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, id",
              Param("first", first), Param("last", last));
        });
  }

  Result<std::map<Id, int64_t>> CountAmendmentsOf(const PatientIds& patients) override {
    return uow_.Run<std::map<Id, int64_t>>(
        "CountAmendmentsOf", CallKind::kRead, [&]() -> Result<std::map<Id, int64_t>> {
          const int64_t first = patients.first, last = patients.last;
          int64_t session = 0, count = 0;
          Stmt st(uow_.Sql());
          st.Into(session).Into(count).Use(first, "first").Use(last, "last");
          st.Prepare(
              "SELECT a.session_id, COUNT(*) FROM session_amendments a JOIN treatment_sessions s ON s.id = a.session_id"
              " WHERE s.patient_id BETWEEN :first AND :last GROUP BY a.session_id");
          std::map<Id, int64_t> out;
          st.Start();
          while (st.Fetch()) out[session] = count;
          return out;
        });
  }

  Result<std::vector<TreatmentSessionRecord>> ListSessionsEndedSince(Instant since) override {
    return uow_.Run<std::vector<TreatmentSessionRecord>>(
        "ListTreatmentSessionsEndedSince", CallKind::kRead, [&]() -> Result<std::vector<TreatmentSessionRecord>> {
          const int64_t key = Seconds(since);
          return SelectAll<TreatmentSessionRow>(
              uow_.Sql(), "FROM treatment_sessions WHERE ended_at >= :key ORDER BY id", Param("key", key));
        });
  }

  Result<Id> AppendAmendment(const NewSessionAmendment& a) override {
    return uow_.Run<Id>("AppendSessionAmendment", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t session = a.session_id, by = a.amended_by, at = Seconds(a.amended_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(session, "session").Use(by, "by").Use(at, "at").Use(a.reason, "reason");
      st.Use(a.changes_json, "changes");
      st.Prepare(
          "INSERT INTO session_amendments (session_id, amended_by, amended_at, reason, changes_json)"
          " VALUES (:session, :by, :at, :reason, :changes) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<SessionAmendmentRecord>> ListAmendments(Id session_id) override {
    return uow_.Run<std::vector<SessionAmendmentRecord>>(
        "ListSessionAmendments", CallKind::kRead, [&]() -> Result<std::vector<SessionAmendmentRecord>> {
          const int64_t key = session_id;
          return SelectAll<AmendmentRow>(uow_.Sql(), "FROM session_amendments WHERE session_id = :key ORDER BY id",
                                         Param("key", key));
        });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<SessionDayRepository> NewSqlSessionDay(UnitOfWork& uow) {
  return std::make_unique<SqlSessionDay>(uow);
}

}  // namespace scarwise::storage::sql

// The SQL of Safety (storage/safety.hpp): its rows and statements.
#include <soci/soci.h>

#include <limits>
#include <utility>

#include "storage/sql/repositories.hpp"
#include "storage/sql/statement.hpp"

namespace scarwise::storage::sql {
namespace {

struct PrecautionRow {
  static constexpr const char* kColumns = "id, plan_id, code, details_json, recorded_by, recorded_at";

  int64_t id = 0, plan_id = 0;
  std::string code, details_json;
  int64_t recorded_by = 0, recorded_at = 0;

  void Bind(Stmt& st) { st.Into(id).Into(plan_id).Into(code).Into(details_json).Into(recorded_by).Into(recorded_at); }
  PrecautionRecord ToRecord() const {
    return PrecautionRecord{id, {plan_id, code, details_json, recorded_by, FromSeconds(recorded_at)}};
  }
};

struct DeviceLotRow {
  static constexpr const char* kColumns = "id, device, lot, expires_on, created_by, created_at";

  int64_t id = 0;
  std::string device, lot, expires_on;
  int64_t created_by = 0, created_at = 0;

  void Bind(Stmt& st) { st.Into(id).Into(device).Into(lot).Into(expires_on).Into(created_by).Into(created_at); }
  DeviceLotRecord ToRecord() const {
    return DeviceLotRecord{id, {device, lot, expires_on, created_by, FromSeconds(created_at)}};
  }
};

struct SessionLotRow {
  static constexpr const char* kColumns =
      "s.id, s.patient_id, s.plan_id, s.session_number, s.ended_at, s.end_offset_minutes, l.device, l.lot, "
      "l.device_lot_id";

  int64_t id = 0, patient_id = 0, plan_id = 0;
  int session_number = 0;
  int64_t ended_at = 0;
  int end_offset_minutes = 0;
  std::string device, lot;
  int64_t device_lot_id = 0;
  soci::indicator device_lot_ind = soci::i_null;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(plan_id).Into(session_number).Into(ended_at).Into(end_offset_minutes);
    st.Into(device).Into(lot).Into(device_lot_id, device_lot_ind);
  }
  SessionLotRecord ToRecord() const {
    SessionLotRecord r{id,     patient_id, plan_id,     session_number, FromSeconds(ended_at), end_offset_minutes,
                       device, lot,        std::nullopt};
    if (device_lot_ind == soci::i_ok) r.device_lot_id = device_lot_id;
    return r;
  }
};

constexpr const char* kSessionLotFrom = "FROM session_lots l JOIN treatment_sessions s ON s.id = l.session_id";

struct AdverseEventRow {
  static constexpr const char* kColumns =
      "id, patient_id, type, severity, onset_on, session_id, lot, alert_id, treatment, outcome, resolved_on, notes, "
      "recorded_by, recorded_at, updated_at, version";

  int64_t id = 0, patient_id = 0;
  std::string type, severity, onset_on;
  int64_t session_id = 0;
  soci::indicator session_ind = soci::i_null;
  std::string lot;
  int64_t alert_id = 0;
  soci::indicator alert_ind = soci::i_null;
  std::string treatment, outcome, resolved_on, notes;
  int64_t recorded_by = 0, recorded_at = 0, updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(type).Into(severity).Into(onset_on).Into(session_id, session_ind).Into(lot);
    st.Into(alert_id, alert_ind).Into(treatment).Into(outcome).Into(resolved_on).Into(notes).Into(recorded_by);
    st.Into(recorded_at).Into(updated_at).Into(version);
  }
  AdverseEventRecord ToRecord() const {
    AdverseEventRecord r;
    r.id = id;
    r.event = {patient_id,
               type,
               severity,
               onset_on,
               std::nullopt,
               lot,
               std::nullopt,
               treatment,
               outcome,
               resolved_on,
               notes,
               recorded_by,
               FromSeconds(recorded_at)};
    if (session_ind == soci::i_ok) r.event.session_id = session_id;
    if (alert_ind == soci::i_ok) r.event.alert_id = alert_id;
    r.updated_at = FromSeconds(updated_at);
    r.version = version;
    return r;
  }
};

class SqlSafety final : public SafetyRepository {
 public:
  explicit SqlSafety(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> RecordPrecaution(const NewPrecautionRecord& r) override {
    return uow_.Run<Id>("RecordPrecaution", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t plan = r.plan_id, by = r.recorded_by, at = Seconds(r.recorded_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(plan, "plan").Use(r.code, "code").Use(r.details_json, "details").Use(by, "by").Use(at, "at");
      st.Prepare(
          "INSERT INTO precaution_records (plan_id, code, details_json, recorded_by, recorded_at)"
          " VALUES (:plan, :code, :details, :by, :at) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<PrecautionRecord>> ListPrecautions(Id plan_id) override {
    return uow_.Run<std::vector<PrecautionRecord>>(
        "ListPrecautions", CallKind::kRead, [&]() -> Result<std::vector<PrecautionRecord>> {
          const int64_t key = plan_id;
          return SelectAll<PrecautionRow>(uow_.Sql(), "FROM precaution_records WHERE plan_id = :key ORDER BY id",
                                          Param("key", key));
        });
  }

  Result<std::vector<PrecautionRecord>> ListPrecautionsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<PrecautionRecord>>(
        "ListPrecautionsOf", CallKind::kRead, [&]() -> Result<std::vector<PrecautionRecord>> {
          const int64_t first = patients.first, last = patients.last;
          return SelectAll<PrecautionRow>(uow_.Sql(),
                                          "FROM precaution_records WHERE plan_id IN (SELECT id FROM plans"
                                          " WHERE patient_id BETWEEN :first AND :last) ORDER BY plan_id, id",
                                          Param("first", first), Param("last", last));
        });
  }

  Result<Id> CreateDeviceLot(const NewDeviceLot& l) override {
    return uow_.Run<Id>("CreateDeviceLot", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t by = l.created_by, at = Seconds(l.created_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(l.device, "device").Use(l.lot, "lot").Use(l.expires_on, "expires").Use(by, "by").Use(at, "at");
      st.Prepare(
          "INSERT INTO device_lots (device, lot, expires_on, created_by, created_at)"
          " VALUES (:device, :lot, :expires, :by, :at) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<DeviceLotRecord>> ListDeviceLots() override {
    return uow_.Run<std::vector<DeviceLotRecord>>("ListDeviceLots", CallKind::kRead, [&] {
      return SelectAll<DeviceLotRow>(uow_.Sql(), "FROM device_lots ORDER BY id");
    });
  }

  Result<void> LinkSessionLot(Id session_id, const std::string& device, const std::string& lot,
                              std::optional<Id> device_lot_id) override {
    return uow_.Run<void>("LinkSessionLot", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t session = session_id;
      int64_t linked = 0;
      {
        Stmt seen(uow_.Sql());
        seen.Into(linked).Use(session, "session").Use(lot, "lot");
        seen.Prepare("SELECT COUNT(*) FROM session_lots WHERE session_id = :session AND lot = :lot");
        seen.Execute();
      }
      if (linked > 0) return {};
      const int64_t catalogued = device_lot_id.value_or(0);
      soci::indicator catalogued_ind = device_lot_id ? soci::i_ok : soci::i_null;
      Stmt st(uow_.Sql());
      st.Use(session, "session").Use(lot, "lot").Use(device, "device").Use(catalogued, catalogued_ind, "catalogued");
      st.Prepare(
          "INSERT INTO session_lots (session_id, lot, device, device_lot_id)"
          " VALUES (:session, :lot, :device, :catalogued)");
      st.Execute();
      return {};
    });
  }

  Result<std::vector<SessionLotRecord>> SessionsWithLot(const std::string& lot, int limit, Id after_id) override {
    return uow_.Run<std::vector<SessionLotRecord>>(
        "SessionsWithLot", CallKind::kRead, [&]() -> Result<std::vector<SessionLotRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const int64_t after = after_id;
          return SelectAll<SessionLotRow>(
              uow_.Sql(),
              std::string(kSessionLotFrom) + " WHERE l.lot = :lot AND s.id > :after ORDER BY s.id LIMIT :limit",
              Param("lot", lot), Param("after", after), Param("limit", limit));
        });
  }

  Result<std::vector<SessionLotRecord>> LotsOfSession(Id session_id) override {
    return uow_.Run<std::vector<SessionLotRecord>>(
        "LotsOfSession", CallKind::kRead, [&]() -> Result<std::vector<SessionLotRecord>> {
          const int64_t key = session_id;
          return SelectAll<SessionLotRow>(uow_.Sql(), std::string(kSessionLotFrom) + " WHERE s.id = :key",
                                          Param("key", key));
        });
  }

  Result<Id> CreateAdverseEvent(const NewAdverseEvent& e) override {
    return uow_.Run<Id>("CreateAdverseEvent", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = e.patient_id, by = e.recorded_by, at = Seconds(e.recorded_at);
      const int64_t session = e.session_id.value_or(0), alert = e.alert_id.value_or(0);
      soci::indicator session_ind = e.session_id ? soci::i_ok : soci::i_null;
      soci::indicator alert_ind = e.alert_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(e.type, "type").Use(e.severity, "severity").Use(e.onset_on, "onset");
      st.Use(session, session_ind, "session").Use(e.lot, "lot").Use(alert, alert_ind, "alert");
      st.Use(e.treatment, "treatment").Use(e.outcome, "outcome").Use(e.resolved_on, "resolved").Use(e.notes, "notes");
      st.Use(by, "by").Use(at, "at");
      st.Prepare(
          "INSERT INTO adverse_events (patient_id, type, severity, onset_on, session_id, lot, alert_id, treatment,"
          " outcome, resolved_on, notes, recorded_by, recorded_at, updated_at, version) VALUES (:patient, :type,"
          " :severity, :onset, :session, :lot, :alert, :treatment, :outcome, :resolved, :notes, :by, :at, :at, 1)"
          " RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<AdverseEventRecord> FindAdverseEvent(Id id) override {
    return uow_.Run<AdverseEventRecord>("FindAdverseEvent", CallKind::kRead, [&]() -> Result<AdverseEventRecord> {
      const int64_t key = id;
      return SelectOne<AdverseEventRow>(uow_.Sql(), "FROM adverse_events WHERE id = :key", "adverse event",
                                        Param("key", key));
    });
  }

  Result<std::vector<AdverseEventRecord>> ListAdverseEvents(std::optional<Id> patient_id, int limit,
                                                            Id before_id) override {
    return uow_.Run<std::vector<AdverseEventRecord>>(
        "ListAdverseEvents", CallKind::kRead, [&]() -> Result<std::vector<AdverseEventRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const int64_t patient = patient_id.value_or(0), any_patient = patient_id ? 0 : 1;
          const int64_t before = before_id > 0 ? before_id : std::numeric_limits<int64_t>::max();
          return SelectAll<AdverseEventRow>(uow_.Sql(),
                                            "FROM adverse_events WHERE (:any_patient = 1 OR patient_id = :patient)"
                                            " AND id < :before ORDER BY id DESC LIMIT :limit",
                                            Param("any_patient", any_patient), Param("patient", patient),
                                            Param("before", before), Param("limit", limit));
        });
  }

  Result<std::vector<AdverseEventRecord>> ListAdverseEventsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<AdverseEventRecord>>(
        "ListAdverseEventsOf", CallKind::kRead, [&]() -> Result<std::vector<AdverseEventRecord>> {
          const int64_t first = patients.first, last = patients.last;
          return SelectAll<AdverseEventRow>(
              uow_.Sql(), "FROM adverse_events WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, id",
              Param("first", first), Param("last", last));
        });
  }

  Result<AdverseEventRecord> UpdateAdverseEvent(Id id, int64_t expected_version, const AdverseEventUpdate& u,
                                                Instant at) override {
    return uow_.Run<AdverseEventRecord>("UpdateAdverseEvent", CallKind::kRead, [&]() -> Result<AdverseEventRecord> {
      const int64_t key = id, version = expected_version, when = Seconds(at);
      Stmt st(uow_.Sql());
      st.Use(u.treatment, "treatment").Use(u.outcome, "outcome").Use(u.resolved_on, "resolved").Use(u.notes, "notes");
      st.Use(when, "at").Use(key, "id").Use(version, "version");
      st.Prepare(
          "UPDATE adverse_events SET treatment = :treatment, outcome = :outcome, resolved_on = :resolved,"
          " notes = :notes, updated_at = :at, version = version + 1 WHERE id = :id AND version = :version");
      st.Execute();
      if (st.AffectedRows() == 0) {
        SCARWISE_RETURN_IF_ERROR(SelectOne<AdverseEventRow>(uow_.Sql(), "FROM adverse_events WHERE id = :key",
                                                            "adverse event", Param("key", key)));
        return Unexpected(Stale());
      }
      return SelectOne<AdverseEventRow>(uow_.Sql(), "FROM adverse_events WHERE id = :key", "adverse event",
                                        Param("key", key));
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<SafetyRepository> NewSqlSafety(UnitOfWork& uow) {
  return std::make_unique<SqlSafety>(uow);
}

}  // namespace scarwise::storage::sql

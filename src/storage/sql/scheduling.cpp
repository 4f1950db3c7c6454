// The SQL of Scheduling (storage/scheduling.hpp): its rows and statements.
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

constexpr const char* kResourceColumns = "id, kind, name, user_id, schedule_json, created_at, updated_at, version";

struct ResourceRow {
  static constexpr const char* kColumns = kResourceColumns;

  int64_t id = 0;
  std::string kind, name;
  int64_t user_id = 0;
  soci::indicator user_ind = soci::i_null;
  std::string schedule_json;
  int64_t created_at = 0, updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(kind).Into(name).Into(user_id, user_ind).Into(schedule_json).Into(created_at).Into(updated_at);
    st.Into(version);
  }
  ResourceRecord ToRecord() const {
    ResourceRecord record{
        id,
        {Stored<domain::ResourceKind>(kind), name, std::nullopt, schedule_json, FromSeconds(created_at)},
        FromSeconds(updated_at),
        version};
    if (user_ind == soci::i_ok) record.resource.user_id = user_id;
    return record;
  }
};

constexpr const char* kAppointmentColumns =
    "id, plan_id, patient_id, session_number, starts_at, ends_at, practitioner_id, room_id, device_id, booked_by,"
    " created_at, status, sequence, updated_at, kind";

struct AppointmentRow {
  static constexpr const char* kColumns = kAppointmentColumns;

  int64_t id = 0, plan_id = 0, patient_id = 0;
  int session_number = 0;
  int64_t starts_at = 0, ends_at = 0, practitioner_id = 0, room_id = 0, device_id = 0, booked_by = 0, created_at = 0;
  std::string status;
  int sequence = 0;
  int64_t updated_at = 0;
  std::string kind;

  void Bind(Stmt& st) {
    st.Into(id).Into(plan_id).Into(patient_id).Into(session_number).Into(starts_at).Into(ends_at);
    st.Into(practitioner_id).Into(room_id).Into(device_id).Into(booked_by).Into(created_at).Into(status);
    st.Into(sequence).Into(updated_at).Into(kind);
  }
  AppointmentRecord ToRecord() const {
    return AppointmentRecord{
        id,
        {plan_id, patient_id, session_number, FromSeconds(starts_at), FromSeconds(ends_at), practitioner_id, room_id,
         device_id, booked_by, FromSeconds(created_at), Stored<AppointmentKind>(kind)},
        Stored<domain::AppointmentStatus>(status),
        sequence,
        FromSeconds(updated_at)};
  }
};

// The quarter hours of UTC time an appointment covers: what resource_slots claims.
constexpr int64_t kSlotCellSeconds = 15 * 60;

class SqlScheduling final : public SchedulingRepository {
 public:
  explicit SqlScheduling(UnitOfWork& uow) : uow_(uow) {}

  Result<ClinicSettingsRecord> FindClinicSettings() override {
    return uow_.Run<ClinicSettingsRecord>("FindClinicSettings", CallKind::kRead, [&]() -> Result<ClinicSettingsRecord> {
      ClinicSettingsRecord record;
      int64_t updated = 0;
      Stmt st(uow_.Sql());
      st.Into(record.time_zone).Into(record.opening_hours_json).Into(record.closed_dates_json).Into(updated);
      st.Into(record.version);
      st.Prepare(
          "SELECT time_zone, opening_hours_json, closed_dates_json, updated_at, version FROM clinic_settings"
          " WHERE id = 1");
      if (!st.Execute()) return Unexpected(NoSuch("clinic settings"));
      record.updated_at = FromSeconds(updated);
      return record;
    });
  }

  Result<ClinicSettingsRecord> SaveClinicSettings(const ClinicSettingsRecord& settings,
                                                  int64_t expected_version) override {
    return uow_.Run<ClinicSettingsRecord>("SaveClinicSettings", CallKind::kRead, [&]() -> Result<ClinicSettingsRecord> {
      const int64_t updated = Seconds(settings.updated_at), expected = expected_version;
      Stmt st(uow_.Sql());
      st.Use(settings.time_zone, "zone").Use(settings.opening_hours_json, "hours");
      st.Use(settings.closed_dates_json, "closed").Use(updated, "updated").Use(expected, "expected");
      if (expected_version == 0) {
        st.Prepare(
            "INSERT INTO clinic_settings (id, time_zone, opening_hours_json, closed_dates_json, updated_at, version)"
            " SELECT 1, :zone, :hours, :closed, :updated, :expected + 1"
            " WHERE NOT EXISTS (SELECT 1 FROM clinic_settings)");
      } else {
        st.Prepare(
            "UPDATE clinic_settings SET time_zone = :zone, opening_hours_json = :hours, closed_dates_json = :closed,"
            " updated_at = :updated, version = version + 1 WHERE id = 1 AND version = :expected");
      }
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      ClinicSettingsRecord saved = settings;
      saved.version = expected_version + 1;
      return saved;
    });
  }

  Result<ClinicIdentityRecord> FindClinicIdentity() override {
    return uow_.Run<ClinicIdentityRecord>("FindClinicIdentity", CallKind::kRead, [&]() -> Result<ClinicIdentityRecord> {
      ClinicIdentityRecord record;
      int64_t updated = 0;
      Stmt st(uow_.Sql());
      st.Into(record.name).Into(record.address).Into(record.phone).Into(record.email).Into(record.logo_type);
      st.Into(record.logo_base64).Into(updated).Into(record.version);
      st.Prepare(
          "SELECT name, address, phone, email, logo_type, logo_base64, updated_at, version FROM clinic_identity"
          " WHERE id = 1");
      if (!st.Execute()) return Unexpected(NoSuch("clinic identity"));
      record.updated_at = FromSeconds(updated);
      return record;
    });
  }

  Result<ClinicIdentityRecord> SaveClinicIdentity(const ClinicIdentityRecord& identity,
                                                  int64_t expected_version) override {
    return uow_.Run<ClinicIdentityRecord>("SaveClinicIdentity", CallKind::kRead, [&]() -> Result<ClinicIdentityRecord> {
      const int64_t updated = Seconds(identity.updated_at), expected = expected_version;
      Stmt st(uow_.Sql());
      st.Use(identity.name, "name").Use(identity.address, "address").Use(identity.phone, "phone");
      st.Use(identity.email, "email").Use(identity.logo_type, "logo_type").Use(identity.logo_base64, "logo");
      st.Use(updated, "updated").Use(expected, "expected");
      if (expected_version == 0) {
        st.Prepare(
            "INSERT INTO clinic_identity (id, name, address, phone, email, logo_type, logo_base64, updated_at, version)"
            " SELECT 1, :name, :address, :phone, :email, :logo_type, :logo, :updated, :expected + 1"
            " WHERE NOT EXISTS (SELECT 1 FROM clinic_identity)");
      } else {
        st.Prepare(
            "UPDATE clinic_identity SET name = :name, address = :address, phone = :phone, email = :email,"
            " logo_type = :logo_type, logo_base64 = :logo, updated_at = :updated, version = version + 1"
            " WHERE id = 1 AND version = :expected");
      }
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      ClinicIdentityRecord saved = identity;
      saved.version = expected_version + 1;
      return saved;
    });
  }

  Result<Id> CreateResource(const NewResource& r) override {
    return uow_.Run<Id>("CreateResource", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user = r.user_id.value_or(0), at = Seconds(r.created_at);
      soci::indicator user_ind = r.user_id ? soci::i_ok : soci::i_null;
      const std::string kind(NameOf(r.kind));
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(kind, "kind").Use(r.name, "name").Use(user, user_ind, "user").Use(r.schedule_json, "schedule");
      st.Use(at, "at").Use(at, "at2");
      st.Prepare(
          "INSERT INTO resources (kind, name, user_id, schedule_json, created_at, updated_at, version)"
          " VALUES (:kind, :name, :user, :schedule, :at, :at2, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<ResourceRecord> FindResource(Id id) override {
    return uow_.Run<ResourceRecord>("FindResource", CallKind::kRead, [&] { return QueryResource(id); });
  }

  Result<std::vector<ResourceRecord>> ListResources() override {
    return uow_.Run<std::vector<ResourceRecord>>(
        "ListResources", CallKind::kRead, [&]() -> Result<std::vector<ResourceRecord>> {
          return SelectAll<ResourceRow>(uow_.Sql(), "FROM resources ORDER BY id");
        });
  }

  Result<ResourceRecord> UpdateResource(Id id, int64_t expected_version, std::string_view name,
                                        std::string_view schedule_json, Instant updated_at) override {
    return uow_.Run<ResourceRecord>("UpdateResource", CallKind::kRead, [&]() -> Result<ResourceRecord> {
      const int64_t key = id, expected = expected_version, at = Seconds(updated_at);
      const std::string new_name(name), schedule(schedule_json);
      Stmt st(uow_.Sql());
      st.Use(new_name, "name").Use(schedule, "schedule").Use(at, "at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE resources SET name = :name, schedule_json = :schedule, updated_at = :at, version = version + 1"
          " WHERE id = :id AND version = :expected");
      st.Execute();
      auto current = QueryResource(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      return current;
    });
  }

  Result<Id> CreateAppointment(const NewAppointment& a) override {
    return uow_.Run<Id>("CreateAppointment", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t plan = a.plan_id, patient = a.patient_id, starts = Seconds(a.starts_at), ends = Seconds(a.ends_at);
      const int64_t practitioner = a.practitioner_id, room = a.room_id, device = a.device_id, by = a.booked_by,
                    at = Seconds(a.created_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(plan, "plan").Use(patient, "patient").Use(a.session_number, "number").Use(starts, "starts");
      st.Use(ends, "ends").Use(practitioner, "practitioner").Use(room, "room").Use(device, "device").Use(by, "by");
      const std::string kind(NameOf(a.kind));
      st.Use(at, "at").Use(at, "at2").Use(kind, "kind");
      st.Prepare(
          "INSERT INTO appointments (plan_id, patient_id, session_number, starts_at, ends_at, practitioner_id,"
          " room_id, device_id, booked_by, created_at, status, sequence, updated_at, kind) VALUES (:plan, :patient,"
          " :number, :starts, :ends, :practitioner, :room, :device, :by, :at, 'booked', 0, :at2, :kind)"
          " RETURNING id");
      st.Execute();
      ClaimSlots(id, {practitioner, room, device}, starts, ends);
      return id;
    });
  }

  Result<AppointmentRecord> FindAppointment(Id id) override {
    return uow_.Run<AppointmentRecord>("FindAppointment", CallKind::kRead, [&] { return QueryAppointment(id); });
  }

  Result<std::vector<AppointmentRecord>> ListAppointments(const AppointmentQuery& q) override {
    return uow_.Run<std::vector<AppointmentRecord>>(
        "ListAppointments", CallKind::kRead, [&]() -> Result<std::vector<AppointmentRecord>> {
          if (q.limit < 1 || q.limit > 10000) {
            return Unexpected(InvalidArgument("limit", "must be between 1 and 10000"));
          }
          // Only the filters given are in the statement, so that the database can use the index
          // of the most selective one (plan, patient or start time).
          const int64_t from = q.from ? Seconds(*q.from) : 0, to = q.to ? Seconds(*q.to) : 0;
          const int64_t practitioner = q.practitioner_id.value_or(0), room = q.room_id.value_or(0),
                        patient = q.patient_id.value_or(0), plan = q.plan_id.value_or(0);
          AppointmentRow row;
          Stmt st(uow_.Sql());
          row.Bind(st);
          std::string where = " WHERE 1 = 1";
          auto filter = [&](bool present, const int64_t& value, const char* name, const char* condition) {
            if (!present) return;
            st.Use(value, name);
            where += condition;
          };
          filter(q.from.has_value(), from, "from", " AND starts_at >= :from");
          filter(q.to.has_value(), to, "to", " AND starts_at < :to");
          filter(q.practitioner_id.has_value(), practitioner, "practitioner", " AND practitioner_id = :practitioner");
          filter(q.room_id.has_value(), room, "room", " AND room_id = :room");
          filter(q.patient_id.has_value(), patient, "patient", " AND patient_id = :patient");
          filter(q.plan_id.has_value(), plan, "plan", " AND plan_id = :plan");
          const std::string kind(NameOf(q.kind.value_or(AppointmentKind::kSession)));
          if (q.kind) {
            st.Use(kind, "kind");
            where += " AND kind = :kind";
          }
          if (q.booked_only) where += " AND status = 'booked'";
          st.Use(q.limit, "limit");
          st.Prepare(std::string("SELECT ") + kAppointmentColumns + " FROM appointments" + where +
                     " ORDER BY starts_at, id LIMIT :limit");
          std::vector<AppointmentRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<std::vector<AppointmentRecord>> ListAppointmentsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<AppointmentRecord>>(
        "ListAppointmentsOf", CallKind::kRead, [&]() -> Result<std::vector<AppointmentRecord>> {
          const int64_t first = patients.first, last = patients.last;
          AppointmentRow row;
          Stmt st(uow_.Sql());
          row.Bind(st);
          st.Use(first, "first").Use(last, "last");
          st.Prepare(std::string("SELECT ") + kAppointmentColumns +
                     " FROM appointments WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, starts_at, id");
          std::vector<AppointmentRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<std::vector<BookedSlot>> ListBookedSlots(Instant from, Instant to) override {
    return uow_.Run<
        std::vector<BookedSlot>>("ListBookedSlots", CallKind::kRead, [&]() -> Result<std::vector<BookedSlot>> {
      constexpr size_t kBatch = 512;
      const int64_t low = Seconds(from), high = Seconds(to);
      std::vector<long long> plan(kBatch), starts(kBatch), ends(kBatch), practitioner(kBatch), room(kBatch),
          device(kBatch);
      soci::statement st =
          (uow_.Sql().prepare << "SELECT plan_id, starts_at, ends_at, practitioner_id, room_id, device_id"
                                 " FROM appointments WHERE starts_at >= :low AND starts_at < :high"
                                 " AND status = 'booked' ORDER BY starts_at, id",
           soci::into(plan), soci::into(starts), soci::into(ends), soci::into(practitioner), soci::into(room),
           soci::into(device), soci::use(low, "low"), soci::use(high, "high"));
      std::vector<BookedSlot> out;
      st.execute();
      while (st.fetch()) {
        for (size_t i = 0; i < plan.size(); ++i) {
          out.push_back({plan[i], FromSeconds(starts[i]), FromSeconds(ends[i]), practitioner[i], room[i], device[i]});
        }
        for (auto* column : {&plan, &starts, &ends, &practitioner, &room, &device}) column->resize(kBatch);
      }
      return out;
    });
  }

  Result<AppointmentRecord> MoveAppointment(Id id, const AppointmentMove& move, Instant updated_at) override {
    return uow_.Run<AppointmentRecord>("MoveAppointment", CallKind::kRead, [&]() -> Result<AppointmentRecord> {
      auto current = QueryAppointment(id);
      if (!current) return current;
      if (current->status != domain::AppointmentStatus::kBooked) {
        return Unexpected(Conflict("status", "only a booked appointment can move"));
      }
      const int64_t key = id, starts = Seconds(move.starts_at), ends = Seconds(move.ends_at),
                    practitioner = move.practitioner_id, room = move.room_id, device = move.device_id,
                    at = Seconds(updated_at);
      ReleaseSlots(id);
      Stmt st(uow_.Sql());
      st.Use(starts, "starts").Use(ends, "ends").Use(practitioner, "practitioner").Use(room, "room");
      st.Use(device, "device").Use(at, "at").Use(key, "id");
      st.Prepare(
          "UPDATE appointments SET starts_at = :starts, ends_at = :ends, practitioner_id = :practitioner,"
          " room_id = :room, device_id = :device, sequence = sequence + 1, updated_at = :at WHERE id = :id");
      st.Execute();
      ClaimSlots(id, {practitioner, room, device}, starts, ends);
      return QueryAppointment(id);
    });
  }

  Result<AppointmentRecord> CloseAppointment(Id id, domain::AppointmentStatus status, Instant updated_at) override {
    return uow_.Run<AppointmentRecord>("CloseAppointment", CallKind::kRead, [&]() -> Result<AppointmentRecord> {
      if (status == domain::AppointmentStatus::kBooked) {
        return Unexpected(InvalidArgument("status", "must be cancelled, no_show or completed"));
      }
      const int64_t key = id, at = Seconds(updated_at);
      const std::string new_status(NameOf(status));
      Stmt st(uow_.Sql());
      st.Use(new_status, "status").Use(at, "at").Use(key, "id");
      st.Prepare(
          "UPDATE appointments SET status = :status, sequence = sequence + 1, updated_at = :at"
          " WHERE id = :id AND status = 'booked'");
      st.Execute();
      auto current = QueryAppointment(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) {
        return Unexpected(Conflict("status", "the appointment is already " + std::string(NameOf(current->status))));
      }
      if (status != domain::AppointmentStatus::kCompleted) ReleaseSlots(id);
      return current;
    });
  }

 private:
  Result<ResourceRecord> QueryResource(Id id) {
    const int64_t key = id;
    return SelectOne<ResourceRow>(uow_.Sql(), "FROM resources WHERE id = :key", "resource", Param("key", key));
  }

  Result<AppointmentRecord> QueryAppointment(Id id) {
    const int64_t key = id;
    return SelectOne<AppointmentRow>(uow_.Sql(), "FROM appointments WHERE id = :key", "appointment", Param("key", key));
  }

  // Claims the quarter hours [starts, ends) of each resource for an appointment; a cell
  // already claimed violates the table's primary key (thrown: the caller's Run reports it).
  void ClaimSlots(int64_t appointment, std::initializer_list<int64_t> resources, int64_t starts, int64_t ends) {
    int64_t resource = 0, cell = 0;
    Stmt st(uow_.Sql());
    st.Use(resource, "resource").Use(cell, "cell").Use(appointment, "appointment");
    st.Prepare(
        "INSERT INTO resource_slots (resource_id, cell, appointment_id) VALUES (:resource, :cell, :appointment)");
    for (int64_t r : resources) {
      for (int64_t c = starts / kSlotCellSeconds; c * kSlotCellSeconds < ends; ++c) {
        resource = r;
        cell = c;
        st.Execute();
      }
    }
  }

  void ReleaseSlots(int64_t appointment) {
    Stmt st(uow_.Sql());
    st.Use(appointment, "appointment").Prepare("DELETE FROM resource_slots WHERE appointment_id = :appointment");
    st.Execute();
  }

  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<SchedulingRepository> NewSqlScheduling(UnitOfWork& uow) {
  return std::make_unique<SqlScheduling>(uow);
}

}  // namespace scarwise::storage::sql

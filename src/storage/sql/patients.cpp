// The SQL of Patients (storage/patients.hpp): its rows and statements.
#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/json_text.hpp"
#include "storage/audit_chain.hpp"
#include "storage/sql/repositories.hpp"
#include "storage/text.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr const char* kPatientColumns =
    "id, given_name, family_name, birth_date, sex, email, phone, fitzpatrick, created_at, updated_at, version";

struct PatientRow {
  static constexpr const char* kColumns = kPatientColumns;

  int64_t id = 0;
  std::string given_name, family_name, birth_date, sex, email, phone;
  int fitzpatrick = 0;
  int64_t created_at = 0, updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(given_name).Into(family_name).Into(birth_date).Into(sex).Into(email).Into(phone);
    st.Into(fitzpatrick).Into(created_at).Into(updated_at).Into(version);
  }
  Result<PatientRecord> ToRecord() const {
    PatientRecord record;
    record.id = id;
    auto date = ParseDate(birth_date, "birth_date");
    auto parsed_sex = domain::SexFromName(sex);
    if (!date || !parsed_sex) return Unexpected(Internal("a stored patient record is damaged"));
    record.details = domain::PatientDetails{given_name, family_name, *date, *parsed_sex, email, phone, fitzpatrick};
    record.created_at = FromSeconds(created_at);
    record.updated_at = FromSeconds(updated_at);
    record.version = version;
    return record;
  }
};

// Finding a patient: on most requests' path, so prepared once per connection; and the
// patients of a batch of reads (Preload), once per batch.
struct PatientStatements {
  PatientStatements(soci::session& sql, const Dialect& dialect) : find_patient(sql), preload(sql) {
    patient.Bind(find_patient);
    find_patient.Use(patient_id, "id")
        .PrepareKept(std::string("SELECT ") + kPatientColumns + " FROM patients WHERE id = :id");
    patient.Bind(preload);
    preload.Use(ids, "ids")
        .PrepareKept(std::string("SELECT ") + kPatientColumns + " FROM patients WHERE " +
                     dialect.InJsonIds("id", "ids"));
  }
  int64_t patient_id = 0;
  std::string ids;  // a JSON array
  PatientRow patient;
  Stmt find_patient;
  Stmt preload;
};

class SqlPatients final : public PatientRepository {
 public:
  explicit SqlPatients(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Create(const NewPatient& patient) override {
    return uow_.Run<Id>("CreatePatient", CallKind::kInsert, [&]() -> Result<Id> {
      const PatientParams params(patient.details);
      const int64_t created_at = Seconds(patient.created_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id);
      params.Bind(st);
      st.Use(created_at, "created_at").Use(created_at, "updated_at");
      st.Prepare(
          "INSERT INTO patients (given_name, family_name, birth_date, sex, email, phone, fitzpatrick, sort_key,"
          " search_text, created_at, updated_at, version) VALUES (:given_name, :family_name, :birth_date, :sex,"
          " :email, :phone, :fitzpatrick, :sort_key, :search_text, :created_at, :updated_at, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<PatientRecord> Find(Id id) override {
    return uow_.Run<PatientRecord>("FindPatient", CallKind::kRead, [&]() -> Result<PatientRecord> {
      if (auto kept = preloaded_.find(id); kept != preloaded_.end()) return kept->second;
      return FindPatientNow(id);
    });
  }

  Result<void> Preload(std::span<const Id> ids) override {
    return uow_.Run<void>("PreloadPatients", CallKind::kRead, [&]() -> Result<void> {
      if (ids.empty()) return {};
      PatientStatements& hot = uow_.Prepared<PatientStatements>();
      JsonText listed;
      listed.BeginArray();
      for (const Id id : ids) listed.Int(id);
      hot.ids = std::move(listed.EndArray()).Take();
      hot.preload.Start();
      while (hot.preload.Fetch()) {
        Result<PatientRecord> record = hot.patient.ToRecord();
        if (!record) {
          hot.preload.Finish();
          return Unexpected(std::move(record).error());
        }
        preloaded_.insert_or_assign(record->id, std::move(*record));
      }
      return {};
    });
  }

  Result<PatientPage> List(const PatientQuery& query) override {
    return uow_.Run<PatientPage>("ListPatients", CallKind::kRead, [&]() -> Result<PatientPage> {
      SCARWISE_RETURN_IF_ERROR(CheckLimit(query.limit));
      int64_t after_id = 0;
      std::string after_key;
      if (!query.after_cursor.empty() && !DecodeCursor(query.after_cursor, after_id, after_key)) {
        return Unexpected(InvalidArgument("cursor", "is not a cursor this server gave out"));
      }
      const std::string pattern = ContainsPattern(query.text);
      const int fetch = query.limit + 1;
      PatientRow row;
      std::string sort_key;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Into(sort_key);
      std::string sql = std::string("SELECT ") + kPatientColumns + ", sort_key FROM patients WHERE 1 = 1";
      if (!query.text.empty()) {
        st.Use(pattern, "pattern");
        sql += " AND search_text LIKE :pattern ESCAPE '\\'";
      }
      if (!query.after_cursor.empty()) {
        st.Use(after_key, "after_key");
        sql += " AND (sort_key > :after_key OR (sort_key = :after_key2 AND id > :after_id2))";
        st.Use(after_key, "after_key2").Use(after_id, "after_id2");
      }
      st.Use(fetch, "limit");
      sql += " ORDER BY sort_key, id LIMIT :limit";
      st.Prepare(sql);
      PatientPage page;
      std::string last_key;
      st.Start();
      while (st.Fetch()) {
        if (static_cast<int>(page.items.size()) == query.limit) {
          page.next_cursor = EncodeCursor(page.items.back().id, last_key);
          break;
        }
        SCARWISE_ASSIGN_OR_RETURN(auto record, row.ToRecord());
        page.items.push_back(std::move(record));
        last_key = sort_key;
      }
      return page;
    });
  }

  Result<PatientRecord> Update(Id id, int64_t expected_version, const domain::PatientDetails& details,
                               Instant updated_at) override {
    preloaded_.erase(id);
    return uow_.Run<PatientRecord>("UpdatePatient", CallKind::kRead, [&]() -> Result<PatientRecord> {
      const PatientParams params(details);
      const int64_t updated = Seconds(updated_at);
      const int64_t key = id;
      const int64_t expected = expected_version;
      Stmt st(uow_.Sql());
      params.Bind(st);
      st.Use(updated, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE patients SET given_name = :given_name, family_name = :family_name, birth_date = :birth_date,"
          " sex = :sex, email = :email, phone = :phone, fitzpatrick = :fitzpatrick, sort_key = :sort_key,"
          " search_text = :search_text, updated_at = :updated_at, version = version + 1"
          " WHERE id = :id AND version = :expected");
      st.Execute();
      auto current = FindPatientNow(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      return current;
    });
  }

 private:
  // Patient details as bound parameters (names match the INSERT and UPDATE statements).
  struct PatientParams {
    explicit PatientParams(const domain::PatientDetails& d)
        : details(d),
          birth_date(FormatDate(d.birth_date)),
          sex(domain::SexName(d.sex)),
          sort_key(PatientSortKey(d)),
          search_text(PatientSearchText(d)) {}
    void Bind(Stmt& st) const {
      st.Use(details.given_name, "given_name").Use(details.family_name, "family_name").Use(birth_date, "birth_date");
      st.Use(sex, "sex").Use(details.email, "email").Use(details.phone, "phone");
      st.Use(details.fitzpatrick, "fitzpatrick").Use(sort_key, "sort_key").Use(search_text, "search_text");
    }
    const domain::PatientDetails& details;
    std::string birth_date, sex, sort_key, search_text;
  };

  Result<PatientRecord> FindPatientNow(Id id) {
    PatientStatements& hot = uow_.Prepared<PatientStatements>();
    hot.patient_id = id;
    if (!hot.find_patient.Execute()) return Unexpected(NoSuch("patient"));
    auto record = hot.patient.ToRecord();
    hot.find_patient.Finish();
    return record;
  }

  // A patient-list cursor: "<id>.<hex of the sort key>" of the last row of a page.
  static std::string EncodeCursor(int64_t id, const std::string& sort_key) {
    return std::to_string(id) + "." + HexEncode(sort_key);
  }

  static bool DecodeCursor(const std::string& cursor, int64_t& id, std::string& sort_key) {
    const size_t dot = cursor.find('.');
    if (dot == std::string::npos || dot == 0) return false;
    const char* begin = cursor.data();
    const auto [end, error] = std::from_chars(begin, begin + dot, id);
    if (error != std::errc() || end != begin + dot || id < 1) return false;
    return HexDecode(std::string_view(cursor).substr(dot + 1), sort_key);
  }

  UnitOfWork& uow_;
  std::unordered_map<Id, PatientRecord> preloaded_;  // by Preload; a patient written since is not here
};

}  // namespace

std::unique_ptr<PatientRepository> NewSqlPatients(UnitOfWork& uow) {
  return std::make_unique<SqlPatients>(uow);
}

}  // namespace scarwise::storage::sql

// The SQL of Progress (storage/progress.hpp): re-assessments.
#include <soci/soci.h>

#include "storage/progress.hpp"
#include "storage/sql/repositories.hpp"
#include "storage/text.hpp"

namespace scarwise::storage::sql {
namespace {

struct ReassessmentRow {
  static constexpr const char* kColumns =
      "id, patient_id, plan_id, recorded_by, recorded_at, visit, after_session, input_json, result_json";

  int64_t id = 0, patient_id = 0, plan_id = 0, recorded_by = 0, recorded_at = 0;
  std::string visit;
  int after_session = 0;
  std::string input_json, result_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(plan_id).Into(recorded_by).Into(recorded_at).Into(visit);
    st.Into(after_session).Into(input_json).Into(result_json);
  }
  ReassessmentRecord ToRecord() const {
    return ReassessmentRecord{
        id,
        {patient_id, plan_id, recorded_by, FromSeconds(recorded_at), visit, after_session, input_json, result_json}};
  }
};

struct PatientIdRow {
  static constexpr const char* kColumns = "DISTINCT patient_id";

  int64_t patient_id = 0;

  void Bind(Stmt& st) { st.Into(patient_id); }
  Id ToRecord() const { return patient_id; }
};

class SqlProgress final : public ProgressRepository {
 public:
  explicit SqlProgress(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> CreateReassessment(const NewReassessment& r) override {
    if (r.visit != "session" && r.visit != "follow_up") {
      return Unexpected(InvalidArgument("visit", "must be session or follow_up"));
    }
    return uow_.Run<Id>("CreateReassessment", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = r.patient_id, plan = r.plan_id, by = r.recorded_by, at = Seconds(r.recorded_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(plan, "plan").Use(by, "by").Use(at, "at").Use(r.visit, "visit");
      st.Use(r.after_session, "after").Use(r.input_json, "input").Use(r.result_json, "result");
      st.Prepare(
          "INSERT INTO reassessments (patient_id, plan_id, recorded_by, recorded_at, visit, after_session, input_json,"
          " result_json) VALUES (:patient, :plan, :by, :at, :visit, :after, :input, :result) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<ReassessmentRecord>> ListReassessments(Id patient_id) override {
    return uow_.Run<std::vector<ReassessmentRecord>>(
        "ListReassessments", CallKind::kRead, [&]() -> Result<std::vector<ReassessmentRecord>> {
          const int64_t key = patient_id;
          return SelectAll<ReassessmentRow>(uow_.Sql(), "FROM reassessments WHERE patient_id = :key ORDER BY id",
                                            Param("key", key));
        });
  }

  Result<std::vector<ReassessmentRecord>> ListReassessmentsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<ReassessmentRecord>>(
        "ListReassessmentsOf", CallKind::kRead, [&]() -> Result<std::vector<ReassessmentRecord>> {
          const int64_t first = patients.first, last = patients.last;
          return SelectAll<ReassessmentRow>(
              uow_.Sql(), "FROM reassessments WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, id",
              Param("first", first), Param("last", last));
        });
  }

  Result<std::vector<Id>> PatientsWithReassessments() override {
    return uow_.Run<std::vector<Id>>("PatientsWithReassessments", CallKind::kRead, [&]() -> Result<std::vector<Id>> {
      return SelectAll<PatientIdRow>(uow_.Sql(), "FROM reassessments ORDER BY patient_id");
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<ProgressRepository> NewSqlProgress(UnitOfWork& uow) {
  return std::make_unique<SqlProgress>(uow);
}

}  // namespace scarwise::storage::sql

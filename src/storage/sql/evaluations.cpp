// The SQL of Evaluations, Plans (storage/evaluations.hpp, storage/plans.hpp): its rows and statements.
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

constexpr const char* kEvaluationColumns = "id, patient_id, created_by, created_at, input_json, result_json";

struct EvaluationRow {
  static constexpr const char* kColumns = kEvaluationColumns;

  int64_t id = 0, patient_id = 0, created_by = 0, created_at = 0;
  std::string input_json, result_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(created_by).Into(created_at).Into(input_json).Into(result_json);
  }
  EvaluationRecord ToRecord() const {
    return EvaluationRecord{id, patient_id, created_by, FromSeconds(created_at), input_json, result_json};
  }
};

constexpr const char* kPlanColumns =
    "id, patient_id, assessment_id, screening_id, proposal_json, status, protocol_name, protocol_version, "
    "created_by, created_at, approved_by, approved_at, updated_at, version";

struct PlanRow {
  static constexpr const char* kColumns = kPlanColumns;

  int64_t id = 0, patient_id = 0, assessment_id = 0, screening_id = 0;
  std::string proposal_json, status, protocol_name, protocol_version;
  int64_t created_by = 0, created_at = 0;
  int64_t approved_by = 0;
  soci::indicator approved_by_ind = soci::i_null;
  int64_t approved_at = 0;
  soci::indicator approved_at_ind = soci::i_null;
  int64_t updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(assessment_id).Into(screening_id).Into(proposal_json).Into(status);
    st.Into(protocol_name).Into(protocol_version).Into(created_by).Into(created_at);
    st.Into(approved_by, approved_by_ind).Into(approved_at, approved_at_ind).Into(updated_at).Into(version);
  }
  PlanRecord ToRecord() const {
    PlanRecord record;
    record.id = id;
    record.patient_id = patient_id;
    record.assessment_id = assessment_id;
    record.screening_id = screening_id;
    record.proposal_json = proposal_json;
    record.status = Stored<PlanStatus>(status);
    record.protocol_name = protocol_name;
    record.protocol_version = protocol_version;
    record.created_by = created_by;
    record.created_at = FromSeconds(created_at);
    if (approved_by_ind == soci::i_ok) record.approved_by = approved_by;
    if (approved_at_ind == soci::i_ok) record.approved_at = FromSeconds(approved_at);
    record.updated_at = FromSeconds(updated_at);
    record.version = version;
    return record;
  }
};

// Inserting an assessment or screening: prepared once per connection.
struct EvaluationStatements {
  EvaluationStatements(soci::session& sql, const Dialect&) : insert_assessment(sql), insert_screening(sql) {
    for (auto [st, table] :
         {std::pair{&insert_assessment, "assessments"}, std::pair{&insert_screening, "screenings"}}) {
      st->Into(evaluation.id).Use(evaluation.patient_id, "patient_id").Use(evaluation.created_by, "created_by");
      st->Use(evaluation.created_at, "created_at").Use(evaluation.input_json, "input");
      st->Use(evaluation.result_json, "result");
      st->PrepareKept(std::string("INSERT INTO ") + table +
                      " (patient_id, created_by, created_at, input_json, result_json)"
                      " VALUES (:patient_id, :created_by, :created_at, :input, :result) RETURNING id");
    }
  }
  EvaluationRow evaluation;  // a new assessment or screening
  Stmt insert_assessment;
  Stmt insert_screening;
};

class SqlEvaluations final : public EvaluationRepository {
 public:
  explicit SqlEvaluations(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> CreateAssessment(const NewAssessment& assessment) override {
    return uow_.Run<Id>("CreateAssessment", CallKind::kInsert,
                        [&] { return InsertEvaluation(&EvaluationStatements::insert_assessment, assessment); });
  }

  Result<AssessmentRecord> FindAssessment(Id id) override {
    return uow_.Run<AssessmentRecord>("FindAssessment", CallKind::kRead, [&] {
      return FindEvaluation("assessments", "assessment", " WHERE id = :key", id);
    });
  }

  Result<AssessmentRecord> LatestAssessment(Id patient_id) override {
    return uow_.Run<AssessmentRecord>("LatestAssessment", CallKind::kRead, [&] {
      return FindEvaluation("assessments", "assessment", " WHERE patient_id = :key ORDER BY id DESC LIMIT 1",
                            patient_id);
    });
  }

  Result<std::vector<AssessmentRecord>> ListAssessments(Id patient_id) override {
    return uow_.Run<std::vector<AssessmentRecord>>("ListAssessments", CallKind::kRead,
                                                   [&] { return ListEvaluations("assessments", patient_id); });
  }

  Result<Id> CreateScreening(const NewScreening& screening) override {
    return uow_.Run<Id>("CreateScreening", CallKind::kInsert,
                        [&] { return InsertEvaluation(&EvaluationStatements::insert_screening, screening); });
  }

  Result<ScreeningRecord> FindScreening(Id id) override {
    return uow_.Run<ScreeningRecord>("FindScreening", CallKind::kRead,
                                     [&] { return FindEvaluation("screenings", "screening", " WHERE id = :key", id); });
  }

  Result<ScreeningRecord> LatestScreening(Id patient_id) override {
    return uow_.Run<ScreeningRecord>("LatestScreening", CallKind::kRead, [&] {
      return FindEvaluation("screenings", "screening", " WHERE patient_id = :key ORDER BY id DESC LIMIT 1", patient_id);
    });
  }

  Result<std::vector<ScreeningRecord>> ListScreenings(Id patient_id) override {
    return uow_.Run<std::vector<ScreeningRecord>>("ListScreenings", CallKind::kRead,
                                                  [&] { return ListEvaluations("screenings", patient_id); });
  }

  Result<std::vector<AssessmentRecord>> ListAssessmentsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<AssessmentRecord>>("ListAssessmentsOf", CallKind::kRead,
                                                   [&] { return ListEvaluationsOf("assessments", patients); });
  }

  Result<std::vector<ScreeningRecord>> ListScreeningsOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<ScreeningRecord>>("ListScreeningsOf", CallKind::kRead,
                                                  [&] { return ListEvaluationsOf("screenings", patients); });
  }

 private:
  Result<Id> InsertEvaluation(Stmt EvaluationStatements::*insert, const NewEvaluation& evaluation) {
    EvaluationStatements& hot = uow_.Prepared<EvaluationStatements>();
    EvaluationRow& row = hot.evaluation;
    row.patient_id = evaluation.patient_id;
    row.created_by = evaluation.created_by;
    row.created_at = Seconds(evaluation.created_at);
    row.input_json = evaluation.input_json;
    row.result_json = evaluation.result_json;
    Stmt& st = hot.*insert;
    st.Execute();
    const Id id = row.id;
    st.Finish();
    return id;
  }

  Result<EvaluationRecord> FindEvaluation(const char* table, const char* what, const char* where, Id key) {
    const int64_t value = key;
    return SelectOne<EvaluationRow>(uow_.Sql(), std::string("FROM ") + table + where, what, Param("key", value));
  }

  Result<std::vector<EvaluationRecord>> ListEvaluations(const char* table, Id patient_id) {
    const int64_t key = patient_id;
    return SelectAll<EvaluationRow>(uow_.Sql(), std::string("FROM ") + table + " WHERE patient_id = :key ORDER BY id",
                                    Param("key", key));
  }

  Result<std::vector<EvaluationRecord>> ListEvaluationsOf(const char* table, const PatientIds& patients) {
    const int64_t first = patients.first, last = patients.last;
    return SelectAll<EvaluationRow>(
        uow_.Sql(), std::string("FROM ") + table + " WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, id",
        Param("first", first), Param("last", last));
  }

  UnitOfWork& uow_;
};

class SqlPlans final : public PlanRepository {
 public:
  explicit SqlPlans(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Create(const NewPlan& plan) override {
    return uow_.Run<Id>("CreatePlan", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient_id = plan.patient_id, assessment_id = plan.assessment_id;
      const int64_t screening_id = plan.screening_id, created_by = plan.created_by;
      const int64_t created_at = Seconds(plan.created_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient_id, "patient_id").Use(assessment_id, "assessment_id");
      st.Use(screening_id, "screening_id").Use(plan.proposal_json, "proposal").Use(plan.protocol_name, "protocol");
      st.Use(plan.protocol_version, "protocol_version").Use(created_by, "created_by");
      st.Use(created_at, "created_at").Use(created_at, "updated_at");
      st.Prepare(
          "INSERT INTO plans (patient_id, assessment_id, screening_id, proposal_json, status, protocol_name,"
          " protocol_version, created_by, created_at, updated_at, version) VALUES (:patient_id, :assessment_id,"
          " :screening_id, :proposal, 'proposed', :protocol, :protocol_version, :created_by, :created_at,"
          " :updated_at, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<PlanRecord> Find(Id id) override {
    return uow_.Run<PlanRecord>("FindPlan", CallKind::kRead, [&] { return QueryPlan(" WHERE id = :key", id); });
  }

  Result<std::vector<PlanRecord>> List(Id patient_id) override {
    return uow_.Run<std::vector<PlanRecord>>("ListPlans", CallKind::kRead, [&]() -> Result<std::vector<PlanRecord>> {
      const int64_t key = patient_id;
      return SelectAll<PlanRow>(uow_.Sql(), "FROM plans WHERE patient_id = :key ORDER BY id", Param("key", key));
    });
  }

  Result<std::vector<PlanRecord>> ListOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<PlanRecord>>("ListPlansOf", CallKind::kRead, [&]() -> Result<std::vector<PlanRecord>> {
      const int64_t first = patients.first, last = patients.last;
      return SelectAll<PlanRow>(uow_.Sql(),
                                "FROM plans WHERE patient_id BETWEEN :first AND :last ORDER BY patient_id, id",
                                Param("first", first), Param("last", last));
    });
  }

  Result<PlanRecord> Approve(Id id, int64_t expected_version, Id approved_by, Instant approved_at) override {
    return uow_.Run<PlanRecord>("ApprovePlan", CallKind::kRead, [&]() -> Result<PlanRecord> {
      const int64_t key = id, expected = expected_version, by = approved_by, at = Seconds(approved_at);
      Stmt st(uow_.Sql());
      st.Use(by, "by").Use(at, "at").Use(at, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE plans SET status = 'approved', approved_by = :by, approved_at = :at, updated_at = :updated_at,"
          " version = version + 1 WHERE id = :id AND version = :expected AND status = 'proposed'");
      st.Execute();
      auto current = QueryPlan(" WHERE id = :key", id);
      if (!current || st.AffectedRows() == 1) return current;
      if (current->version != expected_version) return Unexpected(Stale());
      return Unexpected(Conflict("status", "the plan is already approved"));
    });
  }

  Result<PlanRecord> ReviseProposal(Id id, int64_t expected_version, std::string_view proposal_json,
                                    Instant updated_at) override {
    return uow_.Run<PlanRecord>("ReviseProposal", CallKind::kRead, [&]() -> Result<PlanRecord> {
      const int64_t key = id, expected = expected_version, at = Seconds(updated_at);
      const std::string proposal(proposal_json);
      Stmt st(uow_.Sql());
      st.Use(proposal, "proposal").Use(at, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE plans SET proposal_json = :proposal, updated_at = :updated_at, version = version + 1"
          " WHERE id = :id AND version = :expected AND status = 'proposed'");
      st.Execute();
      auto current = QueryPlan(" WHERE id = :key", id);
      if (!current || st.AffectedRows() == 1) return current;
      if (current->version != expected_version) return Unexpected(Stale());
      return Unexpected(Conflict("status", "the plan is already approved"));
    });
  }

  Result<std::vector<PlanRecord>> ListByStatus(PlanStatus status, int limit, Id after_id) override {
    return uow_.Run<std::vector<PlanRecord>>(
        "ListPlansByStatus", CallKind::kRead, [&]() -> Result<std::vector<PlanRecord>> {
          SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
          const std::string name(NameOf(status));
          const int64_t after = after_id;
          return SelectAll<PlanRow>(uow_.Sql(),
                                    "FROM plans WHERE status = :status AND id > :after ORDER BY id LIMIT :limit",
                                    Param("status", name), Param("after", after), Param("limit", limit));
        });
  }

 private:
  Result<PlanRecord> QueryPlan(const char* where, Id key) {
    const int64_t value = key;
    return SelectOne<PlanRow>(uow_.Sql(), std::string("FROM plans") + where, "plan", Param("key", value));
  }

  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<EvaluationRepository> NewSqlEvaluations(UnitOfWork& uow) {
  return std::make_unique<SqlEvaluations>(uow);
}

std::unique_ptr<PlanRepository> NewSqlPlans(UnitOfWork& uow) {
  return std::make_unique<SqlPlans>(uow);
}

}  // namespace scarwise::storage::sql

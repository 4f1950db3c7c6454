// The SQL of Consents (storage/consents.hpp): its rows and statements.
#include <soci/soci.h>

#include <utility>

#include "storage/sql/repositories.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr const char* kConsentColumns =
    "id, patient_id, purpose, text_version, shown_text, text_sha256, signer, signer_name, guardian_relationship, "
    "signature_method, signature_svg_path, signed_at, recorded_by, withdrawn_at, withdrawn_by";

// Binds kConsentColumns of a statement; Record() reads them out.
struct ConsentRow {
  ConsentRecord record;
  int64_t signed_at = 0, withdrawn_at = 0, withdrawn_by = 0;
  std::string relationship;
  soci::indicator relationship_ind = soci::i_null, withdrawn_ind = soci::i_null, by_ind = soci::i_null;
  void Bind(Stmt& st) {
    NewConsent& c = record.consent;
    st.Into(record.id).Into(c.patient_id).Into(c.purpose).Into(c.text_version).Into(c.shown_text).Into(c.text_sha256);
    st.Into(c.signer).Into(c.signer_name).Into(relationship, relationship_ind).Into(c.signature_method);
    st.Into(c.signature_svg_path);
    st.Into(signed_at).Into(c.recorded_by).Into(withdrawn_at, withdrawn_ind).Into(withdrawn_by, by_ind);
  }
  ConsentRecord Record() const {
    ConsentRecord out = record;
    out.consent.guardian_relationship =
        relationship_ind == soci::i_ok ? std::optional<std::string>(relationship) : std::nullopt;
    out.consent.signed_at = FromSeconds(signed_at);
    out.withdrawn_at = withdrawn_ind == soci::i_ok ? std::optional<Instant>(FromSeconds(withdrawn_at)) : std::nullopt;
    out.withdrawn_by = by_ind == soci::i_ok ? std::optional<Id>(withdrawn_by) : std::nullopt;
    return out;
  }
};

class SqlConsents final : public ConsentRepository {
 public:
  explicit SqlConsents(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Create(const NewConsent& c) override {
    return uow_.Run<Id>("CreateConsent", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = c.patient_id, at = Seconds(c.signed_at), by = c.recorded_by;
      const std::string relationship = c.guardian_relationship.value_or("");
      soci::indicator relationship_ind = c.guardian_relationship ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(patient, "patient").Use(c.purpose, "purpose").Use(c.text_version, "version");
      st.Use(c.shown_text, "text").Use(c.text_sha256, "sha").Use(c.signer, "signer").Use(c.signer_name, "name");
      st.Use(relationship, relationship_ind, "relationship").Use(c.signature_method, "method");
      st.Use(c.signature_svg_path, "path").Use(at, "at");
      st.Use(by, "by");
      st.Prepare(
          "INSERT INTO consents (patient_id, purpose, text_version, shown_text, text_sha256, signer, signer_name,"
          " guardian_relationship, signature_method, signature_svg_path, signed_at, recorded_by)"
          " VALUES (:patient, :purpose, :version, :text, :sha, :signer, :name, :relationship, :method, :path, :at, :by)"
          " RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<ConsentRecord>> List(Id patient_id) override {
    return uow_.Run<std::vector<ConsentRecord>>("ListConsents", CallKind::kRead,
                                                [&]() -> Result<std::vector<ConsentRecord>> {
                                                  const int64_t patient = patient_id;
                                                  ConsentRow row;
                                                  Stmt st(uow_.Sql());
                                                  row.Bind(st);
                                                  st.Use(patient, "patient")
                                                      .Prepare(std::string("SELECT ") + kConsentColumns +
                                                               " FROM consents WHERE patient_id = :patient"
                                                               " ORDER BY id DESC");
                                                  std::vector<ConsentRecord> out;
                                                  st.Start();
                                                  while (st.Fetch()) out.push_back(row.Record());
                                                  return out;
                                                });
  }

  Result<std::vector<ConsentRecord>> ListOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<ConsentRecord>>("ListConsentsOf", CallKind::kRead,
                                                [&]() -> Result<std::vector<ConsentRecord>> {
                                                  const int64_t first = patients.first, last = patients.last;
                                                  ConsentRow row;
                                                  Stmt st(uow_.Sql());
                                                  row.Bind(st);
                                                  st.Use(first, "first").Use(last, "last");
                                                  st.Prepare(std::string("SELECT ") + kConsentColumns +
                                                             " FROM consents WHERE patient_id BETWEEN :first AND :last"
                                                             " ORDER BY patient_id, id");
                                                  std::vector<ConsentRecord> out;
                                                  st.Start();
                                                  while (st.Fetch()) out.push_back(row.Record());
                                                  return out;
                                                });
  }

  Result<ConsentRecord> Find(Id patient_id, Id consent_id) override {
    return uow_.Run<ConsentRecord>("FindConsent", CallKind::kRead, [&]() -> Result<ConsentRecord> {
      const int64_t patient = patient_id, id = consent_id;
      ConsentRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(patient, "patient").Use(id, "id");
      st.Prepare(std::string("SELECT ") + kConsentColumns + " FROM consents WHERE patient_id = :patient AND id = :id");
      if (!st.Execute()) return Unexpected(NoSuch("consent"));
      return row.Record();
    });
  }

  Result<std::optional<ConsentRecord>> Current(Id patient_id, const std::string& purpose) override {
    return uow_.Run<std::optional<ConsentRecord>>(
        "CurrentConsent", CallKind::kRead, [&]() -> Result<std::optional<ConsentRecord>> {
          const int64_t patient = patient_id;
          ConsentRow row;
          Stmt st(uow_.Sql());
          row.Bind(st);
          st.Use(patient, "patient").Use(purpose, "purpose");
          st.Prepare(std::string("SELECT ") + kConsentColumns +
                     " FROM consents WHERE patient_id = :patient AND purpose = :purpose AND withdrawn_at IS NULL"
                     " ORDER BY id DESC LIMIT 1");
          if (!st.Execute()) return std::optional<ConsentRecord>();
          return std::optional<ConsentRecord>(row.Record());
        });
  }

  Result<int64_t> Withdraw(Id patient_id, const std::string& purpose, Id by, Instant at) override {
    return uow_.Run<int64_t>("WithdrawConsent", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t patient = patient_id, who = by, when = Seconds(at);
      Stmt st(uow_.Sql());
      st.Use(when, "at").Use(who, "by").Use(patient, "patient").Use(purpose, "purpose");
      st.Prepare(
          "UPDATE consents SET withdrawn_at = :at, withdrawn_by = :by"
          " WHERE patient_id = :patient AND purpose = :purpose AND withdrawn_at IS NULL");
      st.Execute();
      return st.AffectedRows();
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<ConsentRepository> NewSqlConsents(UnitOfWork& uow) {
  return std::make_unique<SqlConsents>(uow);
}

}  // namespace scarwise::storage::sql

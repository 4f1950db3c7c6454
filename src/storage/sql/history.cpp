// The SQL of History (storage/history.hpp): its rows and statements.
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

constexpr const char* kHistoryColumns = "id, entity, entity_id, version, changed_by, changed_at, snapshot_json";

struct HistoryRow {
  static constexpr const char* kColumns = kHistoryColumns;

  int64_t id = 0;
  std::string entity;
  int64_t entity_id = 0, version = 0;
  int64_t changed_by = 0;
  soci::indicator changed_by_ind = soci::i_null;
  int64_t changed_at = 0;
  std::string snapshot_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(entity).Into(entity_id).Into(version).Into(changed_by, changed_by_ind).Into(changed_at);
    st.Into(snapshot_json);
  }
  HistoryRecord ToRecord() const {
    HistoryRecord record{id, entity, entity_id, version, std::nullopt, FromSeconds(changed_at), snapshot_json};
    if (changed_by_ind == soci::i_ok) record.changed_by = changed_by;
    return record;
  }
};

class SqlHistory final : public HistoryRepository {
 public:
  explicit SqlHistory(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Append(const NewHistoryEntry& entry) override {
    return uow_.Run<Id>("AppendHistory", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t entity_id = entry.entity_id, version = entry.version;
      const int64_t changed_by = entry.changed_by.value_or(0);
      soci::indicator changed_by_ind = entry.changed_by ? soci::i_ok : soci::i_null;
      const int64_t changed_at = Seconds(entry.changed_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(entry.entity, "entity").Use(entity_id, "entity_id").Use(version, "version");
      st.Use(changed_by, changed_by_ind, "changed_by").Use(changed_at, "changed_at");
      st.Use(entry.snapshot_json, "snapshot");
      st.Prepare(
          "INSERT INTO record_history (entity, entity_id, version, changed_by, changed_at, snapshot_json)"
          " VALUES (:entity, :entity_id, :version, :changed_by, :changed_at, :snapshot) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<HistoryRecord>> List(std::string_view entity, Id entity_id) override {
    return uow_.Run<std::vector<HistoryRecord>>(
        "ListHistory", CallKind::kRead, [&]() -> Result<std::vector<HistoryRecord>> {
          const std::string name(entity);
          const int64_t key = entity_id;
          return SelectAll<HistoryRow>(
              uow_.Sql(), "FROM record_history WHERE entity = :entity AND entity_id = :entity_id ORDER BY version",
              Param("entity", name), Param("entity_id", key));
        });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<HistoryRepository> NewSqlHistory(UnitOfWork& uow) {
  return std::make_unique<SqlHistory>(uow);
}

}  // namespace scarwise::storage::sql

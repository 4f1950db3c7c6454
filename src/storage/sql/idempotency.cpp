// The SQL of Idempotency (storage/idempotency.hpp): its rows and statements.
#include <soci/soci.h>

#include <charconv>
#include <utility>

#include "storage/sql/repositories.hpp"

namespace scarwise::storage::sql {
namespace {

class SqlIdempotency final : public IdempotencyRepository {
 public:
  explicit SqlIdempotency(UnitOfWork& uow) : uow_(uow) {}

  Result<IdempotencyRecord> Find(Id user_id, std::string_view key) override {
    return uow_.Run<IdempotencyRecord>("FindIdempotency", CallKind::kRead, [&]() -> Result<IdempotencyRecord> {
      const int64_t user = user_id;
      const std::string idem_key(key);
      IdempotencyRecord record;
      int64_t created_at = 0;
      std::string created_id;  // TEXT: the column was a response body until migration 9
      Stmt st(uow_.Sql());
      st.Into(record.method).Into(record.path).Into(record.request_hash).Into(record.status_code);
      st.Into(created_id).Into(created_at).Use(user, "user_id").Use(idem_key, "key");
      st.Prepare(
          "SELECT method, path, request_hash, status_code, created_id, created_at FROM idempotency_keys"
          " WHERE user_id = :user_id AND idem_key = :key");
      if (!st.Execute()) return Unexpected(NoSuch("idempotency key"));
      const auto [end, error] =
          std::from_chars(created_id.data(), created_id.data() + created_id.size(), record.created_id);
      if (error != std::errc() || end != created_id.data() + created_id.size()) {
        return Unexpected(Internal("a stored idempotency key is damaged"));
      }
      record.user_id = user_id;
      record.key = idem_key;
      record.created_at = FromSeconds(created_at);
      return record;
    });
  }

  Result<void> Save(const IdempotencyRecord& record) override {
    return uow_.Run<void>("SaveIdempotency", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t user = record.user_id, created_at = Seconds(record.created_at);
      const std::string created_id = std::to_string(record.created_id);
      Stmt st(uow_.Sql());
      st.Use(user, "user_id").Use(record.key, "key").Use(record.method, "method").Use(record.path, "path");
      st.Use(record.request_hash, "request_hash").Use(record.status_code, "status_code");
      st.Use(created_id, "created_id").Use(created_at, "created_at");
      st.Prepare(
          "INSERT INTO idempotency_keys (user_id, idem_key, method, path, request_hash, status_code, created_id,"
          " created_at) VALUES (:user_id, :key, :method, :path, :request_hash, :status_code, :created_id, "
          ":created_at)");
      st.Execute();
      return {};
    });
  }

  Result<int64_t> DeleteBefore(Instant before) override {
    return uow_.Run<int64_t>("DeleteIdempotencyBefore", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = Seconds(before);
      Stmt st(uow_.Sql());
      st.Use(key, "before").Prepare("DELETE FROM idempotency_keys WHERE created_at < :before");
      st.Execute();
      return st.AffectedRows();
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<IdempotencyRepository> NewSqlIdempotency(UnitOfWork& uow) {
  return std::make_unique<SqlIdempotency>(uow);
}

}  // namespace scarwise::storage::sql

// The SQL of Leases (storage/leases.hpp).
#include <soci/soci.h>

#include "storage/sql/repositories.hpp"

namespace scarwise::storage::sql {
namespace {

class SqlLeases final : public LeaseRepository {
 public:
  explicit SqlLeases(UnitOfWork& uow) : uow_(uow) {}

  Result<bool> Take(std::string_view job, std::string_view holder, Instant now, Instant until) override {
    return uow_.Run<bool>("TakeLease", CallKind::kInsert, [&]() -> Result<bool> {
      const std::string name(job), who(holder);
      const int64_t at = Seconds(now), end = Seconds(until);
      Stmt st(uow_.Sql());
      st.Use(name, "job").Use(who, "holder").Use(end, "until").Use(at, "now");
      // One statement, so that two servers taking at once queue on the row: the second sees
      // the first's lease and is refused.
      st.Prepare(
          "INSERT INTO job_leases (job, holder, held_until) VALUES (:job, :holder, :until)"
          " ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until"
          " WHERE job_leases.held_until <= :now");
      st.Execute();
      return st.AffectedRows() > 0;
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<LeaseRepository> NewSqlLeases(UnitOfWork& uow) {
  return std::make_unique<SqlLeases>(uow);
}

}  // namespace scarwise::storage::sql

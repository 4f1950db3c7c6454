// The SQL of TwoFactor (storage/two_factor.hpp): its rows and statements.
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

class SqlTwoFactor final : public TwoFactorRepository {
 public:
  explicit SqlTwoFactor(UnitOfWork& uow) : uow_(uow) {}

  Result<TwoFactorRecord> Find(Id user_id) override {
    return uow_.Run<TwoFactorRecord>("FindTwoFactor", CallKind::kRead, [&]() -> Result<TwoFactorRecord> {
      const int64_t key = user_id;
      TwoFactorRecord record;
      int enabled = 0;
      int64_t updated = 0;
      Stmt st(uow_.Sql());
      st.Into(record.secret).Into(enabled).Into(record.last_step).Into(updated).Use(key, "user_id");
      st.Prepare("SELECT secret, enabled, last_step, updated_at FROM two_factor WHERE user_id = :user_id");
      if (!st.Execute()) return Unexpected(NoSuch("two-factor enrolment"));
      record.user_id = user_id;
      record.enabled = enabled != 0;
      record.updated_at = FromSeconds(updated);
      return record;
    });
  }

  Result<void> Save(const TwoFactorRecord& record) override {
    return uow_.Run<void>("SaveTwoFactor", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t key = record.user_id, step = record.last_step, updated = Seconds(record.updated_at);
      const int enabled = record.enabled ? 1 : 0;
      Stmt st(uow_.Sql());
      st.Use(key, "user_id").Use(record.secret, "secret").Use(enabled, "enabled").Use(step, "step");
      st.Use(updated, "updated");
      st.Prepare(
          "INSERT INTO two_factor (user_id, secret, enabled, last_step, updated_at)"
          " VALUES (:user_id, :secret, :enabled, :step, :updated) ON CONFLICT (user_id) DO UPDATE SET"
          " secret = excluded.secret, enabled = excluded.enabled, last_step = excluded.last_step,"
          " updated_at = excluded.updated_at");
      st.Execute();
      return {};
    });
  }

  Result<void> UseStep(Id user_id, int64_t step) override {
    return uow_.Run<void>("UseTwoFactorStep", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id, used = step;
      Stmt st(uow_.Sql());
      st.Use(used, "step").Use(key, "user_id").Use(used, "step2");
      st.Prepare(
          "UPDATE two_factor SET last_step = :step WHERE user_id = :user_id AND enabled = 1 AND last_step < :step2");
      st.Execute();
      if (st.AffectedRows() > 0) return {};
      int enabled = 0;
      Stmt check(uow_.Sql());
      check.Into(enabled).Use(key, "user_id").Prepare("SELECT enabled FROM two_factor WHERE user_id = :user_id");
      if (!check.Execute() || enabled == 0) return Unexpected(NoSuch("two-factor enrolment"));
      return Unexpected(Conflict("code", "this code was already used"));
    });
  }

  Result<void> Delete(Id user_id) override {
    return uow_.Run<void>("DeleteTwoFactor", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id;
      Stmt codes(uow_.Sql());
      codes.Use(key, "user_id").Prepare("DELETE FROM recovery_codes WHERE user_id = :user_id");
      codes.Execute();
      Stmt enrolment(uow_.Sql());
      enrolment.Use(key, "user_id").Prepare("DELETE FROM two_factor WHERE user_id = :user_id");
      enrolment.Execute();
      return {};
    });
  }

  Result<void> ReplaceRecoveryCodes(Id user_id, std::span<const std::string> code_hashes, Instant created_at) override {
    return uow_.Run<void>("ReplaceRecoveryCodes", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t key = user_id, at = Seconds(created_at);
      Stmt old(uow_.Sql());
      old.Use(key, "user_id").Prepare("DELETE FROM recovery_codes WHERE user_id = :user_id");
      old.Execute();
      for (const std::string& hash : code_hashes) {
        Stmt st(uow_.Sql());
        st.Use(key, "user_id").Use(hash, "hash").Use(at, "at");
        st.Prepare(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at, used_at) VALUES (:user_id, :hash, :at, NULL)");
        st.Execute();
      }
      return {};
    });
  }

  Result<void> UseRecoveryCode(Id user_id, std::string_view code_hash, Instant used_at) override {
    return uow_.Run<void>("UseRecoveryCode", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id, at = Seconds(used_at);
      const std::string hash(code_hash);
      Stmt st(uow_.Sql());
      st.Use(at, "at").Use(key, "user_id").Use(hash, "hash");
      st.Prepare(
          "UPDATE recovery_codes SET used_at = :at WHERE user_id = :user_id AND code_hash = :hash AND used_at IS NULL");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("recovery code"));
      return {};
    });
  }

  Result<int64_t> CountRecoveryCodes(Id user_id) override {
    return uow_.Run<int64_t>("CountRecoveryCodes", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      int64_t count = 0;
      Stmt st(uow_.Sql());
      st.Into(count).Use(key, "user_id");
      st.Prepare("SELECT COUNT(*) FROM recovery_codes WHERE user_id = :user_id AND used_at IS NULL");
      st.Execute();
      return count;
    });
  }

  Result<SecuritySettingsRecord> FindSecuritySettings() override {
    return uow_.Run<SecuritySettingsRecord>(
        "FindSecuritySettings", CallKind::kRead, [&]() -> Result<SecuritySettingsRecord> {
          SecuritySettingsRecord record;
          int required = 0;
          int64_t updated = 0, by = 0;
          soci::indicator by_ind = soci::i_null;
          Stmt st(uow_.Sql());
          st.Into(required).Into(updated).Into(by, by_ind);
          st.Prepare("SELECT require_two_factor_for_staff, updated_at, updated_by FROM security_settings WHERE id = 1");
          if (!st.Execute()) return record;  // never saved: all off
          record.require_two_factor_for_staff = required != 0;
          record.updated_at = FromSeconds(updated);
          if (by_ind == soci::i_ok) record.updated_by = by;
          return record;
        });
  }

  Result<void> SaveSecuritySettings(const SecuritySettingsRecord& settings) override {
    return uow_.Run<void>("SaveSecuritySettings", CallKind::kInsert, [&]() -> Result<void> {
      const int required = settings.require_two_factor_for_staff ? 1 : 0;
      const int64_t updated = Seconds(settings.updated_at), by = settings.updated_by.value_or(0);
      soci::indicator by_ind = settings.updated_by ? soci::i_ok : soci::i_null;
      Stmt st(uow_.Sql());
      st.Use(required, "required").Use(updated, "updated").Use(by, by_ind, "by");
      st.Prepare(
          "INSERT INTO security_settings (id, require_two_factor_for_staff, updated_at, updated_by)"
          " VALUES (1, :required, :updated, :by) ON CONFLICT (id) DO UPDATE SET"
          " require_two_factor_for_staff = excluded.require_two_factor_for_staff,"
          " updated_at = excluded.updated_at, updated_by = excluded.updated_by");
      st.Execute();
      return {};
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<TwoFactorRepository> NewSqlTwoFactor(UnitOfWork& uow) {
  return std::make_unique<SqlTwoFactor>(uow);
}

}  // namespace scarwise::storage::sql

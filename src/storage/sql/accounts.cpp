// The SQL of Accounts, Sessions (storage/accounts.hpp, storage/sessions.hpp): its rows and statements.
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

constexpr const char* kUserColumns = "id, email, name, role, password_hash, patient_id, created_at, disabled";
constexpr const char* kUserColumnsOfU =
    "u.id, u.email, u.name, u.role, u.password_hash, u.patient_id, u.created_at, u.disabled";

struct UserRow {
  static constexpr const char* kColumns = kUserColumns;

  int64_t id = 0;
  std::string email, name, role, password_hash;
  int64_t patient_id = 0;
  soci::indicator patient_id_ind = soci::i_null;
  int64_t created_at = 0;
  int disabled = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(email).Into(name).Into(role).Into(password_hash).Into(patient_id, patient_id_ind);
    st.Into(created_at).Into(disabled);
  }
  UserRecord ToRecord() const {
    UserRecord record{
        id,           email, name, Stored<domain::Role>(role), password_hash, std::nullopt, FromSeconds(created_at),
        disabled != 0};
    if (patient_id_ind == soci::i_ok) record.patient_id = patient_id;
    return record;
  }
};

// Authenticating a session: on every request's path, so prepared once per connection.
struct AuthStatements {
  AuthStatements(soci::session& sql, const Dialect&) : authenticate(sql) {
    user.Bind(authenticate);
    authenticate.Use(token_hash, "token").Use(now, "now");
    authenticate.PrepareKept(
        std::string("SELECT ") + kUserColumnsOfU +
        " FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = :token AND s.revoked = 0 AND s.expires_at > :now AND u.disabled = 0");
  }
  std::string token_hash;
  int64_t now = 0;
  UserRow user;
  Stmt authenticate;
};

class SqlAccounts final : public AccountRepository {
 public:
  explicit SqlAccounts(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> CreateUser(const NewUser& user) override {
    return uow_.Run<Id>("CreateUser", CallKind::kInsert, [&]() -> Result<Id> {
      const std::string email_key = EmailKey(user.email);
      const int64_t created_at = Seconds(user.created_at);
      const int64_t patient_id = user.patient_id.value_or(0);
      soci::indicator patient_ind = user.patient_id ? soci::i_ok : soci::i_null;
      const int disabled = 0;
      const std::string role(NameOf(user.role));
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(user.email, "email").Use(email_key, "email_key").Use(user.name, "name").Use(role, "role");
      st.Use(user.password_hash, "hash").Use(patient_id, patient_ind, "patient_id").Use(created_at, "created_at");
      st.Use(disabled, "disabled");
      st.Prepare(
          "INSERT INTO users (email, email_key, name, role, password_hash, patient_id, created_at, disabled)"
          " VALUES (:email, :email_key, :name, :role, :hash, :patient_id, :created_at, :disabled) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<UserRecord> FindUser(Id id) override {
    return uow_.Run<UserRecord>("FindUser", CallKind::kRead,
                                [&] { return QueryUser(std::string(" WHERE id = :key"), static_cast<int64_t>(id)); });
  }

  Result<UserRecord> FindUserByEmail(std::string_view email) override {
    return uow_.Run<UserRecord>("FindUserByEmail", CallKind::kRead,
                                [&] { return QueryUser(std::string(" WHERE email_key = :key"), EmailKey(email)); });
  }

  Result<UserRecord> FindPortalAccount(Id patient_id) override {
    return uow_.Run<UserRecord>("FindPortalAccount", CallKind::kRead, [&] {
      return QueryUser(std::string(" WHERE patient_id = :key"), static_cast<int64_t>(patient_id));
    });
  }

  Result<std::vector<UserRecord>> ListUsers(int limit, Id after_id) override {
    return uow_.Run<std::vector<UserRecord>>("ListUsers", CallKind::kRead, [&]() -> Result<std::vector<UserRecord>> {
      SCARWISE_RETURN_IF_ERROR(CheckLimit(limit));
      const int64_t after = after_id;
      return SelectAll<UserRow>(uow_.Sql(), "FROM users WHERE id > :after ORDER BY id LIMIT :limit",
                                Param("after", after), Param("limit", limit));
    });
  }

  Result<void> SetUserDisabled(Id id, bool disabled) override {
    return uow_.Run<void>("SetUserDisabled", CallKind::kRead, [&]() -> Result<void> {
      const int value = disabled ? 1 : 0;
      const int64_t key = id;
      Stmt st(uow_.Sql());
      st.Use(value, "disabled").Use(key, "id").Prepare("UPDATE users SET disabled = :disabled WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("user"));
      return {};
    });
  }

  Result<void> SetUserRole(Id id, domain::Role role) override {
    return uow_.Run<void>("SetUserRole", CallKind::kRead, [&]() -> Result<void> {
      const std::string value(NameOf(role));
      const int64_t key = id;
      Stmt st(uow_.Sql());
      st.Use(value, "role").Use(key, "id").Prepare("UPDATE users SET role = :role WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("user"));
      return {};
    });
  }

  Result<void> SetPasswordHash(Id id, std::string_view password_hash) override {
    return uow_.Run<void>("SetPasswordHash", CallKind::kRead, [&]() -> Result<void> {
      const std::string hash(password_hash);
      const int64_t key = id;
      Stmt st(uow_.Sql());
      st.Use(hash, "hash").Use(key, "id").Prepare("UPDATE users SET password_hash = :hash WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("user"));
      return {};
    });
  }

  Result<Id> CreateInvitation(const NewInvitation& i) override {
    return uow_.Run<Id>("CreateInvitation", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user = i.user_id, by = i.created_by, at = Seconds(i.created_at), until = Seconds(i.expires_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(user, "user").Use(i.token_hash, "token").Use(by, "by").Use(at, "at").Use(until, "until");
      st.Prepare(
          "INSERT INTO portal_invitations (user_id, token_hash, created_by, created_at, expires_at)"
          " VALUES (:user, :token, :by, :at, :until) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<InvitationRecord> FindLiveInvitation(std::string_view token_hash, Instant now) override {
    return uow_.Run<InvitationRecord>("FindLiveInvitation", CallKind::kRead, [&]() -> Result<InvitationRecord> {
      const std::string key(token_hash);
      const int64_t at = Seconds(now);
      InvitationRecord record;
      int64_t created = 0, expires = 0;
      Stmt st(uow_.Sql());
      st.Into(record.id).Into(record.invitation.user_id).Into(record.invitation.token_hash);
      st.Into(record.invitation.created_by).Into(created).Into(expires).Use(key, "key").Use(at, "now");
      st.Prepare(
          "SELECT id, user_id, token_hash, created_by, created_at, expires_at FROM portal_invitations"
          " WHERE token_hash = :key AND used_at IS NULL AND revoked = 0 AND expires_at > :now");
      if (!st.Execute()) return Unexpected(NoSuch("invitation"));
      record.invitation.created_at = FromSeconds(created);
      record.invitation.expires_at = FromSeconds(expires);
      return record;
    });
  }

  Result<void> UseInvitation(Id id, Instant now) override {
    return uow_.Run<void>("UseInvitation", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = id, at = Seconds(now);
      Stmt st(uow_.Sql());
      st.Use(at, "now").Use(key, "id");
      st.Prepare("UPDATE portal_invitations SET used_at = :now WHERE id = :id AND used_at IS NULL AND revoked = 0");
      st.Execute();
      if (st.AffectedRows() == 0) {
        return Unexpected(Conflict("token", "the invitation was already used or revoked"));
      }
      return {};
    });
  }

  Result<int64_t> RevokeUserInvitations(Id user_id) override {
    return uow_.Run<int64_t>("RevokeUserInvitations", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      Stmt st(uow_.Sql());
      st.Use(key, "user_id");
      st.Prepare(
          "UPDATE portal_invitations SET revoked = 1 WHERE user_id = :user_id AND used_at IS NULL AND revoked = 0");
      st.Execute();
      return st.AffectedRows();
    });
  }

 private:
  template <typename Key>
  Result<UserRecord> QueryUser(const std::string& where, const Key& key) {
    return SelectOne<UserRow>(uow_.Sql(), std::string("FROM users") + where, "user", Param("key", key));
  }

  UnitOfWork& uow_;
};

class SqlSessions final : public SessionRepository {
 public:
  explicit SqlSessions(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Create(const NewSession& session) override {
    return uow_.Run<Id>("CreateSession", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user_id = session.user_id;
      const int64_t created_at = Seconds(session.created_at);
      const int64_t expires_at = Seconds(session.expires_at);
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(session.token_hash, "token").Use(user_id, "user_id").Use(created_at, "created_at");
      st.Use(expires_at, "expires_at");
      st.Prepare(
          "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked)"
          " VALUES (:token, :user_id, :created_at, :expires_at, 0) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<UserRecord> Authenticate(std::string_view token_hash, Instant now) override {
    return uow_.Run<UserRecord>("AuthenticateSession", CallKind::kRead, [&]() -> Result<UserRecord> {
      AuthStatements& hot = uow_.Prepared<AuthStatements>();
      hot.token_hash.assign(token_hash);
      hot.now = Seconds(now);
      if (!hot.authenticate.Execute()) return Unexpected(NoSuch("session"));
      UserRecord user = hot.user.ToRecord();
      hot.authenticate.Finish();
      return user;
    });
  }

  Result<void> Revoke(std::string_view token_hash) override {
    return uow_.Run<void>("RevokeSession", CallKind::kRead, [&]() -> Result<void> {
      const std::string key(token_hash);
      Stmt st(uow_.Sql());
      st.Use(key, "token").Prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = :token");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("session"));
      return {};
    });
  }

  Result<int64_t> RevokeAllOfUser(Id user_id) override {
    return uow_.Run<int64_t>("RevokeUserSessions", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      Stmt st(uow_.Sql());
      st.Use(key, "user_id").Prepare("UPDATE sessions SET revoked = 1 WHERE user_id = :user_id AND revoked = 0");
      st.Execute();
      return st.AffectedRows();
    });
  }

  Result<int64_t> DeleteExpired(Instant now) override {
    return uow_.Run<int64_t>("DeleteExpiredSessions", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = Seconds(now);
      Stmt st(uow_.Sql());
      st.Use(key, "now").Prepare("DELETE FROM sessions WHERE expires_at <= :now");
      st.Execute();
      return st.AffectedRows();
    });
  }

  Result<LoginFailureRecord> FindLoginFailures(std::string_view email_key, std::string_view address) override {
    return uow_.Run<LoginFailureRecord>("FindLoginFailures", CallKind::kRead, [&]() -> Result<LoginFailureRecord> {
      LoginFailureRecord record{std::string(email_key), std::string(address)};
      int64_t at = 0;
      int audited = 0;
      Stmt st(uow_.Sql());
      st.Into(record.failures).Into(at).Into(audited).Use(record.email_key, "email").Use(record.address, "address");
      st.Prepare(
          "SELECT failures, last_failure_at, refusal_audited FROM login_failures"
          " WHERE email_key = :email AND address = :address");
      if (!st.Execute()) return Unexpected(NoSuch("sign-in failure"));
      record.last_failure_at = FromSeconds(at);
      record.refusal_audited = audited != 0;
      return record;
    });
  }

  Result<LoginFailureRecord> RecordLoginFailure(std::string_view email_key, std::string_view address,
                                                Instant now) override {
    return uow_.Run<LoginFailureRecord>("RecordLoginFailure", CallKind::kInsert, [&]() -> Result<LoginFailureRecord> {
      LoginFailureRecord record{std::string(email_key), std::string(address)};
      const int64_t at = Seconds(now);
      Stmt st(uow_.Sql());
      st.Into(record.failures).Use(record.email_key, "email").Use(record.address, "address").Use(at, "at");
      // One statement, so that two servers counting a failure of one pair at once both count.
      st.Prepare(
          "INSERT INTO login_failures (email_key, address, failures, last_failure_at, refusal_audited)"
          " VALUES (:email, :address, 1, :at, 0) ON CONFLICT (email_key, address) DO UPDATE SET"
          " failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at, refusal_audited = 0"
          " RETURNING failures");
      st.Execute();
      record.last_failure_at = now;
      return record;
    });
  }

  Result<bool> MarkLoginRefusalAudited(std::string_view email_key, std::string_view address) override {
    return uow_.Run<bool>("MarkLoginRefusalAudited", CallKind::kRead, [&]() -> Result<bool> {
      const std::string email(email_key), from(address);
      Stmt st(uow_.Sql());
      st.Use(email, "email").Use(from, "address");
      st.Prepare(
          "UPDATE login_failures SET refusal_audited = 1"
          " WHERE email_key = :email AND address = :address AND refusal_audited = 0");
      st.Execute();
      return st.AffectedRows() == 1;
    });
  }

  Result<void> ClearLoginFailures(std::string_view email_key, std::string_view address) override {
    return uow_.Run<void>("ClearLoginFailures", CallKind::kRead, [&]() -> Result<void> {
      const std::string email(email_key), from(address);
      Stmt st(uow_.Sql());
      st.Use(email, "email").Use(from, "address");
      st.Prepare("DELETE FROM login_failures WHERE email_key = :email AND address = :address");
      st.Execute();
      return {};
    });
  }

  Result<int64_t> DeleteLoginFailuresBefore(Instant before) override {
    return uow_.Run<int64_t>("DeleteLoginFailuresBefore", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t at = Seconds(before);
      Stmt st(uow_.Sql());
      st.Use(at, "before").Prepare("DELETE FROM login_failures WHERE last_failure_at < :before");
      st.Execute();
      return st.AffectedRows();
    });
  }

 private:
  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<AccountRepository> NewSqlAccounts(UnitOfWork& uow) {
  return std::make_unique<SqlAccounts>(uow);
}

std::unique_ptr<SessionRepository> NewSqlSessions(UnitOfWork& uow) {
  return std::make_unique<SqlSessions>(uow);
}

}  // namespace scarwise::storage::sql

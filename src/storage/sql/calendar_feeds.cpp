// The SQL of CalendarFeeds (storage/calendar_feeds.hpp): its rows and statements.
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

class SqlCalendarFeeds final : public CalendarFeedRepository {
 public:
  explicit SqlCalendarFeeds(UnitOfWork& uow) : uow_(uow) {}

  Result<Id> Create(const NewCalendarFeed& f) override {
    return uow_.Run<Id>("CreateCalendarFeed", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = f.patient_id.value_or(0), practitioner = f.practitioner_id.value_or(0), by = f.created_by,
                    at = Seconds(f.created_at);
      soci::indicator patient_ind = f.patient_id ? soci::i_ok : soci::i_null;
      soci::indicator practitioner_ind = f.practitioner_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(uow_.Sql());
      st.Into(id).Use(f.token_hash, "token").Use(patient, patient_ind, "patient");
      st.Use(practitioner, practitioner_ind, "practitioner").Use(by, "by").Use(at, "at");
      st.Prepare(
          "INSERT INTO calendar_feeds (token_hash, patient_id, practitioner_id, created_by, created_at)"
          " VALUES (:token, :patient, :practitioner, :by, :at) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<CalendarFeedRecord> Find(std::string_view token_hash) override {
    return uow_.Run<CalendarFeedRecord>("FindCalendarFeed", CallKind::kRead, [&]() -> Result<CalendarFeedRecord> {
      const std::string key(token_hash);
      FeedRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(key, "key")
          .Prepare(std::string("SELECT ") + kFeedColumns + " FROM calendar_feeds WHERE token_hash = :key");
      if (!st.Execute()) return Unexpected(NoSuch("calendar feed"));
      return row.Record();
    });
  }

  Result<std::vector<CalendarFeedRecord>> List(Id patient_id) override {
    return uow_.Run<std::vector<CalendarFeedRecord>>(
        "ListCalendarFeeds", CallKind::kRead, [&]() -> Result<std::vector<CalendarFeedRecord>> {
          const int64_t patient = patient_id;
          FeedRow row;
          Stmt st(uow_.Sql());
          row.Bind(st);
          st.Use(patient, "patient")
              .Prepare(std::string("SELECT ") + kFeedColumns +
                       " FROM calendar_feeds WHERE patient_id = :patient AND revoked_at IS NULL ORDER BY id");
          std::vector<CalendarFeedRecord> feeds;
          st.Start();
          while (st.Fetch()) feeds.push_back(row.Record());
          return feeds;
        });
  }

  Result<void> Revoke(Id patient_id, Id feed_id, Instant at) override {
    return uow_.Run<void>("RevokeCalendarFeed", CallKind::kRead, [&]() -> Result<void> {
      const int64_t patient = patient_id, id = feed_id, when = Seconds(at);
      Stmt st(uow_.Sql());
      st.Use(when, "at").Use(id, "id").Use(patient, "patient");
      st.Prepare(
          "UPDATE calendar_feeds SET revoked_at = :at WHERE id = :id AND patient_id = :patient AND revoked_at IS NULL");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NoSuch("calendar feed"));
      return {};
    });
  }

  Result<int64_t> RevokeAll(Id patient_id, Instant at) override {
    return uow_.Run<int64_t>("RevokeCalendarFeeds", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t patient = patient_id, when = Seconds(at);
      Stmt st(uow_.Sql());
      st.Use(when, "at").Use(patient, "patient");
      st.Prepare("UPDATE calendar_feeds SET revoked_at = :at WHERE patient_id = :patient AND revoked_at IS NULL");
      st.Execute();
      return st.AffectedRows();
    });
  }

  Result<bool> ClaimFetch(Id feed_id, Instant now, Instant not_before) override {
    return uow_.Run<bool>("ClaimCalendarFeedFetch", CallKind::kRead, [&]() -> Result<bool> {
      const int64_t id = feed_id, at = Seconds(now), since = Seconds(not_before);
      Stmt st(uow_.Sql());
      st.Use(at, "now").Use(id, "id").Use(since, "since");
      st.Prepare(
          "UPDATE calendar_feeds SET last_fetched_at = :now WHERE id = :id AND revoked_at IS NULL"
          " AND (last_fetched_at IS NULL OR last_fetched_at <= :since)");
      st.Execute();
      return st.AffectedRows() == 1;
    });
  }

 private:
  static constexpr const char* kFeedColumns =
      "id, token_hash, patient_id, practitioner_id, created_by, created_at, revoked_at, last_fetched_at";

  // Binds the kFeedColumns of a statement to `row`'s members; Record() reads them out.
  struct FeedRow {
    CalendarFeedRecord record;
    int64_t patient = 0, practitioner = 0, at = 0, revoked = 0, fetched = 0;
    soci::indicator patient_ind = soci::i_null, practitioner_ind = soci::i_null, revoked_ind = soci::i_null,
                    fetched_ind = soci::i_null;
    void Bind(Stmt& st) {
      st.Into(record.id).Into(record.feed.token_hash).Into(patient, patient_ind).Into(practitioner, practitioner_ind);
      st.Into(record.feed.created_by).Into(at).Into(revoked, revoked_ind).Into(fetched, fetched_ind);
    }
    CalendarFeedRecord Record() const {
      CalendarFeedRecord out = record;
      out.feed.patient_id = patient_ind == soci::i_ok ? std::optional<Id>(patient) : std::nullopt;
      out.feed.practitioner_id = practitioner_ind == soci::i_ok ? std::optional<Id>(practitioner) : std::nullopt;
      out.feed.created_at = FromSeconds(at);
      out.revoked_at = revoked_ind == soci::i_ok ? std::optional<Instant>(FromSeconds(revoked)) : std::nullopt;
      out.last_fetched_at = fetched_ind == soci::i_ok ? std::optional<Instant>(FromSeconds(fetched)) : std::nullopt;
      return out;
    }
  };

  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<CalendarFeedRepository> NewSqlCalendarFeeds(UnitOfWork& uow) {
  return std::make_unique<SqlCalendarFeeds>(uow);
}

}  // namespace scarwise::storage::sql

// The SQL of AuditLog (storage/audit_log.hpp): its rows and statements.
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <memory>
#include <span>
#include <utility>

#include "common/json_text.hpp"
#include "storage/audit_chain.hpp"
#include "storage/sql/repositories.hpp"
#include "storage/text.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr const char* kAuditColumns =
    "seq, at, actor_user_id, actor_role, action, entity, entity_id, request_id, outcome, prev_hash, hash";

struct AuditRow {
  static constexpr const char* kColumns = kAuditColumns;

  int64_t seq = 0, at = 0;
  int64_t actor_user_id = 0;
  soci::indicator actor_user_id_ind = soci::i_null;
  std::string actor_role, action, entity;
  int64_t entity_id = 0;
  soci::indicator entity_id_ind = soci::i_null;
  std::string request_id, outcome, prev_hash, hash;

  void Bind(Stmt& st) {
    st.Into(seq).Into(at).Into(actor_user_id, actor_user_id_ind).Into(actor_role).Into(action).Into(entity);
    st.Into(entity_id, entity_id_ind).Into(request_id).Into(outcome).Into(prev_hash).Into(hash);
  }
  AuditRecord ToRecord() const {
    AuditRecord record;
    record.seq = seq;
    record.at = FromSeconds(at);
    if (actor_user_id_ind == soci::i_ok) record.actor_user_id = actor_user_id;
    record.actor_role = actor_role;
    record.action = action;
    record.entity = entity;
    if (entity_id_ind == soci::i_ok) record.entity_id = entity_id;
    record.request_id = request_id;
    record.outcome = outcome;
    record.prev_hash = prev_hash;
    record.hash = hash;
    return record;
  }
};

constexpr int64_t kVerifyBatch = 1000;

// How many entries one INSERT of the chain takes where rows are bound one by one (SQLite, in
// process): a batch goes in as few statements of these sizes, largest first (20 entries as
// 16 + 4).
constexpr std::array<size_t, 4> kAppendSizes = {64, 16, 4, 1};

// The chain's head row: every write's and audited read's last step, so prepared once per
// connection.
struct ChainHead {
  ChainHead(soci::session& sql, const Dialect&) : take(sql), set(sql) {
    // Taking the head row's write lock and reading it in one statement: its seq moves on by
    // the batch's size at once (`set` writes the exact head at the end).
    take.Into(head_seq).Into(head_hash).Use(taking, "n");
    take.PrepareKept("UPDATE audit_head SET last_seq = last_seq + :n WHERE id = 1 RETURNING last_seq, last_hash");
    set.Use(last_seq, "seq").Use(last_hash, "hash");
    set.PrepareKept("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1");
  }
  int64_t taking = 0;  // entries in the batch
  int64_t head_seq = 0;
  std::string head_hash;
  int64_t last_seq = 0;  // the new head
  std::string last_hash;
  Stmt take;
  Stmt set;
};

// The chain's entries bound row by row (where Dialect::RowsFromJson is ""): one INSERT per
// kAppendSizes, in its order.
struct ChainRows {
  ChainRows(soci::session& sql, const Dialect&) {
    for (const size_t size : kAppendSizes) {
      auto& insert = inserts.emplace_back(std::make_unique<Stmt>(sql));
      std::string values;
      for (size_t i = 0; i < size; ++i) {
        AuditRow& row = rows[i];
        const std::string n = std::to_string(i);
        insert->Use(row.seq, "seq" + n).Use(row.at, "at" + n);
        insert->Use(row.actor_user_id, row.actor_user_id_ind, "actor" + n);
        insert->Use(row.actor_role, "role" + n).Use(row.action, "action" + n).Use(row.entity, "entity" + n);
        insert->Use(row.entity_id, row.entity_id_ind, "entity_id" + n).Use(row.request_id, "request_id" + n);
        insert->Use(row.outcome, "outcome" + n).Use(row.prev_hash, "prev_hash" + n).Use(row.hash, "hash" + n);
        values += std::string(i == 0 ? "" : ", ") + "(:seq" + n + ", :at" + n + ", :actor" + n + ", :role" + n +
                  ", :action" + n + ", :entity" + n + ", :entity_id" + n + ", :request_id" + n + ", :outcome" + n +
                  ", :prev_hash" + n + ", :hash" + n + ")";
      }
      insert->PrepareKept(std::string("INSERT INTO audit_log (") + kAuditColumns + ") VALUES " + values);
    }
  }
  std::array<AuditRow, kAppendSizes.front()> rows;  // the entries of one INSERT
  std::vector<std::unique_ptr<Stmt>> inserts;
};

// The chain's entries as one JSON parameter (PostgreSQL, where each statement is a round trip
// that the committing thread waits for while its batch holds the head row): a batch goes in
// as one INSERT. And where this connection knows the head that its last append left, the
// batch goes in as one statement that moves the head only if it is still there, i.e. no
// other server appended since (`append_after_known` inserts nothing otherwise).
struct ChainAsJson {
  ChainAsJson(soci::session& sql, const Dialect& dialect) : insert(sql), append_after_known(sql) {
    const std::string insert_rows = std::string("INSERT INTO audit_log (") + kAuditColumns + ") SELECT " +
                                    kAuditColumns + " FROM " + dialect.RowsFromJson("audit_log", "rows");
    insert.Use(rows, "rows").PrepareKept(insert_rows);
    append_after_known.Use(last_seq, "seq").Use(last_hash, "hash").Use(known_seq, "known_seq");
    append_after_known.Use(known_hash, "known_hash").Use(rows, "rows");
    append_after_known.PrepareKept(
        "WITH moved AS (UPDATE audit_head SET last_seq = :seq, last_hash = :hash"
        " WHERE id = 1 AND last_seq = :known_seq AND last_hash = :known_hash RETURNING last_seq) " +
        insert_rows + " WHERE EXISTS (SELECT 1 FROM moved)");
  }
  std::string rows;      // the entries: a JSON array of audit_log rows
  int64_t last_seq = 0;  // the new head
  std::string last_hash;
  // The head this connection's last append left (known_seq 0: none yet). It may have been
  // rolled back since, or moved on by another connection: then the hash or seq differ.
  int64_t known_seq = 0;
  std::string known_hash;
  Stmt insert;
  Stmt append_after_known;
};

// The chain's next link after `previous`: `entry` as the entry numbered previous.seq + 1,
// hashed with `key` over its fields and the previous hash.
AuditRecord Link(const AuditRecord& previous, const NewAuditEntry& entry, const std::string& key) {
  AuditRecord record;
  record.seq = previous.seq + 1;
  record.prev_hash = previous.hash;
  record.at = entry.at;
  record.actor_user_id = entry.actor_user_id;
  record.actor_role = entry.actor_role;
  record.action = entry.action;
  record.entity = entry.entity;
  record.entity_id = entry.entity_id;
  record.request_id = entry.request_id;
  record.outcome = entry.outcome;
  record.hash = AuditEntryMac(record, key);
  return record;
}

// `entries` linked after `head` as a JSON array of audit_log rows (for Dialect::RowsFromJson)
// in `out`; returns the last link.
AuditRecord LinkAsJson(AuditRecord head, std::span<const NewAuditEntry> entries, const std::string& key,
                       std::string& out) {
  JsonText rows;
  const auto id_or_null = [&rows](const std::optional<int64_t>& id) -> JsonText& {
    return id ? rows.Int(*id) : rows.Null();
  };
  rows.BeginArray();
  for (const NewAuditEntry& entry : entries) {
    head = Link(head, entry, key);
    rows.BeginObject().Key("seq").Int(head.seq).Key("at").Int(Seconds(head.at)).Key("actor_user_id");
    id_or_null(head.actor_user_id).Key("actor_role").String(head.actor_role).Key("action").String(head.action);
    rows.Key("entity").String(head.entity).Key("entity_id");
    id_or_null(head.entity_id).Key("request_id").String(head.request_id).Key("outcome").String(head.outcome);
    rows.Key("prev_hash").String(head.prev_hash).Key("hash").String(head.hash).EndObject();
  }
  out = std::move(rows.EndArray()).Take();
  return head;
}

class SqlAuditLog final : public AuditRepository {
 public:
  explicit SqlAuditLog(UnitOfWork& uow) : uow_(uow) {}

  Result<AuditRecord> Append(const NewAuditEntry& entry) override {
    return uow_.Run<AuditRecord>("AppendAudit", CallKind::kInsert, [&] { return AppendToChain({&entry, 1}); });
  }

  Result<void> AppendAll(std::span<const NewAuditEntry> entries) override {
    return uow_.Run<void>("AppendAudits", CallKind::kInsert, [&]() -> Result<void> {
      if (entries.empty()) return {};
      SCARWISE_RETURN_IF_ERROR(AppendToChain(entries));
      return {};
    });
  }

  Result<int64_t> IndexTrail(int64_t max_entries) override {
    return uow_.Run<int64_t>("IndexAuditTrail", CallKind::kRead, [&]() -> Result<int64_t> {
      // Touching the head row first makes two indexers (two servers on one PostgreSQL) take
      // turns instead of indexing the same entries twice.
      uow_.Sql() << "UPDATE audit_trail_head SET indexed_seq = indexed_seq WHERE id = 1";
      int64_t from = 0;
      int64_t last = 0;
      Stmt head(uow_.Sql());
      head.Into(from).Prepare("SELECT indexed_seq FROM audit_trail_head WHERE id = 1");
      head.Execute();
      // The committed head: every entry up to it is committed (appends commit in seq order).
      Stmt chain(uow_.Sql());
      chain.Into(last).Prepare("SELECT last_seq FROM audit_head WHERE id = 1");
      chain.Execute();
      const int64_t to = std::min(last, from + std::max<int64_t>(max_entries, 0));
      if (to <= from) return 0;
      Stmt index(uow_.Sql());
      index.Use(from, "from").Use(to, "to");
      index.Prepare(
          "INSERT INTO audit_trail (entity, entity_id, seq) SELECT entity, entity_id, seq FROM audit_log"
          " WHERE seq > :from AND seq <= :to AND entity_id IS NOT NULL");
      index.Execute();
      Stmt advance(uow_.Sql());
      advance.Use(to, "to").Prepare("UPDATE audit_trail_head SET indexed_seq = :to WHERE id = 1");
      advance.Execute();
      return to - from;
    });
  }

  Result<AuditPage> List(const AuditQuery& query) override {
    return uow_.Run<AuditPage>("ListAudit", CallKind::kRead, [&]() -> Result<AuditPage> {
      SCARWISE_RETURN_IF_ERROR(CheckLimit(query.limit));
      const int fetch = query.limit + 1;
      const int64_t after = query.after_seq;
      const int64_t actor = query.actor_user_id.value_or(0);
      const int64_t entity_id = query.entity_id.value_or(0);
      AuditRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(after, "after");
      // The filters, once per part of the query (a named parameter appears once per statement).
      auto filters = [&](const std::string& part) {
        std::string where;
        if (query.actor_user_id) {
          st.Use(actor, "actor" + part);
          where += " AND actor_user_id = :actor" + part;
        }
        if (!query.entity.empty()) {
          st.Use(query.entity, "entity" + part);
          where += " AND entity = :entity" + part;
        }
        if (query.entity_id) {
          st.Use(entity_id, "entity_id" + part);
          where += " AND entity_id = :entity_id" + part;
        }
        return where;
      };
      const std::string select = std::string("SELECT ") + kAuditColumns + " FROM audit_log";
      std::string sql = select + " WHERE seq > :after" + filters("");
      if (!query.entity.empty() && query.entity_id) {
        // One record's trail: the indexed entries through audit_trail, then the tail that
        // IndexAuditTrail has not reached yet (short: it runs every few seconds).
        sql = select + " WHERE seq IN (SELECT seq FROM audit_trail WHERE entity = :trail_entity AND entity_id = " +
              ":trail_entity_id AND seq > :after)" + filters("") + " UNION ALL " + select +
              " WHERE seq > (SELECT indexed_seq FROM audit_trail_head WHERE id = 1) AND seq > :after_tail" +
              filters("_tail");
        st.Use(query.entity, "trail_entity").Use(entity_id, "trail_entity_id").Use(after, "after_tail");
      }
      st.Use(fetch, "limit");
      sql += " ORDER BY seq LIMIT :limit";
      st.Prepare(sql);
      AuditPage page;
      st.Start();
      while (st.Fetch()) {
        if (static_cast<int>(page.items.size()) == query.limit) {
          page.next_after_seq = page.items.back().seq;
          break;
        }
        page.items.push_back(row.ToRecord());
      }
      return page;
    });
  }

  Result<AuditVerification> Verify() override {
    return uow_.Run<AuditVerification>("VerifyAudit", CallKind::kRead, [&]() -> Result<AuditVerification> {
      const std::vector<std::string>& keys = uow_.audit_keys();
      if (keys.empty()) return Unexpected(NoAuditKey());
      AuditVerification result;
      std::string previous_hash(kGenesisHash);
      int64_t expected_seq = 1;
      // Keys are tried from the one that keyed the previous entry on: a rotated-out key
      // never keys an entry after one keyed by its successor.
      size_t key_index = 0;
      const auto keyed_by = [&](const AuditRecord& record) -> bool {
        for (size_t i = key_index; i < keys.size(); ++i) {
          if (AuditEntryMac(record, keys[i]) == record.hash) {
            key_index = i;
            return true;
          }
        }
        return false;
      };
      auto broken = [&](int64_t seq, std::string problem) {
        result.intact = false;
        result.first_broken_seq = seq;
        result.problem = std::move(problem);
        return result;
      };
      while (true) {
        const int64_t after = expected_seq - 1;
        AuditRow row;
        Stmt st(uow_.Sql());
        row.Bind(st);
        st.Use(after, "after").Use(kVerifyBatch, "limit");
        st.Prepare(std::string("SELECT ") + kAuditColumns +
                   " FROM audit_log WHERE seq > :after ORDER BY seq LIMIT :limit");
        int64_t rows = 0;
        st.Start();
        while (st.Fetch()) {
          ++rows;
          const AuditRecord record = row.ToRecord();
          if (record.seq != expected_seq) {
            return broken(expected_seq, "entry " + std::to_string(expected_seq) + " is missing");
          }
          if (record.prev_hash != previous_hash) {
            return broken(record.seq, "prev_hash does not match the previous entry's hash");
          }
          if (keyed_by(record)) {
            if (result.keyed_from_seq == 0) result.keyed_from_seq = record.seq;
          } else if (result.keyed_from_seq != 0) {
            return broken(record.seq, "hash does not match the entry's fields under the audit key");
          } else if (AuditEntryHash(record) != record.hash) {
            return broken(record.seq, "hash does not match the entry's fields");
          }
          previous_hash = record.hash;
          ++expected_seq;
          ++result.entries_checked;
        }
        if (rows < kVerifyBatch) break;
      }
      int64_t head_seq = 0;
      std::string head_hash;
      Stmt head(uow_.Sql());
      head.Into(head_seq).Into(head_hash).Prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
      if (!head.Execute()) return broken(expected_seq, "the audit head record is missing");
      const int64_t last_seq = expected_seq - 1;
      if (head_seq > last_seq) {
        return broken(last_seq + 1, "entries after " + std::to_string(last_seq) + " are missing");
      }
      if (head_seq < last_seq) return broken(head_seq + 1, "entries were added without going through the log");
      if (head_hash != previous_hash) return broken(last_seq, "the newest entry does not match the recorded head");
      // Unkeyed entries are trusted only as the prefix that a keyed entry seals: a log
      // without any keyed entry could have been rewritten whole with plain SHA-256.
      if (last_seq > 0 && result.keyed_from_seq == 0) {
        return broken(1,
                      "no entry is keyed with the audit key: the log was rewritten, or nothing was logged since "
                      "keying began (or the key is not this log's)");
      }
      result.head_hash = previous_hash;
      result.head_seq = last_seq;
      return result;
    });
  }

 private:
  // Appends `entries` (at least one) as consecutive links of the chain and returns the last.
  // Taking the head row's write lock first serialises appenders until commit.
  Result<AuditRecord> AppendToChain(std::span<const NewAuditEntry> entries) {
    const std::vector<std::string>& keys = uow_.audit_keys();
    if (keys.empty()) return Unexpected(NoAuditKey());
    const bool as_json = !uow_.dialect().RowsFromJson("audit_log", "rows").empty();
    if (as_json) {
      ChainAsJson& json = uow_.Prepared<ChainAsJson>();
      if (json.known_seq > 0) {
        AuditRecord known;
        known.seq = json.known_seq;
        known.hash = json.known_hash;
        const AuditRecord last = LinkAsJson(known, entries, keys.back(), json.rows);
        json.last_seq = last.seq;
        json.last_hash = last.hash;
        json.append_after_known.Execute();
        if (json.append_after_known.AffectedRows() == static_cast<int64_t>(entries.size())) {
          json.known_hash = json.last_hash;
          json.known_seq = json.last_seq;
          return last;
        }
        json.known_seq = 0;  // another connection appended since: take the head
      }
    }
    ChainHead& head = uow_.Prepared<ChainHead>();
    head.taking = static_cast<int64_t>(entries.size());
    if (!head.take.Execute()) return Unexpected(Internal("the audit log is damaged"));
    AuditRecord last;
    last.seq = head.head_seq - head.taking;  // taking the head already counted the batch
    last.hash = head.head_hash;
    head.take.Finish();
    if (as_json) {
      ChainAsJson& json = uow_.Prepared<ChainAsJson>();
      last = LinkAsJson(last, entries, keys.back(), json.rows);
      json.insert.Execute();
      json.known_seq = last.seq;
      json.known_hash = last.hash;
    } else {
      last = InsertRows(last, entries, keys.back());
    }
    head.last_seq = last.seq;
    head.last_hash = last.hash;
    head.set.Execute();
    return last;
  }

  // `entries` linked after `head` and inserted row by row, as few statements of
  // kAppendSizes; returns the last link.
  AuditRecord InsertRows(AuditRecord head, std::span<const NewAuditEntry> entries, const std::string& key) {
    ChainRows& hot = uow_.Prepared<ChainRows>();
    size_t size = 0;  // of the INSERT being filled
    size_t next = 0;  // its next row
    for (size_t i = 0; i < entries.size(); ++i) {
      if (next == size) {
        const size_t left = entries.size() - i;
        size = *std::find_if(kAppendSizes.begin(), kAppendSizes.end(), [&](size_t s) { return s <= left; });
        next = 0;
      }
      head = Link(head, entries[i], key);
      AuditRow& row = hot.rows[next++];
      row.seq = head.seq;
      row.at = Seconds(head.at);
      row.actor_user_id = head.actor_user_id.value_or(0);
      row.actor_user_id_ind = IndicatorOf(head.actor_user_id.has_value());
      row.actor_role = head.actor_role;
      row.action = head.action;
      row.entity = head.entity;
      row.entity_id = head.entity_id.value_or(0);
      row.entity_id_ind = IndicatorOf(head.entity_id.has_value());
      row.request_id = head.request_id;
      row.outcome = head.outcome;
      row.prev_hash = head.prev_hash;
      row.hash = head.hash;
      if (next == size) {
        const auto which = std::find(kAppendSizes.begin(), kAppendSizes.end(), size) - kAppendSizes.begin();
        hot.inserts[static_cast<size_t>(which)]->Execute();
      }
    }
    return head;
  }

  static Error NoAuditKey() { return FailedPrecondition("no audit key is configured (see docs/security.md)"); }

  UnitOfWork& uow_;
};

}  // namespace

std::unique_ptr<AuditRepository> NewSqlAuditLog(UnitOfWork& uow) {
  return std::make_unique<SqlAuditLog>(uow);
}

}  // namespace scarwise::storage::sql

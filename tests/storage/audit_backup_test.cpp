// The audit log's tamper evidence, migrations, and backup/restore, on both backends.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "storage/audit_chain.hpp"
#include "storage/audit_key.hpp"
#include "storage/backup.hpp"
#include "storage/testing/raw_sql.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "storage_test_support.hpp"

namespace scarwise::storage::test {
namespace {

using Audit = BackendTest;
using BackupRestore = BackendTest;

NewAuditEntry Entry(const std::string& action, std::optional<Id> entity_id, std::optional<Id> actor = 1) {
  return NewAuditEntry{At(entity_id.value_or(0)), actor, "clinician", action, "patient", entity_id, "req", "ok"};
}

void AppendEntries(Store& store, int count) {
  auto tx = store.Begin();
  ASSERT_TRUE(tx);
  for (int i = 1; i <= count; ++i) {
    ASSERT_TRUE((*tx)->AuditLog().Append(Entry(i % 2 == 0 ? "patient.update" : "patient.read", i)));
  }
  ASSERT_TRUE((*tx)->Commit());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// ---- audit -------------------------------------------------------------------------------

TEST_P(Audit, EntriesAreChainedInSeqOrder) {
  auto tx = Begin();
  auto first = tx->AuditLog().Append(Entry("patient.read", 7));
  auto second =
      tx->AuditLog().Append(NewAuditEntry{At(1), std::nullopt, "", "auth.login", "", std::nullopt, "r2", "denied"});
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(tx->Commit());
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->prev_hash, kGenesisHash);
  EXPECT_EQ(first->hash, AuditEntryMac(*first, testing::kTestAuditKey));
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->prev_hash, first->hash);

  tx.reset();
  tx = Begin();
  auto page = tx->AuditLog().List(AuditQuery{});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[1].hash, second->hash);
  EXPECT_FALSE(page->items[1].actor_user_id);
  EXPECT_FALSE(page->items[1].entity_id);
  EXPECT_EQ(page->items[1].outcome, "denied");
  EXPECT_EQ(page->items[0].actor_user_id, 1);
  EXPECT_EQ(page->items[0].entity_id, 7);
  EXPECT_EQ(page->next_after_seq, 0);
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact);
  EXPECT_EQ(verified->entries_checked, 2);
  EXPECT_EQ(verified->head_hash, second->hash);
}

TEST_P(Audit, ListingPagesAndFiltersByRecordAndActor) {
  AppendEntries(*store_, 12);
  auto tx = Begin();
  ASSERT_TRUE(tx->AuditLog().Append(Entry("patient.read", 3, 2)));
  ASSERT_TRUE(tx->Commit());

  tx.reset();
  tx = Begin();
  std::vector<int64_t> seqs;
  AuditQuery query;
  query.limit = 5;
  do {
    auto page = tx->AuditLog().List(query);
    ASSERT_TRUE(page);
    for (const auto& e : page->items) seqs.push_back(e.seq);
    query.after_seq = page->next_after_seq;
  } while (query.after_seq != 0);
  ASSERT_EQ(seqs.size(), 13u);
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<int64_t>(i + 1));

  AuditQuery of_record;
  of_record.entity = "patient";
  of_record.entity_id = 3;
  auto trail = tx->AuditLog().List(of_record);
  ASSERT_TRUE(trail);
  ASSERT_EQ(trail->items.size(), 2u) << "who touched patient 3";
  AuditQuery of_actor;
  of_actor.actor_user_id = 2;
  EXPECT_EQ(tx->AuditLog().List(of_actor)->items.size(), 1u);
  AuditQuery bad;
  bad.limit = 0;
  EXPECT_EQ(tx->AuditLog().List(bad).error().code, ErrorCode::kInvalidArgument);
}

// Who touched patient 5, in seq order and paged 2 at a time, as ListAudit answers it.
std::vector<int64_t> TrailOfPatient5(Transaction& tx) {
  std::vector<int64_t> seqs;
  AuditQuery query;
  query.entity = "patient";
  query.entity_id = 5;
  query.limit = 2;
  do {
    auto page = tx.AuditLog().List(query);
    if (!page) return {};
    for (const auto& e : page->items) seqs.push_back(e.seq);
    query.after_seq = page->next_after_seq;
  } while (query.after_seq != 0);
  return seqs;
}

TEST_P(Audit, ARecordsTrailIsTheSameWhetherIndexedPartlyOrNotAtAll) {
  // Patient 5 is touched at seq 5, 10, 15, 20 (four of twenty entries), other patients between.
  auto tx = Begin();
  std::vector<NewAuditEntry> entries;
  for (int i = 1; i <= 20; ++i) entries.push_back(Entry("patient.read", i % 5 == 0 ? 5 : i));
  ASSERT_TRUE(tx->AuditLog().AppendAll(entries));
  ASSERT_TRUE(tx->Commit());
  const std::vector<int64_t> expected = {5, 10, 15, 20};

  tx.reset();
  tx = Begin();
  EXPECT_EQ(TrailOfPatient5(*tx), expected) << "nothing indexed yet: read from the log itself";
  auto first = tx->AuditLog().IndexTrail(12);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 12);
  EXPECT_EQ(TrailOfPatient5(*tx), expected) << "seq 1-12 indexed, 13-20 read from the log";
  auto rest = tx->AuditLog().IndexTrail(100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, 8);
  EXPECT_EQ(*tx->AuditLog().IndexTrail(100), 0) << "up to date";
  EXPECT_EQ(TrailOfPatient5(*tx), expected) << "all indexed";

  AuditQuery by_other_actor;
  by_other_actor.entity = "patient";
  by_other_actor.entity_id = 5;
  by_other_actor.actor_user_id = 2;
  EXPECT_TRUE(tx->AuditLog().List(by_other_actor)->items.empty()) << "the actor filter still applies";
  ASSERT_TRUE(tx->Commit());
}

TEST_P(Audit, EntriesAppendedTogetherAreConsecutiveLinksOfTheChain) {
  AppendEntries(*store_, 2);
  auto tx = Begin();
  const std::vector<NewAuditEntry> batch = {Entry("patient.read", 8), Entry("patient.read", 9),
                                            Entry("patient.list", std::nullopt)};
  ASSERT_TRUE(tx->AuditLog().AppendAll(batch));
  ASSERT_TRUE(tx->AuditLog().AppendAll({}));
  auto after = tx->AuditLog().Append(Entry("patient.read", 10));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->seq, 6) << "the batch took seq 3, 4 and 5";
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact);
  EXPECT_EQ(verified->entries_checked, 6);
  EXPECT_EQ(verified->head_hash, after->hash);
}

// A batch goes in on SQLite as multi-row INSERTs of 64, 16, 4 and 1 entries (87 = 64 + 16 + 4 +
// 1 + 1 + 1, 127 = 64 + 3 * 16 + 3 * 4 + 3), on PostgreSQL as one JSON parameter: a chain that
// still links across them.
TEST_P(Audit, ALargeBatchIsAppendedInChunksThatStillLinkAsOneChain) {
  AppendEntries(*store_, 1);
  auto tx = Begin();
  std::vector<NewAuditEntry> batch;
  for (int i = 0; i < 87; ++i) batch.push_back(Entry("patient.read", i % 7 == 0 ? std::nullopt : std::optional<Id>(i)));
  ASSERT_TRUE(tx->AuditLog().AppendAll(batch));
  batch.resize(127, Entry("patient.list", std::nullopt));
  ASSERT_TRUE(tx->AuditLog().AppendAll(batch));
  auto after = tx->AuditLog().Append(Entry("patient.read", 3));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->seq, 216) << "the batches took seq 2-88 and 89-215";
  ASSERT_TRUE(tx->Commit());
  tx.reset();
  tx = Begin();
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->entries_checked, 216);
  EXPECT_EQ(verified->head_hash, after->hash);
  AuditQuery all;
  all.limit = 1000;
  const auto page = tx->AuditLog().List(all);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 216u);
  EXPECT_FALSE(page->items[1].entity_id) << "seq 2 is entry 0: no record";
  EXPECT_EQ(page->items[2].entity_id, std::optional<Id>(1));
  EXPECT_EQ(page->items[87].entity_id, std::optional<Id>(86));
}

TEST_P(Audit, TheApplicationCannotChangeOrDeleteEntries) {
  AppendEntries(*store_, 3);
  EXPECT_FALSE(testing::ExecuteRawSql(url_, "UPDATE audit_log SET action = 'patient.list' WHERE seq = 2"));
  EXPECT_FALSE(testing::ExecuteRawSql(url_, "DELETE FROM audit_log WHERE seq = 3"));
  auto tx = Begin();
  EXPECT_TRUE(tx->AuditLog().Verify()->intact);
}

// Someone with direct access to the database disables the guard and edits the log.
void DisableAppendOnlyGuard(const std::string& url, bool postgres) {
  if (postgres) {
    ASSERT_TRUE(testing::ExecuteRawSql(url, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"));
  } else {
    ASSERT_TRUE(testing::ExecuteRawSql(url, "DROP TRIGGER IF EXISTS audit_log_no_update"));
    ASSERT_TRUE(testing::ExecuteRawSql(url, "DROP TRIGGER IF EXISTS audit_log_no_delete"));
  }
}

TEST_P(Audit, VerifyFindsTheFirstTamperedEntry) {
  AppendEntries(*store_, 6);
  DisableAppendOnlyGuard(url_, IsPostgres());
  ASSERT_TRUE(testing::ExecuteRawSql(url_, "UPDATE audit_log SET action = 'patient.list' WHERE seq = 4"));
  ASSERT_TRUE(testing::ExecuteRawSql(url_, "UPDATE audit_log SET request_id = 'other' WHERE seq = 5"));
  auto tx = Begin();
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->intact);
  EXPECT_EQ(verified->first_broken_seq, 4);
  EXPECT_EQ(verified->entries_checked, 3);
  EXPECT_NE(verified->problem.find("hash"), std::string::npos) << verified->problem;
}

TEST_P(Audit, VerifyNoticesDeletedEntriesAnywhereInTheChain) {
  struct Case {
    const char* name;
    const char* statement;
    int64_t first_broken;
  };
  const Case cases[] = {
      {"a middle entry", "DELETE FROM audit_log WHERE seq = 3", 3},
      {"the newest entries", "DELETE FROM audit_log WHERE seq >= 5", 5},
      {"an entry rehashed after its predecessor changed", "UPDATE audit_log SET prev_hash = hash WHERE seq = 2", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    const std::string url = NewDatabaseUrl(GetParam(), dir);
    auto store = OpenStore(url, testing::TestStoreOptions());
    ASSERT_TRUE(store);
    AppendEntries(**store, 6);
    DisableAppendOnlyGuard(url, IsPostgres());
    ASSERT_TRUE(testing::ExecuteRawSql(url, c.statement));
    auto tx = (*store)->Begin();
    ASSERT_TRUE(tx);
    auto verified = (*tx)->AuditLog().Verify();
    ASSERT_TRUE(verified);
    EXPECT_FALSE(verified->intact);
    EXPECT_EQ(verified->first_broken_seq, c.first_broken) << verified->problem;
  }
}

// Rewrites the chain as someone with database access but without the audit key would:
// `change` edits the entries, then every prev_hash and hash from the first entry on is
// recomputed with plain SHA-256 (the unkeyed chain of schema versions before 7) or with
// `key` when given, and the head row is moved along, so the chain is consistent again.
// Entries after `rehash_through` keep the hashes they had.
void RewriteChain(Store& store, const std::string& url, bool postgres,
                  const std::function<void(std::vector<AuditRecord>&)>& change,
                  std::optional<std::string> key = std::nullopt, int64_t rehash_through = INT64_MAX) {
  std::vector<AuditRecord> entries;
  {
    auto tx = store.Begin(TransactionMode::kReadOnly);
    ASSERT_TRUE(tx);
    AuditQuery query;
    query.limit = 1000;
    auto page = (*tx)->AuditLog().List(query);
    ASSERT_TRUE(page);
    entries = page->items;
  }
  change(entries);
  DisableAppendOnlyGuard(url, postgres);
  ASSERT_TRUE(testing::ExecuteRawSql(url, "DELETE FROM audit_log"));
  std::string previous(kGenesisHash);
  for (AuditRecord& e : entries) {
    if (e.seq <= rehash_through) {
      e.prev_hash = previous;
      e.hash = key ? AuditEntryMac(e, *key) : AuditEntryHash(e);
    }
    previous = e.hash;
    const auto id = [](std::optional<Id> v) { return v ? std::to_string(*v) : std::string("NULL"); };
    ASSERT_TRUE(testing::ExecuteRawSql(
        url,
        "INSERT INTO audit_log (seq, at, actor_user_id, actor_role, action, entity, entity_id, request_id,"
        " outcome, prev_hash, hash) VALUES (" +
            std::to_string(e.seq) + ", " + std::to_string(e.at.time_since_epoch().count()) + ", " +
            id(e.actor_user_id) + ", '" + e.actor_role + "', '" + e.action + "', '" + e.entity + "', " +
            id(e.entity_id) + ", '" + e.request_id + "', '" + e.outcome + "', '" + e.prev_hash + "', '" + e.hash +
            "')"));
  }
  ASSERT_TRUE(testing::ExecuteRawSql(url, "UPDATE audit_head SET last_seq = " + std::to_string(entries.size()) +
                                              ", last_hash = '" + previous + "' WHERE id = 1"));
}

AuditVerification Verified(Store& store) {
  auto tx = store.Begin(TransactionMode::kReadOnly);
  EXPECT_TRUE(tx);
  auto verified = (*tx)->AuditLog().Verify();
  EXPECT_TRUE(verified) << verified.error().message;
  return verified ? *verified : AuditVerification{};
}

TEST_P(Audit, AnEditedEntryFailsVerificationUnderTheKey) {
  AppendEntries(*store_, 6);
  DisableAppendOnlyGuard(url_, IsPostgres());
  ASSERT_TRUE(testing::ExecuteRawSql(url_, "UPDATE audit_log SET action = 'patient.list' WHERE seq = 3"));
  const AuditVerification verified = Verified(*store_);
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.first_broken_seq, 3) << verified.problem;
}

TEST_P(Audit, AChainRewrittenConsistentlyWithoutTheKeyFailsVerification) {
  AppendEntries(*store_, 6);
  struct Case {
    const char* name;
    std::optional<std::string> key;
  };
  const Case cases[] = {
      {"plain SHA-256, as the chain was before keying", std::nullopt},
      {"HMAC under a key of the attacker's own", std::string(32, 'k')},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RewriteChain(
        *store_, url_, IsPostgres(), [](std::vector<AuditRecord>& entries) { entries[3].action = "patient.list"; },
        c.key);
    const AuditVerification verified = Verified(*store_);
    EXPECT_FALSE(verified.intact) << "a rewritten log must not verify";
    EXPECT_TRUE(verified.first_broken_seq.has_value());
  }
}

TEST_P(Audit, EntriesFromBeforeKeyingVerifyOnlyAsThePrefixTheFirstKeyedEntrySeals) {
  AppendEntries(*store_, 3);
  // The database as schema version 6 left it: the same entries with unkeyed hashes.
  RewriteChain(*store_, url_, IsPostgres(), [](std::vector<AuditRecord>&) {});
  AppendEntries(*store_, 2);
  AuditVerification verified = Verified(*store_);
  EXPECT_TRUE(verified.intact) << verified.problem;
  EXPECT_EQ(verified.keyed_from_seq, 4);
  EXPECT_EQ(verified.entries_checked, 5);

  // An unkeyed entry changed and the unkeyed part rehashed: the first keyed entry no longer
  // follows it, and without the key it cannot be made to.
  RewriteChain(
      *store_, url_, IsPostgres(), [](std::vector<AuditRecord>& all) { all[1].action = "patient.list"; }, std::nullopt,
      3);
  verified = Verified(*store_);
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.first_broken_seq, 4) << verified.problem;
}

TEST_P(Audit, ALogWithoutAnyKeyedEntryDoesNotVerify) {
  AppendEntries(*store_, 3);
  RewriteChain(*store_, url_, IsPostgres(), [](std::vector<AuditRecord>&) {});
  const AuditVerification verified = Verified(*store_);
  EXPECT_FALSE(verified.intact);
  EXPECT_NE(verified.problem.find("keyed"), std::string::npos) << verified.problem;
}

TEST_P(Audit, ARotatedOutKeyStillVerifiesTheEntriesItKeyed) {
  AppendEntries(*store_, 2);
  StoreOptions rotated = testing::TestStoreOptions();
  rotated.audit_keys.push_back(std::string(32, 'n'));
  auto store = OpenStore(url_, rotated);
  ASSERT_TRUE(store);
  AppendEntries(**store, 2);
  const AuditVerification verified = Verified(**store);
  EXPECT_TRUE(verified.intact) << verified.problem;
  EXPECT_EQ(verified.entries_checked, 4);

  StoreOptions only_new;
  only_new.audit_keys = {std::string(32, 'n')};
  auto without_old = OpenStore(url_, only_new);
  ASSERT_TRUE(without_old);
  EXPECT_FALSE(Verified(**without_old).intact) << "the old entries need the old key";
}

TEST_P(Audit, AStoreWithoutAnAuditKeyNeitherAppendsNorVerifies) {
  auto store = OpenStore(url_);
  ASSERT_TRUE(store);
  auto tx = (*store)->Begin();
  ASSERT_TRUE(tx);
  auto verified = (*tx)->AuditLog().Verify();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kFailedPrecondition);
  auto appended = (*tx)->AuditLog().Append(Entry("patient.read", 1));
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(Audit, ATruncatedLogFailsAgainstTheExportedHead) {
  AppendEntries(*store_, 6);
  const AuditVerification before = Verified(*store_);
  ASSERT_TRUE(before.intact);
  auto head = ParseAuditHead(FormatAuditHead({before.head_seq, before.head_hash}));
  ASSERT_TRUE(head);
  EXPECT_EQ(head->seq, 6);
  {
    auto tx = Begin();
    auto same = VerifyAuditAgainstHead(*tx, *head);
    ASSERT_TRUE(same);
    EXPECT_TRUE(same->intact) << same->problem;
  }
  AppendEntries(*store_, 1);
  {
    auto tx = Begin();
    EXPECT_TRUE(VerifyAuditAgainstHead(*tx, *head)->intact) << "a log that grew past the head still reaches it";
  }
  // The newest entries deleted and the head row moved back: the chain itself is consistent.
  RewriteChain(
      *store_, url_, IsPostgres(), [](std::vector<AuditRecord>& all) { all.resize(4); },
      std::string(testing::kTestAuditKey));
  ASSERT_TRUE(Verified(*store_).intact) << "cut consistently, as someone holding the key could";
  auto tx = Begin();
  auto cut = VerifyAuditAgainstHead(*tx, *head);
  ASSERT_TRUE(cut);
  EXPECT_FALSE(cut->intact);
  EXPECT_EQ(cut->first_broken_seq, 5) << cut->problem;
  EXPECT_FALSE(ParseAuditHead("not a head"));
}

TEST_P(Audit, ConcurrentAppendsKeepOneUnbrokenChain) {
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = store_->Begin();
        if (!tx || !(*tx)->AuditLog().Append(Entry("patient.read", t * 100 + i)) || !(*tx)->Commit()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = Begin();
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->entries_checked, kThreads * kEach);
}

// Two servers on one database append in turns, and one's batch is rolled back after it was
// linked: on PostgreSQL a connection appends after the head its last append left without
// reading it again, so each of these must be noticed (the head moved on; the head it
// remembers was never committed, and another server's batch of the same size now has its
// seq) and the chain must still verify.
TEST_P(Audit, AppendsFromTwoServersAndARolledBackBatchKeepOneChain) {
  auto other = OpenStore(url_, testing::TestStoreOptions());
  ASSERT_TRUE(other) << other.error().message;
  int next_patient = 1;  // every entry of the test differs from every other
  const auto append = [&next_patient](Store& store, int count, bool commit) {
    auto tx = store.Begin();
    ASSERT_TRUE(tx);
    std::vector<NewAuditEntry> batch;
    for (int i = 0; i < count; ++i) batch.push_back(Entry("patient.read", next_patient++));
    ASSERT_TRUE((*tx)->AuditLog().AppendAll(batch));
    if (commit) {
      ASSERT_TRUE((*tx)->Commit());
    }
  };
  append(*store_, 2, true);
  append(*store_, 3, true);  // after the head its first batch left
  append(**other, 1, true);
  append(*store_, 2, true);  // the head moved on since its last batch
  append(*store_, 2, false);
  append(**other, 2, true);  // the seq the rolled-back batch had, with other hashes
  append(*store_, 1, true);
  auto tx = Begin();
  auto verified = tx->AuditLog().Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->entries_checked, 11);
}

// ---- migrations --------------------------------------------------------------------------

TEST_P(BackupRestore, MigrateIsIdempotentAndReportsTheSchemaVersion) {
  for (int i = 0; i < 3; ++i) {
    auto version = Migrate(url_);
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(*version, LatestSchemaVersion());
  }
  auto again = OpenStore(url_, testing::TestStoreOptions());
  ASSERT_TRUE(again) << "a second store on the same database";
}

// ---- backup and restore ------------------------------------------------------------------

constexpr const char* kConsentText = "Consent to microneedling\n\nRisks\nRare: infection, darkening (ü)\n";

// Every byte value, twice: what a photograph's bytes may hold (zeros included).
std::string EveryByte() {
  std::string bytes;
  for (int round = 0; round < 2; ++round) {
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  }
  return bytes;
}

// A small clinic: every table holds rows, including NULLs, unicode and JSON text.
void FillClinic(Store& store) {
  auto tx = store.Begin();
  ASSERT_TRUE(tx);
  Transaction& t = **tx;
  const Id admin = *t.Accounts().CreateUser(
      NewUser{"admin@clinic.example", "Admin", domain::Role::kAdmin, "$argon2id$a", std::nullopt, At()});
  const Id clinician = *t.Accounts().CreateUser(
      NewUser{"c@clinic.example", "Dr C", domain::Role::kClinician, "$argon2id$c", std::nullopt, At()});
  const Id ana = *t.Patients().Create(NewPatient{SamplePatient("Ána", "Lima \"Quote\"\n\\"), At(1)});
  const Id bea = *t.Patients().Create(NewPatient{SamplePatient("Bea", "Souza"), At(2)});
  const Id portal =
      *t.Accounts().CreateUser(NewUser{"ana@example.org", "Ána", domain::Role::kPatient, "$argon2id$p", ana, At(3)});
  ASSERT_TRUE(t.Accounts().SetUserDisabled(clinician, true));
  ASSERT_TRUE(t.Sessions().Create(NewSession{"token-hash-1", admin, At(), At(3600)}));
  const Id assessment =
      *t.Evaluations().CreateAssessment(NewAssessment{ana, admin, At(4), R"({"a":"ü\t"})", R"({"score":9})"});
  const Id screening = *t.Evaluations().CreateScreening(NewScreening{ana, admin, At(5), "{}", R"({"ok":true})"});
  const Id plan =
      *t.Plans().Create(NewPlan{ana, assessment, screening, R"({"sessions":3})", "default", "1", admin, At(6)});
  ASSERT_TRUE(t.Plans().Create(NewPlan{ana, assessment, screening, "{}", "default", "1", admin, At(7)}));
  ASSERT_TRUE(t.Plans().Approve(plan, 1, admin, At(8)));
  ASSERT_TRUE(t.Patients().Update(bea, 1, SamplePatient("Beatriz", "Souza"), At(9)));
  ASSERT_TRUE(t.History().Append(NewHistoryEntry{"patient", bea, 2, admin, At(9), R"({"given_name":"Beatriz"})"}));
  ASSERT_TRUE(t.History().Append(NewHistoryEntry{"patient", ana, 1, std::nullopt, At(1), "{}"}));
  ASSERT_TRUE(t.Idempotency().Save(IdempotencyRecord{admin, "k1", "POST", "/api/v1/patients", "h", 201, bea, At(1)}));
  const Id check_in =
      *t.Recovery().CreateCheckIn(NewCheckIn{ana, admin, At(11), 1, 2, 1, 4, "pus", "Aqua, \"Retinol\"", true, false});
  const Id alert = *t.Recovery().CreateAlert(NewAlert{ana, check_in, domain::Urgency::kUrgent, "possible_infection",
                                                      "Pus: call", "REF §e3", At(11), std::nullopt, std::nullopt});
  ASSERT_TRUE(t.Recovery().CreateAlert(NewAlert{bea, std::nullopt, domain::Urgency::kRoutine, "no_sunscreen", "No SPF",
                                                "REF", At(12), std::nullopt, std::nullopt}));
  ASSERT_TRUE(t.Recovery().RepeatAlert(alert, check_in, At(12)));
  ASSERT_TRUE(t.Recovery().AcknowledgeAlert(alert, {admin, At(13), "called, ok"}));
  ASSERT_TRUE(t.Accounts().CreateInvitation(NewInvitation{portal, "invitation-hash", admin, At(10), At(700000)}));
  const Id session = *t.SessionDay().CreateSession(
      NewTreatmentSession{ana, plan, 1, 77, screening, admin, At(14), At(14), -300, "{}"});
  ASSERT_TRUE(t.SessionDay().AppendAmendment(NewSessionAmendment{session, admin, At(15), "typo", R"({"notes":"ü"})"}));
  ASSERT_TRUE(
      t.Scheduling().SaveClinicSettings({"Europe/Amsterdam", R"({"mon":[["09:00","17:00"]]})", "[]", At(16), 0}, 0));
  ASSERT_TRUE(t.Scheduling().SaveClinicIdentity({"Huidkliniek Zoë", "Prinsengracht 1\nAmsterdam", "+31 20 555 0100",
                                                 "info@x.test", "image/png", "iVBORw0KGgo=", At(16), 0},
                                                0));
  const Id vos = *t.Scheduling().CreateResource(
      NewResource{domain::ResourceKind::kPractitioner, "Dr Vos", admin, R"({"absences":[]})", At(16)});
  const Id room =
      *t.Scheduling().CreateResource(NewResource{domain::ResourceKind::kRoom, "Room ü", std::nullopt, "{}", At(16)});
  const Id pen =
      *t.Scheduling().CreateResource(NewResource{domain::ResourceKind::kDevice, "Pen", std::nullopt, "{}", At(16)});
  ASSERT_TRUE(t.Scheduling().CreateAppointment(
      NewAppointment{plan, ana, 2, At(86400), At(86400 + 5400), vos, room, pen, admin, At(17)}));
  ASSERT_TRUE(t.Recovery().CreateProductCheck(
      NewProductCheck{ana, admin, At(18), 1, "serum", "Aqua, Retinol", R"({"avoid":true})"}));
  const Id feed = *t.CalendarFeeds().Create(NewCalendarFeed{"feed-hash", ana, std::nullopt, admin, At(18)});
  ASSERT_TRUE(t.CalendarFeeds().ClaimFetch(feed, At(19), At(0)));
  ASSERT_TRUE(t.CalendarFeeds().Revoke(ana, feed, At(20)));
  ASSERT_TRUE(t.Sessions().RecordLoginFailure("ana@example.org", "203.0.113.7", At(21)));
  ASSERT_TRUE(t.Sessions().MarkLoginRefusalAudited("ana@example.org", "203.0.113.7"));
  ASSERT_TRUE(t.Outbox().Enqueue(NewOutboxMessage{"appointment_reminder", "ana@example.org", "Reminder", "Säo\nline",
                                                  ana, std::nullopt, 0, "reminder:1:0", At(19), At(18)}));
  ASSERT_TRUE(
      t.TwoFactor().Save(TwoFactorRecord{clinician, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", true, 59'000'000, At(20)}));
  const std::vector<std::string> recovery = {"hash-used", "hash-unused"};
  ASSERT_TRUE(t.TwoFactor().ReplaceRecoveryCodes(clinician, recovery, At(20)));
  ASSERT_TRUE(t.TwoFactor().UseRecoveryCode(clinician, "hash-used", At(21)));
  ASSERT_TRUE(t.TwoFactor().SaveSecuritySettings(SecuritySettingsRecord{true, At(22), admin}));
  ASSERT_TRUE(t.Progress().CreateReassessment(
      NewReassessment{ana, plan, clinician, At(23), "session", 1, R"({"grade":2})", R"({"improvement":"ü"})"}));
  // Clinical safety (migrations 013-016): precautions, the lot catalogue, session lots, adverse events.
  ASSERT_TRUE(
      t.Recovery().CreateAlert(NewAlert{ana, std::nullopt, domain::Urgency::kEmergency, "possible_allergic_reaction",
                                        "Call", "REF", At(22), std::nullopt, std::nullopt}));
  ASSERT_TRUE(t.Safety().RecordPrecaution(
      NewPrecautionRecord{plan, "antiviral_prophylaxis", R"({"drug":"välaciclovir"})", clinician, At(22)}));
  const Id lot = *t.Safety().CreateDeviceLot(NewDeviceLot{"Dermapen 4", "LOT-ü", "", admin, At(22)});
  ASSERT_TRUE(t.Safety().LinkSessionLot(session, "Dermapen 4", "LOT-ü", lot));
  ASSERT_TRUE(t.Safety().LinkSessionLot(session, "Dermapen 4", "LOT-2", std::nullopt));
  ASSERT_TRUE(
      t.Safety().CreateAdverseEvent(NewAdverseEvent{ana, "granuloma", "moderate", "2026-11-02", session, "LOT-ü", alert,
                                                    "doxycycline", "ongoing", "", "", admin, At(23)}));
  ASSERT_TRUE(
      t.Safety().CreateAdverseEvent(NewAdverseEvent{bea, "pih", "mild", "2026-11-03", std::nullopt, "", std::nullopt,
                                                    "", "resolved", "2026-12-01", "note\n", admin, At(24)}));
  NewConsent consent;
  consent.patient_id = ana;
  consent.purpose = "treatment";
  consent.text_version = "2026.12.1";
  consent.shown_text = kConsentText;
  consent.text_sha256 = std::string(64, 'c');
  consent.signer = "patient";
  consent.signer_name = "Ána Lima";
  consent.signature_svg_path = "M 1 1 L 20 20";
  consent.signed_at = At(22);
  consent.recorded_by = clinician;
  ASSERT_TRUE(t.Consents().Create(consent));
  ASSERT_TRUE(t.Consents().Withdraw(ana, "treatment", admin, At(23)));
  NewPhoto photo;
  photo.patient_id = ana;
  photo.view = "frontal";
  photo.purposes = "photos_record";
  photo.content_type = "image/jpeg";
  photo.sha256 = std::string(64, 'd');
  photo.width = 4000, photo.height = 3000;
  photo.stored_bytes = 512;
  photo.alignment_json = R"({"status":"baseline"})";
  photo.uploaded_by = clinician;
  photo.uploaded_at = At(24);
  ASSERT_TRUE(t.Photos().Create(photo, {{kPhotoOriginal, EveryByte()}, {kPhotoThumbnail, std::string(3, '\0')}}));
  ASSERT_TRUE(t.AuditLog().Append(Entry("patient.create", ana)));
  ASSERT_TRUE(
      t.AuditLog().Append(NewAuditEntry{At(10), std::nullopt, "", "auth.login", "", std::nullopt, "r", "denied"}));
  ASSERT_TRUE(t.Commit());
}

TEST_P(BackupRestore, ARestoredBackupHoldsEveryRowOfEveryTable) {
  FillClinic(*store_);
  const auto first = dir_.path() / "first.jsonl";
  auto backup = Backup(url_, first);
  ASSERT_TRUE(backup) << backup.error().message;
  EXPECT_EQ(backup->rows_per_table.size(), 35u);
  for (const auto& [table, rows] : backup->rows_per_table) {
    SCOPED_TRACE(table);
    EXPECT_GT(rows, 0);
  }

  TempDir other;
  const std::string restored_url = NewDatabaseUrl(GetParam(), other);
  auto restored = Restore(restored_url, first);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->rows_per_table, backup->rows_per_table);
  const auto second = dir_.path() / "second.jsonl";
  ASSERT_TRUE(Backup(restored_url, second));
  EXPECT_EQ(ReadFile(first), ReadFile(second)) << "the same rows, byte for byte, in every table";

  auto store = OpenStore(restored_url, testing::TestStoreOptions());
  ASSERT_TRUE(store);
  auto tx = (*store)->Begin();
  ASSERT_TRUE(tx);
  EXPECT_TRUE((*tx)->AuditLog().Verify()->intact);
  EXPECT_EQ((*tx)->Accounts().FindUserByEmail("ANA@example.org")->role, domain::Role::kPatient);
  {
    // Photographs come back byte for byte (a blob on SQLite, bytea on PostgreSQL).
    const Id ana = (*tx)->Accounts().FindUserByEmail("ANA@example.org")->patient_id.value_or(0);
    const auto photos = (*tx)->Photos().List(ana);
    ASSERT_TRUE(photos);
    ASSERT_EQ(photos->size(), 1u);
    const auto original = (*tx)->Photos().ReadBlob(ana, photos->front().id, kPhotoOriginal);
    ASSERT_TRUE(original);
    EXPECT_EQ(*original, EveryByte());
    const auto thumbnail = (*tx)->Photos().ReadBlob(ana, photos->front().id, kPhotoThumbnail);
    ASSERT_TRUE(thumbnail);
    EXPECT_EQ(*thumbnail, std::string(3, '\0'));
    const auto consents = (*tx)->Consents().List(ana);
    ASSERT_TRUE(consents);
    ASSERT_EQ(consents->size(), 1u);
    EXPECT_FALSE(consents->front().current()) << "the withdrawal is restored";
    EXPECT_EQ(consents->front().consent.shown_text, kConsentText);
  }
  EXPECT_TRUE((*tx)->TwoFactor().FindSecuritySettings()->require_two_factor_for_staff)
      << "the sign-in policy is restored";
  const Id clinician = (*tx)->Accounts().FindUserByEmail("c@clinic.example")->id;
  EXPECT_TRUE((*tx)->TwoFactor().Find(clinician)->enabled) << "enrolments are restored";
  EXPECT_EQ(*(*tx)->TwoFactor().CountRecoveryCodes(clinician), 1) << "with their used and unused recovery codes";
  auto next = (*tx)->Patients().Create(NewPatient{SamplePatient("New"), At()});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(*next, 3) << "ids continue after the restored ones";
  EXPECT_EQ((*tx)->AuditLog().Append(Entry("patient.create", *next))->seq, 3);
  EXPECT_TRUE((*tx)->Commit());
}

TEST_P(BackupRestore, RestoreOnlyIntoAnEmptyDatabase) {
  FillClinic(*store_);
  const auto file = dir_.path() / "clinic.jsonl";
  ASSERT_TRUE(Backup(url_, file));
  auto onto_itself = Restore(url_, file);
  ASSERT_FALSE(onto_itself);
  EXPECT_EQ(onto_itself.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(BackupRestore, ADamagedBackupRestoresNothing) {
  FillClinic(*store_);
  const auto file = dir_.path() / "clinic.jsonl";
  ASSERT_TRUE(Backup(url_, file));
  const std::string content = ReadFile(file);
  struct Case {
    const char* name;
    std::string text;
  };
  const size_t cut = content.rfind("{\"end\"");
  const size_t sessions = content.find("{\"table\":\"sessions\"");
  const Case cases[] = {
      {"truncated before the end line", content.substr(0, cut)},
      {"a row with a missing value", content.substr(0, sessions) + "[1,\"x\"]\n" + content.substr(sessions)},
      {"not JSON", content.substr(0, sessions) + "[1,\n" + content.substr(sessions)},
      {"not a backup", "{\"format\":\"other\"}\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto damaged = dir_.path() / "damaged.jsonl";
    std::ofstream(damaged, std::ios::binary) << c.text;
    TempDir other;
    const std::string target = NewDatabaseUrl(GetParam(), other);
    auto restored = Restore(target, damaged);
    ASSERT_FALSE(restored);
    EXPECT_EQ(restored.error().code, ErrorCode::kInvalidArgument) << restored.error().message;
    EXPECT_EQ(restored.error().field, "backup");
    auto rows = testing::CountRows(target, "patients");
    if (rows) {
      EXPECT_EQ(*rows, 0) << "all or nothing";
    }
  }
}

// A clinic moves from the embedded database to PostgreSQL: a SQLite backup restores into
// PostgreSQL and comes back out identical.
TEST_P(BackupRestore, ASqliteBackupRestoresIntoThisBackend) {
  TempDir sqlite_dir;
  const std::string sqlite_url = NewDatabaseUrl(kSqlite, sqlite_dir);
  {
    auto sqlite = OpenStore(sqlite_url, testing::TestStoreOptions());
    ASSERT_TRUE(sqlite);
    FillClinic(**sqlite);
  }
  const auto from_sqlite = dir_.path() / "from-sqlite.jsonl";
  ASSERT_TRUE(Backup(sqlite_url, from_sqlite));
  TempDir other;
  const std::string target = NewDatabaseUrl(GetParam(), other);
  auto restored = Restore(target, from_sqlite);
  ASSERT_TRUE(restored) << restored.error().message;
  const auto back = dir_.path() / "back.jsonl";
  ASSERT_TRUE(Backup(target, back));
  EXPECT_EQ(ReadFile(from_sqlite), ReadFile(back));
}

// The permission bits of `path` (0600: owner read and write only).
mode_t ModeOf(const std::filesystem::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

// Sets the umask for one scope (the test then does not depend on the shell's umask).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

// A backup holds every record: only its owner may read it, whatever the umask, and also
// when it replaces an older, world-readable file.
TEST_P(BackupRestore, ABackupFileIsReadableByItsOwnerOnly) {
  const ScopedUmask permissive(022);
  FillClinic(*store_);
  const auto file = dir_.path() / "clinic.jsonl";
  ASSERT_TRUE(Backup(url_, file));
  EXPECT_EQ(ModeOf(file), 0600u);
  std::filesystem::permissions(file, std::filesystem::perms(0644));
  ASSERT_TRUE(Backup(url_, file));
  EXPECT_EQ(ModeOf(file), 0600u) << "a replaced backup is tightened too";
}

// The embedded database and the -wal and -shm files beside it hold every record: a new
// database is created readable by its owner only, whatever the umask.
TEST(SqliteFiles, ANewDatabaseAndItsWalAreReadableByTheirOwnerOnly) {
  const ScopedUmask permissive(022);
  TempDir dir;
  const auto path = dir.path() / "clinic.db";
  auto store = OpenStore("sqlite:" + path.string(), testing::TestStoreOptions());
  ASSERT_TRUE(store) << store.error().message;
  AppendEntries(**store, 1);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    SCOPED_TRACE(suffix);
    const auto file = std::filesystem::path(path.string() + suffix);
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(ModeOf(file), 0600u);
  }
}

TEST_P(BackupRestore, UnreachableDatabasesAreUnavailable) {
  const std::string url = IsPostgres() ? "host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2"
                                       : "sqlite:" + (dir_.path() / "missing-dir" / "x.db").string();
  auto store = OpenStore(url, testing::TestStoreOptions());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  auto backup = Backup(url, dir_.path() / "never.jsonl");
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "never.jsonl"));
}

// ---- PostgreSQL locations ------------------------------------------------------------------

// The value of `key` in a libpq keyword string ("host=/tmp/x port=5 ..."), "" when absent.
std::string Keyword(const std::string& conninfo, const std::string& key) {
  const auto at = (" " + conninfo).find(" " + key + "=");
  if (at == std::string::npos) return "";
  const auto start = at + key.size() + 1;
  return conninfo.substr(start, conninfo.find(' ', start) - start);
}

// The documented URL form works like the keyword form: SCARWISE_TEST_POSTGRES (keywords, as
// scripts/with-postgres.sh writes it) rewritten as postgresql://USER@127.0.0.1:PORT/DB (the
// private cluster also listens on 127.0.0.1) reaches the same database.
using PostgresUrls = BackendTest;
TEST_P(PostgresUrls, TheUrlFormReachesTheSameDatabaseAsTheKeywordForm) {
  const std::string keywords = std::getenv("SCARWISE_TEST_POSTGRES");
  // NewDatabaseUrl gave this test its own schema: "... options='-c search_path=SCHEMA'".
  const auto schema_at = url_.find("search_path=") + 12;
  const std::string schema = url_.substr(schema_at, url_.find('\'', schema_at) - schema_at);
  const std::string user = Keyword(keywords, "user");
  const std::string at = "127.0.0.1:" + Keyword(keywords, "port") + "/" + Keyword(keywords, "dbname");
  const std::string with_schema = "?options=-c%20search_path%3D" + schema;
  {
    auto tx = Begin();
    ASSERT_TRUE(tx->Patients().Create(NewPatient{SamplePatient("Keyword"), At()}));
    ASSERT_TRUE(tx->Commit());
  }
  for (const std::string& url :
       {"postgresql://" + user + "@" + at + with_schema, "postgres://" + user + "@" + at + with_schema,
        "postgresql://" + user + ":any%20password@" + at + with_schema}) {
    SCOPED_TRACE(url);
    auto store = OpenStore(url);
    ASSERT_TRUE(store) << store.error().ToString();
    EXPECT_EQ((*store)->BackendName(), "postgresql");
    auto tx = (*store)->Begin(TransactionMode::kReadOnly);
    ASSERT_TRUE(tx) << tx.error().ToString();
    auto patient = (*tx)->Patients().Find(1);
    ASSERT_TRUE(patient) << patient.error().ToString();
    EXPECT_EQ(patient->details.given_name, "Keyword");
  }
  EXPECT_TRUE(Migrate("postgresql://" + user + "@" + at + with_schema));
}
INSTANTIATE_TEST_SUITE_P(Postgres, PostgresUrls, ::testing::ValuesIn(PostgresBackends()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresUrls);

// A database that cannot be reached is named (host, port, database) with the driver's
// reason, for both forms, and its password is never repeated. No server is needed: nothing
// listens on the port.
TEST(PostgresLocations, AnUnreachableDatabaseIsNamedWithTheReasonButNeverThePassword) {
  const std::string port = "1";
  const std::string password = "Sekr1t-pw";
  for (const std::string& url :
       {"postgresql://clinic:" + password + "@127.0.0.1:" + port + "/records?connect_timeout=2",
        "host=127.0.0.1 port=" + port + " user=clinic password=" + password + " dbname=records connect_timeout=2",
        "postgresql:host=127.0.0.1 port=" + port + " user=clinic password='" + password +
            "' dbname=records connect_timeout=2"}) {
    SCOPED_TRACE(url);
    auto store = OpenStore(url);
    ASSERT_FALSE(store);
    const Error& error = store.error();
    EXPECT_EQ(error.code, ErrorCode::kUnavailable);
    EXPECT_EQ(error.field, "db");
    EXPECT_NE(error.message.find("database \"records\" on host 127.0.0.1 port " + port), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("Connection refused"), std::string::npos) << "the driver's reason: " << error.message;
    EXPECT_EQ(error.message.find(password), std::string::npos) << error.message;
    TempDir dir;
    auto backup = Backup(url, dir.path() / "never.jsonl");
    ASSERT_FALSE(backup);
    EXPECT_NE(backup.error().message.find("port " + port), std::string::npos) << backup.error().message;
    EXPECT_EQ(backup.error().message.find(password), std::string::npos) << backup.error().message;
  }
}

TEST(PostgresLocations, AMalformedUrlIsBadInputThatNeverRepeatsThePassword) {
  for (const char* url : {"postgresql://clinic:Sekr1t%zz@127.0.0.1:5432/records",
                          "postgresql://clinic:Sekr1t@127.0.0.1:5432/records?no_such_option=1",
                          "host=127.0.0.1 password=Sekr1t dbname"}) {
    SCOPED_TRACE(url);
    auto store = OpenStore(url);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument) << store.error().message;
    EXPECT_EQ(store.error().field, "db");
    EXPECT_EQ(store.error().message.find("Sekr1t"), std::string::npos) << store.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Audit, ::testing::ValuesIn(SqliteBackends()));
INSTANTIATE_TEST_SUITE_P(Postgres, Audit, ::testing::ValuesIn(PostgresBackends()));
INSTANTIATE_TEST_SUITE_P(Sqlite, BackupRestore, ::testing::ValuesIn(SqliteBackends()));
INSTANTIATE_TEST_SUITE_P(Postgres, BackupRestore, ::testing::ValuesIn(PostgresBackends()));
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Audit);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackupRestore);

}  // namespace
}  // namespace scarwise::storage::test

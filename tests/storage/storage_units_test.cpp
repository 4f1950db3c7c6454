// Pure parts of storage: hashing, text keys, the backup line reader, snapshots.
#include <gtest/gtest.h>

#include "common/json_text.hpp"
#include "storage/audit_chain.hpp"
#include "storage/snapshots.hpp"
#include "storage/sql/json_line.hpp"
#include "storage/sql/migration.hpp"
#include "storage/store.hpp"
#include "storage/text.hpp"

namespace scarwise::storage {
namespace {

TEST(Sha256, MatchesTheFipsTestVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

AuditRecord SampleEntry() {
  AuditRecord entry;
  entry.seq = 3;
  entry.at = Instant(std::chrono::seconds(1'772'355'600));
  entry.actor_user_id = 12;
  entry.actor_role = "clinician";
  entry.action = "patient.update";
  entry.entity = "patient";
  entry.entity_id = 40;
  entry.request_id = "req-9";
  entry.outcome = "ok";
  entry.prev_hash = std::string(kGenesisHash);
  return entry;
}

TEST(AuditChain, TheHashCoversEveryFieldAndThePreviousHash) {
  const AuditRecord base = SampleEntry();
  EXPECT_EQ(CanonicalAuditFields(base),
            "1:3;10:1772355600;2:12;9:clinician;14:patient.update;7:patient;2:40;5:req-9;2:ok;");
  const std::string hash = AuditEntryHash(base);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, Sha256Hex(std::string(kGenesisHash) + CanonicalAuditFields(base)));

  struct Change {
    const char* field;
    void (*apply)(AuditRecord&);
  };
  const Change changes[] = {
      {"seq", [](AuditRecord& e) { e.seq = 4; }},
      {"at", [](AuditRecord& e) { e.at += std::chrono::seconds(1); }},
      {"actor_user_id", [](AuditRecord& e) { e.actor_user_id.reset(); }},
      {"actor_role", [](AuditRecord& e) { e.actor_role = "admin"; }},
      {"action", [](AuditRecord& e) { e.action = "patient.read"; }},
      {"entity", [](AuditRecord& e) { e.entity = "plan"; }},
      {"entity_id", [](AuditRecord& e) { e.entity_id = 41; }},
      {"request_id", [](AuditRecord& e) { e.request_id = "req-8"; }},
      {"outcome", [](AuditRecord& e) { e.outcome = "denied"; }},
      {"prev_hash", [](AuditRecord& e) { e.prev_hash[0] = '1'; }},
      // Moving text from one field to the next must not give the same bytes.
      {"field boundary",
       [](AuditRecord& e) {
         e.actor_role = "clinicianpatient.update";
         e.action = "";
       }},
      {"hash field is not covered", nullptr},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.field);
    AuditRecord changed = base;
    if (change.apply == nullptr) {
      changed.hash = "anything";
      EXPECT_EQ(AuditEntryHash(changed), hash);
      continue;
    }
    change.apply(changed);
    EXPECT_NE(AuditEntryHash(changed), hash);
  }
}

TEST(TextKeys, FoldingCoversAsciiAndLatin1Letters) {
  EXPECT_EQ(FoldCase("MÜLLER Ávila ÉLODIE Ørsted"), "müller ávila élodie ørsted");
  EXPECT_EQ(FoldCase("×"), "×") << "the multiplication sign has no case";
  EXPECT_EQ(FoldCase("ŁÓDŹ"), "ŁódŹ") << "outside Latin-1: unchanged, never broken UTF-8";
  EXPECT_EQ(EmailKey("Ana.Lima@Example.ORG"), "ana.lima@example.org");
  EXPECT_EQ(ContainsPattern("50%_a\\B"), "%50\\%\\_a\\\\b%");
  std::string bytes;
  ASSERT_TRUE(HexDecode(HexEncode(std::string("m\x1f\xc3\xbc", 4)), bytes));
  EXPECT_EQ(bytes, std::string("m\x1f\xc3\xbc", 4));
  EXPECT_FALSE(HexDecode("abc", bytes));
  EXPECT_FALSE(HexDecode("zz", bytes));
}

TEST(BackupLines, TheReaderAcceptsWhatTheWriterWrites) {
  const std::string text = "tab\t quote\" back\\ nl\n ctl\x01 ü";
  const std::string line = "[1,-9223372036854775808,null," + JsonQuote(text) + ",\"\\u00e9\\ud83d\\ude00\"]";
  auto value = sql::ParseJsonLine(line);
  ASSERT_TRUE(value);
  ASSERT_EQ(value->items.size(), 5u);
  EXPECT_EQ(value->items[1].integer, INT64_MIN);
  EXPECT_EQ(value->items[2].kind, sql::JsonValue::Kind::kNull);
  EXPECT_EQ(value->items[3].text, text);
  EXPECT_EQ(value->items[4].text, "é😀");
  auto object = sql::ParseJsonLine(R"({"table":"patients","columns":["id"],"end":true})");
  ASSERT_TRUE(object);
  EXPECT_EQ(object->Find("table")->text, "patients");
  EXPECT_TRUE(object->Find("end")->boolean);
  EXPECT_EQ(object->Find("missing"), nullptr);
  for (const char* bad :
       {"", "[1,", "[1.5]", "[1e3]", "{\"a\"}", "\"open", "[\"\\ud800\"]", "[1] x", "nul", "[99999999999999999999]"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(sql::ParseJsonLine(bad));
  }
}

TEST(Snapshots, PatientSnapshotNamesEveryField) {
  PatientRecord patient;
  patient.id = 4;
  patient.details.given_name = "Ana \"A\"";
  patient.details.family_name = "Lima";
  patient.details.birth_date = std::chrono::sys_days(std::chrono::year(1990) / 4 / 12);
  patient.details.sex = domain::Sex::kFemale;
  patient.details.fitzpatrick = 3;
  patient.created_at = Instant(std::chrono::seconds(10));
  patient.updated_at = Instant(std::chrono::seconds(20));
  patient.version = 2;
  EXPECT_EQ(PatientSnapshotJson(patient),
            R"({"id":4,"given_name":"Ana \"A\"","family_name":"Lima","birth_date":"1990-04-12","sex":"female",)"
            R"("email":"","phone":"","fitzpatrick":3,"created_at":10,"updated_at":20,"version":2})");
  PlanRecord plan;
  plan.id = 1;
  plan.proposal_json = R"({"sessions":3})";
  const std::string json = PlanSnapshotJson(plan);
  EXPECT_NE(json.find(R"("status":"proposed")"), std::string::npos);
  EXPECT_NE(json.find(R"("approved_by":null)"), std::string::npos);
  EXPECT_NE(json.find(R"("proposal_json":"{\"sessions\":3}")"), std::string::npos);
}

TEST(Migrations, BothDialectsHaveTheSameVersions) {
  const auto& sqlite = sql::SqliteMigrations();
  const auto& postgres = sql::PostgresMigrations();
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    // Increasing; parallel branches take their own number ranges (a gap), renumbered at merge.
    if (i > 0) {
      EXPECT_GT(sqlite[i].version, sqlite[i - 1].version) << "versions increase";
    }
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].name, sqlite[i].name);
  }
  EXPECT_EQ(LatestSchemaVersion(), sqlite.back().version);
}

TEST(DatabaseUrls, UnknownFormsAreRejectedNamingTheField) {
  for (const char* url : {"", "mysql://x", "./scarwise.db", "sqlite:", "sqlite::memory:"}) {
    SCOPED_TRACE(url);
    auto store = OpenStore(url);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(store.error().field, "db");
  }
}

}  // namespace
}  // namespace scarwise::storage

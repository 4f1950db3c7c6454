// Group commit on a real SQLite database: units of work from many threads share commits and
// each caller learns its own outcome, an answer held by an AuditHold is released only once
// its entries are in the committed log, a failed commit reaches the answer instead, and an
// idle committer indexes each record's audit trail.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "service/group_commit.hpp"
#include "storage/testing/faulty_store.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_dir.hpp"

namespace scarwise::service {
namespace {

namespace fs = std::filesystem;

storage::NewAuditEntry ReadOf(storage::Id patient) {
  return storage::NewAuditEntry{std::chrono::sys_seconds{std::chrono::seconds(1'795'000'000)},
                                1,
                                "clinician",
                                "patient.read",
                                "patient",
                                patient,
                                "req-" + std::to_string(patient),
                                "ok"};
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scarwise::testing::TestDirectory("audit");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::move(*storage::OpenStore(Url(), storage::testing::TestStoreOptions()));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  // The committed entries of the log.
  int64_t CommittedEntries() {
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    auto verified = (*tx)->AuditLog().Verify();
    EXPECT_TRUE(verified && verified->intact);
    return verified ? verified->entries_checked : -1;
  }

  std::string Url() const { return "sqlite:" + (dir_ / "test.db").string(); }

  fs::path dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(GroupCommitTest, AHoldWithNothingToWaitForReleasesAtOnce) {
  auto hold = std::make_shared<AuditHold>();
  bool released = false;
  hold->Release([&](Result<void> audited) { released = audited.has_value(); });
  EXPECT_TRUE(released);
}

TEST_F(GroupCommitTest, AnAnswerIsReleasedOnlyOnceItsEntriesAreCommitted) {
  GroupCommit batcher(*store_);
  constexpr int kAnswers = 40;
  std::atomic<int> released{0};
  std::atomic<int> entries_seen_short{0};
  std::vector<std::thread> readers;
  for (int i = 1; i <= kAnswers; ++i) {
    readers.emplace_back([&, i] {
      auto hold = std::make_shared<AuditHold>();
      batcher.Enqueue(ReadOf(i), hold->Expect());
      batcher.Enqueue(ReadOf(i + 100), hold->Expect());  // an answer may wait for several
      std::promise<void> done;
      hold->Release([&](Result<void> audited) {
        EXPECT_TRUE(audited);
        // Both of this answer's entries are in the committed log when it is released.
        auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
        storage::AuditQuery mine;
        mine.entity = "patient";
        mine.entity_id = i + 100;
        if ((*tx)->AuditLog().List(mine)->items.size() != 1) ++entries_seen_short;
        ++released;
        done.set_value();
      });
      done.get_future().wait();
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(released.load(), kAnswers);
  EXPECT_EQ(entries_seen_short.load(), 0);
  EXPECT_EQ(CommittedEntries(), 2 * kAnswers);
}

TEST_F(GroupCommitTest, AFailedCommitReachesEveryAnswerOfItsBatch) {
  auto faults = std::make_shared<storage::FaultPlan>();
  faults->FailCall(1);  // the batch's Begin fails
  auto failing = storage::testing::OpenFaultyStore(Url(), faults);
  GroupCommit batcher(*failing);
  auto hold = std::make_shared<AuditHold>();
  batcher.Enqueue(ReadOf(7), hold->Expect());
  std::promise<Result<void>> outcome;
  hold->Release([&](Result<void> audited) { outcome.set_value(std::move(audited)); });
  const Result<void> audited = outcome.get_future().get();
  ASSERT_FALSE(audited);
  EXPECT_EQ(audited.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(batcher.Append(ReadOf(8))) << "the next batch commits";
  EXPECT_EQ(CommittedEntries(), 1) << "the failed entry was not half-written";
}

storage::NewPatient PatientNamed(std::string given) {
  domain::PatientDetails details;
  details.given_name = std::move(given);
  details.family_name = "Lima";
  details.birth_date = std::chrono::sys_days{std::chrono::year{1990} / 1 / 1};
  details.fitzpatrick = 2;
  return storage::NewPatient{details, std::chrono::sys_seconds{std::chrono::seconds(1'795'000'000)}};
}

TEST_F(GroupCommitTest, UnitsFromManyThreadsAreKeptOrUndoneEachOnItsOwn) {
  {
    auto tx = store_->Begin();
    ASSERT_TRUE((*tx)->Accounts().CreateUser(storage::NewUser{
        "taken@clinic.example", "Dr Taken", domain::Role::kClinician, "h", std::nullopt, std::chrono::sys_seconds{}}));
    ASSERT_TRUE((*tx)->Commit());
  }
  GroupCommit committer(*store_);
  constexpr int kUnits = 30;
  std::vector<Result<void>> outcomes(kUnits);
  std::vector<std::thread> writers;
  for (int i = 0; i < kUnits; ++i) {
    writers.emplace_back([&, i] {
      outcomes[static_cast<size_t>(i)] = committer.Run([i](storage::Transaction& tx) -> Result<void> {
        auto patient = tx.Patients().Create(PatientNamed("P" + std::to_string(i)));
        if (!patient) return Unexpected(patient.error());
        if (auto a = tx.AuditLog().Append(ReadOf(*patient)); !a) return Unexpected(a.error());
        if (i % 3 == 1) return Unexpected(Error{ErrorCode::kConflict, "gave up after writing", ""});
        if (i % 3 == 2) {  // a write the database refuses: aborts this unit only
          auto taken =
              tx.Accounts().CreateUser(storage::NewUser{"TAKEN@clinic.example", "Dr Again", domain::Role::kClinician,
                                                        "h", std::nullopt, std::chrono::sys_seconds{}});
          if (!taken) return Unexpected(taken.error());
        }
        return {};
      });
    });
  }
  for (auto& writer : writers) writer.join();

  std::set<std::string> kept;
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  const storage::PatientPage page = *(*tx)->Patients().List(storage::PatientQuery{});
  for (const storage::PatientRecord& p : page.items) kept.insert(p.details.given_name);
  for (int i = 0; i < kUnits; ++i) {
    const Result<void>& outcome = outcomes[static_cast<size_t>(i)];
    const bool is_kept = kept.count("P" + std::to_string(i)) == 1;
    switch (i % 3) {
      case 0:
        EXPECT_TRUE(outcome) << i;
        EXPECT_TRUE(is_kept) << i;
        break;
      case 1:
        EXPECT_EQ(outcome.error().code, ErrorCode::kConflict) << i;
        EXPECT_FALSE(is_kept) << i;
        break;
      default:
        EXPECT_EQ(outcome.error().code, ErrorCode::kAlreadyExists) << i;
        EXPECT_FALSE(is_kept) << i;
    }
  }
  EXPECT_EQ(CommittedEntries(), kUnits / 3) << "only the kept units' audit entries, chained without gaps";
}

TEST_F(GroupCommitTest, AUnitCannotWaitForTheGroupCommitItRunsIn) {
  GroupCommit committer(*store_);
  Result<void> inner;
  ASSERT_TRUE(committer.Run([&](storage::Transaction&) -> Result<void> {
    inner = committer.Run([](storage::Transaction&) -> Result<void> { return {}; });
    return {};
  }));
  ASSERT_FALSE(inner) << "refused instead of waiting for itself forever";
  EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
}

TEST_F(GroupCommitTest, AFailedCommitReachesEveryUnitOfItsBatch) {
  auto faults = std::make_shared<storage::FaultPlan>();
  faults->FailCall(1);  // the batch's Begin fails
  auto failing = storage::testing::OpenFaultyStore(Url(), faults);
  GroupCommit committer(*failing);
  auto failed = committer.Run([](storage::Transaction& tx) -> Result<void> {
    auto patient = tx.Patients().Create(PatientNamed("Lost"));
    if (!patient) return Unexpected(patient.error());
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
  EXPECT_TRUE((*tx)->Patients().List(storage::PatientQuery{})->items.empty());
}

TEST_F(GroupCommitTest, ItsHealthCountsFailedCommitsByCauseAndClearsOnASuccess) {
  auto faults = std::make_shared<storage::FaultPlan>();
  auto faulty = storage::testing::OpenFaultyStore(Url(), faults);
  GroupCommit commit(*faulty);
  EXPECT_FALSE(commit.Health().Failing(CommitHealth::Clock::now(), std::chrono::seconds(30)));
  faults->SetWriteOutage(Error{ErrorCode::kUnavailable, "attempt to write a readonly database", "", 0, "read_only"});
  EXPECT_FALSE(commit.Append(ReadOf(1)));
  EXPECT_FALSE(commit.Run([](storage::Transaction&) -> Result<void> { return {}; }));
  faults->SetWriteOutage(Error{ErrorCode::kUnavailable, "the record store is unavailable", ""});  // no cause
  EXPECT_FALSE(commit.Append(ReadOf(2)));
  CommitHealth health = commit.Health();
  EXPECT_EQ(health.failures_by_cause, (std::map<std::string, uint64_t>{{"read_only", 2}, {"unavailable", 1}}));
  EXPECT_EQ(health.last_cause, "unavailable");
  const auto now = CommitHealth::Clock::now();
  EXPECT_TRUE(health.Failing(now, std::chrono::seconds(30)));
  // With no commit since, the failure is forgotten after the window: the server is tried again.
  EXPECT_FALSE(health.Failing(now + std::chrono::seconds(31), std::chrono::seconds(30)));

  // A unit failing with kUnavailable beneath a commit that succeeds is a failure too (a write
  // that found the disk full); one refused for its own reasons is not.
  faults->SetWriteOutage(std::nullopt);
  EXPECT_FALSE(commit.Run([](storage::Transaction&) -> Result<void> {
    return Unexpected(Error{ErrorCode::kUnavailable, "database or disk is full", "", 0, "disk_full"});
  }));
  EXPECT_EQ(commit.Health().failures_by_cause.at("disk_full"), 1u);
  EXPECT_FALSE(
      commit.Run([](storage::Transaction&) -> Result<void> { return Unexpected(InvalidArgument("x", "no")); }));
  health = commit.Health();
  EXPECT_FALSE(health.Failing(CommitHealth::Clock::now(), std::chrono::seconds(30)));
  EXPECT_EQ(health.failures_by_cause.size(), 3u);
  EXPECT_TRUE(commit.Append(ReadOf(3)));
  EXPECT_EQ(CommittedEntries(), 1);
}

TEST_F(GroupCommitTest, ASubmittedUnitsEntryIsWrittenOnlyWhenTheUnitSucceeds) {
  std::promise<Result<void>> found, missing;
  {
    GroupCommit committer(*store_);
    storage::Id created = 0;
    ASSERT_TRUE(committer.Run([&](storage::Transaction& tx) -> Result<void> {
      auto patient = tx.Patients().Create(PatientNamed("Ada"));
      if (!patient) return Unexpected(patient.error());
      created = *patient;
      return {};
    }));
    const auto read = [](storage::Id id) {
      return [id](storage::Transaction& tx) -> Result<void> {
        auto patient = tx.Patients().Find(id);
        if (!patient) return Unexpected(patient.error());
        return {};
      };
    };
    committer.Submit(read(created), ReadOf(created), [&](Result<void> r) { found.set_value(std::move(r)); });
    committer.Submit(read(created + 1), ReadOf(created + 1), [&](Result<void> r) { missing.set_value(std::move(r)); });
  }  // returns once everything submitted is committed and told
  EXPECT_TRUE(found.get_future().get());
  const Result<void> not_found = missing.get_future().get();
  ASSERT_FALSE(not_found);
  EXPECT_EQ(not_found.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CommittedEntries(), 1) << "a read that found nothing is not audited as a read";
}

// Units of one patient share a statement with their batch's others (Submit preloads their
// patients), yet each reads the patient as the batch has it when it runs: before a change
// queued ahead of it, or after.
TEST_F(GroupCommitTest, AReadInABatchSeesTheChangesQueuedAheadOfIt) {
  std::promise<int64_t> before, after;
  {
    GroupCommit committer(*store_);
    storage::Id ada = 0;
    ASSERT_TRUE(committer.Run([&](storage::Transaction& tx) -> Result<void> {
      SCARWISE_ASSIGN_OR_RETURN(ada, tx.Patients().Create(PatientNamed("Ada")));
      return {};
    }));
    const auto version_into = [&ada](std::promise<int64_t>& version) {
      return [&ada, &version](storage::Transaction& tx) -> Result<void> {
        SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(ada));
        version.set_value(patient.version);
        return {};
      };
    };
    // Holds the committer in one batch while the next one is queued whole.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    committer.Submit(
        [released](storage::Transaction&) -> Result<void> {
          released.wait();
          return {};
        },
        std::nullopt, [](Result<void>) {});
    committer.SubmitRead(version_into(before), ReadOf(ada), [](Result<void>) {});
    committer.Submit(
        [&ada](storage::Transaction& tx) -> Result<void> {
          const storage::NewPatient renamed = PatientNamed("Ada Lovelace");
          auto changed = tx.Patients().Update(ada, 1, renamed.details, renamed.created_at);
          if (!changed) return Unexpected(changed.error());
          return {};
        },
        std::nullopt, [](Result<void>) {});
    committer.SubmitRead(version_into(after), ReadOf(ada), [](Result<void>) {});
    release.set_value();
  }
  EXPECT_EQ(before.get_future().get(), 1);
  EXPECT_EQ(after.get_future().get(), 2) << "not the version preloaded at the start of the batch";
}

TEST_F(GroupCommitTest, AnIdleGroupCommitIndexesEachRecordsTrail) {
  {
    GroupCommit batcher(*store_, std::chrono::milliseconds(20));
    for (int i = 1; i <= 30; ++i) ASSERT_TRUE(batcher.Append(ReadOf(i % 3)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  auto tx = store_->Begin();
  auto left = (*tx)->AuditLog().IndexTrail(1000);
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, 0) << "the idle committer indexed all 30 entries while idle";
}

TEST_F(GroupCommitTest, WithoutIdleIndexingNothingIsIndexed) {
  {
    GroupCommit batcher(*store_);
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(batcher.Append(ReadOf(i)));
  }
  auto tx = store_->Begin();
  EXPECT_EQ(*(*tx)->AuditLog().IndexTrail(1000), 5);
}

}  // namespace
}  // namespace scarwise::service

// Group commit of the audit entries of reads on a real SQLite database: an answer held by an
// AuditHold is released only once its entries are in the committed log, a failed commit
// reaches the answer instead, and an idle batcher indexes each record's audit trail.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "service/audit_batcher.hpp"
#include "storage/testing/faulty_store.hpp"

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

class AuditBatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("scarwise-audit-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::move(*storage::OpenStore("sqlite:" + (dir_ / "test.db").string()));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  // The committed entries of the log.
  int64_t CommittedEntries() {
    auto tx = store_->Begin(storage::TransactionMode::kReadOnly);
    auto verified = (*tx)->VerifyAudit();
    EXPECT_TRUE(verified && verified->intact);
    return verified ? verified->entries_checked : -1;
  }

  fs::path dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(AuditBatcherTest, AHoldWithNothingToWaitForReleasesAtOnce) {
  auto hold = std::make_shared<AuditHold>();
  bool released = false;
  hold->Release([&](Result<void> audited) { released = audited.has_value(); });
  EXPECT_TRUE(released);
}

TEST_F(AuditBatcherTest, AnAnswerIsReleasedOnlyOnceItsEntriesAreCommitted) {
  AuditBatcher batcher(*store_);
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
        if ((*tx)->ListAudit(mine)->items.size() != 1) ++entries_seen_short;
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

TEST_F(AuditBatcherTest, AFailedCommitReachesEveryAnswerOfItsBatch) {
  storage::testing::FaultyStore failing(*store_, 1);  // the batch's Begin fails
  AuditBatcher batcher(failing);
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

TEST_F(AuditBatcherTest, AnIdleBatcherIndexesEachRecordsTrail) {
  {
    AuditBatcher batcher(*store_, std::chrono::milliseconds(20));
    for (int i = 1; i <= 30; ++i) ASSERT_TRUE(batcher.Append(ReadOf(i % 3)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  auto tx = store_->Begin();
  auto left = (*tx)->IndexAuditTrail(1000);
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, 0) << "the batcher indexed all 30 entries while idle";
}

TEST_F(AuditBatcherTest, WithoutIdleIndexingNothingIsIndexed) {
  {
    AuditBatcher batcher(*store_);
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(batcher.Append(ReadOf(i)));
  }
  auto tx = store_->Begin();
  EXPECT_EQ(*(*tx)->IndexAuditTrail(1000), 5);
}

}  // namespace
}  // namespace scarwise::service

// The version store on both real databases: heads as a set with the
// optimistic check, history rows round-tripped, checksums and incomplete
// runs as preflight reads them.

#include "migrator/store/version_store.h"

#include <gtest/gtest.h>

#include "tests/support/test_database.h"

namespace migrate::store {
namespace {

using testing::Backend;
using testing::TestDatabase;

class VersionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
    conn_ = std::move(*conn);
    db::VersionTables tables{"", "migrate_version", "migrate_history"};
    auto schema = conn_->dialect().DefaultVersionSchema(*conn_);
    ASSERT_TRUE(schema.has_value()) << schema.error().ToString();
    tables.schema = *schema;
    store_ = std::make_unique<VersionStore>(*conn_, tables);
  }

  void CreateTables() {
    ASSERT_TRUE(conn_->Begin().ok());
    ASSERT_TRUE(store_->EnsureTables().ok());
    ASSERT_TRUE(conn_->Commit().ok());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<db::Connection> conn_;
  std::unique_ptr<VersionStore> store_;
};

TEST_P(VersionStoreTest, AMissingTableMeansBase) {
  EXPECT_FALSE(*store_->Exists());
  EXPECT_TRUE(store_->CurrentHeads()->empty());
  EXPECT_TRUE(store_->History()->empty());
  EXPECT_TRUE(store_->AppliedChecksums()->empty());
}

TEST_P(VersionStoreTest, TablesCreatedInARolledBackTransactionAreGone) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(store_->EnsureTables().ok());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(*store_->Exists());
}

TEST_P(VersionStoreTest, HeadsAreReplacedAsASet) {
  CreateTables();
  ASSERT_TRUE(store_->ReplaceHeads({}, {"a1"}).ok());
  ASSERT_TRUE(store_->ReplaceHeads({"a1"}, {"b2", "c3"}).ok());
  EXPECT_EQ(*store_->CurrentHeads(), (std::set<std::string>{"b2", "c3"}));
  ASSERT_TRUE(store_->ReplaceHeads({"b2", "c3"}, {"c3", "d4"}).ok());
  EXPECT_EQ(*store_->CurrentHeads(), (std::set<std::string>{"c3", "d4"}));
}

TEST_P(VersionStoreTest, ReplacingAHeadThatIsNotThereIsAConcurrencyError) {
  CreateTables();
  ASSERT_TRUE(store_->ReplaceHeads({}, {"a1"}).ok());
  base::Status s = store_->ReplaceHeads({"zz"}, {"b2"});
  EXPECT_EQ(s.ToString(),
            "expected revision zz in migrate_version but it is not there: another process changed "
            "the database's revision concurrently; run `migrate current` and retry");
}

TEST_P(VersionStoreTest, HistoryRoundTrips) {
  CreateTables();
  HistoryRecord r;
  r.revision = "a1";
  r.direction = Direction::kUpgrade;
  r.checksum = "sha256:abc";
  r.started_at = *ParseTimestamp("2026-11-22T10:31:07.123Z");
  r.finished_at = *ParseTimestamp("2026-11-22T10:31:08.000Z");
  r.duration_ms = 877;
  r.run = RunInfo{"app", "host1", 4242, "0.1.0"};
  auto id = store_->AppendHistory(r);
  ASSERT_TRUE(id.has_value()) << id.error().ToString();
  auto history = store_->History();
  ASSERT_TRUE(history.has_value()) << history.error().ToString();
  ASSERT_EQ(history->size(), 1u);
  const HistoryRecord& got = history->front();
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.revision, "a1");
  EXPECT_EQ(got.direction, Direction::kUpgrade);
  EXPECT_EQ(got.checksum, "sha256:abc");
  EXPECT_EQ(FormatTimestamp(got.started_at), "2026-11-22T10:31:07.123Z");
  ASSERT_TRUE(got.finished_at.has_value());
  EXPECT_EQ(FormatTimestamp(*got.finished_at), "2026-11-22T10:31:08.000Z");
  EXPECT_EQ(got.duration_ms, 877);
  EXPECT_TRUE(got.success);
  EXPECT_EQ(got.run.db_user, "app");
  EXPECT_EQ(got.run.host, "host1");
  EXPECT_EQ(got.run.pid, 4242);
  EXPECT_EQ(got.run.tool_version, "0.1.0");
}

TEST_P(VersionStoreTest, IncompleteRunsUntilFinishedOrResolved) {
  CreateTables();
  HistoryRecord r;
  r.revision = "a1";
  r.checksum = "sha256:abc";
  r.started_at = std::chrono::system_clock::now();
  r.success = false;
  auto id = store_->AppendHistory(r);
  ASSERT_TRUE(id.has_value()) << id.error().ToString();
  ASSERT_EQ(store_->IncompleteRuns()->size(), 1u);

  ASSERT_TRUE(store_->FinishHistory(*id, std::nullopt, 5, false, "boom", "m/a1.sql:3").ok());
  auto still = store_->IncompleteRuns();
  ASSERT_EQ(still->size(), 1u);
  EXPECT_EQ(still->front().error, "boom");
  EXPECT_EQ(still->front().error_location, "m/a1.sql:3");

  ASSERT_TRUE(store_->ResolveIncomplete("a1", std::chrono::system_clock::now(), "stamped").ok());
  EXPECT_TRUE(store_->IncompleteRuns()->empty());
}

TEST_P(VersionStoreTest, AppliedChecksumsFollowTheLatestRow) {
  CreateTables();
  auto add = [&](const char* revision, Direction direction, const char* checksum) {
    HistoryRecord r;
    r.revision = revision;
    r.direction = direction;
    r.checksum = checksum;
    r.started_at = r.finished_at.emplace(std::chrono::system_clock::now());
    ASSERT_TRUE(store_->AppendHistory(r).has_value());
  };
  add("a1", Direction::kUpgrade, "sha256:1");
  add("b2", Direction::kUpgrade, "sha256:2");
  add("b2", Direction::kDowngrade, "sha256:2");
  add("a1", Direction::kStamp, "sha256:3");
  EXPECT_EQ(*store_->AppliedChecksums(), (std::map<std::string, std::string>{{"a1", "sha256:3"}}));
}

TEST(TimestampTest, ParsesPostgresqlTextWithOffsets) {
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-11-22 10:31:07.5+00")), "2026-11-22T10:31:07.500Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-11-22 12:31:07+02")), "2026-11-22T10:31:07.000Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-11-22 05:01:07-05:30")), "2026-11-22T10:31:07.000Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-11-22 10:31:07")), "2026-11-22T10:31:07.000Z");
  EXPECT_FALSE(ParseTimestamp("yesterday").has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, VersionStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& param_info) { return testing::BackendName(param_info.param); });

}  // namespace
}  // namespace migrate::store

// The version store on both real databases: heads as a set with the
// optimistic check, history rows round-tripped (data ledger included),
// checksums and incomplete runs as preflight reads them, and a history
// table made before the ledger gaining its column.

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

  // The tables as versions before the data ledger made them: today's DDL
  // without its last column.
  void CreateTablesWithoutLedger() {
    for (std::string ddl : conn_->dialect().VersionTablesDdl(store_->tables())) {
      const std::size_t ledger = ddl.find(", rows_changed TEXT)");
      if (ledger != std::string::npos) ddl.replace(ledger, std::string::npos, ")");
      ASSERT_TRUE(conn_->Execute(ddl).ok()) << ddl;
    }
    ASSERT_FALSE(HasLedgerColumn());
  }

  bool HasLedgerColumn() {
    script::ObjectName history{script::Identifier{store_->tables().schema, true},
                               script::Identifier{store_->tables().history, true}};
    auto columns = conn_->dialect().TableColumns(*conn_, history);
    EXPECT_TRUE(columns.has_value() && columns->has_value());
    return columns.has_value() && columns->has_value() &&
           (*columns)->back() == "rows_changed";
  }

  // A finished, successful upgrade row of `revision` with `ledger`.
  static HistoryRecord Upgrade(const std::string& revision, base::RowLedger ledger) {
    HistoryRecord r;
    r.revision = revision;
    r.checksum = "sha256:" + revision;
    r.started_at = r.finished_at.emplace(*ParseTimestamp("2026-11-22T10:31:07.123Z"));
    r.rows = std::move(ledger);
    return r;
  }

  // The ledgers of every history row, oldest first.
  std::vector<base::RowLedger> Ledgers() {
    auto history = store_->History();
    EXPECT_TRUE(history.has_value()) << history.error().ToString();
    std::vector<base::RowLedger> ledgers;
    if (history.has_value()) {
      for (const HistoryRecord& r : *history) ledgers.push_back(r.rows);
    }
    return ledgers;
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

base::TableRowChanges Changes(std::string table, std::int64_t inserted, std::int64_t updated,
                              std::int64_t deleted) {
  return base::TableRowChanges{
      .table = std::move(table), .inserted = inserted, .updated = updated, .deleted = deleted};
}

TEST_P(VersionStoreTest, TheLedgerRoundTripsAndAnEmptyOneIsNull) {
  CreateTables();
  const base::RowLedger ledger = {Changes("items", 3, 0, 2), Changes("sales.\"Odd\" name", 0, 7, 0)};
  ASSERT_TRUE(store_->AppendHistory(Upgrade("a1", ledger)).has_value());
  ASSERT_TRUE(store_->AppendHistory(Upgrade("b2", {})).has_value());
  EXPECT_EQ(Ledgers(), (std::vector<base::RowLedger>{ledger, {}}));
  auto stored = conn_->Query("SELECT rows_changed FROM " +
                             conn_->dialect().QualifiedTable(store_->tables(), "migrate_history") +
                             " ORDER BY id");
  ASSERT_TRUE(stored.has_value()) << stored.error().ToString();
  EXPECT_EQ(stored->rows,
            (std::vector<std::vector<db::Value>>{
                {R"([{"table":"items","inserted":3,"updated":0,"deleted":2},)"
                 R"({"table":"sales.\"Odd\" name","inserted":0,"updated":7,"deleted":0}])"},
                {std::nullopt}}));
}

TEST_P(VersionStoreTest, AGarbledLedgerIsAnErrorNotAnEmptyLedger) {
  CreateTables();
  ASSERT_TRUE(store_->AppendHistory(Upgrade("a1", {Changes("items", 1, 0, 0)})).has_value());
  ASSERT_TRUE(conn_->Execute("UPDATE " +
                             conn_->dialect().QualifiedTable(store_->tables(), "migrate_history") +
                             " SET rows_changed = '[{\"table\":\"items\"}]'")
                  .ok());
  auto history = store_->History();
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().ToString(),
            "history row 1: rows_changed is not a ledger ([{\"table\", \"inserted\", \"updated\", "
            "\"deleted\"}, ...]): [{\"table\":\"items\"}]; correct it, or set it to NULL, by hand");
}

// A database migrated by an earlier version: its rows read with empty
// ledgers, rows without a ledger need no new column, and the first ledger
// adds the column inside the caller's transaction.
TEST_P(VersionStoreTest, AHistoryTableWithoutTheLedgerColumnGainsIt) {
  CreateTablesWithoutLedger();
  ASSERT_TRUE(store_->AppendHistory(Upgrade("a1", {})).has_value());
  EXPECT_EQ(Ledgers(), (std::vector<base::RowLedger>{{}}));
  EXPECT_FALSE(HasLedgerColumn());

  ASSERT_TRUE(conn_->Begin().ok());
  auto added = store_->AppendHistory(Upgrade("b2", {Changes("items", 3, 1, 2)}));
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_TRUE(HasLedgerColumn());
  EXPECT_EQ(Ledgers(), (std::vector<base::RowLedger>{{}, {Changes("items", 3, 1, 2)}}));

  // A second store (the next run) finds the column and writes to it.
  VersionStore next(*conn_, store_->tables());
  ASSERT_TRUE(next.AppendHistory(Upgrade("c3", {Changes("orders", 0, 0, 1)})).has_value());
  EXPECT_EQ(Ledgers().back(), (base::RowLedger{Changes("orders", 0, 0, 1)}));
}

// The column added in a transaction that rolls back is gone with it; the
// same store then adds it again rather than trusting what it did before.
TEST_P(VersionStoreTest, ALedgerColumnRolledBackIsAddedAgain) {
  CreateTablesWithoutLedger();
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(store_->AppendHistory(Upgrade("a1", {Changes("items", 1, 0, 0)})).has_value());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(HasLedgerColumn());

  ASSERT_TRUE(conn_->Begin().ok());
  auto again = store_->AppendHistory(Upgrade("a1", {Changes("items", 1, 0, 0)}));
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(Ledgers(), (std::vector<base::RowLedger>{{Changes("items", 1, 0, 0)}}));
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

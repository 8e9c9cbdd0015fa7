// A `transaction: none` migration running CREATE INDEX CONCURRENTLY while
// 15 other `migrate upgrade head` processes wait for the migration lock
// (PostgreSQL). CREATE INDEX CONCURRENTLY waits for every transaction that
// could still see the table without the index; a waiter blocked inside
// pg_advisory_lock() would hold such a snapshot and deadlock with it, which
// is why migrate polls pg_try_advisory_lock between short statements. All
// processes must exit 0, the index must be valid, and each migration must be
// recorded once.

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/dozen_migrations.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;

constexpr int kProcesses = 16;

void WriteProject(const TempDir& dir) {
  dir.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  dir.Write("migrations/c1_items.sql",
            "-- items, with enough rows that indexing them takes a moment\n"
            "--\n"
            "-- revision: c1\n"
            "-- down_revision:\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);\n"
            "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 200000) AS g;\n");
  dir.Write("migrations/c2_index.sql",
            "-- index item names without blocking writers\n"
            "--\n"
            "-- revision: c2\n"
            "-- down_revision: c1\n"
            "-- transaction: none\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE INDEX CONCURRENTLY idx_items_name ON items (name);\n");
  dir.Write("migrations/c3_after.sql",
            "-- something after the index\n"
            "--\n"
            "-- revision: c3\n"
            "-- down_revision: c2\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE TABLE after_index (id integer PRIMARY KEY);\n");
}

class CreateIndexConcurrentlyTest : public ::testing::TestWithParam<int> {};

TEST_P(CreateIndexConcurrentlyTest, WhileOthersWaitForTheLock) {
  auto database = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteProject(project);

  std::vector<std::unique_ptr<ChildProcess>> workers =
      StartUpgradeWorkers(MIGRATE_BINARY, project.path(), database->url(), kProcesses);
  for (const auto& worker : workers) ASSERT_NE(worker, nullptr);
  int waited = 0;
  for (int i = 0; i < kProcesses; ++i) {
    SCOPED_TRACE("worker " + std::to_string(i));
    std::optional<int> status = workers[i]->Wait(std::chrono::seconds(90));
    ASSERT_TRUE(status.has_value()) << "still running after 90s (a lock deadlock?):\n"
                                    << workers[i]->Output();
    EXPECT_EQ(*status, 0) << workers[i]->Output();
    if (workers[i]->Output().find("Waiting: another process holds the migration lock") !=
        std::string::npos) {
      ++waited;
    }
  }
  EXPECT_GT(waited, 0) << "no worker had to wait: the test did not test anything";

  auto conn = database->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  EXPECT_THAT(QueryLines(**conn,
                         "SELECT i.indisvalid, i.indisready FROM pg_index i "
                         "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = "
                         "'idx_items_name'"),
              ElementsAre("t|t"));
  EXPECT_THAT(QueryLines(**conn,
                         "SELECT revision, direction, success, finished_at IS NOT NULL "
                         "FROM migrate_history ORDER BY id"),
              ElementsAre("c1|upgrade|t|t", "c2|upgrade|t|t", "c3|upgrade|t|t"));
  EXPECT_THAT(QueryLines(**conn, "SELECT version_num FROM migrate_version"), ElementsAre("c3"));
}

INSTANTIATE_TEST_SUITE_P(Rounds, CreateIndexConcurrentlyTest, ::testing::Range(0, 3),
                         [](const ::testing::TestParamInfo<int>& round) {
                           return "round" + std::to_string(round.param);
                         });

}  // namespace
}  // namespace migrate::testing

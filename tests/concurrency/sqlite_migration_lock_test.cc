// SQLite's migration lock (db/sqlite/sqlite_migration_lock.h), with real
// processes, and races made deterministic: the test takes the lock itself,
// starts the contenders, waits until each says it is waiting for the lock,
// changes the database as another migrator would, and only then lets go.
//
// Before the lock, a SQLite migrator planned from heads read without any
// lock: a `downgrade -1` planned at r002 reverted r002 underneath an r003
// applied meanwhile, leaving two version rows for one line and a dropped
// table; and workers that met a running `transaction: none` migration's
// in-progress marker reported it as abandoned.

#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/db/dialect.h"
#include "migrator/db/sqlite/sqlite_migration_lock.h"
#include "tests/support/dozen_migrations.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// r001 <- r002 <- r003, each creating (and on downgrade dropping) t1, t2, t3.
void WriteThreeTables(const TempDir& project) {
  for (int n = 1; n <= 3; ++n) {
    const std::string rev = "r00" + std::to_string(n);
    const std::string down = n == 1 ? "" : "r00" + std::to_string(n - 1);
    project.Write("migrations/" + rev + "_t" + std::to_string(n) + ".sql",
                  "-- create t" + std::to_string(n) + "\n--\n-- revision: " + rev +
                      "\n-- down_revision: " + down + "\n\n-- migrate:upgrade\nCREATE TABLE t" +
                      std::to_string(n) + " (id integer);\n\n-- migrate:downgrade\nDROP TABLE t" +
                      std::to_string(n) + ";\n");
  }
  project.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
}

class SqliteMigrationLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Create(Backend::kSqlite);
    ASSERT_NE(database_, nullptr);
    auto conn = database_->Connect();
    ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
    conn_ = std::move(*conn);
  }

  std::vector<std::string> MigrateArgs(const std::vector<std::string>& command) const {
    std::vector<std::string> argv = {MIGRATE_BINARY, "-c", project_.path() + "/migrate.toml",
                                     "--url", database_->url(), "--lock-timeout", "1min"};
    argv.insert(argv.end(), command.begin(), command.end());
    return argv;
  }

  std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& command, int n) const {
    return ChildProcess::Start(MigrateArgs(command),
                               project_.path() + "/child" + std::to_string(n) + ".log",
                               {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}});
  }

  // Runs `command` to its end; gtest failure unless it exits 0.
  void Run(const std::vector<std::string>& command) const {
    auto child = Start(command, 99);
    ASSERT_NE(child, nullptr);
    std::optional<int> status = child->Wait(std::chrono::seconds(60));
    ASSERT_EQ(status, std::optional<int>(0)) << child->Output();
  }

  // Holds the migration lock as a migrating process would.
  std::unique_ptr<db::MigrationLock> TakeLock() {
    auto lock = conn_->dialect().AcquireMigrationLock(
        *conn_, db::VersionTables{"", "migrate_version", "migrate_history"}, db::LockOptions{});
    EXPECT_TRUE(lock.has_value()) << lock.status().ToString();
    return lock ? std::move(*lock) : nullptr;
  }

  std::vector<std::string> Tables() {
    return QueryLines(*conn_,
                      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_' "
                      "ORDER BY name");
  }

  std::vector<std::string> VersionRows() {
    return QueryLines(*conn_, "SELECT version_num FROM migrate_version ORDER BY 1");
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<db::Connection> conn_;
  TempDir project_;
};

// Waits until `child` says it is waiting for the migration lock; false
// (with the child's output in the failure) if it ends or never says so.
::testing::AssertionResult WaitsForTheLock(ChildProcess& child) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (child.Output().find("holds the migration lock") != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
    if (!child.Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ::testing::AssertionFailure() << "never waited for the lock:\n" << child.Output();
}

struct RaceCase {
  std::vector<std::string> command;
  std::vector<std::string> version_rows;
  std::vector<std::string> tables;
};

class PlanAfterTheLockTest : public SqliteMigrationLockTest,
                             public ::testing::WithParamInterface<RaceCase> {};

// The database is at r002 when the command starts; while it waits for the
// lock, another migrator applies r003. The command must plan from r003.
TEST_P(PlanAfterTheLockTest, PlansFromTheHeadsFoundOnceTheLockIsHeld) {
  WriteThreeTables(project_);
  Run({"upgrade", "r002"});

  auto lock = TakeLock();
  ASSERT_NE(lock, nullptr);
  auto contender = Start(GetParam().command, 0);
  ASSERT_NE(contender, nullptr);
  ASSERT_TRUE(WaitsForTheLock(*contender));
  // What another migrator holding the lock does when it applies r003.
  ASSERT_TRUE(conn_->Execute("CREATE TABLE t3 (id integer)").ok());
  ASSERT_TRUE(conn_->Execute("UPDATE migrate_version SET version_num = 'r003'").ok());
  lock.reset();

  std::optional<int> status = contender->Wait(std::chrono::seconds(60));
  ASSERT_EQ(status, std::optional<int>(0)) << contender->Output();
  EXPECT_EQ(VersionRows(), GetParam().version_rows) << contender->Output();
  EXPECT_EQ(Tables(), GetParam().tables) << contender->Output();
}

INSTANTIATE_TEST_SUITE_P(
    Commands, PlanAfterTheLockTest,
    ::testing::Values(RaceCase{{"downgrade", "-1"}, {"r002"}, {"t1", "t2"}},
                      RaceCase{{"downgrade", "r001"}, {"r001"}, {"t1"}},
                      RaceCase{{"upgrade", "head"}, {"r003"}, {"t1", "t2", "t3"}},
                      RaceCase{{"stamp", "r001"}, {"r001"}, {"t1", "t2", "t3"}}),
    [](const ::testing::TestParamInfo<RaceCase>& race) {
      std::string name = race.param.command[0] + "_" + race.param.command[1];
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// Sixteen workers meet a `transaction: none` migration: the one that runs it
// holds the lock throughout, so the others wait for it instead of finding
// its in-progress marker and calling it abandoned; it runs exactly once.
TEST_F(SqliteMigrationLockTest, WorkersWaitForARunningTransactionNoneMigration) {
  project_.Write("migrations/r001_counter.sql",
                 "-- counter\n--\n-- revision: r001\n-- down_revision:\n\n-- migrate:upgrade\n"
                 "CREATE TABLE runs (n integer);\n");
  // Slow enough (a few hundred milliseconds) that workers arrive while it runs.
  project_.Write("migrations/r002_backfill.sql",
                 "-- backfill outside a transaction\n--\n-- revision: r002\n"
                 "-- down_revision: r001\n-- transaction: none\n\n-- migrate:upgrade\n"
                 "CREATE TABLE filler AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                 "SELECT i + 1 FROM c WHERE i < 300000) SELECT i FROM c;\n"
                 "INSERT INTO runs VALUES (1);\n");
  project_.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");

  constexpr int kWorkers = 16;
  auto lock = TakeLock();
  ASSERT_NE(lock, nullptr);
  std::vector<std::unique_ptr<ChildProcess>> workers;
  for (int i = 0; i < kWorkers; ++i) {
    workers.push_back(Start({"upgrade", "head"}, i));
    ASSERT_NE(workers.back(), nullptr);
  }
  for (auto& worker : workers) ASSERT_TRUE(WaitsForTheLock(*worker));
  lock.reset();

  for (int i = 0; i < kWorkers; ++i) {
    std::optional<int> status = workers[i]->Wait(std::chrono::seconds(60));
    EXPECT_EQ(status, std::optional<int>(0)) << "worker " << i << ":\n" << workers[i]->Output();
  }
  EXPECT_THAT(QueryLines(*conn_, "SELECT n FROM runs"), ElementsAre("1"));
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(QueryLines(*conn_, "SELECT revision FROM migrate_history WHERE NOT success"),
              IsEmpty());
}

// The lock file is removed when its holder is done.
TEST_F(SqliteMigrationLockTest, TheLockFileGoesWithItsHolder) {
  WriteThreeTables(project_);
  const std::string lock_file = db::SqliteMigrationLockPath(database_->name());
  auto lock = TakeLock();
  ASSERT_NE(lock, nullptr);
  EXPECT_TRUE(std::filesystem::exists(lock_file)) << lock_file;
  lock.reset();
  EXPECT_FALSE(std::filesystem::exists(lock_file)) << lock_file;
  Run({"upgrade", "head"});
  EXPECT_FALSE(std::filesystem::exists(lock_file)) << lock_file;
}

// A holder killed in the middle of a migration (SIGKILL: no destructor
// runs) leaves its lock file behind, but the kernel released the lock with
// the process, so the next run goes ahead without waiting.
TEST_F(SqliteMigrationLockTest, AKilledHolderLeavesNoLock) {
  project_.Write("migrations/r001_slow.sql",
                 "-- slow\n--\n-- revision: r001\n-- down_revision:\n\n-- migrate:upgrade\n"
                 "CREATE TABLE t1 AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                 "SELECT i + 1 FROM c WHERE i < 100000000) SELECT i AS id FROM c;\n");
  project_.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  const std::string lock_file = db::SqliteMigrationLockPath(database_->name());

  auto holder = Start({"upgrade", "head"}, 0);
  ASSERT_NE(holder, nullptr);
  const std::string holding = "PID " + std::to_string(holder->pid()) + " on ";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string content;
  while (content.find(holding) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline && holder->Running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(lock_file);
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_THAT(content, HasSubstr(holding)) << holder->Output();
  holder->Signal(SIGKILL);
  ASSERT_EQ(holder->Wait(std::chrono::seconds(10)), std::optional<int>(128 + SIGKILL));
  EXPECT_TRUE(std::filesystem::exists(lock_file)) << lock_file;

  project_.Write("migrations/r001_slow.sql",
                 "-- slow\n--\n-- revision: r001\n-- down_revision:\n\n-- migrate:upgrade\n"
                 "CREATE TABLE t1 (id integer);\n");
  auto next = Start({"upgrade", "head"}, 1);
  ASSERT_NE(next, nullptr);
  ASSERT_EQ(next->Wait(std::chrono::seconds(60)), std::optional<int>(0)) << next->Output();
  EXPECT_THAT(next->Output(), Not(HasSubstr("Waiting"))) << next->Output();
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

}  // namespace
}  // namespace migrate::testing

// `?journal_mode=wal` while another process writes (issue 14, part 7).
// Switching a database to WAL changes its file header: SQLite takes a
// shared lock, then needs an exclusive one, and for that second lock it
// does not call the busy handler, so the switch failed at once with
// "database is locked" instead of waiting the busy timeout. The connection
// now waits for every statement outside a transaction
// (db/sqlite/sqlite_connection.h).
//
// Deterministic: the test holds the write lock before `migrate` starts and
// lets go only once the child is seen sleeping in the kernel (waiting for
// the lock; nothing else in `migrate upgrade` sleeps), with a busy timeout
// far longer than the test needs.

#include <sys/syscall.h>
#include <sys/types.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

// Whether process `pid` is blocked in nanosleep or clock_nanosleep, as
// /proc/PID/syscall reports (its first field is the system call number).
bool Sleeping(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/syscall");
  long number = -1;
  if (!(file >> number)) return false;  // "running", or the process is gone
#ifdef SYS_nanosleep
  if (number == SYS_nanosleep) return true;
#endif
  return number == SYS_clock_nanosleep;
}

TEST(SqliteWalBusyTest, SwitchingToWalWaitsForAnotherProcesssWriteTransaction) {
  auto database = TestDatabase::Create(Backend::kSqlite);
  ASSERT_NE(database, nullptr);
  TempDir project;
  project.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  project.Write("migrations/r001_t.sql",
                "-- create t\n--\n-- revision: r001\n-- down_revision:\n\n"
                "-- migrate:upgrade\nCREATE TABLE t (id integer);\n");

  // Another writer holds the write lock of the (rollback-journal) database.
  auto holder = database->Connect();
  ASSERT_TRUE(holder.has_value()) << holder.error().ToString();
  ASSERT_TRUE((*holder)->Execute("CREATE TABLE app (id integer)").ok());
  ASSERT_TRUE((*holder)->Begin().ok());
  ASSERT_TRUE((*holder)->Execute("INSERT INTO app VALUES (1)").ok());

  auto child = ChildProcess::Start(
      {MIGRATE_BINARY, "-c", project.Path("migrate.toml"), "--url",
       database->url() + "?journal_mode=wal&busy_timeout=60000", "upgrade", "head"},
      project.Path("migrate.log"), {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}});
  ASSERT_NE(child, nullptr);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!Sleeping(child->pid())) {
    ASSERT_TRUE(child->Running()) << "migrate ended without waiting for the lock:\n"
                                  << child->Output();
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "migrate never waited";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE((*holder)->Commit().ok());

  std::optional<int> exit = child->Wait(std::chrono::seconds(60));
  ASSERT_EQ(exit, 0) << child->Output();
  auto check = database->Connect();
  ASSERT_TRUE(check.has_value()) << check.error().ToString();
  auto mode = (*check)->Query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.has_value()) << mode.error().ToString();
  EXPECT_EQ(mode->rows.at(0).at(0), "wal");
  auto version = (*check)->Query("SELECT version_num FROM migrate_version");
  ASSERT_TRUE(version.has_value()) << version.error().ToString();
  ASSERT_EQ(version->rows.size(), 1u);
  EXPECT_EQ(version->rows[0][0], "r001");
  auto tables = (*check)->Query("SELECT count(*) FROM sqlite_master WHERE name IN ('t', 'app')");
  ASSERT_TRUE(tables.has_value()) << tables.error().ToString();
  EXPECT_EQ(tables->rows.at(0).at(0), "2");
  auto app = (*check)->Query("SELECT count(*) FROM app");
  ASSERT_TRUE(app.has_value()) << app.error().ToString();
  EXPECT_EQ(app->rows.at(0).at(0), "1");  // the other writer's row, committed
}

}  // namespace
}  // namespace migrate::testing

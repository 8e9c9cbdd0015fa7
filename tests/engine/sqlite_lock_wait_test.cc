// Besides the migration lock (a file lock that only migrating processes
// take), each migration's BEGIN IMMEDIATE waits for the application's
// writers: up to the lock wait timeout, not only SQLite's default
// busy_timeout of 5 s.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

class SqliteLockWaitTest : public EngineTest {};

TEST_P(SqliteLockWaitTest, AMigrationWaitsLongerThanTheBusyTimeoutForTheWriteLock) {
  Put("r001_create_t.sql",
      "-- create t\n--\n-- revision: r001\n-- down_revision:\n\n"
      "-- migrate:upgrade\nCREATE TABLE t (id integer);\n");
  // Another connection holds the write lock past the default busy_timeout.
  auto holder = db_->Connect();
  ASSERT_TRUE(holder.has_value()) << holder.error().ToString();
  ASSERT_TRUE((*holder)->Begin().ok());
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(6500));
    ASSERT_TRUE((*holder)->Commit().ok());
  });
  const auto start = std::chrono::steady_clock::now();
  base::Status s = Upgrade("head");
  release.join();
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(Exists(script::ObjectKind::kTable, "t"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteLockWaitTest, ::testing::Values(Backend::kSqlite),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing

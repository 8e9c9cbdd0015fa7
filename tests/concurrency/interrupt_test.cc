// Ctrl-C, SIGTERM and SIGHUP against a `migrate upgrade head` process
// whose migration is still running on the database: the statement must be
// cancelled on the server (not left running after we are gone, holding its
// locks), the transaction rolled back, the migration lock released, the
// process must say which revision was rolled back and exit 128 + the
// signal, and the version table must not record it.
//
// PostgreSQL: the migration runs pg_sleep(60); the test waits until
// pg_stat_activity shows it running, signals, and checks from its own
// session that within a second no backend of the process and no advisory
// lock remain. SQLite: the migration runs a recursive CTE that would count
// for minutes; the test signals once the process has printed that the
// migration started. Also: a signal while waiting for the migration lock,
// and while waiting for the server to accept connections (--wait).

#include <csignal>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// a1 creates a table at once; a2 creates one and then runs `slow_sql`.
void WriteProject(const TempDir& dir, const std::string& slow_sql,
                  const std::string& header = "") {
  dir.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  dir.Write("migrations/a1_customers.sql",
            "-- customers\n--\n-- revision: a1\n-- down_revision:\n\n-- migrate:upgrade\n"
            "CREATE TABLE customers (id integer PRIMARY KEY);\n");
  dir.Write("migrations/a2_slow.sql",
            "-- a slow backfill\n--\n-- revision: a2\n-- down_revision: a1\n" + header +
                "\n-- migrate:upgrade\nCREATE TABLE slow (id integer PRIMARY KEY);\n" + slow_sql +
                "\n");
}

std::unique_ptr<ChildProcess> StartUpgrade(const TempDir& project,
                                           const std::string& url,
                                           const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {MIGRATE_BINARY, "-c", project.path() + "/migrate.toml",
                                   "--url", url};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back("upgrade");
  argv.push_back("head");
  return ChildProcess::Start(argv, project.path() + "/upgrade.log",
                             {{"DATABASE_URL", std::nullopt}, {"NO_COLOR", "1"}});
}

// Polls `done` every 20ms until it is true or `deadline` passes.
template <typename Predicate>
bool PollUntil(Clock::time_point deadline, Predicate done) {
  while (true) {
    if (done()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// The first column of the first row of `sql`, or "" (failures are reported).
std::string Scalar(db::Connection& conn, const std::string& sql,
                   const std::vector<std::string>& params = {}) {
  auto rows = conn.Query(sql, params);
  EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
  if (!rows || rows->rows.empty() || !rows->rows[0][0]) return "";
  return *rows->rows[0][0];
}

// The revisions the version table records, in order, comma-separated.
std::string RecordedVersions(db::Connection& conn) {
  auto rows = conn.Query("SELECT version_num FROM migrate_version ORDER BY version_num");
  EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
  std::string versions;
  if (!rows) return versions;
  for (const auto& row : rows->rows) versions += (versions.empty() ? "" : ",") + row[0].value_or("");
  return versions;
}

struct SignalCase {
  int signal;
  int exit_code;
  const char* name;
};

class PostgresqlInterruptTest : public ::testing::TestWithParam<SignalCase> {};

TEST_P(PostgresqlInterruptTest, CancelsTheStatementRollsBackAndUnlocks) {
  auto database = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteProject(project, "SELECT pg_sleep(60);");
  auto observer = database->Connect();
  ASSERT_TRUE(observer.has_value()) << observer.error().ToString();
  db::Connection& conn = **observer;

  auto child = StartUpgrade(project, database->url());
  ASSERT_NE(child, nullptr);
  const std::string sleeping =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' "
      "AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()";
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return Scalar(conn, sleeping, {database->name()}) == "1";
  })) << "the pg_sleep migration never showed up in pg_stat_activity:\n"
      << child->Output();

  const Clock::time_point signalled = Clock::now();
  child->Signal(GetParam().signal);
  // Our own session is named migrate too (db::Open's application_name).
  const std::string ours =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() "
      "AND application_name = 'migrate'";
  const std::string advisory =
      "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
      "WHERE l.locktype = 'advisory' AND d.datname = $1";
  EXPECT_TRUE(PollUntil(signalled + std::chrono::seconds(1), [&] {
    return Scalar(conn, ours, {database->name()}) == "0" &&
           Scalar(conn, advisory, {database->name()}) == "0";
  })) << "a second after " << GetParam().name << ": backends of migrate "
      << Scalar(conn, ours, {database->name()}) << ", advisory locks "
      << Scalar(conn, advisory, {database->name()});

  std::optional<int> status = child->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value()) << "still running 10s after " << GetParam().name;
  EXPECT_EQ(*status, GetParam().exit_code) << child->Output();
  EXPECT_THAT(child->Output(), HasSubstr("→ a2 a slow backfill\n"));
  EXPECT_THAT(child->Output(), HasSubstr("interrupted: a2 rolled back, nothing recorded\n"));
  EXPECT_EQ(RecordedVersions(conn), "a1");
  EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM migrate_history WHERE revision = 'a2'"), "0");
  EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'slow'"), "0");
}

INSTANTIATE_TEST_SUITE_P(Signals, PostgresqlInterruptTest,
                         ::testing::Values(SignalCase{SIGINT, 130, "SIGINT"},
                                           SignalCase{SIGTERM, 143, "SIGTERM"}),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(PostgresqlInterruptNoTransactionTest, SaysWhatIsCommittedAndHowToGoOn) {
  auto database = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteProject(project, "SELECT pg_sleep(60);", "-- transaction: none\n");
  auto observer = database->Connect();
  ASSERT_TRUE(observer.has_value()) << observer.error().ToString();
  db::Connection& conn = **observer;

  auto child = StartUpgrade(project, database->url());
  ASSERT_NE(child, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return Scalar(conn,
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = "
                  "'active' AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()",
                  {database->name()}) == "1";
  })) << child->Output();
  child->Signal(SIGINT);
  std::optional<int> status = child->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 130) << child->Output();
  EXPECT_THAT(child->Output(),
              HasSubstr("interrupted: a2 stopped part-way (transaction: none), its history row "
                        "left open\n"));
  EXPECT_THAT(child->Output(), HasSubstr("statements before line 9 are committed"));
  EXPECT_THAT(child->Output(), HasSubstr("migrate upgrade --retry-incomplete"));
  EXPECT_EQ(RecordedVersions(conn), "a1");
  // Committed on its own, as the message says; the open history row stops
  // the next upgrade until someone resolves it.
  EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'slow'"), "1");
  EXPECT_EQ(Scalar(conn, "SELECT count(*) FROM migrate_history WHERE revision = 'a2' AND "
                         "finished_at IS NULL"),
            "1");
}

TEST(PostgresqlInterruptLockTest, ASignalEndsTheWaitForTheMigrationLock) {
  auto database = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteProject(project, "SELECT pg_sleep(60);");
  auto holder = StartUpgrade(project, database->url());
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return holder->Output().find("→ a2") != std::string::npos;
  })) << holder->Output();

  TempDir second;
  WriteProject(second, "SELECT pg_sleep(60);");
  auto waiter = StartUpgrade(second, database->url(), {"--lock-timeout", "5min"});
  ASSERT_NE(waiter, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return waiter->Output().find("Waiting: another process holds the migration lock") !=
           std::string::npos;
  })) << waiter->Output();
  const Clock::time_point signalled = Clock::now();
  waiter->Signal(SIGINT);
  std::optional<int> status = waiter->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(1));
  EXPECT_EQ(*status, 130) << waiter->Output();
  EXPECT_THAT(waiter->Output(),
              HasSubstr("interrupted: received SIGINT while waiting for the migration lock; "
                        "nothing was changed\n"));
  holder->Signal(SIGINT);
  status = holder->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 130) << holder->Output();
}

TEST(InterruptConnectWaitTest, ASignalEndsTheWaitForTheServer) {
  TempDir project;
  WriteProject(project, "SELECT 1;");
  // Port 1 on the loopback: nothing listens, every attempt is refused.
  auto child = StartUpgrade(project, "postgresql://nobody@127.0.0.1:1/none", {"--wait", "60"});
  ASSERT_NE(child, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return child->Output().find("Waiting: for the database") != std::string::npos;
  })) << child->Output();
  const Clock::time_point signalled = Clock::now();
  child->Signal(SIGTERM);
  std::optional<int> status = child->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(2));
  EXPECT_EQ(*status, 143) << child->Output();
  EXPECT_THAT(child->Output(), HasSubstr("interrupted: received SIGTERM while waiting for the "
                                         "database at postgresql://nobody@127.0.0.1:1/none"));
}

class SqliteInterruptTest : public ::testing::TestWithParam<SignalCase> {};

TEST_P(SqliteInterruptTest, InterruptsTheStatementAndRecordsNothing) {
  auto database = TestDatabase::Create(Backend::kSqlite);
  ASSERT_NE(database, nullptr);
  TempDir project;
  // Counts to ten billion: minutes of work, in memory.
  WriteProject(project,
               "INSERT INTO slow SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION "
               "ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT x FROM c);");
  auto child = StartUpgrade(project, database->url());
  ASSERT_NE(child, nullptr);
  // Its start line, flushed to the log file while the statement runs.
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return child->Output().find("→ a2 a slow backfill\n") != std::string::npos;
  })) << child->Output();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const Clock::time_point signalled = Clock::now();
  child->Signal(GetParam().signal);
  std::optional<int> status = child->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value()) << "still running 10s after " << GetParam().name;
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(1));
  EXPECT_EQ(*status, GetParam().exit_code) << child->Output();
  EXPECT_THAT(child->Output(), HasSubstr("interrupted: a2 rolled back, nothing recorded\n"));

  auto conn = database->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  EXPECT_EQ(RecordedVersions(**conn), "a1");
  EXPECT_EQ(Scalar(**conn, "SELECT count(*) FROM sqlite_master WHERE name = 'slow'"), "0");
  EXPECT_EQ(Scalar(**conn, "SELECT count(*) FROM migrate_history WHERE revision = 'a2'"), "0");
}

TEST(SqliteInterruptLockTest, ASignalEndsTheWaitForTheMigrationLock) {
  auto database = TestDatabase::Create(Backend::kSqlite);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteProject(project,
               "INSERT INTO slow SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION "
               "ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT x FROM c);");
  auto holder = StartUpgrade(project, database->url());
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return holder->Output().find("→ a2") != std::string::npos;
  })) << holder->Output();
  TempDir second;
  WriteProject(second, "SELECT 1;");
  auto waiter = StartUpgrade(second, database->url(), {"--lock-timeout", "5min"});
  ASSERT_NE(waiter, nullptr);
  ASSERT_TRUE(PollUntil(Clock::now() + std::chrono::seconds(30), [&] {
    return waiter->Output().find("Waiting: ") != std::string::npos;
  })) << waiter->Output();
  const Clock::time_point signalled = Clock::now();
  waiter->Signal(SIGINT);
  std::optional<int> status = waiter->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(1));
  EXPECT_EQ(*status, 130) << waiter->Output();
  EXPECT_THAT(waiter->Output(), HasSubstr("interrupted: received SIGINT while waiting for the "
                                          "migration lock; nothing was changed\n"));
  holder->Signal(SIGINT);
  status = holder->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 130) << holder->Output();
}

INSTANTIATE_TEST_SUITE_P(Signals, SqliteInterruptTest,
                         ::testing::Values(SignalCase{SIGINT, 130, "SIGINT"},
                                           SignalCase{SIGHUP, 129, "SIGHUP"}),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace migrate::testing

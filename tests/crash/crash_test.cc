// Crash safety: what a killed `migrate` leaves behind. Each migration runs
// in one transaction, so when the process (or its server) dies in the
// middle of one, the database rolls it back: the migration's objects and
// rows are gone, no version or history row says it ran, and the next
// `migrate upgrade head` applies it. SQLite must also pass
// `PRAGMA integrity_check` after every kill.
//
// The project: k1 (fast), k2 (slow: a CREATE TABLE, then something that
// takes seconds), k3 (fast). Each test applies k1, starts `upgrade head`,
// waits until k2 is certainly running, and interrupts it.

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/db/database_url.h"
#include "migrator/db/open.h"
#include "tests/support/dozen_migrations.h"
#include "tests/support/private_cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int kSigkilled = 128 + SIGKILL;

std::string Migration(const std::string& rev, const std::string& down, const std::string& body) {
  return "-- step " + rev + "\n--\n-- revision: " + rev + "\n-- down_revision: " + down +
         "\n\n-- migrate:upgrade\n" + body;
}

void WriteProject(const TempDir& dir, const std::string& slow_body) {
  dir.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  dir.Write("migrations/k1_base.sql",
            Migration("k1", "", "CREATE TABLE base_t (id INTEGER PRIMARY KEY);\n"));
  dir.Write("migrations/k2_slow.sql", Migration("k2", "k1", slow_body));
  dir.Write("migrations/k3_after.sql",
            Migration("k3", "k2", "CREATE TABLE after_t (id INTEGER PRIMARY KEY);\n"));
}

class CrashTest : public ::testing::Test {
 protected:
  std::unique_ptr<ChildProcess> Start(const std::string& url, const std::string& target) {
    return ChildProcess::Start(
        {MIGRATE_BINARY, "-c", dir_.Path("migrate.toml"), "--url", url, "upgrade", target},
        dir_.Path("run" + std::to_string(++runs_) + ".log"),
        {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}});
  }

  /// Runs `migrate upgrade target` to the end; returns its exit status.
  int Upgrade(const std::string& url, const std::string& target, std::string* output = nullptr) {
    auto child = Start(url, target);
    if (child == nullptr) return -1;
    std::optional<int> status = child->Wait(seconds(90));
    EXPECT_TRUE(status.has_value()) << "migrate still runs after 90s";
    if (output != nullptr) *output = child->Output();
    EXPECT_TRUE(status == 0 || output != nullptr) << child->Output();
    return status.value_or(-1);
  }

  // The database as the interrupted run must leave it: k1 and nothing more.
  static void ExpectOnlyK1(db::Connection& conn) {
    EXPECT_THAT(QueryLines(conn, "SELECT version_num FROM migrate_version"), ElementsAre("k1"));
    EXPECT_THAT(QueryLines(conn,
                           "SELECT revision, direction, CASE WHEN success THEN 'ok' ELSE 'failed' "
                           "END FROM migrate_history ORDER BY id"),
                ElementsAre("k1|upgrade|ok"));
  }

  // The database after the run that follows: everything, each once.
  static void ExpectAllOnce(db::Connection& conn) {
    EXPECT_THAT(QueryLines(conn, "SELECT version_num FROM migrate_version"), ElementsAre("k3"));
    EXPECT_THAT(QueryLines(conn,
                           "SELECT revision, direction, CASE WHEN success THEN 'ok' ELSE 'failed' "
                           "END FROM migrate_history ORDER BY id"),
                ElementsAre("k1|upgrade|ok", "k2|upgrade|ok", "k3|upgrade|ok"));
  }

  TempDir dir_;
  int runs_ = 0;
};

// --- SQLite -----------------------------------------------------------------

constexpr int kSqliteRows = 5'000'000;

// Bytes in `path`; 0 if it does not exist.
long long FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

class SqliteCrashTest : public CrashTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(SqliteCrashTest, SigkillDuringALongInsertLeavesNothingAndTheNextRunAppliesIt) {
  const std::string journal_mode = GetParam();
  WriteProject(dir_,
               "CREATE TABLE big (x INTEGER NOT NULL);\n"
               "INSERT INTO big WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
               "FROM c WHERE x < " +
                   std::to_string(kSqliteRows) + ") SELECT x FROM c;\n");
  const std::string file = dir_.Path("app.db");
  const std::string url = "sqlite:///" + file + "?journal_mode=" + journal_mode;
  // The file a write transaction writes beside the database, in this mode.
  const std::string sidecar = file + (journal_mode == "wal" ? "-wal" : "-journal");
  ASSERT_EQ(Upgrade(url, "k1"), 0);

  // Three kills, at different moments of the insert.
  for (milliseconds extra : {milliseconds(0), milliseconds(150), milliseconds(400)}) {
    SCOPED_TRACE("killed " + std::to_string(extra.count()) + "ms into the write");
    auto child = Start(url, "head");
    ASSERT_NE(child, nullptr);
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (FileSize(sidecar) == 0 && child->Running() &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(2));
    }
    ASSERT_GT(FileSize(sidecar), 0) << "k2 never started writing:\n" << child->Output();
    std::this_thread::sleep_for(extra);
    child->Signal(SIGKILL);
    std::optional<int> status = child->Wait(seconds(10));
    ASSERT_EQ(status, kSigkilled) << "migrate ended before it was killed:\n" << child->Output();

    auto url_value = db::DatabaseUrl::Parse(url, "");
    ASSERT_TRUE(url_value.has_value());
    auto conn = db::Open(*url_value);
    ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
    EXPECT_THAT(QueryLines(**conn, "PRAGMA integrity_check"), ElementsAre("ok"));
    EXPECT_THAT(QueryLines(**conn, "SELECT name FROM sqlite_master WHERE name = 'big'"),
                ::testing::IsEmpty());
    ExpectOnlyK1(**conn);
  }

  ASSERT_EQ(Upgrade(url, "head"), 0);
  auto url_value = db::DatabaseUrl::Parse(url, "");
  ASSERT_TRUE(url_value.has_value());
  auto conn = db::Open(*url_value);
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  EXPECT_THAT(QueryLines(**conn, "PRAGMA integrity_check"), ElementsAre("ok"));
  EXPECT_THAT(QueryLines(**conn, "SELECT count(*), max(x) FROM big"),
              ElementsAre(std::to_string(kSqliteRows) + "|" + std::to_string(kSqliteRows)));
  ExpectAllOnce(**conn);
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SqliteCrashTest, ::testing::Values("delete", "wal"),
                         [](const ::testing::TestParamInfo<std::string>& mode) {
                           return mode.param;
                         });

// --- PostgreSQL -------------------------------------------------------------

constexpr const char* kSlowPostgresql =
    "CREATE TABLE crash_t (id integer PRIMARY KEY);\n"
    "INSERT INTO crash_t VALUES (1);\n"
    "SELECT pg_sleep(5);\n";

// The pid of the backend running k2's pg_sleep, seen from `observer`; 0
// when it did not show up within 30s (or `child` ended first).
int SleepingBackend(db::Connection& observer, ChildProcess& child) {
  const auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < deadline && child.Running()) {
    std::vector<std::string> pids = QueryLines(
        observer,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE 'SELECT pg_sleep(5)%'");
    if (!pids.empty()) return std::stoi(pids[0]);
    std::this_thread::sleep_for(milliseconds(20));
  }
  return 0;
}

// Waits until backend `pid` is gone; false after 30s.
bool BackendGone(db::Connection& observer, int pid) {
  const auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (QueryLines(observer, "SELECT 1 FROM pg_stat_activity WHERE pid = " + std::to_string(pid))
            .empty()) {
      return true;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  return false;
}

class PostgresqlCrashTest : public CrashTest {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(database_, nullptr);
    WriteProject(dir_, kSlowPostgresql);
    ASSERT_EQ(Upgrade(database_->url(), "k1"), 0);
    auto observer = database_->Connect();
    ASSERT_TRUE(observer.has_value()) << observer.error().ToString();
    observer_ = std::move(*observer);
  }

  void ExpectNothingOfK2() {
    EXPECT_THAT(QueryLines(*observer_, "SELECT to_regclass('crash_t') IS NULL"), ElementsAre("t"));
    ExpectOnlyK1(*observer_);
    EXPECT_THAT(QueryLines(*observer_,
                           "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                           "database = (SELECT oid FROM pg_database WHERE datname = "
                           "current_database())"),
                ElementsAre("0"))
        << "the migration lock must not outlive its session";
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<db::Connection> observer_;
};

TEST_F(PostgresqlCrashTest, SigkillDuringAMigrationLeavesNothingAndTheNextRunAppliesIt) {
  auto child = Start(database_->url(), "head");
  ASSERT_NE(child, nullptr);
  const int backend = SleepingBackend(*observer_, *child);
  ASSERT_NE(backend, 0) << "k2 never reached its pg_sleep:\n" << child->Output();
  child->Signal(SIGKILL);
  ASSERT_EQ(child->Wait(seconds(10)), kSigkilled) << child->Output();

  // The server only notices the client is gone when the statement ends;
  // until then the transaction is open, and nobody else can see its table.
  EXPECT_THAT(QueryLines(*observer_, "SELECT to_regclass('crash_t') IS NULL"), ElementsAre("t"));
  ASSERT_TRUE(BackendGone(*observer_, backend)) << "the orphaned backend never ended";
  ExpectNothingOfK2();

  std::string output;
  EXPECT_EQ(Upgrade(database_->url(), "head", &output), 0) << output;
  EXPECT_THAT(QueryLines(*observer_, "SELECT id FROM crash_t"), ElementsAre("1"));
  ExpectAllOnce(*observer_);
}

TEST_F(PostgresqlCrashTest, ConnectionTerminatedDuringAMigrationIsAClearErrorAndRecordsNothing) {
  auto child = Start(database_->url(), "head");
  ASSERT_NE(child, nullptr);
  const int backend = SleepingBackend(*observer_, *child);
  ASSERT_NE(backend, 0) << "k2 never reached its pg_sleep:\n" << child->Output();
  EXPECT_THAT(
      QueryLines(*observer_, "SELECT pg_terminate_backend(" + std::to_string(backend) + ")"),
      ElementsAre("t"));
  std::optional<int> status = child->Wait(seconds(30));
  ASSERT_TRUE(status.has_value());
  const std::string output = child->Output();
  EXPECT_EQ(*status, 1) << output;
  EXPECT_THAT(output, HasSubstr("terminating connection due to administrator command"));
  EXPECT_THAT(output, HasSubstr("revision k2 is in the database whole or not at all"));
  ASSERT_TRUE(BackendGone(*observer_, backend));
  ExpectNothingOfK2();

  std::string again;
  EXPECT_EQ(Upgrade(database_->url(), "head", &again), 0) << again;
  ExpectAllOnce(*observer_);
}

TEST(PostgresqlRestartTest, ServerCrashDuringAMigrationRecordsNothingAndTheNextRunSucceeds) {
  TempDir dir;
  WriteProject(dir, kSlowPostgresql);
  PrivateCluster cluster(dir.Path("cluster"));
  ASSERT_TRUE(cluster.started());
  const std::string url = cluster.url();
  const ChildProcess::Env env = {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}};
  auto run = [&](const std::string& target, const std::string& log) {
    return ChildProcess::Start({MIGRATE_BINARY, "-c", dir.Path("migrate.toml"), "--url", url,
                                "--wait", "30", "upgrade", target},
                               dir.Path(log), env);
  };
  auto parsed = db::DatabaseUrl::Parse(url, "");
  ASSERT_TRUE(parsed.has_value());
  auto observer = db::Open(*parsed);
  ASSERT_TRUE(observer.has_value()) << observer.error().ToString();
  // pg_cluster.sh trades durability for speed (synchronous_commit = off): a
  // commit may then be lost in a crash, which is the server's documented
  // behaviour, not migrate's. This test needs commits to be durable.
  EXPECT_THAT(QueryLines(**observer, "ALTER SYSTEM SET synchronous_commit = on"), ElementsAre());
  EXPECT_THAT(QueryLines(**observer, "SELECT pg_reload_conf()"), ElementsAre("t"));

  auto first = run("k1", "k1.log");
  ASSERT_NE(first, nullptr);
  ASSERT_EQ(first->Wait(seconds(60)), 0) << first->Output();
  auto child = run("head", "crash.log");
  ASSERT_NE(child, nullptr);
  ASSERT_NE(SleepingBackend(**observer, *child), 0) << child->Output();
  ASSERT_TRUE(cluster.CrashRestart());
  std::optional<int> status = child->Wait(seconds(30));
  ASSERT_TRUE(status.has_value());
  const std::string output = child->Output();
  EXPECT_EQ(*status, 1) << output;
  EXPECT_THAT(output, HasSubstr("connection to the database was lost"));
  EXPECT_THAT(output, HasSubstr("revision k2 is in the database whole or not at all"));

  auto after = db::Open(*parsed);
  ASSERT_TRUE(after.has_value()) << after.error().ToString();
  EXPECT_THAT(QueryLines(**after, "SELECT to_regclass('crash_t') IS NULL"), ElementsAre("t"));
  EXPECT_THAT(QueryLines(**after, "SELECT version_num FROM migrate_version"), ElementsAre("k1"));
  EXPECT_THAT(QueryLines(**after, "SELECT revision FROM migrate_history ORDER BY id"),
              ElementsAre("k1"));

  auto again = run("head", "again.log");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->Wait(seconds(60)), 0) << again->Output();
  EXPECT_THAT(QueryLines(**after, "SELECT revision FROM migrate_history ORDER BY id"),
              ElementsAre("k1", "k2", "k3"));
  EXPECT_THAT(QueryLines(**after, "SELECT version_num FROM migrate_version"), ElementsAre("k3"));
}

}  // namespace
}  // namespace migrate::testing

// Tests of the PostgreSQL connection and dialect against the real test
// server (tests/support/pg_cluster.sh), each in a fresh database owned by the
// non-superuser role migrate_test.
//
// Organization:
//   PostgresqlConnectionTest.*  errors in the server's words, notices,
//                               parameters, transactions, connection loss,
//                               passwords in connection errors
//   PostgresqlLockTest.*        the advisory migration lock
//   PostgresqlDialectTest.*     catalog questions, change marker, extensions,
//                               statements refused in a transaction, session
//                               reset, version tables
// What is common to every dialect is in dialect_conformance_test.cc.

#include "migrator/db/postgresql/postgresql_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "migrator/db/open.h"
#include "migrator/db/postgresql/postgresql_dialect.h"
#include "tests/support/test_database.h"

namespace migrate::db {
namespace {

using base::StatusCode;
using script::Identifier;
using script::ObjectKind;
using script::ObjectName;
using testing::Backend;
using testing::TestDatabase;

base::Result<std::unique_ptr<PostgresqlConnection>> OpenUrl(const std::string& url,
                                                            const OpenOptions& options = {}) {
  MIGRATE_ASSIGN_OR_RETURN(DatabaseUrl parsed, DatabaseUrl::Parse(url, ""));
  return PostgresqlConnection::Open(parsed, options);
}

DatabaseUrl MustParse(const std::string& url) {
  base::Result<DatabaseUrl> parsed = DatabaseUrl::Parse(url, "");
  EXPECT_TRUE(parsed.has_value()) << parsed.status().ToString();
  return *std::move(parsed);
}

// `url` with its password replaced by `password`.
std::string WithPassword(const std::string& url, const std::string& password) {
  std::string out = url;
  const std::string from = ":migrate_test@";
  size_t at = out.find(from);
  EXPECT_NE(at, std::string::npos) << url;
  if (at != std::string::npos) out.replace(at, from.size(), ":" + password + "@");
  return out;
}

// The single value of a one-row, one-column query; "(error)" / "(null)" otherwise.
std::string Scalar(Connection& conn, const std::string& sql,
                   const std::vector<std::string>& params = {}) {
  base::Result<Rows> rows = conn.Query(sql, params);
  EXPECT_TRUE(rows.has_value()) << sql << ": " << rows.status().ToString();
  if (!rows || rows->rows.size() != 1 || rows->rows[0].size() != 1) return "(error)";
  return rows->rows[0][0].value_or("(null)");
}

// A database per test, with a connection as migrate_test and one as superuser.
class PostgresqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(db_, nullptr);
    auto conn = OpenUrl(db_->url());
    ASSERT_TRUE(conn.has_value()) << conn.status().ToString();
    conn_ = *std::move(conn);
    auto admin = OpenUrl(db_->admin_url());
    ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
    admin_ = *std::move(admin);
  }

  void TearDown() override {
    admin_.reset();
    conn_.reset();
    db_.reset();
  }

  void MustExecute(Connection& conn, const std::string& sql) {
    base::Status s = conn.Execute(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.ToString();
  }

  // Kills the server process behind `conn`, as if its client had died.
  void Terminate(Connection& conn) {
    std::string pid = Scalar(conn, "SELECT pg_backend_pid()::text");
    EXPECT_EQ(Scalar(*admin_, "SELECT pg_terminate_backend($1::int)::text", {pid}), "true");
  }

  const Dialect& dialect() const { return PostgresqlDialect(); }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PostgresqlConnection> conn_;
  std::unique_ptr<PostgresqlConnection> admin_;
};

// ===========================================================================
// TestDatabase (tests/support), which every database test relies on

TEST(TestDatabaseTest, PostgresqlDatabaseIsFreshOwnedByTheAppRoleAndDroppedAfterwards) {
  auto db = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->backend(), Backend::kPostgresql);
  auto conn = db->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.status().ToString();
  EXPECT_EQ(Scalar(**conn, "SELECT current_user || ' ' || current_database()"),
            "migrate_test " + db->name());
  EXPECT_EQ(Scalar(**conn, "SELECT count(*)::text FROM pg_class c JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE n.nspname = 'public'"),
            "0");
  EXPECT_EQ(Scalar(**conn, "SELECT pg_get_userbyid(datdba)::text FROM pg_database "
                           "WHERE datname = current_database()"),
            "migrate_test");
  EXPECT_EQ(Scalar(**conn, "SELECT has_schema_privilege('public', 'CREATE')::text"), "true");
  auto admin = OpenUrl(db->admin_url());
  ASSERT_TRUE(admin.has_value()) << admin.status().ToString();
  EXPECT_EQ(Scalar(**admin, "SELECT current_setting('is_superuser') || ' ' || current_database()"),
            "on " + db->name());

  // Another database on the same server watches this one go, even with a
  // connection still open.
  auto witness_db = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(witness_db, nullptr);
  EXPECT_NE(witness_db->name(), db->name());
  auto witness = OpenUrl(witness_db->admin_url());
  ASSERT_TRUE(witness.has_value()) << witness.status().ToString();
  const std::string name = db->name();
  admin->reset();
  db.reset();
  EXPECT_EQ(Scalar(**witness, "SELECT count(*)::text FROM pg_database WHERE datname = $1",
                   {name}),
            "0");
}

TEST(TestDatabaseTest, SqliteIsAFreshFileRemovedAfterwards) {
  auto db = TestDatabase::Create(Backend::kSqlite);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->url(), "sqlite:///" + db->name());
  EXPECT_EQ(db->admin_url(), db->url());
  EXPECT_EQ(db->name().rfind("/", 0), 0u) << "an absolute path";
  auto conn = db->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.status().ToString();
  EXPECT_EQ(&(*conn)->dialect(), &DialectFor(DatabaseUrl::Scheme::kSqlite));
  ASSERT_TRUE((*conn)->Execute("CREATE TABLE t (x INTEGER)").ok());
  conn->reset();
  const std::string dir = db->name().substr(0, db->name().rfind('/'));
  EXPECT_EQ(::access(db->name().c_str(), F_OK), 0);
  db.reset();
  EXPECT_NE(::access(dir.c_str(), F_OK), 0) << dir << " should be gone";
}

TEST(TestDatabaseTest, BackendNames) {
  EXPECT_EQ(testing::BackendName(Backend::kSqlite), "sqlite");
  EXPECT_EQ(testing::BackendName(Backend::kPostgresql), "postgresql");
}

// ===========================================================================
// The connection

using PostgresqlConnectionTest = PostgresqlTest;

TEST_F(PostgresqlConnectionTest, MissingTableKeepsServerMessageSqlstateAndPosition) {
  base::Status s = conn_->Execute("SELECT * FROM missing_table");
  EXPECT_EQ(s.code(), StatusCode::kDatabase);
  EXPECT_EQ(s.ToString(), "relation \"missing_table\" does not exist");
  ASSERT_TRUE(s.database().has_value());
  EXPECT_EQ(s.database()->sqlstate, "42P01");
  EXPECT_EQ(s.database()->position, 15);
  EXPECT_EQ(s.database()->detail, "");
  EXPECT_EQ(s.database()->hint, "");
}

TEST_F(PostgresqlConnectionTest, SyntaxErrorKeepsPosition) {
  base::Status s = conn_->Execute("CREATE TABLE t (id int,, name text)");
  EXPECT_EQ(s.ToString(), "syntax error at or near \",\"");
  ASSERT_TRUE(s.database().has_value());
  EXPECT_EQ(s.database()->sqlstate, "42601");
  EXPECT_EQ(s.database()->position, 24);
}

TEST_F(PostgresqlConnectionTest, KeepsDetailAndHint) {
  MustExecute(*conn_, "CREATE TABLE t (id int PRIMARY KEY)");
  MustExecute(*conn_, "INSERT INTO t VALUES (1)");
  base::Status dup = conn_->Execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(dup.ToString(), "duplicate key value violates unique constraint \"t_pkey\"");
  ASSERT_TRUE(dup.database().has_value());
  EXPECT_EQ(dup.database()->sqlstate, "23505");
  EXPECT_EQ(dup.database()->detail, "Key (id)=(1) already exists.");

  base::Status fn = conn_->Execute("SELECT no_such_function(1)");
  EXPECT_EQ(fn.ToString(), "function no_such_function(integer) does not exist");
  ASSERT_TRUE(fn.database().has_value());
  EXPECT_EQ(fn.database()->sqlstate, "42883");
  EXPECT_EQ(fn.database()->position, 8);
  EXPECT_EQ(fn.database()->hint,
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
}

TEST_F(PostgresqlConnectionTest, ExecuteRunsExactlyOneStatement) {
  base::Status s = conn_->Execute("CREATE TABLE a (x int); CREATE TABLE b (x int)");
  EXPECT_EQ(s.ToString(), "cannot insert multiple commands into a prepared statement");
  EXPECT_EQ(s.database()->sqlstate, "42601");
  EXPECT_EQ(Scalar(*conn_, "SELECT (to_regclass('a') IS NULL)::text"), "true");
}

TEST_F(PostgresqlConnectionTest, NoticesAreKeptNotPrinted) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  MustExecute(*conn_, "CREATE TABLE IF NOT EXISTS t (id int)");
  MustExecute(*conn_, "CREATE TABLE IF NOT EXISTS t (id int)");
  MustExecute(*conn_, "DO $$ BEGIN RAISE WARNING 'careful'; RAISE NOTICE 'hello'; END $$");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_EQ(conn_->RecentNotices().size(), 3u);
  EXPECT_EQ(conn_->RecentNotices()[0], "NOTICE:  relation \"t\" already exists, skipping");
  EXPECT_EQ(conn_->RecentNotices()[1], "WARNING:  careful");
  EXPECT_EQ(conn_->RecentNotices()[2], "NOTICE:  hello");
}

TEST_F(PostgresqlConnectionTest, KeepsOnlyTheLastNotices) {
  for (int i = 0; i < 20; ++i) {
    MustExecute(*conn_, "DO $$ BEGIN RAISE NOTICE 'n%', " + std::to_string(i) + "; END $$");
  }
  ASSERT_EQ(conn_->RecentNotices().size(), PostgresqlConnection::kKeptNotices);
  EXPECT_EQ(conn_->RecentNotices().front(), "NOTICE:  n4");
  EXPECT_EQ(conn_->RecentNotices().back(), "NOTICE:  n19");
}

TEST_F(PostgresqlConnectionTest, QueryBindsTextParametersAndReturnsNulls) {
  base::Result<Rows> rows =
      conn_->Query("SELECT $1::int + $2::int AS sum, $3 AS word, NULL::text AS nothing",
                   {"2", "3", "it's"});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"sum", "word", "nothing"}));
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (std::vector<Value>{"5", "it's", std::nullopt}));
}

TEST_F(PostgresqlConnectionTest, UntypedTextParametersConvertToColumnTypes) {
  // How the version store writes history rows.
  MustExecute(*conn_,
              "CREATE TABLE h (started_at TIMESTAMPTZ NOT NULL, success BOOLEAN NOT NULL, "
              "pid INTEGER, duration_ms BIGINT)");
  base::Result<Rows> inserted = conn_->Query(
      "INSERT INTO h VALUES ($1, $2, $3, $4)", {"2026-11-22T10:31:07.123Z", "1", "4242", "17"});
  ASSERT_TRUE(inserted.has_value()) << inserted.status().ToString();
  base::Result<Rows> rows = conn_->Query(
      "SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
      "success::text, pid::text, duration_ms::text FROM h");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (std::vector<Value>{"2026-11-22 10:31:07.123", "true", "4242", "17"}));
}

TEST_F(PostgresqlConnectionTest, SetsApplicationNameUnlessTheUrlDoes) {
  EXPECT_EQ(Scalar(*conn_, "SELECT current_setting('application_name')"), "migrate");
  auto custom = OpenUrl(db_->url() + (db_->url().find('?') == std::string::npos ? "?" : "&") +
                        "application_name=deployer");
  ASSERT_TRUE(custom.has_value()) << custom.status().ToString();
  EXPECT_EQ(Scalar(**custom, "SELECT current_setting('application_name')"), "deployer");
}

TEST_F(PostgresqlConnectionTest, CommitAndRollback) {
  EXPECT_FALSE(conn_->InTransaction());
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_TRUE(conn_->InTransaction());
  MustExecute(*conn_, "CREATE TABLE kept (x int)");
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_FALSE(conn_->InTransaction());

  ASSERT_TRUE(conn_->Begin().ok());
  MustExecute(*conn_, "CREATE TABLE dropped (x int)");
  MustExecute(*conn_, "DROP TABLE kept");
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_EQ(Scalar(*conn_, "SELECT (to_regclass('kept') IS NOT NULL)::text || "
                           "(to_regclass('dropped') IS NULL)::text"),
            "truetrue");

  EXPECT_TRUE(conn_->Rollback().ok()) << "Rollback outside a transaction is a no-op";
}

TEST_F(PostgresqlConnectionTest, FailedStatementLeavesTransactionOpenUntilRollback) {
  ASSERT_TRUE(conn_->Begin().ok());
  MustExecute(*conn_, "CREATE TABLE t (x int)");
  EXPECT_FALSE(conn_->Execute("SELECT * FROM nope").ok());
  EXPECT_TRUE(conn_->InTransaction());
  base::Status next = conn_->Execute("SELECT 1");
  EXPECT_EQ(next.ToString(),
            "current transaction is aborted, commands ignored until end of transaction block");
  EXPECT_EQ(next.database()->sqlstate, "25P02");
  EXPECT_TRUE(conn_->InTransaction());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_EQ(Scalar(*conn_, "SELECT (to_regclass('t') IS NULL)::text"), "true");
}

TEST_F(PostgresqlConnectionTest, CommitOfAFailedTransactionIsAnError) {
  ASSERT_TRUE(conn_->Begin().ok());
  MustExecute(*conn_, "CREATE TABLE t (x int)");
  EXPECT_FALSE(conn_->Execute("SELECT * FROM nope").ok());
  base::Status commit = conn_->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kDatabase);
  EXPECT_EQ(commit.ToString(),
            "the transaction was rolled back, not committed: a statement in it had failed");
  EXPECT_EQ(commit.database()->sqlstate, "25P02");
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_EQ(Scalar(*conn_, "SELECT (to_regclass('t') IS NULL)::text"), "true");
}

TEST_F(PostgresqlConnectionTest, TransactionMisuseIsAnInternalError) {
  EXPECT_EQ(conn_->Commit().ToString(), "Commit() called outside a transaction");
  ASSERT_TRUE(conn_->Begin().ok());
  base::Status again = conn_->Begin();
  EXPECT_EQ(again.code(), StatusCode::kInternal);
  EXPECT_EQ(again.ToString(), "Begin() called inside a transaction");
  EXPECT_TRUE(conn_->Rollback().ok());
}

TEST_F(PostgresqlConnectionTest, InTransactionFollowsTheServer) {
  // A statement that ends the transaction itself is not hidden from the caller.
  ASSERT_TRUE(conn_->Begin().ok());
  MustExecute(*conn_, "COMMIT");
  EXPECT_FALSE(conn_->InTransaction());
}

TEST_F(PostgresqlConnectionTest, ConnectionLossIsReportedAsSuch) {
  Terminate(*conn_);
  base::Status s = conn_->Execute("SELECT 1");
  EXPECT_EQ(s.code(), StatusCode::kDatabase);
  EXPECT_EQ(s.message(),
            "connection to the database was lost: terminating connection due to administrator "
            "command");
  EXPECT_EQ(s.database()->sqlstate, "08006") << "libpq reads the FATAL outside a result";
  base::Status again = conn_->Execute("SELECT 1");
  EXPECT_EQ(again.message(), "connection to the database was lost: no connection to the server");
  EXPECT_EQ(again.database()->sqlstate, "08006");
  EXPECT_FALSE(conn_->InTransaction());
}

TEST_F(PostgresqlConnectionTest, WrongPasswordErrorNeverShowsThePassword) {
  const std::string secret = "s3cret-Pa55";
  DatabaseUrl url = MustParse(WithPassword(db_->url(), secret));
  auto conn = PostgresqlConnection::Open(url, OpenOptions{});
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().code(), StatusCode::kDatabase);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to " + url.Redacted() + ": connection to server at \"" + url.host() +
                "\", port " + url.port() +
                " failed: FATAL:  password authentication failed for user \"migrate_test\"\n"
                "hint: role migrate_test could not log in to " + url.host() + ":" + url.port() +
                " (database " + url.database() +
                "): check that the role exists and the password in the URL (not shown), and the "
                "METHOD of the pg_hba.conf line that matches this role, database and client "
                "address (`migrate db status` tells a missing role from a wrong password)");
  EXPECT_EQ(conn.error().ToString().find(secret), std::string::npos);
}

TEST_F(PostgresqlConnectionTest, BadConnectionParameterErrorNeverShowsThePassword) {
  const std::string secret = "An0ther-s3cret";
  DatabaseUrl url = MustParse(WithPassword(db_->url(), secret) +
                              (db_->url().find('?') == std::string::npos ? "?" : "&") +
                              "channel_binding=sometimes");  // libpq's to judge
  auto conn = PostgresqlConnection::Open(url, OpenOptions{});
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().ToString(), "cannot connect to " + url.Redacted() +
                                         ": invalid channel_binding value: \"sometimes\"");
  EXPECT_EQ(conn.error().ToString().find(secret), std::string::npos);
}

TEST_F(PostgresqlConnectionTest, UnreachableServer) {
  DatabaseUrl url = MustParse("postgresql://migrate_test:hunter22@127.0.0.1:1/nowhere");
  auto conn = PostgresqlConnection::Open(url, OpenOptions{});
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().code(), StatusCode::kDatabase);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://migrate_test:***@127.0.0.1:1/nowhere: connection to "
            "server at \"127.0.0.1\", port 1 failed: Connection refused\n"
            "Is the server running on that host and accepting TCP/IP connections?");
}

TEST_F(PostgresqlConnectionTest, ServerThatNeverAnswersTimesOut) {
  // A socket that listens but never speaks: the kernel accepts the TCP
  // connection, nobody answers libpq's startup packet.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string port = std::to_string(ntohs(address.sin_port));

  DatabaseUrl url = MustParse("postgresql://migrate_test:hunter22@127.0.0.1:" + port + "/silent");
  OpenOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  auto start = std::chrono::steady_clock::now();
  auto conn = PostgresqlConnection::Open(url, options);
  auto waited = std::chrono::steady_clock::now() - start;
  ::close(listener);
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().code(), StatusCode::kTimeout);
  EXPECT_EQ(conn.error().ToString(),
            "cannot connect to postgresql://migrate_test:***@127.0.0.1:" + port +
                "/silent: connection to server at \"127.0.0.1\", port " + port +
                " failed: timeout expired (connect_timeout 2s)");
  EXPECT_GE(waited, std::chrono::milliseconds(1900));
  EXPECT_LT(waited, std::chrono::seconds(10));
}

TEST_F(PostgresqlConnectionTest, RedactedUrlAndDialect) {
  EXPECT_EQ(conn_->RedactedUrl(), MustParse(db_->url()).Redacted());
  EXPECT_EQ(conn_->RedactedUrl().find(":migrate_test@"), std::string::npos);
  EXPECT_EQ(&conn_->dialect(), &PostgresqlDialect());
}

// ===========================================================================
// The migration lock

class PostgresqlLockTest : public PostgresqlTest {
 protected:
  void SetUp() override {
    PostgresqlTest::SetUp();
    if (HasFatalFailure()) return;
    auto other = OpenUrl(db_->url());
    ASSERT_TRUE(other.has_value()) << other.status().ToString();
    other_ = *std::move(other);
  }
  void TearDown() override {
    other_.reset();
    PostgresqlTest::TearDown();
  }

  // How a waiting process sees `conn` as the holder.
  std::string HolderOf(Connection& conn) {
    return "PID " + Scalar(conn, "SELECT pg_backend_pid()::text") +
           " (application_name 'migrate', user migrate_test, client 127.0.0.1)";
  }

  VersionTables tables_{"public", "migrate_version", "migrate_history"};
  std::unique_ptr<PostgresqlConnection> other_;
};

TEST_F(PostgresqlLockTest, SecondConnectionTimesOutNamingTheHolder) {
  auto held = dialect().AcquireMigrationLock(*conn_, tables_, {});
  ASSERT_TRUE(held.has_value()) << held.status().ToString();

  std::vector<std::string> waits;
  LockOptions options;
  options.timeout = std::chrono::milliseconds(300);
  options.on_wait = [&](const std::string& holder) { waits.push_back(holder); };
  auto start = std::chrono::steady_clock::now();
  auto second = dialect().AcquireMigrationLock(*other_, tables_, options);
  auto waited = std::chrono::steady_clock::now() - start;

  ASSERT_FALSE(second.has_value());
  const std::string holder = HolderOf(*conn_);
  const std::string pid = Scalar(*conn_, "SELECT pg_backend_pid()::text");
  EXPECT_EQ(second.error().code(), StatusCode::kTimeout);
  EXPECT_EQ(second.error().ToString(),
            "timed out after 300ms waiting for the migration lock on \"public\".\"migrate_version\", "
            "held by " + holder +
                ": another migrate is still running, or an interrupted one left its session "
                "open; wait for it, or end that session with SELECT pg_terminate_backend(" +
                pid + ");");
  EXPECT_EQ(waits, std::vector<std::string>{holder}) << "on_wait is called exactly once";
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_LT(waited, std::chrono::milliseconds(2000));
}

TEST_F(PostgresqlLockTest, ReleasedWhenTheLockIsDestroyed) {
  {
    auto held = dialect().AcquireMigrationLock(*conn_, tables_, {});
    ASSERT_TRUE(held.has_value()) << held.status().ToString();
    LockOptions now;
    now.timeout = std::chrono::milliseconds(0);
    EXPECT_EQ(dialect().AcquireMigrationLock(*other_, tables_, now).status().code(),
              StatusCode::kTimeout);
  }
  LockOptions now;
  now.timeout = std::chrono::milliseconds(0);
  auto second = dialect().AcquireMigrationLock(*other_, tables_, now);
  EXPECT_TRUE(second.has_value()) << second.status().ToString();
}

TEST_F(PostgresqlLockTest, WaiterGetsTheLockWhenTheHolderReleasesIt) {
  auto held = dialect().AcquireMigrationLock(*conn_, tables_, {});
  ASSERT_TRUE(held.has_value()) << held.status().ToString();
  std::atomic<int> waits{0};
  base::Result<std::unique_ptr<MigrationLock>> second = base::Status::Internal("not run");
  std::thread waiter([&] {
    LockOptions options;
    options.timeout = std::chrono::seconds(10);
    options.on_wait = [&](const std::string&) { ++waits; };
    second = dialect().AcquireMigrationLock(*other_, tables_, options);
  });
  while (waits.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  held->reset();
  waiter.join();
  EXPECT_TRUE(second.has_value()) << second.status().ToString();
  EXPECT_EQ(waits.load(), 1);
}

TEST_F(PostgresqlLockTest, ReleasedWhenTheHoldingSessionDies) {
  auto held = dialect().AcquireMigrationLock(*conn_, tables_, {});
  ASSERT_TRUE(held.has_value()) << held.status().ToString();
  Terminate(*conn_);
  LockOptions options;
  options.timeout = std::chrono::seconds(10);
  auto second = dialect().AcquireMigrationLock(*other_, tables_, options);
  EXPECT_TRUE(second.has_value()) << second.status().ToString();
  held->reset();  // its unlock fails quietly on the dead connection
}

TEST_F(PostgresqlLockTest, OtherVersionTablesHaveTheirOwnLock) {
  auto held = dialect().AcquireMigrationLock(*conn_, tables_, {});
  ASSERT_TRUE(held.has_value()) << held.status().ToString();
  LockOptions now;
  now.timeout = std::chrono::milliseconds(0);
  VersionTables elsewhere{"app", "migrate_version", "migrate_history"};
  EXPECT_TRUE(dialect().AcquireMigrationLock(*other_, elsewhere, now).has_value());
  VersionTables renamed{"public", "schema_version", "migrate_history"};
  EXPECT_TRUE(dialect().AcquireMigrationLock(*other_, renamed, now).has_value());
}

TEST(PostgresqlLockKeyTest, IsStable) {
  // Changing the key would let an old and a new migrate run at once.
  EXPECT_EQ(MigrationLockKey({"public", "migrate_version", "migrate_history"}),
            MigrationLockKey({"public", "migrate_version", "other_history"}));
  EXPECT_NE(MigrationLockKey({"public", "migrate_version", ""}),
            MigrationLockKey({"Public", "migrate_version", ""}));
  EXPECT_EQ(MigrationLockKey({"public", "migrate_version", ""}), INT64_C(7212339227586558433));
}

// ===========================================================================
// The dialect

using PostgresqlDialectTest = PostgresqlTest;

ObjectName Name(std::string name, bool quoted = false) {
  return ObjectName{{}, Identifier{std::move(name), quoted}};
}
ObjectName Qualified(std::string schema, std::string name, bool quoted = false) {
  return ObjectName{Identifier{std::move(schema), false}, Identifier{std::move(name), quoted}};
}

TEST_F(PostgresqlDialectTest, NameAndQuoting) {
  EXPECT_EQ(dialect().Name(), "postgresql");
  EXPECT_TRUE(dialect().Splitter().dollar_quotes);
  EXPECT_FALSE(dialect().Splitter().trigger_bodies);
  EXPECT_EQ(dialect().QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(dialect().QualifiedTable({"my schema", "v", "h"}, "v"), "\"my schema\".\"v\"");
  EXPECT_EQ(FoldIdentifier({"MixedCase", false}), "mixedcase");
  EXPECT_EQ(FoldIdentifier({"MixedCase", true}), "MixedCase");
  EXPECT_EQ(FoldIdentifier({std::string(70, 'X'), false}), std::string(63, 'x'));
  // 31 two-byte characters then one more: cut before it, not through it.
  std::string accented;
  for (int i = 0; i < 32; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(FoldIdentifier({accented, true}), accented.substr(0, 62));
}

TEST_F(PostgresqlDialectTest, RelationsByKind) {
  MustExecute(*conn_, "CREATE TABLE t (id int PRIMARY KEY, name text)");
  MustExecute(*conn_, "CREATE INDEX t_name ON t (name)");
  MustExecute(*conn_, "CREATE VIEW v AS SELECT id FROM t");
  MustExecute(*conn_, "CREATE MATERIALIZED VIEW m AS SELECT id FROM t");
  MustExecute(*conn_, "CREATE SEQUENCE s");
  MustExecute(*conn_, "CREATE TABLE parted (d date) PARTITION BY RANGE (d)");
  MustExecute(*conn_, "CREATE INDEX parted_d ON parted (d)");

  struct Case {
    ObjectKind kind;
    std::string name;
    bool exists;
  };
  const std::vector<Case> cases = {
      {ObjectKind::kTable, "t", true},       {ObjectKind::kTable, "parted", true},
      {ObjectKind::kTable, "v", false},      {ObjectKind::kTable, "t_name", false},
      {ObjectKind::kTable, "nope", false},   {ObjectKind::kIndex, "t_name", true},
      {ObjectKind::kIndex, "t_pkey", true},  {ObjectKind::kIndex, "parted_d", true},
      {ObjectKind::kIndex, "t", false},      {ObjectKind::kView, "v", true},
      {ObjectKind::kView, "m", false},       {ObjectKind::kMaterializedView, "m", true},
      {ObjectKind::kMaterializedView, "v", false}, {ObjectKind::kSequence, "s", true},
      {ObjectKind::kSequence, "t", false},
  };
  for (const Case& c : cases) {
    auto exists = dialect().ObjectExists(*conn_, c.kind, Name(c.name));
    ASSERT_TRUE(exists.has_value()) << exists.status().ToString();
    EXPECT_EQ(*exists, c.exists) << script::ObjectKindName(c.kind) << " " << c.name;
  }
}

TEST_F(PostgresqlDialectTest, NamesFoldAsThePostgresqlParserFoldsThem) {
  MustExecute(*conn_, "CREATE TABLE Plain (Id int)");
  MustExecute(*conn_, "CREATE TABLE \"Quoted\" (\"Id\" int)");
  auto exists = [&](ObjectKind kind, ObjectName name, Identifier column = {}) {
    auto r = dialect().ObjectExists(*conn_, kind, name, column);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  };
  EXPECT_TRUE(exists(ObjectKind::kTable, Name("PLAIN")));
  EXPECT_TRUE(exists(ObjectKind::kTable, Name("plain", true)));
  EXPECT_FALSE(exists(ObjectKind::kTable, Name("Plain", true)));
  EXPECT_TRUE(exists(ObjectKind::kTable, Name("Quoted", true)));
  EXPECT_FALSE(exists(ObjectKind::kTable, Name("Quoted")));
  EXPECT_TRUE(exists(ObjectKind::kColumn, Name("plain"), Identifier{"ID", false}));
  EXPECT_FALSE(exists(ObjectKind::kColumn, Name("plain"), Identifier{"Id", true}));
  EXPECT_TRUE(exists(ObjectKind::kColumn, Name("Quoted", true), Identifier{"Id", true}));
  EXPECT_FALSE(exists(ObjectKind::kColumn, Name("Quoted", true), Identifier{"id", false}));
  EXPECT_FALSE(exists(ObjectKind::kColumn, Name("plain"), Identifier{"nope", false}));
  EXPECT_FALSE(exists(ObjectKind::kColumn, Name("nope"), Identifier{"id", false}));
  // Names that would need quoting in SQL are never a syntax error here.
  EXPECT_FALSE(exists(ObjectKind::kTable, Name("a\"b.c d", true)));
  EXPECT_FALSE(exists(ObjectKind::kTable, Qualified("no such schema", "t")));
}

TEST_F(PostgresqlDialectTest, UnqualifiedNamesFollowTheSearchPath) {
  MustExecute(*conn_, "CREATE SCHEMA app");
  MustExecute(*conn_, "CREATE TABLE app.things (id int)");
  MustExecute(*conn_, "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  MustExecute(*conn_, "CREATE TYPE app.mood AS ENUM ('ok')");
  auto exists = [&](ObjectKind kind, ObjectName name) {
    auto r = dialect().ObjectExists(*conn_, kind, name);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  };
  EXPECT_TRUE(exists(ObjectKind::kTable, Qualified("app", "things")));
  EXPECT_TRUE(exists(ObjectKind::kTable, Qualified("APP", "THINGS")));
  EXPECT_FALSE(exists(ObjectKind::kTable, Qualified("public", "things")));
  EXPECT_FALSE(exists(ObjectKind::kTable, Name("things")));
  EXPECT_FALSE(exists(ObjectKind::kFunction, Name("f")));
  EXPECT_FALSE(exists(ObjectKind::kType, Name("mood")));
  MustExecute(*conn_, "SET search_path TO app, public");
  EXPECT_TRUE(exists(ObjectKind::kTable, Name("things")));
  EXPECT_TRUE(exists(ObjectKind::kFunction, Name("f")));
  EXPECT_TRUE(exists(ObjectKind::kType, Name("mood")));
  EXPECT_TRUE(exists(ObjectKind::kFunction, Qualified("app", "f")));
  EXPECT_FALSE(exists(ObjectKind::kFunction, Qualified("public", "f")));
}

TEST_F(PostgresqlDialectTest, TypesFunctionsTriggersSchemasExtensions) {
  MustExecute(*conn_, "CREATE TABLE t (id int)");
  MustExecute(*conn_, "CREATE TYPE mood AS ENUM ('ok', 'sad')");
  MustExecute(*conn_, "CREATE TYPE pair AS (a int, b int)");
  MustExecute(*conn_,
              "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN RETURN NEW; END $$");
  MustExecute(*conn_,
              "CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch()");
  MustExecute(*conn_, "CREATE SCHEMA \"Reports\"");
  MustExecute(*admin_, "CREATE EXTENSION citext");
  auto exists = [&](ObjectKind kind, ObjectName name, Identifier column = {}) {
    auto r = dialect().ObjectExists(*conn_, kind, name, column);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  };
  EXPECT_TRUE(exists(ObjectKind::kType, Name("mood")));
  EXPECT_TRUE(exists(ObjectKind::kType, Name("pair")));
  EXPECT_TRUE(exists(ObjectKind::kType, Name("integer")));
  EXPECT_TRUE(exists(ObjectKind::kType, Qualified("public", "MOOD")));
  EXPECT_FALSE(exists(ObjectKind::kType, Name("t"))) << "a table's row type is not a type";
  EXPECT_FALSE(exists(ObjectKind::kType, Name("nope")));
  EXPECT_TRUE(exists(ObjectKind::kFunction, Name("touch")));
  EXPECT_TRUE(exists(ObjectKind::kFunction, Name("now"))) << "pg_catalog is always searched";
  EXPECT_FALSE(exists(ObjectKind::kFunction, Name("nope")));
  EXPECT_TRUE(exists(ObjectKind::kTrigger, Name("t_touch")));
  EXPECT_TRUE(exists(ObjectKind::kTrigger, Qualified("public", "t_touch")));
  EXPECT_TRUE(exists(ObjectKind::kTrigger, Name("t"), Identifier{"T_TOUCH", false}));
  EXPECT_FALSE(exists(ObjectKind::kTrigger, Name("t"), Identifier{"other", false}));
  EXPECT_FALSE(exists(ObjectKind::kTrigger, Name("nope")));
  EXPECT_TRUE(exists(ObjectKind::kSchema, Name("Reports", true)));
  EXPECT_FALSE(exists(ObjectKind::kSchema, Name("Reports")));
  EXPECT_TRUE(exists(ObjectKind::kSchema, Name("public")));
  EXPECT_TRUE(exists(ObjectKind::kExtension, Name("citext")));
  EXPECT_TRUE(exists(ObjectKind::kExtension, Name("plpgsql")));
  EXPECT_FALSE(exists(ObjectKind::kExtension, Name("pg_trgm")));
}

TEST_F(PostgresqlDialectTest, TableColumnsInOrderWithoutDroppedOnes) {
  MustExecute(*conn_, "CREATE TABLE t (a int, b int, \"C\" int, d int)");
  MustExecute(*conn_, "ALTER TABLE t DROP COLUMN b");
  MustExecute(*conn_, "ALTER TABLE t ADD COLUMN e int");
  MustExecute(*conn_, "CREATE TABLE empty ()");
  MustExecute(*conn_, "CREATE VIEW v AS SELECT d, a FROM t");
  using Columns = std::optional<std::vector<std::string>>;
  auto columns = [&](ObjectName name) {
    auto r = dialect().TableColumns(*conn_, name);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() ? *r : Columns(std::vector<std::string>{"(error)"});
  };
  EXPECT_EQ(columns(Name("T")), Columns({"a", "C", "d", "e"}));
  EXPECT_EQ(columns(Name("empty")), Columns(std::vector<std::string>{}));
  EXPECT_EQ(columns(Name("v")), Columns({"d", "a"}));
  EXPECT_EQ(columns(Name("nope")), std::nullopt);
  EXPECT_EQ(columns(Name("t_pkey")), std::nullopt);
}

TEST_F(PostgresqlDialectTest, ChangeMarkerMovesOnlyWhenTheTransactionWrites) {
  MustExecute(*conn_, "CREATE TABLE t (x int)");
  // Between autocommitted statements it is the next transaction id, which a
  // committed write moves and a read does not.
  auto idle = dialect().ChangeMarker(*conn_);
  ASSERT_TRUE(idle.has_value()) << idle.status().ToString();
  MustExecute(*conn_, "SELECT count(*) FROM t");
  EXPECT_EQ(*dialect().ChangeMarker(*conn_), *idle);
  MustExecute(*conn_, "INSERT INTO t VALUES (1)");
  EXPECT_NE(*dialect().ChangeMarker(*conn_), *idle);
  MustExecute(*conn_, "DELETE FROM t");

  // Reads and settings write nothing.
  ASSERT_TRUE(conn_->Begin().ok());
  auto before = dialect().ChangeMarker(*conn_);
  ASSERT_TRUE(before.has_value()) << before.status().ToString();
  EXPECT_EQ(*before, "");
  MustExecute(*conn_, "SELECT * FROM t");
  MustExecute(*conn_, "SET search_path TO public");
  MustExecute(*conn_, "SET LOCAL statement_timeout = '5s'");
  MustExecute(*conn_, "SELECT set_config('application_name', 'x', true)");
  EXPECT_EQ(*dialect().ChangeMarker(*conn_), "");
  ASSERT_TRUE(conn_->Rollback().ok());

  const std::vector<std::string> writes = {
      "CREATE TABLE u (x int)",
      "COMMENT ON TABLE t IS 'hello'",
      "GRANT SELECT ON t TO PUBLIC",
      "INSERT INTO t VALUES (1)",
      "CREATE INDEX ON t (x)",
  };
  for (const std::string& write : writes) {
    ASSERT_TRUE(conn_->Begin().ok());
    MustExecute(*conn_, write);
    auto after = dialect().ChangeMarker(*conn_);
    ASSERT_TRUE(after.has_value()) << after.status().ToString();
    EXPECT_NE(*after, "") << write;
    ASSERT_TRUE(conn_->Rollback().ok());
  }
}

TEST_F(PostgresqlDialectTest, ExtensionStatesForTheApplicationRole) {
  using A = ExtensionState::Availability;
  const std::string database = db_->name();

  // pg_trgm is trusted, and migrate_test owns the database (so has CREATE).
  auto trgm = dialect().CheckExtension(*conn_, "pg_trgm");
  ASSERT_TRUE(trgm.has_value()) << trgm.status().ToString();
  EXPECT_EQ(trgm->availability, A::kCreatable);
  const std::string trgm_version =
      Scalar(*conn_, "SELECT default_version FROM pg_available_extensions WHERE name = 'pg_trgm'");
  EXPECT_EQ(trgm->explanation, "version " + trgm_version +
                                   " is trusted and role migrate_test has the CREATE privilege "
                                   "on database " + database);

  // pg_stat_statements is not trusted: superusers only. The server agrees.
  auto stats = dialect().CheckExtension(*conn_, "pg_stat_statements");
  ASSERT_TRUE(stats.has_value()) << stats.status().ToString();
  EXPECT_EQ(stats->availability, A::kNotCreatable);
  EXPECT_EQ(stats->explanation,
            "it is available, but only a superuser may create it, and role migrate_test is not "
            "one");
  EXPECT_EQ(stats->fix, "ask a superuser to run, in database " + database +
                            ": CREATE EXTENSION pg_stat_statements;");
  EXPECT_EQ(conn_->Execute("CREATE EXTENSION pg_stat_statements").database()->sqlstate, "42501");

  auto made_up = dialect().CheckExtension(*conn_, "no_such_ext");
  ASSERT_TRUE(made_up.has_value()) << made_up.status().ToString();
  EXPECT_EQ(made_up->availability, A::kUnavailable);
  EXPECT_EQ(made_up->explanation,
            "it is not available on the database server (not in pg_available_extensions)");
  EXPECT_EQ(made_up->fix,
            "install the package that provides it on the database server (contrib modules come "
            "with postgresql-contrib; others are usually named postgresql-15-no_such_ext), then "
            "run CREATE EXTENSION no_such_ext;");

  auto sqlite_only = dialect().CheckExtension(*conn_, "fts5");
  ASSERT_TRUE(sqlite_only.has_value()) << sqlite_only.status().ToString();
  EXPECT_EQ(sqlite_only->availability, A::kNotApplicable);

  // What the check said is creatable, is.
  MustExecute(*conn_, "CREATE EXTENSION pg_trgm");
  auto installed = dialect().CheckExtension(*conn_, "pg_trgm");
  ASSERT_TRUE(installed.has_value()) << installed.status().ToString();
  EXPECT_EQ(installed->availability, A::kInstalled);
  EXPECT_EQ(installed->explanation, "version " + trgm_version + " is installed");
}

TEST_F(PostgresqlDialectTest, TrustedExtensionNeedsCreateOnTheDatabase) {
  using A = ExtensionState::Availability;
  const std::string database = db_->name();
  MustExecute(*admin_, "REVOKE CREATE ON DATABASE \"" + database + "\" FROM migrate_test");
  auto uuid = dialect().CheckExtension(*conn_, "uuid-ossp");
  ASSERT_TRUE(uuid.has_value()) << uuid.status().ToString();
  EXPECT_EQ(uuid->availability, A::kNotCreatable);
  EXPECT_EQ(uuid->explanation, "it is trusted, but role migrate_test lacks the CREATE privilege "
                               "on database " + database);
  EXPECT_EQ(uuid->fix, "ask the owner of database " + database +
                           " to run: GRANT CREATE ON DATABASE \"" + database +
                           "\" TO \"migrate_test\"; (or a superuser to run: CREATE EXTENSION "
                           "\"uuid-ossp\";)");
  EXPECT_EQ(conn_->Execute("CREATE EXTENSION \"uuid-ossp\"").database()->sqlstate, "42501");
}

TEST_F(PostgresqlDialectTest, SuperuserMayCreateAnyAvailableExtension) {
  auto stats = dialect().CheckExtension(*admin_, "pg_stat_statements");
  ASSERT_TRUE(stats.has_value()) << stats.status().ToString();
  EXPECT_EQ(stats->availability, ExtensionState::Availability::kCreatable);
  MustExecute(*admin_, "CREATE EXTENSION pg_stat_statements");
}

TEST_F(PostgresqlDialectTest, RefusedInTransactionFromTheText) {
  const std::string database = db_->name();
  struct Case {
    std::string statement;
    std::optional<std::string> reason;
  };
  auto cannot = [](const std::string& what) {
    return std::optional<std::string>(what + " cannot run inside a transaction block");
  };
  const std::vector<Case> cases = {
      {"VACUUM t", cannot("VACUUM")},
      {"vacuum (analyze) t", cannot("VACUUM")},
      {"/* a comment */ -- and another\n  VACUUM", cannot("VACUUM")},
      {"CREATE INDEX CONCURRENTLY i ON t (x)", cannot("CREATE INDEX CONCURRENTLY")},
      {"create unique index concurrently if not exists i on t (x)",
       cannot("CREATE INDEX CONCURRENTLY")},
      {"DROP INDEX CONCURRENTLY IF EXISTS i", cannot("DROP INDEX CONCURRENTLY")},
      {"REINDEX TABLE CONCURRENTLY t", cannot("REINDEX CONCURRENTLY")},
      {"REINDEX (VERBOSE, CONCURRENTLY) TABLE t", cannot("REINDEX CONCURRENTLY")},
      {"REINDEX SCHEMA public", cannot("REINDEX SCHEMA")},
      {"REINDEX DATABASE \"" + database + "\"", cannot("REINDEX DATABASE")},
      {"CREATE DATABASE other", cannot("CREATE DATABASE")},
      {"DROP DATABASE IF EXISTS other", cannot("DROP DATABASE")},
      {"CREATE TABLESPACE ts LOCATION '/nonexistent'", cannot("CREATE TABLESPACE")},
      {"DROP TABLESPACE IF EXISTS ts", cannot("DROP TABLESPACE")},
      {"ALTER DATABASE \"" + database + "\" SET TABLESPACE pg_default",
       cannot("ALTER DATABASE ... SET TABLESPACE")},
      {"ALTER SYSTEM SET work_mem = '8MB'", cannot("ALTER SYSTEM")},
      {"CLUSTER", cannot("CLUSTER without a table name")},
      {"CLUSTER VERBOSE", cannot("CLUSTER without a table name")},
      {"DISCARD ALL", cannot("DISCARD ALL")},
      {"COMMIT PREPARED 'x'", cannot("COMMIT PREPARED")},
      {"ROLLBACK PREPARED 'x'", cannot("ROLLBACK PREPARED")},
      {"CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p",
       cannot("CREATE SUBSCRIPTION (which creates a replication slot)")},
      // Accepted in a transaction.
      {"CREATE INDEX i ON t (x)", std::nullopt},
      {"CREATE INDEX \"concurrently\" ON t (x)", std::nullopt},
      {"REINDEX TABLE t", std::nullopt},
      {"REINDEX (CONCURRENTLY false) TABLE t", std::nullopt},
      {"CLUSTER t USING t_x", std::nullopt},
      {"ANALYZE t", std::nullopt},
      {"ALTER DATABASE \"" + database + "\" SET work_mem = '8MB'", std::nullopt},
      {"SELECT 'VACUUM'", std::nullopt},
      {"-- VACUUM\nSELECT 1", std::nullopt},
      {"DO $$ BEGIN PERFORM 1; END $$", std::nullopt},
      {"DISCARD TEMP", std::nullopt},
      {"CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p WITH (connect = false)",
       std::nullopt},
  };
  MustExecute(*conn_, "CREATE TABLE t (x int)");
  MustExecute(*conn_, "CREATE INDEX t_x ON t (x)");
  for (const Case& c : cases) {
    EXPECT_EQ(dialect().RefusedInTransaction(c.statement), c.reason) << c.statement;
    // The server agrees: what we refuse fails in a transaction block with
    // 25001 (active_sql_transaction); nothing else fails that way.
    Connection& runner = *admin_;
    ASSERT_TRUE(runner.Begin().ok());
    base::Status s = runner.Execute(c.statement);
    const std::string sqlstate = s.ok() ? "" : s.database()->sqlstate;
    if (c.reason) {
      EXPECT_EQ(sqlstate, "25001") << c.statement << ": " << s.ToString();
    } else {
      EXPECT_NE(sqlstate, "25001") << c.statement << ": " << s.ToString();
    }
    ASSERT_TRUE(runner.Rollback().ok());
  }
  // Outside a transaction they run (Execute's extended-protocol statement is
  // not a transaction block).
  MustExecute(*conn_, "CREATE INDEX CONCURRENTLY t_x2 ON t (x)");
  MustExecute(*conn_, "REINDEX TABLE CONCURRENTLY t");
  MustExecute(*conn_, "DROP INDEX CONCURRENTLY t_x2");
  MustExecute(*conn_, "VACUUM t");
}

TEST_F(PostgresqlDialectTest, RefusesTransactionControl) {
  const std::string suffix =
      " would end (or be ignored inside) the transaction migrate runs the migration in";
  EXPECT_EQ(dialect().RefusedInTransaction("COMMIT"), "COMMIT" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("begin"), "BEGIN" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
            "START TRANSACTION" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("rollback"), "ROLLBACK" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("END"), "END" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("PREPARE TRANSACTION 'x'"),
            "PREPARE TRANSACTION" + suffix);
  EXPECT_EQ(dialect().RefusedInTransaction("ROLLBACK TO SAVEPOINT a"), std::nullopt);
  EXPECT_EQ(dialect().RefusedInTransaction("SAVEPOINT a"), std::nullopt);
  EXPECT_EQ(dialect().RefusedInTransaction("PREPARE q AS SELECT 1"), std::nullopt);
}

TEST_F(PostgresqlDialectTest, ResetSessionUndoesSettingsButKeepsTheLock) {
  const std::string role = db_->name() + "_r";
  MustExecute(*admin_, "CREATE ROLE \"" + role + "\"");
  MustExecute(*admin_, "GRANT \"" + role + "\" TO migrate_test");
  const std::string default_timezone = Scalar(*conn_, "SHOW timezone");
  const std::string default_path = Scalar(*conn_, "SHOW search_path");

  VersionTables tables{"public", "migrate_version", "migrate_history"};
  auto lock = dialect().AcquireMigrationLock(*conn_, tables, {});
  ASSERT_TRUE(lock.has_value()) << lock.status().ToString();
  MustExecute(*conn_, "SET search_path TO pg_catalog");
  MustExecute(*conn_, "SET timezone TO 'Asia/Tokyo'");
  MustExecute(*conn_, "SET ROLE \"" + role + "\"");
  MustExecute(*conn_, "CREATE TEMP TABLE scratch (x int)");
  MustExecute(*conn_, "PREPARE q AS SELECT 1");
  EXPECT_EQ(Scalar(*conn_, "SELECT current_user::text"), role);

  base::Status reset = dialect().ResetSession(*conn_);
  ASSERT_TRUE(reset.ok()) << reset.ToString();
  EXPECT_EQ(Scalar(*conn_, "SHOW search_path"), default_path);
  EXPECT_EQ(Scalar(*conn_, "SHOW timezone"), default_timezone);
  EXPECT_EQ(Scalar(*conn_, "SELECT current_user::text"), "migrate_test");
  EXPECT_EQ(Scalar(*conn_, "SELECT (to_regclass('pg_temp.scratch') IS NULL)::text"), "true");
  EXPECT_EQ(Scalar(*conn_, "SELECT count(*)::text FROM pg_prepared_statements"), "0");

  auto other = OpenUrl(db_->url());
  ASSERT_TRUE(other.has_value()) << other.status().ToString();
  LockOptions now;
  now.timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(dialect().AcquireMigrationLock(**other, tables, now).status().code(),
            StatusCode::kTimeout)
      << "the migration lock survives ResetSession";

  lock->reset();
  MustExecute(*admin_, "DROP ROLE \"" + role + "\"");
}

TEST_F(PostgresqlDialectTest, ResetSessionRequiresNoTransaction) {
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(dialect().ResetSession(*conn_).ToString(),
            "ResetSession() called inside a transaction");
  EXPECT_TRUE(conn_->Rollback().ok());
}

TEST_F(PostgresqlDialectTest, DefaultVersionSchemaIsTheFirstExistingSchemaOfTheSearchPath) {
  EXPECT_EQ(*dialect().DefaultVersionSchema(*conn_), "public");
  MustExecute(*conn_, "CREATE SCHEMA app");
  MustExecute(*conn_, "SET search_path TO nosuch, app, public");
  EXPECT_EQ(*dialect().DefaultVersionSchema(*conn_), "app");
  MustExecute(*conn_, "SET search_path TO nosuch, \"Other\"");
  auto none = dialect().DefaultVersionSchema(*conn_);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.error().ToString(),
            "the search_path (nosuch, \"Other\") names no existing schema, so there is no default "
            "schema for the version tables; create one of its schemas, fix the search_path, or "
            "set version_table_schema");
}

TEST_F(PostgresqlDialectTest, SchemasWithTableLooksEverywhereButTemporarySchemas) {
  EXPECT_EQ(*dialect().SchemasWithTable(*conn_, "migrate_version"), std::vector<std::string>{});
  MustExecute(*conn_, "CREATE SCHEMA \"Zed\"");
  MustExecute(*conn_, "CREATE SCHEMA app");
  MustExecute(*conn_, "CREATE TABLE \"Zed\".migrate_version (version_num text)");
  MustExecute(*conn_, "CREATE TABLE app.migrate_version (version_num text)");
  MustExecute(*conn_, "CREATE TEMP TABLE migrate_version (version_num text)");
  MustExecute(*conn_, "CREATE VIEW public.migrate_version AS SELECT 1 AS version_num");
  MustExecute(*conn_, "CREATE TABLE public.\"Migrate_Version\" (version_num text)");
  // Off the search_path, a temporary table, a view and another spelling left out.
  MustExecute(*conn_, "SET search_path TO public");
  EXPECT_EQ(*dialect().SchemasWithTable(*conn_, "migrate_version"),
            (std::vector<std::string>{"Zed", "app"}));
}

TEST_F(PostgresqlDialectTest, CurrentUser) {
  EXPECT_EQ(*dialect().CurrentUser(*conn_), "migrate_test");
}

TEST_F(PostgresqlDialectTest, VersionTablesDdlRunsTwiceQuietlyAndTakesTextParameters) {
  MustExecute(*conn_, "CREATE SCHEMA \"Ops\"");
  VersionTables tables{"Ops", "migrate_version", "migrate_history"};
  const std::vector<std::string> ddl = dialect().VersionTablesDdl(tables);
  ASSERT_EQ(ddl.size(), 2u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE IF NOT EXISTS \"Ops\".\"migrate_version\" "
            "(version_num VARCHAR(64) NOT NULL PRIMARY KEY)");
  ::testing::internal::CaptureStderr();
  for (int round = 0; round < 2; ++round) {
    for (const std::string& statement : ddl) MustExecute(*conn_, statement);
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");

  const std::string history = dialect().QualifiedTable(tables, tables.history);
  EXPECT_EQ(history, "\"Ops\".\"migrate_history\"");
  auto inserted = conn_->Query(
      "INSERT INTO " + history +
          " (revision, direction, checksum, started_at, finished_at, duration_ms, success, "
          "error, error_location, db_user, host, pid, tool_version) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id::text",
      {"1f737760963f", "upgrade", "sha256:ab", "2026-11-22T10:31:07.123Z",
       "2026-11-22T10:31:08.000Z", "877", "0", "boom", "m/1f73.sql:7", "migrate_test", "ci-1",
       "4242", "0.1.0"});
  ASSERT_TRUE(inserted.has_value()) << inserted.status().ToString();
  EXPECT_EQ(inserted->rows, (std::vector<std::vector<Value>>{{"1"}}));
  EXPECT_EQ(Scalar(*conn_, "SELECT success::text || ' ' || (finished_at - started_at)::text FROM " +
                               history),
            "false 00:00:00.877");
  auto version = conn_->Query(
      "INSERT INTO " + dialect().QualifiedTable(tables, tables.version) + " VALUES ($1)",
      {"1f737760963f"});
  EXPECT_TRUE(version.has_value()) << version.status().ToString();
}

// ===========================================================================
// Exact catalog checks (FindObject) and what a transaction did (RowChanges,
// CatalogChanged)

// What FindObject says, as "exists" or the reason it does not.
std::string Finding(const Dialect& dialect, Connection& conn, ObjectKind kind,
                    const ObjectName& name, bool unique = false) {
  base::Result<ObjectFinding> found = dialect.FindObject(conn, kind, name, {}, unique);
  EXPECT_TRUE(found.has_value()) << found.status().ToString();
  if (!found) return "(error)";
  if (found->exists) return found->instead.empty() ? "exists" : "exists, but " + found->instead;
  return found->instead.empty() ? "absent" : found->instead;
}

TEST_F(PostgresqlDialectTest, FindObjectSaysWhatTheNameHoldsInstead) {
  MustExecute(*conn_, "CREATE TABLE t (id int PRIMARY KEY, name text)");
  MustExecute(*conn_, "CREATE VIEW v AS SELECT id FROM t");
  MustExecute(*conn_, "CREATE MATERIALIZED VIEW m AS SELECT id FROM t");
  MustExecute(*conn_, "CREATE SEQUENCE s");
  MustExecute(*conn_, "CREATE TABLE parted (d date) PARTITION BY RANGE (d)");
  MustExecute(*conn_, "CREATE TYPE pair AS (a int, b int)");
  MustExecute(*conn_, "CREATE INDEX t_name ON t (name)");
  MustExecute(*conn_, "CREATE UNIQUE INDEX t_name_unique ON t (name)");
  const Dialect& d = dialect();
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("t")), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("parted")), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("v")), "it is a view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("m")), "it is a materialized view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("s")), "it is a sequence");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("t_pkey")), "it is an index");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("pair")), "it is a composite type");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("nope")), "absent");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kView, Name("t")), "it is a table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kView, Name("parted")), "it is a partitioned table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kMaterializedView, Name("v")), "it is a view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kSequence, Name("t")), "it is a table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("v")), "it is a view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("t_name")), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("t_name"), /*unique=*/true),
            "the index is not unique");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("t_name_unique"), true), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("t_pkey"), true), "exists");
  // ObjectExists is FindObject's `exists`.
  EXPECT_FALSE(*dialect().ObjectExists(*conn_, ObjectKind::kTable, Name("v")));
}

TEST_F(PostgresqlDialectTest, ATemporaryTableIsNotATableAndDoesNotHideTheDurableOne) {
  MustExecute(*conn_, "CREATE TABLE things (id int)");
  MustExecute(*conn_, "CREATE VIEW shown AS SELECT 1 AS one");
  MustExecute(*conn_, "CREATE TEMP TABLE scratch (id int)");
  MustExecute(*conn_, "CREATE INDEX scratch_id ON scratch (id)");
  MustExecute(*conn_, "CREATE TEMP VIEW passing AS SELECT 1 AS one");
  MustExecute(*conn_, "CREATE TEMP SEQUENCE counter");
  // pg_temp comes first in the search_path: these names resolve to the
  // temporary tables in SQL, but the durable objects are still there.
  MustExecute(*conn_, "CREATE TEMP TABLE things (id int)");
  MustExecute(*conn_, "CREATE TEMP TABLE shown (id int)");
  const Dialect& d = dialect();
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("scratch")), "it is a temporary table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kIndex, Name("scratch_id")),
            "it is a temporary index");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kView, Name("passing")), "it is a temporary view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kSequence, Name("counter")),
            "it is a temporary sequence");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Qualified("pg_temp", "scratch")),
            "it is a temporary table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("things")), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Qualified("public", "things")), "exists");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Qualified("pg_temp", "things")),
            "it is a temporary table");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("shown")), "it is a view");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kView, Name("shown")), "exists");
  // A durable table further along the search_path counts; one outside it does not.
  MustExecute(*conn_, "CREATE SCHEMA app");
  MustExecute(*conn_, "CREATE TABLE app.later (id int)");
  MustExecute(*conn_, "CREATE TEMP TABLE later (id int)");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("later")), "it is a temporary table");
  MustExecute(*conn_, "SET search_path TO public, app");
  EXPECT_EQ(Finding(d, *conn_, ObjectKind::kTable, Name("later")), "exists");
}

TEST_F(PostgresqlDialectTest, AnIndexLeftInvalidByAFailedConcurrentBuildIsNoIndex) {
  MustExecute(*conn_, "CREATE TABLE dup (x int)");
  MustExecute(*conn_, "INSERT INTO dup VALUES (1), (1)");
  base::Status failed = conn_->Execute("CREATE UNIQUE INDEX CONCURRENTLY dup_x ON dup (x)");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Scalar(*conn_, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'dup_x'::regclass"),
            "false");
  const std::string invalid =
      "the index is not valid (a failed CREATE INDEX CONCURRENTLY leaves an invalid index "
      "behind; drop it and create it again)";
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("dup_x")), invalid);
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("dup_x"), true), invalid);
  // Fixing the data does not make the index valid.
  MustExecute(*conn_, "DELETE FROM dup WHERE ctid = (SELECT max(ctid) FROM dup)");
  MustExecute(*conn_, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS dup_x ON dup (x)");
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("dup_x"), true), invalid);
  MustExecute(*conn_, "REINDEX INDEX dup_x");
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("dup_x"), true), "exists");

  // A partitioned index created ON ONLY the parent is invalid until every
  // partition has one attached.
  MustExecute(*conn_, "CREATE TABLE parted (d int) PARTITION BY RANGE (d)");
  MustExecute(*conn_, "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10)");
  MustExecute(*conn_, "CREATE INDEX parted_d ON ONLY parted (d)");
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("parted_d")),
            "the partitioned index is not valid (some partition has no index attached to it; "
            "create one and attach it with ALTER INDEX ... ATTACH PARTITION)");
  MustExecute(*conn_, "CREATE INDEX parted_1_d ON parted_1 (d)");
  MustExecute(*conn_, "ALTER INDEX parted_d ATTACH PARTITION parted_1_d");
  EXPECT_EQ(Finding(dialect(), *conn_, ObjectKind::kIndex, Name("parted_d")), "exists");
}

// A transaction observed from its start, as the runner observes a migration.
class PostgresqlObservationTest : public PostgresqlTest {
 protected:
  void SetUp() override {
    PostgresqlTest::SetUp();
    // Schema and rows come from another session, so that this one's
    // counters start from zero.
    auto setup = OpenUrl(db_->url());
    ASSERT_TRUE(setup.has_value()) << setup.status().ToString();
    setup_ = *std::move(setup);
  }

  void BeginObserved() {
    ASSERT_TRUE(conn_->Begin().ok());
    base::Status observing = dialect().BeginObserving(*conn_);
    ASSERT_TRUE(observing.ok()) << observing.ToString();
  }

  base::RowLedger Ledger() {
    base::Result<base::RowLedger> ledger = dialect().RowChanges(*conn_);
    EXPECT_TRUE(ledger.has_value()) << ledger.status().ToString();
    return ledger.has_value() ? *ledger : base::RowLedger{{"(error)", 0, 0, 0, -1}};
  }

  // What CatalogChanged says after `statements`, each run in a fresh
  // observed transaction that is then rolled back; "(error)" if it fails.
  std::string CatalogChangedBy(const std::vector<std::string>& statements) {
    BeginObserved();
    for (const std::string& sql : statements) {
      base::Status s = conn_->Execute(sql);
      EXPECT_TRUE(s.ok()) << sql << ": " << s.ToString();
    }
    base::Result<bool> changed = dialect().CatalogChanged(*conn_);
    EXPECT_TRUE(changed.has_value()) << changed.status().ToString();
    EXPECT_TRUE(conn_->Rollback().ok());
    if (!changed) return "(error)";
    return *changed ? "changed" : "unchanged";
  }

  std::unique_ptr<PostgresqlConnection> setup_;
};

TEST_F(PostgresqlObservationTest, RowChangesCountCascadesAndTriggersButNotTemporaryTables) {
  for (const char* sql : {
           "CREATE SCHEMA sales",
           "CREATE TABLE parent (id int PRIMARY KEY)",
           "CREATE TABLE child (id int PRIMARY KEY, "
           "                    parent_id int REFERENCES parent ON DELETE CASCADE)",
           "CREATE TABLE sales.audit (what text)",
           "CREATE TABLE untouched (id int)",
           "CREATE FUNCTION log_delete() RETURNS trigger LANGUAGE plpgsql AS "
           "$$ BEGIN INSERT INTO sales.audit VALUES ('deleted ' || OLD.id); RETURN OLD; END $$",
           "CREATE TRIGGER parent_deleted AFTER DELETE ON parent "
           "FOR EACH ROW EXECUTE FUNCTION log_delete()",
           "INSERT INTO parent VALUES (1), (2), (3)",
           "INSERT INTO child VALUES (10, 1), (11, 1), (12, 2)",
           "INSERT INTO untouched VALUES (1)",
       }) {
    MustExecute(*setup_, sql);
  }
  BeginObserved();
  EXPECT_EQ(Ledger(), base::RowLedger{});
  MustExecute(*conn_, "CREATE TEMP TABLE scratch (x int)");
  MustExecute(*conn_, "INSERT INTO scratch VALUES (1), (2)");
  MustExecute(*conn_, "SELECT * FROM untouched FOR UPDATE");
  MustExecute(*conn_, "UPDATE parent SET id = id WHERE id = 3");
  MustExecute(*conn_, "DELETE FROM parent WHERE id = 1");
  MustExecute(*conn_, "INSERT INTO parent VALUES (4)");
  EXPECT_EQ(Ledger(), (base::RowLedger{
                          {"child", 0, 0, 2, -1},
                          {"parent", 1, 1, 1, -1},
                          {"sales.audit", 1, 0, 0, -1},
                      }));
  // Names are relative to the search_path of the moment.
  MustExecute(*conn_, "SET LOCAL search_path TO sales, public");
  EXPECT_EQ(Ledger(), (base::RowLedger{
                          {"audit", 1, 0, 0, -1},
                          {"public.child", 0, 0, 2, -1},
                          {"public.parent", 1, 1, 1, -1},
                      }));
  ASSERT_TRUE(conn_->Commit().ok());

  // The next observed transaction starts from zero, though the server has
  // had no idle second to flush the counters on its own.
  BeginObserved();
  EXPECT_EQ(Ledger(), base::RowLedger{});
  MustExecute(*conn_, "INSERT INTO parent VALUES (5)");
  EXPECT_EQ(Ledger(), (base::RowLedger{{"parent", 1, 0, 0, -1}}));
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(PostgresqlObservationTest, RowChangesOfARolledBackSubtransactionAreLeftOut) {
  MustExecute(*setup_, "CREATE TABLE t (id int)");
  MustExecute(*setup_, "CREATE TABLE other (id int)");
  BeginObserved();
  MustExecute(*conn_, "INSERT INTO other VALUES (1)");
  MustExecute(*conn_, "DO $$ BEGIN INSERT INTO t VALUES (1); RAISE EXCEPTION 'undo'; "
                      "EXCEPTION WHEN OTHERS THEN NULL; END $$");
  EXPECT_EQ(Ledger(), (base::RowLedger{{"other", 1, 0, 0, -1}}));
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(PostgresqlObservationTest, CatalogChangedOnlyByDurableWrites) {
  MustExecute(*setup_, "CREATE TABLE t (id int)");
  MustExecute(*setup_, "INSERT INTO t VALUES (1)");
  MustExecute(*setup_, "CREATE SEQUENCE s");

  // Nothing written at all; rows only; a row lock (which assigns a
  // transaction id); temporary objects; statistics; a sequence advanced.
  EXPECT_EQ(CatalogChangedBy({}), "unchanged");
  EXPECT_EQ(CatalogChangedBy({"SELECT * FROM t"}), "unchanged");
  EXPECT_EQ(CatalogChangedBy({"INSERT INTO t VALUES (2)", "UPDATE t SET id = 3 WHERE id = 1"}),
            "unchanged");
  EXPECT_EQ(CatalogChangedBy({"SELECT * FROM t FOR UPDATE"}), "unchanged");
  EXPECT_EQ(CatalogChangedBy({"CREATE TEMP TABLE scratch (id serial PRIMARY KEY, "
                              "note text DEFAULT 'x' CHECK (note <> ''))",
                              "CREATE INDEX ON scratch (note)",
                              "COMMENT ON TABLE scratch IS 'scratch'",
                              "INSERT INTO scratch (note) VALUES ('a')",
                              "CREATE TEMP VIEW scratch_view AS SELECT * FROM scratch",
                              "CREATE FUNCTION pg_temp.helper() RETURNS int "
                              "LANGUAGE sql AS 'SELECT 1'"}),
            "unchanged");
  EXPECT_EQ(CatalogChangedBy({"ANALYZE t"}), "unchanged");
  EXPECT_EQ(CatalogChangedBy({"SELECT nextval('s')"}), "unchanged");
  // A DO block that created a table, then raised and swallowed its error:
  // the subtransaction's rows are gone.
  EXPECT_EQ(CatalogChangedBy({"DO $$ BEGIN CREATE TABLE made (x int); RAISE EXCEPTION 'undo'; "
                              "EXCEPTION WHEN OTHERS THEN NULL; END $$"}),
            "unchanged");
  // Dropping only deletes catalog rows, which no query sees any more: drops
  // are checked by their postconditions.
  EXPECT_EQ(CatalogChangedBy({"DROP SEQUENCE s"}), "unchanged");

  // Durable changes, in the transaction or in a subtransaction that committed.
  const std::vector<std::string> changes = {
      "DO $$ BEGIN CREATE TABLE made (x int); END $$",
      "DO $$ BEGIN BEGIN CREATE TABLE made (x int); EXCEPTION WHEN OTHERS THEN NULL; END; "
      "END $$",
      "CREATE TABLE u (x int)",
      "ALTER TABLE t ADD COLUMN note text",
      "CREATE INDEX ON t (id)",
      "CREATE VIEW tv AS SELECT id FROM t",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      "CREATE TYPE mood AS ENUM ('ok')",
      "CREATE SCHEMA elsewhere",
      "GRANT SELECT ON t TO PUBLIC",
      "COMMENT ON TABLE t IS 'hello'",
      "ALTER ROLE migrate_test SET work_mem = '8MB'",
      "ALTER DATABASE " + Scalar(*conn_, "SELECT quote_ident(current_database())") +
          " SET work_mem = '8MB'",
      "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC",
      "ALTER SEQUENCE s INCREMENT BY 2",
      "TRUNCATE t",
  };
  for (const std::string& sql : changes) EXPECT_EQ(CatalogChangedBy({sql}), "changed") << sql;
  // A temporary table beside a durable change does not hide it.
  EXPECT_EQ(CatalogChangedBy({"CREATE TEMP TABLE scratch (x int)", "CREATE TABLE u (x int)"}),
            "changed");
}

TEST_F(PostgresqlObservationTest, CatalogChangedIgnoresWhatEarlierTransactionsWrote) {
  // The session's counters still hold a committed CREATE TABLE (its
  // statistics are flushed at most once a second); a later transaction that
  // only locks a row has changed nothing.
  ASSERT_TRUE(conn_->Begin().ok());
  MustExecute(*conn_, "CREATE TABLE t (id int)");
  MustExecute(*conn_, "INSERT INTO t VALUES (1)");
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(CatalogChangedBy({"SELECT * FROM t FOR UPDATE"}), "unchanged");
  EXPECT_EQ(CatalogChangedBy({"ALTER TABLE t ADD COLUMN x int"}), "changed");
}

}  // namespace
}  // namespace migrate::db

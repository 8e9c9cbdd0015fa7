// SQLite-only behaviour of SqliteConnection and the SQLite dialect; what
// both backends share is in dialect_conformance_test.cc.

#include "migrator/db/sqlite/sqlite_connection.h"

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "migrator/db/open.h"
#include "migrator/db/sqlite/sqlite_dialect.h"
#include "tests/support/temp_dir.h"

namespace migrate::db {
namespace {

using Availability = ExtensionState::Availability;
using script::Identifier;
using script::ObjectKind;
using script::ObjectName;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  // Opens `file` in the test's directory with the URL query `query`.
  std::unique_ptr<Connection> Connect(const std::string& file = "test.db",
                                      const std::string& query = "") {
    base::Result<DatabaseUrl> url = DatabaseUrl::Parse("sqlite:///" + file + query, dir_);
    EXPECT_TRUE(url.has_value()) << url.status().ToString();
    if (!url) return nullptr;
    base::Result<std::unique_ptr<Connection>> conn = Open(*url);
    EXPECT_TRUE(conn.has_value()) << conn.status().ToString();
    return conn ? *std::move(conn) : nullptr;
  }

  // The single value `sql` returns.
  static std::string One(Connection& conn, const std::string& sql) {
    base::Result<Rows> rows = conn.Query(sql);
    EXPECT_TRUE(rows.has_value()) << rows.status().ToString();
    if (!rows || rows->rows.size() != 1 || !rows->rows[0][0]) return "(none)";
    return *rows->rows[0][0];
  }

  testing::TempDir temp_;
  const std::string dir_ = temp_.path();
};

TEST_F(SqliteConnectionTest, ExecuteRefusesASecondStatementAndRunsNothing) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  base::Status s = conn->Execute("CREATE TABLE a (x);\n  CREATE TABLE b (x)");
  EXPECT_EQ(s.code(), base::StatusCode::kInternal);
  EXPECT_EQ(s.ToString(),
            "more than one statement in one call (the statement splitter should have split "
            "them); the second starts at character 23: CREATE TABLE b (x)");
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM sqlite_schema"), "0");
}

TEST_F(SqliteConnectionTest, TrailingSemicolonsAndCommentsAreNotAStatement) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  EXPECT_TRUE(conn->Execute("CREATE TABLE a (x); ; -- done\n /* really */ ").ok());
  EXPECT_TRUE(conn->Execute("-- only a comment").ok());
  EXPECT_TRUE(conn->Execute("").ok());
  EXPECT_TRUE(conn->Execute(std::string_view()).ok());
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM sqlite_schema"), "1");
}

TEST_F(SqliteConnectionTest, ErrorsKeepSqlitesMessageAndPosition) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  base::Status syntax = conn->Execute("SELECT 1 FROM t WHER x = 1");
  EXPECT_EQ(syntax.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(syntax.ToString(), "near \"x\": syntax error");
  ASSERT_TRUE(syntax.database().has_value());
  EXPECT_EQ(syntax.database()->sqlstate, "");
  EXPECT_EQ(syntax.database()->position, 22);

  // The position counts characters, not UTF-8 bytes.
  base::Status missing = conn->Execute("SELECT 'żółw', nowhere");
  EXPECT_EQ(missing.ToString(), "no such column: nowhere");
  ASSERT_TRUE(missing.database().has_value());
  EXPECT_EQ(missing.database()->position, 16);

  // SQLite 3.40 gives no position for an unknown table.
  base::Status table = conn->Execute("SELECT * FROM nowhere");
  EXPECT_EQ(table.ToString(), "no such table: nowhere");
  ASSERT_TRUE(table.database().has_value());
  EXPECT_EQ(table.database()->position, 0);
}

TEST_F(SqliteConnectionTest, RuntimeErrorsHaveNoPosition) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("CREATE TABLE t (x TEXT NOT NULL)").ok());
  base::Status s = conn->Execute("INSERT INTO t VALUES (NULL)");
  EXPECT_EQ(s.ToString(), "NOT NULL constraint failed: t.x");
  ASSERT_TRUE(s.database().has_value());
  EXPECT_EQ(s.database()->position, 0);
}

TEST_F(SqliteConnectionTest, QueryBindsDollarParametersByNumber) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  base::Result<Rows> rows = conn->Query("SELECT $2 || $1 AS joined, $1 AS again, NULL AS empty",
                                        {"a", "b"});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"joined", "again", "empty"}));
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (std::vector<Value>{"ba", "a", std::nullopt}));
}

TEST_F(SqliteConnectionTest, QueryParameterMismatchIsAnError) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(conn->Query("SELECT $1, $3", {"a", "b"}).status().ToString(),
            "statement uses $3 but 2 parameter values were given");
  EXPECT_EQ(conn->Query("SELECT $1", {"a", "b"}).status().ToString(),
            "2 parameter values were given but the statement uses 1");
  EXPECT_EQ(conn->Query("SELECT ?", {"a"}).status().ToString(),
            "statement parameter '?' is not of the form $1, $2, ...");
  EXPECT_EQ(conn->Query("SELECT :name", {"a"}).status().ToString(),
            "statement parameter ':name' is not of the form $1, $2, ...");
}

TEST_F(SqliteConnectionTest, DefaultPragmas) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(One(*conn, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(One(*conn, "PRAGMA busy_timeout"), "5000");
}

TEST_F(SqliteConnectionTest, UrlPragmasOverrideTheDefaults) {
  auto conn = Connect("test.db", "?foreign_keys=off&busy_timeout=250&journal_mode=WAL&cache_size=-1000");
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(One(*conn, "PRAGMA foreign_keys"), "0");
  EXPECT_EQ(One(*conn, "PRAGMA busy_timeout"), "250");
  EXPECT_EQ(One(*conn, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(One(*conn, "PRAGMA cache_size"), "-1000");
  auto* sqlite = dynamic_cast<SqliteConnection*>(conn.get());
  ASSERT_NE(sqlite, nullptr);
  EXPECT_EQ(sqlite->session_pragmas(),
            (std::vector<std::pair<std::string, std::string>>{{"busy_timeout", "250"},
                                                              {"foreign_keys", "off"},
                                                              {"cache_size", "-1000"},
                                                              {"journal_mode", "WAL"}}));
}

TEST_F(SqliteConnectionTest, AJournalModeSqliteCannotUseIsAnError) {
  base::Result<DatabaseUrl> url = DatabaseUrl::Parse("sqlite::memory:?journal_mode=wal", "");
  ASSERT_TRUE(url.has_value());
  base::Result<std::unique_ptr<Connection>> conn = Open(*url);
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().code(), base::StatusCode::kDatabase);
  EXPECT_EQ(conn.error().ToString(),
            "cannot open SQLite database ':memory:': SQLite kept journal_mode 'memory' instead of "
            "'wal'");
}

TEST_F(SqliteConnectionTest, OpenFailureNamesTheFileAndSqlitesReason) {
  base::Result<DatabaseUrl> url = DatabaseUrl::Parse("sqlite:///no/such/dir/app.db", dir_);
  ASSERT_TRUE(url.has_value());
  base::Result<std::unique_ptr<Connection>> conn = Open(*url);
  ASSERT_FALSE(conn.has_value());
  EXPECT_EQ(conn.error().code(), base::StatusCode::kDatabase);
  EXPECT_EQ(conn.error().ToString(),
            "cannot open SQLite database '" + dir_ + "/no/such/dir/app.db': unable to open "
            "database file");
}

TEST_F(SqliteConnectionTest, OddFileNamesReachSqliteIntact) {
  for (std::string name : {"with space.db", "a=b.db", "two  spaces=x.db", "quo\"te.db"}) {
    std::string encoded;
    for (char c : name) {
      encoded += c == ' ' ? std::string("%20") : c == '"' ? std::string("%22") : std::string(1, c);
    }
    auto conn = Connect(encoded);
    ASSERT_NE(conn, nullptr) << name;
    ASSERT_TRUE(conn->Execute("CREATE TABLE t (x)").ok()) << name;
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/" + name)) << name;
  }
}

TEST_F(SqliteConnectionTest, BeginImmediateTakesTheWriteLockAtOnce) {
  auto first = Connect();
  auto second = Connect("test.db", "?busy_timeout=50");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->Begin().ok());
  base::Status s = second->Begin();
  EXPECT_EQ(s.ToString(), "database is locked");
  EXPECT_FALSE(second->InTransaction());
  ASSERT_TRUE(first->Commit().ok());
  EXPECT_TRUE(second->Begin().ok());
  EXPECT_TRUE(second->Rollback().ok());
}

TEST_F(SqliteConnectionTest, TransactionMisuseIsReported) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(conn->Commit().ToString(), "Commit() outside a transaction");
  EXPECT_TRUE(conn->Rollback().ok());  // a no-op
  ASSERT_TRUE(conn->Begin().ok());
  EXPECT_EQ(conn->Begin().ToString(), "Begin() inside a transaction");
  EXPECT_TRUE(conn->InTransaction());
  EXPECT_TRUE(conn->Rollback().ok());
  EXPECT_FALSE(conn->InTransaction());
}

TEST_F(SqliteConnectionTest, FailedCommitLeavesTheTransactionOpen) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("CREATE TABLE p (id INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(
      conn->Execute("CREATE TABLE c (p INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED)").ok());
  ASSERT_TRUE(conn->Begin().ok());
  ASSERT_TRUE(conn->Execute("INSERT INTO c VALUES (1)").ok());
  EXPECT_EQ(conn->Commit().ToString(), "FOREIGN KEY constraint failed");
  EXPECT_TRUE(conn->InTransaction());
  EXPECT_TRUE(conn->Rollback().ok());
  EXPECT_FALSE(conn->InTransaction());
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM c"), "0");
}

TEST_F(SqliteConnectionTest, RollbackEndsATransactionTheMigrationBeganItself) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("BEGIN").ok());
  ASSERT_TRUE(conn->Execute("CREATE TABLE t (x)").ok());
  EXPECT_TRUE(conn->Rollback().ok());
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM sqlite_schema"), "0");
}

TEST_F(SqliteConnectionTest, RedactedUrlIsTheUrlAsWritten) {
  auto conn = Connect("test.db", "?foreign_keys=on");
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(conn->RedactedUrl(), "sqlite:///test.db?foreign_keys=on");
  EXPECT_EQ(&conn->dialect(), &SqliteDialect());
}

// --- The SQLite dialect, where it differs from PostgreSQL ------------------

TEST_F(SqliteConnectionTest, ResetSessionRestoresTheOpeningPragmas) {
  auto conn = Connect("test.db", "?recursive_triggers=on");
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("PRAGMA foreign_keys = off").ok());
  ASSERT_TRUE(conn->Execute("PRAGMA recursive_triggers = off").ok());
  ASSERT_TRUE(conn->Execute("PRAGMA busy_timeout = 1").ok());
  ASSERT_TRUE(SqliteDialect().ResetSession(*conn).ok());
  EXPECT_EQ(One(*conn, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(One(*conn, "PRAGMA recursive_triggers"), "1");
  EXPECT_EQ(One(*conn, "PRAGMA busy_timeout"), "5000");
}

TEST_F(SqliteConnectionTest, ResetSessionLeavesTheJournalModeAMigrationChose) {
  auto conn = Connect("test.db", "?journal_mode=delete");
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Query("PRAGMA journal_mode = wal").has_value());
  ASSERT_TRUE(SqliteDialect().ResetSession(*conn).ok());
  EXPECT_EQ(One(*conn, "PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteConnectionTest, KindsSqliteDoesNotHave) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ObjectName name{{}, {"x", false}};
  EXPECT_EQ(SqliteDialect().ObjectExists(*conn, ObjectKind::kSequence, name).status().ToString(),
            "SQLite has no sequences");
  EXPECT_EQ(SqliteDialect().ObjectExists(*conn, ObjectKind::kType, name).status().ToString(),
            "SQLite has no types");
  EXPECT_EQ(
      SqliteDialect().ObjectExists(*conn, ObjectKind::kMaterializedView, name).status().code(),
      base::StatusCode::kInvalidInput);
  EXPECT_EQ(
      SqliteDialect().ObjectExists(*conn, ObjectKind::kMaterializedView, name).status().ToString(),
      "SQLite has no materialized views");
  EXPECT_EQ(SqliteDialect()
                .ObjectExists(*conn, ObjectKind::kFunction, ObjectName{{"main", false}, {"abs", false}})
                .status()
                .ToString(),
            "SQLite functions belong to the connection, not to a schema: write 'abs' without "
            "'main.'");
}

TEST_F(SqliteConnectionTest, AttachedDatabasesAreSchemas) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("ATTACH DATABASE '" + dir_ + "/other.db' AS Other").ok());
  ASSERT_TRUE(conn->Execute("CREATE TABLE other.audit (at TEXT, what TEXT)").ok());
  ASSERT_TRUE(conn->Execute("CREATE TEMP TABLE scratch (y)").ok());
  ASSERT_TRUE(conn->Execute("CREATE TABLE scratch (z)").ok());
  const Dialect& d = SqliteDialect();

  auto exists = [&](ObjectKind kind, std::string schema, std::string name) {
    base::Result<bool> r =
        d.ObjectExists(*conn, kind, ObjectName{{std::move(schema), false}, {std::move(name), false}});
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  };
  EXPECT_TRUE(exists(ObjectKind::kSchema, "", "other"));
  EXPECT_TRUE(exists(ObjectKind::kSchema, "", "TEMP"));
  EXPECT_FALSE(exists(ObjectKind::kSchema, "", "nowhere"));
  // Unqualified: found in an attached database, which is not the target.
  EXPECT_FALSE(exists(ObjectKind::kTable, "", "audit"));
  EXPECT_TRUE(exists(ObjectKind::kTable, "OTHER", "AUDIT"));
  EXPECT_FALSE(exists(ObjectKind::kTable, "main", "audit"));
  EXPECT_FALSE(exists(ObjectKind::kTable, "nowhere", "audit"));

  // An unqualified name finds temp before main, as SQLite resolves it.
  base::Result<std::optional<std::vector<std::string>>> scratch =
      d.TableColumns(*conn, ObjectName{{}, {"scratch", false}});
  ASSERT_TRUE(scratch.has_value() && scratch->has_value());
  EXPECT_EQ(**scratch, (std::vector<std::string>{"y"}));
  scratch = d.TableColumns(*conn, ObjectName{{"main", false}, {"scratch", false}});
  ASSERT_TRUE(scratch.has_value() && scratch->has_value());
  EXPECT_EQ(**scratch, (std::vector<std::string>{"z"}));
}

TEST_F(SqliteConnectionTest, GeneratedColumnsCountVirtualTableHiddenOnesDoNot) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Execute("CREATE TABLE t (a INTEGER, b INTEGER AS (a * 2))").ok());
  ASSERT_TRUE(conn->Execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)").ok());
  const Dialect& d = SqliteDialect();
  auto t = d.TableColumns(*conn, ObjectName{{}, {"t", false}});
  ASSERT_TRUE(t.has_value() && t->has_value());
  EXPECT_EQ(**t, (std::vector<std::string>{"a", "b"}));
  auto docs = d.TableColumns(*conn, ObjectName{{}, {"docs", false}});
  ASSERT_TRUE(docs.has_value() && docs->has_value());
  EXPECT_EQ(**docs, (std::vector<std::string>{"title", "body"}));
}

TEST_F(SqliteConnectionTest, FeaturesAreFoundWithoutChangingAnything) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  const Dialect& d = SqliteDialect();
  ASSERT_TRUE(conn->Begin().ok());
  auto before = d.ChangeMarker(*conn);
  ASSERT_TRUE(before.has_value());
  for (std::string_view feature : {"fts5", "json1", "rtree", "math", "FTS5"}) {
    base::Result<ExtensionState> state = d.CheckExtension(*conn, feature);
    ASSERT_TRUE(state.has_value()) << state.status().ToString();
    // Debian's libsqlite3 has all four.
    EXPECT_EQ(state->availability, Availability::kInstalled) << feature;
    EXPECT_EQ(state->explanation, "") << feature;
  }
  EXPECT_EQ(*d.ChangeMarker(*conn), *before);
  ASSERT_TRUE(conn->Rollback().ok());
}

TEST_F(SqliteConnectionTest, UnknownFeatureIsTakenForAPostgresqlExtension) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  base::Result<ExtensionState> state = SqliteDialect().CheckExtension(*conn, "pg_trgm");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->availability, Availability::kNotApplicable);
  EXPECT_EQ(state->explanation,
            "'pg_trgm' is not a SQLite feature (SQLite checks fts5, json1, rtree, math); taken to "
            "be a PostgreSQL extension");
  EXPECT_EQ(state->fix, "");
  base::Result<bool> exists =
      SqliteDialect().ObjectExists(*conn, ObjectKind::kExtension, ObjectName{{}, {"pg_trgm", false}});
  ASSERT_TRUE(exists.has_value());
  EXPECT_FALSE(*exists);
}

TEST_F(SqliteConnectionTest, ChangeMarkerSeesHeaderFields) {
  auto conn = Connect();
  ASSERT_NE(conn, nullptr);
  const Dialect& d = SqliteDialect();
  ASSERT_TRUE(conn->Begin().ok());
  auto before = d.ChangeMarker(*conn);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(*before, "0:0:0:0");
  ASSERT_TRUE(conn->Execute("PRAGMA user_version = 7").ok());
  EXPECT_EQ(*d.ChangeMarker(*conn), "0:7:0:0");
  ASSERT_TRUE(conn->Rollback().ok());
}

TEST(SqliteDialectTest, RefusedInTransaction) {
  const Dialect& d = SqliteDialect();
  // The reason only: preflight adds the advice to use `transaction: none`.
  const std::string kNone;
  EXPECT_EQ(d.RefusedInTransaction("VACUUM"), "SQLite cannot VACUUM inside a transaction" + kNone);
  EXPECT_EQ(d.RefusedInTransaction("-- tidy up\n/* now */ vacuum INTO '/tmp/x.db'"),
            "SQLite cannot VACUUM inside a transaction" + kNone);
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA foreign_keys = OFF"),
            "SQLite silently ignores PRAGMA foreign_keys inside a transaction" + kNone);
  EXPECT_EQ(d.RefusedInTransaction("pragma main.\"foreign_keys\"=0"),
            "SQLite silently ignores PRAGMA foreign_keys inside a transaction" + kNone);
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA journal_mode(WAL)"),
            "SQLite cannot change PRAGMA journal_mode inside a transaction" + kNone);
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA synchronous = NORMAL"),
            "SQLite refuses to change PRAGMA synchronous inside a transaction" + kNone);
  const std::string kOwnTransaction =
      "migrate runs each migration in its own transaction, so a migration must not BEGIN, "
      "COMMIT or ROLLBACK itself";
  EXPECT_EQ(d.RefusedInTransaction("BEGIN TRANSACTION"), kOwnTransaction);
  EXPECT_EQ(d.RefusedInTransaction("commit"), kOwnTransaction);
  EXPECT_EQ(d.RefusedInTransaction("END"), kOwnTransaction);
  EXPECT_EQ(d.RefusedInTransaction("ROLLBACK"), kOwnTransaction);

  EXPECT_EQ(d.RefusedInTransaction("ROLLBACK TO before_backfill"), std::nullopt);
  EXPECT_EQ(d.RefusedInTransaction("ROLLBACK TRANSACTION TO SAVEPOINT s"), std::nullopt);
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA foreign_keys"), std::nullopt);  // a query
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA foreign_key_check"), std::nullopt);
  EXPECT_EQ(d.RefusedInTransaction("PRAGMA defer_foreign_keys = on"), std::nullopt);
  EXPECT_EQ(d.RefusedInTransaction("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END"),
            std::nullopt);
  EXPECT_EQ(d.RefusedInTransaction("-- VACUUM\nCREATE TABLE vacuum_log (x)"), std::nullopt);
}

TEST(SqliteDialectTest, VersionTablesAreQuotedAndQualifiedOnlyWhenAsked) {
  const Dialect& d = SqliteDialect();
  VersionTables tables{"", "migrate_version", "migrate_history"};
  EXPECT_EQ(d.QualifiedTable(tables, tables.version), "\"migrate_version\"");
  std::vector<std::string> ddl = d.VersionTablesDdl(tables);
  ASSERT_EQ(ddl.size(), 2u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE IF NOT EXISTS \"migrate_version\" (version_num VARCHAR(64) NOT NULL "
            "PRIMARY KEY)");
  EXPECT_EQ(ddl[1],
            "CREATE TABLE IF NOT EXISTS \"migrate_history\" (id INTEGER PRIMARY KEY "
            "AUTOINCREMENT, revision TEXT NOT NULL, direction TEXT NOT NULL, checksum TEXT, "
            "started_at TEXT NOT NULL, finished_at TEXT, duration_ms BIGINT, success INTEGER NOT "
            "NULL, error TEXT, error_location TEXT, db_user TEXT, host TEXT, pid INTEGER, "
            "tool_version TEXT, rows_changed TEXT)");
  VersionTables attached{"meta", "my\"version", "h"};
  EXPECT_EQ(d.QualifiedTable(attached, attached.version), "\"meta\".\"my\"\"version\"");
}

TEST(SqliteDialectTest, NameSplitterAndLock) {
  const Dialect& d = SqliteDialect();
  EXPECT_EQ(d.Name(), "sqlite");
  EXPECT_TRUE(d.Splitter().trigger_bodies);
  EXPECT_FALSE(d.Splitter().dollar_quotes);
  EXPECT_EQ(&DialectFor(DatabaseUrl::Scheme::kSqlite), &d);
}

}  // namespace
}  // namespace migrate::db

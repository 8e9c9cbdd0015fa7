// What SQLite's compiler says statements do (SqliteDialect's Describe and
// DescribeOffline, db/sqlite/sqlite_compiler.h) and where SQLite says they
// end (SplitStatements, db/sqlite/sqlite_splitter.h), on real databases.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/sqlite/sqlite_dialect.h"
#include "tests/db/sqlite_database_fixture.h"
#include "tests/support/sql_corpus.h"

namespace migrate::db {
namespace {

using script::Intent;
using script::Statement;
using script::StatementIntent;

std::string ShowName(const script::ObjectName& name) {
  return name.schema.text.empty() ? name.name.text : name.schema.text + "." + name.name.text;
}

// One intent, compactly: "create index i on t unique if-exists".
std::string Show(const Intent& intent) {
  static const char* const kActions[] = {"create", "drop",   "rename", "add column",
                                         "drop column", "rename column", "alter", "insert",
                                         "update", "delete", "truncate", "attach", "detach"};
  std::string out = kActions[static_cast<int>(intent.action)];
  out += " ";
  out += script::ObjectKindName(intent.kind);
  out += " " + ShowName(intent.object);
  if (!intent.column.text.empty()) out += "." + intent.column.text;
  if (!intent.new_name.text.empty()) out += " to " + intent.new_name.text;
  if (!intent.table.name.text.empty()) out += " on " + ShowName(intent.table);
  if (!intent.columns.empty()) {
    out += " (";
    for (size_t i = 0; i < intent.columns.size(); ++i) {
      out += (i > 0 ? ", " : "") + intent.columns[i].text;
    }
    out += ")";
  }
  if (intent.temporary) out += " temporary";
  if (intent.unique) out += " unique";
  if (intent.if_exists) out += " if-exists";
  return out;
}

std::string Show(const StatementIntent& statement) {
  std::string out;
  for (const Intent& intent : statement.intents) out += (out.empty() ? "" : "; ") + Show(intent);
  if (!statement.understood) out += "[not understood]";
  if (statement.maintenance) out += "[maintenance]";
  if (statement.refused_in_transaction) {
    out += "[refused: " + *statement.refused_in_transaction + "]";
  }
  return out;
}

class SqliteCompilerTest : public SqliteDatabaseTest {
 protected:
  // What Describe says about `sql` on the test database now.
  std::string Describe(const std::string& sql) {
    base::Result<StatementIntent> intent = SqliteDialect().Describe(*conn_, Statement{sql, 1});
    EXPECT_TRUE(intent.has_value()) << intent.status().ToString();
    return intent ? Show(*intent) : "(error)";
  }
};

// --- Describe ---------------------------------------------------------------

TEST_F(SqliteCompilerTest, CreateTableWithItsColumnsFromSqlite) {
  EXPECT_EQ(Describe("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, "
                     "price REAL GENERATED ALWAYS AS (1.0), CHECK (name <> ''))"),
            "create table items (id, name, price)");
  EXPECT_EQ(Describe("CREATE TABLE IF NOT EXISTS \"Odd \"\"name\" ([a b], `c`)"),
            "create table Odd \"name (a b, c) if-exists");
  EXPECT_EQ(Describe("CREATE VIRTUAL TABLE docs USING fts5(title, body)"),
            "create table docs (title, body)");
  // Describe compiles only: nothing was created.
  EXPECT_EQ(Describe("SELECT * FROM items"), "[not understood]");
}

TEST_F(SqliteCompilerTest, CreateTableAsSelectFromUserTablesHasNoColumns) {
  Run("CREATE TABLE items (id, name)");
  EXPECT_EQ(Describe("CREATE TABLE copy AS SELECT id, name FROM items"), "create table copy");
  EXPECT_EQ(Describe("CREATE TABLE one AS SELECT 1 AS x"), "create table one (x)");
}

TEST_F(SqliteCompilerTest, TemporaryObjects) {
  Run("CREATE TABLE items (id, name)");
  EXPECT_EQ(Describe("CREATE TEMP TABLE scratch (x)"), "create table scratch (x) temporary");
  EXPECT_EQ(Describe("CREATE TEMPORARY VIEW v AS SELECT 1"), "create view v temporary");
  EXPECT_EQ(Describe("CREATE TEMP TRIGGER tr AFTER INSERT ON items BEGIN SELECT 1; END"),
            "create trigger tr on items temporary");
  Run("CREATE TEMP TABLE scratch (x)");
  EXPECT_EQ(Describe("CREATE INDEX temp.i ON scratch (x)"), "create index i on scratch temporary");
  EXPECT_EQ(Describe("INSERT INTO scratch VALUES (1)"), "insert table scratch temporary");
  EXPECT_EQ(Describe("DROP TABLE scratch"),
            "drop table scratch temporary; delete table scratch temporary");
}

TEST_F(SqliteCompilerTest, IndexesUniqueAndIfNotExists) {
  Run("CREATE TABLE items (id, name)");
  EXPECT_EQ(Describe("CREATE INDEX i ON items (name)"), "create index i on items");
  EXPECT_EQ(Describe("CREATE UNIQUE INDEX IF NOT EXISTS i ON items (name)"),
            "create index i on items unique if-exists");
  // An existing index: SQLite compiles the statement to nothing, and the
  // keywords still say which index it promises.
  Run("CREATE INDEX i ON items (name)");
  EXPECT_EQ(Describe("CREATE UNIQUE INDEX IF NOT EXISTS i ON items (name)"),
            "create index i on items unique if-exists");
  EXPECT_EQ(Describe("DROP INDEX i"), "drop index i on items");
  EXPECT_EQ(Describe("REINDEX i"), "[maintenance]");
}

TEST_F(SqliteCompilerTest, DropsAndIfExists) {
  Run("CREATE TABLE items (id, name)");
  Run("CREATE VIEW v AS SELECT * FROM items");
  Run("CREATE TRIGGER tr AFTER INSERT ON items BEGIN SELECT 1; END");
  // DROP TABLE also deletes the rows and drops the table's triggers.
  EXPECT_EQ(Describe("DROP TABLE items"),
            "drop table items; delete table items; drop trigger tr on items");
  EXPECT_EQ(Describe("DROP VIEW IF EXISTS v"), "drop view v if-exists");
  EXPECT_EQ(Describe("DROP TRIGGER tr"), "drop trigger tr on items");
  // Nothing to drop: compiled to nothing, read from the keywords.
  EXPECT_EQ(Describe("DROP TABLE IF EXISTS main.gone"), "drop table gone if-exists");
  EXPECT_EQ(Describe("DROP TRIGGER IF EXISTS gone"), "drop trigger gone if-exists");
  EXPECT_EQ(Describe("DROP TABLE gone"), "[not understood]");
}

TEST_F(SqliteCompilerTest, EveryAlterTableForm) {
  Run("CREATE TABLE c (id, z)");
  EXPECT_EQ(Describe("ALTER TABLE c RENAME TO c2"), "rename table c to c2");
  EXPECT_EQ(Describe("ALTER TABLE main.c RENAME COLUMN z TO zz"), "rename column table c.z to zz");
  // Names as SQLite stores them.
  EXPECT_EQ(Describe("alter table C rename \"z\" to [zz]"), "rename column table c.z to zz");
  EXPECT_EQ(Describe("ALTER TABLE c ADD COLUMN note TEXT DEFAULT 'x'"), "add column table c.note");
  EXPECT_EQ(Describe("ALTER TABLE c ADD note TEXT"), "add column table c.note");
  EXPECT_EQ(Describe("ALTER TABLE c DROP COLUMN z"), "drop column table c.z");
  EXPECT_EQ(Describe("ALTER TABLE c DROP z"), "drop column table c.z");
  EXPECT_EQ(Describe("ALTER TABLE c DROP COLUMN nope"), "[not understood]");
}

TEST_F(SqliteCompilerTest, WritesTheStatementDoesItselfNotItsTriggersOrForeignKeys) {
  Run("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  Run("CREATE TABLE child (id INTEGER PRIMARY KEY, "
      "parent_id REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL)");
  Run("CREATE TABLE log (what)");
  Run("CREATE TRIGGER audit AFTER INSERT ON parent BEGIN "
      "INSERT INTO log VALUES ('insert'); DELETE FROM child WHERE 0; END");
  Run("CREATE VIEW parents AS SELECT * FROM parent");
  EXPECT_EQ(Describe("INSERT INTO parent VALUES (1)"), "insert table parent");
  EXPECT_EQ(Describe("DELETE FROM parent"), "delete table parent");
  EXPECT_EQ(Describe("UPDATE parent SET id = id + 1 WHERE id IN (SELECT rowid FROM log)"),
            "update table parent");
  EXPECT_EQ(Describe("INSERT INTO log SELECT * FROM parents"), "insert table log");
  EXPECT_EQ(Describe("INSERT INTO child VALUES (1, 1) ON CONFLICT DO UPDATE SET parent_id = 2"),
            "insert table child; update table child");
  EXPECT_EQ(Describe("DROP TABLE parent"),
            "drop table parent; delete table parent; drop trigger audit on parent");
  // Compiling with foreign keys off left them as they were.
  EXPECT_EQ(conn_->Query("PRAGMA foreign_keys")->rows[0][0], "1");
}

TEST_F(SqliteCompilerTest, SqliteInternalTablesAreLeftOut) {
  Run("CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, x)");
  EXPECT_EQ(Describe("INSERT INTO seq (x) VALUES (1)"), "insert table seq");
  EXPECT_EQ(Describe("ANALYZE"), "[maintenance]");
  EXPECT_EQ(Describe("ANALYZE seq"), "[maintenance]");
}

TEST_F(SqliteCompilerTest, AttachDetachVacuumAndTransactions) {
  EXPECT_EQ(Describe("ATTACH DATABASE '" + dir() + "/other.db' AS other"), "attach schema other");
  EXPECT_EQ(Describe("ATTACH ('x' || (SELECT 'y' AS z)) AS \"Aux\""), "attach schema Aux");
  Run("ATTACH DATABASE ':memory:' AS aux");
  EXPECT_EQ(Describe("DETACH aux"), "detach schema aux");
  EXPECT_EQ(Describe("CREATE TABLE aux.t (x)"), "create table aux.t (x)");
  EXPECT_EQ(Describe("VACUUM"),
            "[maintenance][refused: SQLite cannot VACUUM inside a transaction]");
  EXPECT_EQ(Describe("BEGIN"),
            "[refused: migrate runs each migration in its own transaction, so a migration must "
            "not BEGIN, COMMIT or ROLLBACK itself]");
  EXPECT_EQ(Describe("SAVEPOINT s"), "");
  EXPECT_EQ(Describe("PRAGMA foreign_keys = OFF"),
            "[refused: SQLite silently ignores PRAGMA foreign_keys inside a transaction]");
  EXPECT_EQ(Describe("PRAGMA user_version = 5"), "");
}

TEST_F(SqliteCompilerTest, ViewsAndTriggersAreCompiledLazily) {
  // SQLite accepts a view over a table that does not exist.
  EXPECT_EQ(Describe("CREATE VIEW v AS SELECT * FROM nowhere"), "create view v");
  Run("CREATE TABLE items (id)");
  EXPECT_EQ(Describe("CREATE TRIGGER IF NOT EXISTS tr AFTER DELETE ON items BEGIN "
                     "DELETE FROM nowhere; END"),
            "create trigger tr on items if-exists");
}

TEST_F(SqliteCompilerTest, WhatDoesNotCompileIsNotUnderstood) {
  EXPECT_EQ(Describe("SELEC 1"), "[not understood]");
  EXPECT_EQ(Describe("INSERT INTO nowhere VALUES (1)"), "[not understood]");
  // And it left no authorizer behind: the next statement runs normally.
  Run("CREATE TABLE after_error (x)");
  EXPECT_EQ(Describe("INSERT INTO after_error VALUES (1)"), "insert table after_error");
}

TEST_F(SqliteCompilerTest, DescribeInsideATransactionKeepsForeignKeysEnforced) {
  Run("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  Run("CREATE TABLE child (parent_id REFERENCES parent (id))");
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(Describe("DELETE FROM parent"), "delete table parent");
  EXPECT_FALSE(conn_->Execute("INSERT INTO child VALUES (42)").ok());
  ASSERT_TRUE(conn_->Rollback().ok());
}

// --- DescribeOffline ----------------------------------------------------------

TEST_F(SqliteCompilerTest, DescribeOfflineRunsTheChainInPrivate) {
  std::vector<Statement> chain = {
      {"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)", 1},
      {"INSERT INTO items (name) VALUES ('a')", 2},
      {"CREATE TABLE copy AS SELECT * FROM items", 3},
      {"CREATE UNIQUE INDEX i ON copy (name)", 4},
      {"INSERT INTO nowhere VALUES (1)", 5},
      {"ALTER TABLE copy RENAME TO copy2", 6},
      {"ATTACH DATABASE '" + dir() + "/never.db' AS never", 7},
      {"VACUUM", 8},
      {"DROP TABLE copy2", 9},
  };
  std::vector<StatementIntent> intents = SqliteDialect().DescribeOffline(chain);
  ASSERT_EQ(intents.size(), chain.size());
  std::vector<std::string> shown;
  for (const StatementIntent& intent : intents) shown.push_back(Show(intent));
  EXPECT_EQ(shown, (std::vector<std::string>{
                       "create table items (id, name)",
                       "insert table items",
                       "create table copy (id, name)",
                       "create index i on copy unique",
                       "[not understood]",
                       "rename table copy to copy2",
                       "attach schema never",
                       "[maintenance][refused: SQLite cannot VACUUM inside a transaction]",
                       "drop table copy2; delete table copy2",
                   }));
  // Nothing touched the user's database or attached a file.
  EXPECT_TRUE(conn_->Query("SELECT 1 FROM sqlite_master")->empty());
  EXPECT_FALSE(std::filesystem::exists(dir() + "/never.db"));
}

// --- SplitStatements ------------------------------------------------------------

std::string Split(std::string_view body, int first_line = 1) {
  base::Result<std::vector<Statement>> r =
      SqliteDialect().SplitStatements(body, first_line, "m.sql");
  return r ? testing::ShowStatements(*r) : "error: " + r.error().ToString();
}

// The SQLite half of the splitter's torture corpus (tests/fixtures/sql/)
// splits as the shared splitter does.
TEST(SqliteSplitterTest, MatchesTheSplitterCorpus) {
  const std::vector<std::string> cases = testing::SqlCorpusCases("sqlite");
  EXPECT_GE(cases.size(), 8u);
  for (const std::string& stem : cases) {
    const std::string sql = testing::ReadFile(testing::SqlCorpusDir() / (stem + ".sql"));
    testing::ExpectSplitAsCorpusSays(stem,
                                     SqliteDialect().SplitStatements(sql, 1, stem + ".sql"));
  }
}

TEST(SqliteSplitterTest, TriggerBodiesEndAtSqlitesEnd) {
  EXPECT_EQ(Split("CREATE TRIGGER t AFTER INSERT ON x BEGIN\n"
                  "  UPDATE x SET a = CASE WHEN 1 THEN 2 END;\n"
                  "  SELECT 'end;';\n"
                  "END; SELECT 2"),
            "=== 1\nCREATE TRIGGER t AFTER INSERT ON x BEGIN\n"
            "  UPDATE x SET a = CASE WHEN 1 THEN 2 END;\n  SELECT 'end;';\nEND\n=== 4\nSELECT 2\n");
  // The last statement needs no `;`, a trigger body still its END.
  EXPECT_EQ(Split("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END"),
            "=== 1\nCREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END\n");
  EXPECT_EQ(Split("SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x\nBEGIN SELECT 1", 7),
            "error: m.sql:9: unterminated trigger body: the BEGIN here has no END\n"
            "BEGIN SELECT 1");
  EXPECT_EQ(Split("CREATE TRIGGER t AFTER INSERT ON x"),
            "error: m.sql:1: unterminated trigger: this CREATE TRIGGER has no BEGIN ... END "
            "body\nCREATE TRIGGER t AFTER INSERT ON x");
}

TEST(SqliteSplitterTest, QuotesCommentsAndLines) {
  EXPECT_EQ(Split("\n-- a; b\nSELECT 'x;y', \"a;b\", [c;d], `e;f` /* ; */;;\n\n  SELECT\n2 -- end",
                  10),
            "=== 12\nSELECT 'x;y', \"a;b\", [c;d], `e;f`\n=== 14\nSELECT\n2\n");
  EXPECT_EQ(Split("-- only\n/* comments; */\n"), "");
  EXPECT_EQ(Split("SELECT 1;\nSELECT 'a;\nb;", 10),
            "error: m.sql:11: unterminated string literal: the ' here is never closed\n"
            "SELECT 'a;");
  EXPECT_EQ(Split("SELECT 1; /* never closed\nSELECT 2;").substr(0, 72),
            "error: m.sql:1: unterminated comment: the /* here is never closed\nSELECT");
  EXPECT_EQ(Split("SELECT 1;\n\\i other.sql\n").substr(0, 47),
            "error: m.sql:2: psql meta-command '\\i' is not S");
}

// A trigger with 50,000 statements in its body: asking sqlite3_complete
// about the whole statement at every `;` would take minutes.
TEST(SqliteSplitterTest, LargeTriggerBodiesSplitInLinearTime) {
  std::string body = "CREATE TRIGGER t AFTER INSERT ON x BEGIN\n";
  for (int i = 0; i < 50'000; ++i) {
    body += "  INSERT INTO log VALUES ('row; " + std::to_string(i) + "');\n";
  }
  body += "END;\nSELECT 1;\n";
  const auto start = std::chrono::steady_clock::now();
  base::Result<std::vector<Statement>> r = SqliteDialect().SplitStatements(body, 1, "big.sql");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(r->back().text, "SELECT 1");
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

}  // namespace
}  // namespace migrate::db

// What SQLite says a transaction did and what its catalog holds: the
// pre-update hook's ledger, CatalogChanged, FindObject, and SQLite's table
// rebuild procedure (SqliteDialect, db/sqlite/sqlite_connection.h), on real
// database files.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/sqlite/sqlite_dialect.h"
#include "tests/db/sqlite_database_fixture.h"

namespace migrate::db {
namespace {

using script::ObjectKind;
using script::ObjectName;
using script::Statement;

// "table +inserted ~updated -deleted @first_delete_statement", one per line.
std::string Show(const base::RowLedger& ledger) {
  std::string out;
  for (const base::TableRowChanges& t : ledger) {
    out += t.table + " +" + std::to_string(t.inserted) + " ~" + std::to_string(t.updated) + " -" +
           std::to_string(t.deleted);
    if (t.first_delete_statement >= 0) out += " @" + std::to_string(t.first_delete_statement);
    out += "\n";
  }
  return out;
}

class SqliteObserveTest : public SqliteDatabaseTest {
 protected:
  std::string One(const std::string& sql) {
    base::Result<Rows> rows = conn_->Query(sql);
    EXPECT_TRUE(rows.has_value()) << sql << "\n" << rows.status().ToString();
    if (!rows || rows->rows.size() != 1 || !rows->rows[0][0]) return "(none)";
    return *rows->rows[0][0];
  }

  void Observe() {
    ASSERT_TRUE(conn_->Begin().ok());
    base::Status s = d().BeginObserving(*conn_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::string Ledger() {
    base::Result<base::RowLedger> ledger = d().RowChanges(*conn_);
    EXPECT_TRUE(ledger.has_value()) << ledger.status().ToString();
    return ledger ? Show(*ledger) : "(error)";
  }

  bool CatalogChanged() {
    base::Result<bool> changed = d().CatalogChanged(*conn_);
    EXPECT_TRUE(changed.has_value()) << changed.status().ToString();
    return changed.has_value() && *changed;
  }

  // "exists", or "absent", or what is there instead.
  std::string Find(ObjectKind kind, const std::string& schema, const std::string& name,
                   bool unique = false) {
    base::Result<ObjectFinding> found =
        d().FindObject(*conn_, kind, ObjectName{{schema, false}, {name, false}}, {}, unique);
    EXPECT_TRUE(found.has_value()) << found.status().ToString();
    if (!found) return "(error)";
    if (found->exists) return "exists";
    return found->instead.empty() ? "absent" : found->instead;
  }

  static const Dialect& d() { return SqliteDialect(); }
};

// --- The ledger ------------------------------------------------------------

TEST_F(SqliteObserveTest, LedgerCountsCascadesAndTriggerWritesNotTempTables) {
  Run("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  Run("CREATE TABLE child (id INTEGER PRIMARY KEY, "
      "parent_id REFERENCES parent (id) ON DELETE CASCADE)");
  Run("CREATE TABLE log (what)");
  Run("CREATE TRIGGER audit AFTER UPDATE ON parent BEGIN INSERT INTO log VALUES ('u'); END");
  Run("INSERT INTO parent VALUES (1), (2), (3)");
  Run("INSERT INTO child VALUES (1, 1), (2, 1), (3, 2)");
  Run("CREATE TEMP TABLE scratch (x)");
  Run("CREATE TABLE plain (x)");
  Run("INSERT INTO plain VALUES (1), (2)");

  Observe();
  Run("INSERT INTO scratch VALUES (1)");             // 0: temporary, not counted
  Run("UPDATE parent SET id = 30 WHERE id = 3");      // 1: one update, one trigger insert
  Run("DELETE FROM parent WHERE id = 1");             // 2: cascades to two children
  Run("DELETE FROM child");                           // 3: the last child
  Run("INSERT INTO parent VALUES (4)");               // 4
  EXPECT_EQ(Ledger(),
            "child +0 ~0 -3 @2\n"
            "log +1 ~0 -0\n"
            "parent +1 ~1 -1 @2\n");
  ASSERT_TRUE(conn_->Rollback().ok());

  // BeginObserving starts again from zero.
  Observe();
  EXPECT_EQ(Ledger(), "");
  // Without WHERE, on a table without triggers or foreign keys: SQLite
  // would empty it at once, but not while a pre-update hook is registered.
  Run("DELETE FROM plain");
  EXPECT_EQ(Ledger(), "plain +0 ~0 -2 @0\n");
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(SqliteObserveTest, LedgerSeesWithoutRowidTablesReplaceAndDropTable) {
  Run("CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID");
  Run("CREATE TABLE items (id INTEGER PRIMARY KEY, name)");
  Run("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
  Run("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  Run("CREATE TABLE child (parent_id REFERENCES parent (id) ON DELETE CASCADE)");
  Run("INSERT INTO parent VALUES (1)");
  Run("INSERT INTO child VALUES (1)");
  Run("CREATE VIRTUAL TABLE docs USING fts5(body)");

  Observe();
  Run("INSERT INTO kv VALUES ('a', 1), ('b', 2)");
  Run("UPDATE kv SET v = 3 WHERE k = 'a'");
  Run("INSERT OR REPLACE INTO items VALUES (1, 'c')");  // deletes the row it replaces
  Run("DROP TABLE parent");  // foreign keys on: an implicit DELETE, cascading
  Run("INSERT INTO docs VALUES ('text')");  // virtual: only its shadow tables are seen
  const std::string ledger = Ledger();
  EXPECT_NE(ledger.find("kv +2 ~1 -0\n"), std::string::npos) << ledger;
  EXPECT_NE(ledger.find("items +1 ~0 -1 @2\n"), std::string::npos) << ledger;
  EXPECT_NE(ledger.find("parent +0 ~0 -1 @3\n"), std::string::npos) << ledger;
  EXPECT_NE(ledger.find("child +0 ~0 -1 @3\n"), std::string::npos) << ledger;
  EXPECT_EQ(ledger.find("docs +"), std::string::npos) << ledger;
  EXPECT_NE(ledger.find("docs_content +1"), std::string::npos) << ledger;
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(SqliteObserveTest, LedgerForgetsWhatARollbackToASavepointUndid) {
  Run("CREATE TABLE items (id)");
  Run("INSERT INTO items VALUES (1)");
  Observe();
  Run("INSERT INTO items VALUES (2)");
  Run("SAVEPOINT outer_sp");
  Run("DELETE FROM items");
  Run("savepoint Inner");
  Run("INSERT INTO items VALUES (3)");
  Run("RELEASE inner");
  Run("ROLLBACK TO OUTER_SP");  // undoes the delete and the released insert
  EXPECT_EQ(Ledger(), "items +1 ~0 -0\n");
  Run("INSERT INTO items VALUES (4)");
  Run("ROLLBACK TRANSACTION TO SAVEPOINT outer_sp");
  Run("RELEASE outer_sp");
  EXPECT_EQ(Ledger(), "items +1 ~0 -0\n");
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(SqliteObserveTest, LedgerDoesNotSeeDropTableWithForeignKeysOff) {
  Run("CREATE TABLE items (id)");
  Run("INSERT INTO items VALUES (1)");
  Run("PRAGMA foreign_keys = OFF");
  Observe();
  Run("DROP TABLE items");
  EXPECT_EQ(Ledger(), "");
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(SqliteObserveTest, CatalogChangedOnlyForMainsSchemaAndHeader) {
  Run("CREATE TABLE items (id)");
  struct Case {
    std::string sql;
    bool changed;
  } cases[] = {
      {"SELECT * FROM items", false},
      {"INSERT INTO items VALUES (1)", false},
      {"CREATE TEMP TABLE scratch (x)", false},
      {"CREATE TABLE more (x)", true},
      {"CREATE INDEX i ON items (id)", true},
      {"PRAGMA user_version = 5", true},
      {"PRAGMA application_id = 7", true},
  };
  for (const Case& c : cases) {
    Observe();
    Run(c.sql);
    EXPECT_EQ(CatalogChanged(), c.changed) << c.sql;
    ASSERT_TRUE(conn_->Rollback().ok());
  }
}

// --- FindObject --------------------------------------------------------------

TEST_F(SqliteObserveTest, FindObjectIsExact) {
  Run("CREATE TABLE items (id, name)");
  Run("CREATE VIEW services AS SELECT id, name FROM items");
  Run("CREATE VIEW broken AS SELECT * FROM nowhere");
  Run("CREATE INDEX plain ON items (name)");
  Run("CREATE UNIQUE INDEX Once ON items (id)");
  Run("CREATE TRIGGER tr AFTER INSERT ON items BEGIN SELECT 1; END");
  Run("CREATE TEMP TABLE scratch (x)");
  Run("CREATE TABLE shadowed (x)");
  Run("CREATE TEMP TABLE shadowed (y)");
  Run("ATTACH DATABASE ':memory:' AS aux");
  Run("CREATE TABLE aux.elsewhere (x)");

  EXPECT_EQ(Find(ObjectKind::kTable, "", "ITEMS"), "exists");
  EXPECT_EQ(Find(ObjectKind::kTable, "main", "items"), "exists");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "services"), "it is a view");
  EXPECT_EQ(Find(ObjectKind::kView, "", "services"), "exists");
  EXPECT_EQ(Find(ObjectKind::kView, "", "items"), "it is a table");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "plain"), "it is an index");
  EXPECT_EQ(Find(ObjectKind::kView, "", "broken"),
            "the view does not compile: no such table: main.nowhere");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "scratch"), "it is a temporary table");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "shadowed"), "it is a temporary table");
  EXPECT_EQ(Find(ObjectKind::kTable, "main", "shadowed"), "exists");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "elsewhere"),
            "it is in the attached database 'aux', not in main");
  EXPECT_EQ(Find(ObjectKind::kTable, "aux", "elsewhere"), "exists");
  EXPECT_EQ(Find(ObjectKind::kTable, "", "nothing"), "absent");
  EXPECT_EQ(Find(ObjectKind::kIndex, "", "plain"), "exists");
  EXPECT_EQ(Find(ObjectKind::kIndex, "", "plain", /*unique=*/true), "the index is not unique");
  EXPECT_EQ(Find(ObjectKind::kIndex, "", "once", /*unique=*/true), "exists");
  EXPECT_EQ(Find(ObjectKind::kTrigger, "", "TR"), "exists");
  EXPECT_EQ(Find(ObjectKind::kTrigger, "", "items"), "absent");

  // ObjectExists is FindObject's `exists`.
  base::Result<bool> exists =
      d().ObjectExists(*conn_, ObjectKind::kTable, {{}, {"scratch", false}});
  ASSERT_TRUE(exists.has_value());
  EXPECT_FALSE(*exists);
}

// --- Table rebuilds ------------------------------------------------------------

class SqliteRebuildTest : public SqliteObserveTest {
 protected:
  void SetUp() override {
    SqliteObserveTest::SetUp();
    Run("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)");
    Run("CREATE TABLE items (id INTEGER PRIMARY KEY, "
        "order_id INTEGER REFERENCES orders (id) ON DELETE CASCADE)");
    Run("INSERT INTO orders VALUES (1, 10), (2, 20)");
    Run("INSERT INTO items VALUES (1, 1), (2, 1), (3, 2)");
  }

  // Runs `rebuild` as the runner does: suspend, BEGIN, statements,
  // CheckForeignKeys, COMMIT (or ROLLBACK), restore.
  base::Status Migrate(const std::vector<Statement>& rebuild, bool* suspended) {
    MIGRATE_ASSIGN_OR_RETURN(*suspended, d().SuspendForeignKeysForRebuild(*conn_, rebuild));
    MIGRATE_TRY(conn_->Begin());
    base::Status s;
    for (const Statement& statement : rebuild) {
      if (s.ok()) s = conn_->Execute(statement.text);
    }
    if (s.ok()) s = d().CheckForeignKeys(*conn_);
    if (s.ok()) s = conn_->Commit();
    if (!s.ok()) MIGRATE_TRY(conn_->Rollback());
    if (*suspended) MIGRATE_TRY(d().RestoreForeignKeys(*conn_));
    return s;
  }
};

TEST_F(SqliteRebuildTest, RebuildKeepsTheChildRows) {
  const std::vector<Statement> rebuild = {
      {"CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL DEFAULT 0)", 1},
      {"INSERT INTO new_orders SELECT id, total FROM orders", 2},
      {"DROP TABLE orders", 3},
      {"ALTER TABLE new_orders RENAME TO orders", 4},
  };
  bool suspended = false;
  base::Status s = Migrate(rebuild, &suspended);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(suspended);
  EXPECT_EQ(One("SELECT count(*) FROM items"), "3");
  EXPECT_EQ(One("PRAGMA foreign_keys"), "1");
  // The children now reference the new table, and it is enforced again.
  EXPECT_FALSE(conn_->Execute("INSERT INTO items VALUES (9, 99)").ok());
}

TEST_F(SqliteRebuildTest, ARebuildThatLosesParentsFailsTheCheck) {
  const std::vector<Statement> rebuild = {
      {"CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total INTEGER)", 1},
      {"INSERT INTO new_orders SELECT id, total FROM orders WHERE id <> 1", 2},
      {"DROP TABLE orders", 3},
      {"ALTER TABLE new_orders RENAME TO orders", 4},
  };
  bool suspended = false;
  base::Status s = Migrate(rebuild, &suspended);
  EXPECT_TRUE(suspended);
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            "foreign keys violated after the table rebuild: row 1 of items references a missing "
            "row of orders; row 2 of items references a missing row of orders");
  // Rolled back: the old table and every child row are still there.
  EXPECT_EQ(One("SELECT count(*) FROM items"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM orders"), "2");
  EXPECT_EQ(One("PRAGMA foreign_keys"), "1");
}

TEST_F(SqliteRebuildTest, OnlyDroppingAReferencedTableSuspends) {
  Run("CREATE TABLE lonely (x)");
  auto suspends = [&](const std::string& sql) {
    base::Result<bool> r = d().SuspendForeignKeysForRebuild(*conn_, {{sql, 1}});
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  };
  EXPECT_FALSE(suspends("DROP TABLE lonely"));
  EXPECT_FALSE(suspends("DROP TABLE items"));  // a child; nothing references it
  EXPECT_FALSE(suspends("CREATE TABLE t (x)"));
  EXPECT_FALSE(suspends("DROP TABLE not_yet_created"));
  EXPECT_EQ(One("PRAGMA foreign_keys"), "1");
  EXPECT_TRUE(suspends("DROP TABLE IF EXISTS Orders"));
  EXPECT_EQ(One("PRAGMA foreign_keys"), "0");
  ASSERT_TRUE(d().RestoreForeignKeys(*conn_).ok());
  // With enforcement off already there is nothing to suspend.
  Run("PRAGMA foreign_keys = OFF");
  EXPECT_FALSE(suspends("DROP TABLE orders"));
}

TEST_F(SqliteRebuildTest, CheckForeignKeysCountsEveryViolation) {
  Run("PRAGMA foreign_keys = OFF");
  for (int i = 10; i < 15; ++i) Run("INSERT INTO items VALUES (" + std::to_string(i) + ", 99)");
  base::Status s = d().CheckForeignKeys(*conn_);
  EXPECT_EQ(s.ToString(),
            "foreign keys violated after the table rebuild: row 10 of items references a missing "
            "row of orders; row 11 of items references a missing row of orders; row 12 of items "
            "references a missing row of orders; and 2 more (5 in all)");
}

}  // namespace
}  // namespace migrate::db

// The adversarial corpus, part 2: effects checked exactly in the catalog,
// on both databases. A view is not a table, an index must be valid and
// unique where the statement says UNIQUE, a SQLite view must compile; names
// are the database's (quoted, mixed case, odd characters); renames, swaps,
// drop-and-recreate and several statements on one line are applied as the
// database applies them. Also the files a strict reader refuses: header keys
// below a section marker, and SQLite's ATTACH.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/adversarial_case.h"

namespace migrate::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using script::ObjectKind;

class AdversarialEffectsTest : public AdversarialTest {
 protected:
  // A view `services` with exactly the columns of the table a migration will
  // try to create.
  void ServicesView() {
    Setup({"CREATE TABLE catalog_items (id INTEGER, name TEXT, price INTEGER)",
           "INSERT INTO catalog_items VALUES (1, 'cut', 30)",
           "CREATE VIEW services AS SELECT id, name, price FROM catalog_items"});
  }
  // Whether index `name` is unique, from the catalog.
  bool IndexIsUnique(const std::string& name) {
    return postgresql()
               ? True("SELECT indisunique FROM pg_index WHERE indexrelid = '" + name + "'::regclass")
               : True("SELECT sql LIKE 'CREATE UNIQUE INDEX%' FROM sqlite_master "
                      "WHERE type = 'index' AND name = '" + name + "'");
  }
};

// The case: a view with the same columns satisfies a reader that
// only asks "is there something called services with these columns".
TEST_P(AdversarialEffectsTest, CreateTableIfNotExistsOverAViewFails) {
  ServicesView();
  WriteUpgrade("r001", "", "CREATE TABLE IF NOT EXISTS services (id INTEGER, name TEXT, price INTEGER);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("services"));
  EXPECT_THAT(s.ToString(), HasSubstr("view"));
  ExpectNotRecorded("r001");
  EXPECT_TRUE(Exists(ObjectKind::kView, "services"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
}

// The same through CREATE TABLE ... AS: the view's name is taken, the table
// never made.
TEST_P(AdversarialEffectsTest, CreateTableIfNotExistsAsSelectOverAViewFails) {
  ServicesView();
  WriteUpgrade("r001", "", "CREATE TABLE IF NOT EXISTS services AS SELECT * FROM catalog_items;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("services"));
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
}

// The case: an existing non-unique index of the name satisfies
// "index exists", but the statement promised uniqueness.
TEST_P(AdversarialEffectsTest, CreateUniqueIndexIfNotExistsOverANonUniqueIndexFails) {
  Setup({"CREATE TABLE users (id INTEGER, email TEXT)", "CREATE INDEX idx_users_email ON users (email)"});
  WriteUpgrade("r001", "", "CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email ON users (email);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("idx_users_email"));
  EXPECT_THAT(s.ToString(), HasSubstr("unique"));
  ExpectNotRecorded("r001");
  EXPECT_FALSE(IndexIsUnique("idx_users_email"));
}

// The honest version of the same: the unique index is made, and enforced.
TEST_P(AdversarialEffectsTest, CreateUniqueIndexIfNotExistsMakesAUniqueIndex) {
  Setup({"CREATE TABLE users (id INTEGER, email TEXT)", "INSERT INTO users VALUES (1, 'a@x')"});
  WriteUpgrade("r001", "", "CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email ON users (email);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(IndexIsUnique("idx_users_email"));
  EXPECT_FALSE(Db().Execute("INSERT INTO users VALUES (2, 'a@x')").ok());
  ExpectApplied("r001");
}

// An index and a table share one namespace: CREATE INDEX IF NOT EXISTS of a
// name a table holds is skipped (PostgreSQL) or refused (SQLite), never an
// index.
TEST_P(AdversarialEffectsTest, CreateIndexIfNotExistsOverATableOfThatNameFails) {
  Setup({"CREATE TABLE users (id INTEGER, email TEXT)", "CREATE TABLE users_email (id INTEGER)"});
  WriteUpgrade("r001", "", "CREATE INDEX IF NOT EXISTS users_email ON users (email);\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr("users_email"));
  ExpectNotRecorded("r001");
  EXPECT_TRUE(Exists(ObjectKind::kTable, "users_email"));
  EXPECT_FALSE(Exists(ObjectKind::kIndex, "users_email"));
}

// The case (SQLite compiles views lazily, so the CREATE VIEW itself
// succeeds there; PostgreSQL refuses it at once): a view over a table that
// does not exist is never verified as created.
TEST_P(AdversarialEffectsTest, AViewOverAMissingTableFails) {
  WriteUpgrade("r001", "", "CREATE VIEW active_users AS SELECT id FROM no_such_users;\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  if (!postgresql()) {
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    EXPECT_THAT(s.ToString(), HasSubstr("does not compile"));
  }
  EXPECT_THAT(s.ToString(), HasSubstr("no_such_users"));
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kView, "active_users"));
}

// A view created, then its table dropped by the same migration: PostgreSQL
// refuses the DROP; SQLite allows it and leaves a view that cannot compile.
TEST_P(AdversarialEffectsTest, DroppingTheTableUnderANewViewFails) {
  Setup({"CREATE TABLE users (id INTEGER)", "INSERT INTO users VALUES (1)"});
  WriteUpgrade("r001", "",
               "CREATE VIEW all_users AS SELECT id FROM users;\n"
               "DROP TABLE users;\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kView, "all_users"));
  EXPECT_EQ(Count("users"), "1");
}

// DROP VIEW IF EXISTS of a name that is a table: "no view x" would hold
// trivially for a reader of names, but the database refuses the statement,
// and the table and its rows stay.
TEST_P(AdversarialEffectsTest, DropViewIfExistsOfATableFailsAndKeepsTheTable) {
  Setup({"CREATE TABLE report (id INTEGER)", "INSERT INTO report VALUES (1)"});
  WriteUpgrade("r001", "", "DROP VIEW IF EXISTS report;\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr("report"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(Count("report"), "1");
}

// A view named like the table the next migration expects, then replaced by
// the real table: drop-and-recreate of a different kind under one name.
TEST_P(AdversarialEffectsTest, AViewReplacedByATableOfTheSameNamePasses) {
  ServicesView();
  WriteUpgrade("r001", "",
               "DROP VIEW services;\n"
               "CREATE TABLE services (id INTEGER, name TEXT, price INTEGER);\n"
               "INSERT INTO services SELECT id, name, price FROM catalog_items;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kTable, "services"));
  EXPECT_FALSE(Exists(ObjectKind::kView, "services"));
  EXPECT_EQ(Count("services"), "1");
  ExpectApplied("r001");
}

// A table swap (the refused-but-correct case on PostgreSQL; SQLite
// does the same): after the two renames, `orders` exists again, and must,
// whatever the first statement alone would imply.
TEST_P(AdversarialEffectsTest, ATableSwapByTwoRenamesPasses) {
  Setup({"CREATE TABLE orders (id INTEGER)", "INSERT INTO orders VALUES (1)",
         "CREATE TABLE orders_new (id INTEGER, note TEXT)",
         "INSERT INTO orders_new VALUES (1, 'a')", "INSERT INTO orders_new VALUES (2, 'b')"});
  WriteUpgrade("r001", "",
               "ALTER TABLE orders RENAME TO orders_old;\n"
               "ALTER TABLE orders_new RENAME TO orders;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("orders"), Optional(ElementsAre("id", "note")));
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("orders_old"), "1");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders_new"));
  ExpectApplied("r001");
}

// A rename chain a → b → c: neither a nor b is left, c holds a's rows.
TEST_P(AdversarialEffectsTest, ARenameChainEndsAtTheLastName) {
  Setup({"CREATE TABLE a (id INTEGER)", "INSERT INTO a VALUES (1)"});
  WriteUpgrade("r001", "",
               "ALTER TABLE a RENAME TO b;\n"
               "ALTER TABLE b RENAME TO c;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Exists(ObjectKind::kTable, "a"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "b"));
  EXPECT_EQ(Count("c"), "1");
  ExpectApplied("r001");
}

// A rename that comes back to the first name: the table is there again.
TEST_P(AdversarialEffectsTest, ARenameRoundTripKeepsTheTable) {
  Setup({"CREATE TABLE a (id INTEGER)", "INSERT INTO a VALUES (1)"});
  WriteUpgrade("r001", "",
               "ALTER TABLE a RENAME TO a_tmp;\n"
               "ALTER TABLE a_tmp ADD COLUMN note TEXT;\n"
               "ALTER TABLE a_tmp RENAME TO a;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("a"), Optional(ElementsAre("id", "note")));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "a_tmp"));
  EXPECT_EQ(Count("a"), "1");
  ExpectApplied("r001");
}

// Drop and recreate under the same name: "no table t" from the DROP must
// not be checked against the final state.
TEST_P(AdversarialEffectsTest, DropAndRecreateOfATablePasses) {
  Setup({"CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "",
               "DROP TABLE t;\n"
               "CREATE TABLE t (id INTEGER, extra TEXT);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("t"), Optional(ElementsAre("id", "extra")));
  EXPECT_EQ(Count("t"), "0");
  ExpectApplied("r001");
}

// A column rename then a column of the old name added back.
TEST_P(AdversarialEffectsTest, AColumnRenamedAndItsNameReusedPasses) {
  Setup({"CREATE TABLE people (id INTEGER, name TEXT)", "INSERT INTO people VALUES (1, 'Ann')"});
  WriteUpgrade("r001", "",
               "ALTER TABLE people RENAME COLUMN name TO full_name;\n"
               "ALTER TABLE people ADD COLUMN name TEXT;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("people"), Optional(ElementsAre("id", "full_name", "name")));
  EXPECT_EQ(One("SELECT full_name FROM people"), "Ann");
  ExpectApplied("r001");
}

// The case: a column named `vector` needs no pgvector.
TEST_P(AdversarialEffectsTest, AColumnNamedVectorNeedsNoExtension) {
  Setup({"CREATE TABLE docs (id INTEGER)"});
  WriteUpgrade("r001", "", "ALTER TABLE docs ADD COLUMN vector text;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("docs"), Optional(ElementsAre("id", "vector")));
  ExpectApplied("r001");
}

// The case: a column named `geometry` needs no PostGIS.
TEST_P(AdversarialEffectsTest, AColumnNamedGeometryNeedsNoExtension) {
  WriteUpgrade("r001", "", "CREATE TABLE shapes (id INTEGER, geometry TEXT, hstore TEXT);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("shapes"), Optional(ElementsAre("id", "geometry", "hstore")));
  ExpectApplied("r001");
}

// A quoted mixed-case name is a different table from the unquoted one on
// PostgreSQL (which folds unquoted names to lower case) and the same table
// on SQLite (which compares names case-insensitively).
TEST_P(AdversarialEffectsTest, AQuotedMixedCaseNameIsTheDatabasesName) {
  Setup({"CREATE TABLE \"Orders\" (id INTEGER)", "INSERT INTO \"Orders\" VALUES (1)"});
  WriteUpgrade("r001", "", "CREATE TABLE IF NOT EXISTS Orders (id INTEGER);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("\"Orders\""), "1");
  if (postgresql()) {
    EXPECT_EQ(Count("orders"), "0");
    EXPECT_EQ(One("SELECT count(*) FROM pg_tables WHERE tablename IN ('orders', 'Orders')"), "2");
  } else {
    EXPECT_EQ(One("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'orders'"),
              "1");
  }
  ExpectApplied("r001");
}

// A quoted name with a dot in it is one name, not schema.table.
TEST_P(AdversarialEffectsTest, AQuotedNameWithADotIsOneName) {
  WriteUpgrade("r001", "", "CREATE TABLE \"billing.invoices\" (id INTEGER);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("\"billing.invoices\""), "0");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "invoices"));
  ExpectApplied("r001");
}

// Keywords as quoted names: a reader that looks for `FROM` or `SELECT`
// tokens misreads the statement.
TEST_P(AdversarialEffectsTest, KeywordsAsQuotedNamesPass) {
  WriteUpgrade("r001", "",
               "CREATE TABLE \"select\" (\"from\" INTEGER, \"table\" TEXT);\n"
               "INSERT INTO \"select\" (\"from\", \"table\") VALUES (1, 'create table x');\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT \"table\" FROM \"select\""), "create table x");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "x"));
  ExpectApplied("r001");
}

// Several statements on one line, one with a `;` inside a string.
TEST_P(AdversarialEffectsTest, SeveralStatementsOnOneLineAllRun) {
  WriteUpgrade("r001", "",
               "CREATE TABLE a (id INTEGER); CREATE TABLE b (note TEXT); "
               "INSERT INTO b VALUES ('x;y'); INSERT INTO a VALUES (1);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("a"), "1");
  EXPECT_EQ(One("SELECT note FROM b"), "x;y");
  ExpectApplied("r001");
}

// A trailing comment that holds a DROP is not a statement.
TEST_P(AdversarialEffectsTest, ADropInATrailingCommentDoesNotRun) {
  Setup({"CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "", "CREATE TABLE u (id INTEGER); -- DROP TABLE t;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("t"), "1");
  EXPECT_TRUE(Exists(ObjectKind::kTable, "u"));
  ExpectApplied("r001");
}

// A string with a doubled quote, a `;`, DDL and `--` inside: data, stored
// exactly.
TEST_P(AdversarialEffectsTest, AStringWithQuotesAndDdlIsData) {
  Setup({"CREATE TABLE notes (body TEXT)"});
  WriteUpgrade("r001", "", "INSERT INTO notes VALUES ('it''s; DROP TABLE notes; --');\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT body FROM notes"), "it's; DROP TABLE notes; --");
  ExpectApplied("r001");
}

// A string spanning lines, one of which reads as a header key. The file
// parser does not lex SQL, so it cannot tell this from an `expect:` line
// written below the marker by mistake, which must never silently check
// nothing: it refuses both, naming the line.
TEST_P(AdversarialEffectsTest, AnExpectLineInsideAStringIsRefusedToo) {
  Setup({"CREATE TABLE notes (body TEXT)"});
  WriteUpgrade("r001", "",
               "INSERT INTO notes VALUES ('first line\n"
               "-- expect: table nothing_here\n"
               "last line');\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("header key 'expect:'"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(One("SELECT count(*) FROM notes"), "0");
}

// Nested block comments: PostgreSQL nests them (the whole line is a
// comment, so the migration changed nothing); SQLite ends the comment at the
// first `*/` and then meets a syntax error. Either way nothing is recorded
// and no table is made.
TEST_P(AdversarialEffectsTest, NestedBlockCommentsFollowEachDatabasesGrammar) {
  WriteUpgrade("r001", "",
               "/* outer /* inner */ CREATE TABLE ghosts (id INTEGER); */\n"
               "SELECT 1;\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  if (postgresql()) {
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    EXPECT_THAT(s.ToString(), HasSubstr("changed nothing"));
  }
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "ghosts"));
}

// CREATE TABLE ... AS SELECT: the columns come from the query, not from a
// column list a reader could see.
TEST_P(AdversarialEffectsTest, CreateTableAsSelectHasTheQuerysColumnsAndRows) {
  Setup({"CREATE TABLE orders (id INTEGER, total INTEGER)", "INSERT INTO orders VALUES (1, 10)",
         "INSERT INTO orders VALUES (2, 20)"});
  WriteUpgrade("r001", "",
               "CREATE TABLE big_orders AS SELECT id, total * 2 AS doubled FROM orders WHERE total > 15;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("big_orders"), Optional(ElementsAre("id", "doubled")));
  EXPECT_EQ(One("SELECT doubled FROM big_orders"), "40");
  ExpectApplied("r001");
}

// The case: an `expect:` line below the upgrade marker is no longer
// a silent comment. The file is refused, naming the file and the line.
TEST_P(AdversarialEffectsTest, AnExpectLineBelowTheUpgradeMarkerIsRefused) {
  WriteUpgrade("r001", "",
               "-- expect: table orders\n"
               "CREATE TABLE orders (id INTEGER);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":7"));
  EXPECT_THAT(s.ToString(), HasSubstr("expect"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders"));
  EXPECT_FALSE(VersionTablesExist());
}

// The same for an `expect:` line in a verify section.
TEST_P(AdversarialEffectsTest, AnExpectLineBelowTheVerifyMarkerIsRefused) {
  WriteMigration("r001", "",
                 "-- migrate:upgrade\n"
                 "CREATE TABLE orders (id INTEGER);\n"
                 "-- migrate:verify\n"
                 "-- expect: rows orders >= 1\n"
                 "SELECT count(*) >= 0 FROM orders;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":9"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders"));
  EXPECT_FALSE(VersionTablesExist());
}

// Any header key below a marker, not only `expect:`: here `noop: allowed`,
// which would otherwise be silently ignored.
TEST_P(AdversarialEffectsTest, ANoopKeyBelowTheUpgradeMarkerIsRefused) {
  WriteUpgrade("r001", "",
               "SELECT 1;\n"
               "-- noop: allowed\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":8"));
  EXPECT_FALSE(VersionTablesExist());
}

// `transaction: none` below the marker would leave the migration in a
// transaction its author thought it was not in.
TEST_P(AdversarialEffectsTest, ATransactionKeyBelowTheUpgradeMarkerIsRefused) {
  WriteUpgrade("r001", "",
               "-- transaction: none\n"
               "CREATE TABLE t (id INTEGER);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":7"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
}

// A refused file stops the run before anything: the correct migration before
// it in the same run is not applied either.
TEST_P(AdversarialEffectsTest, ARefusedFileStopsTheRunBeforeAnythingRuns) {
  WriteUpgrade("r001", "", "CREATE TABLE first (id INTEGER);\n");
  WriteUpgrade("r002", "r001",
               "CREATE TABLE second (id INTEGER);\n"
               "-- expect: table second\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r002")) + ":8"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "first"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "second"));
  EXPECT_FALSE(VersionTablesExist());
}

// A comment below a marker that merely contains a colon is a comment.
TEST_P(AdversarialEffectsTest, AnOrdinaryCommentWithAColonBelowAMarkerIsFine) {
  WriteUpgrade("r001", "",
               "-- note: the table is filled by the importer\n"
               "CREATE TABLE imports (id INTEGER);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kTable, "imports"));
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Backends, AdversarialEffectsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

// --- SQLite ------------------------------------------------------------------

class AdversarialSqliteEffectsTest : public AdversarialEffectsTest {};

// CREATE VIEW IF NOT EXISTS over a table of that name is skipped silently by
// SQLite: a view was promised and none exists.
TEST_P(AdversarialSqliteEffectsTest, CreateViewIfNotExistsOverATableFails) {
  Setup({"CREATE TABLE summary (id INTEGER)", "INSERT INTO summary VALUES (1)"});
  WriteUpgrade("r001", "", "CREATE VIEW IF NOT EXISTS summary AS SELECT 1 AS id;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("summary"));
  ExpectNotRecorded("r001");
  EXPECT_TRUE(Exists(ObjectKind::kTable, "summary"));
  EXPECT_FALSE(Exists(ObjectKind::kView, "summary"));
}

// The case: ATTACH inside a migration is refused with a clear
// error; the table it would have put in another file is not made; and the
// attachment does not leak into the next migration.
TEST_P(AdversarialSqliteEffectsTest, AttachInsideAMigrationIsRefusedAndDoesNotLeak) {
  WriteUpgrade("r001", "", "CREATE TABLE base (id INTEGER);\n");
  WriteUpgrade("r002", "r001",
               "ATTACH DATABASE ':memory:' AS aux;\n"
               "CREATE TABLE aux.orders (id INTEGER);\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r002"))));
  EXPECT_THAT(s.ToString(), HasSubstr("ATTACH"));
  ExpectNotRecorded("r002");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders"));

  // The fixed migration runs with only the target database attached.
  WriteUpgrade("r002", "r001",
               "CREATE TABLE attached AS SELECT name FROM pragma_database_list;\n");
  reporter_.Clear();
  s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Rows("SELECT name FROM attached"), Not(Contains(ElementsAre("aux"))));
  ExpectApplied("r002");
}

// ATTACH of a private temporary file, with a table of the same name created
// unqualified after it: still refused, nothing lands anywhere.
TEST_P(AdversarialSqliteEffectsTest, AttachOfAFileIsRefused) {
  WriteUpgrade("r001", "",
               "ATTACH DATABASE '' AS side;\n"
               "CREATE TABLE side.audit (id INTEGER);\n"
               "CREATE TABLE audit (id INTEGER);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":7"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "audit"));
  EXPECT_FALSE(VersionTablesExist());
}

// `temp.` as a schema makes a temporary table without the word TEMP.
TEST_P(AdversarialSqliteEffectsTest, ATableQualifiedWithTempIsTemporary) {
  WriteUpgrade("r001", "",
               "CREATE TABLE temp.scratch (id INTEGER);\n"
               "INSERT INTO scratch VALUES (1);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("changed nothing"));
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "scratch"));
}

// `main.` qualified names are the target database: fine.
TEST_P(AdversarialSqliteEffectsTest, ATableQualifiedWithMainIsDurable) {
  WriteUpgrade("r001", "", "CREATE TABLE main.ledger (id INTEGER);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kTable, "ledger"));
  ExpectApplied("r001");
}

// A column type SQLite accepts anything for: `CREATE TABLE t (x vector(3))`
// is legal SQLite and needs no extension.
TEST_P(AdversarialSqliteEffectsTest, AnExtensionLookingTypeNameNeedsNothing) {
  WriteUpgrade("r001", "", "CREATE TABLE embeddings (id INTEGER, v vector(3), g geometry);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("embeddings"), Optional(ElementsAre("id", "v", "g")));
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AdversarialSqliteEffectsTest,
                         ::testing::Values(Backend::kSqlite), BackendParamName());

}  // namespace
}  // namespace migrate::testing

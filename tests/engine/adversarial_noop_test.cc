// The adversarial corpus, part 1: the no-op rule from observed effects, on
// both databases. A migration wrote only if the catalog or a durable table
// changed; text that looks like DDL or a write (in a comment, a string, a
// temporary object, a rolled-back savepoint, a WHERE that matches nothing)
// is not an effect. Maintenance statements may run without writing. A
// postcondition vouches for a migration that changed nothing only if it
// concerns an object the migration's own statements name.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/adversarial_case.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using script::ObjectKind;

class AdversarialNoopTest : public AdversarialTest {
 protected:
  // The migration failed as a no-op and left nothing behind.
  void ExpectNoop(const base::Status& s, const std::string& revision) {
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    EXPECT_THAT(s.ToString(), HasSubstr(Path(File(revision))));
    EXPECT_THAT(s.ToString(), HasSubstr("changed nothing"));
    ExpectNotRecorded(revision);
  }
};

// The case: the only durable effect is nothing. A reader of the text
// sees a CREATE TABLE and an INSERT, both "writes"; both went to a table that
// dies with the session.
TEST_P(AdversarialNoopTest, TempTablePlusInsertChangesNothing) {
  WriteUpgrade("r001", "",
               "CREATE TEMP TABLE scratch (id INTEGER);\n"
               "INSERT INTO scratch VALUES (1);\n");
  base::Status s = Upgrade();
  ExpectNoop(s, "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "scratch"));
  EXPECT_FALSE(VersionTablesExist());
}

// TEMPORARY spelled out, and a second write through UPDATE: still only the
// session's own table.
TEST_P(AdversarialNoopTest, TemporaryTableWithInsertAndUpdateChangesNothing) {
  WriteUpgrade("r001", "",
               "CREATE TEMPORARY TABLE work (id INTEGER, n INTEGER);\n"
               "INSERT INTO work VALUES (1, 0);\n"
               "UPDATE work SET n = n + 1;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "work"));
}

// A temporary table shadows a durable one of the same name: the INSERT that
// names `orders` writes to the temporary table, not to the durable one.
TEST_P(AdversarialNoopTest, TempTableShadowingADurableTableTakesTheWrites) {
  Setup({"CREATE TABLE orders (id INTEGER, total INTEGER)", "INSERT INTO orders VALUES (1, 10)"});
  WriteUpgrade("r001", "",
               "CREATE TEMP TABLE orders AS SELECT * FROM orders;\n"
               "INSERT INTO orders VALUES (2, 20);\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("orders"), "1");
}

// A temporary view is no more durable than a temporary table.
TEST_P(AdversarialNoopTest, TempViewChangesNothing) {
  Setup({"CREATE TABLE orders (id INTEGER)"});
  WriteUpgrade("r001", "", "CREATE TEMP VIEW recent_orders AS SELECT id FROM orders;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kView, "recent_orders"));
}

// DDL inside a line comment: a reader that strips comments badly sees a
// CREATE TABLE; the database sees `SELECT 1`.
TEST_P(AdversarialNoopTest, DdlInALineCommentIsNotAnEffect) {
  WriteUpgrade("r001", "",
               "-- CREATE TABLE ghosts (id INTEGER);\n"
               "SELECT 1;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "ghosts"));
}

// DDL inside a block comment spanning lines, ending mid-line before a query.
TEST_P(AdversarialNoopTest, DdlInABlockCommentIsNotAnEffect) {
  WriteUpgrade("r001", "",
               "/* CREATE TABLE ghosts (id INTEGER);\n"
               "   CREATE INDEX idx_ghosts ON ghosts (id); */ SELECT 1;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "ghosts"));
  EXPECT_FALSE(Exists(ObjectKind::kIndex, "idx_ghosts"));
}

// A string literal holding DDL and semicolons: a splitter that splits on
// every `;` would run fragments of it (and fail with a syntax error); the
// database runs one SELECT that changes nothing.
TEST_P(AdversarialNoopTest, DdlInsideAStringLiteralIsNotAnEffect) {
  Setup({"CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "", "SELECT 'x; CREATE TABLE ghosts (id INTEGER); DROP TABLE t;';\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "ghosts"));
  EXPECT_EQ(Count("t"), "1");
}

// A quoted identifier that holds `--`: not a comment start, so the
// statement after it on the same line is real.
TEST_P(AdversarialNoopTest, DashesInsideAQuotedIdentifierAreNotAComment) {
  WriteUpgrade("r001", "", "CREATE TABLE \"a--b\" (id INTEGER); CREATE TABLE c (id INTEGER);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kTable, "c"));
  EXPECT_EQ(Count("\"a--b\""), "0");
  ExpectApplied("r001");
}

// A backslash does not escape a quote in standard SQL (nor in PostgreSQL
// with standard_conforming_strings, its default): the string ends at `\'`,
// and the CREATE TABLE after it is a statement of its own. A reader that
// treats `\'` as an escaped quote sees one SELECT.
TEST_P(AdversarialNoopTest, ABackslashDoesNotEscapeAQuote) {
  WriteUpgrade("r001", "", "SELECT 'C:\\'; CREATE TABLE paths (id INTEGER); -- '\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kTable, "paths"));
  ExpectApplied("r001");
}

// An UPDATE is not a write when it matches no row.
TEST_P(AdversarialNoopTest, AnUpdateThatMatchesNoRowChangesNothing) {
  Setup({"CREATE TABLE settings (name TEXT, value TEXT)", "INSERT INTO settings VALUES ('a', '1')"});
  WriteUpgrade("r001", "", "UPDATE settings SET value = '2' WHERE name = 'no such setting';\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(One("SELECT value FROM settings"), "1");
}

// A DELETE that matches no row likewise.
TEST_P(AdversarialNoopTest, ADeleteThatMatchesNoRowChangesNothing) {
  Setup({"CREATE TABLE sessions (id INTEGER)", "INSERT INTO sessions VALUES (1)"});
  WriteUpgrade("r001", "", "DELETE FROM sessions WHERE id < 0;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("sessions"), "1");
}

// An INSERT that conflicts and is ignored writes nothing; the text says INSERT.
TEST_P(AdversarialNoopTest, AnIgnoredConflictingInsertChangesNothing) {
  Setup({"CREATE TABLE roles (name TEXT PRIMARY KEY)", "INSERT INTO roles VALUES ('admin')"});
  WriteMigration("r001", "",
                 "-- migrate:upgrade postgresql\n"
                 "INSERT INTO roles VALUES ('admin') ON CONFLICT DO NOTHING;\n"
                 "-- migrate:upgrade sqlite\n"
                 "INSERT OR IGNORE INTO roles VALUES ('admin');\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("roles"), "1");
}

// The same idempotent seed is fine when the file says it may find nothing to do.
TEST_P(AdversarialNoopTest, AnIgnoredConflictingInsertPassesWithNoopAllowed) {
  Setup({"CREATE TABLE roles (name TEXT PRIMARY KEY)", "INSERT INTO roles VALUES ('admin')"});
  WriteMigration("r001", "",
                 "-- migrate:upgrade postgresql\n"
                 "INSERT INTO roles VALUES ('admin') ON CONFLICT DO NOTHING;\n"
                 "-- migrate:upgrade sqlite\n"
                 "INSERT OR IGNORE INTO roles VALUES ('admin');\n",
                 {"noop: allowed"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("roles"), "1");
  ExpectApplied("r001");
}

// A CREATE TABLE undone by ROLLBACK TO SAVEPOINT: the text holds DDL, the
// catalog holds nothing new. It fails either as a no-op or because the
// table its CREATE promises is not there; both are true.
TEST_P(AdversarialNoopTest, DdlRolledBackToASavepointFails) {
  WriteUpgrade("r001", "",
               "SAVEPOINT attempt;\n"
               "CREATE TABLE ghosts (id INTEGER);\n"
               "ROLLBACK TO SAVEPOINT attempt;\n"
               "RELEASE SAVEPOINT attempt;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001"))));
  ExpectNotRecorded("r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "ghosts"));
}

// Rows inserted and then rolled back to a savepoint are no write either.
TEST_P(AdversarialNoopTest, AnInsertRolledBackToASavepointChangesNothing) {
  Setup({"CREATE TABLE t (id INTEGER)"});
  WriteUpgrade("r001", "",
               "SAVEPOINT attempt;\n"
               "INSERT INTO t VALUES (1);\n"
               "ROLLBACK TO SAVEPOINT attempt;\n"
               "RELEASE SAVEPOINT attempt;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("t"), "0");
}

// The case: a `DROP ... IF EXISTS` of an unrelated absent object
// holds ("no table legacy_sessions"), but it says nothing about the SELECT
// that only prints the CREATE TABLE the migration was written for.
TEST_P(AdversarialNoopTest, AnUnrelatedDropIfExistsDoesNotVouchForASelect) {
  WriteUpgrade("r001", "",
               "DROP TABLE IF EXISTS legacy_sessions;\n"
               "SELECT 'CREATE TABLE services (id INTEGER, name TEXT)';\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
}

// The case: a verify section of `SELECT 1` always holds, so it
// vouches for nothing.
TEST_P(AdversarialNoopTest, AVerifySectionOfSelectOneDoesNotVouch) {
  WriteMigration("r001", "",
                 "-- migrate:upgrade\n"
                 "SELECT 'CREATE TABLE services (id INTEGER, name TEXT)';\n"
                 "-- migrate:verify\n"
                 "SELECT 1 = 1;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
}

// A verify section that reads the object the migration names does vouch for
// an idempotent migration that found its work already done.
TEST_P(AdversarialNoopTest, AVerifySectionReadingTheNamedTableVouches) {
  Setup({"CREATE TABLE settings (name TEXT, value TEXT)", "INSERT INTO settings VALUES ('mode', 'fast')"});
  WriteMigration("r001", "",
                 "-- migrate:upgrade\n"
                 "UPDATE settings SET value = 'fast' WHERE name = 'mode' AND value <> 'fast';\n"
                 "-- migrate:verify\n"
                 "SELECT count(*) = 1 FROM settings WHERE name = 'mode' AND value = 'fast';\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT value FROM settings"), "fast");
  ExpectApplied("r001");
}

// CREATE TABLE IF NOT EXISTS of a table that is already there as written:
// nothing changes, but the postcondition about the named table holds.
TEST_P(AdversarialNoopTest, CreateTableIfNotExistsOfTheSameTableIsVouchedForByIt) {
  Setup({"CREATE TABLE t (id INTEGER, name TEXT)", "INSERT INTO t VALUES (1, 'a')"});
  WriteUpgrade("r001", "", "CREATE TABLE IF NOT EXISTS t (id INTEGER, name TEXT);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("t"), "1");
  ExpectApplied("r001");
}

// ANALYZE alone in a normal migration: maintenance, which may write nothing
// a reader could see.
TEST_P(AdversarialNoopTest, AnalyzeAlonePasses) {
  Setup({"CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "", "ANALYZE t;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectApplied("r001");
}

// REINDEX of one table runs in a transaction on both databases and is
// maintenance too.
TEST_P(AdversarialNoopTest, ReindexAlonePasses) {
  Setup({"CREATE TABLE t (id INTEGER)", "CREATE INDEX idx_t ON t (id)"});
  WriteMigration("r001", "",
                 "-- migrate:upgrade postgresql\n"
                 "REINDEX TABLE t;\n"
                 "-- migrate:upgrade sqlite\n"
                 "REINDEX t;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_t"));
  ExpectApplied("r001");
}

// The case: a `transaction: none` migration of only VACUUM passes,
// and is not left marked incomplete to block every later upgrade.
TEST_P(AdversarialNoopTest, VacuumAloneInATransactionNoneMigrationPasses) {
  Setup({"CREATE TABLE t (id INTEGER)"});
  WriteUpgrade("r001", "", "VACUUM;\n", {"transaction: none"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectApplied("r001");
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));

  reporter_.Clear();
  s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));
}

// A VACUUM does not make a later migration's no-op acceptable: each
// migration is judged on its own effects.
TEST_P(AdversarialNoopTest, AVacuumMigrationDoesNotVouchForTheNextOne) {
  WriteUpgrade("r001", "", "VACUUM;\n", {"transaction: none"});
  WriteUpgrade("r002", "r001", "SELECT 'CREATE TABLE services (id INTEGER)';\n");
  base::Status s = Upgrade();
  ExpectNoop(s, "r002");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AdversarialNoopTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing

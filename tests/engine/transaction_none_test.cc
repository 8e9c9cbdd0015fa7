// `transaction: none` migrations: statements that cannot run in a
// transaction, the preflight check that keeps them out of per-migration
// files, and the "incomplete" history row a part-way failure leaves behind.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/store/version_store.h"
#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using script::ObjectKind;

const char* const kTable =
    "-- migrate:upgrade\n"
    "CREATE TABLE t (id INTEGER, name TEXT);\n"
    "-- migrate:downgrade\n"
    "DROP TABLE t;\n";

// Three statements in autocommit; the third fails.
constexpr const char* kPartWay = R"(-- create a and b, then fail
--
-- revision: r001
-- down_revision:
-- transaction: none

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS a (x INTEGER);
CREATE TABLE IF NOT EXISTS b (x INTEGER);
INSERT INTO no_such_table VALUES (1);
)";

class TransactionNoneTest : public EngineTest {
 protected:
  // The one incomplete history row's started_at, as preflight prints it.
  std::string IncompleteStartedAt() {
    store::VersionStore store(Db(), db::VersionTables{postgresql() ? "public" : "",
                                                      "migrate_version", "migrate_history"});
    auto runs = store.IncompleteRuns();
    EXPECT_TRUE(runs.has_value()) << runs.status().ToString();
    if (!runs || runs->size() != 1) {
      ADD_FAILURE() << "expected exactly one incomplete run";
      return "";
    }
    return store::FormatTimestamp(runs->front().started_at);
  }

  std::string DatabaseError() const {
    return postgresql() ? "relation \"no_such_table\" does not exist"
                        : "no such table: no_such_table";
  }
};

TEST_P(TransactionNoneTest, PartWayFailureLeavesAnIncompleteRowThatBlocksLaterRuns) {
  Put("r001_part_way.sql", kPartWay);
  base::Status s = Upgrade("head");
  ASSERT_FALSE(s.ok());
  const std::string sqlstate = postgresql() ? "  SQLSTATE: 42P01\n" : "";
  EXPECT_EQ(s.ToString(),
            "migrations/r001_part_way.sql:10: migration r001 failed: " + DatabaseError() + "\n" +
                "  statement: INSERT INTO no_such_table VALUES (1)\n" + sqlstate +
                "  this `transaction: none` migration stopped part-way: statements before line 10 "
                "are committed\n"
                "  inspect the database, finish or undo its work by hand, then run `migrate stamp "
                "r001` (done) or `migrate upgrade --retry-incomplete` (re-run)");
  // What ran before the failure is committed; the revision is not recorded
  // as applied, but its history row stays open.
  EXPECT_TRUE(Exists(ObjectKind::kTable, "a"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "b"));
  EXPECT_THAT(VersionRows(), IsEmpty());
  EXPECT_THAT(History(), ElementsAre("r001 upgrade incomplete"));
  EXPECT_THAT(Rows("SELECT error, error_location FROM migrate_history"),
              ElementsAre(ElementsAre("migration r001 failed: " + DatabaseError(),
                                      "migrations/r001_part_way.sql:10")));

  // Even with the file fixed, a plain upgrade refuses until someone decides.
  std::string fixed = kPartWay;
  fixed.replace(fixed.find("INSERT INTO no_such_table"), std::string("INSERT INTO no_such_table").size(),
                "INSERT INTO a");
  Put("r001_part_way.sql", fixed);
  reporter_.Clear();
  s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migration r001 is marked incomplete: a `transaction: none` migration started at " +
                IncompleteStartedAt() + " and never finished\n" +
                "  it stopped at migrations/r001_part_way.sql:10: migration r001 failed: " +
                DatabaseError() + "\n" +
                "  inspect the database, finish or undo its work by hand, then run `migrate stamp "
                "r001` (if done) or `migrate upgrade --retry-incomplete` (to re-run it)\n"
                "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_EQ(One("SELECT count(*) FROM a"), "0");
}

TEST_P(TransactionNoneTest, RetryIncompleteReRunsTheFixedMigration) {
  Put("r001_part_way.sql", kPartWay);
  ASSERT_FALSE(Upgrade("head").ok());
  std::string fixed = kPartWay;
  fixed.replace(fixed.find("INSERT INTO no_such_table"), std::string("INSERT INTO no_such_table").size(),
                "INSERT INTO a");
  Put("r001_part_way.sql", fixed);

  base::Status s = Upgrade("head", /*retry_incomplete=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_EQ(One("SELECT count(*) FROM a"), "1");
  // The interrupted run is closed, saying how; the re-run has its own row.
  EXPECT_THAT(History(), ElementsAre("r001 upgrade failed", "r001 upgrade ok"));
  EXPECT_EQ(One("SELECT error FROM migrate_history ORDER BY id LIMIT 1"),
            "re-run with --retry-incomplete");
  EXPECT_EQ(One("SELECT checksum FROM migrate_history ORDER BY id DESC LIMIT 1"),
            Sha256Checksum(fixed));

  // Resolved: later runs go ahead.
  Put("r002_table.sql", MigrationText("r002", "r001", {}, kTable));
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
}

TEST_P(TransactionNoneTest, StampResolvesAnIncompleteMigrationFinishedByHand) {
  Put("r001_part_way.sql", kPartWay);
  ASSERT_FALSE(Upgrade("head").ok());
  // The operator finishes the work by hand, then says so.
  Exec("INSERT INTO a VALUES (1)");
  base::Status s = Stamp("r001");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade failed", "r001 stamp ok"));
  EXPECT_EQ(One("SELECT error FROM migrate_history ORDER BY id LIMIT 1"),
            "resolved by `migrate stamp`");

  Put("r002_table.sql", MigrationText("r002", "r001", {}, kTable));
  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), ElementsAre("r002"));
}

// Its statements are committed before its checks run, so a failed check
// leaves the migration incomplete, and must say so just as a failed
// statement does.
TEST_P(TransactionNoneTest, AFailedPostconditionAfterCommittedStatementsIsRecordedAndExplained) {
  Put("r001_index_later.sql",
      MigrationText("r001", "", {"transaction: none", "expect: table never_created"},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE a (x INTEGER);\n"));
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_THAT(s.ToString(),
              ::testing::StartsWith(
                  "migrations/r001_index_later.sql:6: postcondition not met: table never_created: "
                  "the table does not exist\n"
                  "  required by: -- expect: table never_created\n"));
  EXPECT_THAT(s.ToString(), ::testing::HasSubstr("committed"));
  EXPECT_THAT(s.ToString(), ::testing::HasSubstr("`migrate stamp r001`"));
  EXPECT_THAT(s.ToString(), ::testing::HasSubstr("`migrate upgrade --retry-incomplete`"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "a"));
  EXPECT_THAT(VersionRows(), IsEmpty());
  EXPECT_THAT(History(), ElementsAre("r001 upgrade incomplete"));
  EXPECT_THAT(Rows("SELECT error, error_location FROM migrate_history"),
              ElementsAre(ElementsAre(
                  "postcondition not met: table never_created: the table does not exist",
                  "migrations/r001_index_later.sql:6")));

  reporter_.Clear();
  s = Upgrade("head");
  EXPECT_EQ(s.ToString(),
            "migration r001 is marked incomplete: a `transaction: none` migration started at " +
                IncompleteStartedAt() + " and never finished\n" +
                "  it stopped at migrations/r001_index_later.sql:6: postcondition not met: table "
                "never_created: the table does not exist\n"
                "  inspect the database, finish or undo its work by hand, then run `migrate stamp "
                "r001` (if done) or `migrate upgrade --retry-incomplete` (to re-run it)\n"
                "preflight found 1 problem; nothing was changed");
}

// Seed 000 again, where it really happens: CREATE DATABASE cannot run in a
// transaction, so the migration that only prints it is a `transaction: none`
// one. Guarantee 3 holds for those too.
TEST_P(TransactionNoneTest, ASelectThatOnlyPrintsCreateDatabaseFailsAsANoopOutsideATransaction) {
  Put("r001_create_database.sql",
      MigrationText("r001", "", {"transaction: none"},
                    "-- migrate:upgrade\n"
                    "SELECT 'CREATE DATABASE projectmeats_prod OWNER projectmeats_user;';\n"));
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_THAT(s.ToString(),
              ::testing::StartsWith(
                  "migrations/r001_create_database.sql: the migration ran 1 statement but changed "
                  "nothing in the database (no catalog change, no row written)\n"));
  EXPECT_THAT(VersionRows(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Backends, TransactionNoneTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

// --- PostgreSQL ---------------------------------------------------------------

class PostgresqlTransactionNoneTest : public EngineTest {};

TEST_P(PostgresqlTransactionNoneTest, CreateIndexConcurrentlyRunsInATransactionNoneMigration) {
  Put("r001_table.sql", MigrationText("r001", "", {}, kTable));
  Put("r002_index.sql", MigrationText("r002", "r001", {"transaction: none"},
                                      "-- migrate:upgrade\n"
                                      "CREATE INDEX CONCURRENTLY idx_t_name ON t (name);\n"
                                      "-- migrate:downgrade\n"
                                      "DROP INDEX CONCURRENTLY idx_t_name;\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_t_name"));
  EXPECT_EQ(One("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'idx_t_name'::regclass"),
            "true");
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok", "r002 upgrade ok"));

  // Its downgrade (DROP INDEX CONCURRENTLY) runs outside a transaction too.
  s = Downgrade("-1");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Exists(ObjectKind::kIndex, "idx_t_name"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_EQ(History().back(), "r002 downgrade ok");
}

TEST_P(PostgresqlTransactionNoneTest, CreateIndexConcurrentlyInAPerMigrationFileIsRefusedByPreflight) {
  Put("r001_table.sql", MigrationText("r001", "", {}, kTable));
  Put("r002_index.sql", MigrationText("r002", "r001", {},
                                      "-- migrate:upgrade\n"
                                      "CREATE INDEX CONCURRENTLY idx_t_name ON t (name);\n"));
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.ToString(),
            "migrations/r002_index.sql:7: CREATE INDEX CONCURRENTLY cannot run inside a "
            "transaction block\n"
            "  put it in its own migration with `-- transaction: none`\n"
            "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
  EXPECT_FALSE(VersionTablesExist());
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PostgresqlTransactionNoneTest,
                         ::testing::Values(Backend::kPostgresql), BackendParamName());

// --- SQLite ---------------------------------------------------------------------

class SqliteTransactionNoneTest : public EngineTest {};

TEST_P(SqliteTransactionNoneTest, PragmaForeignKeysAndVacuumInAPerMigrationFileAreRefused) {
  Put("r001_table.sql", MigrationText("r001", "", {}, kTable));
  Put("r002_rebuild.sql", MigrationText("r002", "r001", {},
                                        "-- migrate:upgrade\n"
                                        "PRAGMA foreign_keys = off;\n"
                                        "ALTER TABLE t ADD COLUMN note TEXT;\n"
                                        "VACUUM;\n"));
  base::Status s = Upgrade("head");
  EXPECT_THAT(AllProblems(s),
              ElementsAre("migrations/r002_rebuild.sql:7: SQLite silently ignores PRAGMA "
                          "foreign_keys inside a transaction\n"
                          "  put it in its own migration with `-- transaction: none`",
                          "migrations/r002_rebuild.sql:9: SQLite cannot VACUUM inside a "
                          "transaction\n"
                          "  put it in its own migration with `-- transaction: none`\n"
                          "preflight found 2 problems; nothing was changed"));
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(SqliteTransactionNoneTest, VacuumRunsInATransactionNoneMigration) {
  Put("r001_table.sql", MigrationText("r001", "", {}, kTable));
  // VACUUM changes nothing a migration is judged by (no catalog change, no
  // row), so it says that is expected.
  Put("r002_vacuum.sql", MigrationText("r002", "r001", {"transaction: none", "noop: allowed"},
                                       "-- migrate:upgrade\n"
                                       "VACUUM;\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok", "r002 upgrade ok"));
}

// The 12-step table rebuild SQLite's documentation prescribes: foreign keys
// off, outside any transaction. Turning them off must not outlive the
// migration.
TEST_P(SqliteTransactionNoneTest, ForeignKeysTurnedOffByAMigrationAreOnAgainForTheNext) {
  Put("r001_parent_child.sql",
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
                    "CREATE TABLE child (id INTEGER PRIMARY KEY,\n"
                    "                    parent_id INTEGER REFERENCES parent (id));\n"
                    "INSERT INTO parent VALUES (1, 'p');\n"
                    "INSERT INTO child VALUES (1, 1);\n"));
  Put("r002_rebuild_parent.sql",
      MigrationText("r002", "r001", {"transaction: none"},
                    "-- migrate:upgrade\n"
                    "PRAGMA foreign_keys = off;\n"
                    "CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                    "INSERT INTO new_parent SELECT id, name FROM parent;\n"
                    "DROP TABLE parent;\n"
                    "ALTER TABLE new_parent RENAME TO parent;\n"));
  Put("r003_check.sql",
      MigrationText("r003", "r002", {},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE audit (id INTEGER);\n"
                    "-- migrate:verify\n"
                    "SELECT foreign_keys = 1 FROM pragma_foreign_keys;\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "new_parent"));
  EXPECT_EQ(One("SELECT count(*) FROM pragma_foreign_key_check"), "0");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteTransactionNoneTest, ::testing::Values(Backend::kSqlite),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing

// The guarantees of `upgrade` (issue 4), each reproducing a failure story
// from /work/shared/seeds: a migration that only printed its CREATE, a block
// that swallowed its own error, an extension that was never there, a table
// that already existed with other columns, an edited applied file, failed
// verify sections and row counts. Every one must fail loudly, record
// nothing, and say why and where; problems found before anything runs are
// reported together.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using script::ObjectKind;

// The hint every "changed nothing" failure carries.
const char* const kNoopHint =
    "  A SELECT that only prints a CREATE statement, or a block that swallowed its\n"
    "  own error, looks like this. If the migration may legitimately find nothing\n"
    "  to do, declare what must hold afterwards (`-- expect: table x`, or a\n"
    "  `-- migrate:verify` section), or add `-- noop: allowed` to its header.\n";

class GuaranteeTest : public EngineTest {};

// Seed 000: the SELECT prints the CREATE DATABASE and never runs it.
constexpr const char* kPrintsCreateDatabase = R"(-- create the application database
--
-- revision: r001
-- down_revision:

-- migrate:upgrade postgresql
SELECT 'CREATE DATABASE projectmeats_prod OWNER projectmeats_user;'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'projectmeats_prod');

-- migrate:upgrade sqlite
SELECT 'CREATE DATABASE projectmeats_prod OWNER projectmeats_user;'
WHERE NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'projectmeats_prod');
)";

TEST_P(GuaranteeTest, ASelectThatOnlyPrintsCreateDatabaseFailsAsANoop) {
  Put("r001_create_database.sql", kPrintsCreateDatabase);
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            std::string("migrations/r001_create_database.sql: the migration ran 1 statement but "
                        "changed nothing in the database (no catalog change, no row written)\n") +
                kNoopHint +
                (postgresql()
                     ? "  nothing vouches for line 7: SELECT 'CREATE DATABASE projectmeats_prod "
                       "OWNER projectmeats_user;' WHERE NOT EXISTS (SELECT FROM pg \u2026\n"
                     : "  nothing vouches for line 11: SELECT 'CREATE DATABASE projectmeats_prod "
                       "OWNER projectmeats_user;' WHERE NOT EXISTS (SELECT 1 FROM  \u2026\n") +
                "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(VersionTablesExist());
  EXPECT_THAT(History(), IsEmpty());
}

TEST_P(GuaranteeTest, TheSameSelectPassesWithNoopAllowed) {
  std::string text = kPrintsCreateDatabase;
  text.replace(text.find("-- down_revision:\n"), std::string("-- down_revision:\n").size(),
               "-- down_revision:\n-- noop: allowed\n");
  Put("r001_create_database.sql", text);
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));
}

TEST_P(GuaranteeTest, CreateTableIfNotExistsOverATableWithOtherColumnsFails) {
  Put("r001_create_t.sql", MigrationText("r001", "", {},
                                         "-- migrate:upgrade\n"
                                         "CREATE TABLE t (id INTEGER, label TEXT);\n"));
  Put("r002_ensure_t.sql", R"(-- make sure t exists
--
-- revision: r002
-- down_revision: r001
-- expect: table t(id, name)

-- migrate:upgrade
CREATE TABLE IF NOT EXISTS t (id INTEGER, name TEXT);
)");
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  // The CREATE statement implies the same postcondition as the `expect:`
  // line; it is reported once.
  EXPECT_EQ(s.ToString(),
            "migrations/r002_ensure_t.sql:5: postcondition not met: table t(id, name): the table "
            "has columns (id, label); missing: name\n"
            "  required by: -- expect: table t(id, name)\n"
            "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));
  EXPECT_THAT(Columns("t"), ::testing::Optional(ElementsAre("id", "label")));
}

TEST_P(GuaranteeTest, CreateTableIfNotExistsOverATableWithOtherColumnsFailsWithoutExpectToo) {
  Put("r001_create_t.sql", MigrationText("r001", "", {},
                                         "-- migrate:upgrade\n"
                                         "CREATE TABLE t (id INTEGER, label TEXT);\n"));
  Put("r002_ensure_t.sql", MigrationText("r002", "r001", {},
                                         "-- migrate:upgrade\n"
                                         "CREATE TABLE IF NOT EXISTS t (id INTEGER, name TEXT);\n"));
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            "migrations/r002_ensure_t.sql:7: postcondition not met: table t(id, name): the table "
            "has columns (id, label); missing: name\n"
            "  required by: CREATE TABLE IF NOT EXISTS t (id INTEGER, name TEXT)\n"
            "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

TEST_P(GuaranteeTest, AnEditedAppliedFileFailsPreflightWithBothChecksums) {
  const std::string original =
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\nCREATE TABLE t (id INTEGER);\n"
                    "-- migrate:downgrade\nDROP TABLE t;\n");
  Put("r001_create_t.sql", original);
  ASSERT_TRUE(Upgrade("head").ok());

  const std::string edited =
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\nCREATE TABLE t (id INTEGER, extra TEXT);\n"
                    "-- migrate:downgrade\nDROP TABLE t;\n");
  Put("r001_create_t.sql", edited);
  Put("r002_create_u.sql", MigrationText("r002", "r001", {},
                                         "-- migrate:upgrade\nCREATE TABLE u (id INTEGER);\n"));
  reporter_.Clear();
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_create_t.sql: revision r001 was edited after it was applied "
            "(checksum mismatch)\n"
            "  recorded: " + Sha256Checksum(original) + "\n" +
                "  file:     " + Sha256Checksum(edited) + "\n" +
                "  an applied migration must not change: undo the edit and put the change in a "
                "new revision (`migrate revision -m ...`)\n"
                "  on a development database, `migrate redo r001` instead reverts it and applies "
                "the file as it is now\n"
                "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "u"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

TEST_P(GuaranteeTest, LineEndingsBomAndTrailingBlanksAreNotAnEdit) {
  const std::string original =
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\nCREATE TABLE t (id INTEGER);\n"
                    "-- migrate:downgrade\nDROP TABLE t;\n");
  Put("r001_create_t.sql", original);
  ASSERT_TRUE(Upgrade("head").ok());

  // The same file as another OS or editor saves it.
  std::string other = "\xEF\xBB\xBF";
  for (char c : original) other += c == '\n' ? std::string(" \t\r\n") : std::string(1, c);
  other += "\r\n\r\n";
  Put("r001_create_t.sql", other);
  Put("r002_create_u.sql", MigrationText("r002", "r001", {},
                                         "-- migrate:upgrade\nCREATE TABLE u (id INTEGER);\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
}

TEST_P(GuaranteeTest, AVerifySectionReturningFalseFails) {
  Put("r001_verify.sql", R"(-- one row, but two are expected
--
-- revision: r001
-- down_revision:

-- migrate:upgrade
CREATE TABLE t (id INTEGER);
INSERT INTO t VALUES (1);

-- migrate:verify
SELECT 1 = 1;
SELECT count(*) = 2 FROM t;
)");
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            std::string("migrations/r001_verify.sql:12: verify statement returned ") +
                (postgresql() ? "f" : "0") +
                ", not true\n"
                "  SELECT count(*) = 2 FROM t\n"
                "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(GuaranteeTest, AFailingVerifyStatementKeepsTheDatabasesMessage) {
  Put("r001_verify.sql", R"(-- verify a table that is not there
--
-- revision: r001
-- down_revision:

-- migrate:upgrade
CREATE TABLE t (id INTEGER);

-- migrate:verify
SELECT count(*) = 0 FROM no_such_table;
)");
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            std::string("migrations/r001_verify.sql:10: verify statement failed: ") +
                (postgresql() ? "relation \"no_such_table\" does not exist"
                              : "no such table: no_such_table") +
                "\n"
                "  SELECT count(*) = 0 FROM no_such_table\n"
                "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
}

TEST_P(GuaranteeTest, ExpectRowsFailsWhenTooFewRowsWereInserted) {
  Put("r001_rows.sql", R"(-- seed three rows, but only two are there
--
-- revision: r001
-- down_revision:
-- expect: rows t >= 3

-- migrate:upgrade
CREATE TABLE t (id INTEGER);
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (2);
)");
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_rows.sql:5: postcondition not met: rows t >= 3: the table has 2 rows\n"
            "  required by: -- expect: rows t >= 3\n"
            "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(GuaranteeTest, EveryUnmetPostconditionOfAMigrationIsReported) {
  Put("r001_two.sql", R"(-- two promises, neither kept
--
-- revision: r001
-- down_revision:
-- expect: table x
-- expect: index idx_y

-- migrate:upgrade
CREATE TABLE t (id INTEGER);
)");
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.ToString(),
            "migrations/r001_two.sql:5: postcondition not met: table x: the table does not exist\n"
            "  required by: -- expect: table x\n"
            "migrations/r001_two.sql:6: postcondition not met: index idx_y: the index does not "
            "exist\n"
            "  required by: -- expect: index idx_y\n"
            "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
}

TEST_P(GuaranteeTest, PreflightReportsEveryProblemTogether) {
  const std::string original = MigrationText("r001", "", {},
                                             "-- migrate:upgrade\nCREATE TABLE t (id INTEGER);\n");
  Put("r001_create_t.sql", original);
  ASSERT_TRUE(Upgrade("head").ok());
  // Two bad things at once: an edited applied file, and a pending migration
  // with no upgrade for this database.
  const std::string edited = original + "CREATE INDEX idx_t ON t (id);\n";
  Put("r001_create_t.sql", edited);
  const std::string other = postgresql() ? "sqlite" : "postgresql";
  Put("r002_other_dialect.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade " + other + "\nCREATE TABLE u (id INTEGER);\n"));
  reporter_.Clear();
  base::Status s = Upgrade("head");
  EXPECT_THAT(AllProblems(s),
              ElementsAre("migrations/r001_create_t.sql: revision r001 was edited after it was "
                          "applied (checksum mismatch)\n"
                          "  recorded: " + Sha256Checksum(original) + "\n" +
                              "  file:     " + Sha256Checksum(edited) + "\n" +
                              "  an applied migration must not change: undo the edit and put "
                              "the change in a new revision (`migrate revision -m ...`)\n"
                              "  on a development database, `migrate redo r001` instead reverts "
                              "it and applies the file as it is now",
                          "migrations/r002_other_dialect.sql: no upgrade section for " +
                              dialect() + " (add `-- migrate:upgrade` or `-- migrate:upgrade " +
                              dialect() + "`)\n" +
                              "preflight found 2 problems; nothing was changed"));
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "u"));
  EXPECT_FALSE(Exists(ObjectKind::kIndex, "idx_t"));
}

// `extensions:` is shared by both dialects: each ignores the other's names.
TEST_P(GuaranteeTest, EachDialectIgnoresTheOtherDialectsExtensions) {
  Put("r001_services.sql",
      MigrationText("r001", "", {"extensions: pg_trgm, json1"},
                    "-- migrate:upgrade postgresql\n"
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
                    "CREATE TABLE services (id integer PRIMARY KEY, name text NOT NULL);\n"
                    "CREATE INDEX idx_services_name ON services USING gin (name gin_trgm_ops);\n"
                    "-- migrate:upgrade sqlite\n"
                    "CREATE TABLE services (id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
                    "                       tags TEXT CHECK (json_valid(tags)));\n"
                    "CREATE INDEX idx_services_name ON services (name);\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_services_name"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

TEST_P(GuaranteeTest, AnExtensionThatDoesNotExistFailsPreflightOnPostgresql) {
  Put("r001_needs.sql", MigrationText("r001", "", {"extensions: no_such_extension"},
                                      "-- migrate:upgrade\nCREATE TABLE t (id INTEGER);\n"));
  base::Status s = Upgrade("head");
  if (!postgresql()) {
    // SQLite takes every name that is not one of its own features to be a
    // PostgreSQL extension (`extensions:` is shared by both dialects), so
    // it does not look further.
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_THAT(VersionRows(), ElementsAre("r001"));
    return;
  }
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_needs.sql: revision r001 needs extension no_such_extension "
            "(declared in the header): it is not available on the database server (not in "
            "pg_available_extensions)\n"
            "  fix: install the package that provides it on the database server (contrib "
            "modules come with postgresql-contrib; others are usually named "
            "postgresql-15-no_such_extension), then run CREATE EXTENSION no_such_extension;\n"
            "preflight found 1 problem; nothing was changed");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(GuaranteeTest, DropIfExistsOfSomethingAbsentIsVouchedForByItsAbsence) {
  Put("r001_cleanup.sql", MigrationText("r001", "", {},
                                        "-- migrate:upgrade\n"
                                        "DROP TABLE IF EXISTS legacy_sessions;\n"
                                        "DROP INDEX IF EXISTS idx_legacy;\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

INSTANTIATE_TEST_SUITE_P(Backends, GuaranteeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

// --- PostgreSQL ---------------------------------------------------------------

class PostgresqlGuaranteeTest : public EngineTest {};

// A block that swallows the error of the CREATE TABLE it was written for.
constexpr const char* kSwallowingBlock = R"(-- create x, whatever happens
--
-- revision: r001
-- down_revision:
-- expect: table x

-- migrate:upgrade
DO $$
BEGIN
  CREATE TABLE x (id integer REFERENCES no_such_parent (id));
EXCEPTION WHEN others THEN NULL;
END
$$;
)";

TEST_P(PostgresqlGuaranteeTest, ABlockThatSwallowsItsErrorFailsItsPostcondition) {
  Put("r001_swallow.sql", kSwallowingBlock);
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_swallow.sql:5: postcondition not met: table x: the table does not "
            "exist\n"
            "  required by: -- expect: table x\n"
            "  nothing of revision r001 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_FALSE(VersionTablesExist());
}

// Without its `expect:` line the same block passes: its CREATE TABLE wrote
// to the catalog before failing, so the transaction did write, and nothing
// inside a DO block is inferred. docs/guarantees.md says to declare what a
// guarded block must leave behind.

// Seed 004: the trigram index of a database without pg_trgm.
constexpr const char* kTrigramIndex = R"(-- services with trigram search
--
-- revision: r001
-- down_revision:

-- migrate:upgrade
CREATE TABLE services (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);
)";

TEST_P(PostgresqlGuaranteeTest, GinTrgmOpsWithoutACreatablePgTrgmFailsPreflight) {
  // pg_trgm is trusted in PostgreSQL 15, so the database owner could create
  // it, unless it lost CREATE on the database.
  AdminExec("REVOKE CREATE ON DATABASE \"" + db_->name() + "\" FROM migrate_test");
  Put("r001_services.sql", kTrigramIndex);
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_services.sql:8: revision r001 needs extension pg_trgm (uses "
            "gin_trgm_ops): it is trusted, but role migrate_test lacks the CREATE privilege on "
            "database " + db_->name() + "\n" +
                "  fix: ask the owner of database " + db_->name() +
                " to run: GRANT CREATE ON DATABASE \"" + db_->name() +
                "\" TO \"migrate_test\"; (or a superuser to run: CREATE EXTENSION pg_trgm;)\n"
                "preflight found 1 problem; nothing was changed");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(PostgresqlGuaranteeTest, AnUntrustedExtensionTheRoleCannotCreateFailsPreflight) {
  Put("r001_inspect.sql", MigrationText("r001", "", {"extensions: pageinspect"},
                                        "-- migrate:upgrade\n"
                                        "CREATE TABLE t (id integer);\n"));
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_inspect.sql: revision r001 needs extension pageinspect (declared "
            "in the header): it is available, but only a superuser may create it, and role "
            "migrate_test is not one\n"
            "  fix: ask a superuser to run, in database " + db_->name() +
                ": CREATE EXTENSION pageinspect;\n"
                "preflight found 1 problem; nothing was changed");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "t"));
}

TEST_P(PostgresqlGuaranteeTest, GinTrgmOpsWithPgTrgmCreatableButNeverCreatedFailsPreflight) {
  // Seed 004: the role could create pg_trgm, but no migration does, so the
  // index would fail. Preflight says so before anything runs.
  Put("r001_services.sql", kTrigramIndex);
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_services.sql:8: revision r001 needs extension pg_trgm (uses "
            "gin_trgm_ops): it is not installed, and no migration up to this one creates it\n"
            "  fix: add `CREATE EXTENSION IF NOT EXISTS pg_trgm;` to this migration before its "
            "first use (this role may create it), or run it once on the database\n"
            "preflight found 1 problem; nothing was changed");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "services"));
  EXPECT_FALSE(VersionTablesExist());
}

TEST_P(PostgresqlGuaranteeTest, GinTrgmOpsAfterTheMigrationCreatesPgTrgmRuns) {
  std::string text = kTrigramIndex;
  const std::string index = "CREATE INDEX idx_services_name_trgm";
  text.insert(text.find(index), "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n");
  Put("r001_services.sql", text);
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Exists(ObjectKind::kExtension, "pg_trgm"));
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PostgresqlGuaranteeTest,
                         ::testing::Values(Backend::kPostgresql), BackendParamName());

}  // namespace
}  // namespace migrate::testing

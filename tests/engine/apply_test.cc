// Applying and reverting migrations on a real database (issue 3): the
// per-migration transaction, the version and history tables, downgrade,
// branches and merges, stamp, dialect sections, and session state.

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/store/version_store.h"
#include "tests/engine/engine_test.h"

#ifndef MIGRATE_EXPECTED_VERSION
#error "MIGRATE_EXPECTED_VERSION must be defined (tests/engine/CMakeLists.txt)"
#endif

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using script::ObjectKind;

const char* const kUsers =
    "-- migrate:upgrade\n"
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    "\n"
    "-- migrate:downgrade\n"
    "DROP TABLE users;\n";
const char* const kPosts =
    "-- migrate:upgrade\n"
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title TEXT);\n"
    "CREATE INDEX idx_posts_user ON posts (user_id);\n"
    "\n"
    "-- migrate:downgrade\n"
    "DROP TABLE posts;\n";
const char* const kEmail =
    "-- migrate:upgrade\n"
    "ALTER TABLE users ADD COLUMN email TEXT;\n"
    "\n"
    "-- migrate:downgrade\n"
    "ALTER TABLE users DROP COLUMN email;\n";

class ApplyTest : public EngineTest {
 protected:
  // r001 users(id, name) <- r002 posts <- r003 users.email
  void PutLinearSet() {
    Put("r001_create_users.sql", MigrationText("r001", "", {}, kUsers));
    Put("r002_create_posts.sql", MigrationText("r002", "r001", {}, kPosts));
    Put("r003_add_email.sql", MigrationText("r003", "r002", {}, kEmail));
  }
};

std::string OsUser() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(geteuid());
}

std::string HostName() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "";
}

TEST_P(ApplyTest, UpgradeHeadAppliesEachMigrationAndRecordsIt) {
  PutLinearSet();
  const auto before = std::chrono::system_clock::now();
  base::Status s = Upgrade("head");
  const auto after = std::chrono::system_clock::now();
  ASSERT_TRUE(s.ok()) << s.ToString();

  EXPECT_THAT(Columns("users"), ::testing::Optional(ElementsAre("id", "name", "email")));
  EXPECT_THAT(Columns("posts"), ::testing::Optional(ElementsAre("id", "user_id", "title")));
  EXPECT_TRUE(Exists(ObjectKind::kIndex, "idx_posts_user"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_THAT(reporter_.events(),
              ElementsAre("plan upgrade: r001 r002 r003", "start upgrade r001",
                          "finish upgrade r001", "start upgrade r002", "finish upgrade r002",
                          "start upgrade r003", "finish upgrade r003"));
  EXPECT_THAT(reporter_.problems(), IsEmpty());

  const std::vector<std::string> files = {"r001_create_users.sql", "r002_create_posts.sql",
                                          "r003_add_email.sql"};
  auto rows = Rows(
      "SELECT revision, direction, checksum, started_at, finished_at, duration_ms, "
      "CASE WHEN success THEN 'yes' ELSE 'no' END, db_user, host, pid, tool_version, "
      "coalesce(error, ''), coalesce(error_location, '') "
      "FROM migrate_history ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(files[i]);
    const auto& row = rows[i];
    EXPECT_EQ(row[0], "r00" + std::to_string(i + 1));
    EXPECT_EQ(row[1], "upgrade");
    EXPECT_EQ(row[2], Sha256Checksum(fs_.files().at(Path(files[i]))));
    auto started = store::ParseTimestamp(row[3]);
    auto finished = store::ParseTimestamp(row[4]);
    ASSERT_TRUE(started.has_value()) << row[3];
    ASSERT_TRUE(finished.has_value()) << row[4];
    // Stored with millisecond precision.
    EXPECT_LE(before - std::chrono::milliseconds(1), *started);
    EXPECT_LE(*started, *finished);
    EXPECT_LE(*finished, after);
    EXPECT_GE(std::stoll(row[5]), 0);
    EXPECT_LE(std::stoll(row[5]),
              std::chrono::duration_cast<std::chrono::milliseconds>(after - before).count());
    EXPECT_EQ(row[6], "yes");
    EXPECT_EQ(row[7], postgresql() ? "migrate_test" : OsUser());
    EXPECT_EQ(row[8], HostName());
    EXPECT_EQ(row[9], std::to_string(getpid()));
    EXPECT_EQ(row[10], MIGRATE_EXPECTED_VERSION);
    EXPECT_EQ(row[11], "");
    EXPECT_EQ(row[12], "");
  }

  auto current = Current();
  ASSERT_TRUE(current.has_value()) << current.error().ToString();
  EXPECT_THAT(*current, ElementsAre("r003"));

  // A second run finds nothing to do.
  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_THAT(reporter_.problems(), IsEmpty());
  EXPECT_EQ(History().size(), 3u);
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
}

TEST_P(ApplyTest, VersionTablesAreCreatedInTheFirstMigrationsTransaction) {
  PutLinearSet();
  ASSERT_FALSE(VersionTablesExist());
  base::Status s = Upgrade("r001");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));
  if (postgresql()) {
    // Rows written by one transaction carry its id in xmin: the table of the
    // first migration and both version tables were created by the same one.
    EXPECT_EQ(One("SELECT count(DISTINCT xmin::text) FROM pg_catalog.pg_class "
                  "WHERE relname IN ('users', 'migrate_version', 'migrate_history') "
                  "AND relnamespace = 'public'::regnamespace"),
              "1");
  }
}

TEST_P(ApplyTest, FirstMigrationFailingLeavesNoVersionTables) {
  Put("r001_create_users.sql", MigrationText("r001", "", {},
                                             "-- migrate:upgrade\n"
                                             "CREATE TABLE users (id INTEGER);\n"
                                             "INSERT INTO no_such_table VALUES (1);\n"));
  base::Status s = Upgrade("head");
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(VersionTablesExist());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "migrate_history"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "users"));
}

// The third statement fails; the first two must leave no trace.
constexpr const char* kFillUsers = R"(-- fill users
--
-- revision: r002
-- down_revision: r001

-- migrate:upgrade
CREATE TABLE audit (id INTEGER);
INSERT INTO users (id, name) VALUES (1, 'ada');
INSERT INTO users (id, name)
SELECT id, label FROM no_such_table;

-- migrate:downgrade
DROP TABLE audit;
DELETE FROM users;
)";

TEST_P(ApplyTest, FailingStatementRollsBackItsMigrationAndNamesFileLineStatementAndError) {
  Put("r001_create_users.sql", MigrationText("r001", "", {}, kUsers));
  Put("r002_fill_users.sql", kFillUsers);
  base::Status s = Upgrade("head");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase);
  if (postgresql()) {
    EXPECT_EQ(s.ToString(),
              "migrations/r002_fill_users.sql:10: migration r002 failed: relation "
              "\"no_such_table\" does not exist\n"
              "  statement: INSERT INTO users (id, name) SELECT id, label FROM no_such_table\n"
              "  SQLSTATE: 42P01\n"
              "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  } else {
    // SQLite gives no position for this error: the line is where the
    // statement starts.
    EXPECT_EQ(s.ToString(),
              "migrations/r002_fill_users.sql:9: migration r002 failed: no such table: "
              "no_such_table\n"
              "  statement: INSERT INTO users (id, name) SELECT id, label FROM no_such_table\n"
              "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  }
  EXPECT_THAT(reporter_.events(), ElementsAre("plan upgrade: r001 r002", "start upgrade r001",
                                              "finish upgrade r001", "start upgrade r002"));
  // r001 stays committed; nothing of r002 remains.
  EXPECT_TRUE(Exists(ObjectKind::kTable, "users"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "audit"));
  EXPECT_EQ(One("SELECT count(*) FROM users"), "0");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok"));

  // Fixed, the next run applies it.
  std::string fixed = kFillUsers;
  fixed.replace(fixed.find("SELECT id, label FROM no_such_table"),
                std::string("SELECT id, label FROM no_such_table").size(),
                "SELECT 2, 'grace'");
  Put("r002_fill_users.sql", fixed);
  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), ElementsAre("r002"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "audit"));
  EXPECT_EQ(One("SELECT count(*) FROM users"), "2");
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok", "r002 upgrade ok"));
}

TEST_P(ApplyTest, TheDatabasesDetailIsKeptWithItsMessage) {
  Put("r001_create_users.sql", MigrationText("r001", "", {}, kUsers));
  Put("r002_duplicate.sql", MigrationText("r002", "r001", {},
                                          "-- migrate:upgrade\n"
                                          "INSERT INTO users (id, name) VALUES (1, 'ada');\n"
                                          "INSERT INTO users (id, name) VALUES (1, 'grace');\n"));
  base::Status s = Upgrade("head");
  if (postgresql()) {
    EXPECT_EQ(s.ToString(),
              "migrations/r002_duplicate.sql:8: migration r002 failed: duplicate key value "
              "violates unique constraint \"users_pkey\"\n"
              "  statement: INSERT INTO users (id, name) VALUES (1, 'grace')\n"
              "  DETAIL: Key (id)=(1) already exists.\n"
              "  SQLSTATE: 23505\n"
              "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  } else {
    EXPECT_EQ(s.ToString(),
              "migrations/r002_duplicate.sql:8: migration r002 failed: UNIQUE constraint failed: "
              "users.id\n"
              "  statement: INSERT INTO users (id, name) VALUES (1, 'grace')\n"
              "  nothing of revision r002 was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration");
  }
  EXPECT_EQ(One("SELECT count(*) FROM users"), "0");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

TEST_P(ApplyTest, DowngradeOneThenBaseThenUpgradeTwo) {
  PutLinearSet();
  ASSERT_TRUE(Upgrade("head").ok());

  base::Status s = Downgrade("-1");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(Columns("users"), ::testing::Optional(ElementsAre("id", "name")));

  reporter_.Clear();
  s = Downgrade("base");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.events(),
              ElementsAre("plan downgrade: r002 r001", "start downgrade r002",
                          "finish downgrade r002", "start downgrade r001",
                          "finish downgrade r001"));
  EXPECT_THAT(VersionRows(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "users"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "posts"));
  auto current = Current();
  ASSERT_TRUE(current.has_value()) << current.error().ToString();
  EXPECT_THAT(*current, IsEmpty());

  s = Upgrade("+2");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
  EXPECT_THAT(History(),
              ElementsAre("r001 upgrade ok", "r002 upgrade ok", "r003 upgrade ok",
                          "r003 downgrade ok", "r002 downgrade ok", "r001 downgrade ok",
                          "r001 upgrade ok", "r002 upgrade ok"));
}

TEST_P(ApplyTest, DowngradeThenUpgradeReturnsToTheSameSchema) {
  PutLinearSet();
  const std::vector<std::string> empty = Schema();
  ASSERT_TRUE(Upgrade("r002").ok());
  const std::vector<std::string> at_r002 = Schema();
  ASSERT_TRUE(Upgrade("head").ok());
  const std::vector<std::string> at_head = Schema();
  ASSERT_NE(at_r002, at_head);

  ASSERT_TRUE(Downgrade("-1").ok());
  EXPECT_EQ(Schema(), at_r002);
  ASSERT_TRUE(Upgrade("head").ok());
  EXPECT_EQ(Schema(), at_head);
  ASSERT_TRUE(Downgrade("base").ok());
  EXPECT_EQ(Schema(), empty);
  ASSERT_TRUE(Upgrade("head").ok());
  EXPECT_EQ(Schema(), at_head);
}

TEST_P(ApplyTest, DowngradeThroughAMigrationWithoutDowngradeIsRefusedAndChangesNothing) {
  Put("r001_create_users.sql", MigrationText("r001", "", {}, kUsers));
  Put("r002_seed_users.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade\nINSERT INTO users (id, name) VALUES (1, 'ada');\n"));
  Put("r003_add_email.sql", MigrationText("r003", "r002", {}, kEmail));
  ASSERT_TRUE(Upgrade("head").ok());
  const std::vector<std::string> schema = Schema();

  reporter_.Clear();
  base::Status s = Downgrade("base");
  EXPECT_EQ(s.ToString(),
            "migrations/r002_seed_users.sql: revision r002 has no downgrade section, so it is "
            "irreversible: a downgrade cannot go past it (to revert its effects, write a new "
            "revision that undoes them)\n"
            "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(reporter_.started(), IsEmpty());
  // Not even r003, which is reversible and would have been first.
  EXPECT_EQ(Schema(), schema);
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_EQ(History().size(), 3u);

  // Down to just above it is fine.
  s = Downgrade("r002");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
}

// r001 <- r02a, r02b <- r003 (merge, no statements)
class BranchTest : public EngineTest {
 protected:
  void PutBranches() {
    Put("r001_root.sql", MigrationText("r001", "", {},
                                       "-- migrate:upgrade\nCREATE TABLE a (id INTEGER);\n"
                                       "-- migrate:downgrade\nDROP TABLE a;\n"));
    Put("r02a_left.sql", MigrationText("r02a", "r001", {},
                                       "-- migrate:upgrade\nCREATE TABLE b (id INTEGER);\n"
                                       "-- migrate:downgrade\nDROP TABLE b;\n"));
    Put("r02b_right.sql", MigrationText("r02b", "r001", {},
                                        "-- migrate:upgrade\nCREATE TABLE c (id INTEGER);\n"
                                        "-- migrate:downgrade\nDROP TABLE c;\n"));
  }
  void PutMerge() {
    Put("r003_merge.sql", MigrationText("r003", "r02a, r02b", {},
                                        "-- migrate:upgrade\n-- migrate:downgrade\n"));
  }
};

TEST_P(BranchTest, UpgradeHeadsAppliesBothBranchesAndTheMerge) {
  PutBranches();
  PutMerge();
  base::Status s = Upgrade("heads");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "b"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "c"));
  std::vector<std::string> history = History();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history.front(), "r001 upgrade ok");
  EXPECT_THAT(std::vector<std::string>(history.begin() + 1, history.begin() + 3),
              UnorderedElementsAre("r02a upgrade ok", "r02b upgrade ok"));
  EXPECT_EQ(history.back(), "r003 upgrade ok");
  ASSERT_EQ(reporter_.outcomes().size(), 4u);
  EXPECT_TRUE(reporter_.outcomes().back().empty);
  EXPECT_EQ(reporter_.outcomes().back().revision, "r003");

  // Below the merge, the database has two heads again. `-1` would have two
  // ways down (Alembic's "Ambiguous walk"), so the downgrade names a parent.
  s = Downgrade("-1");
  EXPECT_EQ(s.ToString(),
            "'-1' is ambiguous: 'r003' is a merge point (parents r02a, r02b); use 'r02a' or "
            "'r02b'");
  s = Downgrade("r02a");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r02a", "r02b"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "b"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "c"));
  auto current = Current();
  ASSERT_TRUE(current.has_value()) << current.error().ToString();
  EXPECT_THAT(*current, ElementsAre("r02a", "r02b"));
  EXPECT_EQ(History().back(), "r003 downgrade ok");

  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
}

TEST_P(BranchTest, TwoUnmergedBranchesAreTwoVersionRowsUntilMerged) {
  PutBranches();
  base::Status s = Upgrade("head");
  EXPECT_EQ(s.ToString(),
            "Multiple heads (r02a, r02b); upgrade to 'heads', or to one of them with "
            "'<label>@head' or its revision id");
  EXPECT_FALSE(VersionTablesExist());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "a"));

  s = Upgrade("heads");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r02a", "r02b"));

  PutMerge();
  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), ElementsAre("r003"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
}

TEST_P(ApplyTest, StampHeadRecordsTheRevisionsWithoutRunningThem) {
  PutLinearSet();
  base::Status s = Stamp("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "users"));
  EXPECT_THAT(History(), ElementsAre("r001 stamp ok", "r002 stamp ok", "r003 stamp ok"));
  EXPECT_THAT(reporter_.info(), ElementsAre("Stamped the database at head."));

  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "users"));
}

TEST_P(ApplyTest, StampBaseForgetsTheRevisionsWithoutRunningDowngrades) {
  PutLinearSet();
  ASSERT_TRUE(Upgrade("head").ok());
  base::Status s = Stamp("base");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(VersionTablesExist());
  EXPECT_THAT(VersionRows(), IsEmpty());
  EXPECT_TRUE(Exists(ObjectKind::kTable, "users"));
  EXPECT_TRUE(Exists(ObjectKind::kTable, "posts"));
  auto current = Current();
  ASSERT_TRUE(current.has_value()) << current.error().ToString();
  EXPECT_THAT(*current, IsEmpty());
}

TEST_P(ApplyTest, StampPurgeReplacesARevisionUnknownToTheScriptDirectory) {
  PutLinearSet();
  ASSERT_TRUE(Upgrade("r001").ok());
  // The database was migrated by newer code whose files are not here.
  Exec("UPDATE migrate_version SET version_num = 'f00d'");

  auto current = Current();
  ASSERT_FALSE(current.has_value());
  EXPECT_EQ(current.error().ToString(),
            "the database is at revision f00d, which is not in migrations: the database is "
            "ahead of this code (migrated from another branch or a newer version), or its file "
            "was deleted\n"
            "  check out the code that has f00d (the branch that added it) and run `migrate "
            "downgrade` there to take it out, or restore the file; if the schema is really at a "
            "revision of these files, record that with `migrate stamp --purge REV`");

  base::Status s = Stamp("r002", /*purge=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));

  // Only what is above the stamp runs.
  reporter_.Clear();
  s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.started(), ElementsAre("r003"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "posts"));
  EXPECT_THAT(Columns("users"), ::testing::Optional(ElementsAre("id", "name", "email")));
}

TEST_P(ApplyTest, TheDialectSectionReplacesTheGenericOne) {
  Put("r001_generic_or_sqlite.sql",
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE generic_t (id INTEGER);\n"
                    "-- migrate:upgrade sqlite\n"
                    "CREATE TABLE lite_t (id INTEGER);\n"));
  Put("r002_each_its_own.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade postgresql\n"
                    "CREATE TABLE pg_only (id integer GENERATED ALWAYS AS IDENTITY);\n"
                    "-- migrate:upgrade sqlite\n"
                    "CREATE TABLE lite_only (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Exists(ObjectKind::kTable, "generic_t"), postgresql());
  EXPECT_EQ(Exists(ObjectKind::kTable, "pg_only"), postgresql());
  EXPECT_EQ(Exists(ObjectKind::kTable, "lite_t"), !postgresql());
  EXPECT_EQ(Exists(ObjectKind::kTable, "lite_only"), !postgresql());
  EXPECT_THAT(VersionRows(), ElementsAre("r002"));
}

TEST_P(ApplyTest, AFileWithOnlyAPostgresqlUpgradeFailsOnSqliteBeforeAnythingRuns) {
  Put("r001_create_users.sql", MigrationText("r001", "", {}, kUsers));
  Put("r002_tsvector.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade postgresql\n"
                    "ALTER TABLE users ADD COLUMN search tsvector;\n"
                    "-- migrate:downgrade\n"
                    "ALTER TABLE users DROP COLUMN search;\n"));
  base::Status s = Upgrade("head");
  if (postgresql()) {
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_THAT(VersionRows(), ElementsAre("r002"));
    return;
  }
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(),
            "migrations/r002_tsvector.sql: no upgrade section for sqlite (add `-- migrate:upgrade` "
            "or `-- migrate:upgrade sqlite`)\n"
            "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(reporter_.started(), IsEmpty());
  EXPECT_FALSE(Exists(ObjectKind::kTable, "users"));
  EXPECT_FALSE(VersionTablesExist());
}

INSTANTIATE_TEST_SUITE_P(Backends, ApplyTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());
INSTANTIATE_TEST_SUITE_P(Backends, BranchTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

// --- PostgreSQL only ---------------------------------------------------------

class PostgresqlSessionTest : public EngineTest {};

TEST_P(PostgresqlSessionTest, SearchPathSetByAMigrationMovesNeitherVersionTablesNorLaterMigrations) {
  const std::string timezone = One("SELECT current_setting('TimeZone')");
  ASSERT_NE(timezone, "Pacific/Chatham");
  Put("r001_other_schema.sql",
      MigrationText("r001", "", {},
                    "-- migrate:upgrade\n"
                    "CREATE SCHEMA other_schema;\n"
                    "SET search_path TO other_schema;\n"
                    "SET TIME ZONE 'Pacific/Chatham';\n"
                    "CREATE TABLE in_other (id integer);\n"));
  Put("r002_default_schema.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE in_default (id integer);\n"
                    "-- migrate:verify\n"
                    "SELECT current_schema() = 'public';\n"
                    "SELECT current_setting('TimeZone') = '" + timezone + "';\n"));
  base::Status s = Upgrade("head");
  ASSERT_TRUE(s.ok()) << s.ToString();

  EXPECT_EQ(One("SELECT to_regclass('other_schema.in_other') IS NOT NULL"), "t");
  EXPECT_EQ(One("SELECT to_regclass('public.in_default') IS NOT NULL"), "t");
  EXPECT_EQ(One("SELECT to_regclass('other_schema.in_default') IS NULL"), "t");
  EXPECT_EQ(One("SELECT to_regclass('other_schema.migrate_version') IS NULL"), "t");
  EXPECT_EQ(One("SELECT to_regclass('other_schema.migrate_history') IS NULL"), "t");
  EXPECT_EQ(One("SELECT string_agg(version_num, ',') FROM public.migrate_version"), "r002");
  EXPECT_EQ(One("SELECT count(*) FROM public.migrate_history"), "2");
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PostgresqlSessionTest, ::testing::Values(Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing

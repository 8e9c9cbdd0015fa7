// End-to-end tests of `migrate import` and `migrate stamp --from-table`:
// each sample folder of tests/fixtures/import/ is imported, checked, applied
// and reverted on SQLite; a database that golang-migrate, Flyway, dbmate or
// Sqitch "already migrated" (its schema and the history rows that tool
// writes, created here through sqlite3 / psql) is adopted with stamp, after
// which `upgrade head` runs only the later migrations.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

std::string FixtureDir(const std::string& format) {
  return SourceDir() + "/tests/fixtures/import/" + format;
}

// One sample folder and what importing it gives.
struct Sample {
  std::string format;
  std::vector<std::string> created;  // the files, in chain order
  std::string head;
  std::vector<std::string> tables;   // after upgrade head (version tables left out)
};

std::vector<Sample> Samples() {
  return {
      {"golang-migrate",
       {"v1_create_users.sql", "v2_add_users_name.sql", "v10_create_posts.sql"},
       "v10",
       {"posts", "users"}},
      {"flyway",
       {"v1_create_users.sql", "v1_1_add_users_name.sql", "v2_create_posts.sql",
        "v2_1_index_posts.sql", "v10_create_tags.sql"},
       "v10",
       {"posts", "tags", "users"}},
      {"dbmate",
       {"v20240105093000_create_users.sql", "v20240212140000_add_users_name.sql",
        "v20240301080000_index_users_email.sql"},
       "v20240301080000",
       {"users"}},
      {"sqitch",
       {"users_creates_table_to_track_our_users.sql", "posts_posts_written_by_users.sql",
        "users_name.sql"},
       "users_name",
       {"posts", "users"}},
  };
}

class ImportTest : public CliTest {
 protected:
  // `migrate --url URL args...` in the test directory, URL being url_.
  ProcessResult Run(const std::vector<std::string>& args) const {
    return MigrateWithUrl(url_, args);
  }

  // Run for a command that must succeed; its stdout with durations masked.
  std::string Ok(const std::vector<std::string>& args) const {
    return MigrateOkWithUrl(url_, args);
  }

  // `args` must fail with `exit_code`, printing exactly `err` on stderr.
  void ExpectFails(const std::vector<std::string>& args, int exit_code,
                   const std::string& err) const {
    const ProcessResult r = Run(args);
    EXPECT_EQ(r.exit_code, exit_code) << r.Describe();
    EXPECT_EQ(r.err, err);
  }

  // `stamp --from-table tool` must adopt the database at `revision`,
  // which the tool's `table` records as its latest applied `version`.
  void ExpectStampedFromTable(const std::string& tool, const std::string& table,
                              const std::string& version, const std::string& revision) const {
    EXPECT_THAT(Lines(Ok({"stamp", "--from-table", tool})),
                ElementsAre(table + " (" + tool + ") records version " + version +
                                " as the latest applied: revision " + revision,
                            "Stamped the database at " + revision + "."));
  }

  // `upgrade head` must print exactly `applied`, then its summary line.
  void ExpectUpgradeApplies(std::vector<std::string> applied) const {
    const std::size_t n = applied.size();
    applied.push_back("Applied " + std::to_string(n) + " migration" + (n == 1 ? "" : "s") +
                      " in TIME.");
    EXPECT_EQ(ResultLines(Ok({"upgrade", "head"})), applied);
  }

  // Copies sample `format` into the test directory as `name`, to edit it.
  void CopyFixture(const std::string& format, const std::string& name) const {
    std::filesystem::copy(FixtureDir(format), dir_.Path(name),
                          std::filesystem::copy_options::recursive);
  }

  std::vector<std::string> UserTables() const {
    std::vector<std::string> tables;
    for (const std::string& t : DatabaseProbe::Sqlite(dir_.Path("app.db")).Tables()) {
      if (t != "migrate_version" && t != "migrate_history") tables.push_back(t);
    }
    return tables;
  }

  std::string url_ = "sqlite:///app.db";
};

TEST_F(ImportTest, EachSampleImportsChecksUpgradesAndDowngrades) {
  for (const Sample& sample : Samples()) {
    SCOPED_TRACE(sample.format);
    const std::string out_dir = "m-" + sample.format;
    const std::string db = sample.format + ".db";
    const ProcessResult r = Migrate({"--url", "sqlite:///" + db, "import", sample.format,
                                     FixtureDir(sample.format), "--dir", out_dir});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    std::vector<std::string> expected;
    for (const std::string& file : sample.created) expected.push_back("Created " + out_dir + "/" + file);
    std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), expected.size() + 2) << r.out;
    EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.end() - 2), expected);
    EXPECT_EQ(lines[lines.size() - 2],
              "Imported " + std::to_string(sample.created.size()) + " " + sample.format +
                  " migrations from " + FixtureDir(sample.format) + " into " + out_dir + ": " +
                  sample.created.front().substr(0, sample.created.front().find('_', 1)) +
                  " .. " + sample.head + ".");
    EXPECT_EQ(lines.back(), "Next: migrate check --offline. On a database " + sample.format +
                                " already migrated, migrate stamp --from-table " + sample.format +
                                " before migrate upgrade head (docs/import.md).");
    EXPECT_EQ(dir_.List(out_dir), [&] {
      std::vector<std::string> sorted = sample.created;
      std::sort(sorted.begin(), sorted.end());
      return sorted;
    }());

    dir_.Write(sample.format + ".toml", "[migrate]\nurl = \"sqlite:///" + db +
                                            "\"\nscript_location = \"" + out_dir + "\"\n");
    const std::vector<std::string> config = {"-c", dir_.Path(sample.format + ".toml")};
    auto run = [&](std::vector<std::string> args) {
      args.insert(args.begin(), config.begin(), config.end());
      const ProcessResult p = Migrate(args);
      EXPECT_EQ(p.exit_code, 0) << p.Describe();
      return ResultLines(MaskDurations(p.out));
    };
    EXPECT_THAT(run({"check", "--offline"}),
                ElementsAre("OK: " + std::to_string(sample.created.size()) + " revisions, head " +
                            sample.head));
    const std::vector<std::string> up = run({"upgrade", "head"});
    ASSERT_FALSE(up.empty());
    EXPECT_EQ(up.back(), "Applied " + std::to_string(sample.created.size()) + " migrations in TIME.");
    std::vector<std::string> tables;
    for (const std::string& t : DatabaseProbe::Sqlite(dir_.Path(db)).Tables()) {
      if (t != "migrate_version" && t != "migrate_history") tables.push_back(t);
    }
    EXPECT_EQ(tables, sample.tables);
    EXPECT_THAT(DatabaseProbe::Sqlite(dir_.Path(db)).VersionRows(), ElementsAre(sample.head));
    const std::vector<std::string> down = run({"downgrade", "base"});
    ASSERT_FALSE(down.empty());
    EXPECT_EQ(down.back(), "Reverted " + std::to_string(sample.created.size()) + " migrations in TIME.");
    tables.clear();
    for (const std::string& t : DatabaseProbe::Sqlite(dir_.Path(db)).Tables()) {
      if (t != "migrate_version" && t != "migrate_history") tables.push_back(t);
    }
    EXPECT_THAT(tables, IsEmpty());
  }
}

TEST_F(ImportTest, WritesTheHeaderFormatWithSourcesAndTransactionMode) {
  Ok({"import", "flyway", FixtureDir("flyway")});
  EXPECT_EQ(dir_.Read("migrations/v2_1_index_posts.sql"),
            "-- Index posts\n"
            "--\n"
            "-- Imported from flyway V2_1__Index_posts.sql, V2_1__Index_posts.sql.conf, "
            "U2_1__Index_posts.sql\n"
            "--\n"
            "-- revision: v2_1\n"
            "-- down_revision: v2\n"
            "-- transaction: none\n"
            "\n"
            "-- migrate:upgrade\n"
            "-- Flyway runs this one outside a transaction (see the .conf file).\n"
            "CREATE INDEX posts_user_id ON posts (user_id);\n"
            "\n"
            "-- migrate:downgrade\n"
            "DROP INDEX posts_user_id;\n");
  // golang-migrate's BEGIN/COMMIT wrapper is gone; migrate adds its own transaction.
  EXPECT_EQ(dir_.Read("migrations/v1_create_users.sql"),
            "-- Create users\n--\n-- Imported from flyway V1__Create_users.sql, U1__Create_users.sql\n"
            "--\n-- revision: v1\n-- down_revision:\n\n-- migrate:upgrade\nCREATE TABLE users (\n"
            "  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n\n-- migrate:downgrade\n"
            "DROP TABLE users;\n");
}

TEST_F(ImportTest, ImportingTwiceGivesTheSameFilesAndNeverOverwrites) {
  Ok({"import", "sqitch", FixtureDir("sqitch"), "--dir", "a"});
  Ok({"import", "sqitch", FixtureDir("sqitch"), "--dir", "b"});
  for (const std::string& name : dir_.List("a")) {
    EXPECT_EQ(dir_.Read("a/" + name), dir_.Read("b/" + name)) << name;
  }
  EXPECT_EQ(dir_.List("a"), dir_.List("b"));
  dir_.Write("a/posts_posts_written_by_users.sql", "mine");
  const ProcessResult again = Run({"import", "sqitch", FixtureDir("sqitch"), "--dir", "a"});
  EXPECT_EQ(again.exit_code, 2) << again.Describe();
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err,
            "error: a/users_creates_table_to_track_our_users.sql already exists (and 2 more of the "
            "files to write); nothing was written. Import into an empty folder (--dir), or remove "
            "the earlier import\n");
  EXPECT_EQ(dir_.Read("a/posts_posts_written_by_users.sql"), "mine");
}

TEST_F(ImportTest, PrintsTheReadersWarningsAndWarnsAboutMigrationsAlreadyThere) {
  CopyFixture("golang-migrate", "gm");
  std::filesystem::remove(dir_.Path("gm/2_add_users_name.down.sql"));
  WriteCustomersProject(dir_);
  const ProcessResult r = Run({"import", "golang-migrate", "gm"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out),
              ElementsAre("Created migrations/v1_create_users.sql",
                          "Created migrations/v2_add_users_name.sql",
                          "Created migrations/v10_create_posts.sql",
                          "warning: gm/2_add_users_name.up.sql: no down migration; the imported "
                          "revision v2 is irreversible",
                          "warning: migrations already held 3 migration file(s); the imported "
                          "chain starts at base beside them, so the folder now has two heads: join "
                          "them with migrate merge -m MSG heads, or import into a folder of its "
                          "own (--dir)",
                          "Imported 3 golang-migrate migrations from gm into migrations: v1 .. v10.",
                          "Next: migrate check --offline. On a database golang-migrate already "
                          "migrated, migrate stamp --from-table golang-migrate before migrate "
                          "upgrade head (docs/import.md)."));
  EXPECT_EQ(dir_.Read("migrations/v2_add_users_name.sql"),
            "-- add users name\n--\n-- Imported from golang-migrate 2_add_users_name.up.sql\n--\n"
            "-- revision: v2\n-- down_revision: v1\n\n-- migrate:upgrade\n"
            "ALTER TABLE users ADD COLUMN name text;\n");
}

TEST_F(ImportTest, DetectsTheFormatWhenItIsLeftOut) {
  const std::string out = Ok({"import", FixtureDir("dbmate")});
  EXPECT_EQ(Lines(out).front(), "Created migrations/v20240105093000_create_users.sql");
  const ProcessResult r = Run({"import", SourceDir() + "/tests/fixtures/import"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: cannot tell which tool wrote " + SourceDir() +
                       "/tests/fixtures/import (no sqitch.plan, N_name.up.sql, V1__name.sql or "
                       "dbmate file); name the format: migrate import FORMAT " + SourceDir() +
                       "/tests/fixtures/import (FORMAT: golang-migrate, flyway, dbmate, sqitch)\n");
}

TEST_F(ImportTest, BadInputExitsTwoNamingTheFileAndWritesNothing) {
  CopyFixture("golang-migrate", "gm");
  dir_.Write("gm/3_x.up.sql", "SELECT 1;\n");
  dir_.Write("gm/003_y.up.sql", "SELECT 2;\n");
  ProcessResult r = Run({"import", "golang-migrate", "gm"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err, "error: gm/3_x.up.sql: duplicate up migration for version 3 (also gm/003_y.up.sql)\n");
  EXPECT_FALSE(dir_.Exists("migrations"));

  CopyFixture("sqitch", "sq");
  std::filesystem::remove(dir_.Path("sq/deploy/posts.sql"));
  r = Run({"import", "sqitch", "sq"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: sq/sqitch.plan:7: change 'posts' has no deploy script sq/deploy/posts.sql\n"
            "  posts [users] 2024-01-06T10:00:00Z Ada Lovelace <ada@example.com> # Posts written by "
            "users.\n");
  EXPECT_FALSE(dir_.Exists("migrations"));

  r = Run({"import", "liquibase", "sq"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: unknown migration format 'liquibase'; expected one of golang-migrate, flyway, "
            "dbmate, sqitch\n");
}

TEST_F(ImportTest, JsonFormatListsTheMessages) {
  const ProcessResult r = Run({"--format", "json", "import", "dbmate", FixtureDir("dbmate")});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["problems"], nlohmann::json::array());
  ASSERT_EQ(doc["messages"].size(), 5u);
  EXPECT_EQ(doc["messages"][0], "Created migrations/v20240105093000_create_users.sql");
}

TEST_F(ImportTest, AFailingSqitchVerifyScriptFailsTheUpgrade) {
  CopyFixture("sqitch", "sq");
  // As a Sqitch verify script would: the column does not exist, so it raises.
  dir_.Write("sq/verify/users_name.sql",
             "-- Verify blog:users_name on sqlite\n\nBEGIN;\n\nSELECT nickname FROM users WHERE 1 = 0;\n\n"
             "ROLLBACK;\n");
  Ok({"import", "sqitch", "sq"});
  const ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_THAT(ResultLines(MaskDurations(r.out)),
              ElementsAre("✓ applied  users       TIME  Creates table to track our users.  ✓ 1 table, "
                          "verify section verified",
                          "✓ applied  posts       TIME  Posts written by users.  ✓ 1 table, verify "
                          "section verified"));
  EXPECT_EQ(r.err,
            "error: migrations/users_name.sql:17: verify statement failed: no such column: nickname\n"
            "  SELECT nickname FROM users WHERE 1 = 0\n"
            "  nothing of revision users_name was recorded; the migrations before it stay applied\n  next: fix the migration and run the same command again; it resumes at this migration\n");
  EXPECT_EQ(UserTables(), (std::vector<std::string>{"posts", "users"}));
  EXPECT_THAT(DatabaseProbe::Sqlite(dir_.Path("app.db")).Query("SELECT name FROM pragma_table_info('users')"),
              ElementsAre("id", "email"));
  EXPECT_THAT(DatabaseProbe::Sqlite(dir_.Path("app.db")).VersionRows(), ElementsAre("posts"));
}

TEST_F(ImportTest, ASqitchCountVerifyReturningNullFailsOnSqlite) {
  CopyFixture("sqitch", "sq");
  // Sqitch's `SELECT 1/COUNT(*)` idiom: on SQLite 1/0 is NULL, which a
  // migrate verify statement counts as a failure.
  dir_.Write("sq/verify/users.sql", "SELECT 1/COUNT(*) FROM users WHERE email = 'admin@example.com';\n");
  Ok({"import", "sqitch", "sq"});
  ExpectFails({"upgrade", "head"}, 1,
            "error: migrations/users_creates_table_to_track_our_users.sql:18: verify statement "
            "returned NULL, not true\n"
            "  SELECT 1/COUNT(*) FROM users WHERE email = 'admin@example.com'\n"
            "  nothing of revision users was recorded\n  next: fix the migration and run the same command again; it resumes at this migration\n");
  EXPECT_THAT(UserTables(), IsEmpty());
}

// --- stamp --from-table ------------------------------------------------------

// The text of a sample's file, to replay what the other tool ran.
std::string FixtureText(const std::string& relative) {
  return ReadFile(SourceDir() + "/tests/fixtures/import/" + relative);
}

class StampFromTableTest : public ImportTest {
 protected:
  // Runs `script` on app.db as the other tool would have; a failure is a test failure.
  void Peer(const std::string& script) const {
    const ProcessResult r = DatabaseProbe::Sqlite(dir_.Path("app.db")).RunScript(script);
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  std::vector<std::string> VersionRows() const {
    return DatabaseProbe::Sqlite(dir_.Path("app.db")).VersionRows();
  }
  // Nothing stamped: migrate has not even created its version table.
  bool NoVersionTable() const {
    const std::vector<std::string> tables = DatabaseProbe::Sqlite(dir_.Path("app.db")).Tables();
    return std::find(tables.begin(), tables.end(), "migrate_version") == tables.end();
  }
};

TEST_F(StampFromTableTest, GolangMigrateThenUpgradeRunsOnlyTheLaterMigrations) {
  Ok({"import", "golang-migrate", FixtureDir("golang-migrate")});
  // golang-migrate's sqlite3 driver: its table, and versions 1 and 2 applied.
  Peer("CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n" +
       FixtureText("golang-migrate/2_add_users_name.up.sql") +
       "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64, dirty bool);\n"
       "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);\n"
       "INSERT INTO schema_migrations (version, dirty) VALUES (2, 0);\n");
  ExpectStampedFromTable("golang-migrate", "schema_migrations", "2", "v2");
  EXPECT_THAT(VersionRows(), ElementsAre("v2"));
  ExpectUpgradeApplies({"✓ applied  v10  TIME  create posts  ✓ 1 index, 1 table verified"});
  EXPECT_THAT(VersionRows(), ElementsAre("v10"));
}

TEST_F(StampFromTableTest, GolangMigrateDirtyIsRefused) {
  Ok({"import", "golang-migrate", FixtureDir("golang-migrate")});
  Peer("CREATE TABLE schema_migrations (version uint64, dirty bool);\n"
       "INSERT INTO schema_migrations VALUES (2, 1);\n");
  ExpectFails({"stamp", "--from-table", "golang-migrate"}, 1,
            "error: schema_migrations marks version 2 dirty: a golang-migrate migration failed "
            "part-way. Repair the database by hand, record the version that is really applied with "
            "`migrate force VERSION` (golang-migrate), then stamp again\n");
  EXPECT_TRUE(NoVersionTable());
}

TEST_F(StampFromTableTest, AVersionWithoutAnImportedRevisionIsRefused) {
  Ok({"import", "golang-migrate", FixtureDir("golang-migrate")});
  Peer("CREATE TABLE schema_migrations (version uint64, dirty bool);\n"
       "INSERT INTO schema_migrations VALUES (11, 0);\n");
  ExpectFails({"stamp", "--from-table", "golang-migrate"}, 2,
            "error: schema_migrations records golang-migrate version 11 as applied, but revision "
            "v11 is not in migrations: import the golang-migrate migrations first (migrate import "
            "golang-migrate DIR), or the database is ahead of that folder\n");
}

TEST_F(StampFromTableTest, AMissingTableSaysWhichTableAndHowToNameAnother) {
  Ok({"import", "flyway", FixtureDir("flyway")});
  Peer("CREATE TABLE unrelated (id integer);\n");
  ExpectFails({"stamp", "--from-table", "flyway"}, 1,
            "error: reading flyway's history table flyway_schema_history: no such table: "
            "flyway_schema_history\n"
            "  is this the database flyway migrated? A table of another name is read with --table "
            "NAME\n");
}

TEST_F(StampFromTableTest, AnEmptyTableStampsNothing) {
  Ok({"import", "dbmate", FixtureDir("dbmate")});
  Peer("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);\n");
  EXPECT_THAT(Lines(Ok({"stamp", "--from-table", "dbmate"})),
              ElementsAre("schema_migrations records no applied dbmate migration; nothing stamped"));
  EXPECT_TRUE(NoVersionTable());
}

TEST_F(StampFromTableTest, DbmateWithAGapIsRefusedAndACompletePrefixIsStamped) {
  Ok({"import", "dbmate", FixtureDir("dbmate")});
  Peer("CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n"
       "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);\n"
       "INSERT INTO schema_migrations (version) VALUES ('20240105093000');\n"
       "CREATE INDEX users_email ON users (email);\n"
       "INSERT INTO schema_migrations (version) VALUES ('20240301080000');\n");
  ExpectFails({"stamp", "--from-table", "dbmate"}, 1,
            "error: revision v20240212140000 (migrations/v20240212140000_add_users_name.sql) comes "
            "before v20240301080000, the latest version schema_migrations records, but "
            "schema_migrations does not record it as applied: apply it with dbmate first, or check "
            "the database and stamp by hand (migrate stamp REV)\n");
  EXPECT_TRUE(NoVersionTable());

  Peer("DELETE FROM schema_migrations WHERE version = '20240301080000';\nDROP INDEX users_email;\n");
  ExpectStampedFromTable("dbmate", "schema_migrations", "20240105093000", "v20240105093000");
  ExpectUpgradeApplies(
      {"✓ applied  v20240212140000  TIME  add users name  ✓ 1 column verified",
       "✓ applied  v20240301080000  TIME  index users email  ✓ 1 index verified"});
}

TEST_F(StampFromTableTest, FlywayOnSqlite) {
  Ok({"import", "flyway", FixtureDir("flyway")});
  Peer(FixtureText("flyway/V1__Create_users.sql") + FixtureText("flyway/V1.1__Add_users_name.sql") +
       FixtureText("flyway/V2__Create_posts.sql") +
       "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version "
       "VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script "
       "VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on "
       "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), execution_time INT NOT "
       "NULL, success BOOLEAN NOT NULL);\n"
       "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
       "checksum, installed_by, execution_time, success) VALUES\n"
       " (1, '1', 'Create users', 'SQL', 'V1__Create_users.sql', 1, 'app', 3, 1),\n"
       " (2, '1.1', 'Add users name', 'SQL', 'V1.1__Add_users_name.sql', 2, 'app', 2, 1),\n"
       " (3, '2', 'Create posts', 'SQL', 'V2__Create_posts.sql', 3, 'app', 2, 1);\n");
  ExpectStampedFromTable("flyway", "flyway_schema_history", "2", "v2");
  ExpectUpgradeApplies({"✓ applied  v2_1  TIME  Index posts  ✓ 1 index verified",
                        "✓ applied  v10   TIME  Create tags  ✓ 1 table verified"});
}

TEST_F(StampFromTableTest, SqitchRegistryBesideTheSqliteDatabase) {
  Ok({"import", "sqitch", FixtureDir("sqitch")});
  Peer("CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n"
       "CREATE TABLE posts (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES "
       "users (id),\n  title text NOT NULL\n);\n");
  // Sqitch's SQLite registry is its own file, sqitch.db beside app.db.
  const ProcessResult r = DatabaseProbe::Sqlite(dir_.Path("sqitch.db"))
                              .RunScript(
                                  "CREATE TABLE changes (change_id TEXT PRIMARY KEY, script_hash "
                                  "TEXT, change TEXT NOT NULL, project TEXT NOT NULL, note TEXT NOT "
                                  "NULL DEFAULT '', committed_at DATETIME NOT NULL, committer_name "
                                  "TEXT NOT NULL, committer_email TEXT NOT NULL, planned_at "
                                  "DATETIME NOT NULL, planner_name TEXT NOT NULL, planner_email "
                                  "TEXT NOT NULL);\n"
                                  "INSERT INTO changes VALUES ('b1', 'h1', 'users', 'blog', '', "
                                  "'2024-03-01 10:00:00', 'Ada', 'ada@example.com', "
                                  "'2024-01-05 09:30:00', 'Ada', 'ada@example.com');\n"
                                  "INSERT INTO changes VALUES ('a2', 'h2', 'posts', 'blog', '', "
                                  "'2024-03-01 10:00:01', 'Ada', 'ada@example.com', "
                                  "'2024-01-06 10:00:00', 'Ada', 'ada@example.com');\n");
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  ExpectStampedFromTable("sqitch", "sqitch.changes", "posts", "posts");
  ExpectUpgradeApplies(
      {"✓ applied  users_name  TIME  users_name  ✓ 1 column, verify section verified"});
}

// The same adoption on the test PostgreSQL server.
class StampFromTablePostgresTest : public ImportTest {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(db_, nullptr);
    url_ = db_->url();
  }
  void Peer(const std::string& script) const {
    const ProcessResult r = DatabaseProbe::Postgresql(db_->url()).RunScript(script);
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_F(StampFromTablePostgresTest, Flyway) {
  Ok({"import", "flyway", FixtureDir("flyway")});
  // As Flyway leaves it: its schema-creation marker, three versions, and a
  // version that was applied and then undone.
  Peer(FixtureText("flyway/V1__Create_users.sql") + FixtureText("flyway/V1.1__Add_users_name.sql") +
       FixtureText("flyway/V2__Create_posts.sql") +
       "CREATE TABLE flyway_schema_history (installed_rank integer NOT NULL PRIMARY KEY, version "
       "varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL, script "
       "varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL, "
       "installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success "
       "boolean NOT NULL);\n"
       "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
       "checksum, installed_by, execution_time, success) VALUES\n"
       " (1, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '\"public\"', NULL, 'app', 0, true),\n"
       " (2, '1', 'Create users', 'SQL', 'V1__Create_users.sql', 1, 'app', 3, true),\n"
       " (3, '1.1', 'Add users name', 'SQL', 'V1.1__Add_users_name.sql', 2, 'app', 2, true),\n"
       " (4, '2', 'Create posts', 'SQL', 'V2__Create_posts.sql', 3, 'app', 2, true),\n"
       " (5, '2.1', 'Index posts', 'SQL', 'V2_1__Index_posts.sql', 4, 'app', 2, true),\n"
       " (6, '2.1', 'Index posts', 'UNDO_SQL', 'U2_1__Index_posts.sql', 5, 'app', 2, true);\n");
  ExpectStampedFromTable("flyway", "flyway_schema_history", "2", "v2");
  ExpectUpgradeApplies({"✓ applied  v2_1  TIME  Index posts  ✓ 1 index verified",
                        "✓ applied  v10   TIME  Create tags  ✓ 1 table verified"});
  EXPECT_THAT(DatabaseProbe::Postgresql(db_->url()).VersionRows(), ElementsAre("v10"));

  // A failed row (Flyway Community leaves one when a migration fails) is refused.
  Peer("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
       "installed_by, execution_time, success) VALUES (7, '3', 'Broken', 'SQL', 'V3__Broken.sql', "
       "'app', 1, false);\n");
  ExpectFails({"stamp", "--from-table", "flyway"}, 1,
            "error: flyway_schema_history row installed_rank 7 (version 3, SQL) failed. Repair it "
            "with Flyway first (`flyway repair`, after fixing the database), then stamp again\n");
}

TEST_F(StampFromTablePostgresTest, SqitchRegistrySchema) {
  Ok({"import", "sqitch", FixtureDir("sqitch")});
  Peer("CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n"
       "CREATE SCHEMA sqitch;\n"
       "CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, script_hash text, change text NOT "
       "NULL, project text NOT NULL, note text NOT NULL DEFAULT '', committed_at timestamptz NOT "
       "NULL DEFAULT clock_timestamp(), committer_name text NOT NULL, committer_email text NOT "
       "NULL, planned_at timestamptz NOT NULL, planner_name text NOT NULL, planner_email text NOT "
       "NULL);\n"
       "INSERT INTO sqitch.changes (change_id, change, project, committer_name, committer_email, "
       "planned_at, planner_name, planner_email) VALUES ('c1', 'users', 'blog', 'Ada', "
       "'ada@example.com', '2024-01-05T09:30:00Z', 'Ada', 'ada@example.com');\n");
  ExpectStampedFromTable("sqitch", "sqitch.changes", "users", "users");
  ExpectUpgradeApplies(
      {"✓ applied  posts       TIME  Posts written by users.  ✓ 1 table, verify section verified",
       "✓ applied  users_name  TIME  users_name  ✓ 1 column, verify section verified"});
}

}  // namespace
}  // namespace migrate::cli_test

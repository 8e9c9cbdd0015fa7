// End-to-end tests of where the version tables are on PostgreSQL when
// `version_table_schema` is not configured: wherever they were created,
// found again through the catalog on every run, whatever the search_path
// says by then. Each of the three ways a search_path changes between runs in
// practice (a schema named in the URL's search_path that a migration
// creates; the role's own "$user" schema created by a migration; `ALTER ROLE
// ... SET search_path`) ends with a data migration that must have run
// exactly once, checked in the table it inserts into. Tables in several
// schemas are an error naming them; a configured schema always wins.

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

constexpr const char* kSchemaRev = "1a2b3c4d5e60";
constexpr const char* kFirstDataRev = "2b3c4d5e6f70";
constexpr const char* kSecondDataRev = "3c4d5e6f7a80";

// The error of every command when two schemas hold version tables.
constexpr const char* kTwoSchemas =
    "error: version table \"migrate_version\" found in 2 schemas (\"other\", \"public\"); "
    "migrate will not guess which one records this project\n"
    "  set version_table_schema in migrate.toml to the schema that holds this project's "
    "version tables\n";

class VersionSchemaTest : public CliTest {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    if (role_.empty()) return;
    db_.reset();  // the database goes first: the role owns objects in it
    auto server = migrate::testing::ServerUrl();
    ASSERT_TRUE(server.has_value()) << server.error().ToString();
    DatabaseProbe::Postgresql(*server).Query("DROP ROLE IF EXISTS " + role_);
  }

  // A login role of this test's own (so that changing its settings touches
  // no other test), which may create schemas in the database and tables in
  // `public`. Returns its URL, with the role's default search_path
  // ("$user", public).
  std::string CreateRole() {
    role_ = db_->name() + "_role";
    const DatabaseProbe admin = DatabaseProbe::Postgresql(db_->admin_url());
    admin.Query("CREATE ROLE " + role_ + " LOGIN PASSWORD 'secret'");
    admin.Query("GRANT CREATE ON DATABASE " + db_->name() + " TO " + role_);
    admin.Query("GRANT CREATE ON SCHEMA public TO " + role_);
    const std::string app_prefix = "postgresql://migrate_test:migrate_test@";
    const std::string& url = db_->url();
    EXPECT_EQ(url.rfind(app_prefix, 0), 0u) << url;
    return "postgresql://" + role_ + ":secret@" + url.substr(app_prefix.size());
  }

  // The first two migrations: one creates `schema` (which the search_path
  // of a later run puts first) and the counters table, the next inserts 1.
  void WriteFirstMigrations(const std::string& schema) {
    dir_.Write(std::string("migrations/") + kSchemaRev + "_schema.sql",
               MigrationText("create schema and counters", kSchemaRev, "",
                             "CREATE SCHEMA IF NOT EXISTS " + schema +
                                 ";\nCREATE TABLE IF NOT EXISTS public.counters (n integer);\n",
                             ""));
    dir_.Write(std::string("migrations/") + kFirstDataRev + "_first_data.sql",
               MigrationText("first data", kFirstDataRev, kSchemaRev,
                             "INSERT INTO public.counters VALUES (1);\n", ""));
  }

  // The data migration added between the runs: inserts 2.
  void WriteSecondDataMigration() {
    dir_.Write(std::string("migrations/") + kSecondDataRev + "_second_data.sql",
               MigrationText("second data", kSecondDataRev, kFirstDataRev,
                             "INSERT INTO public.counters VALUES (2);\n", ""));
  }

  // The second run applies exactly the new data migration, in the schema
  // the first run created the version tables in; every reading command
  // finds them there too.
  void ExpectSecondRunAppliesOnlyTheNewMigration(const std::string& url) {
    const ProcessResult second = MigrateWithUrl(url, {"upgrade", "head"});
    EXPECT_EQ(second.exit_code, 0) << second.Describe();
    EXPECT_THAT(second.out, HasSubstr(kSecondDataRev));
    EXPECT_THAT(second.out, Not(HasSubstr(kSchemaRev)));
    EXPECT_THAT(second.out, Not(HasSubstr(kFirstDataRev)));
    EXPECT_THAT(Lines(MaskDurations(second.out)), Contains("Applied 1 migration in TIME."));
    const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->admin_url());
    EXPECT_THAT(probe.Query("SELECT n FROM public.counters ORDER BY n"), ElementsAre("1", "2"));
    EXPECT_THAT(probe.Query("SELECT schemaname || '.' || tablename FROM pg_tables "
                            "WHERE tablename LIKE 'migrate%' ORDER BY 1"),
                ElementsAre("public.migrate_history", "public.migrate_version"));
    EXPECT_THAT(probe.Query("SELECT version_num FROM public.migrate_version"),
                ElementsAre(kSecondDataRev));

    EXPECT_THAT(MigrateOkWithUrl(url, {"current"}), HasSubstr("3c4d5e6f7a80 (head)"));
    EXPECT_EQ(MigrateOkWithUrl(url, {"check"}),
              "OK: the database is at head 3c4d5e6f7a80, files unchanged, no drift\n");
    EXPECT_THAT(MigrateOkWithUrl(url, {"verify"}), HasSubstr("of 3 applied migrations hold"));
    const std::string status = MigrateOkWithUrl(url, {"status"});
    EXPECT_THAT(status, Not(HasSubstr("pending"))) << status;
    EXPECT_THAT(MigrateOkWithUrl(url, {"history"}), HasSubstr(kSecondDataRev));
  }

  std::unique_ptr<TestDatabase> db_;
  std::string role_;  // created by CreateRole, dropped after the database
};

TEST_F(VersionSchemaTest, ASchemaTheUrlSearchPathNamesAndAMigrationCreatesMovesNothing) {
  // `app` does not exist on the first run, so the tables go to `public`.
  const std::string url = db_->url() + (db_->url().find('?') == std::string::npos ? "?" : "&") +
                          "options=-c%20search_path%3Dapp%2Cpublic";
  WriteFirstMigrations("app");
  MigrateOkWithUrl(url, {"upgrade", "head"});
  WriteSecondDataMigration();
  ExpectSecondRunAppliesOnlyTheNewMigration(url);
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->admin_url());
  EXPECT_THAT(probe.Query("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'"),
              ElementsAre("1"));
}

TEST_F(VersionSchemaTest, TheRolesOwnSchemaCreatedByAMigrationMovesNothing) {
  const std::string url = CreateRole();
  // The default search_path is "$user", public: the schema named after the
  // role comes first once a migration has created it.
  WriteFirstMigrations(role_);
  MigrateOkWithUrl(url, {"upgrade", "head"});
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->admin_url());
  EXPECT_THAT(probe.Query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + role_ + "'"),
              ElementsAre("1"));
  WriteSecondDataMigration();
  ExpectSecondRunAppliesOnlyTheNewMigration(url);
}

TEST_F(VersionSchemaTest, AlterRoleSetSearchPathBetweenRunsMovesNothing) {
  const std::string url = CreateRole();
  WriteFirstMigrations("app");
  MigrateOkWithUrl(url, {"upgrade", "head"});
  DatabaseProbe::Postgresql(db_->admin_url())
      .Query("ALTER ROLE " + role_ + " SET search_path = app, public");
  WriteSecondDataMigration();
  ExpectSecondRunAppliesOnlyTheNewMigration(url);
}

TEST_F(VersionSchemaTest, VersionTablesInTwoSchemasAreAnErrorNamingThemAndNothingRuns) {
  WriteFirstMigrations("app");
  MigrateOkWithUrl(db_->url(), {"upgrade", kSchemaRev});
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->url());
  probe.Query("CREATE SCHEMA other");
  probe.Query("CREATE TABLE other.migrate_version (version_num varchar(64) PRIMARY KEY)");

  for (const std::string command : {"upgrade", "current", "check", "verify", "status"}) {
    std::vector<std::string> args = {command};
    if (command == "upgrade") args.push_back("head");
    const ProcessResult r = MigrateWithUrl(db_->url(), args);
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.Describe();
    EXPECT_EQ(r.out, "") << command;
    EXPECT_EQ(r.err, kTwoSchemas) << command;
  }
  EXPECT_THAT(probe.Query("SELECT count(*) FROM public.counters"), ElementsAre("0"));
  EXPECT_THAT(probe.Query("SELECT version_num FROM public.migrate_version"),
              ElementsAre(kSchemaRev));
  EXPECT_THAT(probe.Query("SELECT count(*) FROM other.migrate_version"), ElementsAre("0"));
}

TEST_F(VersionSchemaTest, AConfiguredSchemaAlwaysWins) {
  WriteFirstMigrations("app");
  MigrateOkWithUrl(db_->url(), {"upgrade", kSchemaRev});
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->url());
  probe.Query("CREATE SCHEMA other");
  probe.Query("CREATE TABLE other.migrate_version (version_num varchar(64) PRIMARY KEY)");

  dir_.Write("migrate.toml", "[migrate]\nversion_table_schema = \"public\"\n");
  EXPECT_THAT(MigrateOkWithUrl(db_->url(), {"current"}), HasSubstr(kSchemaRev));
  MigrateOkWithUrl(db_->url(), {"upgrade", "head"});
  EXPECT_THAT(probe.Query("SELECT n FROM public.counters"), ElementsAre("1"));
  EXPECT_THAT(probe.Query("SELECT version_num FROM public.migrate_version"),
              ElementsAre(kFirstDataRev));

  // Configured, an empty schema is where this project's state is: at base.
  dir_.Write("migrate.toml", "[migrate]\nversion_table_schema = \"other\"\n");
  EXPECT_THAT(MigrateOkWithUrl(db_->url(), {"current"}), HasSubstr("<base>"));
}

}  // namespace
}  // namespace migrate::cli_test

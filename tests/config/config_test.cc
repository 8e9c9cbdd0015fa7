#include "migrator/config/config.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::config {
namespace {

using testing::FakeFileSystem;

TEST(ConfigTest, DefaultsWithoutAFile) {
  FakeFileSystem fs;
  auto config = Load({}, {}, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->config_file, "");
  EXPECT_EQ(config->url, "");
  EXPECT_EQ(config->script_location, "migrations");
  EXPECT_EQ(config->version_table, "migrate_version");
  EXPECT_EQ(config->history_table, "migrate_history");
  EXPECT_EQ(config->lock_wait_timeout, std::chrono::minutes(5));
}

TEST(ConfigTest, FileValuesResolveAgainstTheFilesFolder) {
  FakeFileSystem fs;
  fs.Put("proj/migrate.toml",
         "[migrate]\n"
         "url = \"sqlite:///app.db\"\n"
         "script_location = \"db/migrations\"\n"
         "version_table = \"schema_version\"\n"
         "lock_wait_timeout = \"30s\"\n");
  auto config = Load(Overrides{.config_file = "proj/migrate.toml"}, {}, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "sqlite:///app.db");
  EXPECT_EQ(config->url_source, "proj/migrate.toml");
  EXPECT_EQ(config->url_base_dir, "proj");
  EXPECT_EQ(config->script_location, "proj/db/migrations");
  EXPECT_EQ(config->version_table, "schema_version");
  EXPECT_EQ(config->lock_wait_timeout, std::chrono::seconds(30));
}

TEST(ConfigTest, UrlPrecedenceIsFlagThenEnvironmentThenFile) {
  FakeFileSystem fs;
  fs.Put("migrate.toml", "[migrate]\nurl = \"sqlite:///file.db\"\n");
  Environment env{.database_url = "sqlite:///env.db"};
  auto from_env = Load({}, env, fs);
  ASSERT_TRUE(from_env.has_value());
  EXPECT_EQ(from_env->url, "sqlite:///env.db");
  EXPECT_EQ(from_env->url_source, "DATABASE_URL");
  EXPECT_EQ(from_env->url_base_dir, ".");

  auto from_flag = Load(Overrides{.url = "sqlite:///flag.db"}, env, fs);
  ASSERT_TRUE(from_flag.has_value());
  EXPECT_EQ(from_flag->url, "sqlite:///flag.db");
  EXPECT_EQ(from_flag->url_source, "--url");
}

TEST(ConfigTest, AdminUrlComesFromTheFlagThenMigrateAdminUrlNeverTheFile) {
  FakeFileSystem fs;
  auto none = Load({}, {}, fs);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->admin_url, "");
  fs.Put("migrate.toml", "[migrate]\nadmin_url = \"postgresql://postgres@db/postgres\"\n");
  auto in_file = Load({}, {}, fs);
  ASSERT_FALSE(in_file.has_value());
  EXPECT_EQ(in_file.error().ToString(), "migrate.toml:2: unknown key 'admin_url' in [migrate]");

  FakeFileSystem empty;
  Environment env{.admin_url = "postgresql://root:pw@db/postgres"};
  auto from_env = Load({}, env, empty);
  ASSERT_TRUE(from_env.has_value());
  EXPECT_EQ(from_env->admin_url, "postgresql://root:pw@db/postgres");
  EXPECT_EQ(from_env->admin_url_source, "MIGRATE_ADMIN_URL");
  auto from_flag = Load(Overrides{.admin_url = "postgresql://postgres@db/postgres"}, env, empty);
  ASSERT_TRUE(from_flag.has_value());
  EXPECT_EQ(from_flag->admin_url, "postgresql://postgres@db/postgres");
  EXPECT_EQ(from_flag->admin_url_source, "--admin-url");
  EXPECT_EQ(from_flag->url, "") << "the admin URL is not the application's";
}

TEST(ConfigTest, ExplicitFileMustExist) {
  FakeFileSystem fs;
  auto config = Load(Overrides{.config_file = "nope.toml"}, {}, fs);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().ToString(), "cannot read configuration: nope.toml: no such file");
  EXPECT_EQ(config.error().code(), base::StatusCode::kInvalidInput);
}

TEST(ConfigTest, ErrorsNameFileAndLine) {
  FakeFileSystem fs;
  fs.Put("migrate.toml", "[migrate]\nurl = \"sqlite:///a.db\"\nscript_locaton = \"m\"\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:3: unknown key 'script_locaton' in [migrate]");

  fs.Put("migrate.toml", "[migrate]\nversion_table = 3\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:2: [migrate] version_table must be a string");

  fs.Put("migrate.toml", "[migrate]\nlock_timeout = \"5 parsecs\"\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:2: lock_timeout: invalid duration '5 parsecs' (expected e.g. 500ms, 5s, "
            "2min, 1h)");

  fs.Put("migrate.toml", "[migrate\nurl = 1\n");
  auto syntax = Load({}, {}, fs);
  ASSERT_FALSE(syntax.has_value());
  EXPECT_EQ(syntax.error().location()->file, "migrate.toml");
  EXPECT_EQ(syntax.error().location()->line, 1);

  fs.Put("migrate.toml", "[alembic]\nurl = \"x\"\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:1: unknown table or key 'alembic' (settings go in the [migrate] table)");
}

TEST(ConfigTest, WaitTimeoutIsUnsetByDefault) {
  FakeFileSystem fs;
  auto config = Load({}, {}, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->wait_timeout, std::nullopt);
}

TEST(ConfigTest, WaitTimeoutTakesSecondsOrADurationAndTheFlagWins) {
  FakeFileSystem fs;
  fs.Put("migrate.toml", "[migrate]\nwait_timeout = 45\n");
  auto seconds = Load({}, {}, fs);
  ASSERT_TRUE(seconds.has_value()) << seconds.error().ToString();
  EXPECT_EQ(seconds->wait_timeout, std::chrono::seconds(45));

  fs.Put("migrate.toml", "[migrate]\nwait_timeout = \"2min\"\n");
  auto duration = Load({}, {}, fs);
  ASSERT_TRUE(duration.has_value()) << duration.error().ToString();
  EXPECT_EQ(duration->wait_timeout, std::chrono::minutes(2));

  auto flag = Load(Overrides{.wait_timeout = std::chrono::seconds(5)}, {}, fs);
  ASSERT_TRUE(flag.has_value()) << flag.error().ToString();
  EXPECT_EQ(flag->wait_timeout, std::chrono::seconds(5));

  fs.Put("migrate.toml", "[migrate]\nwait_timeout = 0\n");
  auto zero = Load({}, {}, fs);
  ASSERT_TRUE(zero.has_value()) << zero.error().ToString();
  EXPECT_EQ(zero->wait_timeout, std::chrono::milliseconds(0));
}

TEST(ConfigTest, WaitTimeoutErrorsNameFileAndLine) {
  FakeFileSystem fs;
  fs.Put("migrate.toml", "[migrate]\nurl = \"sqlite:///a.db\"\nwait_timeout = -3\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:3: wait_timeout must not be negative");

  fs.Put("migrate.toml", "[migrate]\nwait_timeout = 1.5\n");
  EXPECT_EQ(Load({}, {}, fs).error().ToString(),
            "migrate.toml:2: [migrate] wait_timeout must be a number of seconds or a duration "
            "string");

  fs.Put("migrate.toml", "[migrate]\nwait_timeout = \"soon\"\n");
  auto bad = Load({}, {}, fs);
  EXPECT_EQ(bad.error().ToString(),
            "migrate.toml:2: wait_timeout: invalid duration 'soon' (expected e.g. 500ms, 5s, "
            "2min, 1h)");
  EXPECT_EQ(bad.error().code(), base::StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace migrate::config

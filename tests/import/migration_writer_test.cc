#include "migrator/import/migration_writer.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

ImportedFolder TwoMigrations() {
  ImportedFolder folder;
  folder.format = SourceFormat::kSqitch;
  ImportedMigration users;
  users.version = "users";
  users.revision = "users";
  users.title = "Creates the users table.";
  users.note = "Sqitch tag @v1.0";
  users.up_sql = "CREATE TABLE users (id int);\n\n\n";
  users.down_sql = "DROP TABLE users;";
  users.verify_sql = "SELECT id FROM users WHERE false;\n";
  users.create_date = "2024-01-05 09:30:00";
  users.sources = {"src/deploy/users.sql", "src/revert/users.sql", "src/verify/users.sql"};
  ImportedMigration index;
  index.version = "index";
  index.revision = "index";
  index.title = "index";
  index.up_sql = "CREATE INDEX CONCURRENTLY i ON users (id);\n";
  index.no_transaction = true;
  index.sources = {"src/deploy/index.sql"};
  folder.migrations = {users, index};
  return folder;
}

TEST(MigrationWriterTest, RendersALinearChainInTheHeaderFormat) {
  auto files = RenderFolder(TwoMigrations(), "src", "migrations");
  ASSERT_TRUE(files) << files.error().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, "migrations/users_creates_the_users_table.sql");
  EXPECT_EQ((*files)[0].text,
            "-- Creates the users table.\n"
            "--\n"
            "-- Sqitch tag @v1.0\n"
            "--\n"
            "-- Imported from sqitch deploy/users.sql, revert/users.sql, verify/users.sql\n"
            "--\n"
            "-- revision: users\n"
            "-- down_revision:\n"
            "-- create_date: 2024-01-05 09:30:00\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE TABLE users (id int);\n"
            "\n"
            "-- migrate:verify\n"
            "SELECT id FROM users WHERE false;\n"
            "\n"
            "-- migrate:downgrade\n"
            "DROP TABLE users;\n");
  EXPECT_EQ((*files)[1].path, "migrations/index.sql");  // the title is the name: no slug
  EXPECT_EQ((*files)[1].text,
            "-- index\n"
            "--\n"
            "-- Imported from sqitch deploy/index.sql\n"
            "--\n"
            "-- revision: index\n"
            "-- down_revision: users\n"
            "-- transaction: none\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE INDEX CONCURRENTLY i ON users (id);\n");
}

TEST(MigrationWriterTest, RefusesSqlThatWouldNotParseBack) {
  ImportedFolder folder = TwoMigrations();
  folder.migrations[1].up_sql = "SELECT 1;\n--migrate:downgrade\n";
  EXPECT_EQ(RenderFolder(folder, "src", "migrations").error().ToString(),
            "migrations/index.sql:11: the migration imported from src/deploy/index.sql would not "
            "parse (a line of its SQL or note reads as a migrate header key or marker): malformed "
            "section marker; write it as '-- migrate:downgrade'\n--migrate:downgrade");
}

TEST(MigrationWriterTest, RefusesTwoMigrationsWithOneRevision) {
  ImportedFolder folder = TwoMigrations();
  folder.migrations[1].revision = "users";
  EXPECT_EQ(RenderFolder(folder, "src", "migrations").error().ToString(),
            "src/deploy/index.sql: version index and version users (src/deploy/users.sql) both "
            "become revision users");
}

TEST(MigrationWriterTest, WritesAllOrNothing) {
  FakeFileSystem fs;
  auto files = RenderFolder(TwoMigrations(), "src", "migrations");
  ASSERT_TRUE(files);
  ASSERT_TRUE(WriteFiles(*files, "migrations", fs).ok());
  EXPECT_EQ(fs.files().size(), 2u);
  EXPECT_EQ(fs.files().at("migrations/index.sql"), (*files)[1].text);

  FakeFileSystem partly;
  partly.Put("migrations/index.sql", "mine");
  EXPECT_EQ(WriteFiles(*files, "migrations", partly).ToString(),
            "migrations/index.sql already exists; nothing was written. Import into an empty folder "
            "(--dir), or remove the earlier import");
  EXPECT_EQ(partly.files().size(), 1u);
  EXPECT_EQ(partly.files().at("migrations/index.sql"), "mine");
}

}  // namespace
}  // namespace migrate::import

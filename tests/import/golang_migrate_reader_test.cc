#include "migrator/import/golang_migrate_reader.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

std::string Error(const FakeFileSystem& fs) {
  auto folder = ReadGolangMigrate("db", fs);
  return folder ? "OK" : folder.error().ToString();
}

TEST(GolangMigrateReaderTest, OrdersVersionsNumericallyAndPairsUpAndDown) {
  FakeFileSystem fs;
  fs.Put("db/10_create_posts.up.sql", "CREATE TABLE posts (id int);\n");
  fs.Put("db/10_create_posts.down.sql", "DROP TABLE posts;\n");
  fs.Put("db/0002_add_name.up.sql", "BEGIN;\nALTER TABLE users ADD name text;\nCOMMIT;\n");
  fs.Put("db/0002_add_name.down.sql", "ALTER TABLE users DROP name;\n");
  fs.Put("db/1_create_users.up.sql", "CREATE TABLE users (id int);\n");
  fs.Put("db/README.md", "not a migration");
  auto folder = ReadGolangMigrate("db", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_EQ(folder->format, SourceFormat::kGolangMigrate);
  ASSERT_EQ(folder->migrations.size(), 3u);
  const ImportedMigration& first = folder->migrations[0];
  EXPECT_EQ(first.version, "1");
  EXPECT_EQ(first.revision, "v1");
  EXPECT_EQ(first.title, "create users");
  EXPECT_EQ(first.up_sql, "CREATE TABLE users (id int);\n");
  EXPECT_FALSE(first.down_sql);
  EXPECT_FALSE(first.verify_sql);
  EXPECT_FALSE(first.no_transaction);
  EXPECT_EQ(first.sources, std::vector<std::string>{"db/1_create_users.up.sql"});
  const ImportedMigration& second = folder->migrations[1];
  EXPECT_EQ(second.version, "2");
  EXPECT_EQ(second.revision, "v2");
  EXPECT_EQ(second.up_sql, "ALTER TABLE users ADD name text;\n");
  EXPECT_EQ(second.down_sql, "ALTER TABLE users DROP name;\n");
  EXPECT_EQ(second.sources,
            (std::vector<std::string>{"db/0002_add_name.up.sql", "db/0002_add_name.down.sql"}));
  EXPECT_EQ(folder->migrations[2].revision, "v10");
  EXPECT_EQ(folder->warnings, std::vector<std::string>{
                                  "db/1_create_users.up.sql: no down migration; the imported "
                                  "revision v1 is irreversible"});
}

TEST(GolangMigrateReaderTest, AnEmptyDownFileIsAnEmptyDowngrade) {
  FakeFileSystem fs;
  fs.Put("db/1_seed.up.sql", "INSERT INTO t VALUES (1);\n");
  fs.Put("db/1_seed.down.sql", "");
  auto folder = ReadGolangMigrate("db", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_EQ(folder->migrations[0].down_sql, "");
  EXPECT_TRUE(folder->warnings.empty());
}

TEST(GolangMigrateReaderTest, RefusesAnUnparseableName) {
  FakeFileSystem fs;
  fs.Put("db/1_a.up.sql", "SELECT 1;\n");
  fs.Put("db/create_b.up.sql", "SELECT 1;\n");
  EXPECT_EQ(Error(fs),
            "db/create_b.up.sql: not a golang-migrate file name; expected {version}_{title}.up.sql "
            "or {version}_{title}.down.sql, version a number");
}

TEST(GolangMigrateReaderTest, RefusesADuplicateVersion) {
  FakeFileSystem fs;
  fs.Put("db/01_a.up.sql", "SELECT 1;\n");
  fs.Put("db/1_b.up.sql", "SELECT 2;\n");
  EXPECT_EQ(Error(fs), "db/1_b.up.sql: duplicate up migration for version 1 (also db/01_a.up.sql)");
}

TEST(GolangMigrateReaderTest, RefusesTwoTitlesForOneVersion) {
  FakeFileSystem fs;
  fs.Put("db/1_a.down.sql", "SELECT 1;\n");
  fs.Put("db/1_b.up.sql", "SELECT 2;\n");
  EXPECT_EQ(Error(fs), "db/1_b.up.sql: version 1 has two titles: 'b' here and 'a' in db/1_a.down.sql");
}

TEST(GolangMigrateReaderTest, RefusesADownFileWithoutUp) {
  FakeFileSystem fs;
  fs.Put("db/1_a.up.sql", "SELECT 1;\n");
  fs.Put("db/2_b.down.sql", "SELECT 2;\n");
  EXPECT_EQ(Error(fs),
            "db/2_b.down.sql: down migration without an up migration (no 2_b.up.sql)");
}

TEST(GolangMigrateReaderTest, ReportsTransactionStatementsSharingALine) {
  FakeFileSystem fs;
  fs.Put("db/1_a.up.sql", "-- x\nBEGIN; SELECT 1;\n");
  EXPECT_EQ(Error(fs),
            "db/1_a.up.sql:2: transaction statement 'BEGIN' shares its line with other SQL; "
            "migrate runs each migration in its own transaction, so put it on a line of its own "
            "(it is then dropped) or remove it\n  BEGIN; SELECT 1;");
}

TEST(GolangMigrateReaderTest, AMissingFolderIsTheFileSystemsError) {
  FakeFileSystem fs;
  EXPECT_EQ(Error(fs), "db: no such directory");
}

}  // namespace
}  // namespace migrate::import

#include "migrator/import/flyway_reader.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

std::string Error(const FakeFileSystem& fs) {
  auto folder = ReadFlyway("sql", fs);
  return folder ? "OK" : folder.error().ToString();
}

TEST(FlywayVersionTest, ComparesPartByPartNumerically) {
  EXPECT_TRUE(IsFlywayVersion("1"));
  EXPECT_TRUE(IsFlywayVersion("1.1"));
  EXPECT_TRUE(IsFlywayVersion("2_1"));
  EXPECT_FALSE(IsFlywayVersion("1..2"));
  EXPECT_FALSE(IsFlywayVersion("1a"));
  EXPECT_FALSE(IsFlywayVersion(""));
  EXPECT_LT(CompareFlywayVersions("1.1", "1.10"), 0);
  EXPECT_LT(CompareFlywayVersions("1.9", "1.10"), 0);
  EXPECT_LT(CompareFlywayVersions("2", "10"), 0);
  EXPECT_EQ(CompareFlywayVersions("2_1", "2.1"), 0);
  EXPECT_EQ(CompareFlywayVersions("1", "1.0"), 0);
  EXPECT_GT(CompareFlywayVersions("1.0.1", "1"), 0);
}

TEST(FlywayReaderTest, OrdersByVersionAndMapsUndoAndConf) {
  FakeFileSystem fs;
  fs.Put("sql/V10__Create_tags.sql", "CREATE TABLE tags (id int);\n");
  fs.Put("sql/V2_1__Index_posts.sql", "CREATE INDEX CONCURRENTLY i ON posts (id);\n");
  fs.Put("sql/V2_1__Index_posts.sql.conf", "# no transaction\nexecuteInTransaction=false\n");
  fs.Put("sql/V1.1__Add_name.sql", "ALTER TABLE users ADD name text;\n");
  fs.Put("sql/U1.1__Add_name.sql", "ALTER TABLE users DROP name;\n");
  fs.Put("sql/V1__Create_users.sql", "CREATE TABLE users (id int);\n");
  fs.Put("sql/V2__.sql", "CREATE TABLE posts (id int);\n");
  fs.Put("sql/Migration.java", "ignored");
  auto folder = ReadFlyway("sql", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  std::vector<std::string> order;
  for (const ImportedMigration& m : folder->migrations) order.push_back(m.version + "=" + m.revision);
  EXPECT_EQ(order, (std::vector<std::string>{"1=v1", "1.1=v1_1", "2=v2", "2.1=v2_1", "10=v10"}));
  EXPECT_EQ(folder->migrations[0].title, "Create users");
  EXPECT_FALSE(folder->migrations[0].down_sql);
  EXPECT_EQ(folder->migrations[1].down_sql, "ALTER TABLE users DROP name;\n");
  EXPECT_EQ(folder->migrations[1].sources,
            (std::vector<std::string>{"sql/V1.1__Add_name.sql", "sql/U1.1__Add_name.sql"}));
  EXPECT_EQ(folder->migrations[2].title, "version 2");
  EXPECT_TRUE(folder->migrations[3].no_transaction);
  EXPECT_EQ(folder->migrations[3].sources,
            (std::vector<std::string>{"sql/V2_1__Index_posts.sql", "sql/V2_1__Index_posts.sql.conf"}));
  EXPECT_FALSE(folder->migrations[4].no_transaction);
  EXPECT_TRUE(folder->warnings.empty());
}

TEST(FlywayReaderTest, WarnsAboutConfSettingsItDoesNotImport) {
  FakeFileSystem fs;
  fs.Put("sql/V1__a.sql", "SELECT 1;\n");
  fs.Put("sql/V1__a.sql.conf", "executeInTransaction=true\nencoding=ISO-8859-1\n");
  auto folder = ReadFlyway("sql", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_FALSE(folder->migrations[0].no_transaction);
  EXPECT_EQ(folder->warnings, std::vector<std::string>{
                                  "sql/V1__a.sql.conf:2: setting 'encoding' is not imported (only "
                                  "executeInTransaction is)"});
}

TEST(FlywayReaderTest, RefusesAMalformedConfLine) {
  FakeFileSystem fs;
  fs.Put("sql/V1__a.sql", "SELECT 1;\n");
  fs.Put("sql/V1__a.sql.conf", "executeInTransaction false\n");
  EXPECT_EQ(Error(fs),
            "sql/V1__a.sql.conf:1: expected key=value in a Flyway script configuration\n"
            "  executeInTransaction false");
}

TEST(FlywayReaderTest, RefusesRepeatableMigrations) {
  FakeFileSystem fs;
  fs.Put("sql/V1__a.sql", "SELECT 1;\n");
  fs.Put("sql/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
  EXPECT_EQ(Error(fs),
            "sql/R__views.sql: Flyway repeatable migration: migrate has no migrations that re-run "
            "when edited; make it a versioned script (V{version}__{description}.sql) or move it "
            "out of the folder, then import again");
}

TEST(FlywayReaderTest, RefusesPlaceholdersAtTheirLine) {
  FakeFileSystem fs;
  fs.Put("sql/V1__a.sql", "SELECT 1;\n");
  fs.Put("sql/U1__a.sql", "-- undo\nDROP SCHEMA ${schema};\n");
  EXPECT_EQ(Error(fs),
            "sql/U1__a.sql:2: Flyway placeholder ${schema}: migrate does not substitute "
            "placeholders; replace it with its value in the script, then import again");
}

TEST(FlywayReaderTest, RefusesUnparseableNames) {
  for (const char* name : {"afterMigrate.sql", "V1_create.sql", "V1.x__a.sql", "B1__base.sql"}) {
    FakeFileSystem fs;
    fs.Put(std::string("sql/") + name, "SELECT 1;\n");
    EXPECT_EQ(Error(fs), std::string("sql/") + name +
                             ": not a Flyway migration name; expected V{version}__{description}.sql "
                             "or U{version}__{description}.sql, version like 1, 1.1 or 2_1");
  }
}

TEST(FlywayReaderTest, RefusesADuplicateVersion) {
  FakeFileSystem fs;
  fs.Put("sql/V1.0__a.sql", "SELECT 1;\n");
  fs.Put("sql/V1__b.sql", "SELECT 2;\n");
  EXPECT_EQ(Error(fs), "sql/V1__b.sql: duplicate version 1 (also sql/V1.0__a.sql)");
}

TEST(FlywayReaderTest, RefusesAnUndoWithoutItsVersionedScript) {
  FakeFileSystem fs;
  fs.Put("sql/V1__a.sql", "SELECT 1;\n");
  fs.Put("sql/U2__b.sql", "SELECT 2;\n");
  EXPECT_EQ(Error(fs), "sql/U2__b.sql: undo script without a versioned script of version 2");
}

}  // namespace
}  // namespace migrate::import

#include "migrator/import/dbmate_reader.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

std::string Error(const FakeFileSystem& fs) {
  auto folder = ReadDbmate("db/migrations", fs);
  return folder ? "OK" : folder.error().ToString();
}

std::string One(const std::string& text) {
  FakeFileSystem fs;
  fs.Put("db/migrations/1_a.sql", text);
  return Error(fs);
}

TEST(DbmateReaderTest, SplitsUpAndDownBlocksInVersionOrder) {
  FakeFileSystem fs;
  fs.Put("db/migrations/20240212140000_add_name.sql",
         "-- migrate:up\nALTER TABLE users ADD name text;\n\n-- migrate:down\n"
         "ALTER TABLE users DROP name;\n");
  fs.Put("db/migrations/20240105093000_create_users.sql",
         "-- a comment dbmate allows\n\n-- migrate:up\nCREATE TABLE users (id int);\n"
         "-- migrate:down\n");
  fs.Put("db/migrations/20240301080000_index.sql",
         "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (id);\n");
  fs.Put("db/migrations/notes.txt", "ignored");
  auto folder = ReadDbmate("db/migrations", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  ASSERT_EQ(folder->migrations.size(), 3u);
  const ImportedMigration& first = folder->migrations[0];
  EXPECT_EQ(first.version, "20240105093000");
  EXPECT_EQ(first.revision, "v20240105093000");
  EXPECT_EQ(first.title, "create users");
  EXPECT_EQ(first.up_sql, "CREATE TABLE users (id int);\n");
  EXPECT_EQ(first.down_sql, "");  // an empty down block: nothing to undo
  EXPECT_EQ(folder->migrations[1].up_sql, "ALTER TABLE users ADD name text;\n\n");
  EXPECT_EQ(folder->migrations[1].down_sql, "ALTER TABLE users DROP name;\n");
  const ImportedMigration& third = folder->migrations[2];
  EXPECT_TRUE(third.no_transaction);
  EXPECT_FALSE(third.down_sql);
  EXPECT_EQ(third.sources, std::vector<std::string>{"db/migrations/20240301080000_index.sql"});
  EXPECT_EQ(folder->warnings, std::vector<std::string>{
                                  "db/migrations/20240301080000_index.sql: no '-- migrate:down' "
                                  "block; the imported revision v20240301080000 is irreversible"});
}

TEST(DbmateReaderTest, RefusesAnUnparseableName) {
  FakeFileSystem fs;
  fs.Put("db/migrations/create_users.sql", "-- migrate:up\nSELECT 1;\n");
  EXPECT_EQ(Error(fs),
            "db/migrations/create_users.sql: not a dbmate migration name; expected "
            "{version}_{name}.sql, version a number");
}

TEST(DbmateReaderTest, RefusesADuplicateVersion) {
  FakeFileSystem fs;
  fs.Put("db/migrations/1_a.sql", "-- migrate:up\nSELECT 1;\n");
  fs.Put("db/migrations/001_b.sql", "-- migrate:up\nSELECT 1;\n");
  EXPECT_EQ(Error(fs), "db/migrations/1_a.sql: duplicate version 1 (also db/migrations/001_b.sql)");
}

TEST(DbmateReaderTest, RefusesMalformedFiles) {
  EXPECT_EQ(One("CREATE TABLE t (id int);\n"),
            "db/migrations/1_a.sql:1: SQL before '-- migrate:up'; dbmate runs only the up and down "
            "blocks\n  CREATE TABLE t (id int);");
  EXPECT_EQ(One("-- only a comment\n"),
            "db/migrations/1_a.sql: no '-- migrate:up' marker; a dbmate migration needs one");
  EXPECT_EQ(One("-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (id int);\n"),
            "db/migrations/1_a.sql:1: '-- migrate:down' before '-- migrate:up'\n  -- migrate:down");
  EXPECT_EQ(One("-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n"),
            "db/migrations/1_a.sql:3: second '-- migrate:up' marker (the first is on line 1)\n"
            "  -- migrate:up");
  EXPECT_EQ(One("-- migrate:up transaction:maybe\nSELECT 1;\n"),
            "db/migrations/1_a.sql:1: unknown dbmate option 'transaction:maybe'; dbmate knows "
            "transaction:false\n  -- migrate:up transaction:maybe");
}

TEST(DbmateReaderTest, ErrorsInABlockPointAtTheFileLine) {
  EXPECT_EQ(One("-- migrate:up\nSELECT 1;\n\n-- migrate:down\nCOMMIT; DROP TABLE t;\n"),
            "db/migrations/1_a.sql:5: transaction statement 'COMMIT' shares its line with other "
            "SQL; migrate runs each migration in its own transaction, so put it on a line of its "
            "own (it is then dropped) or remove it\n  COMMIT; DROP TABLE t;");
}

}  // namespace
}  // namespace migrate::import

#include "migrator/import/folder_reader.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

std::string Detect(const FakeFileSystem& fs) {
  auto format = DetectFormat("src", fs);
  return format ? std::string(FormatName(*format)) : format.error().ToString();
}

TEST(DetectFormatTest, RecognisesEachTool) {
  FakeFileSystem golang, flyway, dbmate, sqitch;
  golang.Put("src/1_a.up.sql", "SELECT 1;\n");
  golang.Put("src/README.md", "");
  flyway.Put("src/V1_1__a.sql", "SELECT 1;\n");
  dbmate.Put("src/20240101000000_a.sql", "-- migrate:up\nSELECT 1;\n");
  sqitch.Put("src/sqitch.plan", "%project=x\n");
  sqitch.Put("src/sqitch.conf", "");
  EXPECT_EQ(Detect(golang), "golang-migrate");
  EXPECT_EQ(Detect(flyway), "flyway");
  EXPECT_EQ(Detect(dbmate), "dbmate");
  EXPECT_EQ(Detect(sqitch), "sqitch");
}

TEST(DetectFormatTest, RefusesToGuess) {
  FakeFileSystem none, both;
  none.Put("src/schema.sql", "CREATE TABLE t (id int);\n");
  EXPECT_EQ(Detect(none),
            "cannot tell which tool wrote src (no sqitch.plan, N_name.up.sql, V1__name.sql or "
            "dbmate file); name the format: migrate import FORMAT src (FORMAT: golang-migrate, "
            "flyway, dbmate, sqitch)");
  both.Put("src/1_a.up.sql", "SELECT 1;\n");
  both.Put("src/V1__a.sql", "SELECT 1;\n");
  EXPECT_EQ(Detect(both),
            "src has files of golang-migrate and flyway; name the format: migrate import FORMAT src");
}

TEST(ParseFormatTest, NamesTheFormats) {
  EXPECT_EQ(*ParseFormat("dbmate"), SourceFormat::kDbmate);
  EXPECT_EQ(ParseFormat("liquibase").error().ToString(),
            "unknown migration format 'liquibase'; expected one of golang-migrate, flyway, dbmate, "
            "sqitch");
}

TEST(RevisionIdForTest, DerivesIdsFromVersions) {
  EXPECT_EQ(RevisionIdFor(SourceFormat::kGolangMigrate, "000120"), "v120");
  EXPECT_EQ(RevisionIdFor(SourceFormat::kGolangMigrate, "0"), "v0");
  EXPECT_EQ(RevisionIdFor(SourceFormat::kDbmate, "20240105093000"), "v20240105093000");
  EXPECT_EQ(RevisionIdFor(SourceFormat::kFlyway, "1.01"), "v1_1");
  EXPECT_EQ(RevisionIdFor(SourceFormat::kFlyway, "2_1"), "v2_1");
  EXPECT_EQ(RevisionIdFor(SourceFormat::kSqitch, "add-users@x"), "add_users_x");
}

TEST(ReadFolderTest, DispatchesToTheFormatsReader) {
  FakeFileSystem fs;
  fs.Put("src/V1__a.sql", "SELECT 1;\n");
  auto folder = ReadFolder(SourceFormat::kFlyway, "src", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_EQ(folder->format, SourceFormat::kFlyway);
  EXPECT_EQ(folder->migrations.size(), 1u);
  EXPECT_EQ(ReadFolder(SourceFormat::kGolangMigrate, "src", fs).error().ToString(),
            "src/V1__a.sql: not a golang-migrate file name; expected {version}_{title}.up.sql or "
            "{version}_{title}.down.sql, version a number");
}

}  // namespace
}  // namespace migrate::import

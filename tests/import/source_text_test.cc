#include "migrator/import/source_text.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

std::string Strip(std::string_view sql) {
  auto out = StripTransactionControl(sql, "f.sql");
  return out ? *out : "ERROR " + out.error().ToString();
}

TEST(SourceTextTest, IsSqlFileNameSkipsHiddenAndOtherFiles) {
  EXPECT_TRUE(IsSqlFileName("1_create_users.up.sql"));
  EXPECT_TRUE(IsSqlFileName("V1__x.sql"));
  EXPECT_FALSE(IsSqlFileName(".sql"));
  EXPECT_FALSE(IsSqlFileName(".1_hidden.sql"));
  EXPECT_FALSE(IsSqlFileName("V2_1__Index_posts.sql.conf"));
  EXPECT_FALSE(IsSqlFileName("README.md"));
  EXPECT_FALSE(IsSqlFileName("sql"));
  EXPECT_FALSE(IsSqlFileName(""));
}

TEST(SourceTextTest, ReadSqlScriptStripsTransactionControlOrSaysWhyNot) {
  testing::FakeFileSystem fs;
  fs.Put("m/1.sql", "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n");
  fs.Put("m/2.sql", "SELECT 1; COMMIT;\n");
  auto ok = ReadSqlScript("m/1.sql", fs);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(*ok, "CREATE TABLE t (id int);\n");
  EXPECT_EQ(ReadSqlScript("m/2.sql", fs).error().ToString(),
            "m/2.sql:1: transaction statement 'COMMIT' shares its line with other SQL; migrate "
            "runs each migration in its own transaction, so put it on a line of its own (it is "
            "then dropped) or remove it\n  SELECT 1; COMMIT;");
  EXPECT_EQ(ReadSqlScript("m/3.sql", fs).error().ToString(), "m/3.sql: no such file");
}

TEST(StripTransactionControlTest, DropsBeginAndCommitLinesOnly) {
  EXPECT_EQ(Strip("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n"), "CREATE TABLE t (id int);\n");
  EXPECT_EQ(Strip("begin transaction;\nSELECT 1;\nrollback;  -- undo the checks\n"), "SELECT 1;\n");
  EXPECT_EQ(Strip("START TRANSACTION;\nSELECT 1;\nCOMMIT WORK;\n"), "SELECT 1;\n");
}

TEST(StripTransactionControlTest, KeepsOneBlankLineWhereTheStatementStood) {
  EXPECT_EQ(Strip("-- Deploy x\n\nBEGIN;\n\nCREATE TABLE t (id int);\n\nCOMMIT;\n"),
            "-- Deploy x\n\nCREATE TABLE t (id int);\n\n");
}

TEST(StripTransactionControlTest, LeavesBodiesStringsAndCommentsAlone) {
  const std::string procedure =
      "CREATE PROCEDURE p() LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO t VALUES (1);\n"
      "COMMIT;\nEND\n$$;\n";
  EXPECT_EQ(Strip(procedure), procedure);
  const std::string trigger =
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET n = 1;\nEND;\n";
  EXPECT_EQ(Strip(trigger), trigger);
  EXPECT_EQ(Strip("SELECT 'BEGIN;';\n/*\nCOMMIT;\n*/\n"), "SELECT 'BEGIN;';\n/*\nCOMMIT;\n*/\n");
}

TEST(StripTransactionControlTest, RefusesATransactionStatementSharingItsLine) {
  EXPECT_EQ(Strip("SELECT 1;\nBEGIN; CREATE TABLE t (id int);\n"),
            "ERROR f.sql:2: transaction statement 'BEGIN' shares its line with other SQL; migrate "
            "runs each migration in its own transaction, so put it on a line of its own (it is "
            "then dropped) or remove it\n  BEGIN; CREATE TABLE t (id int);");
}

TEST(StripTransactionControlTest, ReportsTheSplittersErrorAtTheSourceLine) {
  auto out = StripTransactionControl("SELECT 1;\nSELECT 'open;\n", "f.sql", 5);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().location()->ToString(), "f.sql:6");
}

TEST(FindPlaceholderTest, FindsTheFirstPlaceholderAndItsLine) {
  auto found = FindPlaceholder("SELECT 1;\nCREATE SCHEMA ${schema};\n${other}\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->line, 2);
  EXPECT_EQ(found->text, "${schema}");
  EXPECT_FALSE(FindPlaceholder("DO $$ BEGIN END $$; SELECT '${ not one';\n"));
}

}  // namespace
}  // namespace migrate::import

#include "migrator/import/sqitch_reader.h"

#include <gtest/gtest.h>

#include "tests/support/fake_filesystem.h"

namespace migrate::import {
namespace {

using testing::FakeFileSystem;

constexpr const char* kHeader = "%syntax-version=1.0.0\n%project=flipr\n\n";

// A project whose plan is kHeader + `plan`, with every script of `users`
// and `posts`.
FakeFileSystem Project(const std::string& plan) {
  FakeFileSystem fs;
  fs.Put("p/sqitch.plan", kHeader + plan);
  for (const char* change : {"users", "posts"}) {
    const std::string name = change;
    fs.Put("p/deploy/" + name + ".sql", "-- Deploy\nBEGIN;\nCREATE TABLE " + name + " (id int);\nCOMMIT;\n");
    fs.Put("p/revert/" + name + ".sql", "BEGIN;\nDROP TABLE " + name + ";\nCOMMIT;\n");
    fs.Put("p/verify/" + name + ".sql", "BEGIN;\nSELECT id FROM " + name + " WHERE false;\nROLLBACK;\n");
  }
  return fs;
}

std::string Error(const FakeFileSystem& fs) {
  auto folder = ReadSqitch("p", fs);
  return folder ? "OK" : folder.error().ToString();
}

constexpr const char* kUsers = "users 2024-01-05T09:30:00Z Ada Lovelace <ada@example.com> # Users.\n";

TEST(SqitchReaderTest, ReadsChangesInPlanOrderWithTheirScripts) {
  FakeFileSystem fs = Project(std::string("# comment\n") + kUsers +
                              "posts [users !legacy other:base] 2024-01-06T10:00:00Z Ada <ada@example.com>\n"
                              "@v1.0 2024-01-07T12:00:00Z Ada <ada@example.com> # First release.\n");
  auto folder = ReadSqitch("p", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  ASSERT_EQ(folder->migrations.size(), 2u);
  const ImportedMigration& users = folder->migrations[0];
  EXPECT_EQ(users.version, "users");
  EXPECT_EQ(users.revision, "users");
  EXPECT_EQ(users.title, "Users.");
  EXPECT_EQ(users.note, "");
  EXPECT_EQ(users.create_date, "2024-01-05 09:30:00");
  EXPECT_EQ(users.up_sql, "-- Deploy\nCREATE TABLE users (id int);\n");
  EXPECT_EQ(users.down_sql, "DROP TABLE users;\n");
  EXPECT_EQ(users.verify_sql, "SELECT id FROM users WHERE false;\n");
  EXPECT_EQ(users.sources, (std::vector<std::string>{"p/deploy/users.sql", "p/revert/users.sql",
                                                     "p/verify/users.sql"}));
  const ImportedMigration& posts = folder->migrations[1];
  EXPECT_EQ(posts.title, "posts");
  EXPECT_EQ(posts.note, "Sqitch tag @v1.0: First release.");
  EXPECT_EQ(folder->warnings,
            (std::vector<std::string>{
                "p/sqitch.plan:6: conflict !legacy of change 'posts' is not imported",
                "p/sqitch.plan:6: dependency other:base of change 'posts' is on another Sqitch "
                "project and is not imported; deploy that project first"}));
}

TEST(SqitchReaderTest, MissingRevertMakesTheRevisionIrreversibleAndVerifyIsOptional) {
  FakeFileSystem bare;
  bare.Put("p/sqitch.plan", std::string(kHeader) + kUsers);
  bare.Put("p/deploy/users.sql", "CREATE TABLE users (id int);\n");
  auto folder = ReadSqitch("p", bare);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_FALSE(folder->migrations[0].down_sql);
  EXPECT_FALSE(folder->migrations[0].verify_sql);
  EXPECT_EQ(folder->warnings, std::vector<std::string>{
                                  "p/sqitch.plan:4: change 'users' has no revert script; the "
                                  "imported revision is irreversible"});
}

TEST(SqitchReaderTest, MapsNamesToRevisionIds) {
  FakeFileSystem fs;
  fs.Put("p/sqitch.plan", "add-users.v2 2024-01-05T09:30:00Z Ada <ada@example.com>\n");
  fs.Put("p/deploy/add-users.v2.sql", "SELECT 1;\n");
  auto folder = ReadSqitch("p", fs);
  ASSERT_TRUE(folder) << folder.error().ToString();
  EXPECT_EQ(folder->migrations[0].revision, "add_users_v2");
}

TEST(SqitchReaderTest, RefusesMalformedPlans) {
  EXPECT_EQ(Error(Project("users 2024-01-05 Ada <ada@example.com>\n")),
            "p/sqitch.plan:4: malformed change line; expected name [dependencies] "
            "YYYY-MM-DDTHH:MM:SSZ planner <email> [# note]\n  users 2024-01-05 Ada <ada@example.com>");
  EXPECT_EQ(Error(Project("@v1.0 2024-01-07T12:00:00Z Ada <ada@example.com>\n")),
            "p/sqitch.plan:4: tag @v1.0 before any change\n"
            "  @v1.0 2024-01-07T12:00:00Z Ada <ada@example.com>");
  EXPECT_EQ(Error(Project(std::string(kUsers) + "@ 2024-01-07T12:00:00Z Ada <ada@example.com>\n")),
            "p/sqitch.plan:5: malformed tag line; expected @name timestamp planner <email> [# note]\n"
            "  @ 2024-01-07T12:00:00Z Ada <ada@example.com>");
  EXPECT_EQ(Error(Project("-users 2024-01-05T09:30:00Z Ada <ada@example.com>\n")),
            "p/sqitch.plan:4: '-users' plans a revert; migrate import takes plans of deployed "
            "changes only\n  -users 2024-01-05T09:30:00Z Ada <ada@example.com>");
}

TEST(SqitchReaderTest, RefusesReworkedChanges) {
  const std::string rework = std::string(kUsers) +
                             "@v1.0 2024-01-07T12:00:00Z Ada <ada@example.com>\n"
                             "users [users@v1.0] 2024-02-01T08:00:00Z Ada <ada@example.com>\n";
  EXPECT_EQ(Error(Project(rework)),
            "p/sqitch.plan:6: change 'users' is reworked (first planned on line 4); migrate import "
            "does not support reworked changes: import the plan before the rework, or make the "
            "rework a change of its own\n"
            "  users [users@v1.0] 2024-02-01T08:00:00Z Ada <ada@example.com>");
  EXPECT_EQ(Error(Project(std::string(kUsers) +
                          "posts [users@v1.0] 2024-02-01T08:00:00Z Ada <ada@example.com>\n")),
            "p/sqitch.plan:5: change 'posts' depends on users@v1.0, a change as of a tag (a "
            "reworked change); migrate import does not support reworked changes\n"
            "  posts [users@v1.0] 2024-02-01T08:00:00Z Ada <ada@example.com>");
}

TEST(SqitchReaderTest, RefusesDependenciesOnLaterChanges) {
  EXPECT_EQ(Error(Project("posts [users] 2024-01-06T10:00:00Z Ada <ada@example.com>\n" +
                          std::string(kUsers))),
            "p/sqitch.plan:4: change 'posts' depends on 'users', which is not planned before it\n"
            "  posts [users] 2024-01-06T10:00:00Z Ada <ada@example.com>");
}

TEST(SqitchReaderTest, RefusesAMissingDeployScript) {
  FakeFileSystem fs;
  fs.Put("p/sqitch.plan", kUsers);
  EXPECT_EQ(Error(fs),
            "p/sqitch.plan:1: change 'users' has no deploy script p/deploy/users.sql\n"
            "  users 2024-01-05T09:30:00Z Ada Lovelace <ada@example.com> # Users.");
}

TEST(SqitchReaderTest, RefusesNamesThatCollideOrAreReserved) {
  FakeFileSystem fs;
  fs.Put("p/sqitch.plan",
         "a-b 2024-01-05T09:30:00Z Ada <ada@example.com>\na.b 2024-01-05T09:31:00Z Ada <ada@example.com>\n");
  fs.Put("p/deploy/a-b.sql", "SELECT 1;\n");
  fs.Put("p/deploy/a.b.sql", "SELECT 1;\n");
  EXPECT_EQ(Error(fs),
            "p/sqitch.plan:2: changes 'a-b' and 'a.b' would both become revision a_b; rename one\n"
            "  a.b 2024-01-05T09:31:00Z Ada <ada@example.com>");
  FakeFileSystem head;
  head.Put("p/sqitch.plan", "head 2024-01-05T09:30:00Z Ada <ada@example.com>\n");
  head.Put("p/deploy/head.sql", "SELECT 1;\n");
  EXPECT_EQ(Error(head),
            "p/sqitch.plan:1: change 'head' would become revision 'head', a word migrate reserves "
            "for targets; rename it\n  head 2024-01-05T09:30:00Z Ada <ada@example.com>");
}

TEST(SqitchReaderTest, AMissingPlanIsTheFileSystemsError) {
  FakeFileSystem fs;
  EXPECT_EQ(Error(fs), "p/sqitch.plan: no such file");
}

}  // namespace
}  // namespace migrate::import

#include "migrator/import/peer_history.h"

#include <gtest/gtest.h>

namespace migrate::import {
namespace {

using std::nullopt;

std::string Error(SourceFormat format, const std::vector<PeerRow>& rows) {
  auto state = ReadPeerRows(format, "t", rows);
  return state ? "OK" : state.error().ToString();
}

TEST(PeerHistoryTest, DefaultTablesAndQueries) {
  EXPECT_EQ(DefaultPeerTable(SourceFormat::kGolangMigrate), "schema_migrations");
  EXPECT_EQ(DefaultPeerTable(SourceFormat::kDbmate), "schema_migrations");
  EXPECT_EQ(DefaultPeerTable(SourceFormat::kFlyway), "flyway_schema_history");
  EXPECT_EQ(DefaultPeerTable(SourceFormat::kSqitch), "sqitch.changes");
  EXPECT_EQ(PeerHistoryQuery(SourceFormat::kFlyway, "h"),
            "SELECT installed_rank, version, type, success FROM h ORDER BY installed_rank");
}

TEST(PeerHistoryTest, GolangMigrateRecordsTheLatestVersionOnly) {
  auto state = ReadPeerRows(SourceFormat::kGolangMigrate, "t", {{"20", "false"}});
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_EQ(state->latest_version, "20");
  EXPECT_EQ(state->latest_revision, "v20");
  EXPECT_TRUE(PeerApplied(SourceFormat::kGolangMigrate, *state, "v3"));
  EXPECT_TRUE(PeerApplied(SourceFormat::kGolangMigrate, *state, "v20"));
  EXPECT_FALSE(PeerApplied(SourceFormat::kGolangMigrate, *state, "v21"));
  EXPECT_FALSE(PeerApplied(SourceFormat::kGolangMigrate, *state, "users"));
  auto empty = ReadPeerRows(SourceFormat::kGolangMigrate, "t", {});
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->latest_version);
}

TEST(PeerHistoryTest, GolangMigrateRefusesDirtyAndOddTables) {
  EXPECT_EQ(Error(SourceFormat::kGolangMigrate, {{"3", "t"}}),
            "t marks version 3 dirty: a golang-migrate migration failed part-way. Repair the "
            "database by hand, record the version that is really applied with `migrate force "
            "VERSION` (golang-migrate), then stamp again");
  EXPECT_EQ(Error(SourceFormat::kGolangMigrate, {{"3", "1"}}).substr(0, 22), "t marks version 3 dirt");
  EXPECT_EQ(Error(SourceFormat::kGolangMigrate, {{"3", "0"}, {"4", "0"}}),
            "t has 2 rows; golang-migrate keeps exactly one (the current version)");
  EXPECT_EQ(Error(SourceFormat::kGolangMigrate, {{"x", "0"}}),
            "t records version 'x', which is not a golang-migrate version");
}

TEST(PeerHistoryTest, DbmateRecordsEveryAppliedVersion) {
  auto state = ReadPeerRows(SourceFormat::kDbmate, "t", {{"20240212140000"}, {"20240105093000"}});
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_EQ(state->latest_version, "20240212140000");
  EXPECT_EQ(state->applied_revisions,
            (std::set<std::string>{"v20240105093000", "v20240212140000"}));
  EXPECT_FALSE(PeerApplied(SourceFormat::kDbmate, *state, "v20240110000000"));
  EXPECT_EQ(Error(SourceFormat::kDbmate, {{nullopt}}),
            "t records version 'NULL', which is not a dbmate version");
}

TEST(PeerHistoryTest, FlywayReplaysUndoAndBaseline) {
  auto state = ReadPeerRows(SourceFormat::kFlyway, "t",
                            {{"1", "1", "BASELINE", "true"},
                             {"2", "1.1", "SQL", "true"},
                             {"3", nullopt, "SQL", "true"},  // a repeatable
                             {"4", "2", "SQL", "1"},
                             {"5", "2", "UNDO_SQL", "t"}});
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_EQ(state->latest_version, "1.1");
  EXPECT_EQ(state->latest_revision, "v1_1");
  EXPECT_EQ(state->baseline, "1");
  EXPECT_EQ(state->applied_revisions, std::set<std::string>{"v1_1"});
  EXPECT_TRUE(PeerApplied(SourceFormat::kFlyway, *state, "v1"));    // under the baseline
  EXPECT_TRUE(PeerApplied(SourceFormat::kFlyway, *state, "v0_9"));  // under the baseline
  EXPECT_FALSE(PeerApplied(SourceFormat::kFlyway, *state, "v2"));   // undone
}

TEST(PeerHistoryTest, FlywayRefusesAFailedRow) {
  EXPECT_EQ(Error(SourceFormat::kFlyway, {{"1", "1", "SQL", "true"}, {"2", "2", "SQL", "false"}}),
            "t row installed_rank 2 (version 2, SQL) failed. Repair it with Flyway first (`flyway "
            "repair`, after fixing the database), then stamp again");
}

TEST(PeerHistoryTest, SqitchTakesTheLastDeployedChangeOfOneProject) {
  auto state = ReadPeerRows(SourceFormat::kSqitch, "t", {{"users", "blog"}, {"add-posts", "blog"}});
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_EQ(state->latest_version, "add-posts");
  EXPECT_EQ(state->latest_revision, "add_posts");
  EXPECT_EQ(state->applied_revisions, (std::set<std::string>{"users", "add_posts"}));
  EXPECT_EQ(Error(SourceFormat::kSqitch, {{"users", "blog"}, {"x", "shop"}}),
            "t records changes of several Sqitch projects (blog, shop); stamp from a registry "
            "holding one project, or follow the recipe in docs/import.md");
}

}  // namespace
}  // namespace migrate::import
